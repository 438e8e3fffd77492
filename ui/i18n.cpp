// SPDX-License-Identifier: Apache-2.0
#include "i18n.h"

#include <QCoreApplication>
#include <QTranslator>

namespace qmt::i18n {

QString install(const QLocale &locale)
{
    static QTranslator *current = nullptr;
    if (current) {
        QCoreApplication::removeTranslator(current);
        delete current;
        current = nullptr;
    }
    auto *t = new QTranslator;
    const bool chinese = locale.language() == QLocale::Chinese;
    const QString lang = chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    if (!t->load(QStringLiteral(":/qmtscope/i18n/qmtscope_%1.qm").arg(lang))) {
        delete t;
        return QStringLiteral("en");
    }
    QCoreApplication::installTranslator(t);
    current = t;
    return lang;
}

} // namespace qmt::i18n
