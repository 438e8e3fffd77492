// SPDX-License-Identifier: Apache-2.0
#include "io/journal.h"

#include "engine/clock.h"
#include "engine/pipeline.h"

#include <QAtomicInteger>
#include <QThread>
#include <QStorageInfo>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <utility>
#include <vector>

namespace qmt::session {

namespace {

QString newConnectionName(const char *what)
{
    static QAtomicInteger<quint64> next = 0;
    return QStringLiteral("qmt-%1-%2").arg(QLatin1String(what)).arg(++next);
}

qint64 wallUs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

// ---- writing ---------------------------------------------------------------------------------

// The SQLite side of a journal, on a thread of its own. The journal posts rows and requests; the
// writer inserts rows into an open transaction and commits it kCommitMs / 2 after its first row,
// at once when asked (commit(), port events), and before it stops. A failure (a full disk, the
// size limit, too little free space) stops it: later rows are dropped until resume().
class Journal::Writer
{
public:
    struct Row
    {
        Kind kind;
        QByteArray bytes;
        qint64 frames, monoUs, wallUs;
    };

    Writer(Journal *journal, QString path) : m_journal(journal), m_path(std::move(path))
    {
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->setObjectName(QStringLiteral("qmt-journal"));
        m_thread->start();
    }
    ~Writer()
    {
        call([this] {
            commitNow(false);
            m_insert.reset();
            {
                QSqlDatabase db = QSqlDatabase::database(m_connection, false);
                if (db.isOpen()) {
                    // leave a file that needs nothing: the WAL folded back into the database
                    QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
                    db.close();
                }
            }
            if (!m_connection.isEmpty())
                QSqlDatabase::removeDatabase(m_connection);
            return true;
        });
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_one();
        m_thread->wait();
    }

    // Runs `f` on the writer's thread, in order with the rows posted before, and waits for it.
    bool call(const std::function<bool()> &f, QString *error = nullptr)
    {
        std::promise<bool> done;
        std::future<bool> result = done.get_future();
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_queue.push_back(Item{std::nullopt, [&] {
                                       const bool ok = f();
                                       if (!ok && error)
                                           *error = m_error;
                                       done.set_value(ok);
                                   }});
        }
        m_wake.notify_one();
        return result.get();
    }
    void post(Row row)
    {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_queue.push_back(Item{std::move(row), {}});
        }
        m_wake.notify_one();
    }

    // ---- on the writer's thread (through call()) ----
    bool open(const QString &description, QString *why)
    {
        m_connection = newConnectionName("journal");
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(m_path);
        if (!db.open()) {
            *why = db.lastError().text();
            return false;
        }
        const bool ok =
            exec(db, QStringLiteral("PRAGMA journal_mode=WAL"), why) &&
            exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"), why) && // WAL: a commit survives a crash
            exec(db, QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"), why) &&
            exec(db,
                 QStringLiteral("CREATE TABLE chunks(id INTEGER PRIMARY KEY, mono_us INTEGER NOT NULL, "
                                "wall_us INTEGER NOT NULL, dir INTEGER NOT NULL, frames INTEGER NOT NULL, "
                                "bytes BLOB NOT NULL)"),
                 why) &&
            exec(db, QStringLiteral("CREATE INDEX chunks_frames ON chunks(frames)"), why);
        if (!ok)
            return false;
        QSqlQuery meta(db);
        meta.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES (?, ?)"));
        const std::pair<QString, QString> rows[] = {
            {QStringLiteral("format"), QString::fromLatin1(formatName())},
            {QStringLiteral("version"), QString::number(kVersion)},
            {QStringLiteral("created_us"), QString::number(wallUs())},
            {QStringLiteral("writer"),
             QCoreApplication::applicationName() + QLatin1Char(' ') + QCoreApplication::applicationVersion()},
            {QStringLiteral("description"), description},
        };
        for (const auto &[key, value] : rows) {
            meta.addBindValue(key);
            meta.addBindValue(value.isNull() ? QStringLiteral("") : value);
            if (!meta.exec()) {
                *why = meta.lastError().text();
                return false;
            }
        }
        m_insert = std::make_unique<QSqlQuery>(db);
        if (!m_insert->prepare(QStringLiteral(
                "INSERT INTO chunks(mono_us, wall_us, dir, frames, bytes) VALUES (?, ?, ?, ?, ?)"))) {
            *why = m_insert->lastError().text();
            return false;
        }
        return true;
    }
    // Commits what is open; looks at the free space (about once a second, or when asked).
    bool commitNow(bool lookAtSpace = true)
    {
        if (lookAtSpace)
            checkFreeSpace();
        if (!m_inTransaction)
            return !m_paused;
        m_inTransaction = false;
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (!db.commit()) {
            const QString why = db.lastError().text();
            db.rollback();
            fail(why);
            return false;
        }
        return !m_paused;
    }
    void setSizeLimit(qint64 bytes)
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA page_size")) || !q.next())
            return;
        const qint64 page = std::max<qint64>(512, q.value(0).toLongLong());
        // 0 is no limit: SQLite's own maximum
        const qint64 pages = bytes > 0 ? std::max<qint64>(16, bytes / page) : 4294967294LL;
        q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
    }
    void resume()
    {
        ++m_generation;
        m_paused = false;
        m_error.clear();
        m_spaceLooked.invalidate(); // the free space is looked at again on the next commit
    }
    std::atomic<qint64> minimumFree{kMinimumFree};
    std::atomic<qint64> free{-1};

private:
    struct Item
    {
        std::optional<Row> row;
        std::function<void()> call;
    };

    void run()
    {
        std::vector<Item> items;
        for (;;) {
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                const auto ready = [this] { return m_stop || !m_queue.empty(); };
                if (m_inTransaction)
                    m_wake.wait_until(lock, m_commitBy, ready);
                else
                    m_wake.wait(lock, ready);
                if (m_queue.empty() && m_stop)
                    return;
                items.swap(m_queue);
            }
            for (Item &item : items) {
                if (item.row)
                    insert(*item.row);
                else
                    item.call();
            }
            items.clear();
            if (m_inTransaction && std::chrono::steady_clock::now() >= m_commitBy)
                commitNow();
        }
    }
    bool begin()
    {
        if (m_inTransaction)
            return true;
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (!db.transaction()) {
            fail(db.lastError().text());
            return false;
        }
        m_inTransaction = true;
        // committed within kCommitMs / 2 of its first row (the journal hands rows over within the
        // other half)
        m_commitBy = std::chrono::steady_clock::now() + std::chrono::milliseconds(kCommitMs / 2);
        return true;
    }
    void insert(const Row &r)
    {
        if (m_paused || !m_insert || !begin())
            return;
        m_insert->bindValue(0, r.monoUs);
        m_insert->bindValue(1, r.wallUs);
        m_insert->bindValue(2, int(r.kind));
        m_insert->bindValue(3, r.frames);
        // (an empty chunk, a close without a reason, is an empty blob: a null one would be NULL)
        m_insert->bindValue(4, r.bytes.isEmpty() ? QByteArray("") : r.bytes);
        if (!m_insert->exec()) {
            const QString why = m_insert->lastError().text();
            m_insert->finish();
            // the rows before it in the transaction are kept when SQLite still can; the
            // transaction ends either way, so resume() starts afresh
            m_inTransaction = false;
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (!db.commit())
                db.rollback();
            fail(why);
        }
    }
    void checkFreeSpace()
    {
        if (m_paused || (m_spaceLooked.isValid() && m_spaceLooked.elapsed() < 1000))
            return;
        m_spaceLooked.start();
        QStorageInfo disk(QFileInfo(m_path).absolutePath());
        disk.refresh();
        if (!disk.isValid())
            return;
        const qint64 available = disk.bytesAvailable();
        free = available;
        const qint64 minimum = minimumFree;
        if (available >= 0 && available < minimum) {
            // what is written so far is kept: committed before stopping
            if (m_inTransaction) {
                m_inTransaction = false;
                QSqlDatabase db = QSqlDatabase::database(m_connection, false);
                if (!db.commit())
                    db.rollback();
            }
            fail(JournalReader::tr("the disk has only %1 MB free (the journal stops below %2 MB)")
                     .arg(double(available) / (1 << 20), 0, 'f', 1)
                     .arg(minimum >> 20));
        }
    }
    void fail(const QString &why)
    {
        if (m_paused)
            return;
        m_paused = true;
        m_error = why;
        // the journal hears of it on its own thread (a commit() waiting hears of it at once); a
        // word that arrives after a resume() is old news
        QMetaObject::invokeMethod(
            m_journal,
            [journal = m_journal, why, generation = m_generation] {
                if (generation == journal->m_generation)
                    journal->fail(why);
            },
            Qt::QueuedConnection);
    }

    Journal *m_journal;
    QString m_path;
    QString m_connection;
    std::unique_ptr<QThread> m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Item> m_queue;
    bool m_stop = false;
    // the writer's thread only
    std::unique_ptr<QSqlQuery> m_insert;
    bool m_inTransaction = false;
    std::chrono::steady_clock::time_point m_commitBy;
    bool m_paused = false;
    int m_generation = 0; // resume() calls so far
    QString m_error;
    QElapsedTimer m_spaceLooked;
};

Journal::Journal(QString path) : m_path(std::move(path))
{
    m_mono.start();
    m_flushTimer.setInterval(kCommitMs / 2);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flushPending(); });
}

Journal::~Journal()
{
    flushPending();
    m_writer.reset(); // commits, folds the WAL back, closes
}

std::unique_ptr<Journal> Journal::create(const QString &path, const QString &description, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::unique_ptr<Journal>();
    };
    if (QFileInfo::exists(path))
        return fail(JournalReader::tr("%1 exists already: a journal is never written over").arg(path));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(JournalReader::tr("Qt's SQLite driver is missing (Debian package libqt6sql6-sqlite)"));
    std::unique_ptr<Journal> j(new Journal(path));
    j->m_writer = std::make_unique<Writer>(j.get(), path);
    QString why;
    Writer *w = j->m_writer.get();
    if (!w->call([w, &description, &why] { return w->open(description, &why); }))
        return fail(JournalReader::tr("cannot create the journal %1: %2").arg(path, why));
    return j;
}

int Journal::prune(const QString &folder, qint64 maxBytes, int maxAgeDays, const QString &keep)
{
    QDir dir(folder);
    // newest first: what is kept is counted first
    const QFileInfoList files = dir.entryInfoList({QStringLiteral("*.qmtj")}, QDir::Files, QDir::Time);
    const QDateTime oldest = QDateTime::currentDateTime().addDays(-maxAgeDays);
    const QString kept = keep.isEmpty() ? QString() : QFileInfo(keep).absoluteFilePath();
    qint64 total = 0;
    int removed = 0;
    for (const QFileInfo &f : files) {
        const qint64 size = f.size() + QFileInfo(f.filePath() + QStringLiteral("-wal")).size();
        const bool current = f.absoluteFilePath() == kept;
        if (!current && ((maxAgeDays > 0 && f.lastModified() < oldest) || total + size > maxBytes)) {
            QFile::remove(f.filePath() + QStringLiteral("-wal"));
            QFile::remove(f.filePath() + QStringLiteral("-shm"));
            if (QFile::remove(f.filePath()))
                ++removed;
            continue;
        }
        total += size;
    }
    return removed;
}

qint64 Journal::fileSize() const
{
    return QFileInfo(m_path).size() + QFileInfo(m_path + QStringLiteral("-wal")).size();
}

void Journal::setMinimumFree(qint64 bytes)
{
    m_minimumFree = bytes;
    m_writer->minimumFree = bytes;
}

qint64 Journal::freeBytes() const
{
    return m_writer->free;
}

void Journal::append(Kind kind, QByteArrayView bytes, qint64 frames)
{
    flushPending(); // what was read before this comes before it
    if (m_paused)
        return;
    m_writer->post({kind, bytes.toByteArray(), frames, m_mono.nsecsElapsed() / 1000, wallUs()});
    ++m_chunks;
    m_bytes += bytes.size();
}

void Journal::received(QByteArrayView bytes, qint64 frames)
{
    // Reads that follow each other are one chunk (up to kCoalesce bytes, and never held longer
    // than kCommitMs / 2): fewer rows for a flood, the same bytes. The chunk keeps its first
    // read's times.
    if (m_paused || bytes.isEmpty())
        return;
    if (m_pending.isEmpty()) {
        m_pendingMonoUs = m_mono.nsecsElapsed() / 1000;
        m_pendingWallUs = wallUs();
        m_pendingFrames = frames;
        m_flushTimer.start();
    }
    m_pending.append(bytes.data(), bytes.size());
    if (m_pending.size() >= kCoalesce)
        flushPending();
}

void Journal::flushPending()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return;
    QByteArray bytes = std::exchange(m_pending, QByteArray());
    if (m_paused)
        return;
    m_bytes += bytes.size();
    ++m_chunks;
    m_writer->post({Kind::Received, std::move(bytes), m_pendingFrames, m_pendingMonoUs, m_pendingWallUs});
}

void Journal::wroteCommand(QByteArrayView line, qint64 frames)
{
    append(Kind::Command, line, frames);
}

void Journal::wroteData(QByteArrayView bytes, qint64 frames)
{
    append(Kind::Data, bytes, frames);
}

void Journal::portEvent(Kind kind, const QString &text, qint64 frames)
{
    append(kind, text.toUtf8(), frames);
    commit();
}

void Journal::note(const QString &text, qint64 frames)
{
    append(Kind::Note, text.toUtf8(), frames);
}

bool Journal::commit()
{
    flushPending();
    QString why;
    Writer *w = m_writer.get();
    if (w->call([w] { return w->commitNow(); }, &why))
        return !m_paused;
    fail(why); // at once, not only when the writer's word arrives
    return false;
}

void Journal::setSizeLimit(qint64 bytes)
{
    Writer *w = m_writer.get();
    w->call([w, bytes] {
        w->setSizeLimit(bytes);
        return true;
    });
}

void Journal::fail(const QString &what)
{
    if (m_paused)
        return;
    m_paused = true;
    m_pending.clear();
    m_error = JournalReader::tr("the journal %1 stopped: %2 (the session goes on; nothing more is written)")
                  .arg(m_path, what);
    emit paused(m_error);
}

void Journal::resume()
{
    ++m_generation;
    m_paused = false;
    m_error.clear();
    Writer *w = m_writer.get();
    w->call([w] {
        w->resume();
        return true;
    });
}

// ---- reading ---------------------------------------------------------------------------------

JournalReader::~JournalReader()
{
    if (m_connection.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

JournalReader::JournalReader(JournalReader &&o) noexcept
    : m_connection(std::move(o.m_connection)), m_version(o.m_version),
      m_description(std::move(o.m_description))
{
    o.m_connection.clear();
}

bool JournalReader::looksLikeJournal(QByteArrayView head)
{
    return head.startsWith(QByteArrayView("SQLite format 3\0", 16));
}

std::optional<JournalReader> JournalReader::open(const QString &path, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::optional<JournalReader>();
    };
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(tr("cannot read %1: %2").arg(path, f.errorString()));
    if (!looksLikeJournal(f.read(16)))
        return fail(tr("%1 is no QMT Scope journal (not an SQLite file)").arg(path));
    f.close();
    JournalReader r(newConnectionName("reader"));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), r.m_connection);
    db.setDatabaseName(path);
    // Read-write when we may: SQLite then folds in a WAL a crash left behind (no repair step);
    // a file we may not write is read as it is.
    const bool writable = QFileInfo(path).isWritable();
    if (!writable)
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (!db.open())
        return fail(tr("cannot open the journal %1: %2").arg(path, db.lastError().text()));
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT key, value FROM meta")))
        return fail(tr("%1 is no QMT Scope journal (%2)").arg(path, q.lastError().text()));
    QString format;
    while (q.next()) {
        const QString key = q.value(0).toString();
        if (key == QLatin1String("format"))
            format = q.value(1).toString();
        else if (key == QLatin1String("version"))
            r.m_version = q.value(1).toInt();
        else if (key == QLatin1String("description"))
            r.m_description = q.value(1).toString();
    }
    if (format != QString::fromLatin1(Journal::formatName()))
        return fail(tr("%1 is an SQLite database, but no QMT Scope journal").arg(path));
    if (r.m_version > Journal::kVersion)
        return fail(tr("%1 was written by a newer QMT Scope (journal format %2; this build reads up to %3): "
                       "open it with that version")
                        .arg(path)
                        .arg(r.m_version)
                        .arg(Journal::kVersion));
    if (r.m_version < 1)
        return fail(tr("%1 names no journal format version: it is damaged").arg(path));
    if (!q.exec(QStringLiteral("SELECT count(*) FROM chunks")))
        return fail(tr("the journal %1 is damaged: %2").arg(path, q.lastError().text()));
    return r;
}

qint64 JournalReader::chunkCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    return q.exec(QStringLiteral("SELECT count(*) FROM chunks")) && q.next() ? q.value(0).toLongLong() : 0;
}

qint64 JournalReader::lastChunkId() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    return q.exec(QStringLiteral("SELECT max(id) FROM chunks")) && q.next() ? q.value(0).toLongLong() : 0;
}

qint64 JournalReader::tailAfter(qint64 bytes, qint64 maxChunks) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    // (length() of a blob reads its size from the row, not its bytes)
    if (!q.exec(QStringLiteral("SELECT id, length(bytes) FROM chunks ORDER BY id DESC")))
        return 0;
    qint64 sum = 0, n = 0;
    while (q.next()) {
        sum += q.value(1).toLongLong();
        if (sum >= bytes || ++n >= maxChunks)
            return std::max<qint64>(0, q.value(0).toLongLong() - 1);
    }
    return 0;
}

std::pair<qint64, qint64> JournalReader::wallSpan() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT min(wall_us), max(wall_us) FROM chunks")) || !q.next())
        return {0, 0};
    return {q.value(0).toLongLong(), q.value(1).toLongLong()};
}

bool JournalReader::forEach(const std::function<bool(const Chunk &)> &visit) const
{
    return forEachAfter(0, visit);
}

bool JournalReader::forEachAfter(qint64 afterId, const std::function<bool(const Chunk &)> &visit) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true); // one row at a time: a journal of any size in bounded memory
    q.prepare(QStringLiteral(
        "SELECT id, mono_us, wall_us, dir, frames, bytes FROM chunks WHERE id > ? ORDER BY id"));
    q.addBindValue(afterId);
    if (!q.exec())
        return false;
    Chunk c;
    qint64 lastId = afterId;
    while (q.next()) {
        c.id = q.value(0).toLongLong();
        // A damaged b-tree can give rows out of order (SQLite trusts the file): the views page
        // by id, so the reading stops there as at any other damage.
        if (c.id <= lastId)
            return false;
        lastId = c.id;
        c.monoUs = q.value(1).toLongLong();
        c.wallUs = q.value(2).toLongLong();
        c.kind = Journal::Kind(q.value(3).toInt());
        c.frames = q.value(4).toLongLong();
        c.bytes = q.value(5).toByteArray();
        if (!visit(c))
            return true;
    }
    // next() is false at the end and on an error too (a damaged page half-way): only the end
    // is "every chunk"
    return !q.lastError().isValid();
}

qint64 JournalReader::chunkOfFrame(qint64 frame) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        QStringLiteral("SELECT id FROM chunks WHERE frames <= ? AND dir = 0 ORDER BY frames DESC, id DESC "
                       "LIMIT 1"));
    q.addBindValue(frame);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

bool JournalReader::feed(const Chunk &chunk, Pipeline &pipeline)
{
    switch (chunk.kind) {
    case Journal::Kind::Received:
        pipeline.received(chunk.bytes);
        return true;
    case Journal::Kind::Command:
        pipeline.wroteCommand(chunk.bytes);
        return true;
    case Journal::Kind::Data:
        pipeline.wroteData(chunk.bytes);
        return true;
    default:
        return false; // port events and notes are no traffic
    }
}

qint64 JournalReader::replay(Pipeline &pipeline, ManualClock *clock) const
{
    qint64 fed = 0;
    forEach([&](const Chunk &c) {
        if (clock)
            clock->set(c.wallUs);
        if (feed(c, pipeline))
            ++fed;
        return true;
    });
    return fed;
}

} // namespace qmt::session
