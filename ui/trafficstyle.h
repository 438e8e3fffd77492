// SPDX-License-Identifier: Apache-2.0
#pragma once
// How traffic looks in the console and the traffic table: a colour per kind of frame, derived
// from the palette so it reads on light and dark themes, and the fixed-pitch font with the row
// height that goes with it (from font metrics, so high-DPI screens scale it).

#include "models/trafficmodel.h"

#include <QColor>
#include <QFont>

class QPalette;
class QFontMetrics;

namespace qmt::ui {

// The text colour of a frame of this kind on the palette's base colour.
QColor trafficKindColor(state::TrafficModel::Kind kind, const QPalette &palette);
// A colour between the palette's text and base: timestamps, echo, secondary text.
QColor trafficDimColor(const QPalette &palette);
// Errors and warnings shown next to an input, readable on the palette's window colour.
QColor trafficErrorColor(const QPalette &palette);
QColor trafficOkColor(const QPalette &palette);
bool isDarkPalette(const QPalette &palette);

QFont trafficFont();
int trafficRowHeight(const QFontMetrics &metrics);

} // namespace qmt::ui
