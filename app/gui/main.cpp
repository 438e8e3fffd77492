// qmtscope: the desktop app.
#include "mainwindow.h"
#include "state/i18n.h"

#include <QApplication>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("QMT Scope"));
    QApplication::setApplicationName(QStringLiteral("qmtscope"));
    qmt::i18n::install();
    qmt::ui::MainWindow w;
    w.resize(1280, 800);
    w.show();
    return app.exec();
}
