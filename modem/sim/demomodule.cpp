#include "sim/demomodule.h"

#include "mqtt/localbroker.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

namespace qmt::sim {

DemoModule::DemoModule(QObject *parent)
    : QObject(parent)
{
}

DemoModule::~DemoModule()
{
    stop();
}

bool DemoModule::start()
{
    stop();
    m_error.clear();
    auto broker = std::make_unique<mqtt::LocalBroker>();
    if (!broker->start()) {
        m_error = tr("The demo's MQTT broker did not start: %1").arg(broker->errorString());
        return false;
    }
    SimOptions options;
    options.brokerHost = QStringLiteral("127.0.0.1");
    options.brokerPort = broker->port();
    // The module has been up for a while when the app opens its port: no boot URCs, which would
    // otherwise arrive in the middle of the app's first commands.
    options.bootUrcs = false;
    auto module = std::make_unique<SimModule>(options);
    auto pty = std::make_unique<PtyServer>(module.get());
    if (!pty->open()) {
        m_error = tr("The demo module has no pseudo-terminal: %1").arg(pty->errorString());
        return false;
    }
    connect(broker.get(), &mqtt::LocalBroker::exitedUnexpectedly, this, [this](int) { emit brokerLost(); });
    module->powerOn(); // quiet: bootUrcs is off
    m_broker = std::move(broker);
    m_module = std::move(module);
    m_pty = std::move(pty);
    m_path = m_pty->devicePath();
    return true;
}

void DemoModule::stop()
{
    // The port first (the app sees it go), then the module (its clients leave the broker), then
    // the broker.
    m_pty.reset();
    m_module.reset();
    if (m_broker)
        m_broker->disconnect(this);
    m_broker.reset();
    m_path.clear();
}

bool DemoModule::isRunning() const
{
    return m_pty && m_pty->isOpen() && m_broker && m_broker->isRunning();
}

quint16 DemoModule::brokerPort() const
{
    return m_broker ? m_broker->port() : 0;
}

} // namespace qmt::sim
