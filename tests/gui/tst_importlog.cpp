// SPDX-License-Identifier: Apache-2.0
// File > Import Log and a log dropped on the window (issue 9): the customer's session shows on
// the dashboard and in the traffic, the import report lists the lines that need a look and
// takes a double-click to their traffic row; a folder or a binary file is refused with the
// reason; opening a port afterwards starts afresh.

#include "consoleview.h"
#include "diagnosispanel.h"
#include "workflows/diagnosis.h"
#include "exportdialog.h"
#include "journalsettings.h"
#include "replaybar.h"
#include "importreport.h"
#include "mainwindow.h"
#include "reproducedialog.h"
#include "timelineview.h"
#include "trafficpanel.h"
#include "io/journal.h"
#include "workflows/journalplayer.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "workflows/sequence.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QToolBar>
#include <QToolButton>
#include <QPlainTextEdit>
#include <QApplication>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSerialPort>
#include <QMimeData>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTreeWidget>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QTest>

using namespace qmt;

namespace {

const QByteArray kLog = "Hi, my module never gets messages. Log:\n"
                        "[2024-03-05 14:22:01.100] >> AT+QMTOPEN=1,\xE2\x80\x9C"
                        "broker.emqx.io\xE2\x80\x9D,1883\n"
                        "[2024-03-05 14:22:01.130] << OK\n"
                        "[2024-03-05 14:22:01.900] << +QMTOPEN: 1,0\n"
                        "[2024-03-05 14:22:02.000] >> AT+QMTCONN=1,\"ec25\"\n"
                        "[2024-03-05 14:22:02.020] << OK\n"
                        "[2024-03-05 14:22:02.400] << +QMTCONN: 1,0,0\n"
                        "[2024-03-05 14:22:03.000] >> AT+QMTPUBEX=1,2,1,0,\"dev/status\",7\n"
                        "[2024-03-05 14:22:03.010] << >\n"
                        "[2024-03-05 14:22:03.020] >> <data>\n"
                        "[2024-03-05 14:22:03.030] << OK\n"
                        "[2024-03-05 14:22:03.300] << +QMTPUBEX: 1,2,0\n"
                        "[2024-03-05 14:22:04.000] << +QMTSTAT 1,1\n";

} // namespace

class tst_ImportLog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope"));
        QCoreApplication::setApplicationName(QStringLiteral("qmtscope-tst_importlog"));
        QVERIFY(m_dir.isValid());
        QSettings().clear(); // nothing from an earlier run (a sequence being edited would ask)
    }

    void importShowsTheSession()
    {
        const QString path = write(QStringLiteral("customer.log"), kLog);
        ui::MainWindow w;
        w.show();
        QVERIFY(w.importLog(path, true));
        const state::ClientSlot &s1 = w.session()->store().slot(1);
        QCOMPARE(s1.network, state::NetState::Open);
        QCOMPARE(s1.mqtt, state::MqttState::Connected);
        QCOMPARE(s1.host, QByteArray("broker.emqx.io"));
        QCOMPARE(s1.counters.published, 1u);
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("customer.log")));
        QVERIFY(w.findChild<QAction *>(QStringLiteral("importReportAction"))->isEnabled());

        // the report came up by itself: two lines need a look (data left out, not understood)
        auto *report = qobject_cast<ui::ImportReport *>(w.importReport());
        QVERIFY(report);
        QVERIFY(report->onlyFlagged()->isChecked());
        QCOMPARE(report->visibleLines(), 2);
        const QModelIndex unreadable = report->table()->model()->index(1, ui::ImportLinesModel::LineColumn);
        QCOMPARE(unreadable.data().toInt(), 13);
        QVERIFY(report->table()
                    ->model()
                    ->index(1, ui::ImportLinesModel::TextColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("+QMTSTAT 1,1")));
        report->onlyFlagged()->setChecked(false);
        QCOMPARE(report->visibleLines(), 13); // every line of the file

        // a double-click on a line shows its traffic row, with the log's own time
        auto *traffic = w.findChild<ui::TrafficPanel *>();
        QVERIFY(traffic);
        const QModelIndex line4 = report->table()->model()->index(3, 0);
        QCOMPARE(line4.data(ui::ImportLinesModel::LineRole).toInt(), 4);
        emit report->table()->activated(line4);
        QCOMPARE(w.currentPanel(), int(ui::MainWindow::TrafficPanel));
        const QModelIndex current = traffic->table()->currentIndex();
        QVERIFY(current.isValid());
        QVERIFY(current.siblingAtColumn(state::TrafficModel::TextColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("+QMTOPEN: 1,0")));
        QVERIFY(current.siblingAtColumn(state::TrafficModel::TimeColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("14:22:01.900")));
    }

    // The Diagnosis panel names what went wrong in the imported log, at its lines, and a
    // double-click shows the line's traffic row; a port opened afterwards starts it afresh.
    void diagnosisOfTheLog()
    {
        ui::MainWindow w;
        w.show();
        QVERIFY(w.importLog(
            write(QStringLiteral("diag.log"), kLog + "[2024-03-05 14:22:05.000] << +QMTSTAT: 1,1\n"), true));
        auto *panel = w.findChild<ui::DiagnosisPanel *>();
        QVERIFY(panel);
        panel->refresh();
        QTreeWidget *tree = panel->tree();
        QCOMPARE(tree->topLevelItemCount(), 1); // slot 1
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Slot 1"));
        QTreeWidgetItem *stat = nullptr;
        for (int i = 0; i < tree->topLevelItem(0)->childCount(); ++i)
            if (tree->topLevelItem(0)->child(i)->text(1).contains(QStringLiteral("+QMTSTAT 1")))
                stat = tree->topLevelItem(0)->child(i);
        QVERIFY(stat);
        QCOMPARE(stat->text(0), QStringLiteral("line 14"));
        QVERIFY(panel->reportText().contains(QStringLiteral("fix:")));
        emit tree->itemActivated(stat, 0);
        QCOMPARE(w.currentPanel(), int(ui::MainWindow::TrafficPanel));
        auto *traffic = w.findChild<ui::TrafficPanel *>();
        QVERIFY(traffic->table()
                    ->currentIndex()
                    .siblingAtColumn(state::TrafficModel::TextColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("+QMTSTAT: 1,1")));
        // the log's prompt and data are indexed (for its length findings)...
        QVERIFY(panel->diagnosis()->dataIndexSize() >= 2);
        session::PortSettings s;
        s.path = QStringLiteral("/dev/null");
        w.session()->open(s);
        panel->refresh();
        QCOMPARE(tree->topLevelItemCount(), 0);
        // ...a live session's are not: it may publish for days
        QCOMPARE(panel->diagnosis()->dataIndexSize(), std::size_t(0));
        session::Pipeline &pipeline = w.session()->pipeline();
        for (int i = 0; i < 3; ++i) {
            pipeline.wroteCommand("AT+QMTPUBEX=1,2,1,0,\"t\",2");
            pipeline.received("AT+QMTPUBEX=1,2,1,0,\"t\",2\r\r\n> ");
            pipeline.wroteData("hi");
            pipeline.received("\r\nOK\r\n");
        }
        QCOMPARE(panel->diagnosis()->dataIndexSize(), std::size_t(0));
        // (the same feed with the index on grows it: the check can fail)
        session::Pipeline other(w.session()->pipeline().clock());
        session::Diagnosis indexed(other);
        other.wroteCommand("AT+QMTPUBEX=1,2,1,0,\"t\",2");
        other.received("AT+QMTPUBEX=1,2,1,0,\"t\",2\r\r\n> ");
        other.wroteData("hi");
        QVERIFY(indexed.dataIndexSize() >= 1);
    }

    // The timeline of the imported log: slot 1's states and marks; a click on the +QMTSTAT
    // error shows its traffic row; the wheel zooms in around the pointer and Fit shows it all
    // again; the picture saves as PNG and SVG.
    void timelineOfTheLog()
    {
        ui::MainWindow w;
        w.resize(1200, 800);
        w.show();
        QVERIFY(w.importLog(
            write(QStringLiteral("timeline.log"), kLog + "[2024-03-05 14:22:05.000] << +QMTSTAT: 1,1\n"),
            true));
        w.showPanel(ui::MainWindow::DiagnosisPanel);
        auto *panel = w.findChild<ui::DiagnosisPanel *>();
        ui::TimelineView *view = panel->timelineView();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_VERIFY(!view->scene().items.empty());
        const session::TimelineScene &scene = view->scene();
        QVERIFY(!panel->timeline()->byOrder()); // the log has times
        const session::TimelineItem *error = nullptr;
        int published = 0;
        for (const session::TimelineItem &it : scene.items) {
            if (it.shape == session::TimelineItem::Shape::Error && it.slot == 1)
                error = &it;
            if (it.shape == session::TimelineItem::Shape::Out && it.slot == 1)
                published += it.count;
        }
        QCOMPARE(published, 1);
        QVERIFY(error);
        QVERIFY(error->text.contains(QStringLiteral("Slot 1")));
        QTest::mouseClick(view, Qt::LeftButton, {}, error->rect.center().toPoint());
        QCOMPARE(w.currentPanel(), int(ui::MainWindow::TrafficPanel));
        auto *traffic = w.findChild<ui::TrafficPanel *>();
        QVERIFY(traffic->table()
                    ->currentIndex()
                    .siblingAtColumn(state::TrafficModel::TextColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("+QMTSTAT")));

        w.showPanel(ui::MainWindow::DiagnosisPanel);
        QVERIFY(view->isFit());
        const qint64 span = view->scene().to - view->scene().from;
        QPoint centre((int(scene.plotLeft) + int(scene.plotRight)) / 2, 40);
        QWheelEvent wheel(centre, view->mapToGlobal(centre), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(view, &wheel);
        QVERIFY(!view->isFit());
        QVERIFY(view->scene().to - view->scene().from < span);
        auto *fit = panel->findChild<QPushButton *>(QStringLiteral("timelineFit"));
        QVERIFY(fit->isEnabled());
        fit->click();
        QVERIFY(view->isFit());

        QString error2;
        const QString png = m_dir.filePath(QStringLiteral("t.png")),
                      svg = m_dir.filePath(QStringLiteral("t.svg"));
        QVERIFY2(panel->saveTimeline(png, &error2), qPrintable(error2));
        QVERIFY(panel->saveTimeline(svg, &error2));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 2000); // at least 1000 wide, twice for a sharp picture
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("<title>Slot 1: MQTT connected"));
        QVERIFY(!panel->saveTimeline(m_dir.filePath(QStringLiteral("no/such/dir/t.png")), &error2));
        QVERIFY(error2.contains(QStringLiteral("no/such/dir")));
    }

    // File > Reproduce Log against the demo: the customer's +QMTOPEN failed where the demo's
    // broker answers, so step 2 is the first divergence, marked, selected and named; step 1 and
    // the copied text agree.
    void reproduceAgainstTheDemo()
    {
        const QByteArray log = "[10:00:00.000] >> AT+QMTCFG=\"keepalive\",0,60\n"
                               "[10:00:00.010] << OK\n"
                               "[10:00:00.200] >> AT+QMTOPEN=0,\"broker.example.com\",1883\n"
                               "[10:00:00.220] << OK\n"
                               "[10:00:01.400] << +QMTOPEN: 0,3\n";
        ui::MainWindow w;
        w.show();
        QVERIFY(w.importLog(write(QStringLiteral("repro.log"), log), true));
        auto *play = w.findChild<QAction *>(QStringLiteral("reproduceLogAction"));
        QVERIFY(play && play->isEnabled());
        ui::ReproduceDialog *dialog = w.reproduceLog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->reproduction().count(), 2);
        QCOMPARE(dialog->tree()->topLevelItemCount(), 2); // the log's steps, before a run
        QVERIFY(
            dialog->tree()->topLevelItem(1)->child(1)->text(1).startsWith(QStringLiteral("+QMTOPEN: 0,3")));
        QVERIFY(!dialog->runButton()->isEnabled()); // no port yet
        QVERIFY(dialog->summary()->text().contains(QStringLiteral("Demo")));

        QVERIFY(w.startDemo());
        QTRY_VERIFY_WITH_TIMEOUT(w.demoRunning() && w.session()->isOpen() && dialog->runButton()->isEnabled(),
                                 20000);
        QSignalSpy done(dialog, &ui::ReproduceDialog::finished);
        dialog->runButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        const session::Comparison *cmp = dialog->comparison();
        QVERIFY(cmp);
        QCOMPARE(cmp->firstDivergence(), 1);
        QCOMPARE(cmp->steps()[0].status, session::StepComparison::Status::Same);
        QCOMPARE(cmp->steps()[1].status, session::StepComparison::Status::Different);
        QTreeWidgetItem *current = dialog->tree()->currentItem();
        QVERIFY(current);
        QCOMPARE(current->text(0), QStringLiteral("▶ 2"));
        QVERIFY(current->isExpanded());
        bool marked = false;
        for (int i = 0; i < current->childCount(); ++i)
            marked = marked || (current->child(i)->text(2) == QStringLiteral("≠") &&
                                current->child(i)->text(1).startsWith(QStringLiteral("+QMTOPEN: 0,3")) &&
                                current->child(i)->text(3) == QStringLiteral("+QMTOPEN: 0,0"));
        QVERIFY(marked);
        QVERIFY2(dialog->summary()->text().contains(QStringLiteral("First divergence at step 2 (line 3)")),
                 qPrintable(dialog->summary()->text()));
        dialog->findChild<QPushButton *>(QStringLiteral("reproduceCopy"))->click();
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("≠")));
        w.stopDemo();
    }

    // Issue 10: a live session writes its journal (the status bar says how large); reopened
    // (File > Open Session, or dropped like a log), the slots come back as they were.
    void journalOfTheSession()
    {
        QTemporaryDir journals;
        QSettings().setValue(QStringLiteral("journal/folder"), journals.path());
        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        QByteArray live; // the slots as JSON text (its numbers compare alike whatever their type)
        QString path;
        const auto state = [](const ui::MainWindow &w) {
            return QJsonDocument(w.session()->store().toJson(false)).toJson();
        };
        {
            ui::MainWindow w;
            w.show();
            QVERIFY(w.session()->open({pty.devicePath(), 115200, QSerialPort::NoFlowControl}));
            QVERIFY(w.session()->journal());
            path = w.session()->journal()->path();
            QVERIFY(path.startsWith(journals.path()));
            QTRY_VERIFY_WITH_TIMEOUT(w.session()->store().module().identity.contains("Quectel"), 20000);
            // a password goes to the module (slot 3 is not open: refused, but sent and journalled)
            w.session()->sendText(QStringLiteral("AT+QMTCONN=3,\"cid\",\"user9\",\"pw-secret-77\""));
            w.session()->sendText(QStringLiteral("AT+QMTCFG=\"keepalive\",2,45"));
            QTRY_COMPARE_WITH_TIMEOUT(w.session()->store().slot(2).config.keepAlive, 45, 20000);
            auto *label = w.findChild<QLabel *>(QStringLiteral("journalLabel"));
            QTRY_VERIFY_WITH_TIMEOUT(label->isVisible() && label->text().contains(QStringLiteral("MB")),
                                     5000);
            QVERIFY(label->toolTip().contains(path));
            live = state(w); // what the journal holds: the AT below is sent while it stopped
            // the disk nearly full: the journal stops with a message, the session goes on, and
            // Resume (the label's link) starts it again once there is room
            session::Journal *journal = w.session()->journal();
            const qint64 keep = journal->minimumFree();
            journal->setMinimumFree(qint64(1) << 55);
            journal->resume();
            QVERIFY(!journal->commit());
            QTRY_VERIFY_WITH_TIMEOUT(label->text().contains(QStringLiteral("stopped")), 5000);
            QVERIFY(label->toolTip().contains(QStringLiteral("MB free")));
            QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("MB free")));
            const qint64 before = w.session()->pipeline().bytesReceived();
            w.session()->sendText(QStringLiteral("AT"));
            QTRY_VERIFY_WITH_TIMEOUT(w.session()->pipeline().bytesReceived() > before, 10000);
            journal->setMinimumFree(keep);
            emit label->linkActivated(QStringLiteral("resume"));
            QVERIFY(!journal->isPaused());
            QVERIFY(label->text().contains(QStringLiteral("MB")) &&
                    !label->text().contains(QStringLiteral("stopped")));
            w.session()->close();

            // File > Export Session, after the port closed: the journal the port wrote, its
            // secrets and the marked user name out unless redaction is turned off
            ui::ExportDialog *d = w.exportSession();
            QVERIFY(d);
            QCOMPARE(d->sourceBox()->count(), 1);
            d->formatBox()->setCurrentIndex(d->formatBox()->findData(int(session::ExportFormat::Html)));
            d->hideEdit()->setPlainText(QStringLiteral("user9\n"));
            QSignalSpy done(d, &ui::ExportDialog::exported);
            const auto exportOnce = [&](const QString &name) -> QByteArray {
                const QString out = journals.filePath(name);
                if (!d->exportTo(out))
                    return {};
                if (!QTest::qWaitFor([&] { return !d->isRunning(); }, 20000) || done.isEmpty() ||
                    !done.takeLast().first().toBool())
                    return {};
                QFile f(out);
                return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
            };
            const QByteArray redacted = exportOnce(QStringLiteral("export.html"));
            QVERIFY(redacted.contains("keepalive"));
            QVERIFY(redacted.contains("AT+QMTCONN=3"));
            QVERIFY(!redacted.contains("pw-secret-77"));
            QVERIFY(!redacted.contains("user9"));
            QVERIFY(d->statusLabel()->text().contains(QStringLiteral("export.html")));
            d->redactBox()->setChecked(false);
            d->formatBox()->setCurrentIndex(d->formatBox()->findData(int(session::ExportFormat::Text)));
            const QByteArray plain = exportOnce(QStringLiteral("export.log"));
            QVERIFY(plain.contains("\"user9\",\"pw-secret-77\""));
            d->close();
        }
        QVERIFY(QFileInfo::exists(path));
        ui::MainWindow w;
        w.show();
        QVERIFY(w.openJournal(path, true));
        session::JournalPlayer *player = w.journalPlayer();
        QTRY_VERIFY_WITH_TIMEOUT(!player->isBusy(), 10000); // (read in slices of 40 ms)
        QCOMPARE(w.session()->store().slot(2).config.keepAlive, 45);
        QCOMPARE(state(w), live);
        QVERIFY(w.session()->showsReplay());
        // the replay bar: the session as it was at any moment, and played again
        QVERIFY(w.findChild<QToolBar *>(QStringLiteral("replayToolBar"))->isVisible());
        QVERIFY(player->endUs() > player->startUs());
        QCOMPARE(player->positionUs(), player->endUs());
        const qint64 rowsAtEnd = w.session()->trafficModel()->frameCount();
        player->seek(player->startUs()); // the port just opened: no command answered yet
        QTRY_VERIFY_WITH_TIMEOUT(!player->isBusy(), 10000);
        QVERIFY(w.session()->store().slot(2).config.keepAlive != 45);
        QVERIFY(w.session()->trafficModel()->frameCount() < rowsAtEnd);
        auto *slider = w.replayBar()->slider();
        QCOMPARE(slider->value(), slider->minimum());
        slider->setValue(slider->maximum()); // a drag to the end seeks there (after a short pause)
        QTRY_COMPARE_WITH_TIMEOUT(w.session()->store().slot(2).config.keepAlive, 45, 5000);
        QCOMPARE(state(w), live);
        QCOMPARE(w.session()->trafficModel()->frameCount(), rowsAtEnd);
        player->seek(player->startUs());
        QSignalSpy moved(player, &session::JournalPlayer::positionChanged);
        player->play(1); // (the session lasted a second or two: several steps at real speed)
        QVERIFY(w.replayBar()->playButton()->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(!player->isPlaying(), 20000); // plays to the end, then stops
        QVERIFY(moved.count() >= 2);
        QCOMPARE(state(w), live);
        QVERIFY(!w.replayBar()->playButton()->isChecked());
        // dropped or picked as a log, it is opened as a journal
        QVERIFY(w.importLog(path, true));
        QCOMPARE(state(w), live);
        QVERIFY(!w.importedLog());
        // a large journal (here: one chunk a slice) shows its end at once, in the traffic view
        // and the console, while the whole is read; then the session's own traffic
        player->setSlice(0, 1);
        player->setPreviewBytes(1 << 20); // (all of this one)
        QVERIFY(w.openJournal(path, true));
        QVERIFY(player->isBusy());
        state::TrafficModel *preview = w.session()->previewTraffic();
        QVERIFY(preview);
        auto *trafficView = w.findChild<QAbstractItemView *>(QStringLiteral("trafficTable"));
        auto *trafficProxy = qobject_cast<state::TrafficFilterModel *>(trafficView->model());
        QVERIFY(trafficProxy);
        QCOMPARE(trafficProxy->trafficModel(), preview);
        QCOMPARE(trafficView->model()->rowCount(), int(rowsAtEnd));
        auto *console = w.findChild<ui::ConsoleView *>();
        QCOMPARE(console->filterModel()->trafficModel(), preview);
        QVERIFY(w.session()->trafficModel()->frameCount() < rowsAtEnd);
        QTRY_VERIFY_WITH_TIMEOUT(!player->isBusy(), 10000);
        QVERIFY(!w.session()->previewTraffic());
        QCOMPARE(trafficProxy->trafficModel(), w.session()->trafficModel());
        QCOMPARE(console->filterModel()->trafficModel(), w.session()->trafficModel());
        QCOMPARE(w.session()->trafficModel()->frameCount(), rowsAtEnd);
        QCOMPARE(state(w), live);
        {
            // a window closed while the end is shown and the journal is read (its session goes
            // before its player): nothing left behind to touch (ASan checks in CI)
            ui::MainWindow closing;
            closing.show();
            closing.journalPlayer()->setSlice(0, 1);
            closing.journalPlayer()->setPreviewBytes(1 << 20);
            QVERIFY(closing.openJournal(path, true));
            QVERIFY(closing.journalPlayer()->isBusy());
            QVERIFY(closing.session()->previewTraffic());
        }
        // a text file renamed .qmtj is no journal: said, nothing shown changes
        const QString fake = write(QStringLiteral("fake.qmtj"), "SQLite format 3");
        QVERIFY(!w.openJournal(fake, true));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("fake.qmtj")));
        QSettings().remove(QStringLiteral("journal/folder"));
    }

    // File > Journal Settings: the fields come from the settings and go back to them; a folder
    // that cannot be made is said and nothing is saved.
    void journalSettings()
    {
        QTemporaryDir dir;
        QSettings().setValue(QStringLiteral("journal/folder"), dir.path());
        ui::JournalSettingsDialog d;
        QCOMPARE(d.folderEdit()->text(), dir.path());
        QCOMPARE(d.keepDaysBox()->value(), 30);
        d.keepDaysBox()->setValue(7);
        d.maxMBBox()->setValue(512);
        d.folderEdit()->setText(dir.filePath(QStringLiteral("sub/journals")));
        QVERIFY(d.save());
        QCOMPARE(QSettings().value(QStringLiteral("journal/keepDays")).toInt(), 7);
        QCOMPARE(QSettings().value(QStringLiteral("journal/maxMB")).toInt(), 512);
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("sub/journals"))).isDir());
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        d.folderEdit()->setText(dir.filePath(QStringLiteral("file/journals"))); // under a file
        QVERIFY(!d.save());
        QCOMPARE(QSettings().value(QStringLiteral("journal/folder")).toString(),
                 dir.filePath(QStringLiteral("sub/journals")));
        for (const char *key : {"journal/folder", "journal/keepDays", "journal/maxMB"})
            QSettings().remove(QLatin1String(key));
    }

    // File > Sequence from Log: the log's commands in the Sequences panel, answers expected
    void sequenceFromLog()
    {
        ui::MainWindow w;
        QVERIFY(!w.findChild<QAction *>(QStringLiteral("sequenceFromLogAction"))->isEnabled());
        QVERIFY(w.importLog(write(QStringLiteral("seq.log"), kLog), true));
        QVERIFY(w.findChild<QAction *>(QStringLiteral("sequenceFromLogAction"))->isEnabled());
        w.context().sequence->setModified(false); // (else it asks before replacing it)
        QVERIFY(w.sequenceFromLog());
        QCOMPARE(w.currentPanel(), int(ui::MainWindow::SequencesPanel));
        const session::Sequence *seq = w.context().sequence;
        QCOMPARE(seq->count(), 3);
        QCOMPARE(seq->steps()[0].command, QByteArray("AT+QMTOPEN=1,\"broker.emqx.io\",1883"));
        QVERIFY(seq->steps()[0].expect.contains("+QMTOPEN: 1,0"));
        QCOMPARE(seq->steps()[2].data, QByteArray(7, '.')); // the data the log left out
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("left out")));
    }

    void dropImports()
    {
        const QString path = write(QStringLiteral("dropped.txt"), kLog);
        ui::MainWindow w;
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(w.importedLog());
        QCOMPARE(w.importedLog()->name, QStringLiteral("dropped.txt"));
        QCOMPARE(w.session()->store().slot(1).mqtt, state::MqttState::Connected);
    }

    void wrongFilesRefused()
    {
        ui::MainWindow w;
        QVERIFY(!w.importLog(m_dir.path(), true));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("folder")));
        QByteArray png("\x89PNG\r\n\x1a\n", 8);
        png += QByteArray(4000, '\0');
        QVERIFY(!w.importLog(write(QStringLiteral("picture.log"), png), true));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("binary")));
        QVERIFY(!w.importedLog());
        QVERIFY(!w.importLog(m_dir.filePath(QStringLiteral("missing.log")), true));
    }

    // Opening a port after a log starts afresh: the log's slots and traffic are gone.
    void portStartsAfresh()
    {
        ui::MainWindow w;
        QVERIFY(w.importLog(write(QStringLiteral("again.log"), kLog), true));
        QVERIFY(w.session()->showsReplay());
        QVERIFY(w.session()->trafficModel()->frameCount() > 0);
        session::PortSettings s;
        s.path = QStringLiteral("/dev/null");
        w.session()->open(s); // fails or not: the replay is cleared either way
        QVERIFY(!w.session()->showsReplay());
        QCOMPARE(w.session()->store().slot(1).mqtt, state::MqttState::Idle);
        QCOMPARE(w.session()->trafficModel()->frameCount(), qsizetype(0));
    }

private:
    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile f(m_dir.filePath(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(bytes);
        return f.fileName();
    }
    QTemporaryDir m_dir;
};

QTEST_MAIN(tst_ImportLog)
#include "tst_importlog.moc"
