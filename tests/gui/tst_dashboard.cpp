// SPDX-License-Identifier: Apache-2.0
// The six-slot dashboard against the simulated module on a real pty with a real Mosquitto
// broker behind it, driven the way a new user would: the card's next-step button opens each
// dialog (filled in programmatically, validated inline), the card shows the state, the
// subscription and each command's result, the published message comes back and shows in the
// slot's detail window as text, hex and JSON; a dropped link shows +QMTSTAT decoded with its
// fix; a payload cut for want of msg_len_enable is marked with the reason.

#include "at/spec.h"
#include "broker.h"
#include "dashboard.h"
#include "dashboardstyle.h"
#include "engine/pipeline.h"
#include "formfields.h"
#include "formwidget.h"
#include "io/session.h"
#include "language.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "slotactions.h"
#include "slotcard.h"
#include "slotdetail.h"
#include "models/messagemodel.h"
#include "models/subscriptionmodel.h"
#include "subscriber.h"
#include "uicontext.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace qmt;
using state::SlotAction;
using ui::DashboardPanel;
using ui::SlotActionDialog;
using ui::SlotCard;
using ui::SlotDetailDialog;

namespace {

constexpr int kWait = 15000; // ms; generous for a loaded machine, never a fixed sleep

// A module on a pty behind a broker, a session on the pty, the dashboard over the session.
struct Rig
{
    explicit Rig(test::TestBroker &broker) : sim(options(broker)), pty(&sim) { ctx.session = &session; }
    static sim::SimOptions options(test::TestBroker &broker)
    {
        sim::SimOptions o;
        o.brokerPort = broker.port();
        o.bootUrcs = false; // up for a while when the port opens, like the demo
        return o;
    }
    bool start()
    {
        if (!pty.open())
            return false;
        sim.powerOn();
        if (!session.open({pty.devicePath()}))
            return false;
        // the session's own questions (ATI, AT+GMR, AT+QMTCFG=?) first
        return QTest::qWaitFor(
            [this] { return !session.channel().isBusy() && session.channel().queued() == 0; }, kWait);
    }

    sim::SimModule sim;
    sim::PtyServer pty;
    session::Session session;
    ui::UiContext ctx;
};

QString text(const QWidget *w, const char *name)
{
    if (const auto *l = w->findChild<QLabel *>(QLatin1String(name)))
        return l->text();
    if (const auto *e = w->findChild<ui::ElidedLabel *>(QLatin1String(name)))
        return e->text();
    return QStringLiteral("<no %1>").arg(QLatin1String(name));
}

template <typename W> W *field(SlotActionDialog *d, const char *name)
{
    W *w = d->findChild<W *>(QLatin1String(name));
    if (!w)
        qWarning("no field %s", name);
    return w;
}

// Runs the card's next step through its dialog (filled by `fill`) and waits for its result.
bool nextStep(DashboardPanel &panel, int idx, SlotAction expected,
              const std::function<void(SlotActionDialog *)> &fill)
{
    SlotCard *card = panel.card(idx);
    // the card follows the store through the slot model's coalesced refresh (at most 100 ms)
    (void)QTest::qWaitFor([&] { return card->nextStep() == expected && card->nextStepButton()->isEnabled(); },
                          kWait);
    if (card->nextStep() != expected || !card->nextStepButton()->isVisible() ||
        !card->nextStepButton()->isEnabled()) {
        qWarning("slot %d offers step %d, not %d", idx, int(card->nextStep()), int(expected));
        return false;
    }
    QTest::mouseClick(card->nextStepButton(), Qt::LeftButton);
    SlotActionDialog *d = panel.actions()->openDialog();
    if (!d || d->action() != expected || !d->isVisible()) {
        qWarning("no dialog for step %d", int(expected));
        return false;
    }
    fill(d);
    if (!d->okButton()->isEnabled()) {
        qWarning() << "the dialog refuses its input:" << d->errorText();
        return false;
    }
    QTest::mouseClick(d->okButton(), Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return card->resultText().contains(QStringLiteral("ms)")); }, kWait)) {
        qWarning() << "no result on the card:" << card->resultText();
        return false;
    }
    return true;
}

bool openAndConnect(DashboardPanel &panel, int idx, quint16 brokerPort)
{
    return nextStep(panel, idx, SlotAction::OpenNetwork,
                    [&](SlotActionDialog *d) { field<QSpinBox>(d, "port")->setValue(brokerPort); }) &&
           QTest::qWaitFor([&] { return panel.card(idx)->nextStep() == SlotAction::Connect; }, kWait) &&
           nextStep(panel, idx, SlotAction::Connect, [](SlotActionDialog *) {}) &&
           QTest::qWaitFor([&] { return panel.card(idx)->nextStep() == SlotAction::Subscribe; }, kWait);
}

bool mosquittoPub(quint16 port, const QByteArray &topic, const QByteArray &payload)
{
    QProcess p;
    p.start(QStringLiteral("mosquitto_pub"),
            {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port),
             QStringLiteral("-t"), QString::fromUtf8(topic), QStringLiteral("-q"), QStringLiteral("1"),
             QStringLiteral("-s")});
    if (!p.waitForStarted(5000))
        return false;
    p.write(payload);
    p.closeWriteChannel();
    return p.waitForFinished(10000) && p.exitCode() == 0;
}

} // namespace

class tst_Dashboard : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope Test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_dashboard"));
    }

    void init() { QSettings().clear(); }

    void withoutAPortTheCardsSaySo()
    {
        session::Session session;
        ui::UiContext ctx;
        ctx.session = &session;
        DashboardPanel panel(ctx);
        panel.show();
        QVERIFY(panel.hintText().contains(QStringLiteral("port")));
        for (int i = 0; i < state::kSlotCount; ++i) {
            QVERIFY(panel.card(i)->isCompact());
            QCOMPARE(panel.card(i)->nextStep(), SlotAction::OpenNetwork);
            QVERIFY(!panel.card(i)->nextStepButton()->isEnabled());
            QVERIFY(!panel.card(i)->action(SlotAction::OpenNetwork)->isEnabled());
        }
        QCOMPARE(text(panel.card(3), "network"), QStringLiteral("network closed"));
        QCOMPARE(text(panel.card(3), "mqtt"), QStringLiteral("MQTT idle"));
        // a narrow dashboard keeps every card (and its buttons) inside the column
        const int em = panel.fontMetrics().height();
        for (int width : {em * 60, em * 22}) {
            panel.resize(width, em * 40);
            QWidget *viewport = panel.findChild<QScrollArea *>()->viewport();
            QTRY_COMPARE(viewport->width() < width, true);
            for (int i = 0; i < state::kSlotCount; ++i) {
                SlotCard *c = panel.card(i);
                QTRY_VERIFY2(
                    c->width() <= viewport->width(),
                    qPrintable(
                        QStringLiteral("slot %1: %2 > %3").arg(i).arg(c->width()).arg(viewport->width())));
                const QRect button(c->nextStepButton()->mapTo(c, QPoint(0, 0)), c->nextStepButton()->size());
                QVERIFY(c->rect().contains(button));
            }
        }
        // sending anyway is refused on the card, not silently dropped
        panel.actions()->trigger(2, SlotAction::Disconnect, &panel);
        QVERIFY2(panel.card(2)->resultText().contains(QStringLiteral("not sent")),
                 qPrintable(panel.card(2)->resultText()));
    }

    void openConnectSubscribePublishAndSeeItComeBack()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        DashboardPanel panel(rig.ctx);
        panel.resize(700, 900);
        panel.show();
        QVERIFY(rig.start());
        SlotCard *card = panel.card(0);
        QVERIFY(card->isCompact());
        QVERIFY2(panel.hintText().contains(QStringLiteral("Open network")), qPrintable(panel.hintText()));

        // open: defaults, inline validation, then a valid endpoint
        QVERIFY(nextStep(panel, 0, SlotAction::OpenNetwork, [&](SlotActionDialog *d) {
            auto *host = field<QLineEdit>(d, "host");
            auto *port = field<QSpinBox>(d, "port");
            // the Open form of the Forms panel, for this slot: its defaults, its ranges
            QCOMPARE(host->text(), QStringLiteral("test.mosquitto.org"));
            QCOMPARE(port->value(), 1883);
            QVERIFY(!d->form()->editor("idx")->isVisible()); // the card's slot, not a choice
            QVERIFY(d->okButton()->isEnabled());
            host->setText(QString(101, QLatin1Char('h'))); // hosts are at most 100 bytes
            QVERIFY(!d->okButton()->isEnabled());
            QVERIFY(!d->errorText().isEmpty());
            QVERIFY(d->findChild<QLabel *>(QStringLiteral("error_host"))->isVisible());
            host->setText(QStringLiteral("127.0.0.1"));
            port->setValue(broker.port());
            QCOMPARE(d->form()->previewText(),
                     QStringLiteral("AT+QMTOPEN=0,\"127.0.0.1\",%1").arg(broker.port()));
        }));
        QTRY_COMPARE_WITH_TIMEOUT(text(card, "network"), QStringLiteral("network open"), kWait);
        QVERIFY(!card->isCompact());
        QCOMPARE(text(card, "endpoint"), QStringLiteral("127.0.0.1:%1 · no SSL").arg(broker.port()));
        QVERIFY2(card->resultText().contains(QStringLiteral("AT+QMTOPEN=0")) &&
                     card->resultText().contains(QStringLiteral("OK")),
                 qPrintable(card->resultText()));
        QCOMPARE(panel.findChild<ui::StateBadge *>(QStringLiteral("network"))->tone(), ui::Tone::Good);

        // connect as qmtscope-0
        QCOMPARE(card->nextStep(), SlotAction::Connect);
        QVERIFY(nextStep(panel, 0, SlotAction::Connect, [](SlotActionDialog *d) {
            QCOMPARE(field<QLineEdit>(d, "clientid")->text(), QStringLiteral("qmtscope-0"));
            QVERIFY(!field<QLineEdit>(d, "user")->isEnabled());
            QVERIFY(!field<QLineEdit>(d, "password")->isEnabled());
        }));
        QTRY_COMPARE_WITH_TIMEOUT(text(card, "mqtt"), QStringLiteral("MQTT connected"), kWait);
        QCOMPARE(text(card, "clientId"), QStringLiteral("qmtscope-0"));

        // subscribe
        QCOMPARE(card->nextStep(), SlotAction::Subscribe);
        QVERIFY(nextStep(panel, 0, SlotAction::Subscribe, [](SlotActionDialog *d) {
            QLineEdit *topic = field<QLineEdit>(d, "topic1");
            QCOMPARE(topic->text(), QStringLiteral("qmtscope/test"));
            QCOMPARE(field<QSpinBox>(d, "msgid")->value(), 1);
            topic->setText(QStringLiteral("lab/#"));
            QVERIFY(d->okButton()->isEnabled());
            topic->setText(QStringLiteral("lab/#/x")); // '#' must come last
            QVERIFY(!d->okButton()->isEnabled());
            topic->setText(QStringLiteral("lab/bench"));
            field<QComboBox>(d, "qos1")->setCurrentIndex(1);
        }));
        QTRY_COMPARE_WITH_TIMEOUT(text(card, "subscriptions"), QStringLiteral("lab/bench (QoS 1)"), kWait);

        // publish: the subscribed topic is offered first, so the message comes back
        QCOMPARE(card->nextStep(), SlotAction::Publish);
        test::MosquittoSub witness;
        QVERIFY2(witness.start(broker.port(), "lab/bench", 1), qPrintable(witness.errorString()));
        const QByteArray payload = "{\"temp\":21.5,\"unit\":\"C\"}";
        QVERIFY(nextStep(panel, 0, SlotAction::Publish, [&](SlotActionDialog *d) {
            QCOMPARE(field<QLineEdit>(d, "topic")->text(), QStringLiteral("lab/bench"));
            QCOMPARE(field<QSpinBox>(d, "msgid")->value(), 2); // the next free one after the SUBSCRIBE's
            auto *qos = field<QComboBox>(d, "qos");
            qos->setCurrentIndex(qos->findData(0));
            QCOMPARE(field<QSpinBox>(d, "msgid")->value(), 0); // QoS 0 carries none: the form's rule
            QVERIFY(!field<QSpinBox>(d, "msgid")->isEnabled());
            qos->setCurrentIndex(qos->findData(1));
            QCOMPARE(field<QSpinBox>(d, "msgid")->value(), 2);
            QVERIFY(field<QSpinBox>(d, "msgid")->isEnabled());
            d->form()->payloadEdit("payload")->editor()->setPlainText(QString::fromUtf8(payload));
            QCOMPARE(d->form()->previewText(),
                     QStringLiteral("AT+QMTPUBEX=0,2,1,0,\"lab/bench\",%1\n> ").arg(payload.size()) +
                         QString::fromUtf8(payload));
        }));
        QVERIFY2(witness.waitForMessages(), qPrintable(witness.errorString()));
        QCOMPARE(witness.messages().first().payload, payload);
        QTRY_VERIFY_WITH_TIMEOUT(
            text(card, "lastMessage").endsWith(QStringLiteral("lab/bench: ") + QString::fromUtf8(payload)),
            kWait);
        QTRY_VERIFY_WITH_TIMEOUT(
            text(card, "traffic").startsWith(QStringLiteral("1 published · 1 received · 0 in flight")),
            kWait);
        QVERIFY(panel.hintText().isEmpty()); // the path is done

        // the detail window: click the card
        QTest::mouseClick(card, Qt::LeftButton, {}, QPoint(card->width() / 2, card->height() - 4));
        SlotDetailDialog *detail = panel.detail(0);
        QVERIFY(detail);
        QVERIFY(detail->isVisible());
        QCOMPARE(detail->messageModel()->rowCount(), 1);
        QCOMPARE(detail->selectedMessage(), 0);
        detail->setPayloadView(SlotDetailDialog::PayloadView::Text);
        QCOMPARE(detail->payloadText(), QString::fromUtf8(payload));
        QVERIFY2(text(detail, "messageInfo").contains(QStringLiteral(" · lab/bench · length 24 · msg ID 1")),
                 qPrintable(text(detail, "messageInfo")));
        detail->setPayloadView(SlotDetailDialog::PayloadView::Hex);
        QVERIFY2(detail->payloadText().startsWith(QStringLiteral(
                     "00000000  7b 22 74 65 6d 70 22 3a  32 31 2e 35 2c 22 75 6e  |{\"temp\":21.5,\"un|")),
                 qPrintable(detail->payloadText()));
        detail->setPayloadView(SlotDetailDialog::PayloadView::Json);
        QCOMPARE(detail->payloadText(), QStringLiteral("{\n    \"temp\": 21.5,\n    \"unit\": \"C\"\n}"));
        QCOMPARE(QSettings().value(QStringLiteral("dashboard/payloadView")).toInt(), 2); // remembered
        QCOMPARE(detail->subscriptionModel()->rowCount(), 1);
        QCOMPARE(detail->subscriptionModel()->data(detail->subscriptionModel()->index(0, 0)).toString(),
                 QStringLiteral("lab/bench"));
        QCOMPARE(
            detail->subscriptionModel()
                ->data(detail->subscriptionModel()->index(0, 0), state::SubscriptionModel::GrantedQosRole)
                .toInt(),
            1);
        QCOMPARE(text(detail, "cfg_recv/mode"),
                 QStringLiteral(
                     "msg_recv_mode 0 (the message in the +QMTRECV URC), msg_len_enable 0 (no length)"));
        // reading the configuration back is one command group with one result on the card
        QTest::mouseClick(detail->findChild<QPushButton *>(QStringLiteral("readConfiguration")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(card->resultText().startsWith(QStringLiteral("Read configuration — OK")),
                                 kWait);
        QCOMPARE(text(detail, "cfg_keepalive"), QStringLiteral("120 seconds"));
        QCOMPARE(text(card, "mqtt"), QStringLiteral("MQTT connected")); // AT+QMTCONN? agrees

        // another device publishes: the window follows the newest message
        QVERIFY(mosquittoPub(broker.port(), "lab/bench", "not json"));
        QTRY_COMPARE_WITH_TIMEOUT(detail->messageModel()->rowCount(), 2, kWait);
        QCOMPARE(detail->selectedMessage(), 1);
        QVERIFY2(detail->payloadText().startsWith(QStringLiteral("Not JSON")),
                 qPrintable(detail->payloadText()));
        QVERIFY(detail->payloadText().endsWith(QStringLiteral("not json")));

        // remembered for the next time
        // remembered as the forms remember: the Forms panel and the next dialog start from them
        QCOMPARE(ui::FormWidget::rememberedValues(*at::findForm("open")).number("port"), broker.port());
        QCOMPARE(ui::FormWidget::rememberedValues(*at::findForm("pubex")).text("topic"),
                 QStringLiteral("lab/bench"));

        // unsubscribe offers the subscription; then disconnect from the menu
        QVERIFY(card->action(SlotAction::Unsubscribe)->isEnabled());
        card->action(SlotAction::Unsubscribe)->trigger();
        SlotActionDialog *d = panel.actions()->openDialog();
        QVERIFY(d);
        QCOMPARE(field<QLineEdit>(d, "topic1")->text(), QStringLiteral("lab/bench"));
        QCOMPARE(d->form()->topicList("topics")->rowCount(), 1);
        QCOMPARE(field<QSpinBox>(d, "msgid")->value(), 3);
        QTest::mouseClick(d->okButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(text(card, "subscriptions"), QStringLiteral("nothing"), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(detail->subscriptionModel()->rowCount(), 0, kWait);
        card->action(SlotAction::Disconnect)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(text(card, "mqtt"), QStringLiteral("MQTT disconnected"), kWait);
        QCOMPARE(text(card, "network"), QStringLiteral("network closed"));
        QCOMPARE(card->nextStep(), SlotAction::OpenNetwork);
        QVERIFY(!card->action(SlotAction::Publish)->isEnabled());
        QVERIFY(text(card, "error").isEmpty()); // a normal end is no error
    }

    void aDroppedLinkShowsTheErrorAndItsFix()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        DashboardPanel panel(rig.ctx);
        panel.show();
        QVERIFY(rig.start());
        QVERIFY(openAndConnect(panel, 1, broker.port()));
        SlotDetailDialog *detail = panel.showDetail(1);
        QVERIFY(detail);
        QCOMPARE(text(detail, "error"), QStringLiteral("No error"));

        rig.sim.dropLink(1);
        SlotCard *card = panel.card(1);
        const spec::CodeText *stat1 = spec::qmtstat(1);
        QVERIFY(stat1 && stat1->fix);
        const QString meaning = QCoreApplication::translate("qmt::spec", stat1->text);
        const QString fix = QCoreApplication::translate("qmt::spec", stat1->fix);
        QTRY_VERIFY_WITH_TIMEOUT(text(card, "error").contains(QStringLiteral("QMTSTAT 1: ") + meaning),
                                 kWait);
        QCOMPARE(text(card, "fix"), QStringLiteral("Fix: ") + fix);
        QVERIFY(card->findChild<QLabel *>(QStringLiteral("error"))->isVisible());
        QCOMPARE(text(card, "mqtt"), QStringLiteral("MQTT disconnected"));
        QCOMPARE(card->nextStep(), SlotAction::OpenNetwork); // and the way back is one click
        QVERIFY2(text(detail, "error").contains(meaning), qPrintable(text(detail, "error")));
        QCOMPARE(text(detail, "fix"), QStringLiteral("Fix: ") + fix);
        QVERIFY2(text(detail, "lastStat").startsWith(QStringLiteral("Last +QMTSTAT: 1,1 — ") + meaning),
                 qPrintable(text(detail, "lastStat")));
        // the other slots are untouched
        QVERIFY(panel.card(0)->isCompact());
    }

    void aPayloadCutWithoutItsLengthIsMarked()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        DashboardPanel panel(rig.ctx);
        panel.show();
        QVERIFY(rig.start());
        QVERIFY(openAndConnect(panel, 2, broker.port()));
        QVERIFY(nextStep(panel, 2, SlotAction::Subscribe, [](SlotActionDialog *) {}));
        QVERIFY(nextStep(panel, 2, SlotAction::Publish, [](SlotActionDialog *d) {
            d->form()->payloadEdit("payload")->editor()->setPlainText(QStringLiteral("line one\nline two"));
        }));
        SlotDetailDialog *detail = panel.showDetail(2);
        QTRY_COMPARE_WITH_TIMEOUT(detail->messageModel()->rowCount(), 1, kWait);
        QCOMPARE(detail->selectedMessage(), 0);
        const QModelIndex row = detail->messageModel()->index(0, state::MessageModel::CompleteColumn);
        QCOMPARE(row.data().toString(), QStringLiteral("incomplete"));
        QVERIFY(detail->findChild<QLabel *>(QStringLiteral("incomplete"))->isVisible());
        const QString why = text(detail, "incomplete");
        QVERIFY2(why.contains(QStringLiteral("AT+QMTCFG=\"recv/mode\",2,0,1")), qPrintable(why));
        detail->setPayloadView(SlotDetailDialog::PayloadView::Text);
        QCOMPARE(detail->payloadText(), QStringLiteral("line one"));
    }

    // A received message is copied whole: its payload (Ctrl+C on the table, the Copy button),
    // topic, bytes in hex and payload as JSON in the sender's key order; a payload that is not
    // JSON has no JSON to copy.
    void aMessageIsCopiedWhole()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        DashboardPanel panel(rig.ctx);
        panel.show();
        QVERIFY(rig.start());
        QVERIFY(openAndConnect(panel, 4, broker.port()));
        rig.session.sendText(QStringLiteral("AT+QMTSUB=4,1,\"lab/copy\",1"));
        QTRY_VERIFY_WITH_TIMEOUT(rig.session.store().slot(4).subscriptions.size() == 1 &&
                                     rig.session.store().slot(4).subscriptions.front().grantedQos >= 0,
                                 kWait);
        const QByteArray payload = R"({"zeta":1,"alpha":[true,"x"]})";
        QVERIFY(mosquittoPub(broker.port(), "lab/copy", payload));
        SlotDetailDialog *detail = panel.showDetail(4);
        QTRY_COMPARE_WITH_TIMEOUT(detail->messageModel()->rowCount(), 1, kWait);
        QCOMPARE(detail->selectedMessage(), 0);
        const QString json =
            QStringLiteral("{\n    \"zeta\": 1,\n    \"alpha\": [\n        true,\n        \"x\"\n    ]\n}");
        detail->setPayloadView(SlotDetailDialog::PayloadView::Json);
        QCOMPARE(detail->payloadText(), json); // the sender's order, not zeta after alpha

        QTableView *table = detail->messageView();
        QCOMPARE(table->contextMenuPolicy(), Qt::ActionsContextMenu);
        QStringList menu;
        for (QAction *a : table->actions()) {
            menu << a->objectName();
            QVERIFY2(a->isEnabled(), qPrintable(a->objectName()));
        }
        QCOMPARE(menu, (QStringList{QStringLiteral("copyPayload"), QStringLiteral("copyTopic"),
                                    QStringLiteral("copyHex"), QStringLiteral("copyJson")}));

        // Ctrl+C on the table: the payload, not the cell that has the focus (the time)
        QClipboard *clipboard = QApplication::clipboard();
        clipboard->clear();
        detail->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(detail));
        table->setFocus();
        QCOMPARE(table->currentIndex().column(), int(state::MessageModel::TimeColumn));
        QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(clipboard->text(), QString::fromUtf8(payload));

        detail->copyAction(SlotDetailDialog::CopyWhat::Topic)->trigger();
        QCOMPARE(clipboard->text(), QStringLiteral("lab/copy"));
        detail->copyAction(SlotDetailDialog::CopyWhat::Hex)->trigger();
        QCOMPARE(clipboard->text(),
                 QStringLiteral("7b 22 7a 65 74 61 22 3a 31 2c 22 61 6c 70 68 61 22 3a 5b 74 72 75 65 "
                                "2c 22 78 22 5d 7d"));
        detail->copyAction(SlotDetailDialog::CopyWhat::Json)->trigger();
        QCOMPARE(clipboard->text(), json);
        // the Copy button copies the payload; its menu has the rest
        clipboard->clear();
        auto *button = detail->findChild<QToolButton *>(QStringLiteral("copy"));
        QVERIFY(button && button->isVisible() && button->menu());
        QCOMPARE(button->menu()->actions().size(), 4);
        QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(4, button->height() / 2));
        QCOMPARE(clipboard->text(), QString::fromUtf8(payload));

        // not JSON: nothing to copy as JSON, the rest as before
        QVERIFY(mosquittoPub(broker.port(), "lab/copy", "plain text"));
        QTRY_COMPARE_WITH_TIMEOUT(detail->selectedMessage(), 1, kWait);
        QVERIFY(!detail->copyAction(SlotDetailDialog::CopyWhat::Json)->isEnabled());
        clipboard->setText(QStringLiteral("before"));
        QVERIFY(!detail->copy(SlotDetailDialog::CopyWhat::Json));
        QCOMPARE(clipboard->text(), QStringLiteral("before"));
        QVERIFY(detail->copy(SlotDetailDialog::CopyWhat::Payload));
        QCOMPARE(clipboard->text(), QStringLiteral("plain text"));
        // nothing selected, nothing copied
        detail->selectMessage(-1);
        QVERIFY(!detail->copyAction(SlotDetailDialog::CopyWhat::Payload)->isEnabled());
        QVERIFY(!detail->copy(SlotDetailDialog::CopyWhat::Topic));
    }

    // Wide badges (an open slot whose MQTT connection is closing) never push the Details button
    // out of a card: at every width from a narrow dashboard to a wide one, in English and in
    // Chinese, every card shows it inside the card, clear of the other buttons, the badges and
    // the title.
    void theDetailsButtonAlwaysFits()
    {
        session::Session session;
        ui::UiContext ctx;
        ctx.session = &session;
        for (int i = 0; i < state::kSlotCount; ++i) {
            const QByteArray n = QByteArray::number(i);
            for (const QByteArray &line :
                 {"AT+QMTOPEN=" + n + ",\"broker.example\",1883", QByteArray("OK"), "+QMTOPEN: " + n + ",0",
                  "AT+QMTCONN=" + n + ",\"c\"", QByteArray("OK"), "+QMTCONN: " + n + ",0,0",
                  "AT+QMTDISC=" + n, QByteArray("OK")}) {
                if (line.startsWith("AT"))
                    session.pipeline().wroteCommand(line);
                session.pipeline().received(line + "\r\n");
            }
        }
        DashboardPanel panel(ctx);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const int em = panel.fontMetrics().height();
        for (const QString &lang : {ui::language::kEnglish, ui::language::kChinese}) {
            ui::language::apply(lang);
            QCoreApplication::sendPostedEvents();
            for (int i = 0; i < state::kSlotCount; ++i)
                panel.card(i)->refresh();
            QVERIFY2(text(panel.card(0), "mqtt")
                         .contains(lang == ui::language::kEnglish ? QStringLiteral("disconnecting")
                                                                  : QStringLiteral("断开")),
                     qPrintable(text(panel.card(0), "mqtt")));
            // from narrow to the default width (1280 × 800: the window at 85 % of the screen, the
            // dashboard 2/5 of it) and past it, a step at a time
            for (int width = em * 20; width <= em * 40; width += em / 3) {
                panel.resize(width, em * 40);
                QCoreApplication::sendPostedEvents();
                QCoreApplication::processEvents();
                for (int i = 0; i < state::kSlotCount; ++i) {
                    SlotCard *c = panel.card(i);
                    const QString where = QStringLiteral("%1, width %2, slot %3").arg(lang).arg(width).arg(i);
                    auto rectOf = [c](const char *name) {
                        auto *w = c->findChild<QWidget *>(QLatin1String(name));
                        return w && w->isVisibleTo(c) ? QRect(w->mapTo(c, QPoint(0, 0)), w->size()) : QRect();
                    };
                    const QRect details = rectOf("details");
                    QVERIFY2(details.isValid(), qPrintable(where + QStringLiteral(": no Details button")));
                    QVERIFY2(c->rect().contains(details),
                             qPrintable(where + QStringLiteral(": Details outside")));
                    // and inside the column the cards scroll in (never cut at its right edge)
                    QWidget *viewport = panel.findChild<QScrollArea *>()->viewport();
                    const QWidget *detailsButton = c->findChild<QWidget *>(QStringLiteral("details"));
                    QVERIFY2(detailsButton->mapTo(viewport, QPoint(detailsButton->width(), 0)).x() <=
                                 viewport->width(),
                             qPrintable(where + QStringLiteral(": Details cut by the column")));
                    for (const char *other : {"nextStep", "actions", "network", "mqtt", "title"}) {
                        const QRect r = rectOf(other);
                        if (!r.isValid() && qstrcmp(other, "nextStep") == 0)
                            continue; // no next step offered
                        QVERIFY2(
                            r.isValid() && c->rect().contains(r),
                            qPrintable(where + QStringLiteral(": %1 outside").arg(QLatin1String(other))));
                        QVERIFY2(!r.intersects(details),
                                 qPrintable(where +
                                            QStringLiteral(": %1 over Details").arg(QLatin1String(other))));
                    }
                    QVERIFY2(!rectOf("network").intersects(rectOf("nextStep")) &&
                                 !rectOf("mqtt").intersects(rectOf("actions")) &&
                                 !rectOf("mqtt").intersects(rectOf("nextStep")),
                             qPrintable(where + QStringLiteral(": a badge under a button")));
                }
            }
        }
        ui::language::apply(ui::language::kEnglish);
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(tst_Dashboard)
#include "tst_dashboard.moc"
