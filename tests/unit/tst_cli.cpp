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
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
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
        const QJsonDocument want = QJsonDocument::fromJson(qmt::test::testData(name + QStringLiteral(".expected.json")));
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
        QVERIFY(r.err.contains("not AT traffic")); // the comment lines, counted
        QVERIFY(!r.out.contains("wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ")); // the device secret stays hidden
    }

    void stdinAndRawBytes()
    {
        const QByteArray wire = "AT+QMTOPEN=1,\"h\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 1,0\r\n"
                                "\r\n+QMTRECV: 1,0,\"t\",5,\"a\r\n,\"\"\r\n\r\n+QMTSTAT: 1,2\r\n";
        const Result r = runCli({QStringLiteral("decode"), QStringLiteral("-")}, wire);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject s1 = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("slots")).toArray()[1].toObject();
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
        QCOMPARE(runCli({QStringLiteral("frobnicate")}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
