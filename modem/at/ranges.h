// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one table of parameter ranges for every command of PROTOCOL.md §3-5: the seed's ranges as
// the default profile, overridden by what the attached module answers to the test forms
// (AT+QMTCFG=?, AT+QSSLCFG=?, AT+QMTOPEN=?, ...). The builders (builders.h) validate against it.

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <array>
#include <bitset>
#include <cstdint>
#include <initializer_list>

namespace qmt::at {

// Every parameter with a range. Parameters named ...Len are strings (or data) whose range is a
// length in bytes (UTF-8 for text); the others are integers.
enum class Param : std::uint8_t {
    ClientIdx, // <client_idx> of every AT+QMT... command
    // AT+QMTCFG
    Version,
    PdpCid,
    SslEnable,
    SslCtx,
    KeepAlive,
    CleanSession,
    PktTimeout,
    RetryTimes,
    TimeoutNotice,
    WillFlag,
    WillQos,
    WillRetain,
    WillTopicLen,
    WillMsgLen,
    WillExLen,
    RecvMode,
    MsgLenEnable,
    AliProductKeyLen,
    AliDeviceNameLen,
    AliDeviceSecretLen,
    QmtPing,
    // AT+QMTOPEN
    HostLen,
    Port,
    // AT+QMTCONN
    ClientIdLen,
    UserNameLen,
    PasswordLen,
    // AT+QMTSUB / AT+QMTUNS (and the topic of a publish)
    MsgId,
    Qos,
    TopicLen,
    // AT+QMTPUBEX / AT+QMTPUB
    PubMsgId,
    Retain,
    PayloadLen,
    CtrlZPayloadLen,
    // AT+QMTRECV
    RecvId,
    // AT+QFUPL, AT+QFLST, AT+QFDEL, file names in AT+QSSLCFG
    FileNameLen,
    FileSize,
    FileTimeout,
    AckMode,
    // AT+QSSLCFG
    SslContextId,
    SslVersion,
    CipherSuite,
    SecLevel,
    IgnoreLocalTime,
    NegotiateTime,
    Sni,
    // AT+QICSGP / AT+QIACT / AT+QIDEACT
    PdpContext,
    ContextType,
    ApnLen,
    PdpUserLen,
    PdpPasswordLen,
    PdpAuth,
    // ATE, AT+CMEE
    Echo,
    CmeeMode,
    Count_
};
constexpr int kParamCount = static_cast<int>(Param::Count_);

// The spec's name of a parameter, with angle brackets: "<keep_alive_time>".
QString paramName(Param p);
// True for the ...Len parameters, whose range counts bytes.
bool isLengthParam(Param p);

// A set of allowed integers: a list of single values and closed intervals, e.g. (0-5), (0,1),
// (3,4) or (0X0035,0X002F,0XFFFF). Keeps the order and shape it was given in for display.
class Range
{
public:
    struct Interval
    {
        qint64 lo;
        qint64 hi;
        bool operator==(const Interval &o) const { return lo == o.lo && hi == o.hi; }
    };

    Range() = default; // empty: allows nothing
    Range(qint64 lo, qint64 hi) : m_items{Interval{lo, hi}} {}
    static Range values(std::initializer_list<qint64> list);
    // Parses "(0-5)", "(0,1)", "0-5,7", "(0X0000-0XFFFF)"; decimal or 0x/0X hex, optional minus
    // sign, blanks ignored. Returns an empty range (and *ok = false) when the text is malformed.
    static Range parse(QByteArrayView text, bool *ok = nullptr);

    bool contains(qint64 v) const;
    bool isEmpty() const { return m_items.isEmpty(); }
    qint64 min() const; // 0 when empty
    qint64 max() const; // 0 when empty
    // One interval of more than one value (so messages say "out of range 0-3600" rather than
    // "not one of 0,1").
    bool isSingleInterval() const { return m_items.size() == 1 && m_items.front().lo != m_items.front().hi; }
    const QList<Interval> &items() const { return m_items; }

    // Display as hex ("0X0000-0XFFFF") with at least `digits` digits; 0 = decimal.
    Range &setHexDigits(int digits)
    {
        m_hexDigits = digits;
        return *this;
    }
    int hexDigits() const { return m_hexDigits; }

    // "0-3600", "0,1", "3,4", "0-5,7", "0X0000-0XFFFF".
    QString toString() const;

    bool operator==(const Range &o) const { return m_items == o.m_items; }
    bool operator!=(const Range &o) const { return !(*this == o); }

private:
    QList<Interval> m_items;
    int m_hexDigits = 0;
};

// The ranges of every Param. A default-constructed table holds the seed's ranges (defaults()).
class RangeTable
{
public:
    RangeTable();
    // A copy of one table made once (its lists are shared until changed): cheap, where
    // constructing builds some forty lists (each simulated module holds one).
    static RangeTable defaults();

    const Range &range(Param p) const { return m_ranges[std::size_t(p)]; }
    void setRange(Param p, Range r);
    // True when the range was taken from the module's test response rather than the seed.
    bool isFromModule(Param p) const { return m_fromModule.test(std::size_t(p)); }

    // Applies one line of a test-form answer, e.g. +QMTCFG: "timeout",(0-5),(1-1200),(1-10),(0,1):
    // each parenthesised range overrides the parameter at its position, the index range included
    // (one <client_idx> range for all commands: the last line applied wins). Understands the
    // answers of AT+QMTCFG=?, AT+QSSLCFG=?, AT+QMTOPEN=?, AT+QMTCONN=?, AT+QMTCLOSE=?,
    // AT+QMTDISC=?, AT+QMTSUB=?, AT+QMTUNS=?, AT+QMTPUBEX=?, AT+QICSGP=?, AT+QIACT=?, AT+CMEE=?.
    // Quoted and bare placeholders ("willtopic", <msgid>) are skipped. A sub-command this table
    // does not know (e.g. "send/mode") is recorded in extraSubCommands() and the line accepted.
    // Returns false, changing nothing, for a line that is not such an answer or is malformed.
    bool applyTestResponse(QByteArrayView line);
    // Applies every line of a whole answer; empty lines and the final OK are skipped. Returns
    // false if any other line was rejected (the good lines are applied all the same).
    bool applyTestResponse(const QByteArrayList &lines);

    // AT+QMTCFG sub-commands the module listed that the table does not know, e.g. "send/mode".
    const QByteArrayList &extraSubCommands() const { return m_extraCfg; }
    // Likewise for AT+QSSLCFG settings.
    const QByteArrayList &extraSslSettings() const { return m_extraSsl; }

private:
    std::array<Range, kParamCount> m_ranges;
    std::bitset<kParamCount> m_fromModule;
    QByteArrayList m_extraCfg;
    QByteArrayList m_extraSsl;
};

} // namespace qmt::at
