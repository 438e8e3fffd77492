// SPDX-License-Identifier: Apache-2.0
#pragma once
// The slot cards' actions: a dialog per action that takes values (open, connect, subscribe,
// publish, unsubscribe) — the command's form from the catalogue, for the card's slot, with
// defaults taken from the slot — and the runner that opens those dialogs, sends what they build
// (a session::CommandBatch per action) and reports each action's result back to the card.

#include "at/formschema.h"
#include "io/commandchannel.h"
#include "workflows/slotactions.h"

#include <QDialog>
#include <QPointer>

#include <array>
#include <optional>

class QDialogButtonBox;
class QPushButton;

namespace qmt::session {
class Session;
}

namespace qmt::ui {

class FormWidget;
struct UiContext;

// "Open network…", "Connect…", …: the action's name as a menu entry or button.
QString slotActionText(state::SlotAction action);
// One line on what the action sends.
QString slotActionToolTip(state::SlotAction action);
// Whether the action asks for values in a dialog before it sends anything.
bool slotActionHasDialog(state::SlotAction action);

// What a dialog starts with besides the form's remembered values: the runner fills it from the
// slot and the mode (demo or not).
struct SlotActionStart
{
    at::FormValues values;   // over the form's remembered values
    QStringList suggestions; // offered while typing the topic
    QString note;            // shown under the fields, e.g. where demo mode routes host names
    bool remember = true;    // whether the values are remembered for next time
};

// The form of an action that takes values ("open", "conn", "sub", "pubex", "uns"); nullptr for
// the others.
const at::FormSpec *slotActionForm(state::SlotAction action);

// The dialog of one action: the command's form from the catalogue (at/formschema.h) with the
// slot fixed, so ranges, rules between fields and error texts are those of the Forms panel.
// OK stays disabled while the builders refuse the input; each reason shows beside its field,
// and the exact AT text that would be sent shows under the fields.
class SlotActionDialog : public QDialog
{
    Q_OBJECT
public:
    SlotActionDialog(state::SlotAction action, int slotIndex, UiContext &ctx, const at::RangeTable &ranges,
                     const SlotActionStart &start, QWidget *parent = nullptr);

    state::SlotAction action() const { return m_action; }
    int slotIndex() const { return m_slot; }
    FormWidget *form() const { return m_form; }
    // The command the input builds; nullopt while it is invalid (errorText() says why).
    std::optional<at::AtCommand> command() const;
    QString errorText() const;
    QPushButton *okButton() const;

private:
    void update();

    state::SlotAction m_action;
    int m_slot;
    FormWidget *m_form = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

// Opens the dialogs and sends the commands of the card actions; the forms remember the values a
// user expects to find again (host, port, topics, payload; never secrets) as the Forms panel does.
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
    // What the action's dialog would start with now (over the form's remembered values).
    SlotActionStart startFor(int slotIndex, state::SlotAction action) const;
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
    void accepted(SlotActionDialog *dialog, bool remember);
    bool sendGroup(int slotIndex, const QString &label, const QList<at::AtCommand> &commands);

    UiContext &m_ctx;
    QPointer<SlotActionDialog> m_dialog;
    std::array<int, state::kSlotCount> m_lastMsgId{};
};

} // namespace qmt::ui
