// SPDX-License-Identifier: Apache-2.0
#include "formspanel.h"

#include "formfields.h"
#include "formwidget.h"
#include "io/commandbatch.h"
#include "io/session.h"
#include "engine/cfgformvalues.h"
#include "uicontext.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace qmt::ui {

namespace {

constexpr int kIdRole = Qt::UserRole;
constexpr int kSearchRole = Qt::UserRole + 1;

const QString kCurrentKey = QStringLiteral("forms/current");
const QString kSplitterKey = QStringLiteral("forms/splitter");
const QString kReadSlotKey = QStringLiteral("forms/readSlot");

// The read-back of every AT+QMTCFG setting of client idx, with the setting each one reads.
// Commands the builders refuse are left out, their reasons added to *refused.
struct ReadBack
{
    at::CfgSetting setting;
    at::AtCommand command;
};
QList<ReadBack> readBackCommands(const at::Builders &b, int idx, QStringList *refused)
{
    QList<ReadBack> out;
    const QList<at::AtCommand> reads = b.cfgReadAll(idx);
    if (reads.isEmpty())
        *refused << b.cfgRead(at::CfgSetting::Version, idx).error.value_or(at::BuildError{}).message;
    for (const at::AtCommand &c : reads)
        out << ReadBack{at::CfgSetting(c.setting), c};
    return out;
}

} // namespace

FormsPanel::FormsPanel(UiContext &ctx, QWidget *parent)
    : QWidget(parent), m_ctx(ctx), m_session(ctx.session), m_rangeTimer(new QTimer(this)),
      m_search(new QLineEdit(this)), m_list(new QTreeWidget(this)), m_stack(new QStackedWidget(this)),
      m_split(new QSplitter(Qt::Horizontal, this)), m_readSlot(new QSpinBox(this)),
      m_readButton(new QPushButton(this)), m_readStatus(new QLabel(this)), m_rangeSource(new QLabel(this))
{
    setObjectName(QStringLiteral("formsPanel"));
    m_rangeTimer->setSingleShot(true);
    m_rangeTimer->setInterval(0);
    connect(m_rangeTimer, &QTimer::timeout, this, &FormsPanel::refreshRanges);
    if (m_session) {
        m_ranges = m_session->isOpen() ? m_session->store().module().ranges : at::RangeTable::defaults();
        // The module's =? answers change the ranges; look at them once the burst is over.
        m_observer = m_session->pipeline().addObserver([this](const at::AtEvent &ev) {
            if (ev.what == at::What::CfgRanges || ev.what == at::What::TestRanges)
                m_rangeTimer->start();
        });
        connect(m_session, &session::Session::opened, this, &FormsPanel::refreshRanges);
        connect(m_session, &session::Session::closed, this, &FormsPanel::refreshRanges);
    }

    // ---- left: search and the grouped list ----
    auto *left = new QWidget(m_split);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setClearButtonEnabled(true);
    leftLayout->addWidget(m_search);
    m_list->setObjectName(QStringLiteral("commands"));
    m_list->setHeaderHidden(true);
    m_list->setColumnCount(1);
    m_list->setUniformRowHeights(true);
    leftLayout->addWidget(m_list);
    leftLayout->addWidget(m_rangeSource);

    // ---- right: read-back bar and the forms ----
    auto *right = new QWidget(m_split);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_slotLabel = new QLabel(right);
    auto *slotLabel = m_slotLabel;
    m_readSlot->setObjectName(QStringLiteral("readSlot"));
    slotLabel->setBuddy(m_readSlot);
    m_readButton->setObjectName(QStringLiteral("readFromModule"));
    m_readStatus->setObjectName(QStringLiteral("readStatus"));
    m_readStatus->setWordWrap(true);
    m_rangeSource->setObjectName(QStringLiteral("rangeSource"));
    bar->addWidget(slotLabel);
    bar->addWidget(m_readSlot);
    bar->addWidget(m_readButton);
    bar->addWidget(m_readStatus, 1);
    rightLayout->addLayout(bar);
    rightLayout->addWidget(m_stack, 1);

    m_split->addWidget(left);
    m_split->addWidget(right);
    m_split->setStretchFactor(0, 0); // a wider window widens the forms, not the list
    m_split->setStretchFactor(1, 1);
    m_split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_split);

    buildList();
    retranslate();
    refreshRanges();

    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item)
            return;
        const QByteArray id = item->data(0, kIdRole).toString().toLatin1();
        if (form(id)) {
            m_stack->setCurrentWidget(m_pages.value(id));
            QSettings().setValue(kCurrentKey, QString::fromLatin1(id));
        }
    });
    connect(m_search, &QLineEdit::textChanged, this, &FormsPanel::applyFilter);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        // Enter takes the first match and moves on to its form.
        for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
            QTreeWidgetItem *group = m_list->topLevelItem(g);
            for (int i = 0; i < group->childCount(); ++i)
                if (!group->child(i)->isHidden()) {
                    m_list->setCurrentItem(group->child(i));
                    if (FormWidget *f = currentForm())
                        f->nextInFocusChain()->setFocus(Qt::TabFocusReason);
                    return;
                }
        }
    });
    auto *find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    connect(m_readButton, &QPushButton::clicked, this, [this] { readFromModule(m_readSlot->value()); });
    connect(m_readSlot, &QSpinBox::valueChanged, this, [](int v) { QSettings().setValue(kReadSlotKey, v); });

    const QSettings settings;
    m_readSlot->setValue(settings.value(kReadSlotKey, 0).toInt());
    m_splitRestored = m_split->restoreState(settings.value(kSplitterKey).toByteArray());
    if (!showForm(settings.value(kCurrentKey).toString().toLatin1()))
        showForm("cfg.keepalive");
}

FormsPanel::~FormsPanel()
{
    QSettings().setValue(kSplitterKey, m_split->saveState());
    if (m_session && m_observer)
        m_session->pipeline().removeObserver(m_observer);
}

void FormsPanel::buildList()
{
    QHash<int, QTreeWidgetItem *> groups;
    for (int g = 0; g < int(at::FormGroup::Count_); ++g) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setFlags(Qt::ItemIsEnabled);
        QFont f = item->font(0);
        f.setBold(true);
        item->setFont(0, f);
        groups.insert(g, item);
    }
    for (const at::FormSpec &spec : at::allForms()) {
        QTreeWidgetItem *group = groups.value(int(spec.group));
        auto *item = new QTreeWidgetItem(group);
        const QString syntax = QString::fromUtf8(spec.syntax);
        item->setToolTip(0, syntax);
        item->setStatusTip(0, syntax);
        item->setData(0, kIdRole, QString::fromLatin1(spec.id));
        m_items.insert(spec.id, item);
    }
    m_list->expandAll();
}

void FormsPanel::retranslate()
{
    m_search->setPlaceholderText(tr("Search commands (Ctrl+F)"));
    m_slotLabel->setText(tr("Configuration of client:"));
    m_readSlot->setToolTip(tr("The client (client_idx) whose AT+QMTCFG settings to read"));
    m_readButton->setText(tr("Read from module"));
    m_readButton->setToolTip(tr("Read every AT+QMTCFG setting of this client back and fill the forms"));
    for (int g = 0; g < m_list->topLevelItemCount(); ++g)
        m_list->topLevelItem(g)->setText(0, at::formGroupTitle(at::FormGroup(g)));
    for (const at::FormSpec &spec : at::allForms()) {
        QTreeWidgetItem *item = m_items.value(spec.id);
        item->setText(0, spec.titleText());
        // What the search looks at: the words in both the user's language and the spec's.
        item->setData(0, kSearchRole,
                      QStringList{spec.titleText(), QString::fromUtf8(spec.syntax), spec.summaryText(),
                                  item->parent()->text(0), QString::fromLatin1(spec.id),
                                  QString::fromUtf8(spec.title)}
                          .join(QLatin1Char('\n')));
    }
    applyFilter(m_search->text());
}

void FormsPanel::showEvent(QShowEvent *e)
{
    QWidget::showEvent(e);
    if (m_splitRestored)
        return;
    m_splitRestored = true;
    // The first time, once the layout has its size: the list as wide as its longest title.
    QTimer::singleShot(0, this, [this] {
        const QFontMetrics fm(m_list->font());
        int text = 0;
        for (QTreeWidgetItem *item : std::as_const(m_items))
            text = std::max(text, fm.horizontalAdvance(item->text(0)));
        const int list = text + 2 * m_list->indentation() + fm.averageCharWidth() * 2 +
                         m_list->verticalScrollBar()->sizeHint().width() + 2 * m_list->frameWidth();
        m_split->setSizes({list, std::max(m_split->width() - list, list)});
    });
}

void FormsPanel::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) {
        retranslate();
        refreshRanges();
    }
}

void FormsPanel::applyFilter(const QString &text)
{
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_list->topLevelItem(g);
        bool any = false;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem *item = group->child(i);
            const QString haystack = item->data(0, kSearchRole).toString();
            const bool match = std::all_of(words.cbegin(), words.cend(), [&](const QString &w) {
                return haystack.contains(w, Qt::CaseInsensitive);
            });
            item->setHidden(!match);
            any = any || match;
        }
        group->setHidden(!any);
        if (any)
            group->setExpanded(true);
    }
}

FormWidget *FormsPanel::form(QByteArrayView id)
{
    const QByteArray key = id.toByteArray();
    if (FormWidget *f = m_forms.value(key))
        return f;
    const at::FormSpec *spec = nullptr;
    for (const at::FormSpec &s : at::allForms())
        if (s.id == key)
            spec = &s;
    if (!spec)
        return nullptr;
    auto *w = new FormWidget(*spec, m_ctx, &m_ranges);
    auto *page = new QScrollArea(m_stack);
    page->setWidgetResizable(true);
    page->setFrameShape(QFrame::NoFrame);
    page->setWidget(w);
    m_stack->addWidget(page);
    m_forms.insert(key, w);
    m_pages.insert(key, page);
    // Read from module filled the forms that existed; this one gets its values now.
    const auto read = m_readValues.constFind(key);
    if (read != m_readValues.cend()) {
        w->setReadBack(false);
        w->setValues(*read);
        m_readValues.erase(read);
    }
    return w;
}

FormWidget *FormsPanel::currentForm() const
{
    auto *page = qobject_cast<QScrollArea *>(m_stack->currentWidget());
    return page ? qobject_cast<FormWidget *>(page->widget()) : nullptr;
}

bool FormsPanel::showForm(QByteArrayView id)
{
    QTreeWidgetItem *item = m_items.value(id.toByteArray());
    if (!item)
        return false;
    if (item->isHidden()) {
        m_search->clear();
    }
    m_list->setCurrentItem(item);
    m_list->scrollToItem(item);
    if (form(id))
        m_stack->setCurrentWidget(m_pages.value(id.toByteArray()));
    return true;
}

void FormsPanel::refreshRanges()
{
    const bool fromModule = m_session && m_session->isOpen();
    m_ranges = fromModule ? m_session->store().module().ranges : at::RangeTable::defaults();
    const at::Range idx = m_ranges.range(at::Param::ClientIdx);
    if (!idx.isEmpty())
        m_readSlot->setRange(int(idx.min()), int(idx.max()));
    m_rangeSource->setText(fromModule ? tr("Ranges: the module's") : tr("Ranges: the specification's"));
    m_rangeSource->setToolTip(
        fromModule ? tr("Inputs are limited by what the module answered to the test forms (=?)")
                   : tr("Not connected: inputs are limited by PROTOCOL.md's ranges"));
    for (FormWidget *f : std::as_const(m_forms))
        f->applyRanges();
}

void FormsPanel::readFromModule(int idx)
{
    if (isReading())
        return;
    if (!m_session || !m_session->isOpen()) {
        m_readStatus->setText(tr("Not connected: open a port first"));
        setErrorStyle(m_readStatus, true);
        return;
    }
    m_readIdx = idx;
    m_readFailures.clear();
    m_readSettings.clear();
    QList<at::AtCommand> commands;
    for (const ReadBack &r : readBackCommands(at::Builders(m_ranges), idx, &m_readFailures)) {
        m_readSettings << r.setting;
        commands << r.command;
    }
    if (commands.isEmpty()) {
        m_readStatus->setText(m_readFailures.value(0, tr("Nothing was sent")));
        setErrorStyle(m_readStatus, true);
        return;
    }
    m_reading = new session::CommandBatch(&m_session->channel(), commands,
                                          session::CommandBatch::Policy::ContinueAfterFailure, this);
    connect(m_reading, &session::CommandBatch::finished, this, &FormsPanel::onReadBackFinished);
    m_reading->start();
    m_readButton->setEnabled(false);
    m_readStatus->setText(tr("Reading the configuration of client %1…").arg(idx));
    setErrorStyle(m_readStatus, false);
}

void FormsPanel::onReadBackFinished()
{
    session::CommandBatch *batch = m_reading;
    m_reading = nullptr;
    batch->deleteLater();
    QList<at::CfgSetting> answered;
    QStringList failures = m_readFailures;
    const QList<session::CommandResult> &results = batch->results();
    for (int i = 0; i < results.size(); ++i) {
        if (results[i].succeeded())
            answered << m_readSettings[i];
        else
            failures << tr("%1: %2").arg(QLatin1String(at::cfgSettingName(m_readSettings[i])),
                                         results[i].describe());
    }
    const int asked = batch->count();

    m_readButton->setEnabled(true);
    if (m_session && m_readIdx >= 0 && m_readIdx < state::kSlotCount) {
        const state::SlotConfig &config = m_session->store().slot(m_readIdx).config;
        for (at::CfgSetting done : std::as_const(answered)) {
            const QByteArray id = at::cfgForm(done)->id;
            const at::FormValues values = state::cfgFormValues(done, m_readIdx, config);
            if (FormWidget *f = builtForm(id)) {
                f->setReadBack(false);
                f->setValues(values);
            } else {
                m_readValues.insert(id, values); // given when the form is built
            }
        }
    }
    if (failures.isEmpty()) {
        m_readStatus->setText(
            tr("The forms show the configuration of client %1 as the module holds it").arg(m_readIdx));
        setErrorStyle(m_readStatus, false);
    } else {
        m_readStatus->setText(tr("Read %1 of %2 settings of client %3; %4")
                                  .arg(answered.size())
                                  .arg(asked)
                                  .arg(m_readIdx)
                                  .arg(failures.join(QLatin1String("; "))));
        setErrorStyle(m_readStatus, true);
    }
    emit readBackFinished(m_readIdx, int(answered.size()), asked);
}

// ---- the panel factory of uicontext.h ----

QWidget *createFormsPanel(UiContext &ctx, QWidget *parent)
{
    return new FormsPanel(ctx, parent);
}

} // namespace qmt::ui
