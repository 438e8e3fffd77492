// SPDX-License-Identifier: Apache-2.0
#pragma once
// AtEvent: one frame of traffic understood — a command line, a final result, an information
// response or URC with its fields — the unit that the slot store, the channel and the traffic
// model consume. Events refer to the frame's bytes and are valid only during the callback.

#include "at/commands.h"

#include <QByteArrayView>
#include <vector>

namespace qmt::at {

enum class Direction : std::uint8_t {
    FromModule, // received on the port (or a response line of a log)
    ToModule,   // written by us
};

enum class EventType : std::uint8_t {
    Command, // a command line: written by us, echoed by the module, or a line of a log
    Prompt,  // '>' before data
    Data,    // the data after a prompt, or a line of a file upload after CONNECT
    Ok,
    Error,
    CmeError, // +CME ERROR: <n> or <text>
    Connect,  // CONNECT (QFUPL data mode)
    Response, // +NAME: … — an information response or a URC; see `what`
    Boot,     // RDY, APP RDY, POWERED DOWN, +CFUN, +CPIN, +QUSIM, +QIND, +QIURC
    Text,     // a text line of an information response (ATI, AT+GMR)
    Unknown,  // not AT traffic: noise, annotations; kept and counted
};

// What a Response is. Fields are in args (positions given below, after the "+NAME: ").
enum class What : std::uint8_t {
    None,
    TestRanges,   // answer to AT+CMD=? (any command); args as printed
    CfgValue,     // +QMTCFG: "<name>",<values…>     read-back; args[0] = name
    CfgRanges,    // +QMTCFG: "<name>",(…),(…)       a line of AT+QMTCFG=?
    OpenResult,   // +QMTOPEN: idx,result
    OpenInfo,     // +QMTOPEN: idx,"host",port       AT+QMTOPEN?
    CloseResult,  // +QMTCLOSE: idx,result
    ConnResult,   // +QMTCONN: idx,result[,ret_code]
    ConnState,    // +QMTCONN: idx,state             AT+QMTCONN?
    DiscResult,   // +QMTDISC: idx,result
    SubResult,    // +QMTSUB: idx,msgid,result[,value…]
    UnsResult,    // +QMTUNS: idx,msgid,result[,value]
    PubResult,    // +QMTPUBEX / +QMTPUB: idx,msgid,result[,value]
    RecvMessage,  // +QMTRECV: idx,msgid,"topic"[,len],"payload"   (topic/payload in the fields)
    RecvStored,   // +QMTRECV: idx,recv_id           (receive mode 1)
    RecvStatus,   // +QMTRECV: idx,s0,s1,s2,s3,s4    AT+QMTRECV?
    Stat,         // +QMTSTAT: idx,err_code
    Ping,         // +QMTPING: idx,result
    FileUploaded, // +QFUPL: size,checksum(hex)
    FileEntry,    // +QFLST: "name",size
    FileSpace,    // +QFLDS: free,total
    SslValue,     // +QSSLCFG: "<name>",ctx,<values…>
    PdpState,     // +QIACT: cid,state,type,"ip"
    CmeeValue,    // +CMEE: n
    Other,        // any other +NAME: line
};

struct Arg
{
    QByteArrayView text; // without the quotes of a quoted argument
    bool quoted = false;
    // Integer value; ok=false when the text is not a (possibly negative) decimal integer.
    qint64 toInt(bool *ok = nullptr) const;
    bool isRange() const { return !quoted && text.startsWith('('); }
};

struct AtEvent
{
    EventType type = EventType::Unknown;
    What what = What::None;
    Direction dir = Direction::FromModule;
    Cmd cmd = Cmd::Unknown; // Command: the command; Response: the +NAME; finals: the command answered
    Form form = Form::Exec; // Command: its form; responses: the form of the command answered
    bool echo = false;      // Command/Data received back from the module after we wrote it
    bool truncated = false; // the frame was cut (overlong line, stream ended inside data)
    int clientIdx = -1;     // the slot, when the event names one
    // AT+QMTCFG / AT+QSSLCFG commands and their answers: the row of at/settings.h (a CfgSetting
    // or SslSetting, by cmd) that the first argument names, resolved once by the parser; -1 when
    // there is none or the table does not know the name.
    int setting = -1;
    qint64 offset = 0;                      // stream offset of the frame (per direction)
    qint64 timeUs = 0;                      // microseconds since the epoch, set by the pipeline
    QByteArrayView text;                    // the whole frame
    const std::vector<Arg> *args = nullptr; // Command (set form) and Response arguments
    // RecvMessage: the topic and payload; payloadComplete is false when the payload may have
    // been cut at a line end (no <payload_len>) or by the end of the stream.
    QByteArrayView topic;
    QByteArrayView payload;
    qint64 declaredLength = -1; // RecvMessage <payload_len>, -1 when absent
    bool payloadComplete = true;
    // CmeError: numeric code (or -1) and text (when the module sent text)
    int cmeCode = -1;
    QByteArrayView cmeText;

    qsizetype argCount() const { return args ? qsizetype(args->size()) : 0; }
    const Arg &arg(qsizetype i) const; // an empty Arg when out of range
    qint64 intArg(qsizetype i, qint64 fallback = -1) const;
    bool isUrc() const; // a Response that arrives unsolicited (result URCs included)
};

} // namespace qmt::at
