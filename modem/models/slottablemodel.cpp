// SPDX-License-Identifier: Apache-2.0
#include "models/slottablemodel.h"

#include "engine/pipeline.h"

namespace qmt::state {

SlotTableModel::SlotTableModel(const SlotStore *store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store)
{
    // At most ten refreshes a second: a flood of URCs must not re-lay out the dashboard per read.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(kRefreshInterval);
    connect(&m_refreshTimer, &QTimer::timeout, this, &SlotTableModel::refresh);
}

SlotTableModel::~SlotTableModel()
{
    detach();
}

void SlotTableModel::attach(session::Pipeline &pipeline)
{
    detach();
    m_pipeline = &pipeline;
    m_mutableStore = &pipeline.store();
    m_store = m_mutableStore;
    m_mutableStore->takeDirty(); // views read everything afresh; only later changes matter
    m_observer = pipeline.addObserver([this](const at::AtEvent &) {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    });
}

void SlotTableModel::detach()
{
    if (m_pipeline)
        m_pipeline->removeObserver(m_observer);
    m_pipeline = nullptr;
}

void SlotTableModel::refresh()
{
    const quint32 dirty = m_mutableStore ? m_mutableStore->takeDirty() : 0x3f;
    for (int i = 0; i < kSlotCount; ++i)
        if (dirty & (1u << i))
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
}

int SlotTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kSlotCount;
}

int SlotTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SlotTableModel::netStateText(NetState s)
{
    switch (s) {
    case NetState::Closed:
        return tr("closed");
    case NetState::Opening:
        return tr("opening");
    case NetState::Open:
        return tr("open");
    case NetState::Failed:
        return tr("failed");
    case NetState::Unknown:
        return tr("unknown");
    }
    return {};
}

QString SlotTableModel::mqttStateText(MqttState s)
{
    switch (s) {
    case MqttState::Idle:
        return tr("idle");
    case MqttState::Connecting:
        return tr("connecting");
    case MqttState::Connected:
        return tr("connected");
    case MqttState::Disconnecting:
        return tr("disconnecting");
    case MqttState::Disconnected:
        return tr("disconnected");
    case MqttState::Unknown:
        return tr("unknown");
    }
    return {};
}

QVariant SlotTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= kSlotCount || index.column() >= ColumnCount)
        return {};
    const ClientSlot &s = m_store->slot(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IndexColumn:
            return s.index;
        case NetworkColumn:
            return netStateText(s.network);
        case EndpointColumn:
            return s.host.isEmpty() ? QString()
                                    : QStringLiteral("%1:%2").arg(QString::fromUtf8(s.host)).arg(s.port);
        case MqttColumn:
            return mqttStateText(s.mqtt);
        case ClientIdColumn:
            return QString::fromUtf8(s.clientId);
        case SslColumn:
            return s.config.sslEnabled ? tr("context %1").arg(s.config.sslCtx) : tr("off");
        case SubscriptionsColumn: {
            QStringList l;
            for (const Subscription &sub : s.subscriptions)
                l << QStringLiteral("%1 (QoS %2)")
                         .arg(QString::fromUtf8(sub.topic))
                         .arg(sub.grantedQos >= 0 ? sub.grantedQos : sub.requestedQos);
            return l.join(QStringLiteral(", "));
        }
        case InFlightColumn:
            return int(s.inFlight.size());
        case StoredColumn:
            return s.storedCount();
        case PublishedColumn:
            return qulonglong(s.counters.published);
        case ReceivedColumn:
            return qulonglong(s.counters.received);
        case LastErrorColumn:
            return s.lastError.isSet() ? QStringLiteral("%1 %2: %3")
                                             .arg(QString::fromUtf8(s.lastError.source))
                                             .arg(s.lastError.code)
                                             .arg(s.lastError.text())
                                       : QString();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == LastErrorColumn && s.lastError.isSet())
            return s.lastError.fix().isEmpty() ? s.lastError.text()
                                               : s.lastError.text() + QLatin1Char('\n') + s.lastError.fix();
        return {};
    case NetStateRole:
        return int(s.network);
    case MqttStateRole:
        return int(s.mqtt);
    case ErrorFixRole:
        return s.lastError.fix();
    case ErrorSourceRole:
        return QString::fromUtf8(s.lastError.source);
    case HasErrorRole:
        return s.lastError.isSet();
    default:
        return {};
    }
}

QVariant SlotTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return section;
    switch (section) {
    case IndexColumn:
        return tr("Slot");
    case NetworkColumn:
        return tr("Network");
    case EndpointColumn:
        return tr("Host:port");
    case MqttColumn:
        return tr("MQTT");
    case ClientIdColumn:
        return tr("Client ID");
    case SslColumn:
        return tr("SSL");
    case SubscriptionsColumn:
        return tr("Subscriptions");
    case InFlightColumn:
        return tr("In flight");
    case StoredColumn:
        return tr("Stored");
    case PublishedColumn:
        return tr("Published");
    case ReceivedColumn:
        return tr("Received");
    case LastErrorColumn:
        return tr("Last error");
    }
    return {};
}

} // namespace qmt::state
