// SPDX-License-Identifier: Apache-2.0
#include "dashboardstyle.h"

#include <QPainter>
#include <QPalette>

#include <algorithm>

namespace qmt::ui {

namespace {

bool isDark(const QPalette &p)
{
    return p.color(QPalette::Window).lightness() < 128;
}

QColor mix(const QColor &a, const QColor &b, double t) // t of a, 1 - t of b
{
    return QColor::fromRgbF(float(a.redF() * t + b.redF() * (1 - t)),
                            float(a.greenF() * t + b.greenF() * (1 - t)),
                            float(a.blueF() * t + b.blueF() * (1 - t)));
}

} // namespace

Tone netTone(state::NetState s)
{
    switch (s) {
    case state::NetState::Closed:
        return Tone::Neutral;
    case state::NetState::Opening:
        return Tone::Busy;
    case state::NetState::Open:
        return Tone::Good;
    case state::NetState::Failed:
        return Tone::Bad;
    case state::NetState::Unknown:
        return Tone::Busy;
    }
    return Tone::Neutral;
}

Tone mqttTone(state::MqttState s)
{
    switch (s) {
    case state::MqttState::Idle:
    case state::MqttState::Disconnected:
        return Tone::Neutral;
    case state::MqttState::Connecting:
    case state::MqttState::Disconnecting:
    case state::MqttState::Unknown:
        return Tone::Busy;
    case state::MqttState::Connected:
        return Tone::Good;
    }
    return Tone::Neutral;
}

QColor toneColor(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    // Hues of the usual traffic-light meaning, darker on light themes, lighter on dark ones.
    switch (tone) {
    case Tone::Neutral:
        return palette.color(QPalette::PlaceholderText);
    case Tone::Busy:
        return dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0x9a, 0x5b, 0x00);
    case Tone::Good:
        return dark ? QColor(0x7c, 0xd9, 0x8a) : QColor(0x1b, 0x7a, 0x2e);
    case Tone::Bad:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    }
    return palette.color(QPalette::WindowText);
}

QColor toneBackground(Tone tone, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    if (tone == Tone::Neutral)
        return mix(palette.color(QPalette::WindowText), base, 0.08);
    return mix(toneColor(tone, palette), base, isDark(palette) ? 0.22 : 0.14);
}

void setToneText(QWidget *w, Tone tone)
{
    QPalette p; // nothing set: every role follows the parent
    if (tone != Tone::Neutral)
        p.setColor(QPalette::WindowText,
                   toneColor(tone, w->parentWidget() ? w->parentWidget()->palette() : w->palette()));
    w->setPalette(p);
}

StateBadge::StateBadge(QWidget *parent) : QLabel(parent)
{
    const int h = fontMetrics().height();
    setContentsMargins(h / 2, h / 8, h / 2, h / 8);
    setAlignment(Qt::AlignCenter);
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
}

QSize StateBadge::minimumSizeHint() const
{
    // room for the margins and a few characters of the text
    const QMargins m = contentsMargins();
    const int chars = fontMetrics().horizontalAdvance(QStringLiteral("MQTT…"));
    return {std::min(sizeHint().width(), m.left() + m.right() + chars), sizeHint().height()};
}

bool StateBadge::isElided() const
{
    return fontMetrics().horizontalAdvance(text()) > contentsRect().width();
}

void StateBadge::setState(const QString &text, Tone tone)
{
    m_tone = tone;
    setText(text);
    update();
}

void StateBadge::paintEvent(QPaintEvent *event)
{
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QPalette &pal = palette();
        const qreal r = height() / 2.0;
        p.setPen(QPen(mix(toneColor(m_tone, pal), pal.color(QPalette::Base), 0.6), 1));
        p.setBrush(toneBackground(m_tone, pal));
        p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), r, r);
    }
    if (!isElided()) {
        QLabel::paintEvent(event);
        return;
    }
    QPainter p(this);
    p.setPen(palette().color(QPalette::WindowText));
    const QRect r = contentsRect();
    p.drawText(r, Qt::AlignCenter, fontMetrics().elidedText(text(), Qt::ElideRight, r.width()));
}

ElidedLabel::ElidedLabel(QWidget *parent) : QFrame(parent)
{
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
}

void ElidedLabel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    setToolTip(text);
    updateGeometry();
    update();
}

QSize ElidedLabel::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(m_text), fontMetrics().height()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 8, fontMetrics().height()};
}

void ElidedLabel::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    QPainter p(this);
    p.setPen(palette().color(QPalette::WindowText));
    const QRect r = contentsRect();
    p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
               fontMetrics().elidedText(m_text, Qt::ElideRight, r.width()));
}

} // namespace qmt::ui
