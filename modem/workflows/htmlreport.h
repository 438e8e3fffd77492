// SPDX-License-Identifier: Apache-2.0
#pragma once
// A one-file HTML report of a session read from a log (issue 9): what was read, the slots as the
// log left them, the timeline picture (inline SVG; a mark links to its line), every finding with
// its meaning, causes and fix, and the log itself with numbered lines. Secrets are not in it:
// commands are redacted (at/redact.h) and private key blocks left out, unless asked.

#include "engine/slotstore.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

namespace qmt::session {

class Diagnosis;
class LogImport;
class Timeline;

struct HtmlReportInput
{
    QString name;                      // the log's file name
    QByteArrayView original;           // the log as it was read (its lines are shown)
    const LogImport *import = nullptr; // its import (line numbers of offsets)
    const state::SlotStore *store = nullptr;
    const Diagnosis *diagnosis = nullptr;
    const Timeline *timeline = nullptr;
    int maxLines = 20000; // lines of the log shown; the rest are counted
    bool includeSecrets = false;
    // Without an import: the paragraph under the title, the log section's title ("Traffic" for
    // a session export) and the line of a stream offset (0: none).
    QString summary;
    QString logTitle;
    std::function<int(qint64 offset)> lineOf;
};

class HtmlReport
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::HtmlReport)
public:
    static QByteArray write(const HtmlReportInput &in);
};

} // namespace qmt::session
