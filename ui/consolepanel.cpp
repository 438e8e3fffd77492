// Placeholder until the Console panel lands.
#include "uicontext.h"

#include <QLabel>

namespace qmt::ui {

QWidget *createConsolePanel(UiContext &, QWidget *parent)
{
    return new QLabel(QObject::tr("Console — not built yet"), parent);
}

} // namespace qmt::ui
