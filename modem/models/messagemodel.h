// SPDX-License-Identifier: Apache-2.0
#pragma once
// MessageModel: the messages one client slot received (its MessageRing, the last kKeptMessages),
// a row each, oldest first. Rows are read from the store, never copied; new rows are announced
// in batches from a zero-time timer, and rows whose messages the ring has overwritten are
// removed at the same time. Also the payload views of the slot detail view — text, hex dump,
// indented JSON — which need no widgets.

#include "engine/slotstore.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace qmt::session {
class Pipeline;
}

namespace qmt::state {

class MessageModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        MsgIdColumn,
        TopicColumn,
        LengthColumn,
        PayloadColumn,
        CompleteColumn,
        ColumnCount
    };
    enum Role {
        PayloadRole = Qt::UserRole + 1, // QByteArray: the payload's bytes as received
        TopicRole,                      // QByteArray
        TimeUsRole,                     // qint64: microseconds since the epoch
        MsgIdRole,                      // int
        RecvIdRole,                     // int: the buffer it was read from (receive mode 1), else -1
        DeclaredLengthRole,             // qint64: the URC's <payload_len>, -1 when it had none
        CompleteRole,                   // bool
        IncompleteReasonRole,           // QString: why the payload may be cut; empty when complete
    };

    MessageModel(const SlotStore *store, int slotIndex, QObject *parent = nullptr);
    ~MessageModel() override;

    // Follows the pipeline's events from now on (the rows already in the ring are shown at once).
    void attach(session::Pipeline &pipeline);
    void detach();
    // Announces the messages received since the last flush (also done by a zero-time timer).
    void flush();
    // Reads the ring afresh (a model reset), e.g. after Pipeline::reset().
    void resync();

    int slotIndex() const { return m_slot; }
    // The message of a row; nullptr when the ring has overwritten it and no flush has run yet.
    const ReceivedMessage *message(int row) const;
    // Messages seen since attach() or the last resync (those in the ring then included).
    quint64 totalSeen() const { return m_total; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The payload as UTF-8 text (invalid sequences become U+FFFD).
    static QString payloadText(const QByteArray &payload);
    // A hex dump: offset, 16 bytes in hex, the same bytes as ASCII ('.' for the others).
    static QString payloadHex(const QByteArray &payload);
    // The payload as indented JSON, its keys in the sender's order (indentJson); an empty string
    // (and *error set) when it is not JSON.
    static QString payloadJson(const QByteArray &payload, QString *error = nullptr);
    // One line of at most maxChars characters: line ends and tabs shown as ↵ and →, other
    // control characters as ·, an ellipsis when cut. A payload that is not text (not UTF-8, or
    // more than a quarter control bytes) as the hex of its first maxChars / 3 bytes.
    static QString payloadPreview(const QByteArray &payload, int maxChars = 80);
    static bool looksLikeText(const QByteArray &payload);
    // Why a message is marked incomplete and what to do about it; empty for a complete one.
    // The advice names the slot's own AT+QMTCFG="recv/mode" setting with msg_len_enable on.
    static QString incompleteReason(const ReceivedMessage &m, const ClientSlot &slot);
    // "12:03:04.517", local time.
    static QString timeText(qint64 timeUs);

private:
    void onEvent();
    const ClientSlot &slot() const { return m_store->slot(m_slot); }

    const SlotStore *m_store;
    int m_slot;
    session::Pipeline *m_pipeline = nullptr;
    int m_observer = 0;
    QTimer m_flushTimer;
    // Messages are numbered in the order they arrived (their sequence); the ring holds the last
    // ring.size() of the m_total seen. Rows show sequences [m_first, m_first + m_rows).
    quint64 m_total = 0;
    quint64 m_first = 0;
    int m_rows = 0;
    bool m_needReset = false;
    // What the ring looked like after the last event, to tell one new message from a reset.
    std::size_t m_ringSize = 0;
    const ReceivedMessage *m_ringBack = nullptr;
};

} // namespace qmt::state
