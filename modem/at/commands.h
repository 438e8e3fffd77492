#pragma once
// The AT command vocabulary of PROTOCOL.md: one enum naming every command, response and URC
// the engine knows, and the lookups between names and ids.

#include <QByteArrayView>
#include <cstdint>

namespace qmt::at {

enum class Cmd : std::uint8_t {
    Unknown,
    // MQTT (PROTOCOL.md §3)
    QMTCFG, QMTOPEN, QMTCLOSE, QMTCONN, QMTDISC, QMTSUB, QMTUNS, QMTPUBEX, QMTPUB, QMTRECV,
    QMTSTAT, QMTPING,
    // files and TLS (§4)
    QFUPL, QFLST, QFDEL, QFLDS, QSSLCFG,
    // PDP (§5)
    QICSGP, QIACT, QIDEACT,
    // basic
    AT, ATE, ATI, GMR, CGMR, CMEE, CFUN, CPIN, QURCCFG,
    // boot and power URCs (§1)
    QUSIM, QIND, QIURC,
    Count_
};

// The form of a command line (PROTOCOL.md table 2).
enum class Form : std::uint8_t { Exec, Test, Query, Set };

// "QMTOPEN" for Cmd::QMTOPEN; "" for Unknown.
const char *cmdName(Cmd c);
// Looks up the name after "AT+" or "+" (case-insensitive), e.g. "QMTOPEN" -> Cmd::QMTOPEN.
Cmd cmdFromName(QByteArrayView name);

// True for commands whose outcome arrives as a result URC after the final result
// (QMTOPEN, QMTCLOSE, QMTCONN, QMTDISC, QMTSUB, QMTUNS, QMTPUBEX, QMTPUB) in their set form.
bool hasResultUrc(Cmd c);

} // namespace qmt::at
