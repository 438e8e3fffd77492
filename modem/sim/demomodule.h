#pragma once
// DemoModule: everything the desktop app's demo mode needs to work with no module attached — a
// private Mosquitto broker on loopback (mqtt::LocalBroker), a simulated module whose slots talk
// to it, and a pseudo-terminal that puts the module where a serial port would be. The app then
// opens devicePath() like any port. Also reads walkthrough scripts: AT command lines played
// through the session after connecting (for screenshots, demonstrations and scripts).

#include "at/atcommand.h"

#include <QList>
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

    // A walkthrough script: one AT command per line; a line starting with '>' is the data the
    // command before it writes after the prompt (AT+QMTPUBEX, AT+QMTCFG="willex", AT+QMTPUB with
    // a length) — the same convention as a transcript. Lines starting with '#' or "//" and empty
    // lines are ignored; so are lines that are neither (a transcript's responses), which makes a
    // transcript a valid script. The declared length of a '>' command is checked against its data.
    // Returns the commands; on a malformed script none, with *error naming the line.
    static QList<at::AtCommand> parseScript(QByteArrayView text, QString *error = nullptr);
    // The built-in walkthrough, the core of the seed's §5.1 session: open slot 0, connect,
    // subscribe to two topics, publish to one of them, so the message comes back.
    static QByteArray defaultScript();

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
