// Placeholder until the Sequence panel lands.
#include "uicontext.h"

#include <QLabel>

namespace qmt::ui {

QWidget *createSequencePanel(UiContext &, QWidget *parent)
{
    return new QLabel(QObject::tr("Sequence — not built yet"), parent);
}

} // namespace qmt::ui
