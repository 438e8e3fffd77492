// SPDX-License-Identifier: Apache-2.0
// The session journal's figures (issue 10) on a generated flood: how fast the journal writes,
// how long opening it takes, search throughput over the whole file, and the resident memory of a
// full replay into the pipeline and the traffic model after 1 M frames and at the end. Prints
// figures; asserts nothing about time (the goals are read off the output).
//
//   bench_journal [--size-mb 1024] [--dir DIR] [--keep]
//     --dir   where the journal goes (default: a temporary folder; it must hold the size)
//     --keep  leaves the journal there (its path is printed)

#include "engine/pipeline.h"
#include "io/journal.h"
#include "models/trafficfilter.h"
#include "models/trafficmodel.h"
#include "workflows/journalsearch.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

using namespace qmt;

namespace {

qint64 rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

// A flood as the bench_flood pty sends it: +QMTRECV with payloads, +QMTSTAT, +QMTPING.
QByteArray floodChunk(qint64 &n, qsizetype bytes)
{
    QByteArray out;
    out.reserve(bytes + 256);
    while (out.size() < bytes) {
        const int slot = int(n % 6);
        switch (n % 16) {
        case 7:
            out += "\r\n+QMTSTAT: " + QByteArray::number(slot) + ",1\r\n";
            break;
        case 13:
            out += "\r\n+QMTPING: " + QByteArray::number(slot) + ",1\r\n";
            break;
        default: {
            const QByteArray payload = "{\"seq\":" + QByteArray::number(n) + ",\"t\":21.5,\"h\":40}";
            out += "\r\n+QMTRECV: " + QByteArray::number(slot) + ',' + QByteArray::number(n % 65535 + 1) +
                   ",\"devices/meter-" + QByteArray::number(slot) + "/telemetry\"," +
                   QByteArray::number(payload.size()) + ",\"" + payload + "\"\r\n";
        }
        }
        ++n;
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 sizeMb = 1024;
    QString dirPath;
    bool keep = false;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--size-mb") && i + 1 < args.size())
            sizeMb = args[++i].toLongLong();
        else if (args[i] == QLatin1String("--dir") && i + 1 < args.size())
            dirPath = args[++i];
        else if (args[i] == QLatin1String("--keep"))
            keep = true;
    }
    QTemporaryDir temp(dirPath.isEmpty() ? QDir::tempPath() + QStringLiteral("/bench_journal-XXXXXX")
                                         : dirPath + QStringLiteral("/bench_journal-XXXXXX"));
    temp.setAutoRemove(!keep);
    const QString path = temp.filePath(QStringLiteral("flood.qmtj"));

    // 1. Writing: what a session writes during a flood (reads of 64 KB, commits by the timer
    // every 100 ms of the flood: here every 4 MB, about what 60 MB/s brings in that time)
    QString error;
    std::unique_ptr<session::Journal> journal =
        session::Journal::create(path, QStringLiteral("bench"), &error);
    if (!journal) {
        std::fprintf(stderr, "bench_journal: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 total = sizeMb << 20;
    qint64 n = 0, written = 0, frames = 0;
    QElapsedTimer t;
    double genS = 0;
    t.start();
    while (written < total) {
        QElapsedTimer g;
        g.start();
        const QByteArray chunk = floodChunk(n, 64 * 1024);
        genS += double(g.nsecsElapsed()) / 1e9;
        journal->received(chunk, frames);
        frames = n;
        written += chunk.size();
        if (written % (4 << 20) < chunk.size())
            journal->commit();
    }
    journal->commit();
    const double writeS = double(t.nsecsElapsed()) / 1e9 - genS;
    const qint64 fileBytes = journal->fileSize();
    journal.reset();
    std::printf(
        "journal write: %.0f MB of URCs in %.2f s, %.0f MB/s (the GUI's drain goal with the journal on: "
        ">= 60 MB/s); file %.0f MB, %lld messages\n",
        double(written) / (1 << 20), writeS, double(written) / (1 << 20) / writeS,
        double(fileBytes) / (1 << 20), static_cast<long long>(n));

    // 2. Opening, and its last chunk (what a paged view would show first)
    t.restart();
    std::optional<session::JournalReader> reader = session::JournalReader::open(path, &error);
    if (!reader) {
        std::fprintf(stderr, "bench_journal: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 chunks = reader->chunkCount();
    qint64 lastFrames = 0;
    {
        session::Pipeline tail;
        reader->forEachAfter(chunks - 1, [&](const session::JournalReader::Chunk &c) {
            tail.received(c.bytes);
            return true;
        });
        lastFrames = tail.store().module().events;
    }
    std::printf(
        "open + last chunk framed: %.3f s (%lld chunks; %lld frames in the last; goal for the last page: "
        "< 2 s)\n",
        double(t.nsecsElapsed()) / 1e9, static_cast<long long>(chunks), static_cast<long long>(lastFrames));

    // 3. Search over the whole journal for a text that is not there (every frame looked at)
    t.restart();
    session::SearchQuery q;
    q.text = QStringLiteral("not-in-the-flood");
    const session::SearchResult r = session::JournalSearch::run(*reader, q);
    const double searchS = double(t.nsecsElapsed()) / 1e9;
    std::printf("search (text, no hit): %lld frames, %.0f MB in %.2f s, %.0f MB/s (goal >= 200 MB/s)\n",
                static_cast<long long>(r.frames), double(r.bytes) / (1 << 20), searchS,
                double(r.bytes) / (1 << 20) / searchS);
    t.restart();
    q.regex = true;
    q.text = QStringLiteral("\"seq\":12345[0-9]");
    const session::SearchResult rr = session::JournalSearch::run(*reader, q);
    const double regexS = double(t.nsecsElapsed()) / 1e9;
    std::printf("search (regular expression): %zu hits, %.0f MB/s\n", rr.hits.size(),
                double(rr.bytes) / (1 << 20) / regexS);

    // 4. A full replay into the pipeline and the traffic model (what File > Open Session does
    // today): the resident memory after 1 M frames and at the end
    const qint64 rss0 = rssKb();
    t.restart();
    session::ManualClock clock;
    session::Pipeline pipeline(&clock);
    state::TrafficModel model;
    model.attach(pipeline);
    qint64 rssAt1M = -1;
    reader->forEach([&](const session::JournalReader::Chunk &c) {
        clock.set(c.wallUs);
        pipeline.received(c.bytes);
        if (rssAt1M < 0 && model.frameCount() >= 1000000)
            rssAt1M = rssKb();
        return true;
    });
    pipeline.endOfInput();
    const double replayS = double(t.nsecsElapsed()) / 1e9;
    const qint64 rssEnd = rssKb();
    std::printf(
        "full replay into the traffic model: %lld frames in %.2f s; RSS %lld MB before, %s after 1 M frames, "
        "%lld MB at the end (goal: flat, under 300 MB at 10 M frames); the model holds %lld MB, %lld MB of "
        "it in memory (the rest spilled: TrafficModel::setSpill)\n",
        static_cast<long long>(model.frameCount()), replayS, static_cast<long long>(rss0 >> 10),
        rssAt1M < 0 ? "-" : qPrintable(QStringLiteral("%1 MB").arg(rssAt1M >> 10)),
        static_cast<long long>(rssEnd >> 10), static_cast<long long>(model.memoryBytes() >> 20),
        static_cast<long long>(model.residentBytes() >> 20));

    // 5. The views' search over the replayed session: the traffic view's filter (text, then a
    // regular expression) over every row of the model, spilled rows read back as they are met
    state::TrafficFilterModel proxy;
    model.flush(); // every row announced
    proxy.setSourceModel(&model);
    auto filterRate = [&](const state::TrafficFilterModel::Filter &f, const char *what) {
        QElapsedTimer ft;
        ft.start();
        proxy.setFilter(f);
        while (proxy.isApplying())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        const double s = double(ft.nsecsElapsed()) / 1e9;
        std::printf(
            "view search (%s): %d of %lld rows in %.2f s, %.0f MB/s of frame text (goal >= 200 MB/s); "
            "RSS %lld MB\n",
            what, proxy.rowCount(), static_cast<long long>(model.frameCount()), s,
            double(r.bytes) / (1 << 20) / s, static_cast<long long>(rssKb() >> 10));
    };
    state::TrafficFilterModel::Filter f;
    f.text = QStringLiteral("not-in-the-flood");
    filterRate(f, "text, no hit");
    f.regex = true;
    f.text = QStringLiteral("\"seq\":12345[0-9]");
    filterRate(f, "regular expression");
    if (keep)
        std::printf("journal kept: %s\n", qPrintable(path));
    return r.frames > 0 && r.hits.empty() ? 0 : 1;
}
