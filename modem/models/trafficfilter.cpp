// SPDX-License-Identifier: Apache-2.0
#include "models/trafficfilter.h"

#include <algorithm>

namespace qmt::state {

namespace {
constexpr std::chrono::milliseconds kSlice{8}; // work per pass of the event loop
constexpr qsizetype kCheckEvery = 1024;        // rows between looks at the clock
} // namespace

TrafficFilterModel::TrafficFilterModel(QObject *parent) : QAbstractProxyModel(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!advance(kSlice))
            schedule(std::chrono::milliseconds{0});
    });
}

TrafficFilterModel::~TrafficFilterModel() = default;

void TrafficFilterModel::setSourceModel(QAbstractItemModel *source)
{
    auto *traffic = qobject_cast<TrafficModel *>(source);
    if (source && !traffic) {
        qWarning("TrafficFilterModel: the source must be a TrafficModel");
        return;
    }
    beginResetModel();
    for (const auto &c : m_connections)
        disconnect(c);
    m_connections.clear();
    m_traffic = traffic;
    QAbstractProxyModel::setSourceModel(source);
    m_rows.clear();
    m_filter.firstRow = 0;
    m_base = 0;
    m_scanned = 0;
    m_visible = 0;
    if (m_traffic) {
        m_connections.push_back(connect(m_traffic, &QAbstractItemModel::rowsInserted, this,
                                        &TrafficFilterModel::onSourceRowsInserted));
        m_connections.push_back(connect(m_traffic, &QAbstractItemModel::modelAboutToBeReset, this,
                                        [this] { beginResetModel(); }));
        m_connections.push_back(connect(m_traffic, &QAbstractItemModel::modelReset, this, [this] {
            m_rows.clear();
            m_filter.firstRow = 0; // the rows it counted are gone
            m_base = 0;
            m_scanned = 0;
            m_visible = 0;
            endResetModel();
            onSourceReset();
        }));
        // The traffic model only appends and resets; anything else is handled as a reset.
        auto rebuild = [this] {
            beginResetModel();
            m_rows.clear();
            m_filter.firstRow = 0;
            m_base = 0;
            m_scanned = 0;
            m_visible = 0;
            endResetModel();
            onSourceReset();
        };
        m_connections.push_back(connect(m_traffic, &QAbstractItemModel::rowsRemoved, this, rebuild));
        m_connections.push_back(connect(m_traffic, &QAbstractItemModel::layoutChanged, this, rebuild));
        m_connections.push_back(connect(m_traffic, &QAbstractItemModel::dataChanged, this,
                                        [this](const QModelIndex &tl, const QModelIndex &br) {
                                            const int a = rowOfSource(tl.row()), b = rowOfSource(br.row());
                                            if (a >= 0 && b >= 0)
                                                emit dataChanged(index(a, tl.column()),
                                                                 index(b, br.column()));
                                        }));
    }
    endResetModel();
    onSourceReset();
}

void TrafficFilterModel::onSourceReset()
{
    if (m_traffic && m_traffic->rowCount() > 0)
        schedule(m_batch);
}

void TrafficFilterModel::setFilter(const Filter &filter)
{
    if (filter == m_filter && !m_applying)
        return;
    beginResetModel();
    m_filter = filter;
    m_identity = filter.passesAll();
    m_base = std::max<qsizetype>(filter.firstRow, 0);
    m_matcher = TextMatcher(filter.text, filter.regex, filter.caseSensitive);
    m_rows.clear();
    m_rows.shrink_to_fit();
    m_scanned = m_base;
    m_visible = 0;
    m_applying = true;
    endResetModel();
    if (!advance(kSlice)) // emits filterApplied() when done
        schedule(std::chrono::milliseconds{0});
}

void TrafficFilterModel::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batch = interval;
}

void TrafficFilterModel::flush()
{
    m_timer.stop();
    advance(std::chrono::nanoseconds{0});
}

void TrafficFilterModel::onSourceRowsInserted()
{
    if (!m_timer.isActive())
        schedule(m_applying ? std::chrono::milliseconds{0} : m_batch);
}

void TrafficFilterModel::schedule(std::chrono::milliseconds delay)
{
    m_timer.start(delay);
}

bool TrafficFilterModel::accepts(qsizetype r) const
{
    if (!m_traffic || r < 0 || r >= m_traffic->frameCount())
        return false;
    if (!(m_filter.kinds & kindBit(m_traffic->kind(r))))
        return false;
    if (m_filter.direction != DirectionFilter::Any || m_filter.slot != kAnySlot) {
        const QModelIndex si = m_traffic->index(int(r), 0);
        if (m_filter.direction != DirectionFilter::Any) {
            const auto dir = at::Direction(m_traffic->data(si, TrafficModel::DirectionRole).toInt());
            if ((dir == at::Direction::ToModule) != (m_filter.direction == DirectionFilter::Sent))
                return false;
        }
        if (m_filter.slot != kAnySlot && m_traffic->data(si, TrafficModel::SlotRole).toInt() != m_filter.slot)
            return false;
    }
    return m_matcher.matches(m_traffic->rawTextView(r));
}

bool TrafficFilterModel::advance(std::chrono::nanoseconds budget)
{
    if (!m_traffic)
        return true;
    const qsizetype total = m_traffic->rowCount();
    if (m_scanned >= total) {
        if (m_applying) {
            m_applying = false;
            emit filterApplied();
        }
        return true;
    }
    int newVisible = m_visible;
    if (m_identity) {
        m_scanned = total;
        newVisible = int(total - m_base);
    } else {
        QElapsedTimer clock;
        clock.start();
        const qint64 limit = budget.count();
        while (m_scanned < total) {
            if (accepts(m_scanned))
                m_rows.push_back(quint32(m_scanned));
            ++m_scanned;
            if (limit > 0 && (m_scanned % kCheckEvery) == 0 && clock.nsecsElapsed() >= limit)
                break;
        }
        newVisible = int(m_rows.size());
    }
    if (newVisible > m_visible) {
        beginInsertRows({}, m_visible, newVisible - 1);
        m_visible = newVisible;
        endInsertRows();
    }
    const bool done = m_scanned >= m_traffic->rowCount();
    if (done && m_applying) {
        m_applying = false;
        emit filterApplied();
    }
    return done;
}

qsizetype TrafficFilterModel::sourceRow(int row) const
{
    if (row < 0 || row >= m_visible)
        return -1;
    return m_identity ? qsizetype(row) + m_base : qsizetype(m_rows[std::size_t(row)]);
}

int TrafficFilterModel::rowOfSource(qsizetype s) const
{
    if (s < 0)
        return -1;
    if (m_identity)
        return (s >= m_base && s - m_base < m_visible) ? int(s - m_base) : -1;
    const auto end = m_rows.begin() + m_visible;
    const auto it = std::lower_bound(m_rows.begin(), end, quint32(s));
    return (it != end && *it == quint32(s)) ? int(it - m_rows.begin()) : -1;
}

std::pair<int, int> TrafficFilterModel::rowsCovering(qsizetype first, qsizetype last) const
{
    if (last < first || m_visible == 0)
        return {-1, -1};
    int a, b;
    if (m_identity) {
        a = int(std::max<qsizetype>(first - m_base, 0));
        b = int(std::min<qsizetype>(last - m_base, m_visible - 1));
    } else {
        const auto end = m_rows.begin() + m_visible;
        a = int(std::lower_bound(m_rows.begin(), end, quint32(std::max<qsizetype>(first, 0))) -
                m_rows.begin());
        b = int(std::upper_bound(m_rows.begin(), end, quint32(std::min<qsizetype>(last, 0xffffffff))) -
                m_rows.begin()) -
            1;
    }
    if (a > b || a >= m_visible)
        return {-1, -1};
    return {a, b};
}

QModelIndex TrafficFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_traffic || !proxyIndex.isValid() || proxyIndex.model() != this)
        return {};
    const qsizetype s = sourceRow(proxyIndex.row());
    return s >= 0 ? m_traffic->index(int(s), proxyIndex.column()) : QModelIndex();
}

QModelIndex TrafficFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_traffic || !sourceIndex.isValid() || sourceIndex.model() != m_traffic)
        return {};
    const int r = rowOfSource(sourceIndex.row());
    return r >= 0 ? createIndex(r, sourceIndex.column()) : QModelIndex();
}

QModelIndex TrafficFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_visible || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex TrafficFilterModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex TrafficFilterModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int TrafficFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_visible;
}

int TrafficFilterModel::columnCount(const QModelIndex &parent) const
{
    return (parent.isValid() || !m_traffic) ? 0 : TrafficModel::ColumnCount;
}

bool TrafficFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && m_visible > 0;
}

QVariant TrafficFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_traffic)
        return {};
    if (orientation == Qt::Horizontal)
        return m_traffic->headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return section + 1;
    return {};
}

} // namespace qmt::state
