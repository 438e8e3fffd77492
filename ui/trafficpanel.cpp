// Placeholder until the Traffic panel lands.
#include "uicontext.h"

#include <QLabel>

namespace qmt::ui {

QWidget *createTrafficPanel(UiContext &, QWidget *parent)
{
    return new QLabel(QObject::tr("Traffic — not built yet"), parent);
}

} // namespace qmt::ui
