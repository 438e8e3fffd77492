// Placeholder until the TLS wizard lands.
#include "uicontext.h"

#include <QMessageBox>

namespace qmt::ui {

void openTlsWizard(UiContext &, QWidget *parent)
{
    QMessageBox::information(parent, QObject::tr("TLS wizard"), QObject::tr("Not built yet."));
}

} // namespace qmt::ui
