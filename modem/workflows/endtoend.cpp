// SPDX-License-Identifier: Apache-2.0
#include "workflows/endtoend.h"

#include "at/builders.h"
#include "engine/pipeline.h"
#include "mqtt/mqttclient.h"
#include "workflows/slotactions.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace qmt::session {

namespace {

constexpr int kHeaderSize = 22; // "QMTE2E" + run id (8) + direction + QoS + sequence (6)

QString ms(qint64 us)
{
    return QString::number(double(us) / 1000.0, 'f', us < 10000 ? 2 : 1);
}

} // namespace

QString e2eDirectionName(E2eDirection d)
{
    return d == E2eDirection::ModuleToPeer
               ? QCoreApplication::translate("qmt::session::EndToEnd", "module → peer")
               : QCoreApplication::translate("qmt::session::EndToEnd", "peer → module");
}

QString E2eStats::line() const
{
    QString l = QCoreApplication::translate("qmt::session::EndToEnd", "%1  QoS %2  %3/%4 intact")
                    .arg(e2eDirectionName(dir))
                    .arg(qos)
                    .arg(intact)
                    .arg(sent);
    if (arrived > intact)
        l += QCoreApplication::translate("qmt::session::EndToEnd", " (%1 damaged)").arg(arrived - intact);
    if (arrived > 0)
        l += QCoreApplication::translate("qmt::session::EndToEnd",
                                         "  median %1 ms  p99 %2 ms  max %3 ms  serial %4 ms  %5 msg/s")
                 .arg(ms(medianUs), ms(p99Us), ms(maxUs), ms(serialMedianUs))
                 .arg(perSecond, 0, 'f', 1);
    l += passed() ? QCoreApplication::translate("qmt::session::EndToEnd", "  PASS")
                  : QCoreApplication::translate("qmt::session::EndToEnd", "  FAIL");
    return l;
}

EndToEnd::EndToEnd(CommandChannel *channel, Pipeline *pipeline, mqtt::MqttClient *peer, QObject *parent)
    : QObject(parent), m_channel(channel), m_pipeline(pipeline), m_peer(peer)
{
    qRegisterMetaType<E2eSample>();
    m_clock.start();
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_current)
            return;
        const double s = double(m_options.timeout.count()) / 1000.0;
        if (m_current->arrived && m_current->dir == E2eDirection::ModuleToPeer)
            finishMessage(tr("the module did not report the publish as sent within %1 s").arg(s));
        else
            finishMessage(tr("did not arrive within %1 s").arg(s));
    });
}

EndToEnd::~EndToEnd()
{
    if (m_observer >= 0)
        m_pipeline->removeObserver(m_observer);
}

qint64 EndToEnd::nowUs() const
{
    // Monotonic, in microseconds (the pipeline's clock counts wall-clock milliseconds).
    return m_clock.nsecsElapsed() / 1000 + 1;
}

QByteArray EndToEnd::payloadFor(const QByteArray &runId, E2eDirection dir, int qos, int seq, int size,
                                bool binary)
{
    QByteArray p = "QMTE2E" + runId.left(8).leftJustified(8, '0') +
                   (dir == E2eDirection::ModuleToPeer ? 'u' : 'd') + char('0' + qos) +
                   QByteArray::number(seq % 1000000).rightJustified(6, '0');
    static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int k = 0; p.size() < size; ++k)
        p += binary ? char((seq + k) & 0xff) : text[(seq + k) % (sizeof text - 1)];
    return p;
}

void EndToEnd::start(const EndToEndOptions &options)
{
    if (m_running)
        return;
    m_options = options;
    m_options.payloadSize = std::max(options.payloadSize, kHeaderSize);
    m_samples.clear();
    m_error.clear();
    m_plan.clear();
    for (const int q : options.qos) {
        if (options.up)
            m_plan << std::pair{E2eDirection::ModuleToPeer, q};
        if (options.down)
            m_plan << std::pair{E2eDirection::PeerToModule, q};
    }
    m_planIndex = 0;
    m_seq = 0;
    m_runId = QByteArray::number(QRandomGenerator::global()->generate(), 16).rightJustified(8, '0');
    m_running = true;
    if (m_plan.isEmpty() || options.count <= 0)
        return fail(tr("nothing to check: no direction, no QoS or no messages"));
    if (!m_peer || m_peer->state() != mqtt::MqttClient::State::Connected)
        return fail(tr("the desktop peer is not connected to the broker"));
    m_observer = m_pipeline->addObserver([this](const at::AtEvent &ev) { onEvent(ev); });
    const QByteArray up = m_options.topic + "/up";
    m_peerConnections << connect(
        m_peer, &mqtt::MqttClient::messageReceived, this,
        [this, up](int, const QByteArray &topic, const QByteArray &payload, int, bool) {
            if (topic == up)
                checkArrival(E2eDirection::ModuleToPeer, payload, nowUs(), true, 0);
        });
    m_peerConnections << connect(m_peer, &mqtt::MqttClient::disconnected, this, [this](int error, bool) {
        fail(tr("the desktop peer lost the broker: %1").arg(mqtt::MqttClient::errorText(error)));
    });
    prepare();
}

void EndToEnd::cancel()
{
    if (m_running)
        fail(tr("cancelled"));
}

void EndToEnd::fail(const QString &why)
{
    if (!m_running)
        return;
    if (m_current)
        finishMessage(why);
    m_error = why;
    m_running = false;
    m_timeout.stop();
    for (const auto &c : std::as_const(m_peerConnections))
        disconnect(c);
    m_peerConnections.clear();
    if (m_observer >= 0)
        m_pipeline->removeObserver(m_observer);
    m_observer = -1;
    emit progress(why);
    emit finished(false);
}

void EndToEnd::send(const at::Built &built, std::function<void(const CommandResult &)> then)
{
    if (!built) {
        fail(built.error ? built.error->message : tr("the command cannot be built"));
        return;
    }
    CommandReply *reply = m_channel->enqueue(*built.command);
    connect(reply, &CommandReply::finished, this, [this, then = std::move(then)](const CommandResult &r) {
        if (m_running)
            then(r);
    });
}

void EndToEnd::prepare()
{
    const at::Builders b;
    const int idx = m_options.slot;
    const state::ClientSlot &slot = m_pipeline->store().slot(idx);
    // The steps, each going on to the next when its answer is good.
    m_steps.clear();
    auto *steps = &m_steps;
    auto require = [this](const QString &what, std::function<void()> next) {
        return [this, what, next](const CommandResult &r) {
            if (!r.succeeded())
                return fail(tr("%1 failed: %2").arg(what, r.describe()));
            next();
        };
    };
    if (slot.mqtt != state::MqttState::Connected) {
        if (m_options.host.isEmpty())
            return fail(tr("slot %1 is not connected, and no broker was given to connect it to").arg(idx));
        if (slot.network != state::NetState::Open) {
            *steps << [=](std::function<void()> next) {
                emit progress(tr("slot %1: receive mode with the payload length").arg(idx));
                send(b.cfgRecvMode(idx, 0, 1), require(tr("AT+QMTCFG=\"recv/mode\""), next));
            };
            if (m_options.sslCtx >= 0)
                *steps << [=](std::function<void()> next) {
                    send(b.cfgSsl(idx, 1, m_options.sslCtx), require(tr("AT+QMTCFG=\"ssl\""), next));
                };
            *steps << [=](std::function<void()> next) {
                emit progress(tr("slot %1: opening %2:%3").arg(idx).arg(m_options.host).arg(m_options.port));
                send(b.open(idx, m_options.host, m_options.port), require(tr("AT+QMTOPEN"), next));
            };
        }
        *steps << [=](std::function<void()> next) {
            emit progress(
                tr("slot %1: connecting as %2").arg(idx).arg(QString::fromUtf8(m_options.clientId)));
            const auto text = [](const std::optional<QByteArray> &v) {
                return v ? std::optional<QString>(QString::fromUtf8(*v)) : std::nullopt;
            };
            send(b.connect(idx, QString::fromUtf8(m_options.clientId), text(m_options.username),
                           text(m_options.password)),
                 require(tr("AT+QMTCONN"), next));
        };
    }
    if (m_options.down) {
        const int qos = *std::max_element(m_options.qos.cbegin(), m_options.qos.cend());
        *steps << [=](std::function<void()> next) {
            emit progress(
                tr("slot %1: subscribing to %2/down").arg(idx).arg(QString::fromUtf8(m_options.topic)));
            m_msgId = state::nextMsgId(m_pipeline->store().slot(idx), m_msgId);
            send(b.subscribe(idx, m_msgId, QString::fromUtf8(m_options.topic + "/down"), qos),
                 require(tr("AT+QMTSUB"), next));
        };
    }
    if (m_options.up) {
        *steps << [this](std::function<void()> next) {
            emit progress(tr("peer: subscribing to %1/up").arg(QString::fromUtf8(m_options.topic)));
            auto conn = std::make_shared<QMetaObject::Connection>();
            *conn = connect(m_peer, &mqtt::MqttClient::subscribed, this,
                            [this, conn, next](int mid, const QList<int> &granted) {
                                if (mid != m_peerSubscribeMid)
                                    return;
                                disconnect(*conn);
                                if (granted.value(0, 0x80) == 0x80)
                                    return fail(tr("the broker refused the peer's subscription"));
                                next();
                            });
            m_peerSubscribeMid = m_peer->subscribe(m_options.topic + "/up", 2);
            if (m_peerSubscribeMid < 0) {
                disconnect(*conn);
                fail(tr("the peer could not subscribe: %1").arg(m_peer->errorString()));
            }
        };
    }
    runStep(0); // in order; after the last, the messages
}

// (The steps are a member, not a self-referencing closure: that would keep itself alive.)
void EndToEnd::runStep(int i)
{
    if (!m_running)
        return;
    if (i >= m_steps.size()) {
        m_steps.clear();
        emit progress(tr("sending"));
        nextMessage();
        return;
    }
    m_steps[i]([this, i] { runStep(i + 1); });
}

void EndToEnd::nextMessage()
{
    if (!m_running || m_current)
        return;
    while (m_planIndex < m_plan.size() && m_seq >= m_options.count) {
        ++m_planIndex;
        m_seq = 0;
    }
    if (m_planIndex >= m_plan.size()) {
        m_running = false;
        for (const auto &c : std::as_const(m_peerConnections))
            disconnect(c);
        m_peerConnections.clear();
        m_pipeline->removeObserver(m_observer);
        m_observer = -1;
        emit finished(passed());
        return;
    }
    const auto [dir, qos] = m_plan[m_planIndex];
    E2eSample s;
    s.dir = dir;
    s.qos = qos;
    s.seq = m_seq;
    m_current = s;
    m_replyDone = false;
    m_expected = payloadFor(m_runId, dir, qos, m_seq, m_options.payloadSize, m_options.binary);
    m_timeout.start(m_options.timeout);
    const int idx = m_options.slot;
    if (dir == E2eDirection::ModuleToPeer) {
        m_msgId = qos > 0 ? state::nextMsgId(m_pipeline->store().slot(idx), m_msgId) : 0;
        const at::Built built = at::Builders().publish(
            idx, m_msgId, qos, 0, QString::fromUtf8(m_options.topic + "/up"), m_expected);
        if (!built)
            return fail(built.error ? built.error->message : tr("the publish cannot be built"));
        m_current->sentUs = nowUs(); // (the channel may write it at once, before started() is connected)
        CommandReply *reply = m_channel->enqueue(*built.command);
        m_reply = reply;
        connect(reply, &CommandReply::started, this, [this, reply] {
            if (m_current && m_reply == reply)
                m_current->sentUs = nowUs();
        });
        connect(reply, &CommandReply::accepted, this, [this, reply] {
            if (m_current && m_reply == reply && !m_current->acceptedUs)
                m_current->acceptedUs = nowUs();
        });
        connect(reply, &CommandReply::finished, this, [this, reply](const CommandResult &r) {
            if (!m_current || m_reply != reply)
                return;
            if (!m_current->acceptedUs) // the result came with the OK (or before it)
                m_current->acceptedUs = nowUs();
            if (!r.succeeded())
                return finishMessage(tr("the module: %1").arg(r.describe()));
            m_replyDone = true;
            if (m_current->arrived)
                finishMessage();
        });
    } else {
        m_current->sentUs = m_current->acceptedUs = nowUs();
        if (m_peer->publish(m_options.topic + "/down", m_expected, qos, false) < 0)
            finishMessage(tr("the peer could not publish: %1").arg(m_peer->errorString()));
    }
}

void EndToEnd::onEvent(const at::AtEvent &ev)
{
    if (!m_current || m_current->dir != E2eDirection::PeerToModule || ev.type != at::EventType::Response ||
        ev.dir != at::Direction::FromModule || ev.clientIdx != m_options.slot)
        return;
    if (ev.what == at::What::RecvMessage) {
        if (ev.topic == QByteArrayView(m_options.topic + "/down"))
            checkArrival(E2eDirection::PeerToModule, ev.payload, nowUs(), ev.payloadComplete,
                         ev.text.size() + 4);
    } else if (ev.what == at::What::RecvStored) {
        // Buffered receive mode: the message waits in the module; read it out.
        const qint64 recvId = ev.intArg(1);
        QTimer::singleShot(0, this, [this, recvId] {
            if (m_running)
                if (const at::Built b = at::Builders().recvRead(m_options.slot, int(recvId)))
                    m_channel->enqueue(*b.command);
        });
    }
}

void EndToEnd::checkArrival(E2eDirection dir, QByteArrayView payload, qint64 atUs, bool complete,
                            qint64 wireBytes)
{
    // (the callers took the message's topic already)
    if (!m_current || m_current->dir != dir || m_current->arrived)
        return;
    // A late message of an earlier round (it timed out) is not this one.
    if (!payload.startsWith(QByteArrayView(m_expected).first(kHeaderSize)))
        return;
    m_current->arrived = true;
    m_current->arrivedUs = atUs;
    m_current->intact = complete && payload == QByteArrayView(m_expected);
    if (dir == E2eDirection::PeerToModule && m_options.baud > 0)
        m_current->serialUs = wireBytes * 10 * 1000000 / m_options.baud; // 8N1: ten bits a byte
    const QString damaged = m_current->intact ? QString()
                                              : tr("arrived damaged: %1 bytes, %2 expected%3")
                                                    .arg(payload.size())
                                                    .arg(m_expected.size())
                                                    .arg(complete ? QString() : tr(" (cut at a line end)"));
    if (dir == E2eDirection::ModuleToPeer && !m_replyDone)
        return; // the module's own report is still to come
    finishMessage(damaged);
}

void EndToEnd::finishMessage(const QString &problem)
{
    if (!m_current)
        return;
    m_timeout.stop();
    E2eSample s = *m_current;
    if (s.dir == E2eDirection::ModuleToPeer && s.acceptedUs && s.sentUs)
        s.serialUs = s.acceptedUs - s.sentUs;
    if (s.arrived && s.arrivedUs < s.acceptedUs)
        s.arrivedUs = s.acceptedUs; // (arrival seen before the OK was read: no negative latency)
    s.problem = problem;
    if (s.problem.isEmpty() && s.arrived && !s.intact)
        s.problem = tr("arrived damaged");
    m_current.reset();
    m_reply = nullptr;
    m_samples << s;
    ++m_seq;
    emit sampleFinished(s);
    if (m_running)
        QTimer::singleShot(0, this, &EndToEnd::nextMessage);
}

QList<E2eStats> EndToEnd::statsOf(const QList<E2eSample> &samples)
{
    QList<E2eStats> out;
    for (const E2eSample &s : samples) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const E2eStats &t) { return t.dir == s.dir && t.qos == s.qos; });
        if (it == out.end()) {
            out << E2eStats{s.dir, s.qos};
            it = out.end() - 1;
        }
        ++it->sent;
        it->arrived += s.arrived ? 1 : 0;
        it->intact += s.passed() ? 1 : 0;
    }
    for (E2eStats &t : out) {
        std::vector<qint64> lat, serial;
        qint64 first = -1, last = -1;
        for (const E2eSample &s : samples) {
            if (s.dir != t.dir || s.qos != t.qos)
                continue;
            if (first < 0 || (s.sentUs && s.sentUs < first))
                first = s.sentUs;
            if (s.arrived) {
                lat.push_back(s.latencyUs());
                serial.push_back(s.serialUs);
                last = std::max(last, s.arrivedUs);
            }
        }
        if (lat.empty())
            continue;
        std::sort(lat.begin(), lat.end());
        std::sort(serial.begin(), serial.end());
        const auto rank = [](const std::vector<qint64> &v, double p) {
            const std::size_t r = std::size_t(std::ceil(p * double(v.size())));
            return v[std::min(v.size() - 1, r > 0 ? r - 1 : 0)];
        };
        t.minUs = lat.front();
        t.maxUs = lat.back();
        t.medianUs = rank(lat, 0.5);
        t.p99Us = rank(lat, 0.99);
        t.serialMedianUs = rank(serial, 0.5);
        if (last > first && first > 0)
            t.perSecond = double(lat.size()) * 1e6 / double(last - first);
    }
    return out;
}

QByteArray EndToEnd::csv(const QList<E2eSample> &samples)
{
    QByteArray out = "direction,qos,seq,sent_us,accepted_us,arrived_us,latency_us,serial_us,result\n";
    for (const E2eSample &s : samples)
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,\"%9\"\n")
                   .arg(s.dir == E2eDirection::ModuleToPeer ? QStringLiteral("up") : QStringLiteral("down"))
                   .arg(s.qos)
                   .arg(s.seq)
                   .arg(s.sentUs)
                   .arg(s.acceptedUs)
                   .arg(s.arrivedUs)
                   .arg(s.latencyUs())
                   .arg(s.serialUs)
                   .arg(s.passed() ? QStringLiteral("ok")
                                   : QString(s.problem).replace(QLatin1Char('"'), QLatin1Char('\'')))
                   .toUtf8();
    return out;
}

QList<E2eStats> EndToEnd::stats() const
{
    return statsOf(m_samples);
}

bool EndToEnd::passed() const
{
    if (!m_error.isEmpty() || m_samples.isEmpty())
        return false;
    return std::all_of(m_samples.cbegin(), m_samples.cend(), [](const E2eSample &s) { return s.passed(); });
}

} // namespace qmt::session
