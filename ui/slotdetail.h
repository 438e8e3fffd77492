// SPDX-License-Identifier: Apache-2.0
#pragma once
// SlotDetailDialog: everything about one MQTT client slot in a window of its own that stays open
// beside the main window and updates live — received messages (payload as text, hex dump or
// indented JSON, with length and time, incomplete ones marked with the reason), subscriptions
// with their granted QoS, the configuration as the module holds it, the last error and the last
// +QMTSTAT with their fixes. A received message is copied whole: its payload (Ctrl+C), topic,
// bytes in hex or payload as JSON in the sender's key order, from the table's context menu or
// the Copy button.

#include "workflows/slotactions.h"

#include <QDialog>
#include <QList>

#include <utility>

class QAction;
class QAbstractButton;
class QButtonGroup;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;
class QToolButton;

namespace qmt::session {
class Session;
}
namespace qmt::state {
class MessageModel;
class SubscriptionModel;
} // namespace qmt::state

namespace qmt::ui {

class SlotActionRunner;
class StateBadge;

class SlotDetailDialog : public QDialog
{
    Q_OBJECT
public:
    enum class PayloadView { Text, Hex, Json };

    // Named children for tests: "messages", "subscriptions" (tables), "payload" (the payload
    // text), "messageInfo", "incomplete", "error", "fix", "lastStat", "cfg_<sub-command>", the
    // "copy" button and the actions "copyPayload", "copyTopic", "copyHex", "copyJson".
    SlotDetailDialog(int slotIndex, session::Session *session, SlotActionRunner *runner,
                     QWidget *parent = nullptr);
    ~SlotDetailDialog() override;

    int slotIndex() const { return m_slot; }
    // Re-reads the slot's state, errors and configuration (the models follow on their own).
    void refresh();

    void setPayloadView(PayloadView view);
    PayloadView payloadView() const { return m_view; }
    // What the payload pane shows for the selected message.
    QString payloadText() const;
    // Selects a received message (row of messageModel()); -1 selects none.
    void selectMessage(int row);
    int selectedMessage() const;
    QTableView *messageView() const { return m_messages; }
    state::MessageModel *messageModel() const { return m_messageModel; }
    state::SubscriptionModel *subscriptionModel() const { return m_subscriptionModel; }

    enum class CopyWhat { Payload, Topic, Hex, Json };
    // What copy() puts on the clipboard for the selected message: the payload as UTF-8 text, the
    // topic, the payload's bytes in hex ("7b 22 61 22"), the payload as indented JSON in the
    // sender's key order. Empty when no message is selected, or for Json when it is not JSON.
    QString copyText(CopyWhat what) const;
    // Puts copyText(what) on the clipboard; false (and nothing copied) when it is empty.
    bool copy(CopyWhat what);
    QAction *copyAction(CopyWhat what) const { return m_copyActions[int(what)]; }

protected:
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QWidget *makeMessagesTab();
    QWidget *makeSubscriptionsTab();
    QWidget *makeConfigTab();
    void showPayload();
    void onMessagesInserted(int first, int last);
    void updateTabTitles();
    void updateCopyActions();
    void retranslate();

    int m_slot;
    session::Session *m_session;
    SlotActionRunner *m_runner;
    PayloadView m_view = PayloadView::Text;
    state::MessageModel *m_messageModel = nullptr;
    state::SubscriptionModel *m_subscriptionModel = nullptr;
    StateBadge *m_network = nullptr;
    StateBadge *m_mqtt = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_fix = nullptr;
    QLabel *m_lastStat = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_messages = nullptr;
    QTableView *m_subscriptions = nullptr;
    QButtonGroup *m_viewButtons = nullptr;
    QLabel *m_messageInfo = nullptr;
    QLabel *m_incomplete = nullptr;
    QPlainTextEdit *m_payload = nullptr;
    QFormLayout *m_config = nullptr;
    QLabel *m_configNote = nullptr;
    QLabel *m_title = nullptr;
    QToolButton *m_copyButton = nullptr;
    QAction *m_copyActions[4] = {};
    QList<std::pair<QAbstractButton *, state::SlotAction>> m_actionButtons;
};

} // namespace qmt::ui
