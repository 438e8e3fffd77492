#include "at/builders.h"

#include "at/spec.h"

#include <QCoreApplication>
#include <QLatin1String>

#include <algorithm>

namespace qmt::at {

namespace {

// ---- messages --------------------------------------------------------------------------------
// Every text goes through QCoreApplication::translate("qmt::at::Builders", ...) written out, so
// lupdate finds it. %1 is always the parameter's bare name ("keep_alive_time").

QString bareName(const QString &name)
{
    if (name.size() >= 2 && name.startsWith(QLatin1Char('<')) && name.endsWith(QLatin1Char('>')))
        return name.mid(1, name.size() - 2);
    return name;
}

BuildError outOfRange(const QString &name, qint64 value, const Range &r)
{
    const QString v = r.hexDigits() > 0 ? Range(value, value).setHexDigits(r.hexDigits()).toString()
                                        : QString::number(value);
    if (r.isSingleInterval())
        return {name, QCoreApplication::translate("qmt::at::Builders", "%1 %2 is out of range %3")
                          .arg(bareName(name), v, r.toString())};
    return {name, QCoreApplication::translate("qmt::at::Builders", "%1 %2 is not one of %3")
                      .arg(bareName(name), v, r.toString())};
}

BuildError badLength(const QString &name, qsizetype length, const Range &r, bool text)
{
    if (length == 0)
        return {name,
                QCoreApplication::translate("qmt::at::Builders", "%1 must not be empty").arg(bareName(name))};
    if (text)
        return {name, QCoreApplication::translate(
                          "qmt::at::Builders", "%1 is %2 bytes long in UTF-8; the allowed length is %3 bytes")
                          .arg(bareName(name), QString::number(length), r.toString())};
    return {name, QCoreApplication::translate("qmt::at::Builders",
                                              "%1 is %2 bytes long; the allowed length is %3 bytes")
                      .arg(bareName(name), QString::number(length), r.toString())};
}

BuildError hasQuote(const QString &name)
{
    return {name, QCoreApplication::translate(
                      "qmt::at::Builders", "%1 must not contain a double quote (\"): the module has no way "
                                           "to escape it")
                      .arg(bareName(name))};
}

BuildError hasLineBreak(const QString &name)
{
    return {name,
            QCoreApplication::translate("qmt::at::Builders", "%1 must not contain a line break (CR or LF)")
                .arg(bareName(name))};
}

// ---- validation ------------------------------------------------------------------------------

// Runs checks in command-line order and keeps the first failure; later checks are skipped.
class Checker
{
public:
    explicit Checker(const RangeTable &t) : m_table(t) {}

    bool ok() const { return !m_error; }
    const BuildError &error() const { return *m_error; }

    Checker &fail(BuildError e)
    {
        if (!m_error)
            m_error = std::move(e);
        return *this;
    }

    // An integer parameter; name overrides paramName(p) (e.g. "<qos2>").
    Checker &num(Param p, qint64 v, const QString &name = QString())
    {
        if (m_error)
            return *this;
        const Range &r = m_table.range(p);
        if (!r.contains(v))
            fail(outOfRange(name.isEmpty() ? paramName(p) : name, v, r));
        return *this;
    }

    // A quoted string parameter: no '"', no CR/LF, UTF-8 length within the range of lenParam
    // (no length check when lenParam is Param::Count_, then it must just not be empty).
    Checker &str(Param lenParam, const QString &s, const QString &name = QString())
    {
        if (m_error)
            return *this;
        const QString n = name.isEmpty() ? paramName(lenParam) : name;
        if (s.contains(QLatin1Char('"')))
            return fail(hasQuote(n));
        if (s.contains(QLatin1Char('\r')) || s.contains(QLatin1Char('\n')))
            return fail(hasLineBreak(n));
        const qsizetype len = s.toUtf8().size();
        if (lenParam == Param::Count_) {
            if (len == 0)
                fail(badLength(n, 0, Range(1, 1), true));
            return *this;
        }
        const Range &r = m_table.range(lenParam);
        if (!r.contains(len))
            fail(badLength(n, len, r, true));
        return *this;
    }

    // Raw data written after a prompt: only its length is checked.
    Checker &data(Param lenParam, const QByteArray &d, const QString &name = QString())
    {
        if (m_error)
            return *this;
        const Range &r = m_table.range(lenParam);
        if (!r.contains(d.size()))
            fail(badLength(name.isEmpty() ? paramName(lenParam) : name, d.size(), r, false));
        return *this;
    }

    // A topic name to publish to (also the will topic): a string without MQTT wildcards.
    Checker &topicName(Param lenParam, const QString &s, const QString &name = QString())
    {
        str(lenParam, s, name);
        if (m_error)
            return *this;
        if (s.contains(QLatin1Char('+')) || s.contains(QLatin1Char('#'))) {
            const QString n = name.isEmpty() ? paramName(lenParam) : name;
            fail({n, QCoreApplication::translate(
                         "qmt::at::Builders", "%1 must not contain the wildcards + or #: one publishes to a "
                                              "topic name, not a filter")
                         .arg(bareName(n))});
        }
        return *this;
    }

    // A topic filter of AT+QMTSUB/AT+QMTUNS: '+' fills a whole level, '#' is the whole last
    // level (MQTT 3.1.1 §4.7.1).
    Checker &topicFilter(const QString &s, const QString &name)
    {
        str(Param::TopicLen, s, name);
        if (m_error)
            return *this;
        const QStringList levels = s.split(QLatin1Char('/'));
        for (qsizetype i = 0; i < levels.size(); ++i) {
            const QString &l = levels[i];
            if (l.contains(QLatin1Char('#')) && (l.size() != 1 || i != levels.size() - 1))
                return fail(
                    {name, QCoreApplication::translate("qmt::at::Builders",
                                                       "%1: the wildcard # must be the whole last level, "
                                                       "as in a/#")
                               .arg(bareName(name))});
            if (l.contains(QLatin1Char('+')) && l.size() != 1)
                return fail(
                    {name, QCoreApplication::translate("qmt::at::Builders",
                                                       "%1: the wildcard + must fill a whole level, as in "
                                                       "a/+/b")
                               .arg(bareName(name))});
        }
        return *this;
    }

    // A file name of AT+QFUPL/AT+QFDEL/AT+QSSLCFG: a string of at most 80 bytes (the prefix
    // included) with something after an optional RAM:/UFS: prefix.
    Checker &fileName(const QString &s, const QString &name = QString())
    {
        str(Param::FileNameLen, s, name);
        if (m_error)
            return *this;
        const qsizetype colon = s.indexOf(QLatin1Char(':'));
        if (colon >= 0 && colon == s.size() - 1) {
            const QString n = name.isEmpty() ? paramName(Param::FileNameLen) : name;
            fail({n, QCoreApplication::translate("qmt::at::Builders", "%1 has no name after the prefix %2")
                         .arg(bareName(n), s)});
        }
        return *this;
    }

private:
    const RangeTable &m_table;
    std::optional<BuildError> m_error;
};

// ---- command lines ---------------------------------------------------------------------------

// The comma-separated parameters of a command line.
class Args
{
public:
    Args &num(qint64 v)
    {
        sep();
        m_text += QByteArray::number(v);
        return *this;
    }
    Args &str(const QString &s)
    {
        sep();
        m_text += '"';
        m_text += s.toUtf8();
        m_text += '"';
        return *this;
    }
    Args &lit(const char *s) // a quoted sub-command name
    {
        sep();
        m_text += '"';
        m_text += s;
        m_text += '"';
        return *this;
    }
    Args &raw(const QByteArray &s)
    {
        sep();
        m_text += s;
        return *this;
    }
    const QByteArray &text() const { return m_text; }

private:
    void sep()
    {
        if (!m_text.isEmpty())
            m_text += ',';
    }
    QByteArray m_text;
};

QByteArray extended(Cmd c)
{
    return QByteArray("AT+") + cmdName(c);
}

AtCommand make(Cmd c, Form f, QByteArray line, int idx = -1, int msgId = -1)
{
    AtCommand a;
    a.cmd = c;
    a.form = f;
    a.line = std::move(line);
    a.clientIdx = idx;
    a.msgId = msgId;
    return a;
}

Built done(AtCommand a)
{
    return Built{std::move(a), std::nullopt};
}
Built failed(const Checker &c)
{
    return Built{std::nullopt, c.error()};
}

// AT+<cmd>=<args>
Built setCmd(const Checker &c, Cmd cmd, const Args &args, int idx = -1, int msgId = -1)
{
    if (!c.ok())
        return failed(c);
    return done(make(cmd, Form::Set, extended(cmd) + '=' + args.text(), idx, msgId));
}

Built queryCmd(Cmd cmd)
{
    return done(make(cmd, Form::Query, extended(cmd) + '?'));
}

QByteArray cipherSuiteText(int suite)
{
    return "0X" + QByteArray::number(suite, 16).toUpper().rightJustified(4, '0');
}

} // namespace

const char *cfgSettingName(CfgSetting s)
{
    switch (s) {
    case CfgSetting::Version:
        return "version";
    case CfgSetting::PdpCid:
        return "pdpcid";
    case CfgSetting::Ssl:
        return "ssl";
    case CfgSetting::KeepAlive:
        return "keepalive";
    case CfgSetting::Session:
        return "session";
    case CfgSetting::Timeout:
        return "timeout";
    case CfgSetting::Will:
        return "will";
    case CfgSetting::WillEx:
        return "willex";
    case CfgSetting::RecvMode:
        return "recv/mode";
    case CfgSetting::AliAuth:
        return "aliauth";
    case CfgSetting::QmtPing:
        return "qmtping";
    }
    return "";
}

const char *sslSettingName(SslSetting s)
{
    switch (s) {
    case SslSetting::SslVersion:
        return "sslversion";
    case SslSetting::CipherSuite:
        return "ciphersuite";
    case SslSetting::SecLevel:
        return "seclevel";
    case SslSetting::CaCert:
        return "cacert";
    case SslSetting::ClientCert:
        return "clientcert";
    case SslSetting::ClientKey:
        return "clientkey";
    case SslSetting::IgnoreLocalTime:
        return "ignorelocaltime";
    case SslSetting::NegotiateTime:
        return "negotiatetime";
    case SslSetting::Sni:
        return "sni";
    }
    return "";
}

Builders::Builders()
{
    static const RangeTable seed = RangeTable::defaults();
    m_ranges = &seed;
}

Builders::Builders(const RangeTable &ranges) : m_ranges(&ranges) {}

// ---- AT+QMTCFG -------------------------------------------------------------------------------

Built Builders::cfgTest() const
{
    return test(Cmd::QMTCFG);
}

Built Builders::cfgRead(CfgSetting s, int idx) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx);
    return setCmd(c, Cmd::QMTCFG, Args().lit(cfgSettingName(s)).num(idx), idx);
}

Built Builders::cfgVersion(int idx, int vsn) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::Version, vsn);
    return setCmd(c, Cmd::QMTCFG, Args().lit("version").num(idx).num(vsn), idx);
}

Built Builders::cfgPdpCid(int idx, int cid) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::PdpCid, cid);
    return setCmd(c, Cmd::QMTCFG, Args().lit("pdpcid").num(idx).num(cid), idx);
}

Built Builders::cfgSsl(int idx, int enable, std::optional<int> ctx) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::SslEnable, enable);
    if (ctx)
        c.num(Param::SslCtx, *ctx);
    else if (enable != 0)
        c.fail({paramName(Param::SslCtx),
                QCoreApplication::translate("qmt::at::Builders", "SSL_enable %1 requires SSL_ctx_idx")
                    .arg(enable)});
    Args a;
    a.lit("ssl").num(idx).num(enable);
    if (ctx)
        a.num(*ctx);
    return setCmd(c, Cmd::QMTCFG, a, idx);
}

Built Builders::cfgKeepAlive(int idx, int seconds) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::KeepAlive, seconds);
    return setCmd(c, Cmd::QMTCFG, Args().lit("keepalive").num(idx).num(seconds), idx);
}

Built Builders::cfgSession(int idx, int cleanSession) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::CleanSession, cleanSession);
    return setCmd(c, Cmd::QMTCFG, Args().lit("session").num(idx).num(cleanSession), idx);
}

Built Builders::cfgTimeout(int idx, int pktTimeout, int retryTimes, int timeoutNotice) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx)
        .num(Param::PktTimeout, pktTimeout)
        .num(Param::RetryTimes, retryTimes)
        .num(Param::TimeoutNotice, timeoutNotice);
    return setCmd(c, Cmd::QMTCFG,
                  Args().lit("timeout").num(idx).num(pktTimeout).num(retryTimes).num(timeoutNotice), idx);
}

Built Builders::cfgWill(int idx, int flag, const std::optional<WillMessage> &will) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::WillFlag, flag);
    if (will) {
        c.num(Param::WillQos, will->qos)
            .num(Param::WillRetain, will->retain)
            .topicName(Param::WillTopicLen, will->topic)
            .str(Param::WillMsgLen, will->message);
    } else if (flag != 0) {
        c.fail({paramName(Param::WillQos),
                QCoreApplication::translate(
                    "qmt::at::Builders", "will_fg %1 requires will_qos, will_retain, will_topic and will_msg")
                    .arg(flag)});
    }
    Args a;
    a.lit("will").num(idx).num(flag);
    if (will)
        a.num(will->qos).num(will->retain).str(will->topic).str(will->message);
    return setCmd(c, Cmd::QMTCFG, a, idx);
}

Built Builders::cfgWillEx(int idx, int flag, int qos, int retain, const QString &topic,
                          const QByteArray &message) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx)
        .num(Param::WillFlag, flag)
        .num(Param::WillQos, qos)
        .num(Param::WillRetain, retain)
        .topicName(Param::WillTopicLen, topic)
        .data(Param::WillExLen, message);
    Built b = setCmd(
        c, Cmd::QMTCFG,
        Args().lit("willex").num(idx).num(flag).num(qos).num(retain).str(topic).num(message.size()), idx);
    if (b.command) {
        b.command->payload = message;
        b.command->dataPhase = DataPhase::Prompt;
    }
    return b;
}

Built Builders::cfgRecvMode(int idx, int mode, std::optional<int> msgLenEnable) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::RecvMode, mode);
    if (msgLenEnable)
        c.num(Param::MsgLenEnable, *msgLenEnable);
    Args a;
    a.lit("recv/mode").num(idx).num(mode);
    if (msgLenEnable)
        a.num(*msgLenEnable);
    return setCmd(c, Cmd::QMTCFG, a, idx);
}

Built Builders::cfgAliAuth(int idx, const QString &productKey, const QString &deviceName,
                           const QString &deviceSecret) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx)
        .str(Param::AliProductKeyLen, productKey)
        .str(Param::AliDeviceNameLen, deviceName)
        .str(Param::AliDeviceSecretLen, deviceSecret);
    return setCmd(c, Cmd::QMTCFG,
                  Args().lit("aliauth").num(idx).str(productKey).str(deviceName).str(deviceSecret), idx);
}

Built Builders::cfgQmtPing(int idx, int seconds) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::QmtPing, seconds);
    return setCmd(c, Cmd::QMTCFG, Args().lit("qmtping").num(idx).num(seconds), idx);
}

// ---- network and session ---------------------------------------------------------------------

Built Builders::open(int idx, const QString &host, int port) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).str(Param::HostLen, host).num(Param::Port, port);
    return setCmd(c, Cmd::QMTOPEN, Args().num(idx).str(host).num(port), idx);
}

Built Builders::openQuery() const
{
    return queryCmd(Cmd::QMTOPEN);
}
Built Builders::openTest() const
{
    return test(Cmd::QMTOPEN);
}

Built Builders::close(int idx) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx);
    return setCmd(c, Cmd::QMTCLOSE, Args().num(idx), idx);
}

Built Builders::connect(int idx, const QString &clientId, const std::optional<QString> &userName,
                        const std::optional<QString> &password) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).str(Param::ClientIdLen, clientId);
    if (userName && !password)
        c.fail({paramName(Param::PasswordLen),
                QCoreApplication::translate("qmt::at::Builders",
                                            "password is missing: the module takes username and password "
                                            "together or neither")});
    if (password && !userName)
        c.fail({paramName(Param::UserNameLen),
                QCoreApplication::translate("qmt::at::Builders",
                                            "username is missing: the module takes username and password "
                                            "together or neither")});
    Args a;
    a.num(idx).str(clientId);
    if (userName && password) {
        c.str(Param::UserNameLen, *userName).str(Param::PasswordLen, *password);
        a.str(*userName).str(*password);
    }
    return setCmd(c, Cmd::QMTCONN, a, idx);
}

Built Builders::connQuery() const
{
    return queryCmd(Cmd::QMTCONN);
}

Built Builders::disconnect(int idx) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx);
    return setCmd(c, Cmd::QMTDISC, Args().num(idx), idx);
}

// ---- subscribe and publish -------------------------------------------------------------------

Built Builders::subscribe(int idx, int msgId, const QList<TopicQos> &topics) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::MsgId, msgId);
    if (topics.isEmpty())
        c.fail({QStringLiteral("<topic1>"),
                QCoreApplication::translate("qmt::at::Builders", "at least one topic is required")});
    Args a;
    a.num(idx).num(msgId);
    for (qsizetype i = 0; i < topics.size(); ++i) {
        const QString n = QString::number(i + 1);
        c.topicFilter(topics[i].first, QLatin1String("<topic") + n + QLatin1Char('>'))
            .num(Param::Qos, topics[i].second, QLatin1String("<qos") + n + QLatin1Char('>'));
        a.str(topics[i].first).num(topics[i].second);
    }
    return setCmd(c, Cmd::QMTSUB, a, idx, msgId);
}

Built Builders::subscribe(int idx, int msgId, const QString &topic, int qos) const
{
    return subscribe(idx, msgId, QList<TopicQos>{{topic, qos}});
}

Built Builders::unsubscribe(int idx, int msgId, const QStringList &topics) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::MsgId, msgId);
    if (topics.isEmpty())
        c.fail({QStringLiteral("<topic1>"),
                QCoreApplication::translate("qmt::at::Builders", "at least one topic is required")});
    Args a;
    a.num(idx).num(msgId);
    for (qsizetype i = 0; i < topics.size(); ++i) {
        c.topicFilter(topics[i], QLatin1String("<topic") + QString::number(i + 1) + QLatin1Char('>'));
        a.str(topics[i]);
    }
    return setCmd(c, Cmd::QMTUNS, a, idx, msgId);
}

namespace {
// msgid 0 is for QoS 0 only: a QoS 1/2 packet needs an identifier.
void checkPubMsgId(Checker &c, int msgId, int qos)
{
    if (c.ok() && msgId == 0 && qos > 0)
        c.fail({paramName(Param::PubMsgId),
                QCoreApplication::translate(
                    "qmt::at::Builders",
                    "msgid 0 is only allowed with qos 0; qos %1 needs a msgid of at least 1")
                    .arg(qos)});
}
} // namespace

Built Builders::publish(int idx, int msgId, int qos, int retain, const QString &topic,
                        const QByteArray &payload) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::PubMsgId, msgId).num(Param::Qos, qos);
    checkPubMsgId(c, msgId, qos);
    c.num(Param::Retain, retain).topicName(Param::TopicLen, topic).data(Param::PayloadLen, payload);
    Built b =
        setCmd(c, Cmd::QMTPUBEX,
               Args().num(idx).num(msgId).num(qos).num(retain).str(topic).num(payload.size()), idx, msgId);
    if (b.command) {
        b.command->payload = payload;
        b.command->dataPhase = DataPhase::Prompt;
    }
    return b;
}

Built Builders::publishLegacy(int idx, int msgId, int qos, int retain, const QString &topic,
                              const QByteArray &payload, bool withLength) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx).num(Param::PubMsgId, msgId).num(Param::Qos, qos);
    checkPubMsgId(c, msgId, qos);
    c.num(Param::Retain, retain).topicName(Param::TopicLen, topic);
    Args a;
    a.num(idx).num(msgId).num(qos).num(retain).str(topic);
    if (withLength) {
        c.data(Param::PayloadLen, payload);
        a.num(payload.size());
    } else {
        c.data(Param::CtrlZPayloadLen, payload);
        const QString n = paramName(Param::CtrlZPayloadLen);
        if (payload.contains('\x1a'))
            c.fail(
                {n, QCoreApplication::translate(
                        "qmt::at::Builders", "%1 must not contain Ctrl+Z (0x1A): it ends the data; use the "
                                             "form with a length")
                        .arg(bareName(n))});
        if (payload.contains('\x1b'))
            c.fail(
                {n, QCoreApplication::translate(
                        "qmt::at::Builders", "%1 must not contain ESC (0x1B): it cancels the input; use the "
                                             "form with a length")
                        .arg(bareName(n))});
    }
    Built b = setCmd(c, Cmd::QMTPUB, a, idx, msgId);
    if (b.command) {
        b.command->payload = payload;
        b.command->dataPhase = withLength ? DataPhase::Prompt : DataPhase::CtrlZ;
    }
    return b;
}

// ---- receive ---------------------------------------------------------------------------------

Built Builders::recvRead(int idx, std::optional<int> recvId) const
{
    Checker c(*m_ranges);
    c.num(Param::ClientIdx, idx);
    Args a;
    a.num(idx);
    if (recvId) {
        c.num(Param::RecvId, *recvId);
        a.num(*recvId);
    }
    return setCmd(c, Cmd::QMTRECV, a, idx);
}

Built Builders::recvQuery() const
{
    return queryCmd(Cmd::QMTRECV);
}

// ---- files -----------------------------------------------------------------------------------

Built Builders::fileUpload(const QString &name, const QByteArray &data, std::optional<int> timeoutSeconds,
                           std::optional<int> ackMode) const
{
    constexpr int kDefaultTimeout = 5; // the module's default <timeout>
    Checker c(*m_ranges);
    c.fileName(name).num(Param::FileSize, data.size());
    if (timeoutSeconds)
        c.num(Param::FileTimeout, *timeoutSeconds);
    if (ackMode)
        c.num(Param::AckMode, *ackMode);
    const int timeout = timeoutSeconds.value_or(kDefaultTimeout);
    Args a;
    a.str(name).num(data.size());
    if (timeoutSeconds || ackMode)
        a.num(timeout);
    if (ackMode)
        a.num(*ackMode);
    Built b = setCmd(c, Cmd::QFUPL, a);
    if (b.command) {
        b.command->payload = data;
        b.command->dataPhase = DataPhase::Connect;
        // The module waits up to <timeout> for the data: the same margin as spec::commandTimeout.
        const std::chrono::milliseconds base = std::chrono::seconds{timeout};
        b.command->timeout = base + std::max<std::chrono::milliseconds>(base / 2, std::chrono::seconds{1});
    }
    return b;
}

Built Builders::fileList(const QString &pattern) const
{
    Checker c(*m_ranges);
    c.str(Param::FileNameLen, pattern, QStringLiteral("<name_pattern>"));
    return setCmd(c, Cmd::QFLST, Args().str(pattern));
}

Built Builders::fileDelete(const QString &name) const
{
    Checker c(*m_ranges);
    c.fileName(name);
    return setCmd(c, Cmd::QFDEL, Args().str(name));
}

Built Builders::fileDiskSpace(const QString &medium) const
{
    Checker c(*m_ranges);
    c.str(Param::Count_, medium, QStringLiteral("<name_pattern>"));
    return setCmd(c, Cmd::QFLDS, Args().str(medium));
}

// ---- AT+QSSLCFG ------------------------------------------------------------------------------

Built Builders::sslRead(SslSetting s, int ctx) const
{
    Checker c(*m_ranges);
    c.num(Param::SslContextId, ctx);
    return setCmd(c, Cmd::QSSLCFG, Args().lit(sslSettingName(s)).num(ctx));
}

namespace {
Built sslInt(const RangeTable &t, const char *setting, Param p, int ctx, int value)
{
    Checker c(t);
    c.num(Param::SslContextId, ctx).num(p, value);
    return setCmd(c, Cmd::QSSLCFG, Args().lit(setting).num(ctx).num(value));
}

Built sslFile(const RangeTable &t, const char *setting, int ctx, const QString &file)
{
    Checker c(t);
    c.num(Param::SslContextId, ctx).fileName(file);
    return setCmd(c, Cmd::QSSLCFG, Args().lit(setting).num(ctx).str(file));
}
} // namespace

Built Builders::sslVersion(int ctx, int version) const
{
    return sslInt(*m_ranges, "sslversion", Param::SslVersion, ctx, version);
}

Built Builders::sslCipherSuite(int ctx, int suite) const
{
    Checker c(*m_ranges);
    c.num(Param::SslContextId, ctx).num(Param::CipherSuite, suite);
    return setCmd(c, Cmd::QSSLCFG,
                  Args().lit("ciphersuite").num(ctx).raw(c.ok() ? cipherSuiteText(suite) : QByteArray()));
}

Built Builders::sslSecLevel(int ctx, int level) const
{
    return sslInt(*m_ranges, "seclevel", Param::SecLevel, ctx, level);
}

Built Builders::sslCaCert(int ctx, const QString &file) const
{
    return sslFile(*m_ranges, "cacert", ctx, file);
}
Built Builders::sslClientCert(int ctx, const QString &file) const
{
    return sslFile(*m_ranges, "clientcert", ctx, file);
}
Built Builders::sslClientKey(int ctx, const QString &file) const
{
    return sslFile(*m_ranges, "clientkey", ctx, file);
}

Built Builders::sslIgnoreLocalTime(int ctx, int ignore) const
{
    return sslInt(*m_ranges, "ignorelocaltime", Param::IgnoreLocalTime, ctx, ignore);
}

Built Builders::sslNegotiateTime(int ctx, int seconds) const
{
    return sslInt(*m_ranges, "negotiatetime", Param::NegotiateTime, ctx, seconds);
}

Built Builders::sslSni(int ctx, int enable) const
{
    return sslInt(*m_ranges, "sni", Param::Sni, ctx, enable);
}

// ---- PDP context -----------------------------------------------------------------------------

Built Builders::pdpConfig(int cid, int type, const QString &apn, const QString &userName,
                          const QString &password, int auth) const
{
    Checker c(*m_ranges);
    c.num(Param::PdpContext, cid)
        .num(Param::ContextType, type)
        .str(Param::ApnLen, apn)
        .str(Param::PdpUserLen, userName)
        .str(Param::PdpPasswordLen, password)
        .num(Param::PdpAuth, auth);
    return setCmd(c, Cmd::QICSGP, Args().num(cid).num(type).str(apn).str(userName).str(password).num(auth));
}

Built Builders::pdpConfigRead(int cid) const
{
    Checker c(*m_ranges);
    c.num(Param::PdpContext, cid);
    return setCmd(c, Cmd::QICSGP, Args().num(cid));
}

Built Builders::pdpActivate(int cid) const
{
    Checker c(*m_ranges);
    c.num(Param::PdpContext, cid);
    return setCmd(c, Cmd::QIACT, Args().num(cid));
}

Built Builders::pdpActiveQuery() const
{
    return queryCmd(Cmd::QIACT);
}

Built Builders::pdpDeactivate(int cid) const
{
    Checker c(*m_ranges);
    c.num(Param::PdpContext, cid);
    return setCmd(c, Cmd::QIDEACT, Args().num(cid));
}

// ---- basic -----------------------------------------------------------------------------------

Built Builders::at() const
{
    return done(make(Cmd::AT, Form::Exec, QByteArrayLiteral("AT")));
}

Built Builders::echo(int on) const
{
    Checker c(*m_ranges);
    c.num(Param::Echo, on);
    if (!c.ok())
        return failed(c);
    return done(make(Cmd::ATE, Form::Exec, "ATE" + QByteArray::number(on)));
}

Built Builders::cmee(int mode) const
{
    Checker c(*m_ranges);
    c.num(Param::CmeeMode, mode);
    return setCmd(c, Cmd::CMEE, Args().num(mode));
}

Built Builders::identify() const
{
    return done(make(Cmd::ATI, Form::Exec, QByteArrayLiteral("ATI")));
}

Built Builders::revision() const
{
    return done(make(Cmd::GMR, Form::Exec, QByteArrayLiteral("AT+GMR")));
}

Built Builders::test(Cmd c) const
{
    switch (c) {
    case Cmd::Unknown:
    case Cmd::Count_:
    case Cmd::QMTSTAT:
    case Cmd::QMTPING:
    case Cmd::QUSIM:
    case Cmd::QIND:
    case Cmd::QIURC:
    case Cmd::AT:
    case Cmd::ATE:
    case Cmd::ATI: {
        QString name = QStringLiteral("?");
        if (c == Cmd::AT)
            name = QStringLiteral("AT");
        else if (c == Cmd::ATE || c == Cmd::ATI)
            name = QLatin1String("AT") + QLatin1String(cmdName(c));
        else if (c != Cmd::Unknown && c != Cmd::Count_)
            name = QLatin1String("+") + QLatin1String(cmdName(c));
        return Built{
            std::nullopt,
            BuildError{QString(),
                       QCoreApplication::translate("qmt::at::Builders", "%1 has no test form").arg(name)}};
    }
    default:
        return done(make(c, Form::Test, extended(c) + "=?"));
    }
}

} // namespace qmt::at
