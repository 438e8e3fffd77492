// SPDX-License-Identifier: Apache-2.0
#include "models/trafficmodel.h"

#include "engine/pipeline.h"

#include <QDateTime>
#include <cstring>

namespace qmt::state {

using at::EventType;

TrafficModel::TrafficModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &TrafficModel::flush);
    setSpill(SpillPages::defaultFolder());
}

TrafficModel::~TrafficModel()
{
    detach();
}

void TrafficModel::attach(session::Pipeline &pipeline)
{
    detach();
    m_pipeline = &pipeline;
    m_observer = pipeline.addObserver([this](const at::AtEvent &ev) { append(ev); });
    m_lineEndObserver = pipeline.addLineEndObserver([this](QByteArrayView bytes) { appendLineEnd(bytes); });
}

void TrafficModel::detach()
{
    if (m_pipeline) {
        m_pipeline->removeObserver(m_observer);
        m_pipeline->removeObserver(m_lineEndObserver);
    }
    m_pipeline = nullptr;
}

void TrafficModel::append(const at::AtEvent &ev)
{
    Kind k = Kind::Unknown;
    switch (ev.type) {
    case EventType::Command:
        k = ev.echo ? Kind::Echo : Kind::Command;
        break;
    case EventType::Prompt:
        k = Kind::Prompt;
        break;
    case EventType::Data:
        k = Kind::Data;
        break;
    case EventType::Ok:
        k = Kind::Ok;
        break;
    case EventType::Error:
        k = Kind::Error;
        break;
    case EventType::CmeError:
        k = Kind::CmeError;
        break;
    case EventType::Connect:
        k = Kind::Connect;
        break;
    case EventType::Response:
        k = ev.isUrc() ? Kind::Urc : Kind::Response;
        break;
    case EventType::Boot:
        k = Kind::Boot;
        break;
    case EventType::Text:
        k = Kind::Text;
        break;
    case EventType::Unknown:
        k = Kind::Unknown;
        break;
    }
    const qsizetype len = std::min<qsizetype>(ev.text.size(), kBlockSize);
    if (kBlockSize - m_blockUsed < len) {
        char *block = m_blocks.append();
        if (!block)
            return; // no memory left for a page: the row is not kept (the journal has it)
        m_block = block;
        m_blockUsed = 0;
    }
    if ((m_count & (kRowsPerChunk - 1)) == 0 && m_count >> 16 == m_rows.size() && !m_rows.append())
        return;
    const quint64 pos = (quint64(m_blocks.size() - 1) << kBlockBits) | quint64(m_blockUsed);
    if (len > 0)
        std::memcpy(m_block + m_blockUsed, ev.text.data(), std::size_t(len));
    m_blockUsed += len;
    Row &r = row(m_count);
    r.timeUs = ev.timeUs;
    r.pos = pos;
    r.length = quint32(len);
    r.kind = std::uint8_t(k);
    r.dir = std::uint8_t(ev.dir);
    r.slot = std::int8_t(ev.clientIdx >= 0 && ev.clientIdx < 128 ? ev.clientIdx : -1);
    r.flags = len < ev.text.size() ? 1 : 0;
    if (ev.dir == at::Direction::FromModule)
        m_lastReceived = m_count;
    else if (ev.type == EventType::Command && !ev.echo)
        r.flags = encodeLineEnd(r.flags, "\r", false); // the CR written after every command line
    ++m_count;
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

QByteArray TrafficModel::decodeLineEnd(std::uint8_t flags, bool *more)
{
    const int count = (flags >> 1) & 7;
    if (more)
        *more = count > kLineEndKept;
    QByteArray out;
    for (int i = 0; i < std::min(count, kLineEndKept); ++i)
        out += (flags & (1 << (4 + i))) ? '\n' : '\r';
    return out;
}

std::uint8_t TrafficModel::encodeLineEnd(std::uint8_t flags, QByteArrayView bytes, bool more)
{
    std::uint8_t out = flags & 1;
    const qsizetype kept = std::min<qsizetype>(bytes.size(), kLineEndKept);
    for (qsizetype i = 0; i < kept; ++i)
        if (bytes[i] == '\n')
            out |= std::uint8_t(1 << (4 + i));
    const int count = (more || bytes.size() > kLineEndKept) ? kLineEndKept + 1 : int(kept);
    return std::uint8_t(out | (count << 1));
}

void TrafficModel::appendLineEnd(QByteArrayView bytes)
{
    if (m_lastReceived < 0 || bytes.isEmpty())
        return;
    Row &r = row(m_lastReceived);
    bool more = false;
    const QByteArray now = decodeLineEnd(r.flags, &more) + bytes.toByteArray();
    const std::uint8_t flags = encodeLineEnd(r.flags, now, more);
    if (flags == r.flags)
        return;
    r.flags = flags;
    if (m_lastReceived < m_announced)
        emit dataChanged(index(int(m_lastReceived), 0), index(int(m_lastReceived), ColumnCount - 1),
                         {LineEndRole, LineEndMoreRole});
}

QByteArray TrafficModel::lineEnd(qsizetype i, bool *more) const
{
    if (more)
        *more = false;
    if (i < 0 || i >= m_count)
        return {};
    return decodeLineEnd(row(i).flags, more);
}

void TrafficModel::flush()
{
    if (m_count == m_announced)
        return;
    beginInsertRows({}, int(m_announced), int(m_count - 1));
    m_announced = m_count;
    endInsertRows();
}

void TrafficModel::clear()
{
    beginResetModel();
    m_blocks.clear();
    m_rows.clear();
    m_block = nullptr;
    m_blockUsed = kBlockSize;
    m_count = 0;
    m_announced = 0;
    m_lastReceived = -1;
    endResetModel();
}

QByteArrayView TrafficModel::textOf(const Row &r) const
{
    if (r.length == 0)
        return {}; // (no block may exist yet)
    const char *block = m_blocks.page(qsizetype(r.pos >> kBlockBits));
    return QByteArrayView(block + (r.pos & quint64(kBlockSize - 1)), qsizetype(r.length));
}

QByteArray TrafficModel::rawText(qsizetype i) const
{
    return (i >= 0 && i < m_count) ? textOf(row(i)).toByteArray() : QByteArray();
}

QByteArrayView TrafficModel::rawTextView(qsizetype i) const
{
    return (i >= 0 && i < m_count) ? textOf(row(i)) : QByteArrayView();
}

TrafficModel::Kind TrafficModel::kind(qsizetype i) const
{
    return Kind(row(i).kind);
}

qsizetype TrafficModel::memoryBytes() const
{
    return m_blocks.size() * m_blocks.pageSize() + m_rows.size() * m_rows.pageSize();
}

qsizetype TrafficModel::residentBytes() const
{
    return m_blocks.residentPages() * m_blocks.pageSize() + m_rows.residentPages() * m_rows.pageSize();
}

void TrafficModel::setSpill(const QString &folder, qsizetype residentBytesEach)
{
    m_blocks.setSpill(folder, residentBytesEach / m_blocks.pageSize());
    m_rows.setSpill(folder, residentBytesEach / m_rows.pageSize());
}

int TrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_announced);
}

int TrafficModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TrafficModel::kindName(Kind k)
{
    switch (k) {
    case Kind::Command:
        return tr("command");
    case Kind::Echo:
        return tr("echo");
    case Kind::Prompt:
        return tr("prompt");
    case Kind::Data:
        return tr("data");
    case Kind::Ok:
        return tr("OK");
    case Kind::Error:
        return tr("ERROR");
    case Kind::CmeError:
        return tr("CME ERROR");
    case Kind::Connect:
        return tr("CONNECT");
    case Kind::Response:
        return tr("response");
    case Kind::Urc:
        return tr("URC");
    case Kind::Boot:
        return tr("boot");
    case Kind::Text:
        return tr("text");
    case Kind::Unknown:
        return tr("not AT");
    }
    return {};
}

QString TrafficModel::displayText(QByteArrayView b)
{
    QString out = QString::fromUtf8(b);
    bool plain = true;
    for (QChar c : out)
        plain = plain && (c.unicode() >= 0x20 || c == QLatin1Char('\t'));
    if (plain)
        return out;
    QString esc;
    esc.reserve(out.size() + 16);
    for (QChar c : out) {
        if (c == QLatin1Char('\r'))
            esc += QLatin1String("\\r");
        else if (c == QLatin1Char('\n'))
            esc += QLatin1String("\\n");
        else if (c.unicode() < 0x20 && c != QLatin1Char('\t'))
            esc += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            esc += c;
    }
    return esc;
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_announced || index.column() >= ColumnCount)
        return {};
    const Row &r = row(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(r.timeUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
        case DirectionColumn:
            return r.dir == std::uint8_t(at::Direction::ToModule) ? tr("sent") : tr("received");
        case SlotColumn:
            return r.slot >= 0 ? QVariant(int(r.slot)) : QVariant(QString());
        case KindColumn:
            return kindName(Kind(r.kind));
        case TextColumn: {
            QString t = displayText(textOf(r));
            if (r.flags & 1)
                t += tr(" … (cut for display)");
            return t;
        }
        }
        return {};
    case RawTextRole:
        return textOf(r).toByteArray();
    case KindRole:
        return int(r.kind);
    case DirectionRole:
        return int(r.dir);
    case SlotRole:
        return int(r.slot);
    case TimeUsRole:
        return r.timeUs;
    case LineEndRole:
        return decodeLineEnd(r.flags);
    case LineEndMoreRole: {
        bool more = false;
        decodeLineEnd(r.flags, &more);
        return more;
    }
    default:
        return {};
    }
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DirectionColumn:
        return tr("Direction");
    case SlotColumn:
        return tr("Slot");
    case KindColumn:
        return tr("Kind");
    case TextColumn:
        return tr("Text");
    }
    return {};
}

} // namespace qmt::state
