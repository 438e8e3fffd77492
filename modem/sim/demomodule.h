#pragma once
// DemoModule: everything the desktop app's demo mode needs to work with no module attached — a
// private Mosquitto broker on loopback (mqtt::LocalBroker), a simulated module whose slots talk
// to it, and a pseudo-terminal that puts the module where a serial port would be. The app then
// opens devicePath() like any port. (The walkthrough it is shown with is a script:
// workflows/script.h.)

#include <QObject>
#include <QString>
#include <memory>

namespace qmt::mqtt {
class LocalBroker;
}

namespace qmt::sim {

class PtyServer;
class SimModule;

class DemoModule : public QObject
{
    Q_OBJECT
public:
    explicit DemoModule(QObject *parent = nullptr);
    ~DemoModule() override; // stop()

    // Starts the broker, then the module routed to it on a new pseudo-terminal. Returns once the
    // broker accepts connections; false with errorString() on failure (nothing is left running).
    // A running demo is stopped first.
    bool start();
    void stop();
    bool isRunning() const;

    // The module's port: the pseudo-terminal's device (/dev/pts/N). No link is made, so a
    // crashed app leaves nothing behind.
    QString devicePath() const { return m_path; }
    quint16 brokerPort() const;
    SimModule *module() const { return m_module.get(); } // for fault injection; null when stopped
    mqtt::LocalBroker *broker() const { return m_broker.get(); }
    QString errorString() const { return m_error; }

signals:
    // The broker exited although nobody stopped it.
    void brokerLost();

private:
    std::unique_ptr<mqtt::LocalBroker> m_broker;
    std::unique_ptr<SimModule> m_module;
    std::unique_ptr<PtyServer> m_pty;
    QString m_path;
    QString m_error;
};

} // namespace qmt::sim
