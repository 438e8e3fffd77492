// SPDX-License-Identifier: Apache-2.0
#include "sim/demomodule.h"

#include "mqtt/localbroker.h"
#include "mqtt/pkimaker.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

#include <QDir>
#include <QTemporaryDir>

namespace qmt::sim {

namespace {
// The §5.2 template's names (resources/sequences/seed_5_2.qmtseq) for what the module uploads.
mqtt::Pki demoPki(const QString &dir)
{
    const QDir d(dir);
    return {d.filePath(QStringLiteral("cacert.pem")), d.filePath(QStringLiteral("ca.key")),
            d.filePath(QStringLiteral("server.pem")), d.filePath(QStringLiteral("server.key")),
            d.filePath(QStringLiteral("client.pem")), d.filePath(QStringLiteral("user_key.pem"))};
}
} // namespace

DemoModule::DemoModule(QObject *parent) : QObject(parent), m_pki(new mqtt::PkiMaker(this))
{
    connect(m_pki, &mqtt::PkiMaker::ready, this, [this] { startBroker(true); });
    connect(m_pki, &mqtt::PkiMaker::failed, this, [this](const QString &why) {
        m_tlsError = tr("the demo's certificates could not be made: %1").arg(why);
        startBroker(false); // a demo without TLS is still a demo
    });
}

DemoModule::~DemoModule()
{
    stop();
}

void DemoModule::start()
{
    stop();
    m_error.clear();
    m_tlsError.clear();
    m_starting = true;
    if (!m_options.tls) {
        startBroker(false); // reports from the event loop, never from here
        return;
    }
    if (!m_certDir)
        m_certDir = std::make_unique<QTemporaryDir>();
    if (!m_certDir->isValid()) {
        m_tlsError = tr("no folder for the demo's certificates: %1").arg(m_certDir->errorString());
        startBroker(false);
        return;
    }
    mqtt::PkiOptions pki;
    pki.organisation = QStringLiteral("QMT Scope demo");
    pki.clientName = QStringLiteral("qmt-demo-device");
    pki.days = 365; // the TLS wizard warns about certificates that expire within 30 days
    m_pki->start(demoPki(m_certDir->path()), pki); // then startBroker(), from the event loop
}

void DemoModule::startBroker(bool tls)
{
    m_tls = tls;
    m_broker = std::make_unique<mqtt::LocalBroker>();
    connect(m_broker.get(), &mqtt::LocalBroker::ready, this, &DemoModule::onBrokerReady);
    connect(m_broker.get(), &mqtt::LocalBroker::failed, this,
            [this](const QString &why) { fail(tr("The demo's MQTT broker did not start: %1").arg(why)); });
    connect(m_broker.get(), &mqtt::LocalBroker::exitedUnexpectedly, this, [this](int) { emit brokerLost(); });
    mqtt::LocalBroker::Config config;
    config.program = m_options.brokerProgram;
    config.port = m_options.brokerPort;
    if (tls) {
        const mqtt::Pki pki = m_pki->pki();
        // mutual TLS, as the seed's §5.2: a client without a certificate of the demo CA is refused
        config.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, true, false};
    }
    m_broker->startAsync(config); // reports from the event loop, never from here
}

void DemoModule::onBrokerReady()
{
    SimOptions options;
    options.brokerHost = QStringLiteral("127.0.0.1");
    options.brokerPort = m_broker->port();
    options.brokerTlsPort = m_broker->tlsPort(); // 0 without TLS
    // The module has been up for a while when the app opens its port: no boot URCs, which would
    // otherwise arrive in the middle of the app's first commands.
    options.bootUrcs = false;
    options.latency = m_options.latency;
    auto module = std::make_unique<SimModule>(options);
    auto pty = std::make_unique<PtyServer>(module.get());
    if (!pty->open()) {
        fail(tr("The demo module has no pseudo-terminal: %1").arg(pty->errorString()));
        return;
    }
    module->powerOn(); // quiet: bootUrcs is off
    m_module = std::move(module);
    m_pty = std::move(pty);
    m_path = m_pty->devicePath();
    m_starting = false;
    emit ready(); // the last thing: a slot may stop or delete us
}

void DemoModule::fail(const QString &reason)
{
    m_pty.reset();
    m_module.reset();
    discardBroker();
    m_path.clear();
    m_starting = false;
    m_error = reason;
    emit failed(reason); // the last thing: a slot may delete us
}

// Stops the broker at once and deletes it later: this may run inside one of its signals.
void DemoModule::discardBroker()
{
    if (!m_broker)
        return;
    m_broker->disconnect(this);
    m_broker->stop();
    m_broker.release()->deleteLater();
}

void DemoModule::stop()
{
    m_pki->cancel();
    m_tls = false;
    // The port first (the app sees it go), then the module (its clients leave the broker), then
    // the broker.
    m_pty.reset();
    m_module.reset();
    if (m_broker)
        m_broker->disconnect(this);
    m_broker.reset();
    m_path.clear();
    m_starting = false;
}

bool DemoModule::isRunning() const
{
    return !m_starting && m_pty && m_pty->isOpen() && m_broker && m_broker->isRunning();
}

quint16 DemoModule::brokerPort() const
{
    return m_broker ? m_broker->port() : 0;
}

quint16 DemoModule::brokerTlsPort() const
{
    return m_broker ? m_broker->tlsPort() : 0;
}

DemoCertificates DemoModule::certificates() const
{
    if (!m_tls || !m_certDir || !isRunning())
        return {};
    const mqtt::Pki pki = m_pki->pki();
    return {m_certDir->path(), pki.caCert, pki.clientCert, pki.clientKey};
}

} // namespace qmt::sim
