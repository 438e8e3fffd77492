// SPDX-License-Identifier: Apache-2.0
#pragma once
// qmtscope-cli e2e: the end-to-end check through the broker, headless (e2e.cpp).

#include <QString>
#include <QStringList>

namespace qmt::cli {

// The arguments after "e2e". Exit status: 0 every message arrived intact, 1 usage error, 3 the
// module, the simulator or the broker cannot be reached, 4 messages lost or damaged.
int e2e(const QStringList &args);
QString e2eUsage();

} // namespace qmt::cli
