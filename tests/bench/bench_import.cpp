// SPDX-License-Identifier: Apache-2.0
// Throughput of the customer-log import (issue 9) over a generated messy log: every line with a
// timestamp and a direction marker in one of several styles, typographic quotes, notes and
// comments at the ends of lines, line ends written as text, data left out, glued exchanges and
// hex dump runs. Prints the import's MB/s and that of import + pipeline; asserts nothing about
// time (the goal, 100 MB/s for the import, is read off the output).
//
//   bench_import [--size-mb 100] [--keep FILE]

#include "engine/pipeline.h"
#include "workflows/logimport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace qmt;

namespace {

QByteArray generate(qint64 bytes)
{
    QByteArray out;
    out.reserve(bytes + 4096);
    QRandomGenerator rng(7);
    qint64 n = 0;
    auto stamp = [&](QByteArray &o, bool sent) {
        switch (n % 4) {
        case 0:
            o += "[2024-03-05 14:" + QByteArray::number(10 + n % 50) + ':' + QByteArray::number(10 + n % 49) +
                 '.' + QByteArray::number(100 + n % 900) + (sent ? "] >> " : "] << ");
            break;
        case 1:
            o += "14:22:" + QByteArray::number(10 + n % 50) + ",123 " + (sent ? "TX: " : "RX: ");
            break;
        case 2:
            o += "I (" + QByteArray::number(1000 + n) + ") quectel: ";
            break;
        default:
            o += "[" + QByteArray::number(n % 100000) + "]" +
                 (sent ? "\xE5\x8F\x91\xE2\x86\x92\xE2\x97\x87" : "\xE6\x94\xB6\xE2\x86\x90\xE2\x97\x86");
        }
    };
    while (out.size() < bytes) {
        ++n;
        const int idx = int(n % 6);
        const QByteArray i = QByteArray::number(idx);
        const quint32 r = rng.bounded(100);
        if (r < 30) {
            stamp(out, false);
            out += "+QMTRECV: " + i + ",0,\"sensors/" + i + "/data\",22,\"{\"temp\":21.5,\"hum\":40}\"\n";
        } else if (r < 45) {
            stamp(out, true);
            out += "AT+QMTPUBEX=" + i + ",1,1,0,\xE2\x80\x9Cup/" + i + "\xE2\x80\x9D,5   // publish\n";
            stamp(out, false);
            out += ">\n";
            stamp(out, true);
            out += (r < 40 ? "hello\n" : "<data>\n");
            stamp(out, false);
            out += "OK\n";
            stamp(out, false);
            out += "+QMTPUBEX: " + i + ",1,0\n";
        } else if (r < 55) {
            stamp(out, false);
            out += "+QMTPING: " + i + ",1<CR><LF>\n";
        } else if (r < 65) {
            out += "# the module dropped the connection here, see below\n";
            stamp(out, false);
            out +=
                "+QMTSTAT\xEF\xBC\x9A" + i + "\xEF\xBC\x8C" + QByteArray::number(1 + rng.bounded(8)) + "\n";
        } else if (r < 80) {
            stamp(out, true);
            out += "AT+QMTOPEN=" + i + ",\"broker.example.com\",1883 OK +QMTOPEN: " + i + ",0\n";
        } else if (r < 95) {
            stamp(out, true);
            out += "AT+QMTSUB=" + i + ",2,\"cmd/#\",1\\r\\n\n";
            stamp(out, false);
            out += "OK\\r\\n\n";
            stamp(out, false);
            out += "+QMTSUB: " + i + ",2,0,1\\r\\n\n";
        } else {
            // a sniffer's hex dump of an exchange
            const QByteArray wire =
                "AT+QMTCONN=" + i + ",\"c" + i + "\"\r\r\nOK\r\n\r\n+QMTCONN: " + i + ",0,0\r\n";
            for (qsizetype off = 0; off < wire.size(); off += 16) {
                const QByteArray row = wire.mid(off, 16);
                out += QByteArray::number(off, 16).rightJustified(8, '0') + "  ";
                QByteArray ascii;
                for (char c : row) {
                    out += QByteArray(1, c).toHex().toUpper() + ' ';
                    ascii += (uchar(c) >= 0x20 && uchar(c) < 0x7F) ? c : '.';
                }
                out += QByteArray(3 * (16 - row.size()), ' ') + " |" + ascii + "|\n";
            }
        }
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 sizeMb = 100;
    QString keep;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--size-mb") && i + 1 < args.size())
            sizeMb = args[++i].toLongLong();
        else if (args[i] == QLatin1String("--keep") && i + 1 < args.size())
            keep = args[++i];
    }
    const QByteArray log = generate(sizeMb << 20);
    if (!keep.isEmpty()) {
        QFile f(keep);
        if (f.open(QIODevice::WriteOnly))
            f.write(log);
    }
    const double mb = double(log.size()) / (1 << 20);

    // Best of three runs, by the CPU time of this process (other work on the machine barely
    // moves it) and by the wall clock.
    auto cpuNow = [] {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
    };
    QElapsedTimer t;
    double importS = 1e9, importCpu = 1e9;
    session::LogImport imp;
    for (int run = 0; run < 3; ++run) {
        const double c0 = cpuNow();
        t.start();
        imp = session::LogImport::read(log);
        importS = std::min(importS, double(t.nsecsElapsed()) / 1e9);
        importCpu = std::min(importCpu, cpuNow() - c0);
    }

    t.restart();
    session::Pipeline pipeline;
    imp.feed(pipeline);
    const double pipeS = double(t.nsecsElapsed()) / 1e9;

    const auto &c = imp.counts();
    std::printf("messy log: %.1f MB, %lld lines (%lld notes, %lld hex, %lld normalised, %lld unreadable)\n",
                mb, static_cast<long long>(c.lines), static_cast<long long>(c.notes),
                static_cast<long long>(c.hex), static_cast<long long>(c.normalised),
                static_cast<long long>(c.unreadable));
    std::printf("import: %.3f s, %.0f MB/s (goal >= 100); CPU time %.3f s, %.0f MB/s\n", importS,
                mb / importS, importCpu, mb / importCpu);
    std::printf("import + pipeline: %.3f s, %.0f MB/s; %llu events, %llu unknown lines\n", importS + pipeS,
                mb / (importS + pipeS), static_cast<unsigned long long>(pipeline.store().module().events),
                static_cast<unsigned long long>(pipeline.store().module().unknownLines));
    return c.lines > 0 && pipeline.store().module().events > 0 ? 0 : 1;
}
