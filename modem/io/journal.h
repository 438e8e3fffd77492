// SPDX-License-Identifier: Apache-2.0
#pragma once
// The session journal (issue 10): every byte of a live session — received, command lines and data
// written, port events, the user's notes — with its direction, a monotonic time (µs) and the wall
// clock, written to an SQLite file (Qt SQL, WAL) as it arrives. Writes go into an open
// transaction that is committed at least every 100 ms and at once on every port event, so a
// kill -9 or a power cut loses at most the last 100 ms; SQLite's WAL makes a file left by a crash
// open without a repair step. Each chunk records how many frames the pipeline had seen before
// it, and an index on that finds the chunk holding frame N. The format is in docs/journal.md.
// The SQLite work runs on a thread of its own: the thread that drains the port only copies the
// bytes and hands them over (received bytes within 50 ms; the writer commits within 50 ms of
// its first uncommitted row). commit() and port events wait for the writer.
//
// JournalReader opens a journal (a clear message for a file that is not one, or one written by a
// newer build) and replays it through a pipeline: the same framer, parser and slot store as live.

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace qmt::session {

class ManualClock;
class Pipeline;

class Journal : public QObject
{
    Q_OBJECT
public:
    static constexpr int kVersion = 1; // the format written; readers accept up to their own
    static constexpr int kCommitMs = 100;
    static constexpr qsizetype kCoalesce = 256 * 1024; // received bytes per chunk at most
    static QByteArray formatName() { return QByteArrayLiteral("qmtscope-journal"); }

    // What a chunk is (the `dir` column).
    enum class Kind : std::uint8_t {
        Received = 0,   // bytes from the module
        Command = 1,    // a command line written (without its CR)
        Data = 2,       // data written after '>' or CONNECT, or raw bytes from the console
        PortOpened = 3, // text: the port and its settings
        PortClosed = 4, // text: why (empty when asked)
        PortLost = 5,   // text: the system's reason
        Note = 6,       // text the user typed
    };

    ~Journal() override;

    // A new journal at `path` (an existing file is refused); nullptr with *error set.
    static std::unique_ptr<Journal> create(const QString &path, const QString &description, QString *error);

    QString path() const { return m_path; }
    bool isPaused() const { return m_paused; }
    QString lastError() const { return m_error; }
    qint64 chunkCount() const { return m_chunks; }
    qint64 bytesWritten() const { return m_bytes; } // payload bytes, all kinds
    qint64 fileSize() const;                        // the file and its WAL

    // `frames`: how many frames the pipeline had seen before these bytes.
    void received(QByteArrayView bytes, qint64 frames);
    void wroteCommand(QByteArrayView line, qint64 frames);
    void wroteData(QByteArrayView bytes, qint64 frames);
    void portEvent(Kind kind, const QString &text, qint64 frames); // committed at once
    void note(const QString &text, qint64 frames);

    // Removes the oldest journals (*.qmtj) of `folder` until they take at most `maxBytes` and
    // none is older than `maxAgeDays` (0: no age limit); never `keep`. Returns how many went.
    static int prune(const QString &folder, qint64 maxBytes, int maxAgeDays, const QString &keep = QString());

    // The largest the file may grow (0: no limit): at the limit the journal stops as on a full
    // disk (SQLite's max_page_count); what was written before stays readable.
    void setSizeLimit(qint64 bytes);
    // The journal stops when the disk holding it has less than this free (checked about once a
    // second), so it never fills the disk: the session goes on. Default kMinimumFree.
    static constexpr qint64 kMinimumFree = 100LL << 20;
    void setMinimumFree(qint64 bytes);
    qint64 minimumFree() const { return m_minimumFree; }
    // Bytes free on the journal's disk when last looked at (-1: not yet).
    qint64 freeBytes() const;

    // Commits what is pending now (else the timer does within kCommitMs).
    bool commit();
    // Stops writing after an error (disk full): the session goes on; resume() tries again.
    void resume();

signals:
    void paused(const QString &reason); // a write or commit failed: nothing more is written

private:
    class Writer; // the SQLite side, on a thread of its own (journal.cpp)
    explicit Journal(QString path);
    void append(Kind kind, QByteArrayView bytes, qint64 frames);
    void flushPending();
    void fail(const QString &what);

    QString m_path;
    std::unique_ptr<Writer> m_writer;
    QTimer m_flushTimer; // hands received bytes to the writer within kCommitMs / 2
    QElapsedTimer m_mono;
    bool m_paused = false;
    int m_generation = 0; // resume() calls so far (the writer counts them too)
    QString m_error;
    qint64 m_chunks = 0, m_bytes = 0;
    qint64 m_minimumFree = kMinimumFree;
    QByteArray m_pending; // received bytes not yet a row (see received())
    qint64 m_pendingMonoUs = 0, m_pendingWallUs = 0, m_pendingFrames = 0;
};

class JournalReader
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::JournalReader)
public:
    struct Chunk
    {
        qint64 id = 0;
        qint64 monoUs = 0, wallUs = 0;
        Journal::Kind kind = Journal::Kind::Received;
        qint64 frames = 0; // frames before it
        QByteArray bytes;
    };

    ~JournalReader();
    JournalReader(JournalReader &&) noexcept;
    JournalReader &operator=(JournalReader &&) = delete;
    JournalReader(const JournalReader &) = delete;

    // Whether the bytes begin like an SQLite file (a journal, or another database).
    static bool looksLikeJournal(QByteArrayView head);
    // Opens a journal to read; nullopt with *error set (translated) when it is no journal, is
    // damaged, or was written by a newer build.
    static std::optional<JournalReader> open(const QString &path, QString *error);

    int version() const { return m_version; }
    QString description() const { return m_description; }
    qint64 chunkCount() const;
    // The id of the last chunk (0 when empty): how far a reading has got is its id against this.
    qint64 lastChunkId() const;
    // Where the journal's tail begins: the id after which its last chunks hold at least `bytes`
    // (or are `maxChunks`); 0 when that is the whole journal.
    qint64 tailAfter(qint64 bytes, qint64 maxChunks) const;
    // The wall-clock times (µs since the epoch) of the first and the last chunk; {0, 0} when empty.
    std::pair<qint64, qint64> wallSpan() const;
    // Every chunk in order; `visit` returns false to stop. False when the chunks could not be
    // read (or not to the end: a damaged page), true when every one was visited or visit stopped.
    bool forEach(const std::function<bool(const Chunk &)> &visit) const;
    // The same from the chunk after `afterId` on (ids grow in the order chunks were written).
    bool forEachAfter(qint64 afterId, const std::function<bool(const Chunk &)> &visit) const;
    // The chunk holding frame N (the last chunk begun before it), -1 when none.
    qint64 chunkOfFrame(qint64 frame) const;
    // Feeds one chunk to the pipeline as it was fed live: received bytes, a command line or data
    // written. False for a port event or a note (no traffic; nothing fed).
    static bool feed(const Chunk &chunk, Pipeline &pipeline);
    // Feeds every chunk through the pipeline as it was fed live, stamped with the chunks' wall
    // clock (on `clock`, when given). Returns the number of chunks fed.
    qint64 replay(Pipeline &pipeline, ManualClock *clock = nullptr) const;

private:
    explicit JournalReader(QString connection) : m_connection(std::move(connection)) {}
    QString m_connection;
    int m_version = 0;
    QString m_description;
};

} // namespace qmt::session
