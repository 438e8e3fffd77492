// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the journal reader (io/journal.h, JournalReader): the file a crash, a full
// disk, a copy over a bad link or another program left. The input does not describe a file from
// scratch (SQLite would refuse almost all of them at the first page); it damages a real journal:
//   byte 0        flags: 1 truncate, 2 the file is read-only, 4 a WAL file lies beside it
//   byte 1        n, the number of byte changes (at most 64)
//   n × 3 bytes   offset (16 bits, little-endian, modulo the file's size) and the new byte
//   2 bytes       with flag 1: the length to cut the file to (modulo its size)
//   the rest      with flag 4: the WAL file's bytes (a crash leaves one; a torn one too)
// Properties beyond "no crash, no hang, no sanitizer report":
// - open() either gives a reader or says why not (a message, never an empty one);
// - a reader's chunks come in growing id order (the views page by id); the intact base, and the
//   same session as a crash leaves it (everything in the WAL), read back exactly their chunks,
//   and the frame index names them (checked once, through the files the build uses);
// - replaying them through the pipeline is what a live session fed (no crash on any bytes);
// - without a WAL beside it, reading never changes the file ("nothing overwritten").
#include "engine/pipeline.h"
#include "fuzzcommon.h"
#include "io/journal.h"
#ifdef QMT_LIBFUZZER
#include "memsqlite.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <cstdint>
#include <set>

using qmt::session::Journal;
using qmt::session::JournalReader;

namespace {

qint64 g_opened = 0, g_refused = 0, g_readToTheEnd = 0; // for the plain driver's report

struct Env
{
    QCoreApplication *app = nullptr;
    // in memory when the system has a tmpfs there (the plain driver writes and reads a file each
    // run; the libFuzzer build only the header, see stage())
    QTemporaryDir dir{
        (QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm") : QDir::tempPath()) +
        QStringLiteral("/fuzz_journal-XXXXXX")};
    QByteArray base; // a journal of a short session, checkpointed into one file
    qmt::session::Pipeline pipeline;
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, QByteArrayView bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           f.write(bytes.data(), bytes.size()) == bytes.size();
}

// Puts a journal's bytes (and a WAL's, when there are any) where the reader will open them, with
// no other file beside it. SQLite reads them from memory in the libFuzzer build: the reader itself
// looks only at the first 16 bytes (looksLikeJournal) and the permissions of the file on disk,
// which holds those bytes, written when they change (an open(2) costs more than a short run).
void stage(const QString &path, const QByteArray &file, QByteArrayView wal, bool readOnly)
{
#ifdef QMT_LIBFUZZER
    const std::string name = path.toStdString();
    qmt::fuzz::memsqlite::reset();
    qmt::fuzz::memsqlite::put(name, file.toStdString(), readOnly);
    if (!wal.isNull())
        qmt::fuzz::memsqlite::put(name + "-wal", std::string(wal.data(), size_t(wal.size())));
    static QByteArray onDisk(1, '\0');
    const QByteArrayView head = QByteArrayView(file).first(std::min<qsizetype>(16, file.size()));
    const bool ok = onDisk == head || writeFile(path, (onDisk = head.toByteArray()));
#else
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
    const bool ok = writeFile(path, file) && (wal.isNull() || writeFile(path + QStringLiteral("-wal"), wal));
#endif
    if (!ok)
        qmt::fuzz::fail("fuzz_journal", "cannot write the scratch file");
    if (readOnly)
        QFile::setPermissions(path, QFileDevice::ReadOwner);
}

// Whether the file at path is still what stage() put there, and no other.
bool unchanged(const QString &path, const QByteArray &file)
{
#ifdef QMT_LIBFUZZER
    const std::string *now = qmt::fuzz::memsqlite::bytesOf(path.toStdString());
    const bool same = now && QByteArrayView(now->data(), qsizetype(now->size())) == file;
    qmt::fuzz::memsqlite::reset(); // in the run that made them: libFuzzer takes a run that
                                   // allocates more than it frees for a leak, and runs it again
    return same;
#else
    return readAll(path) == file;
#endif
}

// The intact journals must read back exactly their 8 chunks, and the frame index name them: else
// the harness (or, in the libFuzzer build, its in-memory files) is wrong, not the reader.
void expectTheBase(const QString &path, const char *what)
{
    QString error;
    std::optional<JournalReader> r = JournalReader::open(path, &error);
    qint64 n = 0;
    std::set<qint64> ids;
    if (!r ||
        !r->forEach([&](const JournalReader::Chunk &c) { return ids.insert(c.id).second && ++n > 0; }) ||
        n != 8 || r->chunkCount() != 8)
        qmt::fuzz::fail(
            "fuzz_journal",
            qPrintable(
                QStringLiteral("%1 does not read back its 8 chunks (%2)").arg(QLatin1String(what), error)));
    for (const qint64 frame : {0, 4, 9})
        if (!ids.count(r->chunkOfFrame(frame)))
            qmt::fuzz::fail(
                "fuzz_journal",
                qPrintable(
                    QStringLiteral("%1: the frame index names no chunk of it").arg(QLatin1String(what))));
}

Env &env()
{
    static Env *e = [] {
        static int argc = 1;
        static char name[] = "fuzz_journal";
        static char *argv[] = {name, nullptr};
#ifdef QMT_LIBFUZZER
        qmt::fuzz::memsqlite::configure();
#endif
        auto *en = new Env;
        en->app = new QCoreApplication(argc, argv);
        const QString path = en->dir.filePath(QStringLiteral("base.qmtj"));
        QString error;
        QByteArray beforeCheckpoint, wal; // the same session as a crash leaves it: most in the WAL
        {
            std::unique_ptr<Journal> j = Journal::create(path, QStringLiteral("fuzz base"), &error);
            if (!j)
                qmt::fuzz::fail("fuzz_journal", qPrintable(error));
            j->portEvent(Journal::Kind::PortOpened, QStringLiteral("/dev/ttyUSB2 115200 8N1"), 0);
            j->received("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\nAPP RDY\r\n", 0);
            j->wroteCommand("AT+QMTPUBEX=0,1,1,0,\"a/b\",5", 3);
            j->received("AT+QMTPUBEX=0,1,1,0,\"a/b\",5\r\r\n> ", 3);
            j->wroteData("hello", 5);
            j->received("hello\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n\r\n+QMTRECV: 0,2,\"a/b\",5,\"hel\r\n\"\r\n",
                        5);
            j->note(QStringLiteral("the customer says it drops at night"), 9);
            j->portEvent(Journal::Kind::PortLost, QStringLiteral("Input/output error"), 9);
            j->commit();
            beforeCheckpoint = readAll(path);
            wal = readAll(path + QStringLiteral("-wal"));
        }
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        en->base = readAll(path);
        QFile::remove(path);
        if (en->base.size() < 1024 || wal.size() < 1024)
            qmt::fuzz::fail("fuzz_journal", "the base journal was not written");
#ifdef QMT_LIBFUZZER
        qmt::fuzz::memsqlite::installVfs(); // from here on SQLite's files are in memory
#endif
        const QString scratch = en->dir.filePath(QStringLiteral("j.qmtj"));
        stage(scratch, en->base, {}, false);
        expectTheBase(scratch, "the base journal");
        stage(scratch, beforeCheckpoint, wal, false);
        expectTheBase(scratch, "the base journal before its checkpoint, with its WAL");
        return en;
    }();
    return *e;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Env &e = env();
    if (size < 2 || size > (1 << 16))
        return 0;
    const QByteArrayView in(reinterpret_cast<const char *>(data), qsizetype(size));
    const quint8 flags = quint8(in[0]);
    const int changes = std::min(int(quint8(in[1])), 64);
    qsizetype at = 2;
    QByteArray file = e.base;
    for (int k = 0; k < changes && at + 3 <= in.size(); ++k, at += 3) {
        const qsizetype offset = (quint8(in[at]) | (quint8(in[at + 1]) << 8)) % file.size();
        file[offset] = in[at + 2];
    }
    if ((flags & 1) && at + 2 <= in.size()) {
        file.truncate((quint8(in[at]) | (quint8(in[at + 1]) << 8)) % file.size());
        at += 2;
    }
    const bool readOnly = flags & 2;
    const bool wal = (flags & 4) && at < in.size();

    const QString path = e.dir.filePath(QStringLiteral("j.qmtj"));
    stage(path, file, wal ? in.sliced(at) : QByteArrayView(), readOnly);

    {
        QString error;
        std::optional<JournalReader> r = JournalReader::open(path, &error);
        if (!r) {
            ++g_refused;
            if (error.isEmpty())
                qmt::fuzz::fail("fuzz_journal", "open() refused a file without saying why");
        } else {
            qint64 lastId = 0, maxFrames = 0;
            const bool all = r->forEach([&](const JournalReader::Chunk &c) {
                if (c.id <= lastId)
                    qmt::fuzz::fail("fuzz_journal", "chunks out of id order");
                lastId = c.id;
                maxFrames = std::max(maxFrames, c.frames);
                return true;
            });
            ++g_opened;
            g_readToTheEnd += all ? 1 : 0;
            // (chunkCount() is the query open() ran last: SELECT count(*) FROM chunks. In a
            // damaged file it may count otherwise than the rows read; it only drives the export's
            // progress, and the intact base's count is checked in env().)
            // The frame index is a b-tree of its own: in a damaged file it may name a chunk the
            // table scan does not give (a libFuzzer finding); the views then page from the
            // nearest chunk. Asked here for crashes only, once, for the last frame (three asks
            // took a seventh of a run, each compiling its statement, for one index walk); the
            // intact base is checked for frames 0, 4 and 9 in env().
            (void)r->chunkOfFrame(maxFrames);
            (void)r->wallSpan();
            e.pipeline.resetAll();
            r->replay(e.pipeline);
            e.pipeline.endOfInput();
        }
    }
    const bool same = unchanged(path, file);
    if (!wal && !readOnly && !same)
        qmt::fuzz::fail("fuzz_journal", "reading the journal changed the file");
    if (readOnly)
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return 0;
}

#ifndef QMT_LIBFUZZER
// Plain driver: fuzz_journal_driver <corpus files...> [--random N]
#include <QRandomGenerator>

int main(int argc, char **argv)
{
    const qmt::fuzz::DriverArgs args = qmt::fuzz::driverArgs(argc, argv);
    qmt::fuzz::runCorpus(args);
    // Random damage: a few bytes anywhere, a cut anywhere, the header's fields (SQLite's page
    // size at 16, the WAL mode bytes at 18-19, the schema cookie at 40), with and without a WAL.
    QRandomGenerator rng(7);
    const qsizetype size = env().base.size();
    for (int r = 0; r < args.randomRuns; ++r) {
        QByteArray in;
        in += char(rng.bounded(8));
        const int n = int(rng.bounded(6));
        in += char(n);
        for (int k = 0; k < n; ++k) {
            const int offset = rng.bounded(4) == 0 ? int(rng.bounded(100)) : int(rng.bounded(int(size)));
            in += char(offset & 0xff);
            in += char(offset >> 8);
            in += char(rng.bounded(256));
        }
        const int cut = int(rng.bounded(int(size)));
        in += char(cut & 0xff);
        in += char(cut >> 8);
        const int walBytes = int(rng.bounded(64));
        for (int k = 0; k < walBytes; ++k)
            in += char(rng.bounded(256));
        qmt::fuzz::run(in);
    }
    std::printf(
        "fuzz_journal driver: %lld corpus files, %d random damages (%lld opened, %lld of them read to "
        "the end; %lld refused): every refusal says why, chunks in id order, replay survives, "
        "reading changes nothing\n",
        qlonglong(args.corpus.size()), args.randomRuns, g_opened, g_readToTheEnd, g_refused);
    if (g_opened == 0 || g_refused == 0)
        qmt::fuzz::fail("fuzz_journal", "the damages did not reach both outcomes: the driver tests nothing");
    return 0;
}
#endif
