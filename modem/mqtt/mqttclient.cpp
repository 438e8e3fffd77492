// SPDX-License-Identifier: Apache-2.0
#include "mqtt/mqttclient.h"

#include <QFile>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <mosquitto.h>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace qmt::mqtt {

namespace {
Q_LOGGING_CATEGORY(lcMqtt, "qmtscope.mqtt")

// libmosquitto's keep-alive check has a resolution of one second.
constexpr std::chrono::milliseconds kMiscInterval{1000};
// Where the system keeps its CA certificates, for a client certificate without a CA file:
// mosquitto_tls_set() insists on a CA file or directory.
constexpr const char *kSystemCaPath = "/etc/ssl/certs";
constexpr qsizetype kMaxPayload = 268435455; // MQTT's largest remaining length

static_assert(int(MqttClient::NoMemory) == int(MOSQ_ERR_NOMEM));
static_assert(int(MqttClient::ProtocolError) == int(MOSQ_ERR_PROTOCOL));
static_assert(int(MqttClient::InvalidArgument) == int(MOSQ_ERR_INVAL));
static_assert(int(MqttClient::NotConnected) == int(MOSQ_ERR_NO_CONN));
static_assert(int(MqttClient::ConnackRefused) == int(MOSQ_ERR_CONN_REFUSED));
static_assert(int(MqttClient::ConnectionLost) == int(MOSQ_ERR_CONN_LOST));
static_assert(int(MqttClient::TlsError) == int(MOSQ_ERR_TLS));
static_assert(int(MqttClient::PayloadTooLarge) == int(MOSQ_ERR_PAYLOAD_SIZE));
static_assert(int(MqttClient::SystemError) == int(MOSQ_ERR_ERRNO));
static_assert(int(MqttClient::LookupError) == int(MOSQ_ERR_EAI));
static_assert(int(MqttClient::KeepAliveTimeout) == int(MOSQ_ERR_KEEPALIVE));

void initLibrary()
{
    static const int rc = mosquitto_lib_init();
    Q_UNUSED(rc);
}

// Without a callback OpenSSL would prompt on the terminal for an encrypted key's passphrase.
int noPassphrase(char *, int, int, void *)
{
    return 0;
}

MqttClient *clientOf(void *obj)
{
    return static_cast<MqttClient *>(obj);
}
} // namespace

MqttClient::MqttClient(QObject *parent) : QObject(parent)
{
    initLibrary();
    m_miscTimer = new QTimer(this);
    m_miscTimer->setInterval(kMiscInterval);
    connect(m_miscTimer, &QTimer::timeout, this, &MqttClient::onMiscTimer);
}

MqttClient::~MqttClient()
{
    m_pending.clear();
    destroyHandle();
}

QString MqttClient::errorText(int error)
{
    if (error == MOSQ_ERR_KEEPALIVE) // libmosquitto 2.0.11 calls it "Unknown error."
        return QStringLiteral("Keep-alive timeout.");
    return QString::fromUtf8(mosquitto_strerror(error));
}

QString MqttClient::connackText(int returnCode)
{
    return QString::fromUtf8(mosquitto_connack_string(returnCode));
}

void MqttClient::connectToHost(const QString &host, quint16 port, const Options &options)
{
    if (m_state != State::Disconnected) {
        reportError(InvalidArgument, QStringLiteral("connectToHost() while not disconnected"));
        return;
    }
    destroyHandle();
    m_disconnectRequested = false;
    m_connackCode = -1;
    m_lastErrno = 0;
    m_lastLibError.clear();
    m_errorString.clear();
    setState(State::Connecting);

    // libmosquitto rejects "" as a client id; a null one is sent as empty, which it allows with a
    // clean session only.
    if (options.clientId.isEmpty() && !options.cleanSession) {
        failConnection(InvalidArgument, QStringLiteral("an empty client id needs a clean session"));
        return;
    }
    // QByteArray data is NUL-terminated, so constData() is a C string for libmosquitto.
    m_mosq = mosquitto_new(options.clientId.isEmpty() ? nullptr : options.clientId.constData(),
                           options.cleanSession, this);
    if (!m_mosq) {
        failConnection(errno == EINVAL ? InvalidArgument : NoMemory,
                       QStringLiteral("cannot create a libmosquitto client (client id \"%1\")")
                           .arg(QString::fromUtf8(options.clientId)));
        return;
    }
    if (!setUp(options))
        return;

    qCDebug(lcMqtt) << "connecting to" << host << port << "as" << options.clientId;
    m_linkClosed = false;
    m_handshaking = true;
    errno = 0;
    const int rc =
        mosquitto_connect_async(m_mosq, host.toUtf8().constData(), port, int(options.keepAlive.count()));
    if (rc != MOSQ_ERR_SUCCESS) {
        m_lastErrno = errno;
        m_linkClosed = true;
        m_handshaking = false;
        failConnection(rc, describe(rc));
        return;
    }
    afterLibraryCall(rc);
}

bool MqttClient::setUp(const Options &options)
{
    int rc = MOSQ_ERR_SUCCESS;
    mosquitto_threaded_set(m_mosq, false);
    mosquitto_connect_with_flags_callback_set(m_mosq, &MqttClient::onConnectCb);
    mosquitto_disconnect_callback_set(m_mosq, &MqttClient::onDisconnectCb);
    mosquitto_subscribe_callback_set(m_mosq, &MqttClient::onSubscribeCb);
    mosquitto_unsubscribe_callback_set(m_mosq, &MqttClient::onUnsubscribeCb);
    mosquitto_publish_callback_set(m_mosq, &MqttClient::onPublishCb);
    mosquitto_message_callback_set(m_mosq, &MqttClient::onMessageCb);
    mosquitto_log_callback_set(m_mosq, &MqttClient::onLogCb);

    const auto fail = [this](int code, const QString &what) {
        failConnection(code, QStringLiteral("%1: %2").arg(what, describe(code)));
        return false;
    };

    if (options.protocolVersion != 3 && options.protocolVersion != 4)
        return fail(MOSQ_ERR_INVAL,
                    QStringLiteral("unsupported MQTT protocol version %1").arg(options.protocolVersion));
    rc = mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION,
                              options.protocolVersion == 3 ? MQTT_PROTOCOL_V31 : MQTT_PROTOCOL_V311);
    if (rc != MOSQ_ERR_SUCCESS)
        return fail(rc, QStringLiteral("protocol version"));
    // Small messages go at once (no Nagle delay waiting for an ACK).
    mosquitto_int_option(m_mosq, MOSQ_OPT_TCP_NODELAY, 1);

    if (options.username) {
        rc = mosquitto_username_pw_set(m_mosq, options.username->constData(),
                                       options.password ? options.password->constData() : nullptr);
        if (rc != MOSQ_ERR_SUCCESS)
            return fail(rc, QStringLiteral("user name"));
    }

    if (options.will) {
        const Will &w = *options.will;
        if (w.payload.size() > kMaxPayload)
            return fail(MOSQ_ERR_PAYLOAD_SIZE, QStringLiteral("will"));
        rc = mosquitto_will_set(m_mosq, w.topic.constData(), int(w.payload.size()), w.payload.constData(),
                                w.qos, w.retain);
        if (rc != MOSQ_ERR_SUCCESS)
            return fail(rc, QStringLiteral("will"));
    }

    const Tls &tls = options.tls;
    if (tls.enabled) {
        const QByteArray ca = QFile::encodeName(tls.caFile);
        const QByteArray cert = QFile::encodeName(tls.certFile);
        const QByteArray key = QFile::encodeName(tls.keyFile);
        if (cert.isEmpty() != key.isEmpty())
            return fail(MOSQ_ERR_TLS, QStringLiteral("TLS setup: a client certificate needs its key"));
        if (ca.isEmpty()) {
            rc = mosquitto_int_option(m_mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
            if (rc != MOSQ_ERR_SUCCESS)
                return fail(MOSQ_ERR_TLS, QStringLiteral("TLS setup: system CA store"));
        }
        if (!ca.isEmpty() || !cert.isEmpty()) {
            // mosquitto_tls_set() checks that each file can be opened.
            rc = mosquitto_tls_set(m_mosq, ca.isEmpty() ? nullptr : ca.constData(),
                                   ca.isEmpty() ? kSystemCaPath : nullptr,
                                   cert.isEmpty() ? nullptr : cert.constData(),
                                   key.isEmpty() ? nullptr : key.constData(), &noPassphrase);
            if (rc != MOSQ_ERR_SUCCESS)
                return fail(MOSQ_ERR_TLS, QStringLiteral("TLS setup: cannot use CA \"%1\", "
                                                         "certificate \"%2\", key \"%3\"")
                                              .arg(tls.caFile, tls.certFile, tls.keyFile));
        }
        const QByteArray version = tls.tlsVersion.toLatin1();
        const QByteArray ciphers = tls.ciphers.toLatin1();
        rc = mosquitto_tls_opts_set(m_mosq, tls.verifyPeer ? 1 : 0,
                                    version.isEmpty() ? nullptr : version.constData(),
                                    ciphers.isEmpty() ? nullptr : ciphers.constData());
        if (rc != MOSQ_ERR_SUCCESS)
            return fail(MOSQ_ERR_TLS, QStringLiteral("TLS setup: version \"%1\" or ciphers \"%2\"")
                                          .arg(tls.tlsVersion, tls.ciphers));
        rc = mosquitto_tls_insecure_set(m_mosq, tls.insecure || !tls.verifyPeer);
        if (rc != MOSQ_ERR_SUCCESS)
            return fail(MOSQ_ERR_TLS, QStringLiteral("TLS setup"));
    }
    return true;
}

void MqttClient::disconnectFromHost()
{
    switch (m_state) {
    case State::Disconnected:
    case State::Disconnecting:
        return;
    case State::Connecting:
        // No CONNACK yet: there is no session to end politely, so drop the attempt.
        m_disconnectRequested = true;
        m_handshaking = false;
        m_linkClosed = true;
        destroyHandle();
        setState(State::Disconnecting);
        post([this] {
            setState(State::Disconnected);
            emit disconnected(NoError, true);
        });
        return;
    case State::Connected:
        break;
    }
    m_disconnectRequested = true;
    setState(State::Disconnecting);
    // Writes DISCONNECT now if the socket takes it; libmosquitto then closes the socket and calls
    // on_disconnect (rc 0). Otherwise the write notifier finishes the job.
    const int rc = mosquitto_disconnect(m_mosq);
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN)
        qCDebug(lcMqtt) << "mosquitto_disconnect:" << errorText(rc);
    afterLibraryCall(rc);
}

void MqttClient::abort()
{
    if (!m_mosq || m_linkClosed)
        return;
    const int fd = mosquitto_socket(m_mosq);
    if (fd < 0)
        return;
    // libmosquitto has no "drop the link" call: shut the socket down under it, and let the next
    // read (end of stream) take the usual connection-lost path.
    ::shutdown(fd, SHUT_RDWR);
    if (m_readNotifier)
        m_readNotifier->setEnabled(true);
}

int MqttClient::subscribe(const QByteArray &topicFilter, int qos)
{
    if (!linkUp(QStringLiteral("subscribe")))
        return -1;
    int mid = -1;
    const int rc = mosquitto_subscribe(m_mosq, &mid, topicFilter.constData(), qos);
    afterLibraryCall(rc);
    if (rc != MOSQ_ERR_SUCCESS) {
        reportError(rc, QStringLiteral("subscribe: %1").arg(describe(rc)));
        return -1;
    }
    return mid;
}

int MqttClient::unsubscribe(const QByteArray &topicFilter)
{
    if (!linkUp(QStringLiteral("unsubscribe")))
        return -1;
    int mid = -1;
    const int rc = mosquitto_unsubscribe(m_mosq, &mid, topicFilter.constData());
    afterLibraryCall(rc);
    if (rc != MOSQ_ERR_SUCCESS) {
        reportError(rc, QStringLiteral("unsubscribe: %1").arg(describe(rc)));
        return -1;
    }
    return mid;
}

int MqttClient::publish(const QByteArray &topic, const QByteArray &payload, int qos, bool retain)
{
    if (!linkUp(QStringLiteral("publish")))
        return -1;
    if (payload.size() > kMaxPayload) {
        reportError(PayloadTooLarge, QStringLiteral("publish: %1").arg(errorText(PayloadTooLarge)));
        return -1;
    }
    int mid = -1;
    // For QoS 0 on a writable socket, on_publish runs inside this call; its signal is queued.
    const int rc = mosquitto_publish(m_mosq, &mid, topic.constData(), int(payload.size()),
                                     payload.constData(), qos, retain);
    afterLibraryCall(rc);
    if (rc != MOSQ_ERR_SUCCESS) {
        reportError(rc, QStringLiteral("publish: %1").arg(describe(rc)));
        return -1;
    }
    return mid;
}

bool MqttClient::linkUp(const QString &what)
{
    // Not before CONNACK, nor once the socket is gone: libmosquitto would keep a QoS > 0 message
    // for a reconnect of this handle, which never comes (each connection gets a new one).
    if (m_mosq && !m_linkClosed && m_state == State::Connected)
        return true;
    reportError(NotConnected, QStringLiteral("%1: %2").arg(what, errorText(NotConnected)));
    return false;
}

// --- libmosquitto callbacks: record, never call back into libmosquitto or user code ---------

void MqttClient::onConnectCb(mosquitto *, void *obj, int rc, int flags)
{
    MqttClient *self = clientOf(obj);
    if (!self)
        return;
    self->m_connackCode = rc;
    self->m_handshaking = false;
    qCDebug(lcMqtt) << "CONNACK" << rc << "flags" << flags;
    if (rc == 0) {
        const bool sessionPresent = (flags & 1) != 0;
        self->post([self, sessionPresent] {
            self->setState(State::Connected);
            emit self->connected(sessionPresent);
        });
    } else {
        // libmosquitto closes the connection next and calls on_disconnect(MOSQ_ERR_CONN_REFUSED).
        self->post([self, rc] { emit self->connackRefused(rc); });
    }
}

void MqttClient::onDisconnectCb(mosquitto *, void *obj, int rc)
{
    const int savedErrno = errno;
    MqttClient *self = clientOf(obj);
    if (!self)
        return;
    self->m_lastErrno = savedErrno;
    const bool duringHandshake = self->m_connackCode < 0;
    self->m_linkClosed = true;
    self->m_handshaking = false;
    const bool expected = self->m_disconnectRequested;
    qCDebug(lcMqtt) << "disconnected, rc" << rc << errorText(rc) << "expected" << expected;
    if (duringHandshake && rc != MOSQ_ERR_SUCCESS) {
        // Never reached the broker's CONNACK: a local or network fault.
        self->reportError(rc, self->describe(rc));
    }
    self->post([self, rc, expected] {
        self->setState(State::Disconnected);
        emit self->disconnected(rc, expected);
    });
}

void MqttClient::onSubscribeCb(mosquitto *, void *obj, int mid, int count, const int *granted)
{
    MqttClient *self = clientOf(obj);
    if (!self)
        return;
    QList<int> qos;
    qos.reserve(count);
    for (int i = 0; i < count; ++i)
        qos.append(granted[i]);
    self->post([self, mid, qos] { emit self->subscribed(mid, qos); });
}

void MqttClient::onUnsubscribeCb(mosquitto *, void *obj, int mid)
{
    MqttClient *self = clientOf(obj);
    if (!self)
        return;
    self->post([self, mid] { emit self->unsubscribed(mid); });
}

void MqttClient::onPublishCb(mosquitto *, void *obj, int mid)
{
    MqttClient *self = clientOf(obj);
    if (!self)
        return;
    self->post([self, mid] { emit self->published(mid); });
}

void MqttClient::onMessageCb(mosquitto *, void *obj, const mosquitto_message *msg)
{
    MqttClient *self = clientOf(obj);
    if (!self || !msg)
        return;
    const int mid = msg->mid;
    const QByteArray topic(msg->topic);
    const QByteArray payload(static_cast<const char *>(msg->payload), msg->payloadlen);
    const int qos = msg->qos;
    const bool retained = msg->retain;
    self->post([self, mid, topic, payload, qos, retained] {
        emit self->messageReceived(mid, topic, payload, qos, retained);
    });
}

void MqttClient::onLogCb(mosquitto *, void *obj, int level, const char *text)
{
    MqttClient *self = clientOf(obj);
    if (!self)
        return;
    const QString line = QString::fromUtf8(text);
    if (level & MOSQ_LOG_ERR) {
        self->m_lastLibError = line;
        qCInfo(lcMqtt) << "libmosquitto:" << line;
    } else if (level & (MOSQ_LOG_WARNING | MOSQ_LOG_NOTICE)) {
        qCDebug(lcMqtt) << "libmosquitto:" << line;
    }
}

// --- driving libmosquitto from the event loop ---------------------------------------------

void MqttClient::onSocketActivated(bool writable)
{
    if (!m_mosq)
        return;
    int rc;
    if (m_handshaking) {
        // libmosquitto 2.0 advances a TLS handshake only inside mosquitto_loop() (its
        // want_connect state); loop_read/loop_write would never send CONNECT. With a zero
        // timeout its select() just re-checks the socket Qt already found ready.
        rc = mosquitto_loop(m_mosq, 0, 1);
    } else if (writable) {
        rc = mosquitto_loop_write(m_mosq, 1);
    } else {
        rc = mosquitto_loop_read(m_mosq, 1);
    }
    if (rc == MOSQ_ERR_INVAL && m_handshaking && !m_linkClosed) {
        // mosquitto_loop() refuses descriptors >= FD_SETSIZE.
        m_linkClosed = true;
        m_handshaking = false;
        destroyHandle();
        failConnection(rc, QStringLiteral("socket descriptor beyond select()'s FD_SETSIZE"));
        flushEvents();
        return;
    }
    afterLibraryCall(rc);
    flushEvents(); // may delete this: nothing after it
}

void MqttClient::onMiscTimer()
{
    if (!m_mosq)
        return;
    const int rc = mosquitto_loop_misc(m_mosq); // keep-alive: PINGREQ, or give up on PINGRESP
    afterLibraryCall(rc);
    flushEvents();
}

void MqttClient::afterLibraryCall(int rc)
{
    if (m_mosq && !m_linkClosed && mosquitto_socket(m_mosq) < 0) {
        // The socket went away without on_disconnect: libmosquitto 2.0 does that when the TLS
        // handshake fails (net__socket_connect_tls closes the socket and returns MOSQ_ERR_TLS).
        const int error = rc > 0 ? rc : int(ConnectionLost);
        m_linkClosed = true;
        const bool duringHandshake = m_connackCode < 0;
        m_handshaking = false;
        const bool expected = m_disconnectRequested;
        if (duringHandshake)
            reportError(error, describe(error));
        post([this, error, expected] {
            setState(State::Disconnected);
            emit disconnected(expected ? int(NoError) : error, expected);
        });
    }
    syncNotifiers();
}

void MqttClient::syncNotifiers()
{
    const int fd = m_mosq ? mosquitto_socket(m_mosq) : -1;
    if (fd != m_fd) {
        // A new connection has a new descriptor (or the same number, reused): never keep a
        // notifier across sockets, or the dispatcher polls a closed or foreign descriptor.
        dropNotifiers();
        if (fd >= 0) {
            m_fd = fd;
            m_readNotifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
            m_writeNotifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Write, this);
            connect(m_readNotifier, &QSocketNotifier::activated, this, [this] { onSocketActivated(false); });
            connect(m_writeNotifier, &QSocketNotifier::activated, this, [this] { onSocketActivated(true); });
            m_miscTimer->start();
        }
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(mosquitto_want_write(m_mosq));
}

void MqttClient::dropNotifiers()
{
    for (QSocketNotifier *n : {m_readNotifier, m_writeNotifier}) {
        if (!n)
            continue;
        n->setEnabled(false);
        n->disconnect(this);
        // It may be the sender of the signal being handled, even when this object is being
        // destroyed from a slot: unparent it so that it outlives us until the event loop runs.
        n->setParent(nullptr);
        n->deleteLater();
    }
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    m_fd = -1;
    m_miscTimer->stop();
}

void MqttClient::destroyHandle()
{
    ++m_generation; // what the old handle reported and we have not delivered yet is void
    dropNotifiers();
    if (!m_mosq)
        return;
    mosquitto_user_data_set(m_mosq, nullptr); // no callback may reach us from here on
    mosquitto_destroy(m_mosq);                // closes the socket without DISCONNECT
    m_mosq = nullptr;
}

void MqttClient::failConnection(int error, const QString &message)
{
    reportError(error, message);
    post([this, error] {
        setState(State::Disconnected);
        emit disconnected(error, false);
    });
}

void MqttClient::reportError(int error, const QString &message)
{
    qCInfo(lcMqtt) << "error" << error << message;
    post([this, error, message] {
        m_errorString = message;
        emit errorOccurred(error, message);
    });
}

QString MqttClient::describe(int rc) const
{
    QString text = (rc == MOSQ_ERR_ERRNO && m_lastErrno != 0)
                       ? QString::fromLocal8Bit(std::strerror(m_lastErrno))
                       : errorText(rc);
    if (!m_lastLibError.isEmpty() && rc != MOSQ_ERR_SUCCESS)
        text += QStringLiteral(" (%1)").arg(m_lastLibError);
    return text;
}

// --- signal delivery outside libmosquitto's stack ------------------------------------------

void MqttClient::post(std::function<void()> event)
{
    m_pending.push_back({m_generation, std::move(event)});
    scheduleFlush();
}

void MqttClient::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_flushScheduled = false;
            flushEvents();
        },
        Qt::QueuedConnection);
}

void MqttClient::flushEvents()
{
    if (m_flushing)
        return; // a slot spun a nested event loop: the outer flush keeps the order
    m_flushing = true;
    const QPointer<MqttClient> alive(this);
    while (!m_pending.empty()) {
        const Event event = std::move(m_pending.front());
        m_pending.pop_front();
        if (event.generation != m_generation)
            continue; // from a handle given up since (disconnectFromHost() while connecting)
        event.deliver();
        if (!alive)
            return; // deleted by a slot
    }
    m_flushing = false;
}

void MqttClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace qmt::mqtt
