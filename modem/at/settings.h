// SPDX-License-Identifier: Apache-2.0
#pragma once
// The descriptor table of the AT+QMTCFG sub-commands and AT+QSSLCFG settings (PROTOCOL.md §3,
// §4): one row per setting with its name, its parameter layout (each field's range, kind, label,
// value meanings, the record member it sets), the defaults (the member initialisers of
// SlotConfig and SslConfig below, the power-up values), whether it carries a secret, and its
// syntax hint. The parser resolves a setting once into the event; the builders, the range table
// (parsing "=?"), the syntax hints, the forms, the slot store and its JSON, the slot detail
// view, the simulator and every "read all settings" list iterate these rows. Adding a setting
// is one row here (and its enum value) plus its tests.

#include "at/commands.h"
#include "at/ranges.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <vector>

namespace qmt::at {

// The AT+QMTCFG sub-commands (PROTOCOL.md §3), in the order of the spec.
enum class CfgSetting : std::uint8_t {
    Version,
    PdpCid,
    Ssl,
    KeepAlive,
    Session,
    Timeout,
    Will,
    WillEx,
    RecvMode,
    AliAuth,
    QmtPing,
    Count_
};

// The AT+QSSLCFG settings (PROTOCOL.md §4).
enum class SslSetting : std::uint8_t {
    SslVersion,
    CipherSuite,
    SecLevel,
    CaCert,
    ClientCert,
    ClientKey,
    IgnoreLocalTime,
    NegotiateTime,
    Sni,
    Count_
};

// ---- the records the settings describe -------------------------------------------------------

struct Will
{
    bool enabled = false;
    int qos = 0;
    bool retain = false;
    QByteArray topic;
    QByteArray message;
    qint64 length = -1; // willex: the declared length
};

// One client's AT+QMTCFG configuration as the module holds it; the initialisers are the
// power-up defaults of PROTOCOL.md §3 (-1 where the spec gives none).
struct SlotConfig
{
    int version = 4;
    int pdpCid = 1;
    bool sslEnabled = false;
    int sslCtx = -1;
    int keepAlive = 120;
    int cleanSession = 1;
    int pktTimeout = 5;
    int retryTimes = 3;
    int timeoutNotice = 0;
    Will will;
    int recvMode = 0;
    int msgLenEnable = 0;
    int qmtPing = 5;
    QByteArray aliProductKey, aliDeviceName, aliDeviceSecret; // the secret is a secret
};

// One SSL context's AT+QSSLCFG settings; -1 / empty where the traffic has not shown a value.
struct SslConfig
{
    int secLevel = -1, sslVersion = -1, ignoreLocalTime = -1, negotiateTime = -1, sni = -1;
    QByteArray cipherSuite, caCert, clientCert, clientKey;
};

// ---- the descriptors ------------------------------------------------------------------------

enum class ValueKind : std::uint8_t {
    Int,    // an integer in the range of `param`
    Choice, // an integer whose values each have a meaning (`meanings`)
    Hex,    // an integer written 0X…, unquoted (cipher suites)
    Text,   // a quoted string; `param` limits its UTF-8 length
    Topic,  // a quoted topic name (no wildcards)
    Secret, // a quoted string that is a secret: masked, never exported or remembered
    File,   // a quoted file name (RAM:… / UFS:…)
    Data,   // the length on the line; the bytes follow the '>' prompt
};

struct ValueMeaning
{
    qint64 value;
    const char *text; // English source, context "qmt::at::Forms"
};

struct SettingField
{
    const char *key; // the field's key in forms and values: "keepalive", "enable", "topic"
    Param param;     // the range (integers) or length (texts, data) that limits it
    ValueKind kind;
    const char *label;          // English source, context "qmt::at::Forms": "Keep-alive (keep_alive_time)"
    const char *unit = nullptr; // "seconds", or a short remark; context "qmt::at::Forms"
    std::vector<ValueMeaning> meanings;
    qint64 suggested = 0;           // what a form starts with (numbers)
    const char *suggestedText = ""; // ... (texts)
    bool gated = false;             // only present when the setting's first field is not 0 (will, ssl)
    bool optional = false;          // may be left off the end of a set command (recv/mode's msg_len_enable)
    const char *placeholder = nullptr; // what a module prints for it in the "=?" answer ("willtopic")
    // The value as written on the command line, without quotes ("120", "0X0035", "RAM:ca.pem"),
    // read from and written to the record of the setting's command. Exactly one pair is set.
    QByteArray (*getCfg)(const SlotConfig &) = nullptr;
    void (*setCfg)(SlotConfig &, const QByteArray &) = nullptr;
    QByteArray (*getSsl)(const SslConfig &) = nullptr;
    void (*setSsl)(SslConfig &, const QByteArray &) = nullptr;
    // Data fields: the bytes themselves when the record knows them (a null array when not), and
    // the bytes the module received after the prompt.
    QByteArray (*getData)(const SlotConfig &) = nullptr;
    void (*setData)(SlotConfig &, const QByteArray &) = nullptr;
    // AT+QSSLCFG fields: the module's power-up value (PROTOCOL.md §4). AT+QMTCFG's are the
    // initialisers of SlotConfig.
    const char *powerUp = nullptr;

    bool isQuoted() const;
    bool isNumber() const
    {
        return kind == ValueKind::Int || kind == ValueKind::Choice || kind == ValueKind::Hex;
    }
    QString name() const;                // the spec's bare name: "keep_alive_time"
    QString meaning(qint64 value) const; // translated meaning of a Choice value, or empty
};

struct SettingInfo
{
    Cmd cmd;                          // QMTCFG or QSSLCFG
    int id;                           // the CfgSetting or SslSetting
    const char *name;                 // on the command line: "keepalive", "recv/mode", "sslversion"
    const char *alias;                // another spelling the module accepts ("pdpid"), or nullptr
    const char *syntax;               // AT+QMTCFG="keepalive",<client_idx>[,<keep_alive_time>]
    const char *hint;                 // the syntax hint's meaning, context "qmt::at::syntax"
    const char *title;                // the form's title, context "qmt::at::Forms"
    const char *summary;              // the form's summary, context "qmt::at::Forms", may be nullptr
    std::vector<SettingField> fields; // after <client_idx> / <SSL_ctx_idx>
    bool secret = false;    // its read-back prints a secret: read-all lists leave it out unless asked
    bool flagGated = false; // the fields after the first only when the first is not 0

    CfgSetting cfg() const { return CfgSetting(id); }
    SslSetting ssl() const { return SslSetting(id); }
    bool isCfg() const { return cmd == Cmd::QMTCFG; }
    const SettingField *field(QByteArrayView key) const;
    // The values the record holds, as they appear after the index in a read-back answer
    // (quoted where the module quotes them); a flag-gated setting that is off gives only the flag.
    QByteArray readBackValues(const SlotConfig &c) const;
    QByteArray readBackValues(const SslConfig &c) const;
    // Sets the record from the values after the index (unquoted texts); missing trailing values
    // leave their members as they are.
    void apply(SlotConfig &c, const QList<QByteArray> &values) const;
    void apply(SslConfig &c, const QList<QByteArray> &values) const;
    // The values in words, translated: "4 (MQTT 3.1.1)", "120 seconds",
    // "pkt_timeout 5 seconds, retry_times 3, timeout_notice 0 (do not report)"; secrets hidden,
    // values not seen yet "not known".
    QString describe(const SlotConfig &c) const;
    QString describe(const SslConfig &c) const;
};

// Meanings shared by settings and the other commands' forms: 0/1 off/on, QoS 0-2, retain 0/1.
const std::vector<ValueMeaning> &offOnMeanings();
const std::vector<ValueMeaning> &qosMeanings();
const std::vector<ValueMeaning> &retainMeanings();

const std::vector<SettingInfo> &cfgSettings(); // in CfgSetting order
const std::vector<SettingInfo> &sslSettings(); // in SslSetting order
const SettingInfo &settingInfo(CfgSetting s);
const SettingInfo &settingInfo(SslSetting s);
// The row of a name after AT+QMTCFG= / AT+QSSLCFG= (case-insensitive, aliases included); nullptr
// for a name the table does not know.
const SettingInfo *findSetting(Cmd cmd, QByteArrayView name);

// A module's settings after power-up: SlotConfig{} for a client; for an SSL context every
// field's powerUp (where SslConfig{} holds "not seen yet").
SslConfig sslPowerUp();

// The name on the command line: "version", "pdpcid", ..., "recv/mode" / "sslversion", ...
const char *cfgSettingName(CfgSetting s);
const char *sslSettingName(SslSetting s);

} // namespace qmt::at
