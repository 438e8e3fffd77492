// SPDX-License-Identifier: Apache-2.0
#include "consoleview.h"

#include "trafficfollow.h"
#include "trafficstyle.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace qmt::ui {

using state::TrafficModel;
using Kind = state::TrafficModel::Kind;

namespace {
constexpr std::chrono::milliseconds kBatch{40}; // new rows reach the view at most 25 times a second
constexpr int kTooltipChars = 4000;
} // namespace

// ---- ConsoleDelegate ----

ConsoleDelegate::ConsoleDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QString ConsoleDelegate::directionMark(const QModelIndex &index)
{
    return at::Direction(index.data(TrafficModel::DirectionRole).toInt()) == at::Direction::ToModule
               ? QStringLiteral("→")
               : QStringLiteral("←");
}

QString ConsoleDelegate::rowText(const QModelIndex &index, int maxChars) const
{
    if (m_hex) {
        QByteArray raw = index.data(TrafficModel::RawTextRole).toByteArray();
        if (maxChars > 0 && raw.size() > maxChars / 3 + 1)
            raw.truncate(maxChars / 3 + 1);
        return QString::fromLatin1(raw.toHex(' ').toUpper());
    }
    QString text = index.siblingAtColumn(TrafficModel::TextColumn).data().toString();
    if (maxChars > 0 && text.size() > maxChars)
        text.truncate(maxChars);
    return text;
}

void ConsoleDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    // No initStyleOption(): it would ask the model for every role of every row painted.
    QStyleOptionViewItem opt = option;
    opt.index = index;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette &pal = opt.palette;
    const auto kind = Kind(index.data(TrafficModel::KindRole).toInt());
    const QColor textColor = selected ? pal.color(QPalette::HighlightedText) : trafficKindColor(kind, pal);
    const QColor dim = selected ? pal.color(QPalette::HighlightedText) : trafficDimColor(pal);
    const QFontMetrics &fm = opt.fontMetrics;
    const int gap = fm.horizontalAdvance(QLatin1Char(' '));
    QRect r = opt.rect.adjusted(gap / 2 + 1, 0, -gap / 2, 0);
    constexpr int align = Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine;

    painter->save();
    painter->setFont(opt.font);
    painter->setPen(dim);
    if (m_timestamps) {
        const QString time = index.siblingAtColumn(TrafficModel::TimeColumn).data().toString();
        painter->drawText(r, align, time);
        r.setLeft(r.left() + fm.horizontalAdvance(time) + gap);
    }
    const QString mark = directionMark(index);
    painter->drawText(r, align, mark);
    r.setLeft(r.left() + fm.horizontalAdvance(mark) + gap);

    const int maxChars = r.width() / qMax(1, fm.averageCharWidth()) + 2;
    const QString text = rowText(index, maxChars);
    if (text.isEmpty()) {
        painter->drawText(r, align, tr("(nothing)"));
    } else {
        if (kind == Kind::Unknown) {
            QFont italic = opt.font;
            italic.setItalic(true);
            painter->setFont(italic);
        }
        painter->setPen(textColor);
        painter->drawText(r, align, painter->fontMetrics().elidedText(text, Qt::ElideRight, r.width()));
    }
    painter->restore();
}

QSize ConsoleDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {option.fontMetrics.averageCharWidth() * 40, trafficRowHeight(option.fontMetrics)};
}

bool ConsoleDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QString text = rowText(index, kTooltipChars);
    const QString kind = TrafficModel::kindName(Kind(index.data(TrafficModel::KindRole).toInt()));
    QToolTip::showText(
        event->globalPos(),
        QStringLiteral("<p style='white-space:pre-wrap'><b>%1</b> %2<br>%3</p>")
            .arg(kind.toHtmlEscaped(),
                 index.siblingAtColumn(TrafficModel::TimeColumn).data().toString().toHtmlEscaped(),
                 text.toHtmlEscaped()),
        view);
    return true;
}

// ---- ConsoleView ----

ConsoleView::ConsoleView(QWidget *parent) : QTableView(parent), m_delegate(new ConsoleDelegate(this))
{
    setObjectName(QStringLiteral("consoleView"));
    m_proxy.setBatchInterval(kBatch);
    setItemDelegate(m_delegate);
    setShowGrid(false);
    setWordWrap(false);
    setCornerButtonEnabled(false);
    setTabKeyNavigation(false);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    horizontalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    setModel(&m_proxy);
    // The delegate paints time and direction itself: only the text column is shown. A reset
    // (a new source, clearing) forgets hidden sections, so hide them again.
    auto hideColumns = [this] {
        for (int c = 0; c < TrafficModel::ColumnCount; ++c)
            setColumnHidden(c, c != TrafficModel::TextColumn);
    };
    connect(&m_proxy, &QAbstractItemModel::modelReset, this, hideColumns);
    hideColumns();
    m_follower = new TrafficFollower(this);
    setFont(trafficFont());
    updateRowHeight();
}

void ConsoleView::setTrafficModel(state::TrafficModel *model)
{
    m_proxy.setSourceModel(model);
}

void ConsoleView::updateRowHeight()
{
    const int h = trafficRowHeight(QFontMetrics(font()));
    verticalHeader()->setMinimumSectionSize(qMin(h, verticalHeader()->minimumSectionSize()));
    verticalHeader()->setDefaultSectionSize(h);
}

void ConsoleView::changeEvent(QEvent *event)
{
    QTableView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateRowHeight();
}

void ConsoleView::setHex(bool on)
{
    m_delegate->setHex(on);
    viewport()->update();
}

void ConsoleView::setTimestamps(bool on)
{
    m_delegate->setTimestamps(on);
    viewport()->update();
}

void ConsoleView::clearView()
{
    if (!m_proxy.trafficModel())
        return;
    state::TrafficFilterModel::Filter f = m_proxy.filter();
    f.firstRow = m_proxy.trafficModel()->frameCount();
    m_proxy.setFilter(f);
    m_follower->jumpToEnd();
}

bool ConsoleView::isFollowing() const
{
    return m_follower->isFollowing();
}

void ConsoleView::jumpToEnd()
{
    m_follower->jumpToEnd();
}

QString ConsoleView::rowText(int row) const
{
    return m_delegate->rowText(m_proxy.index(row, TrafficModel::TextColumn));
}

QString ConsoleView::selectedText() const
{
    if (!selectionModel())
        return {};
    std::vector<std::pair<int, int>> ranges;
    for (const QItemSelectionRange &r : selectionModel()->selection())
        ranges.emplace_back(r.top(), r.bottom());
    std::sort(ranges.begin(), ranges.end());
    QStringList lines;
    int last = -1;
    for (const auto &[top, bottom] : ranges) {
        for (int row = std::max(top, last + 1); row <= bottom; ++row) {
            const QModelIndex idx = m_proxy.index(row, TrafficModel::TextColumn);
            QString line;
            if (m_delegate->timestamps())
                line = idx.siblingAtColumn(TrafficModel::TimeColumn).data().toString() + QLatin1Char(' ');
            line += ConsoleDelegate::directionMark(idx) + QLatin1Char(' ') + m_delegate->rowText(idx);
            lines << line;
            last = row;
        }
    }
    return lines.join(QLatin1Char('\n'));
}

void ConsoleView::copySelection() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void ConsoleView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        copySelection();
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace qmt::ui
