// SPDX-License-Identifier: Apache-2.0
#pragma once
// LocalBroker: a private Mosquitto broker on loopback — the one implementation behind the tests'
// TestBroker and qmtscope-sim's own broker. It writes its configuration into a temporary
// directory, listens on free loopback ports (or given ones), optionally with a password file
// (made with mosquitto_passwd) and an extra TLS listener, and is only reported ready once it
// accepts connections (polled on a timer, no fixed sleep). It starts asynchronously (startAsync:
// ready() or failed()), so the GUI thread never waits for it. stop() and the destructor kill and reap it; on
// Linux it also dies with the process that started it (PR_SET_PDEATHSIG), so a crash leaves no
// broker behind. QtCore and POSIX only.

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <memory>

class QProcess;
class QTimer;

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
        QList<User> users;      // non-empty: a password file, and anonymous clients are refused
        Tls tls;                // an extra listener on tlsPort()
        QStringList extraLines; // appended to the generated mosquitto.conf
        quint16 port = 0;       // the plain listener on 127.0.0.1; 0: a free port
        quint16 tlsPort = 0;    // the TLS listener (with tls.enabled); 0: a free port
        QString program;        // the broker's executable (a path, or a name looked up as
                                // findProgram() does); empty: mosquittoPath()
    };

    static constexpr std::chrono::milliseconds kStartTimeout{15000};
    static constexpr std::chrono::milliseconds kToolTimeout{60000}; // mosquitto_passwd, each run

    explicit LocalBroker(QObject *parent = nullptr);
    ~LocalBroker() override; // stop()

    // Starts the broker without blocking: returns at once; later ready() once every listener
    // accepts connections, or failed(reason) (the reason includes the broker's log; nothing is
    // left running). Neither is emitted from within startAsync(). The password file
    // (mosquitto_passwd), the broker and the listening probe run on QProcess signals and a
    // timer. A running or starting broker is stopped first. Free ports are picked anew if the
    // broker cannot bind them (someone took them); fixed ports are tried once.
    void startAsync(); // plain listener, anonymous clients welcome
    void startAsync(const Config &config);
    // The same, waiting in a local event loop for the outcome: for tests and console programs
    // (qmtscope-sim), never the GUI thread. False with errorString() on failure.
    bool startAndWait();
    bool startAndWait(const Config &config);
    void stop(); // kills and reaps (also a start in progress: neither ready() nor failed() follows)
    bool isRunning() const; // started and ready
    bool isStarting() const { return m_state == State::Starting; }
    // SIGSTOP / SIGCONT: a broker that hangs with its connections open (no PINGRESP, no reads).
    bool suspend();
    bool resume();

    quint16 port() const { return m_port; }       // plain MQTT on 127.0.0.1
    quint16 tlsPort() const { return m_tlsPort; } // 0 without TLS
    qint64 processId() const;                     // 0 when not running
    QString errorString() const { return m_error; }
    QString log() const;                               // the broker's own log so far (log_type all)
    QString directory() const { return m_dir.path(); } // mosquitto.conf, mosquitto.log, passwd

    static QString mosquittoPath(); // empty if not installed (looks in PATH, then /usr/sbin)
    // A free TCP port on 127.0.0.1 (bound, read back and released), 0 if none.
    static quint16 freeLoopbackPort();
    // A TCP connection to 127.0.0.1:port is accepted right now.
    static bool acceptsConnections(quint16 port);
    // Nobody listens on (or holds) 127.0.0.1:port: a bind with SO_REUSEADDR succeeds.
    static bool portIsFree(quint16 port);

    // A program in PATH or in /usr/sbin, /usr/local/sbin (empty if none): the broker's tools,
    // openssl for the PKI makers.
    static QString findProgram(const QString &name);
    // Runs a program to completion, blocking: false with a description in *error unless it
    // exits 0. For tests only (their PKI checks); never called by the broker itself.
    static bool runProgram(const QString &program, const QStringList &args, const QString &workDir,
                           QString *error);

signals:
    void ready();                       // startAsync() succeeded: every listener accepts connections
    void failed(const QString &reason); // startAsync() gave up; errorString() says the same
    // The broker exited although nobody called stop() (killed from outside, crashed).
    void exitedUnexpectedly(int exitCode);

private:
    enum class State { Idle, Starting, Running };
    void beginAttempt();
    void runNextPasswd();
    void launch();
    void probe();
    void attemptFailed(const QString &why, bool retry = true);
    void finishStart(bool ok);
    bool writeConfig();
    QString brokerProgram() const;
    void discard(std::unique_ptr<QProcess> &p);

    QTemporaryDir m_dir;
    State m_state = State::Idle;
    Config m_config;
    int m_attemptsLeft = 0;
    int m_nextUser = 0;
    std::unique_ptr<QProcess> m_tool; // mosquitto_passwd while the password file is made
    std::unique_ptr<QProcess> m_process;
    QTimer *m_probeTimer = nullptr; // every kPollStep while mosquitto starts
    QTimer *m_toolTimer = nullptr;  // mosquitto_passwd's time-out
    QDeadlineTimer m_deadline;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0;
    quint64 m_generation = 0; // bumped by every start and stop: late news of an old process is ignored
    QString m_error;
};

} // namespace qmt::mqtt
