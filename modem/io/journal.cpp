// SPDX-License-Identifier: Apache-2.0
#include "io/journal.h"

#include "engine/clock.h"
#include "engine/pipeline.h"

#include <QAtomicInteger>
#include <QStorageInfo>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QVariant>

#include <utility>

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

Journal::Journal(QString path, QString connection)
    : m_path(std::move(path)), m_connection(std::move(connection))
{
    m_mono.start();
    m_commitTimer.setInterval(kCommitMs);
    m_commitTimer.setSingleShot(true);
    connect(&m_commitTimer, &QTimer::timeout, this, [this] { commit(); });
}

Journal::~Journal()
{
    commit();
    m_insert.reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen()) {
            // leave a file that needs nothing: the WAL folded back into the database
            QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connection);
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
    std::unique_ptr<Journal> j(new Journal(path, newConnectionName("journal")));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), j->m_connection);
    db.setDatabaseName(path);
    if (!db.open())
        return fail(JournalReader::tr("cannot create the journal %1: %2").arg(path, db.lastError().text()));
    QString why;
    const bool ok =
        exec(db, QStringLiteral("PRAGMA journal_mode=WAL"), &why) &&
        exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"),
             &why) && // WAL: a commit survives a crash of the app
        exec(db, QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"), &why) &&
        exec(db,
             QStringLiteral("CREATE TABLE chunks(id INTEGER PRIMARY KEY, mono_us INTEGER NOT NULL, "
                            "wall_us INTEGER NOT NULL, dir INTEGER NOT NULL, frames INTEGER NOT NULL, "
                            "bytes BLOB NOT NULL)"),
             &why) &&
        exec(db, QStringLiteral("CREATE INDEX chunks_frames ON chunks(frames)"), &why);
    if (!ok)
        return fail(JournalReader::tr("cannot create the journal %1: %2").arg(path, why));
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
        if (!meta.exec())
            return fail(
                JournalReader::tr("cannot create the journal %1: %2").arg(path, meta.lastError().text()));
    }
    j->m_insert = std::make_unique<QSqlQuery>(db);
    if (!j->m_insert->prepare(QStringLiteral(
            "INSERT INTO chunks(mono_us, wall_us, dir, frames, bytes) VALUES (?, ?, ?, ?, ?)")))
        return fail(
            JournalReader::tr("cannot create the journal %1: %2").arg(path, j->m_insert->lastError().text()));
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

bool Journal::begin()
{
    if (m_inTransaction)
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        fail(db.lastError().text());
        return false;
    }
    m_inTransaction = true;
    m_commitTimer.start(); // committed within kCommitMs of the first write it holds
    return true;
}

void Journal::append(Kind kind, QByteArrayView bytes, qint64 frames)
{
    flushPending(); // what was read before this comes before it
    insert(kind, bytes, frames, m_mono.nsecsElapsed() / 1000, wallUs());
}

void Journal::insert(Kind kind, QByteArrayView bytes, qint64 frames, qint64 monoUs, qint64 wall)
{
    if (m_paused || !m_insert || !begin())
        return;
    m_insert->bindValue(0, monoUs);
    m_insert->bindValue(1, wall);
    m_insert->bindValue(2, int(kind));
    m_insert->bindValue(3, frames);
    // (an empty chunk, a close without a reason, is an empty blob: a null one would be NULL)
    m_insert->bindValue(4, bytes.isEmpty() ? QByteArray("") : QByteArray(bytes.data(), bytes.size()));
    if (!m_insert->exec()) {
        const QString why = m_insert->lastError().text();
        m_insert->finish();
        endTransactionAfterFailure();
        fail(why);
        return;
    }
    ++m_chunks;
    m_bytes += bytes.size();
}

void Journal::received(QByteArrayView bytes, qint64 frames)
{
    // Reads that follow each other are one chunk (up to kCoalesce bytes, and never across a
    // commit): fewer rows for a flood, the same bytes. The chunk keeps its first read's times.
    if (m_paused || bytes.isEmpty())
        return;
    if (m_pending.isEmpty()) {
        m_pendingMonoUs = m_mono.nsecsElapsed() / 1000;
        m_pendingWallUs = wallUs();
        m_pendingFrames = frames;
        if (!begin())
            return;
    }
    m_pending.append(bytes.data(), bytes.size());
    if (m_pending.size() >= kCoalesce)
        flushPending();
}

void Journal::flushPending()
{
    if (m_pending.isEmpty())
        return;
    const QByteArray bytes = std::exchange(m_pending, QByteArray());
    insert(Kind::Received, bytes, m_pendingFrames, m_pendingMonoUs, m_pendingWallUs);
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
    m_commitTimer.stop();
    checkFreeSpace();
    if (!m_inTransaction)
        return !m_paused;
    m_inTransaction = false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.commit()) {
        fail(db.lastError().text());
        db.rollback();
        return false;
    }
    return !m_paused;
}

void Journal::setSizeLimit(qint64 bytes)
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

void Journal::checkFreeSpace()
{
    if (m_paused || (m_spaceLooked.isValid() && m_spaceLooked.elapsed() < 1000))
        return;
    m_spaceLooked.start();
    QStorageInfo disk(QFileInfo(m_path).absolutePath());
    disk.refresh();
    if (!disk.isValid())
        return;
    m_free = disk.bytesAvailable();
    if (m_free >= 0 && m_free < m_minimumFree) {
        // what is written so far is kept: committed before stopping
        flushPending();
        if (m_inTransaction) {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (!db.commit())
                db.rollback();
            m_inTransaction = false;
        }
        fail(JournalReader::tr("the disk has only %1 MB free (the journal stops below %2 MB)")
                 .arg(double(m_free) / (1 << 20), 0, 'f', 1)
                 .arg(m_minimumFree >> 20));
    }
}

void Journal::endTransactionAfterFailure()
{
    // a failed insert (a full disk, the size limit): the rows before it in the transaction are
    // kept when SQLite still can; the transaction ends either way, so resume() starts afresh
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    m_commitTimer.stop();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.commit())
        db.rollback();
}

void Journal::fail(const QString &what)
{
    if (m_paused)
        return;
    m_paused = true;
    m_error = JournalReader::tr("the journal %1 stopped: %2 (the session goes on; nothing more is written)")
                  .arg(m_path, what);
    emit paused(m_error);
}

void Journal::resume()
{
    m_paused = false;
    m_error.clear();
    m_spaceLooked.invalidate(); // the free space is looked at again on the next commit
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
    while (q.next()) {
        c.id = q.value(0).toLongLong();
        c.monoUs = q.value(1).toLongLong();
        c.wallUs = q.value(2).toLongLong();
        c.kind = Journal::Kind(q.value(3).toInt());
        c.frames = q.value(4).toLongLong();
        c.bytes = q.value(5).toByteArray();
        if (!visit(c))
            break;
    }
    return true;
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

qint64 JournalReader::replay(Pipeline &pipeline, ManualClock *clock) const
{
    qint64 fed = 0;
    forEach([&](const Chunk &c) {
        if (clock)
            clock->set(c.wallUs);
        switch (c.kind) {
        case Journal::Kind::Received:
            pipeline.received(c.bytes);
            break;
        case Journal::Kind::Command:
            pipeline.wroteCommand(c.bytes);
            break;
        case Journal::Kind::Data:
            pipeline.wroteData(c.bytes);
            break;
        default:
            return true; // port events and notes are no traffic
        }
        ++fed;
        return true;
    });
    return fed;
}

} // namespace qmt::session
