// SPDX-License-Identifier: Apache-2.0
#pragma once
// RowView: a table of rows of one fixed height, laid out by arithmetic — row r is at
// (r - topRow) * rowHeight — for models of tens of millions of rows. QTableView keeps a vertical
// QHeaderView with an 8-byte record per row even when that header is hidden (106 MB for the
// 13.9 M frames of a 1 GB journal, per view); this view keeps nothing per row. Columns come from a
// horizontal QHeaderView (a handful of sections): shown, hidden, resized by the user, the last one
// stretched to the viewport. The vertical scroll bar counts rows (its value is the top row), so
// the wheel, Page Up/Down and a drag of the bar move by rows; there is no horizontal scrolling.
// Selection, the current index, keyboard moves, tooltips and painting go through the ordinary
// QAbstractItemView machinery and the item delegate, as in a QTableView.

#include <QAbstractItemView>

class QHeaderView;

namespace qmt::ui {

class RowView : public QAbstractItemView
{
    Q_OBJECT
public:
    explicit RowView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;

    QHeaderView *horizontalHeader() const { return m_header; }
    void setRowHeight(int height);
    int rowHeight() const { return m_rowHeight; }
    void setColumnWidth(int column, int width);
    int columnWidth(int column) const; // as painted (the last shown column fills the viewport)
    void setColumnHidden(int column, bool hide);
    bool isColumnHidden(int column) const;

    int topRow() const;        // the first row shown
    int visibleRows() const;   // how many rows fit the viewport whole (at least 1)
    int rowAt(int y) const;    // the row at viewport y, -1 when none
    int columnAt(int x) const; // the column at viewport x, -1 when none
    void selectRow(int row);   // as QTableView::selectRow: current, selected, shown

    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;

    void reset() override;
    void doItemsLayout() override;

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override { return 0; }
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &index) const override;
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;

    void paintEvent(QPaintEvent *event) override;
    void updateGeometries() override;
    void scrollContentsBy(int dx, int dy) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;

private:
    int rowCount() const;
    int columnX(int column) const; // viewport x of a shown column
    int firstShownColumn() const;
    int lastShownColumn() const;
    void rowsChanged(); // rows removed, a layout change: lengths and the viewport

    QHeaderView *m_header;
    int m_rowHeight;
    bool m_inGeometries = false;
};

} // namespace qmt::ui
