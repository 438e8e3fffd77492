// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the fuzz targets share: a cheap 64-bit digest (FNV-1a) to compare what two runs produced
// without building text, and the plain driver's argument handling (corpus files, --random N).

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QFile>
#include <QString>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// The harness's own code (digests, comparisons, splitting the input) is not what is being
// fuzzed: under libFuzzer it gets no coverage instrumentation, so its loops neither cost
// coverage callbacks nor count as features (a longer payload in a digest loop is not new
// behaviour of the target). Clang 13 and later.
#if defined(QMT_LIBFUZZER) && defined(__clang__)
#define QMT_FUZZ_HARNESS __attribute__((no_sanitize("coverage")))
#else
#define QMT_FUZZ_HARNESS
#endif

namespace qmt::fuzz {

struct Digest
{
    quint64 h = 1469598103934665603ull;
    QMT_FUZZ_HARNESS void add(QByteArrayView bytes)
    {
        add(qint64(bytes.size()));
        for (const char c : bytes)
            h = (h ^ quint8(c)) * 1099511628211ull;
    }
    // The digest with its bits mixed (FNV's low bits depend on little of the input): for choosing
    // "one input in N" by the digest.
    QMT_FUZZ_HARNESS quint64 mixed() const
    {
        quint64 z = h + 0x9e3779b97f4a7c15ull;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    QMT_FUZZ_HARNESS void add(qint64 v)
    {
        for (int i = 0; i < 8; ++i, v >>= 8)
            h = (h ^ quint8(v & 0xff)) * 1099511628211ull;
    }
};

[[noreturn]] inline void fail(const char *target, const char *what)
{
    std::fprintf(stderr, "%s: %s\n", target, what);
    std::abort();
}

// The plain driver's command line: corpus files, then optionally --random N.
struct DriverArgs
{
    QByteArrayList corpus;
    int randomRuns = 2000;
};

inline DriverArgs driverArgs(int argc, char **argv)
{
    DriverArgs a;
    for (int i = 1; i < argc; ++i) {
        if (QByteArray(argv[i]) == "--random" && i + 1 < argc) {
            a.randomRuns = std::atoi(argv[++i]);
            continue;
        }
        QFile f(QString::fromLocal8Bit(argv[i]));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", argv[i]);
            std::exit(2);
        }
        a.corpus << f.readAll();
    }
    return a;
}

} // namespace qmt::fuzz

// Every target defines it (libFuzzer's entry point); the plain drivers call it through run().
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace qmt::fuzz {

inline void run(QByteArrayView input)
{
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.data()), size_t(input.size()));
}

// The plain driver's first part: every corpus file as it is.
inline void runCorpus(const DriverArgs &args)
{
    for (const QByteArray &d : args.corpus)
        run(d);
}

} // namespace qmt::fuzz
