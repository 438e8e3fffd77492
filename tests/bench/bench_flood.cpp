// SPDX-License-Identifier: Apache-2.0
// The flood benchmark of issue 4: a pseudo-terminal whose master side streams URCs (+QMTRECV with
// payloads, +QMTSTAT, +QMTPING, buffered-message notices) as fast as the pty takes them, from a
// thread of its own; the app side is a Session with the console panel, the traffic panel and
// the dashboard shown (offscreen unless a display is set). Prints the drain rate, the memory
// growth per byte received and the worst lateness of a 10 ms timer (the event loop's answer
// time). Then the hang-up case: the pty's other end closes mid-flood; the session must close the
// port at once and not spin. Prints figures; asserts nothing about time.
//
//   bench_flood [--size-mb 200] [--payload 120] [--hangup-mb 20] [--bare] [--no-dashboard] [--tabs]
//               [--journal] [--no-spill]
//     --bare          the Session alone, no widgets (to tell the views' cost from the engine's)
//     --no-dashboard  the console and traffic panels without the dashboard
//     --tabs          the console and the traffic panel in tabs beside the dashboard, the console's
//                     shown, as the main window has them (by default both are shown at once: the
//                     worst case)
//     --journal       the session journal on (issue 10: the drain rate with every byte to disk)
//     --no-spill      the traffic model keeps everything in memory (it spills to a file beyond
//                     its budget by default: TrafficModel::setSpill)

#include "consolepanel.h"
#include "workflows/sequence.h"
#include "io/journal.h"
#include "io/session.h"
#include "trafficpanel.h"
#include "uicontext.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSplitter>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <termios.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace qmt;
using Clock = std::chrono::steady_clock;

namespace {

// A pseudo-terminal: the app opens the slave path with QSerialPort, the flood thread writes
// the master.
struct Pty
{
    int master = -1;
    QString slave;
    bool open()
    {
        master = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
            return false;
        termios t{};
        if (::tcgetattr(master, &t) == 0) {
            ::cfmakeraw(&t);
            ::tcsetattr(master, TCSANOW, &t);
        }
        slave = QString::fromLocal8Bit(::ptsname(master));
        return true;
    }
    ~Pty()
    {
        if (master >= 0)
            ::close(master);
    }
};

// Whole lines of URCs, about `bytes` long, as a busy module prints them.
QByteArray floodBlock(qsizetype bytes, int payload)
{
    QByteArray out;
    out.reserve(bytes + 1024);
    quint32 n = 0;
    while (out.size() < bytes) {
        const QByteArray idx = QByteArray::number(n % 6);
        const quint32 r = (n * 2654435761u) >> 24; // 0-255, spread
        if (r < 200) {
            QByteArray p = "{\"seq\":" + QByteArray::number(n) + ",\"temp\":21.5,\"text\":\"";
            p += QByteArray(std::max<qsizetype>(0, payload - p.size() - 2), 'x');
            p += "\"}";
            out += "\r\n+QMTRECV: " + idx + ',' + QByteArray::number(n & 0xffff) + ",\"sensors/" + idx +
                   "/data\"," + QByteArray::number(p.size()) + ",\"" + p + "\"\r\n";
        } else if (r < 220) {
            out += "\r\n+QMTRECV: " + idx + ',' + QByteArray::number(n % 5) + "\r\n";
        } else if (r < 240) {
            out += "\r\n+QMTSTAT: " + idx + ',' + QByteArray::number(1 + n % 8) + "\r\n";
        } else {
            out += "\r\n+QMTPING: " + idx + ",1\r\n";
        }
        ++n;
    }
    return out;
}

qint64 rssBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> parts = f.readAll().split(' ');
    return parts.size() > 1 ? parts[1].toLongLong() * qint64(::sysconf(_SC_PAGESIZE)) : 0;
}

double cpuSeconds()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Writes `total` bytes of the block, again and again, to the master; with hangupAt >= 0 it
// closes the master once that many bytes are written.
void flood(int master, const QByteArray &block, qint64 total, qint64 hangupAt, std::atomic<qint64> *written,
           std::atomic<bool> *stop, Clock::time_point *hungUp)
{
    qint64 done = 0;
    while (done < total && !*stop) {
        const qsizetype at = qsizetype(done % block.size());
        qint64 n = std::min<qint64>(block.size() - at, total - done);
        if (hangupAt >= 0)
            n = std::min<qint64>(n, hangupAt - done);
        const ssize_t w = ::write(master, block.constData() + at, size_t(n));
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                pollfd p{master, POLLOUT, 0};
                ::poll(&p, 1, 100);
                continue;
            }
            break;
        }
        done += w;
        written->store(done);
        if (hangupAt >= 0 && done >= hangupAt) {
            *hungUp = Clock::now();
            ::close(master);
            return;
        }
    }
}

// The event loop's answer time: a 10 ms timer measuring how late it fires.
class LatencyProbe
{
public:
    LatencyProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_late.push_back(std::max<qint64>(0, now - m_last - 10'000'000));
            m_last = now;
        });
    }
    void start()
    {
        m_late.clear();
        m_last = -1;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double worstMs() const
    {
        return m_late.empty() ? 0 : double(*std::max_element(m_late.begin(), m_late.end())) / 1e6;
    }
    double percentileMs(double p) const
    {
        if (m_late.empty())
            return 0;
        std::vector<qint64> s = m_late;
        std::sort(s.begin(), s.end());
        return double(s[std::min(s.size() - 1, std::size_t(p * double(s.size())))]) / 1e6;
    }
    std::size_t samples() const { return m_late.size(); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    std::vector<qint64> m_late;
};

// Runs the event loop until pred(), or until progress() has not moved for `stall`; false then.
template <typename Pred, typename Progress>
bool runUntil(Pred pred, Progress progress, std::chrono::milliseconds stall)
{
    QEventLoop loop;
    QTimer check;
    qint64 lastProgress = progress();
    auto lastChange = Clock::now();
    bool ok = true;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (pred()) {
            loop.quit();
            return;
        }
        const qint64 p = progress();
        if (p != lastProgress) {
            lastProgress = p;
            lastChange = Clock::now();
        } else if (Clock::now() - lastChange > stall) {
            ok = false;
            loop.quit();
        }
    });
    check.start(2);
    if (!pred())
        loop.exec();
    return ok;
}

// Runs the event loop for a while (idle when there is nothing to do).
void settle(std::chrono::milliseconds d)
{
    QEventLoop loop;
    QTimer::singleShot(d, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope"));
    QCoreApplication::setApplicationName(QStringLiteral("qmtscope-bench"));
    qint64 sizeMb = 200, hangupMb = 20;
    int payload = 120;
    bool bare = false, dashboard = true, journal = false, spill = true, tabs = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--size-mb") && hasValue)
            sizeMb = args[++i].toLongLong();
        else if (a == QLatin1String("--payload") && hasValue)
            payload = args[++i].toInt();
        else if (a == QLatin1String("--hangup-mb") && hasValue)
            hangupMb = args[++i].toLongLong();
        else if (a == QLatin1String("--bare"))
            bare = true;
        else if (a == QLatin1String("--no-dashboard"))
            dashboard = false;
        else if (a == QLatin1String("--journal"))
            journal = true;
        else if (a == QLatin1String("--no-spill"))
            spill = false;
        else if (a == QLatin1String("--tabs"))
            tabs = true;
        else {
            std::fprintf(
                stderr,
                "usage: bench_flood [--size-mb N] [--payload N] [--hangup-mb N] [--bare] [--no-dashboard] [--tabs] "
                "[--journal] [--no-spill]\n");
            return 1;
        }
    }

    session::Session session;
    session.setAutoReopen(false);
    QTemporaryDir journals;
    if (journal)
        session.setJournalFolder(journals.path());
    if (!spill)
        session.trafficModel()->setSpill(QString());
    session::Sequence sequence;
    ui::UiContext ctx;
    ctx.session = &session;
    ctx.sequence = &sequence;
    std::unique_ptr<QSplitter> window;
    if (!bare) {
        window = std::make_unique<QSplitter>();
        if (dashboard)
            window->addWidget(ui::createDashboardPanel(ctx, window.get()));
        if (tabs) {
            auto *tabWidget = new QTabWidget(window.get());
            tabWidget->addTab(new ui::ConsolePanel(&session, tabWidget), QStringLiteral("Console"));
            tabWidget->addTab(new ui::TrafficPanel(&session, tabWidget), QStringLiteral("Traffic"));
            window->addWidget(tabWidget);
        } else {
            window->addWidget(new ui::ConsolePanel(&session, window.get()));
            window->addWidget(new ui::TrafficPanel(&session, window.get()));
        }
        window->resize(1400, 900);
        window->show();
    }
    std::printf("views: %s, platform %s\n",
                bare        ? "none (--bare)"
                : tabs      ? (dashboard ? "dashboard + console (traffic in a tab behind it)"
                                         : "console (traffic in a tab behind it)")
                : dashboard ? "dashboard + console + traffic"
                            : "console + traffic",
                qPrintable(QGuiApplication::platformName()));

    const QByteArray block = floodBlock(4 * 1000 * 1000, payload);
    qint64 lines = block.count('\n') / 2;

    // ---- the flood ----
    {
        Pty pty;
        if (!pty.open() || !session.open({pty.slave, 115200, QSerialPort::NoFlowControl})) {
            std::fprintf(stderr, "cannot open a pty: %s\n", qPrintable(session.errorString()));
            return 2;
        }
        settle(std::chrono::milliseconds(300));
        const qint64 total = std::max<qint64>(1, sizeMb * 1000 * 1000 / block.size()) * block.size();
        const qint64 base = session.pipeline().bytesReceived();
        const qint64 rowsBefore = session.trafficModel()->frameCount();
        const qint64 rssBefore = rssBytes();
        const double cpuBefore = cpuSeconds();
        std::atomic<qint64> written{0};
        std::atomic<bool> stop{false};
        Clock::time_point unused;
        LatencyProbe probe;
        probe.start();
        QElapsedTimer wall;
        wall.start();
        std::thread writer(flood, pty.master, std::cref(block), total, qint64(-1), &written, &stop, &unused);
        auto received = [&] { return session.pipeline().bytesReceived() - base; };
        const bool ok = runUntil([&] { return received() >= total; }, received, std::chrono::seconds(10));
        const qint64 ns = wall.nsecsElapsed();
        probe.stop();
        stop = true;
        writer.join();
        const double cpu = cpuSeconds() - cpuBefore;
        settle(std::chrono::milliseconds(300)); // the views catch up with the last batch
        const qint64 got = received();
        const qint64 rows = session.trafficModel()->frameCount() - rowsBefore;
        const qint64 rssGrowth = rssBytes() - rssBefore;
        std::printf("flood: %.1f MB of URCs (%lld lines of ~%lld bytes) %s\n", double(got) / 1e6,
                    qlonglong(total / block.size() * lines),
                    qlonglong(block.size() / std::max<qint64>(1, lines)), ok ? "drained" : "STALLED");
        std::printf("  drain rate        %8.1f MB/s   (target >= 60)   %.2f s, CPU %.0f%% of one core\n",
                    double(got) / 1e6 / (double(ns) / 1e9), double(ns) / 1e9,
                    100.0 * cpu / (double(ns) / 1e9));
        std::printf(
            "  memory growth     %8.2f bytes per byte received (target <= 2)   RSS +%.1f MB; traffic model "
            "%.1f MB for %lld rows\n",
            double(rssGrowth) / double(std::max<qint64>(1, got)), double(rssGrowth) / 1e6,
            double(session.trafficModel()->memoryBytes()) / 1e6, qlonglong(rows));
        std::printf(
            "  event loop        %8.1f ms worst lateness of a 10 ms timer (target <= 50); p99 %.1f ms, "
            "median %.1f ms, %zu samples\n",
            probe.worstMs(), probe.percentileMs(0.99), probe.percentileMs(0.5), probe.samples());
        std::printf("  port errors       %8d\n", session.portErrorCount());
        if (session.journal())
            std::printf(
                "  journal           %8.1f MB on disk, %lld chunks, %s\n",
                double(session.journal()->fileSize()) / 1e6, qlonglong(session.journal()->chunkCount()),
                session.journal()->isPaused() ? qPrintable(session.journal()->lastError()) : "writing");
        session.close();
    }

    // ---- the hang-up: the other end closes mid-flood ----
    {
        Pty pty;
        if (!pty.open() || !session.open({pty.slave, 115200, QSerialPort::NoFlowControl})) {
            std::fprintf(stderr, "cannot open a pty: %s\n", qPrintable(session.errorString()));
            return 2;
        }
        settle(std::chrono::milliseconds(200));
        bool closed = false;
        QString reason;
        Clock::time_point closedAt;
        QObject::connect(&session, &session::Session::closed, &app, [&](const QString &, const QString &why) {
            closed = true;
            reason = why;
            closedAt = Clock::now();
        });
        std::atomic<qint64> written{0};
        std::atomic<bool> stop{false};
        Clock::time_point hungUp{};
        const qint64 hangupAt = std::max<qint64>(1, hangupMb) * 1000 * 1000;
        std::thread writer(flood, pty.master, std::cref(block), hangupAt * 4, hangupAt, &written, &stop,
                           &hungUp);
        const bool ok = runUntil([&] { return closed; }, [&] { return session.pipeline().bytesReceived(); },
                                 std::chrono::seconds(10));
        stop = true;
        writer.join();
        pty.master = -1; // the writer closed it
        const int errorsAtClose = session.portErrorCount();
        const double cpu0 = cpuSeconds();
        settle(std::chrono::milliseconds(1000));
        const double idleCpu = cpuSeconds() - cpu0;
        std::printf("hang-up after %.1f MB: %s", double(hangupAt) / 1e6,
                    ok ? "port closed" : "PORT NOT CLOSED");
        if (ok)
            std::printf(
                " %.1f ms after the hang-up (%s)",
                double(std::chrono::duration_cast<std::chrono::microseconds>(closedAt - hungUp).count()) /
                    1e3,
                qPrintable(reason));
        std::printf("\n  port errors       %8d at the close, %d a second later; CPU in that second %.0f%% "
                    "(no spinning)\n",
                    errorsAtClose, session.portErrorCount(), 100.0 * idleCpu);
        if (!ok)
            return 3;
    }
    return 0;
}
