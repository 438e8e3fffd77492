// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "connectbar.h"
#include "diagnosispanel.h"
#include "exportdialog.h"
#include "journalsettings.h"
#include "replaybar.h"
#include "reproducedialog.h"

#include "io/journal.h"
#include "workflows/journalplayer.h"
#include "importreport.h"
#include "trafficpanel.h"
#include "faultmenu.h"
#include "peerpanel.h"
#include "portproblemdialog.h"
#include "language.h"
#include "mqtt/localbroker.h"
#include "workflows/reproduce.h"
#include "workflows/sequence.h"
#include "workflows/sequencerunner.h"
#include "sim/democontroller.h"
#include "sim/demomodule.h"
#include "sim/simmodule.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMimeData>
#include <QDir>
#include <QGuiApplication>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

#include <utility>

namespace qmt::ui {

namespace {
constexpr std::chrono::milliseconds kStatusDelay{100};
constexpr qint32 kDemoBaud = 115200;
constexpr double kDefaultScreenShare = 0.85;    // of the available screen, without saved geometry
constexpr qint64 kReplayPreviewBytes = 2 << 20; // the end of a large journal, shown while it is read
constexpr int kReplaySliceMs = 40;              // work per turn of the event loop when reading a journal

namespace key {
const QString port = QStringLiteral("connect/port");
const QString baud = QStringLiteral("connect/baud");
const QString flow = QStringLiteral("connect/flow");
const QString reopen = QStringLiteral("connect/autoReopen");
const QString geometry = QStringLiteral("window/geometry");
const QString state = QStringLiteral("window/state");
const QString splitter = QStringLiteral("window/splitter");
const QString panel = QStringLiteral("window/panel");
} // namespace key

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_session(std::make_unique<session::Session>()),
      m_sequence(std::make_unique<session::Sequence>())
{
    m_ctx.session = m_session.get();
    m_ctx.sequence = m_sequence.get();
    m_scriptSequence = std::make_unique<session::Sequence>();
    m_scriptRunner = std::make_unique<session::SequenceRunner>(m_session.get());
    m_scriptRunner->setStopAtFailure(false); // a script is played for what it does
    m_scriptRunner->setSequence(m_scriptSequence.get());
    connect(m_scriptRunner.get(), &session::SequenceRunner::finished, this, &MainWindow::onScriptFinished);
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true); // a log dropped on the window is imported
    m_demoCtl = new sim::DemoController(this);

    m_connectBar = new ConnectBar(m_session.get(), this);
    m_connectToolBar = new QToolBar(this);
    m_connectToolBar->setObjectName(QStringLiteral("connectToolBar"));
    m_connectToolBar->setMovable(false);
    m_connectToolBar->addWidget(m_connectBar);
    addToolBar(Qt::TopToolBarArea, m_connectToolBar);
    // The replay bar, under the connection bar while a journal is shown
    m_player = new session::JournalPlayer(m_session.get(), this);
    m_player->setSlice(kReplaySliceMs);             // a large journal is read without the window freezing
    m_player->setPreviewBytes(kReplayPreviewBytes); // ... and its end is shown at once
    m_replayToolBar = new QToolBar(this);
    m_replayToolBar->setObjectName(QStringLiteral("replayToolBar"));
    m_replayToolBar->setMovable(false);
    m_replayBar = new ReplayBar(m_player, m_replayToolBar);
    m_replayToolBar->addWidget(m_replayBar);
    addToolBarBreak(Qt::TopToolBarArea);
    addToolBar(Qt::TopToolBarArea, m_replayToolBar);
    m_replayToolBar->setVisible(false);
    connect(m_player, &session::JournalPlayer::journalChanged, this, [this] {
        m_replayBar->reload();
        m_replayToolBar->setVisible(m_player->isOpen());
        if (!m_player->isOpen())
            m_openedJournal.clear();
    });

    m_split = new QSplitter(this);
    m_split->setObjectName(QStringLiteral("mainSplitter"));
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(createDashboardPanel(m_ctx, m_split));
    m_tabs = new QTabWidget(m_split);
    m_tabs->setObjectName(QStringLiteral("panelTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createConsolePanel(m_ctx, m_tabs), QString());
    m_tabs->addTab(createTrafficPanel(m_ctx, m_tabs), QString());
    m_tabs->addTab(createFormsPanel(m_ctx, m_tabs), QString());
    m_tabs->addTab(createSequencePanel(m_ctx, m_tabs), QString());
    m_tabs->addTab(createDiagnosisPanel(m_ctx, m_tabs), QString());
    m_tabs->addTab(createPeerPanel(m_ctx, m_tabs), QString());
    connect(qobject_cast<qmt::ui::DiagnosisPanel *>(m_tabs->widget(DiagnosisPanel)),
            &qmt::ui::DiagnosisPanel::showTrafficRow, this, [this](qsizetype row) {
                showPanel(TrafficPanel);
                if (auto *traffic = qobject_cast<qmt::ui::TrafficPanel *>(m_tabs->widget(TrafficPanel)))
                    traffic->showSourceRow(row);
            });
    m_split->addWidget(m_tabs);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    setCentralWidget(m_split);

    m_faultMenu = new FaultMenu(this);
    connect(m_faultMenu, &FaultMenu::applied, this,
            [this](const QString &m) { statusBar()->showMessage(m); });

    buildMenus();
    buildStatusBar();

    session::Session *s = m_session.get();
    applyJournalSettings();
    connect(s, &session::Session::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m); });
    connect(s, &session::Session::opened, this, [this](const QString &path) {
        m_portStateValue = PortState::Open;
        if (!demo() || path != demo()->devicePath())
            m_lastRealPort = path;
        updatePortState();
        scheduleStatus();
        if (!m_script.isEmpty())
            // after the identification the session queues once opened() has been handled
            QTimer::singleShot(0, this, &MainWindow::playPendingScript);
    });
    connect(s, &session::Session::closed, this, [this](const QString &, const QString &reason) {
        if (reason.isEmpty())
            m_portStateValue = PortState::Closed;
        updatePortState();
    });
    connect(s, &session::Session::portProblem, this, [this](const session::PortProblem &problem) {
        if (!m_portProblem) {
            m_portProblem = new PortProblemDialog(this);
            connect(m_portProblem, &PortProblemDialog::retryRequested, m_connectBar, &ConnectBar::openChosen);
            connect(m_portProblem, &PortProblemDialog::useRequested, this, [this](const QString &path) {
                session::PortSettings settings = m_connectBar->settings();
                settings.path = path;
                m_session->close();
                openPort(settings);
            });
        }
        m_portProblem->show(problem);
    });
    connect(s, &session::Session::portLost, this, [this](const QString &, const QString &error) {
        m_portStateValue = PortState::Lost;
        m_lostError = error;
        updatePortState();
    });
    m_statusTimer.setSingleShot(true);
    m_statusTimer.setInterval(kStatusDelay);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateModuleStatus);
    // The module's identity and echo state change with the traffic; look after each batch.
    connect(s->trafficModel(), &QAbstractItemModel::rowsInserted, this, [this] { scheduleStatus(); });
    connect(s->trafficModel(), &QAbstractItemModel::modelReset, this, [this] { scheduleStatus(); });

    retranslate();
    restoreSettings();
    updatePortState();
    updateModuleStatus();
}

MainWindow::~MainWindow()
{
    // Panels may hold the session: they go first, then the port, then the demo module.
    delete takeCentralWidget();
    m_scriptRunner.reset();
    m_session->close();
    m_demoCtl->disconnect(this);
    m_demoCtl->stop();
}

bool MainWindow::importLog(const QString &path, bool quiet)
{
    auto refuse = [&](const QString &why) {
        showStatus([path, why] { return tr("Cannot import %1: %2").arg(QFileInfo(path).fileName(), why); });
        if (!quiet)
            QMessageBox::warning(this, tr("Import a Log"), tr("Cannot import %1: %2").arg(path, why));
        return false;
    };
    QFile file(path);
    if (QFileInfo(path).isDir())
        return refuse(tr("it is a folder"));
    if (!file.open(QIODevice::ReadOnly))
        return refuse(file.errorString());
    if (session::JournalReader::looksLikeJournal(file.peek(16))) {
        file.close();
        return openJournal(path, quiet); // a session journal, dropped or picked as a log
    }
    constexpr qint64 kMaxBytes = qint64(1) << 30;
    if (file.size() > kMaxBytes)
        return refuse(tr("it is larger than 1 GB; cut it, or read it with qmtscope-cli decode"));
    QByteArray bytes = file.readAll();
    // A picture or an archive is no log: many NUL bytes (UTF-16 text has its byte order mark)
    const bool utf16 = bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF");
    const QByteArrayView head = QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 65536));
    if (!utf16 && head.count('\0') > head.size() / 100)
        return refuse(tr("it holds binary data, not text (is it the right file?)"));
    m_openedJournal.clear();
    if (auto *diagnosis = qobject_cast<qmt::ui::DiagnosisPanel *>(m_tabs->widget(DiagnosisPanel)))
        diagnosis->expectImportedLog();
    m_importedLog = session::ImportedLog::replay(*m_session, std::move(bytes), QFileInfo(path).fileName());
    if (auto *diagnosis = qobject_cast<qmt::ui::DiagnosisPanel *>(m_tabs->widget(DiagnosisPanel)))
        diagnosis->setImportedLog(m_importedLog);
    m_importReportAction->setEnabled(true);
    m_reproduceAction->setEnabled(true);
    m_playLogAction->setEnabled(true);
    const QString name = m_importedLog->name;
    const QString summary = m_importedLog->import.summary();
    showStatus([name, summary] { return tr("Imported %1: %2").arg(name, summary); });
    showPanel(TrafficPanel);
    const auto &c = m_importedLog->import.counts();
    if (c.unreadable + c.dataLeftOut + c.lengthMismatches > 0 || !quiet)
        showImportReport();
    return true;
}

void MainWindow::showImportReport()
{
    if (!m_importedLog)
        return;
    if (m_importReport)
        m_importReport->close();
    auto *report = new ImportReport(m_importedLog, this);
    report->setAttribute(Qt::WA_DeleteOnClose);
    connect(report, &ImportReport::lineActivated, this, [this](int line) {
        auto *traffic = qobject_cast<qmt::ui::TrafficPanel *>(m_tabs->widget(TrafficPanel));
        // (once a port has opened, the traffic is no longer the log's)
        const qsizetype row = m_importedLog && m_session->showsReplay() ? m_importedLog->rowOfLine(line) : -1;
        showPanel(TrafficPanel);
        if (traffic && row >= 0)
            traffic->showSourceRow(row);
    });
    m_importReport = report;
    report->show();
}

bool MainWindow::sequenceFromLog()
{
    if (!m_importedLog)
        return false;
    const session::Reproduction repro = session::Reproduction::fromLog(m_importedLog->import);
    const QString name = m_importedLog->name;
    if (repro.count() == 0) {
        showStatus([name] {
            return tr("%1 shows no command of the host: nothing to make a sequence of").arg(name);
        });
        return false;
    }
    if (m_sequence->isModified() && m_sequence->count() > 0 &&
        QMessageBox::question(this, tr("Sequence from Log"),
                              tr("Replace the sequence being edited (%n step(s), not saved)?", nullptr,
                                 m_sequence->count())) != QMessageBox::Yes)
        return false;
    repro.fill(m_sequence.get(), tr("Reproduction of %1").arg(name));
    showPanel(SequencesPanel);
    const int steps = repro.count(), holes = repro.placeholders();
    showStatus([name, steps, holes] {
        QString s = tr("%n step(s) from %1", nullptr, steps).arg(name);
        if (holes > 0)
            s += QStringLiteral("; ") +
                 tr("%n with data the log left out: fill it in before playing", nullptr, holes);
        return s;
    });
    return true;
}

ExportDialog *MainWindow::exportSession()
{
    ExportDialog::Sources sources;
    if (session::Journal *j = m_session->journal()) {
        j->commit(); // what the export reads is on disk
        sources.liveJournal = j->path();
    } else {
        sources.liveJournal = m_lastLiveJournal;
    }
    if (!QFileInfo::exists(sources.liveJournal))
        sources.liveJournal.clear();
    sources.openedJournal = m_openedJournal;
    sources.log = m_importedLog;
    using Shown = ExportDialog::Sources::Shown;
    sources.shown = m_session->isOpen() && !sources.liveJournal.isEmpty() ? Shown::Live
                    : m_importedLog                                       ? Shown::Log
                    : !m_openedJournal.isEmpty()                          ? Shown::Opened
                                                                          : Shown::Live;
    if (sources.liveJournal.isEmpty() && sources.openedJournal.isEmpty() && !sources.log)
        return nullptr;
    auto *dialog = new ExportDialog(sources, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

ReproduceDialog *MainWindow::reproduceLog()
{
    if (!m_importedLog)
        return nullptr;
    if (m_reproduceDialog &&
        m_reproduceDialog->property("log").value<const void *>() != m_importedLog.get()) {
        m_reproduceDialog->close();
        m_reproduceDialog->deleteLater();
        m_reproduceDialog = nullptr;
    }
    if (!m_reproduceDialog) {
        m_reproduceDialog = new ReproduceDialog(
            m_session.get(), m_importedLog,
            [this] {
                return demoRunning() ? tr("the demo's simulated module")
                                     : tr("the module on %1").arg(m_session->settings().path);
            },
            this);
        m_reproduceDialog->setProperty("log", QVariant::fromValue<const void *>(m_importedLog.get()));
    }
    m_reproduceDialog->show();
    m_reproduceDialog->raise();
    m_reproduceDialog->activateWindow();
    return m_reproduceDialog;
}

QWidget *MainWindow::importReport() const
{
    return m_importReport;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile()) {
        event->acceptProposedAction();
        importLog(urls.first().toLocalFile());
    }
}

void MainWindow::scheduleStatus()
{
    if (!m_statusTimer.isActive())
        m_statusTimer.start();
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_fileMenu->addAction(m_connectBar->openAction());
    m_fileMenu->addAction(m_connectBar->rescanAction());
    m_fileMenu->addSeparator();
    m_openSessionAction = m_fileMenu->addAction(QString());
    m_openSessionAction->setObjectName(QStringLiteral("openSessionAction"));
    m_openSessionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_openSessionAction, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a Session"), journalFolder(),
                                                          tr("Session journals (*.qmtj);;All files (*)"));
        if (!path.isEmpty())
            openJournal(path);
    });
    m_exportAction = m_fileMenu->addAction(QString());
    m_exportAction->setObjectName(QStringLiteral("exportSessionAction"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this, [this] {
        if (ExportDialog *d = exportSession())
            d->show();
        else
            QMessageBox::information(this, tr("Export Session"),
                                     tr("Nothing to export yet: open a port (with the journal on), open a "
                                        "session journal or import a log."));
    });
    m_journalSettingsAction = m_fileMenu->addAction(QString());
    m_journalSettingsAction->setObjectName(QStringLiteral("journalSettingsAction"));
    connect(m_journalSettingsAction, &QAction::triggered, this, [this] {
        JournalSettingsDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted)
            applyJournalSettings();
    });
    m_importAction = m_fileMenu->addAction(QString());
    m_importAction->setObjectName(QStringLiteral("importLogAction"));
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(m_importAction, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import a Log"), QSettings().value(QStringLiteral("import/folder")).toString(),
            tr("Logs (*.log *.txt *.md *.csv);;All files (*)"));
        if (!path.isEmpty()) {
            QSettings().setValue(QStringLiteral("import/folder"), QFileInfo(path).absolutePath());
            importLog(path);
        }
    });
    m_importReportAction = m_fileMenu->addAction(QString());
    m_importReportAction->setObjectName(QStringLiteral("importReportAction"));
    m_importReportAction->setEnabled(false);
    connect(m_importReportAction, &QAction::triggered, this, &MainWindow::showImportReport);
    m_reproduceAction = m_fileMenu->addAction(QString());
    m_reproduceAction->setObjectName(QStringLiteral("sequenceFromLogAction"));
    m_reproduceAction->setEnabled(false);
    connect(m_reproduceAction, &QAction::triggered, this, &MainWindow::sequenceFromLog);
    m_playLogAction = m_fileMenu->addAction(QString());
    m_playLogAction->setObjectName(QStringLiteral("reproduceLogAction"));
    m_playLogAction->setEnabled(false);
    connect(m_playLogAction, &QAction::triggered, this, &MainWindow::reproduceLog);
    m_fileMenu->addSeparator();
    m_demoAction = m_fileMenu->addAction(QString());
    m_demoAction->setObjectName(QStringLiteral("demoAction"));
    m_demoAction->setCheckable(true);
    m_demoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_demoAction, &QAction::triggered, this, [this](bool on) {
        if (m_demoCtl->isStarting()) {
            // a second trigger while starting: the one demo goes on starting
            updateDemoAction();
            showStatus([] { return tr("The demo is starting…"); });
        } else if (on) {
            startDemo();
        } else {
            stopDemo();
        }
    });
    connect(m_demoCtl, &sim::DemoController::stateChanged, this, [this] { updateDemoAction(); });
    connect(m_demoCtl, &sim::DemoController::started, this, &MainWindow::onDemoStarted);
    connect(m_demoCtl, &sim::DemoController::failed, this, [this](const QString &reason) {
        showStatus([reason] { return tr("Demo mode did not start: %1").arg(reason); });
        onDemoGone();
    });
    connect(m_demoCtl, &sim::DemoController::brokerLost, this, [this] {
        showStatus([] { return tr("The demo's MQTT broker stopped; stop and start demo mode again"); });
    });
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString());
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setShortcutContext(Qt::ApplicationShortcut);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    for (int i = 0; i < PanelCount; ++i) {
        QAction *a = m_viewMenu->addAction(QString());
        a->setObjectName(QStringLiteral("panelAction_%1").arg(panelKey(i)));
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { showPanel(i); });
        m_panelActions << a;
    }
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_connectToolBar->toggleViewAction());
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("languageMenu"));
    m_languageGroup = new QActionGroup(this);
    for (const QString &choice : language::choices()) {
        QAction *a = m_languageMenu->addAction(QString());
        a->setObjectName(QStringLiteral("languageAction_%1").arg(choice));
        a->setData(choice);
        a->setCheckable(true);
        a->setChecked(choice == language::current());
        m_languageGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, choice] { setLanguage(choice); });
    }

    m_toolsMenu = menuBar()->addMenu(QString());
    m_toolsMenu->setObjectName(QStringLiteral("toolsMenu"));
    m_tlsAction = m_toolsMenu->addAction(QString());
    m_tlsAction->setObjectName(QStringLiteral("tlsWizardAction"));
    m_tlsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(m_tlsAction, &QAction::triggered, this, [this] { openTlsWizard(m_ctx, this); });

    menuBar()->addMenu(m_faultMenu);
    m_faultMenu->menuAction()->setVisible(false);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_aboutAction = m_helpMenu->addAction(QString());
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(
            this, tr("About QMT Scope"),
            tr("<h3>QMT Scope %1</h3>"
               "<p>A diagnostic tool for the MQTT AT commands of Quectel LTE modules (EC2x, EG2x, EG9x, "
               "EM05, EP200F): the six client slots live, every result and error code in words with "
               "its fix, command forms, sequences, TLS set-up, and a simulated module for demos.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });
    m_aboutQtAction = m_helpMenu->addAction(QString());
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::buildStatusBar()
{
    // Permanent fields, right-aligned, each after a thin separator line.
    auto permanent = [this](const char *name) {
        auto *box = new QWidget(this);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        auto *line = new QFrame(box);
        line->setFrameShape(QFrame::VLine);
        line->setFrameShadow(QFrame::Sunken);
        auto *l = new QLabel(box);
        l->setObjectName(QLatin1String(name));
        l->setTextFormat(Qt::PlainText);
        row->addWidget(line);
        row->addWidget(l);
        statusBar()->addPermanentWidget(box);
        return l;
    };
    m_broker = permanent("brokerLabel");
    m_broker->parentWidget()->setVisible(false);
    m_identity = permanent("identityLabel");
    m_echo = permanent("echoLabel");
    m_portState = permanent("portStateLabel");
    m_journalLabel = permanent("journalLabel");
    m_journalLabel->setTextFormat(Qt::RichText); // "Resume" is a link when the journal stopped
    m_journalLabel->parentWidget()->setVisible(false);
    connect(m_journalLabel, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link == QLatin1String("resume") && m_session->journal()) {
            m_session->journal()->resume();
            m_session->journal()->commit(); // says at once if it still cannot write
            updateJournalLabel();
            if (!m_session->journal()->isPaused())
                showStatus([] { return tr("The journal goes on"); });
        }
    });
    m_journalTimer.setInterval(1000);
    connect(&m_journalTimer, &QTimer::timeout, this, &MainWindow::updateJournalLabel);
    m_journalTimer.start();
}

QString MainWindow::journalFolder()
{
    const QString fallback =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/journals");
    return QSettings().value(QStringLiteral("journal/folder"), fallback).toString();
}

void MainWindow::applyJournalSettings()
{
    QSettings settings;
    const bool on = settings.value(QStringLiteral("journal/enabled"), true).toBool();
    const QString folder = journalFolder();
    m_session->setJournalFolder(on ? folder : QString());
    m_session->setJournalLimits(settings.value(QStringLiteral("journal/maxMB"), 2048).toLongLong() << 20, -1);
    if (on) // the oldest go first: at most journal/maxMB (2 GB) and journal/keepDays (30)
        session::Journal::prune(folder,
                                settings.value(QStringLiteral("journal/maxMB"), 2048).toLongLong() << 20,
                                settings.value(QStringLiteral("journal/keepDays"), 30).toInt(),
                                m_session->journal() ? m_session->journal()->path() : QString());
}

void MainWindow::updateJournalLabel()
{
    const session::Journal *j = m_session->journal();
    m_journalLabel->parentWidget()->setVisible(j != nullptr);
    if (j)
        m_lastLiveJournal = j->path();
    if (!j)
        return;
    const double mb = double(j->fileSize()) / (1 << 20);
    // a disk with less than four times the room the journal keeps free is nearly full
    const bool nearlyFull = j->freeBytes() >= 0 && j->freeBytes() < 4 * j->minimumFree();
    QString text;
    if (j->isPaused())
        text = tr("Journal stopped — <a href=\"resume\">Resume</a>");
    else if (nearlyFull)
        text = tr("Journal %1 MB — disk nearly full (%2 MB free)")
                   .arg(mb, 0, 'f', 1)
                   .arg(j->freeBytes() >> 20)
                   .toHtmlEscaped();
    else
        text = tr("Journal %1 MB").arg(mb, 0, 'f', 1).toHtmlEscaped();
    if (m_journalLabel->text() != text)
        m_journalLabel->setText(text);
    m_journalLabel->setToolTip(
        j->isPaused() ? j->lastError() : tr("Every byte of this session is written to %1").arg(j->path()));
    m_journalLabel->setStyleSheet(j->isPaused() ? QStringLiteral("color: #b71c1c;")
                                  : nearlyFull  ? QStringLiteral("color: #a15c00;")
                                                : QString());
}

bool MainWindow::openJournal(const QString &path, bool quiet)
{
    QString error;
    // (the player checks the file before the session changes: a file that is no journal
    // leaves what is shown as it is)
    if (!m_player->open(path, &error)) {
        showStatus([error] { return error; });
        if (!quiet)
            QMessageBox::warning(this, tr("Open a Session"), error);
        return false;
    }
    m_importedLog.reset(); // what was imported is no longer what is shown
    m_openedJournal = QFileInfo(path).absoluteFilePath();
    m_importReportAction->setEnabled(false);
    m_reproduceAction->setEnabled(false);
    m_playLogAction->setEnabled(false);
    const QString name = QFileInfo(path).fileName();
    const auto opened = [this, name] {
        const qint64 chunks = m_player->chunksFed();
        showStatus([name, chunks] {
            return tr("Opened the session journal %1: %n chunk(s) replayed", nullptr, int(chunks)).arg(name);
        });
    };
    if (m_player->isBusy()) {
        // a large journal: read in slices, the traffic filling as it goes
        showStatus([name] { return tr("Reading the session journal %1…").arg(name); });
        auto *once = new QObject(this);
        connect(m_player, &session::JournalPlayer::busyChanged, once, [once, opened](bool busy) {
            if (!busy) {
                opened();
                once->deleteLater();
            }
        });
        connect(m_player, &session::JournalPlayer::journalChanged, once, &QObject::deleteLater);
    } else {
        opened();
    }
    showPanel(TrafficPanel);
    return true;
}

void MainWindow::retranslate()
{
    m_tabs->setTabText(ConsolePanel, tr("Console"));
    m_tabs->setTabText(TrafficPanel, tr("Traffic"));
    m_tabs->setTabText(FormsPanel, tr("Forms"));
    m_tabs->setTabText(SequencesPanel, tr("Sequences"));
    m_tabs->setTabText(DiagnosisPanel, tr("Diagnosis"));
    m_tabs->setTabText(PeerPanelIndex, tr("Peer"));
    m_tabs->setTabToolTip(PeerPanelIndex,
                          tr("This computer as an MQTT client on the slot's broker: watch, publish, "
                             "and check delivery end to end"));
    m_connectToolBar->setWindowTitle(tr("Connection"));
    m_connectToolBar->toggleViewAction()->setText(tr("&Connection Bar"));

    m_fileMenu->setTitle(tr("&File"));
    if (m_journalLabel)
        updateJournalLabel();
    m_journalSettingsAction->setText(tr("&Journal Settings…"));
    m_journalSettingsAction->setToolTip(tr("Where session journals go, how long they are kept, how much room "
                                           "they may take"));
    m_exportAction->setText(tr("&Export Session…"));
    m_exportAction->setToolTip(
        tr("Write this session, or a time range of it, as a text log, JSON Lines or an "
           "HTML report, with its secrets redacted"));
    m_openSessionAction->setText(tr("Open &Session…"));
    m_openSessionAction->setToolTip(
        tr("Show a session journal again: the slots, the traffic and the diagnosis as they were"));
    m_importAction->setText(tr("&Import Log…"));
    m_importAction->setToolTip(
        tr("Show a customer's log: timestamps, markers, notes and hex dumps are understood"));
    m_importReportAction->setText(tr("Import &Report"));
    m_reproduceAction->setText(tr("Se&quence from Log"));
    m_reproduceAction->setToolTip(
        tr("Turn the imported log into a sequence to play against a module or the demo"));
    m_playLogAction->setText(tr("Re&produce Log…"));
    m_playLogAction->setToolTip(tr("Play the imported log's commands against the module or the demo and "
                                   "compare the answers with the customer's, step by step"));
    updateDemoAction();
    m_quitAction->setText(tr("&Quit"));

    m_viewMenu->setTitle(tr("&View"));
    const QStringList panelNames{tr("&Console"),   tr("&Traffic"),   tr("&Forms"),
                                 tr("&Sequences"), tr("&Diagnosis"), tr("&Peer")};
    for (int i = 0; i < PanelCount; ++i)
        m_panelActions[i]->setText(panelNames[i]);
    m_languageMenu->setTitle(tr("&Language"));
    for (QAction *a : m_languageGroup->actions())
        a->setText(language::nativeName(a->data().toString()));

    m_toolsMenu->setTitle(tr("&Tools"));
    m_tlsAction->setText(tr("&TLS Wizard…"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About QMT Scope"));
    m_aboutQtAction->setText(tr("About &Qt"));

    setWindowTitle(demo() ? tr("QMT Scope — demo") : tr("QMT Scope"));
    updatePortState();
    updateModuleStatus();
    // the message still shown, in the new language (messages of the core stay as they came)
    if (m_status && statusBar()->currentMessage() == m_statusShown) {
        m_statusShown = m_status();
        statusBar()->showMessage(m_statusShown);
    }
}

void MainWindow::showStatus(std::function<QString()> text)
{
    m_status = std::move(text);
    m_statusShown = m_status();
    statusBar()->showMessage(m_statusShown);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

void MainWindow::restoreSettings()
{
    const QSettings st;
    if (!restoreGeometry(st.value(key::geometry).toByteArray())) {
        const QScreen *sc = screen() ? screen() : QGuiApplication::primaryScreen();
        if (sc)
            resize(sc->availableGeometry().size() * kDefaultScreenShare);
    }
    restoreState(st.value(key::state).toByteArray());
    if (!m_split->restoreState(st.value(key::splitter).toByteArray())) {
        const int w = width();
        m_split->setSizes({w * 2 / 5, w * 3 / 5}); // the panels need the width, the dashboard less
    }
    int panel = -1;
    for (int i = 0; i < PanelCount; ++i)
        if (panelKey(i) == st.value(key::panel).toString())
            panel = i;
    if (panel >= 0)
        showPanel(panel);
    m_connectBar->setAutoReopen(st.value(key::reopen, true).toBool());
    m_lastRealPort = st.value(key::port).toString();
    session::PortSettings ps = m_connectBar->settings();
    if (!m_lastRealPort.isEmpty())
        ps.path = m_lastRealPort;
    ps.baud = st.value(key::baud, ps.baud).toInt();
    ps.flow = QSerialPort::FlowControl(st.value(key::flow, int(ps.flow)).toInt());
    m_connectBar->setSettings(ps);
}

void MainWindow::saveSettings() const
{
    QSettings st;
    st.setValue(key::geometry, saveGeometry());
    st.setValue(key::state, saveState());
    st.setValue(key::splitter, m_split->saveState());
    st.setValue(key::panel, panelKey(currentPanel()));
    st.setValue(key::reopen, m_session->autoReopen());
    const session::PortSettings ps = m_connectBar->settings();
    // The demo's port is a temporary link: the last real port is what the user wants next time.
    if (!m_lastRealPort.isEmpty())
        st.setValue(key::port, m_lastRealPort);
    if (!demo() || ps.path != demo()->devicePath()) {
        st.setValue(key::baud, ps.baud);
        st.setValue(key::flow, int(ps.flow));
    }
}

bool MainWindow::openPort(const session::PortSettings &settings)
{
    m_connectBar->setSettings(settings);
    if (m_connectBar->settings().path != settings.path) {
        showStatus([path = settings.path] { return tr("%1 does not exist").arg(path); });
        return false;
    }
    return m_connectBar->openChosen();
}

bool MainWindow::demoRunning() const
{
    return m_demoCtl->isRunning();
}

bool MainWindow::demoStarting() const
{
    return m_demoCtl->isStarting();
}

sim::DemoModule *MainWindow::demo() const
{
    return m_demoCtl->demo();
}

bool MainWindow::startDemo()
{
    if (sim::DemoModule *d = demo()) {
        updateDemoAction();
        return m_session->isOpen() || openPort({d->devicePath(), kDemoBaud, QSerialPort::NoFlowControl});
    }
    if (!m_demoCtl->start()) { // starting already
        updateDemoAction();
        return false;
    }
    showStatus([] { return tr("Starting the demo: a simulated module and its MQTT broker…"); });
    return true;
}

void MainWindow::onDemoStarted(const QString &devicePath)
{
    sim::DemoModule *d = demo();
    m_ctx.demo = d;
    m_faultMenu->setModule(d->module());
    m_faultMenu->menuAction()->setVisible(true);
    m_connectBar->setDemoPort(devicePath);
    m_broker->parentWidget()->setVisible(true);
    if (auto *peer = qobject_cast<PeerPanel *>(m_tabs->widget(PeerPanelIndex)))
        peer->offerDemo();
    retranslate();
    showStatus([tlsError = d->tlsError()] {
        return tlsError.isEmpty()
                   ? tr("Demo mode: the simulated module is ready")
                   : tr("Demo mode: the simulated module is ready, without TLS: %1").arg(tlsError);
    });
    openPort({devicePath, kDemoBaud, QSerialPort::NoFlowControl});
}

void MainWindow::stopDemo()
{
    if (m_demoCtl->state() == sim::DemoController::State::Stopped) {
        updateDemoAction();
        return;
    }
    if (sim::DemoModule *d = demo(); d && m_session->settings().path == d->devicePath())
        m_session->close();
    m_demoCtl->stop();
    onDemoGone();
    showStatus([] { return tr("Demo mode stopped"); });
}

// After a stop or a failed start: the window as without a demo.
void MainWindow::onDemoGone()
{
    m_faultMenu->setModule(nullptr);
    m_faultMenu->menuAction()->setVisible(false);
    m_ctx.demo = nullptr;
    m_connectBar->setDemoPort(QString());
    m_broker->parentWidget()->setVisible(false);
    retranslate();
}

// The Demo action follows the controller: checked while a demo starts or runs, and says when
// it is starting.
void MainWindow::updateDemoAction()
{
    const bool starting = m_demoCtl->isStarting();
    m_demoAction->setChecked(m_demoCtl->state() != sim::DemoController::State::Stopped);
    m_demoAction->setText(starting ? tr("&Demo Mode (starting…)") : tr("&Demo Mode"));
    m_demoAction->setToolTip(starting
                                 ? tr("The simulated module and its MQTT broker are starting")
                                 : tr("Start a simulated module with its own MQTT broker and connect to it"));
}

void MainWindow::playScript(const QList<session::SequenceStep> &steps)
{
    m_script += steps;
    if (m_session->isOpen())
        playPendingScript();
}

void MainWindow::playPendingScript()
{
    if (!m_session->isOpen() || m_script.isEmpty())
        return; // played at the next open
    const QList<session::SequenceStep> steps = std::exchange(m_script, {});
    if (m_scriptRunner->isRunning()) {
        // the run goes on to the steps appended while it plays
        for (const session::SequenceStep &step : steps)
            m_scriptSequence->append(step);
    } else {
        m_scriptSequence->setSteps(steps);
        m_scriptRunner->runAll();
    }
    showStatus([n = m_scriptSequence->count()] { return tr("Playing %n command(s)…", nullptr, n); });
}

void MainWindow::onScriptFinished()
{
    const int failed = m_scriptRunner->failedCount();
    showStatus([failed] {
        return failed ? tr("Script finished: %n command(s) failed", nullptr, failed)
                      : tr("Script finished: every command succeeded");
    });
    emit scriptFinished(failed);
}

QString MainWindow::panelKey(int panel)
{
    static const QStringList keys{QStringLiteral("console"),   QStringLiteral("traffic"),
                                  QStringLiteral("forms"),     QStringLiteral("sequences"),
                                  QStringLiteral("diagnosis"), QStringLiteral("peer")};
    return keys.value(panel);
}

void MainWindow::showPanel(int panel)
{
    if (panel >= 0 && panel < m_tabs->count()) {
        m_tabs->setCurrentIndex(panel);
        m_tabs->currentWidget()->setFocus(Qt::ShortcutFocusReason);
    }
}

int MainWindow::currentPanel() const
{
    return m_tabs->currentIndex();
}

void MainWindow::setLanguage(const QString &choice, bool remember)
{
    language::apply(choice);
    if (remember)
        language::save(choice);
    for (QAction *a : m_languageGroup->actions())
        a->setChecked(a->data().toString() == language::current());
}

void MainWindow::updatePortState()
{
    const QString path = m_session->settings().path;
    QString text;
    QString tip;
    switch (m_portStateValue) {
    case PortState::Closed:
        text = tr("Closed");
        tip = tr("No port is open");
        break;
    case PortState::Open:
        text = demo() && path == demo()->devicePath() ? tr("Open: demo module") : tr("Open: %1").arg(path);
        tip = tr("%1 at %2 baud").arg(path).arg(m_session->settings().baud);
        break;
    case PortState::Lost:
        text = m_session->autoReopen() ? tr("Lost: %1 (waiting for it)").arg(path) : tr("Lost: %1").arg(path);
        tip = m_lostError;
        break;
    }
    m_portState->setText(text);
    m_portState->setToolTip(tip);
}

void MainWindow::updateModuleStatus()
{
    const state::ModuleState &m = m_session->store().module();
    const QString id = QString::fromUtf8(m.summary());
    const bool open = m_session->isOpen();
    m_identity->setText(id.isEmpty() ? (open ? tr("Module: asking…") : tr("Module: unknown")) : id);
    m_identity->setToolTip(m.identity.isEmpty() ? QString() : QString::fromUtf8(m.identity.join('\n')));
    // Before any module has answered, the store's default (on) would be a guess.
    const bool known = open || !m.identity.isEmpty();
    m_echo->setText(!known ? tr("Echo unknown") : m.echo ? tr("Echo on") : tr("Echo off"));
    m_echo->setToolTip(tr("Whether the module echoes the commands it is sent (ATE1 / ATE0)"));
    if (const sim::DemoModule *d = demo()) {
        QString tip = tr("The demo's own Mosquitto broker; any host name but localhost and IP "
                         "addresses is sent there. Try: mosquitto_sub -p %1 -t '#' -v")
                          .arg(d->brokerPort());
        if (d->brokerTlsPort()) {
            m_broker->setText(
                tr("Demo broker: 127.0.0.1:%1, TLS %2").arg(d->brokerPort()).arg(d->brokerTlsPort()));
            tip +=
                QLatin1Char('\n') +
                tr("Slots with SSL go to its TLS listener (port %1), which requires a client certificate of "
                   "the demo's CA: the TLS wizard and the §5.2 template offer the demo's files (%2).")
                    .arg(d->brokerTlsPort())
                    .arg(QDir::toNativeSeparators(d->certificates().folder));
        } else {
            m_broker->setText(tr("Demo broker: 127.0.0.1:%1").arg(d->brokerPort()));
        }
        m_broker->setToolTip(tip);
    }
}

} // namespace qmt::ui
