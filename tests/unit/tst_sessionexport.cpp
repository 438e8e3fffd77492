// SPDX-License-Identifier: Apache-2.0
// Session exports (workflows/sessionexport.h): a journal holding every kind of secret, exported
// in every format, searched for each secret and its hex and base64 forms; the text export read
// back by the log importer to the same slots; time ranges; marked strings.

#include "engine/pipeline.h"
#include "io/journal.h"
#include "workflows/journalsearch.h"
#include "workflows/logimport.h"
#include "workflows/sessionexport.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt::session;

namespace {

const QByteArray kPassword = "pa55w0rd!Q";
const QByteArray kUser = "fieldUser77";
const QByteArray kDeviceSecret = "S3cr3tDeviceSecretXYZ";
const QByteArray kKeyBody = "KEYBODYxyzzy0123456789abcdefLINE";
const QByteArray kKeyBody2 = "OTHERKEYqwertyBODYinBUNDLE";
const QByteArray kMarked = "meter-SN-998877"; // the user marked the client id as secret
const QByteArray kCertBody = "CERTBODYpublicMIIBszCCAVmgAwIBAgI";

QByteArray keyPem(const QByteArray &body)
{
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n" + body + "\n-----END PRIVATE KEY-----\n";
}

QByteArray certPem()
{
    return "-----BEGIN CERTIFICATE-----\n" + kCertBody + "\n-----END CERTIFICATE-----\n";
}

// A live session with echo on, as the journal records it.
void writeSession(Journal &j)
{
    qint64 frames = 0;
    j.portEvent(Journal::Kind::PortOpened, QStringLiteral("/dev/ttyUSB2 115200 8N1"), frames);
    auto exchange = [&](const QByteArray &command, const QByteArray &answer) {
        j.wroteCommand(command, frames);
        j.received(command + "\r\r\n" + answer, frames);
        frames += 3;
    };
    exchange("AT+QMTCFG=\"aliauth\",0,\"a1ProductKey\",\"device01\",\"" + kDeviceSecret + "\"", "OK\r\n");
    exchange("AT+QMTCFG=\"aliauth\",0",
             "+QMTCFG: \"aliauth\",\"a1ProductKey\",\"device01\",\"" + kDeviceSecret + "\"\r\n\r\nOK\r\n");
    // a private key by its file name, a bundle with a key in it, and a public certificate
    const QByteArray key = keyPem(kKeyBody);
    j.wroteCommand("AT+QFUPL=\"UFS:user_key.pem\"," + QByteArray::number(key.size()) + ",100", frames);
    j.received("\r\nCONNECT\r\n", frames);
    j.wroteData(key, frames);
    j.received("\r\n+QFUPL: " + QByteArray::number(key.size()) + ",1a2b\r\n\r\nOK\r\n", frames);
    const QByteArray bundle = certPem() + keyPem(kKeyBody2);
    j.wroteCommand("AT+QFUPL=\"UFS:bundle.pem\"," + QByteArray::number(bundle.size()) + ",100", frames);
    j.received("\r\nCONNECT\r\n", frames);
    j.wroteData(bundle, frames);
    j.received("\r\n+QFUPL: " + QByteArray::number(bundle.size()) + ",3c4d\r\n\r\nOK\r\n", frames);
    const QByteArray cert = certPem();
    j.wroteCommand("AT+QFUPL=\"UFS:cacert.pem\"," + QByteArray::number(cert.size()) + ",100", frames);
    j.received("\r\nCONNECT\r\n", frames);
    j.wroteData(cert, frames);
    j.received("\r\n+QFUPL: " + QByteArray::number(cert.size()) + ",5e6f\r\n\r\nOK\r\n", frames);
    exchange("AT+QMTOPEN=0,\"broker.example.com\",1883", "OK\r\n\r\n+QMTOPEN: 0,0\r\n");
    exchange("AT+QMTCONN=0,\"" + kMarked + "\",\"" + kUser + "\",\"" + kPassword + "\"",
             "OK\r\n\r\n+QMTCONN: 0,0,0\r\n");
    exchange("AT+QMTSUB=0,1,\"meters/" + kMarked + "/cmd\",1", "OK\r\n\r\n+QMTSUB: 0,1,0,1\r\n");
    j.note(QStringLiteral("customer said %1 drops at night").arg(QString::fromUtf8(kMarked)), frames);
    j.wroteCommand("AT+QMTPUBEX=0,2,1,0,\"meters/up\",5", frames);
    j.received("AT+QMTPUBEX=0,2,1,0,\"meters/up\",5\r\r\n> ", frames);
    j.wroteData("hello", frames);
    j.received("\r\nOK\r\n\r\n+QMTPUBEX: 0,2,0\r\n", frames);
    j.received("\r\n+QMTRECV: 0,3,\"meters/" + kMarked + "/cmd\",4,\"ping\"\r\n", frames);
    j.portEvent(Journal::Kind::PortClosed, QString(), frames);
    QVERIFY(j.commit());
}

QByteArray exportOf(const JournalReader &r, ExportFormat format, bool redact)
{
    ExportOptions o;
    o.format = format;
    o.redact = redact;
    o.hide << kMarked;
    o.name = QStringLiteral("session.qmtj");
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    QString error;
    if (!exportJournal(r, o, &out, &error))
        qWarning() << error;
    return out.data();
}

QJsonObject slotsOf(const Pipeline &p)
{
    return p.store().toJson(true);
}

} // namespace

class TestSessionExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("session.qmtj"));
        QString error;
        std::unique_ptr<Journal> j = Journal::create(m_path, QStringLiteral("export test"), &error);
        QVERIFY2(j, qPrintable(error));
        writeSession(*j);
    }

    void noSecretLeaves_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("text") << int(ExportFormat::Text);
        QTest::newRow("jsonl") << int(ExportFormat::JsonLines);
        QTest::newRow("html") << int(ExportFormat::Html);
    }
    void noSecretLeaves()
    {
        QFETCH(int, format);
        QString error;
        const std::optional<JournalReader> r = JournalReader::open(m_path, &error);
        QVERIFY2(r, qPrintable(error));
        const QByteArray redacted = exportOf(*r, ExportFormat(format), true);
        const QByteArray plain = exportOf(*r, ExportFormat(format), false);
        QVERIFY(redacted.size() > 500);
        for (const QByteArray &secret : {kPassword, kUser, kDeviceSecret, kKeyBody, kKeyBody2, kMarked}) {
            for (const QByteArray &form :
                 {secret, secret.toHex(), secret.toHex().toUpper(), secret.toBase64()})
                QVERIFY2(!redacted.contains(form), (secret + " as " + form).constData());
            // turned off, the export has them: the search above can fail
            QVERIFY2(plain.contains(secret), secret.constData());
        }
        QVERIFY(redacted.contains("***"));
        // what is not secret stays: the certificate, the broker, the data published
        QVERIFY(redacted.contains(kCertBody));
        QVERIFY(redacted.contains("broker.example.com"));
        QVERIFY(redacted.contains("a1ProductKey"));
        QVERIFY(redacted.toLower().contains("private key")); // the key's place is shown, not its body
    }

    void jsonLinesParse()
    {
        QString error;
        const std::optional<JournalReader> r = JournalReader::open(m_path, &error);
        QVERIFY(r);
        const QList<QByteArray> lines = exportOf(*r, ExportFormat::JsonLines, true).split('\n');
        int frames = 0, notes = 0;
        bool sawConn = false, sawRecv = false;
        for (const QByteArray &line : lines) {
            if (line.isEmpty())
                continue;
            QJsonParseError pe;
            const QJsonObject o = QJsonDocument::fromJson(line, &pe).object();
            QVERIFY2(pe.error == QJsonParseError::NoError, line.constData());
            QVERIFY(o.contains(QStringLiteral("time_us")));
            const QString kind = o.value(QStringLiteral("kind")).toString();
            if (kind == QLatin1String("note"))
                ++notes;
            else if (kind != QLatin1String("port-opened") && kind != QLatin1String("port-closed"))
                ++frames;
            if (o.value(QStringLiteral("command")).toString() == QLatin1String("QMTCONN") &&
                kind == QLatin1String("command") &&
                o.value(QStringLiteral("dir")).toString() == QLatin1String("tx")) {
                sawConn = true;
                QCOMPARE(o.value(QStringLiteral("slot")).toInt(), 0);
                QCOMPARE(o.value(QStringLiteral("fields")).toArray().size(), 4);
                QCOMPARE(o.value(QStringLiteral("fields")).toArray().at(3).toString(), QStringLiteral("***"));
            }
            if (kind == QLatin1String("urc") &&
                o.value(QStringLiteral("command")).toString() == QLatin1String("QMTRECV")) {
                sawRecv = true;
                QCOMPARE(o.value(QStringLiteral("payload")).toString(), QStringLiteral("ping"));
                QCOMPARE(o.value(QStringLiteral("topic")).toString(), QStringLiteral("meters/***/cmd"));
            }
        }
        QVERIFY(sawConn);
        QVERIFY(sawRecv);
        QCOMPARE(notes, 1);
        QVERIFY(frames > 30);
    }

    // The text export reads back, through the log importer, to the slots the journal gives.
    void textReimports()
    {
        QString error;
        const std::optional<JournalReader> r = JournalReader::open(m_path, &error);
        QVERIFY(r);
        ManualClock clock;
        Pipeline live(&clock);
        r->replay(live, &clock);
        live.endOfInput();

        const QByteArray text = exportOf(*r, ExportFormat::Text, false);
        const LogImport import = LogImport::read(text);
        Pipeline back;
        import.feed(back);
        QCOMPARE(slotsOf(back), slotsOf(live));
        QCOMPARE(back.store().slot(0).counters.published, 1);
        QCOMPARE(back.store().slot(0).counters.received, 1);
        QCOMPARE(import.counts().unreadable, 0);
    }

    // A time range: frames outside it are not written; the slots in HTML are those at its end.
    void timeRange()
    {
        const QByteArray log = "2026-12-05 10:00:00.000 TX: AT+QMTOPEN=0,\"h\",1883\n"
                               "2026-12-05 10:00:00.020 RX: OK\n"
                               "2026-12-05 10:00:01.000 RX: +QMTOPEN: 0,0\n"
                               "2026-12-05 10:00:05.000 TX: AT+QMTCONN=0,\"c\"\n"
                               "2026-12-05 10:00:05.020 RX: OK\n"
                               "2026-12-05 10:00:06.000 RX: +QMTCONN: 0,0,0\n"
                               "2026-12-05 10:00:09.000 RX: +QMTSTAT: 0,1\n";
        const LogImport import = LogImport::read(log);
        QVERIFY(import.hasTimes());
        const qint64 t0 = import.lineTimeUs(1);
        ExportOptions o;
        o.fromUs = t0 + 4'000'000;
        o.toUs = t0 + 7'000'000;
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        ManualClock clock;
        Pipeline p(&clock);
        SessionExporter e(p, o, &out);
        import.feed(p, &clock);
        QVERIFY(e.finish());
        const QList<QByteArray> lines = out.data().trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].endsWith("TX: AT+QMTCONN=0,\"c\""));
        QVERIFY(lines[2].endsWith("RX: +QMTCONN: 0,0,0"));
        QCOMPARE(e.framesWritten(), 3);
    }

    // Search over the whole journal: text and regular expression, by slot and direction; a hit's
    // frame number is the event's place in a replay (the traffic view's row).
    void searchTheJournal()
    {
        QString error;
        const std::optional<JournalReader> r = JournalReader::open(m_path, &error);
        QVERIFY(r);
        std::vector<QByteArray> replayed;
        {
            ManualClock clock;
            Pipeline p(&clock);
            p.addObserver([&](const qmt::at::AtEvent &ev) { replayed.push_back(ev.text.toByteArray()); });
            r->replay(p, &clock);
            p.endOfInput();
        }
        SearchQuery q;
        q.text = QStringLiteral("qmtconn"); // ASCII case ignored
        SearchResult res = JournalSearch::run(*r, q);
        QCOMPARE(qsizetype(res.frames), qsizetype(replayed.size()));
        QCOMPARE(res.hits.size(), std::size_t(3)); // our command, its echo, +QMTCONN: 0,0,0
        for (const SearchHit &h : res.hits)
            QCOMPARE(replayed[std::size_t(h.frame)], h.text);
        q.direction = SearchQuery::Direction::Sent;
        res = JournalSearch::run(*r, q);
        QCOMPARE(res.hits.size(), std::size_t(1));
        QVERIFY(res.hits[0].text.startsWith("AT+QMTCONN=0,"));
        QCOMPARE(res.hits[0].slot, 0);
        q = SearchQuery();
        q.regex = true;
        q.text = QStringLiteral("^\\+QMT(SUB|PUBEX): 0,\\d+,0");
        q.slot = 0;
        res = JournalSearch::run(*r, q);
        QCOMPARE(res.hits.size(), std::size_t(2));
        q.slot = 3;
        QVERIFY(JournalSearch::run(*r, q).hits.empty());
        q.text = QStringLiteral("(unclosed");
        res = JournalSearch::run(*r, q);
        QVERIFY(!res.error.isEmpty());
        q = SearchQuery();
        q.text = QStringLiteral("OK");
        q.maxHits = 2;
        res = JournalSearch::run(*r, q);
        QCOMPARE(res.hits.size(), std::size_t(2));
        QVERIFY(!res.complete);
    }

    void formatFromName()
    {
        QCOMPARE(exportFormatFrom(QStringLiteral("x/session.jsonl")), ExportFormat::JsonLines);
        QCOMPARE(exportFormatFrom(QStringLiteral("report.HTML")), ExportFormat::Html);
        QCOMPARE(exportFormatFrom(QStringLiteral("text")), ExportFormat::Text);
        QVERIFY(!exportFormatFrom(QStringLiteral("session.pdf")));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TestSessionExport)
#include "tst_sessionexport.moc"
