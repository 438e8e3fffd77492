// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the AT+QMTCFG=? range parser (at/ranges.h): Range::parse and
// RangeTable::applyTestResponse, which read what a module (or a log) says its ranges are.
// Properties beyond "no crash":
// - a range that parses prints (toString) to a text that parses to the same range, and holds
//   its own min() and max();
// - a test-response line that is refused changes nothing in the table (as documented);
// - a line that is accepted leaves every range of the table non-empty.
// The input is read as lines: each is tried as a range text and as a test-response line, all
// on one table, so that lines build on each other as a module's answer does.

#include "at/ranges.h"
#include "fuzzcommon.h"

#include <QByteArray>
#include <cstdint>

using qmt::at::Param;
using qmt::at::Range;
using qmt::at::RangeTable;

namespace {

bool sameTable(const RangeTable &a, const RangeTable &b)
{
    for (int p = 0; p < qmt::at::kParamCount; ++p)
        if (a.range(Param(p)) != b.range(Param(p)) || a.isFromModule(Param(p)) != b.isFromModule(Param(p)))
            return false;
    return a.extraSubCommands() == b.extraSubCommands() && a.extraSslSettings() == b.extraSslSettings();
}

void checkRange(QByteArrayView text)
{
    bool ok = false;
    const Range r = Range::parse(text, &ok);
    if (!ok)
        return;
    if (!r.isEmpty() && (!r.contains(r.min()) || !r.contains(r.max()) || r.min() > r.max()))
        qmt::fuzz::fail("fuzz_ranges", "a range does not hold its own min and max");
    bool ok2 = false;
    const QByteArray printed = r.toString().toLatin1();
    const Range again = Range::parse(printed, &ok2);
    if (!r.isEmpty() && (!ok2 || again != r))
        qmt::fuzz::fail("fuzz_ranges", "a range printed and parsed again differs");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 14)
        return 0;
    const QByteArrayView in(reinterpret_cast<const char *>(data), qsizetype(size));
    static const RangeTable defaults;
    RangeTable table = defaults; // shares the defaults' lists: no allocation until a line applies
    for (QByteArrayView rest = in; !rest.isEmpty();) {
        const qsizetype nl = rest.indexOf('\n');
        const QByteArrayView line = nl < 0 ? rest : rest.first(nl);
        rest = nl < 0 ? QByteArrayView() : rest.sliced(nl + 1);
        checkRange(line);
        const RangeTable before = table;
        if (!table.applyTestResponse(line)) {
            if (!sameTable(before, table))
                qmt::fuzz::fail("fuzz_ranges", "a refused line changed the table");
        }
    }
    return 0;
}

#ifndef QMT_LIBFUZZER
// Plain driver: fuzz_ranges_driver <corpus files...> [--random N]
#include <QRandomGenerator>

int main(int argc, char **argv)
{
    const qmt::fuzz::DriverArgs args = qmt::fuzz::driverArgs(argc, argv);
    qmt::fuzz::runCorpus(args);
    static const char *const kPieces[] = {"+QMTCFG: ",
                                          "+QSSLCFG: ",
                                          "+QMTOPEN: ",
                                          "+QMTCONN: ",
                                          "+QMTPUBEX: ",
                                          "+CMEE: ",
                                          "\"keepalive\"",
                                          "\"timeout\"",
                                          "\"will\"",
                                          "\"send/mode\"",
                                          "\"ciphersuite\"",
                                          ",",
                                          "(0-5)",
                                          "(0,1)",
                                          "(0-3600)",
                                          "(0X0035,0X002F,0XFFFF)",
                                          "(0x0-0xffff)",
                                          "(-1-5)",
                                          "(9223372036854775807)",
                                          "(5-0)",
                                          "(",
                                          ")",
                                          "-",
                                          "\"willtopic\"",
                                          "<msgid>",
                                          " ",
                                          "\n",
                                          "OK",
                                          "0-5,7",
                                          "(1-65535)"};
    QRandomGenerator rng(99);
    for (int r = 0; r < args.randomRuns; ++r) {
        QByteArray in;
        const int n = int(rng.bounded(30));
        for (int k = 0; k < n; ++k)
            in += kPieces[rng.bounded(int(sizeof kPieces / sizeof *kPieces))];
        qmt::fuzz::run(in);
    }
    std::printf("fuzz_ranges driver: %lld corpus files, %d random inputs: ranges print and parse back, "
                "refused lines change nothing\n",
                qlonglong(args.corpus.size()), args.randomRuns);
    return 0;
}
#endif
