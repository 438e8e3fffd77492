// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the customer-log import (issue 9). Beyond "does not crash or hang", it checks
// what the import promises: every line of the input has its record (nothing dropped silently),
// every byte fed maps back to a line that exists, in order, and the pipeline takes the output.
// Built as a libFuzzer target with clang (QMT_FUZZ=ON), else as a plain driver that replays the
// corpus and pseudo-random mixes of log fragments (tests/fuzz/CMakeLists.txt).

#include "engine/pipeline.h"
#include "fuzzcommon.h"
#include "workflows/logimport.h"

#include <QByteArray>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_logimport: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    const QByteArrayView in(reinterpret_cast<const char *>(data), qsizetype(size));
    qmt::session::LogImport::Options options;
    options.everyLine = true;
    const qmt::session::LogImport imp = qmt::session::LogImport::read(in, options);

    // every line has its record, in order (UTF-16 input is converted first: its lines differ)
    const bool utf16 =
        size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF));
    // A UTF-8 byte order mark is no text: the importer drops it, so a file of nothing else has
    // no line (a campaign "finding" of 2026-12-06 was this harness counting one)
    const QByteArrayView text = in.startsWith("\xEF\xBB\xBF") ? in.sliced(3) : in;
    const qint64 lines = text.isEmpty() ? 0 : qint64(text.count('\n')) + (text.endsWith('\n') ? 0 : 1);
    if (!utf16 && imp.counts().lines != lines)
        fail("a line of the input has no record");
    int last = 0;
    for (const auto &l : imp.lines()) {
        if (l.number <= last || (!utf16 && l.number > lines))
            fail("line records out of order or past the end");
        last = l.number;
    }
    // every byte fed maps to a line of the input, never backwards by more than a hex run
    const QByteArray &out = imp.bytes();
    if (!out.isEmpty()) {
        if (imp.lineAt(0) < 1 || (!utf16 && imp.lineAt(out.size() - 1) > lines))
            fail("the map points outside the input");
    }
    // the pipeline takes it: one pipeline for every input, reset after each (docs/fuzzing.md)
    static qmt::session::ManualClock clock;
    static qmt::session::Pipeline p(&clock);
    imp.feed(p);
    // The JSON and the summary for one input in 32 (by the input's digest, so that an input
    // that reaches them always does): they cost more than the rest of the run.
    qmt::fuzz::Digest d;
    d.add(in);
    if (d.mixed() % 32 == 0) {
        (void)p.store().toJson();
        (void)imp.summary();
    }
    p.resetAll();
    return 0;
}

#ifndef QMT_LIBFUZZER
// Plain driver: fuzz_logimport_driver <corpus files...> [--random N]
#include <QFile>
#include <QRandomGenerator>

int main(int argc, char **argv)
{
    int randomRuns = 2000;
    int files = 0;
    QByteArrayList corpus;
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
        corpus << f.readAll();
        qmt::fuzz::run(corpus.back());
        ++files;
    }
    // Random mixes of what logs hold: prefixes, markers, line ends as text, placeholders, hex
    static const char *const kPieces[] = {"[2024-03-05 14:22:01.123] ",
                                          ">> ",
                                          "<< ",
                                          "TX: ",
                                          "RX: ",
                                          "I (123) quectel: ",
                                          "\xE5\x8F\x91\xE2\x86\x92\xE2\x97\x87",
                                          "AT+QMTPUBEX=0,1,1,0,\"t\",5",
                                          "AT+QMTPUB=0,0,0,0,\"t\"",
                                          "AT+QFUPL=\"RAM:a\",4",
                                          "CONNECT",
                                          "> ",
                                          ">",
                                          "<data>",
                                          "...",
                                          "^Z",
                                          "<Ctrl+Z>",
                                          "[1A]",
                                          "0x1A",
                                          "\\r\\n",
                                          "<CR><LF>",
                                          "[0D][0A]",
                                          "^M",
                                          "..",
                                          "+QMTRECV: 0,1,\"t\",",
                                          "30,",
                                          "\"",
                                          "\xE2\x80\x9C",
                                          "\xE2\x80\x9D",
                                          "\xEF\xBC\x8C",
                                          "\xEF\xBC\x9A",
                                          ",",
                                          "OK",
                                          "ERROR",
                                          "+CME ERROR: 4",
                                          " // note",
                                          "# note",
                                          "```",
                                          "00000000  41 54 0D 0A  |AT..|",
                                          "41 54 2B 51",
                                          "\n",
                                          "\r\n",
                                          "\r",
                                          " ",
                                          "hello",
                                          "\x1a",
                                          "\xff\xfe",
                                          "$ echo -e 'AT+QMTDISC=0\\r' > /dev/ttyUSB2"};
    QRandomGenerator rng(4321);
    for (int r = 0; r < randomRuns; ++r) {
        QByteArray in;
        if (!corpus.isEmpty() && rng.bounded(4) == 0) { // a corpus file cut and spliced
            const QByteArray &c = corpus[rng.bounded(int(corpus.size()))];
            const qsizetype at = c.isEmpty() ? 0 : qsizetype(rng.bounded(int(c.size())));
            in = c.left(at) + kPieces[rng.bounded(int(sizeof kPieces / sizeof *kPieces))] + c.mid(at);
        } else {
            const int n = int(rng.bounded(60));
            for (int k = 0; k < n; ++k)
                in += kPieces[rng.bounded(int(sizeof kPieces / sizeof *kPieces))];
        }
        qmt::fuzz::run(in);
    }
    std::printf(
        "fuzz_logimport driver: %d corpus files, %d random inputs: every line recorded, map in range\n",
        files, randomRuns);
    return 0;
}
#endif
