// SPDX-License-Identifier: Apache-2.0
// The certificate checks of modem/workflows/certcheck.h on real files made by the openssl tool:
// two unrelated demo-style PKIs (the tests' PKI maker), an RSA client, keys in every PEM form,
// an encrypted key, a CA of the same name made again, a self-signed client, the server's
// certificate chosen as the CA, and certificates that expired, are not valid yet or expire soon
// (openssl ca -startdate/-enddate, openssl x509 -days). TlsProvisioner::problems() refuses what
// is Bad and lets warnings pass.

#include "broker.h"
#include "workflows/certcheck.h"
#include "workflows/tlsprovisioner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;
using session::CertFinding;
using session::TlsFileRole;
using session::TlsPlan;
using Check = CertFinding::Check;
using Tone = CertFinding::Tone;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QList<CertFinding> only(const QList<CertFinding> &all, Check check)
{
    QList<CertFinding> out;
    for (const CertFinding &f : all)
        if (f.check == check)
            out << f;
    return out;
}

QString dump(const QList<CertFinding> &all)
{
    QStringList lines;
    for (const CertFinding &f : all)
        lines << QStringLiteral("[%1/%2] %3").arg(int(f.check)).arg(int(f.tone)).arg(f.text);
    return lines.join(QLatin1Char('\n'));
}

constexpr const char *kCaConfig = R"([ ca ]
default_ca = test_ca
[ test_ca ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
)";

} // namespace

class tst_CertCheck : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    test::TestPki m_a, m_b; // two unrelated CAs, each with a server and a client
    QString m_openssl;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    bool openssl(const QStringList &args)
    {
        QString error;
        const bool ok = mqtt::LocalBroker::runProgram(m_openssl, args, m_dir.path(), &error);
        if (!ok)
            qWarning() << "openssl" << args << error;
        return ok;
    }
    // A client certificate for client.key of PKI A, signed by CA A with the dates given
    // (openssl ca: YYYYMMDDHHMMSSZ).
    bool signWithDates(const QString &out, const QString &start, const QString &end)
    {
        return openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), m_a.clientKey,
                        QStringLiteral("-subj"), QStringLiteral("/CN=dated-client"), QStringLiteral("-out"),
                        path(QStringLiteral("dated.csr"))}) &&
               openssl({QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"),
                        path(QStringLiteral("ca.cnf")), QStringLiteral("-cert"), m_a.caCert,
                        QStringLiteral("-keyfile"), m_a.caKey, QStringLiteral("-in"),
                        path(QStringLiteral("dated.csr")), QStringLiteral("-startdate"), start,
                        QStringLiteral("-enddate"), end, QStringLiteral("-notext"), QStringLiteral("-out"),
                        out});
    }

    static TlsPlan plan(const QString &ca, const QString &cert = QString(), const QString &key = QString())
    {
        TlsPlan p;
        p.secLevel = cert.isEmpty() ? 1 : 2;
        if (!p.load(TlsFileRole::CaCert, ca))
            qWarning() << "cannot read" << ca;
        if (!cert.isEmpty() && !p.load(TlsFileRole::ClientCert, cert))
            qWarning() << "cannot read" << cert;
        if (!key.isEmpty() && !p.load(TlsFileRole::ClientKey, key))
            qWarning() << "cannot read" << key;
        return p;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_openssl = mqtt::PkiMaker::opensslPath();
        QVERIFY(!m_openssl.isEmpty());
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("a")));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("b")));
        QString error;
        QVERIFY2(test::makeTestPki(path(QStringLiteral("a")), &m_a, &error), qPrintable(error));
        QVERIFY2(test::makeTestPki(path(QStringLiteral("b")), &m_b, &error), qPrintable(error));
        QVERIFY(writeAll(path(QStringLiteral("ca.cnf")), kCaConfig));
        QVERIFY(writeAll(path(QStringLiteral("index.txt")), QByteArray()));
        QVERIFY(writeAll(path(QStringLiteral("serial")), "1000\n"));
    }

    void matchingFilesAreGood()
    {
        const auto all = session::checkCertificates(plan(m_a.caCert, m_a.clientCert, m_a.clientKey));
        QCOMPARE(session::worstTone(all), Tone::Good);
        const auto match = only(all, Check::KeyMatch);
        QCOMPARE(match.size(), 1);
        QVERIFY2(match[0].text.contains(QLatin1String("client.key belongs to client.crt (EC P-256, "
                                                      "CN=qmt-test-client)")),
                 qPrintable(match[0].text));
        const auto chain = only(all, Check::Chain);
        QCOMPARE(chain.size(), 1);
        QVERIFY2(chain[0].text.startsWith(
                     QLatin1String("client.crt was issued by ca.crt (CN=QMT Scope tests CA ")),
                 qPrintable(chain[0].text));
        const auto dates = only(all, Check::Validity);
        QCOMPARE(dates.size(), 2); // the CA and the client certificate, each with its dates
        const QString today = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd"));
        QVERIFY2(dates[0].text.contains(QLatin1String("ca.crt (CN=QMT Scope tests CA")) &&
                     dates[0].text.contains(QStringLiteral("valid from %1 to ").arg(today)),
                 qPrintable(dates[0].text));
        QCOMPARE(dates[1].role, TlsFileRole::ClientCert);
        QVERIFY(only(all, Check::CaIsCa).isEmpty());
        QVERIFY(only(all, Check::Readable).isEmpty());
        QVERIFY(session::TlsProvisioner(nullptr)
                    .problems(plan(m_a.caCert, m_a.clientCert, m_a.clientKey))
                    .isEmpty());
    }

    void keyOfAnotherCertificateIsBad()
    {
        const TlsPlan p = plan(m_a.caCert, m_a.clientCert, m_b.clientKey);
        const auto all = session::checkCertificates(p);
        const auto match = only(all, Check::KeyMatch);
        QCOMPARE(match.size(), 1);
        QCOMPARE(match[0].tone, Tone::Bad);
        QCOMPARE(match[0].role, TlsFileRole::ClientKey);
        QVERIFY2(match[0].text.contains(QLatin1String("client.key does not belong to client.crt")) &&
                     match[0].text.contains(QLatin1String("the key belongs to another certificate")) &&
                     match[0].text.contains(QLatin1String("Pick the key that was made with client.crt")),
                 qPrintable(match[0].text));
        QCOMPARE(session::worstTone(all), Tone::Bad);
        // the core refuses it too, so no caller can upload it
        const QStringList problems = session::TlsProvisioner(nullptr).problems(p);
        QVERIFY2(problems.contains(match[0].text), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void caKeyAsClientKeyIsNamed()
    {
        const auto match =
            only(session::checkCertificates(plan(m_a.caCert, m_a.clientCert, m_a.caKey)), Check::KeyMatch);
        QCOMPARE(match.size(), 1);
        QCOMPARE(match[0].tone, Tone::Bad);
        QVERIFY2(match[0].text.contains(QLatin1String("ca.key is the key of the CA certificate ca.crt")),
                 qPrintable(match[0].text));
    }

    void keyOfTheSecondCertificateInTheFile()
    {
        // the client file lists the CA first, the client second
        QVERIFY(writeAll(path(QStringLiteral("swapped.crt")), readAll(m_a.caCert) + readAll(m_a.clientCert)));
        const auto match2 = only(
            session::checkCertificates(plan(m_a.caCert, path(QStringLiteral("swapped.crt")), m_a.clientKey)),
            Check::KeyMatch);
        QCOMPARE(match2.size(), 1);
        QCOMPARE(match2[0].tone, Tone::Bad);
        QVERIFY2(match2[0].text.contains(QLatin1String("client.key belongs to certificate 2 of swapped.crt "
                                                       "(CN=qmt-test-client), not to the first one")),
                 qPrintable(match2[0].text));
    }

    void rsaKeys()
    {
        // an RSA client certificate from the EC CA, with its key as PKCS#8 and as PKCS#1
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"),
                         QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                         path(QStringLiteral("rsa.key")), QStringLiteral("-subj"),
                         QStringLiteral("/CN=rsa-client"), QStringLiteral("-out"),
                         path(QStringLiteral("rsa.csr"))}));
        QVERIFY(openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                         path(QStringLiteral("rsa.csr")), QStringLiteral("-CA"), m_a.caCert,
                         QStringLiteral("-CAkey"), m_a.caKey, QStringLiteral("-days"), QStringLiteral("365"),
                         QStringLiteral("-out"), path(QStringLiteral("rsa.crt"))}));
        QVERIFY(openssl({QStringLiteral("pkey"), QStringLiteral("-in"), path(QStringLiteral("rsa.key")),
                         QStringLiteral("-traditional"), QStringLiteral("-out"),
                         path(QStringLiteral("rsa1.key"))}));
        QVERIFY(readAll(path(QStringLiteral("rsa1.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        for (const char *key : {"rsa.key", "rsa1.key"}) {
            const auto all = session::checkCertificates(
                plan(m_a.caCert, path(QStringLiteral("rsa.crt")), path(QString::fromLatin1(key))));
            QVERIFY2(session::worstTone(all) == Tone::Good, qPrintable(dump(all)));
            QVERIFY2(
                only(all, Check::KeyMatch)[0].text.contains(QLatin1String("(RSA 2048-bit, CN=rsa-client)")),
                qPrintable(dump(all)));
        }
        // an RSA key for an EC certificate: the types alone tell
        const auto match = only(
            session::checkCertificates(plan(m_a.caCert, m_a.clientCert, path(QStringLiteral("rsa.key")))),
            Check::KeyMatch);
        QCOMPARE(match[0].tone, Tone::Bad);
        QVERIFY2(
            match[0].text.contains(QLatin1String("rsa.key is an RSA 2048-bit key, but client.crt holds an "
                                                 "EC P-256 key")),
            qPrintable(match[0].text));
    }

    void ecKeyWithParameters()
    {
        // openssl ecparam -genkey: "EC PARAMETERS" before a SEC1 "EC PRIVATE KEY"
        QVERIFY(
            openssl({QStringLiteral("ecparam"), QStringLiteral("-name"), QStringLiteral("prime256v1"),
                     QStringLiteral("-genkey"), QStringLiteral("-out"), path(QStringLiteral("sec1.key"))}));
        QVERIFY(readAll(path(QStringLiteral("sec1.key"))).startsWith("-----BEGIN EC PARAMETERS-----"));
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-x509"),
                         QStringLiteral("-key"), path(QStringLiteral("sec1.key")), QStringLiteral("-subj"),
                         QStringLiteral("/CN=sec1"), QStringLiteral("-days"), QStringLiteral("365"),
                         QStringLiteral("-out"), path(QStringLiteral("sec1.crt"))}));
        const auto match = only(session::checkCertificates(plan(m_a.caCert, path(QStringLiteral("sec1.crt")),
                                                                path(QStringLiteral("sec1.key")))),
                                Check::KeyMatch);
        QCOMPARE(match.size(), 1);
        QVERIFY2(match[0].tone == Tone::Good, qPrintable(match[0].text));
    }

    void encryptedKeyIsNamed()
    {
        QVERIFY(openssl({QStringLiteral("pkey"), QStringLiteral("-in"), m_a.clientKey,
                         QStringLiteral("-aes256"), QStringLiteral("-passout"), QStringLiteral("pass:secret"),
                         QStringLiteral("-out"), path(QStringLiteral("enc8.key"))}));
        QVERIFY(openssl({QStringLiteral("pkey"), QStringLiteral("-in"), m_a.clientKey,
                         QStringLiteral("-traditional"), QStringLiteral("-aes128"),
                         QStringLiteral("-passout"), QStringLiteral("pass:secret"), QStringLiteral("-out"),
                         path(QStringLiteral("enc1.key"))}));
        QVERIFY(readAll(path(QStringLiteral("enc1.key"))).contains("Proc-Type: 4,ENCRYPTED"));
        for (const char *key : {"enc8.key", "enc1.key"}) {
            const QString name = QString::fromLatin1(key);
            const auto match = only(session::checkCertificates(plan(m_a.caCert, m_a.clientCert, path(name))),
                                    Check::KeyMatch);
            QCOMPARE(match.size(), 1);
            QCOMPARE(match[0].tone, Tone::Bad);
            QVERIFY2(match[0].text.startsWith(
                         QStringLiteral(
                             "%1 and client.crt cannot be compared: the key is encrypted with a passphrase")
                             .arg(name)),
                     qPrintable(match[0].text));
        }
    }

    void clientFromAnotherCaIsAWarning()
    {
        TlsPlan p = plan(m_b.caCert, m_a.clientCert, m_a.clientKey);
        auto chain = only(session::checkCertificates(p), Check::Chain);
        QCOMPARE(chain.size(), 1);
        QCOMPARE(chain[0].tone, Tone::Warning);
        QVERIFY2(chain[0].text.contains(QStringLiteral("client.crt was issued by “CN=QMT Scope tests CA ")) &&
                     chain[0].text.contains(QLatin1String("not by ca.crt (CN=QMT Scope tests CA ")) &&
                     chain[0].text.contains(QLatin1String("uses ca.crt only to check the server")),
                 qPrintable(chain[0].text));
        QVERIFY(session::TlsProvisioner(nullptr).problems(p).isEmpty()); // a warning does not stop it
        // ... but it is a problem when the broker checks clients with that same CA
        p.caChecksClients = true;
        chain = only(session::checkCertificates(p), Check::Chain);
        QCOMPARE(chain[0].tone, Tone::Bad);
        QVERIFY2(chain[0].text.contains(QLatin1String("so it will refuse this one")),
                 qPrintable(chain[0].text));
        QVERIFY(session::TlsProvisioner(nullptr).problems(p).contains(chain[0].text));
    }

    void caOfTheSameNameWithAnotherKey()
    {
        // CA A's certificate signed again with a new key: same name, other key
        QVERIFY(openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                         QStringLiteral("-out"), path(QStringLiteral("again.key"))}));
        QVERIFY(
            openssl({QStringLiteral("x509"), QStringLiteral("-in"), m_a.caCert, QStringLiteral("-signkey"),
                     path(QStringLiteral("again.key")), QStringLiteral("-days"), QStringLiteral("365"),
                     QStringLiteral("-out"), path(QStringLiteral("ca-again.crt"))}));
        const auto chain = only(session::checkCertificates(plan(path(QStringLiteral("ca-again.crt")),
                                                                m_a.clientCert, m_a.clientKey)),
                                Check::Chain);
        QCOMPARE(chain.size(), 1);
        QCOMPARE(chain[0].tone, Tone::Warning);
        QVERIFY2(
            chain[0].text.contains(QLatin1String("client.crt names ca-again.crt (CN=QMT Scope tests CA ")) &&
                chain[0].text.contains(QLatin1String("the signature does not match that CA's key")),
            qPrintable(chain[0].text));
    }

    void selfSignedClient()
    {
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-x509"),
                         QStringLiteral("-key"), m_a.clientKey, QStringLiteral("-subj"),
                         QStringLiteral("/CN=self"), QStringLiteral("-days"), QStringLiteral("365"),
                         QStringLiteral("-out"), path(QStringLiteral("self.crt"))}));
        const auto all =
            session::checkCertificates(plan(m_a.caCert, path(QStringLiteral("self.crt")), m_a.clientKey));
        const auto chain = only(all, Check::Chain);
        QCOMPARE(chain[0].tone, Tone::Warning);
        QVERIFY2(chain[0].text.startsWith(QLatin1String("self.crt is self-signed")),
                 qPrintable(chain[0].text));
        QCOMPARE(only(all, Check::KeyMatch)[0].tone, Tone::Good);
    }

    void serverCertificateAsCa()
    {
        const auto all = session::checkCertificates(plan(m_a.serverCert));
        const auto ca = only(all, Check::CaIsCa);
        QCOMPARE(ca.size(), 1);
        QCOMPARE(ca[0].tone, Tone::Warning);
        QVERIFY2(ca[0].text.startsWith(QLatin1String("server.crt (CN=localhost) is not a CA certificate")),
                 qPrintable(ca[0].text));
        QVERIFY(only(all, Check::Chain).isEmpty()); // security level 1: no client certificate
        QVERIFY(only(all, Check::KeyMatch).isEmpty());
    }

    void clientCertificateAsCa()
    {
        // the CA file holds the client certificate itself: no CA, no chain
        const auto all = session::checkCertificates(plan(m_a.clientCert, m_a.clientCert, m_a.clientKey));
        const auto chain = only(all, Check::Chain);
        QCOMPARE(chain.size(), 1);
        QCOMPARE(chain[0].tone, Tone::Warning);
        QVERIFY2(chain[0].text.contains(QLatin1String("not by client.crt (CN=qmt-test-client)")),
                 qPrintable(chain[0].text));
        QCOMPARE(only(all, Check::CaIsCa).size(), 1);
    }

    void notACertificate()
    {
        // a key's DER under a CERTIFICATE label: good PEM, no X.509
        QByteArray pem = readAll(m_a.clientKey);
        pem.replace("PRIVATE KEY", "CERTIFICATE");
        QVERIFY(writeAll(path(QStringLiteral("fake.crt")), pem));
        const TlsPlan p = plan(path(QStringLiteral("fake.crt")), m_a.clientCert, m_a.clientKey);
        const auto bad = only(session::checkCertificates(p), Check::Readable);
        QCOMPARE(bad.size(), 1);
        QCOMPARE(bad[0].tone, Tone::Bad);
        QCOMPARE(bad[0].role, TlsFileRole::CaCert);
        QVERIFY2(
            bad[0].text.startsWith(QLatin1String("Certificate 1 of fake.crt is not an X.509 certificate")),
            qPrintable(bad[0].text));
        QVERIFY(session::TlsProvisioner(nullptr).problems(p).contains(bad[0].text));
    }

    void expiredIsBad()
    {
        const QString expired = path(QStringLiteral("expired.crt"));
        QVERIFY(signWithDates(expired, QStringLiteral("20200101000000Z"), QStringLiteral("20210101000000Z")));
        const TlsPlan p = plan(m_a.caCert, expired, m_a.clientKey);
        const auto all = session::checkCertificates(p);
        const auto dates = only(all, Check::Validity);
        QCOMPARE(dates.size(), 2);
        QCOMPARE(dates[1].tone, Tone::Bad);
        QCOMPARE(dates[1].role, TlsFileRole::ClientCert);
        QVERIFY2(dates[1].text.startsWith(
                     QLatin1String("expired.crt (CN=dated-client) expired on 2021-01-01 00:00 "
                                   "UTC")) &&
                     dates[1].text.contains(QLatin1String("Get a new client certificate")),
                 qPrintable(dates[1].text));
        QCOMPARE(only(all, Check::KeyMatch)[0].tone, Tone::Good); // made for the same key
        QCOMPARE(only(all, Check::Chain)[0].tone, Tone::Good);    // dates do not break the chain
        QVERIFY(session::TlsProvisioner(nullptr).problems(p).contains(dates[1].text));
    }

    void notYetValidIsAWarning()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString later = path(QStringLiteral("later.crt"));
        const QString fmt = QStringLiteral("yyyyMMddHHmmss'Z'");
        QVERIFY(signWithDates(later, now.addDays(10).toString(fmt), now.addDays(400).toString(fmt)));
        const TlsPlan p = plan(m_a.caCert, later, m_a.clientKey);
        const auto dates = only(session::checkCertificates(p, now), Check::Validity);
        QCOMPARE(dates[1].tone, Tone::Warning);
        QVERIFY2(
            dates[1].text.contains(QStringLiteral("is not valid yet: it is valid from %1 UTC (in 10 day")
                                       .arg(now.addDays(10).toString(QStringLiteral("yyyy-MM-dd HH:mm")))) &&
                dates[1].text.contains(
                    QStringLiteral(" to %1.").arg(now.addDays(400).toString(QStringLiteral("yyyy-MM-dd")))),
            qPrintable(dates[1].text));
        QVERIFY(session::TlsProvisioner(nullptr).problems(p).isEmpty());
    }

    void expiringSoonIsAWarning()
    {
        // openssl x509 -days 10, as the PKI maker makes them
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("soon")));
        const mqtt::Pki soon = mqtt::Pki::in(path(QStringLiteral("soon")));
        mqtt::PkiOptions options;
        options.days = 10;
        QString error;
        QVERIFY2(mqtt::PkiMaker::makeAndWait(soon, options, &error), qPrintable(error));
        const auto all = session::checkCertificates(plan(soon.caCert, soon.clientCert, soon.clientKey));
        const auto dates = only(all, Check::Validity);
        QCOMPARE(dates.size(), 2);
        for (const CertFinding &f : dates) {
            QCOMPARE(f.tone, Tone::Warning);
            QVERIFY2(f.text.contains(QLatin1String(" expires on ")) &&
                         f.text.contains(QLatin1String(", in 10 day")),
                     qPrintable(f.text));
        }
        QCOMPARE(session::worstTone(all), Tone::Warning);
    }

    void validityFollowsTheClock()
    {
        // the same certificates, one year on (the tests' PKI is valid for 365 days)
        const TlsPlan p = plan(m_a.caCert, m_a.clientCert, m_a.clientKey);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(session::worstTone(only(session::checkCertificates(p, now.addDays(300)), Check::Validity)),
                 Tone::Good);
        QCOMPARE(session::worstTone(only(session::checkCertificates(p, now.addDays(340)), Check::Validity)),
                 Tone::Warning);
        QCOMPARE(session::worstTone(only(session::checkCertificates(p, now.addDays(366)), Check::Validity)),
                 Tone::Bad);
        QCOMPARE(session::worstTone(only(session::checkCertificates(p, now.addDays(-1)), Check::Validity)),
                 Tone::Warning);
    }

    void onlyTheFilesTheLevelNeeds()
    {
        TlsPlan p = plan(m_a.caCert, m_a.clientCert, m_b.clientKey);
        p.secLevel = 1;
        const auto all = session::checkCertificates(p);
        QVERIFY(only(all, Check::KeyMatch).isEmpty());
        QVERIFY(only(all, Check::Chain).isEmpty());
        QCOMPARE(only(all, Check::Validity).size(), 1);
        p.secLevel = 0;
        QVERIFY(session::checkCertificates(p).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_CertCheck)
#include "tst_certcheck.moc"
