// SPDX-License-Identifier: Apache-2.0
#include "models/subscriptionmodel.h"

#include "engine/pipeline.h"

#include <algorithm>

namespace qmt::state {

SubscriptionModel::SubscriptionModel(const SlotStore *store, int slotIndex, QObject *parent)
    : QAbstractTableModel(parent), m_store(store), m_slot(std::clamp(slotIndex, 0, kSlotCount - 1))
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &SubscriptionModel::refresh);
    m_rows = m_store->slot(m_slot).subscriptions;
}

SubscriptionModel::~SubscriptionModel()
{
    detach();
}

void SubscriptionModel::attach(session::Pipeline &pipeline)
{
    detach();
    m_pipeline = &pipeline;
    if (m_store != &pipeline.store()) {
        beginResetModel();
        m_store = &pipeline.store();
        m_rows = m_store->slot(m_slot).subscriptions;
        endResetModel();
    }
    m_observer = pipeline.addObserver([this](const at::AtEvent &) {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    });
    refresh();
}

void SubscriptionModel::detach()
{
    if (m_pipeline)
        m_pipeline->removeObserver(m_observer);
    m_pipeline = nullptr;
    m_refreshTimer.stop();
}

void SubscriptionModel::refresh()
{
    m_refreshTimer.stop();
    const std::vector<Subscription> &now = m_store->slot(m_slot).subscriptions;
    auto inNow = [&](const Subscription &s) { return std::find(now.begin(), now.end(), s) != now.end(); };
    // Rows whose topic is gone, from the bottom up, a contiguous run at a time.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (inNow(m_rows[std::size_t(row)])) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !inNow(m_rows[std::size_t(first - 1)]))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
    // The store updates in place and appends, so what is left is the start of its list; if not
    // (a reordering we do not expect), read it afresh.
    const bool prefix = m_rows.size() <= now.size() && std::equal(m_rows.begin(), m_rows.end(), now.begin());
    if (!prefix) {
        beginResetModel();
        m_rows = now;
        endResetModel();
        return;
    }
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].requestedQos != now[i].requestedQos || m_rows[i].grantedQos != now[i].grantedQos) {
            m_rows[i] = now[i];
            emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
        }
    }
    if (now.size() > m_rows.size()) {
        beginInsertRows({}, int(m_rows.size()), int(now.size()) - 1);
        m_rows.insert(m_rows.end(), now.begin() + qsizetype(m_rows.size()), now.end());
        endInsertRows();
    }
}

int SubscriptionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SubscriptionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SubscriptionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()) || index.column() >= ColumnCount)
        return {};
    const Subscription &s = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TopicColumn:
            return QString::fromUtf8(s.topic);
        case RequestedQosColumn:
            return s.requestedQos;
        case GrantedQosColumn:
            return s.grantedQos >= 0 ? QString::number(s.grantedQos) : tr("pending");
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == GrantedQosColumn && s.grantedQos >= 0 && s.grantedQos < s.requestedQos)
            return tr("The server granted a lower QoS than requested");
        return {};
    case TopicRole:
        return s.topic;
    case RequestedQosRole:
        return s.requestedQos;
    case GrantedQosRole:
        return s.grantedQos;
    default:
        return {};
    }
}

QVariant SubscriptionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TopicColumn:
        return tr("Topic filter");
    case RequestedQosColumn:
        return tr("Requested QoS");
    case GrantedQosColumn:
        return tr("Granted QoS");
    }
    return {};
}

} // namespace qmt::state
