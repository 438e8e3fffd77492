// SPDX-License-Identifier: Apache-2.0
// qmtscope-sim as a program: started as a process with a link to its pty and its own private
// broker, driven with raw AT lines over QSerialPort (the seed's §5.1 session), checked on the
// broker side with mosquitto_sub; faults through stdin and the --control FIFO; --help; a clean
// exit on SIGTERM that removes the link and the broker.

#include "broker.h"
#include "sim/simmodule.h"
#include "subscriber.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSerialPort>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <sys/stat.h>

using qmt::mqtt::LocalBroker;

namespace {

constexpr int kWait = 30000; // ms; generous for a loaded CI machine, never a fixed sleep

QString simProgram()
{
    return QDir(qEnvironmentVariable("QMT_BIN_DIR")).filePath(QStringLiteral("qmtscope-sim"));
}

bool isLink(const QString &path)
{
    struct stat st
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0;
}

// qmtscope-sim in a process, its stdout and stderr collected.
struct Sim
{
    ~Sim()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(kWait);
        }
    }
    bool start(const QStringList &args)
    {
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                         [this] { out += process.readAllStandardOutput(); });
        QObject::connect(&process, &QProcess::readyReadStandardError, &process,
                         [this] { err += process.readAllStandardError(); });
        process.start(simProgram(), args);
        if (!process.waitForStarted(kWait))
            return false;
        // The first line on stdout is the device path, printed once everything is ready.
        return QTest::qWaitFor(
                   [this] { return out.contains('\n') || process.state() == QProcess::NotRunning; }, kWait) &&
               out.contains('\n');
    }
    QString devicePath() const { return QString::fromLocal8Bit(out.left(out.indexOf('\n'))); }
    // The private broker's port, from the line on stderr that announces it.
    quint16 brokerPort() const
    {
        static const QRegularExpression re(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"));
        const auto m = re.match(QString::fromLocal8Bit(err));
        return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
    }
    qint64 brokerPid() const
    {
        static const QRegularExpression re(QStringLiteral("pid (\\d+)"));
        const auto m = re.match(QString::fromLocal8Bit(err));
        return m.hasMatch() ? m.captured(1).toLongLong() : 0;
    }
    bool stderrContains(const QByteArray &text) const { return err.contains(text); }
    QString diagnostics() const { return QString::fromLocal8Bit("stdout:\n" + out + "\nstderr:\n" + err); }

    QProcess process;
    QByteArray out;
    QByteArray err;
};

// The host side of the serial line: raw bytes in, raw bytes out.
struct Line
{
    bool open(const QString &path)
    {
        port.setPortName(path);
        port.setBaudRate(115200);
        if (!port.open(QIODevice::ReadWrite))
            return false;
        QObject::connect(&port, &QSerialPort::readyRead, &port, [this] { rx += port.readAll(); });
        return true;
    }
    void send(const QByteArray &bytes) { port.write(bytes); }
    // Waits until `text` arrives after what earlier expect()s consumed; consumes up to its end.
    bool expect(const QByteArray &text)
    {
        qsizetype at = -1;
        const bool ok = QTest::qWaitFor(
            [&] {
                at = rx.indexOf(text, consumed);
                return at >= 0;
            },
            kWait);
        if (ok)
            consumed = at + text.size();
        else
            qWarning().noquote() << "waited for" << text << "; the module sent since:" << rx.mid(consumed);
        return ok;
    }
    // A command line, its echo and its final OK.
    bool command(const QByteArray &line)
    {
        send(line + '\r');
        return expect(line + "\r") && expect("\r\nOK\r\n");
    }

    QSerialPort port;
    QByteArray rx;
    qsizetype consumed = 0;
};

} // namespace

class tst_SimCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("QMT_BIN_DIR"), "QMT_BIN_DIR is set by ctest");
        QVERIFY2(QFileInfo(simProgram()).isExecutable(), qPrintable(simProgram()));
    }

    void helpDocumentsEveryOptionAndFault()
    {
        QProcess p;
        p.start(simProgram(), {QStringLiteral("--help")});
        QVERIFY(p.waitForFinished(kWait));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QString help = QString::fromLocal8Bit(p.readAllStandardOutput());
        for (const char *option :
             {"--link", "--broker", "--tls-port", "--broker-port", "--model", "--revision", "--no-boot-urcs",
              "--storage", "--control", "--latency", "--baud-pace", "--verbose", "--help", "--version"})
            QVERIFY2(help.contains(QLatin1String(option)), option);
        const QStringList faults =
            qmt::sim::SimModule::faultCommandHelp().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(faults.size() >= 10);
        for (const QString &fault : faults)
            QVERIFY2(help.contains(fault), qPrintable(fault));
        for (const char *name :
             {"drop", "noping", "refuse", "dns", "pdp", "tls", "slow", "urcfirst", "garbage", "reboot"})
            QVERIFY2(help.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(name))), name);
    }

    void versionIsTheProjectsVersion()
    {
        QProcess p;
        p.start(simProgram(), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(kWait));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(QString::fromLocal8Bit(p.readAllStandardOutput()),
                 QStringLiteral("qmtscope-sim " QMT_VERSION "\n"));
    }

    void usageErrorsExitWith1()
    {
        const QStringList bad[] = {{QStringLiteral("--tls-port"), QStringLiteral("8883")},
                                   {QStringLiteral("--broker"), QStringLiteral("host:99999")},
                                   {QStringLiteral("--no-such-option")},
                                   {QStringLiteral("stray")}};
        for (const QStringList &args : bad) {
            QProcess p;
            p.start(simProgram(), args);
            QVERIFY(p.waitForFinished(kWait));
            QCOMPARE(p.exitCode(), 1);
            QVERIFY(p.readAllStandardOutput().isEmpty());
            QVERIFY(p.readAllStandardError().contains("qmtscope-sim"));
        }
    }

    void seedSessionFaultsAndCleanExit()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString link = dir.filePath(QStringLiteral("ttyQMT"));
        const QString control = dir.filePath(QStringLiteral("qmt.ctl"));
        Sim sim;
        // no air time: the flow is what is tested, not the latency model (tst_sim has that)
        QVERIFY2(sim.start({QStringLiteral("--link"), link, QStringLiteral("--control"), control,
                            QStringLiteral("--latency"), QStringLiteral("0")}),
                 qPrintable(sim.diagnostics()));
        QVERIFY2(sim.devicePath().startsWith(QLatin1String("/dev/")), qPrintable(sim.diagnostics()));
        QCOMPARE(QFileInfo(link).symLinkTarget(), sim.devicePath());
        QTRY_VERIFY2_WITH_TIMEOUT(sim.brokerPort() != 0, qPrintable(sim.diagnostics()), kWait);
        const quint16 brokerPort = sim.brokerPort();
        const qint64 brokerPid = sim.brokerPid();
        QVERIFY(LocalBroker::acceptsConnections(brokerPort));

        // The seed's §5.1 session, byte by byte.
        Line line;
        QVERIFY2(line.open(link), qPrintable(line.port.errorString()));
        QVERIFY(line.command("AT"));
        QVERIFY(line.command("AT+QMTCFG=\"recv/mode\",0,0,1"));
        QVERIFY(line.command("AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883"));
        QVERIFY(line.expect("\r\n+QMTOPEN: 0,0\r\n"));
        QVERIFY(line.command("AT+QMTCONN=0,\"clientExample\""));
        QVERIFY(line.expect("\r\n+QMTCONN: 0,0,0\r\n"));
        QVERIFY(line.command("AT+QMTSUB=0,1,\"topic/pub\",0"));
        QVERIFY(line.expect("\r\n+QMTSUB: 0,1,0,0\r\n"));

        qmt::test::MosquittoSub witness;
        QVERIFY2(witness.start(brokerPort, "topic/pub", 1, 1), qPrintable(witness.errorString()));
        const QByteArray payload = "This is test data, hello MQTT.";
        const QByteArray pub = "AT+QMTPUBEX=0,0,0,0,\"topic/pub\"," + QByteArray::number(payload.size());
        line.send(pub + '\r');
        QVERIFY(line.expect(pub + "\r"));
        QVERIFY(line.expect(">"));
        line.send(payload);
        QVERIFY(line.expect("OK\r\n"));
        QVERIFY(line.expect("\r\n+QMTPUBEX: 0,0,0\r\n"));
        QVERIFY2(witness.waitForMessages(), qPrintable(witness.errorString()));
        QCOMPARE(witness.messages().size(), 1);
        QCOMPARE(witness.messages().first().topic, QByteArray("topic/pub"));
        QCOMPARE(witness.messages().first().payload, payload);
        // subscribed to its own topic, the module reports the message back (length included)
        QVERIFY(line.expect("+QMTRECV: 0,0,\"topic/pub\",30,"));
        QVERIFY(line.expect(payload));

        // A fault through stdin: the link drops.
        sim.process.write("drop 0\n");
        QVERIFY(line.expect("\r\n+QMTSTAT: 0,1\r\n"));
        QTRY_VERIFY2_WITH_TIMEOUT(sim.stderrContains("drop 0: ok"), qPrintable(sim.diagnostics()), kWait);
        // A line that is no fault command is answered with what is wrong, and nothing breaks.
        sim.process.write("explode 1\n");
        QTRY_VERIFY2_WITH_TIMEOUT(sim.stderrContains("explode 1: "), qPrintable(sim.diagnostics()), kWait);
        QVERIFY(!sim.stderrContains("explode 1: ok"));

        // The same through the FIFO, as a script would.
        {
            QFile fifo(control);
            QVERIFY2(fifo.open(QIODevice::WriteOnly), qPrintable(fifo.errorString()));
            fifo.write("garbage fifo-noise-42\n");
        }
        QVERIFY(line.expect("fifo-noise-42"));
        QTRY_VERIFY2_WITH_TIMEOUT(sim.stderrContains("garbage fifo-noise-42: ok"),
                                  qPrintable(sim.diagnostics()), kWait);
        sim.process.write("reboot\n");
        QVERIFY(line.expect("RDY"));
        QVERIFY(line.expect("APP RDY"));
        QVERIFY(line.command("AT+QMTOPEN?"));

        // SIGTERM: exit status 0, the link, the FIFO and the broker are gone.
        line.port.close();
        sim.process.terminate();
        QVERIFY(sim.process.waitForFinished(kWait));
        QCOMPARE(sim.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(sim.process.exitCode(), 0);
        QVERIFY(!isLink(link));
        QVERIFY(!isLink(control));
        QVERIFY(!LocalBroker::acceptsConnections(brokerPort));
        QVERIFY(brokerPid > 0);
        QVERIFY(::kill(pid_t(brokerPid), 0) != 0 && errno == ESRCH);
    }

    void fixedBrokerPortAndABrokerKilledFromOutside()
    {
        const quint16 wanted = LocalBroker::freeLoopbackPort();
        QVERIFY(wanted != 0);
        Sim sim;
        QVERIFY2(sim.start({QStringLiteral("--broker-port"), QString::number(wanted)}),
                 qPrintable(sim.diagnostics()));
        QTRY_VERIFY2_WITH_TIMEOUT(sim.brokerPid() != 0, qPrintable(sim.diagnostics()), kWait);
        QCOMPARE(sim.brokerPort(), wanted);
        QVERIFY(LocalBroker::acceptsConnections(wanted));
        QCOMPARE(::kill(pid_t(sim.brokerPid()), SIGKILL), 0);
        QTRY_VERIFY2_WITH_TIMEOUT(sim.stderrContains("the private broker exited"),
                                  qPrintable(sim.diagnostics()), kWait);
        QCOMPARE(sim.process.state(), QProcess::Running); // the module lives on without its cloud
        sim.process.terminate();
        QVERIFY(sim.process.waitForFinished(kWait));
        QCOMPARE(sim.process.exitCode(), 0);
    }

    void externalBrokerIsUsedAndLeftRunning()
    {
        qmt::test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        QTemporaryDir dir;
        const QString link = dir.filePath(QStringLiteral("tty"));
        Sim sim;
        QVERIFY2(
            sim.start({QStringLiteral("--latency"), QStringLiteral("0"), QStringLiteral("--broker"),
                       QStringLiteral("127.0.0.1:%1").arg(broker.port()), QStringLiteral("--link"), link,
                       QStringLiteral("--model"), QStringLiteral("EG91"), QStringLiteral("--no-boot-urcs")}),
            qPrintable(sim.diagnostics()));
        Line line;
        QVERIFY(line.open(link));
        line.send("ATI\r");
        QVERIFY(line.expect("\r\nEG91\r\nRevision: EG91R01A01\r\n")); // no profile: its own name
        QVERIFY(line.expect("OK\r\n"));
        QVERIFY(line.command("AT+QMTOPEN=0,\"broker.example.com\",1883"));
        QVERIFY(line.expect("\r\n+QMTOPEN: 0,0\r\n"));
        QVERIFY(line.command("AT+QMTCONN=0,\"simcli-external\""));
        QVERIFY(line.expect("\r\n+QMTCONN: 0,0,0\r\n"));
        QTRY_VERIFY2_WITH_TIMEOUT(broker.log().contains(QLatin1String("simcli-external")),
                                  qPrintable(broker.log()), kWait);
        QVERIFY(!line.rx.contains("RDY")); // --no-boot-urcs

        line.port.close();
        sim.process.terminate();
        QVERIFY(sim.process.waitForFinished(kWait));
        QCOMPARE(sim.process.exitCode(), 0);
        QVERIFY(!isLink(link));
        QVERIFY(broker.isRunning()); // not ours to stop
        QVERIFY(LocalBroker::acceptsConnections(broker.port()));
    }

    // --model with a profile (modem/sim/profiles.h): the model in the profile's spelling and
    // that model's own firmware revision, not EC25's.
    void modelProfileGivesIdentity()
    {
        QTemporaryDir dir;
        const QString link = dir.filePath(QStringLiteral("tty"));
        Sim sim;
        QVERIFY2(
            sim.start({QStringLiteral("--latency"), QStringLiteral("0"), QStringLiteral("--link"), link,
                       QStringLiteral("--model"), QStringLiteral("bg95"), QStringLiteral("--no-boot-urcs")}),
            qPrintable(sim.diagnostics()));
        Line line;
        QVERIFY(line.open(link));
        line.send("ATI\r");
        QVERIFY(line.expect("\r\nQuectel\r\nBG95\r\nRevision: BG95M3LAR02A03\r\n"));
        QVERIFY(line.expect("OK\r\n"));
        line.send("AT+GMR\r");
        QVERIFY(line.expect("\r\nBG95M3LAR02A03\r\n"));
        line.port.close();
        sim.process.terminate();
        QVERIFY(sim.process.waitForFinished(kWait));
        QCOMPARE(sim.process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_SimCli)
#include "tst_simcli.moc"
