// SPDX-License-Identifier: Apache-2.0
// The soak run of issue 13: a headless session drives the simulated module over a real
// pseudo-terminal, with a real Mosquitto behind it, for a chosen time: random opens, connects,
// subscribes, publishes (QoS 0-2, sizes up to 1 KB), unsubscribes, disconnects and closes on the
// six slots, with the module's faults (dropped links, unanswered pings, refused connects, failed
// opens, slow answers, garbage, reboots) mixed in. At intervals it prints resident memory, open
// file descriptors, threads, the traffic model's own bytes, and
// RSS less those bytes (what must stay flat: the model keeps every frame by design, see
// docs/journal.md); at the end the commands sent, answered, timed out, and whether anything
// crashed or asserted (a crash ends the process). Prints figures; asserts nothing about time.
//
//   bench_soak [--seconds 3600] [--interval 60] [--seed N] [--journal]

#include "broker.h"

#include "at/builders.h"
#include "io/commandchannel.h"
#include "io/journal.h"
#include "io/session.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSerialPort>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <cstring>

using namespace qmt;

namespace {

qint64 statusKb(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qsizetype(std::strlen(key))).trimmed().split(' ').first().toLongLong();
    return -1;
}

int openFds()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::System).size());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // the simulator's MQTT clients tell of every connection: not here
    QLoggingCategory::setFilterRules(QStringLiteral("qmtscope.*.info=false\nqmtscope.*.debug=false"));
    int seconds = 3600, interval = 60;
    quint32 seed = 1;
    bool journalOn = false;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--seconds") && i + 1 < args.size())
            seconds = args[++i].toInt();
        else if (args[i] == QLatin1String("--interval") && i + 1 < args.size())
            interval = args[++i].toInt();
        else if (args[i] == QLatin1String("--seed") && i + 1 < args.size())
            seed = args[++i].toUInt();
        else if (args[i] == QLatin1String("--journal"))
            journalOn = true;
    }
    interval = std::max(1, std::min(interval, seconds));

    test::TestBroker broker;
    if (!broker.startAndWait()) {
        std::fprintf(stderr, "bench_soak: no broker: %s\n", qPrintable(broker.errorString()));
        return 1;
    }
    sim::SimOptions options;
    options.brokerPort = broker.port();
    options.bootUrcs = false;
    sim::SimModule module(options);
    sim::PtyServer pty(&module);
    if (!pty.open()) {
        std::fprintf(stderr, "bench_soak: no pty: %s\n", qPrintable(pty.errorString()));
        return 1;
    }
    session::Session session;
    QTemporaryDir journals;
    if (journalOn)
        session.setJournalFolder(journals.path());
    if (!session.open({pty.devicePath(), 115200, QSerialPort::NoFlowControl})) {
        std::fprintf(stderr, "bench_soak: the port does not open\n");
        return 1;
    }

    QRandomGenerator rng(seed);
    const at::Builders build;
    qint64 sent = 0, answered = 0, okAnswers = 0, timedOut = 0, refusedByBuilder = 0, faults = 0;
    int msgId = 1;
    const auto nextMsgId = [&] { return msgId = msgId % 65535 + 1; };
    const QStringList topics = {QStringLiteral("soak/a"), QStringLiteral("soak/b/#"),
                                QStringLiteral("soak/+/c")};
    const auto send = [&](const at::Built &b) {
        if (!b) {
            ++refusedByBuilder;
            return;
        }
        ++sent;
        session::CommandReply *reply = session.channel().enqueue(*b.command);
        QObject::connect(
            reply, &session::CommandReply::finished, reply, [&, reply](const session::CommandResult &r) {
                ++answered;
                if (r.succeeded())
                    ++okAnswers;
                else if (r.outcome == session::CommandResult::Outcome::Timeout) {
                    ++timedOut;
                    // which command, and how long it was waited for: a time-out in a
                    // soak is a finding to look at
                    std::fprintf(stderr, "soak: %s timed out after %lld ms (%s); the last frames:\n",
                                 reply->command().line.constData(), r.elapsedMs, qPrintable(r.describe()));
                    std::fprintf(stderr, "  module input: %s, pty backlog %lld, port bytes to write %lld\n",
                                 qPrintable(module.inputState()), (long long)pty.backlog(),
                                 (long long)session.channel().device()->bytesToWrite());
                    const state::TrafficModel *t = session.trafficModel();
                    for (qsizetype i = std::max<qsizetype>(0, t->frameCount() - 30); i < t->frameCount(); ++i)
                        std::fprintf(
                            stderr, "  %-8s %s\n",
                            qPrintable(
                                t->data(t->index(int(i), state::TrafficModel::DirectionColumn)).toString()),
                            qPrintable(state::TrafficModel::displayText(t->rawText(i).left(100))));
                }
                reply->deleteLater();
            });
    };
    // one random step: mostly traffic, sometimes a fault
    const auto step = [&] {
        if (session.channel().queued() > 8)
            return; // the module is slow now (a fault): do not pile up
        const int idx = int(rng.bounded(6));
        const int what = int(rng.bounded(100));
        if (what < 8) {
            send(build.open(idx, QStringLiteral("broker.soak.test"), 1883));
        } else if (what < 16) {
            send(build.connect(idx, QStringLiteral("soak-%1-%2").arg(idx).arg(rng.bounded(1000))));
        } else if (what < 26) {
            send(build.subscribe(idx, nextMsgId(), topics[int(rng.bounded(3))], int(rng.bounded(3))));
        } else if (what < 66) {
            const int qos = int(rng.bounded(3));
            QByteArray payload(int(rng.bounded(1, 1024)), 'x');
            for (char &c : payload)
                c = char('a' + rng.bounded(26));
            send(build.publish(idx, qos == 0 ? 0 : nextMsgId(), qos, int(rng.bounded(2)),
                               QStringLiteral("soak/%1/c").arg(idx), payload));
        } else if (what < 72) {
            send(build.unsubscribe(idx, nextMsgId(), {topics[int(rng.bounded(3))]}));
        } else if (what < 78) {
            send(build.disconnect(idx));
        } else if (what < 84) {
            send(build.close(idx));
        } else if (what < 90) {
            send(build.connQuery());
        } else if (what < 95) {
            send(build.recvQuery());
        } else {
            static const char *const kFaults[] = {"drop", "noping", "refuse", "dns",
                                                  "pdp",  "tls",    "slow",   "garbage"};
            const QString kind = QString::fromLatin1(kFaults[rng.bounded(8)]);
            const QString f = kind == QLatin1String("slow")
                                  ? QStringLiteral("slow %1").arg(rng.bounded(2) * 50)
                              : kind == QLatin1String("garbage") ? kind
                              : kind == QLatin1String("refuse")  ? QStringLiteral("refuse %1 5").arg(idx)
                                                                 : QStringLiteral("%1 %2").arg(kind).arg(idx);
            if (rng.bounded(200) == 0)
                module.reboot();
            else
                module.applyFaultCommand(f);
            ++faults;
        }
    };

    QTimer driver;
    driver.setInterval(5);
    QObject::connect(&driver, &QTimer::timeout, &app, step);
    driver.start();

    QElapsedTimer clock;
    clock.start();
    qint64 rssFirst = -1, rssWarm = -1, lessModelWarm = -1;
    const auto report = [&] {
        const qint64 rss = statusKb("VmRSS:");
        const qint64 model = session.trafficModel()->residentBytes() >> 10; // its part of RSS
        if (rssFirst < 0)
            rssFirst = rss;
        std::printf(
            "%5llds  RSS %6lld KB  traffic model %6lld KB  RSS less model %6lld KB  fds %3d  threads %2lld"
            "  frames %8lld  commands %7lld (%lld answered, %lld timed out)\n",
            static_cast<long long>(clock.elapsed() / 1000), static_cast<long long>(rss),
            static_cast<long long>(model), static_cast<long long>(rss - model), openFds(),
            static_cast<long long>(statusKb("Threads:")),
            static_cast<long long>(session.trafficModel()->frameCount()), static_cast<long long>(sent),
            static_cast<long long>(answered), static_cast<long long>(timedOut));
        std::fflush(stdout);
        // the warm-up: the first interval (or the first 10 s of a long run)
        if (rssWarm < 0 && clock.elapsed() >= std::min<qint64>(qint64(interval) * 1000, 10000)) {
            rssWarm = rss;
            lessModelWarm = rss - model;
        }
    };
    QTimer reporter;
    reporter.setInterval(interval * 1000);
    QObject::connect(&reporter, &QTimer::timeout, &app, report);
    reporter.start();
    report();
    QTimer::singleShot(seconds * 1000, &app, [&] {
        driver.stop();
        report();
        const qint64 lessModel = statusKb("VmRSS:") - (session.trafficModel()->residentBytes() >> 10);
        std::printf(
            "soak: %d s, seed %u: %lld commands (%lld OK, %lld answered otherwise, %lld timed out, %lld refused "
            "by the builders), %lld faults; RSS less the traffic model: %lld KB after warm-up, %lld KB at "
            "the end (%+lld KB; goal: flat); no crash, no assertion\n",
            seconds, seed, static_cast<long long>(sent), static_cast<long long>(okAnswers),
            static_cast<long long>(answered - okAnswers - timedOut), static_cast<long long>(timedOut),
            static_cast<long long>(refusedByBuilder), static_cast<long long>(faults),
            static_cast<long long>(lessModelWarm), static_cast<long long>(lessModel),
            static_cast<long long>(lessModel - lessModelWarm));
        app.quit();
    });
    const int rc = app.exec();
    session.close();
    return rc == 0 && sent > 0 && answered > 0 ? 0 : 1;
}
