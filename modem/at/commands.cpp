// SPDX-License-Identifier: Apache-2.0
#include "at/commands.h"

#include <array>

namespace qmt::at {

namespace {

constexpr Param kNone = Param::Count_;

std::vector<CommandInfo> makeTable()
{
    using P = Param;
    using T = TimeoutRule;
    using D = DataPhase;
    // name, plus, urcOnly, resultUrc, idxArg, msgIdArg, data, dataLenArg, hasTest, timeout, ms, =? layout
    std::vector<CommandInfo> t = {
        {Cmd::Unknown, "", true, false, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        // AT+QMTCFG: index at 1 (after the setting's name); the layouts are the settings' rows
        {Cmd::QMTCFG, "QMTCFG", true, false, false, 1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QMTOPEN,
         "QMTOPEN",
         true,
         false,
         true,
         0,
         -1,
         D::None,
         -1,
         true,
         T::Fixed,
         120000,
         {P::ClientIdx, kNone, P::Port}},
        {Cmd::QMTCLOSE,
         "QMTCLOSE",
         true,
         false,
         true,
         0,
         -1,
         D::None,
         -1,
         true,
         T::Fixed,
         30000,
         {P::ClientIdx}},
        {Cmd::QMTCONN,
         "QMTCONN",
         true,
         false,
         true,
         0,
         -1,
         D::None,
         -1,
         true,
         T::PktTimeout,
         0,
         {P::ClientIdx}},
        {Cmd::QMTDISC,
         "QMTDISC",
         true,
         false,
         true,
         0,
         -1,
         D::None,
         -1,
         true,
         T::Fixed,
         30000,
         {P::ClientIdx}},
        {Cmd::QMTSUB,
         "QMTSUB",
         true,
         false,
         true,
         0,
         1,
         D::None,
         -1,
         true,
         T::PktTimesRetries,
         0,
         {P::ClientIdx}},
        {Cmd::QMTUNS,
         "QMTUNS",
         true,
         false,
         true,
         0,
         1,
         D::None,
         -1,
         true,
         T::PktTimesRetries,
         0,
         {P::ClientIdx}},
        {Cmd::QMTPUBEX,
         "QMTPUBEX",
         true,
         false,
         true,
         0,
         1,
         D::Prompt,
         5,
         true,
         T::PktTimesRetries,
         0,
         {P::ClientIdx, kNone, P::Qos, P::Retain}},
        // AT+QMTPUB: with a trailing <msg_length> the data is counted, else ended by Ctrl+Z
        {Cmd::QMTPUB, "QMTPUB", true, false, true, 0, 1, D::CtrlZ, 5, true, T::PktTimesRetries, 0, {}},
        {Cmd::QMTRECV, "QMTRECV", true, false, false, 0, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QMTSTAT, "QMTSTAT", true, true, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::QMTPING, "QMTPING", true, true, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        // its <timeout> parameter is the caller's business (AtCommand::timeout)
        {Cmd::QFUPL, "QFUPL", true, false, false, -1, -1, D::Connect, 1, true, T::Fixed, 5000, {}},
        {Cmd::QFLST, "QFLST", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QFDEL, "QFDEL", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QFLDS, "QFLDS", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QSSLCFG, "QSSLCFG", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        // PDP context (Quectel TCP/IP AT manual)
        {Cmd::QICSGP,
         "QICSGP",
         true,
         false,
         false,
         -1,
         -1,
         D::None,
         -1,
         true,
         T::Fixed,
         300,
         {P::PdpContext, P::ContextType, kNone, kNone, kNone, P::PdpAuth}},
        {Cmd::QIACT,
         "QIACT",
         true,
         false,
         false,
         -1,
         -1,
         D::None,
         -1,
         true,
         T::Fixed,
         150000,
         {P::PdpContext}},
        // Quectel TCP/IP AT manual: 40 s (not in PROTOCOL.md)
        {Cmd::QIDEACT, "QIDEACT", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 40000, {}},
        {Cmd::AT, "AT", false, false, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::ATE, "E", false, false, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::ATI, "I", false, false, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::GMR, "GMR", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CGMR, "CGMR", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CMEE, "CMEE", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {P::CmeeMode}},
        // Quectel AT manual: 15 s (not in PROTOCOL.md)
        {Cmd::CFUN, "CFUN", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 15000, {}},
        {Cmd::CPIN, "CPIN", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QURCCFG, "QURCCFG", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        // before MQTT (PROTOCOL.md §7; time-outs from Quectel's AT manuals where they are longer)
        {Cmd::ATV, "V", false, false, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::ATZ, "Z", false, false, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::ATW, "&W", false, false, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::CGMI, "CGMI", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CGMM, "CGMM", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CGSN, "CGSN", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::GSN, "GSN", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CIMI, "CIMI", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QCCID, "QCCID", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CSQ, "CSQ", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QCSQ, "QCSQ", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CREG, "CREG", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CGREG, "CGREG", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CEREG, "CEREG", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::COPS, "COPS", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 180000, {}},
        {Cmd::CGATT, "CGATT", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 140000, {}},
        {Cmd::CGDCONT, "CGDCONT", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CGACT, "CGACT", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 150000, {}},
        {Cmd::CGPADDR, "CGPADDR", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QNWINFO, "QNWINFO", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QSPN, "QSPN", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QCFG, "QCFG", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        // OK at once; +QNTP: <err>,"<time>" follows (up to 125 s)
        {Cmd::QNTP, "QNTP", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::CCLK, "CCLK", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QLTS, "QLTS", true, false, false, -1, -1, D::None, -1, true, T::Fixed, 300, {}},
        {Cmd::QUSIM, "QUSIM", true, true, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::QIND, "QIND", true, true, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
        {Cmd::QIURC, "QIURC", true, true, false, -1, -1, D::None, -1, false, T::Fixed, 300, {}},
    };
    return t;
}

// Names of at most 8 letters, packed upper-case into a 64-bit key: one compare per name.
quint64 packName(QByteArrayView s)
{
    quint64 k = 0;
    for (qsizetype i = 0; i < s.size() && i < 8; ++i) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = char(c - 32);
        k = (k << 8) | quint64(quint8(c));
    }
    return k;
}

struct NameKey
{
    quint64 key;
    Cmd cmd;
};

const std::vector<NameKey> &nameKeys()
{
    static const std::vector<NameKey> keys = [] {
        std::vector<NameKey> k;
        for (const CommandInfo &c : commandTable())
            if (c.plus && c.cmd != Cmd::Unknown) // the letters of AT, ATE, ATI are not names after "+"
                k.push_back(NameKey{packName(c.name), c.cmd});
        return k;
    }();
    return keys;
}

} // namespace

const std::vector<CommandInfo> &commandTable()
{
    static const std::vector<CommandInfo> table = makeTable();
    return table;
}

const SetLayout *setLayout(Cmd c)
{
    using P = Param;
    // The set forms' arguments, for checking a typed line against the ranges (at/linecheck.h).
    static const std::vector<std::pair<Cmd, SetLayout>> setLayouts = {
        {Cmd::QMTOPEN, {{{P::ClientIdx, false}, {P::HostLen, true}, {P::Port, false}}}},
        {Cmd::QMTCLOSE, {{{P::ClientIdx, false}}}},
        {Cmd::QMTCONN,
         {{{P::ClientIdx, false}, {P::ClientIdLen, true}, {P::UserNameLen, true}, {P::PasswordLen, true}}}},
        {Cmd::QMTDISC, {{{P::ClientIdx, false}}}},
        {Cmd::QMTSUB, {{{P::ClientIdx, false}, {P::MsgId, false}, {P::TopicLen, true}, {P::Qos, false}}, 2}},
        {Cmd::QMTUNS, {{{P::ClientIdx, false}, {P::MsgId, false}, {P::TopicLen, true}}, 2}},
        {Cmd::QMTPUBEX,
         {{{P::ClientIdx, false},
           {P::PubMsgId, false},
           {P::Qos, false},
           {P::Retain, false},
           {P::TopicLen, true},
           {P::PayloadLen, false}}}},
        {Cmd::QMTPUB,
         {{{P::ClientIdx, false},
           {P::PubMsgId, false},
           {P::Qos, false},
           {P::Retain, false},
           {P::TopicLen, true},
           {P::PayloadLen, false}}}},
        {Cmd::QMTRECV, {{{P::ClientIdx, false}, {P::RecvId, false}}}},
        {Cmd::QFUPL,
         {{{P::FileNameLen, true}, {P::FileSize, false}, {P::FileTimeout, false}, {P::AckMode, false}}}},
        {Cmd::QFDEL, {{{P::FileNameLen, true}}}},
        {Cmd::QICSGP,
         {{{P::PdpContext, false},
           {P::ContextType, false},
           {P::ApnLen, true},
           {P::PdpUserLen, true},
           {P::PdpPasswordLen, true},
           {P::PdpAuth, false}}}},
        {Cmd::QIACT, {{{P::PdpContext, false}}}},
        {Cmd::QIDEACT, {{{P::PdpContext, false}}}},
        {Cmd::CMEE, {{{P::CmeeMode, false}}}},
    };
    for (const auto &[cmd, layout] : setLayouts)
        if (cmd == c)
            return &layout;
    return nullptr;
}

const CommandInfo &commandInfo(Cmd c)
{
    const auto &t = commandTable();
    const auto i = std::size_t(c);
    return i < t.size() ? t[i] : t.front();
}

const char *cmdName(Cmd c)
{
    return commandInfo(c).name;
}

Cmd cmdFromName(QByteArrayView name)
{
    if (name.isEmpty() || name.size() > 8)
        return Cmd::Unknown;
    const quint64 key = packName(name);
    for (const NameKey &k : nameKeys())
        if (k.key == key)
            return k.cmd;
    return Cmd::Unknown;
}

} // namespace qmt::at
