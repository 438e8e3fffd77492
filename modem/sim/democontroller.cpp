// SPDX-License-Identifier: Apache-2.0
#include "sim/democontroller.h"

namespace qmt::sim {

DemoController::DemoController(QObject *parent) : QObject(parent) {}

DemoController::~DemoController()
{
    if (m_demo)
        m_demo->disconnect(this);
    m_demo.reset();
}

bool DemoController::start()
{
    if (m_state != State::Stopped)
        return false;
    m_error.clear();
    m_demo = std::make_unique<DemoModule>();
    m_demo->setOptions(m_options);
    DemoModule *demo = m_demo.get();
    connect(demo, &DemoModule::ready, this, [this] {
        setState(State::Running);
        emit started(m_demo->devicePath());
    });
    connect(demo, &DemoModule::failed, this, [this](const QString &reason) {
        m_error = reason;
        // inside the module's own signal: deleted later, it has already stopped everything
        m_demo->disconnect(this);
        m_demo.release()->deleteLater();
        setState(State::Stopped);
        emit failed(reason);
    });
    connect(demo, &DemoModule::brokerLost, this, &DemoController::brokerLost);
    setState(State::Starting);
    demo->start();
    return true;
}

void DemoController::stop()
{
    if (m_state == State::Stopped)
        return;
    if (m_demo)
        m_demo->disconnect(this);
    m_demo.reset(); // the port, the module, the broker: gone now
    setState(State::Stopped);
    emit stopped();
}

void DemoController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace qmt::sim
