// SPDX-License-Identifier: Apache-2.0
// Diagnosis (issue 9): every code of PROTOCOL.md's tables found with its meaning and fix and the
// command that caused it, and every pattern — each from a small realistic log (echo, URCs before
// OK, ERROR after a result, timestamps); the seed sessions give no error; the CLI's text, JSON
// and exit status.

#include "eventdump.h"

#include "at/checksum.h"
#include "at/redact.h"
#include "engine/pipeline.h"
#include "workflows/diagnosis.h"
#include "workflows/logimport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using qmt::session::Diagnosis;
using qmt::session::Finding;
using qmt::session::LogImport;

namespace {

struct Result
{
    std::vector<Finding> findings;
    QJsonObject json;
    QString text;
};

Result diagnose(const QByteArray &log)
{
    const LogImport imp = LogImport::read(log);
    qmt::session::ManualClock clock;
    qmt::session::Pipeline p(&clock);
    Diagnosis d(p);
    imp.feed(p, &clock);
    d.finish();
    d.addImportFindings(imp);
    return {d.findings(), d.toJson([&](qint64 o) { return imp.lineAt(o); }),
            d.toText([&](qint64 o) { return QStringLiteral("line %1").arg(imp.lineAt(o)); })};
}

const Finding *find(const Result &r, const char *id)
{
    for (const Finding &f : r.findings)
        if (f.id == id)
            return &f;
    return nullptr;
}

const QByteArray kOpen = "AT+QMTOPEN=0,\"broker.example.com\",1883\r\r\nOK\r\n";
const QByteArray kConnected =
    kOpen + "\r\n+QMTOPEN: 0,0\r\nAT+QMTCONN=0,\"dev1\"\r\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n";

} // namespace

class tst_Diagnosis : public QObject
{
    Q_OBJECT
private slots:
    void codes_data()
    {
        QTest::addColumn<QByteArray>("log");
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<int>("slot");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("command"); // start of the causing command
        for (int r = -1; r <= 5; ++r) {
            if (r == 0)
                continue;
            QTest::addRow("QMTOPEN %d", r)
                << kOpen + "\r\n+QMTOPEN: 0," + QByteArray::number(r) + "\r\n"
                << QByteArray("qmtopen-result") << 0 << r << QByteArray("AT+QMTOPEN=0");
        }
        // the result before OK, and ERROR after the result (field)
        QTest::addRow("QMTOPEN -1 then ERROR")
            << QByteArray("AT+QMTOPEN=2,\"h\",1883\r\r\n+QMTOPEN: 2,-1\r\nERROR\r\n")
            << QByteArray("qmtopen-result") << 2 << -1 << QByteArray("AT+QMTOPEN=2");
        for (int c = 1; c <= 8; ++c)
            QTest::addRow("QMTSTAT %d", c) << kConnected + "\r\n+QMTSTAT: 0," + QByteArray::number(c) + "\r\n"
                                           << QByteArray("qmtstat") << 0 << c << QByteArray("AT+QMTCONN=0");
        for (int c = 1; c <= 5; ++c)
            QTest::addRow("CONNACK %d", c)
                << kOpen +
                       "\r\n+QMTOPEN: 0,0\r\nAT+QMTCONN=0,\"dev1\",\"u\",\"p\"\r\r\nOK\r\n"
                       "\r\n+QMTCONN: 0,0," +
                       QByteArray::number(c) + "\r\n"
                << QByteArray("connack-refused") << 0 << c << QByteArray("AT+QMTCONN=0");
        for (int c = 1; c <= 2; ++c) {
            QTest::addRow("QMTCONN result %d", c)
                << kOpen +
                       "\r\n+QMTOPEN: 0,0\r\nAT+QMTCONN=0,\"d\"\r\r\nOK\r\n"
                       "\r\n+QMTCONN: 0," +
                       QByteArray::number(c) + "\r\n"
                << QByteArray("qmtconn-result") << 0 << c << QByteArray("AT+QMTCONN=0");
            QTest::addRow("QMTSUB result %d", c)
                << kConnected + "AT+QMTSUB=0,1,\"a/#\",1\r\r\nOK\r\n\r\n+QMTSUB: 0,1," +
                       QByteArray::number(c) + "\r\n"
                << QByteArray("qmtsub-result") << 0 << c << QByteArray("AT+QMTSUB=0");
            QTest::addRow("QMTUNS result %d", c)
                << kConnected + "AT+QMTUNS=0,2,\"a/#\"\r\r\nOK\r\n\r\n+QMTUNS: 0,2," + QByteArray::number(c) +
                       "\r\n"
                << QByteArray("qmtuns-result") << 0 << c << QByteArray("AT+QMTUNS=0");
            QTest::addRow("QMTPUBEX result %d", c)
                << kConnected +
                       "AT+QMTPUBEX=0,3,1,0,\"t\",2\r\r\n> hi\r\nOK\r\n"
                       "\r\n+QMTPUBEX: 0,3," +
                       QByteArray::number(c) + "\r\n"
                << QByteArray("qmtpub-result") << 0 << c << QByteArray("AT+QMTPUBEX=0");
        }
        QTest::addRow("subscription refused (128)")
            << kConnected + "AT+QMTSUB=0,1,\"$SYS/#\",1\r\r\nOK\r\n\r\n+QMTSUB: 0,1,0,128\r\n"
            << QByteArray("qmtsub-result") << 0 << 128 << QByteArray("AT+QMTSUB=0");
        QTest::addRow("QMTPING") << kConnected + "\r\n+QMTPING: 0,1\r\n"
                                 << QByteArray("qmtping") << 0 << 1 << QByteArray("AT+QMTCONN=0");
        // every file error of PROTOCOL.md §4, each with its meaning and a fix from at/spec
        for (int c : {400, 401, 402, 403, 405, 406, 407, 409, 410, 411, 413,
                      414, 416, 417, 418, 419, 420, 421, 423, 425, 426})
            QTest::addRow("CME %d", c)
                << "AT+QFUPL=\"UFS:ca.pem\",10\r\r\n+CME ERROR: " + QByteArray::number(c) + "\r\n"
                << QByteArray("cme-error") << -1 << c << QByteArray("AT+QFUPL=");
        // a verbose error (AT+CMEE=2) names the code whose text it is
        QTest::addRow("CME text") << QByteArray(
                                         "AT+QFUPL=\"UFS:ca.pem\",10\r\r\n+CME ERROR: file already exist\r\n")
                                  << QByteArray("cme-error") << -1 << 407 << QByteArray("AT+QFUPL=");
        // the general codes: no SIM (PROTOCOL.md §7), operation not allowed on a slot
        QTest::addRow("CME 10") << QByteArray("ATE1\r\r\nOK\r\nAT+CPIN?\r\r\n+CME ERROR: 10\r\n")
                                << QByteArray("cme-error") << -1 << 10 << QByteArray("AT+CPIN?");
        QTest::addRow("CME 3") << kConnected + "AT+QMTCFG=\"version\",0,3\r\r\n+CME ERROR: 3\r\n"
                               << QByteArray("cme-error") << 0 << 3 << QByteArray("AT+QMTCFG=\"version\",0");
        QTest::addRow("ERROR") << kConnected + "AT+QMTOPEN=0,\"other.example.com\",1883\r\r\nERROR\r\n"
                               << QByteArray("error") << 0 << 0 << QByteArray("AT+QMTOPEN=0,\"other");
        QTest::addRow("QMTCLOSE") << kConnected + "AT+QMTCLOSE=0\r\r\nOK\r\n\r\n+QMTCLOSE: 0,-1\r\n"
                                  << QByteArray("qmtclose-result") << 0 << -1 << QByteArray("AT+QMTCLOSE=0");
        QTest::addRow("QMTDISC") << kConnected + "AT+QMTDISC=0\r\r\nOK\r\n\r\n+QMTDISC: 0,-1\r\n"
                                 << QByteArray("qmtdisc-result") << 0 << -1 << QByteArray("AT+QMTDISC=0");
    }
    void codes()
    {
        QFETCH(QByteArray, log);
        QFETCH(QByteArray, id);
        QFETCH(int, slot);
        QFETCH(int, code);
        QFETCH(QByteArray, command);
        const Result r = diagnose(log);
        const Finding *f = find(r, id.constData());
        if (!f)
            qWarning().noquote() << r.text;
        QVERIFY(f);
        QCOMPARE(f->slot, slot);
        if (code != 0) {
            QVERIFY(f->hasCode);
            QCOMPARE(f->code, code);
        }
        QVERIFY2(f->command.startsWith(command), f->command.constData());
        QVERIFY(!f->what.isEmpty());
        QVERIFY(!f->meaning.isEmpty());
        // the normal end (+QMTSTAT 5 after our DISCONNECT) needs no fix, every failure has one
        if (!(id == "qmtstat" && code == 5))
            QVERIFY2(!f->fix.isEmpty(), qPrintable(f->what));
        else
            QCOMPARE(f->severity, Finding::Severity::Info);
        QVERIFY(!f->evidence.isEmpty());
    }

    // "+QMTOPEN: 2,-1" then "ERROR" (field): one failure, not two
    void resultThenErrorIsOneFailure()
    {
        const Result r = diagnose("AT+QMTOPEN=2,\"h\",1883\r\r\n+QMTOPEN: 2,-1\r\nERROR\r\n");
        QVERIFY(find(r, "qmtopen-result"));
        QVERIFY(!find(r, "error"));
        QCOMPARE(r.json.value(QStringLiteral("errors")).toInt(), 1);
    }

    // A flood of one failure (a module whose pings keep failing, a journal of a bad night):
    // kListedEach of a kind are listed, the rest counted on the last one; other kinds and
    // other slots are listed as before, and the error count holds every one.
    void repeatsAreCountedNotListed()
    {
        QByteArray log = kConnected;
        for (int i = 0; i < 500; ++i)
            log += "\r\n+QMTPING: 0,1\r\n";
        log += "\r\n+QMTPING: 1,1\r\n\r\n+QMTPING: 1,1\r\n\r\n+QMTSTAT: 0,1\r\n";
        const Result r = diagnose(log);
        std::vector<const Finding *> ping0, ping1;
        for (const Finding &f : r.findings)
            if (f.id == "qmtping")
                (f.slot == 0 ? ping0 : ping1).push_back(&f);
        QCOMPARE(int(ping0.size()), Diagnosis::kListedEach);
        QCOMPARE(int(ping1.size()), 2);
        for (std::size_t i = 0; i + 1 < ping0.size(); ++i)
            QCOMPARE(ping0[i]->repeats, 0);
        const Finding *last = ping0.back();
        QCOMPARE(last->repeats, 500 - Diagnosis::kListedEach);
        QVERIFY(last->lastOffset > last->offset);
        QVERIFY(last->lastTimeUs >= last->timeUs);
        QCOMPARE(ping1[0]->repeats, 0);
        QVERIFY(find(r, "qmtstat"));
        QCOMPARE(r.json.value(QStringLiteral("errors")).toInt(), 500 + 2 + 1);
        const QJsonArray list = r.json.value(QStringLiteral("findings")).toArray();
        int withRepeats = 0;
        for (const QJsonValue &v : list)
            if (v.toObject().contains(QStringLiteral("repeats"))) {
                ++withRepeats;
                QCOMPARE(v.toObject().value(QStringLiteral("repeats")).toInt(), 480);
                QVERIFY(v.toObject().value(QStringLiteral("last_line")).toInt() >
                        v.toObject().value(QStringLiteral("line")).toInt());
            }
        QCOMPARE(withRepeats, 1);
        // (no translator loaded here: the source text's "time(s)")
        QVERIFY(r.text.contains(QRegularExpression(
            QStringLiteral("seen 480 more time\\S* after this one, the last at line \\d+"))));
    }

    void refusalExplained()
    {
        // AT+QMTOPEN on a slot that is open: the likely reason comes from its state before
        const Result r = diagnose(kConnected + "AT+QMTOPEN=0,\"other.example.com\",1883\r\r\nERROR\r\n");
        const Finding *f = find(r, "error");
        QVERIFY(f);
        QVERIFY2(f->causes.contains(QStringLiteral("open")), qPrintable(f->causes));
    }

    void uploads()
    {
        // a 4-byte upload whose checksum the module got wrong, then one cut short
        const Result bad =
            diagnose("AT+QFUPL=\"RAM:a.pem\",4,60\r\r\nCONNECT\r\nabcd\r\n+QFUPL: 4,1234\r\n\r\nOK\r\n");
        // the log shows "abcd" then its line end: the data is "abcd" (4 bytes) for the checksum
        const Finding *f = find(bad, "qfupl-checksum");
        QVERIFY(f);
        QVERIFY(f->command.startsWith("AT+QFUPL="));
        const Result cut = diagnose(
            "AT+QFUPL=\"RAM:b.pem\",1758,60\r\r\nCONNECT\r\n<1758 bytes>\r\n+QFUPL: 1200,1a2b\r\n\r\nOK\r\n");
        QVERIFY(find(cut, "qfupl-size"));
        QVERIFY(!find(cut, "qfupl-checksum")); // the data was left out: nothing to compare
    }

    // The meanings' likely causes come from at/spec, one per failure code of PROTOCOL.md's tables.
    void codeCausesFromSpec()
    {
        for (int r : {-1, 1, 2, 3, 4, 5}) {
            const Result res = diagnose(kOpen + "\r\n+QMTOPEN: 0," + QByteArray::number(r) + "\r\n");
            QVERIFY2(!find(res, "qmtopen-result")->causes.isEmpty(), qPrintable(QString::number(r)));
        }
        for (int c : {1, 2, 3, 4, 6, 7, 8}) {
            const Result res = diagnose(kConnected + "\r\n+QMTSTAT: 0," + QByteArray::number(c) + "\r\n");
            QVERIFY2(!find(res, "qmtstat")->causes.isEmpty(), qPrintable(QString::number(c)));
        }
        for (int c = 1; c <= 5; ++c) {
            const Result res =
                diagnose(kOpen + "\r\n+QMTOPEN: 0,0\r\nAT+QMTCONN=0,\"d\"\r\r\nOK\r\n\r\n+QMTCONN: 0,0," +
                         QByteArray::number(c) + "\r\n");
            QVERIFY2(!find(res, "connack-refused")->causes.isEmpty(), qPrintable(QString::number(c)));
        }
        const Result ping = diagnose(kConnected + "\r\n+QMTPING: 0,1\r\n");
        QVERIFY(!find(ping, "qmtping")->causes.isEmpty());
    }

    // A log shows an upload's lines, not their line ends: a PEM file with LF line ends (or CR LF,
    // or none after its last line) that the module stored intact is no checksum mismatch.
    void uploadLineEnds_data()
    {
        QTest::addColumn<QByteArray>("file");
        const QByteArray pem =
            "-----BEGIN CERTIFICATE-----\nMIIDQTCCAimgAwIBAgITBmyfz5m/jAo54vB4ikPmljZbyjANBgkqhkiG9w0BAQsF\n"
            "ADA5MQswCQYDVQQGEwJVUzEPMA0GA1UEChMGQW1hem9uMRkwFwYDVQQDExBBbWF6\n"
            "-----END CERTIFICATE-----\n";
        QTest::newRow("LF") << pem;
        QTest::newRow("CR LF") << QByteArray(pem).replace("\n", "\r\n");
        QTest::newRow("no line end at the end") << pem.chopped(1);
        QTest::newRow("odd size") << pem + "x";
    }
    void uploadLineEnds()
    {
        QFETCH(QByteArray, file);
        const QByteArray size = QByteArray::number(file.size());
        const QByteArray sum = qmt::at::formatChecksum(qmt::at::qfuplChecksum(file));
        // as a terminal log shows it: the command and its echo, CONNECT, the file's lines, the answer
        const QByteArray shown = QByteArray(file).replace("\r\n", "\n").replace("\n", "\r\n");
        const QByteArray head = "AT+QFUPL=\"RAM:ca.pem\"," + size + ",100\r\r\nCONNECT\r\n" + shown +
                                (shown.endsWith("\r\n") ? "" : "\r\n");
        const Result good = diagnose(head + "+QFUPL: " + size + "," + sum + "\r\n\r\nOK\r\n");
        QVERIFY2(!find(good, "qfupl-checksum"), qPrintable(good.text));
        QVERIFY(!find(good, "qfupl-size"));
        // a module that stored other bytes of the same size: found, with the command
        const QByteArray wrong = qmt::at::formatChecksum(quint16(qmt::at::qfuplChecksum(file) ^ 0x0101));
        const Result bad = diagnose(head + "+QFUPL: " + size + "," + wrong + "\r\n\r\nOK\r\n");
        const Finding *f = find(bad, "qfupl-checksum");
        QVERIFY2(f, qPrintable(bad.text));
        QVERIFY(f->command.startsWith("AT+QFUPL=\"RAM:ca.pem\""));
        QCOMPARE(f->slot, -1);
        QVERIFY(!f->fix.isEmpty());
    }

    void noResultUrc()
    {
        // OK, then nothing for longer than the time-out (QMTCONN: pkt_timeout 5 s + margin)
        const Result late = diagnose("[10:00:00.000] >> AT+QMTCONN=0,\"d\"\n[10:00:00.020] << OK\n"
                                     "[10:00:30.000] << +QMTPING: 1,1\n");
        const Finding *f = find(late, "no-result-urc");
        QVERIFY(f);
        QCOMPARE(f->severity, Finding::Severity::Error);
        QCOMPARE(f->slot, 0);
        QVERIFY(f->command.startsWith("AT+QMTCONN=0"));
        // the log ends right after the OK: a warning, not a failure
        const Result ended = diagnose("[10:00:00.000] >> AT+QMTSUB=0,1,\"t\",0\n[10:00:00.020] << OK\n");
        QCOMPARE(find(ended, "no-result-urc")->severity, Finding::Severity::Warning);
        // the result came: nothing
        QVERIFY(!find(diagnose(kConnected), "no-result-urc"));
    }

    void patterns_data()
    {
        QTest::addColumn<QByteArray>("log");
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<int>("slot");
        QTest::newRow("URCs on another port")
            << QByteArray("AT+QMTOPEN=0,\"h\",1883\r\r\nOK\r\nAT+QMTOPEN=1,\"h\",1883\r\r\nOK\r\n"
                          "AT+QMTOPEN=2,\"h\",1883\r\r\nOK\r\n")
            << QByteArray("urc-port") << -1;
        QTest::newRow("data shorter than declared")
            << kConnected + ">> AT+QMTPUBEX=0,1,1,0,\"t\",26\n<< >\n>> {\"temp\":23.4,\"rssi\":-71}\n<< OK\n"
            << QByteArray("data-length") << 0;
        QTest::newRow("TLS without a CA")
            << QByteArray(
                   "AT+QMTCFG=\"ssl\",3,1,2\r\r\nOK\r\nAT+QMTOPEN=3,\"a.iot.example.com\",8883\r\r\nOK\r\n")
            << QByteArray("tls-no-ca") << 3;
        QTest::newRow("setting after connect") << kConnected + "AT+QMTCFG=\"keepalive\",0,60\r\r\nOK\r\n"
                                               << QByteArray("config-after-connect") << 0;
        QTest::newRow("keep-alive too long")
            << QByteArray("AT+QMTCFG=\"keepalive\",4,900\r\r\nOK\r\n") << QByteArray("keepalive-risk") << 4;
        QTest::newRow("keep-alive none")
            << QByteArray("AT+QMTCFG=\"keepalive\",4,0\r\r\nOK\r\n") << QByteArray("keepalive-risk") << 4;
        QTest::newRow("client id on two slots")
            << kConnected + "AT+QMTOPEN=1,\"broker.example.com\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 1,0\r\n"
                            "AT+QMTCONN=1,\"dev1\"\r\r\nOK\r\n"
            << QByteArray("client-id-reused") << 1;
        QTest::newRow("PDP context not active")
            << QByteArray("AT+QIACT?\r\r\n+QIACT: 2,1,1,\"10.0.0.2\"\r\n\r\nOK\r\n") + kOpen
            << QByteArray("pdp-inactive") << 0;
        QTest::newRow("PDP deactivated") << kConnected + "\r\n+QIURC: \"pdpdeact\",1\r\n"
                                         << QByteArray("pdp-deactivated") << -1;
        QTest::newRow("module restarted") << kConnected + "\r\nRDY\r\n\r\n+CFUN: 1\r\n"
                                          << QByteArray("module-restart") << -1;
        QTest::newRow("module restarted as asked")
            << kConnected + "AT+CFUN=1,1\r\r\nOK\r\n\r\nRDY\r\n\r\n+CFUN: 1\r\n"
            << QByteArray("module-restart-asked") << -1;
    }
    void patterns()
    {
        QFETCH(QByteArray, log);
        QFETCH(QByteArray, id);
        QFETCH(int, slot);
        const Result r = diagnose(log);
        const Finding *f = find(r, id.constData());
        if (!f)
            qWarning().noquote() << r.text;
        QVERIFY(f);
        QCOMPARE(f->slot, slot);
        QVERIFY(!f->what.isEmpty());
        QVERIFY(!f->meaning.isEmpty());
        QVERIFY(!f->causes.isEmpty());
        QVERIFY(!f->fix.isEmpty());
    }

    // A restart the host asked for is no error; one after a plain AT+CFUN=1 (no reset) is.
    void restartAskedIsNoError()
    {
        const Result asked = diagnose(kConnected + "at+cfun = 1,1\r\r\nOK\r\n\r\nRDY\r\n");
        QVERIFY(!find(asked, "module-restart"));
        const Finding *f = find(asked, "module-restart-asked");
        QVERIFY(f);
        QCOMPARE(f->severity, Finding::Severity::Info);
        QCOMPARE(f->command, QByteArray("at+cfun = 1,1"));
        const Result notAsked = diagnose(kConnected + "AT+CFUN=1\r\r\nOK\r\n\r\nRDY\r\n");
        QVERIFY(find(notAsked, "module-restart"));
        QVERIFY(!find(notAsked, "module-restart-asked"));
        // asked once: a second RDY later is a surprise again
        const Result twice = diagnose(kConnected + "AT+QPOWD\r\r\nOK\r\n\r\nPOWERED DOWN\r\n\r\nRDY\r\n" +
                                      kConnected + "\r\nRDY\r\n");
        QVERIFY(find(twice, "module-restart-asked"));
        QVERIFY(find(twice, "module-restart"));
    }

    void tlsHandshakeCauses()
    {
        // TLS open failing without SNI and with the time check on: both named
        const Result r = diagnose(
            "AT+QSSLCFG=\"cacert\",2,\"UFS:ca.pem\"\r\r\nOK\r\nAT+QMTCFG=\"ssl\",0,1,2\r\r\nOK\r\n"
            "AT+QMTOPEN=0,\"a1.iot.us-east-1.amazonaws.com\",8883\r\r\nOK\r\n\r\n+QMTOPEN: 0,-1\r\n");
        const Finding *f = find(r, "qmtopen-result");
        QVERIFY(f);
        QVERIFY(f->causes.contains(QStringLiteral("sni")));
        QVERIFY(f->causes.contains(QStringLiteral("ignorelocaltime")));
        QVERIFY(!find(r, "tls-no-ca")); // a CA is set
    }

    void secretsLeftOut()
    {
        const Result r =
            diagnose(kOpen + "\r\n+QMTOPEN: 0,0\r\nAT+QMTCONN=0,\"dev1\",\"alice\",\"s3cr3t\"\r\r\nOK\r\n"
                             "\r\n+QMTCONN: 0,0,5\r\n");
        QVERIFY(!r.text.contains(QStringLiteral("s3cr3t")));
        QVERIFY(!r.text.contains(QStringLiteral("alice")));
        QVERIFY(!QJsonDocument(r.json).toJson().contains("s3cr3t"));
        QVERIFY(r.text.contains(QStringLiteral("\"***\"")));
    }

    void redaction()
    {
        QCOMPARE(qmt::at::redactSecrets("AT+QMTCONN=0,\"dev1\",\"alice\",\"s,3\""),
                 QByteArray("AT+QMTCONN=0,\"dev1\",\"***\",\"***\""));
        QCOMPARE(qmt::at::redactSecrets("AT+QMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"secret\""),
                 QByteArray("AT+QMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"***\""));
        QCOMPARE(qmt::at::redactSecrets("AT+QMTCFG=\"keepalive\",0,60"),
                 QByteArray("AT+QMTCFG=\"keepalive\",0,60"));
        QCOMPARE(qmt::at::redactSecrets("AT+QMTOPEN=0,\"h\",1883"), QByteArray("AT+QMTOPEN=0,\"h\",1883"));
        QCOMPARE(qmt::at::redactSecrets("+QMTCONN: 0,0,0"), QByteArray("+QMTCONN: 0,0,0"));
    }

    void seedSessionsAreClean()
    {
        for (const char *name : {"seed_5_1.log", "seed_5_2.log"}) {
            QFile file(QString::fromLocal8Bit(qgetenv("QMT_TRANSCRIPTS")) + QLatin1Char('/') +
                       QLatin1String(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const Result r = diagnose(file.readAll());
            for (const Finding &f : r.findings)
                QVERIFY2(f.severity != Finding::Severity::Error, qPrintable(f.what));
        }
    }

    void lineNumbersAndOrder()
    {
        const Result r =
            diagnose("# customer's log\n[10:00:00.000] >> AT+QMTOPEN=1,\"h\",1883\n[10:00:00.010] << OK\n"
                     "[10:00:01.000] << +QMTOPEN: 1,3\n[10:00:02.000] << +QMTSTAT: 0,1\n");
        const QJsonArray list = r.json.value(QStringLiteral("findings")).toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("qmtopen-result"));
        QCOMPARE(list[0].toObject().value(QStringLiteral("line")).toInt(), 4);
        QCOMPARE(list[0].toObject().value(QStringLiteral("command_line")).toInt(), 2);
        QCOMPARE(list[1].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("qmtstat"));
        QCOMPARE(r.json.value(QStringLiteral("errors")).toInt(), 2);
        QVERIFY(r.text.contains(QStringLiteral("line 4")));
    }

    void cli()
    {
        QProcess p;
        const QString cli = QString::fromLocal8Bit(qgetenv("QMT_BIN_DIR")) + QStringLiteral("/qmtscope-cli");
        p.start(cli,
                {QStringLiteral("diagnose"), qmt::test::testDataPath(QStringLiteral("logs/sscom_cn.txt"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 3);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY(out.contains("CONNACK 4"));
        QVERIFY(out.contains("line 20"));
        QVERIFY(!out.contains("secret\""));
        p.start(cli, {QStringLiteral("diagnose"), QStringLiteral("--json"),
                      qmt::test::testDataPath(QStringLiteral("logs/esp32_firmware.log"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 3);
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        const QJsonObject first = o.value(QStringLiteral("findings")).toArray()[0].toObject();
        QCOMPARE(first.value(QStringLiteral("id")).toString(), QStringLiteral("qmtping"));
        QCOMPARE(first.value(QStringLiteral("slot")).toInt(), 2);
        QCOMPARE(first.value(QStringLiteral("line")).toInt(), 14);
        // a clean session: exit 0
        p.start(cli, {QStringLiteral("diagnose"),
                      QString::fromLocal8Bit(qgetenv("QMT_TRANSCRIPTS")) + QStringLiteral("/seed_5_1.log")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        p.start(cli, {QStringLiteral("diagnose")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Diagnosis)
#include "tst_diagnosis.moc"
