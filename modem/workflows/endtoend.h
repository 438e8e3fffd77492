// SPDX-License-Identifier: Apache-2.0
#pragma once
// EndToEnd: proves that messages cross the broker, both ways, and measures how long they take.
// A module saying +QMTPUBEX: 0,1,0 only says it thinks it sent; here the desktop is a second MQTT
// client (the peer, mqtt::MqttClient) on the same broker:
//   module → peer: the slot publishes on <topic>/up (AT+QMTPUBEX); the peer, subscribed, must
//                  receive it intact. Latency: from the module's OK after the data (it accepted
//                  the message) to the peer's arrival; the serial line's share is the time from
//                  writing the command to that OK.
//   peer → module: the peer publishes on <topic>/down; the slot, subscribed, must report it in a
//                  +QMTRECV (read out with AT+QMTRECV in buffered receive mode). Latency: from
//                  the peer's publish to the URC's arrival on the port; the serial line's share is
//                  the URC's bytes at the port's baud rate (0 when not known, e.g. a pty).
// One message at a time, per QoS level asked for, so each latency is the message's own. When the
// slot is not connected yet it is opened and connected first (to options.host:port, with
// recv/mode set to show the payload length so binary payloads survive).
//
// Payloads: "QMTE2E" + a run id + the direction, QoS and sequence number, then filler to the
// size asked for: text, or (binary) every byte value in turn.

#include "at/builders.h"
#include "io/commandchannel.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace qmt::mqtt {
class MqttClient;
}

namespace qmt::session {

class Pipeline;

struct EndToEndOptions
{
    int slot = 0;
    QByteArray topic = "qmtscope/e2e"; // the base: <topic>/up and <topic>/down are used
    int count = 10;                    // messages per direction and QoS
    QList<int> qos{0, 1};
    bool up = true;                           // module → peer
    bool down = true;                         // peer → module
    int payloadSize = 32;                     // bytes, at least the header's 22
    bool binary = false;                      // every byte value (needs recv/mode with the length shown)
    std::chrono::milliseconds timeout{15000}; // per message
    qint32 baud = 0; // the port's, for the serial share of peer → module (0: not known)
    // To open and connect the slot when it is not connected.
    QString host;
    int port = 1883;
    QByteArray clientId = "qmtscope-e2e";
    std::optional<QByteArray> username, password;
    int sslCtx = -1; // >= 0: AT+QMTCFG="ssl",<slot>,1,<ctx> first (the context set up already)
};

enum class E2eDirection : std::uint8_t { ModuleToPeer, PeerToModule };
QString e2eDirectionName(E2eDirection d); // "module → peer", translated

struct E2eSample
{
    E2eDirection dir = E2eDirection::ModuleToPeer;
    int qos = 0;
    int seq = 0;
    // Times in microseconds on the check's own monotonic clock.
    qint64 sentUs = 0;     // module → peer: the command written; peer → module: published
    qint64 acceptedUs = 0; // module → peer: the module's OK after the data; else = sentUs
    qint64 arrivedUs = 0;  // 0 when it did not arrive
    qint64 serialUs = 0;   // the serial line's share
    bool arrived = false;
    bool intact = false;
    QString problem; // why it failed, when it did
    bool passed() const { return arrived && intact && problem.isEmpty(); }
    qint64 latencyUs() const { return arrived ? arrivedUs - acceptedUs : -1; }
};

struct E2eStats
{
    E2eDirection dir = E2eDirection::ModuleToPeer;
    int qos = 0;
    int sent = 0, arrived = 0, intact = 0;
    qint64 minUs = 0, medianUs = 0, p99Us = 0, maxUs = 0, serialMedianUs = 0;
    double perSecond = 0; // messages that arrived per second of the run
    bool passed() const { return sent > 0 && intact == sent; }
    QString line() const; // "module → peer  QoS 1  10/10 intact  median 0.41 ms  p99 0.93 ms  …"
};

class EndToEnd : public QObject
{
    Q_OBJECT
public:
    // The peer must be connected to the broker the slot opens (or will open).
    EndToEnd(CommandChannel *channel, Pipeline *pipeline, mqtt::MqttClient *peer, QObject *parent = nullptr);
    ~EndToEnd() override;

    void start(const EndToEndOptions &options);
    void cancel();
    bool isRunning() const { return m_running; }

    const QList<E2eSample> &samples() const { return m_samples; }
    QList<E2eStats> stats() const;
    static QList<E2eStats> statsOf(const QList<E2eSample> &samples);
    // Every message arrived intact (and nothing failed before they were sent).
    bool passed() const;
    QString error() const { return m_error; }

    // Every sample as CSV: direction (up/down), qos, seq, sent/accepted/arrived µs, latency,
    // serial share, result ("ok" or the problem). What the peer panel and `qmtscope-cli e2e --csv`
    // write.
    static QByteArray csv(const QList<E2eSample> &samples);

    // The payload of a message (exposed for tests).
    static QByteArray payloadFor(const QByteArray &runId, E2eDirection dir, int qos, int seq, int size,
                                 bool binary);

signals:
    void progress(const QString &step);
    void sampleFinished(const qmt::session::E2eSample &sample);
    void finished(bool passed);

private:
    void fail(const QString &why);
    void prepare();
    void runStep(int i);
    void nextMessage();
    void finishMessage(const QString &problem = QString());
    void send(const at::Built &built, std::function<void(const CommandResult &)> then);
    void onEvent(const at::AtEvent &ev);
    void checkArrival(E2eDirection dir, QByteArrayView payload, qint64 atUs, bool complete, qint64 wireBytes);
    qint64 nowUs() const;

    CommandChannel *m_channel;
    Pipeline *m_pipeline;
    QPointer<mqtt::MqttClient> m_peer;
    EndToEndOptions m_options;
    QByteArray m_runId;
    bool m_running = false;
    QString m_error;
    int m_observer = -1;
    QList<QMetaObject::Connection> m_peerConnections;
    QList<E2eSample> m_samples;
    // the plan: (direction, qos) pairs in order, and where we are
    QList<std::pair<E2eDirection, int>> m_plan;
    int m_planIndex = 0;
    int m_seq = 0;
    int m_msgId = 0;
    std::optional<E2eSample> m_current;
    QByteArray m_expected;
    bool m_replyDone = false; // module → peer: the module's result URC came
    QTimer m_timeout;
    QElapsedTimer m_clock; // the samples' times: microseconds since this object was made
    QPointer<CommandReply> m_reply;
    int m_peerSubscribeMid = -1;
    QList<std::function<void(std::function<void()>)>> m_steps; // preparing: open, connect, subscribe
};

} // namespace qmt::session

Q_DECLARE_METATYPE(qmt::session::E2eSample)
