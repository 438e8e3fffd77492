// SPDX-License-Identifier: Apache-2.0
#pragma once
// PeerMessageModel: the messages the desktop's own MQTT client (the peer panel) received, newest
// last: time, topic, QoS, retain, size and a one-line preview of the payload. The last
// kKeptMessages are kept (older ones leave from the top), so a busy topic costs bounded memory.
// The model knows nothing of MQTT clients: the panel feeds it.

#include <QAbstractTableModel>
#include <QByteArray>
#include <QDateTime>

#include <deque>

namespace qmt::state {

struct PeerMessage
{
    qint64 timeMs = 0; // wall clock, ms since the epoch
    QByteArray topic;
    QByteArray payload;
    int qos = 0;
    bool retained = false;
};

class PeerMessageModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kKeptMessages = 5000;
    enum Column { Time, Topic, Qos, Retain, Size, Payload, ColumnCount };
    static constexpr int TopicRole = Qt::UserRole + 1; // the topic as text, for filters

    explicit PeerMessageModel(QObject *parent = nullptr);

    void append(PeerMessage message);
    void clear();
    const PeerMessage &message(int row) const { return m_messages[std::size_t(row)]; }
    qint64 totalReceived() const { return m_total; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::deque<PeerMessage> m_messages;
    qint64 m_total = 0;
};

} // namespace qmt::state
