// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the framer + parser + slot store. Beyond "does not crash", it checks the
// framer's promise: the input split at an arbitrary point gives the same events as in one piece.
// Built as a libFuzzer target with clang (QMT_FUZZ=ON), else as a plain driver that replays the
// corpus and a stream of pseudo-random inputs (tests/fuzz/CMakeLists.txt).

#include "engine/pipeline.h"

#include <QByteArray>
#include <QStringList>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

QByteArray describe(const qmt::at::AtEvent &e)
{
    QByteArray d = QByteArray::number(int(e.type)) + ':' + QByteArray::number(int(e.what)) + ':' +
                   QByteArray::number(e.clientIdx) + ':' + QByteArray::number(e.offset) + ':' +
                   e.text.toByteArray() + '|' + e.topic.toByteArray() + '|' + e.payload.toByteArray();
    for (qsizetype i = 0; i < e.argCount(); ++i)
        d += ',' + e.arg(i).text.toByteArray();
    return d;
}

QByteArrayList run(QByteArrayView in, qsizetype split)
{
    QByteArrayList out;
    qmt::session::ManualClock clock;
    qmt::session::Pipeline p(&clock);
    p.addObserver([&](const qmt::at::AtEvent &e) { out << describe(e); });
    p.received(in.first(split));
    p.received(in.sliced(split));
    p.endOfInput();
    (void)p.store().toJson();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 16)
        return 0;
    const QByteArrayView in(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype split = in.isEmpty() ? 0 : qsizetype(data[0]) * in.size() / 256;
    const QByteArrayList whole = run(in, 0);
    const QByteArrayList parts = run(in, split);
    if (whole != parts) {
        std::fprintf(stderr, "events differ when the input is split at %lld\n", qlonglong(split));
        std::abort();
    }
    return 0;
}

#ifndef QMT_LIBFUZZER
// Plain driver: fuzz_at_driver <corpus files...> [--random N]
#include <QFile>
#include <QRandomGenerator>

int main(int argc, char **argv)
{
    int randomRuns = 2000;
    int files = 0;
    for (int i = 1; i < argc; ++i) {
        if (QByteArray(argv[i]) == "--random" && i + 1 < argc) {
            randomRuns = std::atoi(argv[++i]);
            continue;
        }
        QFile f(QString::fromLocal8Bit(argv[i]));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", argv[i]);
            return 2;
        }
        const QByteArray d = f.readAll();
        // every split point of the corpus file
        for (int s = 0; s < 256; ++s) {
            QByteArray in(1, char(s));
            in += d;
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(in.constData()), size_t(in.size()));
        }
        ++files;
    }
    // Random mutations of a vocabulary of AT fragments.
    static const char *const kPieces[] = {"AT+QMTPUBEX=0,1,1,0,\"t\",5",
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
                                          "AT+QMTCFG=\"willex\",0,1,0,0,\"w\",2"};
    QRandomGenerator rng(1234);
    for (int r = 0; r < randomRuns; ++r) {
        QByteArray in(1, char(rng.bounded(256)));
        const int n = int(rng.bounded(40));
        for (int k = 0; k < n; ++k)
            in += kPieces[rng.bounded(int(sizeof kPieces / sizeof *kPieces))];
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(in.constData()), size_t(in.size()));
    }
    std::printf("fuzz driver: %d corpus files x 256 splits, %d random inputs: no crash, splits agree\n",
                files, randomRuns);
    return 0;
}
#endif
