// SPDX-License-Identifier: Apache-2.0
#pragma once
// TrafficPanel: the session's TrafficModel as a table — time, direction, slot, kind, text —
// with filters (direction, slot, kinds, text) applied by a TrafficFilterModel outside the
// store, which keeps the selection across filter changes; copies the selected rows and exports
// the visible ones to a text file in time slices. Its texts follow a language change.

#include "models/trafficfilter.h"

#include <QStyledItemDelegate>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace qmt::session {
class Session;
}
namespace qmt::state {
class TrafficExporter;
}

namespace qmt::ui {

class RowView;
class TrafficFollower;

// Colours the kind and text columns by the frame's kind; the text column in the fixed font.
class TrafficItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;
};

class TrafficPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TrafficPanel(session::Session *session, QWidget *parent = nullptr);
    ~TrafficPanel() override;

    RowView *table() const { return m_table; }
    state::TrafficFilterModel *filterModel() { return &m_proxy; }
    state::TrafficExporter *exporter() const { return m_exporter; }
    TrafficFollower *follower() const { return m_follower; }

    // Sets the filter controls (and so the filter) to f.
    void setFilter(const state::TrafficFilterModel::Filter &f);
    state::TrafficFilterModel::Filter filterFromControls() const;

    // Selects and scrolls to the row `sourceRow` of the traffic model (an imported log's line);
    // false, with a note in the panel, when the filter hides it.
    bool showSourceRow(qsizetype sourceRow);

    QString selectedText() const; // the selected rows, one tab-separated line each
    void copySelection() const;
    // Starts writing the visible rows to path; false (and a message in the panel) on failure.
    bool exportTo(const QString &path);
    void exportWithDialog();
    QString statusText() const;

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    // The kind, direction and slot columns at least as wide as their texts and headers.
    void fitColumns();
    // The status line, built again when the language changes.
    void setStatus(std::function<QString()> text);
    void applyControls();
    void updateSearchPlaceholder();
    void rememberSelection();
    void restoreSelection();
    void updateCount();
    void updateKindsButton();

    session::Session *m_session;
    state::TrafficFilterModel m_proxy;
    RowView *m_table = nullptr;
    TrafficFollower *m_follower = nullptr;
    QComboBox *m_direction = nullptr;
    QComboBox *m_slot = nullptr;
    QToolButton *m_kinds = nullptr;
    QMenu *m_kindsMenu = nullptr;
    QLineEdit *m_search = nullptr;
    QToolButton *m_matchCase = nullptr;
    QToolButton *m_regex = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelExport = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_clear = nullptr;
    QAction *m_allKinds = nullptr;
    QAction *m_problems = nullptr;
    std::function<QString()> m_statusText;
    state::TrafficExporter *m_exporter = nullptr;
    QTimer m_searchDelay;
    QTimer m_countTimer;
    bool m_settingControls = false;
    bool m_applyingFilter = false;
    std::vector<std::pair<qsizetype, qsizetype>> m_keptSelection; // source row intervals
    qsizetype m_keptCurrent = -1;
    int m_keptColumn = 0;
};

} // namespace qmt::ui
