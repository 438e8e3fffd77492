// SPDX-License-Identifier: Apache-2.0
#include "dashboard.h"

#include "dashboardstyle.h"
#include "io/session.h"
#include "slotactions.h"
#include "slotcard.h"
#include "slotdetail.h"
#include "uicontext.h"

#include <QEvent>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace qmt::ui {

DashboardPanel::DashboardPanel(UiContext &ctx, QWidget *parent) : QWidget(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("dashboard"));
    m_runner = new SlotActionRunner(ctx, this);
    session::Session *session = ctx.session;

    const int em = fontMetrics().height();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(em / 3, em / 3, em / 3, 0);
    m_title = new QLabel(tr("MQTT client slots"), this);
    m_title->setObjectName(QStringLiteral("title"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    layout->addWidget(m_hint);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *column = new QWidget(scroll);
    auto *cards = new QVBoxLayout(column);
    cards->setContentsMargins(0, 0, 0, 0);
    cards->setSpacing(em / 3);
    for (int i = 0; i < state::kSlotCount; ++i) {
        auto *card = new SlotCard(i, session->store(), m_runner, column);
        card->setPortOpen(session->isOpen());
        connect(card, &SlotCard::detailsRequested, this, [this](int idx) { showDetail(idx); });
        cards->addWidget(card);
        m_cards[std::size_t(i)] = card;
    }
    cards->addStretch(1);
    scroll->setWidget(column);
    m_viewport = scroll->viewport();
    m_viewport->installEventFilter(this); // the cards fit their buttons to its width
    layout->addWidget(scroll, 1);

    connect(session->slotModel(), &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &tl, const QModelIndex &br) { refreshSlots(tl.row(), br.row()); });
    connect(session->slotModel(), &QAbstractItemModel::modelReset, this,
            [this] { refreshSlots(0, state::kSlotCount - 1); });
    auto portChanged = [this] {
        for (SlotCard *c : m_cards)
            c->setPortOpen(m_ctx.session->isOpen());
        updateHint();
    };
    connect(session, &session::Session::opened, this, portChanged);
    connect(session, &session::Session::closed, this, portChanged);
    connect(m_runner, &SlotActionRunner::commandSent, this,
            [this](int idx, const QString &label) { card(idx)->showSent(label); });
    connect(m_runner, &SlotActionRunner::commandFinished, this,
            [this](int idx, const QString &label, const session::CommandResult &r) {
                card(idx)->showFinished(label, r);
            });
    connect(
        m_runner, &SlotActionRunner::commandRefused, this,
        [this](int idx, const QString &label, const QString &why) { card(idx)->showRefused(label, why); });
    updateHint();
}

DashboardPanel::~DashboardPanel()
{
    for (auto &d : m_details)
        delete d.data(); // top-level windows: they would outlive the panel's window otherwise
}

void DashboardPanel::refreshSlots(int first, int last)
{
    for (int i = std::max(first, 0); i <= std::min(last, state::kSlotCount - 1); ++i) {
        m_cards[std::size_t(i)]->refresh();
        if (m_details[std::size_t(i)])
            m_details[std::size_t(i)]->refresh();
    }
    updateHint();
}

SlotDetailDialog *DashboardPanel::showDetail(int idx)
{
    if (idx < 0 || idx >= state::kSlotCount)
        return nullptr;
    QPointer<SlotDetailDialog> &d = m_details[std::size_t(idx)];
    if (!d)
        d = new SlotDetailDialog(idx, m_ctx.session, m_runner, window());
    d->refresh();
    d->show();
    d->raise();
    d->activateWindow();
    return d;
}

bool DashboardPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport && event->type() == QEvent::Resize)
        for (SlotCard *c : m_cards)
            c->setAvailableWidth(m_viewport->width());
    return QWidget::eventFilter(watched, event);
}

void DashboardPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        // the cards and detail windows retranslate themselves
        m_title->setText(tr("MQTT client slots"));
        updateHint();
    }
    QWidget::changeEvent(event);
}

QString DashboardPanel::hintText() const
{
    return m_hint->text();
}

void DashboardPanel::updateHint()
{
    const session::Session *s = m_ctx.session;
    QString hint;
    if (!s->isOpen()) {
        hint = tr("Open the module's serial port, or start the demo, to use the slots.");
    } else {
        bool anyOpen = false, anyConnected = false, anySubscribed = false, anyReceived = false;
        for (const state::ClientSlot &slot : s->store().allSlots()) {
            anyOpen |= slot.network == state::NetState::Open;
            anyConnected |= slot.mqtt == state::MqttState::Connected;
            anySubscribed |= !slot.subscriptions.empty();
            anyReceived |= !slot.messages.empty();
        }
        if (anyReceived)
            hint.clear();
        else if (anySubscribed)
            hint = tr("Next: “Publish…” to a topic you subscribed to; the message comes back to the slot.");
        else if (anyConnected)
            hint = tr("Next: “Subscribe…” to a topic, then publish to it.");
        else if (anyOpen)
            hint = tr("Next: “Connect…” the slot to the broker as an MQTT client.");
        else
            hint = tr("Start with “Open network…” on a slot, then connect, subscribe and publish; "
                      "click a slot for its messages.");
    }
    m_hint->setText(hint);
    m_hint->setVisible(!hint.isEmpty());
}

QSize DashboardPanel::sizeHint() const
{
    const int em = fontMetrics().height();
    return {em * 30, em * 40};
}

} // namespace qmt::ui
