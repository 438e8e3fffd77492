// SPDX-License-Identifier: Apache-2.0
// Throughput of the pipeline (framer + parser + slot store) over a generated transcript of
// mixed responses and URCs, the wall time of `qmtscope-cli decode` on it, and the memory of the
// traffic model holding a million frames. Prints figures; asserts nothing about time.
//
//   bench_pipeline [--size-mb 100] [--frames 1000000] [--cli path/to/qmtscope-cli] [--keep FILE]

#include "engine/pipeline.h"
#include "models/trafficmodel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <cstdio>

using namespace qmt;

namespace {

// A deterministic mix of what a busy module prints: message URCs (counted, with CR LF and
// quotes inside), publish/subscribe results, state URCs, echoed commands and final results.
QByteArray generate(qint64 bytes)
{
    QByteArray out;
    out.reserve(bytes + 4096);
    QRandomGenerator rng(42);
    const QByteArray payloads[] = {
        "{\"temp\":21.5,\"hum\":40}", "hello, \"world\"",
        "line one\r\nline two",       "x",
        QByteArray(200, 'p'),         "{\"a\":[1,2,3],\"b\":{\"c\":\"d,e\"}}",
    };
    qint64 n = 0;
    while (out.size() < bytes) {
        const int idx = int(n % 6);
        const quint32 r = rng.bounded(100);
        if (r < 40) {
            const QByteArray &p = payloads[rng.bounded(6)];
            out += "\r\n+QMTRECV: " + QByteArray::number(idx) + ',' + QByteArray::number(n & 0xffff) +
                   ",\"sensors/" + QByteArray::number(idx) + "/data\"," + QByteArray::number(p.size()) +
                   ",\"" + p + "\"\r\n";
        } else if (r < 55) {
            out += "AT+QMTPUBEX=" + QByteArray::number(idx) + ",1,1,0,\"up/" + QByteArray::number(idx) +
                   "\",5\r\r\n> hello\r\nOK\r\n"
                   "\r\n+QMTPUBEX: " +
                   QByteArray::number(idx) + ",1,0\r\n";
        } else if (r < 65) {
            out += "\r\n+QMTPING: " + QByteArray::number(idx) + ",1\r\n";
        } else if (r < 75) {
            out += "\r\n+QMTSTAT: " + QByteArray::number(idx) + ',' + QByteArray::number(1 + rng.bounded(8)) +
                   "\r\n";
        } else if (r < 85) {
            out += "AT+QMTOPEN?\r\r\n+QMTOPEN: " + QByteArray::number(idx) +
                   ",\"broker.example.com\",1883\r\n\r\nOK\r\n";
        } else if (r < 92) {
            out += "AT+QMTSUB=" + QByteArray::number(idx) +
                   ",2,\"cmd/#\",1\r\r\nOK\r\n\r\n+QMTSUB: " + QByteArray::number(idx) + ",2,0,1\r\n";
        } else if (r < 97) {
            out += "\r\n+QMTRECV: " + QByteArray::number(idx) + ',' + QByteArray::number(rng.bounded(5)) +
                   "\r\n";
        } else {
            out += "AT+QMTCONN=" + QByteArray::number(idx) + ",\"dev\"\r\r\n+CME ERROR: 3\r\n";
        }
        ++n;
    }
    return out;
}

double mbps(qint64 bytes, qint64 ns)
{
    return ns > 0 ? double(bytes) / 1e6 / (double(ns) / 1e9) : 0;
}

qint64 rssBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> parts = f.readAll().split(' ');
    return parts.size() > 1 ? parts[1].toLongLong() * 4096 : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 sizeMb = 100, frames = 1000000;
    QString cli, keep;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--size-mb"))
            sizeMb = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--frames"))
            frames = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--cli"))
            cli = args[i + 1];
        else if (args[i] == QLatin1String("--keep"))
            keep = args[i + 1];
    }

    const QByteArray data = generate(sizeMb * 1000 * 1000);
    std::printf("transcript: %.1f MB of mixed responses and URCs\n", double(data.size()) / 1e6);

    constexpr qsizetype kChunk = 64 * 1024;
    auto best = [&](auto &&run) {
        qint64 bestNs = -1;
        for (int rep = 0; rep < 3; ++rep) {
            QElapsedTimer t;
            t.start();
            run();
            const qint64 ns = t.nsecsElapsed();
            bestNs = bestNs < 0 ? ns : std::min(bestNs, ns);
        }
        return bestNs;
    };
    qint64 frameCount = 0;
    const qint64 framerNs = best([&] {
        at::Framer fr;
        frameCount = 0;
        auto sink = [&](const at::Frame &) { ++frameCount; };
        for (qsizetype i = 0; i < data.size(); i += kChunk)
            fr.feed(QByteArrayView(data).sliced(i, std::min(kChunk, data.size() - i)), sink);
        fr.finish(sink);
    });
    std::printf("framer alone:                   %8.0f MB/s  (%lld frames)\n", mbps(data.size(), framerNs),
                qlonglong(frameCount));
    quint64 received = 0;
    const qint64 fullNs = best([&] {
        session::Pipeline p;
        for (qsizetype i = 0; i < data.size(); i += kChunk)
            p.received(QByteArrayView(data).sliced(i, std::min(kChunk, data.size() - i)));
        p.endOfInput();
        received = 0;
        for (const auto &s : p.store().allSlots())
            received += s.counters.received;
    });
    std::printf("framer + parser + slot store:   %8.0f MB/s  (target >= 300 MB/s; %llu messages)\n",
                mbps(data.size(), fullNs), qulonglong(received));

    // qmtscope-cli decode of the same file, the whole process.
    if (!cli.isEmpty()) {
        QTemporaryDir dir;
        const QString path = keep.isEmpty() ? dir.filePath(QStringLiteral("transcript.bin")) : keep;
        QFile f(path);
        if (f.open(QIODevice::WriteOnly) && f.write(data) == data.size()) {
            f.close();
            const qint64 ns = best([&] {
                QProcess proc;
                proc.setStandardOutputFile(QProcess::nullDevice());
                proc.start(cli, {QStringLiteral("decode"), QStringLiteral("--compact"), path});
                proc.waitForFinished(600000);
            });
            std::printf("qmtscope-cli decode:            %8.3f s    (target < 1 s)\n", double(ns) / 1e9);
        }
    }

    // The traffic model holding `frames` frames.
    {
        state::TrafficModel model;
        session::Pipeline p;
        qint64 rawBytes = 0;
        p.addObserver([&](const at::AtEvent &ev) {
            if (model.frameCount() < frames) {
                model.append(ev);
                rawBytes += ev.text.size();
            }
        });
        const qint64 rssBefore = rssBytes();
        qsizetype pos = 0;
        while (model.frameCount() < frames) {
            const qsizetype n = std::min(kChunk, data.size() - pos);
            p.received(QByteArrayView(data).sliced(pos, n));
            pos += n;
            if (pos >= data.size()) {
                pos = 0;
                p.endOfInput();
            }
        }
        model.flush();
        const qint64 mem = model.memoryBytes();
        const double perFrame = double(mem - rawBytes) / double(model.frameCount());
        std::printf(
            "traffic model: %lld frames, %.1f MB of frame text, %.1f MB held: %.1f bytes per frame over the text "
            "(target <= 48); RSS grew %.1f MB\n",
            qlonglong(model.frameCount()), double(rawBytes) / 1e6, double(mem) / 1e6, perFrame,
            double(rssBytes() - rssBefore) / 1e6);
    }
    return 0;
}
