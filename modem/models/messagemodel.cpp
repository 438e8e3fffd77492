// SPDX-License-Identifier: Apache-2.0
#include "models/messagemodel.h"

#include "engine/pipeline.h"
#include "models/jsonindent.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace qmt::state {

MessageModel::MessageModel(const SlotStore *store, int slotIndex, QObject *parent)
    : QAbstractTableModel(parent), m_store(store), m_slot(std::clamp(slotIndex, 0, kSlotCount - 1))
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &MessageModel::flush);
    resync();
}

MessageModel::~MessageModel()
{
    detach();
}

void MessageModel::attach(session::Pipeline &pipeline)
{
    detach();
    m_pipeline = &pipeline;
    m_store = &pipeline.store();
    m_observer = pipeline.addObserver([this](const at::AtEvent &) { onEvent(); });
    resync();
}

void MessageModel::detach()
{
    if (m_pipeline)
        m_pipeline->removeObserver(m_observer);
    m_pipeline = nullptr;
    m_flushTimer.stop();
}

void MessageModel::onEvent()
{
    // The store pushes at most one message per event, so comparing the ring's size and last
    // record with what they were after the previous event tells a new message (the size grew
    // by one, or the full ring moved on) from a reset of the slot (anything else).
    const MessageRing &ring = slot().messages;
    const std::size_t n = ring.size();
    const ReceivedMessage *back = n ? &ring.back() : nullptr;
    if (n == m_ringSize && back == m_ringBack)
        return;
    if (n == m_ringSize + 1 || (n == kKeptMessages && m_ringSize == kKeptMessages))
        ++m_total;
    else
        m_needReset = true;
    m_ringSize = n;
    m_ringBack = back;
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void MessageModel::resync()
{
    beginResetModel();
    const MessageRing &ring = slot().messages;
    m_ringSize = ring.size();
    m_ringBack = m_ringSize ? &ring.back() : nullptr;
    m_total = m_ringSize;
    m_first = 0;
    m_rows = int(m_ringSize);
    m_needReset = false;
    endResetModel();
}

void MessageModel::flush()
{
    m_flushTimer.stop();
    if (m_needReset) {
        resync();
        return;
    }
    const quint64 oldest =
        m_total - std::min<quint64>(m_total, slot().messages.size()); // first still in the ring
    if (m_first < oldest && m_rows > 0) {
        const int gone = int(std::min<quint64>(oldest - m_first, quint64(m_rows)));
        beginRemoveRows({}, 0, gone - 1);
        m_first += quint64(gone);
        m_rows -= gone;
        endRemoveRows();
    }
    if (m_rows == 0)
        m_first = std::max(m_first, oldest);
    const quint64 end = m_first + quint64(m_rows);
    if (m_total > end) {
        const int added = int(m_total - end);
        beginInsertRows({}, m_rows, m_rows + added - 1);
        m_rows += added;
        endInsertRows();
    }
}

const ReceivedMessage *MessageModel::message(int row) const
{
    if (row < 0 || row >= m_rows)
        return nullptr;
    const MessageRing &ring = slot().messages;
    const quint64 seq = m_first + quint64(row);
    const quint64 oldest = m_total - std::min<quint64>(m_total, ring.size());
    if (seq < oldest || seq - oldest >= ring.size())
        return nullptr;
    return &ring[std::size_t(seq - oldest)];
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int MessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.column() >= ColumnCount)
        return {};
    const ReceivedMessage *m = message(index.row());
    if (!m)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return timeText(m->timeUs);
        case MsgIdColumn:
            return m->msgId;
        case TopicColumn:
            return QString::fromUtf8(m->topic);
        case LengthColumn:
            return int(m->payload.size());
        case PayloadColumn:
            return payloadPreview(m->payload);
        case CompleteColumn:
            return m->complete ? tr("yes") : tr("incomplete");
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == CompleteColumn && !m->complete)
            return incompleteReason(*m, slot());
        if (index.column() == MsgIdColumn && m->recvId >= 0)
            return tr("Read from buffer %1 (receive mode 1)").arg(m->recvId);
        if (index.column() == LengthColumn && m->declaredLength >= 0)
            return tr("<payload_len> %1").arg(m->declaredLength);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == LengthColumn || index.column() == MsgIdColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case PayloadRole:
        return m->payload;
    case TopicRole:
        return m->topic;
    case TimeUsRole:
        return m->timeUs;
    case MsgIdRole:
        return m->msgId;
    case RecvIdRole:
        return m->recvId;
    case DeclaredLengthRole:
        return m->declaredLength;
    case CompleteRole:
        return m->complete;
    case IncompleteReasonRole:
        return incompleteReason(*m, slot());
    default:
        return {};
    }
}

QVariant MessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case MsgIdColumn:
        return tr("Msg ID");
    case TopicColumn:
        return tr("Topic");
    case LengthColumn:
        return tr("Length");
    case PayloadColumn:
        return tr("Payload");
    case CompleteColumn:
        return tr("Complete");
    }
    return {};
}

QString MessageModel::payloadText(const QByteArray &payload)
{
    return QString::fromUtf8(payload);
}

QString MessageModel::payloadHex(const QByteArray &payload)
{
    static constexpr int kPerLine = 16;
    QString out;
    out.reserve((payload.size() / kPerLine + 1) * 80);
    for (qsizetype at = 0; at < payload.size(); at += kPerLine) {
        const qsizetype n = std::min<qsizetype>(kPerLine, payload.size() - at);
        out += QStringLiteral("%1 ").arg(at, 8, 16, QLatin1Char('0'));
        for (qsizetype i = 0; i < kPerLine; ++i) {
            if (i == kPerLine / 2)
                out += QLatin1Char(' ');
            if (i < n)
                out += QStringLiteral(" %1").arg(quint8(payload[at + i]), 2, 16, QLatin1Char('0'));
            else
                out += QLatin1String("   ");
        }
        out += QLatin1String("  |");
        for (qsizetype i = 0; i < n; ++i) {
            const char c = payload[at + i];
            out += (c >= 0x20 && c < 0x7f) ? QLatin1Char(c) : QLatin1Char('.');
        }
        out += QLatin1String("|\n");
    }
    return out;
}

QString MessageModel::payloadJson(const QByteArray &payload, QString *error)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &err);
    if (err.error != QJsonParseError::NoError || doc.isNull()) {
        if (error)
            *error = tr("Not JSON: %1 at byte %2").arg(err.errorString()).arg(err.offset);
        return {};
    }
    if (error)
        error->clear();
    // Re-indented from the bytes: the document would list the keys sorted, not as sent.
    return QString::fromUtf8(indentJson(payload));
}

bool MessageModel::looksLikeText(const QByteArray &payload)
{
    int control = 0;
    for (const char c : payload) {
        const auto u = uchar(c);
        if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7f)
            ++control;
    }
    return control * 4 <= payload.size() && QString::fromUtf8(payload).toUtf8() == payload;
}

QString MessageModel::payloadPreview(const QByteArray &payload, int maxChars)
{
    if (!looksLikeText(payload)) // binary: the first bytes in hex
        return QString::fromLatin1(payload.left(std::max(1, maxChars / 3)).toHex(' ')) +
               (payload.size() > std::max(1, maxChars / 3) ? QStringLiteral(" \u2026") : QString());
    const QString text = QString::fromUtf8(payload);
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), maxChars) + 1);
    for (const QChar c : text) {
        if (out.size() >= maxChars) {
            out += QChar(0x2026); // …
            break;
        }
        if (c == QLatin1Char('\n'))
            out += QChar(0x21B5); // ↵
        else if (c == QLatin1Char('\r'))
            continue;
        else if (c == QLatin1Char('\t'))
            out += QChar(0x2192); // →
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QChar(0x00B7); // ·
        else
            out += c;
    }
    return out;
}

QString MessageModel::incompleteReason(const ReceivedMessage &m, const ClientSlot &slot)
{
    if (m.complete)
        return {};
    const QString advice = tr("Turn on msg_len_enable so that the module states each payload's length: "
                              "AT+QMTCFG=\"recv/mode\",%1,%2,1 (while the slot is not connected).")
                               .arg(slot.index)
                               .arg(slot.config.recvMode);
    if (m.declaredLength < 0)
        return tr("The payload may be cut: the +QMTRECV had no <payload_len>, so a payload that spans lines "
                  "ends at the first line end. %1")
            .arg(advice);
    return tr("The payload may be cut: it did not end where its <payload_len> of %1 bytes said, so it was "
              "taken up to the line end (%2 bytes).")
        .arg(m.declaredLength)
        .arg(m.payload.size());
}

QString MessageModel::timeText(qint64 timeUs)
{
    return QDateTime::fromMSecsSinceEpoch(timeUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace qmt::state
