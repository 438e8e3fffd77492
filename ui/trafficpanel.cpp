// SPDX-License-Identifier: Apache-2.0
#include "trafficpanel.h"

#include "io/session.h"
#include "models/trafficexport.h"
#include "rowview.h"
#include "trafficfollow.h"
#include "trafficstyle.h"
#include "uicontext.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace qmt::ui {

using state::TrafficFilterModel;
using state::TrafficModel;
using Kind = state::TrafficModel::Kind;

namespace {
constexpr std::chrono::milliseconds kBatch{40};
constexpr std::chrono::milliseconds kSearchDelay{250};
constexpr std::chrono::milliseconds kCountInterval{250};
constexpr auto kHeaderKey = "traffic/header";
constexpr auto kExportDirKey = "traffic/exportDir";
constexpr int kTooltipChars = 4000;
constexpr int kKindCount = int(Kind::Unknown) + 1;
} // namespace

// ---- TrafficItemDelegate ----

void TrafficItemDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const int column = index.column();
    if (column != TrafficModel::KindColumn && column != TrafficModel::TextColumn)
        return;
    const auto kind = Kind(index.data(TrafficModel::KindRole).toInt());
    option->palette.setColor(QPalette::Text, trafficKindColor(kind, option->palette));
    if (column == TrafficModel::TextColumn) {
        option->font = trafficFont();
        option->font.setItalic(kind == Kind::Unknown);
        option->fontMetrics = QFontMetrics(option->font);
    }
}

bool TrafficItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid() || index.column() != TrafficModel::TextColumn)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QString text = index.data().toString();
    if (text.size() > kTooltipChars)
        text.truncate(kTooltipChars);
    QToolTip::showText(event->globalPos(),
                       QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped()),
                       view);
    return true;
}

// ---- TrafficPanel ----

TrafficPanel::TrafficPanel(session::Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_exporter(new state::TrafficExporter(this))
{
    Q_ASSERT(session);
    setObjectName(QStringLiteral("trafficPanel"));
    m_proxy.setBatchInterval(kBatch);

    // -- filters --
    m_direction = new QComboBox(this);
    m_direction->setObjectName(QStringLiteral("trafficDirection"));
    for (int i = 0; i < 3; ++i)
        m_direction->addItem(QString());

    m_slot = new QComboBox(this);
    m_slot->setObjectName(QStringLiteral("trafficSlot"));
    m_slot->addItem(QString(), TrafficFilterModel::kAnySlot);
    for (int i = 0; i < state::kSlotCount; ++i)
        m_slot->addItem(QString(), i);
    m_slot->addItem(QString(), TrafficFilterModel::kNoSlot);

    m_kinds = new QToolButton(this);
    m_kinds->setObjectName(QStringLiteral("trafficKinds"));
    m_kinds->setPopupMode(QToolButton::InstantPopup);
    m_kindsMenu = new QMenu(m_kinds);
    for (int k = 0; k < kKindCount; ++k) {
        QAction *a = m_kindsMenu->addAction(QString());
        a->setCheckable(true);
        a->setChecked(true);
        a->setData(k);
        connect(a, &QAction::toggled, this, [this] {
            updateKindsButton();
            applyControls();
        });
    }
    m_kindsMenu->addSeparator();
    QAction *allKinds = m_allKinds = m_kindsMenu->addAction(QString());
    connect(allKinds, &QAction::triggered, this, [this] {
        TrafficFilterModel::Filter f = filterFromControls();
        f.kinds = TrafficFilterModel::kAllKinds;
        setFilter(f);
    });
    QAction *problems = m_problems = m_kindsMenu->addAction(QString());
    connect(problems, &QAction::triggered, this, [this] {
        TrafficFilterModel::Filter f = filterFromControls();
        f.kinds = TrafficFilterModel::kindBit(Kind::Error) | TrafficFilterModel::kindBit(Kind::CmeError) |
                  TrafficFilterModel::kindBit(Kind::Urc) | TrafficFilterModel::kindBit(Kind::Boot);
        setFilter(f);
    });
    m_kinds->setMenu(m_kindsMenu);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("trafficSearch"));
    m_search->setClearButtonEnabled(true);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);
    // How the search text matches: in either case or exactly; as text or as a pattern.
    auto searchOption = [this](const char *name, const QString &text) {
        auto *b = new QToolButton(this);
        b->setObjectName(QLatin1String(name));
        b->setText(text);
        b->setCheckable(true);
        b->setFocusPolicy(Qt::NoFocus);
        connect(b, &QToolButton::toggled, this, &TrafficPanel::applyControls);
        return b;
    };
    m_matchCase = searchOption("trafficSearchCase", QStringLiteral("Aa"));
    m_regex = searchOption("trafficSearchRegex", QStringLiteral(".*"));

    auto *copy = m_copy = new QPushButton(this);
    copy->setObjectName(QStringLiteral("trafficCopy"));
    copy->setFocusPolicy(Qt::NoFocus);
    auto *exportButton = m_export = new QPushButton(this);
    exportButton->setObjectName(QStringLiteral("trafficExport"));
    exportButton->setFocusPolicy(Qt::NoFocus);
    auto *exportAction = new QAction(this);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(exportAction, &QAction::triggered, this, &TrafficPanel::exportWithDialog);
    addAction(exportAction);
    auto *clear = m_clear = new QPushButton(this);
    clear->setObjectName(QStringLiteral("trafficClear"));
    clear->setFocusPolicy(Qt::NoFocus);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_direction);
    filters->addWidget(m_slot);
    filters->addWidget(m_kinds);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_matchCase);
    filters->addWidget(m_regex);
    filters->addWidget(copy);
    filters->addWidget(exportButton);
    filters->addWidget(clear);

    // -- the table --
    m_table = new RowView(this);
    m_table->setObjectName(QStringLiteral("trafficTable"));
    m_proxy.setSourceModel(session->trafficModel()); // before the column widths: it makes the columns
    m_table->setModel(&m_proxy);
    m_table->setItemDelegate(new TrafficItemDelegate(m_table));
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setTabKeyNavigation(false);
    const QFontMetrics fm(trafficFont());
    m_table->setRowHeight(qMax(trafficRowHeight(fm), trafficRowHeight(m_table->fontMetrics())));
    QHeaderView *hh = m_table->horizontalHeader();
    hh->setStretchLastSection(true);
    hh->setSectionResizeMode(QHeaderView::Interactive); // never ResizeToContents: it reads every row
    hh->setHighlightSections(false);
    // Widths from the font, so high-DPI screens and translations fit.
    m_table->setColumnWidth(TrafficModel::TimeColumn,
                            m_table->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) +
                                m_table->fontMetrics().averageCharWidth() * 3);
    for (int c : {TrafficModel::DirectionColumn, TrafficModel::SlotColumn, TrafficModel::KindColumn})
        m_table->setColumnWidth(c, 0);
    fitColumns();
    m_follower = new TrafficFollower(m_table);
    auto *copyAction = new QAction(m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, &TrafficPanel::copySelection);
    m_table->addAction(copyAction);

    // -- status: row count, export progress --
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("trafficCount"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("trafficStatus"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("trafficExportProgress"));
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancelExport = new QPushButton(this);
    m_cancelExport->setObjectName(QStringLiteral("trafficCancelExport"));
    m_cancelExport->hide();
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_count);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_progress);
    statusRow->addWidget(m_cancelExport);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(statusRow);

    QSettings settings;
    const QByteArray header = settings.value(QLatin1String(kHeaderKey)).toByteArray();
    if (!header.isEmpty())
        hh->restoreState(header);
    connect(hh, &QHeaderView::sectionResized, this,
            [hh] { QSettings().setValue(QLatin1String(kHeaderKey), hh->saveState()); });

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(kSearchDelay);
    connect(&m_searchDelay, &QTimer::timeout, this, &TrafficPanel::applyControls);
    connect(m_search, &QLineEdit::textChanged, this, [this] {
        if (!m_settingControls)
            m_searchDelay.start();
    });
    connect(m_search, &QLineEdit::returnPressed, this, &TrafficPanel::applyControls);
    connect(m_direction, &QComboBox::currentIndexChanged, this, &TrafficPanel::applyControls);
    connect(m_slot, &QComboBox::currentIndexChanged, this, &TrafficPanel::applyControls);
    connect(&m_proxy, &TrafficFilterModel::filterApplied, this, &TrafficPanel::restoreSelection);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TrafficPanel::rememberSelection);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TrafficPanel::rememberSelection);
    // The traffic cleared: nothing selected is left.
    connect(m_session->trafficModel(), &QAbstractItemModel::modelReset, this, [this] {
        m_keptSelection.clear();
        m_keptCurrent = -1;
    });
    connect(copy, &QPushButton::clicked, this, &TrafficPanel::copySelection);
    connect(exportButton, &QPushButton::clicked, this, &TrafficPanel::exportWithDialog);
    connect(clear, &QPushButton::clicked, this, [this] { m_session->trafficModel()->clear(); });
    // A large journal being read: its end (the player's preview) until the whole is read.
    connect(m_session, &qmt::session::Session::previewTrafficChanged, this, [this] {
        TrafficModel *preview = m_session->previewTraffic();
        m_proxy.setSourceModel(preview ? preview : m_session->trafficModel());
        m_proxy.flush();
        m_table->scrollToBottom();
        updateCount();
    });
    connect(m_cancelExport, &QPushButton::clicked, m_exporter, &state::TrafficExporter::cancel);
    connect(m_exporter, &state::TrafficExporter::progress, this, [this](qint64 done, qint64 total) {
        m_progress->setMaximum(int(qMin<qint64>(total, INT_MAX)));
        m_progress->setValue(int(qMin<qint64>(done, INT_MAX)));
    });
    connect(m_exporter, &state::TrafficExporter::finished, this, [this](bool ok) {
        m_progress->hide();
        m_cancelExport->hide();
        if (ok)
            setStatus(
                [this, rows = m_exporter->rowsWritten()] { return tr("Exported %Ln row(s)", "", rows); });
        else
            setStatus([error = m_exporter->errorString()] { return error; });
    });

    // The count follows the rows at a calm pace, not at every batch of a flood.
    m_countTimer.setSingleShot(true);
    m_countTimer.setInterval(kCountInterval);
    connect(&m_countTimer, &QTimer::timeout, this, &TrafficPanel::updateCount);
    auto countLater = [this] {
        if (!m_countTimer.isActive())
            m_countTimer.start();
    };
    connect(&m_proxy, &QAbstractItemModel::rowsInserted, this, countLater);
    connect(&m_proxy, &QAbstractItemModel::modelReset, this, countLater);
    connect(&m_proxy, &TrafficFilterModel::filterApplied, this, countLater);
    retranslate();
}

void TrafficPanel::retranslate()
{
    m_direction->setItemText(0, tr("Both directions"));
    m_direction->setItemText(1, tr("Sent"));
    m_direction->setItemText(2, tr("Received"));
    m_direction->setToolTip(tr("Show frames sent to the module, received from it, or both"));
    m_slot->setItemText(0, tr("All slots"));
    for (int i = 0; i < state::kSlotCount; ++i)
        m_slot->setItemText(i + 1, tr("Slot %1").arg(i));
    m_slot->setItemText(state::kSlotCount + 1, tr("No slot"));
    m_slot->setToolTip(tr("Show the frames of one client slot (client_idx)"));
    for (QAction *a : m_kindsMenu->actions())
        if (a->isCheckable())
            a->setText(TrafficModel::kindName(Kind(a->data().toInt())));
    m_allKinds->setText(tr("Show every kind"));
    m_problems->setText(tr("Only errors and URCs"));
    m_kinds->setToolTip(tr("Show only some kinds of frame"));
    updateKindsButton();
    updateSearchPlaceholder();
    m_search->setToolTip(tr("Shows only the frames whose text matches, over the whole session"));
    m_matchCase->setToolTip(tr("Match case (otherwise A and a are the same letter)"));
    m_regex->setToolTip(tr("Regular expression (Perl syntax, e.g. QMTSTAT: [0-5],[1-7]), as "
                           "qmtscope-cli search --regex takes it"));
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the selected rows (Ctrl+C)"));
    m_export->setText(tr("Export…"));
    m_export->setToolTip(tr("Write the rows shown to a text file (Ctrl+Shift+S)"));
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Forget every frame recorded so far (the console is cleared too)"));
    m_cancelExport->setText(tr("Cancel export"));
    m_table->horizontalHeader()->headerDataChanged(Qt::Horizontal, 0, m_proxy.columnCount() - 1);
    fitColumns();
    updateCount();
    m_status->setText(m_statusText ? m_statusText() : QString());
}

void TrafficPanel::fitColumns()
{
    const QFontMetrics tm = m_table->fontMetrics();
    const int pad = tm.averageCharWidth() * 3;
    QHeaderView *hh = m_table->horizontalHeader();
    auto fit = [&](int column, QStringList texts) {
        int w = hh->sectionSizeHint(column);
        texts << m_proxy.headerData(column, Qt::Horizontal).toString();
        for (const QString &t : texts)
            w = qMax(w, tm.horizontalAdvance(t) + pad);
        if (m_table->columnWidth(column) < w) // never narrower than the user made it
            m_table->setColumnWidth(column, w);
    };
    fit(TrafficModel::DirectionColumn, {tr("sent"), tr("received")});
    fit(TrafficModel::SlotColumn, {QStringLiteral("0")});
    QStringList kinds;
    for (int k = 0; k < kKindCount; ++k)
        kinds << TrafficModel::kindName(Kind(k));
    fit(TrafficModel::KindColumn, kinds);
}

void TrafficPanel::setStatus(std::function<QString()> text)
{
    m_statusText = std::move(text);
    m_status->setText(m_statusText ? m_statusText() : QString());
}

void TrafficPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

TrafficPanel::~TrafficPanel() = default;

TrafficFilterModel::Filter TrafficPanel::filterFromControls() const
{
    TrafficFilterModel::Filter f;
    f.direction = TrafficFilterModel::DirectionFilter(qBound(0, m_direction->currentIndex(), 2));
    f.slot = m_slot->currentData().toInt();
    f.kinds = 0;
    for (QAction *a : m_kindsMenu->actions())
        if (a->isCheckable() && a->isChecked())
            f.kinds |= TrafficFilterModel::kindBit(Kind(a->data().toInt()));
    f.text = m_search->text();
    f.caseSensitive = m_matchCase->isChecked();
    f.regex = m_regex->isChecked();
    return f;
}

void TrafficPanel::setFilter(const TrafficFilterModel::Filter &f)
{
    m_settingControls = true;
    m_direction->setCurrentIndex(int(f.direction));
    const int slotIndex = m_slot->findData(f.slot);
    m_slot->setCurrentIndex(slotIndex >= 0 ? slotIndex : 0);
    for (QAction *a : m_kindsMenu->actions())
        if (a->isCheckable())
            a->setChecked(f.kinds & TrafficFilterModel::kindBit(Kind(a->data().toInt())));
    m_search->setText(f.text);
    m_matchCase->setChecked(f.caseSensitive);
    m_regex->setChecked(f.regex);
    m_settingControls = false;
    updateKindsButton();
    applyControls();
}

void TrafficPanel::applyControls()
{
    if (m_settingControls)
        return;
    m_searchDelay.stop();
    const TrafficFilterModel::Filter f = filterFromControls();
    if (f == m_proxy.filter() && !m_proxy.isApplying())
        return;
    setStatus([] { return tr("Filtering…"); });
    m_applyingFilter = true; // the reset clears the selection: keep what the user chose
    m_proxy.setFilter(f);
    updateSearchPlaceholder();
}

void TrafficPanel::updateSearchPlaceholder()
{
    m_search->setPlaceholderText(m_regex->isChecked() ? tr("Search with a regular expression (Ctrl+F)")
                                                      : tr("Search text (Ctrl+F)"));
}

void TrafficPanel::rememberSelection()
{
    // The user's selection in source rows: rows a filter hides stay remembered, so a round trip
    // through a narrower filter gives the same selection back.
    if (m_applyingFilter)
        return;
    m_keptSelection.clear();
    m_keptCurrent = -1;
    QItemSelectionModel *sm = m_table->selectionModel();
    if (!sm)
        return;
    std::vector<std::pair<int, int>> ranges;
    for (const QItemSelectionRange &r : sm->selection())
        ranges.emplace_back(r.top(), r.bottom());
    std::sort(ranges.begin(), ranges.end());
    const bool contiguous = m_proxy.filter().passesAll(); // source rows follow each other
    for (const auto &[top, bottom] : ranges) {
        if (contiguous) {
            m_keptSelection.emplace_back(m_proxy.sourceRow(top), m_proxy.sourceRow(bottom));
            continue;
        }
        for (int row = top; row <= bottom; ++row) {
            const qsizetype s = m_proxy.sourceRow(row);
            if (!m_keptSelection.empty() && m_keptSelection.back().second + 1 == s)
                m_keptSelection.back().second = s;
            else
                m_keptSelection.emplace_back(s, s);
        }
    }
    const QModelIndex cur = sm->currentIndex();
    if (cur.isValid()) {
        m_keptCurrent = m_proxy.sourceRow(cur.row());
        m_keptColumn = cur.column();
    }
}

bool TrafficPanel::showSourceRow(qsizetype sourceRow)
{
    // rows appended a moment ago: announced now
    if (auto *traffic = qobject_cast<state::TrafficModel *>(m_proxy.sourceModel()))
        traffic->flush();
    m_proxy.flush();
    const QModelIndex source = m_proxy.sourceModel()->index(int(sourceRow), 0);
    const QModelIndex at = m_proxy.mapFromSource(source);
    if (!at.isValid()) {
        setStatus([] { return tr("That row is hidden by the filter"); });
        return false;
    }
    m_table->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect |
                                                       QItemSelectionModel::Rows);
    m_table->scrollTo(at, QAbstractItemView::PositionAtCenter);
    return true;
}

void TrafficPanel::restoreSelection()
{
    // A pattern that is not one: say why, in the search box's colour too.
    const QString patternError = m_proxy.patternError();
    if (patternError.isEmpty())
        setStatus({});
    else
        setStatus([this] { return m_proxy.patternError(); });
    QPalette searchPalette = palette();
    if (!patternError.isEmpty())
        searchPalette.setColor(QPalette::Text, trafficErrorColor(searchPalette));
    m_search->setPalette(searchPalette);
    QItemSelectionModel *sm = m_table->selectionModel();
    if (sm && (!m_keptSelection.empty() || m_keptCurrent >= 0)) {
        QItemSelection selection;
        const int lastColumn = m_proxy.columnCount() - 1;
        for (const auto &[first, last] : m_keptSelection) {
            const auto [a, b] = m_proxy.rowsCovering(first, last);
            if (a >= 0)
                selection.select(m_proxy.index(a, 0), m_proxy.index(b, lastColumn));
        }
        sm->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const int current = m_proxy.rowOfSource(m_keptCurrent);
        if (current >= 0) {
            const QModelIndex idx = m_proxy.index(current, m_keptColumn);
            sm->setCurrentIndex(idx, QItemSelectionModel::NoUpdate);
            m_table->scrollTo(idx, QAbstractItemView::PositionAtCenter);
        }
    }
    m_applyingFilter = false;
}

void TrafficPanel::updateCount()
{
    const QLocale locale;
    const qsizetype total = m_session->trafficModel()->rowCount();
    const int shown = m_proxy.rowCount();
    if (const TrafficModel *preview = m_session->previewTraffic())
        m_count->setText(
            tr("The end of the session (its last %1 rows), shown while the whole journal is read")
                .arg(locale.toString(qlonglong(preview->rowCount()))));
    else if (m_proxy.filter().isEmpty())
        m_count->setText(tr("%1 rows").arg(locale.toString(qlonglong(total))));
    else
        m_count->setText(tr("%1 of %2 rows").arg(locale.toString(shown), locale.toString(qlonglong(total))));
}

QString TrafficPanel::statusText() const
{
    return m_status->text();
}

void TrafficPanel::updateKindsButton()
{
    int on = 0;
    for (QAction *a : m_kindsMenu->actions())
        on += a->isCheckable() && a->isChecked();
    m_kinds->setText(on == kKindCount ? tr("All kinds") : tr("Kinds: %1 of %2").arg(on).arg(kKindCount));
}

QString TrafficPanel::selectedText() const
{
    QItemSelectionModel *sm = m_table->selectionModel();
    if (!sm)
        return {};
    std::vector<std::pair<int, int>> ranges;
    for (const QItemSelectionRange &r : sm->selection())
        ranges.emplace_back(r.top(), r.bottom());
    std::sort(ranges.begin(), ranges.end());
    QStringList lines;
    int last = -1;
    for (const auto &[top, bottom] : ranges)
        for (int row = std::max(top, last + 1); row <= bottom; ++row, last = row - 1)
            lines << state::trafficLine(&m_proxy, row);
    return lines.join(QLatin1Char('\n'));
}

void TrafficPanel::copySelection() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

bool TrafficPanel::exportTo(const QString &path)
{
    if (!m_exporter->start(&m_proxy, path)) {
        setStatus([error = m_exporter->errorString()] { return error; });
        return false;
    }
    setStatus([rows = m_exporter->rowsTotal(), path] {
        return tr("Exporting %Ln row(s) to %1…", "", rows).arg(QDir::toNativeSeparators(path));
    });
    m_progress->setRange(0, int(qMin<qint64>(m_exporter->rowsTotal(), INT_MAX)));
    m_progress->setValue(0);
    m_progress->show();
    m_cancelExport->show();
    return true;
}

void TrafficPanel::exportWithDialog()
{
    if (m_exporter->isRunning())
        return;
    QSettings settings;
    const QString dir = settings
                            .value(QLatin1String(kExportDirKey),
                                   QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                            .toString();
    const QString name = QStringLiteral("qmtscope-traffic-%1.txt")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export traffic"), QDir(dir).filePath(name),
                                                      tr("Text files (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QLatin1String(kExportDirKey), QFileInfo(path).absolutePath());
    exportTo(path);
}

void TrafficPanel::contextMenuEvent(QContextMenuEvent *event)
{
    const QPoint pos = m_table->viewport()->mapFrom(this, event->pos());
    const QModelIndex idx = m_table->indexAt(pos);
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy"), this, &TrafficPanel::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    if (idx.isValid()) {
        const int slot = idx.data(TrafficModel::SlotRole).toInt();
        const auto kind = Kind(idx.data(TrafficModel::KindRole).toInt());
        menu.addSeparator();
        if (slot >= 0)
            menu.addAction(tr("Only slot %1").arg(slot), this, [this, slot] {
                TrafficFilterModel::Filter f = filterFromControls();
                f.slot = slot;
                setFilter(f);
            });
        menu.addAction(tr("Only “%1”").arg(TrafficModel::kindName(kind)), this, [this, kind] {
            TrafficFilterModel::Filter f = filterFromControls();
            f.kinds = TrafficFilterModel::kindBit(kind);
            setFilter(f);
        });
    }
    menu.addAction(tr("Show everything"), this, [this] { setFilter({}); });
    menu.exec(event->globalPos());
}

QWidget *createTrafficPanel(UiContext &ctx, QWidget *parent)
{
    return new TrafficPanel(ctx.session, parent);
}

} // namespace qmt::ui
