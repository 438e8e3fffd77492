// SPDX-License-Identifier: Apache-2.0
#pragma once
// Paints a timeline's layout (workflows/timeline.h) with QPainter: the app's timeline view and
// `qmtscope-cli timeline --output x.png` share it, so the picture is the same everywhere. Needs
// Qt Gui only (a QGuiApplication for the fonts), not Widgets.

#include "workflows/timeline.h"

#include <QImage>

class QPainter;

namespace qmt::paint {

// `highlight`: an item of `scene` drawn outlined (the one under the mouse), or nullptr.
void paintTimeline(QPainter &painter, const session::TimelineScene &scene,
                   const session::TimelineItem *highlight = nullptr);
// The picture on white, `scale` times the scene's size (2 for a high-resolution PNG).
QImage timelineImage(const session::TimelineScene &scene, qreal scale = 1);

} // namespace qmt::paint
