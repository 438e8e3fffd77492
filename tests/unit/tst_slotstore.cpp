// SPDX-License-Identifier: Apache-2.0
// The slot store: the seed's two sessions as golden transcripts, and the state each kind of
// event leaves behind.

#include "at/builders.h"
#include "eventdump.h"
#include "engine/pipeline.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace qmt;
using state::MqttState;
using state::NetState;

namespace {

struct Run
{
    session::ManualClock clock;
    session::Pipeline pipeline{&clock};
    Run &rx(const QByteArray &b)
    {
        pipeline.received(b);
        return *this;
    }
    Run &lines(const QByteArray &text) // a log: lines ended by LF
    {
        pipeline.received(text + "\n");
        return *this;
    }
    Run &tx(const QByteArray &line)
    {
        pipeline.wroteCommand(line);
        return *this;
    }
    const state::ClientSlot &slot(int i) const { return pipeline.store().slot(i); }
    const state::ModuleState &module() const { return pipeline.store().module(); }
};

} // namespace

class tst_SlotStore : public QObject
{
    Q_OBJECT
private slots:
    // Found by the fuzz driver's check that a reused pipeline agrees with a new one: reset()
    // kept what the last AT+QMTCONN asked for, and a later +QMTCONN result applied it.
    void resetForgetsWhatCommandsAskedFor()
    {
        Run r;
        r.tx("AT+QMTCONN=0,\"stale\"").rx("\r\nOK\r\n");
        r.pipeline.reset();
        r.rx("\r\n+QMTCONN: 0,0,0\r\n");
        QVERIFY(r.slot(0).clientId.isEmpty());
    }

    void seed51()
    {
        const QByteArray t = test::transcript(QStringLiteral("seed_5_1.log"));
        const qsizetype disc = t.indexOf("AT+QMTDISC=0");
        QVERIFY(disc > 0);
        Run r;
        r.rx(t.first(disc));
        const state::ClientSlot &s = r.slot(0);
        QCOMPARE(s.network, NetState::Open);
        QCOMPARE(s.host, QByteArray("iot-as-mqtt.cn-shanghai.aliyuncs.com"));
        QCOMPARE(s.port, 1883);
        QCOMPARE(s.mqtt, MqttState::Connected);
        QCOMPARE(s.clientId, QByteArray("clientExample"));
        QCOMPARE(s.config.recvMode, 0);
        QCOMPARE(s.config.msgLenEnable, 1);
        QCOMPARE(s.config.aliProductKey, QByteArray("oyjtmPI5a5j"));
        QCOMPARE(s.config.aliDeviceSecret, QByteArray("wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ"));
        // topic/example (granted 2) was unsubscribed; topic/pub (granted 0) remains
        QCOMPARE(s.subscriptions.size(), size_t(1));
        QCOMPARE(s.subscriptions[0].topic, QByteArray("topic/pub"));
        QCOMPARE(s.subscriptions[0].grantedQos, 0);
        QCOMPARE(s.counters.published, 1u);
        QCOMPARE(s.counters.received, 2u);
        QVERIFY(s.inFlight.empty());
        QCOMPARE(s.messages.size(), size_t(2));
        QCOMPARE(s.messages[0].topic, QByteArray("topic/example"));
        QCOMPARE(s.messages[0].payload, QByteArray("This is the payload related to topic"));
        QCOMPARE(s.messages[1].topic, QByteArray("topic/pub"));
        QCOMPARE(s.messages[1].payload, QByteArray("This is test data, hello MQTT."));
        QVERIFY(s.messages[1].complete);
        QVERIFY(!s.lastError.isSet());
        for (int i = 1; i < state::kSlotCount; ++i) {
            QCOMPARE(r.slot(i).network, NetState::Closed);
            QCOMPARE(r.slot(i).mqtt, MqttState::Idle);
        }

        r.rx(t.sliced(disc));
        r.pipeline.endOfInput();
        QCOMPARE(s.mqtt, MqttState::Disconnected);
        QCOMPARE(s.network, NetState::Closed); // QMTDISC releases the socket (PROTOCOL ruling, docs/)
        QVERIFY(s.subscriptions.empty());
        QCOMPARE(s.counters.published, 1u);
        QCOMPARE(s.counters.received, 2u);
        QVERIFY(!s.lastError.isSet());
        QCOMPARE(r.module().unknownLines, quint64(15)); // the comment lines
        QCOMPARE(r.module().errors, quint64(0));
    }

    void seed52()
    {
        const QByteArray t = test::transcript(QStringLiteral("seed_5_2.log"));
        const qsizetype disc = t.indexOf("AT+QMTDISC=0");
        Run r;
        r.rx(t.first(disc));
        const state::ClientSlot &s = r.slot(0);
        QCOMPARE(s.network, NetState::Open);
        QCOMPARE(s.host, QByteArray("a1zgnxur10j8ux.iot.us-east-1.amazonaws.com"));
        QCOMPARE(s.port, 8883);
        QCOMPARE(s.mqtt, MqttState::Connected);
        QCOMPARE(s.clientId, QByteArray("M26_0206"));
        QVERIFY(s.config.sslEnabled);
        QCOMPARE(s.config.sslCtx, 2);
        QCOMPARE(s.subscriptions.size(), size_t(1));
        QCOMPARE(s.subscriptions[0].topic, QByteArray("$aws/things/M26_0206/shadow/update/accepted"));
        QCOMPARE(s.subscriptions[0].grantedQos, 1);
        QCOMPARE(s.counters.published, 1u);
        QCOMPARE(s.counters.received, 1u);
        QCOMPARE(s.messages.back().payload, QByteArray("This is publish data from client"));
        const auto &files = r.module().files;
        QCOMPARE(files.size(), size_t(3));
        QCOMPARE(files.at("RAM:cacert.pem").size, 1758);
        QCOMPARE(files.at("RAM:cacert.pem").checksum, QByteArray("384a"));
        QCOMPARE(files.at("RAM:client.pem").checksum, QByteArray("2d53"));
        QCOMPARE(files.at("RAM:user_key.pem").checksum, QByteArray("335f"));
        const state::SslContext &ctx = r.module().ssl[2];
        QCOMPARE(ctx.caCert, QByteArray("RAM:cacert.pem"));
        QCOMPARE(ctx.clientCert, QByteArray("RAM:client.pem"));
        QCOMPARE(ctx.clientKey, QByteArray("RAM:user_key.pem"));
        QCOMPARE(ctx.secLevel, 2);
        QCOMPARE(ctx.sslVersion, 4);
        QCOMPARE(ctx.cipherSuite, QByteArray("0xFFFF"));
        QCOMPARE(ctx.ignoreLocalTime, 1);
        r.rx(t.sliced(disc));
        QCOMPARE(s.mqtt, MqttState::Disconnected);
        QCOMPARE(r.module().errors, quint64(0));
        QCOMPARE(r.module().unknownLines, quint64(17)); // comments; upload placeholders are data
    }

    void qmtstatCodes_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("hasFix");
        for (int c = 1; c <= 8; ++c)
            if (c != 5)
                QTest::addRow("code %d", c) << c << true;
        QTest::newRow("reserved 9") << 9 << false;
    }
    void qmtstatCodes()
    {
        QFETCH(int, code);
        QFETCH(bool, hasFix);
        Run r;
        r.lines(
            "AT+QMTOPEN=2,\"h\",1883\nOK\n+QMTOPEN: 2,0\nAT+QMTCONN=2,\"c\"\nOK\n+QMTCONN: 2,0,0\nAT+QMTSUB=2,1,\"a\",1\nOK\n+QMTSUB: 2,1,0,1");
        QCOMPARE(r.slot(2).mqtt, MqttState::Connected);
        r.lines("+QMTSTAT: 2," + QByteArray::number(code));
        const state::ClientSlot &s = r.slot(2);
        QCOMPARE(s.mqtt, MqttState::Disconnected);
        QCOMPARE(s.network, NetState::Closed);
        QVERIFY(s.subscriptions.empty());
        QCOMPARE(s.lastError.source, QByteArray("QMTSTAT"));
        QCOMPARE(s.lastError.code, code);
        QVERIFY(!s.lastError.text().isEmpty());
        QCOMPARE(!s.lastError.fix().isEmpty(), hasFix);
        QCOMPARE(s.lastStat.code, code);
    }

    void qmtstat5IsNotAnError()
    {
        Run r;
        r.lines("AT+QMTOPEN=2,\"h\",1883\nOK\n+QMTOPEN: 2,0\n+QMTSTAT: 2,5");
        QCOMPARE(r.slot(2).network, NetState::Closed);
        QVERIFY(!r.slot(2).lastError.isSet());
        QCOMPARE(r.slot(2).lastStat.code, 5);
        QVERIFY(!r.slot(2).lastStat.text().isEmpty());
    }

    void connackRefusal()
    {
        Run r;
        r.lines(
            "AT+QMTOPEN=0,\"h\",1883\nOK\n+QMTOPEN: 0,0\nAT+QMTCONN=0,\"c\",\"u\",\"wrong\"\nOK\n+QMTCONN: 0,0,4");
        QCOMPARE(r.slot(0).mqtt, MqttState::Disconnected);
        QCOMPARE(r.slot(0).lastError.source, QByteArray("QMTCONN"));
        QCOMPARE(r.slot(0).lastError.code, 4);
        QVERIFY(r.slot(0).lastError.text().contains(QLatin1String("user name"), Qt::CaseInsensitive));
        // refused: the credentials did not take effect, the error names what was tried
        QVERIFY(!r.slot(0).hasPassword);
        QVERIFY(r.slot(0).clientId.isEmpty());
        QCOMPARE(r.slot(0).lastError.detail, QByteArray("c"));
        r.lines("+QMTSTAT: 0,4");
        // the root cause stays first; the +QMTSTAT it caused is what followed
        QCOMPARE(r.slot(0).lastError.source, QByteArray("QMTCONN"));
        QCOMPARE(r.slot(0).lastError.code, 4);
        QCOMPARE(r.slot(0).lastStat.source, QByteArray("QMTSTAT"));
        QCOMPARE(r.slot(0).lastStat.code, 4);
        QCOMPARE(r.slot(0).network, NetState::Closed);
        // a later +QMTSTAT of its own is the latest error again
        r.lines(
            "AT+QMTOPEN=0,\"h\",1883\nOK\n+QMTOPEN: 0,0\nAT+QMTCONN=0,\"c\",\"u\",\"right\"\nOK\n+QMTCONN: 0,0,0");
        QCOMPARE(r.slot(0).mqtt, MqttState::Connected);
        QVERIFY(r.slot(0).hasPassword);
        QCOMPARE(r.slot(0).clientId, QByteArray("c"));
        QVERIFY(!r.slot(0).lastError.isSet()); // the same command succeeded since: no stale red line
        r.lines("+QMTSTAT: 0,1");
        QCOMPARE(r.slot(0).lastError.source, QByteArray("QMTSTAT"));
    }

    // Issue 8.1: a refused command changes nothing — the arguments of AT+QMTOPEN take effect
    // only when its result says the module opened them.
    void refusedCommandsChangeNothing()
    {
        Run r;
        r.lines("AT+QMTOPEN=0,\"old.example\",1883\nOK\n+QMTOPEN: 0,0");
        QCOMPARE(r.slot(0).host, QByteArray("old.example"));
        r.lines("AT+QMTOPEN=0,\"host.example\"\nERROR"); // the port is missing
        QCOMPARE(r.slot(0).host, QByteArray("old.example"));
        QCOMPARE(r.slot(0).port, 1883);
        QCOMPARE(r.slot(0).network, NetState::Open);
        // a second open of an open slot: the module keeps its connection
        r.lines("AT+QMTOPEN=0,\"other.example\",8883\nOK\n+QMTOPEN: 0,2");
        QCOMPARE(r.slot(0).host, QByteArray("old.example"));
        QCOMPARE(r.slot(0).network, NetState::Open);
        QCOMPARE(r.slot(0).lastError.detail, QByteArray("other.example:8883"));
        // a failed open of an open slot leaves it open, on its old host
        r.lines("AT+QMTOPEN=0,\"third.example\",1883\nOK\n+QMTOPEN: 0,-1");
        QCOMPARE(r.slot(0).network, NetState::Open);
        QCOMPARE(r.slot(0).host, QByteArray("old.example"));
        // a log with the module's side only: a result names no client id, so none is invented
        r.lines("AT+QMTCONN=0,\"dev-7\"\nOK\n+QMTCONN: 0,0,0\n+QMTCONN: 0,0,0");
        QCOMPARE(r.slot(0).clientId, QByteArray("dev-7"));
        // a failed open of a closed slot: failed, and the host it has is not the one it failed on
        r.lines("AT+QMTOPEN=1,\"nowhere.invalid\",1883\nOK\n+QMTOPEN: 1,4");
        QCOMPARE(r.slot(1).network, NetState::Failed);
        QVERIFY(r.slot(1).host.isEmpty());
        QCOMPARE(r.slot(1).lastError.detail, QByteArray("nowhere.invalid:1883"));
        // and the same through the JSON of qmtscope-cli decode
        const QJsonObject s0 =
            r.pipeline.store().toJson(false).value(QStringLiteral("slots")).toArray()[0].toObject();
        QCOMPARE(s0.value(QStringLiteral("host")).toString(), QStringLiteral("old.example"));
    }

    // Issue 8.5: the latest outcome of a slot's commands, whoever sent them.
    void latestOutcome()
    {
        Run r;
        r.lines("AT+QMTCFG=\"keepalive\",0,5000\nERROR");
        QCOMPARE(r.slot(0).lastOutcome.cmd, at::Cmd::QMTCFG);
        QVERIFY(!r.slot(0).lastOutcome.ok);
        QCOMPARE(r.slot(0).lastError.source, QByteArray("QMTCFG"));
        r.lines("AT+QMTCFG=\"keepalive\",0,60\nOK");
        QVERIFY(r.slot(0).lastOutcome.ok);
        QCOMPARE(r.slot(0).lastOutcome.answer, QByteArray("OK"));
        QVERIFY(!r.slot(0).lastError.isSet());
        r.lines("AT+QMTOPEN=0,\"h\",1883\nOK");
        QCOMPARE(r.slot(0).lastOutcome.cmd, at::Cmd::QMTCFG); // waits for its result URC
        r.lines("+QMTOPEN: 0,0");
        QCOMPARE(r.slot(0).lastOutcome.cmd, at::Cmd::QMTOPEN);
        QCOMPARE(r.slot(0).lastOutcome.answer, QByteArray("+QMTOPEN: 0,0"));
    }

    // Issue 8.7: the identity is the module's latest answer, not one more copy per reopen.
    void identityDoesNotGrow()
    {
        Run r;
        for (int i = 0; i < 3; ++i)
            r.lines("ATI\nQuectel\nEC25\nRevision: EC25EFAR06A06M4G\n\nOK\nAT+GMR\nEC25EFAR06A06M4G\n\nOK");
        QCOMPARE(r.module().identity,
                 QByteArrayList({"Quectel", "EC25", "Revision: EC25EFAR06A06M4G", "EC25EFAR06A06M4G"}));
        QCOMPARE(r.module().revision, QByteArray("EC25EFAR06A06M4G"));
    }

    void resultUrcBeforeError()
    {
        Run r;
        r.lines("AT+QMTOPEN=1,\"h\",8883\n+QMTOPEN: 1,-1\nERROR");
        QCOMPARE(r.slot(1).network, NetState::Failed);
        QCOMPARE(r.slot(1).lastError.source, QByteArray("QMTOPEN"));
        QCOMPARE(r.slot(1).lastError.code, -1); // the URC's reason stays, ERROR does not hide it
        QVERIFY(r.slot(1).lastError.info);
    }

    void openFailures_data()
    {
        QTest::addColumn<int>("result");
        for (int c : {1, 3, 4, 5})
            QTest::addRow("result %d", c) << c;
    }
    void openFailures()
    {
        QFETCH(int, result);
        Run r;
        r.lines("AT+QMTOPEN=0,\"nowhere.invalid\",1883\nOK\n+QMTOPEN: 0," + QByteArray::number(result));
        QCOMPARE(r.slot(0).network, NetState::Failed);
        QCOMPARE(r.slot(0).lastError.code, result);
        QVERIFY(r.slot(0).lastError.info);
    }

    void errorOnCommandRestoresState()
    {
        Run r;
        r.lines("AT+QMTCONN=0,\"c\"\nERROR");
        QCOMPARE(r.slot(0).mqtt, MqttState::Idle);
        QCOMPARE(r.slot(0).lastError.kind, state::SlotError::Kind::Error);
        QCOMPARE(r.slot(0).lastError.source, QByteArray("QMTCONN"));
        r.lines("AT+QFUPL=\"RAM:a.pem\",10\n+CME ERROR: 407");
        QCOMPARE(r.module().errors, quint64(2));
    }

    void publishWindow()
    {
        Run r;
        r.lines("AT+QMTOPEN=0,\"h\",1\nOK\n+QMTOPEN: 0,0\nAT+QMTCONN=0,\"c\"\nOK\n+QMTCONN: 0,0,0");
        for (int i = 1; i <= 5; ++i)
            r.lines("AT+QMTPUBEX=0," + QByteArray::number(i) + ",1,0,\"t\",1\n>x\nOK");
        QCOMPARE(r.slot(0).inFlight.size(), size_t(5));
        r.lines("AT+QMTPUBEX=0,6,1,0,\"t\",1\n>x\nERROR"); // the sixth is refused: window of 5
        QCOMPARE(r.slot(0).inFlight.size(), size_t(5));
        r.lines("+QMTPUBEX: 0,3,1,2");
        QCOMPARE(r.slot(0).inFlight[2].retransmissions, 2);
        r.lines("+QMTPUBEX: 0,3,0\n+QMTPUBEX: 0,1,2");
        QCOMPARE(r.slot(0).inFlight.size(), size_t(3));
        QCOMPARE(r.slot(0).counters.published, 1u);
        QCOMPARE(r.slot(0).counters.publishFailed, 1u);
        QCOMPARE(r.slot(0).lastError.source, QByteArray("QMTPUBEX"));
    }

    void bufferedReceive()
    {
        Run r;
        r.lines("AT+QMTCFG=\"recv/mode\",3,1\nOK\n+QMTRECV: 3,0\n+QMTRECV: 3,4");
        QCOMPARE(r.slot(3).config.recvMode, 1);
        QCOMPARE(r.slot(3).storedCount(), 2);
        QCOMPARE(r.slot(3).counters.received, 2u);
        r.lines("AT+QMTRECV?\n+QMTRECV: 3,1,1,0,0,1\nOK");
        QCOMPARE(r.slot(3).storedCount(), 3);
        r.lines("AT+QMTRECV=3,1\n+QMTRECV: 3,5,\"t/x\",3,\"a,b\"\nOK");
        QCOMPARE(r.slot(3).storedCount(), 2);
        QVERIFY(!r.slot(3).stored[1]);
        QCOMPARE(r.slot(3).counters.received, 2u); // reading a stored message is not a new one
        QCOMPARE(r.slot(3).messages.back().recvId, 1);
        QCOMPARE(r.slot(3).messages.back().payload, QByteArray("a,b"));
    }

    void queriesReconcile()
    {
        Run r;
        r.lines("AT+QMTOPEN=1,\"a\",1\nOK\n+QMTOPEN: 1,0\nAT+QMTOPEN=4,\"b\",2\nOK\n+QMTOPEN: 4,0");
        QCOMPARE(r.slot(4).network, NetState::Open);
        r.lines("AT+QMTOPEN?\n+QMTOPEN: 1,\"a\",1\nOK");
        QCOMPARE(r.slot(1).network, NetState::Open);
        QCOMPARE(r.slot(4).network, NetState::Closed);
        r.lines("AT+QMTCONN?\n+QMTCONN: 1,3\nOK");
        QCOMPARE(r.slot(1).mqtt, MqttState::Connected);
    }

    void configReadBack()
    {
        Run r;
        r.lines(
            "AT+QMTCFG=\"keepalive\",5\n+QMTCFG: \"keepalive\",300\nOK\nAT+QMTCFG=\"timeout\",5\n+QMTCFG: \"timeout\",10,2,1\nOK");
        QCOMPARE(r.slot(5).config.keepAlive, 300);
        QCOMPARE(r.slot(5).config.pktTimeout, 10);
        QCOMPARE(r.slot(5).config.retryTimes, 2);
        r.lines("AT+QMTCFG=\"will\",5,1,1,0,\"w/t\",\"gone\"\nOK");
        QVERIFY(r.slot(5).config.will.enabled);
        QCOMPARE(r.slot(5).config.will.topic, QByteArray("w/t"));
        QCOMPARE(r.slot(5).config.will.message, QByteArray("gone"));
        r.lines("AT+QMTCFG=\"keepalive\",5,7000\nERROR"); // refused: not applied
        QCOMPARE(r.slot(5).config.keepAlive, 300);
    }

    void moduleRangesFromTestAnswer()
    {
        Run r;
        QVERIFY(!at::Builders(r.module().ranges).cfgTimeout(0, 1200, 3, 0).ok());
        r.lines(
            "AT+QMTCFG=?\n+QMTCFG: \"version\",(0-5),(3,4)\n+QMTCFG: \"timeout\",(0-5),(1-1200),(1-10),(0,1)\n"
            "+QMTCFG: \"send/mode\",(0-5),(0,1)\nOK");
        QCOMPARE(r.module().cfgRanges.size(), 3);
        const at::Builders module(r.module().ranges);
        QVERIFY(module.cfgTimeout(0, 1200, 3, 0).ok());
        QVERIFY(!module.cfgTimeout(0, 1201, 3, 0).ok());
        QVERIFY(r.module().ranges.extraSubCommands().contains("send/mode"));
    }

    void rebootResetsEverything()
    {
        Run r;
        r.lines("ATE0\nOK\nAT+QMTOPEN=0,\"h\",1\nOK\n+QMTOPEN: 0,0");
        QVERIFY(!r.module().echo);
        r.lines("RDY\n+CFUN: 1\n+CPIN: READY\n+QUSIM: 1\n+QIND: SMS DONE\nAPP RDY");
        QVERIFY(r.module().echo);
        QVERIFY(r.module().ready);
        QCOMPARE(r.module().boots, 1);
        QCOMPARE(r.slot(0).network, NetState::Closed);
        QVERIFY(r.slot(0).host.isEmpty());
    }

    void writtenCommandsAndTheirEchoCountOnce()
    {
        Run r;
        r.tx("AT+QMTOPEN=0,\"h\",1883").rx("AT+QMTOPEN=0,\"h\",1883\r\r\nOK\r\n");
        QCOMPARE(r.slot(0).network, NetState::Opening);
        QCOMPARE(r.slot(0).counters.commands, 1u);
        QCOMPARE(r.module().commands, quint64(1));
        r.rx("\r\n+QMTOPEN: 0,0\r\n");
        QCOMPARE(r.slot(0).network, NetState::Open);
        // echo off: only what we wrote tells which command the answer belongs to
        r.tx("AT+QMTCFG=\"keepalive\",0").rx("\r\n+QMTCFG: \"keepalive\",60\r\n\r\nOK\r\n");
        QCOMPARE(r.slot(0).config.keepAlive, 60);
    }

    void identity()
    {
        Run r;
        r.lines("ATI\nQuectel\nEC25\nRevision: EC25EFAR06A06M4G\n\nOK");
        QCOMPARE(r.module().identity, (QByteArrayList{"Quectel", "EC25", "Revision: EC25EFAR06A06M4G"}));
        QCOMPARE(r.module().revision, QByteArray("EC25EFAR06A06M4G"));
    }

    void jsonHidesSecrets()
    {
        Run r;
        r.lines(
            "AT+QMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"TOPSECRET\"\nOK\nAT+QMTCONN=0,\"c\",\"user\",\"PASSWORD1\"\nOK");
        const QByteArray hidden = QJsonDocument(r.pipeline.store().toJson()).toJson();
        QVERIFY(!hidden.contains("TOPSECRET"));
        QVERIFY(!hidden.contains("PASSWORD1"));
        QVERIFY(hidden.contains("\"pk\""));
        const QByteArray shown = QJsonDocument(r.pipeline.store().toJson(true)).toJson();
        QVERIFY(shown.contains("TOPSECRET"));
    }

    void dirtyBits()
    {
        Run r;
        r.pipeline.store().takeDirty();
        r.lines("+QMTSTAT: 4,1");
        QCOMPARE(r.pipeline.store().takeDirty() & 0x3f, 1u << 4);
        QCOMPARE(r.pipeline.store().takeDirty(), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_SlotStore)
#include "tst_slotstore.moc"
