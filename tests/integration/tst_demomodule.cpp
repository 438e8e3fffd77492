// SPDX-License-Identifier: Apache-2.0
// DemoModule: what the app's demo mode starts — a real Mosquitto, the simulated module routed to
// it, on a pseudo-terminal — driven here through QSerialPort and the command
// channel, with mosquitto_sub as the witness, playing the walkthrough script (workflows/script.h)
// with the sequence runner, as the app does.

#include "at/atcommand.h"
#include "io/commandchannel.h"
#include "engine/pipeline.h"
#include "mqtt/localbroker.h"
#include "mqtt/mqttclient.h"
#include "workflows/sequence.h"
#include "workflows/sequencerunner.h"
#include "sim/democontroller.h"
#include "sim/demomodule.h"
#include "sim/simmodule.h"
#include "subscriber.h"
#include "workflows/script.h"
#include "workflows/sequencerunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSerialPort>
#include <QSignalSpy>
#include <QTest>

using namespace qmt;
using session::CommandResult;

Q_DECLARE_METATYPE(qmt::at::AtCommand)
Q_DECLARE_METATYPE(qmt::session::CommandResult)

namespace {
constexpr int kWait = 20000; // ms
}

class tst_DemoModule : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<at::AtCommand>();
        qRegisterMetaType<CommandResult>();
    }

    // The demo end to end: the walkthrough played through the channel on the demo's port
    // connects slot 0, subscribes and publishes; the broker's other client sees the message,
    // and it comes back to the module.
    void startPlayAndStop()
    {
        QVERIFY2(!mqtt::LocalBroker::mosquittoPath().isEmpty(),
                 "mosquitto is not installed (apt-get install mosquitto)");
        sim::DemoModule demo;
        QVERIFY(!demo.isRunning());
        QVERIFY(!demo.module());
        QSignalSpy ready(&demo, &sim::DemoModule::ready);
        QSignalSpy failed(&demo, &sim::DemoModule::failed);
        demo.start();
        // start() returns before the demo is ready: nothing reported yet, no port yet
        QVERIFY(demo.isStarting());
        QVERIFY(!demo.isRunning());
        QVERIFY(demo.devicePath().isEmpty());
        QCOMPARE(ready.size() + failed.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, kWait);
        QVERIFY2(failed.isEmpty(), qPrintable(demo.errorString()));
        QVERIFY(!demo.isStarting());
        QVERIFY(demo.isRunning());
        QVERIFY(demo.module());
        const QString device = demo.devicePath();
        QVERIFY2(device.startsWith(QLatin1String("/dev/pts/")) && QFileInfo::exists(device),
                 qPrintable(device));
        const quint16 brokerPort = demo.brokerPort();
        QVERIFY(mqtt::LocalBroker::acceptsConnections(brokerPort));

        test::MosquittoSub witness;
        QVERIFY2(witness.start(brokerPort, "topic/#", 1, 1), qPrintable(witness.errorString()));

        QString error;
        const QList<session::SequenceStep> script =
            session::Script::parse(session::Script::walkthrough(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(script.size(), 6);

        session::Pipeline pipeline;
        QByteArray traffic; // for the failure messages
        QElapsedTimer clock;
        clock.start();
        pipeline.addObserver([&](const at::AtEvent &ev) {
            traffic += QByteArray::number(clock.elapsed()) +
                       (ev.dir == at::Direction::ToModule ? " > " : " < ") + ev.text.toByteArray() + '\n';
        });
        session::CommandChannel channel(&pipeline);
        QSerialPort port;
        port.setPortName(device);
        QVERIFY2(port.open(QIODevice::ReadWrite), qPrintable(port.errorString()));
        channel.setDevice(&port);
        // no boot URCs: the module is already up when the port opens
        session::Sequence sequence;
        sequence.setSteps(script);
        session::SequenceRunner runner(&channel, &pipeline);
        runner.setStopAtFailure(false);
        runner.setSequence(&sequence);
        QSignalSpy finished(&runner, &session::SequenceRunner::finished);
        runner.runAll();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
        for (int i = 0; i < script.size(); ++i)
            QVERIFY2(runner.report(i).status == session::StepReport::Status::Passed,
                     qPrintable(QStringLiteral("%1: %2").arg(QString::fromUtf8(script[i].command),
                                                             runner.report(i).why)));
        QVERIFY(finished[0].at(0).toBool());
        QCOMPARE(runner.failedCount(), 0);
        QCOMPARE(pipeline.store().module().boots, 0);
        const state::ClientSlot &slot = pipeline.store().slot(0);
        QCOMPARE(slot.mqtt, state::MqttState::Connected);
        QTRY_VERIFY2_WITH_TIMEOUT(slot.messages.size() == 1, traffic.constData(), kWait);
        QCOMPARE(slot.messages[0].topic, QByteArray("topic/pub"));
        QCOMPARE(slot.messages[0].payload, QByteArray("This is test data, hello MQTT."));
        QVERIFY(witness.waitForMessages());
        QCOMPARE(witness.messages().value(0).topic, QByteArray("topic/pub"));
        QCOMPARE(witness.messages().value(0).payload, QByteArray("This is test data, hello MQTT."));

        // faults go to the module behind the port
        QCOMPARE(demo.module()->applyFaultCommand(QStringLiteral("drop 0")), QString());
        QTRY_COMPARE_WITH_TIMEOUT(slot.lastStat.code, 1, kWait);

        channel.setDevice(nullptr);
        port.close();
        demo.stop();
        QVERIFY(!demo.isRunning());
        QVERIFY(demo.devicePath().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(device), kWait); // the pty is gone
        QCOMPARE(demo.brokerPort(), quint16(0));
        QTRY_VERIFY_WITH_TIMEOUT(!mqtt::LocalBroker::acceptsConnections(brokerPort), kWait);

        // and it starts again
        demo.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 2, kWait);
        QVERIFY2(failed.isEmpty(), qPrintable(demo.errorString()));
        QVERIFY(QFileInfo::exists(demo.devicePath()));
    }

    // A start that fails says why in failed() and leaves nothing running: no broker, no port.
    void failedStart_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<bool>("takenPort");
        QTest::addColumn<QString>("why"); // a part of the reason
        QTest::newRow("no broker program") << QStringLiteral("/nonexistent/qmt/mosquitto") << false
                                           << QStringLiteral("/nonexistent/qmt/mosquitto");
        QTest::newRow("broker port taken") << QString() << true << QStringLiteral("already in use");
    }

    void failedStart()
    {
        QFETCH(QString, program);
        QFETCH(bool, takenPort);
        QFETCH(QString, why);
        mqtt::LocalBroker other; // holds the port
        if (takenPort)
            QVERIFY2(other.startAndWait(), qPrintable(other.errorString()));
        sim::DemoModule demo;
        sim::DemoOptions options;
        options.brokerProgram = program;
        options.brokerPort = takenPort ? other.port() : 0;
        demo.setOptions(options);
        QSignalSpy ready(&demo, &sim::DemoModule::ready);
        QSignalSpy failed(&demo, &sim::DemoModule::failed);
        demo.start();
        QVERIFY(demo.isStarting());
        QCOMPARE(failed.size(), 0); // never from within start()
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWait);
        QCOMPARE(ready.size(), 0);
        const QString reason = failed.first().first().toString();
        QVERIFY2(reason.contains(why), qPrintable(reason));
        QCOMPARE(demo.errorString(), reason);
        QVERIFY(!demo.isStarting());
        QVERIFY(!demo.isRunning());
        QVERIFY(!demo.module());
        QVERIFY(!demo.broker());
        QVERIFY(demo.devicePath().isEmpty());
        QCOMPARE(demo.brokerPort(), quint16(0));
        if (takenPort)
            QVERIFY(other.isRunning());
    }

    // TLS in demo mode: the seed's §5.2 template, unchanged, runs to the end against the demo —
    // its three uploads read the demo's certificates (the sequence's data folder), the module
    // routes the SSL slot to the broker's TLS listener, which requires the client certificate.
    void template52RunsInDemoMode()
    {
        sim::DemoModule demo;
        QSignalSpy ready(&demo, &sim::DemoModule::ready);
        QSignalSpy failed(&demo, &sim::DemoModule::failed);
        demo.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, kWait);
        QVERIFY2(failed.isEmpty(), qPrintable(demo.errorString()));
        QVERIFY2(demo.tlsError().isEmpty(), qPrintable(demo.tlsError()));
        const sim::DemoCertificates certs = demo.certificates();
        QVERIFY(certs.isValid());
        for (const QString &f : {certs.caCert, certs.clientCert, certs.clientKey}) {
            QVERIFY2(QFileInfo(f).isFile() && QFileInfo(f).absolutePath() == certs.folder, qPrintable(f));
        }
        QCOMPARE(QFileInfo(certs.caCert).fileName(), QStringLiteral("cacert.pem")); // the template's names
        QCOMPARE(QFileInfo(certs.clientCert).fileName(), QStringLiteral("client.pem"));
        QCOMPARE(QFileInfo(certs.clientKey).fileName(), QStringLiteral("user_key.pem"));
        const quint16 tlsPort = demo.brokerTlsPort();
        QVERIFY(tlsPort != 0 && tlsPort != demo.brokerPort());
        QVERIFY(mqtt::LocalBroker::acceptsConnections(tlsPort));

        // mutual TLS: a client with the CA but without a certificate is refused
        {
            mqtt::MqttClient anonymous;
            mqtt::MqttClient::Options o;
            o.clientId = "no-certificate";
            o.tls.enabled = true;
            o.tls.caFile = certs.caCert;
            o.tls.verifyPeer = true;
            o.tls.insecure = true;
            QSignalSpy gone(&anonymous, &mqtt::MqttClient::disconnected);
            QSignalSpy errors(&anonymous, &mqtt::MqttClient::errorOccurred);
            anonymous.connectToHost(QStringLiteral("127.0.0.1"), tlsPort, o);
            QTRY_VERIFY_WITH_TIMEOUT(gone.size() + errors.size() > 0, kWait);
            QVERIFY(anonymous.state() != mqtt::MqttClient::State::Connected);
        }

        session::Pipeline pipeline;
        session::CommandChannel channel(&pipeline);
        QSerialPort port;
        port.setPortName(demo.devicePath());
        QVERIFY2(port.open(QIODevice::ReadWrite), qPrintable(port.errorString()));
        channel.setDevice(&port);
        session::Sequence sequence;
        QVERIFY(sequence.load(QStringLiteral(":/qmtscope/sequences/seed_5_2.qmtseq")));
        sequence.setDataFolder(certs.folder);
        session::SequenceRunner runner(&channel, &pipeline);
        runner.setSequence(&sequence);
        QSignalSpy done(&runner, &session::SequenceRunner::finished);
        runner.runAll();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kWait);
        QStringList report;
        for (int i = 0; i < runner.reports().size(); ++i) {
            const session::StepReport &r = runner.reports()[i];
            report << QStringLiteral("%1 %2 -> %3 | %4")
                          .arg(i + 1)
                          .arg(QString::fromUtf8(r.sent), QString::fromUtf8((r.answer + r.urcs).join(" / ")),
                               r.why);
        }
        QVERIFY2(done.first().first().toBool(), qPrintable(report.join(QLatin1Char('\n'))));
        QCOMPARE(runner.passedCount(), sequence.count());
        QCOMPARE(sequence.count(), 18);
        // step 14 opened the TLS connection; the message published on it came back
        QVERIFY2(runner.report(13).answer.contains("+QMTOPEN: 0,0"),
                 qPrintable(report.join(QLatin1Char('\n'))));
        const state::ClientSlot &slot = pipeline.store().slot(0);
        QVERIFY(!slot.messages.empty());
        QCOMPARE(slot.messages.back().payload, QByteArray("This is publish data from client"));
        channel.setDevice(nullptr);
    }

    // Without openssl the demo still starts, without TLS, and says why.
    void withoutOpensslNoTls()
    {
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent/qmt"); // mosquitto is found in /usr/sbin all the same
        const auto restore = qScopeGuard([&] { qputenv("PATH", path); });
        if (mqtt::LocalBroker::mosquittoPath().isEmpty())
            QSKIP("mosquitto is not in /usr/sbin here");
        sim::DemoModule demo;
        QSignalSpy ready(&demo, &sim::DemoModule::ready);
        QSignalSpy failed(&demo, &sim::DemoModule::failed);
        demo.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, kWait);
        QVERIFY2(failed.isEmpty(), qPrintable(demo.errorString()));
        QVERIFY(demo.isRunning());
        QVERIFY2(demo.tlsError().contains(QLatin1String("openssl")), qPrintable(demo.tlsError()));
        QCOMPARE(demo.brokerTlsPort(), quint16(0));
        QVERIFY(!demo.certificates().isValid());
    }

    // The controller: one demo at a time; a second start while one starts or runs is refused;
    // a failed start ends Stopped; stop() abandons a start in progress.
    void controllerLifeCycle()
    {
        using State = sim::DemoController::State;
        sim::DemoController ctl;
        QSignalSpy started(&ctl, &sim::DemoController::started);
        QSignalSpy failed(&ctl, &sim::DemoController::failed);
        QSignalSpy stopped(&ctl, &sim::DemoController::stopped);
        QVERIFY(ctl.start());
        QCOMPARE(ctl.state(), State::Starting);
        QVERIFY(!ctl.demo()); // not before it is ready
        QVERIFY(!ctl.start());
        QTRY_COMPARE_WITH_TIMEOUT(started.size() + failed.size(), 1, kWait);
        QVERIFY2(failed.isEmpty(), qPrintable(ctl.errorString()));
        QCOMPARE(ctl.state(), State::Running);
        QVERIFY(ctl.demo());
        QCOMPARE(started.first().first().toString(), ctl.demo()->devicePath());
        QVERIFY(!ctl.start());
        ctl.stop();
        QCOMPARE(ctl.state(), State::Stopped);
        QCOMPARE(stopped.size(), 1);
        QVERIFY(!ctl.demo());

        // stopped while starting: nothing more is reported
        QVERIFY(ctl.start());
        ctl.stop();
        QCOMPARE(stopped.size(), 2);
        QCOMPARE(ctl.state(), State::Stopped);

        // a failed start
        sim::DemoOptions o;
        o.brokerProgram = QStringLiteral("/nonexistent/qmt/mosquitto");
        ctl.setOptions(o);
        QVERIFY(ctl.start());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWait);
        QCOMPARE(ctl.state(), State::Stopped);
        QVERIFY(ctl.errorString().contains(QLatin1String("/nonexistent/qmt/mosquitto")));
        QCOMPARE(started.size(), 1);
        // and a good one after it
        ctl.setOptions({});
        QVERIFY(ctl.start());
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 2, kWait);
        QCOMPARE(ctl.state(), State::Running);
    }

    // Stopped while it starts: nothing is reported, nothing is left; started again, it works.
    void stopWhileStarting()
    {
        sim::DemoModule demo;
        QSignalSpy ready(&demo, &sim::DemoModule::ready);
        QSignalSpy failed(&demo, &sim::DemoModule::failed);
        demo.start();
        QVERIFY(demo.isStarting());
        demo.stop();
        QVERIFY(!demo.isStarting());
        QVERIFY(!demo.broker());
        demo.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, kWait);
        QVERIFY2(failed.isEmpty(), qPrintable(demo.errorString()));
        QVERIFY(demo.isRunning());
    }
};

QTEST_GUILESS_MAIN(tst_DemoModule)
#include "tst_demomodule.moc"
