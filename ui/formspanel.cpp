// Placeholder until the Forms panel lands.
#include "uicontext.h"

#include <QLabel>

namespace qmt::ui {

QWidget *createFormsPanel(UiContext &, QWidget *parent)
{
    return new QLabel(QObject::tr("Forms — not built yet"), parent);
}

} // namespace qmt::ui
