// SPDX-License-Identifier: Apache-2.0
#include "rowview.h"

#include <QHeaderView>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <climits>
#include <utility>
#include <vector>

namespace qmt::ui {

RowView::RowView(QWidget *parent)
    : QAbstractItemView(parent), m_header(new QHeaderView(Qt::Horizontal, this)),
      m_rowHeight(qMax(1, fontMetrics().height() + 4))
{
    m_header->setSectionsClickable(false);
    m_header->setHighlightSections(false);
    m_header->setStretchLastSection(true);
    setVerticalScrollMode(ScrollPerItem);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSelectionBehavior(SelectRows);
    auto repaint = [this] { viewport()->update(); };
    connect(m_header, &QHeaderView::sectionResized, this, repaint);
    connect(m_header, &QHeaderView::sectionMoved, this, repaint);
    connect(m_header, &QHeaderView::sectionCountChanged, this, repaint);
    connect(m_header, &QHeaderView::geometriesChanged, this, &RowView::updateGeometries);
}

void RowView::setModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = this->model()) { // (only ours: a subclass may have its own)
        disconnect(old, &QAbstractItemModel::rowsRemoved, this, &RowView::rowsChanged);
        disconnect(old, &QAbstractItemModel::rowsMoved, this, &RowView::rowsChanged);
    }
    QAbstractItemView::setModel(model);
    m_header->setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RowView::rowsChanged);
        connect(model, &QAbstractItemModel::rowsMoved, this, &RowView::rowsChanged);
    }
    rowsChanged();
}

void RowView::setRowHeight(int height)
{
    height = qMax(1, height);
    if (height == m_rowHeight)
        return;
    m_rowHeight = height;
    updateGeometries();
    viewport()->update();
}

void RowView::setColumnWidth(int column, int width)
{
    m_header->resizeSection(column, width);
}

int RowView::columnWidth(int column) const
{
    if (column < 0 || column >= m_header->count() || m_header->isSectionHidden(column))
        return 0;
    const int size = m_header->sectionSize(column);
    // The last shown column fills the viewport (the header does it itself only while shown).
    if (m_header->stretchLastSection() && column == lastShownColumn())
        return qMax(size, viewport()->width() - columnX(column));
    return size;
}

void RowView::setColumnHidden(int column, bool hide)
{
    m_header->setSectionHidden(column, hide);
    viewport()->update();
}

bool RowView::isColumnHidden(int column) const
{
    return m_header->isSectionHidden(column);
}

int RowView::rowCount() const
{
    return model() ? model()->rowCount(rootIndex()) : 0;
}

int RowView::topRow() const
{
    return verticalScrollBar()->value();
}

int RowView::visibleRows() const
{
    return qMax(1, viewport()->height() / m_rowHeight);
}

int RowView::rowAt(int y) const
{
    if (y < 0)
        return -1;
    const qint64 row = qint64(topRow()) + y / m_rowHeight;
    return row < rowCount() ? int(row) : -1;
}

int RowView::columnX(int column) const
{
    return m_header->sectionPosition(column) - m_header->offset();
}

int RowView::columnAt(int x) const
{
    for (int v = 0; v < m_header->count(); ++v) {
        const int logical = m_header->logicalIndex(v);
        if (m_header->isSectionHidden(logical))
            continue;
        const int left = columnX(logical);
        if (x >= left && x < left + columnWidth(logical))
            return logical;
    }
    return -1;
}

int RowView::firstShownColumn() const
{
    for (int v = 0; v < m_header->count(); ++v) {
        const int logical = m_header->logicalIndex(v);
        if (!m_header->isSectionHidden(logical))
            return logical;
    }
    return -1;
}

int RowView::lastShownColumn() const
{
    for (int v = m_header->count() - 1; v >= 0; --v) {
        const int logical = m_header->logicalIndex(v);
        if (!m_header->isSectionHidden(logical))
            return logical;
    }
    return -1;
}

void RowView::selectRow(int row)
{
    const int column = currentIndex().isValid() && !isColumnHidden(currentIndex().column())
                           ? currentIndex().column()
                           : firstShownColumn();
    if (!model() || !selectionModel() || row < 0 || row >= rowCount() || column < 0)
        return;
    const QModelIndex index = model()->index(row, column, rootIndex());
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(index);
}

QRect RowView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != model() || index.parent() != rootIndex() ||
        isColumnHidden(index.column()))
        return {};
    // Rows far off the screen: kept within int, they are off it all the same.
    const qint64 y =
        qBound(qint64(INT_MIN / 4), qint64(index.row() - topRow()) * m_rowHeight, qint64(INT_MAX / 4));
    return {columnX(index.column()), int(y), columnWidth(index.column()), m_rowHeight};
}

void RowView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!index.isValid() || index.model() != model())
        return;
    const int page = visibleRows();
    if (verticalScrollBar()->maximum() != qMax(0, rowCount() - page))
        updateGeometries(); // rows announced since the last layout
    const int row = index.row();
    const int top = topRow();
    int target = top;
    switch (hint) {
    case EnsureVisible:
        if (row < top)
            target = row;
        else if (row >= top + page)
            target = row - page + 1;
        break;
    case PositionAtTop:
        target = row;
        break;
    case PositionAtBottom:
        target = row - page + 1;
        break;
    case PositionAtCenter:
        target = row - page / 2;
        break;
    }
    verticalScrollBar()->setValue(target);
}

QModelIndex RowView::indexAt(const QPoint &point) const
{
    const int row = rowAt(point.y());
    const int column = columnAt(point.x());
    if (row < 0 || column < 0)
        return {};
    return model()->index(row, column, rootIndex());
}

int RowView::verticalOffset() const
{
    return int(qMin<qint64>(qint64(topRow()) * m_rowHeight, INT_MAX / 2));
}

bool RowView::isIndexHidden(const QModelIndex &index) const
{
    return isColumnHidden(index.column());
}

QModelIndex RowView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers)
{
    const int rows = rowCount();
    const QModelIndex current = currentIndex();
    const int column =
        current.isValid() && !isColumnHidden(current.column()) ? current.column() : firstShownColumn();
    if (rows == 0 || column < 0)
        return {};
    if (!current.isValid())
        return model()->index(cursorAction == MoveEnd ? rows - 1 : 0, column, rootIndex());
    int row = current.row();
    switch (cursorAction) {
    case MoveUp:
    case MovePrevious:
        --row;
        break;
    case MoveDown:
    case MoveNext:
        ++row;
        break;
    case MovePageUp:
        row -= visibleRows();
        break;
    case MovePageDown:
        row += visibleRows();
        break;
    case MoveHome:
        row = 0;
        break;
    case MoveEnd:
        row = rows - 1;
        break;
    case MoveLeft:
    case MoveRight:
        break;
    }
    return model()->index(qBound(0, row, rows - 1), column, rootIndex());
}

void RowView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    const int rows = rowCount();
    const int first = firstShownColumn();
    if (!selectionModel() || rows == 0 || first < 0)
        return;
    // The rectangle may reach above or below the viewport (a drag that scrolled): rows by
    // arithmetic, floored, then kept within the model.
    auto rowFor = [this, rows](int y) {
        const qint64 offset = y >= 0 ? y / m_rowHeight : -((qint64(-y) + m_rowHeight - 1) / m_rowHeight);
        return int(qBound(qint64(0), topRow() + offset, qint64(rows - 1)));
    };
    const int top = rowFor(rect.top());
    const int bottom = rowFor(rect.bottom());
    int left = columnAt(rect.left());
    int right = columnAt(rect.right());
    if (selectionBehavior() == SelectRows || left < 0 || right < 0) {
        left = 0;
        right = model()->columnCount(rootIndex()) - 1;
    }
    const QItemSelection selection(model()->index(top, qMin(left, right), rootIndex()),
                                   model()->index(bottom, qMax(left, right), rootIndex()));
    selectionModel()->select(selection, command);
}

QRegion RowView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    const int top = topRow();
    const int last = top + visibleRows(); // the row cut by the viewport's bottom edge too
    for (const QItemSelectionRange &range : selection) {
        if (range.parent() != rootIndex() || !range.isValid())
            continue;
        const int a = qMax(range.top(), top);
        const int b = qMin(range.bottom(), last);
        if (a <= b)
            region += QRect(0, (a - top) * m_rowHeight, viewport()->width(), (b - a + 1) * m_rowHeight);
    }
    return region;
}

void RowView::paintEvent(QPaintEvent *event)
{
    QAbstractItemModel *m = model();
    const int rows = rowCount();
    if (!m || rows == 0)
        return;
    QPainter painter(viewport());
    QStyleOptionViewItem base;
    initViewItemOption(&base);
    const QRect area = event->rect();
    const int top = topRow();
    const int from = top + qMax(0, area.top() / m_rowHeight);
    const int to = qMin<qint64>(rows - 1, qint64(top) + area.bottom() / m_rowHeight);
    const QModelIndex current = currentIndex();
    const bool focus = (hasFocus() || viewport()->hasFocus()) && current.isValid();
    QItemSelectionModel *sm = selectionModel();

    std::vector<int> columns; // shown, in visual order
    for (int v = 0; v < m_header->count(); ++v) {
        const int logical = m_header->logicalIndex(v);
        if (!m_header->isSectionHidden(logical))
            columns.push_back(logical);
    }
    std::vector<std::pair<int, int>> spans; // x, width of each shown column
    spans.reserve(columns.size());
    for (int column : columns)
        spans.emplace_back(columnX(column), columnWidth(column));

    for (int row = from; row <= to; ++row) {
        const int y = (row - top) * m_rowHeight;
        for (size_t c = 0; c < columns.size(); ++c) {
            const auto [x, width] = spans[c];
            if (width <= 0 || x >= area.right() + 1 || x + width <= area.left())
                continue;
            const QModelIndex index = m->index(row, columns[c], rootIndex());
            QStyleOptionViewItem option = base;
            option.rect = QRect(x, y, width, m_rowHeight);
            if (sm && sm->isSelected(index))
                option.state |= QStyle::State_Selected;
            if (focus && index == current)
                option.state |= QStyle::State_HasFocus;
            if (!(m->flags(index) & Qt::ItemIsEnabled))
                option.state &= ~QStyle::State_Enabled;
            QPalette::ColorGroup group = QPalette::Disabled;
            if (option.state & QStyle::State_Enabled)
                group = (option.state & QStyle::State_Active) ? QPalette::Normal : QPalette::Inactive;
            option.palette.setCurrentColorGroup(group);
            if (alternatingRowColors() && (row & 1))
                option.features |= QStyleOptionViewItem::Alternate;
            else
                option.features &= ~QStyleOptionViewItem::Alternate;
            style()->drawPrimitive(QStyle::PE_PanelItemViewRow, &option, &painter, this);
            itemDelegateForIndex(index)->paint(&painter, option, index);
        }
    }
}

void RowView::updateGeometries()
{
    if (m_inGeometries)
        return;
    m_inGeometries = true;
    const int headerHeight =
        m_header->isHidden()
            ? 0
            : qBound(m_header->minimumHeight(), m_header->sizeHint().height(), m_header->maximumHeight());
    if (viewportMargins().top() != headerHeight)
        setViewportMargins(0, headerHeight, 0, 0);
    const QRect vg = viewport()->geometry();
    m_header->setGeometry(vg.left(), vg.top() - headerHeight, vg.width(), headerHeight);
    if (m_header->isHidden()) // it still lays out its sections (the stretched last one)
        QMetaObject::invokeMethod(m_header, "updateGeometries");
    QScrollBar *bar = verticalScrollBar();
    const int page = visibleRows();
    bar->setSingleStep(1);
    bar->setPageStep(page);
    bar->setRange(0, qMax(0, rowCount() - page));
    horizontalScrollBar()->setRange(0, 0);
    m_inGeometries = false;
    QAbstractItemView::updateGeometries();
}

void RowView::scrollContentsBy(int, int dy)
{
    if (dy != 0 && qAbs(dy) < visibleRows())
        viewport()->scroll(0, dy * m_rowHeight);
    else
        viewport()->update();
}

void RowView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QAbstractItemView::rowsInserted(parent, start, end);
    if (parent != rootIndex())
        return;
    updateGeometries();
    if (start <= topRow() + visibleRows()) // on the screen, or shifting the rows that are
        viewport()->update();
}

void RowView::rowsChanged()
{
    updateGeometries();
    viewport()->update();
}

void RowView::reset()
{
    QAbstractItemView::reset();
    rowsChanged();
}

void RowView::doItemsLayout()
{
    QAbstractItemView::doItemsLayout();
    rowsChanged();
}

} // namespace qmt::ui
