// SPDX-License-Identifier: Apache-2.0
// The parser: every response, final result and URC form of PROTOCOL.md as a typed event.

#include "at/atcommand.h"
#include "engine/parser.h"
#include "engine/pipeline.h"

#include <QTest>

using namespace qmt;
using at::EventType;
using at::What;

Q_DECLARE_METATYPE(qmt::at::EventType)
Q_DECLARE_METATYPE(qmt::at::What)

namespace {

struct Seen
{
    EventType type;
    What what;
    QByteArray cmd;
    int idx;
    QByteArrayList args;
    QByteArray topic, payload;
    qint64 declared;
    bool complete;
    bool urc;
    int cme;
    QByteArray cmeText;
};

// Feeds `context` then `line` (each line ended with CR LF) and returns the event of the last line.
Seen lastEvent(const QByteArray &context, const QByteArray &line)
{
    session::ManualClock clock;
    session::Pipeline p(&clock);
    Seen s{};
    p.addObserver([&](const at::AtEvent &e) {
        s = Seen{e.type,
                 e.what,
                 at::cmdName(e.cmd),
                 e.clientIdx,
                 {},
                 e.topic.toByteArray(),
                 e.payload.toByteArray(),
                 e.declaredLength,
                 e.payloadComplete,
                 e.isUrc(),
                 e.cmeCode,
                 e.cmeText.toByteArray()};
        for (qsizetype i = 0; i < e.argCount(); ++i)
            s.args << e.arg(i).text.toByteArray();
    });
    if (!context.isEmpty())
        p.received(context + "\r\n");
    p.received(line + "\r\n");
    p.endOfInput();
    return s;
}

} // namespace

class tst_Parser : public QObject
{
    Q_OBJECT
private slots:
    void forms_data()
    {
        QTest::addColumn<QByteArray>("context");
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<EventType>("type");
        QTest::addColumn<What>("what");
        QTest::addColumn<QByteArray>("cmd");
        QTest::addColumn<int>("idx");
        QTest::addColumn<QByteArrayList>("args");
        QTest::addColumn<bool>("urc");
        using L = QByteArrayList;
        const QByteArray none;
        // final results
        QTest::newRow("OK") << none << QByteArray("OK") << EventType::Ok << What::None << QByteArray("") << -1
                            << L{} << false;
        QTest::newRow("ERROR") << none << QByteArray("ERROR") << EventType::Error << What::None
                               << QByteArray("") << -1 << L{} << false;
        QTest::newRow("CONNECT") << QByteArray("AT+QFUPL=\"a\",3") << QByteArray("CONNECT")
                                 << EventType::Connect << What::None << QByteArray("QFUPL") << -1 << L{}
                                 << false;
        // URCs of §3 and their result forms
        QTest::newRow("QMTSTAT") << none << QByteArray("+QMTSTAT: 3,1") << EventType::Response << What::Stat
                                 << QByteArray("QMTSTAT") << 3 << L{"3", "1"} << true;
        QTest::newRow("QMTPING") << none << QByteArray("+QMTPING: 5,1") << EventType::Response << What::Ping
                                 << QByteArray("QMTPING") << 5 << L{"5", "1"} << true;
        QTest::newRow("QMTOPEN result")
            << none << QByteArray("+QMTOPEN: 0,-1") << EventType::Response << What::OpenResult
            << QByteArray("QMTOPEN") << 0 << L{"0", "-1"} << true;
        QTest::newRow("QMTOPEN info")
            << QByteArray("AT+QMTOPEN?") << QByteArray("+QMTOPEN: 1,\"h.example\",8883")
            << EventType::Response << What::OpenInfo << QByteArray("QMTOPEN") << 1
            << L{"1", "h.example", "8883"} << false;
        QTest::newRow("QMTOPEN test")
            << QByteArray("AT+QMTOPEN=?") << QByteArray("+QMTOPEN: (0-5),\"host_name\",(1-65535)")
            << EventType::Response << What::TestRanges << QByteArray("QMTOPEN") << -1
            << L{"(0-5)", "host_name", "(1-65535)"} << false;
        QTest::newRow("QMTCLOSE") << none << QByteArray("+QMTCLOSE: 2,0") << EventType::Response
                                  << What::CloseResult << QByteArray("QMTCLOSE") << 2 << L{"2", "0"} << true;
        QTest::newRow("QMTCONN result")
            << none << QByteArray("+QMTCONN: 0,0,4") << EventType::Response << What::ConnResult
            << QByteArray("QMTCONN") << 0 << L{"0", "0", "4"} << true;
        QTest::newRow("QMTCONN retransmit")
            << none << QByteArray("+QMTCONN: 0,1") << EventType::Response << What::ConnResult
            << QByteArray("QMTCONN") << 0 << L{"0", "1"} << true;
        QTest::newRow("QMTCONN state")
            << QByteArray("AT+QMTCONN?") << QByteArray("+QMTCONN: 0,3") << EventType::Response
            << What::ConnState << QByteArray("QMTCONN") << 0 << L{"0", "3"} << false;
        QTest::newRow("QMTDISC") << none << QByteArray("+QMTDISC: 4,-1") << EventType::Response
                                 << What::DiscResult << QByteArray("QMTDISC") << 4 << L{"4", "-1"} << true;
        QTest::newRow("QMTSUB") << none << QByteArray("+QMTSUB: 0,1,0,2,128") << EventType::Response
                                << What::SubResult << QByteArray("QMTSUB") << 0
                                << L{"0", "1", "0", "2", "128"} << true;
        QTest::newRow("QMTUNS") << none << QByteArray("+QMTUNS: 0,2,0") << EventType::Response
                                << What::UnsResult << QByteArray("QMTUNS") << 0 << L{"0", "2", "0"} << true;
        QTest::newRow("QMTPUBEX") << none << QByteArray("+QMTPUBEX: 0,3,1,2") << EventType::Response
                                  << What::PubResult << QByteArray("QMTPUBEX") << 0 << L{"0", "3", "1", "2"}
                                  << true;
        QTest::newRow("QMTPUB") << none << QByteArray("+QMTPUB: 1,0,0") << EventType::Response
                                << What::PubResult << QByteArray("QMTPUB") << 1 << L{"1", "0", "0"} << true;
        QTest::newRow("QMTRECV stored")
            << none << QByteArray("+QMTRECV: 0,4") << EventType::Response << What::RecvStored
            << QByteArray("QMTRECV") << 0 << L{"0", "4"} << true;
        QTest::newRow("QMTRECV status")
            << QByteArray("AT+QMTRECV?") << QByteArray("+QMTRECV: 1,0,1,0,0,1") << EventType::Response
            << What::RecvStatus << QByteArray("QMTRECV") << 1 << L{"1", "0", "1", "0", "0", "1"} << false;
        QTest::newRow("QMTCFG read-back")
            << QByteArray("AT+QMTCFG=\"keepalive\",3") << QByteArray("+QMTCFG: \"keepalive\",120")
            << EventType::Response << What::CfgValue << QByteArray("QMTCFG") << 3 << L{"keepalive", "120"}
            << false;
        QTest::newRow("QMTCFG ranges")
            << QByteArray("AT+QMTCFG=?") << QByteArray("+QMTCFG: \"timeout\",(0-5),(1-60),(0-10),(0,1)")
            << EventType::Response << What::CfgRanges << QByteArray("QMTCFG") << -1
            << L{"timeout", "(0-5)", "(1-60)", "(0-10)", "(0,1)"} << false;
        // files, TLS, PDP
        QTest::newRow("QFUPL") << QByteArray("AT+QFUPL=\"RAM:a\",1188") << QByteArray("+QFUPL: 1188,2d13")
                               << EventType::Response << What::FileUploaded << QByteArray("QFUPL") << -1
                               << L{"1188", "2d13"} << false;
        QTest::newRow("QFLST") << QByteArray("AT+QFLST=\"*\"")
                               << QByteArray("+QFLST: \"RAM:cacert.pem\",1758") << EventType::Response
                               << What::FileEntry << QByteArray("QFLST") << -1 << L{"RAM:cacert.pem", "1758"}
                               << false;
        QTest::newRow("QSSLCFG") << QByteArray("AT+QSSLCFG=\"ignorelocaltime\",2")
                                 << QByteArray("+QSSLCFG: \"ignorelocaltime\",2,1") << EventType::Response
                                 << What::SslValue << QByteArray("QSSLCFG") << -1
                                 << L{"ignorelocaltime", "2", "1"} << false;
        QTest::newRow("QIACT") << QByteArray("AT+QIACT?") << QByteArray("+QIACT: 1,1,1,\"10.0.0.2\"")
                               << EventType::Response << What::PdpState << QByteArray("QIACT") << -1
                               << L{"1", "1", "1", "10.0.0.2"} << false;
        // boot and power URCs
        QTest::newRow("RDY") << none << QByteArray("RDY") << EventType::Boot << What::None << QByteArray("")
                             << -1 << L{} << true;
        QTest::newRow("APP RDY") << none << QByteArray("APP RDY") << EventType::Boot << What::None
                                 << QByteArray("") << -1 << L{} << true;
        QTest::newRow("POWERED DOWN") << none << QByteArray("POWERED DOWN") << EventType::Boot << What::None
                                      << QByteArray("") << -1 << L{} << true;
        QTest::newRow("+CFUN") << none << QByteArray("+CFUN: 1") << EventType::Boot << What::None
                               << QByteArray("CFUN") << -1 << L{"1"} << true;
        QTest::newRow("+CPIN") << none << QByteArray("+CPIN: READY") << EventType::Boot << What::None
                               << QByteArray("CPIN") << -1 << L{"READY"} << true;
        QTest::newRow("+QUSIM") << none << QByteArray("+QUSIM: 1") << EventType::Boot << What::None
                                << QByteArray("QUSIM") << -1 << L{"1"} << true;
        QTest::newRow("+QIND") << none << QByteArray("+QIND: SMS DONE") << EventType::Boot << What::None
                               << QByteArray("QIND") << -1 << L{"SMS DONE"} << true;
        QTest::newRow("+QIURC") << none << QByteArray("+QIURC: \"pdpdeact\",1") << EventType::Boot
                                << What::None << QByteArray("QIURC") << -1 << L{"pdpdeact", "1"} << true;
        // text and noise
        QTest::newRow("ATI text") << QByteArray("ATI\r\nQuectel") << QByteArray("EC25") << EventType::Text
                                  << What::None << QByteArray("I") << -1 << L{} << false;
        QTest::newRow("noise") << none << QByteArray("2024-01-01 12:00 [INFO] something")
                               << EventType::Unknown << What::None << QByteArray("") << -1 << L{} << false;
        QTest::newRow("comment") << none << QByteArray("// a comment") << EventType::Unknown << What::None
                                 << QByteArray("") << -1 << L{} << false;
    }
    void forms()
    {
        QFETCH(QByteArray, context);
        QFETCH(QByteArray, line);
        QFETCH(EventType, type);
        QFETCH(What, what);
        QFETCH(QByteArray, cmd);
        QFETCH(int, idx);
        QFETCH(QByteArrayList, args);
        QFETCH(bool, urc);
        const Seen s = lastEvent(context, line);
        QCOMPARE(s.type, type);
        QCOMPARE(s.what, what);
        QCOMPARE(s.cmd, cmd);
        QCOMPARE(s.idx, idx);
        QCOMPARE(s.args, args);
        QCOMPARE(s.urc, urc);
    }

    void cmeErrors_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("numeric") << QByteArray("+CME ERROR: 421") << 421 << QByteArray();
        QTest::newRow("text") << QByteArray("+CME ERROR: file already exist") << -1
                              << QByteArray("file already exist");
        QTest::newRow("no space") << QByteArray("+CME ERROR:407") << 407 << QByteArray();
    }
    void cmeErrors()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, code);
        QFETCH(QByteArray, text);
        const Seen s = lastEvent({}, line);
        QCOMPARE(s.type, EventType::CmeError);
        QCOMPARE(s.cme, code);
        QCOMPARE(s.cmeText, text);
    }

    void recvMessages_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("topic");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<qint64>("declared");
        QTest::addColumn<bool>("complete");
        QTest::newRow("mode 0 with length")
            << QByteArray("+QMTRECV: 0,0,\"topic/example\",36,\"This is the payload related to topic\"")
            << QByteArray("topic/example") << QByteArray("This is the payload related to topic") << qint64(36)
            << true;
        QTest::newRow("JSON, no length")
            << QByteArray("+QMTRECV: 0,0,\"t\",\"{\"a\":1,\"b\":\"x\"}\"") << QByteArray("t")
            << QByteArray("{\"a\":1,\"b\":\"x\"}") << qint64(-1) << true;
        QTest::newRow("CR LF inside, counted")
            << QByteArray("+QMTRECV: 1,2,\"a/b\",4,\"x\r\ny\"") << QByteArray("a/b") << QByteArray("x\r\ny")
            << qint64(4) << true;
        QTest::newRow("no length, cut at the line end")
            << QByteArray("+QMTRECV: 0,0,\"t\",\"first line") << QByteArray("t") << QByteArray("first line")
            << qint64(-1) << false;
        QTest::newRow("stream ends inside a counted payload")
            << QByteArray("+QMTRECV: 0,1,\"t\",32,\"This is publish data from") << QByteArray("t")
            << QByteArray("This is publish data from\r\n") << qint64(32) << false;
    }
    void recvMessages()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, topic);
        QFETCH(QByteArray, payload);
        QFETCH(qint64, declared);
        QFETCH(bool, complete);
        const Seen s = lastEvent({}, line);
        QCOMPARE(s.what, What::RecvMessage);
        QCOMPARE(s.topic, topic);
        QCOMPARE(s.payload, payload);
        QCOMPARE(s.declared, declared);
        QCOMPARE(s.complete, complete);
    }

    void commandLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("cmd");
        QTest::addColumn<int>("form");
        QTest::addColumn<int>("idx");
        QTest::addColumn<int>("msgId");
        QTest::addColumn<int>("phase");
        QTest::newRow("open") << QByteArray("AT+QMTOPEN=3,\"h\",1883") << QByteArray("QMTOPEN")
                              << int(at::Form::Set) << 3 << -1 << int(at::DataPhase::None);
        QTest::newRow("lower case") << QByteArray("at+qmtconn?") << QByteArray("QMTCONN")
                                    << int(at::Form::Query) << -1 << -1 << int(at::DataPhase::None);
        QTest::newRow("test") << QByteArray("AT+QMTCFG=?") << QByteArray("QMTCFG") << int(at::Form::Test)
                              << -1 << -1 << int(at::DataPhase::None);
        QTest::newRow("cfg") << QByteArray("AT+QMTCFG=\"keepalive\",2,60") << QByteArray("QMTCFG")
                             << int(at::Form::Set) << 2 << -1 << int(at::DataPhase::None);
        QTest::newRow("pubex") << QByteArray("AT+QMTPUBEX=1,7,1,0,\"t\",5") << QByteArray("QMTPUBEX")
                               << int(at::Form::Set) << 1 << 7 << int(at::DataPhase::Prompt);
        QTest::newRow("pub ctrl-z") << QByteArray("AT+QMTPUB=1,7,1,0,\"t\"") << QByteArray("QMTPUB")
                                    << int(at::Form::Set) << 1 << 7 << int(at::DataPhase::CtrlZ);
        QTest::newRow("willex") << QByteArray("AT+QMTCFG=\"willex\",0,1,0,0,\"w\",3") << QByteArray("QMTCFG")
                                << int(at::Form::Set) << 0 << -1 << int(at::DataPhase::Prompt);
        QTest::newRow("qfupl") << QByteArray("AT+QFUPL=\"RAM:ca.pem\",1758,100") << QByteArray("QFUPL")
                               << int(at::Form::Set) << -1 << -1 << int(at::DataPhase::Connect);
        QTest::newRow("echo off") << QByteArray("ATE0") << QByteArray("E") << int(at::Form::Set) << -1 << -1
                                  << int(at::DataPhase::None);
        QTest::newRow("ATI") << QByteArray("ATI") << QByteArray("I") << int(at::Form::Exec) << -1 << -1
                             << int(at::DataPhase::None);
    }
    void commandLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, cmd);
        QFETCH(int, form);
        QFETCH(int, idx);
        QFETCH(int, msgId);
        QFETCH(int, phase);
        const at::AtCommand c = at::AtCommand::fromText(line);
        QCOMPARE(QByteArray(at::cmdName(c.cmd)), cmd);
        QCOMPARE(int(c.form), form);
        QCOMPARE(c.clientIdx, idx);
        QCOMPARE(c.msgId, msgId);
        QCOMPARE(int(c.dataPhase), phase);
        QCOMPARE(c.line, line);
    }

    void echoIsRecognised()
    {
        session::ManualClock clock;
        session::Pipeline p(&clock);
        QList<bool> echo;
        QList<int> dirs;
        p.addObserver([&](const at::AtEvent &e) {
            if (e.type == EventType::Command || e.type == EventType::Data) {
                echo << e.echo;
                dirs << int(e.dir);
            }
        });
        p.wroteCommand("AT+QMTPUBEX=0,1,1,0,\"t\",3");
        p.received("AT+QMTPUBEX=0,1,1,0,\"t\",3\r\r\n> ");
        p.wroteData("abc");
        p.received("abc\r\nOK\r\n");
        QCOMPARE(echo, (QList<bool>{false, true, false, true}));
        QCOMPARE(dirs, (QList<int>{int(at::Direction::ToModule), int(at::Direction::FromModule),
                                   int(at::Direction::ToModule), int(at::Direction::FromModule)}));
    }

    // A command in flight when RDY arrives may still be answered (the channel waits for it, see
    // docs/protocol-rulings.md): its answer after RDY is still its answer, and the store learns
    // the identity from it. A data phase in progress is over, though: the module restarted.
    void aCommandInFlightAtRdyKeepsItsAnswer()
    {
        session::ManualClock clock;
        session::Pipeline p(&clock);
        QList<std::pair<EventType, at::Cmd>> seen;
        p.addObserver([&](const at::AtEvent &e) { seen.append({e.type, e.cmd}); });
        p.wroteCommand("ATI");
        p.received("\r\nRDY\r\n");
        // echo off (ATE0): nothing but the parser's memory says whose answer this is
        p.received("\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n");
        QVERIFY(seen.contains(std::pair(EventType::Boot, at::Cmd::Unknown)));
        QVERIFY(
            !seen.contains(std::pair(EventType::Text, at::Cmd::Unknown))); // no answer lost as unknown text
        QVERIFY(seen.contains(std::pair(EventType::Ok, at::Cmd::ATI)));
        QCOMPARE(p.store().module().identity,
                 (QByteArrayList{"Quectel", "EC25", "Revision: EC25EFAR06A06M4G"}));

        // an upload cut by a restart: what follows RDY is no file data
        p.wroteCommand("AT+QFUPL=\"UFS:ca.pem\",10,5");
        p.received("AT+QFUPL=\"UFS:ca.pem\",10,5\r\r\nCONNECT\r\n");
        p.received("\r\nRDY\r\n\r\n+CPIN: READY\r\n");
        seen.clear();
        p.received("\r\n+QUSIM: 1\r\n");
        QVERIFY(!seen.isEmpty());
        QVERIFY(seen.front().first != EventType::Data);
    }
};

QTEST_GUILESS_MAIN(tst_Parser)
#include "tst_parser.moc"
