// SPDX-License-Identifier: Apache-2.0
#pragma once
// SubscriptionModel: the topic filters one client slot is subscribed to, as the traffic shows
// them — requested QoS and the QoS the server granted in its SUBACK (pending until it arrives).
// Follows the store after every event (coalesced by a zero-time timer) with row inserts,
// removals and dataChanged rather than resets, so a view keeps its selection.

#include "engine/slotstore.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace qmt::session {
class Pipeline;
}

namespace qmt::state {

class SubscriptionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TopicColumn, RequestedQosColumn, GrantedQosColumn, ColumnCount };
    enum Role {
        TopicRole = Qt::UserRole + 1, // QByteArray
        RequestedQosRole,             // int
        GrantedQosRole,               // int: -1 while the SUBACK is pending
    };

    SubscriptionModel(const SlotStore *store, int slotIndex, QObject *parent = nullptr);
    ~SubscriptionModel() override;

    void attach(session::Pipeline &pipeline);
    void detach();
    // Brings the rows in line with the store now (also done by a zero-time timer).
    void refresh();

    int slotIndex() const { return m_slot; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const SlotStore *m_store;
    int m_slot;
    session::Pipeline *m_pipeline = nullptr;
    int m_observer = 0;
    QTimer m_refreshTimer;
    std::vector<Subscription> m_rows; // what the views were last told
};

} // namespace qmt::state
