// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one Qt adapter around libmosquitto: a single MQTT 3.1/3.1.1 client driven by the Qt event
// loop (socket notifiers and a timer, no thread), reporting every protocol event as a signal.
// libmosquitto's callbacks are queued and turned into signals once the library has returned, never
// from inside a call into this object (stateChanged() from connectToHost()/disconnectFromHost()
// aside), so slots may call back, or delete the client, freely.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

struct mosquitto;
struct mosquitto_message;
class QSocketNotifier;
class QTimer;

namespace qmt::mqtt {

class MqttClient : public QObject
{
    Q_OBJECT
public:
    enum class State : std::uint8_t { Disconnected, Connecting, Connected, Disconnecting };
    Q_ENUM(State)

    // The libmosquitto error codes (MOSQ_ERR_*) that disconnected() and errorOccurred() carry,
    // repeated here so that users need not include mosquitto.h. Checked against it in the .cpp.
    enum Error : int {
        NoError = 0,
        NoMemory = 1,
        ProtocolError = 2,
        InvalidArgument = 3,
        NotConnected = 4,
        ConnackRefused = 5, // the broker answered CONNACK 1..5 (see connackRefused())
        ConnectionLost = 7, // the peer closed the connection or the socket failed
        TlsError = 8,
        PayloadTooLarge = 9,
        SystemError = 14,     // a system call failed (connect refused, unreachable, ...)
        LookupError = 15,     // the host name did not resolve
        KeepAliveTimeout = 19 // no PINGRESP (or no CONNACK) within the keep-alive interval
    };
    Q_ENUM(Error)

    struct Will
    {
        QByteArray topic;
        QByteArray payload;
        int qos = 0;
        bool retain = false;
    };

    struct Tls
    {
        bool enabled = false;
        QString caFile;   // empty: trust the system's CA store
        QString certFile; // client certificate; both or neither of certFile/keyFile
        QString keyFile;
        QString tlsVersion; // "tlsv1.3", "tlsv1.2", "tlsv1.1"; empty = library default
        bool verifyPeer = true;
        QString ciphers;       // an OpenSSL cipher list; empty = default
        bool insecure = false; // skip the check of the server's host name
    };

    struct Options
    {
        // May be empty with a clean session (MQTT 3.1.1: the broker assigns one); libmosquitto
        // refuses an empty id for a persistent session.
        QByteArray clientId;
        std::optional<QByteArray> username; // no username: no password is sent either
        std::optional<QByteArray> password;
        // libmosquitto accepts 0 (off) or 5..65535. It is also the CONNACK timeout; with 0 there is
        // none, and the caller has to give up with disconnectFromHost().
        std::chrono::seconds keepAlive{120};
        bool cleanSession = true;
        int protocolVersion = 4; // 3 = MQTT 3.1, 4 = MQTT 3.1.1
        std::optional<Will> will;
        Tls tls;
    };

    explicit MqttClient(QObject *parent = nullptr);
    // Drops a live connection without DISCONNECT, as a dying module would: the broker then
    // publishes the will. No signal is emitted from the destructor.
    ~MqttClient() override;

    // Starts connecting; the outcome arrives as connected(), or connackRefused() then
    // disconnected(), or errorOccurred() then disconnected(). Ignored (with errorOccurred())
    // unless the state is Disconnected. Host name resolution is synchronous (libmosquitto 2.0).
    void connectToHost(const QString &host, quint16 port, const Options &options);
    // Sends DISCONNECT (or gives up an attempt in progress); disconnected(NoError, true) follows.
    void disconnectFromHost();
    // Shuts the socket down without DISCONNECT (a link drop); disconnected(ConnectionLost, false)
    // follows and the broker publishes the will.
    void abort();

    // Return the packet's message id, or -1 if not connected or libmosquitto refused the
    // request (errorOccurred() follows). A QoS 0 publish also gets an id; published() reports
    // it once written. libmosquitto keeps at most 20 QoS > 0 messages in flight and queues the
    // rest, so a QoS 0 message may overtake QoS 1/2 ones published before it.
    int subscribe(const QByteArray &topicFilter, int qos);
    int unsubscribe(const QByteArray &topicFilter);
    int publish(const QByteArray &topic, const QByteArray &payload, int qos, bool retain);

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }

    static QString errorText(int error);        // mosquitto_strerror(), filling its gaps
    static QString connackText(int returnCode); // mosquitto_connack_string()

signals:
    void stateChanged(qmt::mqtt::MqttClient::State state);
    void connected(bool sessionPresent);
    void connackRefused(int returnCode); // MQTT 3.1/3.1.1 CONNACK return code 1..5
    // error is NoError after disconnectFromHost(); expected tells whether we asked for it.
    void disconnected(int error, bool expected);
    void subscribed(int mid, const QList<int> &grantedQos); // 0x80 = failure
    void unsubscribed(int mid);
    void published(int mid); // QoS 0: written; QoS 1: PUBACK; QoS 2: PUBCOMP
    void messageReceived(int mid, const QByteArray &topic, const QByteArray &payload, int qos, bool retained);
    // A local fault (TLS setup, socket, name lookup, refused request), with libmosquitto's code.
    void errorOccurred(int error, const QString &message);

private:
    static void onConnectCb(mosquitto *m, void *obj, int rc, int flags);
    static void onDisconnectCb(mosquitto *m, void *obj, int rc);
    static void onSubscribeCb(mosquitto *m, void *obj, int mid, int count, const int *granted);
    static void onUnsubscribeCb(mosquitto *m, void *obj, int mid);
    static void onPublishCb(mosquitto *m, void *obj, int mid);
    static void onMessageCb(mosquitto *m, void *obj, const mosquitto_message *msg);
    static void onLogCb(mosquitto *m, void *obj, int level, const char *text);

    bool setUp(const Options &options);
    void onSocketActivated(bool writable);
    void onMiscTimer();
    void afterLibraryCall(int rc);
    void syncNotifiers();
    void dropNotifiers();
    void destroyHandle();
    bool linkUp(const QString &what);
    void failConnection(int error, const QString &message);
    void reportError(int error, const QString &message);
    QString describe(int rc) const;
    void post(std::function<void()> event);
    void scheduleFlush();
    void flushEvents();
    void setState(State state);

    mosquitto *m_mosq = nullptr;
    State m_state = State::Disconnected;
    bool m_handshaking = false; // between connectToHost() and the CONNACK
    bool m_disconnectRequested = false;
    bool m_linkClosed = true; // libmosquitto reported the socket gone for this attempt
    int m_connackCode = -1;   // CONNACK return code of this attempt, -1 before it
    int m_lastErrno = 0;
    QString m_lastLibError; // libmosquitto's last MOSQ_LOG_ERR line (OpenSSL details)
    QString m_errorString;
    int m_fd = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer *m_miscTimer = nullptr;
    struct Event
    {
        unsigned generation;
        std::function<void()> deliver;
    };
    std::deque<Event> m_pending;
    unsigned m_generation = 0; // bumped whenever a libmosquitto handle is given up
    bool m_flushScheduled = false;
    bool m_flushing = false;
};

} // namespace qmt::mqtt
