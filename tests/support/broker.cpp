#include "broker.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QUuid>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif
#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace qmt::test {

namespace {
constexpr int kStartAttempts = 3; // a picked port can be taken by someone else before we bind it
constexpr std::chrono::milliseconds kPollStep{20};
constexpr std::chrono::milliseconds kToolTimeout{60000};
constexpr std::chrono::milliseconds kReapTimeout{5000};

QString findTool(const QString &name, const QStringList &extraDirs = {})
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, extraDirs);
    return path;
}

// Runs a command line tool to completion; on failure describes it in *error.
bool runTool(const QString &program, const QStringList &args, const QString &workDir, QString *error)
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(int(kToolTimeout.count()))) {
        *error = QStringLiteral("%1: %2").arg(program, p.errorString());
        return false;
    }
    if (!p.waitForFinished(int(kToolTimeout.count()))) {
        p.kill();
        p.waitForFinished(int(kReapTimeout.count()));
        *error = QStringLiteral("%1 %2: timed out").arg(program, args.join(QLatin1Char(' ')));
        return false;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 %2 failed (%3): %4")
                     .arg(program, args.join(QLatin1Char(' ')))
                     .arg(p.exitCode())
                     .arg(QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size()) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool acceptsConnections(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

constexpr const char *kOpensslConfig = R"([ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ server_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ client_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";
} // namespace

quint16 freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

bool makeTestPki(const QString &dir, TestPki *out, QString *error)
{
    const QString openssl = findTool(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        *error = QStringLiteral("openssl not found in PATH");
        return false;
    }
    const QDir d(dir);
    const QString cnf = d.filePath(QStringLiteral("pki.cnf"));
    if (!writeFile(cnf, QByteArray(kOpensslConfig), error))
        return false;

    TestPki pki;
    pki.caCert = d.filePath(QStringLiteral("ca.crt"));
    pki.caKey = d.filePath(QStringLiteral("ca.key"));
    pki.serverCert = d.filePath(QStringLiteral("server.crt"));
    pki.serverKey = d.filePath(QStringLiteral("server.key"));
    pki.clientCert = d.filePath(QStringLiteral("client.crt"));
    pki.clientKey = d.filePath(QStringLiteral("client.key"));

    const QStringList ecKey = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                               QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    const QString days = QStringLiteral("3");
    // A unique CA name, so that two test CAs are never mistaken for one another by name.
    const QString caName = QStringLiteral("/O=QMT Scope tests/CN=Test CA %1")
                               .arg(QUuid::createUuid().toString(QUuid::WithoutBraces).left(8));

    if (!runTool(openssl,
                 QStringList{QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-config"), cnf,
                             QStringLiteral("-extensions"), QStringLiteral("ca_ext")} +
                     ecKey +
                     QStringList{QStringLiteral("-keyout"), pki.caKey, QStringLiteral("-out"), pki.caCert,
                                 QStringLiteral("-days"), days, QStringLiteral("-subj"), caName},
                 dir, error))
        return false;

    struct Leaf
    {
        QString cert, key, subject, extensions, serial;
    };
    const Leaf leaves[] = {
        {pki.serverCert, pki.serverKey, QStringLiteral("/O=QMT Scope tests/CN=localhost"),
         QStringLiteral("server_ext"), QStringLiteral("2")},
        {pki.clientCert, pki.clientKey, QStringLiteral("/O=QMT Scope tests/CN=qmt-test-client"),
         QStringLiteral("client_ext"), QStringLiteral("3")},
    };
    for (const Leaf &leaf : leaves) {
        const QString csr = leaf.cert + QStringLiteral(".csr");
        if (!runTool(
                openssl,
                QStringList{QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-config"), cnf} +
                    ecKey +
                    QStringList{QStringLiteral("-keyout"), leaf.key, QStringLiteral("-out"), csr,
                                QStringLiteral("-subj"), leaf.subject},
                dir, error))
            return false;
        if (!runTool(openssl,
                     {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
                      QStringLiteral("-CA"), pki.caCert, QStringLiteral("-CAkey"), pki.caKey,
                      QStringLiteral("-set_serial"), leaf.serial, QStringLiteral("-days"), days,
                      QStringLiteral("-sha256"), QStringLiteral("-extfile"), cnf,
                      QStringLiteral("-extensions"), leaf.extensions, QStringLiteral("-out"), leaf.cert},
                     dir, error))
            return false;
    }
    *out = pki;
    return true;
}

TestBroker::TestBroker() = default;

TestBroker::~TestBroker()
{
    stop();
}

QString TestBroker::mosquittoPath()
{
    return findTool(QStringLiteral("mosquitto"),
                    {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
}

bool TestBroker::start()
{
    return start(Config{});
}

bool TestBroker::start(const Config &config)
{
    stop();
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
        if (startOnce(config))
            return true;
        stop();
    }
    return false;
}

bool TestBroker::startOnce(const Config &config)
{
    const QString program = mosquittoPath();
    if (program.isEmpty()) {
        m_error = QStringLiteral("mosquitto not found in PATH or /usr/sbin");
        return false;
    }
    m_port = freeLoopbackPort();
    m_tlsPort = config.tls.enabled ? freeLoopbackPort() : 0;
    if (m_port == 0 || (config.tls.enabled && (m_tlsPort == 0 || m_tlsPort == m_port))) {
        m_error = QStringLiteral("no free loopback port");
        return false;
    }
    if (!writeConfig(config))
        return false;

    m_process = std::make_unique<QProcess>();
#ifdef Q_OS_LINUX
    // If the test crashes, no destructor reaps the broker: let the kernel kill it with us.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir.filePath(QStringLiteral("mosquitto.log")), QIODevice::Truncate);
    m_process->start(program, {QStringLiteral("-c"), m_dir.filePath(QStringLiteral("mosquitto.conf"))});
    if (!m_process->waitForStarted(int(kStartTimeout.count()))) {
        m_error = QStringLiteral("%1: %2").arg(program, m_process->errorString());
        return false;
    }
    const QDeadlineTimer deadline(kStartTimeout);
    if (!waitUntilListening(m_port, std::chrono::milliseconds(deadline.remainingTime())))
        return false;
    if (m_tlsPort && !waitUntilListening(m_tlsPort, std::chrono::milliseconds(deadline.remainingTime())))
        return false;
    m_error.clear();
    return true;
}

bool TestBroker::writeConfig(const Config &config)
{
    QStringList lines;
    lines << QStringLiteral("listener %1 127.0.0.1").arg(m_port);
    if (::geteuid() == 0)
        lines << QStringLiteral(
            "user root"); // else mosquitto switches to "mosquitto" and cannot read our files
    // "all" includes the debug lines ("Received PINGREQ from <id>"), which tests may wait for.
    lines << QStringLiteral("persistence false") << QStringLiteral("log_dest stderr")
          << QStringLiteral("log_type all") << QStringLiteral("connection_messages true");

    if (config.users.isEmpty()) {
        lines << QStringLiteral("allow_anonymous true");
    } else {
        const QString passwd = findTool(QStringLiteral("mosquitto_passwd"));
        if (passwd.isEmpty()) {
            m_error = QStringLiteral("mosquitto_passwd not found in PATH");
            return false;
        }
        const QString file = m_dir.filePath(QStringLiteral("passwd"));
        QFile::remove(file);
        bool first = true;
        for (const User &u : config.users) {
            QStringList args;
            if (first)
                args << QStringLiteral("-c"); // create the file
            args << QStringLiteral("-b") << file << QString::fromUtf8(u.name)
                 << QString::fromUtf8(u.password);
            if (!runTool(passwd, args, m_dir.path(), &m_error))
                return false;
            first = false;
        }
        lines << QStringLiteral("allow_anonymous false") << QStringLiteral("password_file %1").arg(file);
    }

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
    return writeFile(m_dir.filePath(QStringLiteral("mosquitto.conf")),
                     lines.join(QLatin1Char('\n')).toUtf8() + '\n', &m_error);
}

bool TestBroker::waitUntilListening(quint16 port, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    for (;;) {
        if (acceptsConnections(port))
            return true;
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("mosquitto exited (code %1):\n%2").arg(m_process->exitCode()).arg(log());
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = QStringLiteral("mosquitto did not listen on port %1 in time:\n%2").arg(port).arg(log());
            return false;
        }
        // Waits for the next poll, or returns at once if the broker dies.
        m_process->waitForFinished(int(kPollStep.count()));
    }
}

void TestBroker::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(int(kReapTimeout.count()));
    }
    m_process.reset();
}

bool TestBroker::suspend()
{
    return isRunning() && ::kill(pid_t(m_process->processId()), SIGSTOP) == 0;
}

bool TestBroker::resume()
{
    return isRunning() && ::kill(pid_t(m_process->processId()), SIGCONT) == 0;
}

bool TestBroker::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString TestBroker::log() const
{
    QFile f(m_dir.filePath(QStringLiteral("mosquitto.log")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(f.readAll());
}

} // namespace qmt::test
