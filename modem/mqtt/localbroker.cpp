#include "mqtt/localbroker.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

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
constexpr std::chrono::milliseconds kToolTimeout{60000};
constexpr std::chrono::milliseconds kReapTimeout{5000};

const QString kConfigName = QStringLiteral("mosquitto.conf");
const QString kLogName = QStringLiteral("mosquitto.log");

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
    : QObject(parent)
{
}

LocalBroker::~LocalBroker()
{
    stop();
}

QString LocalBroker::findProgram(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    return path;
}

bool LocalBroker::runProgram(const QString &program, const QStringList &args, const QString &workDir, QString *error)
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

bool LocalBroker::start()
{
    return start(Config{});
}

bool LocalBroker::start(const Config &config)
{
    stop();
    if (!m_dir.isValid()) {
        m_error = tr("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    // Fixed ports are not worth a second try: whoever holds them will still hold them.
    const bool fixedPorts = config.port != 0 && (!config.tls.enabled || config.tlsPort != 0);
    const int attempts = fixedPorts ? 1 : kStartAttempts;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        if (startOnce(config))
            return true;
        stop();
    }
    m_port = m_tlsPort = 0;
    return false;
}

bool LocalBroker::startOnce(const Config &config)
{
    const QString program = mosquittoPath();
    if (program.isEmpty()) {
        m_error = tr("mosquitto not found in PATH or /usr/sbin (Debian: apt-get install mosquitto)");
        return false;
    }
    m_port = config.port ? config.port : freeLoopbackPort();
    m_tlsPort = !config.tls.enabled ? 0 : config.tlsPort ? config.tlsPort : freeLoopbackPort();
    if (m_port == 0 || (config.tls.enabled && (m_tlsPort == 0 || m_tlsPort == m_port))) {
        m_error = tr("no free loopback port");
        return false;
    }
    if (!writeConfig(config))
        return false;

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
    m_process->start(program, {QStringLiteral("-c"), m_dir.filePath(kConfigName)});
    if (!m_process->waitForStarted(int(kStartTimeout.count()))) {
        m_error = tr("%1: %2").arg(program, m_process->errorString());
        return false;
    }
    const QDeadlineTimer deadline(kStartTimeout);
    if (!waitUntilListening(m_port, std::chrono::milliseconds(deadline.remainingTime())))
        return false;
    if (m_tlsPort && !waitUntilListening(m_tlsPort, std::chrono::milliseconds(deadline.remainingTime())))
        return false;
    // Queued, and only for this very process: stop() may be called from the slot, and news of a
    // process that stop() already gave up is stale.
    connect(
        m_process.get(), &QProcess::finished, this,
        [this, generation](int exitCode) {
            if (generation == m_generation && m_process && m_process->state() == QProcess::NotRunning)
                emit exitedUnexpectedly(exitCode);
        },
        Qt::QueuedConnection);
    m_error.clear();
    return true;
}

bool LocalBroker::writeConfig(const Config &config)
{
    QStringList lines;
    lines << QStringLiteral("listener %1 127.0.0.1").arg(m_port);
    if (::geteuid() == 0) // else mosquitto switches to the user "mosquitto" and cannot read our files
        lines << QStringLiteral("user root");
    // "all" includes the debug lines ("Received PINGREQ from <id>"), which tests may wait for.
    lines << QStringLiteral("persistence false") << QStringLiteral("log_dest stderr")
          << QStringLiteral("log_type all") << QStringLiteral("connection_messages true");

    if (config.users.isEmpty()) {
        lines << QStringLiteral("allow_anonymous true");
    } else {
        const QString passwd = findProgram(QStringLiteral("mosquitto_passwd"));
        if (passwd.isEmpty()) {
            m_error = tr("mosquitto_passwd not found in PATH");
            return false;
        }
        const QString file = m_dir.filePath(QStringLiteral("passwd"));
        QFile::remove(file);
        bool first = true;
        for (const User &u : config.users) {
            QStringList args;
            if (first)
                args << QStringLiteral("-c"); // create the file
            args << QStringLiteral("-b") << file << QString::fromUtf8(u.name) << QString::fromUtf8(u.password);
            if (!runProgram(passwd, args, m_dir.path(), &m_error))
                return false;
            first = false;
        }
        lines << QStringLiteral("allow_anonymous false") << QStringLiteral("password_file %1").arg(file);
    }

    if (config.tls.enabled) {
        const Tls &t = config.tls;
        lines << QStringLiteral("listener %1 127.0.0.1").arg(m_tlsPort) << QStringLiteral("cafile %1").arg(t.caFile)
              << QStringLiteral("certfile %1").arg(t.certFile) << QStringLiteral("keyfile %1").arg(t.keyFile)
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

bool LocalBroker::waitUntilListening(quint16 port, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    for (;;) {
        if (acceptsConnections(port))
            return true;
        if (m_process->state() == QProcess::NotRunning) {
            m_error = tr("mosquitto exited (code %1):\n%2").arg(m_process->exitCode()).arg(log());
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = tr("mosquitto did not listen on port %1 in time:\n%2").arg(port).arg(log());
            return false;
        }
        // Waits for the next poll, or returns at once if the broker dies.
        m_process->waitForFinished(int(kPollStep.count()));
    }
}

void LocalBroker::stop()
{
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
    return m_process && m_process->state() == QProcess::Running;
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
