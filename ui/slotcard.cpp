// SPDX-License-Identifier: Apache-2.0
#include "slotcard.h"

#include "dashboardstyle.h"
#include "slotactions.h"
#include "models/messagemodel.h"
#include "models/slottablemodel.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace qmt::ui {

using state::SlotAction;

SlotCard::SlotCard(int slotIndex, const state::SlotStore &store, SlotActionRunner *runner, QWidget *parent)
    : QFrame(parent), m_slot(slotIndex), m_store(store), m_runner(runner)
{
    setObjectName(QStringLiteral("slotCard%1").arg(slotIndex));
    setFrameShape(QFrame::StyledPanel);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);

    const int em = fontMetrics().height();
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(em * 3 / 4, em / 3, em / 3, em / 3);
    outer->setSpacing(em / 4);

    // header: title, state badges, then the next step, all actions and details — on the same
    // line when the card is wide enough, else on a line of their own (relayoutHeader)
    m_header = new QHBoxLayout;
    m_header->setSpacing(em / 3);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("title"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_network = new StateBadge(this);
    m_network->setObjectName(QStringLiteral("network"));
    m_mqtt = new StateBadge(this);
    m_mqtt->setObjectName(QStringLiteral("mqtt"));
    m_buttons = new QWidget(this);
    auto *buttons = new QHBoxLayout(m_buttons);
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->setSpacing(em / 3);
    m_next = new QPushButton(m_buttons);
    m_next->setObjectName(QStringLiteral("nextStep"));
    m_next->setFont(bold);
    m_next->setCursor(Qt::ArrowCursor);
    m_actionsButton = new QToolButton(m_buttons);
    m_actionsButton->setObjectName(QStringLiteral("actions"));
    m_actionsButton->setPopupMode(QToolButton::InstantPopup);
    m_actionsButton->setCursor(Qt::ArrowCursor);
    m_detailsButton = new QToolButton(m_buttons);
    m_detailsButton->setObjectName(QStringLiteral("details"));
    m_detailsButton->setCursor(Qt::ArrowCursor);
    buttons->addWidget(m_next);
    buttons->addWidget(m_actionsButton);
    buttons->addWidget(m_detailsButton);
    m_header->addWidget(m_title);
    m_header->addWidget(m_network);
    m_header->addWidget(m_mqtt);
    m_header->addStretch(1);
    m_header->addWidget(m_buttons);
    outer->addLayout(m_header);
    m_buttonRow = new QHBoxLayout;
    m_buttonRow->addStretch(1);
    outer->addLayout(m_buttonRow);

    m_menu = new QMenu(this);
    QAction *details = m_menu->addAction(QString());
    details->setObjectName(QStringLiteral("detailsAction"));
    connect(details, &QAction::triggered, this, [this] { emit detailsRequested(m_slot); });
    m_menu->addSeparator();
    for (int i = 0; i < state::kSlotActionCount; ++i) {
        const auto a = SlotAction(i);
        if (a == SlotAction::Disconnect || a == SlotAction::ReadStored)
            m_menu->addSeparator();
        QAction *act = m_menu->addAction(QString());
        connect(act, &QAction::triggered, this, [this, a] { m_runner->trigger(m_slot, a, window()); });
        m_actions[std::size_t(i)] = act;
    }
    m_menu->setToolTipsVisible(true);
    m_actionsButton->setMenu(m_menu);
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_nextStep != SlotAction::Count_)
            m_runner->trigger(m_slot, m_nextStep, window());
    });
    connect(m_detailsButton, &QToolButton::clicked, this, [this] { emit detailsRequested(m_slot); });

    // body: everything about a slot in use
    m_body = new QWidget(this);
    auto *form = m_form = new QFormLayout(m_body);
    form->setContentsMargins(0, 0, 0, 0);
    form->setVerticalSpacing(em / 6);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto row = [&](const QString &name) {
        auto *l = new ElidedLabel(m_body);
        l->setObjectName(name);
        form->addRow(new QLabel(m_body), l); // its text: retranslate()
        return l;
    };
    m_endpoint = row(QStringLiteral("endpoint"));
    m_clientId = row(QStringLiteral("clientId"));
    m_subscriptions = row(QStringLiteral("subscriptions"));
    m_traffic = new QLabel(m_body);
    m_traffic->setObjectName(QStringLiteral("traffic"));
    m_traffic->setWordWrap(true);
    form->addRow(new QLabel(m_body), m_traffic);
    m_lastMessage = row(QStringLiteral("lastMessage"));
    outer->addWidget(m_body);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fix = new QLabel(this);
    m_fix->setObjectName(QStringLiteral("fix"));
    m_fix->setWordWrap(true);
    m_fix->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(m_error);
    outer->addWidget(m_fix);

    m_result = new ElidedLabel(this);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->hide();
    outer->addWidget(m_result);

    retranslate(); // and refresh()
}

void SlotCard::retranslate()
{
    setToolTip(tr("Click (or press Enter) for the slot's messages, subscriptions and configuration"));
    setAccessibleName(tr("MQTT client slot %1").arg(m_slot));
    m_title->setText(tr("Slot %1").arg(m_slot));
    m_actionsButton->setText(tr("Actions"));
    m_actionsButton->setToolTip(tr("Everything this slot can do"));
    m_detailsButton->setText(tr("Details…"));
    m_detailsButton->setToolTip(tr("Messages, subscriptions and configuration of the slot"));
    if (QAction *details = m_menu->findChild<QAction *>(QStringLiteral("detailsAction"))) {
        details->setText(m_detailsButton->text());
        details->setToolTip(m_detailsButton->toolTip());
    }
    for (int i = 0; i < state::kSlotActionCount; ++i) {
        QAction *act = m_actions[std::size_t(i)];
        act->setText(slotActionText(SlotAction(i)));
        act->setToolTip(slotActionToolTip(SlotAction(i)));
        act->setStatusTip(act->toolTip());
    }
    auto label = [this](QWidget *field, const QString &text) {
        if (auto *l = qobject_cast<QLabel *>(m_form->labelForField(field)))
            l->setText(text);
    };
    label(m_endpoint, tr("Broker:"));
    label(m_clientId, tr("Client ID:"));
    label(m_subscriptions, tr("Subscribed:"));
    label(m_traffic, tr("Messages:"));
    label(m_lastMessage, tr("Last received:"));
    // the badges, the body, the error and the next step from the slot's state; the result line
    // from what it tells
    refresh();
    if (m_resultLine.kind != ResultLine::Kind::None)
        m_result->setText(resultLineText());
}

Tone SlotCard::overallTone() const
{
    const state::ClientSlot &s = m_store.slot(m_slot);
    if (s.mqtt == state::MqttState::Connected)
        return Tone::Good;
    if (s.network == state::NetState::Failed || s.lastError.isSet())
        return Tone::Bad;
    if (s.network != state::NetState::Closed || s.mqtt == state::MqttState::Connecting ||
        s.mqtt == state::MqttState::Disconnecting)
        return Tone::Busy;
    return Tone::Neutral;
}

void SlotCard::refresh()
{
    const state::ClientSlot &s = m_store.slot(m_slot);
    using state::SlotTableModel;
    m_network->setState(tr("network %1").arg(SlotTableModel::netStateText(s.network)), netTone(s.network));
    m_mqtt->setState(tr("MQTT %1").arg(SlotTableModel::mqttStateText(s.mqtt)), mqttTone(s.mqtt));
    const bool unknown = s.network == state::NetState::Unknown || s.mqtt == state::MqttState::Unknown;
    const QString since =
        unknown ? tr("State unknown since the port was lost at %1: read the configuration to ask the module.")
                      .arg(state::MessageModel::timeText(s.unknownSinceUs))
                : QString();
    m_network->setToolTip(since.isEmpty() ? tr("Network (AT+QMTOPEN)") : since);
    m_mqtt->setToolTip(since.isEmpty() ? tr("MQTT connection (AT+QMTCONN)") : since);

    const bool inUse = s.network != state::NetState::Closed ||
                       (s.mqtt != state::MqttState::Idle && s.mqtt != state::MqttState::Disconnected) ||
                       s.lastError.isSet() || !s.subscriptions.empty() || s.counters.received > 0 ||
                       s.counters.published > 0 || s.storedCount() > 0;
    m_compact = !inUse;
    m_body->setVisible(inUse);

    QString endpoint =
        s.host.isEmpty() ? tr("none") : QStringLiteral("%1:%2").arg(QString::fromUtf8(s.host)).arg(s.port);
    endpoint += QStringLiteral(" · ") +
                (s.config.sslEnabled ? tr("SSL context %1").arg(s.config.sslCtx) : tr("no SSL"));
    m_endpoint->setText(endpoint);
    m_clientId->setText(s.clientId.isEmpty() ? tr("none") : QString::fromUtf8(s.clientId));
    QStringList subs;
    for (const state::Subscription &sub : s.subscriptions)
        subs << tr("%1 (QoS %2)")
                    .arg(QString::fromUtf8(sub.topic))
                    .arg(sub.grantedQos >= 0 ? sub.grantedQos : sub.requestedQos);
    m_subscriptions->setText(subs.isEmpty() ? tr("nothing") : subs.join(QStringLiteral(", ")));

    QStringList traffic{tr("%n published", nullptr, int(s.counters.published)),
                        tr("%n received", nullptr, int(s.counters.received)),
                        tr("%n in flight", nullptr, int(s.inFlight.size()))};
    if (s.counters.publishFailed > 0)
        traffic << tr("%n failed", nullptr, int(s.counters.publishFailed));
    if (s.config.recvMode == 1 || s.storedCount() > 0) {
        QStringList buffers;
        for (int i = 0; i < state::kRecvBufferSize; ++i)
            if (s.stored[std::size_t(i)])
                buffers << QString::number(i);
        traffic << (buffers.isEmpty() ? tr("none stored")
                                      : tr("%n stored (buffers %1)", nullptr, int(buffers.size()))
                                            .arg(buffers.join(QStringLiteral(", "))));
    }
    m_traffic->setText(traffic.join(QStringLiteral(" · ")));
    if (s.messages.empty()) {
        m_lastMessage->setText(tr("nothing yet"));
    } else {
        const state::ReceivedMessage &m = s.messages.back();
        m_lastMessage->setText(tr("%1  %2: %3")
                                   .arg(state::MessageModel::timeText(m.timeUs), QString::fromUtf8(m.topic),
                                        state::MessageModel::payloadPreview(m.payload, 200)));
    }

    if (s.lastError.isSet()) {
        // The root cause first (with its fix below); what it caused after it.
        QString error = tr("Last error — %1 %2: %3")
                            .arg(QString::fromUtf8(s.lastError.source))
                            .arg(s.lastError.code)
                            .arg(s.lastError.text());
        if (s.lastStat.isSet() && s.lastStat.timeUs >= s.lastError.timeUs &&
            s.lastStat.source != s.lastError.source)
            error += QLatin1Char(' ') + tr("— then %1 %2: %3")
                                            .arg(QString::fromUtf8(s.lastStat.source))
                                            .arg(s.lastStat.code)
                                            .arg(s.lastStat.text());
        m_error->setText(error);
        const QString fix = s.lastError.fix();
        m_fix->setText(fix.isEmpty() ? QString() : tr("Fix: %1").arg(fix));
        m_fix->setVisible(!fix.isEmpty());
        m_error->show();
    } else {
        m_error->clear();
        m_fix->clear();
        m_error->hide();
        m_fix->hide();
    }

    // The result line tells the latest outcome, also of commands sent from elsewhere (console,
    // forms, sequences) after the card's own. "+QMTCONN: 0,0,5" names the command it answers;
    // "OK" and "ERROR" need the name.
    if (s.lastOutcome.isSet() && s.lastOutcome.timeUs > m_resultAfterUs) {
        ResultLine line;
        line.kind = ResultLine::Kind::Latest;
        line.latest = s.lastOutcome;
        setResult(line);
    }

    for (int i = 0; i < state::kSlotActionCount; ++i) {
        const auto a = SlotAction(i);
        m_actions[std::size_t(i)]->setEnabled(m_portOpen && state::isActionUseful(s, a));
    }
    m_nextStep = state::nextStep(s);
    m_next->setVisible(m_nextStep != SlotAction::Count_);
    if (m_nextStep != SlotAction::Count_) {
        m_next->setText(slotActionText(m_nextStep));
        m_next->setToolTip(m_portOpen ? slotActionToolTip(m_nextStep) : tr("Open the module's port first"));
    }
    m_next->setEnabled(m_portOpen);
    m_actionsButton->setEnabled(m_portOpen);
    applyTones();
    relayoutHeader();
    update();
}

void SlotCard::relayoutHeader()
{
    // Everything on one line when it fits; else the buttons (all of them, Details too) on a line
    // below. The badges give way (elided) when even the title and badges do not fit a line.
    const int spacing = m_header->spacing();
    auto hintWidth = [](QWidget *w) { return w->isVisibleTo(w->parentWidget()) ? w->sizeHint().width() : 0; };
    const QMargins margins = layout()->contentsMargins();
    const int available = (m_availableWidth > 0 ? m_availableWidth : width()) - margins.left() -
                          margins.right() - 2 * frameWidth();
    const int left = m_title->sizeHint().width() + m_network->sizeHint().width() +
                     m_mqtt->sizeHint().width() + 3 * spacing;
    const int buttons = hintWidth(m_next) + m_actionsButton->sizeHint().width() + 2 * spacing;
    const int details = m_detailsButton->sizeHint().width() + spacing;
    const bool wrap = left + buttons + details > available;
    QBoxLayout *want = wrap ? m_buttonRow : m_header;
    if (m_buttons->parentWidget() && want->indexOf(m_buttons) < 0) {
        (wrap ? m_header : m_buttonRow)->removeWidget(m_buttons);
        want->addWidget(m_buttons);
    }
}

void SlotCard::setAvailableWidth(int width)
{
    m_availableWidth = width;
    relayoutHeader();
}

void SlotCard::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    relayoutHeader();
}

void SlotCard::applyTones()
{
    setToneText(m_error, Tone::Bad);
    setToneText(m_fix, Tone::Neutral);
    setToneText(m_result, m_resultTone);
}

void SlotCard::setPortOpen(bool open)
{
    m_portOpen = open;
    refresh();
}

void SlotCard::setResult(const ResultLine &line)
{
    m_resultAfterUs = m_store.slot(m_slot).lastOutcome.timeUs;
    m_resultLine = line;
    // a label that is an action's text follows the language with it
    m_resultLine.action = -1;
    for (int i = 0; i < state::kSlotActionCount && !line.label.isEmpty(); ++i)
        if (line.label == slotActionText(SlotAction(i)))
            m_resultLine.action = i;
    switch (line.kind) {
    case ResultLine::Kind::Sent:
        m_resultTone = Tone::Busy;
        break;
    case ResultLine::Kind::Finished:
        m_resultTone = line.result.succeeded() ? Tone::Good : Tone::Bad;
        break;
    case ResultLine::Kind::Refused:
        m_resultTone = Tone::Bad;
        break;
    case ResultLine::Kind::Latest:
        m_resultTone = line.latest.ok ? Tone::Good : Tone::Bad;
        break;
    case ResultLine::Kind::None:
        m_resultTone = Tone::Neutral;
        break;
    }
    const QString text = resultLineText();
    m_result->setText(text);
    m_result->setVisible(!text.isEmpty());
    setToneText(m_result, m_resultTone);
}

QString SlotCard::resultLineText() const
{
    const ResultLine &r = m_resultLine;
    const QString label = r.action >= 0 ? slotActionText(SlotAction(r.action)) : r.label;
    switch (r.kind) {
    case ResultLine::Kind::None:
        return {};
    case ResultLine::Kind::Sent:
        return tr("%1 — waiting for the module…").arg(label);
    case ResultLine::Kind::Finished:
        return tr("%1 — %2 (%3 ms)").arg(label, r.result.describe()).arg(r.result.elapsedMs);
    case ResultLine::Kind::Refused:
        return tr("%1 — not sent: %2").arg(label, r.why);
    case ResultLine::Kind::Latest: {
        // "+QMTCONN: 0,0,5" names the command it answers; "OK" and "ERROR" need the name
        const QString answer = QString::fromUtf8(r.latest.answer);
        return answer.startsWith(QLatin1Char('+'))
                   ? tr("Latest — %1").arg(answer)
                   : tr("Latest — AT+%1: %2").arg(QLatin1String(at::cmdName(r.latest.cmd)), answer);
    }
    }
    return {};
}

void SlotCard::showSent(const QString &label)
{
    ResultLine line;
    line.kind = ResultLine::Kind::Sent;
    line.label = label;
    setResult(line);
}

void SlotCard::showFinished(const QString &label, const session::CommandResult &r)
{
    ResultLine line;
    line.kind = ResultLine::Kind::Finished;
    line.label = label;
    line.result = r;
    setResult(line);
}

void SlotCard::showRefused(const QString &label, const QString &why)
{
    ResultLine line;
    line.kind = ResultLine::Kind::Refused;
    line.label = label;
    line.why = why;
    setResult(line);
}

QString SlotCard::resultText() const
{
    return m_result->text();
}

void SlotCard::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        emit detailsRequested(m_slot);
    QFrame::mouseReleaseEvent(event);
}

void SlotCard::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        emit detailsRequested(m_slot);
        return;
    default:
        QFrame::keyPressEvent(event);
    }
}

void SlotCard::contextMenuEvent(QContextMenuEvent *event)
{
    if (!m_portOpen)
        return;
    m_menu->popup(event->reason() == QContextMenuEvent::Mouse
                      ? event->globalPos()
                      : mapToGlobal(m_actionsButton->geometry().bottomLeft()));
}

void SlotCard::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    QPainter p(this);
    const int stripe = std::max(3, fontMetrics().height() / 4);
    p.fillRect(QRect(0, 0, stripe, height()), toneColor(overallTone(), palette()));
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(rect().adjusted(1, 1, -1, -1));
    }
}

void SlotCard::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyTones();
    else if (event->type() == QEvent::LanguageChange)
        retranslate();
}

} // namespace qmt::ui
