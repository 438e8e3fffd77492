// SPDX-License-Identifier: Apache-2.0
// Brokers that misbehave, and the simulated module reporting them as a module does (issue 13):
// one that accepts the TCP connection but never answers CONNECT (+QMTCONN: <idx>,2 after
// pkt_timeout, then +QMTSTAT: <idx>,4), and one that closes the connection in the middle of a
// QoS 1 publish (the publish fails, +QMTPUBEX: <idx>,<msgid>,2, then +QMTSTAT: <idx>,1). The
// fake brokers are real TCP servers speaking just enough MQTT. And a real broker whose server
// certificate has expired or names another host: the module checks the validity period unless
// "ignorelocaltime" is 1 (+QMTOPEN: <idx>,-1), and not the host name.

#include "at/builders.h"
#include "broker.h"
#include "simrig.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace qmt;

namespace {

constexpr int kWait = 15000;

// A broker that answers CONNECT with CONNACK 0 (unless silent) and drops the connection at the
// first PUBLISH.
class FakeBroker : public QObject
{
public:
    explicit FakeBroker(bool silent) : m_silent(silent)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *s = m_server.nextPendingConnection();
            ++connections;
            connect(s, &QIODevice::readyRead, this, [this, s] {
                m_buffer += s->readAll();
                received += m_buffer.size();
                if (m_buffer.isEmpty())
                    return;
                const auto type = quint8(m_buffer[0]) >> 4;
                if (type == 1 && !m_silent) { // CONNECT
                    s->write(QByteArray::fromHex("20020000"));
                    m_buffer.clear();
                } else if (type == 3) { // PUBLISH: gone
                    ++publishes;
                    s->abort();
                    m_buffer.clear();
                } else if (m_silent) {
                    m_buffer.clear(); // read and never answered
                }
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int connections = 0, publishes = 0;
    qint64 received = 0;

private:
    QTcpServer m_server;
    QByteArray m_buffer;
    bool m_silent;
};

session::CommandResult run(test::SimOnPty &rig, const char *line, const QByteArray &data = {})
{
    at::AtCommand c = at::AtCommand::fromText(line);
    if (!data.isNull())
        c.payload = data;
    session::CommandReply *r = rig.channel.enqueue(c);
    QSignalSpy done(r, &session::CommandReply::finished);
    if (!done.wait(kWait) && done.isEmpty())
        return {};
    return done.at(0).at(0).value<session::CommandResult>();
}

session::CommandResult run(test::SimOnPty &rig, const at::Built &b)
{
    if (!b)
        return {};
    session::CommandReply *r = rig.channel.enqueue(*b.command);
    QSignalSpy done(r, &session::CommandReply::finished);
    if (!done.wait(kWait) && done.isEmpty())
        return {};
    return done.at(0).at(0).value<session::CommandResult>();
}

// A server certificate signed by the test CA with the given subjectAltName and validity
// ("openssl ca" takes dates; "openssl x509 -days" cannot make an expired one).
bool signServerCert(const test::TestPki &pki, const QString &dir, const QString &name, const QString &san,
                    const QStringList &dates, QString *cert, QString *key)
{
    const QString cnf = dir + QStringLiteral("/%1.cnf").arg(name);
    QFile c(cnf);
    if (!c.open(QIODevice::WriteOnly))
        return false;
    c.write(QStringLiteral("[ ca ]\ndefault_ca = t\n[ t ]\ndatabase = %1/%2.index\nnew_certs_dir = %1\n"
                           "serial = %1/%2.serial\ndefault_md = sha256\npolicy = p\nx509_extensions = ext\n"
                           "default_days = 30\n[ p ]\ncommonName = supplied\n[ ext ]\nsubjectAltName = %3\n")
                .arg(dir, name, san)
                .toUtf8());
    c.close();
    QFile(dir + QStringLiteral("/%1.index").arg(name)).open(QIODevice::WriteOnly);
    QFile serial(dir + QStringLiteral("/%1.serial").arg(name));
    if (!serial.open(QIODevice::WriteOnly) || serial.write("1000\n") < 0)
        return false;
    serial.close();
    *key = dir + QStringLiteral("/%1.key").arg(name);
    *cert = dir + QStringLiteral("/%1.crt").arg(name);
    const QString csr = dir + QStringLiteral("/%1.csr").arg(name);
    const auto openssl = [](const QStringList &args) {
        QProcess p;
        p.start(QStringLiteral("openssl"), args);
        return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    };
    return openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"),
                    QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), *key,
                    QStringLiteral("-out"), csr, QStringLiteral("-subj"),
                    QStringLiteral("/CN=%1").arg(name)}) &&
           openssl(QStringList{QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"), cnf,
                               QStringLiteral("-cert"), pki.caCert, QStringLiteral("-keyfile"), pki.caKey,
                               QStringLiteral("-in"), csr, QStringLiteral("-out"), *cert}
                   << dates);
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_BrokerFaults : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<session::CommandResult>(); }

    void connectNeverAnswered()
    {
        FakeBroker broker(true);
        test::SimOnPty rig(broker.port());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        QVERIFY(run(rig, "AT+QMTCFG=\"timeout\",0,1,3,0").succeeded()); // pkt_timeout 1 s
        QVERIFY(run(rig, "AT+QMTOPEN=0,\"broker.example.com\",1883").succeeded());
        QElapsedTimer t;
        t.start();
        const session::CommandResult conn = run(rig, "AT+QMTCONN=0,\"silent\"");
        QVERIFY(conn.resultUrcSeen);
        QCOMPARE(conn.resultCode, 2);                                   // failed to send / no answer
        QVERIFY(t.elapsed() >= 900);                                    // after pkt_timeout, not at once
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(0).lastStat.code, 4, kWait); // CONNACK timed out
        QCOMPARE(rig.slot(0).network, state::NetState::Closed);
        QVERIFY(broker.received > 0); // the CONNECT reached it
        QCOMPARE(broker.connections, 1);
    }

    void closedInTheMiddleOfAPublish()
    {
        FakeBroker broker(false);
        test::SimOnPty rig(broker.port());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        QVERIFY(run(rig, "AT+QMTOPEN=2,\"broker.example.com\",1883").succeeded());
        const session::CommandResult conn = run(rig, "AT+QMTCONN=2,\"doomed\"");
        QVERIFY2(conn.succeeded(), qPrintable(conn.describe()));
        QCOMPARE(rig.slot(2).mqtt, state::MqttState::Connected);
        const session::CommandResult pub = run(rig, "AT+QMTPUBEX=2,7,1,0,\"meters/1\",5", "12345");
        QVERIFY(pub.resultUrcSeen);
        QCOMPARE(pub.resultCode, 2);
        QVERIFY(pub.elapsedMs < 5000); // reported when the connection went, not after pkt_timeout
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(2).lastStat.code, 1, kWait); // closed by the server
        QCOMPARE(rig.slot(2).counters.publishFailed, quint64(1));
        QCOMPARE(broker.publishes, 1);
    }

    // The server's certificate as a module judges it: the validity period (unless
    // "ignorelocaltime" is 1), not the host name. A refused handshake is +QMTOPEN: <idx>,-1.
    void serverCertificateExpiredOrForAnotherHost_data()
    {
        QTest::addColumn<QString>("san");
        QTest::addColumn<QStringList>("dates");
        QTest::addColumn<int>("ignoreLocalTime");
        QTest::addColumn<int>("openResult");
        const QStringList expired{QStringLiteral("-startdate"), QStringLiteral("20200101000000Z"),
                                  QStringLiteral("-enddate"), QStringLiteral("20200201000000Z")};
        const QString here = QStringLiteral("DNS:localhost, IP:127.0.0.1");
        QTest::newRow("expired, validity checked") << here << expired << 0 << -1;
        QTest::newRow("expired, validity ignored") << here << expired << 1 << 0;
        QTest::newRow("for another host")
            << QStringLiteral("DNS:other.example.net") << QStringList() << 0 << 0;
    }
    void serverCertificateExpiredOrForAnotherHost()
    {
        QFETCH(QString, san);
        QFETCH(QStringList, dates);
        QFETCH(int, ignoreLocalTime);
        QFETCH(int, openResult);
        QTemporaryDir dir;
        test::TestPki pki;
        QString error, cert, key;
        QVERIFY2(test::makeTestPki(dir.path(), &pki, &error), qPrintable(error));
        QVERIFY(signServerCert(pki, dir.path(), QStringLiteral("odd"), san, dates, &cert, &key));
        test::TestBroker broker;
        test::TestBroker::Config cfg;
        cfg.tls = {true, pki.caCert, cert, key, false, false};
        QVERIFY2(broker.startAndWait(cfg), qPrintable(broker.errorString()));
        test::SimOnPty rig(broker.port(), broker.tlsPort());
        QVERIFY(rig.open());
        rig.sim.powerOn();
        const at::Builders build;
        QVERIFY(run(rig, build.fileUpload(QStringLiteral("ca.pem"), fileBytes(pki.caCert))).succeeded());
        QVERIFY(run(rig, build.sslCaCert(0, QStringLiteral("ca.pem"))).succeeded());
        QVERIFY(run(rig, build.sslSecLevel(0, 1)).succeeded());
        QVERIFY(run(rig, QByteArray("AT+QSSLCFG=\"ignorelocaltime\",0," + QByteArray::number(ignoreLocalTime))
                             .constData())
                    .succeeded());
        QVERIFY(run(rig, build.cfgSsl(0, 1, 0)).succeeded());
        const session::CommandResult open =
            run(rig, build.open(0, QStringLiteral("broker.example.com"), 8883));
        QVERIFY(open.resultUrcSeen);
        QCOMPARE(open.resultCode, openResult);
        QCOMPARE(rig.slot(0).network, openResult == 0 ? state::NetState::Open : state::NetState::Failed);
        if (openResult == 0) {
            const session::CommandResult conn = run(rig, build.connect(0, QStringLiteral("tls-client")));
            QVERIFY2(conn.succeeded(), qPrintable(conn.describe()));
        }
    }
};

QTEST_GUILESS_MAIN(tst_BrokerFaults)
#include "tst_brokerfaults.moc"
