// SPDX-License-Identifier: Apache-2.0
#pragma once
// DemoController: the demo mode's life cycle, for the desktop app. It owns the DemoModule (a new
// one per start), starts it without blocking, refuses a second start while one runs or starts,
// and reports what happens as signals; the window only asks it and reacts (status bar, the Demo
// action, opening the port once the demo is ready). QtCore only.

#include "sim/demomodule.h"

#include <QObject>
#include <QString>
#include <memory>

namespace qmt::sim {

class DemoController : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running };
    Q_ENUM(State)

    explicit DemoController(QObject *parent = nullptr);
    ~DemoController() override; // stop()

    // Used by the next start().
    void setOptions(const DemoOptions &options) { m_options = options; }

    State state() const { return m_state; }
    bool isStarting() const { return m_state == State::Starting; }
    bool isRunning() const { return m_state == State::Running; }
    // The running demo (its port, broker, module for faults); null unless running.
    DemoModule *demo() const { return m_state == State::Running ? m_demo.get() : nullptr; }
    QString errorString() const { return m_error; } // why the last start failed

    // Starts a demo and returns at once: started() or failed() follow from the event loop.
    // False, and nothing happens, when a demo already runs or starts.
    bool start();
    // Stops a running demo, or abandons one that starts. Close the demo's port first.
    void stop();

signals:
    void stateChanged(qmt::sim::DemoController::State state);
    void started(const QString &devicePath); // ready: the module's port can be opened
    void failed(const QString &reason);      // the start failed; nothing is left running
    void stopped();                          // stop() ended a running or starting demo
    void brokerLost();                       // the running demo's broker exited by itself

private:
    void setState(State state);

    DemoOptions m_options;
    std::unique_ptr<DemoModule> m_demo;
    State m_state = State::Stopped;
    QString m_error;
};

} // namespace qmt::sim
