// SPDX-License-Identifier: Apache-2.0
#include "mqtt/pkimaker.h"

#include "mqtt/localbroker.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>
#include <QUuid>

namespace qmt::mqtt {

namespace {
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

Pki Pki::in(const QString &dir)
{
    const QDir d(dir);
    return {d.filePath(QStringLiteral("ca.crt")),     d.filePath(QStringLiteral("ca.key")),
            d.filePath(QStringLiteral("server.crt")), d.filePath(QStringLiteral("server.key")),
            d.filePath(QStringLiteral("client.crt")), d.filePath(QStringLiteral("client.key"))};
}

PkiMaker::PkiMaker(QObject *parent) : QObject(parent), m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        if (m_process)
            fail(tr("openssl %1: timed out").arg(m_process->arguments().value(0)));
    });
}

PkiMaker::~PkiMaker()
{
    cancel();
}

QString PkiMaker::opensslPath()
{
    return LocalBroker::findProgram(QStringLiteral("openssl"));
}

void PkiMaker::start(const Pki &pki, const PkiOptions &options)
{
    cancel();
    m_pki = pki;
    m_error.clear();
    m_running = true;
    const quint64 generation = ++m_generation;
    m_steps.clear();
    m_workDir = QFileInfo(pki.caCert).absolutePath();

    const QString cnf = QDir(m_workDir).filePath(QStringLiteral("openssl-pki.cnf"));
    QString problem;
    if (opensslPath().isEmpty()) {
        problem = tr("openssl not found in PATH (Debian: apt-get install openssl)");
    } else {
        QFile f(cnf);
        const QByteArray text(kOpensslConfig);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size())
            problem = tr("%1: %2").arg(cnf, f.errorString());
    }
    if (!problem.isEmpty()) {
        QTimer::singleShot(0, this, [this, generation, problem] {
            if (generation == m_generation && m_running)
                fail(problem);
        });
        return;
    }

    const QStringList ecKey = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                               QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    const QString days = QString::number(options.days);
    // A unique CA name, so that two CAs made here are never mistaken for one another by name.
    const QString unique = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    const QString org = QStringLiteral("/O=%1").arg(options.organisation);
    m_steps << (QStringList{QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-config"), cnf,
                            QStringLiteral("-extensions"), QStringLiteral("ca_ext")} +
                ecKey +
                QStringList{QStringLiteral("-keyout"), pki.caKey, QStringLiteral("-out"), pki.caCert,
                            QStringLiteral("-days"), days, QStringLiteral("-subj"),
                            org + QStringLiteral("/CN=%1 CA %2").arg(options.organisation, unique)});
    struct Leaf
    {
        QString cert, key, subject, extensions, serial;
    };
    const Leaf leaves[] = {
        {pki.serverCert, pki.serverKey, org + QStringLiteral("/CN=localhost"), QStringLiteral("server_ext"),
         QStringLiteral("2")},
        {pki.clientCert, pki.clientKey, org + QStringLiteral("/CN=%1").arg(options.clientName),
         QStringLiteral("client_ext"), QStringLiteral("3")},
    };
    for (const Leaf &leaf : leaves) {
        const QString csr = leaf.cert + QStringLiteral(".csr");
        m_steps << (QStringList{QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-config"),
                                cnf} +
                    ecKey +
                    QStringList{QStringLiteral("-keyout"), leaf.key, QStringLiteral("-out"), csr,
                                QStringLiteral("-subj"), leaf.subject});
        m_steps << QStringList{QStringLiteral("x509"),
                               QStringLiteral("-req"),
                               QStringLiteral("-in"),
                               csr,
                               QStringLiteral("-CA"),
                               pki.caCert,
                               QStringLiteral("-CAkey"),
                               pki.caKey,
                               QStringLiteral("-set_serial"),
                               leaf.serial,
                               QStringLiteral("-days"),
                               days,
                               QStringLiteral("-sha256"),
                               QStringLiteral("-extfile"),
                               cnf,
                               QStringLiteral("-extensions"),
                               leaf.extensions,
                               QStringLiteral("-out"),
                               leaf.cert};
    }
    // The first run from the event loop too: nothing is reported from within start().
    QTimer::singleShot(0, this, [this, generation] {
        if (generation == m_generation && m_running)
            runNext();
    });
}

// One openssl run; the next one starts from its finished signal.
void PkiMaker::runNext()
{
    discardProcess();
    if (m_steps.isEmpty()) {
        m_timeout->stop();
        m_running = false;
        emit ready(); // the last thing: a slot may delete us
        return;
    }
    const QStringList args = m_steps.takeFirst();
    const quint64 generation = m_generation;
    m_process = std::make_unique<QProcess>();
    m_process->setWorkingDirectory(m_workDir);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this, generation](QProcess::ProcessError e) {
        if (generation == m_generation && m_process && e == QProcess::FailedToStart)
            fail(tr("openssl: %1").arg(m_process->errorString()));
    });
    connect(m_process.get(), &QProcess::finished, this,
            [this, generation, args](int code, QProcess::ExitStatus status) {
                if (generation != m_generation || !m_process)
                    return;
                if (status != QProcess::NormalExit || code != 0) {
                    fail(tr("openssl %1 failed (%2): %3")
                             .arg(args.join(QLatin1Char(' ')))
                             .arg(code)
                             .arg(QString::fromLocal8Bit(m_process->readAll()).trimmed()));
                    return;
                }
                runNext();
            });
    m_timeout->start(kStepTimeout);
    m_process->start(opensslPath(), args);
}

void PkiMaker::fail(const QString &reason)
{
    m_timeout->stop();
    discardProcess();
    m_steps.clear();
    m_running = false;
    ++m_generation;
    m_error = reason;
    emit failed(reason); // the last thing: a slot may delete us
}

// Inside one of its own signals: killed now, deleted later.
void PkiMaker::discardProcess()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(1000); // a killed process is reaped at once
    }
    m_process.release()->deleteLater();
}

void PkiMaker::cancel()
{
    ++m_generation;
    m_running = false;
    m_steps.clear();
    m_timeout->stop();
    if (m_process) {
        m_process->disconnect(this);
        m_process.reset(); // ~QProcess kills and reaps it
    }
}

bool PkiMaker::makeAndWait(const Pki &pki, const PkiOptions &options, QString *error)
{
    PkiMaker maker;
    QEventLoop loop;
    connect(&maker, &PkiMaker::ready, &loop, &QEventLoop::quit);
    connect(&maker, &PkiMaker::failed, &loop, &QEventLoop::quit);
    maker.start(pki, options);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!maker.errorString().isEmpty() && error)
        *error = maker.errorString();
    return maker.errorString().isEmpty();
}

} // namespace qmt::mqtt
