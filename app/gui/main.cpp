// SPDX-License-Identifier: Apache-2.0
// qmtscope: the desktop app.
//   qmtscope                      the window; opens nothing
//   qmtscope --demo               a simulated module with its own broker, connected
//   --demo-latency AIR            the demo module's air time: cat1 (default), catm, nb, <rtt>[/<jitter>], 0
//   qmtscope --port PATH [--baud N]  opens that port at start
//   --lang en|zh_CN|system        the language for this run (the menu's choice is remembered)
//   --walkthrough / --script FILE AT commands played once the port is open (workflows/script.h)
//   --panel console|traffic|forms|sequences|diagnosis|peer   the panel shown first
//   --sequence FILE               a .qmtseq loaded into the Sequences panel (shown first)
//   --peer-check N                with --demo: the Peer panel connects to the demo's broker and runs
//                                 the end-to-end check, N messages per direction and QoS
#include "connectbar.h"
#include "language.h"
#include "mainwindow.h"
#include "peerpanel.h"
#include "sequencepanel.h"
#include "workflows/script.h"
#include "sim/democontroller.h"
#include "sim/demomodule.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <memory>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace {
int g_signalPipe[2] = {-1, -1};

// SIGTERM, SIGINT and SIGHUP end the event loop, so the window saves its settings and the demo's
// broker and port link are removed as on a normal quit.
void quitOnSignals(QObject *context)
{
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [] {
        char c;
        while (::read(g_signalPipe[0], &c, 1) > 0) {
        }
        QCoreApplication::quit();
    });
    struct sigaction sa
    {
    };
    sa.sa_handler = [](int) {
        const char c = 1;
        [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
    };
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (const int sig : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
}

int fail(const QString &message)
{
    QTextStream(stderr) << "qmtscope: " << message << Qt::endl;
    return 1;
}
} // namespace

int main(int argc, char **argv)
{
    // --help and --version work anywhere, also with no display, where QApplication would abort.
    bool textOnly = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView a(argv[i]);
        textOnly =
            textOnly || a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version";
    }
    const std::unique_ptr<QCoreApplication> appPtr = textOnly ? std::make_unique<QCoreApplication>(argc, argv)
                                                              : std::make_unique<QApplication>(argc, argv);
    QCoreApplication &app = *appPtr;
    QApplication::setOrganizationName(QStringLiteral("QMT Scope"));
    QApplication::setApplicationName(QStringLiteral("qmtscope"));
    QApplication::setApplicationVersion(QStringLiteral(QMT_VERSION));
    if (!textOnly) {
        QGuiApplication::setDesktopFileName(QStringLiteral("qmtscope"));
        // The icon theme's (installed: share/icons/hicolor) or the sizes compiled in.
        QIcon icon;
        for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
            icon.addFile(QStringLiteral(":/qmtscope/icons/%1x%1/qmtscope.png").arg(size), QSize(size, size));
        QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("qmtscope"), icon));
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "QMT Scope: a diagnostic tool for the MQTT AT commands of Quectel modules."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate(
            "main", "Start the built-in simulated module and its MQTT broker, and connect to it."));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QCoreApplication::translate("main", "Open this serial port at start."),
                                  QCoreApplication::translate("main", "path"));
    const QCommandLineOption baud(
        QStringLiteral("baud"),
        QCoreApplication::translate("main", "Baud rate for --port (default: the last one used, or 115200)."),
        QCoreApplication::translate("main", "rate"));
    const QCommandLineOption lang(
        QStringLiteral("lang"),
        QCoreApplication::translate("main", "Interface language for this run: en, zh_CN or system."),
        QCoreApplication::translate("main", "language"));
    const QCommandLineOption script(
        QStringLiteral("script"),
        QCoreApplication::translate("main",
                                    "Play the AT commands of this file once the port is open "
                                    "(one per line; a '>' line is the data of the command before it)."),
        QCoreApplication::translate("main", "file"));
    const QCommandLineOption walkthrough(
        QStringLiteral("walkthrough"),
        QCoreApplication::translate("main",
                                    "Play the built-in walkthrough once the port is open: open slot 0, "
                                    "connect, subscribe, publish."));
    const QCommandLineOption panel(
        QStringLiteral("panel"),
        QCoreApplication::translate(
            "main", "The panel shown first: console, traffic, forms, sequences, diagnosis or peer."),
        QCoreApplication::translate("main", "name"));
    const QCommandLineOption importOption(
        QStringLiteral("import"),
        QCoreApplication::translate("main", "Show this customer log (as File > Import Log does)."),
        QCoreApplication::translate("main", "file"));
    const QCommandLineOption demoLatency(
        QStringLiteral("demo-latency"),
        QCoreApplication::translate("main",
                                    "Air time of the demo module's MQTT results and messages: cat1 (the "
                                    "default, like LTE Cat 1), catm, nb, <rtt ms>[/<jitter ms>], or 0 for "
                                    "instant answers."),
        QCoreApplication::translate("main", "air"));
    const QCommandLineOption sequenceOption(
        QStringLiteral("sequence"),
        QCoreApplication::translate("main",
                                    "Load this sequence (.qmtseq) into the Sequences panel and show it."),
        QCoreApplication::translate("main", "file"));
    const QCommandLineOption peerCheck(
        QStringLiteral("peer-check"),
        QCoreApplication::translate("main",
                                    "With --demo: once the port is open (and a script has run), the Peer "
                                    "panel connects to the demo's broker and runs the end-to-end check with "
                                    "this many messages per direction and QoS."),
        QCoreApplication::translate("main", "count"));
    parser.addOptions({demo, demoLatency, port, baud, lang, script, walkthrough, panel, importOption,
                       sequenceOption, peerCheck});
    parser.process(app);

    const QString language = parser.isSet(lang) ? parser.value(lang) : qmt::ui::language::saved();
    if (!qmt::ui::language::isValid(language))
        return fail(QStringLiteral("--lang takes en, zh_CN or system, not %1").arg(language));
    qmt::ui::language::apply(language);

    bool baudOk = true;
    const int baudRate = parser.isSet(baud) ? parser.value(baud).toInt(&baudOk) : 0;
    if (!baudOk || baudRate < 0)
        return fail(QStringLiteral("--baud takes a positive number, not %1").arg(parser.value(baud)));
    if (parser.isSet(demo) && parser.isSet(port))
        return fail(QStringLiteral("--demo and --port exclude each other"));
    if (parser.isSet(script) && parser.isSet(walkthrough))
        return fail(QStringLiteral("--script and --walkthrough exclude each other"));
    int peerCheckCount = 0;
    if (parser.isSet(peerCheck)) {
        bool ok = false;
        peerCheckCount = parser.value(peerCheck).toInt(&ok);
        if (!ok || peerCheckCount < 1 || !parser.isSet(demo))
            return fail(
                QStringLiteral("--peer-check takes a number of messages, 1 or more, and needs --demo"));
    }
    if (parser.isSet(importOption) && (parser.isSet(demo) || parser.isSet(port)))
        return fail(QStringLiteral("--import shows a log instead of a port: not with --demo or --port"));
    qmt::sim::DemoOptions demoOptions;
    demoOptions.latency = qmt::sim::Latency::lteCat1(); // the demo feels like a module on a cellular link
    if (parser.isSet(demoLatency)) {
        QString why;
        const auto l = qmt::sim::Latency::parse(parser.value(demoLatency), &why);
        if (!l)
            return fail(QStringLiteral("--demo-latency: %1").arg(why));
        demoOptions.latency = *l;
    }
    int firstPanel = -1;
    if (parser.isSet(panel)) {
        for (int i = 0; i < qmt::ui::MainWindow::PanelCount; ++i)
            if (qmt::ui::MainWindow::panelKey(i) == parser.value(panel))
                firstPanel = i;
        if (firstPanel < 0)
            return fail(
                QStringLiteral("--panel takes console, traffic, forms, sequences, diagnosis or peer, not %1")
                    .arg(parser.value(panel)));
    }
    QList<qmt::session::SequenceStep> commands;
    if (parser.isSet(script) || parser.isSet(walkthrough)) {
        QByteArray text = qmt::session::Script::walkthrough();
        if (parser.isSet(script)) {
            QFile f(parser.value(script));
            if (!f.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
            text = f.readAll();
        }
        QString error;
        commands = qmt::session::Script::parse(text, &error);
        if (!error.isEmpty())
            return fail(QStringLiteral("%1: %2").arg(
                parser.isSet(script) ? parser.value(script) : QStringLiteral("walkthrough"), error));
    }

    qmt::ui::MainWindow w;
    w.demoController()->setOptions(demoOptions);
    quitOnSignals(&w);
    if (firstPanel >= 0)
        w.showPanel(firstPanel);
    if (peerCheckCount > 0) {
        auto *peerPanel = w.findChild<qmt::ui::PeerPanel *>();
        auto startCheck = [&w, peerPanel, peerCheckCount] {
            w.showPanel(qmt::ui::MainWindow::PeerPanelIndex);
            peerPanel->offerDemo();
            peerPanel->connectAndCheck(peerCheckCount);
        };
        QObject::connect(peerPanel, &qmt::ui::PeerPanel::checkFinished, &w, [](bool passed) {
            std::printf("qmtscope: end-to-end check finished, %s\n", passed ? "passed" : "failed");
            std::fflush(stdout);
        });
        if (!commands.isEmpty())
            QObject::connect(&w, &qmt::ui::MainWindow::scriptFinished, &w, startCheck, Qt::QueuedConnection);
        else
            QObject::connect(w.session(), &qmt::session::Session::opened, &w, startCheck,
                             Qt::QueuedConnection);
    }
    if (!commands.isEmpty()) {
        w.playScript(commands); // once the port is open
        // For scripts (tools/screenshots.sh waits for this line).
        QObject::connect(&w, &qmt::ui::MainWindow::scriptFinished, &w, [](int failed) {
            std::printf("qmtscope: script finished, %d failed\n", failed);
            std::fflush(stdout);
        });
    }
    w.show();

    if (parser.isSet(demo)) {
        QObject::connect(
            w.demoController(), &qmt::sim::DemoController::failed, &w, [](const QString &reason) {
                QTextStream(stderr) << "qmtscope: demo mode did not start: " << reason << Qt::endl;
            });
        QTimer::singleShot(0, &w, [&w] { w.startDemo(); }); // returns at once; the port opens when ready
    } else if (parser.isSet(port)) {
        qmt::session::PortSettings s = w.connectBar()->settings();
        s.path = parser.value(port);
        if (baudRate > 0)
            s.baud = baudRate;
        QTimer::singleShot(0, &w, [&w, s] {
            if (!w.openPort(s))
                QTextStream(stderr) << "qmtscope: cannot open " << s.path << ": "
                                    << w.session()->errorString() << Qt::endl;
        });
    }
    if (parser.isSet(sequenceOption)) {
        auto *panel = w.findChild<qmt::ui::SequencePanel *>();
        if (!panel || !panel->loadFile(parser.value(sequenceOption), false))
            return fail(QStringLiteral("cannot load the sequence %1").arg(parser.value(sequenceOption)));
        w.showPanel(qmt::ui::MainWindow::SequencesPanel);
    }
    if (parser.isSet(importOption)) {
        const QString path = parser.value(importOption);
        QTimer::singleShot(0, &w, [&w, path] {
            if (!w.importLog(path, true))
                QTextStream(stderr) << "qmtscope: cannot import " << path << Qt::endl;
        });
    }
    const int rc = app.exec();
    w.close(); // saves the settings when the loop ended otherwise than by closing the window
    return rc;
}
