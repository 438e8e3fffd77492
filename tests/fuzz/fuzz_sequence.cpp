// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the .qmtseq loader (workflows/sequence.h). Properties beyond "no crash":
// - a file that parses writes back (Sequence::format) to a text that parses to the same steps and
//   name: nothing a file can say is lost or changed by saving it again;
// - a file that does not parse names at least one problem, each with a line inside the file;
// - escape() then unescape() gives any bytes back (the input itself is used as the bytes).
// Built as a libFuzzer target with clang (QMT_FUZZ=ON), else as a plain driver that replays the
// corpus and pseudo-random mixes of sequence lines (tests/fuzz/CMakeLists.txt).

#include "fuzzcommon.h"
#include "workflows/sequence.h"

#include <QByteArray>
#include <cstdint>

using qmt::session::Sequence;
using qmt::session::SequenceParseError;
using qmt::session::SequenceStep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    const QByteArray in = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<SequenceStep> steps;
    QString name;
    QList<SequenceParseError> errors;
    if (Sequence::parse(in, &steps, &name, &errors)) {
        if (!errors.isEmpty())
            qmt::fuzz::fail("fuzz_sequence", "a file that parses reports problems");
        const QByteArray text = Sequence::format(steps, name);
        QList<SequenceStep> again;
        QString againName;
        QList<SequenceParseError> againErrors;
        if (!Sequence::parse(text, &again, &againName, &againErrors))
            qmt::fuzz::fail("fuzz_sequence", "a sequence written by format() does not parse");
        if (again != steps || againName != name)
            qmt::fuzz::fail("fuzz_sequence", "a sequence changes when it is written and read again");
    } else {
        if (errors.isEmpty())
            qmt::fuzz::fail("fuzz_sequence", "a file that does not parse names no problem");
        const qsizetype lines = in.count('\n') + 1;
        for (const SequenceParseError &e : errors)
            if (e.line < 0 || e.line > lines || e.message.isEmpty())
                qmt::fuzz::fail("fuzz_sequence", "a problem without a line of the file or a message");
    }
    // any bytes survive escape() and unescape()
    QByteArray back;
    if (!Sequence::unescape(Sequence::escape(in), &back) || back != in)
        qmt::fuzz::fail("fuzz_sequence", "unescape(escape(bytes)) is not the bytes");
    return 0;
}

#ifndef QMT_LIBFUZZER
// Plain driver: fuzz_sequence_driver <corpus files...> [--random N]
#include <QRandomGenerator>

int main(int argc, char **argv)
{
    const qmt::fuzz::DriverArgs args = qmt::fuzz::driverArgs(argc, argv);
    qmt::fuzz::runCorpus(args);
    static const char *const kPieces[] = {"# comment\n",
                                          "name Seed\n",
                                          "name \"a\\x00b\"\n",
                                          "AT+QMTOPEN=0,\"h\",1883\n",
                                          "AT\n",
                                          "\"+++\"\n",
                                          "    expect +QMTOPEN: 0,0\n",
                                          "    expect OK\n",
                                          "    expect \"\"\n",
                                          "\ttimeout 30s\n",
                                          "    timeout 100ms\n",
                                          "    timeout 2m\n",
                                          "    timeout 99999999999999999999s\n",
                                          "    delay 5s\n",
                                          "    note hello\n",
                                          "    note \"  padded  \"\n",
                                          "    data \"This is \\r\\n \\\"data\\\" \\x1a\"\n",
                                          "    data hex 41 54 0d\n",
                                          "    data hex 4\n",
                                          "    data file cacert.pem\n",
                                          "    data \"\\xZZ\"\n",
                                          "AT+QFUPL=\"RAM:a\",{size},100\n",
                                          "    expect +QFUPL: {size},{checksum}\n",
                                          "\n",
                                          "\r\n",
                                          "   \n",
                                          "garbage\n",
                                          "\xff\xfe",
                                          "\xe4\xb8\xad",
                                          "\""};
    QRandomGenerator rng(777);
    for (int r = 0; r < args.randomRuns; ++r) {
        QByteArray in;
        const int n = int(rng.bounded(30));
        for (int k = 0; k < n; ++k)
            in += kPieces[rng.bounded(int(sizeof kPieces / sizeof *kPieces))];
        qmt::fuzz::run(in);
    }
    std::printf("fuzz_sequence driver: %lld corpus files, %d random inputs: round trips hold\n",
                qlonglong(args.corpus.size()), args.randomRuns);
    return 0;
}
#endif
