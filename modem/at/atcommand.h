// SPDX-License-Identifier: Apache-2.0
#pragma once
// A command ready to be written to the module: the line, the data that follows a prompt or
// CONNECT, and what completes it. Produced by the builders (builders.h) or from raw console text.

#include "at/commands.h"

#include <QByteArray>
#include <chrono>
#include <optional>

namespace qmt::at {

struct AtCommand
{
    Cmd cmd = Cmd::Unknown;
    Form form = Form::Exec;
    QByteArray line;    // the command line without the terminating CR, e.g. AT+QMTOPEN=0,"h",1883
    QByteArray payload; // written after the prompt / CONNECT (see dataPhase)
    DataPhase dataPhase = DataPhase::None;
    int clientIdx = -1; // the slot the command is about, -1 if none
    int msgId = -1;     // QMTSUB/QMTUNS/QMTPUBEX/QMTPUB message id, -1 if none
    int setting = -1;   // QMTCFG/QSSLCFG: the row of at/settings.h (CfgSetting/SslSetting), -1 if none
    // Overrides the timeout the channel derives from PROTOCOL.md §3 and the slot's configuration.
    std::optional<std::chrono::milliseconds> timeout;

    // Parses a raw line typed by a user ("at+qmtopen=0,...") into cmd/form/clientIdx/msgId.
    static AtCommand fromText(QByteArrayView line);
};

// Whether typed text is a command (starts with AT, any case, blanks around allowed) rather than
// bytes for the module as they are (data for a prompt, a stray character).
inline bool isCommandText(QByteArrayView text)
{
    const QByteArrayView t = text.trimmed();
    return t.size() >= 2 && (t[0] == 'A' || t[0] == 'a') && (t[1] == 'T' || t[1] == 't');
}

} // namespace qmt::at
