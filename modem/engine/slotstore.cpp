// SPDX-License-Identifier: Apache-2.0
#include "engine/slotstore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <cstring>
#include <type_traits>

namespace qmt::state {

using at::AtEvent;
using at::Cmd;
using at::EventType;
using at::Form;
using at::What;

const char *netStateName(NetState s)
{
    switch (s) {
    case NetState::Closed:
        return "closed";
    case NetState::Opening:
        return "opening";
    case NetState::Open:
        return "open";
    case NetState::Failed:
        return "failed";
    case NetState::Unknown:
        return "unknown";
    }
    return "closed";
}

const char *mqttStateName(MqttState s)
{
    switch (s) {
    case MqttState::Idle:
        return "idle";
    case MqttState::Connecting:
        return "connecting";
    case MqttState::Connected:
        return "connected";
    case MqttState::Disconnecting:
        return "disconnecting";
    case MqttState::Disconnected:
        return "disconnected";
    case MqttState::Unknown:
        return "unknown";
    }
    return "idle";
}

QByteArray ModuleState::summary() const
{
    QByteArrayList parts;
    for (const QByteArray &l : identity) {
        const QByteArray t = l.trimmed();
        if (!t.isEmpty() && !t.startsWith("Revision:") && t != revision && !parts.contains(t))
            parts << t;
    }
    QByteArray s = parts.join(' ');
    if (!revision.isEmpty())
        s += (s.isEmpty() ? QByteArray() : QByteArray(" \xc2\xb7 ")) + revision;
    return s;
}

int ClientSlot::storedCount() const
{
    int n = 0;
    for (bool b : stored)
        n += b ? 1 : 0;
    return n;
}

QString SlotError::text() const
{
    if (info)
        return QCoreApplication::translate("qmt::spec", info->text);
    switch (kind) {
    case Kind::CmeError:
        return detail.isEmpty() ? QCoreApplication::translate("qmt::state", "+CME ERROR: %1").arg(code)
                                : QCoreApplication::translate("qmt::state", "+CME ERROR: %1")
                                      .arg(QString::fromUtf8(detail));
    case Kind::Error:
        return QCoreApplication::translate("qmt::state", "The module answered ERROR");
    case Kind::Timeout:
        return QCoreApplication::translate("qmt::state", "No answer within the command's response time");
    case Kind::Local:
        return QString::fromUtf8(detail);
    case Kind::Result:
    case Kind::Urc:
        return QCoreApplication::translate("qmt::state", "Result code %1 (not in the specification)")
            .arg(code);
    case Kind::None:
        break;
    }
    return {};
}

QString SlotError::fix() const
{
    return (info && info->fix) ? QCoreApplication::translate("qmt::spec", info->fix) : QString();
}

namespace {

int toInt(const QByteArray &b, int fallback = -1)
{
    bool ok = false;
    const int v = b.trimmed().toInt(&ok);
    return ok ? v : fallback;
}

// Copies into `dst`, reusing its storage when it is not shared.
void assignBytes(QByteArray &dst, QByteArrayView src)
{
    dst.resize(src.size());
    if (src.size() > 0)
        std::memcpy(dst.data(), src.data(), std::size_t(src.size()));
}

QByteArrayList argTexts(const AtEvent &ev, qsizetype from = 0)
{
    QByteArrayList out;
    for (qsizetype i = from; i < ev.argCount(); ++i)
        out.append(ev.arg(i).text.toByteArray());
    return out;
}

// The argument texts into `out`, reusing its buffers (a command after a command costs no
// allocation when its arguments fit where the last one's were).
void setArgTexts(QByteArrayList &out, const AtEvent &ev)
{
    out.resize(ev.argCount());
    for (qsizetype i = 0; i < ev.argCount(); ++i)
        assignBytes(out[i], ev.arg(i).text);
}

} // namespace

SlotStore::SlotStore()
{
    reset();
}

void SlotStore::reset()
{
    for (int i = 0; i < kSlotCount; ++i) {
        m_slots[std::size_t(i)] = ClientSlot{};
        m_slots[std::size_t(i)].index = i;
        m_packets[std::size_t(i)].clear();
        // What the last AT+QMTOPEN / AT+QMTCONN asked for goes too: a result after the reset
        // (a replayed log, a reopened port, a restarted module) must not apply it.
        m_requested[std::size_t(i)] = Requested{};
    }
    m_pending = Pending{};
    m_uploadName.clear();
    m_dirty = (1u << (kSlotCount + 1)) - 1;
}

void SlotStore::resetAll()
{
    reset();
    static const ModuleState pristine; // its containers are shared, so the copy costs little
    m_module = pristine;
}

void SlotStore::apply(const AtEvent &ev)
{
    ++m_module.events;
    if (ev.truncated)
        ++m_module.truncatedFrames;
    switch (ev.type) {
    case EventType::Command:
        if (!ev.echo)
            onCommand(ev);
        else if (m_pending.active)
            m_pending.echoSeen = true;
        return;
    case EventType::Ok:
    case EventType::Error:
    case EventType::CmeError:
        ++m_module.finals;
        onFinal(ev);
        return;
    case EventType::Response:
        if (ev.isUrc())
            ++m_module.urcs;
        onResponse(ev);
        return;
    case EventType::Boot:
        ++m_module.urcs;
        if (ev.text == "RDY") {
            const int boots = m_module.boots + 1;
            // A command in flight may still be answered after RDY (the channel's grace): its
            // answer still belongs to it (ATI's lines are the identity).
            const auto pending = m_pending;
            reset();
            m_pending = pending;
            m_module.echo = true;
            m_module.ready = false;
            m_module.boots = boots;
            for (auto it = m_module.files.begin(); it != m_module.files.end();)
                it = it->first.startsWith("RAM:") ? m_module.files.erase(it) : std::next(it);
            touch(-1);
        } else if (ev.text == "APP RDY") {
            m_module.ready = true;
            touch(-1);
        } else if (ev.cmd == Cmd::QIURC && ev.arg(0).text == "pdpdeact") {
            m_module.pdpActive[int(ev.intArg(1))] = 0;
            touch(-1);
        }
        return;
    case EventType::Text:
        if (m_pending.active &&
            (m_pending.cmd == Cmd::ATI || m_pending.cmd == Cmd::GMR || m_pending.cmd == Cmd::CGMR)) {
            if (m_pending.cmd == Cmd::ATI || !m_module.identity.contains(ev.text.toByteArray()))
                m_module.identity.append(ev.text.toByteArray());
            if (m_pending.cmd != Cmd::ATI)
                m_module.revision = ev.text.toByteArray();
            else if (ev.text.startsWith("Revision:"))
                m_module.revision = ev.text.sliced(9).trimmed().toByteArray();
            touch(-1);
        }
        return;
    case EventType::Unknown:
        ++m_module.unknownLines;
        touch(-1);
        return;
    case EventType::Prompt:
    case EventType::Data:
    case EventType::Connect:
        return;
    }
}

void SlotStore::onCommand(const AtEvent &ev)
{
    ++m_module.commands;
    QByteArrayList args = std::move(m_pending.args); // its buffers are reused
    m_pending = Pending{};
    m_pending.active = true;
    m_pending.cmd = ev.cmd;
    m_pending.form = ev.form;
    m_pending.idx = ev.clientIdx;
    m_pending.written = ev.dir == at::Direction::ToModule;
    // Arguments are kept only for the commands whose final result applies them.
    switch (ev.cmd) {
    case Cmd::QMTCFG:
    case Cmd::QSSLCFG:
    case Cmd::ATE:
    case Cmd::CMEE:
    case Cmd::QFDEL:
    case Cmd::QIACT:
    case Cmd::QIDEACT:
    case Cmd::QMTRECV:
    case Cmd::QMTSUB:
    case Cmd::QMTUNS:
    case Cmd::QFUPL:
        setArgTexts(args, ev);
        m_pending.args = std::move(args);
        m_pending.setting = ev.setting;
        break;
    default:
        break;
    }
    if (ev.cmd == Cmd::QMTCFG && ev.form == Form::Test)
        m_module.cfgRanges.clear();
    if (ev.cmd == Cmd::ATI) {
        m_module.identity.clear(); // the module tells who it is again: not a second copy
        touch(-1);
    }
    if (ev.cmd == Cmd::QFUPL && ev.form == Form::Set)
        m_uploadName = m_pending.args.value(0);
    ClientSlot *s = slotAt(ev.clientIdx);
    if (!s || ev.form != Form::Set)
        return;
    m_pending.mqttBefore = s->mqtt;
    m_pending.netBefore = s->network;
    ++s->counters.commands;
    auto text = [&](qsizetype i) { return ev.arg(i).text.toByteArray(); };
    auto num = [&](qsizetype i, int fallback) { return int(ev.intArg(i, fallback)); };
    switch (ev.cmd) {
    case Cmd::QMTOPEN: {
        Requested &q = m_requested[std::size_t(s->index)];
        q.host = text(1);
        q.port = num(2, 0);
        q.netBefore = s->network;
        s->network = NetState::Opening;
        break;
    }
    case Cmd::QMTCONN: {
        Requested &q = m_requested[std::size_t(s->index)];
        q.clientId = text(1);
        q.username = text(2);
        q.hasPassword = ev.argCount() > 3;
        q.connRefused = false;
        s->mqtt = MqttState::Connecting;
        break;
    }
    case Cmd::QMTDISC:
        s->mqtt = MqttState::Disconnecting;
        break;
    case Cmd::QMTSUB:
    case Cmd::QMTUNS: {
        PendingPacket p{ev.cmd, num(1, -1), {}};
        const int step = ev.cmd == Cmd::QMTSUB ? 2 : 1;
        for (qsizetype i = 2; i < ev.argCount(); i += step)
            p.topics.push_back(Subscription{text(i), step == 2 ? num(i + 1, 0) : 0, -1});
        auto &list = m_packets[std::size_t(s->index)];
        list.erase(
            std::remove_if(list.begin(), list.end(),
                           [&](const PendingPacket &o) { return o.cmd == p.cmd && o.msgId == p.msgId; }),
            list.end());
        list.push_back(std::move(p));
        break;
    }
    case Cmd::QMTPUBEX:
    case Cmd::QMTPUB: {
        InFlightPublish f;
        f.msgId = num(1, 0);
        f.qos = num(2, 0);
        f.retain = num(3, 0) == 1;
        f.topic = text(4);
        // ,<length> (data after '>'), or the message itself in the line (BG9x AT+QMTPUBEX)
        f.length = ev.argCount() > 5 ? (ev.arg(5).quoted ? int(ev.arg(5).text.size()) : num(5, 0)) : 0;
        f.sentUs = ev.timeUs;
        s->inFlight.push_back(f);
        break;
    }
    default:
        break;
    }
    touch(s->index);
}

void SlotStore::onFinal(const AtEvent &ev)
{
    if (!m_pending.active)
        return; // a final result of a command the traffic did not show
    const Pending p = m_pending;
    m_pending.active = false;
    ClientSlot *s = slotAt(p.idx);
    if (p.written && m_module.echo != p.echoSeen) {
        m_module.echo = p.echoSeen; // whether our own line came back tells the echo state
        touch(-1);
    }
    if (ev.type == EventType::Ok) {
        // A slot's command without a result URC is done: OK is its outcome. (Those with one wait
        // for it; it may also have come first.)
        if (s && p.form == Form::Set && !at::hasResultUrc(p.cmd))
            noteOutcome(*s, p.cmd, true, ev.text, ev.timeUs);
        if (p.form == Form::Set) {
            switch (p.cmd) {
            case Cmd::QMTCFG:
                if (s && p.args.size() > 2)
                    applyConfig(*s, p.setting, p.args.mid(2));
                break;
            case Cmd::QSSLCFG:
                if (p.args.size() > 2)
                    applySsl(p.setting, toInt(p.args.value(1)), p.args.mid(2));
                break;
            case Cmd::ATE:
                m_module.echo = p.args.value(0) == "1";
                touch(-1);
                break;
            case Cmd::CMEE:
                m_module.cmee = toInt(p.args.value(0));
                touch(-1);
                break;
            case Cmd::QFDEL:
                if (p.args.value(0) == "*")
                    m_module.files.clear();
                else
                    m_module.files.erase(p.args.value(0));
                touch(-1);
                break;
            case Cmd::QIACT:
                m_module.pdpActive[toInt(p.args.value(0))] = 1;
                touch(-1);
                break;
            case Cmd::QIDEACT:
                m_module.pdpActive[toInt(p.args.value(0))] = 0;
                touch(-1);
                break;
            case Cmd::QMTRECV:
                if (s && p.args.size() < 2) {
                    s->stored.fill(false); // all buffers were read out
                    touch(s->index);
                }
                break;
            default:
                break;
            }
        } else if (p.form == Form::Query && (p.cmd == Cmd::QMTOPEN || p.cmd == Cmd::QMTCONN)) {
            // Slots the answer did not list have no network / no MQTT connection.
            for (ClientSlot &o : m_slots) {
                if (p.seenSlots & (1u << o.index))
                    continue;
                if (p.cmd == Cmd::QMTOPEN &&
                    (o.network == NetState::Open || o.network == NetState::Unknown)) {
                    o.network = NetState::Closed;
                    if (o.mqtt == MqttState::Unknown) // no network, so no MQTT connection either
                        o.mqtt = MqttState::Idle;
                    touch(o.index);
                } else if (p.cmd == Cmd::QMTCONN && o.mqtt != MqttState::Idle &&
                           o.mqtt != MqttState::Disconnected) {
                    o.mqtt = MqttState::Idle;
                    touch(o.index);
                }
            }
        }
        return;
    }
    // ERROR or +CME ERROR
    ++m_module.errors;
    if (!s) {
        touch(-1);
        return;
    }
    ++s->counters.errors;
    if (p.form == Form::Set)
        noteOutcome(*s, p.cmd, false, ev.text, ev.timeUs);
    if (p.form == Form::Set) {
        switch (p.cmd) {
        case Cmd::QMTOPEN:
            if (s->network == NetState::Opening)
                s->network = (p.netBefore == NetState::Open) ? NetState::Open : NetState::Failed;
            m_requested[std::size_t(s->index)].host.clear(); // refused: host and port stay as they were
            break;
        case Cmd::QMTCONN:
            if (s->mqtt == MqttState::Connecting)
                s->mqtt = p.mqttBefore;
            break;
        case Cmd::QMTDISC:
            if (s->mqtt == MqttState::Disconnecting)
                s->mqtt = p.mqttBefore;
            break;
        case Cmd::QMTPUBEX:
        case Cmd::QMTPUB:
            if (!s->inFlight.empty())
                s->inFlight.pop_back(); // the publish this command added was refused
            break;
        case Cmd::QMTSUB:
        case Cmd::QMTUNS: {
            auto &list = m_packets[std::size_t(s->index)];
            const int msgId = toInt(p.args.value(1));
            list.erase(
                std::remove_if(list.begin(), list.end(),
                               [&](const PendingPacket &o) { return o.cmd == p.cmd && o.msgId == msgId; }),
                list.end());
            break;
        }
        default:
            break;
        }
    }
    if (p.resultSeen && s->lastError.isSet())
        return; // "+QMTOPEN: 0,-1" then ERROR: the result URC already said why
    if (ev.type == EventType::CmeError)
        setError(*s, SlotError::Kind::CmeError, at::cmdName(p.cmd), ev.cmeCode,
                 ev.cmeCode >= 400 && ev.cmeCode < 500 ? spec::fileError(ev.cmeCode) : nullptr,
                 ev.cmeText.toByteArray(), ev.timeUs);
    else
        setError(*s, SlotError::Kind::Error, at::cmdName(p.cmd), -1, nullptr, {}, ev.timeUs);
}

void SlotStore::noteOutcome(ClientSlot &s, Cmd cmd, bool ok, QByteArrayView answer, qint64 timeUs)
{
    s.lastOutcome.cmd = cmd;
    s.lastOutcome.ok = ok;
    assignBytes(s.lastOutcome.answer, answer);
    s.lastOutcome.timeUs = timeUs;
    // A later success of the same command supersedes its error: the card says what is true now.
    if (ok && s.lastError.isSet() && s.lastError.source == at::cmdName(cmd))
        s.lastError = SlotError{};
    touch(s.index);
}

void SlotStore::setError(ClientSlot &s, SlotError::Kind kind, QByteArray source, int code,
                         const spec::CodeText *info, QByteArray detail, qint64 timeUs)
{
    s.lastError.kind = kind;
    s.lastError.source = std::move(source);
    s.lastError.code = code;
    s.lastError.info = info;
    s.lastError.detail = std::move(detail);
    s.lastError.timeUs = timeUs;
    s.lastError.serial = ++m_errorSerial;
    touch(s.index);
}

void SlotStore::noteLocalError(int clientIdx, SlotError::Kind kind, Cmd cmd, const QByteArray &detail,
                               qint64 timeUs)
{
    if (ClientSlot *s = slotAt(clientIdx)) {
        ++s->counters.errors;
        setError(*s, kind, at::cmdName(cmd), -1, nullptr, detail, timeUs);
    }
    if (m_pending.active && m_pending.cmd == cmd)
        m_pending.active = false;
}

void SlotStore::markUnknown(qint64 timeUs)
{
    m_pending.active = false;
    for (ClientSlot &s : m_slots) {
        const bool netInUse = s.network != NetState::Closed && s.network != NetState::Failed;
        const bool mqttInUse = s.mqtt != MqttState::Idle && s.mqtt != MqttState::Disconnected;
        if (!netInUse && !mqttInUse)
            continue;
        if (netInUse)
            s.network = NetState::Unknown;
        if (mqttInUse)
            s.mqtt = MqttState::Unknown;
        if (s.unknownSinceUs == 0)
            s.unknownSinceUs = timeUs;
        m_packets[std::size_t(s.index)].clear();
        touch(s.index);
    }
}

void SlotStore::dropSession(ClientSlot &s)
{
    if (s.mqtt != MqttState::Idle)
        s.mqtt = MqttState::Disconnected;
    s.network = NetState::Closed;
    s.subscriptions.clear();
    s.inFlight.clear();
    m_packets[std::size_t(s.index)].clear();
    touch(s.index);
}

void SlotStore::onResponse(const AtEvent &ev)
{
    ClientSlot *s = slotAt(ev.clientIdx);
    if (m_pending.active && ev.isUrc() && ev.cmd == m_pending.cmd && ev.clientIdx == m_pending.idx)
        m_pending.resultSeen = true;
    const qint64 r = ev.intArg(1); // the result / state / code field of most +QMT… forms
    switch (ev.what) {
    case What::CfgValue:
        if (s && ev.argCount() > 1)
            applyConfig(*s, ev.setting, argTexts(ev, 1));
        return;
    case What::CfgRanges:
        m_module.cfgRanges.append(ev.text.toByteArray());
        m_module.ranges.applyTestResponse(ev.text);
        touch(-1);
        return;
    case What::TestRanges:
        m_module.ranges.applyTestResponse(ev.text); // lines it does not understand change nothing
        touch(-1);
        return;
    case What::OpenResult:
        if (!s)
            return;
        {
            Requested &q = m_requested[std::size_t(s->index)];
            const bool wasOpen =
                s->network == NetState::Open || (!q.host.isEmpty() && q.netBefore == NetState::Open);
            if (r == 0) {
                s->network = NetState::Open;
                if (!q.host.isEmpty()) { // the module opened what was asked
                    s->host = q.host;
                    s->port = q.port;
                }
            } else if (r == 2) {
                s->network = NetState::Open; // already open: to the host it had, not the one asked for
            } else {
                s->network = wasOpen ? NetState::Open : NetState::Failed;
            }
            if (r != 0) {
                const QByteArray target =
                    q.host.isEmpty() ? QByteArray() : q.host + ':' + QByteArray::number(q.port);
                setError(*s, SlotError::Kind::Result, "QMTOPEN", int(r), spec::openResult(int(r)), target,
                         ev.timeUs);
            }
            noteOutcome(*s, Cmd::QMTOPEN, r == 0, ev.text, ev.timeUs);
            q.host.clear();
            touch(s->index);
            return;
        }
    case What::OpenInfo:
        if (!s)
            return;
        s->network = NetState::Open;
        assignBytes(s->host, ev.arg(1).text);
        s->port = int(ev.intArg(2, 0));
        if (m_pending.active && m_pending.cmd == Cmd::QMTOPEN)
            m_pending.seenSlots |= 1u << s->index;
        touch(s->index);
        return;
    case What::CloseResult:
        if (!s)
            return;
        if (r == 0) {
            dropSession(*s);
            s->mqtt = MqttState::Idle;
        } else {
            setError(*s, SlotError::Kind::Result, "QMTCLOSE", int(r), spec::closeResult(int(r)), {},
                     ev.timeUs);
        }
        noteOutcome(*s, Cmd::QMTCLOSE, r == 0, ev.text, ev.timeUs);
        return;
    case What::ConnResult: {
        if (!s)
            return;
        const qint64 ret = ev.intArg(2, -1);
        Requested &q = m_requested[std::size_t(s->index)];
        if (r == 0 && ret <= 0) {
            s->mqtt = MqttState::Connected;
            if (!q.clientId.isEmpty()) { // what the module connected with (a log may lack the command)
                s->clientId = q.clientId;
                s->username = q.username;
                s->hasPassword = q.hasPassword;
            }
        } else if (r == 0) {
            s->mqtt = MqttState::Disconnected;
            q.connRefused = true; // the +QMTSTAT that follows is its effect, not the cause
            setError(*s, SlotError::Kind::Result, "QMTCONN", int(ret), spec::connackCode(int(ret)),
                     q.clientId, ev.timeUs);
        } else if (r == 2) {
            s->mqtt = MqttState::Disconnected;
            setError(*s, SlotError::Kind::Result, "QMTCONN", int(r), spec::packetResult(int(r)), {},
                     ev.timeUs);
        }
        if (r != 1) // 1: still retransmitting
            noteOutcome(*s, Cmd::QMTCONN, r == 0 && ret <= 0, ev.text, ev.timeUs);
        touch(s->index);
        return;
    }
    case What::ConnState:
        if (!s)
            return;
        switch (r) {
        case 1:
            s->mqtt = MqttState::Idle;
            break;
        case 2:
            s->mqtt = MqttState::Connecting;
            break;
        case 3:
            s->mqtt = MqttState::Connected;
            break;
        case 4:
            s->mqtt = MqttState::Disconnecting;
            break;
        default:
            break;
        }
        if (m_pending.active && m_pending.cmd == Cmd::QMTCONN)
            m_pending.seenSlots |= 1u << s->index;
        touch(s->index);
        return;
    case What::DiscResult:
        if (!s)
            return;
        if (r == 0) {
            dropSession(*s);
        } else {
            if (s->mqtt == MqttState::Disconnecting)
                s->mqtt = MqttState::Connected;
            setError(*s, SlotError::Kind::Result, "QMTDISC", int(r), spec::closeResult(int(r)), {},
                     ev.timeUs);
        }
        noteOutcome(*s, Cmd::QMTDISC, r == 0, ev.text, ev.timeUs);
        return;
    case What::SubResult:
    case What::UnsResult: {
        if (!s)
            return;
        const Cmd cmd = ev.what == What::SubResult ? Cmd::QMTSUB : Cmd::QMTUNS;
        const int msgId = int(r);
        const qint64 result = ev.intArg(2);
        auto &list = m_packets[std::size_t(s->index)];
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const PendingPacket &p) { return p.cmd == cmd && p.msgId == msgId; });
        if (result == 1) { // retransmitting: still pending
            touch(s->index);
            return;
        }
        if (result == 0 && it != list.end()) {
            for (std::size_t i = 0; i < it->topics.size(); ++i) {
                Subscription sub = it->topics[i];
                auto existing = std::find(s->subscriptions.begin(), s->subscriptions.end(), sub);
                if (cmd == Cmd::QMTUNS) {
                    if (existing != s->subscriptions.end())
                        s->subscriptions.erase(existing);
                    continue;
                }
                sub.grantedQos = int(ev.intArg(3 + qsizetype(i), sub.requestedQos));
                if (sub.grantedQos == 128) {
                    setError(*s, SlotError::Kind::Result, "QMTSUB", 128, nullptr,
                             "subscription to " + sub.topic + " refused by the server", ev.timeUs);
                    continue;
                }
                if (existing != s->subscriptions.end())
                    *existing = sub;
                else
                    s->subscriptions.push_back(sub);
            }
        } else if (result == 2) {
            setError(*s, SlotError::Kind::Result, at::cmdName(cmd), 2, spec::packetResult(2), {}, ev.timeUs);
        }
        if (it != list.end())
            list.erase(it);
        noteOutcome(*s, cmd, result == 0, ev.text, ev.timeUs);
        return;
    }
    case What::PubResult: {
        if (!s)
            return;
        const int msgId = int(r);
        const qint64 result = ev.intArg(2);
        auto it = std::find_if(s->inFlight.begin(), s->inFlight.end(),
                               [&](const InFlightPublish &f) { return f.msgId == msgId; });
        if (result == 1) {
            if (it != s->inFlight.end())
                it->retransmissions = int(ev.intArg(3, it->retransmissions + 1));
        } else {
            if (result == 0) {
                ++s->counters.published;
            } else {
                ++s->counters.publishFailed;
                setError(*s, SlotError::Kind::Result, at::cmdName(ev.cmd), int(result),
                         spec::packetResult(int(result)), {}, ev.timeUs);
            }
            if (it != s->inFlight.end())
                s->inFlight.erase(it);
            noteOutcome(*s, ev.cmd, result == 0, ev.text, ev.timeUs);
        }
        touch(s->index);
        return;
    }
    case What::RecvMessage: {
        if (!s)
            return;
        ReceivedMessage &m = s->messages.push();
        m.timeUs = ev.timeUs;
        m.msgId = int(ev.intArg(1, 0));
        assignBytes(m.topic, ev.topic);
        assignBytes(m.payload, ev.payload);
        m.declaredLength = ev.declaredLength;
        m.complete = ev.payloadComplete;
        m.recvId = -1;
        if (!m.complete)
            ++m_module.incompletePayloads;
        const bool readOut = m_pending.active && m_pending.cmd == Cmd::QMTRECV && m_pending.form == Form::Set;
        if (readOut) {
            const int id = toInt(m_pending.args.value(1));
            if (id >= 0 && id < kRecvBufferSize) {
                m.recvId = id;
                s->stored[std::size_t(id)] = false;
            }
        } else {
            ++s->counters.received;
        }
        touch(s->index);
        return;
    }
    case What::RecvStored: {
        if (!s)
            return;
        if (r >= 0 && r < kRecvBufferSize)
            s->stored[std::size_t(r)] = true;
        ++s->counters.received;
        touch(s->index);
        return;
    }
    case What::RecvStatus:
        if (!s)
            return;
        for (int i = 0; i < kRecvBufferSize; ++i)
            s->stored[std::size_t(i)] = ev.intArg(1 + i, 0) == 1;
        touch(s->index);
        return;
    case What::Stat:
    case What::Ping: {
        if (!s)
            return;
        const bool stat = ev.what == What::Stat;
        const spec::CodeText *info = stat ? spec::qmtstat(int(r)) : spec::pingResult(int(r));
        dropSession(*s);
        ++s->counters.stats;
        const SlotError before = s->lastError;
        Requested &q = m_requested[std::size_t(s->index)];
        setError(*s, SlotError::Kind::Urc, stat ? "QMTSTAT" : "QMTPING", int(r), info, {}, ev.timeUs);
        s->lastStat = s->lastError;
        if (stat && r == 5)
            s->lastError = before; // the server closed after our DISCONNECT: the normal end, not an error
        else if (stat && q.connRefused)
            s->lastError = before; // the refused CONNACK is the root cause; this is what followed
        q.connRefused = false;
        return;
    }
    case What::FileUploaded:
        if (!m_uploadName.isEmpty())
            m_module.files[m_uploadName] = UploadedFile{ev.intArg(0, 0), ev.arg(1).text.toByteArray()};
        touch(-1);
        return;
    case What::FileEntry:
        m_module.files[ev.arg(0).text.toByteArray()].size = ev.intArg(1, 0);
        touch(-1);
        return;
    case What::SslValue:
        if (ev.argCount() > 2)
            applySsl(ev.setting, int(ev.intArg(1)), argTexts(ev, 2));
        return;
    case What::PdpState:
        m_module.pdpActive[int(ev.intArg(0))] = int(ev.intArg(1, 0));
        touch(-1);
        return;
    case What::CmeeValue:
        m_module.cmee = int(ev.intArg(0));
        touch(-1);
        return;
    default:
        return;
    }
}

void SlotStore::applyConfig(ClientSlot &s, int setting, const QByteArrayList &v)
{
    if (setting < 0 || setting >= int(at::CfgSetting::Count_))
        return;
    at::settingInfo(at::CfgSetting(setting)).apply(s.config, v);
    touch(s.index);
}

void SlotStore::applySsl(int setting, int ctx, const QByteArrayList &v)
{
    if (setting < 0 || setting >= int(at::SslSetting::Count_) || ctx < 0 || ctx >= int(m_module.ssl.size()) ||
        v.isEmpty())
        return;
    at::settingInfo(at::SslSetting(setting)).apply(m_module.ssl[std::size_t(ctx)], v);
    touch(-1);
}

namespace {

QJsonValue errorJson(const SlotError &e)
{
    if (!e.isSet())
        return QJsonValue::Null;
    QJsonObject o{{QStringLiteral("source"), QString::fromUtf8(e.source)},
                  {QStringLiteral("code"), e.code},
                  {QStringLiteral("text"), e.text()}};
    const QString fix = e.fix();
    if (!fix.isEmpty())
        o.insert(QStringLiteral("fix"), fix);
    return o;
}

QString str(const QByteArray &b)
{
    return QString::fromUtf8(b);
}

constexpr std::size_t kJsonMessages = 10;

// The settings of a record as the descriptor table lays them out: a setting of one field as
// "keepalive": 120, of several as "timeout": {"pkt_timeout": 5, …} (a flag-gated setting that
// is off shows only its flag). Values nobody has seen yet (empty) are left out; secrets show as
// "<hidden>" unless asked for.
template <typename Record>
QJsonObject settingsJson(const std::vector<at::SettingInfo> &rows, const Record &c, bool includeSecrets)
{
    QJsonObject out;
    for (const at::SettingInfo &row : rows) {
        QJsonObject fields;
        QJsonValue single;
        for (std::size_t i = 0; i < row.fields.size(); ++i) {
            const at::SettingField &f = row.fields[i];
            if (row.flagGated && f.gated && fields.value(row.fields.front().name()).toInt() == 0 && i > 0)
                break;
            QByteArray v;
            if constexpr (std::is_same_v<Record, at::SlotConfig>)
                v = f.getCfg(c);
            else
                v = f.getSsl(c);
            if (v.isEmpty())
                continue;
            QJsonValue value;
            if (f.kind == at::ValueKind::Secret && !includeSecrets)
                value = QStringLiteral("<hidden>");
            else if ((f.isNumber() && f.kind != at::ValueKind::Hex) || f.kind == at::ValueKind::Data)
                value = v.toInt();
            else
                value = str(v);
            fields.insert(f.name(), value);
            single = value;
        }
        if (fields.isEmpty())
            continue;
        out.insert(QLatin1String(row.name), row.fields.size() == 1 ? single : QJsonValue(fields));
    }
    return out;
}

} // namespace

QJsonObject SlotStore::toJson(bool includeSecrets) const
{
    QJsonArray slotArray;
    for (const ClientSlot &s : m_slots) {
        QJsonArray subs;
        for (const Subscription &sub : s.subscriptions)
            subs.append(QJsonObject{
                {QStringLiteral("topic"), str(sub.topic)},
                {QStringLiteral("qos"), sub.grantedQos >= 0 ? sub.grantedQos : sub.requestedQos}});
        QJsonArray inflight;
        for (const InFlightPublish &f : s.inFlight)
            inflight.append(QJsonObject{{QStringLiteral("msgid"), f.msgId},
                                        {QStringLiteral("qos"), f.qos},
                                        {QStringLiteral("topic"), str(f.topic)},
                                        {QStringLiteral("length"), double(f.length)}});
        QJsonArray messages; // the last few, oldest first
        const std::size_t firstMsg =
            s.messages.size() > kJsonMessages ? s.messages.size() - kJsonMessages : 0;
        for (std::size_t i = firstMsg; i < s.messages.size(); ++i) {
            const ReceivedMessage &m = s.messages[i];
            QJsonObject mo{{QStringLiteral("msgid"), m.msgId},
                           {QStringLiteral("topic"), str(m.topic)},
                           {QStringLiteral("payload"), str(m.payload)},
                           {QStringLiteral("length"), double(m.payload.size())},
                           {QStringLiteral("complete"), m.complete}};
            if (m.recvId >= 0)
                mo.insert(QStringLiteral("recv_id"), m.recvId);
            messages.append(mo);
        }
        QJsonArray stored;
        for (bool b : s.stored)
            stored.append(b ? 1 : 0);
        const QJsonObject cfg = settingsJson(at::cfgSettings(), s.config, includeSecrets);
        QJsonObject o{{QStringLiteral("index"), s.index},
                      {QStringLiteral("network"), QString::fromLatin1(netStateName(s.network))},
                      {QStringLiteral("host"), s.host.isEmpty() ? QJsonValue::Null : QJsonValue(str(s.host))},
                      {QStringLiteral("port"), s.port > 0 ? QJsonValue(s.port) : QJsonValue::Null},
                      {QStringLiteral("mqtt"), QString::fromLatin1(mqttStateName(s.mqtt))},
                      {QStringLiteral("client_id"),
                       s.clientId.isEmpty() ? QJsonValue::Null : QJsonValue(str(s.clientId))},
                      {QStringLiteral("subscriptions"), subs},
                      {QStringLiteral("published"), double(s.counters.published)},
                      {QStringLiteral("publish_failed"), double(s.counters.publishFailed)},
                      {QStringLiteral("received"), double(s.counters.received)},
                      {QStringLiteral("in_flight"), inflight},
                      {QStringLiteral("stored"), stored},
                      {QStringLiteral("messages"), messages},
                      {QStringLiteral("config"), cfg},
                      {QStringLiteral("last_error"), errorJson(s.lastError)},
                      {QStringLiteral("last_stat"), errorJson(s.lastStat)}};
        if (!s.username.isEmpty())
            o.insert(QStringLiteral("username"), str(s.username));
        if (s.hasPassword)
            o.insert(QStringLiteral("password"), QStringLiteral("<hidden>"));
        slotArray.append(o);
    }
    QJsonObject files;
    for (const auto &[name, f] : m_module.files)
        files.insert(str(name), QJsonObject{{QStringLiteral("size"), double(f.size)},
                                            {QStringLiteral("checksum"), str(f.checksum)}});
    QJsonObject ssl;
    for (std::size_t i = 0; i < m_module.ssl.size(); ++i) {
        const QJsonObject o = settingsJson(at::sslSettings(), m_module.ssl[i], includeSecrets);
        if (!o.isEmpty())
            ssl.insert(QString::number(i), o);
    }
    QJsonArray identity;
    for (const QByteArray &l : m_module.identity)
        identity.append(str(l));
    QJsonObject module{{QStringLiteral("echo"), m_module.echo},
                       {QStringLiteral("boots"), m_module.boots},
                       {QStringLiteral("identity"), identity},
                       {QStringLiteral("files"), files},
                       {QStringLiteral("ssl_contexts"), ssl},
                       {QStringLiteral("commands"), double(m_module.commands)},
                       {QStringLiteral("urcs"), double(m_module.urcs)},
                       {QStringLiteral("errors"), double(m_module.errors)},
                       {QStringLiteral("unknown_lines"), double(m_module.unknownLines)},
                       {QStringLiteral("incomplete_payloads"), double(m_module.incompletePayloads)}};
    return QJsonObject{{QStringLiteral("slots"), slotArray}, {QStringLiteral("module"), module}};
}

} // namespace qmt::state
