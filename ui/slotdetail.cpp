// SPDX-License-Identifier: Apache-2.0
#include "slotdetail.h"

#include "at/settings.h"

#include "dashboardstyle.h"
#include "io/session.h"
#include "slotactions.h"
#include "models/messagemodel.h"
#include "models/slottablemodel.h"
#include "models/subscriptionmodel.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace qmt::ui {

using state::MessageModel;
using state::SlotAction;
using state::SubscriptionModel;

namespace {

const QString kViewKey = QStringLiteral("dashboard/payloadView");
const QString kGeometryKey = QStringLiteral("dashboard/detailGeometry");
const QString kSplitterKey = QStringLiteral("dashboard/detailSplitter");

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() +
                                                  view->fontMetrics().height() / 2);
    view->horizontalHeader()->setStretchLastSection(false);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

} // namespace

SlotDetailDialog::SlotDetailDialog(int slotIndex, session::Session *session, SlotActionRunner *runner,
                                   QWidget *parent)
    : QDialog(parent), m_slot(slotIndex), m_session(session), m_runner(runner)
{
    setObjectName(QStringLiteral("slotDetail%1").arg(slotIndex));
    setModal(false);
    setSizeGripEnabled(true);
    m_messageModel = new MessageModel(&session->store(), slotIndex, this);
    m_messageModel->attach(session->pipeline());
    m_subscriptionModel = new SubscriptionModel(&session->store(), slotIndex, this);
    m_subscriptionModel->attach(session->pipeline());

    const int em = fontMetrics().height();
    auto *layout = new QVBoxLayout(this);

    auto *header = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("title"));
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    m_network = new StateBadge(this);
    m_mqtt = new StateBadge(this);
    m_summary = new QLabel(this);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    header->addWidget(m_title);
    header->addWidget(m_network);
    header->addWidget(m_mqtt);
    header->addSpacing(em / 2);
    header->addWidget(m_summary, 1);
    layout->addLayout(header);

    auto label = [this](const QString &name) {
        auto *l = new QLabel(this);
        l->setObjectName(name);
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return l;
    };
    m_error = label(QStringLiteral("error"));
    m_fix = label(QStringLiteral("fix"));
    m_lastStat = label(QStringLiteral("lastStat"));
    layout->addWidget(m_error);
    layout->addWidget(m_fix);
    layout->addWidget(m_lastStat);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(makeMessagesTab(), QString());
    m_tabs->addTab(makeSubscriptionsTab(), QString());
    m_tabs->addTab(makeConfigTab(), QString());
    layout->addWidget(m_tabs, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);

    QSettings settings;
    const int view = settings.value(kViewKey, 0).toInt();
    setPayloadView(view == 1 ? PayloadView::Hex : view == 2 ? PayloadView::Json : PayloadView::Text);
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(em * 50, em * 36);

    connect(m_messageModel, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onMessagesInserted(first, last); });
    connect(m_messageModel, &QAbstractItemModel::rowsRemoved, this, [this] { updateTabTitles(); });
    connect(m_messageModel, &QAbstractItemModel::modelReset, this, [this] {
        updateTabTitles();
        showPayload();
    });
    connect(m_subscriptionModel, &QAbstractItemModel::rowsInserted, this, [this] { updateTabTitles(); });
    connect(m_subscriptionModel, &QAbstractItemModel::rowsRemoved, this, [this] { updateTabTitles(); });
    connect(m_subscriptionModel, &QAbstractItemModel::modelReset, this, [this] { updateTabTitles(); });
    retranslate(); // and refresh()
    // the newest message is the one a user wants to see first
    if (m_messageModel->rowCount() > 0)
        selectMessage(m_messageModel->rowCount() - 1);
}

SlotDetailDialog::~SlotDetailDialog() = default;

QWidget *SlotDetailDialog::makeMessagesTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *split = new QSplitter(Qt::Vertical, page);
    split->setObjectName(QStringLiteral("messageSplitter"));
    split->setChildrenCollapsible(false);
    m_messages = makeTable(m_messageModel, split);
    m_messages->setObjectName(QStringLiteral("messages"));
    auto *hh = m_messages->horizontalHeader();
    hh->setSectionResizeMode(QHeaderView::ResizeToContents);
    hh->setSectionResizeMode(MessageModel::PayloadColumn, QHeaderView::Stretch);
    hh->setSectionResizeMode(MessageModel::TopicColumn, QHeaderView::Interactive);
    hh->resizeSection(MessageModel::TopicColumn, fontMetrics().averageCharWidth() * 24);
    connect(m_messages->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { showPayload(); });
    // Copying a message: the table's context menu, Ctrl+C on the table, the Copy button.
    const char *copyNames[] = {"copyPayload", "copyTopic", "copyHex", "copyJson"};
    for (int i = 0; i < 4; ++i) {
        auto *a = new QAction(this);
        a->setObjectName(QLatin1String(copyNames[i]));
        connect(a, &QAction::triggered, this, [this, i] { copy(CopyWhat(i)); });
        m_copyActions[i] = a;
    }
    QAction *copyPayload = m_copyActions[int(CopyWhat::Payload)];
    copyPayload->setShortcut(QKeySequence::Copy);
    copyPayload->setShortcutContext(Qt::WidgetShortcut);
    m_messages->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction *a : m_copyActions)
        m_messages->addAction(a);

    auto *pane = new QWidget(split);
    auto *paneLayout = new QVBoxLayout(pane);
    paneLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_viewButtons = new QButtonGroup(this);
    for (const PayloadView view : {PayloadView::Text, PayloadView::Hex, PayloadView::Json}) {
        auto *b = new QToolButton(pane);
        b->setCheckable(true);
        b->setAutoRaise(false);
        b->setObjectName(QStringLiteral("view%1").arg(int(view)));
        m_viewButtons->addButton(b, int(view));
        bar->addWidget(b);
    }
    connect(m_viewButtons, &QButtonGroup::idClicked, this,
            [this](int id) { setPayloadView(PayloadView(id)); });
    m_messageInfo = new QLabel(pane);
    m_messageInfo->setObjectName(QStringLiteral("messageInfo"));
    m_messageInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addSpacing(fontMetrics().height() / 2);
    bar->addWidget(m_messageInfo, 1);
    // Copy: a click copies the payload, its menu the rest
    m_copyButton = new QToolButton(pane);
    m_copyButton->setObjectName(QStringLiteral("copy"));
    m_copyButton->setPopupMode(QToolButton::MenuButtonPopup);
    auto *copyMenu = new QMenu(m_copyButton);
    for (QAction *a : m_copyActions)
        copyMenu->addAction(a);
    m_copyButton->setMenu(copyMenu);
    connect(m_copyButton, &QToolButton::clicked, this, [this] { copy(CopyWhat::Payload); });
    bar->addWidget(m_copyButton);
    paneLayout->addLayout(bar);
    m_incomplete = new QLabel(pane);
    m_incomplete->setObjectName(QStringLiteral("incomplete"));
    m_incomplete->setWordWrap(true);
    m_incomplete->hide();
    paneLayout->addWidget(m_incomplete);
    m_payload = new QPlainTextEdit(pane);
    m_payload->setObjectName(QStringLiteral("payload"));
    m_payload->setReadOnly(true);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    paneLayout->addWidget(m_payload, 1);
    split->addWidget(m_messages);
    split->addWidget(pane);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->restoreState(QSettings().value(kSplitterKey).toByteArray());
    connect(split, &QSplitter::splitterMoved, this,
            [split] { QSettings().setValue(kSplitterKey, split->saveState()); });
    layout->addWidget(split);
    return page;
}

QWidget *SlotDetailDialog::makeSubscriptionsTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_subscriptions = makeTable(m_subscriptionModel, page);
    m_subscriptions->setObjectName(QStringLiteral("subscriptions"));
    auto *hh = m_subscriptions->horizontalHeader();
    hh->setSectionResizeMode(QHeaderView::ResizeToContents);
    hh->setSectionResizeMode(SubscriptionModel::TopicColumn, QHeaderView::Stretch);
    layout->addWidget(m_subscriptions, 1);
    auto *bar = new QHBoxLayout;
    for (SlotAction a : {SlotAction::Subscribe, SlotAction::Unsubscribe}) {
        auto *b = new QPushButton(page);
        m_actionButtons.append({b, a});
        connect(b, &QPushButton::clicked, this, [this, a] { m_runner->trigger(m_slot, a, this); });
        bar->addWidget(b);
    }
    bar->addStretch(1);
    layout->addLayout(bar);
    return page;
}

QWidget *SlotDetailDialog::makeConfigTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_configNote = new QLabel(page);
    m_configNote->setWordWrap(true);
    layout->addWidget(m_configNote);
    m_config = new QFormLayout;
    for (const at::SettingInfo &row : at::cfgSettings()) { // every AT+QMTCFG sub-command, in spec order
        const char *name = row.name;
        auto *value = new QLabel(page);
        value->setObjectName(QStringLiteral("cfg_%1").arg(QLatin1String(name)));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        m_config->addRow(QStringLiteral("%1:").arg(QLatin1String(name)), value);
    }
    layout->addLayout(m_config);
    layout->addStretch(1);
    auto *bar = new QHBoxLayout;
    auto *read = new QPushButton(page);
    read->setObjectName(QStringLiteral("readConfiguration"));
    m_actionButtons.append({read, SlotAction::ReadConfiguration});
    connect(read, &QPushButton::clicked, this,
            [this] { m_runner->trigger(m_slot, SlotAction::ReadConfiguration, this); });
    bar->addWidget(read);
    bar->addStretch(1);
    layout->addLayout(bar);
    return page;
}

void SlotDetailDialog::refresh()
{
    const state::ClientSlot &s = m_session->store().slot(m_slot);
    using state::SlotTableModel;
    m_network->setState(tr("network %1").arg(SlotTableModel::netStateText(s.network)), netTone(s.network));
    m_mqtt->setState(tr("MQTT %1").arg(SlotTableModel::mqttStateText(s.mqtt)), mqttTone(s.mqtt));
    QStringList summary;
    if (!s.host.isEmpty())
        summary << QStringLiteral("%1:%2").arg(QString::fromUtf8(s.host)).arg(s.port);
    if (!s.clientId.isEmpty())
        summary << tr("client ID %1").arg(QString::fromUtf8(s.clientId));
    summary << tr("%n published", nullptr, int(s.counters.published))
            << tr("%n received", nullptr, int(s.counters.received))
            << tr("%n in flight", nullptr, int(s.inFlight.size()));
    if (s.storedCount() > 0)
        summary << tr("%n stored", nullptr, s.storedCount());
    m_summary->setText(summary.join(QStringLiteral(" · ")));

    if (s.lastError.isSet()) {
        m_error->setText(tr("Last error — %1 %2: %3 (%4)")
                             .arg(QString::fromUtf8(s.lastError.source))
                             .arg(s.lastError.code)
                             .arg(s.lastError.text(), MessageModel::timeText(s.lastError.timeUs)));
        const QString fix = s.lastError.fix();
        m_fix->setText(fix.isEmpty() ? QString() : tr("Fix: %1").arg(fix));
    } else {
        m_error->setText(tr("No error"));
        m_fix->clear();
    }
    m_fix->setVisible(!m_fix->text().isEmpty());
    setToneText(m_error, s.lastError.isSet() ? Tone::Bad : Tone::Neutral);
    if (s.lastStat.isSet()) {
        const QString fix = s.lastStat.fix();
        QString text = tr("Last +%1: %2,%3 — %4 (%5)")
                           .arg(QString::fromUtf8(s.lastStat.source))
                           .arg(m_slot)
                           .arg(s.lastStat.code)
                           .arg(s.lastStat.text(), MessageModel::timeText(s.lastStat.timeUs));
        if (!fix.isEmpty())
            text += QLatin1Char(' ') + tr("Fix: %1").arg(fix);
        m_lastStat->setText(text);
    } else {
        m_lastStat->setText(tr("No +QMTSTAT since the module started"));
    }
    setToneText(m_lastStat, Tone::Neutral);

    for (int row = 0; row < m_config->rowCount(); ++row) {
        auto *value = qobject_cast<QLabel *>(m_config->itemAt(row, QFormLayout::FieldRole)->widget());
        if (value)
            value->setText(at::cfgSettings()[std::size_t(row)].describe(s.config));
    }
    updateTabTitles();
}

void SlotDetailDialog::updateTabTitles()
{
    m_tabs->setTabText(0, tr("&Messages (%1)").arg(m_messageModel->rowCount()));
    m_tabs->setTabText(1, tr("&Subscriptions (%1)").arg(m_subscriptionModel->rowCount()));
    m_tabs->setTabText(2, tr("&Configuration"));
}

void SlotDetailDialog::onMessagesInserted(int first, int last)
{
    updateTabTitles();
    // Follow the newest message while the user looks at the end (nothing selected, or the last
    // message before these arrived); otherwise leave their choice alone.
    const int current = selectedMessage();
    if (current < 0 || current == first - 1) {
        selectMessage(last);
        m_messages->scrollToBottom();
    }
}

void SlotDetailDialog::selectMessage(int row)
{
    if (row < 0 || row >= m_messageModel->rowCount()) {
        m_messages->selectionModel()->clear();
        showPayload();
        return;
    }
    m_messages->selectionModel()->setCurrentIndex(
        m_messageModel->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

int SlotDetailDialog::selectedMessage() const
{
    const QModelIndex current = m_messages->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void SlotDetailDialog::setPayloadView(PayloadView view)
{
    m_view = view;
    if (QAbstractButton *b = m_viewButtons->button(int(view)))
        b->setChecked(true);
    QSettings().setValue(kViewKey, int(view));
    showPayload();
}

QString SlotDetailDialog::payloadText() const
{
    return m_payload->toPlainText();
}

void SlotDetailDialog::showPayload()
{
    updateCopyActions();
    const state::ReceivedMessage *m = m_messageModel->message(selectedMessage());
    if (!m) {
        m_payload->clear();
        m_messageInfo->clear();
        m_incomplete->hide();
        return;
    }
    QString info = tr("%1 · %2 · length %3")
                       .arg(MessageModel::timeText(m->timeUs), QString::fromUtf8(m->topic))
                       .arg(m->payload.size());
    if (m->declaredLength >= 0 && m->declaredLength != m->payload.size())
        info += QStringLiteral(" · ") + tr("<payload_len> %1").arg(m->declaredLength);
    info += QStringLiteral(" · ") + tr("msg ID %1").arg(m->msgId);
    if (m->recvId >= 0)
        info += QStringLiteral(" · ") + tr("from buffer %1").arg(m->recvId);
    m_messageInfo->setText(info);
    if (m->complete) {
        m_incomplete->hide();
    } else {
        m_incomplete->setText(
            tr("Incomplete. %1").arg(MessageModel::incompleteReason(*m, m_session->store().slot(m_slot))));
        setToneText(m_incomplete, Tone::Bad);
        m_incomplete->show();
    }
    switch (m_view) {
    case PayloadView::Text:
        m_payload->setPlainText(MessageModel::payloadText(m->payload));
        break;
    case PayloadView::Hex:
        m_payload->setPlainText(MessageModel::payloadHex(m->payload));
        break;
    case PayloadView::Json: {
        QString error;
        const QString json = MessageModel::payloadJson(m->payload, &error);
        m_payload->setPlainText(
            json.isEmpty() ? error + QStringLiteral("\n\n") + MessageModel::payloadText(m->payload) : json);
        break;
    }
    }
}

void SlotDetailDialog::retranslate()
{
    setWindowTitle(tr("Slot %1 — QMT Scope").arg(m_slot));
    m_title->setText(tr("Slot %1").arg(m_slot));
    m_viewButtons->button(int(PayloadView::Text))->setText(tr("&Text"));
    m_viewButtons->button(int(PayloadView::Hex))->setText(tr("&Hex"));
    m_viewButtons->button(int(PayloadView::Json))->setText(tr("&JSON"));
    m_viewButtons->button(int(PayloadView::Text))->setToolTip(tr("The payload as UTF-8 text (Alt+T)"));
    m_viewButtons->button(int(PayloadView::Hex))->setToolTip(tr("The payload's bytes in hex (Alt+H)"));
    m_viewButtons->button(int(PayloadView::Json))->setToolTip(tr("The payload as indented JSON (Alt+J)"));
    m_payload->setPlaceholderText(tr("Select a message to see its payload"));
    m_copyActions[int(CopyWhat::Payload)]->setText(tr("Copy payload"));
    m_copyActions[int(CopyWhat::Payload)]->setToolTip(
        tr("Copy the selected message's payload as text (%1)")
            .arg(QKeySequence(QKeySequence::Copy).toString(QKeySequence::NativeText)));
    m_copyActions[int(CopyWhat::Topic)]->setText(tr("Copy topic"));
    m_copyActions[int(CopyWhat::Hex)]->setText(tr("Copy as hex"));
    m_copyActions[int(CopyWhat::Hex)]->setToolTip(
        tr("Copy the payload's bytes in hex, a space between bytes"));
    m_copyActions[int(CopyWhat::Json)]->setText(tr("Copy as JSON"));
    m_copyActions[int(CopyWhat::Json)]->setToolTip(
        tr("Copy the payload as indented JSON, keys in the order sent"));
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(m_copyActions[int(CopyWhat::Payload)]->toolTip());
    for (const auto &[button, action] : m_actionButtons) {
        button->setText(slotActionText(action));
        button->setToolTip(slotActionToolTip(action));
    }
    m_configNote->setText(tr("As the traffic has shown it: values never read back or set are the module's "
                             "power-up defaults. “Read configuration” asks the module."));
    for (QTableView *t : {m_messages, m_subscriptions})
        t->horizontalHeader()->headerDataChanged(Qt::Horizontal, 0, t->model()->columnCount() - 1);
    refresh(); // the badges, summary, errors, configuration and tab titles
    showPayload();
}

void SlotDetailDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

QString SlotDetailDialog::copyText(CopyWhat what) const
{
    const state::ReceivedMessage *m = m_messageModel->message(selectedMessage());
    if (!m)
        return {};
    switch (what) {
    case CopyWhat::Payload:
        return MessageModel::payloadText(m->payload);
    case CopyWhat::Topic:
        return QString::fromUtf8(m->topic);
    case CopyWhat::Hex:
        return QString::fromLatin1(m->payload.toHex(' '));
    case CopyWhat::Json:
        return MessageModel::payloadJson(m->payload);
    }
    return {};
}

bool SlotDetailDialog::copy(CopyWhat what)
{
    const QString text = copyText(what);
    if (text.isEmpty())
        return false;
    QApplication::clipboard()->setText(text);
    return true;
}

void SlotDetailDialog::updateCopyActions()
{
    const state::ReceivedMessage *m = m_messageModel->message(selectedMessage());
    for (int i = 0; i < 4; ++i)
        m_copyActions[i]->setEnabled(m != nullptr);
    // a payload that is not JSON has nothing to copy as JSON (and an empty one nothing at all)
    if (m) {
        m_copyActions[int(CopyWhat::Payload)]->setEnabled(!m->payload.isEmpty());
        m_copyActions[int(CopyWhat::Hex)]->setEnabled(!m->payload.isEmpty());
        m_copyActions[int(CopyWhat::Json)]->setEnabled(!MessageModel::payloadJson(m->payload).isEmpty());
    }
    m_copyButton->setEnabled(m != nullptr);
}

void SlotDetailDialog::hideEvent(QHideEvent *event)
{
    QSettings().setValue(kGeometryKey, saveGeometry());
    QDialog::hideEvent(event);
}

} // namespace qmt::ui
