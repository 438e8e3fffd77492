// SPDX-License-Identifier: Apache-2.0
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
    return settingRead(settingInfo(s), idx);
}

Built Builders::settingRead(const SettingInfo &s, int index) const
{
    Checker c(*m_ranges);
    c.num(s.isCfg() ? Param::ClientIdx : Param::SslContextId, index);
    Built b = setCmd(c, s.cmd, Args().lit(s.name).num(index), s.isCfg() ? index : -1);
    if (b.command)
        b.command->setting = s.id;
    return b;
}

QList<AtCommand> Builders::cfgReadAll(int idx, bool includeSecrets) const
{
    QList<AtCommand> out;
    for (const SettingInfo &s : cfgSettings())
        if (!s.secret || includeSecrets)
            if (Built b = settingRead(s, idx))
                out << *b.command;
    return out;
}

QList<AtCommand> Builders::sslReadAll(int ctx) const
{
    QList<AtCommand> out;
    for (const SettingInfo &s : sslSettings())
        if (!s.secret)
            if (Built b = settingRead(s, ctx))
                out << *b.command;
    return out;
}

Built Builders::setting(const SettingInfo &s, int index, const QVariantList &values) const
{
    Checker c(*m_ranges);
    c.num(s.isCfg() ? Param::ClientIdx : Param::SslContextId, index);
    Args a;
    a.lit(s.name).num(index);
    QByteArray payload;
    bool hasData = false;
    const qsizetype given = values.size();
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
        const SettingField &f = s.fields[i];
        if (qsizetype(i) >= given) {
            // Values may stop after a 0 flag (the rest of a gated row) or before optional fields.
            const bool flagOff = s.flagGated && given >= 1 && values.front().toLongLong() == 0 && f.gated;
            if (f.optional || flagOff)
                break;
            QStringList missing;
            for (std::size_t k = i; k < s.fields.size(); ++k)
                if (!s.fields[k].optional)
                    missing << s.fields[k].name();
            const QString list =
                missing.size() > 1
                    ? QCoreApplication::translate("qmt::at::Builders", "%1 and %2")
                          .arg(missing.mid(0, missing.size() - 1).join(QLatin1String(", ")), missing.back())
                    : missing.value(0);
            if (s.flagGated && given >= 1)
                c.fail(
                    {paramName(f.param), QCoreApplication::translate("qmt::at::Builders", "%1 %2 requires %3")
                                             .arg(s.fields.front().name())
                                             .arg(values.front().toLongLong())
                                             .arg(list)});
            else
                c.fail({paramName(f.param),
                        QCoreApplication::translate("qmt::at::Builders", "%1 is missing").arg(list)});
            break;
        }
        const QVariant &v = values[qsizetype(i)];
        switch (f.kind) {
        case ValueKind::Int:
        case ValueKind::Choice:
            c.num(f.param, v.toLongLong());
            a.num(v.toLongLong());
            break;
        case ValueKind::Hex:
            c.num(f.param, v.toLongLong());
            a.raw(c.ok() ? cipherSuiteText(int(v.toLongLong())) : QByteArray());
            break;
        case ValueKind::Text:
        case ValueKind::Secret:
            c.str(f.param, v.toString());
            a.str(v.toString());
            break;
        case ValueKind::Topic:
            c.topicName(f.param, v.toString());
            a.str(v.toString());
            break;
        case ValueKind::File:
            c.fileName(v.toString());
            a.str(v.toString());
            break;
        case ValueKind::Data:
            payload = v.toByteArray();
            hasData = true;
            c.data(f.param, payload);
            a.num(payload.size());
            break;
        }
    }
    Built b = setCmd(c, s.cmd, a, s.isCfg() ? index : -1);
    if (b.command) {
        b.command->setting = s.id;
        if (hasData) {
            b.command->payload = payload;
            b.command->dataPhase = DataPhase::Prompt;
        }
    }
    return b;
}

namespace {
const SettingInfo &cfgRow(CfgSetting s)
{
    return settingInfo(s);
}
} // namespace

Built Builders::cfgVersion(int idx, int vsn) const
{
    return setting(cfgRow(CfgSetting::Version), idx, {vsn});
}

Built Builders::cfgPdpCid(int idx, int cid) const
{
    return setting(cfgRow(CfgSetting::PdpCid), idx, {cid});
}

Built Builders::cfgSsl(int idx, int enable, std::optional<int> ctx) const
{
    QVariantList v{enable};
    if (ctx)
        v << *ctx;
    return setting(cfgRow(CfgSetting::Ssl), idx, v);
}

Built Builders::cfgKeepAlive(int idx, int seconds) const
{
    return setting(cfgRow(CfgSetting::KeepAlive), idx, {seconds});
}

Built Builders::cfgSession(int idx, int cleanSession) const
{
    return setting(cfgRow(CfgSetting::Session), idx, {cleanSession});
}

Built Builders::cfgTimeout(int idx, int pktTimeout, int retryTimes, int timeoutNotice) const
{
    return setting(cfgRow(CfgSetting::Timeout), idx, {pktTimeout, retryTimes, timeoutNotice});
}

Built Builders::cfgWill(int idx, int flag, const std::optional<WillMessage> &will) const
{
    QVariantList v{flag};
    if (will)
        v << will->qos << will->retain << will->topic << will->message;
    return setting(cfgRow(CfgSetting::Will), idx, v);
}

Built Builders::cfgWillEx(int idx, int flag, int qos, int retain, const QString &topic,
                          const QByteArray &message) const
{
    return setting(cfgRow(CfgSetting::WillEx), idx, {flag, qos, retain, topic, message});
}

Built Builders::cfgRecvMode(int idx, int mode, std::optional<int> msgLenEnable) const
{
    QVariantList v{mode};
    if (msgLenEnable)
        v << *msgLenEnable;
    return setting(cfgRow(CfgSetting::RecvMode), idx, v);
}

Built Builders::cfgAliAuth(int idx, const QString &productKey, const QString &deviceName,
                           const QString &deviceSecret) const
{
    return setting(cfgRow(CfgSetting::AliAuth), idx, {productKey, deviceName, deviceSecret});
}

Built Builders::cfgQmtPing(int idx, int seconds) const
{
    return setting(cfgRow(CfgSetting::QmtPing), idx, {seconds});
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
    return settingRead(settingInfo(s), ctx);
}

Built Builders::sslVersion(int ctx, int version) const
{
    return setting(settingInfo(SslSetting::SslVersion), ctx, {version});
}

Built Builders::sslCipherSuite(int ctx, int suite) const
{
    return setting(settingInfo(SslSetting::CipherSuite), ctx, {suite});
}

Built Builders::sslSecLevel(int ctx, int level) const
{
    return setting(settingInfo(SslSetting::SecLevel), ctx, {level});
}

Built Builders::sslCaCert(int ctx, const QString &file) const
{
    return setting(settingInfo(SslSetting::CaCert), ctx, {file});
}
Built Builders::sslClientCert(int ctx, const QString &file) const
{
    return setting(settingInfo(SslSetting::ClientCert), ctx, {file});
}
Built Builders::sslClientKey(int ctx, const QString &file) const
{
    return setting(settingInfo(SslSetting::ClientKey), ctx, {file});
}

Built Builders::sslIgnoreLocalTime(int ctx, int ignore) const
{
    return setting(settingInfo(SslSetting::IgnoreLocalTime), ctx, {ignore});
}

Built Builders::sslNegotiateTime(int ctx, int seconds) const
{
    return setting(settingInfo(SslSetting::NegotiateTime), ctx, {seconds});
}

Built Builders::sslSni(int ctx, int enable) const
{
    return setting(settingInfo(SslSetting::Sni), ctx, {enable});
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
    const CommandInfo &info = commandInfo(c);
    if (info.hasTest && c != Cmd::Unknown)
        return done(make(c, Form::Test, extended(c) + "=?"));
    QString name = QStringLiteral("?");
    if (c != Cmd::Unknown && c != Cmd::Count_)
        name = info.plus ? QLatin1String("+") + QLatin1String(info.name)
                         : QLatin1String("AT") + QLatin1String(info.name);
    if (c == Cmd::AT)
        name = QStringLiteral("AT");
    return Built{
        std::nullopt,
        BuildError{QString(),
                   QCoreApplication::translate("qmt::at::Builders", "%1 has no test form").arg(name)}};
}

} // namespace qmt::at
