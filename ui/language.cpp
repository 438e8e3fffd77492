// SPDX-License-Identifier: Apache-2.0
#include "language.h"

#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace qmt::ui::language {

namespace {
const QString kSettingsKey = QStringLiteral("ui/language");
QString g_current = kSystem;

QLocale localeFor(const QString &choice)
{
    if (choice == kEnglish)
        return QLocale(QLocale::English, QLocale::UnitedStates);
    if (choice == kChinese)
        return QLocale(QLocale::Chinese, QLocale::China);
    return QLocale::system();
}

// Qt's own strings (standard buttons, context menus of text fields) in the same language.
void installQtCatalogue(const QString &lang)
{
    static QTranslator *qt = nullptr;
    if (qt) {
        QCoreApplication::removeTranslator(qt);
        delete qt;
        qt = nullptr;
    }
    if (lang == kEnglish)
        return;
    auto *t = new QTranslator;
    if (t->load(QStringLiteral("qtbase_") + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(t);
        qt = t;
    } else {
        delete t;
    }
}
} // namespace

QStringList choices()
{
    return {kSystem, kEnglish, kChinese};
}

bool isValid(const QString &choice)
{
    return choices().contains(choice);
}

QString nativeName(const QString &choice)
{
    if (choice == kEnglish)
        return QStringLiteral("English");
    if (choice == kChinese)
        return QStringLiteral("简体中文");
    return QCoreApplication::translate("qmt::ui::language", "System Language");
}

QString apply(const QString &choice)
{
    g_current = isValid(choice) ? choice : kSystem;
    const QString lang = i18n::install(localeFor(g_current));
    installQtCatalogue(lang);
    return lang;
}

QString current()
{
    return g_current;
}

QString saved()
{
    const QString v = QSettings().value(kSettingsKey, kSystem).toString();
    return isValid(v) ? v : kSystem;
}

void save(const QString &choice)
{
    QSettings().setValue(kSettingsKey, isValid(choice) ? choice : kSystem);
}

} // namespace qmt::ui::language
