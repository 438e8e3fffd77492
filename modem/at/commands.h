// SPDX-License-Identifier: Apache-2.0
#pragma once
// The AT command vocabulary of PROTOCOL.md: one enum naming every command, response and URC
// the engine knows, and one descriptor row per command with every per-command fact — its name,
// whether a result URC completes it, which argument is the client index, the message id and
// the data length, what follows the line, whether it has a test form, its time-out rule and the
// layout of its "=?" answer. The parser, framer, builders, range table, channel and spec read
// these rows; the AT+QMTCFG / AT+QSSLCFG settings have their own rows (settings.h).

#include "at/ranges.h"

#include <QByteArrayView>
#include <chrono>
#include <cstdint>
#include <vector>

namespace qmt::at {

enum class Cmd : std::uint8_t {
    Unknown,
    // MQTT (PROTOCOL.md §3)
    QMTCFG,
    QMTOPEN,
    QMTCLOSE,
    QMTCONN,
    QMTDISC,
    QMTSUB,
    QMTUNS,
    QMTPUBEX,
    QMTPUB,
    QMTRECV,
    QMTSTAT,
    QMTPING,
    // files and TLS (§4)
    QFUPL,
    QFLST,
    QFDEL,
    QFLDS,
    QSSLCFG,
    // PDP (§5)
    QICSGP,
    QIACT,
    QIDEACT,
    // basic
    AT,
    ATE,
    ATI,
    GMR,
    CGMR,
    CMEE,
    CFUN,
    CPIN,
    QURCCFG,
    // before MQTT (PROTOCOL.md §7): SIM, signal, registration, data context, clock, identity
    ATV,
    ATZ,
    ATW, // AT&W
    CGMI,
    CGMM,
    CGSN,
    GSN,
    CIMI,
    QCCID,
    CSQ,
    QCSQ,
    CREG,
    CGREG,
    CEREG,
    COPS,
    CGATT,
    CGDCONT,
    CGACT,
    CGPADDR,
    QNWINFO,
    QSPN,
    QCFG,
    QNTP,
    CCLK,
    QLTS,
    // boot and power URCs (§1)
    QUSIM,
    QIND,
    QIURC,
    Count_
};

// The form of a command line (PROTOCOL.md table 2).
enum class Form : std::uint8_t { Exec, Test, Query, Set };

// What the module asks for after the command line, before the final result.
enum class DataPhase : std::uint8_t {
    None,
    Prompt,  // '>' then exactly payload.size() bytes (QMTPUBEX, QMTCFG="willex", QMTPUB with length)
    CtrlZ,   // '>' then payload followed by 0x1A (QMTPUB without length)
    Connect, // "CONNECT" then payload as a raw block (QFUPL)
};

// How long the module may take to answer (PROTOCOL.md §3), before any safety margin.
enum class TimeoutRule : std::uint8_t {
    Fixed,           // timeoutMs
    PktTimeout,      // the slot's pkt_timeout (QMTCONN)
    PktTimesRetries, // pkt_timeout x retry_times (at least one pkt_timeout)
};

// One argument of a command's set form: the range that limits it, and whether it is a quoted
// text whose UTF-8 length the range limits.
struct SetArg
{
    Param param;
    bool text = false;
};
// The arguments of a set form, in order; `repeat` is where a list that repeats (the topics of
// AT+QMTSUB/AT+QMTUNS) begins, -1 for none. (The settings of QMTCFG/QSSLCFG: settings.h.)
struct SetLayout
{
    std::vector<SetArg> args;
    int repeat = -1;
};

struct CommandInfo
{
    Cmd cmd;
    const char *name;       // after "AT+" or "+" ("QMTOPEN"); for AT, ATE, ATI … the letters after "AT"
    bool plus = true;       // written AT+NAME; false for AT, ATE, ATI
    bool urcOnly = false;   // only ever sent by the module (QMTSTAT, QMTPING, boot URCs)
    bool resultUrc = false; // the set form's outcome arrives as +NAME: … after OK
    int idxArg = -1;        // set form: the argument that is <client_idx>, -1 if none
    int msgIdArg = -1;      // set form: the argument that is <msgid>, -1 if none
    DataPhase data = DataPhase::None; // what follows the set form's line
    int dataLenArg = -1;              // the argument that declares the data's length, -1 if none
    bool hasTest = true;              // AT+NAME=? exists
    TimeoutRule timeoutRule = TimeoutRule::Fixed;
    int timeoutMs = 300;
    std::vector<Param> testLayout; // the parameters at the positions of its "=?" answer (Count_: none)
};

// The arguments of a command's set form; nullptr when not described (QMTCFG and QSSLCFG: their
// settings' rows).
const SetLayout *setLayout(Cmd c);

// The row of a command; the Unknown row for Unknown and Count_.
const CommandInfo &commandInfo(Cmd c);
// Every row, indexed by Cmd.
const std::vector<CommandInfo> &commandTable();

// "QMTOPEN" for Cmd::QMTOPEN; "" for Unknown.
const char *cmdName(Cmd c);
// Looks up the name after "AT+" or "+" (case-insensitive), e.g. "QMTOPEN" -> Cmd::QMTOPEN.
Cmd cmdFromName(QByteArrayView name);

// True for commands whose outcome arrives as a result URC after the final result
// (QMTOPEN, QMTCLOSE, QMTCONN, QMTDISC, QMTSUB, QMTUNS, QMTPUBEX, QMTPUB) in their set form.
inline bool hasResultUrc(Cmd c)
{
    return commandInfo(c).resultUrc;
}

} // namespace qmt::at
