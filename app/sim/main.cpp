// SPDX-License-Identifier: Apache-2.0
// qmtscope-sim: the simulated Quectel module on a pseudo-terminal, for any serial tool (picocom,
// minicom, pyserial, QMT Scope itself). Its MQTT slots talk to a real broker: an external one
// (--broker) or a private Mosquitto it starts on a free loopback port and stops on exit.
//
// The first line on stdout is the pty's device path alone (for scripts); everything meant for
// people goes to stderr. Fault commands (SimModule::applyFaultCommand) are read line by line from
// stdin and from an optional FIFO (--control). SIGINT, SIGTERM and SIGHUP end it cleanly: the
// link and the FIFO are removed, the private broker is stopped, the exit status is 0.

#include "mqtt/localbroker.h"
#include "sim/profiles.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <utility>

namespace {

constexpr qsizetype kMaxControlLine = 64 * 1024;
constexpr std::chrono::milliseconds kForegroundCheck{500};

int g_signalPipe[2] = {-1, -1};

void onSignal(int sig)
{
    const int saved = errno;
    const char c = char(sig);
    if (::write(g_signalPipe[1], &c, 1) < 0) {
        // the pipe is full: a signal is pending anyway
    }
    errno = saved;
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

struct Settings
{
    qmt::sim::SimOptions sim;
    bool externalBroker = false;
    quint16 privatePort = 0; // 0: a free one
    QString link;
    QString control;
    qint32 baudPace = 0; // --baud-pace: the serial line's speed, 0 = as fast as the pty goes
};

// Bytes from one control input, cut into lines.
struct LineBuffer
{
    QByteArray pending;

    template <typename F> void feed(QByteArrayView bytes, F &&onLine)
    {
        pending.append(bytes.data(), bytes.size());
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(nl);
            pending.remove(0, nl + 1);
            onLine(line);
        }
        if (pending.size() > kMaxControlLine)
            pending.clear(); // no line end in sight: not a command
    }
};

class SimProgram : public QObject
{
    Q_OBJECT
public:
    explicit SimProgram(Settings settings) : m_settings(std::move(settings)) {}
    ~SimProgram() override { shutDown(); }

    // Reads the command line into *settings. 0: go on; -1: help printed (exit 0); else the exit
    // status of a usage error (reported on stderr).
    static int parseArguments(const QStringList &arguments, Settings *settings);
    static QString stoppedText() { return tr("qmtscope-sim: stopped\n"); }

    // Brings everything up; on failure prints why and returns false.
    bool start();
    // Removes the link and the FIFO, stops the private broker. Idempotent.
    void shutDown();

private:
    static QString faultHelp();
    static QString examples();
    void say(const QString &text) { printErr(QStringLiteral("qmtscope-sim: ") + text + QLatin1Char('\n')); }
    bool openControlFifo();
    void enableStdin();
    void onStdin();
    void onFifo();
    void onSignalPipe();
    void handleLine(const QByteArray &raw);

    Settings m_settings;
    std::unique_ptr<qmt::mqtt::LocalBroker> m_broker;
    std::unique_ptr<qmt::sim::SimModule> m_module;
    std::unique_ptr<qmt::sim::PtyServer> m_pty;
    QSocketNotifier *m_signals = nullptr;
    QSocketNotifier *m_stdin = nullptr;
    // A background job's reads from its terminal fail (EIO): until the job is in the foreground
    // again, stdin is left alone and this timer looks twice a second whether it is.
    QTimer *m_foregroundCheck = nullptr;
    LineBuffer m_stdinLines;
    int m_fifo = -1;
    int m_fifoKeeper = -1; // our own writer: the FIFO never reports end of file between scripts
    bool m_fifoCreated = false;
    QSocketNotifier *m_fifoNotifier = nullptr;
    LineBuffer m_fifoLines;
};

bool SimProgram::start()
{
    // Signals first: from here on, SIGTERM means a clean shutdown.
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        say(tr("cannot create a pipe: %1").arg(errnoText()));
        return false;
    }
    m_signals = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, this);
    connect(m_signals, &QSocketNotifier::activated, this, &SimProgram::onSignalPipe);
    struct sigaction sa
    {
    };
    sa.sa_handler = onSignal;
    sa.sa_flags = SA_RESTART;
    ::sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN); // a reader of our stdout went away: not a reason to die
    ::signal(SIGTTIN, SIG_IGN); // reading the terminal as a background job: EIO, not a stop

    qmt::sim::SimOptions &opt = m_settings.sim;
    if (!m_settings.externalBroker) {
        m_broker = std::make_unique<qmt::mqtt::LocalBroker>();
        qmt::mqtt::LocalBroker::Config config;
        config.port = m_settings.privatePort;
        if (!m_broker->startAndWait(config)) {
            say(tr("cannot start the private Mosquitto broker: %1").arg(m_broker->errorString()));
            return false;
        }
        connect(m_broker.get(), &qmt::mqtt::LocalBroker::exitedUnexpectedly, this, [this](int code) {
            say(tr("the private broker exited (code %1); MQTT connections will fail until qmtscope-sim is "
                   "restarted")
                    .arg(code));
        });
        opt.brokerHost = QStringLiteral("127.0.0.1");
        opt.brokerPort = m_broker->port();
        say(tr("private Mosquitto broker on %1:%2 (pid %3, stopped on exit)")
                .arg(opt.brokerHost)
                .arg(opt.brokerPort)
                .arg(m_broker->processId()));
    } else {
        say(tr("MQTT goes to the broker at %1:%2").arg(opt.brokerHost).arg(opt.brokerPort) +
            (opt.brokerTlsPort ? tr(" (TLS slots to port %1)").arg(opt.brokerTlsPort) : QString()));
    }

    m_module = std::make_unique<qmt::sim::SimModule>(opt);
    m_pty = std::make_unique<qmt::sim::PtyServer>(m_module.get());
    if (!m_pty->open()) {
        say(m_pty->errorString());
        return false;
    }
    if (!m_settings.link.isEmpty() && !m_pty->createLink(m_settings.link)) {
        say(m_pty->errorString());
        return false;
    }
    if (!m_settings.control.isEmpty() && !openControlFifo())
        return false;
    m_pty->setBaudPace(m_settings.baudPace);
    enableStdin();

    m_module->powerOn();

    // The one machine-readable line: the device path alone, then everything is ready.
    const QByteArray path = m_pty->devicePath().toLocal8Bit() + '\n';
    std::fwrite(path.constData(), 1, size_t(path.size()), stdout);
    std::fflush(stdout);

    say(tr("module %1 on %2%3")
            .arg(QString::fromLatin1(opt.model), m_pty->devicePath(),
                 m_settings.link.isEmpty() ? QString() : tr(" (link %1)").arg(m_settings.link)));
    say(tr("air time: %1").arg(opt.latency.describe()));
    if (m_settings.baudPace > 0)
        say(tr("serial line: %1 baud").arg(m_settings.baudPace));
    say(tr("fault commands on stdin%1; \"help\" lists them; Ctrl+C ends")
            .arg(m_settings.control.isEmpty() ? QString() : tr(" and on %1").arg(m_settings.control)));
    return true;
}

void SimProgram::shutDown()
{
    delete m_foregroundCheck;
    m_foregroundCheck = nullptr;
    delete m_stdin;
    m_stdin = nullptr;
    delete m_fifoNotifier;
    m_fifoNotifier = nullptr;
    if (m_fifoKeeper >= 0)
        ::close(m_fifoKeeper);
    if (m_fifo >= 0)
        ::close(m_fifo);
    m_fifo = m_fifoKeeper = -1;
    if (m_fifoCreated)
        ::unlink(QFile::encodeName(m_settings.control).constData());
    m_fifoCreated = false;
    if (m_pty)
        m_pty->close(); // removes the link
    m_pty.reset();
    m_module.reset(); // drops the slots' connections
    if (m_broker)
        m_broker->stop();
    m_broker.reset();
    delete m_signals;
    m_signals = nullptr;
}

bool SimProgram::openControlFifo()
{
    const QByteArray path = QFile::encodeName(m_settings.control);
    if (::mkfifo(path.constData(), 0600) == 0) {
        m_fifoCreated = true;
    } else {
        struct stat st
        {
        };
        if (errno != EEXIST || ::stat(path.constData(), &st) != 0 || !S_ISFIFO(st.st_mode)) {
            say(tr("cannot create the control FIFO %1: %2")
                    .arg(m_settings.control,
                         errno == EEXIST ? tr("a file that is not a FIFO is in the way") : errnoText()));
            return false;
        }
        // An existing FIFO (left by a killed run, or made by the caller) is used as it is.
    }
    m_fifo = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (m_fifo >= 0)
        m_fifoKeeper = ::open(path.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (m_fifo < 0 || m_fifoKeeper < 0) {
        say(tr("cannot open the control FIFO %1: %2").arg(m_settings.control, errnoText()));
        return false;
    }
    m_fifoNotifier = new QSocketNotifier(m_fifo, QSocketNotifier::Read, this);
    connect(m_fifoNotifier, &QSocketNotifier::activated, this, &SimProgram::onFifo);
    return true;
}

void SimProgram::enableStdin()
{
    m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_stdin, &QSocketNotifier::activated, this, &SimProgram::onStdin);
    m_foregroundCheck = new QTimer(this);
    m_foregroundCheck->setInterval(kForegroundCheck);
    connect(m_foregroundCheck, &QTimer::timeout, this, [this] {
        if (::tcgetpgrp(STDIN_FILENO) == ::getpgrp()) {
            m_foregroundCheck->stop();
            m_stdin->setEnabled(true);
        }
    });
}

void SimProgram::onStdin()
{
    // One read per notification: stdin is shared with our parent, so it stays blocking, and
    // poll() said there is something to read.
    char buf[4096];
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n > 0) {
        m_stdinLines.feed(QByteArrayView(buf, n), [this](const QByteArray &line) { handleLine(line); });
        return;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n < 0 && errno == EIO && ::isatty(STDIN_FILENO)) {
        // A background job: the terminal is not ours until `fg` gives it back.
        m_stdin->setEnabled(false);
        m_foregroundCheck->start();
        return;
    }
    // End of input (or a broken stdin): the module runs on; the FIFO and signals still work.
    if (!m_stdinLines.pending.isEmpty())
        handleLine(std::exchange(m_stdinLines.pending, {}));
    m_stdin->setEnabled(false);
}

void SimProgram::onFifo()
{
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(m_fifo, buf, sizeof buf);
        if (n > 0) {
            m_fifoLines.feed(QByteArrayView(buf, n), [this](const QByteArray &line) { handleLine(line); });
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break; // EAGAIN: drained (no end of file: we hold a writer ourselves)
    }
}

void SimProgram::onSignalPipe()
{
    char sigs[64];
    const ssize_t n = ::read(g_signalPipe[0], sigs, sizeof sigs);
    if (n > 0) {
        say(tr("%1: shutting down").arg(QString::fromLocal8Bit(::strsignal(sigs[0]))));
        QCoreApplication::exit(0);
    }
}

void SimProgram::handleLine(const QByteArray &raw)
{
    const QString line = QString::fromLocal8Bit(raw).trimmed();
    if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
        return;
    if (line == QLatin1String("help") || line == QLatin1String("?")) {
        printErr(qmt::sim::SimModule::faultCommandHelp());
        return;
    }
    if (!m_module)
        return;
    const QString error = m_module->applyFaultCommand(line);
    say(error.isEmpty() ? tr("%1: ok").arg(line) : tr("%1: %2").arg(line, error));
}

// --- the command line ---

QString SimProgram::faultHelp()
{
    return tr("\nFault commands, one per line on stdin or on the --control FIFO; the answer (\"ok\" or\n"
              "what is wrong with the line) goes to stderr:\n") +
           qmt::sim::SimModule::faultCommandHelp() + tr("  help                  this list\n");
}

QString SimProgram::examples()
{
    return tr("\nExamples:\n"
              "  qmtscope-sim --link /tmp/ttyQMT\n"
              "  picocom -b 115200 /tmp/ttyQMT        (type AT commands; Enter sends CR; C-a C-x quits)\n"
              "  mosquitto_sub -h 127.0.0.1 -p <port printed on stderr> -t '#' -v\n"
              "  qmtscope-sim --link /tmp/ttyQMT --control /tmp/qmt.ctl &  echo 'drop 0' > /tmp/qmt.ctl\n");
}

// Parses HOST[:PORT] ([v6]:PORT for IPv6 literals). False if the text is not one.
bool parseHostPort(const QString &text, QString *host, quint16 *port)
{
    QString h = text;
    QString p;
    if (h.startsWith(QLatin1Char('['))) {
        const qsizetype close = h.indexOf(QLatin1Char(']'));
        if (close < 0)
            return false;
        p = h.mid(close + 1);
        h = h.mid(1, close - 1);
        if (!p.isEmpty() && !p.startsWith(QLatin1Char(':')))
            return false;
        p = p.mid(1);
    } else if (h.count(QLatin1Char(':')) == 1) {
        p = h.section(QLatin1Char(':'), 1);
        h = h.section(QLatin1Char(':'), 0, 0);
    }
    if (h.isEmpty())
        return false;
    *host = h;
    if (p.isEmpty()) {
        *port = 1883;
        return true;
    }
    bool ok = false;
    const uint n = p.toUInt(&ok);
    if (!ok || n == 0 || n > 65535)
        return false;
    *port = quint16(n);
    return true;
}

std::optional<quint16> parsePort(const QString &text)
{
    bool ok = false;
    const uint n = text.toUInt(&ok);
    if (!ok || n == 0 || n > 65535)
        return std::nullopt;
    return quint16(n);
}

int SimProgram::parseArguments(const QStringList &arguments, Settings *settings)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr(
        "A simulated Quectel LTE module (EC25 by default) on a pseudo-terminal. It answers AT commands as\n"
        "the module would, and behind each of its six MQTT client slots is a real MQTT client talking to a\n"
        "real broker. AT+QMTOPEN to localhost or an IP address connects there; any other host name (the\n"
        "cloud's) is routed to the broker given with --broker, or to a private Mosquitto broker started on\n"
        "a free loopback port and stopped on exit.\n"
        "\n"
        "The first line on stdout is the device path alone (e.g. /dev/pts/5); messages go to stderr.\n"
        "SIGINT, SIGTERM and SIGHUP end it cleanly (exit status 0)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help and exit."));
    // Qt's own option and text ("Displays version information.", translated by Qt's catalogue).
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption link(
        QStringLiteral("link"),
        tr("Keep a symlink to the device at <path> (replaced if it exists, removed on "
           "exit)."),
        tr("path"));
    const QCommandLineOption broker(
        QStringLiteral("broker"),
        tr("Use the MQTT broker at <host:port> (port 1883 if omitted) instead of a "
           "private one."),
        tr("host:port"));
    const QCommandLineOption tlsPort(
        QStringLiteral("tls-port"),
        tr("Slots with SSL enabled (AT+QMTCFG=\"ssl\") connect to this TLS port of "
           "the --broker host (default: the broker's port)."),
        tr("port"));
    const QCommandLineOption brokerPort(QStringLiteral("broker-port"),
                                        tr("The private broker listens on 127.0.0.1:<port> instead of a free "
                                           "port."),
                                        tr("port"));
    const QCommandLineOption model(QStringLiteral("model"),
                                   tr("The model the module reports (ATI, AT+CGMM): "
                                      "EC25, EG25, BG95, BG96, EC800M, EG800K, EC200U and EG915U "
                                      "have profiles (a firmware revision of their own); other "
                                      "names are reported as given. BG95 and BG96 answer as their "
                                      "family does: AT+QMTPUBEX with the message in the line (not "
                                      "its length), AT+QCFG=\"iotopmode\", eMTC. Default: EC25."),
                                   tr("name"));
    const QCommandLineOption revision(QStringLiteral("revision"),
                                      tr("The firmware revision it reports (ATI, AT+GMR). Default: "
                                         "EC25EFAR06A06M4G."),
                                      tr("text"));
    const QCommandLineOption noBootUrcs(
        QStringLiteral("no-boot-urcs"),
        tr("Do not print RDY ... APP RDY at start (a module that has long been "
           "up)."));
    const QCommandLineOption storage(
        QStringLiteral("storage"),
        tr("Keep the files uploaded with AT+QFUPL in <dir> too, in ram/ and ufs/ (default: "
           "in the module's memory only)."),
        tr("dir"));
    const QCommandLineOption latency(
        QStringLiteral("latency"),
        tr("Air time between the module and the broker: OK comes at once, each result URC "
           "(+QMTOPEN, +QMTCONN, +QMTSUB ...) and each received message after a delay like "
           "a cellular link's: cat1 (LTE Cat 1, the default), catm (Cat M1), nb (NB-IoT), "
           "<rtt ms>[/<jitter ms>], or 0 for instant answers."),
        tr("air"));
    const QCommandLineOption verbose(
        QStringLiteral("verbose"),
        tr("Also log what the slots' MQTT clients do (debug messages) on stderr."));
    const QCommandLineOption control(
        QStringLiteral("control"),
        tr("Also read fault commands from a FIFO created at <path> (removed on exit), "
           "for scripts: echo 'drop 0' > <path>."),
        tr("path"));
    const QCommandLineOption baudPace(
        QStringLiteral("baud-pace"),
        tr("Bytes cross the serial line at this many bits per second, both ways (ten bits a "
           "byte): a 1500-byte publish takes 130 ms at 115200. Default: as fast as the "
           "pseudo-terminal goes."),
        tr("baud"));
    for (const QCommandLineOption *o : {&help, &link, &broker, &tlsPort, &brokerPort, &model, &revision,
                                        &noBootUrcs, &storage, &control, &latency, &baudPace, &verbose})
        parser.addOption(*o);

    auto usageError = [&](const QString &message) {
        printErr(QStringLiteral("qmtscope-sim: ") + message + QLatin1Char('\n') +
                 tr("Try 'qmtscope-sim --help'.\n"));
        return 1;
    };
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        const QByteArray text = (parser.helpText() + faultHelp() + examples()).toLocal8Bit();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
        return -1;
    }
    if (parser.isSet(version)) {
        const QByteArray text =
            QStringLiteral("qmtscope-sim %1\n").arg(QStringLiteral(QMT_VERSION)).toLocal8Bit();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
        return -1;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(tr("unexpected argument %1").arg(parser.positionalArguments().first()));

    qmt::sim::SimOptions &opt = settings->sim;
    if (parser.isSet(broker)) {
        if (!parseHostPort(parser.value(broker), &opt.brokerHost, &opt.brokerPort))
            return usageError(tr("--broker wants host:port, not %1").arg(parser.value(broker)));
        settings->externalBroker = true;
    }
    if (parser.isSet(tlsPort)) {
        if (!settings->externalBroker)
            return usageError(tr("--tls-port needs --broker (the private broker has no TLS listener)"));
        const auto p = parsePort(parser.value(tlsPort));
        if (!p)
            return usageError(tr("--tls-port wants a port 1-65535, not %1").arg(parser.value(tlsPort)));
        opt.brokerTlsPort = *p;
    }
    if (parser.isSet(brokerPort)) {
        if (settings->externalBroker)
            return usageError(tr("--broker-port is for the private broker; it cannot go with --broker"));
        const auto p = parsePort(parser.value(brokerPort));
        if (!p)
            return usageError(tr("--broker-port wants a port 1-65535, not %1").arg(parser.value(brokerPort)));
        settings->privatePort = *p;
    }
    if (parser.isSet(model)) {
        opt.model = parser.value(model).toLatin1();
        if (opt.model.isEmpty())
            return usageError(tr("--model wants a name"));
    }
    if (parser.isSet(revision))
        opt.revision = parser.value(revision).toLatin1();
    else if (const qmt::sim::ModuleProfile *p = qmt::sim::findModuleProfile(opt.model)) {
        opt.model = p->model; // the profile's spelling (AT+CGMM answers in capitals)
        opt.revision = p->revision;
    } else if (parser.isSet(model))
        opt.revision = opt.model + "R01A01";    // not another model's firmware
    opt.latency = qmt::sim::Latency::lteCat1(); // a module on a cellular link
    if (parser.isSet(latency)) {
        QString why;
        const auto l = qmt::sim::Latency::parse(parser.value(latency), &why);
        if (!l)
            return usageError(tr("--latency: %1").arg(why));
        opt.latency = *l;
    }
    if (parser.isSet(baudPace)) {
        bool ok = false;
        settings->baudPace = parser.value(baudPace).toInt(&ok);
        if (!ok || settings->baudPace < 300 || settings->baudPace > 12000000)
            return usageError(tr("--baud-pace needs bits per second, 300-12000000"));
    }
    opt.bootUrcs = !parser.isSet(noBootUrcs);
    opt.storageDir = parser.value(storage);
    settings->link = parser.value(link);
    settings->control = parser.value(control);
    if (!parser.isSet(verbose)) // QT_LOGGING_RULES still overrides this
        QLoggingCategory::setFilterRules(QStringLiteral("qmtscope.*.debug=false"));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("qmtscope-sim"));

    Settings settings;
    if (const int status = SimProgram::parseArguments(app.arguments(), &settings))
        return status < 0 ? 0 : status;

    SimProgram program(std::move(settings));
    if (!program.start())
        return 2;
    const int status = QCoreApplication::exec();
    program.shutDown();
    printErr(SimProgram::stoppedText());
    return status;
}

#include "main.moc"
