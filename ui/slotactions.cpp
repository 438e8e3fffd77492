// SPDX-License-Identifier: Apache-2.0
#include "slotactions.h"

#include "dashboardstyle.h"
#include "io/commandbatch.h"
#include "io/session.h"
#include "uicontext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace qmt::ui {

using state::SlotAction;

namespace {

const QString kGroup = QStringLiteral("slotActions");
const QByteArray kFallbackTopic = QByteArrayLiteral("qmtscope/test");
// In demo mode every host name but localhost and IP addresses reaches the demo's own broker.
const QString kDemoHost = QStringLiteral("mqtt.example.com");

QSpinBox *rangeSpin(const at::Range &r, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(int(std::max<qint64>(r.min(), INT_MIN)), int(std::min<qint64>(r.max(), INT_MAX)));
    return spin;
}

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

// ---- SlotActionDialog ----

SlotActionDialog::SlotActionDialog(SlotAction action, int slotIndex, const at::RangeTable &ranges,
                                   const SlotActionDefaults &d, QWidget *parent)
    : QDialog(parent), m_action(action), m_slot(slotIndex), m_builders(ranges)
{
    QString title = slotActionText(action);
    if (title.endsWith(QChar(0x2026)))
        title.chop(1);
    setWindowTitle(tr("Slot %1: %2").arg(slotIndex).arg(title));
    auto *form = new QFormLayout;
    auto topicBox = [&](const QString &label) {
        m_topic = new QComboBox(this);
        m_topic->setObjectName(QStringLiteral("topic"));
        m_topic->setEditable(true);
        m_topic->setInsertPolicy(QComboBox::NoInsert);
        m_topic->addItems(d.topics);
        m_topic->setMinimumContentsLength(28);
        m_topic->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        form->addRow(label, m_topic);
        connect(m_topic, &QComboBox::currentTextChanged, this, &SlotActionDialog::rebuild);
    };
    auto qosBox = [&] {
        m_qos = new QComboBox(this);
        m_qos->setObjectName(QStringLiteral("qos"));
        m_qos->addItem(tr("0 — at most once"), 0);
        m_qos->addItem(tr("1 — at least once"), 1);
        m_qos->addItem(tr("2 — exactly once"), 2);
        m_qos->setCurrentIndex(std::clamp(d.qos, 0, 2));
        form->addRow(tr("&QoS:"), m_qos);
        connect(m_qos, &QComboBox::currentIndexChanged, this, &SlotActionDialog::rebuild);
    };
    auto msgIdBox = [&](at::Param p) {
        m_msgId = rangeSpin(ranges.range(p), this);
        m_msgId->setObjectName(QStringLiteral("msgId"));
        m_msgId->setValue(d.msgId);
        m_msgId->setToolTip(
            tr("The packet identifier the module uses for this exchange; the next free one is suggested"));
        form->addRow(tr("&Message ID:"), m_msgId);
        connect(m_msgId, &QSpinBox::valueChanged, this, &SlotActionDialog::rebuild);
    };

    switch (action) {
    case SlotAction::OpenNetwork: {
        m_host = new QLineEdit(d.host, this);
        m_host->setObjectName(QStringLiteral("host"));
        m_host->setPlaceholderText(tr("host name or IP address"));
        m_host->setMinimumWidth(m_host->fontMetrics().averageCharWidth() * 32);
        form->addRow(tr("&Host:"), m_host);
        if (!d.hostNote.isEmpty()) {
            auto *note = new QLabel(d.hostNote, this);
            note->setWordWrap(true);
            setToneText(note, Tone::Neutral);
            form->addRow(QString(), note);
        }
        m_port = rangeSpin(ranges.range(at::Param::Port), this);
        m_port->setObjectName(QStringLiteral("port"));
        m_port->setValue(d.port);
        form->addRow(tr("&Port:"), m_port);
        connect(m_host, &QLineEdit::textChanged, this, &SlotActionDialog::rebuild);
        connect(m_port, &QSpinBox::valueChanged, this, &SlotActionDialog::rebuild);
        break;
    }
    case SlotAction::Connect: {
        m_clientId = new QLineEdit(d.clientId, this);
        m_clientId->setObjectName(QStringLiteral("clientId"));
        m_clientId->setToolTip(
            tr("Must be unique on the broker: a second client with the same ID pushes the first off"));
        form->addRow(tr("&Client ID:"), m_clientId);
        m_login = new QCheckBox(tr("&Log in with a user name and password"), this);
        m_login->setObjectName(QStringLiteral("login"));
        form->addRow(QString(), m_login);
        m_userName = new QLineEdit(d.userName, this);
        m_userName->setObjectName(QStringLiteral("userName"));
        m_password = new QLineEdit(this);
        m_password->setObjectName(QStringLiteral("password"));
        m_password->setEchoMode(QLineEdit::Password);
        form->addRow(tr("&User name:"), m_userName);
        form->addRow(tr("Pass&word:"), m_password);
        m_login->setChecked(!d.userName.isEmpty());
        auto enableLogin = [this](bool on) {
            m_userName->setEnabled(on);
            m_password->setEnabled(on);
        };
        enableLogin(m_login->isChecked());
        connect(m_login, &QCheckBox::toggled, this, [this, enableLogin](bool on) {
            enableLogin(on);
            rebuild();
        });
        for (QLineEdit *e : {m_clientId, m_userName, m_password})
            connect(e, &QLineEdit::textChanged, this, &SlotActionDialog::rebuild);
        break;
    }
    case SlotAction::Subscribe:
        topicBox(tr("&Topic filter:"));
        m_topic->setToolTip(tr("Wildcards: + matches one level, # at the end any number of levels"));
        qosBox();
        msgIdBox(at::Param::MsgId);
        break;
    case SlotAction::Publish: {
        topicBox(tr("&Topic:"));
        m_topic->setToolTip(
            tr("The topics of the slot's subscriptions come first, so the message comes back"));
        qosBox();
        msgIdBox(at::Param::PubMsgId);
        m_lastPubMsgId = std::max(1, d.msgId);
        m_retain = new QCheckBox(tr("&Retain on the broker"), this);
        m_retain->setObjectName(QStringLiteral("retain"));
        m_retain->setChecked(d.retain);
        form->addRow(QString(), m_retain);
        m_payload = new QPlainTextEdit(d.payload, this);
        m_payload->setObjectName(QStringLiteral("payload"));
        m_payload->setTabChangesFocus(true);
        m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_payload->setMinimumHeight(m_payload->fontMetrics().lineSpacing() * 5);
        form->addRow(tr("Pa&yload:"), m_payload);
        // QoS 0 carries no message ID: the module wants 0, the others at least 1.
        auto syncMsgId = [this] {
            const bool qos0 = m_qos->currentData().toInt() == 0;
            if (qos0 && m_msgId->value() != 0)
                m_lastPubMsgId = m_msgId->value();
            m_msgId->setValue(qos0 ? 0 : (m_msgId->value() == 0 ? m_lastPubMsgId : m_msgId->value()));
            m_msgId->setEnabled(!qos0);
        };
        syncMsgId();
        connect(m_qos, &QComboBox::currentIndexChanged, this, syncMsgId);
        connect(m_retain, &QCheckBox::toggled, this, &SlotActionDialog::rebuild);
        connect(m_payload, &QPlainTextEdit::textChanged, this, &SlotActionDialog::rebuild);
        break;
    }
    case SlotAction::Unsubscribe:
        topicBox(tr("&Topic filter:"));
        msgIdBox(at::Param::MsgId);
        break;
    default:
        break;
    }

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setWordWrap(true);
    m_preview->setToolTip(tr("The exact command that will be sent"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    setToneText(m_error, Tone::Bad);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Send"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    rebuild();
}

QString SlotActionDialog::errorText() const
{
    return m_built.error ? m_built.error->message : QString();
}

QPushButton *SlotActionDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

at::Built SlotActionDialog::build() const
{
    const int idx = m_slot;
    switch (m_action) {
    case SlotAction::OpenNetwork:
        return m_builders.open(idx, m_host->text().trimmed(), m_port->value());
    case SlotAction::Connect:
        if (m_login->isChecked())
            return m_builders.connect(idx, m_clientId->text(), m_userName->text(), m_password->text());
        return m_builders.connect(idx, m_clientId->text());
    case SlotAction::Subscribe:
        return m_builders.subscribe(idx, m_msgId->value(), m_topic->currentText(),
                                    m_qos->currentData().toInt());
    case SlotAction::Publish:
        return m_builders.publish(idx, m_msgId->value(), m_qos->currentData().toInt(),
                                  m_retain->isChecked() ? 1 : 0, m_topic->currentText(),
                                  m_payload->toPlainText().toUtf8());
    case SlotAction::Unsubscribe:
        return m_builders.unsubscribe(idx, m_msgId->value(), {m_topic->currentText()});
    default:
        return {};
    }
}

void SlotActionDialog::rebuild()
{
    m_built = build();
    if (m_built.command) {
        QString preview = QString::fromUtf8(m_built.command->line);
        if (m_built.command->dataPhase == at::DataPhase::Prompt)
            preview +=
                QLatin1Char('\n') +
                tr("then the payload (length %1) after the > prompt").arg(m_built.command->payload.size());
        m_preview->setText(preview);
        m_error->clear();
        m_error->hide();
    } else {
        m_preview->setText(QString());
        m_error->setText(m_built.error ? m_built.error->message : tr("Incomplete input"));
        m_error->show();
    }
    m_preview->setVisible(m_built.ok());
    okButton()->setEnabled(m_built.ok());
}

SlotActionDefaults SlotActionDialog::values() const
{
    SlotActionDefaults v;
    if (m_host)
        v.host = m_host->text().trimmed();
    if (m_port)
        v.port = m_port->value();
    if (m_clientId)
        v.clientId = m_clientId->text();
    if (m_login && m_login->isChecked())
        v.userName = m_userName->text();
    if (m_msgId)
        v.msgId = m_msgId->value();
    if (m_topic)
        v.topics = QStringList{m_topic->currentText()};
    if (m_qos)
        v.qos = m_qos->currentData().toInt();
    if (m_retain)
        v.retain = m_retain->isChecked();
    if (m_payload)
        v.payload = m_payload->toPlainText();
    return v;
}

// ---- SlotActionRunner ----

SlotActionRunner::SlotActionRunner(UiContext &ctx, QObject *parent) : QObject(parent), m_ctx(ctx) {}

SlotActionDefaults SlotActionRunner::defaultsFor(int idx, SlotAction action) const
{
    const state::ClientSlot &slot = m_ctx.session->store().slot(idx);
    QSettings settings;
    settings.beginGroup(kGroup);
    SlotActionDefaults d;
    d.msgId = state::nextMsgId(slot, m_lastMsgId[std::size_t(idx)]);
    switch (action) {
    case SlotAction::OpenNetwork:
        if (m_ctx.demo) {
            d.host = kDemoHost;
            d.port = 1883;
            d.hostNote = tr("Demo mode: every host name except localhost and IP addresses reaches the demo's "
                            "own broker.");
        } else {
            d.host = settings.value(QStringLiteral("host"), QStringLiteral("127.0.0.1")).toString();
            d.port = settings.value(QStringLiteral("port"), 1883).toInt();
        }
        break;
    case SlotAction::Connect:
        d.clientId = QStringLiteral("qmtscope-%1").arg(idx);
        d.userName = settings.value(QStringLiteral("userName")).toString();
        break;
    case SlotAction::Subscribe:
        d.topics = QStringList{
            settings.value(QStringLiteral("subscribeTopic"), QString::fromUtf8(kFallbackTopic)).toString()};
        d.qos = settings.value(QStringLiteral("subscribeQos"), 1).toInt();
        break;
    case SlotAction::Publish: {
        const QByteArray remembered = settings.value(QStringLiteral("publishTopic")).toString().toUtf8();
        for (const QByteArray &t : state::suggestedPublishTopics(slot, remembered, kFallbackTopic))
            d.topics << QString::fromUtf8(t);
        d.qos = settings.value(QStringLiteral("publishQos"), 1).toInt();
        d.retain = false; // a retained test message would greet every later subscriber: never by default
        d.payload =
            settings
                .value(QStringLiteral("payload"), QStringLiteral("{\"message\": \"Hello from QMT Scope\"}"))
                .toString();
        break;
    }
    case SlotAction::Unsubscribe:
        for (const state::Subscription &s : slot.subscriptions)
            d.topics << QString::fromUtf8(s.topic);
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
        auto *dialog = new SlotActionDialog(action, idx, m_ctx.session->store().module().ranges,
                                            defaultsFor(idx, action), parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] { accepted(dialog); });
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

void SlotActionRunner::accepted(SlotActionDialog *dialog)
{
    const std::optional<at::AtCommand> cmd = dialog->command();
    if (!cmd)
        return;
    const SlotActionDefaults v = dialog->values();
    QSettings settings;
    settings.beginGroup(kGroup);
    switch (dialog->action()) {
    case SlotAction::OpenNetwork:
        if (!m_ctx.demo) {
            settings.setValue(QStringLiteral("host"), v.host);
            settings.setValue(QStringLiteral("port"), v.port);
        }
        break;
    case SlotAction::Connect:
        settings.setValue(QStringLiteral("userName"), v.userName);
        break;
    case SlotAction::Subscribe:
        settings.setValue(QStringLiteral("subscribeTopic"), v.topics.value(0));
        settings.setValue(QStringLiteral("subscribeQos"), v.qos);
        break;
    case SlotAction::Publish:
        settings.setValue(QStringLiteral("publishTopic"), v.topics.value(0));
        settings.setValue(QStringLiteral("publishQos"), v.qos);
        settings.setValue(QStringLiteral("payload"), v.payload);
        break;
    default:
        break;
    }
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
