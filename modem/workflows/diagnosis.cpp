// SPDX-License-Identifier: Apache-2.0
#include "workflows/diagnosis.h"

#include "at/checksum.h"
#include "at/redact.h"
#include "at/spec.h"
#include "engine/refusal.h"
#include "workflows/logimport.h"

#include <QJsonArray>

#include <algorithm>
#include <climits>

namespace qmt::session {

using at::Cmd;
using at::EventType;
using at::What;
using state::MqttState;
using state::NetState;

namespace {

// Carriers' NAT drops a TCP connection that stays idle for a few minutes (often 2-5 min, some
// networks less): a keep-alive above this lets the connection die between pings.
constexpr int kKeepAliveRiskS = 240;

QString codeText(const spec::CodeText *t)
{
    return t ? QCoreApplication::translate("qmt::spec", t->text) : QString();
}
QString codeFix(const spec::CodeText *t)
{
    return t && t->fix ? QCoreApplication::translate("qmt::spec", t->fix) : QString();
}
QString codeCauses(const spec::CodeText *t)
{
    return t && t->causes ? QCoreApplication::translate("qmt::spec", t->causes) : QString();
}

// Lone LFs become CR LF.
QByteArray withCrLf(const QByteArray &b)
{
    QByteArray out;
    out.reserve(b.size() + b.size() / 16);
    for (qsizetype i = 0; i < b.size(); ++i) {
        if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r'))
            out += '\r';
        out += b[i];
    }
    return out;
}

// Whether the data a log shows for an upload (its lines, each ended by LF here) gives the
// module's checksum. A log does not tell the file's line ends (a PEM file usually has LF, the log
// or the terminal may show CR LF) nor whether its last line had one: each reading with exactly
// the size the module counted is tried. Returns false when none matches, with the checksum of
// the first reading of that size in *ours; true also when no reading has that size (nothing to
// compare: the log shows other bytes than the file, or only part of it).
bool uploadMatches(const QByteArray &lines, qint64 size, quint16 sum, QByteArray *ours)
{
    const QByteArray lf = QByteArray(lines).replace("\r\n", "\n");
    const QByteArray lfNoEnd = lf.endsWith('\n') ? lf.chopped(1) : lf;
    const QByteArray readings[] = {lfNoEnd, lf, withCrLf(lfNoEnd), withCrLf(lf)};
    bool sized = false;
    for (const QByteArray &r : readings) {
        if (r.size() != size)
            continue;
        const quint16 c = at::qfuplChecksum(r);
        if (c == sum)
            return true;
        if (!sized)
            *ours = at::formatChecksum(c);
        sized = true;
    }
    return !sized;
}

} // namespace

Diagnosis::Diagnosis(Pipeline &pipeline) : m_pipeline(pipeline)
{
    m_observer = pipeline.addObserver([this](const at::AtEvent &ev) {
        const std::size_t before = m_findings.size();
        onEvent(ev);
        if (m_findings.size() > before)
            countRepeats(before);
    });
    m_lastCommandOffset.fill(-1);
}

Diagnosis::~Diagnosis()
{
    m_pipeline.removeObserver(m_observer);
}

Finding &Diagnosis::add(const char *id, Finding::Severity severity, int slot, const at::AtEvent &ev)
{
    Finding f;
    f.id = id;
    f.severity = severity;
    f.slot = slot;
    f.timeUs = ev.timeUs;
    f.offset = ev.offset;
    f.evidence = at::redactSecrets(ev.text);
    // the result URC of the command in flight said it failed: its ERROR adds nothing
    const QByteArrayView key(id);
    if (slot >= 0 && slot == m_currentSlot && (key.endsWith("-result") || key == "connack-refused"))
        m_currentFailed = true;
    m_findings.push_back(std::move(f));
    return m_findings.back();
}

Finding &Diagnosis::addCode(const char *id, Finding::Severity severity, const at::AtEvent &ev, int code,
                            const spec::CodeText *t)
{
    Finding &f = add(id, severity, ev.clientIdx, ev);
    f.code = code;
    f.hasCode = true;
    attachCommand(f, ev.clientIdx);
    f.meaning = codeText(t);
    f.fix = codeFix(t);
    f.causes = codeCauses(t);
    return f;
}

void Diagnosis::attachCommand(Finding &f, int slot) const
{
    if (slot >= 0 && slot < state::kSlotCount && !m_lastCommand[std::size_t(slot)].isEmpty()) {
        f.command = m_lastCommand[std::size_t(slot)];
        f.causeOffset = m_lastCommandOffset[std::size_t(slot)];
    }
}

void Diagnosis::onEvent(const at::AtEvent &ev)
{
    if (ev.timeUs > m_lastTimeUs)
        m_lastTimeUs = ev.timeUs;
    checkTimeouts(ev.timeUs);
    switch (ev.type) {
    case EventType::Command:
        if (!ev.echo)
            onCommand(ev);
        break;
    case EventType::Ok:
        for (Pending &p : m_pending)
            if (!p.ok && p.text == m_current)
                p.ok = true;
        m_uploading = false;
        break;
    case EventType::Error:
    case EventType::CmeError:
        onFinalError(ev);
        break;
    case EventType::Prompt:
        if (m_keepData)
            m_data.push_back({ev.offset, m_currentSlot, m_current, m_currentOffset});
        break;
    case EventType::Data:
        if (!m_uploading && m_keepData)
            m_data.push_back({ev.offset, m_currentSlot, m_current, m_currentOffset});
        if (m_uploading)
            m_upload += ev.text.toByteArray() + '\n'; // a line of the file; its line end: uploadMatches()
        break;
    case EventType::Connect:
        if (m_currentCmd == Cmd::QFUPL)
            m_uploading = true;
        break;
    case EventType::Response:
        onResponse(ev);
        break;
    case EventType::Boot:
        pdpDeactivated(ev); // +QIURC is one of the boot and power URCs
        if (ev.text == "RDY" && m_sawTraffic && !m_restartAsked.isEmpty()) {
            // the host asked for it: expected, but the clients are gone all the same
            Finding &f = add("module-restart-asked", Finding::Severity::Info, -1, ev);
            f.command = m_restartAsked;
            f.causeOffset = m_restartAskedOffset;
            f.what = tr("The module restarted, as the host asked");
            f.meaning =
                tr("Every MQTT client, its settings and its subscriptions are gone; echo is on again.");
            f.causes = tr("AT+CFUN=<fun>,1 resets the module; after AT+QPOWD the host powered it up again.");
            f.fix = tr("After RDY the host must configure, open and connect every slot again.");
            for (Pending &p : m_pending)
                p.reported = true;
            m_pending.clear();
            m_restartAsked.clear();
        } else if (ev.text == "RDY" && m_sawTraffic) {
            Finding &f = add("module-restart", Finding::Severity::Error, -1, ev);
            f.what = tr("The module restarted (RDY) in the middle of the session");
            f.meaning =
                tr("Every MQTT client, its settings and its subscriptions are gone; echo is on again.");
            f.causes = tr("The supply dropped or sagged (a transmit burst draws up to 2 A), a watchdog or "
                          "AT+CFUN=1,1 reset it, or the host toggled PWRKEY or RESET_N.");
            f.fix = tr("Check the supply and its capacitors under load; after RDY the host must configure, "
                       "open and connect every slot again.");
            for (Pending &p : m_pending)
                p.reported = true; // their answers died with the restart
            m_pending.clear();
        }
        break;
    default:
        break;
    }
    if (ev.type != EventType::Unknown && ev.type != EventType::Boot)
        m_sawTraffic = true;
    // what each slot is now, for the next command's "before"
    for (int i = 0; i < state::kSlotCount; ++i) {
        const state::ClientSlot &s = m_pipeline.store().slot(i);
        SlotSeen &seen = m_seen[std::size_t(i)];
        seen.network = s.network;
        seen.mqtt = s.mqtt;
        if (seen.host != s.host)
            seen.host = s.host;
        seen.port = s.port;
    }
}

void Diagnosis::onCommand(const at::AtEvent &ev)
{
    const QByteArray text = at::redactSecrets(ev.text); // findings leave the app: no secrets in them
    {
        // AT+CFUN=<fun>,1 (reset) and AT+QPOWD: a RDY after them is no surprise
        QByteArray plain = text.toUpper();
        plain.replace(' ', QByteArray());
        const bool reset = plain.startsWith("AT+CFUN=") && plain.indexOf(',') > 0 &&
                           plain.mid(plain.indexOf(',') + 1).startsWith('1');
        if (reset || plain.startsWith("AT+QPOWD")) {
            m_restartAsked = text;
            m_restartAskedOffset = ev.offset;
        }
    }
    m_current = text;
    m_currentFailed = false;
    m_currentOffset = ev.offset;
    m_currentCmd = ev.cmd;
    m_currentSlot = ev.clientIdx;
    m_currentForm = ev.form;
    const int slot = ev.clientIdx;
    if (slot >= 0 && slot < state::kSlotCount) {
        m_lastCommand[std::size_t(slot)] = text;
        m_lastCommandOffset[std::size_t(slot)] = ev.offset;
    }
    const state::SlotStore &store = m_pipeline.store();
    if (ev.form == at::Form::Set && at::hasResultUrc(ev.cmd) && slot >= 0 && slot < state::kSlotCount) {
        // a new command of the same kind on the slot replaces one still waiting
        m_pending.erase(std::remove_if(m_pending.begin(), m_pending.end(),
                                       [&](const Pending &p) { return p.cmd == ev.cmd && p.slot == slot; }),
                        m_pending.end());
        const auto &cfg = store.slot(slot).config;
        Pending p;
        p.cmd = ev.cmd;
        p.slot = slot;
        p.text = text;
        p.offset = ev.offset;
        p.timeUs = ev.timeUs;
        p.deadlineUs =
            ev.timeUs +
            qint64(
                spec::commandTimeout(ev.cmd, std::chrono::seconds(cfg.pktTimeout), cfg.retryTimes).count()) *
                1000;
        m_pending.push_back(p);
    }
    if (ev.cmd == Cmd::QFUPL && ev.form == at::Form::Set) {
        m_upload.clear();
        m_uploadDeclared = ev.intArg(1, -1);
    }
    if (slot < 0 || slot >= state::kSlotCount || ev.form != at::Form::Set)
        return;
    const SlotSeen &before = m_seen[std::size_t(slot)]; // (updated after this event)
    m_beforeCurrent = before;
    const state::ClientSlot &s = store.slot(slot);

    // Settings made while the client is connected apply to the next connection only
    if (ev.cmd == Cmd::QMTCFG && ev.argCount() > 2 &&
        (before.mqtt == MqttState::Connected || before.mqtt == MqttState::Connecting)) {
        Finding &f = add("config-after-connect", Finding::Severity::Warning, slot, ev);
        f.command = text;
        f.causeOffset = ev.offset;
        f.what = tr("A setting of slot %1 was changed while its client was connected").arg(slot);
        f.meaning = tr("AT+QMTCFG settings are taken when the connection is made: this one does not apply "
                       "to the connection that runs (the module may also refuse it with ERROR).");
        f.causes = tr("The host configures after AT+QMTCONN, or reconnects without disconnecting first.");
        f.fix = tr("Make every AT+QMTCFG setting before AT+QMTOPEN, or AT+QMTDISC, change it, then open "
                   "and connect again.");
    }
    // A keep-alive longer than carriers keep an idle connection, or none at all
    if (ev.cmd == Cmd::QMTCFG && ev.setting >= 0 && ev.arg(0).text == "keepalive" && ev.argCount() > 2) {
        const int keepAlive = int(ev.intArg(2, 120));
        if ((keepAlive == 0 || keepAlive > kKeepAliveRiskS) && !m_keepAliveReported[std::size_t(slot)]) {
            m_keepAliveReported[std::size_t(slot)] = true;
            Finding &f = add("keepalive-risk", Finding::Severity::Warning, slot, ev);
            f.command = text;
            f.causeOffset = ev.offset;
            f.code = keepAlive;
            f.hasCode = true;
            f.what = keepAlive == 0 ? tr("Slot %1 has no keep-alive (0)").arg(slot)
                                    : tr("Slot %1's keep-alive is %2 s").arg(slot).arg(keepAlive);
            f.meaning = tr("Mobile networks drop a TCP connection that stays idle for a few minutes (often "
                           "2 to 5, some less). Without a ping within that time, the connection dies "
                           "silently; the module learns it only when it next sends (+QMTSTAT: %1,1).")
                            .arg(slot);
            f.causes = tr("A keep-alive of 0 (never) or longer than %1 s.").arg(kKeepAliveRiskS);
            f.fix = tr("Use a keep-alive of 60 to 120 s: AT+QMTCFG=\"keepalive\",%1,120.").arg(slot);
        }
    }
    // The same client id on two slots: the broker drops the older connection
    if (ev.cmd == Cmd::QMTCONN && ev.argCount() > 1) {
        const QByteArray id = ev.arg(1).text.toByteArray();
        for (int o = 0; o < state::kSlotCount; ++o) {
            const state::ClientSlot &other = store.slot(o);
            if (o != slot && !id.isEmpty() && other.clientId == id &&
                (other.mqtt == MqttState::Connected || other.mqtt == MqttState::Connecting)) {
                Finding &f = add("client-id-reused", Finding::Severity::Error, slot, ev);
                f.command = text;
                f.causeOffset = ev.offset;
                f.what = tr("Slots %1 and %2 connect with the same client id \"%3\"")
                             .arg(o)
                             .arg(slot)
                             .arg(QString::fromUtf8(id));
                f.meaning = tr("A broker keeps one session per client id: the second connection makes it "
                               "close the first, and they take turns dropping each other.");
                f.causes = tr("One client id configured for several slots, or for several devices.");
                f.fix = tr("Give every slot (and every device) its own client id.");
            }
        }
    }
    // TLS opened without a CA certificate configured in the slot's SSL context
    if (ev.cmd == Cmd::QMTOPEN && s.config.sslEnabled) {
        const int ctx = s.config.sslCtx;
        const bool noCa = ctx < 0 || ctx > 5 || store.module().ssl[std::size_t(ctx)].caCert.isEmpty();
        const int secLevel = ctx >= 0 && ctx <= 5 ? store.module().ssl[std::size_t(ctx)].secLevel : -1;
        if (noCa && secLevel != 0) {
            Finding &f = add("tls-no-ca", Finding::Severity::Warning, slot, ev);
            f.command = text;
            f.causeOffset = ev.offset;
            f.what = tr("Slot %1 opens TLS (SSL context %2) and the log shows no CA certificate for it")
                         .arg(slot)
                         .arg(ctx);
            f.meaning = tr("With seclevel 1 or 2 the module checks the server's certificate against the "
                           "CA file of the SSL context; without one the handshake fails (+QMTOPEN: %1,-1 "
                           "or +QMTSTAT: %1,1).")
                            .arg(slot);
            f.causes = tr("AT+QSSLCFG=\"cacert\" not set (or set on another context), or set before a "
                          "restart that cleared it.");
            f.fix = tr("Upload the broker's CA (AT+QFUPL) and set AT+QSSLCFG=\"cacert\",%1,\"UFS:ca.pem\" "
                       "before AT+QMTOPEN; or seclevel 0 to test without checks.")
                        .arg(ctx);
        }
    }
    // Opening with no PDP context active (the log showed the context's state)
    if (ev.cmd == Cmd::QMTOPEN) {
        const auto &pdp = store.module().pdpActive;
        const auto it = pdp.find(s.config.pdpCid);
        if (!pdp.empty() && (it == pdp.end() || it->second != 1)) {
            Finding &f = add("pdp-inactive", Finding::Severity::Warning, slot, ev);
            f.command = text;
            f.causeOffset = ev.offset;
            f.what = tr("Slot %1 opens on PDP context %2, which the log shows not active")
                         .arg(slot)
                         .arg(s.config.pdpCid);
            f.meaning = tr("The MQTT client needs an active data connection on its PDP context.");
            f.causes = tr("No APN set (AT+QICSGP), AT+QIACT not run or refused, no registration, or the "
                          "network deactivated the context (+QIURC: \"pdpdeact\").");
            f.fix = tr("Set the APN with AT+QICSGP=%1,1,\"apn\", activate with AT+QIACT=%1 and check "
                       "AT+QIACT? before AT+QMTOPEN.")
                        .arg(s.config.pdpCid);
        }
    }
}

void Diagnosis::onFinalError(const at::AtEvent &ev)
{
    m_uploading = false;
    const int slot = m_currentSlot;
    const bool cme = ev.type == EventType::CmeError;
    const bool noCarrier = ev.text == "NO CARRIER";
    if (m_currentFailed && !cme) { // "+QMTOPEN: 0,-1" then "ERROR" (field): one failure, found already
        resolve(m_currentCmd, slot);
        return;
    }
    Finding &f = add(cme ? "cme-error" : "error", Finding::Severity::Error, slot, ev);
    f.command = m_current;
    f.causeOffset = m_currentOffset;
    if (cme && ev.cmeCode >= 0) {
        f.code = ev.cmeCode;
        f.hasCode = true;
    }
    const QString command =
        m_current.isEmpty() ? tr("a command the log does not show") : QString::fromUtf8(m_current);
    f.what = tr("%1 was refused: %2").arg(command, QString::fromUtf8(ev.text));
    if (cme) {
        // numeric: the FILE AT codes (4xx) or the general ones; verbose (AT+CMEE=2): the code whose
        // text it is ("file already exist" is 407)
        const spec::CodeText *t = ev.cmeCode < 0                            ? spec::cmeFromText(ev.cmeText)
                                  : (ev.cmeCode >= 400 && ev.cmeCode < 500) ? spec::fileError(ev.cmeCode)
                                                                            : spec::cmeError(ev.cmeCode);
        if (t && !f.hasCode) {
            f.code = t->code;
            f.hasCode = true;
        }
        f.meaning = t ? codeText(t)
                    : ev.cmeCode >= 0
                        ? tr("Error %1 of the module's general or file error tables.").arg(ev.cmeCode)
                        : QString::fromUtf8(ev.cmeText);
        f.fix = t ? codeFix(t) : tr("Look the code up in the module's AT manual (+CME ERROR table).");
        if (f.fix.isEmpty())
            f.fix = tr("Check the file's name (RAM:/UFS: prefix), size and drive (AT+QFLST, AT+QFLDS) and "
                       "repeat the file operation.");
        f.causes = codeCauses(t);
        if (f.causes.isEmpty())
            f.causes = tr("A value or state the module does not accept for this command.");
    } else {
        // the likely reason from the slot's state before the command
        const at::AtCommand cmd = at::AtCommand::fromText(m_current);
        QString why;
        if (slot >= 0 && slot < state::kSlotCount) {
            state::ClientSlot before;
            before.index = slot;
            before.network = m_beforeCurrent.network;
            before.mqtt = m_beforeCurrent.mqtt;
            before.host = m_beforeCurrent.host;
            before.port = m_beforeCurrent.port;
            why = state::likelyRefusal(cmd, before);
        }
        f.meaning = noCarrier ? tr("The data connection ended.")
                              : tr("The module refused the command without saying why (AT+CMEE=2 makes it "
                                   "name the reason).");
        f.causes = why.isEmpty() ? tr("A syntax error, a value out of range, or the slot's state.") : why;
        f.fix = tr("Check the command against its syntax and the slot's state; send AT+CMEE=2 to get "
                   "the reason in words.");
    }
    // a command refused gives no result URC
    resolve(m_currentCmd, slot);
}

void Diagnosis::resolve(Cmd cmd, int slot)
{
    m_pending.erase(std::remove_if(m_pending.begin(), m_pending.end(),
                                   [&](const Pending &p) { return p.cmd == cmd && p.slot == slot; }),
                    m_pending.end());
}

void Diagnosis::onResponse(const at::AtEvent &ev)
{
    const int slot = ev.clientIdx;
    auto result = [&](Cmd cmd) {
        ++m_resultUrcs;
        resolve(cmd, slot);
    };
    switch (ev.what) {
    case What::OpenResult: {
        result(Cmd::QMTOPEN);
        const int code = int(ev.intArg(1, 0));
        if (code == 0)
            break;
        Finding &f =
            addCode("qmtopen-result", code == 2 ? Finding::Severity::Warning : Finding::Severity::Error, ev,
                    code, spec::openResult(code));
        f.what = tr("Slot %1 could not open the network (+QMTOPEN result %2)").arg(slot).arg(code);
        const state::ClientSlot &s = m_pipeline.store().slot(slot);
        if (code == -1 && s.config.sslEnabled) {
            const int ctx = s.config.sslCtx;
            const bool sniSet =
                ctx >= 0 && ctx <= 5 && m_pipeline.store().module().ssl[std::size_t(ctx)].sni == 1;
            const bool timeIgnored = ctx >= 0 && ctx <= 5 &&
                                     m_pipeline.store().module().ssl[std::size_t(ctx)].ignoreLocalTime == 1;
            f.causes = tr("Over TLS: the handshake failed.");
            if (!sniSet)
                f.causes += QLatin1Char(' ') +
                            tr("SNI is not enabled, and brokers behind a shared address (AWS IoT, Azure, "
                               "cloud load balancers) need the host name in the handshake: "
                               "AT+QSSLCFG=\"sni\",%1,1.")
                                .arg(ctx);
            if (!timeIgnored)
                f.causes += QLatin1Char(' ') +
                            tr("The module checks the certificates' dates against its clock, which is wrong "
                               "until the network or AT+QNTP sets it: AT+QSSLCFG=\"ignorelocaltime\",%1,1, "
                               "or set the time first.")
                                .arg(ctx);
        }
        break;
    }
    case What::CloseResult: // +QMTCLOSE
    case What::DiscResult: {
        const bool disc = ev.what == What::DiscResult;
        result(disc ? Cmd::QMTDISC : Cmd::QMTCLOSE);
        const int code = int(ev.intArg(1, 0));
        if (code == 0)
            break;
        Finding &f = addCode(disc ? "qmtdisc-result" : "qmtclose-result", Finding::Severity::Warning, ev,
                             code, spec::closeResult(code));
        f.what =
            disc ? tr("Slot %1 could not disconnect (result %2)").arg(slot).arg(code)
                 : tr("Slot %1: %2 failed (result %3)").arg(slot).arg(QLatin1String("QMTCLOSE")).arg(code);
        break;
    }
    case What::ConnResult: {
        result(Cmd::QMTCONN);
        const int code = int(ev.intArg(1, 0));
        const int ret = ev.argCount() > 2 ? int(ev.intArg(2, 0)) : 0;
        if (code != 0) {
            Finding &f =
                addCode("qmtconn-result", code == 1 ? Finding::Severity::Warning : Finding::Severity::Error,
                        ev, code, spec::packetResult(code));
            f.what = tr("Slot %1's CONNECT was not acknowledged (+QMTCONN result %2)").arg(slot).arg(code);
            // for CONNECT the table's packet causes say less than this
            f.causes = tr("The broker did not answer within the packet time-out: wrong port or protocol "
                          "(TLS expected), a firewall, or a broker that drops unknown clients silently.");
        } else if (ret != 0) {
            Finding &f =
                addCode("connack-refused", Finding::Severity::Error, ev, ret, spec::connackCode(ret));
            f.what = tr("The broker refused slot %1's connection (CONNACK %2)").arg(slot).arg(ret);
        }
        break;
    }
    case What::SubResult:
    case What::UnsResult:
    case What::PubResult: {
        result(ev.what == What::SubResult ? Cmd::QMTSUB : ev.what == What::UnsResult ? Cmd::QMTUNS : ev.cmd);
        const int code = int(ev.intArg(2, 0));
        const bool refusedSub =
            ev.what == What::SubResult && code == 0 && ev.argCount() > 3 && ev.intArg(3, 0) == 128;
        if (code == 0 && !refusedSub)
            break;
        const char *id = ev.what == What::SubResult   ? "qmtsub-result"
                         : ev.what == What::UnsResult ? "qmtuns-result"
                                                      : "qmtpub-result";
        Finding &f = addCode(id, code == 1 ? Finding::Severity::Warning : Finding::Severity::Error, ev,
                             refusedSub ? 128 : code, spec::packetResult(code));
        if (refusedSub) {
            f.what = tr("The broker refused slot %1's subscription (granted QoS 128)").arg(slot);
            f.meaning = tr("The broker does not allow this client to subscribe to the topic.");
            f.causes = tr("The broker's access rules (ACL, the cloud's policy) or a topic filter it does not "
                          "accept.");
            f.fix = tr("Check the topic against the broker's or cloud's policy for this client id.");
        } else {
            f.what = tr("Slot %1: %2 packet %3 (result %4)")
                         .arg(slot)
                         .arg(QLatin1String(at::cmdName(ev.cmd)))
                         .arg(ev.intArg(1, 0))
                         .arg(code);
        }
        break;
    }
    case What::Stat: {
        const int code = int(ev.intArg(1, 0));
        // code 5 after our own AT+QMTDISC is the normal end
        Finding &f = addCode("qmtstat", code == 5 ? Finding::Severity::Info : Finding::Severity::Error, ev,
                             code, spec::qmtstat(code));
        f.what = tr("Slot %1's connection ended (+QMTSTAT %2)").arg(slot).arg(code);
        if (code == 1 || code == 2) {
            const int keepAlive =
                slot >= 0 && slot < state::kSlotCount ? m_pipeline.store().slot(slot).config.keepAlive : 120;
            // the slot's keep-alive first, then the usual causes of the code
            if (keepAlive == 0)
                f.causes = tr("The keep-alive is 0: no ping keeps the idle connection open.") +
                           QLatin1Char(' ') + f.causes;
            else if (keepAlive > kKeepAliveRiskS)
                f.causes = tr("The keep-alive (%1 s) is longer than mobile networks keep an idle connection.")
                               .arg(keepAlive) +
                           QLatin1Char(' ') + f.causes;
        }
        break;
    }
    case What::Ping: {
        const int code = int(ev.intArg(1, 0));
        Finding &f = addCode("qmtping", Finding::Severity::Error, ev, code, spec::pingResult(code));
        f.what = tr("Slot %1's keep-alive ping went unanswered (+QMTPING %2)").arg(slot).arg(code);
        break;
    }
    case What::FileUploaded: {
        m_uploading = false;
        const qint64 size = ev.intArg(0, -1);
        const QByteArray sum = ev.arg(1).text.toByteArray().toLower();
        if (m_uploadDeclared >= 0 && size >= 0 && size != m_uploadDeclared) {
            Finding &f = add("qfupl-size", Finding::Severity::Error, -1, ev);
            f.code = int(size);
            f.hasCode = true;
            f.command = m_current;
            f.causeOffset = m_currentOffset;
            f.what = tr("The module stored %1 bytes; the upload declared %2").arg(size).arg(m_uploadDeclared);
            f.meaning = tr("The file is cut or padded: the certificate or key it holds is broken.");
            f.causes =
                tr("The upload timed out before all bytes arrived, or the host sent a different file.");
            f.fix = tr("Upload again with the exact size and a longer time-out (AT+QFUPL's third argument).");
        } else if (bool hex = false; !m_upload.isEmpty() && size > 0 && (sum.toUInt(&hex, 16), hex)) {
            QByteArray ours;
            if (!uploadMatches(m_upload, size, quint16(sum.toUInt(nullptr, 16)), &ours)) {
                Finding &f = add("qfupl-checksum", Finding::Severity::Error, -1, ev);
                f.command = m_current;
                f.causeOffset = m_currentOffset;
                f.what = tr("The module's checksum %1 differs from the data's %2")
                             .arg(QString::fromLatin1(sum), QString::fromLatin1(ours));
                f.meaning = tr("The bytes the module stored are not the bytes of the file.");
                f.causes = tr("Bytes lost or changed on the serial line (flow control, baud rate), or line "
                              "ends converted by the terminal.");
                f.fix = tr("Enable hardware flow control or lower the baud rate, send the file as binary, "
                           "and upload again.");
            }
        }
        m_upload.clear();
        break;
    }
    case What::PdpState:
        break;
    case What::Other:
        pdpDeactivated(ev);
        break;
    default:
        break;
    }
}

void Diagnosis::pdpDeactivated(const at::AtEvent &ev)
{
    if (!ev.text.startsWith("+QIURC:") || !ev.text.contains("pdpdeact"))
        return;
    Finding &f = add("pdp-deactivated", Finding::Severity::Error, -1, ev);
    f.what = tr("The network deactivated the PDP context");
    f.meaning = tr("The data connection is gone: every MQTT client on it drops (+QMTSTAT).");
    f.causes = tr("Coverage lost, the operator's idle timer, or an APN the network does not accept.");
    f.fix = tr("Deactivate (AT+QIDEACT) and activate (AT+QIACT) the context again, then open and "
               "connect the slots.");
}

void Diagnosis::noResult(const Pending &p, bool logEnded)
{
    ++m_okWithoutResult;
    Finding f;
    f.id = "no-result-urc";
    f.severity = logEnded ? Finding::Severity::Warning : Finding::Severity::Error;
    f.slot = p.slot;
    f.timeUs = logEnded ? m_lastTimeUs : p.deadlineUs;
    f.offset = p.offset;
    f.causeOffset = p.offset;
    f.command = p.text;
    const QString name = QLatin1String(at::cmdName(p.cmd));
    f.what = logEnded ? tr("%1 got no +%2 result before the log ends").arg(QString::fromUtf8(p.text), name)
                      : tr("%1 got no +%2 result within its time-out (%3 s)")
                            .arg(QString::fromUtf8(p.text), name)
                            .arg(double(p.deadlineUs - p.timeUs) / 1e6, 0, 'f', 1);
    f.meaning = p.ok ? tr("The module accepted the command (OK) but never reported its outcome.")
                     : tr("The module answered neither OK nor the result.");
    f.causes = tr("The broker does not answer (QMTCONN, QMTSUB), the network is slow, the log was cut, "
                  "or URCs go to another port.");
    f.fix = tr("Wait for the result URC up to the command's time-out; check AT+QURCCFG? and read the "
               "URC port too.");
    m_findings.push_back(std::move(f));
}

void Diagnosis::checkTimeouts(qint64 nowUs)
{
    for (Pending &p : m_pending)
        if (!p.reported && nowUs > p.deadlineUs && p.deadlineUs > p.timeUs) {
            p.reported = true;
            noResult(p, false);
        }
    m_pending.erase(
        std::remove_if(m_pending.begin(), m_pending.end(), [](const Pending &p) { return p.reported; }),
        m_pending.end());
}

void Diagnosis::finish()
{
    for (const Pending &p : m_pending)
        if (!p.reported && p.ok)
            noResult(p, true);
    m_pending.clear();
    // Several commands answered OK whose results never came, and no result URC at all: the URCs
    // go elsewhere
    if (m_okWithoutResult >= 2 && m_resultUrcs == 0 && !m_urcPortReported) {
        m_urcPortReported = true;
        Finding f;
        f.id = "urc-port";
        f.severity = Finding::Severity::Error;
        f.timeUs = m_lastTimeUs;
        f.what = tr("%n command(s) answered OK and none of their results came", nullptr, m_okWithoutResult);
        f.meaning = tr("The module sends its URCs (the results of QMTOPEN, QMTCONN, QMTSUB …) to another "
                       "port than the one in the log.");
        f.causes = tr("AT+QURCCFG=\"urcport\" set to \"usbmodem\" or \"uart1\" while the host reads the "
                      "other; or the log shows one port of several.");
        f.fix = tr("Ask AT+QURCCFG=\"urcport\" and set it to the port the host reads, e.g. "
                   "AT+QURCCFG=\"urcport\",\"usbat\" (USB AT port) or \"uart1\" (main UART).");
        m_findings.push_back(std::move(f));
    }
}

void Diagnosis::setKeepDataIndex(bool on)
{
    m_keepData = on;
    if (!on) {
        m_data.clear();
        m_data.shrink_to_fit();
    }
}

void Diagnosis::addImportFindings(const LogImport &import)
{
    for (const LogImport::Line &l : import.lines()) {
        if (!(l.fixes & LogImport::LengthMismatch))
            continue;
        const QList<QByteArray> p = l.detail.split('/');
        const qint64 got = p.value(0).toLongLong(), declared = p.value(1).toLongLong();
        Finding f;
        f.id = "data-length";
        f.severity = Finding::Severity::Error;
        f.timeUs = import.lineTimeUs(l.number) >= 0 ? import.lineTimeUs(l.number) : 0;
        f.offset = l.offset;
        // the publish it belongs to: the prompt or data fed for this line
        const auto it = std::lower_bound(m_data.begin(), m_data.end(), l.offset,
                                         [](const DataSeen &d, qint64 o) { return d.offset < o; });
        if (it != m_data.end() && import.lineAt(it->offset) == l.number) {
            f.slot = it->slot;
            f.command = it->command;
            f.causeOffset = it->commandOffset;
        }
        f.code = int(got);
        f.hasCode = true;
        f.what =
            got < declared
                ? tr("The data is %1 bytes, shorter than the %2 its command declared").arg(got).arg(declared)
                : tr("The data is %1 bytes, longer than the %2 its command declared").arg(got).arg(declared);
        f.meaning = got < declared ? tr("The module waits for the missing bytes: it takes the host's next "
                                        "command as the rest of the message, or times out.")
                                   : tr("The module takes the declared bytes; the rest arrives as the start "
                                        "of a command, which fails.");
        f.causes = tr("The length counted in characters rather than bytes (UTF-8), a line end or a "
                      "terminating NUL counted or not, or the message built after its length.");
        f.fix = tr("Compute the length from the bytes actually written, after the message is built.");
        m_findings.push_back(std::move(f));
    }
}

void Diagnosis::countRepeats(std::size_t from)
{
    std::size_t kept = from;
    for (std::size_t i = from; i < m_findings.size(); ++i) {
        Finding &f = m_findings[i];
        Listed &l = m_listed[{f.id, f.slot, f.hasCode ? f.code : INT_MIN}];
        if (l.count < kListedEach) {
            ++l.count;
            if (kept != i)
                m_findings[kept] = std::move(f);
            l.last = kept++;
            continue;
        }
        Finding &last = m_findings[l.last];
        ++last.repeats;
        last.lastTimeUs = f.timeUs;
        last.lastOffset = f.offset;
        ++m_repeats;
    }
    m_findings.resize(kept);
}

std::vector<Finding> Diagnosis::findings() const
{
    std::vector<Finding> out = m_findings;
    std::stable_sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
        if (a.timeUs != b.timeUs)
            return a.timeUs < b.timeUs;
        return a.offset < b.offset;
    });
    return out;
}

int Diagnosis::errorCount() const
{
    qint64 n = 0;
    for (const Finding &f : m_findings)
        if (f.severity == Finding::Severity::Error)
            n += 1 + f.repeats;
    return int(std::min<qint64>(n, INT_MAX));
}

QString Diagnosis::toText(const Where &where) const
{
    const std::vector<Finding> all = findings();
    if (all.empty())
        return tr("No failure found.") + QLatin1Char('\n');
    QString out;
    auto severity = [](Finding::Severity s) {
        return s == Finding::Severity::Error     ? tr("error")
               : s == Finding::Severity::Warning ? tr("warning")
                                                 : tr("note");
    };
    for (int slot = -1; slot < state::kSlotCount; ++slot) {
        bool header = false;
        for (const Finding &f : all) {
            if (f.slot != slot)
                continue;
            if (!header) {
                out += (slot < 0 ? tr("Module") : tr("Slot %1").arg(slot)) + QLatin1Char('\n');
                header = true;
            }
            QString at = where && f.offset >= 0 ? where(f.offset) : QString();
            out +=
                QStringLiteral("  [%1] %2%3\n")
                    .arg(severity(f.severity), at.isEmpty() ? QString() : at + QStringLiteral(": "), f.what);
            if (!f.evidence.isEmpty())
                out += QStringLiteral("      ") + tr("seen: %1").arg(QString::fromUtf8(f.evidence)) +
                       QLatin1Char('\n');
            if (!f.command.isEmpty()) {
                const QString cat = where && f.causeOffset >= 0 ? where(f.causeOffset) : QString();
                out += QStringLiteral("      ") +
                       tr("after: %1")
                           .arg(QString::fromUtf8(f.command) +
                                (cat.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(cat))) +
                       QLatin1Char('\n');
            }
            if (!f.meaning.isEmpty())
                out += QStringLiteral("      ") + tr("means: %1").arg(f.meaning) + QLatin1Char('\n');
            if (!f.causes.isEmpty())
                out += QStringLiteral("      ") + tr("likely: %1").arg(f.causes) + QLatin1Char('\n');
            if (!f.fix.isEmpty())
                out += QStringLiteral("      ") + tr("fix: %1").arg(f.fix) + QLatin1Char('\n');
            if (f.repeats > 0) {
                const QString lat = where && f.lastOffset >= 0 ? where(f.lastOffset) : QString();
                out += QStringLiteral("      ") +
                       tr("seen %n more time(s) after this one", nullptr, f.repeats) +
                       (lat.isEmpty() ? QString() : tr(", the last at %1").arg(lat)) + QLatin1Char('\n');
            }
        }
    }
    return out;
}

QJsonObject Diagnosis::toJson(const std::function<int(qint64)> &lineOf) const
{
    QJsonArray list;
    int errors = 0, warnings = 0;
    for (const Finding &f : findings()) {
        QJsonObject o;
        o.insert(QStringLiteral("id"), QString::fromLatin1(f.id));
        o.insert(QStringLiteral("severity"), f.severity == Finding::Severity::Error ? QStringLiteral("error")
                                             : f.severity == Finding::Severity::Warning
                                                 ? QStringLiteral("warning")
                                                 : QStringLiteral("info"));
        errors += f.severity == Finding::Severity::Error ? 1 + f.repeats : 0;
        warnings += f.severity == Finding::Severity::Warning ? 1 + f.repeats : 0;
        o.insert(QStringLiteral("slot"), f.slot);
        o.insert(QStringLiteral("code"), f.hasCode ? QJsonValue(f.code) : QJsonValue());
        o.insert(QStringLiteral("time_us"), double(f.timeUs));
        if (lineOf && f.offset >= 0)
            o.insert(QStringLiteral("line"), lineOf(f.offset));
        if (lineOf && f.causeOffset >= 0)
            o.insert(QStringLiteral("command_line"), lineOf(f.causeOffset));
        o.insert(QStringLiteral("evidence"), QString::fromUtf8(f.evidence));
        o.insert(QStringLiteral("command"), QString::fromUtf8(f.command));
        o.insert(QStringLiteral("what"), f.what);
        o.insert(QStringLiteral("meaning"), f.meaning);
        o.insert(QStringLiteral("causes"), f.causes);
        o.insert(QStringLiteral("fix"), f.fix);
        if (f.repeats > 0) { // seen again, not listed again
            o.insert(QStringLiteral("repeats"), f.repeats);
            o.insert(QStringLiteral("last_time_us"), double(f.lastTimeUs));
            if (lineOf && f.lastOffset >= 0)
                o.insert(QStringLiteral("last_line"), lineOf(f.lastOffset));
        }
        list.append(o);
    }
    QJsonObject out;
    out.insert(QStringLiteral("findings"), list);
    out.insert(QStringLiteral("errors"), errors);
    out.insert(QStringLiteral("warnings"), warnings);
    return out;
}

} // namespace qmt::session
