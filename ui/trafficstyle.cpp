// SPDX-License-Identifier: Apache-2.0
#include "trafficstyle.h"

#include <QFontDatabase>
#include <QFontMetrics>
#include <QPalette>

namespace qmt::ui {

using Kind = state::TrafficModel::Kind;

namespace {
QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

// A hue at a lightness that reads on the background: darker on light themes, lighter on dark.
QColor hue(int h, bool dark, int saturation = 200)
{
    return QColor::fromHsl(h, dark ? saturation * 3 / 4 : saturation, dark ? 175 : 85);
}
} // namespace

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor trafficDimColor(const QPalette &palette)
{
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

QColor trafficErrorColor(const QPalette &palette)
{
    return hue(0, palette.color(QPalette::Window).lightness() < 128, 210);
}

QColor trafficOkColor(const QPalette &palette)
{
    return hue(125, palette.color(QPalette::Window).lightness() < 128, 160);
}

QColor trafficKindColor(Kind kind, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    switch (kind) {
    case Kind::Command:
        return hue(215, dark); // what we sent: blue
    case Kind::Data:
        return hue(195, dark, 170); // data after a prompt: teal-blue
    case Kind::Echo:
        return trafficDimColor(palette); // the module repeating us: dimmed
    case Kind::Prompt:
        return hue(35, dark, 220); // '>': amber
    case Kind::Ok:
        return hue(125, dark, 160); // final results: green
    case Kind::Connect:
        return hue(150, dark, 150);
    case Kind::Error:
    case Kind::CmeError:
        return hue(0, dark, 210); // errors: red
    case Kind::Urc:
        return hue(290, dark, 150); // unsolicited: purple
    case Kind::Boot:
        return hue(25, dark, 200); // power and boot: orange
    case Kind::Response:
    case Kind::Text:
        return palette.color(QPalette::Text);
    case Kind::Unknown:
        return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.6);
    }
    return palette.color(QPalette::Text);
}

QFont trafficFont()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

int trafficRowHeight(const QFontMetrics &metrics)
{
    return metrics.height() + qMax(2, metrics.height() / 5);
}

} // namespace qmt::ui
