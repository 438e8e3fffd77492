// SPDX-License-Identifier: Apache-2.0
// The sequence panel on the offscreen platform, against the simulated module on a real pty with
// a real Mosquitto broker behind it: the §5.1 template from the Templates menu, run step by step
// and all at once from the toolbar — slot 0 connected, its own message received, every step of
// the report passed and coloured so — steps added from the forms (ctx.sequence), edited in the
// step dialog, moved and removed; load errors with their line numbers; a stopped run; the
// sequence remembered across restarts.

#include "broker.h"
#include "language.h"
#include "sequencepanel.h"
#include "sequencestepdialog.h"
#include "workflows/sequence.h"
#include "workflows/sequencemodel.h"
#include "workflows/sequencerunner.h"
#include "io/session.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "uicontext.h"

#include <QAction>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

using namespace qmt;
using session::SequenceReportModel;
using session::SequenceRunner;
using session::StepReport;
using ui::SequencePanel;

namespace {

constexpr int kWait = 30000;     // ms; generous for a loaded machine, never a fixed sleep
constexpr int kPublishStep = 12; // the §5.1 template's AT+QMTPUBEX (0-based)
constexpr int kTemplateSteps = 14;

// The simulated module on a pty, a session on it, the panel over the session and a sequence.
struct Rig
{
    explicit Rig(test::TestBroker &broker) : sim(options(broker)), pty(&sim) {}
    static sim::SimOptions options(test::TestBroker &broker)
    {
        sim::SimOptions o;
        o.brokerPort = broker.port();
        return o;
    }
    bool start()
    {
        if (!pty.open() || !session.open({pty.devicePath(), 115200, QSerialPort::NoFlowControl}))
            return false;
        ctx.session = &session;
        ctx.sequence = &sequence;
        panel.reset(static_cast<SequencePanel *>(ui::createSequencePanel(ctx, nullptr)));
        panel->resize(900, 700);
        panel->show();
        // the identification the session sends on open is done
        return QTest::qWaitFor(
            [this] { return !session.channel().isBusy() && session.channel().queued() == 0; }, kWait);
    }
    QToolButton *button(QAction *a) const
    {
        for (QToolBar *bar : panel->findChildren<QToolBar *>())
            if (auto *b = qobject_cast<QToolButton *>(bar->widgetForAction(a)))
                return b;
        return nullptr;
    }
    QString report() const
    {
        QStringList out;
        const QAbstractItemModel *m = panel->reportView()->model();
        for (int r = 0; r < m->rowCount(); ++r) {
            QStringList cols;
            for (int c = 0; c < m->columnCount(); ++c)
                cols << m->index(r, c).data().toString();
            out << cols.join(QStringLiteral(" | "));
        }
        return out.join(QLatin1Char('\n'));
    }
    const state::ClientSlot &slot(int i) const { return session.store().slot(i); }

    sim::SimModule sim;
    sim::PtyServer pty;
    session::Session session;
    session::Sequence sequence;
    ui::UiContext ctx;
    std::unique_ptr<SequencePanel> panel;
};

// Runs `f` on the modal dialog that `open` shows, then lets it close.
template <typename F> void onDialog(F f)
{
    QTimer::singleShot(0, qApp, [f] {
        auto *d = qobject_cast<ui::SequenceStepDialog *>(QApplication::activeModalWidget());
        if (!d) {
            qWarning("no step dialog");
            return;
        }
        f(d);
    });
}

} // namespace

class tst_SequencePanel : public QObject
{
    Q_OBJECT
    QTemporaryDir m_config;

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_sequencepanel"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
    }
    void init() { QSettings().clear(); }

    void template51StepByStep()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        QVERIFY(rig.start());

        // Templates → §5.1
        QMenu *menu = rig.panel->templatesMenu();
        QCOMPARE(menu->actions().size(), 2);
        menu->actions().at(0)->trigger();
        QCOMPARE(rig.sequence.count(), kTemplateSteps);
        QCOMPARE(rig.panel->stepView()->model()->rowCount(), kTemplateSteps);
        QCOMPARE(rig.panel->stepView()->model()->index(3, 0).data().toString(),
                 QStringLiteral("AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883"));
        QVERIFY2(rig.panel->message().contains(QStringLiteral("14")), qPrintable(rig.panel->message()));

        // Step through to the publish: slot 0 connected, the message back in the store
        QToolButton *stepButton = rig.button(rig.panel->stepAction());
        QVERIFY(stepButton);
        for (int i = 0; i <= kPublishStep; ++i) {
            QTRY_VERIFY_WITH_TIMEOUT(stepButton->isEnabled(), kWait);
            QTest::mouseClick(stepButton, Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(rig.panel->runner()->nextStep(), i + 1, kWait);
            QVERIFY2(rig.panel->runner()->report(i).status == StepReport::Status::Passed,
                     qPrintable(rig.report()));
        }
        QCOMPARE(rig.slot(0).mqtt, state::MqttState::Connected);
        QCOMPARE(rig.slot(0).network, state::NetState::Open);
        QCOMPARE(rig.slot(0).counters.received, 1u);
        QCOMPARE(rig.slot(0).messages.back().topic, QByteArray("topic/pub"));
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("This is test data, hello MQTT."));
        QCOMPARE(rig.panel->progressBar()->value(), kPublishStep + 1);
        // the next step is marked in the list; the rest of the report is still empty
        QVERIFY(rig.panel->stepView()
                    ->model()
                    ->headerData(kPublishStep + 1, Qt::Vertical)
                    .toString()
                    .startsWith(QChar(0x25B6)));
        QCOMPARE(rig.panel->reportView()
                     ->model()
                     ->index(kPublishStep + 1, SequenceReportModel::Result)
                     .data()
                     .toString(),
                 QString());

        // the last step: disconnect
        QTRY_VERIFY_WITH_TIMEOUT(stepButton->isEnabled(), kWait);
        QTest::mouseClick(stepButton, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(rig.panel->runner()->nextStep(), kTemplateSteps, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(!rig.panel->runner()->isRunning(), kWait);
        QCOMPARE(rig.slot(0).mqtt, state::MqttState::Disconnected);
        for (int r = 0; r < kTemplateSteps; ++r)
            QVERIFY2(
                rig.panel->reportView()->model()->index(r, SequenceReportModel::Result).data().toString() ==
                    QStringLiteral("passed"),
                qPrintable(rig.report()));
    }

    // Before a run the progress bar says nothing (it said "0 of 1"), also once a sequence is
    // loaded; a run shows how far it got. No column header is cut ("Timeout" was), in English
    // or Chinese.
    void progressAndHeadersBeforeARun()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        QVERIFY(rig.start());
        QProgressBar *bar = rig.panel->progressBar();
        QCOMPARE(bar->text(), QString());
        QVERIFY(rig.panel->loadFile(SequencePanel::templatePath(0)));
        QCOMPARE(bar->text(), QString());

        for (const QString &lang : {ui::language::kChinese, ui::language::kEnglish}) {
            ui::language::apply(lang);
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
            for (QTableView *t : {rig.panel->stepView(), rig.panel->reportView()}) {
                QHeaderView *h = t->horizontalHeader();
                for (int c = 0; c < h->count(); ++c)
                    QVERIFY2(h->sectionSize(c) >= h->sectionSizeHint(c),
                             qPrintable(QStringLiteral("%1: %2 is %3 wide, its header needs %4")
                                            .arg(lang, t->model()->headerData(c, Qt::Horizontal).toString())
                                            .arg(h->sectionSize(c))
                                            .arg(h->sectionSizeHint(c))));
            }
        }
        QCOMPARE(rig.panel->stepView()
                     ->model()
                     ->headerData(session::SequenceModel::Timeout, Qt::Horizontal)
                     .toString(),
                 QStringLiteral("Timeout"));

        QToolButton *stepButton = rig.button(rig.panel->stepAction());
        QVERIFY(stepButton);
        QTRY_VERIFY_WITH_TIMEOUT(stepButton->isEnabled(), kWait);
        QTest::mouseClick(stepButton, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(rig.panel->runner()->nextStep(), 1, kWait);
        QCOMPARE(bar->text(), QStringLiteral("1 of %1").arg(kTemplateSteps));
        // another sequence: nothing has run again
        QVERIFY(rig.panel->loadFile(SequencePanel::templatePath(0), false));
        QCOMPARE(bar->text(), QString());
    }

    void template51RunAll()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        QVERIFY(rig.start());
        QVERIFY(rig.panel->loadFile(SequencePanel::templatePath(0)));
        // what the store says right after the publish step
        state::MqttState afterPublish = state::MqttState::Idle;
        quint64 receivedAfterPublish = 0;
        QObject::connect(rig.panel->runner(), &SequenceRunner::stepFinished, rig.panel.get(), [&](int i) {
            if (i == kPublishStep) {
                afterPublish = rig.slot(0).mqtt;
                receivedAfterPublish = rig.slot(0).counters.received;
            }
        });
        QSignalSpy finished(rig.panel->runner(), &SequenceRunner::finished);
        QToolButton *run = rig.button(rig.panel->runAllAction());
        QVERIFY(run && run->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(!rig.panel->runAllAction()->isEnabled()); // while it runs
        QVERIFY(rig.panel->stopAction()->isEnabled());
        QVERIFY(!rig.panel->addStepAction()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
        QVERIFY2(finished.first().first().toBool(), qPrintable(rig.report()));

        QCOMPARE(afterPublish, state::MqttState::Connected);
        QCOMPARE(receivedAfterPublish, 1u);
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("This is test data, hello MQTT."));
        QCOMPARE(rig.slot(0).mqtt, state::MqttState::Disconnected); // the template ends with QMTDISC

        // the report: every step passed, with its answer and time, tinted green
        const QAbstractItemModel *m = rig.panel->reportView()->model();
        QCOMPARE(m->rowCount(), kTemplateSteps);
        for (int r = 0; r < kTemplateSteps; ++r) {
            QVERIFY2(m->index(r, SequenceReportModel::Result).data().toString() == QStringLiteral("passed"),
                     qPrintable(rig.report()));
            QVERIFY(m->index(r, SequenceReportModel::Time).data().toString().endsWith(QStringLiteral(" ms")));
            QVERIFY(!m->index(r, SequenceReportModel::Answer).data().toString().isEmpty());
        }
        QVERIFY(m->index(3, SequenceReportModel::Answer)
                    .data()
                    .toString()
                    .contains(QStringLiteral("+QMTOPEN: 0,0")));
        QVERIFY(m->index(kPublishStep, SequenceReportModel::Answer)
                    .data()
                    .toString()
                    .contains(QStringLiteral("+QMTRECV: 0,0,\"topic/pub\",30,")));
        QCOMPARE(rig.panel->progressBar()->value(), kTemplateSteps);
        QCOMPARE(rig.panel->progressBar()->maximum(), kTemplateSteps);
        QVERIFY2(rig.panel->message().contains(QStringLiteral("passed")), qPrintable(rig.panel->message()));
        QVERIFY(rig.panel->runAllAction()->isEnabled());

        QStyleOptionViewItem passed;
        passed.initFrom(rig.panel->reportView());
        auto *delegate = qobject_cast<ui::SequenceReportDelegate *>(rig.panel->reportView()->itemDelegate());
        QVERIFY(delegate);
        // initStyleOption() is protected: reached through a pointer to member named in a derived
        // class, called on the delegate itself (a cast to the derived class would be undefined
        // behaviour, which UBSan reports: the delegate is no Probe).
        struct Probe : ui::SequenceReportDelegate
        {
            static void style(const ui::SequenceReportDelegate *d, QStyleOptionViewItem *o,
                              const QModelIndex &i)
            {
                void (ui::SequenceReportDelegate::*f)(QStyleOptionViewItem *, const QModelIndex &) const =
                    &Probe::initStyleOption;
                (d->*f)(o, i);
            }
        };
        Probe::style(delegate, &passed, m->index(0, 0));
        const QColor green = passed.backgroundBrush.color();
        QVERIFY2(green.green() > green.red(), qPrintable(green.name()));

        // A changed expectation fails the run at that step, tinted red, with why
        session::SequenceStep conn = rig.sequence.steps().at(6);
        conn.expect = "+QMTCONN: 0,0,4";
        rig.sequence.replace(6, conn);
        QCOMPARE(m->index(0, SequenceReportModel::Result).data().toString(), QString()); // reports start over
        QTest::mouseClick(run, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kWait);
        QVERIFY(!finished.last().first().toBool());
        QCOMPARE(m->index(6, SequenceReportModel::Result).data().toString(), QStringLiteral("failed"));
        QCOMPARE(m->index(7, SequenceReportModel::Result).data().toString(), QString());
        QVERIFY2(rig.panel->message().contains(
                     QStringLiteral("Step 7 failed: expected +QMTCONN: 0,0,4, got +QMTCONN: 0,0,0")),
                 qPrintable(rig.panel->message()));
        QStyleOptionViewItem failed;
        failed.initFrom(rig.panel->reportView());
        Probe::style(delegate, &failed, m->index(6, 0));
        const QColor red = failed.backgroundBrush.color();
        QVERIFY2(red.red() > red.green(), qPrintable(red.name()));
    }

    void editingTheSteps()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        QTableView *view = rig.panel->stepView();

        // steps added by the forms appear
        rig.ctx.sequence->append({"AT+QMTCFG=\"keepalive\",2,30",
                                  {},
                                  {},
                                  std::chrono::milliseconds(0),
                                  QStringLiteral("first"),
                                  {}});
        rig.ctx.sequence->append({"AT+QMTCFG=\"keepalive\",2",
                                  {},
                                  "+QMTCFG: \"keepalive\",30",
                                  std::chrono::milliseconds(0),
                                  {},
                                  {}});
        QCOMPARE(view->model()->rowCount(), 2);
        QCOMPARE(view->model()->index(1, session::SequenceModel::Expect).data().toString(),
                 QStringLiteral("+QMTCFG: \"keepalive\",30"));

        // Add… through the step dialog: a publish with data typed with escapes, after row 0
        view->selectRow(0);
        QVERIFY(rig.panel->addStepAction()->isEnabled());
        onDialog([](ui::SequenceStepDialog *d) {
            d->commandEdit()->setText(QStringLiteral("AT+QMTCFG=\"willex\",2,1,0,0,\"w\",{size}"));
            d->dataEdit()->setText(QStringLiteral("bye\\r\\n"));
            d->expectEdit()->setPlainText(QStringLiteral("OK\n"));
            d->timeoutEdit()->setValue(2.5);
            d->noteEdit()->setText(QStringLiteral("a will of 5 bytes"));
            if (!d->problem().isEmpty())
                qWarning() << d->problem();
            d->accept();
        });
        rig.panel->addStepAction()->trigger();
        QCOMPARE(rig.sequence.count(), 3);
        const session::SequenceStep added = rig.sequence.steps().at(1);
        QCOMPARE(added.command, QByteArray("AT+QMTCFG=\"willex\",2,1,0,0,\"w\",{size}"));
        QCOMPARE(added.data, QByteArray("bye\r\n"));
        QCOMPARE(added.expect, QByteArray("OK"));
        QCOMPARE(added.timeout, std::chrono::milliseconds(2500));
        QCOMPARE(added.note, QStringLiteral("a will of 5 bytes"));
        QCOMPARE(view->currentIndex().row(), 1);

        // the dialog says what is wrong before the step runs
        QString problem;
        onDialog([&problem](ui::SequenceStepDialog *d) {
            d->dataEdit()->setText(QStringLiteral("bye"));
            d->commandEdit()->setText(QStringLiteral("AT+QMTCFG=\"willex\",2,1,0,0,\"w\",9"));
            problem = d->problem();
            d->reject();
        });
        rig.panel->editStepAction()->trigger();
        QVERIFY2(problem.contains(QStringLiteral("declares 9")), qPrintable(problem));
        QCOMPARE(rig.sequence.steps().at(1), added); // rejected: unchanged

        // move down, up, remove
        view->selectRow(1);
        rig.panel->moveDownAction()->trigger();
        QCOMPARE(rig.sequence.steps().at(2), added);
        QCOMPARE(view->currentIndex().row(), 2);
        QVERIFY(!rig.panel->moveDownAction()->isEnabled());
        rig.panel->moveUpAction()->trigger();
        QCOMPARE(rig.sequence.steps().at(1), added);

        // run them all: the will and the keepalive read back
        QSignalSpy finished(rig.panel->runner(), &SequenceRunner::finished);
        rig.panel->runAllAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
        QVERIFY2(finished.first().first().toBool(), qPrintable(rig.report()));
        QCOMPARE(rig.slot(2).config.will.length, qint64(5));

        view->selectRow(0);
        rig.panel->removeStepAction()->trigger();
        QCOMPARE(rig.sequence.count(), 2);
        QCOMPARE(rig.sequence.steps().at(0), added);
        QVERIFY(rig.sequence.isModified());
    }

    void loadErrorsAndMissingFiles()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        QTemporaryDir dir;
        QFile bad(dir.filePath(QStringLiteral("bad.qmtseq")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(
            "# a sequence\nAT+QMTOPEN=0,\"h\",1883\n    expect +QMTOPEN: 0,0\n    timeout soon\nAT\n    colour red\n");
        bad.close();
        QVERIFY(!rig.panel->loadFile(bad.fileName()));
        QVERIFY2(rig.panel->message().contains(QStringLiteral("line 4:")) &&
                     rig.panel->message().contains(QStringLiteral("line 6:")),
                 qPrintable(rig.panel->message()));
        QCOMPARE(rig.sequence.count(), 0);

        // §5.2 needs certificate files: the panel says which and what to do
        QVERIFY(rig.panel->loadFile(SequencePanel::templatePath(1)));
        QCOMPARE(rig.sequence.count(), 18);
        QVERIFY2(rig.panel->message().contains(QStringLiteral("cacert.pem")) &&
                     rig.panel->message().contains(QStringLiteral("user_key.pem")),
                 qPrintable(rig.panel->message()));

        // saved next to the files, loaded back: nothing is missing any more
        for (const char *name : {"cacert.pem", "client.pem", "user_key.pem"}) {
            QFile f(dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("-----BEGIN CERTIFICATE-----\n");
        }
        const QString saved = dir.filePath(QStringLiteral("tls.qmtseq"));
        QVERIFY(rig.sequence.save(saved));
        QVERIFY(rig.panel->loadFile(saved));
        QVERIFY2(!rig.panel->message().contains(QStringLiteral("cacert.pem")),
                 qPrintable(rig.panel->message()));
    }

    void stopAndRemember()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        {
            Rig rig(broker);
            QVERIFY(rig.start());
            rig.ctx.sequence->append(
                {"AT+QMTCFG=\"keepalive\",3,33", {}, {}, std::chrono::milliseconds(0), {}, {}});
            rig.ctx.sequence->append(
                {"AT+QMTCFG=\"keepalive\",3,34", {}, {}, std::chrono::milliseconds(0), {}, {}});
            rig.sim.setResponseDelay(std::chrono::milliseconds(600));
            QSignalSpy finished(rig.panel->runner(), &SequenceRunner::finished);
            rig.panel->runAllAction()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(rig.session.channel().isBusy(), kWait);
            QToolButton *stop = rig.button(rig.panel->stopAction());
            QVERIFY(stop && stop->isEnabled());
            QTest::mouseClick(stop, Qt::LeftButton);
            QCOMPARE(finished.size(), 1);
            QCOMPARE(
                rig.panel->reportView()->model()->index(0, SequenceReportModel::Result).data().toString(),
                QStringLiteral("stopped"));
            QVERIFY(rig.panel->runAllAction()->isEnabled());
            QTRY_VERIFY_WITH_TIMEOUT(!rig.session.channel().isBusy(), kWait);
        } // the panel goes: it remembers the steps

        Rig again(broker);
        QVERIFY(again.start());
        QCOMPARE(again.sequence.count(), 2);
        QCOMPARE(again.sequence.steps().at(1).command, QByteArray("AT+QMTCFG=\"keepalive\",3,34"));
    }
};

QTEST_MAIN(tst_SequencePanel)
#include "tst_sequencepanel.moc"
