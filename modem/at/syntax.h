// SPDX-License-Identifier: Apache-2.0
#pragma once
// The syntax hints of PROTOCOL.md §3-5: one table with a one-line syntax and a short meaning for
// every command a user can type, every AT+QMTCFG and AT+QSSLCFG sub-command and the URCs. The
// console completes names from it and shows the hint under its input; other panels may show the
// same lines. Meanings are English source strings marked for translation (context
// "qmt::at::syntax"); translate them with meaning().

#include "at/commands.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <vector>

namespace qmt::at::syntax {

struct Hint
{
    Cmd cmd = Cmd::Unknown;
    const char *sub = nullptr;        // the sub-command of AT+QMTCFG / AT+QSSLCFG, or nullptr
    const char *completion = nullptr; // what completion inserts: AT+QMTOPEN=, AT+QMTCFG="ssl",
    const char *syntax = nullptr;     // AT+QMTOPEN=<client_idx>,"<host_name>",<port>
    const char *other = nullptr;      // other forms (AT+QMTOPEN?), or nullptr
    const char *meaning = nullptr;    // QT_TRANSLATE_NOOP("qmt::at::syntax", …)
    bool urc = false;                 // a line the module sends, not one a user types
};

// Every hint: the commands in the order of PROTOCOL.md, each command followed by its
// sub-commands, then the URCs.
const std::vector<Hint> &hints();

// The hint of a command (sub == nullptr: the command itself) or of one of its sub-commands.
const Hint *find(Cmd cmd, QByteArrayView sub = {});

// The hint that best describes a line being typed (case-insensitive, partial names allowed):
// "AT+QMTO" → AT+QMTOPEN, "at+qmtcfg=\"keep" → the "keepalive" sub-command, "AT+QMTCFG=" →
// AT+QMTCFG itself. nullptr when nothing fits.
const Hint *forInput(QByteArrayView typed);

// The parameter of the command line that position `cursor` of `typed` is in: 0 for the first
// argument after '=', -1 before '='. Commas inside quotes do not count. For AT+QMTCFG and
// AT+QSSLCFG the sub-command name is parameter 0.
int parameterAt(QByteArrayView typed, qsizetype cursor);

// Where the n-th "<…>" placeholder of a syntax line lies (start and length, the brackets
// included), in order of appearance; {-1, 0} when there is no such placeholder.
struct Span
{
    qsizetype start = -1;
    qsizetype length = 0;
};
std::vector<Span> placeholders(QByteArrayView syntax);

// The placeholder of `hint` that parameter `param` (see parameterAt) fills, following the
// syntax line's own order: for sub-commands the first placeholder is parameter 1 (parameter 0
// is the quoted name). {-1, 0} when none does (a list that repeats, past the end).
Span placeholderFor(const Hint &hint, int param);

QString meaning(const Hint &hint); // translated
// "AT+QMTOPEN=<client_idx>,"<host_name>",<port> — open a network … " (translated meaning)
QString line(const Hint &hint);
// The completion texts of every hint a user can type, in table order.
QStringList completions();

} // namespace qmt::at::syntax
