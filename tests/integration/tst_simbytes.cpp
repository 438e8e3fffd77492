// SPDX-License-Identifier: Apache-2.0
// The simulated module byte for byte: what it prints for what the host writes, without a
// broker (commands that need none).

#include "at/checksum.h"
#include "sim/simmodule.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;

namespace {

// Collects what the module prints.
struct Wire
{
    sim::SimModule module;
    QByteArray out;
    explicit Wire(const sim::SimOptions &options = {}) : module(options)
    {
        QObject::connect(&module, &sim::SimModule::output, &module,
                         [this](const QByteArray &b) { out += b; });
    }
    // Writes `in` (in chunks of `chunk` bytes) and returns what the module printed meanwhile.
    QByteArray talk(const QByteArray &in, qsizetype chunk = 0)
    {
        out.clear();
        if (chunk <= 0)
            chunk = in.size();
        for (qsizetype i = 0; i < in.size(); i += chunk)
            module.write(QByteArrayView(in).sliced(i, std::min(chunk, in.size() - i)));
        return out;
    }
};

} // namespace

class tst_SimBytes : public QObject
{
    Q_OBJECT
private slots:
    void bootUrcs()
    {
        Wire w;
        w.module.powerOn();
        QCOMPARE(
            w.out,
            QByteArray(
                "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n"));
    }

    void answers_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("out");
        QTest::newRow("AT, echoed") << QByteArray("AT\r") << QByteArray("AT\r\r\nOK\r\n");
        QTest::newRow("lower case") << QByteArray("at\r") << QByteArray("at\r\r\nOK\r\n");
        QTest::newRow("noise before AT") << QByteArray("xyzAT\r") << QByteArray("xyzAT\r\r\nOK\r\n");
        QTest::newRow("backspace")
            << QByteArray("ATX\bI\r")
            << QByteArray("ATX\bI\r\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n");
        QTest::newRow("unknown command") << QByteArray("AT+FOO\r") << QByteArray("AT+FOO\r\r\nERROR\r\n");
        QTest::newRow("GMR") << QByteArray("AT+GMR\r")
                             << QByteArray("AT+GMR\r\r\nEC25EFAR06A06M4G\r\n\r\nOK\r\n");
        QTest::newRow("keepalive default")
            << QByteArray("AT+QMTCFG=\"keepalive\",0\r")
            << QByteArray("AT+QMTCFG=\"keepalive\",0\r\r\n+QMTCFG: \"keepalive\",120\r\n\r\nOK\r\n");
        QTest::newRow("keepalive out of range")
            << QByteArray("AT+QMTCFG=\"keepalive\",0,3601\r")
            << QByteArray("AT+QMTCFG=\"keepalive\",0,3601\r\r\nERROR\r\n");
        QTest::newRow("client index out of range")
            << QByteArray("AT+QMTCFG=\"keepalive\",6,60\r")
            << QByteArray("AT+QMTCFG=\"keepalive\",6,60\r\r\nERROR\r\n");
        QTest::newRow("seed typo pdpid")
            << QByteArray("AT+QMTCFG=\"pdpid\",1\r")
            << QByteArray("AT+QMTCFG=\"pdpid\",1\r\r\n+QMTCFG: \"pdpcid\",1\r\n\r\nOK\r\n");
        QTest::newRow("ssl read") << QByteArray("AT+QMTCFG=\"ssl\",2\r")
                                  << QByteArray("AT+QMTCFG=\"ssl\",2\r\r\n+QMTCFG: \"ssl\",0\r\n\r\nOK\r\n");
        QTest::newRow("ssl enable needs ctx")
            << QByteArray("AT+QMTCFG=\"ssl\",2,1\r") << QByteArray("AT+QMTCFG=\"ssl\",2,1\r\r\nERROR\r\n");
        QTest::newRow("timeout read")
            << QByteArray("AT+QMTCFG=\"timeout\",0\r")
            << QByteArray("AT+QMTCFG=\"timeout\",0\r\r\n+QMTCFG: \"timeout\",5,3,0\r\n\r\nOK\r\n");
        QTest::newRow("recv/mode read")
            << QByteArray("AT+QMTCFG=\"recv/mode\",0\r")
            << QByteArray("AT+QMTCFG=\"recv/mode\",0\r\r\n+QMTCFG: \"recv/mode\",0,0\r\n\r\nOK\r\n");
        QTest::newRow("publish while not connected")
            << QByteArray("AT+QMTPUBEX=0,1,1,0,\"t\",3\r")
            << QByteArray("AT+QMTPUBEX=0,1,1,0,\"t\",3\r\r\nERROR\r\n");
        QTest::newRow("msgid 0 with qos 1") << QByteArray("AT+QMTPUBEX=0,0,1,0,\"t\",3\r")
                                            << QByteArray("AT+QMTPUBEX=0,0,1,0,\"t\",3\r\r\nERROR\r\n");
        QTest::newRow("connect before open")
            << QByteArray("AT+QMTCONN=0,\"c\"\r") << QByteArray("AT+QMTCONN=0,\"c\"\r\r\nERROR\r\n");
        QTest::newRow("open query, none open")
            << QByteArray("AT+QMTOPEN?\r") << QByteArray("AT+QMTOPEN?\r\r\nOK\r\n");
        QTest::newRow("open test")
            << QByteArray("AT+QMTOPEN=?\r")
            << QByteArray("AT+QMTOPEN=?\r\r\n+QMTOPEN: (0-5),\"host_name\",(1-65535)\r\n\r\nOK\r\n");
        QTest::newRow("host too long")
            << QByteArray("AT+QMTOPEN=0,\"" + QByteArray(101, 'h') + "\",1883\r")
            << QByteArray("AT+QMTOPEN=0,\"" + QByteArray(101, 'h') + "\",1883\r\r\nERROR\r\n");
        QTest::newRow("recv query, none connected")
            << QByteArray("AT+QMTRECV?\r") << QByteArray("AT+QMTRECV?\r\r\nOK\r\n");
        QTest::newRow("cmee query") << QByteArray("AT+CMEE?\r")
                                    << QByteArray("AT+CMEE?\r\r\n+CMEE: 1\r\n\r\nOK\r\n");
        QTest::newRow("ssl cfg read")
            << QByteArray("AT+QSSLCFG=\"ignorelocaltime\",2\r")
            << QByteArray(
                   "AT+QSSLCFG=\"ignorelocaltime\",2\r\r\n+QSSLCFG: \"ignorelocaltime\",2,0\r\n\r\nOK\r\n");
        QTest::newRow("ssl cfg context 6") << QByteArray("AT+QSSLCFG=\"seclevel\",6,1\r")
                                           << QByteArray("AT+QSSLCFG=\"seclevel\",6,1\r\r\nERROR\r\n");
        QTest::newRow("delete a missing file")
            << QByteArray("AT+QFDEL=\"nope.pem\"\r")
            << QByteArray("AT+QFDEL=\"nope.pem\"\r\r\n+CME ERROR: 405\r\n");
    }
    void answers()
    {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, out);
        Wire w;
        QCOMPARE(w.talk(in), out);
        Wire bytewise; // the same bytes one at a time give the same answer
        QCOMPARE(bytewise.talk(in, 1), out);
    }

    void echoOff()
    {
        Wire w;
        QCOMPARE(w.talk("ATE0\r"), QByteArray("ATE0\r\r\nOK\r\n")); // echoed: echo was still on
        QCOMPARE(w.talk("AT\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("ATE1\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT\r"), QByteArray("AT\r\r\nOK\r\n"));
    }

    void configSetAndReadBack()
    {
        Wire w;
        w.talk("ATE0\r");
        QCOMPARE(w.talk("AT+QMTCFG=\"timeout\",3,10,2,1\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QMTCFG=\"timeout\",3\r"),
                 QByteArray("\r\n+QMTCFG: \"timeout\",10,2,1\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QMTCFG=\"will\",3,1,1,0,\"w/t\",\"bye\"x\"\r"),
                 QByteArray("\r\nERROR\r\n")); // a quote in the message
        QCOMPARE(w.talk("AT+QMTCFG=\"will\",3,1,1,1,\"w/t\",\"bye\"\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QMTCFG=\"will\",3\r"),
                 QByteArray("\r\n+QMTCFG: \"will\",1,1,1,\"w/t\",\"bye\"\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QMTCFG=\"aliauth\",3,\"pk\",\"dn\",\"secret\"\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QMTCFG=\"aliauth\",3\r"),
                 QByteArray("\r\n+QMTCFG: \"aliauth\",\"pk\",\"dn\",\"secret\"\r\n\r\nOK\r\n"));
    }

    void willexTakesExactlyTheDeclaredBytes_data()
    {
        QTest::addColumn<qsizetype>("chunk");
        QTest::newRow("one write") << qsizetype(0);
        QTest::newRow("byte by byte") << qsizetype(1);
    }
    void willexTakesExactlyTheDeclaredBytes()
    {
        QFETCH(qsizetype, chunk);
        Wire w;
        QCOMPARE(w.talk("AT+QMTCFG=\"willex\",0,1,1,0,\"w\",4\r", chunk),
                 QByteArray("AT+QMTCFG=\"willex\",0,1,1,0,\"w\",4\r\r\n> "));
        // the data is echoed; the CR LF after it is beyond the declared length and dropped,
        // however the host's bytes were cut (fuzz_sim found the CR echoed when it came in a
        // write of its own)
        QCOMPARE(w.talk("a,\"b\r\n", chunk), QByteArray("a,\"b\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QMTCFG=\"willex\",0\r", chunk),
                 QByteArray("AT+QMTCFG=\"willex\",0\r\r\n+QMTCFG: \"willex\",1,1,0,\"w\",4\r\n\r\nOK\r\n"));
        // the data in one write, its line end in the next: the same
        QCOMPARE(w.talk("AT+QMTCFG=\"willex\",0,1,1,0,\"w\",2\r", chunk),
                 QByteArray("AT+QMTCFG=\"willex\",0,1,1,0,\"w\",2\r\r\n> "));
        QCOMPARE(w.talk("xy", chunk), QByteArray("xy\r\nOK\r\n"));
        QCOMPARE(w.talk("\r\n", chunk), QByteArray());
        // a byte that is no line end ends the dropping: it begins the next command
        QCOMPARE(w.talk("AT\r", chunk), QByteArray("AT\r\r\nOK\r\n"));
        QCOMPARE(w.talk("\r", chunk), QByteArray("\r"));
    }

    // A host that ends command lines with CR LF: the LF belongs to the command, never to the data
    // after '>' (or CONNECT), whether it arrives with the CR or in a later write.
    void lfAfterTheCommandsCrIsNoData_data()
    {
        QTest::addColumn<qsizetype>("chunk");
        QTest::newRow("one write") << qsizetype(0);
        QTest::newRow("byte by byte") << qsizetype(1);
    }
    void lfAfterTheCommandsCrIsNoData()
    {
        QFETCH(qsizetype, chunk);
        Wire w;
        w.talk("ATE0\r");
        QCOMPARE(w.talk("AT+QMTCFG=\"willex\",0,1,1,0,\"w\",4\r\nabcd", chunk),
                 QByteArray("\r\n> \r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QMTCFG=\"willex\",0\r\n", chunk),
                 QByteArray("\r\n+QMTCFG: \"willex\",1,1,0,\"w\",4\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QMTCFG=\"will\",0\r\n", chunk),
                 QByteArray("\r\n+QMTCFG: \"will\",1,1,0,\"w\",\"abcd\"\r\n\r\nOK\r\n"));
        // the byte right after the command's CR is its line end when it is an LF, even in a later
        // write after the prompt (a module cannot tell); an LF later in the data is data
        QCOMPARE(w.talk("AT+QMTCFG=\"willex\",0,1,1,0,\"w\",2\r", chunk), QByteArray("\r\n> "));
        QCOMPARE(w.talk("\nz", chunk), QByteArray());
        QCOMPARE(w.talk("\n", chunk), QByteArray("\r\nOK\r\n"));
        const QByteArray read = w.talk("AT+QMTCFG=\"will\",0\r", chunk);
        QVERIFY2(read.contains("\"z\n\""), read.constData());
        // upload data after CONNECT
        QCOMPARE(w.talk("AT+QFUPL=\"RAM:x\",3,5\r\nxyz", chunk),
                 "\r\nCONNECT\r\n\r\n+QFUPL: 3," + at::formatChecksum(at::qfuplChecksum("xyz")) +
                     "\r\n\r\nOK\r\n");
    }

    void testFormListsEverySubCommand()
    {
        Wire w;
        const QByteArray out = w.talk("AT+QMTCFG=?\r");
        for (const char *name : {"version", "pdpcid", "ssl", "keepalive", "session", "timeout", "will",
                                 "willex", "recv/mode", "aliauth", "qmtping"})
            QVERIFY2(out.contains("+QMTCFG: \"" + QByteArray(name) + "\",(0-5)"), name);
        QVERIFY(out.contains("+QMTCFG: \"keepalive\",(0-5),(0-3600)"));
        QVERIFY(out.contains("+QMTCFG: \"timeout\",(0-5),(1-60),(0-10),(0,1)"));
        QVERIFY(out.endsWith("\r\n\r\nOK\r\n"));
        // the module makes these answers once: asked again, the same bytes
        QCOMPARE(w.talk("AT+QMTCFG=?\r"), out);
        const QByteArray ssl = w.talk("AT+QSSLCFG=?\r");
        QVERIFY2(ssl.contains("+QSSLCFG: \"sslversion\",(0-5),(0-4)"), ssl.constData());
        QVERIFY(ssl.endsWith("\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QSSLCFG=?\r"), ssl);
    }

    // The module's clock can be set (SimOptions::utcNow): the time answers follow it.
    void clockFromOptions()
    {
        sim::SimOptions o;
        o.bootUrcs = false;
        o.utcNow = [] { return QDateTime(QDate(2024, 3, 5), QTime(14, 22, 1), Qt::UTC); };
        sim::SimModule m(o);
        QByteArray out;
        QObject::connect(&m, &sim::SimModule::output, &m, [&out](const QByteArray &b) { out += b; });
        m.powerOn();
        m.write("ATE0\r");
        out.clear();
        m.write("AT+CCLK?\r");
        QCOMPARE(out, QByteArray("\r\n+CCLK: \"24/03/05,14:22:01+00\"\r\n\r\nOK\r\n"));
    }

    void fileUpload()
    {
        Wire w;
        w.talk("ATE0\r");
        const QByteArray data = "-----BEGIN CERTIFICATE-----\r\nMIIB\"x\",y\r\n-----END CERTIFICATE-----\r\n";
        QCOMPARE(w.talk("AT+QFUPL=\"RAM:ca.pem\"," + QByteArray::number(data.size()) + ",5\r"),
                 QByteArray("\r\nCONNECT\r\n"));
        // upload data is not echoed; the answer carries size and checksum
        const QByteArray cs = at::formatChecksum(at::qfuplChecksum(data));
        QCOMPARE(w.talk(data, 7),
                 "\r\n+QFUPL: " + QByteArray::number(data.size()) + ',' + cs + "\r\n\r\nOK\r\n");
        QCOMPARE(w.talk("AT+QFUPL=\"RAM:ca.pem\",10\r"), QByteArray("\r\n+CME ERROR: 407\r\n"));
        // a flat file system: no name that would reach outside it (with --storage the files are
        // real files in a folder of the user's), no wildcard, no control byte
        for (const QByteArray name : {"../x.pem", "UFS:a/b.pem", "RAM:..", "x\\y", "RAM:*", "a\tb", "."}) {
            QCOMPARE(w.talk("AT+QFUPL=\"" + name + "\",10\r"), QByteArray("\r\n+CME ERROR: 406\r\n"));
        }
        QCOMPARE(w.talk("AT+CMEE=2\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QFUPL=\"RAM:ca.pem\",10\r"),
                 QByteArray("\r\n+CME ERROR: file already exists\r\n"));
        QCOMPARE(w.talk("AT+QFLST=\"RAM:*\"\r"),
                 "\r\n+QFLST: \"RAM:ca.pem\"," + QByteArray::number(data.size()) + "\r\n\r\nOK\r\n");
        QCOMPARE(w.talk("AT+QFLST=\"*\"\r"), QByteArray("\r\nOK\r\n")); // UFS holds nothing
        QCOMPARE(w.talk("AT+QFDEL=\"RAM:ca.pem\"\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QFLST=\"RAM:*\"\r"), QByteArray("\r\nOK\r\n"));
    }

    // With a storage folder (qmtscope-sim --storage) each file is also a real file there, in
    // ram/ or ufs/; deleting it or a reboot (RAM: only) removes it. Without one, nothing is written.
    void fileStorage()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        sim::SimOptions options;
        options.storageDir = dir.path();
        options.bootUrcs = false;
        Wire w(options);
        w.talk("ATE0\r");
        QCOMPARE(w.talk("AT+QFUPL=\"RAM:r.pem\",3\r"), QByteArray("\r\nCONNECT\r\n"));
        w.talk("abc");
        QCOMPARE(w.talk("AT+QFUPL=\"UFS:u.pem\",2\r"), QByteArray("\r\nCONNECT\r\n"));
        w.talk("de");
        const auto read = [&](const QString &name) {
            QFile f(dir.filePath(name));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(none)");
        };
        QCOMPARE(read(QStringLiteral("ram/r.pem")), QByteArray("abc"));
        QCOMPARE(read(QStringLiteral("ufs/u.pem")), QByteArray("de"));
        QCOMPARE(w.talk("AT+QFDEL=\"u.pem\"\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(read(QStringLiteral("ufs/u.pem")), QByteArray("(none)"));
        QCOMPARE(w.talk("AT+QFUPL=\"kept.pem\",1\r"), QByteArray("\r\nCONNECT\r\n"));
        w.talk("k");
        w.module.reboot(); // RAM: is lost, UFS: kept
        QCOMPARE(read(QStringLiteral("ram/r.pem")), QByteArray("(none)"));
        QCOMPARE(read(QStringLiteral("ufs/kept.pem")), QByteArray("k"));

        QTemporaryDir empty;
        QVERIFY(empty.isValid());
        const QByteArray oldTmp = qgetenv("TMPDIR");
        const bool hadTmp = qEnvironmentVariableIsSet("TMPDIR");
        qputenv("TMPDIR", QFile::encodeName(empty.path()));
        const auto restore = qScopeGuard([&] { // (also when a check below fails)
            if (hadTmp)
                qputenv("TMPDIR", oldTmp);
            else
                qunsetenv("TMPDIR");
        });
        {
            Wire memory; // no storage folder: the files are in the module's memory only
            memory.talk("ATE0\r");
            QCOMPARE(memory.talk("AT+QFUPL=\"RAM:m.pem\",2\r"), QByteArray("\r\nCONNECT\r\n"));
            QCOMPARE(memory.talk("mm"),
                     "\r\n+QFUPL: 2," + at::formatChecksum(at::qfuplChecksum("mm")) + "\r\n\r\nOK\r\n");
            QCOMPARE(QDir(empty.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
        }
    }

    void fileUploadTimesOut()
    {
        Wire w;
        w.talk("ATE0\r");
        QCOMPARE(w.talk("AT+QFUPL=\"short.bin\",100,1\r"), QByteArray("\r\nCONNECT\r\n"));
        w.talk("only 17 bytes...!");
        const QByteArray expected = "\r\n+QFUPL: 17," +
                                    at::formatChecksum(at::qfuplChecksum("only 17 bytes...!")) +
                                    "\r\n\r\n+CME ERROR: 421\r\n";
        QTRY_COMPARE_WITH_TIMEOUT(w.out, expected, 5000); // the module keeps what it got, then says time-out
        w.out.clear();
        w.talk("AT+QFLST=\"*\"\r");
        QCOMPARE(w.out, QByteArray("\r\n+QFLST: \"short.bin\",17\r\n\r\nOK\r\n"));
    }

    void pdpContexts()
    {
        Wire w;
        w.talk("ATE0\r");
        QCOMPARE(w.talk("AT+QICSGP=1,1,\"internet\",\"\",\"\",0\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QICSGP=1\r"),
                 QByteArray("\r\n+QICSGP: 1,\"internet\",\"\",\"\",0\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QIACT=1\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QIACT=1\r"), QByteArray("\r\nERROR\r\n")); // already active
        QCOMPARE(w.talk("AT+QIACT?\r"), QByteArray("\r\n+QIACT: 1,1,1,\"10.64.0.2\"\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QIDEACT=1\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QIACT?\r"), QByteArray("\r\nOK\r\n"));
    }

    // PROTOCOL.md §7: what hosts run before MQTT, and the faults seen through it.
    void beforeMqtt()
    {
        Wire w;
        w.talk("ATE0\r");
        QCOMPARE(w.talk("AT+CPIN?\r"), QByteArray("\r\n+CPIN: READY\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+CEREG?\r"), QByteArray("\r\n+CEREG: 0,1\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+CEREG=2\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+CEREG?\r"), QByteArray("\r\n+CEREG: 2,1,\"1A2B\",\"0D6A5F01\",7\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+CGDCONT=1,\"IPV4V6\",\"apn\"\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+CGDCONT?\r"),
                 QByteArray("\r\n+CGDCONT: 1,\"IPV4V6\",\"apn\",\"0.0.0.0\",0,0,0,0\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+CGACT?\r"), QByteArray("\r\n+CGACT: 1,0\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+CGACT=1,1\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QIACT?\r"), QByteArray("\r\n+QIACT: 1,1,3,\"10.64.0.2\"\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QCFG=\"nwscanmode\",3,1\r"), QByteArray("\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+QCFG=\"nwscanmode\"\r"), QByteArray("\r\n+QCFG: \"nwscanmode\",3\r\n\r\nOK\r\n"));
        QCOMPARE(w.talk("AT+CSQ\r"), QByteArray("\r\n+CSQ: 24,99\r\n\r\nOK\r\n"));
        // radio off: the report, the context lost, no signal; MQTT cannot open
        QCOMPARE(w.talk("AT+CFUN=4\r"),
                 QByteArray("\r\nOK\r\n\r\n+CEREG: 0\r\n\r\n+QIURC: \"pdpdeact\",1\r\n"));
        QCOMPARE(w.talk("AT+CSQ\r"), QByteArray("\r\n+CSQ: 99,99\r\n\r\nOK\r\n"));
        w.talk("AT+QMTOPEN=0,\"127.0.0.1\",1883\r");
        QTRY_VERIFY_WITH_TIMEOUT(w.out.contains("+QMTOPEN: 0,3"), 5000);
        // no SIM; error reports by AT+CMEE
        QCOMPARE(w.module.applyFaultCommand(QStringLiteral("sim out")), QString());
        QCOMPARE(w.talk("AT+CPIN?\r"), QByteArray("\r\n+CME ERROR: 10\r\n"));
        w.talk("AT+CMEE=2\r");
        QCOMPARE(w.talk("AT+CPIN?\r"), QByteArray("\r\n+CME ERROR: SIM not inserted\r\n"));
        w.talk("AT+CMEE=0\r");
        QCOMPARE(w.talk("AT+CPIN?\r"), QByteArray("\r\nERROR\r\n"));
        // numeric result codes
        QCOMPARE(w.talk("ATV0\r"), QByteArray("0\r"));
        QCOMPARE(w.talk("AT+CGMI\r"), QByteArray("Quectel\r\n0\r"));
        QCOMPARE(w.talk("ATZ\r"), QByteArray("\r\nOK\r\n"));
        // ATZ restored echo; a letter more is no command (it was taken as ATZ)
        QCOMPARE(w.talk("ATZZZ\r"), QByteArray("ATZZZ\r\r\nERROR\r\n"));
        QCOMPARE(w.talk("ATIX\r"), QByteArray("ATIX\r\r\nERROR\r\n"));
        QCOMPARE(w.talk("ATZ0\r"), QByteArray("ATZ0\r\r\nOK\r\n"));
    }

    void rebootComesBackWithEchoOn()
    {
        Wire w;
        w.talk("ATE0\r");
        w.module.reboot();
        QCOMPARE(w.talk("AT\r"), QByteArray()); // deaf while restarting
        QTRY_VERIFY_WITH_TIMEOUT(w.out.contains("APP RDY"), 5000);
        QCOMPARE(w.talk("AT\r"), QByteArray("AT\r\r\nOK\r\n"));
    }

    void faultCommandsAreDocumented()
    {
        const QString help = sim::SimModule::faultCommandHelp();
        for (const char *f :
             {"drop", "noping", "refuse", "dns", "pdp", "tls", "slow", "urcfirst", "garbage", "reboot"})
            QVERIFY2(help.contains(QLatin1String(f)), f);
    }
};

QTEST_GUILESS_MAIN(tst_SimBytes)
#include "tst_simbytes.moc"
