// SPDX-License-Identifier: Apache-2.0
// The demo's start-up seen from the GUI thread: the main window (offscreen unless a display is
// set) starts demo mode as File → Demo Mode does, while a 5 ms timer records the largest gap
// between its ticks — the longest the event loop stalled. Printed per run, with the time until
// the demo's port is open; asserts nothing about time (the smoke run in ctest only checks that
// the demo starts).
//
//   bench_demostart [--runs 5]

#include "mainwindow.h"
#include "sim/democontroller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace qmt;

int main(int argc, char **argv)
{
    int runs = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: bench_demostart [--runs N]\n");
            return 1;
        }
    }
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope bench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_demostart"));

    qint64 worstGap = 0;
    for (int run = 1; run <= runs; ++run) {
        ui::MainWindow w;
        w.show();
        QElapsedTimer clock;
        qint64 lastTick = -1;
        qint64 maxGap = 0;
        qint64 gapEnd = 0;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(5);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            if (lastTick >= 0 && now - lastTick > maxGap) {
                maxGap = now - lastTick;
                gapEnd = now;
            }
            lastTick = now;
        });
        // let the window settle (first paint) before measuring
        QEventLoop settle;
        QTimer::singleShot(200, &settle, &QEventLoop::quit);
        settle.exec();

        qint64 openAt = -1;
        QString failure;
        QEventLoop loop;
        QObject::connect(w.demoController(), &sim::DemoController::failed, &loop, [&](const QString &why) {
            failure = why;
            loop.quit();
        });
        QObject::connect(w.session(), &session::Session::opened, &loop, [&] {
            openAt = clock.nsecsElapsed();
            QTimer::singleShot(50, &loop, &QEventLoop::quit); // and a little after
        });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        clock.start();
        ticker.start();
        const qint64 before = clock.nsecsElapsed();
        w.startDemo();
        const qint64 callTook = clock.nsecsElapsed() - before;
        loop.exec();
        ticker.stop();
        if (!failure.isEmpty() || openAt < 0) {
            std::fprintf(stderr, "bench_demostart: the demo did not start: %s\n",
                         qPrintable(failure.isEmpty() ? QStringLiteral("no port in 60 s") : failure));
            return 2;
        }
        worstGap = std::max(worstGap, maxGap);
        std::printf("run %d: startDemo() returned after %.2f ms; the demo's port open after %.1f ms; "
                    "longest event-loop stall %.1f ms (5 ms timer), ended at %.1f ms\n",
                    run, callTook / 1e6, openAt / 1e6, maxGap / 1e6, gapEnd / 1e6);
        std::fflush(stdout);
        w.stopDemo();
    }
    std::printf("longest event-loop stall over %d run(s): %.1f ms (aim: under 50 ms)\n", runs,
                worstGap / 1e6);
    return 0;
}
