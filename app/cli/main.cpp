// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli: the engine on the command line. `decode` runs a transcript through the same
// framer, parser and slot store as the app and prints the six slots as JSON.

#include "cliinput.h"
#include "engine/pipeline.h"
#include "io/journal.h"
#include "e2e.h"
#include "reproduce.h"
#include "workflows/logimport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <unistd.h>

namespace {

// The help text; on stdout with exit status 0 when asked for (--help), on stderr with 1 after a
// usage error, which is named first.
int usage(QTextStream &out, int status, const QString &problem = {})
{
    if (!problem.isEmpty())
        out << QStringLiteral("qmtscope-cli: ") << problem << '\n';
    out << QCoreApplication::translate(
        "qmtscope-cli",
        "Usage: qmtscope-cli decode [--compact] [--include-secrets] [--explain | --raw] <file | ->\n"
        "       qmtscope-cli diagnose [--json] [--html FILE] <file | ->   (see diagnose --help)\n"
        "       qmtscope-cli timeline [--output FILE.svg|FILE.png] <file | ->   (see timeline --help)\n"
        "       qmtscope-cli export [--format text|jsonl|html] [-o FILE] <journal | log>   (see export --help)\n"
        "       qmtscope-cli search [--regex] [--slot N] [--dir rx|tx] <text> <journal>   (see search --help)\n"
        "       qmtscope-cli reproduce <log> [--sequence-out FILE] [--sim | --port PATH] [--json]  (reproduce --help)\n"
        "       qmtscope-cli e2e (--port PATH | --sim) --broker HOST:PORT [--slot N] [--qos Q]  (e2e --help)\n"
        "       qmtscope-cli --help | --version\n"
        "  Reads a transcript (raw bytes from a module, a session journal, or a log as people send them:\n"
        "  timestamps, direction markers, notes, typographic quotes, hex dumps, data left\n"
        "  out; - reads stdin), runs it through the QMT Scope pipeline and prints the\n"
        "  final state of the six MQTT client slots as JSON. What the import had to fix\n"
        "  or could not read is summed up on stderr, with line numbers.\n"
        "  --explain  prints, per line of the file, how it was read, instead of the JSON\n"
        "  --raw      feeds the bytes as they are, as a port gives them (no import)\n"
        "  Exit status: 0 decoded, 1 usage error, 2 the file cannot be read.\n");
    out.flush();
    return status;
}

// One event in a few words, for --explain: "command QMTOPEN (slot 0)", "OK", "+QMTOPEN (slot 0)".
QString describe(const qmt::at::AtEvent &ev)
{
    using qmt::at::EventType;
    const QString name = QString::fromLatin1(qmt::at::cmdName(ev.cmd));
    const QString slot = ev.clientIdx >= 0
                             ? QCoreApplication::translate("qmtscope-cli", " (slot %1)").arg(ev.clientIdx)
                             : QString();
    switch (ev.type) {
    case EventType::Command:
        return QCoreApplication::translate("qmtscope-cli", "command %1")
                   .arg(name.isEmpty() ? QStringLiteral("AT") : name) +
               slot;
    case EventType::Prompt:
        return QCoreApplication::translate("qmtscope-cli", "prompt");
    case EventType::Data:
        return QCoreApplication::translate("qmtscope-cli", "data (%n byte(s))", nullptr, int(ev.text.size()));
    case EventType::Ok:
        return QStringLiteral("OK");
    case EventType::Error:
        return QString::fromLatin1(ev.text.toByteArray());
    case EventType::CmeError:
        return QStringLiteral("+CME ERROR");
    case EventType::Connect:
        return QStringLiteral("CONNECT");
    case EventType::Response:
        return QStringLiteral("+") + name + slot;
    case EventType::Boot:
        return QString::fromLatin1(ev.text.toByteArray());
    case EventType::Text:
        return QCoreApplication::translate("qmtscope-cli", "text answer");
    case EventType::Unknown:
        return QCoreApplication::translate("qmtscope-cli", "not AT traffic");
    }
    return {};
}

// --explain: every line of the file, how the import read it and what the pipeline made of it.
void writeExplanation(QTextStream &out, QByteArrayView input, const qmt::session::LogImport &import,
                      const std::map<int, QStringList> &events)
{
    std::size_t rec = 0;
    const auto &lines = import.lines();
    int number = 0;
    qsizetype pos = 0;
    while (pos < input.size() || number == 0) {
        qsizetype e = input.indexOf('\n', pos);
        if (e < 0)
            e = input.size();
        ++number;
        QByteArrayView text = input.sliced(pos, e - pos);
        while (text.endsWith('\r'))
            text.chop(1);
        out << QStringLiteral("%1  ").arg(number, 5)
            << QString::fromUtf8(text.first(std::min<qsizetype>(text.size(), 100)))
            << (text.size() > 100 ? QStringLiteral("…") : QString()) << '\n';
        while (rec < lines.size() && lines[rec].number < number)
            ++rec;
        if (rec < lines.size() && lines[rec].number == number)
            out << QStringLiteral("       = ") << lines[rec].explanation() << '\n';
        const auto ev = events.find(number);
        if (ev != events.end())
            out << QStringLiteral("       → ") << ev->second.join(QStringLiteral(", ")) << '\n';
        pos = e + 1;
        if (e >= input.size())
            break;
    }
    out << import.summary() << '\n';
    out.flush();
}

} // namespace

int runDiagnose(const QStringList &args, QTextStream &out, QTextStream &err); // diagnose.cpp
int runTimeline(const QStringList &args, QTextStream &out, QTextStream &err); // timeline.cpp
int runExport(const QStringList &args, QTextStream &out, QTextStream &err);   // export.cpp
int runSearch(const QStringList &args, QTextStream &out, QTextStream &err);   // search.cpp

int main(int argc, char **argv)
{
    // Drawing a PNG needs fonts, so a Gui application — on the offscreen platform: a command
    // line tool never needs a display.
    const bool paints = argc > 1 && qstrcmp(argv[1], "timeline") == 0;
    if (paints && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (paints && qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // what Qt would pick itself, without its warning on stderr (a cron job or a container)
        const QByteArray dir = QDir::tempPath().toLocal8Bit() + "/runtime-" + QByteArray::number(getuid());
        if (QDir().mkpath(QString::fromLocal8Bit(dir)))
            QFile::setPermissions(QString::fromLocal8Bit(dir),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir);
    }
    std::unique_ptr<QCoreApplication> application(paints ? new QGuiApplication(argc, argv)
                                                         : new QCoreApplication(argc, argv));
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("qmtscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QMT_VERSION));
    QTextStream err(stderr);
    QTextStream textOut(stdout);
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty())
        return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "no subcommand given"));
    if (args.first() == QLatin1String("-h") || args.first() == QLatin1String("--help"))
        return usage(textOut, 0);
    if (args.first() == QLatin1String("--version")) {
        textOut << QStringLiteral("qmtscope-cli %1\n").arg(QCoreApplication::applicationVersion());
        return 0;
    }
    if (args.first() == QLatin1String("diagnose"))
        return runDiagnose(args.mid(1), textOut, err);
    if (args.first() == QLatin1String("timeline"))
        return runTimeline(args.mid(1), textOut, err);
    if (args.first() == QLatin1String("search"))
        return runSearch(args.mid(1), textOut, err);
    if (args.first() == QLatin1String("export"))
        return runExport(args.mid(1), textOut, err);
    if (args.first() == QLatin1String("reproduce"))
        return qmt::cli::reproduce(args.mid(1));
    if (args.first() == QLatin1String("e2e"))
        return qmt::cli::e2e(args.mid(1));
    if (args.first() != QLatin1String("decode"))
        return usage(
            err, 1,
            args.first().startsWith(QLatin1Char('-'))
                ? QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(args.first())
                : QCoreApplication::translate("qmtscope-cli", "unknown subcommand %1").arg(args.first()));
    bool compact = false, secrets = false, explain = false, raw = false;
    QString path;
    for (const QString &a : args.mid(1)) {
        if (a == QLatin1String("--compact"))
            compact = true;
        else if (a == QLatin1String("--include-secrets"))
            secrets = true;
        else if (a == QLatin1String("--explain"))
            explain = true;
        else if (a == QLatin1String("--raw"))
            raw = true;
        else if (a == QLatin1String("-h") || a == QLatin1String("--help"))
            return usage(textOut, 0);
        else if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-"))
            return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(a));
        else if (path.isEmpty())
            path = a;
        else
            return usage(err, 1,
                         QCoreApplication::translate("qmtscope-cli", "one file only; %1 is a second").arg(a));
    }
    if (path.isEmpty())
        return usage(err, 1,
                     QCoreApplication::translate("qmtscope-cli", "decode needs a file (or - for stdin)"));
    if (explain && raw)
        return usage(err, 1,
                     QCoreApplication::translate("qmtscope-cli", "--explain reads a log; --raw does not"));

    CliInput in;
    QString readError;
    if (!in.open(path, &readError)) {
        err << QStringLiteral("qmtscope-cli: ") << readError << '\n';
        return 2;
    }
    const QByteArrayView input = in.bytes();

    // A session journal (io/journal.h): its chunks through the pipeline as they were fed live.
    if (qmt::session::JournalReader::looksLikeJournal(input)) {
        if (explain)
            return usage(err, 1,
                         QCoreApplication::translate("qmtscope-cli", "--explain reads a log, not a journal"));
        QString why;
        const std::optional<qmt::session::JournalReader> journal =
            qmt::session::JournalReader::open(path, &why);
        if (!journal) {
            err << QStringLiteral("qmtscope-cli: ") << why << '\n';
            return 2;
        }
        qmt::session::ManualClock clock;
        qmt::session::Pipeline pipeline(&clock);
        journal->replay(pipeline, &clock);
        pipeline.endOfInput();
        const QByteArray out = QJsonDocument(pipeline.store().toJson(secrets))
                                   .toJson(compact ? QJsonDocument::Compact : QJsonDocument::Indented);
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        return 0;
    }

    // Bytes from a port (or a clean transcript) need no import: when the import changes nothing
    // in the first 256 KB, the bytes go to the pipeline as they are, unless that leaves lines
    // the pipeline cannot read — then the whole file is imported after all.
    if (!raw && !explain) {
        QByteArrayView sample = input.first(std::min<qsizetype>(input.size(), 256 * 1024));
        if (sample.size() < input.size() && sample.lastIndexOf('\n') > 0)
            sample = sample.first(sample.lastIndexOf('\n') + 1);
        if (qmt::session::LogImport::read(sample).untouched()) {
            qmt::session::Pipeline direct;
            constexpr qsizetype kChunk = 1 << 20;
            for (qsizetype off = 0; off < input.size(); off += kChunk)
                direct.received(input.sliced(off, std::min(kChunk, input.size() - off)));
            direct.endOfInput();
            if (direct.store().module().unknownLines == 0) {
                const QByteArray out =
                    QJsonDocument(direct.store().toJson(secrets))
                        .toJson(compact ? QJsonDocument::Compact : QJsonDocument::Indented);
                std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
                return 0;
            }
        }
    }
    // A log's own timestamps become the events' times (else the time of reading)
    qmt::session::ManualClock logClock;
    qmt::session::LogImport::Options options;
    options.everyLine = explain;
    const qmt::session::LogImport import =
        raw ? qmt::session::LogImport() : qmt::session::LogImport::read(input, options);
    qmt::session::Pipeline pipeline(import.hasTimes() ? static_cast<const qmt::session::Clock *>(&logClock)
                                                      : qmt::session::SystemClock::instance());
    if (raw) {
        // the bytes as they are, as a port gives them
        constexpr qsizetype kChunk = 1 << 20;
        for (qsizetype off = 0; off < input.size(); off += kChunk)
            pipeline.received(input.sliced(off, std::min(kChunk, input.size() - off)));
        pipeline.endOfInput();
    } else {
        std::map<int, QStringList> events; // original line -> what the pipeline read there
        if (explain)
            pipeline.addObserver([&](const qmt::at::AtEvent &ev) {
                if (ev.dir == qmt::at::Direction::FromModule)
                    events[import.lineAt(ev.offset)] << describe(ev);
            });
        import.feed(pipeline, &logClock);
        if (explain) {
            writeExplanation(textOut, input, import, events);
            return 0;
        }
        if (!import.untouched())
            err << QStringLiteral("qmtscope-cli: ") << import.summary() << '\n';
    }

    const QJsonDocument doc(pipeline.store().toJson(secrets));
    const QByteArray out = doc.toJson(compact ? QJsonDocument::Compact : QJsonDocument::Indented);
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    const auto unknown = pipeline.store().module().unknownLines;
    if (unknown > 0)
        err << QCoreApplication::translate(
            "qmtscope-cli", "qmtscope-cli: %n line(s) were not AT traffic (kept and counted)\n", nullptr,
            int(unknown));
    return 0;
}
