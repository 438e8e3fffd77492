// SPDX-License-Identifier: Apache-2.0
#pragma once
// SlotDetailDialog: everything about one MQTT client slot in a window of its own that stays open
// beside the main window and updates live — received messages (payload as text, hex dump or
// indented JSON, with length and time, incomplete ones marked with the reason), subscriptions
// with their granted QoS, the configuration as the module holds it, the last error and the last
// +QMTSTAT with their fixes.

#include <QDialog>

class QButtonGroup;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;

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
    // text), "messageInfo", "incomplete", "error", "fix", "lastStat", "cfg_<sub-command>".
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

protected:
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *makeMessagesTab();
    QWidget *makeSubscriptionsTab();
    QWidget *makeConfigTab();
    void showPayload();
    void onMessagesInserted(int first, int last);
    void updateTabTitles();

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
};

} // namespace qmt::ui
