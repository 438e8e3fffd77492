// SPDX-License-Identifier: Apache-2.0
// The end-to-end check against the simulated module on a pty and a real Mosquitto broker, with
// the desktop peer (libmosquitto) on the same broker: both directions at QoS 0, 1 and 2, binary
// payloads (every byte value) arriving intact, buffered receive mode, messages lost on the way
// (the simulator's "lose" fault) failing exactly those messages, a peer that loses the broker,
// and the peer's wildcard subscriptions.

#include "broker.h"
#include "mqtt/mqttclient.h"
#include "simrig.h"
#include "workflows/endtoend.h"

#include <QSignalSpy>
#include <QTest>

using namespace qmt;
using session::E2eDirection;

namespace {
constexpr int kWait = 30000;

bool connectPeer(mqtt::MqttClient &peer, quint16 port, const QByteArray &id)
{
    mqtt::MqttClient::Options o;
    o.clientId = id;
    o.keepAlive = std::chrono::seconds(30);
    QSignalSpy up(&peer, &mqtt::MqttClient::connected);
    peer.connectToHost(QStringLiteral("127.0.0.1"), port, o);
    return up.wait(kWait);
}
} // namespace

class tst_EndToEnd : public QObject
{
    Q_OBJECT

    test::TestBroker m_broker;

    session::EndToEndOptions options(int count, QList<int> qos) const
    {
        session::EndToEndOptions o;
        o.slot = 1;
        o.count = count;
        o.qos = std::move(qos);
        o.host = QStringLiteral("broker.example.com"); // the simulator routes it to the broker
        o.port = 1883;
        o.timeout = std::chrono::milliseconds(5000);
        return o;
    }

private slots:
    void initTestCase() { QVERIFY2(m_broker.startAndWait(), qPrintable(m_broker.errorString())); }

    void payloadsCarryTheirHeaderAndEveryByte()
    {
        const QByteArray p =
            session::EndToEnd::payloadFor("1a2b3c4d", E2eDirection::PeerToModule, 2, 7, 300, true);
        QCOMPARE(p.size(), 300);
        QVERIFY(p.startsWith("QMTE2E1a2b3c4dd2000007"));
        QSet<char> bytes;
        for (const char c : p.mid(22))
            bytes.insert(c);
        QCOMPARE(bytes.size(), 256);
        QCOMPARE(
            session::EndToEnd::payloadFor("1a2b3c4d", E2eDirection::ModuleToPeer, 0, 1, 10, false).size(),
            22);
    }

    // Opens and connects slot 1 itself, then 5 messages each way at QoS 0, 1 and 2, binary.
    void bothDirectionsEveryQosBinary()
    {
        test::SimOnPty rig(m_broker.port());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        mqtt::MqttClient peer;
        QVERIFY(connectPeer(peer, m_broker.port(), "e2e-peer-1"));

        session::EndToEnd e2e(&rig.channel, &rig.pipeline, &peer);
        QSignalSpy finished(&e2e, &session::EndToEnd::finished);
        session::EndToEndOptions o = options(5, {0, 1, 2});
        o.binary = true;
        o.payloadSize = 600;
        e2e.start(o);
        QVERIFY(finished.wait(kWait) || finished.size() == 1);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(e2e.error()));
        QCOMPARE(rig.slot(1).mqtt, state::MqttState::Connected);
        QCOMPARE(e2e.samples().size(), 30);
        const QList<session::E2eStats> stats = e2e.stats();
        QCOMPARE(stats.size(), 6);
        for (const session::E2eStats &s : stats) {
            QVERIFY2(s.passed(), qPrintable(s.line()));
            QCOMPARE(s.intact, 5);
            QVERIFY(s.medianUs >= 0 && s.p99Us >= s.medianUs && s.maxUs >= s.p99Us);
            QVERIFY(s.line().contains(QLatin1String("PASS")));
        }
        // The module's side: the serial line's share of a publish is measured (command to OK).
        QVERIFY(std::all_of(e2e.samples().cbegin(), e2e.samples().cend(), [](const session::E2eSample &s) {
            return s.dir == E2eDirection::PeerToModule || s.serialUs > 0;
        }));
    }

    // Receive mode 1: the messages wait in the module's buffers and are read out.
    void bufferedReceiveMode()
    {
        test::SimOnPty rig(m_broker.port());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        // connect slot 1 by hand, in buffered mode
        for (const char *line : {"AT+QMTCFG=\"recv/mode\",1,1,1", "AT+QMTOPEN=1,\"broker.example.com\",1883",
                                 "AT+QMTCONN=1,\"buffered\""}) {
            session::CommandReply *r = rig.channel.enqueue(at::AtCommand::fromText(line));
            QSignalSpy done(r, &session::CommandReply::finished);
            QVERIFY(done.wait(kWait));
            QVERIFY2(done.at(0).at(0).value<session::CommandResult>().succeeded(), line);
        }
        mqtt::MqttClient peer;
        QVERIFY(connectPeer(peer, m_broker.port(), "e2e-peer-2"));
        session::EndToEnd e2e(&rig.channel, &rig.pipeline, &peer);
        QSignalSpy finished(&e2e, &session::EndToEnd::finished);
        session::EndToEndOptions o = options(3, {1});
        o.up = false;
        e2e.start(o);
        QVERIFY(finished.wait(kWait) || finished.size() == 1);
        QVERIFY2(e2e.passed(), qPrintable(e2e.error()));
        QCOMPARE(e2e.samples().size(), 3);
    }

    // The simulator loses two messages on the way: exactly those fail, the rest pass, and the
    // module still said +QMTPUBEX ...,0 for the one it "sent".
    void lostMessagesFail()
    {
        test::SimOnPty rig(m_broker.port());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        mqtt::MqttClient peer;
        QVERIFY(connectPeer(peer, m_broker.port(), "e2e-peer-3"));
        session::EndToEnd e2e(&rig.channel, &rig.pipeline, &peer);
        QSignalSpy finished(&e2e, &session::EndToEnd::finished);
        connect(&e2e, &session::EndToEnd::sampleFinished, this, [&](const session::E2eSample &s) {
            // arm the fault once the first message has passed: the next publish is lost
            if (s.seq == 0 && s.dir == E2eDirection::ModuleToPeer)
                QCOMPARE(rig.sim.applyFaultCommand(QStringLiteral("lose 1 1")), QString());
            if (s.seq == 0 && s.dir == E2eDirection::PeerToModule)
                rig.sim.loseMessages(1, 1);
        });
        session::EndToEndOptions o = options(3, {1});
        o.timeout = std::chrono::milliseconds(1500);
        e2e.start(o);
        QVERIFY(finished.wait(kWait) || finished.size() == 1);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(!e2e.passed());
        QCOMPARE(e2e.samples().size(), 6);
        QStringList failed;
        for (const session::E2eSample &s : e2e.samples())
            if (!s.passed())
                failed << QStringLiteral("%1:%2 %3").arg(int(s.dir)).arg(s.seq).arg(s.problem);
        QCOMPARE(failed.size(), 2);
        QVERIFY2(failed[0].startsWith(QLatin1String("0:1 did not arrive")),
                 qPrintable(failed.join(QLatin1Char('|'))));
        QVERIFY2(failed[1].startsWith(QLatin1String("1:1 did not arrive")),
                 qPrintable(failed.join(QLatin1Char('|'))));
        const QList<session::E2eStats> stats = e2e.stats();
        QCOMPARE(stats[0].intact, 2);
        QVERIFY(stats[0].line().contains(QLatin1String("FAIL")));
    }

    // The peer loses the broker mid-run: the check stops and says why.
    void peerLosesTheBroker()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        test::SimOnPty rig(broker.port());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        mqtt::MqttClient peer;
        QVERIFY(connectPeer(peer, broker.port(), "e2e-peer-4"));
        session::EndToEnd e2e(&rig.channel, &rig.pipeline, &peer);
        QSignalSpy finished(&e2e, &session::EndToEnd::finished);
        connect(&e2e, &session::EndToEnd::sampleFinished, this, [&](const session::E2eSample &s) {
            if (s.seq == 2)
                peer.abort();
        });
        e2e.start(options(50, {0}));
        QVERIFY(finished.wait(kWait) || finished.size() == 1);
        QVERIFY(!e2e.passed());
        QVERIFY2(e2e.error().contains(QLatin1String("lost the broker")), qPrintable(e2e.error()));
        // and a peer that reconnects can run the check again on the same slot
        QVERIFY(connectPeer(peer, broker.port(), "e2e-peer-4"));
        e2e.start(options(2, {0}));
        QVERIFY(finished.wait(kWait) || finished.size() == 2);
        QVERIFY2(e2e.passed(), qPrintable(e2e.error()));
    }

    // Refusals before any message: a slot that is not connected and no broker to open.
    void notConnectedAndNoBroker()
    {
        test::SimOnPty rig(m_broker.port());
        QVERIFY(rig.open());
        mqtt::MqttClient peer;
        QVERIFY(connectPeer(peer, m_broker.port(), "e2e-peer-5"));
        session::EndToEnd e2e(&rig.channel, &rig.pipeline, &peer);
        QSignalSpy finished(&e2e, &session::EndToEnd::finished);
        session::EndToEndOptions o = options(1, {0});
        o.host.clear();
        e2e.start(o);
        QCOMPARE(finished.size(), 1);
        QVERIFY(e2e.error().contains(QLatin1String("not connected")));
        mqtt::MqttClient idle;
        session::EndToEnd e2e2(&rig.channel, &rig.pipeline, &idle);
        e2e2.start(options(1, {0}));
        QVERIFY(e2e2.error().contains(QLatin1String("peer is not connected")));
    }
};

QTEST_GUILESS_MAIN(tst_EndToEnd)
#include "tst_endtoend.moc"
