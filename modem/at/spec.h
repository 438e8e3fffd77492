// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every fact of PROTOCOL.md that code needs, written once: result and error codes with their
// meaning and fix, response timeouts. Texts are English source strings marked for translation
// (context "qmt::spec"); translate them at display time with QCoreApplication::translate.

#include "at/commands.h"

#include <QByteArrayView>

#include <chrono>

namespace qmt::spec {

struct CodeText
{
    int code;
    const char *text;   // what it means
    const char *fix;    // what to do about it; nullptr when there is nothing to do
    const char *causes; // what usually leads to it (the diagnosis's "likely causes"); may be nullptr
};

// Lookups return nullptr for a code the table does not hold.
const CodeText *qmtstat(int errCode);    // +QMTSTAT <err_code>, seed table 4 (1-8; 9-255 reserved)
const CodeText *openResult(int result);  // +QMTOPEN <result> (-1..5)
const CodeText *closeResult(int result); // +QMTCLOSE / +QMTDISC <result> (-1, 0)
const CodeText *
packetResult(int result); // +QMTCONN/SUB/UNS/PUBEX <result> (0 acked, 1 retransmitting, 2 failed)
const CodeText *connackCode(int retCode); // +QMTCONN <ret_code> (CONNACK 0-5)
const CodeText *connState(int state);     // AT+QMTCONN? <state> (1-4)
const CodeText *fileError(int cme);       // +CME ERROR 400-426 of the FILE AT manual
const CodeText *cmeError(int cme);        // other +CME ERROR codes (TS 27.007: 3, 4, 10, 50)
// The row of fileError() or cmeError() whose text a verbose +CME ERROR (AT+CMEE=2) names, compared
// case-insensitively, either a prefix of the other ("file already exist" is 407); nullptr if none.
const CodeText *cmeFromText(QByteArrayView text);
const CodeText *pingResult(int result); // +QMTPING <result> (1)

// Maximum response time of a command (PROTOCOL.md §3), before any safety margin.
// pktTimeout/retries are the slot's "timeout" configuration (defaults 5 s, 3).
std::chrono::milliseconds
maxResponseTime(at::Cmd cmd, std::chrono::seconds pktTimeout = std::chrono::seconds{5}, int retries = 3);

// The time to wait for a command's answer (final result and, for the commands of hasResultUrc(),
// its result URC): maxResponseTime() plus a safety margin of half that time, but at least 1 s,
// so the 300 ms of AT+QMTCFG becomes 1.3 s and the 15 s of a default AT+QMTSUB 22.5 s.
std::chrono::milliseconds
commandTimeout(at::Cmd cmd, std::chrono::seconds pktTimeout = std::chrono::seconds{5}, int retries = 3);

} // namespace qmt::spec
