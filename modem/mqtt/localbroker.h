#pragma once
// LocalBroker: a private Mosquitto broker on loopback — the one implementation behind the tests'
// TestBroker and qmtscope-sim's own broker. It writes its configuration into a temporary
// directory, listens on free loopback ports (or given ones), optionally with a password file
// (made with mosquitto_passwd) and an extra TLS listener, and is only reported started once it
// accepts connections (polled, no fixed sleep). stop() and the destructor kill and reap it; on
// Linux it also dies with the process that started it (PR_SET_PDEATHSIG), so a crash leaves no
// broker behind. QtCore and POSIX only.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <memory>

class QProcess;

namespace qmt::mqtt {

class LocalBroker : public QObject
{
    Q_OBJECT
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
        QStringList extraLines; // appended to the generated mosquitto.conf
        quint16 port = 0;       // the plain listener on 127.0.0.1; 0: a free port
        quint16 tlsPort = 0;    // the TLS listener (with tls.enabled); 0: a free port
    };

    static constexpr std::chrono::milliseconds kStartTimeout{15000};

    explicit LocalBroker(QObject *parent = nullptr);
    ~LocalBroker() override; // stop()

    // Starts the broker and returns once every listener accepts connections; false with
    // errorString() (which includes the broker's log) on failure. A running broker is stopped
    // first. Free ports are picked anew if the broker cannot bind them (someone took them).
    bool start(); // plain listener, anonymous clients welcome
    bool start(const Config &config);
    void stop(); // kills and reaps; start() may be called again
    bool isRunning() const;
    // SIGSTOP / SIGCONT: a broker that hangs with its connections open (no PINGRESP, no reads).
    bool suspend();
    bool resume();

    quint16 port() const { return m_port; }       // plain MQTT on 127.0.0.1
    quint16 tlsPort() const { return m_tlsPort; } // 0 without TLS
    qint64 processId() const;                     // 0 when not running
    QString errorString() const { return m_error; }
    QString log() const; // the broker's own log so far (log_type all)
    QString directory() const { return m_dir.path(); } // mosquitto.conf, mosquitto.log, passwd

    static QString mosquittoPath(); // empty if not installed (looks in PATH, then /usr/sbin)
    // A free TCP port on 127.0.0.1 (bound, read back and released), 0 if none.
    static quint16 freeLoopbackPort();
    // A TCP connection to 127.0.0.1:port is accepted right now.
    static bool acceptsConnections(quint16 port);

    // Helpers for the broker's tools (mosquitto_passwd), shared with the tests' PKI maker:
    // a program in PATH or in /usr/sbin, /usr/local/sbin (empty if none) ...
    static QString findProgram(const QString &name);
    // ... and running one to completion: false with a description in *error unless it exits 0.
    static bool runProgram(const QString &program, const QStringList &args, const QString &workDir,
                           QString *error);

signals:
    // The broker exited although nobody called stop() (killed from outside, crashed).
    void exitedUnexpectedly(int exitCode);

private:
    bool startOnce(const Config &config);
    bool writeConfig(const Config &config);
    bool waitUntilListening(quint16 port, std::chrono::milliseconds timeout);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0;
    quint64 m_generation = 0; // bumped by every start(): late news of an old process is ignored
    QString m_error;
};

} // namespace qmt::mqtt
