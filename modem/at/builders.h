// SPDX-License-Identifier: Apache-2.0
#pragma once
// Typed builders for every command of PROTOCOL.md §3-5. Each validates all of its parameters
// against a RangeTable before it produces an AtCommand, and otherwise names the first bad
// parameter with a specific, translated message (context "qmt::at::Builders").

#include "at/atcommand.h"
#include "at/ranges.h"
#include "at/settings.h"

#include <QList>
#include <QVariant>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace qmt::at {

// Why a builder refused its input.
struct BuildError
{
    QString param;   // the spec's name, e.g. "<keep_alive_time>", "<topic2>"; empty if none applies
    QString message; // e.g. "keep_alive_time 4000 is out of range 0-3600"
};

// The outcome of a builder: exactly one of command and error is set.
struct Built
{
    std::optional<AtCommand> command;
    std::optional<BuildError> error;

    bool ok() const { return command.has_value(); }
    explicit operator bool() const { return ok(); }
};

// The will of AT+QMTCFG="will" when <will_fg> is 1.
struct WillMessage
{
    int qos = 0;
    int retain = 0;
    QString topic;
    QString message;
};

// One "<topic>",<qos> pair of AT+QMTSUB.
using TopicQos = std::pair<QString, int>;

// Builds validated command lines. Holds a pointer to the RangeTable it was given, so ranges
// learnt later from the module (RangeTable::applyTestResponse) apply to later builds; the table
// must outlive the Builders. The default constructor uses the seed's ranges.
//
// Conventions: read-back forms (value omitted) are written in set syntax, so their form is
// Form::Set, like AtCommand::fromText would see them. clientIdx is set for the AT+QMT commands
// that name a slot, msgId for QMTSUB/QMTUNS/QMTPUBEX/QMTPUB. String parameters are checked for
// '"' (the module has no escape), CR/LF and their UTF-8 length.
class Builders
{
public:
    Builders();
    explicit Builders(const RangeTable &ranges);

    const RangeTable &ranges() const { return *m_ranges; }

    // ---- any AT+QMTCFG sub-command or AT+QSSLCFG setting, from its row of settings.h ----
    // The set form: `index` is the client (QMTCFG) or SSL context (QSSLCFG); `values` hold one
    // value per field in the row's order — a number (qint64) for Int/Choice/Hex, a QString for
    // texts, a QByteArray for Data — and may stop early after a 0 flag (flagGated rows) or
    // before optional fields. Every value is checked against its field's range and kind.
    Built setting(const SettingInfo &s, int index, const QVariantList &values) const;
    // The read-back form: AT+QMTCFG="keepalive",0 / AT+QSSLCFG="seclevel",2.
    Built settingRead(const SettingInfo &s, int index) const;
    // The read-back commands of every setting of a client (AT+QMTCFG) or SSL context
    // (AT+QSSLCFG), in table order. Settings whose answer holds a secret (aliauth) are left out
    // unless includeSecrets: the answer would put the secret into the session's log.
    QList<AtCommand> cfgReadAll(int idx, bool includeSecrets = false) const;
    QList<AtCommand> sslReadAll(int ctx) const;

    // ---- AT+QMTCFG ----
    Built cfgTest() const;                      // AT+QMTCFG=?
    Built cfgRead(CfgSetting s, int idx) const; // AT+QMTCFG="keepalive",0
    Built cfgVersion(int idx, int vsn) const;   // AT+QMTCFG="version",0,4
    Built cfgPdpCid(int idx, int cid) const;    // AT+QMTCFG="pdpcid",0,1
    // AT+QMTCFG="ssl",0,1,2; ctx is required when enable is 1 and may be omitted when it is 0.
    Built cfgSsl(int idx, int enable, std::optional<int> ctx = std::nullopt) const;
    Built cfgKeepAlive(int idx, int seconds) const;    // AT+QMTCFG="keepalive",0,120
    Built cfgSession(int idx, int cleanSession) const; // AT+QMTCFG="session",0,1
    Built cfgTimeout(int idx, int pktTimeout, int retryTimes, int timeoutNotice) const;
    // AT+QMTCFG="will",0,1,1,0,"topic","msg"; with flag 1 the will is required; with flag 0 it
    // may be omitted (AT+QMTCFG="will",0,0) and is written (after validation) when given.
    Built cfgWill(int idx, int flag, const std::optional<WillMessage> &will = std::nullopt) const;
    // AT+QMTCFG="willex",0,1,1,0,"topic",<len>, then '>' and the message (DataPhase::Prompt).
    Built cfgWillEx(int idx, int flag, int qos, int retain, const QString &topic,
                    const QByteArray &message) const;
    Built cfgRecvMode(int idx, int mode, std::optional<int> msgLenEnable = std::nullopt) const;
    Built cfgAliAuth(int idx, const QString &productKey, const QString &deviceName,
                     const QString &deviceSecret) const;
    Built cfgQmtPing(int idx, int seconds) const; // AT+QMTCFG="qmtping",0,5

    // ---- network and session ----
    Built open(int idx, const QString &host, int port) const; // AT+QMTOPEN=0,"host",1883
    Built openQuery() const;                                  // AT+QMTOPEN?
    Built openTest() const;                                   // AT+QMTOPEN=?
    Built close(int idx) const;                               // AT+QMTCLOSE=0
    // AT+QMTCONN=0,"id"[,"user","password"]: user name and password go together or not at all.
    Built connect(int idx, const QString &clientId, const std::optional<QString> &userName = std::nullopt,
                  const std::optional<QString> &password = std::nullopt) const;
    Built connQuery() const;         // AT+QMTCONN?
    Built disconnect(int idx) const; // AT+QMTDISC=0

    // ---- subscribe and publish ----
    // AT+QMTSUB=0,1,"a",1,"b",2: one or more topic filters (wildcards checked per MQTT 3.1.1).
    Built subscribe(int idx, int msgId, const QList<TopicQos> &topics) const;
    Built subscribe(int idx, int msgId, const QString &topic, int qos) const;
    Built unsubscribe(int idx, int msgId, const QStringList &topics) const; // AT+QMTUNS=0,2,"a","b"
    // AT+QMTPUBEX=0,1,1,0,"topic",<payload size>; payload written after '>' (DataPhase::Prompt).
    // msgId 0 only with qos 0; the topic must not contain the wildcards + and #.
    Built publish(int idx, int msgId, int qos, int retain, const QString &topic,
                  const QByteArray &payload) const;
    // The older AT+QMTPUB=0,1,1,0,"topic": payload ended by Ctrl+Z (DataPhase::CtrlZ; the payload
    // must not contain 0x1A), or with withLength a trailing ,<length> and DataPhase::Prompt.
    Built publishLegacy(int idx, int msgId, int qos, int retain, const QString &topic,
                        const QByteArray &payload, bool withLength = false) const;

    // ---- receive ----
    Built recvRead(int idx, std::optional<int> recvId = std::nullopt) const; // AT+QMTRECV=0[,1]
    Built recvQuery() const;                                                 // AT+QMTRECV?

    // ---- files ----
    // AT+QFUPL="RAM:cacert.pem",<data size>[,<timeout>[,<ackmode>]] then CONNECT and the data
    // (DataPhase::Connect). A given ackMode without timeout writes the module's default timeout 5.
    // Sets AtCommand::timeout from the upload timeout (default 5 s) plus the spec's margin.
    Built fileUpload(const QString &name, const QByteArray &data,
                     std::optional<int> timeoutSeconds = std::nullopt,
                     std::optional<int> ackMode = std::nullopt) const;
    Built fileList(const QString &pattern = QStringLiteral("*")) const;       // AT+QFLST="*"
    Built fileDelete(const QString &name) const;                              // AT+QFDEL="name" ("*" = all)
    Built fileDiskSpace(const QString &medium = QStringLiteral("UFS")) const; // AT+QFLDS="UFS"

    // ---- AT+QSSLCFG ----
    Built sslRead(SslSetting s, int ctx) const;          // AT+QSSLCFG="seclevel",2
    Built sslVersion(int ctx, int version) const;        // AT+QSSLCFG="sslversion",2,4
    Built sslCipherSuite(int ctx, int suite) const;      // AT+QSSLCFG="ciphersuite",2,0XFFFF
    Built sslSecLevel(int ctx, int level) const;         // AT+QSSLCFG="seclevel",2,2
    Built sslCaCert(int ctx, const QString &file) const; // AT+QSSLCFG="cacert",2,"RAM:cacert.pem"
    Built sslClientCert(int ctx, const QString &file) const;
    Built sslClientKey(int ctx, const QString &file) const;
    Built sslIgnoreLocalTime(int ctx, int ignore) const;
    Built sslNegotiateTime(int ctx, int seconds) const;
    Built sslSni(int ctx, int enable) const;

    // ---- PDP context (§5) ----
    // AT+QICSGP=1,1,"apn","user","pass",1
    Built pdpConfig(int cid, int type, const QString &apn, const QString &userName = QString(),
                    const QString &password = QString(), int auth = 0) const;
    Built pdpConfigRead(int cid) const; // AT+QICSGP=1
    Built pdpActivate(int cid) const;   // AT+QIACT=1
    Built pdpActiveQuery() const;       // AT+QIACT?
    Built pdpDeactivate(int cid) const; // AT+QIDEACT=1

    // ---- basic ----
    Built at() const;           // AT
    Built echo(int on) const;   // ATE0 / ATE1
    Built cmee(int mode) const; // AT+CMEE=2
    Built identify() const;     // ATI
    Built revision() const;     // AT+GMR
    // AT+<cmd>=? for the extended commands that have a test form; an error for the URC-only and
    // basic ones (QMTSTAT, QMTPING, QUSIM, QIND, QIURC, AT, ATE, ATI).
    Built test(Cmd c) const;

private:
    const RangeTable *m_ranges;
};

} // namespace qmt::at
