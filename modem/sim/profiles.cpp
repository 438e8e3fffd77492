// SPDX-License-Identifier: Apache-2.0
#include "profiles.h"

namespace qmt::sim {

const QList<ModuleProfile> &moduleProfiles()
{
    static const QList<ModuleProfile> profiles = {
        {"EC25", "EC25EFAR06A06M4G", ModuleFamily::Lte},
        {"EG25", "EG25GGBR07A08M2G", ModuleFamily::Lte},
        {"BG95", "BG95M3LAR02A03", ModuleFamily::Bg9x},
        {"BG96", "BG96MAR02A07M1G", ModuleFamily::Bg9x},
        {"EC800M", "EC800MCNGAR06A03M08", ModuleFamily::Cat1},
        {"EG800K", "EG800KEULCR07A07M08", ModuleFamily::Cat1},
        {"EC200U", "EC200UCNAAR02A11M08", ModuleFamily::Cat1},
        {"EG915U", "EG915UEUABR03A03M08", ModuleFamily::Cat1},
    };
    return profiles;
}

const ModuleProfile *findModuleProfile(QByteArrayView model)
{
    for (const ModuleProfile &p : moduleProfiles())
        if (model.compare(p.model, Qt::CaseInsensitive) == 0)
            return &p;
    return nullptr;
}

ModuleFamily familyOf(QByteArrayView model)
{
    const ModuleProfile *p = findModuleProfile(model);
    return p ? p->family : ModuleFamily::Lte;
}

} // namespace qmt::sim
