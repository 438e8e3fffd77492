// SPDX-License-Identifier: Apache-2.0
// The PEM checks of modem/at/pem.h on real files: certificates, chains and keys made by the
// openssl tool (through the tests' PKI maker and a few extra commands), a system CA certificate,
// and the usual wrong choices — DER, an encrypted key, a certificate and a key swapped, a CSR,
// an empty file, a whole CA bundle, a damaged file.

#include "at/pem.h"
#include "broker.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;
using at::PemCheck;
using at::PemRole;
using Problem = at::PemCheck::Problem;

Q_DECLARE_METATYPE(qmt::at::PemRole)
Q_DECLARE_METATYPE(qmt::at::PemCheck::Problem)

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_Pem : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    test::TestPki m_pki;
    QString m_openssl;
    QMap<QString, QByteArray> m_files; // name -> content

    bool openssl(const QStringList &args, QString *error)
    {
        return mqtt::LocalBroker::runProgram(m_openssl, args, m_dir.path(), error);
    }
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(test::makeTestPki(m_dir.path(), &m_pki, &error), qPrintable(error));
        m_openssl = mqtt::LocalBroker::findProgram(QStringLiteral("openssl"));
        QVERIFY(!m_openssl.isEmpty());
        const QString pass = QStringLiteral("pass:secret");
        // RSA in PKCS#1 ("RSA PRIVATE KEY"), and the same encrypted the legacy way (Proc-Type header)
        QVERIFY2(openssl({QStringLiteral("genrsa"), QStringLiteral("-traditional"), QStringLiteral("-out"),
                          path("rsa.key"), QStringLiteral("1024")},
                         &error),
                 qPrintable(error));
        QVERIFY2(openssl({QStringLiteral("rsa"), QStringLiteral("-traditional"), QStringLiteral("-aes128"),
                          QStringLiteral("-passout"), pass, QStringLiteral("-in"), path("rsa.key"),
                          QStringLiteral("-out"), path("rsa_legacy_enc.key")},
                         &error),
                 qPrintable(error));
        // PKCS#8 encrypted ("ENCRYPTED PRIVATE KEY")
        QVERIFY2(openssl({QStringLiteral("pkey"), QStringLiteral("-aes256"), QStringLiteral("-passout"), pass,
                          QStringLiteral("-in"), m_pki.clientKey, QStringLiteral("-out"), path("enc.key")},
                         &error),
                 qPrintable(error));
        // SEC1 EC key with its EC PARAMETERS block, as openssl ecparam -genkey writes it
        QVERIFY2(openssl({QStringLiteral("ecparam"), QStringLiteral("-genkey"), QStringLiteral("-name"),
                          QStringLiteral("prime256v1"), QStringLiteral("-out"), path("ec.key")},
                         &error),
                 qPrintable(error));
        // DER forms of a certificate and a key, a public key, a certificate with openssl's text
        QVERIFY2(
            openssl({QStringLiteral("x509"), QStringLiteral("-in"), m_pki.caCert, QStringLiteral("-outform"),
                     QStringLiteral("der"), QStringLiteral("-out"), path("ca.der")},
                    &error),
            qPrintable(error));
        QVERIFY2(openssl({QStringLiteral("pkey"), QStringLiteral("-in"), m_pki.clientKey,
                          QStringLiteral("-outform"), QStringLiteral("der"), QStringLiteral("-out"),
                          path("client.der")},
                         &error),
                 qPrintable(error));
        QVERIFY2(openssl({QStringLiteral("pkey"), QStringLiteral("-in"), m_pki.clientKey,
                          QStringLiteral("-pubout"), QStringLiteral("-out"), path("client.pub")},
                         &error),
                 qPrintable(error));
        QVERIFY2(openssl({QStringLiteral("x509"), QStringLiteral("-in"), m_pki.clientCert,
                          QStringLiteral("-subject"), QStringLiteral("-issuer"), QStringLiteral("-out"),
                          path("client_subject.crt")},
                         &error),
                 qPrintable(error));

        const std::pair<const char *, QString> files[] = {
            {"ca", m_pki.caCert},
            {"client", m_pki.clientCert},
            {"client.key", m_pki.clientKey},
            {"csr", m_pki.clientCert + QStringLiteral(".csr")},
            {"rsa.key", path("rsa.key")},
            {"rsa_legacy_enc.key", path("rsa_legacy_enc.key")},
            {"enc.key", path("enc.key")},
            {"ec.key", path("ec.key")},
            {"ca.der", path("ca.der")},
            {"client.der", path("client.der")},
            {"client.pub", path("client.pub")},
            {"client_subject", path("client_subject.crt")},
            {"amazon", QStringLiteral("/usr/share/ca-certificates/mozilla/Amazon_Root_CA_1.crt")},
        };
        for (const auto &[name, p] : files) {
            const QByteArray content = readAll(p);
            QVERIFY2(!content.isEmpty(), qPrintable(p));
            m_files.insert(QString::fromLatin1(name), content);
        }
        m_files.insert(QStringLiteral("chain"),
                       m_files[QStringLiteral("client")] + m_files[QStringLiteral("ca")]);
        m_files.insert(QStringLiteral("combined"),
                       m_files[QStringLiteral("client")] + m_files[QStringLiteral("client.key")]);
        QVERIFY(m_files[QStringLiteral("rsa.key")].startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        QVERIFY(m_files[QStringLiteral("rsa_legacy_enc.key")].contains("Proc-Type: 4,ENCRYPTED"));
        QVERIFY(m_files[QStringLiteral("enc.key")].startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QVERIFY(m_files[QStringLiteral("ec.key")].contains("-----BEGIN EC PARAMETERS-----"));
        QVERIFY(m_files[QStringLiteral("ec.key")].contains("-----BEGIN EC PRIVATE KEY-----"));
    }

    void files_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<PemRole>("role");
        QTest::addColumn<Problem>("problem");
        QTest::addColumn<int>("certificates");
        QTest::addColumn<int>("keys");
        QTest::addColumn<QString>("messageHas"); // a word the message must hold (case-insensitive)
        const auto C = PemRole::Certificate;
        const auto K = PemRole::PrivateKey;
        auto row = [](const char *tag, const char *file, PemRole role, Problem p, int certs, int keys,
                      const char *msg) {
            QTest::newRow(tag) << QString::fromLatin1(file) << role << p << certs << keys
                               << QString::fromLatin1(msg);
        };
        row("CA certificate", "ca", C, Problem::None, 1, 0, "");
        row("system CA certificate", "amazon", C, Problem::None, 1, 0, "");
        row("client certificate", "client", C, Problem::None, 1, 0, "");
        row("chain", "chain", C, Problem::None, 2, 0, "");
        row("text around the block", "client_subject", C, Problem::None, 1, 0, "");
        row("PKCS#8 key", "client.key", K, Problem::None, 0, 1, "");
        row("PKCS#1 RSA key", "rsa.key", K, Problem::None, 0, 1, "");
        row("SEC1 EC key with parameters", "ec.key", K, Problem::None, 0, 1, "");
        row("encrypted PKCS#8 key", "enc.key", K, Problem::Encrypted, 0, 1, "passphrase");
        row("encrypted legacy RSA key", "rsa_legacy_enc.key", K, Problem::Encrypted, 0, 1, "passphrase");
        row("key chosen as certificate", "client.key", C, Problem::KeyNotCertificate, 0, 1, "client key");
        row("encrypted key chosen as certificate", "enc.key", C, Problem::KeyNotCertificate, 0, 1,
            "private key");
        row("certificate chosen as key", "client", K, Problem::CertificateNotKey, 1, 0, "not a private key");
        row("DER certificate", "ca.der", C, Problem::Binary, 0, 0, "openssl x509 -inform der");
        row("DER key", "client.der", K, Problem::Binary, 0, 0, "openssl pkey -inform der");
        row("CSR", "csr", C, Problem::WrongKind, 0, 0, "certificate request");
        row("public key as key", "client.pub", K, Problem::WrongKind, 0, 0, "public key");
        row("certificate and key as certificate", "combined", C, Problem::Mixed, 1, 1, "never upload a key");
        row("certificate and key as key", "combined", K, Problem::Mixed, 1, 1, "key alone");
    }

    void files()
    {
        QFETCH(QString, file);
        QFETCH(PemRole, role);
        QFETCH(Problem, problem);
        QFETCH(int, certificates);
        QFETCH(int, keys);
        QFETCH(QString, messageHas);
        QVERIFY(m_files.contains(file));
        const PemCheck c = at::checkPem(m_files[file], role);
        QVERIFY2(c.problem == problem,
                 qPrintable(QStringLiteral("problem %1: %2").arg(int(c.problem)).arg(c.message)));
        QCOMPARE(c.ok(), problem == Problem::None);
        QCOMPARE(c.size, m_files[file].size());
        if (c.ok()) {
            QVERIFY(c.message.isEmpty());
            QCOMPARE(c.certificates, certificates);
            QCOMPARE(c.keys, keys);
            QVERIFY(!c.describe().isEmpty());
            QVERIFY(c.describe().contains(QString::number(c.size)));
        } else {
            QVERIFY(c.message.contains(messageHas, Qt::CaseInsensitive));
            QCOMPARE(c.describe(), c.message);
            if (problem != Problem::Binary) {
                QCOMPARE(c.certificates, certificates);
                QCOMPARE(c.keys, keys);
            }
        }
    }

    void notes()
    {
        const PemCheck chain = at::checkPem(m_files[QStringLiteral("chain")], PemRole::Certificate);
        QVERIFY(chain.ok());
        QCOMPARE(chain.notes.size(), 1);
        QVERIFY(chain.notes.first().contains(QLatin1String("chain")));
        QVERIFY(chain.describe().startsWith(QLatin1String("2 certificate")));
        const PemCheck ec = at::checkPem(m_files[QStringLiteral("ec.key")], PemRole::PrivateKey);
        QCOMPARE(ec.keyLabel, QByteArray("EC PRIVATE KEY"));
        QVERIFY(ec.describe().startsWith(QLatin1String("EC private key")));
        QVERIFY(!ec.notes.isEmpty());
        const PemCheck rsa = at::checkPem(m_files[QStringLiteral("rsa.key")], PemRole::PrivateKey);
        QCOMPARE(rsa.keyLabel, QByteArray("RSA PRIVATE KEY"));
        QVERIFY(rsa.notes.isEmpty());
        const PemCheck text = at::checkPem(m_files[QStringLiteral("client_subject")], PemRole::Certificate);
        QVERIFY(text.notes.join(QLatin1Char(' ')).contains(QLatin1String("outside")));
        QVERIFY(at::checkPem(m_files[QStringLiteral("ca")], PemRole::Certificate).notes.isEmpty());
    }

    void brokenFiles_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<PemRole>("role");
        QTest::addColumn<Problem>("problem");
        QTest::addColumn<QString>("messageHas");
        const QByteArray ca = m_files.value(QStringLiteral("ca"));
        const QByteArray key = m_files.value(QStringLiteral("client.key"));
        QTest::newRow("empty") << QByteArray() << PemRole::Certificate << Problem::Empty
                               << QStringLiteral("empty");
        QTest::newRow("empty key") << QByteArray() << PemRole::PrivateKey << Problem::Empty
                                   << QStringLiteral("empty");
        QTest::newRow("white space") << QByteArray(" \r\n\n\t") << PemRole::Certificate << Problem::Empty
                                     << QStringLiteral("empty");
        QTest::newRow("plain text") << QByteArray("hello\nworld\n") << PemRole::Certificate << Problem::NotPem
                                    << QStringLiteral("BEGIN CERTIFICATE");
        QTest::newRow("plain text as key") << QByteArray("hello\n") << PemRole::PrivateKey << Problem::NotPem
                                           << QStringLiteral("BEGIN PRIVATE KEY");
        QTest::newRow("no END") << ca.left(ca.indexOf("-----END")) << PemRole::Certificate
                                << Problem::Malformed << QStringLiteral("no END");
        QTest::newRow("cut short") << ca.left(ca.size() / 2) << PemRole::Certificate << Problem::Malformed
                                   << QStringLiteral("cut short");
        QByteArray badChar = ca;
        badChar[40] = '*';
        QTest::newRow("bad base64") << badChar << PemRole::Certificate << Problem::Malformed
                                    << QStringLiteral("base64");
        QByteArray wrongEnd = key;
        wrongEnd.replace("-----END PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----");
        QTest::newRow("mismatched END")
            << wrongEnd << PemRole::PrivateKey << Problem::Malformed << QStringLiteral("began as");
        QTest::newRow("not DER inside")
            << QByteArray("-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n")
            << PemRole::Certificate << Problem::Malformed << QStringLiteral("base64");
        QTest::newRow("END alone") << QByteArray("-----END CERTIFICATE-----\n") << PemRole::Certificate
                                   << Problem::Malformed << QStringLiteral("never began");
        QByteArray bundle;
        while (bundle.size() <= at::kMaxPemFileSize)
            bundle += ca;
        QTest::newRow("CA bundle") << bundle << PemRole::Certificate << Problem::TooLarge
                                   << QStringLiteral("bundle");
        QTest::newRow("random binary") << QByteArray("\x7f"
                                                     "ELF\x02\x01\x01\x00\x00",
                                                     9)
                                       << PemRole::Certificate << Problem::Binary << QStringLiteral("binary");
        QTest::newRow("PKCS7") << QByteArray("-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----\n")
                               << PemRole::Certificate << Problem::WrongKind
                               << QStringLiteral("pkcs7 -print_certs");
        QTest::newRow("two keys") << key + key << PemRole::PrivateKey << Problem::Mixed
                                  << QStringLiteral("exactly one");
    }

    void brokenFiles()
    {
        QFETCH(QByteArray, data);
        QFETCH(PemRole, role);
        QFETCH(Problem, problem);
        QFETCH(QString, messageHas);
        const PemCheck c = at::checkPem(data, role);
        QVERIFY2(c.problem == problem,
                 qPrintable(QStringLiteral("problem %1: %2").arg(int(c.problem)).arg(c.message)));
        QVERIFY(!c.ok());
        QVERIFY2(c.message.contains(messageHas, Qt::CaseInsensitive), qPrintable(c.message));
    }

    void crlfAndUnpadded()
    {
        // Windows line ends, and the base64 of a certificate wrapped at another width, are fine.
        QByteArray crlf = m_files.value(QStringLiteral("ca"));
        crlf.replace("\n", "\r\n");
        QVERIFY(at::checkPem(crlf, PemRole::Certificate).ok());
        const QByteArray ca = m_files.value(QStringLiteral("ca"));
        const qsizetype b = ca.indexOf('\n') + 1, e = ca.indexOf("-----END");
        QByteArray body = ca.mid(b, e - b);
        body.replace("\n", "");
        QByteArray rewrapped = "-----BEGIN CERTIFICATE-----\n";
        for (qsizetype i = 0; i < body.size(); i += 76)
            rewrapped += body.mid(i, 76) + '\n';
        rewrapped += "-----END CERTIFICATE-----\n";
        QVERIFY(at::checkPem(rewrapped, PemRole::Certificate).ok());
        // one base64 character less: the block no longer decodes
        QByteArray shortened = ca;
        shortened.remove(e - 3, 1);
        QCOMPARE(at::checkPem(shortened, PemRole::Certificate).problem, Problem::Malformed);
    }
};

QTEST_GUILESS_MAIN(tst_Pem)
#include "tst_pem.moc"
