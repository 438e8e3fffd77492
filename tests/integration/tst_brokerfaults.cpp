// SPDX-License-Identifier: Apache-2.0
// Brokers that misbehave, and the simulated module reporting them as a module does (issue 13):
// one that accepts the TCP connection but never answers CONNECT (+QMTCONN: <idx>,2 after
// pkt_timeout, then +QMTSTAT: <idx>,4), and one that closes the connection in the middle of a
// QoS 1 publish (the publish fails, +QMTPUBEX: <idx>,<msgid>,2, then +QMTSTAT: <idx>,1). The
// fake brokers are real TCP servers speaking just enough MQTT.

#include "simrig.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace qmt;

namespace {

constexpr int kWait = 15000;

// A broker that answers CONNECT with CONNACK 0 (unless silent) and drops the connection at the
// first PUBLISH.
class FakeBroker : public QObject
{
public:
    explicit FakeBroker(bool silent) : m_silent(silent)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *s = m_server.nextPendingConnection();
            ++connections;
            connect(s, &QIODevice::readyRead, this, [this, s] {
                m_buffer += s->readAll();
                received += m_buffer.size();
                if (m_buffer.isEmpty())
                    return;
                const auto type = quint8(m_buffer[0]) >> 4;
                if (type == 1 && !m_silent) { // CONNECT
                    s->write(QByteArray::fromHex("20020000"));
                    m_buffer.clear();
                } else if (type == 3) { // PUBLISH: gone
                    ++publishes;
                    s->abort();
                    m_buffer.clear();
                } else if (m_silent) {
                    m_buffer.clear(); // read and never answered
                }
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int connections = 0, publishes = 0;
    qint64 received = 0;

private:
    QTcpServer m_server;
    QByteArray m_buffer;
    bool m_silent;
};

session::CommandResult run(test::SimOnPty &rig, const char *line, const QByteArray &data = {})
{
    at::AtCommand c = at::AtCommand::fromText(line);
    if (!data.isNull())
        c.payload = data;
    session::CommandReply *r = rig.channel.enqueue(c);
    QSignalSpy done(r, &session::CommandReply::finished);
    if (!done.wait(kWait) && done.isEmpty())
        return {};
    return done.at(0).at(0).value<session::CommandResult>();
}

} // namespace

class tst_BrokerFaults : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<session::CommandResult>(); }

    void connectNeverAnswered()
    {
        FakeBroker broker(true);
        test::SimOnPty rig(broker.port());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        QVERIFY(run(rig, "AT+QMTCFG=\"timeout\",0,1,3,0").succeeded()); // pkt_timeout 1 s
        QVERIFY(run(rig, "AT+QMTOPEN=0,\"broker.example.com\",1883").succeeded());
        QElapsedTimer t;
        t.start();
        const session::CommandResult conn = run(rig, "AT+QMTCONN=0,\"silent\"");
        QVERIFY(conn.resultUrcSeen);
        QCOMPARE(conn.resultCode, 2);                                   // failed to send / no answer
        QVERIFY(t.elapsed() >= 900);                                    // after pkt_timeout, not at once
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).lastStat.code, 4, kWait); // CONNACK timed out
        QCOMPARE(rig.slot(0).network, state::NetState::Closed);
        QVERIFY(broker.received > 0); // the CONNECT reached it
        QCOMPARE(broker.connections, 1);
    }

    void closedInTheMiddleOfAPublish()
    {
        FakeBroker broker(false);
        test::SimOnPty rig(broker.port());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        QVERIFY(run(rig, "AT+QMTOPEN=2,\"broker.example.com\",1883").succeeded());
        const session::CommandResult conn = run(rig, "AT+QMTCONN=2,\"doomed\"");
        QVERIFY2(conn.succeeded(), qPrintable(conn.describe()));
        QCOMPARE(rig.slot(2).mqtt, state::MqttState::Connected);
        const session::CommandResult pub = run(rig, "AT+QMTPUBEX=2,7,1,0,\"meters/1\",5", "12345");
        QVERIFY(pub.resultUrcSeen);
        QCOMPARE(pub.resultCode, 2);
        QVERIFY(pub.elapsedMs < 5000); // reported when the connection went, not after pkt_timeout
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(2).lastStat.code, 1, kWait); // closed by the server
        QCOMPARE(rig.slot(2).counters.publishFailed, quint64(1));
        QCOMPARE(broker.publishes, 1);
    }
};

QTEST_GUILESS_MAIN(tst_BrokerFaults)
#include "tst_brokerfaults.moc"
