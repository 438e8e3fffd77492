// SPDX-License-Identifier: Apache-2.0
#pragma once
// ConsolePanel: type any AT command and watch the traffic. The input completes command and
// sub-command names with their one-line syntax under it (at/syntax.h), recalls history with
// Up/Down (kept in QSettings), and sends through Session::sendText so the dashboard stays true.
// When the module answers '>' to a command typed without its data, the next input is the data
// (PromptWatcher says when). The output is a ConsoleView over the session's TrafficModel.

#include "commandhistory.h"

#include <QLineEdit>
#include <QWidget>

class QCheckBox;
class QCompleter;
class QLabel;
class QToolButton;

namespace qmt::session {
class Session;
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

    // Sends what the input holds, as Enter does.
    void submit();
    void setHex(bool on);
    void setTimestamps(bool on);
    void clear();

signals:
    void dataModeChanged(bool on);

private:
    void updateHint();
    void updateDataCount();
    void onDataModeChanged(bool on);
    void showProblem(const QString &message);

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
    QString m_problem; // shown instead of the hint until the input changes
};

} // namespace qmt::ui
