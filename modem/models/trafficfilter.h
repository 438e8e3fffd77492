// SPDX-License-Identifier: Apache-2.0
#pragma once
// TrafficFilterModel: the rows of a TrafficModel that pass a filter (direction, slot, kinds,
// text), for views of a million rows and more. It keeps only the source row numbers of the
// visible rows (none at all when nothing is filtered), never touches the store, and does its
// work in time slices: new source rows are announced in batches (at most every
// batchInterval()), and a new filter is applied in slices of a few milliseconds so the window
// never freezes (Wireshark's packet list proxy works the same way).

#include "models/textmatch.h"
#include "models/trafficmodel.h"

#include <QAbstractProxyModel>
#include <QElapsedTimer>
#include <QTimer>

#include <chrono>
#include <utility>
#include <vector>

namespace qmt::state {

class TrafficFilterModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    enum class DirectionFilter : std::uint8_t { Any, Sent, Received };
    static constexpr int kAnySlot = -2; // Filter::slot: every row
    static constexpr int kNoSlot = -1;  // Filter::slot: rows that name no slot
    static constexpr quint32 kAllKinds = (1u << (int(TrafficModel::Kind::Unknown) + 1)) - 1;
    static constexpr quint32 kindBit(TrafficModel::Kind k) { return 1u << int(k); }

    struct Filter
    {
        DirectionFilter direction = DirectionFilter::Any;
        int slot = kAnySlot;
        quint32 kinds = kAllKinds;  // one bit per TrafficModel::Kind
        QString text;               // a part of the frame's text (or a pattern, with regex)
        bool regex = false;         // text is a regular expression (Perl syntax, QRegularExpression)
        bool caseSensitive = false; // otherwise ASCII letters match in either case
        qsizetype firstRow = 0;     // source rows before this one are left out (a cleared console)

        // Every row from firstRow on passes.
        bool passesAll() const
        {
            return direction == DirectionFilter::Any && slot == kAnySlot &&
                   (kinds & kAllKinds) == kAllKinds && text.isEmpty();
        }
        bool isEmpty() const { return passesAll() && firstRow == 0; }
        bool operator==(const Filter &o) const
        {
            return direction == o.direction && slot == o.slot && kinds == o.kinds && text == o.text &&
                   regex == o.regex && caseSensitive == o.caseSensitive && firstRow == o.firstRow;
        }
        bool operator!=(const Filter &o) const { return !(*this == o); }
    };

    explicit TrafficFilterModel(QObject *parent = nullptr);
    ~TrafficFilterModel() override;

    // The source must be a TrafficModel (anything else is refused with a warning).
    void setSourceModel(QAbstractItemModel *source) override;
    TrafficModel *trafficModel() const { return m_traffic; }

    void setFilter(const Filter &filter);
    const Filter &filter() const { return m_filter; }
    // Why the filter's regular expression is not one ("" when it is, or none is used); such a
    // filter passes no row.
    QString patternError() const { return m_matcher.error(); }
    // True while a new filter is being applied (rows still appear); filterApplied() follows.
    bool isApplying() const { return m_applying; }
    // How often new source rows are announced (default 0: on the next pass of the event loop).
    void setBatchInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds batchInterval() const { return m_batch; }
    // Announces every source row that is pending now, whatever the time it takes.
    void flush();

    bool accepts(qsizetype sourceRow) const;    // does this source row pass the filter
    qsizetype sourceRow(int row) const;         // -1 when out of range
    int rowOfSource(qsizetype sourceRow) const; // -1 when not visible (or not announced yet)
    // The visible rows whose source rows lie in [first, last]: {firstRow, lastRow}, or {-1, -1}.
    std::pair<int, int> rowsCovering(qsizetype sourceFirst, qsizetype sourceLast) const;

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // The filter given to setFilter() has been applied to every row.
    void filterApplied();

private:
    void onSourceRowsInserted();
    void onSourceReset();
    void schedule(std::chrono::milliseconds delay);
    // Examines pending source rows for up to `budget` (unbounded when zero); true when done.
    bool advance(std::chrono::nanoseconds budget);

    TrafficModel *m_traffic = nullptr;
    Filter m_filter;
    bool m_identity = true;      // every row passes: proxy row == source row - m_base
    qsizetype m_base = 0;        // m_filter.firstRow
    std::vector<quint32> m_rows; // !m_identity: the visible source rows, ascending
    qsizetype m_scanned = 0;     // source rows examined
    int m_visible = 0;           // rows announced
    bool m_applying = false;
    std::chrono::milliseconds m_batch{0};
    QTimer m_timer;
    TextMatcher m_matcher; // m_filter.text, as text or pattern
    std::vector<QMetaObject::Connection> m_connections;
};

} // namespace qmt::state
