// SPDX-License-Identifier: Apache-2.0
#include "at/ranges.h"

#include "at/commands.h"
#include "at/settings.h"

#include <QLatin1String>

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

namespace qmt::at {

namespace {

struct ParamInfo
{
    Param param;
    const char *name;
    bool length;
};

// Indexed by Param.
constexpr ParamInfo kParams[] = {
    {Param::ClientIdx, "<client_idx>", false},
    {Param::Version, "<vsn>", false},
    {Param::PdpCid, "<cid>", false},
    {Param::SslEnable, "<SSL_enable>", false},
    {Param::SslCtx, "<SSL_ctx_idx>", false},
    {Param::KeepAlive, "<keep_alive_time>", false},
    {Param::CleanSession, "<clean_session>", false},
    {Param::PktTimeout, "<pkt_timeout>", false},
    {Param::RetryTimes, "<retry_times>", false},
    {Param::TimeoutNotice, "<timeout_notice>", false},
    {Param::WillFlag, "<will_fg>", false},
    {Param::WillQos, "<will_qos>", false},
    {Param::WillRetain, "<will_retain>", false},
    {Param::WillTopicLen, "<will_topic>", true},
    {Param::WillMsgLen, "<will_msg>", true},
    {Param::WillExLen, "<will_len>", true},
    {Param::RecvMode, "<msg_recv_mode>", false},
    {Param::MsgLenEnable, "<msg_len_enable>", false},
    {Param::AliProductKeyLen, "<product_key>", true},
    {Param::AliDeviceNameLen, "<device_name>", true},
    {Param::AliDeviceSecretLen, "<device_secret>", true},
    {Param::QmtPing, "<qmtping_interval>", false},
    {Param::HostLen, "<host_name>", true},
    {Param::Port, "<port>", false},
    {Param::ClientIdLen, "<clientid>", true},
    {Param::UserNameLen, "<username>", true},
    {Param::PasswordLen, "<password>", true},
    {Param::MsgId, "<msgid>", false},
    {Param::Qos, "<qos>", false},
    {Param::TopicLen, "<topic>", true},
    {Param::PubMsgId, "<msgid>", false},
    {Param::Retain, "<retain>", false},
    {Param::PayloadLen, "<msg_length>", true},
    {Param::CtrlZPayloadLen, "<payload>", true},
    {Param::RecvId, "<recv_id>", false},
    {Param::FileNameLen, "<filename>", true},
    {Param::FileSize, "<file_size>", false},
    {Param::FileTimeout, "<timeout>", false},
    {Param::AckMode, "<ackmode>", false},
    {Param::SslContextId, "<SSL_ctxID>", false},
    {Param::SslVersion, "<SSL_version>", false},
    {Param::CipherSuite, "<cipher_suites>", false},
    {Param::SecLevel, "<seclevel>", false},
    {Param::IgnoreLocalTime, "<ignore_ltime>", false},
    {Param::NegotiateTime, "<negotiate_time>", false},
    {Param::Sni, "<SNI>", false},
    {Param::PdpContext, "<contextID>", false},
    {Param::ContextType, "<context_type>", false},
    {Param::ApnLen, "<APN>", true},
    {Param::PdpUserLen, "<username>", true},
    {Param::PdpPasswordLen, "<password>", true},
    {Param::PdpAuth, "<authentication>", false},
    {Param::Echo, "<value>", false},
    {Param::CmeeMode, "<n>", false},
};
static_assert(std::size(kParams) == std::size_t(kParamCount), "one entry per Param");

constexpr bool paramsInOrder()
{
    for (std::size_t i = 0; i < std::size(kParams); ++i)
        if (std::size_t(kParams[i].param) != i)
            return false;
    return true;
}
static_assert(paramsInOrder(), "kParams is indexed by Param");

// ---- test-form answers ----------------------------------------------------------------------

// "No parameter at this position" in a layout.
constexpr Param kSkip = Param::Count_;

// The parameters at the positions of one test-form answer line, after the sub-command name if any.
struct Layout
{
    const char *name; // sub-command, or nullptr for a command without sub-commands
    std::vector<Param> params;
};

// The layout of a setting's "=?" line, from the descriptor table: the index, then each field;
// quoted fields are placeholders in the answer ("willtopic"), so they hold no range.
Layout settingLayout(const SettingInfo &s)
{
    Layout l{s.name, {s.isCfg() ? Param::ClientIdx : Param::SslContextId}};
    for (const SettingField &f : s.fields)
        l.params.push_back(f.isQuoted() ? kSkip : f.param);
    return l;
}

// The layout of a command's "=?" answer, from its row of the command table; nullptr when the
// range table does not read that command's answer.
const Layout *commandLayout(Cmd c)
{
    static const std::vector<Layout> layouts = [] {
        std::vector<Layout> l;
        for (const CommandInfo &info : commandTable())
            l.push_back(Layout{nullptr, info.testLayout});
        return l;
    }();
    const auto i = std::size_t(c);
    return i < layouts.size() && !layouts[i].params.empty() ? &layouts[i] : nullptr;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Splits at the commas that are outside quotes, parentheses and brackets. False when a quote,
// parenthesis or bracket is left open or closed too often.
bool splitFields(QByteArrayView s, QList<QByteArrayView> *fields)
{
    int depth = 0;
    bool quoted = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '"')
                quoted = false;
            continue;
        }
        if (c == '"') {
            quoted = true;
        } else if (c == '(' || c == '[') {
            ++depth;
        } else if (c == ')' || c == ']') {
            if (--depth < 0)
                return false;
        } else if (c == ',' && depth == 0) {
            fields->append(s.sliced(start, i - start).trimmed());
            start = i + 1;
        }
    }
    if (quoted || depth != 0)
        return false;
    fields->append(s.sliced(start).trimmed());
    return true;
}

// A number at s[*pos]: optional '-', then decimal digits or 0x/0X and hex digits.
bool parseNumber(const QByteArray &s, qsizetype *pos, qint64 *value, int *hexDigits)
{
    qsizetype i = *pos;
    bool negative = false;
    if (i < s.size() && s[i] == '-') {
        negative = true;
        ++i;
    }
    int base = 10;
    if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    const qsizetype first = i;
    qint64 v = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            break;
        if (v > (std::numeric_limits<qint64>::max() - d) / base)
            return false;
        v = v * base + d;
    }
    if (i == first)
        return false;
    if (base == 16)
        *hexDigits = std::max(*hexDigits, int(i - first));
    *value = negative ? -v : v;
    *pos = i;
    return true;
}

} // namespace

QString paramName(Param p)
{
    const auto i = std::size_t(p);
    return i < std::size(kParams) ? QLatin1String(kParams[i].name) : QString();
}

bool isLengthParam(Param p)
{
    const auto i = std::size_t(p);
    return i < std::size(kParams) && kParams[i].length;
}

// ---- Range -----------------------------------------------------------------------------------

Range Range::values(std::initializer_list<qint64> list)
{
    Range r;
    for (qint64 v : list)
        r.m_items.append(Interval{v, v});
    return r;
}

Range Range::parse(QByteArrayView text, bool *ok)
{
    if (ok)
        *ok = false;
    QByteArray s;
    s.reserve(text.size());
    for (char c : text)
        if (!isBlank(c))
            s.append(c);
    if (s.startsWith('(') || s.endsWith(')')) {
        if (!s.startsWith('(') || !s.endsWith(')') || s.size() < 2)
            return {};
        s = s.mid(1, s.size() - 2);
    }
    if (s.isEmpty())
        return {};
    Range r;
    int hexDigits = 0;
    for (const QByteArray &item : s.split(',')) {
        qsizetype pos = 0;
        qint64 lo = 0;
        qint64 hi = 0;
        if (!parseNumber(item, &pos, &lo, &hexDigits))
            return {};
        hi = lo;
        if (pos < item.size()) {
            if (item[pos] != '-')
                return {};
            ++pos;
            if (!parseNumber(item, &pos, &hi, &hexDigits) || pos != item.size() || hi < lo)
                return {};
        }
        r.m_items.append(Interval{lo, hi});
    }
    r.m_hexDigits = hexDigits;
    if (ok)
        *ok = true;
    return r;
}

bool Range::contains(qint64 v) const
{
    return std::any_of(m_items.cbegin(), m_items.cend(),
                       [v](const Interval &i) { return v >= i.lo && v <= i.hi; });
}

qint64 Range::min() const
{
    if (m_items.isEmpty())
        return 0;
    qint64 m = m_items.front().lo;
    for (const auto &i : m_items)
        m = std::min(m, i.lo);
    return m;
}

qint64 Range::max() const
{
    if (m_items.isEmpty())
        return 0;
    qint64 m = m_items.front().hi;
    for (const auto &i : m_items)
        m = std::max(m, i.hi);
    return m;
}

QString Range::toString() const
{
    const auto number = [this](qint64 v) {
        if (m_hexDigits <= 0)
            return QString::number(v);
        const QString digits = QString::number(v < 0 ? -v : v, 16).toUpper();
        return (v < 0 ? QStringLiteral("-0X") : QStringLiteral("0X")) +
               digits.rightJustified(m_hexDigits, QLatin1Char('0'));
    };
    QString out;
    for (const auto &i : m_items) {
        if (!out.isEmpty())
            out += QLatin1Char(',');
        out += number(i.lo);
        if (i.hi != i.lo)
            out += QLatin1Char('-') + number(i.hi);
    }
    return out;
}

// ---- RangeTable ------------------------------------------------------------------------------

RangeTable RangeTable::defaults()
{
    static const RangeTable seed;
    return seed;
}

RangeTable::RangeTable()
{
    const auto set = [this](Param p, Range r) { m_ranges[std::size_t(p)] = std::move(r); };
    const Range bit = Range::values({0, 1});
    // PROTOCOL.md §3 and the seed.
    set(Param::ClientIdx, {0, 5});
    set(Param::Version, Range::values({3, 4}));
    set(Param::PdpCid, {1, 16});
    set(Param::SslEnable, bit);
    set(Param::SslCtx, {0, 5});
    set(Param::KeepAlive, {0, 3600});
    set(Param::CleanSession, bit);
    set(Param::PktTimeout, {1, 60});
    set(Param::RetryTimes, {0, 10});
    set(Param::TimeoutNotice, bit);
    set(Param::WillFlag, bit);
    set(Param::WillQos, {0, 2});
    set(Param::WillRetain, bit);
    set(Param::WillTopicLen, {1, 256});
    set(Param::WillMsgLen, {0, 256});
    set(Param::WillExLen, {0, 256});
    set(Param::RecvMode, bit);
    set(Param::MsgLenEnable, bit);
    // The seed gives no lengths for the Alibaba credentials: non-empty, and our cap of 256 bytes.
    set(Param::AliProductKeyLen, {1, 256});
    set(Param::AliDeviceNameLen, {1, 256});
    set(Param::AliDeviceSecretLen, {1, 256});
    set(Param::QmtPing, {5, 60});
    set(Param::HostLen, {1, 100});
    set(Param::Port, {1, 65535});
    // The seed gives no lengths for the QMTCONN strings: our caps, generous for tokens used as
    // passwords (SAS tokens, JWTs).
    set(Param::ClientIdLen, {1, 256});
    set(Param::UserNameLen, {0, 256});
    set(Param::PasswordLen, {0, 1024});
    set(Param::MsgId, {1, 65535});
    set(Param::Qos, {0, 2});
    set(Param::TopicLen, {1, 65535}); // the seed gives no limit; MQTT's is 65535 bytes
    set(Param::PubMsgId, {0, 65535});
    set(Param::Retain, bit);
    set(Param::PayloadLen, {0, 1500});
    set(Param::CtrlZPayloadLen, {0, 1548});
    set(Param::RecvId, {0, 4});
    set(Param::FileNameLen, {1, 80});
    set(Param::FileSize, {1, 2147483647}); // no limit in PROTOCOL.md: positive and fits an int
    set(Param::FileTimeout, {1, 65535});   // no limit in PROTOCOL.md: our cap
    set(Param::AckMode, bit);
    set(Param::SslContextId, {0, 5});
    set(Param::SslVersion, {0, 4});
    set(Param::CipherSuite, Range(0x0000, 0xFFFF).setHexDigits(4));
    set(Param::SecLevel, {0, 2});
    set(Param::IgnoreLocalTime, bit);
    set(Param::NegotiateTime, {10, 300});
    set(Param::Sni, bit);
    // PDP context (Quectel TCP/IP AT manual): type 1 IPv4, 2 IPv6, 3 IPv4v6; authentication
    // 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP; APN at most 100 bytes (3GPP TS 23.003).
    set(Param::PdpContext, {1, 16});
    set(Param::ContextType, {1, 3});
    set(Param::ApnLen, {0, 100});
    set(Param::PdpUserLen, {0, 127});
    set(Param::PdpPasswordLen, {0, 127});
    set(Param::PdpAuth, {0, 3});
    set(Param::Echo, bit);
    set(Param::CmeeMode, {0, 2});
}

void RangeTable::setRange(Param p, Range r)
{
    const auto i = std::size_t(p);
    if (i >= m_ranges.size())
        return;
    m_ranges[i] = std::move(r);
    m_fromModule.reset(i);
}

bool RangeTable::applyTestResponse(QByteArrayView line)
{
    line = line.trimmed();
    if (!line.startsWith('+'))
        return false;
    const qsizetype colon = line.indexOf(':');
    if (colon < 2)
        return false;
    const Cmd cmd = cmdFromName(line.sliced(1, colon - 1).trimmed());

    QList<QByteArrayView> fields;
    if (!splitFields(line.sliced(colon + 1), &fields))
        return false;

    // Find the layout; for QMTCFG/QSSLCFG the first field names the sub-command.
    const Layout *layout = nullptr;
    Layout settingLayoutStore;
    QByteArray unknownSub;
    qsizetype first = 0;
    if (cmd == Cmd::QMTCFG || cmd == Cmd::QSSLCFG) {
        const QByteArrayView nameField = fields.front();
        if (nameField.size() < 3 || !nameField.startsWith('"') || !nameField.endsWith('"'))
            return false;
        const QByteArray sub = nameField.sliced(1, nameField.size() - 2).trimmed().toByteArray().toLower();
        if (sub.isEmpty())
            return false;
        if (const SettingInfo *info = findSetting(cmd, sub)) {
            settingLayoutStore = settingLayout(*info);
            layout = &settingLayoutStore;
        } else {
            unknownSub = sub;
        }
        first = 1;
    } else {
        layout = commandLayout(cmd);
        if (!layout)
            return false;
    }

    // Parse every field before changing anything.
    QList<std::pair<Param, Range>> changes;
    for (qsizetype i = first; i < fields.size(); ++i) {
        const QByteArrayView f = fields[i];
        if (!f.startsWith('('))
            continue; // a quoted or bare placeholder: "willtopic", <msgid>, list of [...]
        bool ok = false;
        Range r = Range::parse(f, &ok);
        if (!ok)
            return false;
        const auto slot = std::size_t(i - first);
        if (layout && slot < layout->params.size()) {
            const Param p = layout->params[slot];
            if (p != kSkip) {
                // Keep the hex display of the cipher suites even when the module writes decimal.
                if (r.hexDigits() == 0)
                    r.setHexDigits(range(p).hexDigits());
                changes.append({p, std::move(r)});
            }
        }
    }

    if (!unknownSub.isEmpty()) {
        QByteArrayList &extra = cmd == Cmd::QMTCFG ? m_extraCfg : m_extraSsl;
        if (!extra.contains(unknownSub))
            extra.append(unknownSub);
    }
    for (auto &[p, r] : changes) {
        m_ranges[std::size_t(p)] = std::move(r);
        m_fromModule.set(std::size_t(p));
    }
    return true;
}

bool RangeTable::applyTestResponse(const QByteArrayList &lines)
{
    bool all = true;
    for (const QByteArray &l : lines) {
        const QByteArray t = l.trimmed();
        if (t.isEmpty() || t == "OK")
            continue;
        if (!applyTestResponse(QByteArrayView(t)))
            all = false;
    }
    return all;
}

} // namespace qmt::at
