// SPDX-License-Identifier: Apache-2.0
#pragma once
// SlotCard: one MQTT client slot of the module at a glance — network and MQTT state as badges,
// broker, client ID, SSL context, subscriptions, in-flight and stored messages, counters, the
// last message, the last error in words with its fix, and the result of the last command sent
// from the card. An idle slot shows one line; a slot in use shows everything. Its actions lead a
// new user through open → connect → subscribe → publish, the next step always a button.
// The Details button is always shown: when the header is too narrow the buttons go on a line
// of their own, and badges too wide for their line are elided (never a button).
// Every text follows a language change, the ones built from state rebuilt from it.

#include "io/commandchannel.h"
#include "workflows/slotactions.h"
#include "dashboardstyle.h"
#include "engine/slotstore.h"

#include <QFrame>

#include <array>

class QAction;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QMenu;
class QPushButton;
class QToolButton;
class QWidget;

namespace qmt::ui {

class ElidedLabel;
class SlotActionRunner;
class StateBadge;

class SlotCard : public QFrame
{
    Q_OBJECT
public:
    // Child widgets are named (objectName) after what they show: "network", "mqtt" (badges),
    // "endpoint", "clientId", "subscriptions", "traffic", "lastMessage", "error", "fix",
    // "result", and the buttons "nextStep", "actions", "details".
    SlotCard(int slotIndex, const state::SlotStore &store, SlotActionRunner *runner,
             QWidget *parent = nullptr);

    int slotIndex() const { return m_slot; }
    // Reads the slot afresh (the dashboard calls it when the slot model reports a change).
    void refresh();
    // Actions need an open port; without one they are disabled and say so.
    void setPortOpen(bool open);
    bool isCompact() const { return m_compact; }
    // The width the card will get (its scroll area's viewport): the buttons go on a line of
    // their own when the header would not fit in it. 0: the card's own width.
    void setAvailableWidth(int width);
    QAction *action(state::SlotAction a) const { return m_actions[std::size_t(a)]; }
    QPushButton *nextStepButton() const { return m_next; }
    // The step the card offers as its button (Count_ when there is none).
    state::SlotAction nextStep() const { return m_nextStep; }

    // What the card shows of the commands sent from it.
    void showSent(const QString &label);
    void showFinished(const QString &label, const session::CommandResult &result);
    void showRefused(const QString &label, const QString &why);
    QString resultText() const;

signals:
    void detailsRequested(int slotIndex);

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // What the result line tells, kept so that its text can be built again in another language.
    struct ResultLine
    {
        enum class Kind : std::uint8_t { None, Sent, Finished, Refused, Latest } kind = Kind::None;
        QString label;   // as the runner named it (an AT line, or an action's text)
        int action = -1; // the SlotAction whose text the label is, else -1
        session::CommandResult result;
        QString why;                       // Refused: as the runner said it
        state::ClientSlot::Outcome latest; // Latest
    };
    Tone overallTone() const;
    void setResult(const ResultLine &line);
    QString resultLineText() const;
    void retranslate();
    void applyTones();
    void relayoutHeader();

    int m_slot;
    const state::SlotStore &m_store;
    SlotActionRunner *m_runner;
    bool m_portOpen = false;
    bool m_compact = true;
    int m_availableWidth = 0;
    state::SlotAction m_nextStep = state::SlotAction::Count_;
    QHBoxLayout *m_header = nullptr;
    QHBoxLayout *m_buttonRow = nullptr;
    QWidget *m_buttons = nullptr;
    QLabel *m_title = nullptr;
    QFormLayout *m_form = nullptr;
    StateBadge *m_network = nullptr;
    StateBadge *m_mqtt = nullptr;
    QPushButton *m_next = nullptr;
    QToolButton *m_actionsButton = nullptr;
    QToolButton *m_detailsButton = nullptr;
    QMenu *m_menu = nullptr;
    QWidget *m_body = nullptr;
    ElidedLabel *m_endpoint = nullptr;
    ElidedLabel *m_clientId = nullptr;
    ElidedLabel *m_subscriptions = nullptr;
    QLabel *m_traffic = nullptr;
    ElidedLabel *m_lastMessage = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_fix = nullptr;
    ElidedLabel *m_result = nullptr;
    Tone m_resultTone{};
    ResultLine m_resultLine;
    qint64 m_resultAfterUs = 0; // the store's latest outcome the result line already accounts for
    std::array<QAction *, state::kSlotActionCount> m_actions{};
};

} // namespace qmt::ui
