// SPDX-License-Identifier: Apache-2.0
#include "mqtt/localbroker.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif
#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace qmt::mqtt {

namespace {
constexpr int kStartAttempts = 3; // a picked port can be taken by someone else before we bind it
constexpr std::chrono::milliseconds kPollStep{20};
constexpr std::chrono::milliseconds kReapTimeout{5000};

const QString kConfigName = QStringLiteral("mosquitto.conf");
const QString kLogName = QStringLiteral("mosquitto.log");
const QString kPasswdName = QStringLiteral("passwd");

sockaddr_in loopback(quint16 port)
{
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}
} // namespace

LocalBroker::LocalBroker(QObject *parent)
    : QObject(parent), m_probeTimer(new QTimer(this)), m_toolTimer(new QTimer(this))
{
    connect(m_probeTimer, &QTimer::timeout, this, &LocalBroker::probe);
    m_toolTimer->setSingleShot(true);
    connect(m_toolTimer, &QTimer::timeout, this, [this] {
        if (m_tool)
            attemptFailed(tr("%1: timed out").arg(m_tool->program()), false);
    });
}

LocalBroker::~LocalBroker()
{
    stop();
}

QString LocalBroker::findProgram(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    return path;
}

bool LocalBroker::runProgram(const QString &program, const QStringList &args, const QString &workDir,
                             QString *error)
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(int(kToolTimeout.count()))) {
        *error = tr("%1: %2").arg(program, p.errorString());
        return false;
    }
    if (!p.waitForFinished(int(kToolTimeout.count()))) {
        p.kill();
        p.waitForFinished(int(kReapTimeout.count()));
        *error = tr("%1 %2: timed out").arg(program, args.join(QLatin1Char(' ')));
        return false;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = tr("%1 %2 failed (%3): %4")
                     .arg(program, args.join(QLatin1Char(' ')))
                     .arg(p.exitCode())
                     .arg(QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    return true;
}

QString LocalBroker::brokerProgram() const
{
    if (m_config.program.isEmpty())
        return mosquittoPath();
    if (QFileInfo(m_config.program).isAbsolute())
        return m_config.program;
    const QString found = findProgram(m_config.program);
    return found.isEmpty() ? m_config.program : found; // not found: failed() names it
}

QString LocalBroker::mosquittoPath()
{
    return findProgram(QStringLiteral("mosquitto"));
}

quint16 LocalBroker::freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr = loopback(0);
    socklen_t len = sizeof addr;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

bool LocalBroker::portIsFree(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const int on = 1; // as Mosquitto binds: a port in TIME_WAIT is free, one with a listener is not
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    const sockaddr_in addr = loopback(port);
    const bool ok = ::bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

bool LocalBroker::acceptsConnections(quint16 port)
{
    if (port == 0)
        return false;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const sockaddr_in addr = loopback(port);
    const bool ok = ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

void LocalBroker::startAsync()
{
    startAsync(Config{});
}

void LocalBroker::startAsync(const Config &config)
{
    stop();
    m_config = config;
    m_state = State::Starting;
    m_error.clear();
    // Fixed ports are not worth a second try: whoever holds them will still hold them.
    const bool fixedPorts = config.port != 0 && (!config.tls.enabled || config.tlsPort != 0);
    m_attemptsLeft = fixedPorts ? 1 : kStartAttempts;
    // Never from within startAsync(): the caller connects to ready() and failed() afterwards.
    const quint64 generation = ++m_generation;
    QTimer::singleShot(0, this, [this, generation] {
        if (generation == m_generation && m_state == State::Starting)
            beginAttempt();
    });
}

bool LocalBroker::startAndWait()
{
    return startAndWait(Config{});
}

bool LocalBroker::startAndWait(const Config &config)
{
    QEventLoop loop;
    const QMetaObject::Connection a = connect(this, &LocalBroker::ready, &loop, &QEventLoop::quit);
    const QMetaObject::Connection b = connect(this, &LocalBroker::failed, &loop, &QEventLoop::quit);
    startAsync(config);
    if (m_state == State::Starting)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    disconnect(a);
    disconnect(b);
    return isRunning();
}

void LocalBroker::beginAttempt()
{
    if (!m_dir.isValid()) {
        attemptFailed(tr("cannot create a temporary directory: %1").arg(m_dir.errorString()), false);
        return;
    }
    const Config &config = m_config;
    const QString program = brokerProgram();
    if (program.isEmpty()) {
        attemptFailed(tr("mosquitto not found in PATH or /usr/sbin (Debian: apt-get install mosquitto)"),
                      false);
        return;
    }
    if (!QFileInfo(program).isExecutable()) {
        attemptFailed(tr("%1: no such program").arg(program), false);
        return;
    }
    for (const quint16 fixed : {config.port, config.tls.enabled ? config.tlsPort : quint16(0)}) {
        if (fixed != 0 && !portIsFree(fixed)) {
            attemptFailed(tr("port %1 on 127.0.0.1 is already in use").arg(fixed), false);
            return;
        }
    }
    m_port = config.port ? config.port : freeLoopbackPort();
    m_tlsPort = !config.tls.enabled ? 0 : config.tlsPort ? config.tlsPort : freeLoopbackPort();
    if (m_port == 0 || (config.tls.enabled && (m_tlsPort == 0 || m_tlsPort == m_port))) {
        attemptFailed(tr("no free loopback port"));
        return;
    }
    if (config.users.isEmpty()) {
        launch();
        return;
    }
    if (findProgram(QStringLiteral("mosquitto_passwd")).isEmpty()) {
        attemptFailed(tr("mosquitto_passwd not found in PATH"), false);
        return;
    }
    QFile::remove(m_dir.filePath(kPasswdName));
    m_nextUser = 0;
    runNextPasswd();
}

// One mosquitto_passwd per user, each started from the finished signal of the one before.
void LocalBroker::runNextPasswd()
{
    if (m_nextUser >= m_config.users.size()) {
        discard(m_tool);
        launch();
        return;
    }
    const User &u = m_config.users[m_nextUser];
    QStringList args;
    if (m_nextUser == 0)
        args << QStringLiteral("-c"); // create the file
    args << QStringLiteral("-b") << m_dir.filePath(kPasswdName) << QString::fromUtf8(u.name)
         << QString::fromUtf8(u.password);
    const QString program = findProgram(QStringLiteral("mosquitto_passwd"));
    ++m_nextUser;

    discard(m_tool);
    m_tool = std::make_unique<QProcess>();
    m_tool->setWorkingDirectory(m_dir.path());
    m_tool->setProcessChannelMode(QProcess::MergedChannels);
    const quint64 generation = m_generation;
    // The password is an argument: the error text names the program and the user only.
    const QString what = tr("%1 (user %2)").arg(program, QString::fromUtf8(u.name));
    connect(m_tool.get(), &QProcess::errorOccurred, this, [this, generation, what](QProcess::ProcessError e) {
        if (generation == m_generation && m_tool && e == QProcess::FailedToStart)
            attemptFailed(tr("%1: %2").arg(what, m_tool->errorString()), false);
    });
    connect(m_tool.get(), &QProcess::finished, this,
            [this, generation, what](int exitCode, QProcess::ExitStatus status) {
                if (generation != m_generation || !m_tool)
                    return;
                m_toolTimer->stop();
                if (status != QProcess::NormalExit || exitCode != 0) {
                    attemptFailed(tr("%1 failed (%2): %3")
                                      .arg(what)
                                      .arg(exitCode)
                                      .arg(QString::fromLocal8Bit(m_tool->readAll()).trimmed()),
                                  false);
                    return;
                }
                runNextPasswd();
            });
    m_toolTimer->start(kToolTimeout);
    m_tool->start(program, args);
}

void LocalBroker::launch()
{
    if (!writeConfig()) {
        attemptFailed(m_error, false);
        return;
    }
    const QString program = brokerProgram();
    const quint64 generation = ++m_generation;
    m_process = std::make_unique<QProcess>();
    // Its own process group: Ctrl+C in a terminal is for us (we stop the broker), not for it.
#ifdef Q_OS_LINUX
    // If our process dies without running a destructor, let the kernel kill the broker with it.
    // (Had we died before the prctl, the broker's parent is already someone else: give up.)
    const pid_t parent = ::getpid();
    m_process->setChildProcessModifier([parent] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
    });
#else
    m_process->setChildProcessModifier([] { ::setpgid(0, 0); });
#endif
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir.filePath(kLogName), QIODevice::Truncate);
    connect(m_process.get(), &QProcess::errorOccurred, this,
            [this, generation, program](QProcess::ProcessError e) {
                if (generation == m_generation && m_state == State::Starting && m_process &&
                    e == QProcess::FailedToStart)
                    attemptFailed(tr("%1: %2").arg(program, m_process->errorString()), false);
            });
    // Queued, and only for this very process: stop() may be called from a slot of
    // exitedUnexpectedly(), and news of a process that stop() already gave up is stale.
    connect(
        m_process.get(), &QProcess::finished, this,
        [this, generation](int exitCode) {
            if (generation != m_generation || !m_process || m_process->state() != QProcess::NotRunning)
                return;
            if (m_state == State::Starting)
                // most often a listener that could not bind: tried again on other free ports
                attemptFailed(tr("mosquitto exited (code %1):\n%2").arg(exitCode).arg(log()));
            else if (m_state == State::Running)
                emit exitedUnexpectedly(exitCode);
        },
        Qt::QueuedConnection);
    m_deadline = QDeadlineTimer(kStartTimeout);
    m_process->start(program, {QStringLiteral("-c"), m_dir.filePath(kConfigName)});
    m_probeTimer->start(kPollStep);
}

// Every poll step while starting: ready once every listener accepts connections.
void LocalBroker::probe()
{
    if (m_state != State::Starting || !m_process)
        return;
    if (m_process->state() == QProcess::Running && acceptsConnections(m_port) &&
        (m_tlsPort == 0 || acceptsConnections(m_tlsPort))) {
        m_probeTimer->stop();
        m_state = State::Running;
        m_error.clear();
        emit ready();
        return;
    }
    if (m_deadline.hasExpired()) {
        const quint16 late = acceptsConnections(m_port) ? m_tlsPort : m_port;
        attemptFailed(tr("mosquitto did not listen on port %1 in time:\n%2").arg(late).arg(log()));
    }
}

void LocalBroker::attemptFailed(const QString &why, bool retry)
{
    m_probeTimer->stop();
    m_toolTimer->stop();
    discard(m_tool);
    discard(m_process);
    m_error = why;
    const quint64 generation = ++m_generation;
    if (retry && --m_attemptsLeft > 0) {
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_generation && m_state == State::Starting)
                beginAttempt();
        });
        return;
    }
    m_port = m_tlsPort = 0;
    m_state = State::Idle;
    emit failed(m_error); // the last thing: a slot may delete us
}

// Kills and reaps a process (a SIGKILLed process is reaped at once) and deletes it later: this
// may run inside one of its own signals.
void LocalBroker::discard(std::unique_ptr<QProcess> &p)
{
    if (!p)
        return;
    p->disconnect(this);
    if (p->state() != QProcess::NotRunning) {
        p->kill();
        p->waitForFinished(int(kReapTimeout.count()));
    }
    p.release()->deleteLater();
}

bool LocalBroker::writeConfig()
{
    const Config &config = m_config;
    QStringList lines;
    lines << QStringLiteral("listener %1 127.0.0.1").arg(m_port);
    if (::geteuid() == 0) // else mosquitto switches to the user "mosquitto" and cannot read our files
        lines << QStringLiteral("user root");
    // "all" includes the debug lines ("Received PINGREQ from <id>"), which tests may wait for.
    // No Nagle delay: a small message would otherwise wait up to 40 ms for the peer's ACK.
    lines << QStringLiteral("set_tcp_nodelay true");
    lines << QStringLiteral("persistence false") << QStringLiteral("log_dest stderr")
          << QStringLiteral("log_type all") << QStringLiteral("connection_messages true");

    if (config.users.isEmpty())
        lines << QStringLiteral("allow_anonymous true");
    else
        lines << QStringLiteral("allow_anonymous false")
              << QStringLiteral("password_file %1").arg(m_dir.filePath(kPasswdName));

    if (config.tls.enabled) {
        const Tls &t = config.tls;
        lines << QStringLiteral("listener %1 127.0.0.1").arg(m_tlsPort)
              << QStringLiteral("cafile %1").arg(t.caFile) << QStringLiteral("certfile %1").arg(t.certFile)
              << QStringLiteral("keyfile %1").arg(t.keyFile)
              << QStringLiteral("require_certificate %1")
                     .arg(t.requireCertificate ? QLatin1String("true") : QLatin1String("false"));
        if (t.useIdentityAsUsername)
            lines << QStringLiteral("use_identity_as_username true");
    }
    lines << config.extraLines;

    const QByteArray text = lines.join(QLatin1Char('\n')).toUtf8() + '\n';
    QFile f(m_dir.filePath(kConfigName));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size()) {
        m_error = tr("%1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    return true;
}

void LocalBroker::stop()
{
    ++m_generation; // a start in progress ends here, silently
    m_state = State::Idle;
    m_probeTimer->stop();
    m_toolTimer->stop();
    if (m_tool) {
        m_tool->disconnect(this);
        m_tool.reset(); // ~QProcess kills and reaps it
    }
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(int(kReapTimeout.count()));
    }
    m_process.reset();
}

bool LocalBroker::suspend()
{
    return isRunning() && ::kill(pid_t(m_process->processId()), SIGSTOP) == 0;
}

bool LocalBroker::resume()
{
    return isRunning() && ::kill(pid_t(m_process->processId()), SIGCONT) == 0;
}

bool LocalBroker::isRunning() const
{
    return m_state == State::Running && m_process && m_process->state() == QProcess::Running;
}

qint64 LocalBroker::processId() const
{
    return isRunning() ? m_process->processId() : 0;
}

QString LocalBroker::log() const
{
    QFile f(m_dir.filePath(kLogName));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(f.readAll());
}

} // namespace qmt::mqtt
