// SPDX-License-Identifier: Apache-2.0
#pragma once
// The main window: the connect bar, the six-slot dashboard and the panels (console, traffic,
// forms, sequences), menus, shortcuts and the status bar (port state, module identity, echo,
// the demo's broker). It owns the session and, in demo mode, the simulated module; panels
// receive them through the UiContext and are made by the factories of uicontext.h.

#include "io/session.h"
#include "workflows/logreplay.h"
#include "uicontext.h"
#include "workflows/sequence.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;
class QToolBar;

namespace qmt::session {
class JournalPlayer;
class SequenceRunner;
} // namespace qmt::session
namespace qmt::sim {
class DemoController;
}

namespace qmt::ui {

class ConnectBar;
class FaultMenu;
class PortProblemDialog;
class ReproduceDialog;
class ExportDialog;
class ReplayBar;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // The panels on the right, in tab order (Ctrl+1 … Ctrl+4).
    enum Panel {
        ConsolePanel,
        TrafficPanel,
        FormsPanel,
        SequencesPanel,
        DiagnosisPanel,
        PeerPanelIndex,
        PanelCount
    };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    UiContext &context() { return m_ctx; }
    session::Session *session() const { return m_session.get(); }
    ConnectBar *connectBar() const { return m_connectBar; }
    FaultMenu *faultMenu() const { return m_faultMenu; }
    // What is wrong with the port opened last, and what to do (shown when an open fails or the
    // port is not the right one); nullptr until the first problem.
    PortProblemDialog *portProblemDialog() const { return m_portProblem; }

    // Selects the port in the connect bar and opens it (what `--port` does).
    bool openPort(const session::PortSettings &settings);

    // Demo mode, through the demo controller: startDemo() asks it to start the simulated module
    // with its own broker and returns at once (false when a demo already starts; when one runs,
    // it opens its port again if need be); the port is opened once the demo is ready, or the
    // status bar says why it failed. Nothing waits in the GUI thread.
    bool startDemo();
    void stopDemo();
    bool demoRunning() const; // started and ready
    bool demoStarting() const;
    sim::DemoController *demoController() const { return m_demoCtl; }

    // A script (workflows/script.h: the demo walkthrough, `--script`) played by a sequence
    // runner of its own, every step even after a failure: now when a port is open (after the
    // script playing, if one is), else once the next port has opened and the module has been
    // identified. scriptFinished() follows the last step.
    void playScript(const QList<session::SequenceStep> &steps);

    void showPanel(int panel);
    int currentPanel() const;
    static QString panelKey(int panel); // "console", "traffic", "forms", "sequences", "diagnosis", "peer"

    // "system", "en" or "zh_CN"; applied at once, and remembered when `remember`.
    void setLanguage(const QString &choice, bool remember = true);

    // Reads a customer's log (File > Import Log, a file dropped on the window) and shows it:
    // the port is closed, the dashboard and traffic show the log's session, and the import
    // report lists how each line was read. False, with the reason in a message box unless
    // quiet, when the file cannot be read or is no text.
    bool importLog(const QString &path, bool quiet = false);
    std::shared_ptr<const session::ImportedLog> importedLog() const { return m_importedLog; }
    void showImportReport();
    // The imported log as a sequence in the Sequences panel (workflows/reproduce.h): the host's
    // commands and data, the customer's answers as expectations, the log's pauses as delays.
    bool sequenceFromLog();
    // File > Reproduce Log: the imported log played against the open port (module or demo), the
    // answers compared side by side (reproducedialog.h). The dialog, or nullptr without a log.
    ReproduceDialog *reproduceLog();
    // File > Export Session: the dialog for what is shown (a new one each time); nullptr when
    // there is nothing to export.
    ExportDialog *exportSession();
    // The replay of the journal File > Open Session shows (its time slider).
    session::JournalPlayer *journalPlayer() const { return m_player; }
    ReplayBar *replayBar() const { return m_replayBar; }
    // File > Open Session: a session journal (io/journal.h) replayed through the session, as
    // an imported log is; also what importLog() does with a journal. False with the reason.
    bool openJournal(const QString &path, bool quiet = false);
    // Where journals go (setting journal/folder, default under the user's data directory).
    static QString journalFolder();
    // The journal settings (journal/…) applied: folder, limits, and the oldest journals removed.
    void applyJournalSettings();
    QWidget *importReport() const;

signals:
    void scriptFinished(int failed);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void retranslate();
    // A message in the status bar that is built again when the language changes.
    void showStatus(std::function<QString()> text);
    void restoreSettings();
    void saveSettings() const;
    void updatePortState();
    void updateModuleStatus();
    void scheduleStatus();
    void playPendingScript();
    void onScriptFinished();
    void onDemoStarted(const QString &devicePath);
    void onDemoGone();
    void updateDemoAction();
    sim::DemoModule *demo() const; // the running demo, or null

    std::unique_ptr<session::Session> m_session;
    std::unique_ptr<session::Sequence> m_sequence;
    sim::DemoController *m_demoCtl = nullptr;
    UiContext m_ctx;
    // The script player: its own sequence and runner (gone before the session).
    std::unique_ptr<session::Sequence> m_scriptSequence;
    std::unique_ptr<session::SequenceRunner> m_scriptRunner;

    ConnectBar *m_connectBar = nullptr;
    QToolBar *m_connectToolBar = nullptr;
    QSplitter *m_split = nullptr;
    QTabWidget *m_tabs = nullptr;
    FaultMenu *m_faultMenu = nullptr;
    PortProblemDialog *m_portProblem = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_toolsMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_demoAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_importReportAction = nullptr;
    QAction *m_reproduceAction = nullptr;
    QAction *m_playLogAction = nullptr;
    QAction *m_openSessionAction = nullptr;
    QLabel *m_journalLabel = nullptr;
    QTimer m_journalTimer;
    ReproduceDialog *m_reproduceDialog = nullptr;
    QAction *m_exportAction = nullptr;
    session::JournalPlayer *m_player = nullptr; // File > Open Session: the journal shown, its replay
    QToolBar *m_replayToolBar = nullptr;
    ReplayBar *m_replayBar = nullptr;
    QString m_openedJournal;   // the journal File > Open Session shows, if any
    QString m_lastLiveJournal; // the journal the last port wrote
    QAction *m_journalSettingsAction = nullptr;
    void updateJournalLabel();
    QAction *m_quitAction = nullptr;
    QAction *m_tlsAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QList<QAction *> m_panelActions;
    QActionGroup *m_languageGroup = nullptr;

    QLabel *m_portState = nullptr;
    QLabel *m_identity = nullptr;
    QLabel *m_echo = nullptr;
    QLabel *m_broker = nullptr;
    QTimer m_statusTimer;              // coalesces module status updates under a flood of traffic
    std::function<QString()> m_status; // the message showStatus() shows
    QString m_statusShown;

    enum class PortState { Closed, Open, Lost };
    PortState m_portStateValue = PortState::Closed;
    QString m_lostError;
    QString m_lastRealPort; // the last port opened that is not the demo's (remembered)

    QList<session::SequenceStep> m_script; // waiting for a port

    std::shared_ptr<const session::ImportedLog> m_importedLog; // the log shown, if any
    QPointer<QWidget> m_importReport;
};

} // namespace qmt::ui
