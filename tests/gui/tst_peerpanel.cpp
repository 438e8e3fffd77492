// SPDX-License-Identifier: Apache-2.0
// The peer panel against a real Mosquitto broker and the simulated module on a pty: connect,
// a wildcard subscription (only matching topics arrive, the topic tree grows), publish, the
// payload as text, hex and JSON, the end-to-end check from the panel (the slot opened and
// connected by it, a PASS line per direction and QoS, points on the chart, CSV and PNG written),
// "Copy from Slot", and the broker going away and coming back (the panel reconnects and
// subscribes again).

#include "broker.h"
#include "io/session.h"
#include "peerpanel.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace qmt;

namespace {
constexpr int kWait = 20000;

template <typename T> T *child(QWidget &w, const char *name)
{
    return w.findChild<T *>(QLatin1String(name));
}
} // namespace

class tst_PeerPanel : public QObject
{
    Q_OBJECT
private slots:
    void watchPublishCheckAndReconnect()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        sim::SimOptions so;
        so.brokerPort = broker.port();
        sim::SimModule module(so);
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        session::Session session;
        QVERIFY(session.open({pty.devicePath(), 115200, QSerialPort::NoFlowControl}));
        QTRY_VERIFY_WITH_TIMEOUT(!session.channel().isBusy() && session.channel().queued() == 0, kWait);

        ui::UiContext ctx{&session, nullptr, nullptr};
        ui::PeerPanel panel(ctx);
        panel.resize(1100, 700);
        panel.show();
        child<QLineEdit>(panel, "peerHost")->setText(QStringLiteral("127.0.0.1"));
        child<QSpinBox>(panel, "peerPort")->setValue(broker.port());
        panel.connectPeer();
        QTRY_COMPARE_WITH_TIMEOUT(panel.peer()->state(), mqtt::MqttClient::State::Connected, kWait);
        QVERIFY(child<QLabel>(panel, "peerState")->text().contains(QLatin1String("connected")));

        // a wildcard subscription
        child<QLineEdit>(panel, "peerSubTopic")->setText(QStringLiteral("plant/+/temp"));
        child<QComboBox>(panel, "peerSubQos")->setCurrentIndex(1); // QoS 1: a QoS 1 message arrives as such
        child<QPushButton>(panel, "peerSubscribe")->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(panel, "peerState")->text().contains(QLatin1String("Subscribed")), kWait);
        mqtt::MqttClient other;
        mqtt::MqttClient::Options o;
        o.clientId = "other";
        other.connectToHost(QStringLiteral("127.0.0.1"), broker.port(), o);
        QTRY_COMPARE_WITH_TIMEOUT(other.state(), mqtt::MqttClient::State::Connected, kWait);
        other.publish("plant/line2/pressure", "1.2", 0, false); // does not match
        other.publish("plant/line1/temp", "{\"c\":21.5,\"ok\":true}", 1, false);
        QTRY_COMPARE_WITH_TIMEOUT(panel.messages()->rowCount(), 1, kWait);
        QCOMPARE(panel.messages()->message(0).topic, QByteArray("plant/line1/temp"));
        QCOMPARE(panel.messages()->message(0).qos, 1);
        auto *tree = child<QTreeWidget>(panel, "peerTopicTree");
        QCOMPARE(tree->topLevelItemCount(), 1);
        QCOMPARE(tree->topLevelItem(0)->child(0)->child(0)->text(0), QStringLiteral("temp"));

        // publish from the panel: it comes back through its own subscription
        child<QLineEdit>(panel, "peerPubTopic")->setText(QStringLiteral("plant/line2/temp"));
        child<QLineEdit>(panel, "peerPubPayload")->setText(QStringLiteral("hello"));
        child<QPushButton>(panel, "peerPublish")->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel.messages()->rowCount(), 2, kWait);
        QCOMPARE(panel.messages()->message(1).payload, QByteArray("hello"));

        // the payload as text, hex and JSON
        auto *table = child<QTableView>(panel, "peerMessages");
        table->setCurrentIndex(table->model()->index(0, 0));
        auto *format = child<QComboBox>(panel, "peerPayloadFormat");
        auto *payload = child<QPlainTextEdit>(panel, "peerPayload");
        QCOMPARE(payload->toPlainText(), QStringLiteral("{\"c\":21.5,\"ok\":true}"));
        format->setCurrentIndex(1);
        QVERIFY2(payload->toPlainText().startsWith(QLatin1String("000000  7b 22 63")),
                 qPrintable(payload->toPlainText()));
        format->setCurrentIndex(2);
        QVERIFY(payload->toPlainText().contains(QLatin1String("\"ok\": true")));

        // the end-to-end check: slot 2 is opened and connected by it
        child<QSpinBox>(panel, "checkSlot")->setValue(2);
        child<QSpinBox>(panel, "checkCount")->setValue(4);
        QVERIFY(panel.runCheck());
        QTRY_VERIFY_WITH_TIMEOUT(!panel.endToEnd()->isRunning(), kWait);
        QVERIFY2(panel.resultsText().contains(QLatin1String("PASS: all 16 messages arrived intact")),
                 qPrintable(panel.resultsText()));
        QCOMPARE(panel.chartPoints(), 16);
        QCOMPARE(session.store().slot(2).mqtt, state::MqttState::Connected);
        QCOMPARE(panel.messages()->rowCount(), 2); // the check's own messages are not listed
        QTemporaryDir dir;
        QVERIFY(panel.saveCsv(dir.filePath(QStringLiteral("e2e.csv"))));
        QFile csv(dir.filePath(QStringLiteral("e2e.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 17);
        QVERIFY(panel.savePicture(dir.filePath(QStringLiteral("e2e.png"))));
        QVERIFY(!QImage(dir.filePath(QStringLiteral("e2e.png"))).isNull());

        // Copy from Slot: the slot's broker and user, a client ID of its own
        panel.disconnectPeer();
        QTRY_COMPARE_WITH_TIMEOUT(panel.peer()->state(), mqtt::MqttClient::State::Disconnected, kWait);
        panel.copyFromSlot(2);
        QCOMPARE(child<QLineEdit>(panel, "peerClientId")->text(), QStringLiteral("qmtscope-e2e-peer"));
        QCOMPARE(child<QLineEdit>(panel, "peerHost")->text(), QStringLiteral("127.0.0.1"));
        QCOMPARE(child<QSpinBox>(panel, "peerPort")->value(), int(broker.port()));

        // the broker goes away and comes back on its port: the panel reconnects and subscribes again
        panel.connectPeer();
        QTRY_COMPARE_WITH_TIMEOUT(panel.peer()->state(), mqtt::MqttClient::State::Connected, kWait);
        const quint16 port = broker.port();
        broker.stop();
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(panel, "peerState")->text().contains(QLatin1String("Lost the broker")), kWait);
        mqtt::LocalBroker::Config again;
        again.port = port;
        QVERIFY2(broker.startAndWait(again), qPrintable(broker.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(panel.peer()->state(), mqtt::MqttClient::State::Connected, kWait);
        mqtt::MqttClient third;
        o.clientId = "third";
        third.connectToHost(QStringLiteral("127.0.0.1"), port, o);
        QTRY_COMPARE_WITH_TIMEOUT(third.state(), mqtt::MqttClient::State::Connected, kWait);
        QTest::qWait(200); // the panel's subscription is made again after its CONNACK
        third.publish("plant/line3/temp", "back", 1, false);
        QTRY_COMPARE_WITH_TIMEOUT(panel.messages()->rowCount(), 3, kWait);
    }
};

QTEST_MAIN(tst_PeerPanel)
#include "tst_peerpanel.moc"
