// SPDX-License-Identifier: Apache-2.0
#pragma once
// The slot cards' actions: a small dialog per action that takes values (open, connect,
// subscribe, publish, unsubscribe) with sensible defaults, validated by at::Builders as the
// user types; and the runner that opens those dialogs, sends what they build (a
// session::CommandBatch per action) and reports each action's result back to the card that asked.

#include "at/builders.h"
#include "io/commandchannel.h"
#include "workflows/slotactions.h"

#include <QDialog>
#include <QPointer>

#include <array>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace qmt::session {
class Session;
}

namespace qmt::ui {

struct UiContext;

// "Open network…", "Connect…", …: the action's name as a menu entry or button.
QString slotActionText(state::SlotAction action);
// One line on what the action sends.
QString slotActionToolTip(state::SlotAction action);
// Whether the action asks for values in a dialog before it sends anything.
bool slotActionHasDialog(state::SlotAction action);

// Values a dialog starts with (the runner fills them from QSettings and the slot).
struct SlotActionDefaults
{
    QString host;
    int port = 1883;
    QString hostNote; // shown under the host, e.g. where demo mode routes host names
    QString clientId;
    QString userName;
    int msgId = 1;
    QStringList topics; // offered in the topic box, the first one selected
    int qos = 1;
    bool retain = false;
    QString payload;
};

// The dialog of one action. Fields carry object names ("host", "port", "clientId", "login",
// "userName", "password", "msgId", "topic", "qos", "retain", "payload") for tests and
// accessibility; OK stays disabled while the builders refuse the input, and the reason is shown
// under the fields next to the exact command line that would be sent.
class SlotActionDialog : public QDialog
{
    Q_OBJECT
public:
    SlotActionDialog(state::SlotAction action, int slotIndex, const at::RangeTable &ranges,
                     const SlotActionDefaults &defaults, QWidget *parent = nullptr);

    state::SlotAction action() const { return m_action; }
    int slotIndex() const { return m_slot; }
    // The command the input builds; nullopt while it is invalid (errorText() says why).
    std::optional<at::AtCommand> command() const { return m_built.command; }
    QString errorText() const;
    QPushButton *okButton() const;
    // The values as entered, for the runner to remember.
    SlotActionDefaults values() const;

private:
    void rebuild();
    at::Built build() const;

    state::SlotAction m_action;
    int m_slot;
    at::Builders m_builders;
    at::Built m_built;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_clientId = nullptr;
    QCheckBox *m_login = nullptr;
    QLineEdit *m_userName = nullptr;
    QLineEdit *m_password = nullptr;
    QSpinBox *m_msgId = nullptr;
    QComboBox *m_topic = nullptr;
    QComboBox *m_qos = nullptr;
    QCheckBox *m_retain = nullptr;
    QPlainTextEdit *m_payload = nullptr;
    QLabel *m_preview = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    int m_lastPubMsgId = 1;
};

// Opens the dialogs and sends the commands of the card actions; remembers the values a user
// expects to find again (host, port, topics, payload) in QSettings.
class SlotActionRunner : public QObject
{
    Q_OBJECT
public:
    SlotActionRunner(UiContext &ctx, QObject *parent = nullptr);

    // Opens the action's dialog (window-modal to `parent`; it sends on OK), or sends the action's
    // command(s) at once when it takes no values.
    void trigger(int slotIndex, state::SlotAction action, QWidget *parent);
    // The dialog opened last, while it is open.
    SlotActionDialog *openDialog() const { return m_dialog; }
    // The defaults the action's dialog would start with now.
    SlotActionDefaults defaultsFor(int slotIndex, state::SlotAction action) const;
    // Sends a command on behalf of a slot's card; false if the session refused it (no port).
    bool send(int slotIndex, const at::AtCommand &command, const QString &label = {});

signals:
    void dialogOpened(qmt::ui::SlotActionDialog *dialog);
    // A command (or a group of them, named by label) left for the module.
    void commandSent(int slotIndex, const QString &label);
    // Its result; for a group, the first that did not succeed, or else the last.
    void commandFinished(int slotIndex, const QString &label, const qmt::session::CommandResult &result);
    // A command could not be sent at all (no port open).
    void commandRefused(int slotIndex, const QString &label, const QString &why);

private:
    void accepted(SlotActionDialog *dialog);
    bool sendGroup(int slotIndex, const QString &label, const QList<at::AtCommand> &commands);

    UiContext &m_ctx;
    QPointer<SlotActionDialog> m_dialog;
    std::array<int, state::kSlotCount> m_lastMsgId{};
};

} // namespace qmt::ui
