// SPDX-License-Identifier: Apache-2.0
#pragma once
// The payload of a message as indented JSON in the sender's own order: QJsonDocument sorts the
// keys of every object (it keeps them in a map), which hides what the device actually sent.
// This re-indents the raw bytes token by token — strings, numbers and literals exactly as they
// came, keys in their order, duplicates kept — and never reorders anything.

#include <QByteArray>
#include <QByteArrayView>

namespace qmt::state {

// `json` re-indented with `indent` spaces per level: one member or element a line, "key": value,
// empty objects and arrays as {} and []. Whitespace outside strings is dropped, everything else
// is copied byte for byte (escapes included). Meant for text that is valid JSON (check that
// first, e.g. with QJsonDocument::fromJson); anything else comes out re-indented as far as its
// brackets go, never lost.
QByteArray indentJson(QByteArrayView json, int indent = 4);

} // namespace qmt::state
