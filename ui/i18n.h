// SPDX-License-Identifier: Apache-2.0
#pragma once
// Installs QMT Scope's translations (English, Simplified Chinese) for a locale.

#include <QLocale>

namespace qmt::i18n {

// Loads the shipped translation for `locale` (zh_CN, or English as the fallback) into the
// application, replacing one installed before. Returns the language actually installed ("en" or
// "zh_CN").
QString install(const QLocale &locale = QLocale());

} // namespace qmt::i18n
