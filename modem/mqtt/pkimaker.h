// SPDX-License-Identifier: Apache-2.0
#pragma once
// PkiMaker: a throw-away PKI for a local broker's TLS listener — a new CA, a server certificate
// for 127.0.0.1 and localhost, and a client certificate, all signed by that CA (EC P-256 keys,
// PEM files) — made with the openssl tool without blocking: each openssl run is a QProcess
// started from the finished signal of the one before; ready() or failed(reason) at the end.
// The demo mode makes its certificates with it, the tests theirs. QtCore only.

#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>

class QProcess;
class QTimer;

namespace qmt::mqtt {

// Where the files go (absolute paths); Pki::in(dir) names them ca.crt, ca.key, server.crt, …
struct Pki
{
    QString caCert; // self-signed CA
    QString caKey;
    QString serverCert; // CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1
    QString serverKey;
    QString clientCert; // CN=<client name>, signed by the CA, for client authentication
    QString clientKey;

    static Pki in(const QString &dir);
};

struct PkiOptions
{
    QString organisation = QStringLiteral("QMT Scope");
    QString clientName = QStringLiteral("qmt-client"); // the client certificate's CN
    int days = 30;                                     // validity of every certificate
};

class PkiMaker : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kStepTimeout{60000}; // each openssl run

    explicit PkiMaker(QObject *parent = nullptr);
    ~PkiMaker() override; // cancel()

    // Writes the files of `pki` (their folders must exist; an openssl configuration and the
    // signing requests go beside the CA certificate). Returns at once; ready() or failed()
    // follow from the event loop, never from within start(). Each call makes a new CA, with a
    // unique name. A run in progress is cancelled first.
    void start(const Pki &pki, const PkiOptions &options = PkiOptions());
    void cancel(); // kills the openssl run in progress; neither signal follows
    bool isRunning() const { return m_running; }
    const Pki &pki() const { return m_pki; }
    QString errorString() const { return m_error; }

    static QString opensslPath(); // empty if openssl is not installed

    // The same, waiting in a local event loop: for tests only, never the GUI thread.
    static bool makeAndWait(const Pki &pki, const PkiOptions &options, QString *error);

signals:
    void ready();
    void failed(const QString &reason);

private:
    void runNext();
    void fail(const QString &reason);
    void discardProcess();

    Pki m_pki;
    QList<QStringList> m_steps; // openssl arguments, in order
    QString m_workDir;
    std::unique_ptr<QProcess> m_process;
    QTimer *m_timeout = nullptr;
    bool m_running = false;
    quint64 m_generation = 0;
    QString m_error;
};

} // namespace qmt::mqtt
