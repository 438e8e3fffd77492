// SPDX-License-Identifier: Apache-2.0
#pragma once
// Module profiles (issue 14, deliverable 3, first step): what each simulated model reports about
// itself. Only the identity is used so far (ATI, AT+GMR, AT+CGMM through SimOptions::model and
// ::revision); the command set, AT+QMTCFG=? ranges, boot URCs and receive modes per family are
// still to come (see docs/protocol-rulings.md).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace qmt::sim {

enum class ModuleFamily {
    Lte,  // EC25, EG25: Qualcomm LTE Cat 4 (the application note the project follows)
    Bg9x, // BG95, BG96: LTE Cat M1 / NB-IoT
    Cat1, // EC800M, EG800K, EC200U, EG915U: LTE Cat 1 / Cat 1 bis
};

struct ModuleProfile
{
    QByteArray model;    // AT+CGMM, ATI's second line
    QByteArray revision; // AT+GMR, ATI's "Revision:" line (a plausible default)
    ModuleFamily family = ModuleFamily::Lte;
};

// Every profile the simulator knows, in the order --help lists them.
const QList<ModuleProfile> &moduleProfiles();
// The profile of a model name (case-insensitive), or nullptr for a model it has no profile of.
const ModuleProfile *findModuleProfile(QByteArrayView model);

} // namespace qmt::sim
