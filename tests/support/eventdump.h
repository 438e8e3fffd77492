// SPDX-License-Identifier: Apache-2.0
#pragma once
// One-line descriptions of frames and events, for comparing runs in tests.

#include "at/event.h"
#include "engine/framer.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>

namespace qmt::test {

QString dumpFrame(const at::Frame &f);
QString dumpEvent(const at::AtEvent &e);
// All frames / events of `bytes` fed in chunks of `chunk` bytes (0 = all at once).
QStringList frameDump(const QByteArray &bytes, qsizetype chunk);
QStringList eventDump(const QByteArray &bytes, qsizetype chunk);
// Reads a transcript shipped in resources/transcripts (QMT_TRANSCRIPTS) or tests/data (QMT_TEST_DATA).
QByteArray transcript(const QString &name);
QByteArray testData(const QString &name);
// The path of a file of tests/data.
QString testDataPath(const QString &name);

} // namespace qmt::test
