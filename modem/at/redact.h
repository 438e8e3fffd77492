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

} // namespace qmt::at
