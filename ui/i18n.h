// SPDX-License-Identifier: Apache-2.0
#pragma once
// Installs QMT Scope's translations (English, Simplified Chinese) for a locale.

#include <QLocale>
#include <QStringList>

namespace qmt::i18n {

// Loads the shipped translation for `locale` (zh_CN, or English as the fallback) into the
// application, replacing one installed before. Returns the language actually installed ("en" or
// "zh_CN").
QString install(const QLocale &locale = QLocale());

// The folders searched for qmtscope_<lang>.qm before the copy compiled into the program, first
// found wins: the installed layout (<bin>/../share/qmtscope/translations, GNUInstallDirs) and the
// build tree (<build>/app/../ui). Translators can drop a newer .qm there without a rebuild.
QStringList searchPath();

// Where the translation installed last came from: a file path, or a ":/" resource path.
QString loadedFrom();

} // namespace qmt::i18n
