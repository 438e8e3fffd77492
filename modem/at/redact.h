// SPDX-License-Identifier: Apache-2.0
#pragma once
// Secrets taken out of a command line for what leaves the app (a diagnosis, an export): the
// user name and password of AT+QMTCONN and every value a setting row marks as a secret (the
// aliauth device secret), each shown as *** with its length kept out.

#include <QByteArray>
#include <QByteArrayView>

namespace qmt::at {

// The line with its secrets as ***; the line unchanged when it holds none.
QByteArray redactSecrets(QByteArrayView line);
// The same for a line of a log as people send it: the command may follow a timestamp or a
// direction marker, and its quotes and commas may be typographic or full-width. When a secret
// is found the command is shown with ASCII punctuation; else the line is unchanged.
QByteArray redactSecretsInLogLine(QByteArrayView line);

} // namespace qmt::at
