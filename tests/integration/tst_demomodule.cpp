// DemoModule: what the app's demo mode starts — a real Mosquitto, the simulated module routed to
// it, on a pseudo-terminal — driven here through QSerialPort and the command
// channel, with mosquitto_sub as the witness, playing the walkthrough script (workflows/script.h)
// with the sequence runner, as the app does.

#include "at/atcommand.h"
#include "io/commandchannel.h"
#include "engine/pipeline.h"
#include "mqtt/localbroker.h"
#include "sim/demomodule.h"
#include "sim/simmodule.h"
#include "subscriber.h"
#include "workflows/script.h"
#include "workflows/sequencerunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
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
        QVERIFY2(!mqtt::LocalBroker::mosquittoPath().isEmpty(), "mosquitto is not installed (apt-get install mosquitto)");
        sim::DemoModule demo;
        QVERIFY(!demo.isRunning());
        QVERIFY(!demo.module());
        QVERIFY2(demo.start(), qPrintable(demo.errorString()));
        QVERIFY(demo.isRunning());
        QVERIFY(demo.module());
        const QString device = demo.devicePath();
        QVERIFY2(device.startsWith(QLatin1String("/dev/pts/")) && QFileInfo::exists(device), qPrintable(device));
        const quint16 brokerPort = demo.brokerPort();
        QVERIFY(mqtt::LocalBroker::acceptsConnections(brokerPort));

        test::MosquittoSub witness;
        QVERIFY2(witness.start(brokerPort, "topic/#", 1, 1), qPrintable(witness.errorString()));

        QString error;
        const QList<session::SequenceStep> script = session::Script::parse(session::Script::walkthrough(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(script.size(), 6);

        session::Pipeline pipeline;
        QByteArray traffic; // for the failure messages
        QElapsedTimer clock;
        clock.start();
        pipeline.addObserver([&](const at::AtEvent &ev) {
            traffic += QByteArray::number(clock.elapsed()) + (ev.dir == at::Direction::ToModule ? " > " : " < ")
                       + ev.text.toByteArray() + '\n';
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
                     qPrintable(QStringLiteral("%1: %2").arg(QString::fromUtf8(script[i].command), runner.report(i).why)));
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
        QVERIFY2(demo.start(), qPrintable(demo.errorString()));
        QVERIFY(QFileInfo::exists(demo.devicePath()));
    }
};

QTEST_GUILESS_MAIN(tst_DemoModule)
#include "tst_demomodule.moc"
