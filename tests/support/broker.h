#pragma once
// A private Mosquitto broker for tests: its own config in a temporary directory, free loopback
// ports, optional password file and TLS listener; killed and reaped when the object dies.
// Also makeTestPki(), which writes a throw-away CA and certificates with the openssl tool.

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <memory>

namespace qmt::test {

struct TestPki
{
    QString caCert; // self-signed CA
    QString caKey;
    QString serverCert; // CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1
    QString serverKey;
    QString clientCert; // CN=qmt-test-client, signed by the CA
    QString clientKey;
};

// Writes the files into dir (which must exist). Each call makes a new, unrelated CA.
bool makeTestPki(const QString &dir, TestPki *out, QString *error);

class TestBroker
{
public:
    struct User
    {
        QByteArray name;
        QByteArray password;
    };

    struct Tls
    {
        bool enabled = false;
        QString caFile;
        QString certFile;
        QString keyFile;
        bool requireCertificate = false;
        // The client certificate's CN becomes the user name; a client without a certificate
        // is refused with CONNACK 4 (the one way Mosquitto 2.0 sends 4 rather than 5).
        bool useIdentityAsUsername = false;
    };

    struct Config
    {
        QList<User> users; // non-empty: a password file, and anonymous clients are refused
        Tls tls;           // an extra listener on tlsPort()
        QStringList extraLines;
    };

    static constexpr std::chrono::milliseconds kStartTimeout{15000};

    TestBroker();
    ~TestBroker();
    TestBroker(const TestBroker &) = delete;
    TestBroker &operator=(const TestBroker &) = delete;

    bool start(); // plain listener, anonymous clients welcome
    bool start(const Config &config);
    void stop(); // kills and reaps; start() may be called again
    bool isRunning() const;
    // SIGSTOP / SIGCONT: a broker that hangs with its connections open (no PINGRESP, no reads).
    bool suspend();
    bool resume();

    quint16 port() const { return m_port; }       // plain MQTT on 127.0.0.1
    quint16 tlsPort() const { return m_tlsPort; } // 0 without TLS
    QString errorString() const { return m_error; }
    QString log() const; // the broker's own log so far
    QString directory() const { return m_dir.path(); }

    static QString mosquittoPath(); // empty if not installed

private:
    bool startOnce(const Config &config);
    bool writeConfig(const Config &config);
    bool waitUntilListening(quint16 port, std::chrono::milliseconds timeout);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0;
    QString m_error;
};

// A free TCP port on 127.0.0.1 (bound, read back and released).
quint16 freeLoopbackPort();

} // namespace qmt::test
