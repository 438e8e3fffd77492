// SPDX-License-Identifier: Apache-2.0
#pragma once
// Module profiles (issue 14, deliverable 3): what each simulated model reports about itself (ATI,
// AT+GMR, AT+CGMM through SimOptions::model and ::revision) and the publish forms its family
// accepts. See docs/protocol-rulings.md for what differs per family and what does not (yet).

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

// What a family accepts for a publish (docs/protocol-rulings.md, "Module profiles"):
// EC2x and the Cat 1 modules take AT+QMTPUBEX=…,"<topic>",<length> and data after '>'; BG9x
// take AT+QMTPUBEX=…,"<topic>","<msg>" with the message in the command line and have no
// length form of it. AT+QMTPUB (data up to Ctrl+Z, or a counted ",<length>") is in every family.
inline bool publishesInline(ModuleFamily f)
{
    return f == ModuleFamily::Bg9x;
}
// The longest message BG9x take in the AT+QMTPUBEX line (AT+QMTPUB's counted data goes longer).
constexpr qsizetype kInlineMessageMax = 560;
// The family of a model name; EC2x for a model without a profile.
ModuleFamily familyOf(QByteArrayView model);

// Every profile the simulator knows, in the order --help lists them.
const QList<ModuleProfile> &moduleProfiles();
// The profile of a model name (case-insensitive), or nullptr for a model it has no profile of.
const ModuleProfile *findModuleProfile(QByteArrayView model);

} // namespace qmt::sim
