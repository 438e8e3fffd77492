// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the simulated module's command input (sim/simmodule.h): the bytes a host
// writes — command lines, '>' prompts and their data, Ctrl+Z, ESC, CONNECT data for AT+QFUPL,
// backspaces, garbage. No broker: MQTT connections go to a port nobody listens on, and no event
// loop runs, so what is tested is the module's command interpreter. Properties beyond "no crash,
// no hang" (libFuzzer's -timeout):
// - the answer does not depend on how the host's bytes are cut into writes (the serial driver
//   cuts them anywhere): the input written whole and written in two pieces, split where its
//   first byte says, gives the same bytes;
// - the answer is bounded: no more than a fixed amount plus a multiple of what was written;
// - the answer, read by QMT Scope's own framer, parser and slot store, does not trip them.

#include "engine/pipeline.h"
#include "fuzzcommon.h"
#include "sim/simmodule.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <cstdint>

namespace {

// Where the modules keep uploaded files; emptied before each run.
struct Storage
{
    // in memory when the system has a tmpfs there: an upload writes a file (on ext4 the inode's
    // creation was a tenth of such a run)
    QTemporaryDir dir{
        (QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm") : QDir::tempPath()) +
        QStringLiteral("/fuzz_sim-XXXXXX")};
    QString path(const char *name) const { return dir.path() + QLatin1Char('/') + QLatin1String(name); }
    // The module keeps its files in <dir>/ram and <dir>/ufs (it makes them). Called after a run
    // whose answer holds CONNECT (an upload began): the others wrote no file.
    void clear(const QString &p) const
    {
        for (const char *sub : {"/ram", "/ufs"}) {
            QDir d(p + QLatin1String(sub));
            for (const QString &f : d.entryList(QDir::Files | QDir::Hidden | QDir::System))
                d.remove(f);
        }
    }
};

const Storage &storage()
{
    static int argc = 1;
    static char name[] = "fuzz_sim";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv); // timers of the module need one (no loop runs)
    static Storage s;
    return s;
}

// `dirName`: the module also keeps its files as real files there (SimOptions::storageDir); one
// of the two compared modules does, which covers that code and halves its cost (the answers do
// not depend on it). nullptr: in memory only.
QByteArray talk(QByteArrayView in, qsizetype split, const char *dirName)
{
    const Storage &st = storage();
    const QString dir = dirName ? st.path(dirName) : QString();
    qmt::sim::SimOptions options;
    options.brokerHost = QStringLiteral("127.0.0.1");
    options.brokerPort = 1; // nobody listens: connections fail, no broker needed
    options.routeEveryHost = true;
    options.storageDir = dir;
    options.bootUrcs = false;
    // one instant for both modules: AT+QLTS, AT+CCLK? and +QNTP answer the time, and two
    // modules asked a moment apart could straddle a second (two campaign "findings", 2026-12-06)
    options.utcNow = [] { return QDateTime(QDate(2026, 12, 6), QTime(4, 5, 6), Qt::UTC); };
    qmt::sim::SimModule module(options);
    QByteArray out;
    QObject::connect(&module, &qmt::sim::SimModule::output, &module,
                     [&out](const QByteArray &b) { out += b; });
    module.powerOn();
    module.write(in.first(split));
    module.write(in.sliced(split));
    if (dirName && out.contains("CONNECT"))
        st.clear(dir);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 14)
        return 0;
    const QByteArrayView in(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype split = in.isEmpty() ? 0 : qsizetype(data[0]) * in.size() / 256;
    const QByteArray whole = talk(in, 0, "whole");
    const QByteArray parts = talk(in, split, nullptr);
    if (whole != parts) {
        std::fprintf(stderr, "split at %lld\nwhole: %s\nparts: %s\n", qlonglong(split),
                     whole.toPercentEncoding(" ").constData(), parts.toPercentEncoding(" ").constData());
        qmt::fuzz::fail("fuzz_sim", "the answer depends on how the host's bytes were cut");
    }
    // AT+QMTCFG=? is the longest answer to a short command (about 1.5 KB for 12 bytes).
    if (whole.size() > 4096 + 256 * in.size())
        qmt::fuzz::fail("fuzz_sim", "the module answers without bound");
    static qmt::session::ManualClock clock;
    static qmt::session::Pipeline pipeline(&clock);
    pipeline.received(whole);
    pipeline.endOfInput();
    pipeline.resetAll();
    // No event loop runs: what the modules left to deleteLater() (the single-shot timers of
    // their answers, their sockets) is freed here, else every run keeps it. (libFuzzer still
    // runs LeakSanitizer's scan after many runs, whose allocations outnumber their frees: about
    // 30 % of the time, measured with perf and -detect_leaks=0; docs/fuzzing.md.)
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    // The same for the single-shot timers a module started with itself as context
    // (QTimer::singleShot(50ms, module, …)): they wait in the event dispatcher for their time,
    // past the module, and with no loop they never come. Freed here, else each run that opened a
    // slot kept ~450 bytes per timer, and libFuzzer took every such run for a possible leak (a re-run and a
    // LeakSanitizer scan of the heap each, most of this target's time).
    if (QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance()) {
        const QObjectList waiting = dispatcher->children();
        for (QObject *o : waiting)
            if (qstrcmp(o->metaObject()->className(), "QSingleShotTimer") == 0)
                delete o;
    }
    return 0;
}

#ifndef QMT_LIBFUZZER
// Plain driver: fuzz_sim_driver <corpus files...> [--random N]
#include <QRandomGenerator>

int main(int argc, char **argv)
{
    const qmt::fuzz::DriverArgs args = qmt::fuzz::driverArgs(argc, argv);
    for (const QByteArray &d : args.corpus) {
        for (int s : {0, 64, 128, 200, 255}) {
            const QByteArray in = char(s) + d;
            qmt::fuzz::run(in);
        }
    }
    static const char *const kPieces[] = {"AT\r",
                                          "ATE0\r",
                                          "ATE1\r",
                                          "ATI\r",
                                          "AT+QMTCFG=?\r",
                                          "AT+QMTCFG=\"keepalive\",0,60\r",
                                          "AT+QMTCFG=\"willex\",0,1,0,0,\"w\",5\r",
                                          "AT+QMTOPEN=0,\"h\",1883\r",
                                          "AT+QMTCONN=0,\"c\"\r",
                                          "AT+QMTPUBEX=0,0,0,0,\"t\",5\r",
                                          "AT+QMTPUB=0,0,0,0,\"t\"\r",
                                          "AT+QFUPL=\"RAM:a.pem\",10,5\r",
                                          "AT+QFLST\r",
                                          "AT+QFDEL=\"*\"\r",
                                          "AT+QSSLCFG=\"seclevel\",2,2\r",
                                          "AT+QMTRECV=0\r",
                                          "AT+CMEE=2\r",
                                          "hello",
                                          "\x1a",
                                          "\x1b",
                                          "\b",
                                          "\r",
                                          "\n",
                                          "+++",
                                          "\xff\x00"};
    QRandomGenerator rng(2468);
    for (int r = 0; r < args.randomRuns; ++r) {
        QByteArray in(1, char(rng.bounded(256)));
        const int n = int(rng.bounded(16));
        for (int k = 0; k < n; ++k) {
            const int piece = rng.bounded(int(sizeof kPieces / sizeof *kPieces));
            in += QByteArray(kPieces[piece], piece == 24 ? 2 : qsizetype(strlen(kPieces[piece])));
        }
        qmt::fuzz::run(in);
    }
    std::printf("fuzz_sim driver: %lld corpus files x 5 splits, %d random inputs: answers agree and stay "
                "bounded\n",
                qlonglong(args.corpus.size()), args.randomRuns);
    return 0;
}
#endif
