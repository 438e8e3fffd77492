// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli decode: the seed sessions reproduced as JSON, stdin, and the exit codes.

#include "eventdump.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryFile>
#include <QTest>

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out, err;
};

Result runCli(const QStringList &args, const QByteArray &stdinData = {})
{
    QProcess p;
    p.start(QString::fromLocal8Bit(qgetenv("QMT_BIN_DIR")) + QStringLiteral("/qmtscope-cli"), args);
    if (!p.waitForStarted(10000))
        return {};
    if (!stdinData.isNull()) {
        p.write(stdinData);
        p.closeWriteChannel();
    }
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString transcriptPath(const QString &name)
{
    return QString::fromLocal8Bit(qgetenv("QMT_TRANSCRIPTS")) + QLatin1Char('/') + name;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT
private slots:
    // qmtscope-cli e2e against the simulator (a private broker): 0 when every message arrived
    // intact, 4 when the simulator loses some (fault injection), 1 on a usage error.
    void endToEndExitCodes()
    {
        const Result good =
            runCli({QStringLiteral("e2e"), QStringLiteral("--sim"), QStringLiteral("--count"),
                    QStringLiteral("5"), QStringLiteral("--qos"), QStringLiteral("0,1,2"),
                    QStringLiteral("--binary"), QStringLiteral("--size"), QStringLiteral("300")});
        QVERIFY2(good.exitCode == 0, good.out + good.err);
        QVERIFY(good.out.contains("PASS: all 30 messages arrived intact"));
        QCOMPARE(good.out.count("PASS\n"), 6);

        const Result lossy =
            runCli({QStringLiteral("e2e"), QStringLiteral("--sim"), QStringLiteral("--count"),
                    QStringLiteral("4"), QStringLiteral("--qos"), QStringLiteral("1"),
                    QStringLiteral("--sim-fault"), QStringLiteral("lose 2 2"), QStringLiteral("--slot"),
                    QStringLiteral("2"), QStringLiteral("--timeout"), QStringLiteral("1")});
        QVERIFY2(lossy.exitCode == 4, lossy.out + lossy.err);
        QVERIFY2(lossy.out.contains("FAIL: 6 of 8 messages arrived intact"), lossy.out);
        QVERIFY(lossy.err.contains("did not arrive within 1 s"));

        QCOMPARE(
            runCli({QStringLiteral("e2e"), QStringLiteral("--port"), QStringLiteral("/dev/null")}).exitCode,
            1);
        QCOMPARE(runCli({QStringLiteral("e2e"), QStringLiteral("--sim"), QStringLiteral("--qos"),
                         QStringLiteral("3")})
                     .exitCode,
                 1);
        const Result noPort =
            runCli({QStringLiteral("e2e"), QStringLiteral("--port"), QStringLiteral("/nonexistent/ttyUSB9"),
                    QStringLiteral("--broker"), QStringLiteral("127.0.0.1:1")});
        QCOMPARE(noPort.exitCode, 3);
        QVERIFY2(noPort.err.contains("does not exist"), noPort.err);
    }

    void seedSessions_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("5.1") << QStringLiteral("seed_5_1");
        QTest::newRow("5.2") << QStringLiteral("seed_5_2");
    }
    void seedSessions()
    {
        QFETCH(QString, name);
        const Result r = runCli({QStringLiteral("decode"), transcriptPath(name + QStringLiteral(".log"))});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError pe{};
        const QJsonDocument got = QJsonDocument::fromJson(r.out, &pe);
        QCOMPARE(pe.error, QJsonParseError::NoError);
        const QJsonDocument want =
            QJsonDocument::fromJson(qmt::test::testData(name + QStringLiteral(".expected.json")));
        QVERIFY(!want.isNull());
        QCOMPARE(got, want);
        // the fields the issue names, read back explicitly
        const QJsonArray slotArray = got.object().value(QStringLiteral("slots")).toArray();
        QCOMPARE(slotArray.size(), 6);
        const QJsonObject s0 = slotArray[0].toObject();
        QCOMPARE(s0.value(QStringLiteral("index")).toInt(), 0);
        QCOMPARE(s0.value(QStringLiteral("mqtt")).toString(), QStringLiteral("disconnected"));
        QCOMPARE(s0.value(QStringLiteral("network")).toString(), QStringLiteral("closed"));
        QCOMPARE(s0.value(QStringLiteral("published")).toInt(), 1);
        QVERIFY(s0.value(QStringLiteral("last_error")).isNull());
        QVERIFY(r.err.contains("note(s) set aside"));                 // the comment lines, counted
        QVERIFY(!r.out.contains("wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ")); // the device secret stays hidden
    }

    void stdinAndRawBytes()
    {
        const QByteArray wire = "AT+QMTOPEN=1,\"h\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 1,0\r\n"
                                "\r\n+QMTRECV: 1,0,\"t\",5,\"a\r\n,\"\"\r\n\r\n+QMTSTAT: 1,2\r\n";
        const Result r = runCli({QStringLiteral("decode"), QStringLiteral("-")}, wire);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject s1 =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("slots")).toArray()[1].toObject();
        QCOMPARE(s1.value(QStringLiteral("host")).toString(), QStringLiteral("h"));
        QCOMPARE(s1.value(QStringLiteral("received")).toInt(), 1);
        const QJsonObject err = s1.value(QStringLiteral("last_error")).toObject();
        QCOMPARE(err.value(QStringLiteral("source")).toString(), QStringLiteral("QMTSTAT"));
        QCOMPARE(err.value(QStringLiteral("code")).toInt(), 2);
        QVERIFY(!err.value(QStringLiteral("text")).toString().isEmpty());
        QVERIFY(!err.value(QStringLiteral("fix")).toString().isEmpty());
        const QJsonObject msg = s1.value(QStringLiteral("messages")).toArray()[0].toObject();
        QCOMPARE(msg.value(QStringLiteral("payload")).toString(), QStringLiteral("a\r\n,\""));
    }

    void garbageIsNotFatal()
    {
        QByteArray junk;
        for (int i = 0; i < 4096; ++i)
            junk += char((i * 131) & 0xff);
        const Result r = runCli({QStringLiteral("decode"), QStringLiteral("-")}, junk + "\n+QMTSTAT: 0,1\n");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("slots")).toArray().size(), 6);
    }

    void unreadableFile()
    {
        const Result r = runCli({QStringLiteral("decode"), QStringLiteral("/nonexistent/transcript.log")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.contains("/nonexistent/transcript.log"));
        const Result dir = runCli({QStringLiteral("decode"), QStringLiteral("/")});
        QCOMPARE(dir.exitCode, 2);
    }

    void usage()
    {
        QCOMPARE(runCli({}).exitCode, 1);
        // issue 8: what is wrong is named
        const Result sub = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(sub.exitCode, 1);
        QVERIFY2(sub.err.contains("unknown subcommand frobnicate"), sub.err.constData());
        const Result opt =
            runCli({QStringLiteral("decode"), QStringLiteral("--frob"), QStringLiteral("x.log")});
        QCOMPARE(opt.exitCode, 1);
        QVERIFY2(opt.err.contains("unknown option --frob"), opt.err.constData());
        // help and version are answers, not errors: stdout, status 0
        const Result help = runCli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.startsWith("Usage: qmtscope-cli decode"));
        QVERIFY(help.err.isEmpty());
        QCOMPARE(runCli({QStringLiteral("decode"), QStringLiteral("--help")}).exitCode, 0);
        const Result version = runCli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith("qmtscope-cli 0."), version.out.constData());
    }

    // qmtscope-cli export: a log as JSON Lines (one object per frame), a password out; the exit
    // codes of a wrong format and an unwritable output.
    void exportALog()
    {
        QTemporaryFile log;
        QVERIFY(log.open());
        log.write("10:00:00.000 >> AT+QMTOPEN=0,\"broker\",1883\n10:00:00.010 << OK\n"
                  "10:00:00.400 << +QMTOPEN: 0,0\n10:00:01.000 >> AT+QMTCONN=0,\"c1\",\"u\",\"hunter2pw\"\n"
                  "10:00:01.010 << OK\n10:00:01.300 << +QMTCONN: 0,0,0\n");
        log.close();
        const Result r = runCli(
            {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("jsonl"), log.fileName()});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        for (const QByteArray &line : lines)
            QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
        QVERIFY(!r.out.contains("hunter2pw"));
        QCOMPARE(QJsonDocument::fromJson(lines[2]).object().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("urc"));
        QVERIFY(runCli({QStringLiteral("export"), QStringLiteral("--include-secrets"), log.fileName()})
                    .out.contains("hunter2pw"));
        QCOMPARE(runCli({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("pdf"),
                         log.fileName()})
                     .exitCode,
                 1);
        QCOMPARE(runCli({QStringLiteral("export"), QStringLiteral("-o"),
                         QStringLiteral("/nonexistent/x.html"), log.fileName()})
                     .exitCode,
                 2);
    }

    // The desktop app answers --help and --version without a display (it used to abort).
    void guiHelpWithoutADisplay()
    {
        for (const char *arg : {"--help", "--version"}) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("DISPLAY"));
            env.remove(QStringLiteral("WAYLAND_DISPLAY"));
            env.remove(QStringLiteral("QT_QPA_PLATFORM"));
            p.setProcessEnvironment(env);
            p.start(QString::fromLocal8Bit(qgetenv("QMT_BIN_DIR")) + QStringLiteral("/qmtscope"),
                    {QLatin1String(arg)});
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            QCOMPARE(p.exitCode(), 0);
            QVERIFY(p.readAllStandardOutput().contains("qmtscope"));
        }
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
