// SPDX-License-Identifier: Apache-2.0
#pragma once
// AtParser: frames → typed AtEvents. It keeps just enough context (the command being answered,
// the last line we wrote, upload data mode) to tell apart forms that look alike on the wire:
// "+QMTCONN: 0,3" is a state after AT+QMTCONN? and a result URC otherwise.

#include "at/event.h"
#include "engine/framer.h"

#include <QByteArray>
#include <functional>

namespace qmt::at {

// Splits "a,"b,c",(0-5)" at commas outside quotes; quoted arguments lose their quotes and
// unquoted ones their surrounding spaces. Reuses `out`.
void splitArgs(QByteArrayView s, std::vector<Arg> &out);

// Parses a command line ("AT+QMTOPEN=0,"h",1883", "ATE0", "at+qmtconn?") into its command,
// form and arguments. Returns false when the line is not a command line.
bool parseCommandLine(QByteArrayView line, Cmd *cmd, Form *form, std::vector<Arg> *args);

// The client index a command line is about (-1 if none), from its parsed arguments.
int clientIdxOfCommand(Cmd cmd, Form form, const std::vector<Arg> &args);

class Parser
{
public:
    using Sink = std::function<void(const AtEvent &)>;

    // A frame received from the module (or read from a log).
    void parse(const Frame &frame, const Sink &sink);
    // A command line we wrote (without CR), and data we wrote after a prompt / CONNECT.
    void noteWritten(QByteArrayView line, qint64 offset, const Sink &sink);
    void noteWrittenData(QByteArrayView data, qint64 offset, const Sink &sink);
    void reset();
    // The time stamped on the events that follow (microseconds since the epoch).
    void setTimeUs(qint64 us) { m_timeUs = us; }

    Cmd currentCommand() const { return m_current; }

private:
    void classifyResponse(AtEvent &ev, QByteArrayView name, QByteArrayView rest, const Frame &frame);
    void parseRecv(AtEvent &ev, QByteArrayView rest, const Frame &frame);
    void endCommand();

    std::vector<Arg> m_args;
    Cmd m_current = Cmd::Unknown; // the command being answered
    Form m_currentForm = Form::Exec;
    bool m_commandActive = false; // a command line was seen and its final result was not
    int m_currentIdx = -1;
    bool m_uploading = false; // between CONNECT and +QFUPL / final result
    QByteArray m_lastWritten; // to recognise the module's echo of our line
    bool m_echoPending = false;
    bool m_dataEchoPending = false;
    qint64 m_timeUs = 0;
};

} // namespace qmt::at
