// SPDX-License-Identifier: Apache-2.0
#include "slotactions.h"

#include "dashboardstyle.h"
#include "formwidget.h"
#include "io/commandbatch.h"
#include "io/session.h"
#include "uicontext.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace qmt::ui {

using state::SlotAction;

namespace {

const QByteArray kFallbackTopic = QByteArrayLiteral("qmtscope/test");
// In demo mode every host name but localhost and IP addresses reaches the demo's own broker.
const QString kDemoHost = QStringLiteral("mqtt.example.com");

// What "Read configuration" sends for client idx: the AT+QMTCFG read-backs (not aliauth: its
// read-back shows the device secret), then the state queries.
QList<at::AtCommand> readConfigurationCommands(const at::Builders &b, int idx)
{
    QList<at::AtCommand> cmds = b.cfgReadAll(idx); // not the secret-bearing settings
    cmds << *b.openQuery().command << *b.connQuery().command << *b.recvQuery().command;
    return cmds;
}

} // namespace

QString slotActionText(SlotAction a)
{
    switch (a) {
    case SlotAction::OpenNetwork:
        return SlotActionRunner::tr("Open network…");
    case SlotAction::Connect:
        return SlotActionRunner::tr("Connect…");
    case SlotAction::Subscribe:
        return SlotActionRunner::tr("Subscribe…");
    case SlotAction::Publish:
        return SlotActionRunner::tr("Publish…");
    case SlotAction::Unsubscribe:
        return SlotActionRunner::tr("Unsubscribe…");
    case SlotAction::Disconnect:
        return SlotActionRunner::tr("Disconnect");
    case SlotAction::Close:
        return SlotActionRunner::tr("Close network");
    case SlotAction::ReadStored:
        return SlotActionRunner::tr("Read stored messages");
    case SlotAction::ReadConfiguration:
        return SlotActionRunner::tr("Read configuration");
    case SlotAction::Count_:
        break;
    }
    return {};
}

QString slotActionToolTip(SlotAction a)
{
    switch (a) {
    case SlotAction::OpenNetwork:
        return SlotActionRunner::tr("Open a network connection to an MQTT broker (AT+QMTOPEN)");
    case SlotAction::Connect:
        return SlotActionRunner::tr("Connect to the broker as an MQTT client (AT+QMTCONN)");
    case SlotAction::Subscribe:
        return SlotActionRunner::tr("Subscribe to a topic filter (AT+QMTSUB)");
    case SlotAction::Publish:
        return SlotActionRunner::tr("Publish a message (AT+QMTPUBEX)");
    case SlotAction::Unsubscribe:
        return SlotActionRunner::tr("Unsubscribe from a topic filter (AT+QMTUNS)");
    case SlotAction::Disconnect:
        return SlotActionRunner::tr("Disconnect from the broker (AT+QMTDISC)");
    case SlotAction::Close:
        return SlotActionRunner::tr("Close the network connection (AT+QMTCLOSE)");
    case SlotAction::ReadStored:
        return SlotActionRunner::tr("Read the messages the module stored in receive mode 1 (AT+QMTRECV)");
    case SlotAction::ReadConfiguration:
        return SlotActionRunner::tr("Ask the module for the slot's configuration and state "
                                    "(AT+QMTCFG read-backs, AT+QMTOPEN?, AT+QMTCONN?, AT+QMTRECV?)");
    case SlotAction::Count_:
        break;
    }
    return {};
}

bool slotActionHasDialog(SlotAction a)
{
    switch (a) {
    case SlotAction::OpenNetwork:
    case SlotAction::Connect:
    case SlotAction::Subscribe:
    case SlotAction::Publish:
    case SlotAction::Unsubscribe:
        return true;
    default:
        return false;
    }
}

const at::FormSpec *slotActionForm(SlotAction a)
{
    switch (a) {
    case SlotAction::OpenNetwork:
        return at::findForm("open");
    case SlotAction::Connect:
        return at::findForm("conn");
    case SlotAction::Subscribe:
        return at::findForm("sub");
    case SlotAction::Publish:
        return at::findForm("pubex");
    case SlotAction::Unsubscribe:
        return at::findForm("uns");
    default:
        return nullptr;
    }
}

// ---- SlotActionDialog ----

SlotActionDialog::SlotActionDialog(SlotAction action, int slotIndex, UiContext &ctx,
                                   const at::RangeTable &ranges, const SlotActionStart &start,
                                   QWidget *parent)
    : QDialog(parent), m_action(action), m_slot(slotIndex)
{
    QString title = slotActionText(action);
    if (title.endsWith(QChar(0x2026)))
        title.chop(1);
    setWindowTitle(tr("Slot %1: %2").arg(slotIndex).arg(title));
    const at::FormSpec *spec = slotActionForm(action);
    Q_ASSERT(spec);
    m_form = new FormWidget(*spec, ctx, &ranges, this);
    m_form->setDialogMode();
    m_form->fixField("idx", slotIndex);
    m_form->setValues(start.values);
    for (const char *key : {"topic", "topics"})
        if (!start.suggestions.isEmpty())
            m_form->setSuggestions(key, start.suggestions);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form, 1);
    if (!start.note.isEmpty()) {
        auto *note = new QLabel(start.note, this);
        note->setObjectName(QStringLiteral("note"));
        note->setWordWrap(true);
        setToneText(note, Tone::Neutral);
        layout->addWidget(note);
    }
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Send"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    connect(m_form, &FormWidget::edited, this, &SlotActionDialog::update);
    update();
    // room for a host name or a topic without wrapping the syntax line at every comma
    resize(std::max(sizeHint().width(), fontMetrics().averageCharWidth() * 64), sizeHint().height());
}

std::optional<at::AtCommand> SlotActionDialog::command() const
{
    return m_form->built().command;
}

QString SlotActionDialog::errorText() const
{
    const at::Built b = m_form->built();
    return b.error ? b.error->message : QString();
}

QPushButton *SlotActionDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void SlotActionDialog::update()
{
    if (m_buttons)
        okButton()->setEnabled(m_form->built().ok());
}

// ---- SlotActionRunner ----

SlotActionRunner::SlotActionRunner(UiContext &ctx, QObject *parent) : QObject(parent), m_ctx(ctx) {}

SlotActionStart SlotActionRunner::startFor(int idx, SlotAction action) const
{
    const state::ClientSlot &slot = m_ctx.session->store().slot(idx);
    SlotActionStart d;
    const int msgId = state::nextMsgId(slot, m_lastMsgId[std::size_t(idx)]);
    const at::FormSpec *spec = slotActionForm(action);
    const at::FormValues remembered = spec ? FormWidget::rememberedValues(*spec) : at::FormValues();
    switch (action) {
    case SlotAction::OpenNetwork:
        if (m_ctx.demo) {
            d.values.setText("host", kDemoHost).setNumber("port", 1883);
            d.note = tr("Demo mode: every host name except localhost and IP addresses reaches the demo's "
                        "own broker.");
            d.remember = false; // the demo's host is no host to offer outside the demo
        }
        break;
    case SlotAction::Connect:
        // One client id per slot: a second client with the same id pushes the first off the broker.
        d.values.setText("clientid", QStringLiteral("qmtscope-%1").arg(idx));
        break;
    case SlotAction::Subscribe:
        d.values.setNumber("msgid", msgId);
        break;
    case SlotAction::Publish: {
        const QByteArray topic = remembered.has("topic") ? remembered.text("topic").toUtf8() : QByteArray();
        for (const QByteArray &t : state::suggestedPublishTopics(slot, topic, kFallbackTopic))
            d.suggestions << QString::fromUtf8(t);
        d.values.setNumber("msgid", msgId).setText("topic", d.suggestions.value(0));
        d.values.setNumber("retain", 0); // a retained test message greets every later subscriber
        break;
    }
    case SlotAction::Unsubscribe:
        for (const state::Subscription &s : slot.subscriptions)
            d.suggestions << QString::fromUtf8(s.topic);
        d.values.setNumber("msgid", msgId);
        if (!d.suggestions.isEmpty())
            d.values.setTopics("topics", {{d.suggestions.front(), 0}});
        break;
    default:
        break;
    }
    return d;
}

void SlotActionRunner::trigger(int idx, SlotAction action, QWidget *parent)
{
    if (idx < 0 || idx >= state::kSlotCount)
        return;
    if (slotActionHasDialog(action)) {
        if (m_dialog)
            m_dialog->close();
        const SlotActionStart start = startFor(idx, action);
        auto *dialog =
            new SlotActionDialog(action, idx, m_ctx, m_ctx.session->store().module().ranges, start, parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this,
                [this, dialog, remember = start.remember] { accepted(dialog, remember); });
        m_dialog = dialog;
        dialog->open();
        emit dialogOpened(dialog);
        return;
    }
    const at::Builders b(m_ctx.session->store().module().ranges);
    switch (action) {
    case SlotAction::Disconnect:
        send(idx, *b.disconnect(idx).command);
        break;
    case SlotAction::Close:
        send(idx, *b.close(idx).command);
        break;
    case SlotAction::ReadStored:
        send(idx, *b.recvRead(idx).command);
        break;
    case SlotAction::ReadConfiguration:
        sendGroup(idx, slotActionText(action), readConfigurationCommands(b, idx));
        break;
    default:
        break;
    }
}

void SlotActionRunner::accepted(SlotActionDialog *dialog, bool remember)
{
    const std::optional<at::AtCommand> cmd = dialog->command();
    if (!cmd)
        return;
    if (remember)
        dialog->form()->remember();
    if (cmd->msgId > 0)
        m_lastMsgId[std::size_t(dialog->slotIndex())] = cmd->msgId;
    send(dialog->slotIndex(), *cmd);
}

bool SlotActionRunner::send(int idx, const at::AtCommand &command, const QString &label)
{
    return sendGroup(idx, label.isEmpty() ? QString::fromUtf8(command.line) : label, {command});
}

bool SlotActionRunner::sendGroup(int idx, const QString &label, const QList<at::AtCommand> &commands)
{
    if (!m_ctx.session->isOpen()) {
        emit commandRefused(idx, label,
                            tr("No port is open: open the module's port (or start the demo) first"));
        return false;
    }
    if (commands.isEmpty()) {
        emit commandRefused(idx, label, tr("The session did not take the command"));
        return false;
    }
    // Every command is sent even after a failure; the card shows the first failure, else the last result.
    auto *batch = new session::CommandBatch(&m_ctx.session->channel(), commands,
                                            session::CommandBatch::Policy::ContinueAfterFailure, this);
    connect(batch, &session::CommandBatch::finished, this, [this, batch, idx, label] {
        batch->deleteLater();
        session::CommandResult result;
        result.outcome = session::CommandResult::Outcome::Aborted;
        if (const session::CommandResult *v = batch->verdict())
            result = *v;
        emit commandFinished(idx, label, result);
    });
    batch->start();
    emit commandSent(idx, label);
    return true;
}

} // namespace qmt::ui
