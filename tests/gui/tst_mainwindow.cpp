// SPDX-License-Identifier: Apache-2.0
// The app shell against the simulated module on a real pty: the window opens the port the way
// `--port` does and shows the module's identity and echo state; console text goes through the
// session; the port disappearing mid-command closes it at once, the status bar says so, and it is
// reopened when it comes back; demo mode (a real Mosquitto behind the simulated module) connects
// and plays the walkthrough, which a mosquitto_sub witness sees; faults from the menu reach the
// module; languages switch at run time; settings are remembered; the qmtscope binary's options.

#include "broker.h"
#include "connectbar.h"
#include "fakemachine.h"
#include "faultmenu.h"
#include "mainwindow.h"
#include "portproblemdialog.h"
#include "sequencepanel.h"
#include "tlswizard.h"
#include "workflows/sequence.h"
#include "workflows/sequencerunner.h"
#include "mqtt/localbroker.h"
#include "sim/democontroller.h"
#include "sim/demomodule.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "subscriber.h"
#include "workflows/script.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QSerialPort>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>

using namespace qmt;

namespace {

constexpr int kWait = 15000; // ms; generous for a loaded machine, never a fixed sleep

QString labelText(const QWidget &w, const char *name)
{
    const auto *l = w.findChild<QLabel *>(QLatin1String(name));
    return l ? l->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

QAction *action(const QWidget &w, const QString &name)
{
    return w.findChild<QAction *>(name);
}

// Marks every string of the shell's own contexts, so a test can see them retranslated.
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        const QByteArray c(context);
        if (c == "qmt::ui::MainWindow" || c == "qmt::ui::ConnectBar")
            return QStringLiteral("[") + QString::fromUtf8(source) + QStringLiteral("]");
        return {};
    }
    bool isEmpty() const override { return false; }
};

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope Test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void init() { QSettings().clear(); }

    // The same path as `qmtscope --port`: identity and echo in the status bar, console text
    // through the session, the port listed and locked while open.
    void openPortShowsIdentityAndEcho()
    {
        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        ui::MainWindow w;
        w.show();
        QCOMPARE(labelText(w, "portStateLabel"), QStringLiteral("Closed"));
        QCOMPARE(labelText(w, "echoLabel"), QStringLiteral("Echo unknown"));
        QCOMPARE(labelText(w, "identityLabel"), QStringLiteral("Module: unknown"));
        QVERIFY2(w.openPort({pty.devicePath(), 115200, QSerialPort::NoFlowControl}),
                 qPrintable(w.session()->errorString()));
        QVERIFY(w.session()->isOpen());
        QVERIFY(w.connectBar()->listedPaths().contains(pty.devicePath()));
        QCOMPARE(w.connectBar()->settings().path, pty.devicePath());
        QVERIFY(!w.findChild<QComboBox *>(QStringLiteral("portCombo"))->isEnabled());
        QCOMPARE(w.findChild<QToolButton *>(QStringLiteral("openButton"))->text(), QStringLiteral("Close"));
        QVERIFY(labelText(w, "portStateLabel").contains(pty.devicePath()));

        QTRY_VERIFY_WITH_TIMEOUT(labelText(w, "identityLabel").contains(QLatin1String("EC25EFAR06A06M4G")),
                                 kWait);
        QVERIFY2(labelText(w, "identityLabel").contains(QLatin1String("Quectel EC25")),
                 qPrintable(labelText(w, "identityLabel")));
        QCOMPARE(labelText(w, "echoLabel"), QStringLiteral("Echo on"));
        QVERIFY(w.statusBar()->currentMessage().contains(QLatin1String("115200")));

        // console text goes through the same pipeline: the status bar follows the echo
        w.session()->sendText(QStringLiteral("ATE0"));
        QTRY_COMPARE_WITH_TIMEOUT(labelText(w, "echoLabel"), QStringLiteral("Echo off"), kWait);

        // Ctrl+O closes the open port
        action(w, QStringLiteral("openAction"))->trigger();
        QVERIFY(!w.session()->isOpen());
        QCOMPARE(labelText(w, "portStateLabel"), QStringLiteral("Closed"));
        QVERIFY(w.findChild<QComboBox *>(QStringLiteral("portCombo"))->isEnabled());
        QCOMPARE(w.findChild<QToolButton *>(QStringLiteral("openButton"))->text(), QStringLiteral("Open"));
    }

    // The module goes away while a command runs: the port is closed at once (no spinning), the
    // status bar says so, and the port is reopened when it comes back under the same name.
    void portDisappearsMidCommand()
    {
        QTemporaryDir dir;
        const QString link = dir.filePath(QStringLiteral("module"));
        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        QVERIFY(pty.createLink(link));
        ui::MainWindow w;
        w.show();
        QVERIFY(w.findChild<QCheckBox *>(QStringLiteral("reopenCheck"))->isChecked());
        QVERIFY(w.openPort({link, 115200, QSerialPort::NoFlowControl}));
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->channel().isBusy() && w.session()->channel().queued() == 0,
                                 kWait);

        module.setResponseDelay(std::chrono::milliseconds(3000));
        session::CommandReply *reply =
            w.session()->send(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",0"));
        QVERIFY(reply);
        QSignalSpy finished(reply, &session::CommandReply::finished);
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->channel().isBusy(), kWait);
        pty.close();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isOpen(), kWait);
        QVERIFY2(labelText(w, "portStateLabel").startsWith(QLatin1String("Lost: ")),
                 qPrintable(labelText(w, "portStateLabel")));
        // issue 8.8: the user's port stays chosen while it is gone (no jump to another device)
        QTRY_VERIFY_WITH_TIMEOUT(!w.connectBar()->listedPaths().isEmpty(), kWait);
        QTest::qWait(100);
        QCOMPARE(w.connectBar()->settings().path, link);
        QVERIFY(labelText(w, "portStateLabel").contains(link));
        QVERIFY2(w.statusBar()->currentMessage().contains(QLatin1String("lost")),
                 qPrintable(w.statusBar()->currentMessage()));
        QCOMPARE(w.findChild<QToolButton *>(QStringLiteral("openButton"))->text(), QStringLiteral("Open"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
        QCOMPARE(finished.last().at(0).value<session::CommandResult>().outcome,
                 session::CommandResult::Outcome::PortLost);
        QVERIFY(w.session()->portErrorCount() <= 3);

        // back under the same name: reopened and identified again
        module.setResponseDelay(std::chrono::milliseconds(0));
        QVERIFY(pty.open());
        QVERIFY(pty.createLink(link));
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->isOpen(), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(labelText(w, "portStateLabel").startsWith(QLatin1String("Open: ")), kWait);
        QVERIFY(w.session()->portErrorCount() <= 3);
        QCOMPARE(w.connectBar()->settings().path, link);
        // issue 8.7: identified again, but the identity is said once, not once per reopen
        QTRY_VERIFY_WITH_TIMEOUT(labelText(w, "identityLabel").contains(QLatin1String("EC25EFAR06A06M4G")),
                                 kWait);
        QCOMPARE(labelText(w, "identityLabel").count(QLatin1String("Quectel EC25")), 1);

        // without "reopen when it comes back" a lost port stays closed
        w.findChild<QCheckBox *>(QStringLiteral("reopenCheck"))->setChecked(false);
        QVERIFY(!w.session()->autoReopen());
        pty.close();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isOpen(), kWait);
        QCOMPARE(labelText(w, "portStateLabel"), QStringLiteral("Lost: %1").arg(link));
    }

    // First-run port problems in the window: a port another program holds opens a dialog that
    // names it, and "Try Again" opens it once it is free; a Quectel DM interface chosen in the
    // port picker is flagged with a link to the module's AT interface (a made-up /sys).
    void portProblemsShowWhatToDo()
    {
        QTemporaryDir dir;
        const QString link = dir.filePath(QStringLiteral("module"));
        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        QVERIFY(pty.createLink(link));
        ui::MainWindow w;
        w.show();
        auto holder = std::make_unique<QSerialPort>(link);
        QVERIFY(holder->open(QIODevice::ReadWrite));
        QVERIFY(!w.openPort({link, 115200, QSerialPort::NoFlowControl}));
        ui::PortProblemDialog *dialog = w.portProblemDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->problem().kind, session::PortProblem::Kind::Busy);
        QVERIFY2(labelText(*dialog, "portProblemSummary").contains(QLatin1String("QMT Scope itself")),
                 qPrintable(labelText(*dialog, "portProblemSummary")));
        QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("portProblemUse"))->isVisibleTo(dialog));
        holder.reset();
        dialog->findChild<QPushButton *>(QStringLiteral("portProblemRetry"))->click();
        QVERIFY(!dialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->isOpen(), kWait);
        w.session()->close();

        test::FakeMachine machine;
        machine.addEc25();
        ui::ConnectBar *bar = w.connectBar();
        bar->setPortDoctor(session::PortDoctor(machine.view()));
        bar->setSettings({machine.dev(QStringLiteral("ttyUSB2")), 115200, QSerialPort::NoFlowControl});
        QCOMPARE(bar->portWarning(), QString());
        bar->setSettings({machine.dev(QStringLiteral("ttyUSB0")), 115200, QSerialPort::NoFlowControl});
        QVERIFY2(bar->portWarning().contains(QLatin1String("use ttyUSB2")), qPrintable(bar->portWarning()));
        auto *warning = bar->findChild<QLabel *>(QStringLiteral("portWarning"));
        QVERIFY(warning->toolTip().contains(QLatin1String("DM (diagnostics)")));
        emit warning->linkActivated(machine.dev(QStringLiteral("ttyUSB2")));
        QCOMPARE(bar->settings().path, machine.dev(QStringLiteral("ttyUSB2")));
        QCOMPARE(bar->portWarning(), QString());
    }

    // Demo mode: a real broker behind the simulated module; the walkthrough connects slot 0,
    // subscribes, publishes, and the message comes back; an outside subscriber sees it too.
    void demoModeConnectsAndPlaysTheWalkthrough()
    {
        if (mqtt::LocalBroker::mosquittoPath().isEmpty())
            QFAIL("mosquitto is not installed (apt-get install mosquitto)");
        ui::MainWindow w;
        w.show();
        QVERIFY(!w.faultMenu()->menuAction()->isVisible());
        QAction *demoAction = action(w, QStringLiteral("demoAction"));
        // the action starts it and returns at once: the demo is starting, not running yet
        demoAction->trigger();
        QVERIFY(w.demoStarting());
        QVERIFY(!w.demoRunning());
        QVERIFY(!w.context().demo);
        QVERIFY(demoAction->isChecked());
        QVERIFY2(demoAction->text().contains(QLatin1String("starting")), qPrintable(demoAction->text()));
        // a second trigger while it starts starts nothing else, and the action stays checked
        QSignalSpy states(w.demoController(), &sim::DemoController::stateChanged);
        demoAction->trigger();
        QVERIFY(!w.startDemo());
        QVERIFY(w.demoStarting());
        QVERIFY(demoAction->isChecked());
        QCOMPARE(states.size(), 0);
        QTRY_VERIFY2_WITH_TIMEOUT(w.demoRunning(), qPrintable(w.statusBar()->currentMessage()), kWait);
        QCOMPARE(states.size(), 1);
        QVERIFY(!demoAction->text().contains(QLatin1String("starting")));
        QVERIFY(w.context().demo);
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->isOpen(), kWait);
        QVERIFY(w.startDemo()); // running, port open: nothing to do
        QCOMPARE(w.session()->settings().path, w.context().demo->devicePath());
        QCOMPARE(w.connectBar()->listedPaths().value(0), w.context().demo->devicePath());
        QVERIFY(action(w, QStringLiteral("demoAction"))->isChecked());
        QVERIFY(w.faultMenu()->menuAction()->isVisible());
        const quint16 brokerPort = w.context().demo->brokerPort();
        QVERIFY(mqtt::LocalBroker::acceptsConnections(brokerPort));
        QVERIFY(w.findChild<QLabel *>(QStringLiteral("brokerLabel"))->isVisibleTo(&w));
        QTRY_VERIFY_WITH_TIMEOUT(labelText(w, "brokerLabel").contains(QString::number(brokerPort)), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(labelText(w, "identityLabel").contains(QLatin1String("EC25")), kWait);

        test::MosquittoSub witness;
        QVERIFY2(witness.start(brokerPort, "topic/#", 1, 1), qPrintable(witness.errorString()));

        QString error;
        const QList<session::SequenceStep> script =
            session::Script::parse(session::Script::walkthrough(), &error);
        QVERIFY2(!script.isEmpty(), qPrintable(error));
        QSignalSpy done(&w, &ui::MainWindow::scriptFinished);
        w.playScript(script);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kWait);
        QCOMPARE(done.first().at(0).toInt(), 0);
        const state::ClientSlot &slot = w.session()->store().slot(0);
        QCOMPARE(slot.mqtt, state::MqttState::Connected);
        QCOMPARE(slot.subscriptions.size(), std::size_t(2));
        QTRY_COMPARE_WITH_TIMEOUT(slot.messages.size(), std::size_t(1), kWait);
        QCOMPARE(slot.messages[0].topic, QByteArray("topic/pub"));
        QCOMPARE(slot.messages[0].payload, QByteArray("This is test data, hello MQTT."));
        QVERIFY(witness.waitForMessages());
        QCOMPARE(witness.messages().value(0).topic, QByteArray("topic/pub"));
        QCOMPARE(witness.messages().value(0).payload, QByteArray("This is test data, hello MQTT."));

        // a fault from the menu reaches the module: slot 0's link drops (+QMTSTAT: 0,1)
        w.faultMenu()->setTargetSlot(0);
        action(w, QStringLiteral("faultDrop"))->trigger();
        QVERIFY(w.statusBar()->currentMessage().contains(QLatin1String("Fault injected")));
        QTRY_COMPARE_WITH_TIMEOUT(slot.lastStat.code, 1, kWait);
        QVERIFY(slot.mqtt != state::MqttState::Connected);

        // and a refused CONNECT on slot 3 shows as that slot's error
        w.faultMenu()->setTargetSlot(3);
        action(w, QStringLiteral("faultRefuse5"))->trigger();
        done.clear();
        w.playScript(
            session::Script::parse("AT+QMTOPEN=3,\"broker.example\",1883\nAT+QMTCONN=3,\"refused\"\n"));
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kWait);
        QCOMPARE(done.first().at(0).toInt(), 1); // the refused CONNECT
        QTRY_COMPARE_WITH_TIMEOUT(w.session()->store().slot(3).lastStat.code, 4, kWait); // refused
        QVERIFY(w.session()->store().slot(3).lastError.isSet());
        QVERIFY(w.session()->store().slot(3).mqtt != state::MqttState::Connected);

        w.stopDemo();
        QVERIFY(!w.demoRunning());
        QVERIFY(!w.session()->isOpen());
        QVERIFY(!w.faultMenu()->menuAction()->isVisible());
        QVERIFY(!w.findChild<QLabel *>(QStringLiteral("brokerLabel"))->isVisibleTo(&w));
        QVERIFY(!demoAction->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(!mqtt::LocalBroker::acceptsConnections(brokerPort), kWait);
    }

    // TLS in demo mode, as a user meets it: the status bar names the TLS port, the TLS wizard
    // offers the demo's certificates, and the §5.2 template taken from the Sequences panel reads
    // them and runs to the end (mutual TLS against the demo's broker).
    void demoModeRunsTheTlsTemplate()
    {
        ui::MainWindow w;
        w.show();
        QVERIFY(w.startDemo());
        QTRY_VERIFY2_WITH_TIMEOUT(w.demoRunning(), qPrintable(w.statusBar()->currentMessage()), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->isOpen(), kWait);
        const sim::DemoModule *demo = w.context().demo;
        QVERIFY(demo);
        QVERIFY2(demo->tlsError().isEmpty(), qPrintable(demo->tlsError()));
        const sim::DemoCertificates certs = demo->certificates();
        QVERIFY(certs.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(
            labelText(w, "brokerLabel").contains(QStringLiteral("TLS %1").arg(demo->brokerTlsPort())), kWait);

        // the wizard's files page offers them
        ui::openTlsWizard(w.context(), &w);
        auto *wizard = w.findChild<ui::TlsWizard *>();
        QVERIFY(wizard);
        auto *useDemo = wizard->findChild<QPushButton *>(QStringLiteral("useDemoCertificates"));
        QVERIFY(useDemo);
        QVERIFY(useDemo->isVisibleTo(wizard));
        useDemo->click();
        const session::TlsPlan plan = wizard->plan();
        QCOMPARE(plan.secLevel, 2);
        QCOMPARE(plan.files[0].localPath, certs.caCert);
        QCOMPARE(plan.files[1].localPath, certs.clientCert);
        QCOMPARE(plan.files[2].localPath, certs.clientKey);
        wizard->reject();

        // the §5.2 template from the panel, with the demo's certificates
        auto *panel = w.findChild<ui::SequencePanel *>();
        QVERIFY(panel);
        w.context().sequence->clear();
        w.context().sequence->setModified(false);
        auto *template52 = panel->findChild<QAction *>(QStringLiteral("sequenceTemplate52"));
        QVERIFY(template52);
        emit panel->templatesMenu()->aboutToShow();
        QVERIFY2(template52->text().contains(QLatin1String("demo")), qPrintable(template52->text()));
        template52->trigger();
        QCOMPARE(w.context().sequence->count(), 18);
        QCOMPARE(w.context().sequence->dataFolder(), certs.folder);
        QSignalSpy finished(panel->runner(), &session::SequenceRunner::finished);
        panel->runAllAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 2 * kWait);
        QVERIFY2(finished.first().first().toBool(), qPrintable(panel->message()));
        QCOMPARE(panel->runner()->passedCount(), 18);
        QCOMPARE(w.session()->store().slot(0).messages.back().payload,
                 QByteArray("This is publish data from client"));
        w.stopDemo();
    }

    // A demo that cannot start (here: no broker program) says why in the status bar and leaves
    // the window as it was: the action unchecked, no fault menu, no port.
    void demoModeThatFailsSaysWhy()
    {
        ui::MainWindow w;
        w.show();
        sim::DemoOptions o;
        o.brokerProgram = QStringLiteral("/nonexistent/qmt/mosquitto");
        w.demoController()->setOptions(o);
        QSignalSpy failed(w.demoController(), &sim::DemoController::failed);
        QVERIFY(w.startDemo());
        QVERIFY(w.demoStarting());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWait);
        QVERIFY(!w.demoStarting());
        QVERIFY(!w.demoRunning());
        QVERIFY(!w.context().demo);
        QVERIFY(!action(w, QStringLiteral("demoAction"))->isChecked());
        QVERIFY(!w.faultMenu()->menuAction()->isVisible());
        QVERIFY(!w.session()->isOpen());
        const QString message = w.statusBar()->currentMessage();
        QVERIFY2(message.contains(QLatin1String("did not start")) &&
                     message.contains(QLatin1String("/nonexistent/qmt/mosquitto")),
                 qPrintable(message));
    }

    // The language switches while the app runs (every shell string is retranslated) and the
    // choice is remembered.
    void languageSwitchesAtRunTime()
    {
        ui::MainWindow w;
        w.show();
        auto *file = w.findChild<QMenu *>(QStringLiteral("fileMenu"));
        QVERIFY(file);
        QCOMPARE(file->title(), QStringLiteral("&File"));
        w.setLanguage(QStringLiteral("zh_CN"));
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("zh_CN"));
        QVERIFY(action(w, QStringLiteral("languageAction_zh_CN"))->isChecked());
        QCOMPARE(action(w, QStringLiteral("languageAction_zh_CN"))->text(), QStringLiteral("简体中文"));
        QTRY_COMPARE_WITH_TIMEOUT(file->title(), QStringLiteral("文件(&F)"), kWait); // the shipped catalogue

        MarkingTranslator marks;
        QVERIFY(QCoreApplication::installTranslator(&marks));
        QTRY_COMPARE_WITH_TIMEOUT(file->title(), QStringLiteral("[&File]"), kWait);
        QCOMPARE(w.findChild<QCheckBox *>(QStringLiteral("reopenCheck"))->text(),
                 QStringLiteral("[Reopen when it comes back]"));
        QCOMPARE(labelText(w, "portStateLabel"), QStringLiteral("[Closed]"));
        QVERIFY(QCoreApplication::removeTranslator(&marks));
        QTRY_COMPARE_WITH_TIMEOUT(file->title(), QStringLiteral("文件(&F)"), kWait);

        action(w, QStringLiteral("languageAction_en"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(file->title(), QStringLiteral("&File"), kWait);
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("en"));
        QVERIFY(action(w, QStringLiteral("languageAction_en"))->isChecked());
    }

    // What a user expects to find again: port, baud, flow, auto-reopen, the panel shown.
    void settingsAreRemembered()
    {
        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        {
            ui::MainWindow w;
            w.show();
            QVERIFY(w.openPort({pty.devicePath(), 460800, QSerialPort::HardwareControl}));
            w.findChild<QCheckBox *>(QStringLiteral("reopenCheck"))->setChecked(false);
            action(w, QStringLiteral("panelAction_traffic"))->trigger();
            QCOMPARE(w.currentPanel(), int(ui::MainWindow::TrafficPanel));
            w.close();
        }
        ui::MainWindow w;
        const session::PortSettings s = w.connectBar()->settings();
        QCOMPARE(s.path, pty.devicePath());
        QCOMPARE(s.baud, 460800);
        QCOMPARE(s.flow, QSerialPort::HardwareControl);
        QVERIFY(!w.session()->autoReopen());
        QVERIFY(!w.findChild<QCheckBox *>(QStringLiteral("reopenCheck"))->isChecked());
        QCOMPARE(w.currentPanel(), int(ui::MainWindow::TrafficPanel));
    }

    // Ctrl+1 … Ctrl+4 switch the panels.
    void panelShortcuts()
    {
        ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        for (int i : {3, 1, 0, 2}) {
            QTest::keyClick(&w, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(w.currentPanel(), i);
        }
        QCOMPARE(action(w, QStringLiteral("openAction"))->shortcut(), QKeySequence(QKeySequence::Open));
        QCOMPARE(action(w, QStringLiteral("demoAction"))->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
        QCOMPARE(action(w, QStringLiteral("rescanAction"))->shortcut(), QKeySequence(QKeySequence::Refresh));
        QCOMPARE(action(w, QStringLiteral("quitAction"))->shortcut(), QKeySequence(QKeySequence::Quit));
    }

    // Issue 8: no key is bound twice where both bindings are live at once (Ctrl+Shift+T was the
    // console's time toggle and the TLS wizard): a window-wide shortcut is unique in the window; a
    // widget's shortcut may repeat only in a widget that is neither its ancestor nor its child.
    void noShortcutIsAmbiguous()
    {
        ui::MainWindow w;
        w.show();
        for (int i = 0; i < ui::MainWindow::PanelCount; ++i) // every panel built
            w.showPanel(i);
        struct Binding
        {
            QKeySequence key;
            QAction *action;
            QWidget *owner; // the widget the action is added to
        };
        QList<Binding> bindings;
        QList<QWidget *> widgets = w.findChildren<QWidget *>();
        widgets << &w;
        for (QWidget *widget : std::as_const(widgets))
            for (QAction *a : widget->actions())
                for (const QKeySequence &k : a->shortcuts())
                    if (!k.isEmpty())
                        bindings.append({k, a, widget});
        QVERIFY(bindings.size() > 10);
        const auto related = [](QWidget *a, QWidget *b) {
            return a == b || a->isAncestorOf(b) || b->isAncestorOf(a);
        };
        for (qsizetype i = 0; i < bindings.size(); ++i) {
            for (qsizetype j = i + 1; j < bindings.size(); ++j) {
                const Binding &x = bindings[i];
                const Binding &y = bindings[j];
                if (x.key != y.key || x.action == y.action)
                    continue;
                const auto wide = [](const QAction *a) {
                    return a->shortcutContext() != Qt::WidgetWithChildrenShortcut &&
                           a->shortcutContext() != Qt::WidgetShortcut;
                };
                const bool windowWide = wide(x.action) || wide(y.action);
                QVERIFY2(!windowWide && !related(x.owner, y.owner),
                         qPrintable(QStringLiteral("%1 is bound to %2 and %3")
                                        .arg(x.key.toString(),
                                             x.action->objectName() + QLatin1Char('/') + x.action->text(),
                                             y.action->objectName() + QLatin1Char('/') + y.action->text())));
            }
        }
    }

    // The binary itself: `qmtscope --demo --walkthrough` connects and plays the walkthrough;
    // bad options are refused.
    void commandLine()
    {
        const QString exe = qEnvironmentVariable("QMT_BIN_DIR") + QStringLiteral("/qmtscope");
        QVERIFY2(QFileInfo::exists(exe), qPrintable(exe));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config.path());

        QProcess bad;
        bad.setProcessEnvironment(env);
        bad.start(exe, {QStringLiteral("--lang"), QStringLiteral("fr")});
        QVERIFY(bad.waitForFinished(kWait));
        QCOMPARE(bad.exitCode(), 1);
        QVERIFY(bad.readAllStandardError().contains("--lang"));

        QProcess app;
        app.setProcessEnvironment(env);
        app.start(exe, {QStringLiteral("--demo"), QStringLiteral("--walkthrough"), QStringLiteral("--panel"),
                        QStringLiteral("traffic")});
        QVERIFY(app.waitForStarted(kWait));
        QByteArray out;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         out += app.readAllStandardOutput();
                         return out.contains("script finished") || app.state() == QProcess::NotRunning;
                     },
                     2 * kWait),
                 out.constData());
        QVERIFY2(out.contains("qmtscope: script finished, 0 failed"),
                 (out + app.readAllStandardError()).constData());
        // SIGTERM ends it cleanly: the demo's broker and port link go with it
        app.terminate();
        QVERIFY(app.waitForFinished(kWait));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
