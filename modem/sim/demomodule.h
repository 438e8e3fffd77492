// SPDX-License-Identifier: Apache-2.0
#pragma once
// DemoModule: everything the desktop app's demo mode needs to work with no module attached — a
// private Mosquitto broker on loopback (mqtt::LocalBroker), a simulated module whose slots talk
// to it, and a pseudo-terminal that puts the module where a serial port would be. The app then
// opens devicePath() like any port. It starts asynchronously (start(): ready() or failed()), so
// the GUI thread never waits for openssl or Mosquitto.
//
// TLS: at start it makes a throw-away CA, a server certificate and a client certificate
// (mqtt::PkiMaker, openssl run asynchronously) and gives the broker a TLS listener that requires
// a client certificate (mutual TLS, as the seed's §5.2); the module routes slots with SSL there.
// The files the module needs are named as the §5.2 template names them: cacert.pem (the CA),
// client.pem and user_key.pem (the client's certificate and key), in certificates().folder.
// (The walkthrough it is shown with is a script: workflows/script.h.)

#include "sim/latency.h"

#include <QObject>
#include <QString>
#include <memory>

class QTemporaryDir;

namespace qmt::mqtt {
class LocalBroker;
class PkiMaker;
} // namespace qmt::mqtt

namespace qmt::sim {

// How the demo starts; the defaults are what the app uses. Tests set the others.
struct DemoOptions
{
    QString brokerProgram;  // empty: mosquitto from PATH or /usr/sbin
    quint16 brokerPort = 0; // 0: a free loopback port
    bool tls = true;        // certificates and a TLS listener; without openssl, the demo has none
    // The module's air time (latency.h). Instant here; the app gives the demo a cellular link's
    // (qmtscope --demo-latency).
    Latency latency;
};

// The demo's certificates for the module (absolute paths), empty when the demo has no TLS.
struct DemoCertificates
{
    QString folder;     // where they are: cacert.pem, client.pem, user_key.pem
    QString caCert;     // the demo CA (signs the broker's certificate and the client's)
    QString clientCert; // CN=qmt-demo-device
    QString clientKey;  // its private key (EC P-256, PEM)
    bool isValid() const { return !caCert.isEmpty(); }
};

class PtyServer;
class SimModule;

class DemoModule : public QObject
{
    Q_OBJECT
public:
    explicit DemoModule(QObject *parent = nullptr);
    ~DemoModule() override; // stop()

    void setOptions(const DemoOptions &options) { m_options = options; }
    const DemoOptions &options() const { return m_options; }

    // Starts the broker, then the module routed to it on a new pseudo-terminal, without
    // blocking: returns at once; ready() follows once the port can be opened, or failed(reason)
    // (also errorString()) with nothing left running. Neither is emitted from within start().
    // A running or starting demo is stopped first.
    void start();
    void stop(); // also a start in progress: neither ready() nor failed() follows
    bool isRunning() const;
    bool isStarting() const { return m_starting; }

    // The module's port: the pseudo-terminal's device (/dev/pts/N). No link is made, so a
    // crashed app leaves nothing behind.
    QString devicePath() const { return m_path; }
    quint16 brokerPort() const;
    // The broker's TLS listener (client certificate required), 0 without TLS; slots with SSL
    // enabled are routed there whatever host and port AT+QMTOPEN names.
    quint16 brokerTlsPort() const;
    DemoCertificates certificates() const; // valid once ready, with TLS
    // Why a started demo has no TLS (openssl missing or failing); empty when it has or was not asked.
    QString tlsError() const { return m_tlsError; }
    SimModule *module() const { return m_module.get(); } // for fault injection; null when stopped
    mqtt::LocalBroker *broker() const { return m_broker.get(); }
    QString errorString() const { return m_error; }

signals:
    void ready();
    void failed(const QString &reason);
    // The broker exited although nobody stopped it.
    void brokerLost();

private:
    void startBroker(bool tls);
    void onBrokerReady();
    void fail(const QString &reason);
    void discardBroker();

    DemoOptions m_options;
    bool m_starting = false;
    bool m_tls = false; // the broker was started with the TLS listener
    QString m_tlsError;
    std::unique_ptr<QTemporaryDir> m_certDir;
    mqtt::PkiMaker *m_pki = nullptr;
    std::unique_ptr<mqtt::LocalBroker> m_broker;
    std::unique_ptr<SimModule> m_module;
    std::unique_ptr<PtyServer> m_pty;
    QString m_path;
    QString m_error;
};

} // namespace qmt::sim
