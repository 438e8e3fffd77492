// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli reproduce <log> [--sequence-out FILE.qmtseq] [--sim | --port PATH [--baud N]]
//                              [--json] [--max-delay D] [--delay-scale X]
// The log is imported (workflows/logimport.h), turned into a sequence (workflows/reproduce.h),
// written when asked, and played: --sim against the simulated module in-process (sim::SimDevice)
// with a private Mosquitto broker on a free loopback port, every host name of the log routed
// there (SimOptions::routeEveryHost); --port against a module on a serial port. The comparison
// is printed side by side (or as JSON).

#include "reproduce.h"

#include "clicommon.h"

#include "engine/pipeline.h"
#include "io/commandchannel.h"
#include "mqtt/pkimaker.h"
#include "workflows/logimport.h"
#include "workflows/reproduce.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace qmt::cli {

namespace {

int usageError(const QString &problem)
{
    return cli::usageError(problem, reproduceUsage());
}

// 500ms, 2s, 1.5s, 1m; a bare number is milliseconds. -1 when not a duration.
qint64 parseDurationMs(const QString &text)
{
    QString t = text.trimmed();
    double factor = 1;
    if (t.endsWith(QLatin1String("ms"))) {
        t.chop(2);
    } else if (t.endsWith(QLatin1Char('s'))) {
        t.chop(1);
        factor = 1000;
    } else if (t.endsWith(QLatin1Char('m'))) {
        t.chop(1);
        factor = 60000;
    }
    bool ok = false;
    const double v = t.toDouble(&ok);
    return ok && v >= 0 ? qint64(v * factor + 0.5) : -1;
}

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace

QString reproduceUsage()
{
    return QCoreApplication::translate(
        "qmtscope-cli",
        "Usage: qmtscope-cli reproduce <log> [--sequence-out FILE.qmtseq]\n"
        "                              [--sim | --port PATH [--baud N]] [--json]\n"
        "                              [--max-delay DURATION] [--delay-scale X]\n"
        "  Turns a customer's log into a sequence: the host's commands and data, the\n"
        "  customer's answers (final result, information responses, the command's result\n"
        "  URC) as expectations, the pauses between commands as delays. Data the log left\n"
        "  out stays a placeholder, named in the step's note.\n"
        "  --sequence-out FILE  writes the sequence (.qmtseq); without a run and without\n"
        "                       this option the sequence is printed\n"
        "  --sim                plays it against the simulated module (needs mosquitto: a\n"
        "                       private broker on loopback stands in for every host; a log\n"
        "                       that sets up TLS gets a TLS listener, and certificates of a\n"
        "                       throw-away CA stand in for uploads the log left out)\n"
        "  --port PATH          plays it against the module on this serial port\n"
        "  --baud N             the port's speed (default 115200)\n"
        "  --json               the comparison as JSON instead of two columns\n"
        "  --max-delay D        caps each delay (500ms, 2s, 1m; 0: no delays)\n"
        "  --delay-scale X      multiplies the log's pauses (0.1: ten times faster)\n"
        "  Exit status: 0 no divergence (or nothing run), 1 usage error, 2 the log cannot be\n"
        "  read or the sequence written, 3 the module or simulator cannot be reached,\n"
        "  4 the answers diverge.\n");
}

int reproduce(const QStringList &args)
{
    QTextStream err(stderr);
    QString logPath, sequenceOut, portPath;
    bool sim = false, json = false;
    qint32 baud = 115200;
    session::Reproduction::Options options;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&](QString *out) {
            if (i + 1 >= args.size())
                return false;
            *out = args[++i];
            return true;
        };
        QString v;
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            QTextStream(stdout) << reproduceUsage();
            return 0;
        } else if (a == QLatin1String("--sim")) {
            sim = true;
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--sequence-out")) {
            if (!value(&sequenceOut))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--sequence-out needs a file name"));
        } else if (a == QLatin1String("--port")) {
            if (!value(&portPath))
                return usageError(QCoreApplication::translate("qmtscope-cli", "--port needs a device path"));
        } else if (a == QLatin1String("--baud")) {
            bool ok = false;
            if (!value(&v) || (baud = v.toInt(&ok), !ok) || baud <= 0)
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--baud needs a positive number"));
        } else if (a == QLatin1String("--max-delay")) {
            qint64 ms = -1;
            if (!value(&v) || (ms = parseDurationMs(v)) < 0)
                return usageError(QCoreApplication::translate(
                    "qmtscope-cli", "--max-delay needs a duration: 500ms, 2s or 1m"));
            options.maxDelay = std::chrono::milliseconds{ms};
        } else if (a == QLatin1String("--delay-scale")) {
            bool ok = false;
            double scale = 0;
            if (!value(&v) || (scale = v.toDouble(&ok), !ok) || scale < 0)
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--delay-scale needs a number, 0 or more"));
            options.delayScale = scale;
        } else if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-")) {
            return usageError(QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(a));
        } else if (logPath.isEmpty()) {
            logPath = a;
        } else {
            return usageError(
                QCoreApplication::translate("qmtscope-cli", "one log only; %1 is a second").arg(a));
        }
    }
    if (logPath.isEmpty())
        return usageError(
            QCoreApplication::translate("qmtscope-cli", "reproduce needs a log (or - for stdin)"));
    if (sim && !portPath.isEmpty())
        return usageError(QCoreApplication::translate("qmtscope-cli", "--sim or --port, not both"));

    QFile file;
    const bool isStdin = logPath == QLatin1String("-");
    const bool opened = isStdin ? file.open(stdin, QIODevice::ReadOnly)
                                : (file.setFileName(logPath), file.open(QIODevice::ReadOnly));
    if (!opened) {
        err << QCoreApplication::translate("qmtscope-cli", "qmtscope-cli: cannot read %1: %2\n")
                   .arg(logPath, file.errorString());
        return 2;
    }
    const QByteArray input = file.readAll();
    const session::LogImport import = session::LogImport::read(input);
    const session::Reproduction repro = session::Reproduction::fromLog(import, options);
    if (repro.count() == 0) {
        err << QCoreApplication::translate(
                   "qmtscope-cli", "qmtscope-cli: %1 shows no command of the host: nothing to reproduce\n")
                   .arg(logPath);
        return 2;
    }
    const QString name = QCoreApplication::translate("qmtscope-cli", "Reproduction of %1")
                             .arg(isStdin ? QStringLiteral("stdin") : QFileInfo(logPath).fileName());
    if (!import.untouched())
        err << QStringLiteral("qmtscope-cli: ") << import.summary() << '\n';
    if (repro.placeholders() > 0) {
        QStringList where;
        for (const session::ReproStep &s : repro.steps())
            if (s.dataLeftOut)
                where << QString::number(s.dataLine > 0 ? s.dataLine : s.commandLine);
        err << QCoreApplication::translate("qmtscope-cli",
                                           "qmtscope-cli: %n step(s) send placeholders for data the log left "
                                           "out (lines %1); fill them in the sequence\n",
                                           nullptr, repro.placeholders())
                   .arg(where.join(QStringLiteral(", ")));
    }
    err.flush();

    session::Sequence sequence;
    repro.fill(&sequence, name);
    if (!sequenceOut.isEmpty()) {
        QString why;
        if (!sequence.save(sequenceOut, &why)) {
            err << QStringLiteral("qmtscope-cli: ") << why << '\n';
            return 2;
        }
    }
    if (!sim && portPath.isEmpty()) {
        if (sequenceOut.isEmpty())
            writeOut(sequence.toText());
        return 0;
    }

    // The module: simulated (with its broker) or on a port.
    session::Pipeline pipeline;
    session::CommandChannel channel(&pipeline);
    std::unique_ptr<QTemporaryDir> pkiDir; // (outlives the broker, which reads its files)
    CliSimulator simulator;
    std::unique_ptr<QIODevice> port;
    QIODevice *device = nullptr;
    QString ourSide;
    if (sim) {
        // A log that sets up TLS: the broker gets a TLS listener that wants a client
        // certificate (as the seed's §5.2), with a throw-away CA; the simulator stands that CA,
        // a client certificate and its key in for the uploads the log left out (a log carries
        // no certificate that would work here). Without openssl the TLS steps differ, said here.
        bool usesTls = false;
        for (const session::ReproStep &s : repro.steps()) {
            const QByteArray c = s.step.command.toUpper();
            usesTls = usesTls || c.contains("QSSLCFG") || c.contains("\"SSL\"");
        }
        mqtt::LocalBroker::Config config;
        sim::SimOptions::TlsStandIn standIn;
        if (usesTls) {
            pkiDir = std::make_unique<QTemporaryDir>();
            const mqtt::Pki pki = mqtt::Pki::in(pkiDir->path());
            mqtt::PkiMaker maker;
            QEventLoop wait;
            QString why;
            QObject::connect(&maker, &mqtt::PkiMaker::ready, &wait, &QEventLoop::quit);
            QObject::connect(&maker, &mqtt::PkiMaker::failed, &wait, [&](const QString &reason) {
                why = reason;
                wait.quit();
            });
            maker.start(pki);
            wait.exec();
            if (why.isEmpty()) {
                config.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, true, false};
                standIn = {pki.caCert, pki.clientCert, pki.clientKey};
            } else {
                err << QCoreApplication::translate("qmtscope-cli",
                                                   "qmtscope-cli: the log sets up TLS, but the simulator's "
                                                   "certificates could not be made (%1): its TLS steps will "
                                                   "differ\n")
                           .arg(why);
            }
        }
        sim::SimOptions o;
        o.tlsStandIn = standIn;
        if (!simulator.start(config, o, err))
            return 3;
        device = simulator.device.get();
        ourSide = QCoreApplication::translate("qmtscope-cli", "ours (simulated module)");
    } else {
        port = openModulePort(portPath, baud, err);
        if (!port)
            return 3;
        device = port.get();
        ourSide = QCoreApplication::translate("qmtscope-cli", "ours (%1)").arg(portPath);
    }
    channel.setDevice(device);

    session::Reproducer reproducer(&channel, &pipeline);
    QEventLoop loop;
    QObject::connect(&reproducer, &session::Reproducer::finished, &loop, &QEventLoop::quit);
    reproducer.start(repro);
    loop.exec();

    const session::Comparison &cmp = reproducer.comparison();
    if (json) {
        QJsonObject o = cmp.toJson();
        o.insert(QStringLiteral("log"), logPath);
        o.insert(QStringLiteral("against"), sim ? QStringLiteral("simulator") : portPath);
        o.insert(QStringLiteral("placeholders"), repro.placeholders());
        if (!sequenceOut.isEmpty())
            o.insert(QStringLiteral("sequence"), sequenceOut);
        writeOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        writeOut(cmp.toText(ourSide).toUtf8());
    }
    channel.setDevice(nullptr);
    return cmp.diverged() ? 4 : 0;
}

} // namespace qmt::cli
