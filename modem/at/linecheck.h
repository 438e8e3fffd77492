// SPDX-License-Identifier: Apache-2.0
#pragma once
// Checks a command line as a user typed it (the console) against the range table: each
// argument whose parameter has a range — numbers by value, quoted texts by their UTF-8 length —
// is compared with the module's ranges (RangeTable: the seed's, overridden by the module's "=?"
// answers). A diagnostic tool may send such a line on purpose; this only says what is off, so
// the console can warn before it goes out. Messages are translated when made (contexts
// "qmt::at::Builders" for the phrases the builders share, "qmt::at::LineCheck" for the rest).

#include "at/ranges.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace qmt::at {

struct LineIssue
{
    int arg = -1; // the argument's position after '=' (0 = first); for ATE<n>, 0
    Param param = Param::Count_;
    QString name;        // the spec's name, "<keep_alive_time>"
    QByteArray value;    // as typed, without quotes
    Range range;         // what the table allows (a length in bytes for texts)
    bool length = false; // range counts the bytes of a text
    QString message;     // translated: "keep_alive_time 5000 is out of range 0-3600"
};

// The problems of `line` (an AT command line without its CR), in argument order; empty when
// every checked argument fits, or when the command or its arguments are not known. Arguments
// the table has no range for (a topic's wildcards, a host's characters) are not checked here.
std::vector<LineIssue> checkLine(QByteArrayView line, const RangeTable &ranges);

} // namespace qmt::at
