// SPDX-License-Identifier: Apache-2.0
#pragma once
// qmtscope-cli reproduce: a customer's log turned into a sequence, played against the simulated
// module or a module on a port, and the customer's answers set beside ours (reproduce.cpp).

#include <QString>
#include <QStringList>

namespace qmt::cli {

// The arguments after "reproduce". Exit status: 0 no divergence (or nothing run), 1 usage error,
// 2 the log (or the sequence file to write) cannot be read or written, 3 the module or the
// simulator cannot be reached, 4 the answers diverge.
int reproduce(const QStringList &args);
// The usage lines of the subcommand, for the main help text.
QString reproduceUsage();

} // namespace qmt::cli
