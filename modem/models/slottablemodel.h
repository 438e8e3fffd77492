// SPDX-License-Identifier: Apache-2.0
#pragma once
// SlotTableModel: the six MQTT client slots as six rows, read from the SlotStore. Changes are
// picked up from the store's dirty bits, coalesced by a 100 ms timer (or refresh()).

#include "engine/slotstore.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <chrono>

namespace qmt::session {
class Pipeline;
}

namespace qmt::state {

class SlotTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IndexColumn,
        NetworkColumn,
        EndpointColumn,
        MqttColumn,
        ClientIdColumn,
        SslColumn,
        SubscriptionsColumn,
        InFlightColumn,
        StoredColumn,
        PublishedColumn,
        ReceivedColumn,
        LastErrorColumn,
        ColumnCount
    };
    enum Role {
        NetStateRole = Qt::UserRole + 1, // int: NetState
        MqttStateRole,                   // int: MqttState
        ErrorFixRole,                    // QString: what to do about the last error
        ErrorSourceRole,                 // QString: "QMTSTAT", …
        HasErrorRole,                    // bool
    };

    explicit SlotTableModel(const SlotStore *store, QObject *parent = nullptr);
    ~SlotTableModel() override;

    // Refreshes after every event of the pipeline (coalesced).
    void attach(session::Pipeline &pipeline);
    void detach();
    // Emits dataChanged for the slots the store marked changed.
    void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static constexpr std::chrono::milliseconds kRefreshInterval{100};

    static QString netStateText(NetState s);
    static QString mqttStateText(MqttState s);

private:
    const SlotStore *m_store;
    SlotStore *m_mutableStore = nullptr; // to take dirty bits when attached
    QTimer m_refreshTimer;
    session::Pipeline *m_pipeline = nullptr;
    int m_observer = 0;
};

} // namespace qmt::state
