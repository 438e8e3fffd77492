// SPDX-License-Identifier: Apache-2.0
#pragma once
// Scripts: AT command lines played for what they do (the demo walkthrough, `qmtscope --script`).
// A script is a sequence without expectations: each line becomes a SequenceStep, and the
// sequence runner plays them with setStopAtFailure(false), a step passing when its command
// succeeds (CommandResult::succeeded()).
//
// The text: one AT command per line; a line starting with '>' is the data the command before it
// writes after the prompt (AT+QMTPUBEX, AT+QMTCFG="willex", AT+QMTPUB with a length) — the same
// convention as a transcript. Lines starting with '#' or "//" and empty lines are ignored; so
// are lines that are neither (a transcript's responses), which makes a transcript a valid
// script. The declared length of a '>' command is checked against its data.

#include "workflows/sequence.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>

namespace qmt::session {

class Script
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::Script)
public:
    // The steps (command and data; no expectation, no timeout); on a malformed script none,
    // with *error naming the line ("line 3: …"). *error is cleared on success.
    static QList<SequenceStep> parse(QByteArrayView text, QString *error = nullptr);
    // The built-in walkthrough, the core of the seed's §5.1 session: open slot 0, connect,
    // subscribe to two topics, publish to one of them, so the message comes back.
    static QByteArray walkthrough();
};

} // namespace qmt::session
