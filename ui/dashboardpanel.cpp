// Placeholder until the Dashboard panel lands.
#include "uicontext.h"

#include <QLabel>

namespace qmt::ui {

QWidget *createDashboardPanel(UiContext &, QWidget *parent)
{
    return new QLabel(QObject::tr("Dashboard — not built yet"), parent);
}

} // namespace qmt::ui
