// SPDX-License-Identifier: Apache-2.0
#include "at/settings.h"

#include <QCoreApplication>

#include <QStringList>

#include <algorithm>
#include <type_traits>

namespace qmt::at {

namespace {

QByteArray n(qint64 v)
{
    return QByteArray::number(v);
}
int toI(const QByteArray &v)
{
    bool ok = false;
    const int i = v.trimmed().toInt(&ok);
    return ok ? i : -1;
}

// Accessor pairs for a record member, as captureless lambdas (function pointers in the rows).
#define QMT_CFG_INT(member)                                                                                  \
    [](const SlotConfig &c) { return n(c.member); },                                                         \
        [](SlotConfig &c, const QByteArray &v) { c.member = toI(v); }, nullptr, nullptr
#define QMT_CFG_BOOL(member)                                                                                 \
    [](const SlotConfig &c) { return n(c.member ? 1 : 0); },                                                 \
        [](SlotConfig &c, const QByteArray &v) { c.member = toI(v) == 1; }, nullptr, nullptr
#define QMT_CFG_TEXT(member)                                                                                 \
    [](const SlotConfig &c) { return c.member; }, [](SlotConfig &c, const QByteArray &v) { c.member = v; },  \
        nullptr, nullptr
#define QMT_SSL_INT(member)                                                                                  \
    nullptr, nullptr, [](const SslConfig &c) { return c.member < 0 ? QByteArray() : n(c.member); },          \
        [](SslConfig &c, const QByteArray &v) { c.member = toI(v); }
#define QMT_SSL_TEXT(member)                                                                                 \
    nullptr, nullptr, [](const SslConfig &c) { return c.member; },                                           \
        [](SslConfig &c, const QByteArray &v) { c.member = v; }

const std::vector<ValueMeaning> kBit = {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "off")},
                                        {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "on")}};
const std::vector<ValueMeaning> kQos = {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "at most once")},
                                        {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "at least once")},
                                        {2, QT_TRANSLATE_NOOP("qmt::at::Forms", "exactly once")}};
const std::vector<ValueMeaning> kRetain = {
    {0, QT_TRANSLATE_NOOP("qmt::at::Forms", "not retained")},
    {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "retained by the broker")}};
const std::vector<ValueMeaning> kWillFlag = {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "no will")},
                                             {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "publish a will")}};

// The will's fields after the flag, shared by "will" and "willex" (not the message).
std::vector<SettingField> willHead(bool gated)
{
    return {
        {"flag", Param::WillFlag, ValueKind::Choice, QT_TRANSLATE_NOOP("qmt::at::Forms", "Will (will_fg)"),
         nullptr, kWillFlag, 1, "", false, false, nullptr, QMT_CFG_BOOL(will.enabled)},
        {"qos", Param::WillQos, ValueKind::Choice, QT_TRANSLATE_NOOP("qmt::at::Forms", "QoS (will_qos)"),
         nullptr, kQos, 1, "", gated, false, nullptr, QMT_CFG_INT(will.qos)},
        {"retain", Param::WillRetain, ValueKind::Choice,
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Retain (will_retain)"), nullptr, kRetain, 0, "", gated, false,
         nullptr, QMT_CFG_BOOL(will.retain)},
        {"topic",
         Param::WillTopicLen,
         ValueKind::Topic,
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Topic (will_topic)"),
         nullptr,
         {},
         0,
         "qmtscope/status",
         gated,
         false,
         "willtopic",
         QMT_CFG_TEXT(will.topic)},
    };
}

std::vector<SettingInfo> makeCfg()
{
    using K = ValueKind;
    std::vector<SettingInfo> t;
    t.push_back({Cmd::QMTCFG,
                 int(CfgSetting::Version),
                 "version",
                 nullptr,
                 "AT+QMTCFG=\"version\",<client_idx>[,<vsn>]",
                 QT_TRANSLATE_NOOP("qmt::at::syntax", "MQTT protocol version: 3 = MQTT 3.1, 4 = MQTT 3.1.1"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "MQTT protocol version"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "The MQTT version the client speaks to the broker."),
                 {{"vsn",
                   Param::Version,
                   K::Choice,
                   QT_TRANSLATE_NOOP("qmt::at::Forms", "Version (vsn)"),
                   nullptr,
                   {{3, QT_TRANSLATE_NOOP("qmt::at::Forms", "MQTT 3.1")},
                    {4, QT_TRANSLATE_NOOP("qmt::at::Forms", "MQTT 3.1.1")}},
                   4,
                   "",
                   false,
                   false,
                   nullptr,
                   QMT_CFG_INT(version)}}});
    t.push_back({Cmd::QMTCFG,
                 int(CfgSetting::PdpCid),
                 "pdpcid",
                 "pdpid", // the seed's spelling
                 "AT+QMTCFG=\"pdpcid\",<client_idx>[,<cid>]",
                 QT_TRANSLATE_NOOP("qmt::at::syntax", "the PDP context the slot uses, 1-16 (default 1)"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "PDP context of the client"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms",
                                   "The PDP context (AT+QICSGP/AT+QIACT) the client's network uses."),
                 {{"cid",
                   Param::PdpCid,
                   K::Int,
                   QT_TRANSLATE_NOOP("qmt::at::Forms", "PDP context (cid)"),
                   nullptr,
                   {},
                   1,
                   "",
                   false,
                   false,
                   nullptr,
                   QMT_CFG_INT(pdpCid)}}});
    t.push_back(
        {Cmd::QMTCFG,
         int(CfgSetting::Ssl),
         "ssl",
         nullptr,
         "AT+QMTCFG=\"ssl\",<client_idx>[,<SSL_enable>,<SSL_ctx_idx>]",
         QT_TRANSLATE_NOOP("qmt::at::syntax", "TLS for the slot: enable 0/1 and the SSL context 0-5 to use"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "SSL/TLS for the client"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Binds the client to an SSL context set up with AT+QSSLCFG; the "
                                             "context is required when SSL is on."),
         {{"enable",
           Param::SslEnable,
           K::Choice,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "SSL (SSL_enable)"),
           nullptr,
           {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "plain TCP")},
            {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "SSL/TLS")}},
           1,
           "",
           false,
           false,
           nullptr,
           QMT_CFG_BOOL(sslEnabled)},
          {"sslctx",
           Param::SslCtx,
           K::Int,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "SSL context (SSL_ctx_idx)"),
           nullptr,
           {},
           0,
           "",
           true,
           false,
           nullptr,
           QMT_CFG_INT(sslCtx)}},
         false,
         true});
    t.push_back(
        {Cmd::QMTCFG,
         int(CfgSetting::KeepAlive),
         "keepalive",
         nullptr,
         "AT+QMTCFG=\"keepalive\",<client_idx>[,<keep_alive_time>]",
         QT_TRANSLATE_NOOP("qmt::at::syntax",
                           "keep-alive interval 0-3600 s (default 120; 0 = never time out)"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Keep-alive time"),
         QT_TRANSLATE_NOOP("qmt::at::Forms",
                           "The longest silence before the client pings the broker; 0 = never time out."),
         {{"keepalive",
           Param::KeepAlive,
           K::Int,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Keep-alive (keep_alive_time)"),
           QT_TRANSLATE_NOOP("qmt::at::Forms", "seconds"),
           {},
           120,
           "",
           false,
           false,
           nullptr,
           QMT_CFG_INT(keepAlive)}}});
    t.push_back(
        {Cmd::QMTCFG,
         int(CfgSetting::Session),
         "session",
         nullptr,
         "AT+QMTCFG=\"session\",<client_idx>[,<clean_session>]",
         QT_TRANSLATE_NOOP("qmt::at::syntax", "0 keeps the session after a disconnect, 1 starts clean"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Session type"),
         QT_TRANSLATE_NOOP("qmt::at::Forms",
                           "Whether the broker keeps the client's subscriptions across connections."),
         {{"clean",
           Param::CleanSession,
           K::Choice,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Session (clean_session)"),
           nullptr,
           {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "keep the session")},
            {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "clean session")}},
           1,
           "",
           false,
           false,
           nullptr,
           QMT_CFG_INT(cleanSession)}}});
    t.push_back(
        {Cmd::QMTCFG,
         int(CfgSetting::Timeout),
         "timeout",
         nullptr,
         "AT+QMTCFG=\"timeout\",<client_idx>[,<pkt_timeout>,<retry_times>,<timeout_notice>]",
         QT_TRANSLATE_NOOP(
             "qmt::at::syntax",
             "packet timeout 1-60 s (default 5), retries 0-10 (default 3), report timeouts 0/1"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Packet timeout and retries"),
         QT_TRANSLATE_NOOP("qmt::at::Forms",
                           "How long the client waits for an acknowledgement, and how often it resends."),
         {{"pkt",
           Param::PktTimeout,
           K::Int,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Packet timeout (pkt_timeout)"),
           QT_TRANSLATE_NOOP("qmt::at::Forms", "seconds"),
           {},
           5,
           "",
           false,
           false,
           nullptr,
           QMT_CFG_INT(pktTimeout)},
          {"retry",
           Param::RetryTimes,
           K::Int,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Retries (retry_times)"),
           nullptr,
           {},
           3,
           "",
           false,
           false,
           nullptr,
           QMT_CFG_INT(retryTimes)},
          {"notice",
           Param::TimeoutNotice,
           K::Choice,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Report timeouts (timeout_notice)"),
           nullptr,
           {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "do not report")},
            {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "report a packet timeout")}},
           0,
           "",
           false,
           false,
           nullptr,
           QMT_CFG_INT(timeoutNotice)}}});
    {
        std::vector<SettingField> f = willHead(true);
        f.push_back({"message",
                     Param::WillMsgLen,
                     K::Text,
                     QT_TRANSLATE_NOOP("qmt::at::Forms", "Message (will_msg)"),
                     nullptr,
                     {},
                     0,
                     "offline",
                     true,
                     false,
                     "willmessage",
                     QMT_CFG_TEXT(will.message)});
        t.push_back(
            {Cmd::QMTCFG, int(CfgSetting::Will), "will", nullptr,
             "AT+QMTCFG=\"will\",<client_idx>[,<will_fg>[,<will_qos>,<will_retain>,\"<will_topic>\",\"<will_"
             "msg>\"]]",
             QT_TRANSLATE_NOOP("qmt::at::syntax",
                               "last will: flag 0/1, QoS 0-2, retain 0/1, topic, message (no \" inside)"),
             QT_TRANSLATE_NOOP("qmt::at::Forms", "Will message"),
             QT_TRANSLATE_NOOP("qmt::at::Forms",
                               "What the broker publishes when the client goes away without DISCONNECT. The "
                               "message cannot contain a double quote."),
             std::move(f), false, true});
    }
    {
        std::vector<SettingField> f = willHead(false);
        f.push_back({"message",
                     Param::WillExLen,
                     K::Data,
                     QT_TRANSLATE_NOOP("qmt::at::Forms", "Message (after >)"),
                     nullptr,
                     {},
                     0,
                     "offline",
                     false,
                     false,
                     nullptr,
                     [](const SlotConfig &c) {
                         return n(c.will.length >= 0 ? c.will.length : c.will.message.size());
                     },
                     [](SlotConfig &c, const QByteArray &v) { c.will.length = toI(v); },
                     nullptr,
                     nullptr,
                     [](const SlotConfig &c) {
                         return c.will.length < 0 || c.will.length == c.will.message.size() ? c.will.message
                                                                                            : QByteArray();
                     },
                     [](SlotConfig &c, const QByteArray &data) {
                         c.will.message = data;
                         c.will.length = data.size();
                     }});
        t.push_back(
            {Cmd::QMTCFG, int(CfgSetting::WillEx), "willex", nullptr,
             "AT+QMTCFG=\"willex\",<client_idx>[,<will_fg>,<will_qos>,<will_retain>,\"<will_topic>\",<will_"
             "len>]",
             QT_TRANSLATE_NOOP("qmt::at::syntax",
                               "last will whose message (0-256 bytes) is written after the '>' prompt"),
             QT_TRANSLATE_NOOP("qmt::at::Forms", "Will message with a length"),
             QT_TRANSLATE_NOOP("qmt::at::Forms", "Like \"will\", but the message is written after the > "
                                                 "prompt, so it may contain any byte."),
             std::move(f)});
    }
    t.push_back(
        {Cmd::QMTCFG,
         int(CfgSetting::RecvMode),
         "recv/mode",
         nullptr,
         "AT+QMTCFG=\"recv/mode\",<client_idx>[,<msg_recv_mode>[,<msg_len_enable>]]",
         QT_TRANSLATE_NOOP("qmt::at::syntax", "mode 0 = message in the URC, 1 = stored in a buffer; length 1 "
                                              "= the URC carries the payload length"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Receive mode"),
         QT_TRANSLATE_NOOP("qmt::at::Forms",
                           "How received messages reach the host. With the length in the URC, payloads "
                           "that contain line breaks or quotes are read reliably."),
         {{"mode",
           Param::RecvMode,
           K::Choice,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Mode (msg_recv_mode)"),
           nullptr,
           {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "the message in the +QMTRECV URC")},
            {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "stored in a buffer; the URC names the buffer")}},
           0,
           "",
           false,
           false,
           nullptr,
           QMT_CFG_INT(recvMode)},
          {"msglen",
           Param::MsgLenEnable,
           K::Choice,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Length in the URC (msg_len_enable)"),
           nullptr,
           {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "no length")},
            {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "the URC carries the payload length")}},
           1,
           "",
           false,
           true,
           nullptr,
           QMT_CFG_INT(msgLenEnable)}}});
    t.push_back(
        {Cmd::QMTCFG,
         int(CfgSetting::AliAuth),
         "aliauth",
         nullptr,
         "AT+QMTCFG=\"aliauth\",<client_idx>[,\"<product_key>\",\"<device_name>\",\"<device_secret>\"]",
         QT_TRANSLATE_NOOP("qmt::at::syntax", "Alibaba Cloud device credentials (the secret is a secret)"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Alibaba Cloud credentials"),
         QT_TRANSLATE_NOOP("qmt::at::Forms",
                           "With these, AT+QMTCONN may omit user name and password. The device "
                           "secret is a secret."),
         {{"pk",
           Param::AliProductKeyLen,
           K::Text,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Product key"),
           nullptr,
           {},
           0,
           "",
           false,
           false,
           "productkey",
           QMT_CFG_TEXT(aliProductKey)},
          {"dn",
           Param::AliDeviceNameLen,
           K::Text,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Device name"),
           nullptr,
           {},
           0,
           "",
           false,
           false,
           "devicename",
           QMT_CFG_TEXT(aliDeviceName)},
          {"ds",
           Param::AliDeviceSecretLen,
           K::Secret,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Device secret"),
           nullptr,
           {},
           0,
           "",
           false,
           false,
           "devicesecret",
           QMT_CFG_TEXT(aliDeviceSecret)}},
         true});
    t.push_back(
        {Cmd::QMTCFG,
         int(CfgSetting::QmtPing),
         "qmtping",
         nullptr,
         "AT+QMTCFG=\"qmtping\",<client_idx>[,<qmtping_interval>]",
         QT_TRANSLATE_NOOP("qmt::at::syntax", "interval of the module's own pings, 5-60 s (default 5)"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Ping interval"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "How long the client waits for a PINGRESP."),
         {{"interval",
           Param::QmtPing,
           K::Int,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Interval (qmtping_interval)"),
           QT_TRANSLATE_NOOP("qmt::at::Forms", "seconds"),
           {},
           5,
           "",
           false,
           false,
           nullptr,
           QMT_CFG_INT(qmtPing)}}});
    return t;
}

// A file-name field of an SSL context; the accessors as QMT_SSL_TEXT writes them (the first two,
// a slot's, are null).
SettingField sslFile(const char *label, const char *suggested, const char *placeholder, std::nullptr_t,
                     std::nullptr_t, QByteArray (*get)(const SslConfig &),
                     void (*set)(SslConfig &, const QByteArray &))
{
    return {"file", Param::FileNameLen, ValueKind::File, label,   nullptr, {}, 0, suggested, false,
            false,  placeholder,        nullptr,         nullptr, get,     set};
}

std::vector<SettingInfo> makeSsl()
{
    using K = ValueKind;
    const char *fileSummary = QT_TRANSLATE_NOOP("qmt::at::Forms", "A file uploaded with AT+QFUPL.");
    std::vector<SettingInfo> t;
    t.push_back({Cmd::QSSLCFG,
                 int(SslSetting::SslVersion),
                 "sslversion",
                 nullptr,
                 "AT+QSSLCFG=\"sslversion\",<SSL_ctx_idx>[,<sslversion>]",
                 QT_TRANSLATE_NOOP("qmt::at::syntax", "0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 all"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "SSL version"),
                 nullptr,
                 {{"version",
                   Param::SslVersion,
                   K::Choice,
                   QT_TRANSLATE_NOOP("qmt::at::Forms", "Version"),
                   nullptr,
                   {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "SSL 3.0")},
                    {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "TLS 1.0")},
                    {2, QT_TRANSLATE_NOOP("qmt::at::Forms", "TLS 1.1")},
                    {3, QT_TRANSLATE_NOOP("qmt::at::Forms", "TLS 1.2")},
                    {4, QT_TRANSLATE_NOOP("qmt::at::Forms", "all")}},
                   4,
                   "",
                   false,
                   false,
                   nullptr,
                   QMT_SSL_INT(sslVersion)}}});
    t.back().fields.front().powerUp = "4";
    t.push_back(
        {Cmd::QSSLCFG,
         int(SslSetting::CipherSuite),
         "ciphersuite",
         nullptr,
         "AT+QSSLCFG=\"ciphersuite\",<SSL_ctx_idx>[,<cipher_suites>]",
         QT_TRANSLATE_NOOP("qmt::at::syntax", "cipher suite in hex, unquoted (0X0035, 0XC02F …; 0XFFFF all)"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Cipher suites"),
         nullptr,
         {{"suite",
           Param::CipherSuite,
           K::Hex,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Cipher suite"),
           QT_TRANSLATE_NOOP("qmt::at::Forms", "(e.g. 0X0035, 0X002F, 0XC02F; 0XFFFF = all)"),
           {},
           0xFFFF,
           "",
           false,
           false,
           "(0X0035,0X002F,0X0005,0X0004,0X000A,0X003D,0XC02F,0XC030,0XFFFF)",
           QMT_SSL_TEXT(cipherSuite)}}});
    t.back().fields.front().powerUp = "0XFFFF";
    t.push_back({Cmd::QSSLCFG,
                 int(SslSetting::SecLevel),
                 "seclevel",
                 nullptr,
                 "AT+QSSLCFG=\"seclevel\",<SSL_ctx_idx>[,<seclevel>]",
                 QT_TRANSLATE_NOOP("qmt::at::syntax",
                                   "0 no authentication, 1 verify the server, 2 verify server and client"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "Authentication level"),
                 nullptr,
                 {{"level",
                   Param::SecLevel,
                   K::Choice,
                   QT_TRANSLATE_NOOP("qmt::at::Forms", "Level"),
                   nullptr,
                   {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "no authentication")},
                    {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "verify the server")},
                    {2, QT_TRANSLATE_NOOP("qmt::at::Forms", "verify server and client")}},
                   1,
                   "",
                   false,
                   false,
                   nullptr,
                   QMT_SSL_INT(secLevel)}}});
    t.back().fields.front().powerUp = "0";
    t.push_back({Cmd::QSSLCFG,
                 int(SslSetting::CaCert),
                 "cacert",
                 nullptr,
                 "AT+QSSLCFG=\"cacert\",<SSL_ctx_idx>[,\"<cacertpath>\"]",
                 QT_TRANSLATE_NOOP("qmt::at::syntax", "the uploaded CA certificate, e.g. \"RAM:cacert.pem\""),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "CA certificate file"),
                 fileSummary,
                 {sslFile(QT_TRANSLATE_NOOP("qmt::at::Forms", "File"), "RAM:cacert.pem", "\"cacertpath\"",
                          QMT_SSL_TEXT(caCert))}});
    t.push_back({Cmd::QSSLCFG,
                 int(SslSetting::ClientCert),
                 "clientcert",
                 nullptr,
                 "AT+QSSLCFG=\"clientcert\",<SSL_ctx_idx>[,\"<client_cert_path>\"]",
                 QT_TRANSLATE_NOOP("qmt::at::syntax", "the uploaded client certificate"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "Client certificate file"),
                 fileSummary,
                 {sslFile(QT_TRANSLATE_NOOP("qmt::at::Forms", "File"), "RAM:client.pem", "\"clientcertpath\"",
                          QMT_SSL_TEXT(clientCert))}});
    t.push_back({Cmd::QSSLCFG,
                 int(SslSetting::ClientKey),
                 "clientkey",
                 nullptr,
                 "AT+QSSLCFG=\"clientkey\",<SSL_ctx_idx>[,\"<client_key_path>\"]",
                 QT_TRANSLATE_NOOP("qmt::at::syntax", "the uploaded private key of the client certificate"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "Client key file"),
                 fileSummary,
                 {sslFile(QT_TRANSLATE_NOOP("qmt::at::Forms", "File"), "RAM:user_key.pem",
                          "\"clientkeypath\"", QMT_SSL_TEXT(clientKey))}});
    t.push_back(
        {Cmd::QSSLCFG,
         int(SslSetting::IgnoreLocalTime),
         "ignorelocaltime",
         nullptr,
         "AT+QSSLCFG=\"ignorelocaltime\",<SSL_ctx_idx>[,<ignore_ltime>]",
         QT_TRANSLATE_NOOP("qmt::at::syntax", "1 ignores the certificates' validity period"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Ignore the validity period"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Modules without a set clock fail the handshake unless the "
                                             "certificates' validity period is ignored."),
         {{"ignore",
           Param::IgnoreLocalTime,
           K::Choice,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Validity period"),
           nullptr,
           {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "check it")},
            {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "ignore it")}},
           1,
           "",
           false,
           false,
           nullptr,
           QMT_SSL_INT(ignoreLocalTime)}}});
    t.back().fields.front().powerUp = "0";
    t.push_back(
        {Cmd::QSSLCFG,
         int(SslSetting::NegotiateTime),
         "negotiatetime",
         nullptr,
         "AT+QSSLCFG=\"negotiatetime\",<SSL_ctx_idx>[,<negotiate_time>]",
         QT_TRANSLATE_NOOP("qmt::at::syntax", "time limit of the TLS handshake, 10-300 s (default 300)"),
         QT_TRANSLATE_NOOP("qmt::at::Forms", "Handshake time limit"),
         nullptr,
         {{"seconds",
           Param::NegotiateTime,
           K::Int,
           QT_TRANSLATE_NOOP("qmt::at::Forms", "Time limit"),
           QT_TRANSLATE_NOOP("qmt::at::Forms", "seconds"),
           {},
           300,
           "",
           false,
           false,
           nullptr,
           QMT_SSL_INT(negotiateTime)}}});
    t.back().fields.front().powerUp = "300";
    t.push_back({Cmd::QSSLCFG,
                 int(SslSetting::Sni),
                 "sni",
                 nullptr,
                 "AT+QSSLCFG=\"sni\",<SSL_ctx_idx>[,<sni>]",
                 QT_TRANSLATE_NOOP("qmt::at::syntax",
                                   "server name indication 0/1; hosts sharing an IP address need 1"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "Server name indication"),
                 QT_TRANSLATE_NOOP("qmt::at::Forms", "TLS hosts that share an IP address need SNI on."),
                 {{"sni", Param::Sni, K::Choice, QT_TRANSLATE_NOOP("qmt::at::Forms", "SNI"), nullptr, kBit, 1,
                   "", false, false, nullptr, QMT_SSL_INT(sni)}}});
    t.back().fields.front().powerUp = "0";
    return t;
}

#undef QMT_CFG_INT
#undef QMT_CFG_BOOL
#undef QMT_CFG_TEXT
#undef QMT_SSL_INT
#undef QMT_SSL_TEXT

template <typename Record> QByteArray readBack(const SettingInfo &s, const Record &c)
{
    QByteArray out;
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
        const SettingField &f = s.fields[i];
        if (f.gated && s.flagGated && i > 0 && out == "0")
            break;
        QByteArray v;
        if constexpr (std::is_same_v<Record, SlotConfig>)
            v = f.getCfg(c);
        else
            v = f.getSsl(c);
        if (i > 0)
            out += ',';
        out += f.isQuoted() ? '"' + v + '"' : v;
    }
    return out;
}

template <typename Record> void applyValues(const SettingInfo &s, Record &c, const QList<QByteArray> &values)
{
    for (std::size_t i = 0; i < s.fields.size() && qsizetype(i) < values.size(); ++i) {
        if constexpr (std::is_same_v<Record, SlotConfig>)
            s.fields[i].setCfg(c, values[qsizetype(i)]);
        else
            s.fields[i].setSsl(c, values[qsizetype(i)]);
    }
}

template <typename Record> QString describeValues(const SettingInfo &s, const Record &c)
{
    const auto get = [&c](const SettingField &f) {
        if constexpr (std::is_same_v<Record, SlotConfig>)
            return f.getCfg(c);
        else
            return f.getSsl(c);
    };
    QStringList parts;
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
        const SettingField &f = s.fields[i];
        if (f.gated && s.flagGated && i > 0 && get(s.fields.front()) == "0")
            break;
        const QByteArray v = get(f);
        QString text;
        if (f.kind == ValueKind::Secret)
            text = v.isEmpty() ? QCoreApplication::translate("qmt::at::Settings", "not set")
                               : QCoreApplication::translate("qmt::at::Settings", "hidden");
        else if (v.isEmpty() || (f.isNumber() && v == "-1"))
            text = f.isQuoted() ? QCoreApplication::translate("qmt::at::Settings", "not set")
                                : QCoreApplication::translate("qmt::at::Settings", "not known");
        else if (f.isQuoted())
            text = QLatin1Char('"') + QString::fromUtf8(v) + QLatin1Char('"');
        else if (const QString m = f.meaning(v.toLongLong()); !m.isEmpty() && f.kind == ValueKind::Choice)
            text = QCoreApplication::translate("qmt::at::Settings", "%1 (%2)").arg(QString::fromUtf8(v), m);
        else if (f.unit && f.kind == ValueKind::Int)
            text = QStringLiteral("%1 %2").arg(QString::fromUtf8(v),
                                               QCoreApplication::translate("qmt::at::Forms", f.unit));
        else
            text = QString::fromUtf8(v);
        parts << (s.fields.size() == 1 ? text : QStringLiteral("%1 %2").arg(f.name(), text));
    }
    return parts.join(QLatin1String(", "));
}

} // namespace

QString SettingInfo::describe(const SlotConfig &c) const
{
    return describeValues(*this, c);
}
QString SettingInfo::describe(const SslConfig &c) const
{
    return describeValues(*this, c);
}

bool SettingField::isQuoted() const
{
    return kind == ValueKind::Text || kind == ValueKind::Topic || kind == ValueKind::Secret ||
           kind == ValueKind::File;
}

QString SettingField::name() const
{
    QString p = paramName(param);
    if (p.size() >= 2 && p.startsWith(QLatin1Char('<')) && p.endsWith(QLatin1Char('>')))
        p = p.mid(1, p.size() - 2);
    return p;
}

QString SettingField::meaning(qint64 value) const
{
    for (const ValueMeaning &m : meanings)
        if (m.value == value)
            return QCoreApplication::translate("qmt::at::Forms", m.text);
    return {};
}

const SettingField *SettingInfo::field(QByteArrayView key) const
{
    for (const SettingField &f : fields)
        if (key == f.key)
            return &f;
    return nullptr;
}

QByteArray SettingInfo::readBackValues(const SlotConfig &c) const
{
    return readBack(*this, c);
}
QByteArray SettingInfo::readBackValues(const SslConfig &c) const
{
    return readBack(*this, c);
}
void SettingInfo::apply(SlotConfig &c, const QList<QByteArray> &values) const
{
    applyValues(*this, c, values);
}
void SettingInfo::apply(SslConfig &c, const QList<QByteArray> &values) const
{
    applyValues(*this, c, values);
}

const std::vector<SettingInfo> &cfgSettings()
{
    static const std::vector<SettingInfo> t = makeCfg();
    return t;
}

const std::vector<SettingInfo> &sslSettings()
{
    static const std::vector<SettingInfo> t = makeSsl();
    return t;
}

const SettingInfo &settingInfo(CfgSetting s)
{
    return cfgSettings()[std::size_t(s)];
}

const SettingInfo &settingInfo(SslSetting s)
{
    return sslSettings()[std::size_t(s)];
}

const SettingInfo *findSetting(Cmd cmd, QByteArrayView name)
{
    const std::vector<SettingInfo> *table = cmd == Cmd::QMTCFG    ? &cfgSettings()
                                            : cmd == Cmd::QSSLCFG ? &sslSettings()
                                                                  : nullptr;
    if (!table)
        return nullptr;
    name = name.trimmed(); // compared without a lower-case copy: this runs for every line
    for (const SettingInfo &s : *table)
        if (name.compare(QByteArrayView(s.name), Qt::CaseInsensitive) == 0 ||
            (s.alias && name.compare(QByteArrayView(s.alias), Qt::CaseInsensitive) == 0))
            return &s;
    return nullptr;
}

SslConfig sslPowerUp()
{
    // made once: a simulated module holds six, a reboot renews them
    static const SslConfig powerUp = [] {
        SslConfig c;
        for (const SettingInfo &s : sslSettings())
            for (const SettingField &f : s.fields)
                if (f.powerUp)
                    f.setSsl(c, f.powerUp);
        return c;
    }();
    return powerUp;
}

const std::vector<ValueMeaning> &offOnMeanings()
{
    return kBit;
}
const std::vector<ValueMeaning> &qosMeanings()
{
    return kQos;
}
const std::vector<ValueMeaning> &retainMeanings()
{
    return kRetain;
}

const char *cfgSettingName(CfgSetting s)
{
    return std::size_t(s) < cfgSettings().size() ? settingInfo(s).name : "";
}

const char *sslSettingName(SslSetting s)
{
    return std::size_t(s) < sslSettings().size() ? settingInfo(s).name : "";
}

} // namespace qmt::at
