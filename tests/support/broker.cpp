#include "broker.h"

#include <QDir>
#include <QFile>
#include <QUuid>

namespace qmt::test {

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

bool makeTestPki(const QString &dir, TestPki *out, QString *error)
{
    const QString openssl = mqtt::LocalBroker::findProgram(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        *error = QStringLiteral("openssl not found in PATH");
        return false;
    }
    const QDir d(dir);
    const QString cnf = d.filePath(QStringLiteral("pki.cnf"));
    {
        QFile f(cnf);
        const QByteArray text(kOpensslConfig);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size()) {
            *error = QStringLiteral("%1: %2").arg(cnf, f.errorString());
            return false;
        }
    }

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

    if (!mqtt::LocalBroker::runProgram(openssl,
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
        if (!mqtt::LocalBroker::runProgram(
                openssl,
                QStringList{QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-config"), cnf} +
                    ecKey +
                    QStringList{QStringLiteral("-keyout"), leaf.key, QStringLiteral("-out"), csr,
                                QStringLiteral("-subj"), leaf.subject},
                dir, error))
            return false;
        if (!mqtt::LocalBroker::runProgram(openssl,
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

} // namespace qmt::test
