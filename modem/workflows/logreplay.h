// SPDX-License-Identifier: Apache-2.0
#pragma once
// An imported log shown in a session: the log read by LogImport (logimport.h) and replayed
// through the session's own pipeline, so the dashboard, the traffic and the console show the
// customer's session as they show a live one; with the original text and, for every traffic
// row, the line of the log it came from.

#include "engine/clock.h"
#include "workflows/logimport.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace qmt::session {

class Session;

struct ImportedLog
{
    QString name;        // the file's name, for titles
    QByteArray original; // the log as it was read
    LogImport import;
    std::vector<int> rowLines; // traffic row -> line of the log (1-based)

    // The log's text of line `number` (1-based), without its line end.
    QByteArrayView lineText(int number) const;
    // The first traffic row that came from line `number` or a later one; -1 when none.
    qsizetype rowOfLine(int number) const;

    // Reads `original` and shows it in `session` (its port closed, its slots and traffic
    // replaced); events carry the log's own times when it has them.
    static std::shared_ptr<ImportedLog> replay(Session &session, QByteArray original, const QString &name);

private:
    std::vector<qsizetype> m_lineStarts; // filled on first use of lineText()
};

} // namespace qmt::session
