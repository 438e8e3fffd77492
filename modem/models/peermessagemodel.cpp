// SPDX-License-Identifier: Apache-2.0
#include "models/peermessagemodel.h"
#include "models/messagemodel.h"

namespace qmt::state {

PeerMessageModel::PeerMessageModel(QObject *parent) : QAbstractTableModel(parent) {}

void PeerMessageModel::append(PeerMessage message)
{
    ++m_total;
    if (m_messages.size() >= std::size_t(kKeptMessages)) {
        beginRemoveRows({}, 0, 0);
        m_messages.pop_front();
        endRemoveRows();
    }
    const int row = int(m_messages.size());
    beginInsertRows({}, row, row);
    m_messages.push_back(std::move(message));
    endInsertRows();
}

void PeerMessageModel::clear()
{
    beginResetModel();
    m_messages.clear();
    endResetModel();
}

int PeerMessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

int PeerMessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PeerMessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_messages.size()))
        return {};
    const PeerMessage &m = m_messages[std::size_t(index.row())];
    if (role == TopicRole)
        return QString::fromUtf8(m.topic);
    if (role == Qt::TextAlignmentRole && (index.column() == Qos || index.column() == Size))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(m.timeMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Topic:
        return QString::fromUtf8(m.topic);
    case Qos:
        return m.qos;
    case Retain:
        return m.retained ? tr("retained") : QString();
    case Size:
        return m.payload.size();
    case Payload:
        return MessageModel::payloadPreview(m.payload, role == Qt::ToolTipRole ? 2000 : 120);
    default:
        return {};
    }
}

QVariant PeerMessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Topic:
        return tr("Topic");
    case Qos:
        return tr("QoS");
    case Retain:
        return tr("Retain");
    case Size:
        return tr("Bytes");
    case Payload:
        return tr("Payload");
    default:
        return {};
    }
}

} // namespace qmt::state
