// SPDX-License-Identifier: Apache-2.0
#pragma once
// The user interface language: follow the system locale, or English, or Simplified Chinese,
// switchable while the app runs (widgets retranslate on QEvent::LanguageChange) and remembered
// in QSettings.

#include <QString>
#include <QStringList>

namespace qmt::ui::language {

inline const QString kSystem = QStringLiteral("system");
inline const QString kEnglish = QStringLiteral("en");
inline const QString kChinese = QStringLiteral("zh_CN");

// The choices, in menu order: kSystem, kEnglish, kChinese.
QStringList choices();
bool isValid(const QString &choice);
// The language's name in that language ("English", "简体中文"); the system choice is translated.
QString nativeName(const QString &choice);

// Installs QMT Scope's catalogue (and Qt's own, when the system has it) for the choice and
// returns the language installed: "en" or "zh_CN".
QString apply(const QString &choice);
// The choice applied last (kSystem before any).
QString current();

// The remembered choice (QSettings "ui/language"; kSystem when none or invalid).
QString saved();
void save(const QString &choice);

} // namespace qmt::ui::language
