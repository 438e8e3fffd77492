// SPDX-License-Identifier: Apache-2.0
// The dashboard panel of the main window (ui/dashboard.h).
#include "dashboard.h"
#include "uicontext.h"

namespace qmt::ui {

QWidget *createDashboardPanel(UiContext &ctx, QWidget *parent)
{
    return new DashboardPanel(ctx, parent);
}

} // namespace qmt::ui
