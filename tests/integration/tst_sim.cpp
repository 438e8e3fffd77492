// SPDX-License-Identifier: Apache-2.0
// The simulated module end to end: the command channel drives it through a real pseudo-terminal
// opened with QSerialPort; behind it a Mosquitto broker this test starts; messages are checked
// on the broker side with mosquitto_sub and mosquitto_pub, which share none of our code.

#include "at/builders.h"
#include "at/checksum.h"
#include "broker.h"
#include "simrig.h"
#include "io/commandchannel.h"
#include "replywait.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "subscriber.h"
#include "tcptap.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSerialPort>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;
using session::CommandResult;
using state::MqttState;
using state::NetState;

namespace {

constexpr int kWait = 30000; // ms; generous for a loaded CI machine, never a fixed sleep

// A module on a pty, a channel on its other side, a broker behind it.
struct Rig : test::SimOnPty
{
    explicit Rig(test::TestBroker &broker, quint16 tlsPort = 0) : SimOnPty(broker.port(), tlsPort) {}
    explicit Rig(quint16 brokerPort) : SimOnPty(brokerPort) {}
    bool start()
    {
        if (!open())
            return false;
        sim.powerOn();
        return QTest::qWaitFor([this] { return pipeline.store().module().ready; }, kWait);
    }
    CommandResult run(at::AtCommand c) { return test::waitForReply(channel.enqueue(std::move(c)), kWait); }
    CommandResult run(const QByteArray &line) { return run(at::AtCommand::fromText(line)); }
    CommandResult run(const at::Built &b)
    {
        if (!b.ok()) {
            qWarning() << "builder refused:" << b.error->message;
            CommandResult r;
            r.outcome = CommandResult::Outcome::Aborted;
            return r;
        }
        return run(*b.command);
    }
    at::Builders build;
};

bool mosquittoPub(quint16 port, const QByteArray &topic, const QByteArray &payload, int qos = 1,
                  bool retain = false)
{
    QStringList args{QStringLiteral("-h"),  QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                     QString::number(port), QStringLiteral("-t"),        QString::fromUtf8(topic),
                     QStringLiteral("-q"),  QString::number(qos),        QStringLiteral("-s")};
    if (retain)
        args << QStringLiteral("-r");
    QProcess p;
    p.start(QStringLiteral("mosquitto_pub"), args);
    if (!p.waitForStarted(5000))
        return false;
    p.write(payload);
    p.closeWriteChannel();
    return p.waitForFinished(10000) && p.exitCode() == 0;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

#define RUN_OK(rig, what)                                                                                    \
    do {                                                                                                     \
        const CommandResult r_ = (rig).run(what);                                                            \
        QVERIFY2(r_.succeeded(), qPrintable(QStringLiteral("%1: %2 (result %3)")                             \
                                                .arg(QStringLiteral(#what), r_.describe())                   \
                                                .arg(r_.resultCode)));                                       \
    } while (0)

} // namespace

class tst_Sim : public QObject
{
    Q_OBJECT
private slots:
    void seed51FlowAgainstALocalBroker()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        QVERIFY(rig.start());
        RUN_OK(rig, rig.build.cfgRecvMode(0, 0, 1));
        RUN_OK(rig, rig.build.cfgAliAuth(0, QStringLiteral("oyjtmPI5a5j"), QStringLiteral("MQTT_TEST"),
                                         QStringLiteral("wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ")));
        RUN_OK(rig, QByteArray("AT+QMTOPEN=?"));
        RUN_OK(rig, rig.build.open(0, QStringLiteral("iot-as-mqtt.cn-shanghai.aliyuncs.com"), 1883));
        QCOMPARE(rig.slot(0).network, NetState::Open);
        RUN_OK(rig, rig.build.openQuery());
        QCOMPARE(rig.slot(0).host, QByteArray("iot-as-mqtt.cn-shanghai.aliyuncs.com"));
        RUN_OK(rig, QByteArray("AT+QMTCONN=?"));
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("clientExample")));
        QCOMPARE(rig.slot(0).mqtt, MqttState::Connected);
        RUN_OK(rig, QByteArray("AT+QMTSUB=?"));
        RUN_OK(rig, rig.build.subscribe(0, 1, QStringLiteral("topic/example"), 2));
        RUN_OK(rig, rig.build.subscribe(0, 1, QStringLiteral("topic/pub"), 0));
        QCOMPARE(rig.slot(0).subscriptions.size(), size_t(2));

        // another device publishes on topic/example
        QVERIFY(mosquittoPub(broker.port(), "topic/example", "This is the payload related to topic"));
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).counters.received, 1u, kWait);
        QCOMPARE(rig.slot(0).messages.back().topic, QByteArray("topic/example"));
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("This is the payload related to topic"));
        QCOMPARE(rig.slot(0).messages.back().declaredLength, 36);

        RUN_OK(rig, rig.build.unsubscribe(0, 2, {QStringLiteral("topic/example")}));
        RUN_OK(rig, QByteArray("AT+QMTPUBEX=?"));
        test::MosquittoSub witness;
        QVERIFY2(witness.start(broker.port(), "topic/pub", 1), qPrintable(witness.errorString()));
        RUN_OK(rig,
               rig.build.publish(0, 0, 0, 0, QStringLiteral("topic/pub"), "This is test data, hello MQTT."));
        QVERIFY2(witness.waitForMessages(), qPrintable(witness.errorString()));
        QCOMPARE(witness.messages().first().payload, QByteArray("This is test data, hello MQTT."));
        // subscribed to topic/pub itself, the module reports its own message back
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).counters.received, 2u, kWait);
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("This is test data, hello MQTT."));
        QCOMPARE(rig.slot(0).counters.published, 1u);

        RUN_OK(rig, rig.build.disconnect(0));
        QCOMPARE(rig.slot(0).mqtt, MqttState::Disconnected);
        QCOMPARE(rig.slot(0).network, NetState::Closed);
        QVERIFY(!rig.slot(0).lastError.isSet());
        QCOMPARE(rig.pipeline.store().module().unknownLines, quint64(0));
    }

    void seed52FlowWithTls()
    {
        QTemporaryDir dir;
        test::TestPki pki;
        QString error;
        QVERIFY2(test::makeTestPki(dir.path(), &pki, &error), qPrintable(error));
        test::TestBroker broker;
        test::TestBroker::Config cfg;
        cfg.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, true, false};
        QVERIFY2(broker.startAndWait(cfg), qPrintable(broker.errorString()));
        Rig rig(broker, broker.tlsPort());
        QVERIFY(rig.start());
        RUN_OK(rig, rig.build.cfgRecvMode(0, 0, 1));
        RUN_OK(rig, rig.build.cfgSsl(0, 1, 2));
        // upload the three files; the module's checksum must match our own
        const std::pair<QString, QString> uploads[] = {{QStringLiteral("RAM:cacert.pem"), pki.caCert},
                                                       {QStringLiteral("RAM:client.pem"), pki.clientCert},
                                                       {QStringLiteral("RAM:user_key.pem"), pki.clientKey}};
        for (const auto &[name, path] : uploads) {
            const QByteArray content = fileBytes(path);
            QVERIFY(!content.isEmpty());
            const CommandResult r = rig.run(rig.build.fileUpload(name, content, 100));
            QVERIFY2(r.succeeded(), qPrintable(r.describe()));
            const auto &files = rig.pipeline.store().module().files;
            QVERIFY(files.count(name.toUtf8()));
            QCOMPARE(files.at(name.toUtf8()).size, content.size());
            QCOMPARE(files.at(name.toUtf8()).checksum, at::formatChecksum(at::qfuplChecksum(content)));
        }
        RUN_OK(rig, rig.build.sslCaCert(2, QStringLiteral("RAM:cacert.pem")));
        RUN_OK(rig, rig.build.sslClientCert(2, QStringLiteral("RAM:client.pem")));
        RUN_OK(rig, rig.build.sslClientKey(2, QStringLiteral("RAM:user_key.pem")));
        RUN_OK(rig, rig.build.sslSecLevel(2, 2));
        RUN_OK(rig, rig.build.sslVersion(2, 4));
        RUN_OK(rig, rig.build.sslCipherSuite(2, 0xFFFF));
        RUN_OK(rig, rig.build.sslIgnoreLocalTime(2, 1));
        RUN_OK(rig, rig.build.open(0, QStringLiteral("a1zgnxur10j8ux.iot.us-east-1.amazonaws.com"), 8883));
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("M26_0206")));
        const QString topic = QStringLiteral("$aws/things/M26_0206/shadow/update/accepted");
        RUN_OK(rig, rig.build.subscribe(0, 1, topic, 1));
        QCOMPARE(rig.slot(0).subscriptions.at(0).grantedQos, 1);
        RUN_OK(rig, rig.build.publish(0, 1, 1, 0, topic, "This is publish data from client"));
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).counters.received, 1u, kWait);
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("This is publish data from client"));
        RUN_OK(rig, rig.build.disconnect(0));
        QCOMPARE(rig.slot(0).mqtt, MqttState::Disconnected);
    }

    void tlsWithTheWrongCaFails()
    {
        QTemporaryDir dir, other;
        test::TestPki pki, stranger;
        QString error;
        QVERIFY(test::makeTestPki(dir.path(), &pki, &error));
        QVERIFY(test::makeTestPki(other.path(), &stranger, &error));
        test::TestBroker broker;
        test::TestBroker::Config cfg;
        cfg.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, false, false};
        QVERIFY(broker.startAndWait(cfg));
        Rig rig(broker, broker.tlsPort());
        QVERIFY(rig.start());
        RUN_OK(rig, rig.build.fileUpload(QStringLiteral("ca.pem"), fileBytes(stranger.caCert)));
        RUN_OK(rig, rig.build.sslCaCert(0, QStringLiteral("ca.pem")));
        RUN_OK(rig, rig.build.sslSecLevel(0, 1));
        RUN_OK(rig, rig.build.cfgSsl(0, 1, 0));
        const CommandResult r = rig.run(rig.build.open(0, QStringLiteral("broker.example.com"), 8883));
        QCOMPARE(r.resultCode, -1);
        QCOMPARE(rig.slot(0).network, NetState::Failed);
        QCOMPARE(rig.slot(0).lastError.source, QByteArray("QMTOPEN"));
        QCOMPARE(rig.slot(0).lastError.code, -1);
    }

    void faults()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        auto openAndConnect = [&](int idx, const QString &id) {
            if (!rig.run(rig.build.open(idx, QStringLiteral("127.0.0.1"), broker.port())).succeeded())
                return false;
            return rig.run(rig.build.connect(idx, id)).succeeded();
        };

        // DNS, PDP and TLS failures of QMTOPEN
        const std::pair<QString, int> openFaults[] = {
            {QStringLiteral("dns 1"), 4}, {QStringLiteral("pdp 1"), 3}, {QStringLiteral("tls 1"), -1}};
        for (const auto &[fault, result] : openFaults) {
            QCOMPARE(rig.sim.applyFaultCommand(fault), QString());
            const CommandResult r = rig.run(rig.build.open(1, QStringLiteral("any.example.com"), 1883));
            QCOMPARE(r.resultCode, result);
            QCOMPARE(rig.slot(1).network, NetState::Failed);
            QCOMPARE(rig.slot(1).lastError.code, result);
        }
        // an unresolvable name fails the same way without a fault
        QCOMPARE(rig.run(rig.build.open(1, QStringLiteral("no-such-host.invalid"), 1883)).resultCode, 4);

        // link drop: +QMTSTAT 1, and the broker publishes the will
        RUN_OK(rig,
               rig.build.cfgWill(
                   2, 1, at::WillMessage{1, 0, QStringLiteral("wills/2"), QStringLiteral("slot 2 gone")}));
        test::MosquittoSub will;
        QVERIFY(will.start(broker.port(), "wills/2", 1, 1));
        QVERIFY(openAndConnect(2, QStringLiteral("dropper")));
        QCOMPARE(rig.sim.applyFaultCommand(QStringLiteral("drop 2")), QString());
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(2).lastError.source, QByteArray("QMTSTAT"), kWait);
        QCOMPARE(rig.slot(2).lastError.code, 1);
        QCOMPARE(rig.slot(2).mqtt, MqttState::Disconnected);
        QVERIFY(will.waitForMessages());
        QCOMPARE(will.messages().first().payload, QByteArray("slot 2 gone"));

        // refused CONNECT: +QMTCONN: 3,0,5 then +QMTSTAT: 3,4
        QCOMPARE(rig.sim.applyFaultCommand(QStringLiteral("refuse 3 5")), QString());
        RUN_OK(rig, rig.build.open(3, QStringLiteral("127.0.0.1"), broker.port()));
        const CommandResult refused = rig.run(rig.build.connect(3, QStringLiteral("refused")));
        QCOMPARE(refused.outcome, CommandResult::Outcome::Ok);
        QCOMPARE(refused.resultCode, 5);
        // the root cause stays first (the CONNACK code and its fix), what followed second
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(3).lastStat.source, QByteArray("QMTSTAT"), kWait);
        QCOMPARE(rig.slot(3).lastStat.code, 4);
        QCOMPARE(rig.slot(3).lastError.source, QByteArray("QMTCONN"));
        QCOMPARE(rig.slot(3).lastError.code, 5);

        // result URC before the final result
        QCOMPARE(rig.sim.applyFaultCommand(QStringLiteral("urcfirst on")), QString());
        const qint64 before = rig.pipeline.bytesReceived();
        RUN_OK(rig, rig.build.open(4, QStringLiteral("127.0.0.1"), broker.port()));
        QCOMPARE(rig.slot(4).network, NetState::Open);
        QVERIFY(rig.pipeline.bytesReceived() > before);
        rig.sim.setUrcBeforeFinal(false);

        // slow responses: still correct
        QCOMPARE(rig.sim.applyFaultCommand(QStringLiteral("slow 300")), QString());
        RUN_OK(rig, rig.build.cfgKeepAlive(5, 60));
        RUN_OK(rig, rig.build.cfgRead(at::CfgSetting::KeepAlive, 5));
        QCOMPARE(rig.slot(5).config.keepAlive, 60);
        rig.sim.setResponseDelay(std::chrono::milliseconds(0));

        // garbage on the line is kept and counted, and the session goes on
        const quint64 unknown = rig.pipeline.store().module().unknownLines;
        QCOMPARE(rig.sim.applyFaultCommand(QStringLiteral("garbage")), QString());
        RUN_OK(rig, QByteArray("AT"));
        QVERIFY(rig.pipeline.store().module().unknownLines > unknown);

        // unknown fault commands are refused with a reason
        QVERIFY(!rig.sim.applyFaultCommand(QStringLiteral("explode 1")).isEmpty());
        QVERIFY(!rig.sim.applyFaultCommand(QStringLiteral("drop 9")).isEmpty());

        // reboot: RDY … APP RDY, every slot gone, echo on again
        RUN_OK(rig, rig.build.echo(false));
        QVERIFY(!rig.pipeline.store().module().echo);
        QCOMPARE(rig.slot(4).network, NetState::Open);
        const int boots = rig.pipeline.store().module().boots;
        QCOMPARE(rig.sim.applyFaultCommand(QStringLiteral("reboot")), QString());
        QTRY_COMPARE_WITH_TIMEOUT(rig.pipeline.store().module().boots, boots + 1, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(rig.pipeline.store().module().ready, kWait);
        QVERIFY(rig.pipeline.store().module().echo);
        QCOMPARE(rig.slot(4).network, NetState::Closed);
        RUN_OK(rig, rig.build.openQuery()); // the module agrees: nothing open
        QCOMPARE(rig.slot(4).network, NetState::Closed);
    }

    void pingsUnanswered()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        RUN_OK(rig, rig.build.cfgQmtPing(0, 5));
        RUN_OK(rig, rig.build.open(0, QStringLiteral("127.0.0.1"), broker.port()));
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("pinger")));
        QCOMPARE(rig.sim.applyFaultCommand(QStringLiteral("noping 0")), QString());
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).lastError.source, QByteArray("QMTSTAT"), kWait);
        QCOMPARE(rig.slot(0).lastError.code, 2);
        QCOMPARE(rig.slot(0).network, NetState::Closed);
    }

    void qos2RetainedAndALostBroker()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        QVERIFY(mosquittoPub(broker.port(), "state/retained", "kept", 1, true));
        Rig rig(broker);
        QVERIFY(rig.start());
        RUN_OK(rig, rig.build.open(0, QStringLiteral("127.0.0.1"), broker.port()));
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("q2")));
        // a retained message reaches a late subscriber
        RUN_OK(rig, rig.build.subscribe(0, 1, QStringLiteral("state/#"), 2));
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).counters.received, 1u, kWait);
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("kept"));
        // QoS 2 both ways, and a retained publish from the module seen by an independent client
        RUN_OK(rig, rig.build.publish(0, 9, 2, 1, QStringLiteral("state/module"), "exactly once"));
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).counters.received, 2u, kWait);
        QCOMPARE(rig.slot(0).messages.back().msgId > 0, true); // QoS 2 delivery carries a packet id
        test::MosquittoSub late;
        QVERIFY(late.start(broker.port(), "state/module", 1, 2));
        QVERIFY(late.waitForMessages());
        QCOMPARE(late.messages().first().payload, QByteArray("exactly once"));
        QVERIFY(late.messages().first().retained);
        // the broker goes away: the module reports the closed link
        broker.stop();
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).lastError.source, QByteArray("QMTSTAT"), kWait);
        QCOMPARE(rig.slot(0).lastError.code, 1);
        QCOMPARE(rig.slot(0).network, NetState::Closed);
        // and reopening fails while it is gone
        const CommandResult r = rig.run(rig.build.open(0, QStringLiteral("127.0.0.1"), broker.port()));
        QCOMPARE(r.resultCode, -1);
    }

    void urcsWaitWhileTheHostTypesData()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        sim::SimOptions o;
        o.brokerPort = broker.port();
        sim::SimModule module(o);
        QByteArray out;
        connect(&module, &sim::SimModule::output, this, [&](const QByteArray &b) { out += b; });
        module.write("ATE0\rAT+QMTOPEN=1,\"127.0.0.1\"," + QByteArray::number(broker.port()) + "\r");
        QTRY_VERIFY_WITH_TIMEOUT(out.contains("+QMTOPEN: 1,0"), kWait);
        out.clear();
        module.write("AT+QMTCFG=\"willex\",0,1,0,0,\"w\",4\r");
        QCOMPARE(out, QByteArray("\r\n> "));
        module.dropLink(1); // a URC while the module waits for the will message
        QCOMPARE(out, QByteArray("\r\n> "));
        module.write("ab");
        QCOMPARE(out, QByteArray("\r\n> ")); // echo off: nothing yet
        module.write("cd");
        QCOMPARE(out, QByteArray("\r\n> \r\nOK\r\n\r\n+QMTSTAT: 1,1\r\n"));
    }

    void realConnackRefusal()
    {
        test::TestBroker broker;
        test::TestBroker::Config cfg;
        cfg.users = {{"device", "right"}};
        QVERIFY(broker.startAndWait(cfg));
        Rig rig(broker);
        QVERIFY(rig.start());
        RUN_OK(rig, rig.build.open(0, QStringLiteral("127.0.0.1"), broker.port()));
        const CommandResult r = rig.run(
            rig.build.connect(0, QStringLiteral("c"), QStringLiteral("device"), QStringLiteral("wrong")));
        QVERIFY(r.resultCode == 4 || r.resultCode == 5); // Mosquitto 2 answers 5 for a bad password
        QVERIFY(!r.succeeded());
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).lastStat.source, QByteArray("QMTSTAT"), kWait);
        QCOMPARE(rig.slot(0).lastStat.code, 4);
        QCOMPARE(rig.slot(0).lastError.source, QByteArray("QMTCONN")); // wrong credentials: the cause
        QCOMPARE(rig.slot(0).lastError.code, r.resultCode);
        RUN_OK(rig, rig.build.open(0, QStringLiteral("127.0.0.1"), broker.port()));
        RUN_OK(rig,
               rig.build.connect(0, QStringLiteral("c"), QStringLiteral("device"), QStringLiteral("right")));
        QCOMPARE(rig.slot(0).mqtt, MqttState::Connected);
    }

    void bufferAndWindowLimits()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        RUN_OK(rig, rig.build.cfgRecvMode(0, 1, 1));
        RUN_OK(rig, rig.build.open(0, QStringLiteral("127.0.0.1"), broker.port()));
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("buffered")));
        RUN_OK(rig, rig.build.subscribe(0, 1, QStringLiteral("in/#"), 1));
        for (int i = 0; i < 6; ++i)
            QVERIFY(mosquittoPub(broker.port(), "in/" + QByteArray::number(i), "m" + QByteArray::number(i)));
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).storedCount(), 5, kWait); // five buffers; the sixth is dropped
        RUN_OK(rig, rig.build.recvQuery());
        QCOMPARE(rig.slot(0).storedCount(), 5);
        RUN_OK(rig, rig.build.recvRead(0, 2));
        QCOMPARE(rig.slot(0).storedCount(), 4);
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("m2"));
        QCOMPARE(rig.slot(0).messages.back().recvId, 2);
        RUN_OK(rig, rig.build.recvRead(0));
        QCOMPARE(rig.slot(0).storedCount(), 0);

        // the publish window: with the broker frozen, five QoS 1 publishes wait for PUBACK and
        // the sixth is refused. The module keeps each unacknowledged for pkt_timeout (60 s, no
        // retry); the channel stops waiting for the result URC after half a second.
        RUN_OK(rig, rig.build.disconnect(0));
        RUN_OK(rig, rig.build.cfgTimeout(0, 60, 0, 0));
        RUN_OK(rig, rig.build.open(0, QStringLiteral("127.0.0.1"), broker.port()));
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("window")));
        QVERIFY(broker.suspend());
        for (int i = 1; i <= 5; ++i) {
            at::AtCommand c = *rig.build.publish(0, i, 1, 0, QStringLiteral("out"), "x").command;
            c.timeout = std::chrono::milliseconds(500);
            const CommandResult r = rig.run(c);
            QCOMPARE(r.outcome, CommandResult::Outcome::Timeout); // OK came; PUBACK cannot
        }
        QCOMPARE(rig.slot(0).inFlight.size(), size_t(5));
        const CommandResult sixth = rig.run(rig.build.publish(0, 6, 1, 0, QStringLiteral("out"), "x"));
        QCOMPARE(sixth.outcome, CommandResult::Outcome::Error);
        QCOMPARE(rig.slot(0).inFlight.size(), size_t(5));
        QVERIFY(broker.resume());
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).counters.published, 5u, kWait); // the PUBACKs arrive
    }

    void payloadOf1500BytesWithQuotesCommasAndCrLf()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        QByteArray payload;
        while (payload.size() < 1500)
            payload += "\"q\",\r\n{\"k\":\"v,w\"}\r\n";
        payload.truncate(1500);
        RUN_OK(rig, rig.build.cfgRecvMode(0, 0, 1));
        RUN_OK(rig, rig.build.open(0, QStringLiteral("127.0.0.1"), broker.port()));
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("big")));
        RUN_OK(rig, rig.build.subscribe(0, 1, QStringLiteral("big/t"), 1));
        test::MosquittoSub witness;
        QVERIFY(witness.start(broker.port(), "big/t", 1, 1));
        RUN_OK(rig, rig.build.publish(0, 7, 1, 0, QStringLiteral("big/t"), payload));
        QVERIFY(witness.waitForMessages());
        QCOMPARE(witness.messages().first().payload, payload);
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).counters.received, 1u, kWait);
        QCOMPARE(rig.slot(0).messages.back().payload, payload);
        QVERIFY(rig.slot(0).messages.back().complete);
        // one byte more is refused before anything is sent
        QVERIFY(!rig.build.publish(0, 8, 1, 0, QStringLiteral("big/t"), payload + "x").ok());
    }

    // PROTOCOL.md §7 and issue 14: one TCP connection per slot from AT+QMTOPEN to AT+QMTCLOSE (the
    // broker sees one client socket, which carries the CONNECT); +QMTSTAT: <idx>,5 after
    // AT+QMTDISC when the server closes it; AT+QMTCLOSE in each state.
    void oneConnectionFromOpenToClose()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        test::TcpTap tap(broker.port());
        QVERIFY(tap.listen());
        Rig rig(tap.port()); // the tap stands where the broker is
        QVERIFY(rig.start());
        // closed: nothing to close
        QCOMPARE(rig.run(QByteArray("AT+QMTCLOSE=5")).outcome, CommandResult::Outcome::Error);

        RUN_OK(rig, rig.build.open(0, QStringLiteral("broker.example.com"), 1883));
        QCOMPARE(tap.connections().size(), std::size_t(1));
        QVERIFY(tap.connections()[0].fromClient.isEmpty()); // TCP only, no MQTT yet
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("one-socket")));
        QCOMPARE(tap.connections().size(), std::size_t(1)); // the same socket carries the CONNECT
        QVERIFY(!tap.connections()[0].clientClosed);
        QCOMPARE(quint8(tap.connections()[0].fromClient.at(0)), quint8(0x10));
        RUN_OK(rig, rig.build.subscribe(0, 1, QStringLiteral("t/#"), 1));
        RUN_OK(rig, rig.build.publish(0, 2, 1, 0, QStringLiteral("t/x"), "on the one socket"));
        QVERIFY(tap.connections()[0].fromClient.contains("on the one socket"));

        // DISCONNECT: +QMTDISC: 0,0, and when the server has closed the link +QMTSTAT: 0,5
        RUN_OK(rig, rig.build.disconnect(0));
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).lastStat.code, 5, kWait);
        QCOMPARE(rig.slot(0).lastStat.source, QByteArray("QMTSTAT"));
        QVERIFY(!rig.slot(0).lastError.isSet());                             // the normal end
        QCOMPARE(quint8(tap.connections()[0].fromClient.back()), quint8(0)); // ... E0 00: DISCONNECT
        QCOMPARE(quint8(tap.connections()[0].fromClient.at(tap.connections()[0].fromClient.size() - 2)),
                 quint8(0xE0));
        QTRY_VERIFY_WITH_TIMEOUT(tap.connections()[0].clientClosed || tap.connections()[0].serverClosed,
                                 kWait);
        // after that end there is nothing to close
        QCOMPARE(rig.run(QByteArray("AT+QMTCLOSE=0")).outcome, CommandResult::Outcome::Error);
        QCOMPARE(tap.connections().size(), std::size_t(1));

        // open, not connected: AT+QMTCLOSE ends the socket, +QMTCLOSE: 0,0
        RUN_OK(rig, rig.build.open(0, QStringLiteral("broker.example.com"), 1883));
        QCOMPARE(tap.connections().size(), std::size_t(2));
        const CommandResult closedOpen = rig.run(QByteArray("AT+QMTCLOSE=0"));
        QVERIFY(closedOpen.succeeded());
        QCOMPARE(closedOpen.resultCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(tap.connections()[1].clientClosed, kWait);
        QVERIFY(tap.connections()[1].fromClient.isEmpty());

        // connected: AT+QMTCLOSE sends DISCONNECT, ends the socket, and no +QMTSTAT follows
        const quint64 stats = rig.slot(1).counters.stats;
        RUN_OK(rig, rig.build.open(1, QStringLiteral("broker.example.com"), 1883));
        RUN_OK(rig, rig.build.connect(1, QStringLiteral("closer")));
        QCOMPARE(tap.connections().size(), std::size_t(3));
        const CommandResult closedConnected = rig.run(QByteArray("AT+QMTCLOSE=1"));
        QVERIFY(closedConnected.succeeded());
        QTRY_VERIFY_WITH_TIMEOUT(tap.connections()[2].clientClosed, kWait);
        QCOMPARE(quint8(tap.connections()[2].fromClient.at(tap.connections()[2].fromClient.size() - 2)),
                 quint8(0xE0));
        RUN_OK(rig, QByteArray("AT")); // anything pending has arrived
        QCOMPARE(rig.slot(1).counters.stats, stats);
        QCOMPARE(rig.slot(1).network, NetState::Closed);

        // the server drops an open socket before any CONNECT: +QMTSTAT: 2,1
        RUN_OK(rig, rig.build.open(2, QStringLiteral("broker.example.com"), 1883));
        QCOMPARE(tap.connections().size(), std::size_t(4));
        tap.closeFromServer(3);
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(2).lastStat.code, 1, kWait);
        QCOMPARE(rig.slot(2).network, NetState::Closed);
        QCOMPARE(tap.connections().size(), std::size_t(4)); // nothing opened behind our back
    }

    // Air time (latency.h): OK at once, the result URC after the link's round trips, in a read of
    // its own; received messages too. The whole seed flow still works at a cellular link's pace.
    void airTimeKeepsOkBeforeTheResult()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        rig.sim.setLatency(sim::Latency{std::chrono::milliseconds(200), std::chrono::milliseconds(50),
                                        std::chrono::milliseconds(100), std::chrono::milliseconds(100)});
        // the host's side reads the raw bytes as they come (before the channel takes them)
        QList<QByteArray> reads;
        connect(&rig.port, &QSerialPort::readyRead, this, [&] { reads.append(rig.port.peek(1 << 20)); });
        QVERIFY(rig.start());
        const auto okThenUrc = [&](const QByteArray &urc) {
            qsizetype okRead = -1, urcRead = -1;
            for (qsizetype i = 0; i < reads.size(); ++i) {
                if (okRead < 0 && reads[i].contains("\r\nOK\r\n"))
                    okRead = i;
                if (urcRead < 0 && reads[i].contains(urc))
                    urcRead = i;
            }
            return okRead >= 0 && urcRead > okRead;
        };
        reads.clear();
        RUN_OK(rig, rig.build.open(0, QStringLiteral("broker.example.com"), broker.port()));
        QVERIFY(okThenUrc("+QMTOPEN: 0,0"));
        reads.clear();
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("airborne")));
        QVERIFY(okThenUrc("+QMTCONN: 0,0,0"));
        reads.clear();
        RUN_OK(rig, rig.build.subscribe(0, 1, QStringLiteral("air/#"), 1));
        QVERIFY(okThenUrc("+QMTSUB: 0,1,0,1"));
        for (int qos = 0; qos <= 2; ++qos) {
            reads.clear();
            const QByteArray payload = "over the air " + QByteArray::number(qos);
            RUN_OK(rig, rig.build.publish(0, qos ? 10 + qos : 0, qos, 0, QStringLiteral("air/t"), payload));
            QVERIFY(okThenUrc("+QMTPUBEX: 0," + QByteArray::number(qos ? 10 + qos : 0) + ",0"));
            QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).counters.received, quint64(qos + 1), kWait);
            QCOMPARE(rig.slot(0).messages.back().payload, payload);
        }
        reads.clear();
        RUN_OK(rig, rig.build.unsubscribe(0, 2, {QStringLiteral("air/#")}));
        QVERIFY(okThenUrc("+QMTUNS: 0,2,0"));
        reads.clear();
        RUN_OK(rig, rig.build.disconnect(0));
        QVERIFY(okThenUrc("+QMTDISC: 0,0"));
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).lastStat.code, 5, kWait);
    }

    // The window of five publishes waiting for their acknowledgement counts those still in the
    // air (answered OK, their PUBLISH not yet sent): six written at once, the sixth is ERROR.
    void publishWindowCountsThoseInTheAir()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        RUN_OK(rig, rig.build.open(0, QStringLiteral("broker.example.com"), broker.port()));
        RUN_OK(rig, rig.build.connect(0, QStringLiteral("window-in-the-air")));
        rig.sim.setLatency(sim::Latency{std::chrono::milliseconds(5000), std::chrono::milliseconds(0),
                                        std::chrono::milliseconds(0), std::chrono::milliseconds(0)});
        QByteArray out;
        connect(&rig.sim, &sim::SimModule::output, this, [&](const QByteArray &b) { out += b; });
        rig.sim.write("ATE0\r");
        for (int i = 1; i <= 6; ++i)
            rig.sim.write("AT+QMTPUBEX=0," + QByteArray::number(i) + ",1,0,\"air/w\",1\rx");
        QCOMPARE(out.count("\r\n> "), 5);
        QCOMPARE(out.count("\r\nOK\r\n"), 6); // ATE0 and five publishes
        QVERIFY2(out.endsWith("\r\nERROR\r\n"), out.constData());
    }

    // The news crosses the air after the broker has answered: the CONNACK has passed the tap and
    // the module has answered a later command, but +QMTCONN waits for its air time (and the
    // slot is still connecting). With latency 0 it would be out by then.
    void resultWaitsForItsAirTime()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        test::TcpTap tap(broker.port());
        QVERIFY(tap.listen());
        sim::SimModule module(test::SimOnPty::options(tap.port(), 0));
        QByteArray out;
        connect(&module, &sim::SimModule::output, this, [&](const QByteArray &b) { out += b; });
        module.write("ATE0\rAT+QMTOPEN=0,\"broker.example.com\",1883\r");
        QTRY_VERIFY_WITH_TIMEOUT(out.contains("+QMTOPEN: 0,0"), kWait);
        module.setLatency(sim::Latency{std::chrono::milliseconds(3000), std::chrono::milliseconds(0),
                                       std::chrono::milliseconds(0), std::chrono::milliseconds(0)});
        out.clear();
        module.write("AT+QMTCONN=0,\"slow\"\r");
        QCOMPARE(out, QByteArray("\r\nOK\r\n")); // OK at once
        QTRY_VERIFY_WITH_TIMEOUT(
            tap.connections()[0].fromServer.startsWith(QByteArray("\x20\x02\x00\x00", 4)), kWait);
        // a few turns of the event loop for the CONNACK to reach the module's MQTT client
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents();
        module.write("AT+QMTCONN?\r");
        QVERIFY2(out.contains("+QMTCONN: 0,2"),
                 out.constData()); // still connecting, as far as the host knows
        QVERIFY(!out.contains("+QMTCONN: 0,0,0"));
        QTRY_VERIFY_WITH_TIMEOUT(out.contains("+QMTCONN: 0,0,0"), kWait);
        QVERIFY(out.indexOf("+QMTCONN: 0,2") < out.indexOf("+QMTCONN: 0,0,0"));
    }

    // --baud-pace: bytes cross the pty at the line's speed, both ways. At 9600 baud (960 bytes a
    // second) a 480-byte command line cannot be answered in under half a second, and the ~500
    // bytes of AT+QMTCFG=? cannot arrive in under 0.4 s from their first byte. (Lower
    // bounds only: the line may be slower on a busy machine, never faster.)
    void baudPaceSlowsTheLine()
    {
        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        pty.setBaudPace(9600);
        QSerialPort port;
        port.setPortName(pty.devicePath());
        QVERIFY(port.open(QIODevice::ReadWrite));
        QByteArray in;
        QElapsedTimer firstByte;
        connect(&port, &QSerialPort::readyRead, this, [&] {
            if (in.isEmpty())
                firstByte.start();
            in += port.readAll();
        });
        port.write("ATE0\r");
        QTRY_VERIFY_WITH_TIMEOUT(in.contains("OK\r\n"), kWait);
        in.clear();
        QElapsedTimer sent;
        sent.start();
        port.write("AT+" + QByteArray(476, 'X') + "\r");
        QTRY_VERIFY_WITH_TIMEOUT(in.contains("ERROR"), kWait);
        QVERIFY2(sent.elapsed() >= 450, qPrintable(QString::number(sent.elapsed())));
        in.clear();
        port.write("AT+QMTCFG=?\r");
        QTRY_VERIFY_WITH_TIMEOUT(in.endsWith("OK\r\n"), kWait);
        QVERIFY(in.size() > 400);
        QVERIFY2(firstByte.elapsed() >= (in.size() - 10) * 1000 / 960,
                 qPrintable(QStringLiteral("%1 bytes in %2 ms").arg(in.size()).arg(firstByte.elapsed())));
        // pacing off: the rest goes at once
        pty.setBaudPace(0);
        in.clear();
        sent.start();
        port.write("AT+QMTCFG=?\r");
        QTRY_VERIFY_WITH_TIMEOUT(in.endsWith("OK\r\n"), kWait);
    }

    // Latency 0 is the old behaviour: the result of a command whose outcome is known at once
    // comes in the same burst as its OK.
    void noAirTimeIsInstant()
    {
        sim::SimModule module;
        QCOMPARE(module.latency(), sim::Latency::instant());
        QByteArray out;
        connect(&module, &sim::SimModule::output, this, [&](const QByteArray &b) { out += b; });
        module.write("ATE0\rAT+QMTOPEN=1,\"127.0.0.1\",1\r"); // nothing listens on port 1
        QTRY_VERIFY_WITH_TIMEOUT(out.contains("+QMTOPEN: 1,-1"), kWait);
        QCOMPARE(out, QByteArray("ATE0\r\r\nOK\r\n\r\nOK\r\n\r\n+QMTOPEN: 1,-1\r\n"));
        QCOMPARE(module.applyFaultCommand(QStringLiteral("latency catm")), QString());
        QCOMPARE(module.latency(), sim::Latency::lteCatM1());
        QVERIFY(!module.applyFaultCommand(QStringLiteral("latency fast")).isEmpty());
        QCOMPARE(module.applyFaultCommand(QStringLiteral("latency 0")), QString());
        QVERIFY(module.latency().isInstant());
        QCOMPARE(sim::Latency::parse(u"300/20")->rtt.count(), 300);
        QCOMPARE(sim::Latency::parse(u"300/20")->jitter.count(), 20);
    }

    void testFormsMatchTheRangeTable()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        const CommandResult r = rig.run(rig.build.cfgTest());
        QVERIFY(r.succeeded());
        QCOMPARE(rig.pipeline.store().module().cfgRanges.size(), 11);
        at::RangeTable fromModule;
        QVERIFY(fromModule.applyTestResponse(rig.pipeline.store().module().cfgRanges));
        const at::RangeTable defaults = at::RangeTable::defaults();
        for (int p = 0; p < at::kParamCount; ++p)
            QCOMPARE(fromModule.range(at::Param(p)).toString(), defaults.range(at::Param(p)).toString());
    }
};

QTEST_GUILESS_MAIN(tst_Sim)
#include "tst_sim.moc"
