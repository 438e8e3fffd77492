// SPDX-License-Identifier: Apache-2.0
// MqttClient against a real Mosquitto broker on loopback, with mosquitto_sub as an independent
// witness: round trips at every QoS, retained messages, wills, CONNACK refusals, network faults
// and TLS with client certificates.

#include "broker.h"
#include "subscriber.h"

#include "mqtt/mqttclient.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using qmt::mqtt::MqttClient;
using qmt::test::MosquittoSub;
using qmt::test::TestBroker;
using qmt::test::TestPki;

namespace {
constexpr int kTimeoutMs = 15000;
const QString kLoopback = QStringLiteral("127.0.0.1");

MqttClient::Options options(const char *clientId)
{
    MqttClient::Options o;
    o.clientId = clientId;
    o.keepAlive = std::chrono::seconds(30);
    return o;
}

// Connects and waits for CONNACK 0.
bool connectAndWait(MqttClient &c, quint16 port, const MqttClient::Options &o,
                    const QString &host = kLoopback)
{
    c.connectToHost(host, port, o);
    return QTest::qWaitFor([&] { return c.state() == MqttClient::State::Connected; }, kTimeoutMs);
}

// Subscribes and waits for the SUBACK.
bool subscribeAndWait(MqttClient &c, const QByteArray &filter, int qos)
{
    QSignalSpy subscribed(&c, &MqttClient::subscribed);
    const int mid = c.subscribe(filter, qos);
    if (mid < 0 || !QTest::qWaitFor([&] { return subscribed.count() > 0; }, kTimeoutMs))
        return false;
    return subscribed.first().at(0).toInt() == mid;
}

QByteArray awkwardPayload(qsizetype size)
{
    // NUL, CR LF, quotes and something that looks like a URC, then every byte value.
    static constexpr char kStart[] = "a\0b\r\nc\"quoted\",\r\n+QMTRECV: 0,1,\"t\"\r\n";
    QByteArray p(kStart, sizeof kStart - 1);
    for (qsizetype i = 0; p.size() < size; ++i)
        p.append(char(i % 256));
    p.truncate(size);
    return p;
}
} // namespace

class TstMqttClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void brokerStartsAndStops();
    void brokerStartsAsynchronously();
    void brokerFailsWithoutItsProgram();
    void brokerFailsOnATakenPort();
    void connectAndDisconnect();
    void reconnectAfterDisconnect();
    void roundTrip_data();
    void roundTrip();
    void signalsComeAfterTheCall();
    void independentSubscriberSeesPayload();
    void retainedForLateSubscriber();
    void unsubscribeStopsDelivery();
    void burstFillsTheSocket_data();
    void burstFillsTheSocket();
    void keepAlive();
    void keepAliveTimeoutWhenBrokerHangs();
    void willOnSocketDeath_data();
    void willOnSocketDeath();
    void noWillOnCleanDisconnect();
    void connackRefused_data();
    void connackRefused();
    void emptyClientId();
    void mqtt31();
    void connectionRefusedOnClosedPort();
    void hostNotFound();
    void brokerGoesAway();
    void deleteFromSlot();
    void disconnectWhileConnecting();
    void tlsWithClientCertificate();
    void tlsWrongCa();
    void tlsMissingFiles();
    void tlsWithoutVerification();
    void tlsNoCertificateGetsConnack4();

private:
    TestBroker m_broker;
};

void TstMqttClient::initTestCase()
{
    QVERIFY2(m_broker.startAndWait(), qPrintable(m_broker.errorString()));
}

void TstMqttClient::brokerStartsAndStops()
{
    TestBroker broker;
    QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
    QVERIFY(broker.port() != 0);
    QVERIFY(broker.port() != m_broker.port());
    QVERIFY(broker.isRunning());

    MqttClient c;
    QVERIFY(connectAndWait(c, broker.port(), options("qmt-broker-check")));
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    const quint16 port = broker.port();
    broker.stop();
    QVERIFY(!broker.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(disconnected.first().at(1).toBool(), false);

    // Nothing listens on the port any more.
    QSignalSpy errors(&c, &MqttClient::errorOccurred);
    c.connectToHost(kLoopback, port, options("qmt-broker-check"));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), MqttClient::State::Disconnected, kTimeoutMs);
    QCOMPARE(errors.count(), 1);
}

// startAsync() returns at once; ready() comes later, from the event loop, even with a password
// file to make first (mosquitto_passwd, run on QProcess signals).
void TstMqttClient::brokerStartsAsynchronously()
{
    TestBroker broker;
    QSignalSpy ready(&broker, &TestBroker::ready);
    QSignalSpy failed(&broker, &TestBroker::failed);
    TestBroker::Config config;
    config.users = {{"alice", "s3cret"}, {"bob", "hunter2"}};
    broker.startAsync(config);
    QVERIFY(broker.isStarting());
    QVERIFY(!broker.isRunning());
    QCOMPARE(ready.count(), 0);
    QCOMPARE(failed.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count() + failed.count(), 1, kTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(broker.errorString()));
    QVERIFY(broker.isRunning());
    QVERIFY(!broker.isStarting());
    QVERIFY(TestBroker::acceptsConnections(broker.port()));

    MqttClient::Options o = options("qmt-async-broker");
    o.username = "bob";
    o.password = "hunter2";
    MqttClient c;
    QVERIFY(connectAndWait(c, broker.port(), o));

    // stopped while starting: neither signal follows, nothing is left running
    broker.stop();
    ready.clear();
    broker.startAsync();
    QVERIFY(broker.isStarting());
    broker.stop();
    QVERIFY(!broker.isStarting());
    QCOMPARE(broker.processId(), 0);
    // started again: one ready(), this start's; the stopped one never reports
    QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
    QCOMPARE(ready.count(), 1);
    QCOMPARE(failed.count(), 0);
    QVERIFY(TestBroker::acceptsConnections(broker.port()));
}

void TstMqttClient::brokerFailsWithoutItsProgram()
{
    TestBroker broker;
    QSignalSpy ready(&broker, &TestBroker::ready);
    QSignalSpy failed(&broker, &TestBroker::failed);
    TestBroker::Config config;
    config.program = QStringLiteral("/nonexistent/qmt/mosquitto");
    broker.startAsync(config);
    QCOMPARE(failed.count(), 0); // never from within startAsync()
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(ready.count(), 0);
    const QString why = failed.first().first().toString();
    QVERIFY2(why.contains(QLatin1String("/nonexistent/qmt/mosquitto")), qPrintable(why));
    QCOMPARE(broker.errorString(), why);
    QVERIFY(!broker.isRunning());
    QVERIFY(!broker.isStarting());
    QCOMPARE(broker.port(), quint16(0));
}

// A fixed port someone else listens on: failed() names the port, no broker is left behind.
void TstMqttClient::brokerFailsOnATakenPort()
{
    TestBroker broker;
    QSignalSpy ready(&broker, &TestBroker::ready);
    QSignalSpy failed(&broker, &TestBroker::failed);
    TestBroker::Config config;
    config.port = m_broker.port(); // taken by the test case's own broker
    broker.startAsync(config);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(ready.count(), 0);
    const QString why = failed.first().first().toString();
    QVERIFY2(why.contains(QString::number(config.port)) && why.contains(QLatin1String("in use")),
             qPrintable(why));
    QVERIFY(!broker.isRunning());
    QCOMPARE(broker.processId(), 0);
    QVERIFY(m_broker.isRunning()); // the port's owner is untouched
    QVERIFY(!broker.startAndWait(config));
}

void TstMqttClient::connectAndDisconnect()
{
    MqttClient c;
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
    QSignalSpy states(&c, &MqttClient::stateChanged);
    QSignalSpy connected(&c, &MqttClient::connected);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    QSignalSpy errors(&c, &MqttClient::errorOccurred);

    c.connectToHost(kLoopback, m_broker.port(), options("qmt-connect"));
    QCOMPARE(c.state(), MqttClient::State::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeoutMs);
    QCOMPARE(connected.first().at(0).toBool(), false); // clean session: none present
    QCOMPARE(c.state(), MqttClient::State::Connected);

    c.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::NoError));
    QCOMPARE(disconnected.first().at(1).toBool(), true);
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
    QCOMPARE(errors.count(), 0);

    const QList<MqttClient::State> expected{MqttClient::State::Connecting, MqttClient::State::Connected,
                                            MqttClient::State::Disconnecting,
                                            MqttClient::State::Disconnected};
    QCOMPARE(states.count(), expected.size());
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(states.at(i).at(0).value<MqttClient::State>(), expected.at(i));
}

void TstMqttClient::reconnectAfterDisconnect()
{
    MqttClient c;
    for (int round = 0; round < 3; ++round) {
        // Another connection opened in between takes the descriptor number c had before.
        MqttClient other;
        QVERIFY(connectAndWait(other, m_broker.port(), options("qmt-reconnect-other")));

        QVERIFY2(connectAndWait(c, m_broker.port(), options("qmt-reconnect")), qPrintable(c.errorString()));
        QVERIFY(subscribeAndWait(c, "qmt/reconnect", 1));
        QSignalSpy received(&c, &MqttClient::messageReceived);
        const QByteArray payload = "round " + QByteArray::number(round);
        QVERIFY(c.publish("qmt/reconnect", payload, 1, false) >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeoutMs);
        QCOMPARE(received.first().at(2).toByteArray(), payload);

        QSignalSpy disconnected(&c, &MqttClient::disconnected);
        c.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
        other.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(other.state(), MqttClient::State::Disconnected, kTimeoutMs);
    }
}

void TstMqttClient::roundTrip_data()
{
    QTest::addColumn<int>("qos");
    QTest::addColumn<QByteArray>("payload");
    for (int qos = 0; qos <= 2; ++qos) {
        const QByteArray q = "qos" + QByteArray::number(qos);
        QTest::newRow(q + " text") << qos << QByteArray("hello");
        QTest::newRow(q + " empty") << qos << QByteArray();
        QTest::newRow(q + " NUL CR LF quotes") << qos << awkwardPayload(40);
        QTest::newRow(q + " 1500 bytes") << qos << awkwardPayload(1500);
    }
}

void TstMqttClient::roundTrip()
{
    QFETCH(int, qos);
    QFETCH(QByteArray, payload);
    const QByteArray topic = "qmt/round trip/" + QByteArray(QTest::currentDataTag()).replace(' ', '_');

    MqttClient sub;
    MqttClient pub;
    QVERIFY(connectAndWait(sub, m_broker.port(), options("qmt-rt-sub")));
    QVERIFY(connectAndWait(pub, m_broker.port(), options("qmt-rt-pub")));
    QSignalSpy granted(&sub, &MqttClient::subscribed);
    const int subMid = sub.subscribe(topic, 2);
    QVERIFY(subMid > 0);
    QTRY_COMPARE_WITH_TIMEOUT(granted.count(), 1, kTimeoutMs);
    QCOMPARE(granted.first().at(0).toInt(), subMid);
    QCOMPARE(granted.first().at(1).value<QList<int>>(), QList<int>{2});

    QSignalSpy received(&sub, &MqttClient::messageReceived);
    QSignalSpy published(&pub, &MqttClient::published);
    const int mid = pub.publish(topic, payload, qos, false);
    QVERIFY(mid > 0);
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 1, kTimeoutMs);
    QCOMPARE(published.first().at(0).toInt(), mid);
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeoutMs);
    const QList<QVariant> msg = received.first();
    QCOMPARE(msg.at(1).toByteArray(), topic);
    QCOMPARE(msg.at(2).toByteArray().size(), payload.size());
    QCOMPARE(msg.at(2).toByteArray(), payload);
    QCOMPARE(msg.at(3).toInt(), qos);
    QCOMPARE(msg.at(4).toBool(), false);
    if (qos > 0)
        QVERIFY(msg.at(0).toInt() > 0);
}

void TstMqttClient::signalsComeAfterTheCall()
{
    MqttClient c;
    QVERIFY(connectAndWait(c, m_broker.port(), options("qmt-order")));
    QSignalSpy published(&c, &MqttClient::published);
    // libmosquitto writes a QoS 0 message and calls on_publish inside mosquitto_publish(); the
    // signal must still wait until the caller has the message id.
    const int mid = c.publish("qmt/order", "x", 0, false);
    QVERIFY(mid > 0);
    QCOMPARE(published.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 1, kTimeoutMs);
    QCOMPARE(published.first().at(0).toInt(), mid);
}

void TstMqttClient::independentSubscriberSeesPayload()
{
    MosquittoSub witness;
    QVERIFY2(witness.start(m_broker.port(), "qmt/witness/#", 3, 2), qPrintable(witness.errorString()));

    MqttClient pub;
    QVERIFY(connectAndWait(pub, m_broker.port(), options("qmt-witness-pub")));
    const QByteArray payloads[] = {awkwardPayload(1500), QByteArray("\0", 1), QByteArray("plain")};
    QSignalSpy published(&pub, &MqttClient::published);
    for (int qos = 0; qos <= 2; ++qos)
        QVERIFY(pub.publish("qmt/witness/q" + QByteArray::number(qos), payloads[qos], qos, false) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 3, kTimeoutMs);

    QVERIFY2(witness.waitForMessages(), qPrintable(witness.errorString()));
    const QList<MosquittoSub::Message> got = witness.messages();
    QCOMPARE(got.size(), 3);
    for (int qos = 0; qos <= 2; ++qos) {
        QCOMPARE(got.at(qos).topic, "qmt/witness/q" + QByteArray::number(qos));
        QCOMPARE(got.at(qos).payload, payloads[qos]);
        QCOMPARE(got.at(qos).qos, qos);
        QCOMPARE(got.at(qos).retained, false);
    }
}

void TstMqttClient::retainedForLateSubscriber()
{
    const QByteArray topic = "qmt/retained";
    const QByteArray payload = awkwardPayload(200);
    MqttClient pub;
    QVERIFY(connectAndWait(pub, m_broker.port(), options("qmt-ret-pub")));
    QSignalSpy published(&pub, &MqttClient::published);
    QVERIFY(pub.publish(topic, payload, 1, true) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 1, kTimeoutMs); // PUBACK: the broker has it

    MqttClient late;
    QVERIFY(connectAndWait(late, m_broker.port(), options("qmt-ret-late")));
    QSignalSpy received(&late, &MqttClient::messageReceived);
    QVERIFY(late.subscribe(topic, 1) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeoutMs);
    QCOMPARE(received.first().at(1).toByteArray(), topic);
    QCOMPARE(received.first().at(2).toByteArray(), payload);
    QCOMPARE(received.first().at(4).toBool(), true);

    // mosquitto_sub, subscribing later still, sees the same retained message.
    MosquittoSub witness;
    QVERIFY2(witness.start(m_broker.port(), topic, 1, 1), qPrintable(witness.errorString()));
    QVERIFY2(witness.waitForMessages(), qPrintable(witness.errorString()));
    QCOMPARE(witness.messages().first().payload, payload);
    QCOMPARE(witness.messages().first().retained, true);

    // Clear it, so no other test sees it.
    QVERIFY(pub.publish(topic, QByteArray(), 1, true) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 2, kTimeoutMs);
}

void TstMqttClient::unsubscribeStopsDelivery()
{
    MqttClient c;
    QVERIFY(connectAndWait(c, m_broker.port(), options("qmt-unsub")));
    QVERIFY(subscribeAndWait(c, "qmt/unsub/a", 1));
    QVERIFY(subscribeAndWait(c, "qmt/unsub/b", 1));
    QSignalSpy unsubscribed(&c, &MqttClient::unsubscribed);
    const int mid = c.unsubscribe("qmt/unsub/a");
    QVERIFY(mid > 0);
    QTRY_COMPARE_WITH_TIMEOUT(unsubscribed.count(), 1, kTimeoutMs);
    QCOMPARE(unsubscribed.first().at(0).toInt(), mid);

    // Publish to a (no longer subscribed) then b: only b arrives, and the broker keeps order.
    QSignalSpy received(&c, &MqttClient::messageReceived);
    QVERIFY(c.publish("qmt/unsub/a", "A", 1, false) > 0);
    QVERIFY(c.publish("qmt/unsub/b", "B", 1, false) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeoutMs);
    QCOMPARE(received.first().at(1).toByteArray(), QByteArray("qmt/unsub/b"));
}

void TstMqttClient::burstFillsTheSocket_data()
{
    QTest::addColumn<int>("qos");
    QTest::newRow("qos0") << 0;
    QTest::newRow("qos1") << 1;
}

void TstMqttClient::burstFillsTheSocket()
{
    // 16 MB while the broker is stopped: the socket buffers fill, libmosquitto keeps the rest, and
    // once the broker runs again the write notifier drains it. QoS 1 beyond 20 messages in
    // flight also waits in libmosquitto for PUBACKs. Everything arrives whole and in order.
    // (Mixing QoS would reorder: QoS 0 jumps the QoS 1 messages waiting for a slot in flight.)
    QFETCH(int, qos);
    constexpr int kCount = 64;
    constexpr qsizetype kSize = 256 * 1024;
    TestBroker broker;
    QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
    MqttClient sub;
    MqttClient pub;
    QVERIFY(connectAndWait(sub, broker.port(), options("qmt-burst-sub")));
    QVERIFY(connectAndWait(pub, broker.port(), options("qmt-burst-pub")));
    QVERIFY(subscribeAndWait(sub, "qmt/burst", 1));
    QSignalSpy received(&sub, &MqttClient::messageReceived);
    QSignalSpy published(&pub, &MqttClient::published);
    QList<int> mids;
    QVERIFY(broker.suspend());
    for (int i = 0; i < kCount; ++i) {
        QByteArray payload = awkwardPayload(kSize);
        payload[0] = char(i);
        mids.append(pub.publish("qmt/burst", payload, qos, false));
        QVERIFY(mids.last() > 0);
    }
    QVERIFY(broker.resume());
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), kCount, 4 * kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), kCount, kTimeoutMs);
    for (int i = 0; i < kCount; ++i) {
        const QByteArray payload = received.at(i).at(2).toByteArray();
        QCOMPARE(payload.size(), kSize);
        QCOMPARE(int(payload[0]), i);
        QCOMPARE(payload.mid(1), awkwardPayload(kSize).mid(1));
    }
    QList<int> done;
    for (const QList<QVariant> &args : published)
        done.append(args.at(0).toInt());
    std::sort(done.begin(), done.end());
    std::sort(mids.begin(), mids.end());
    QCOMPARE(done, mids);
}

void TstMqttClient::keepAliveTimeoutWhenBrokerHangs()
{
    // No PINGRESP within a keep-alive interval after the PINGREQ: libmosquitto gives up.
    TestBroker broker;
    QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
    MqttClient c;
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    MqttClient::Options o = options("qmt-hang");
    o.keepAlive = std::chrono::seconds(5);
    QVERIFY(connectAndWait(c, broker.port(), o));
    QVERIFY(broker.suspend());
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 30000);
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::KeepAliveTimeout));
    QCOMPARE(disconnected.first().at(1).toBool(), false);
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
}

void TstMqttClient::keepAlive()
{
    // libmosquitto's shortest keep-alive is 5 s; the misc timer must send PINGREQ in time, or
    // the broker drops the client after 1.5 times the interval.
    MqttClient c;
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    MqttClient::Options o = options("qmt-keepalive");
    o.keepAlive = std::chrono::seconds(5);
    QVERIFY(connectAndWait(c, m_broker.port(), o));
    QTRY_VERIFY_WITH_TIMEOUT(m_broker.log().contains(QLatin1String("Sending PINGRESP to qmt-keepalive")),
                             20000);
    QCOMPARE(disconnected.count(), 0);
    QCOMPARE(c.state(), MqttClient::State::Connected);
    c.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), MqttClient::State::Disconnected, kTimeoutMs);

    // Keep-alive 0 (off) is valid MQTT, and the modem accepts it too.
    MqttClient::Options off = options("qmt-keepalive-off");
    off.keepAlive = std::chrono::seconds(0);
    QVERIFY2(connectAndWait(c, m_broker.port(), off), qPrintable(c.errorString()));
}

void TstMqttClient::willOnSocketDeath_data()
{
    QTest::addColumn<bool>("destroy");
    QTest::newRow("destroyed while connected") << true;
    QTest::newRow("aborted") << false;
}

void TstMqttClient::willOnSocketDeath()
{
    QFETCH(bool, destroy);
    const QByteArray topic = "qmt/will/" + QByteArray(destroy ? "destroy" : "abort");
    MqttClient watcher;
    QVERIFY(connectAndWait(watcher, m_broker.port(), options("qmt-will-watcher")));
    QVERIFY(subscribeAndWait(watcher, topic, 1));
    QSignalSpy received(&watcher, &MqttClient::messageReceived);

    auto dying = std::make_unique<MqttClient>();
    MqttClient::Options o = options("qmt-will-dying");
    o.will = MqttClient::Will{topic, QByteArray("gone\0\r\n", 7), 1, false};
    QVERIFY(connectAndWait(*dying, m_broker.port(), o));
    QSignalSpy disconnected(dying.get(), &MqttClient::disconnected);

    if (destroy) {
        dying.reset();
    } else {
        dying->abort();
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
        QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::ConnectionLost));
        QCOMPARE(disconnected.first().at(1).toBool(), false);
    }
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeoutMs);
    QCOMPARE(received.first().at(1).toByteArray(), topic);
    QCOMPARE(received.first().at(2).toByteArray(), QByteArray("gone\0\r\n", 7));
    QCOMPARE(received.first().at(3).toInt(), 1);

    if (dying) { // the aborted client can connect again
        QVERIFY(connectAndWait(*dying, m_broker.port(), options("qmt-will-dying")));
        dying->disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(dying->state(), MqttClient::State::Disconnected, kTimeoutMs);
    }
}

void TstMqttClient::noWillOnCleanDisconnect()
{
    const QByteArray topic = "qmt/will/clean";
    MqttClient watcher;
    QVERIFY(connectAndWait(watcher, m_broker.port(), options("qmt-nowill-watcher")));
    QVERIFY(subscribeAndWait(watcher, topic, 1));
    QVERIFY(subscribeAndWait(watcher, "qmt/will/marker", 1));
    QSignalSpy received(&watcher, &MqttClient::messageReceived);

    MqttClient polite;
    MqttClient::Options o = options("qmt-nowill");
    o.will = MqttClient::Will{topic, "should not appear", 1, false};
    QVERIFY(connectAndWait(polite, m_broker.port(), o));
    polite.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(polite.state(), MqttClient::State::Disconnected, kTimeoutMs);
    // Once the broker logs the polite disconnect, any will would already be on its way; a marker
    // published after that closes the check without waiting for an absence.
    QTRY_VERIFY_WITH_TIMEOUT(m_broker.log().contains(QLatin1String("Client qmt-nowill disconnected.")),
                             kTimeoutMs);
    QVERIFY(watcher.publish("qmt/will/marker", "end", 1, false) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeoutMs);
    QCOMPARE(received.first().at(1).toByteArray(), QByteArray("qmt/will/marker"));
}

void TstMqttClient::connackRefused_data()
{
    QTest::addColumn<bool>("withUser");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<int>("connack");
    QTest::newRow("good password") << true << QByteArray("s3cret") << 0;
    QTest::newRow("bad password") << true << QByteArray("wrong") << 5;
    QTest::newRow("anonymous") << false << QByteArray() << 5;
}

void TstMqttClient::connackRefused()
{
    QFETCH(bool, withUser);
    QFETCH(QByteArray, password);
    QFETCH(int, connack);

    TestBroker broker;
    TestBroker::Config config;
    config.users = {{"alice", "s3cret"}};
    QVERIFY2(broker.startAndWait(config), qPrintable(broker.errorString()));

    MqttClient c;
    QSignalSpy connected(&c, &MqttClient::connected);
    QSignalSpy refused(&c, &MqttClient::connackRefused);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    QSignalSpy errors(&c, &MqttClient::errorOccurred);
    MqttClient::Options o = options("qmt-auth");
    if (withUser) {
        o.username = QByteArray("alice");
        o.password = password;
    }
    c.connectToHost(kLoopback, broker.port(), o);
    if (connack == 0) {
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeoutMs);
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.first().at(0).toInt(), connack);
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::ConnackRefused));
    QCOMPARE(disconnected.first().at(1).toBool(), false);
    QCOMPARE(connected.count(), 0);
    QCOMPARE(errors.count(), 0); // the broker's answer is not a local fault
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
    QVERIFY(!MqttClient::connackText(connack).isEmpty());
}

void TstMqttClient::emptyClientId()
{
    // An empty client id reaches the broker only with a clean session, and the broker assigns
    // one; for a persistent session libmosquitto refuses before connecting.
    MqttClient c;
    QVERIFY(connectAndWait(c, m_broker.port(), options("")));
    c.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), MqttClient::State::Disconnected, kTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(m_broker.log().contains(QLatin1String(" as auto-")), qPrintable(m_broker.log()),
                              kTimeoutMs);

    QSignalSpy errors(&c, &MqttClient::errorOccurred);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    MqttClient::Options persistent = options("");
    persistent.cleanSession = false;
    c.connectToHost(kLoopback, m_broker.port(), persistent);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toInt(), int(MqttClient::InvalidArgument));
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
}

void TstMqttClient::mqtt31()
{
    MqttClient sub;
    MqttClient::Options o = options("qmt-v31-with-a-client-id-longer-than-23");
    o.protocolVersion = 3;
    QVERIFY(connectAndWait(sub, m_broker.port(), o));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_broker.log().contains(QLatin1String("as qmt-v31-with-a-client-id-longer-than-23 (p1,")),
        kTimeoutMs); // p1: MQTT 3.1
    QVERIFY(subscribeAndWait(sub, "qmt/v31", 2));
    QSignalSpy received(&sub, &MqttClient::messageReceived);
    QVERIFY(sub.publish("qmt/v31", "x", 2, false) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeoutMs);

    MqttClient bad;
    QSignalSpy errors(&bad, &MqttClient::errorOccurred);
    o.protocolVersion = 5;
    bad.connectToHost(kLoopback, m_broker.port(), o);
    QTRY_COMPARE_WITH_TIMEOUT(bad.state(), MqttClient::State::Disconnected, kTimeoutMs);
    QCOMPARE(errors.count(), 1);
}

void TstMqttClient::connectionRefusedOnClosedPort()
{
    const quint16 closed = qmt::test::freeLoopbackPort();
    QVERIFY(closed != 0);
    MqttClient c;
    QSignalSpy errors(&c, &MqttClient::errorOccurred);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    QSignalSpy connected(&c, &MqttClient::connected);
    c.connectToHost(kLoopback, closed, options("qmt-refused"));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toInt(), int(MqttClient::SystemError));
    QVERIFY2(errors.first().at(1).toString().contains(QLatin1String("refused"), Qt::CaseInsensitive),
             qPrintable(errors.first().at(1).toString()));
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::SystemError));
    QCOMPARE(disconnected.first().at(1).toBool(), false);
    QCOMPARE(connected.count(), 0);
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
    QCOMPARE(c.errorString(), errors.first().at(1).toString());
}

void TstMqttClient::hostNotFound()
{
    MqttClient c;
    QSignalSpy errors(&c, &MqttClient::errorOccurred);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    c.connectToHost(QStringLiteral("no-such-host.invalid"), 1883, options("qmt-dns"));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toInt(), int(MqttClient::LookupError));
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::LookupError));
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
}

void TstMqttClient::brokerGoesAway()
{
    TestBroker broker;
    QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
    MqttClient c;
    QVERIFY(connectAndWait(c, broker.port(), options("qmt-goes-away")));
    QVERIFY(subscribeAndWait(c, "qmt/away", 0));
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    broker.stop();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::ConnectionLost));
    QCOMPARE(disconnected.first().at(1).toBool(), false);
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
    QCOMPARE(c.publish("qmt/away", "x", 0, false), -1);
}

void TstMqttClient::deleteFromSlot()
{
    MqttClient pub;
    QVERIFY(connectAndWait(pub, m_broker.port(), options("qmt-del-pub")));
    QPointer<MqttClient> victim = new MqttClient;
    QVERIFY(connectAndWait(*victim, m_broker.port(), options("qmt-del-victim")));
    QVERIFY(subscribeAndWait(*victim, "qmt/delete", 1));
    int seen = 0;
    connect(victim.data(), &MqttClient::messageReceived, this,
            [&](int, const QByteArray &, const QByteArray &) {
                ++seen;
                delete victim.data(); // in the slot, with more messages queued behind this one
            });
    for (int i = 0; i < 5; ++i)
        QVERIFY(pub.publish("qmt/delete", QByteArray::number(i), 1, false) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(victim.isNull(), kTimeoutMs);
    QCOMPARE(seen, 1);
    // The connection is still usable by others afterwards.
    QVERIFY(subscribeAndWait(pub, "qmt/delete", 1));
}

void TstMqttClient::disconnectWhileConnecting()
{
    // A hung broker: the kernel accepts the TCP connection, nobody answers CONNECT.
    TestBroker broker;
    QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
    QVERIFY(broker.suspend());
    MqttClient c;
    QSignalSpy connected(&c, &MqttClient::connected);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    c.connectToHost(kLoopback, broker.port(), options("qmt-give-up"));
    QCOMPARE(c.state(), MqttClient::State::Connecting);
    c.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::NoError));
    QCOMPARE(disconnected.first().at(1).toBool(), true);
    QCOMPARE(c.state(), MqttClient::State::Disconnected);

    // Once the broker runs again, it finds the connection closed; the client connects anew.
    QVERIFY(broker.resume());
    QVERIFY(connectAndWait(c, broker.port(), options("qmt-give-up")));
    QCOMPARE(connected.count(), 1);
}

void TstMqttClient::tlsWithClientCertificate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestPki pki;
    QString error;
    QVERIFY2(qmt::test::makeTestPki(dir.path(), &pki, &error), qPrintable(error));

    TestBroker broker;
    TestBroker::Config config;
    config.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, true, false};
    QVERIFY2(broker.startAndWait(config), qPrintable(broker.errorString()));
    QVERIFY(broker.tlsPort() != 0);

    MosquittoSub witness; // on the plain listener of the same broker
    QVERIFY2(witness.start(broker.port(), "qmt/tls", 1, 1), qPrintable(witness.errorString()));

    for (const QString &host : {QStringLiteral("localhost"), kLoopback}) {
        MqttClient c;
        QSignalSpy errors(&c, &MqttClient::errorOccurred);
        MqttClient::Options o = options("qmt-tls");
        o.tls.enabled = true;
        o.tls.caFile = pki.caCert;
        o.tls.certFile = pki.clientCert;
        o.tls.keyFile = pki.clientKey;
        o.tls.tlsVersion = QStringLiteral("tlsv1.2");
        QVERIFY2(connectAndWait(c, broker.tlsPort(), o, host),
                 qPrintable(c.errorString() + QLatin1Char('\n') + broker.log()));
        QCOMPARE(errors.count(), 0);

        QVERIFY(subscribeAndWait(c, "qmt/tls", 2));
        QSignalSpy received(&c, &MqttClient::messageReceived);
        const QByteArray payload = awkwardPayload(1500);
        QVERIFY(c.publish("qmt/tls", payload, 1, false) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeoutMs);
        QCOMPARE(received.first().at(2).toByteArray(), payload);
        if (host == kLoopback) {
            QVERIFY2(witness.waitForMessages(), qPrintable(witness.errorString()));
            QCOMPARE(witness.messages().first().payload, payload);
        }
        c.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), MqttClient::State::Disconnected, kTimeoutMs);
    }
}

void TstMqttClient::tlsWrongCa()
{
    QTemporaryDir dir;
    QTemporaryDir otherDir;
    QVERIFY(dir.isValid() && otherDir.isValid());
    TestPki pki;
    TestPki other;
    QString error;
    QVERIFY2(qmt::test::makeTestPki(dir.path(), &pki, &error), qPrintable(error));
    QVERIFY2(qmt::test::makeTestPki(otherDir.path(), &other, &error), qPrintable(error));

    TestBroker broker;
    TestBroker::Config config;
    config.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, true, false};
    QVERIFY2(broker.startAndWait(config), qPrintable(broker.errorString()));

    MqttClient c;
    QSignalSpy connected(&c, &MqttClient::connected);
    QSignalSpy errors(&c, &MqttClient::errorOccurred);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    MqttClient::Options o = options("qmt-tls-wrong-ca");
    o.tls.enabled = true;
    o.tls.caFile = other.caCert; // does not sign the server's certificate
    o.tls.certFile = pki.clientCert;
    o.tls.keyFile = pki.clientKey;
    c.connectToHost(kLoopback, broker.tlsPort(), o);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(connected.count(), 0);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toInt(), int(MqttClient::TlsError));
    QVERIFY2(errors.first().at(1).toString().contains(QLatin1String("certificate verify failed")),
             qPrintable(errors.first().at(1).toString()));
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::TlsError));
    QCOMPARE(c.state(), MqttClient::State::Disconnected);

    // The same client then connects with the right CA.
    o.tls.caFile = pki.caCert;
    QVERIFY2(connectAndWait(c, broker.tlsPort(), o), qPrintable(c.errorString()));
}

void TstMqttClient::tlsMissingFiles()
{
    MqttClient c;
    QSignalSpy errors(&c, &MqttClient::errorOccurred);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    MqttClient::Options o = options("qmt-tls-missing");
    o.tls.enabled = true;
    o.tls.caFile = QStringLiteral("/nonexistent/ca.crt");
    c.connectToHost(kLoopback, m_broker.port(), o);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toInt(), int(MqttClient::TlsError));
    QVERIFY(errors.first().at(1).toString().contains(QLatin1String("/nonexistent/ca.crt")));
    QCOMPARE(c.state(), MqttClient::State::Disconnected);
}

void TstMqttClient::tlsWithoutVerification()
{
    // The modem's SSL level 0: encrypt, but check neither the server nor its name; no CA file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestPki pki;
    QString error;
    QVERIFY2(qmt::test::makeTestPki(dir.path(), &pki, &error), qPrintable(error));
    TestBroker broker;
    TestBroker::Config config;
    config.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, false, false};
    QVERIFY2(broker.startAndWait(config), qPrintable(broker.errorString()));

    MqttClient c;
    MqttClient::Options o = options("qmt-tls-noverify");
    o.tls.enabled = true;
    o.tls.verifyPeer = false;
    QVERIFY2(connectAndWait(c, broker.tlsPort(), o), qPrintable(c.errorString() + broker.log()));

    // Verifying against the system's CA store fails: nobody there signed our test server.
    MqttClient strict;
    QSignalSpy errors(&strict, &MqttClient::errorOccurred);
    o.tls.verifyPeer = true;
    strict.connectToHost(kLoopback, broker.tlsPort(), o);
    QTRY_COMPARE_WITH_TIMEOUT(strict.state(), MqttClient::State::Disconnected, kTimeoutMs);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toInt(), int(MqttClient::TlsError));
}

void TstMqttClient::tlsNoCertificateGetsConnack4()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TestPki pki;
    QString error;
    QVERIFY2(qmt::test::makeTestPki(dir.path(), &pki, &error), qPrintable(error));

    // With use_identity_as_username the certificate is the credential: Mosquitto 2.0 answers
    // a client without one with CONNACK 4 (bad user name or password).
    TestBroker broker;
    TestBroker::Config config;
    config.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, false, true};
    QVERIFY2(broker.startAndWait(config), qPrintable(broker.errorString()));

    MqttClient c;
    QSignalSpy refused(&c, &MqttClient::connackRefused);
    QSignalSpy disconnected(&c, &MqttClient::disconnected);
    MqttClient::Options o = options("qmt-tls-nocert");
    o.tls.enabled = true;
    o.tls.caFile = pki.caCert;
    c.connectToHost(kLoopback, broker.tlsPort(), o);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeoutMs);
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.first().at(0).toInt(), 4);
    QCOMPARE(disconnected.first().at(0).toInt(), int(MqttClient::ConnackRefused));
    // (A certificate would not help here: without require_certificate the broker never asks
    // for one, so every client gets CONNACK 4.)
}

QTEST_GUILESS_MAIN(TstMqttClient)
#include "tst_mqttclient.moc"
