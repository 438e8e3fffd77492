// SPDX-License-Identifier: Apache-2.0
#pragma once
// ConsolePanel: type any AT command and watch the traffic. The input completes command and
// sub-command names with their one-line syntax under it (at/syntax.h), recalls history with
// Up/Down (kept in QSettings), and sends through Session::sendText so the dashboard stays true.
// When the module answers '>' to a command typed without its data, the next input is the data
// (PromptWatcher says when). The output is a ConsoleView over the session's TrafficModel.
// Values the module's range table refuses are named in the hint, and Enter asks before sending
// such a line (at/linecheck.h); an ERROR whose likely reason the slot's state shows gets that
// reason beside it (engine/refusal.h). Ctrl+F opens a find bar over the output; the output has
// a context menu. Every text is set again on a change of language.

#include "commandhistory.h"

#include <QLineEdit>
#include <QWidget>

#include <vector>

class QAction;
class QCheckBox;
class QCompleter;
class QLabel;
class QMenu;
class QPushButton;
class QToolButton;

namespace qmt::session {
class CommandReply;
class Session;
} // namespace qmt::session
namespace qmt::at {
struct LineIssue;
}
namespace qmt::state {
class PromptWatcher;
}

namespace qmt::ui {

class ConsoleView;

// The input line: Up/Down walk the history (unless the completion list is open), Page Up/Down
// scroll the output.
class ConsoleInput : public QLineEdit
{
    Q_OBJECT
public:
    ConsoleInput(state::CommandHistory *history, QWidget *scrollTarget, QWidget *parent = nullptr);
    void setHistoryEnabled(bool on) { m_historyEnabled = on; }

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    state::CommandHistory *m_history;
    QWidget *m_scrollTarget;
    bool m_historyEnabled = true;
};

class ConsolePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConsolePanel(session::Session *session, QWidget *parent = nullptr);
    ~ConsolePanel() override;

    ConsoleView *view() const { return m_view; }
    QLineEdit *input() const { return m_input; }
    QCompleter *completer() const { return m_completer; }
    QLabel *hintLabel() const { return m_hint; }
    QCheckBox *appendCrLfBox() const { return m_crlf; }
    QLabel *dataCountLabel() const { return m_dataCount; }
    const state::CommandHistory &history() const { return m_history; }
    bool inDataMode() const;

    QPushButton *sendButton() const { return m_send; }
    QWidget *findBar() const { return m_findBar; }
    QLineEdit *findInput() const { return m_findInput; }
    QCheckBox *findCaseBox() const { return m_findCase; }
    QLabel *findStatusLabel() const { return m_findStatus; }
    QAction *findAction() const { return m_findAction; }
    QAction *clearAction() const { return m_clearAction; }

    // Sends what the input holds, as Enter does. A command with values out of the module's
    // ranges is sent only once the user says so (unless told not to ask again).
    void submit();
    void setHex(bool on);
    void setTimestamps(bool on);
    void clear();

    // Find in the output: opens the bar (focus in its field); step +1 the next match after the
    // current row, -1 the one before, 0 the first from the current row on.
    void openFind();
    void find(int step);
    // The output's context menu (the caller owns it): Copy, Copy as hex, Select all, Find…,
    // the Hex and Time toggles, Clear.
    QMenu *createContextMenu(QWidget *parent);
    // Whether Enter asks before sending values out of range ("don't ask again" clears it).
    bool asksBeforeBadValues() const { return m_askBadValues; }

signals:
    void dataModeChanged(bool on);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void updateHint();
    void updateDataCount();
    void updateDataTitle();
    void updateFindStatus();
    void onDataModeChanged(bool on);
    void showProblem(const QString &message);
    bool confirmBadValues(const std::vector<at::LineIssue> &issues);
    void watchForRefusal(session::CommandReply *reply);

    session::Session *m_session;
    state::CommandHistory m_history;
    state::PromptWatcher *m_watcher = nullptr;
    ConsoleView *m_view = nullptr;
    ConsoleInput *m_input = nullptr;
    QCompleter *m_completer = nullptr;
    QLabel *m_hint = nullptr;
    QWidget *m_dataBar = nullptr;
    QLabel *m_dataTitle = nullptr;
    QLabel *m_dataCount = nullptr;
    QCheckBox *m_crlf = nullptr;
    QToolButton *m_hexButton = nullptr;
    QToolButton *m_timeButton = nullptr;
    QAction *m_clearAction = nullptr;
    QPushButton *m_send = nullptr;
    QString m_problem; // shown instead of the hint until the input changes
    bool m_askBadValues = true;

    // find
    QAction *m_findAction = nullptr;
    QAction *m_findNextAction = nullptr;
    QAction *m_findPreviousAction = nullptr;
    QWidget *m_findBar = nullptr;
    QLineEdit *m_findInput = nullptr;
    QCheckBox *m_findCase = nullptr;
    QLabel *m_findStatus = nullptr;
    QToolButton *m_findPrevious = nullptr;
    QToolButton *m_findNext = nullptr;
    QToolButton *m_findClose = nullptr;
    int m_findCount = 0;  // matches of the last search
    int m_findIndex = -1; // the one shown, -1 none

    // context menu (not added to any widget but the menu while it is open)
    QAction *m_copyAction = nullptr;
    QAction *m_copyHexAction = nullptr;
    QAction *m_selectAllAction = nullptr;
};

} // namespace qmt::ui
