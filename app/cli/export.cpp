// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli export: a session journal, or a log, as plain text, JSON Lines or a one-file HTML
// report, whole or a time range of it, with its secrets redacted unless asked otherwise
// (workflows/sessionexport.h).

#include "cliinput.h"
#include "engine/pipeline.h"
#include "io/journal.h"
#include "workflows/logimport.h"
#include "workflows/sessionexport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>
#include <optional>

namespace {

// "2026-12-05T01:22:00", "2026-12-05 01:22:00.250" (local time) or seconds since the epoch.
std::optional<qint64> parseTime(const QString &text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok)
        return qint64(seconds * 1e6);
    QString t = text;
    t.replace(QLatin1Char(' '), QLatin1Char('T'));
    const QDateTime d = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!d.isValid())
        return std::nullopt;
    return d.toMSecsSinceEpoch() * 1000;
}

} // namespace

int runExport(const QStringList &args, QTextStream &out, QTextStream &err)
{
    auto usage = [](QTextStream &s, int status, const QString &problem = {}) {
        if (!problem.isEmpty())
            s << QStringLiteral("qmtscope-cli: ") << problem << '\n';
        s << QCoreApplication::translate(
            "qmtscope-cli",
            "Usage: qmtscope-cli export [--format text|jsonl|html] [--output FILE] [--from TIME] [--to TIME]\n"
            "                           [--hide TEXT]... [--include-secrets] <journal or log | ->\n"
            "  Writes a session (a journal, or a log as decode reads it) or a time range of it:\n"
            "    text   one timestamped line per frame (\"2026-12-05 01:22:23.123 TX: AT…\"), which\n"
            "           File > Import Log and decode read back;\n"
            "    jsonl  one JSON object per frame: time, dir, slot, kind, command, fields, text;\n"
            "    html   one file: the slots, the timeline, the findings with their fixes, the traffic.\n"
            "  The format follows the output file's suffix when --format is not given (else text).\n"
            "  --from/--to TIME  local date and time (2026-12-05T01:22:00) or seconds since the epoch;\n"
            "                    frames from TIME (inclusive) to TIME (exclusive)\n"
            "  Secrets are written as ***: AT+QMTCONN user names and passwords, aliauth device\n"
            "  secrets, private keys uploaded with AT+QFUPL, and every TEXT given with --hide (also\n"
            "  in hex and base64). --include-secrets writes them as they are.\n"
            "  Exit status: 0 written, 1 usage error, 2 a file cannot be read or written.\n");
        s.flush();
        return status;
    };
    qmt::session::ExportOptions options;
    std::optional<qmt::session::ExportFormat> format;
    QString path, output;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&](QString *to) {
            if (i + 1 >= args.size())
                return false;
            *to = args[++i];
            return true;
        };
        QString v;
        if (a == QLatin1String("-h") || a == QLatin1String("--help"))
            return usage(out, 0);
        if (a == QLatin1String("--include-secrets")) {
            options.redact = false;
        } else if (a == QLatin1String("--format") || a == QLatin1String("-f")) {
            if (!value(&v) || !(format = qmt::session::exportFormatFrom(v)) || v.contains(QLatin1Char('.')))
                return usage(err, 1,
                             QCoreApplication::translate("qmtscope-cli", "--format is text, jsonl or html"));
        } else if (a == QLatin1String("--output") || a == QLatin1String("-o")) {
            if (!value(&output))
                return usage(err, 1,
                             QCoreApplication::translate("qmtscope-cli", "%1 needs a file name").arg(a));
        } else if (a == QLatin1String("--hide")) {
            if (!value(&v) || v.isEmpty())
                return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "--hide needs a text"));
            options.hide << v.toUtf8();
        } else if (a == QLatin1String("--from") || a == QLatin1String("--to")) {
            std::optional<qint64> us;
            if (!value(&v) || !(us = parseTime(v)))
                return usage(err, 1,
                             QCoreApplication::translate("qmtscope-cli",
                                                         "%1 needs a time: 2026-12-05T01:22:00 or seconds")
                                 .arg(a));
            (a == QLatin1String("--from") ? options.fromUs : options.toUs) = *us;
        } else if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-")) {
            return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(a));
        } else if (path.isEmpty()) {
            path = a;
        } else {
            return usage(err, 1,
                         QCoreApplication::translate("qmtscope-cli", "one file only; %1 is a second").arg(a));
        }
    }
    if (path.isEmpty())
        return usage(err, 1,
                     QCoreApplication::translate("qmtscope-cli", "export needs a file (or - for stdin)"));
    if (!format && !output.isEmpty())
        format = qmt::session::exportFormatFrom(output);
    options.format = format.value_or(qmt::session::ExportFormat::Text);
    options.name = path == QLatin1String("-") ? QStringLiteral("stdin") : QFileInfo(path).fileName();

    CliInput in;
    QString problem;
    if (!in.open(path, &problem)) {
        err << QStringLiteral("qmtscope-cli: ") << problem << '\n';
        return 2;
    }
    QFile stdoutFile;
    QSaveFile file;
    QIODevice *sink = nullptr;
    if (output.isEmpty() || output == QLatin1String("-")) {
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            return 2;
        sink = &stdoutFile;
    } else {
        file.setFileName(output);
        if (!file.open(QIODevice::WriteOnly)) {
            err << QStringLiteral("qmtscope-cli: ")
                << QCoreApplication::translate("qmtscope-cli", "cannot write %1: %2")
                       .arg(output, file.errorString())
                << '\n';
            return 2;
        }
        sink = &file;
    }

    bool ok = true;
    if (qmt::session::JournalReader::looksLikeJournal(in.bytes())) {
        const std::optional<qmt::session::JournalReader> journal =
            qmt::session::JournalReader::open(path, &problem);
        if (!journal) {
            err << QStringLiteral("qmtscope-cli: ") << problem << '\n';
            return 2;
        }
        ok = qmt::session::exportJournal(*journal, options, sink, &problem);
    } else {
        const qmt::session::LogImport import = qmt::session::LogImport::read(in.bytes());
        qmt::session::ManualClock clock;
        qmt::session::Pipeline pipeline(import.hasTimes() ? static_cast<const qmt::session::Clock *>(&clock)
                                                          : qmt::session::SystemClock::instance());
        qmt::session::SessionExporter exporter(pipeline, options, sink);
        import.feed(pipeline, &clock);
        ok = exporter.finish();
        if (!ok)
            problem = exporter.errorString();
    }
    if (ok && sink == &file && !file.commit()) {
        ok = false;
        problem = file.errorString();
    }
    if (!ok) {
        if (sink == &file)
            file.cancelWriting();
        err << QStringLiteral("qmtscope-cli: ") << problem << '\n';
        return 2;
    }
    return 0;
}
