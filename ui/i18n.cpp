// SPDX-License-Identifier: Apache-2.0
#include "i18n.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTranslator>

namespace qmt::i18n {

namespace {
QString g_loadedFrom;
}

QStringList searchPath()
{
    const QDir bin(QCoreApplication::applicationDirPath());
    return {QDir::cleanPath(bin.absoluteFilePath(QStringLiteral("../share/qmtscope/translations"))),
            QDir::cleanPath(bin.absoluteFilePath(QStringLiteral("../ui")))};
}

QString loadedFrom()
{
    return g_loadedFrom;
}

QString install(const QLocale &locale)
{
    static QTranslator *current = nullptr;
    if (current) {
        QCoreApplication::removeTranslator(current);
        delete current;
        current = nullptr;
    }
    const bool chinese = locale.language() == QLocale::Chinese;
    const QString lang = chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    const QString name = QStringLiteral("qmtscope_%1.qm").arg(lang);
    QStringList candidates;
    for (const QString &dir : searchPath()) {
        const QString path = dir + QLatin1Char('/') + name;
        if (QFileInfo::exists(path))
            candidates << path;
    }
    candidates << QStringLiteral(":/qmtscope/i18n/") + name;
    auto *t = new QTranslator;
    for (const QString &path : std::as_const(candidates)) {
        if (t->load(path)) {
            QCoreApplication::installTranslator(t);
            current = t;
            g_loadedFrom = path;
            return lang;
        }
    }
    delete t;
    g_loadedFrom.clear();
    return QStringLiteral("en");
}

} // namespace qmt::i18n
