// SPDX-License-Identifier: Apache-2.0
#pragma once
// TrafficModel: every frame of a session (sent, received, read from a log) as a table —
// time, direction, slot, kind, text — for ten million rows and more. Rows are 24-byte records;
// the text lives once in a byte arena and is formatted only when a view asks (Wireshark's
// packet list does the same). Arena and records spill to an unlinked file, of which a budget
// stays in memory (SpillPages). New rows are announced in batches from a zero-time timer.

#include "at/event.h"
#include "models/spillpages.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <memory>
#include <vector>

namespace qmt::session {
class Pipeline;
}

namespace qmt::state {

class TrafficModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, DirectionColumn, SlotColumn, KindColumn, TextColumn, ColumnCount };
    enum Role {
        RawTextRole = Qt::UserRole + 1, // QByteArray: the frame's bytes
        KindRole,                       // int: Kind
        DirectionRole,                  // int: at::Direction
        SlotRole,                       // int: client_idx or -1
        TimeUsRole,                     // qint64
        LineEndRole,                    // QByteArray: the CR/LF bytes that followed the frame
        LineEndMoreRole,                // bool: more CR/LF bytes followed than LineEndRole holds
    };
    enum class Kind : std::uint8_t {
        Command,
        Echo,
        Prompt,
        Data,
        Ok,
        Error,
        CmeError,
        Connect,
        Response,
        Urc,
        Boot,
        Text,
        Unknown
    };
    Q_ENUM(Kind)

    explicit TrafficModel(QObject *parent = nullptr);
    ~TrafficModel() override;

    // Appends every event of the pipeline from now on.
    void attach(session::Pipeline &pipeline);
    void detach();

    void append(const at::AtEvent &ev);
    // CR/LF bytes the module sent after its latest frame (Pipeline::addLineEndObserver): kept
    // with that row, up to kLineEndKept bytes (more are marked, not kept).
    void appendLineEnd(QByteArrayView bytes);
    static constexpr int kLineEndKept = 4;
    // Announces the rows appended since the last flush (also done by a zero-time timer).
    void flush();
    void clear();

    qsizetype frameCount() const { return m_count; } // including rows not yet announced
    QByteArray rawText(qsizetype row) const;
    // The same without a copy: valid while the model keeps its rows (until clear() or a reset;
    // a spilled page keeps its address).
    QByteArrayView rawTextView(qsizetype row) const;
    Kind kind(qsizetype row) const;
    // The line end of a row: what the module sent after it (CR LF, LF, ...), the CR we write
    // after a command; when more than kLineEndKept bytes followed, the first ones (*more true).
    QByteArray lineEnd(qsizetype row, bool *more = nullptr) const;
    // Bytes held: text arena plus row records, by capacity (in memory or in the spill file).
    qsizetype memoryBytes() const;
    // Of those, the bytes in the process's memory now.
    qsizetype residentBytes() const;
    // Where text and rows spill to, and how many bytes of each stay in memory at most (default:
    // SpillPages::defaultFolder(), kResidentDefault). An empty folder keeps everything in memory.
    // Applies to what is appended after it (call it on an empty model).
    void setSpill(const QString &folder, qsizetype residentBytesEach = kResidentDefault);
    static constexpr qsizetype kResidentDefault = 48 << 20;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindName(Kind k);
    // Text for display: control characters shown as \r, \n, \xNN.
    static QString displayText(QByteArrayView bytes);

private:
    struct Row
    {
        qint64 timeUs;
        quint64 pos; // position in the arena: block << 20 | offset
        quint32 length;
        std::uint8_t kind;
        std::uint8_t dir;
        std::int8_t slot;
        // bit 0: text cut to the block size; bits 1-3: line-end bytes that followed (0-4, 5 more
        // than 4); bits 4-7: which of the first four were LF (else CR)
        std::uint8_t flags;
    };
    static_assert(sizeof(Row) == 24, "rows must stay compact");
    static constexpr qsizetype kBlockBits = 20;
    static constexpr qsizetype kBlockSize = qsizetype(1) << kBlockBits;
    static constexpr qsizetype kRowsPerChunk = 1 << 16;

    Row &row(qsizetype i) const
    {
        return reinterpret_cast<Row *>(m_rows.page(i >> 16))[i & (kRowsPerChunk - 1)];
    }
    QByteArrayView textOf(const Row &r) const;
    static QByteArray decodeLineEnd(std::uint8_t flags, bool *more = nullptr);
    static std::uint8_t encodeLineEnd(std::uint8_t flags, QByteArrayView bytes, bool more);

    // Text blocks and row records: in an unlinked file beside the cache, a budget of them in
    // memory (SpillPages), so a capture of any length runs in bounded resident memory.
    SpillPages m_blocks{kBlockSize};
    qsizetype m_blockUsed = kBlockSize;
    char *m_block = nullptr; // the block being filled
    SpillPages m_rows{kRowsPerChunk * qsizetype(sizeof(Row))};
    qsizetype m_count = 0;         // rows stored
    qsizetype m_announced = 0;     // rows the views know about
    qsizetype m_lastReceived = -1; // the latest row the module sent: where its line end goes
    int m_lineEndObserver = 0;
    QTimer m_flushTimer;
    session::Pipeline *m_pipeline = nullptr;
    int m_observer = 0;
};

} // namespace qmt::state
