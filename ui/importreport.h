// SPDX-License-Identifier: Apache-2.0
#pragma once
// The import report: how every line of an imported customer log was read (issue 9) — the
// summary, then line by line the original text and what the import made of it, lines it could
// not read marked. "Only flagged lines" narrows the list to those; double-clicking a line shows
// its traffic row.

#include "workflows/logreplay.h"

#include <QAbstractTableModel>
#include <QDialog>

#include <memory>

class QCheckBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace qmt::ui {

class ImportLinesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { LineColumn, TextColumn, ReadColumn, ColumnCount };
    static constexpr int FlaggedRole = Qt::UserRole + 1; // bool
    static constexpr int LineRole = Qt::UserRole + 2;    // int: the line number

    explicit ImportLinesModel(std::shared_ptr<const session::ImportedLog> log, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    static bool isFlagged(const session::LogImport::Line &line);

private:
    std::shared_ptr<const session::ImportedLog> m_log;
};

class ImportReport : public QDialog
{
    Q_OBJECT
public:
    explicit ImportReport(std::shared_ptr<const session::ImportedLog> log, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QCheckBox *onlyFlagged() const { return m_onlyFlagged; }
    int visibleLines() const;

signals:
    void lineActivated(int line); // show the traffic row of this line

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void applyFilter();

    std::shared_ptr<const session::ImportedLog> m_log;
    ImportLinesModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLabel *m_summary = nullptr;
    QCheckBox *m_onlyFlagged = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace qmt::ui
