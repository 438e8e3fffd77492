// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the framer + parser + slot store. Beyond "does not crash", it checks the
// framer's promise: the input split at an arbitrary point gives the same events as in one piece,
// and the same slot state. Bytes between 0x02 (data) or 0x03 (a command) markers are what the
// host wrote at that point, as a live session or a journal tells the pipeline: the framer
// checks the echo after a prompt against them.
// Built as a libFuzzer target with clang (QMT_FUZZ=ON), else as a plain driver that replays the
// corpus and a stream of pseudo-random inputs (tests/fuzz/CMakeLists.txt).
//
// Speed (docs/fuzzing.md): one pipeline per side lives for the whole process and is reset
// (Pipeline::resetAll) before each input, and each event is reduced to a 64-bit digest of every
// field instead of a text; the texts are built only to report a difference. The plain driver
// also checks that a reused pipeline gives what a fresh one gives.

#include "at/settings.h"
#include "engine/pipeline.h"
#include "fuzzcommon.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QStringList>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using qmt::at::AtEvent;

QMT_FUZZ_HARNESS quint64 digest(const AtEvent &e)
{
    qmt::fuzz::Digest d;
    d.add(qint64(e.type) | qint64(e.what) << 8 | qint64(e.dir) << 16 | qint64(e.cmd) << 24 |
          qint64(e.form) << 40 | qint64(e.echo) << 48 | qint64(e.truncated) << 49 |
          qint64(e.payloadComplete) << 50);
    d.add(qint64(e.clientIdx));
    d.add(qint64(e.setting));
    d.add(e.offset);
    d.add(e.declaredLength);
    d.add(qint64(e.cmeCode));
    d.add(e.text);
    d.add(e.topic);
    d.add(e.payload);
    d.add(e.cmeText);
    d.add(qint64(e.argCount()));
    for (qsizetype i = 0; i < e.argCount(); ++i) {
        d.add(e.arg(i).text);
        d.add(qint64(e.arg(i).quoted));
    }
    return d.h;
}

QByteArray describe(const AtEvent &e)
{
    QByteArray d = QByteArray::number(int(e.type)) + ':' + QByteArray::number(int(e.what)) + ':' +
                   QByteArray::number(int(e.cmd)) + ':' + QByteArray::number(e.clientIdx) + ':' +
                   QByteArray::number(e.offset) + (e.truncated ? ":cut:" : ":") + e.text.toByteArray() + '|' +
                   e.topic.toByteArray() + '|' + e.payload.toByteArray();
    for (qsizetype i = 0; i < e.argCount(); ++i)
        d += ',' + e.arg(i).text.toByteArray();
    return d;
}

// The members themselves, not the settings table's getters: those format numbers (allocations).
QMT_FUZZ_HARNESS void addConfig(qmt::fuzz::Digest &d, const qmt::at::SlotConfig &c)
{
    for (const int v : {c.version, c.pdpCid, int(c.sslEnabled), c.sslCtx, c.keepAlive, c.cleanSession,
                        c.pktTimeout, c.retryTimes, c.timeoutNotice, int(c.will.enabled), c.will.qos,
                        int(c.will.retain), c.recvMode, c.msgLenEnable, c.qmtPing})
        d.add(qint64(v));
    d.add(c.will.length);
    for (const QByteArray *b :
         {&c.will.topic, &c.will.message, &c.aliProductKey, &c.aliDeviceName, &c.aliDeviceSecret})
        d.add(*b);
}

// A digest of what the store keeps for every slot and the module: what the events did.
QMT_FUZZ_HARNESS quint64 storeDigest(const qmt::state::SlotStore &s)
{
    qmt::fuzz::Digest d;
    for (const auto &slot : s.allSlots()) {
        d.add(qint64(slot.network) | qint64(slot.mqtt) << 8 | qint64(slot.hasPassword) << 16 |
              qint64(slot.lastError.kind) << 24 | qint64(slot.lastStat.kind) << 32 |
              qint64(slot.lastOutcome.cmd) << 40 | qint64(slot.lastOutcome.ok) << 56);
        d.add(slot.host);
        d.add(qint64(slot.port));
        d.add(slot.clientId);
        d.add(slot.username);
        d.add(qint64(slot.subscriptions.size()));
        d.add(qint64(slot.inFlight.size()));
        d.add(qint64(slot.storedCount()));
        d.add(qint64(slot.messages.size()));
        if (!slot.messages.empty()) {
            d.add(slot.messages.back().topic);
            d.add(slot.messages.back().payload);
        }
        d.add(qint64(slot.counters.commands));
        d.add(qint64(slot.counters.published));
        d.add(qint64(slot.counters.publishFailed));
        d.add(qint64(slot.counters.received));
        d.add(qint64(slot.counters.errors));
        d.add(qint64(slot.counters.stats));
        d.add(slot.lastError.source);
        d.add(qint64(slot.lastError.code));
        d.add(slot.lastError.detail);
        d.add(qint64(slot.lastStat.code));
        d.add(slot.lastOutcome.answer);
        addConfig(d, slot.config);
    }
    const auto &m = s.module();
    d.add(qint64(m.events));
    d.add(qint64(m.commands));
    d.add(qint64(m.urcs));
    d.add(qint64(m.finals));
    d.add(qint64(m.errors));
    d.add(qint64(m.unknownLines));
    d.add(qint64(m.truncatedFrames));
    d.add(qint64(m.incompletePayloads));
    d.add(qint64(m.boots));
    d.add(qint64(m.files.size()));
    d.add(qint64(m.cfgRanges.size()));
    d.add(qint64(m.identity.size()));
    d.add(qint64(m.echo));
    for (const auto &ssl : m.ssl) {
        for (const int v : {ssl.secLevel, ssl.sslVersion, ssl.ignoreLocalTime, ssl.negotiateTime, ssl.sni})
            d.add(qint64(v));
        for (const QByteArray *b : {&ssl.cipherSuite, &ssl.caCert, &ssl.clientCert, &ssl.clientKey})
            d.add(*b);
    }
    return d.mixed();
}

// The first 0x02 or 0x03 marker at or after i, or n (memchr: no per-byte work in the harness).
QMT_FUZZ_HARNESS qsizetype markerAt(const char *p, qsizetype i, qsizetype n)
{
    const void *a = std::memchr(p + i, '\x02', size_t(n - i));
    const void *b = std::memchr(p + i, '\x03', size_t(n - i));
    const char *m = p + n;
    if (a && static_cast<const char *>(a) < m)
        m = static_cast<const char *>(a);
    if (b && static_cast<const char *>(b) < m)
        m = static_cast<const char *>(b);
    return m - p;
}

// One pipeline and what it produced; reused for every input.
struct Run
{
    qmt::session::ManualClock clock;
    qmt::session::Pipeline pipeline{&clock};
    std::vector<quint64> events;
    QByteArrayList texts; // only when asked (to report a difference)
    bool describing = false;

    Run()
    {
        pipeline.addObserver([this](const AtEvent &e) {
            events.push_back(digest(e));
            if (describing)
                texts << describe(e);
        });
    }
    bool clean = true; // the pipeline is as constructed
    QMT_FUZZ_HARNESS void run(QByteArrayView in, qsizetype split)
    {
        if (!clean)
            pipeline.resetAll();
        clean = false;
        events.clear();
        texts.clear();
        // What the host wrote, between the module's bytes: 0x02 … 0x02 is data written after a
        // prompt, 0x03 … 0x03 a command line (the framer then checks the echo against it). The
        // module's bytes between them are fed in one piece, or in two where `split` falls.
        const qsizetype n = in.size();
        const char *const p = in.data();
        qsizetype i = 0;
        while (i < n) {
            const char c = p[i];
            if (c == '\x02' || c == '\x03') {
                qsizetype e = in.sliced(i + 1).indexOf(c);
                e = e < 0 ? n : i + 1 + e;
                const QByteArrayView written = in.sliced(i + 1, e - i - 1);
                if (c == '\x02')
                    pipeline.wroteData(written);
                else
                    pipeline.wroteCommand(written);
                i = std::min(n, e + 1);
                continue;
            }
            qsizetype e = markerAt(p, i, n);
            if (split > i && split < e) {
                pipeline.received(in.sliced(i, split - i));
                pipeline.received(in.sliced(split, e - split));
            } else {
                pipeline.received(in.sliced(i, e - i));
            }
            i = e;
        }
        pipeline.endOfInput();
    }
};

Run &wholeRun()
{
    static Run r;
    return r;
}

Run &splitRun()
{
    static Run r;
    return r;
}

[[noreturn]] void report(QByteArrayView in, qsizetype split, const char *what)
{
    Run &a = wholeRun();
    Run &b = splitRun();
    a.describing = b.describing = true;
    a.run(in, 0);
    b.run(in, split);
    std::fprintf(stderr, "fuzz_at: %s when the input is split at %lld\n", what, qlonglong(split));
    for (qsizetype i = 0; i < std::max(a.texts.size(), b.texts.size()); ++i) {
        const QByteArray x = a.texts.value(i), y = b.texts.value(i);
        std::fprintf(stderr, "%s %s\n  %s\n", x == y ? " " : "!", x.constData(), x == y ? "" : y.constData());
    }
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 16)
        return 0;
    const QByteArrayView in(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype split = in.isEmpty() ? 0 : qsizetype(data[0]) * in.size() / 256;
    Run &whole = wholeRun();
    Run &parts = splitRun();
    whole.run(in, 0);
    parts.run(in, split);
    if (whole.events != parts.events)
        report(in, split, "events differ");
    const quint64 state = storeDigest(whole.pipeline.store());
    if (state != storeDigest(parts.pipeline.store()))
        report(in, split, "the slot state differs");
    // The JSON the CLI prints, for one final state in 32: toJson costs several times the rest
    // of the run (a thousand allocations and more). Chosen by the state's digest, so an input
    // that reaches it always does and a crash in it reproduces. Both stores agree: one is enough.
    if (state % 32 == 0)
        (void)whole.pipeline.store().toJson();
    // Give back what the stores hold, so that every run frees what it allocated: libFuzzer
    // re-runs an input whose mallocs outnumber its frees, to look for a leak.
    whole.pipeline.resetAll();
    parts.pipeline.resetAll();
    whole.clean = parts.clean = true;
    return 0;
}

#ifndef QMT_LIBFUZZER
// Plain driver: fuzz_at_driver <corpus files...> [--random N]
#include <QRandomGenerator>

namespace {

// A reused pipeline must give what a new one gives (else the target's speed-up lies).
void checkFresh(const QByteArray &input)
{
    if (input.isEmpty())
        return;
    qmt::fuzz::run(input);
    const QByteArrayView in = QByteArrayView(input).sliced(1);
    Run &reused = wholeRun(); // after a run of its own, as every input finds it
    reused.run(in, 0);
    Run fresh;
    fresh.run(in, 0);
    if (fresh.events != reused.events ||
        storeDigest(fresh.pipeline.store()) != storeDigest(reused.pipeline.store()) ||
        QJsonDocument(fresh.pipeline.store().toJson()) != QJsonDocument(reused.pipeline.store().toJson())) {
        std::fprintf(
            stderr, "events %d, state %d\nnew:    %s\nreused: %s\n", int(fresh.events == reused.events),
            int(storeDigest(fresh.pipeline.store()) == storeDigest(reused.pipeline.store())),
            QJsonDocument(fresh.pipeline.store().toJson()).toJson(QJsonDocument::Compact).constData(),
            QJsonDocument(reused.pipeline.store().toJson()).toJson(QJsonDocument::Compact).constData());
        qmt::fuzz::fail("fuzz_at", "a reused pipeline differs from a new one");
    }
    reused.pipeline.resetAll();
    reused.clean = true;
}

} // namespace

int main(int argc, char **argv)
{
    const qmt::fuzz::DriverArgs args = qmt::fuzz::driverArgs(argc, argv);
    for (const QByteArray &d : args.corpus) {
        // every split point of the corpus file
        for (int s = 0; s < 256; ++s) {
            QByteArray in(1, char(s));
            in += d;
            qmt::fuzz::run(in);
        }
        checkFresh(QByteArray(1, '\x80') + d);
    }
    // Random mutations of a vocabulary of AT fragments.
    static const char *const kPieces[] = {"AT+QMTPUBEX=0,1,1,0,\"t\",5",
                                          "\x03"
                                          "AT+QMTPUBEX=0,1,1,0,\"t\",5\x03",
                                          "\x03"
                                          "AT+QMTPUB=0,0,0,0,\"t\"\x03",
                                          "\x02hello\x02",
                                          "\x02hel\x1a\x02",
                                          "hello",
                                          "\r",
                                          "\n",
                                          "> ",
                                          ">",
                                          "+QMTRECV: 0,1,\"t\",",
                                          "3,",
                                          "\"",
                                          ",",
                                          "OK",
                                          "ERROR",
                                          "+CME ERROR: 4",
                                          "CONNECT",
                                          "AT+QFUPL=\"a\",4",
                                          "+QMTSTAT: 1,2",
                                          "RDY",
                                          "\x1a",
                                          "AT+QMTPUB=0,0,0,0,\"t\"",
                                          "+QMTCONN: 0,0,0",
                                          "AT+QMTCONN?",
                                          "x",
                                          "+QMTOPEN: 0,\"h\",1",
                                          "AT+QMTCFG=\"willex\",0,1,0,0,\"w\",2",
                                          "AT+QMTCFG=?",
                                          "+QMTCFG: \"keepalive\",(0-5),(0-3600)",
                                          "ATI",
                                          "Quectel",
                                          "+QIURC: \"pdpdeact\",1"};
    QRandomGenerator rng(1234);
    for (int r = 0; r < args.randomRuns; ++r) {
        QByteArray in(1, char(rng.bounded(256)));
        const int n = int(rng.bounded(40));
        for (int k = 0; k < n; ++k)
            in += kPieces[rng.bounded(int(sizeof kPieces / sizeof *kPieces))];
        qmt::fuzz::run(in);
        if (r % 16 == 0)
            checkFresh(in);
    }
    std::printf("fuzz driver: %lld corpus files x 256 splits, %d random inputs: no crash, splits agree, "
                "reused pipelines agree with new ones\n",
                qlonglong(args.corpus.size()), args.randomRuns);
    return 0;
}
#endif
