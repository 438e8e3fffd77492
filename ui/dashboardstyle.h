// SPDX-License-Identifier: Apache-2.0
#pragma once
// Colours and small widgets shared by the dashboard, the slot cards and the slot detail view.
// Every colour is derived from the widget's palette, so states read the same on light and dark
// themes; sizes come from font metrics, so they scale with the screen.

#include "engine/clientslot.h"

#include <QColor>
#include <QLabel>

class QPalette;

namespace qmt::ui {

// What a state means to the user.
enum class Tone : std::uint8_t {
    Neutral, // idle, closed
    Busy,    // opening, connecting, a command on its way
    Good,    // open, connected, a command that succeeded
    Bad,     // failed, an error
};

Tone netTone(state::NetState s);
Tone mqttTone(state::MqttState s);
// A strong colour for the tone that stands out on the palette's window and base colours.
QColor toneColor(Tone tone, const QPalette &palette);
// A soft background for the tone: the strong colour mixed into the palette's base colour.
QColor toneBackground(Tone tone, const QPalette &palette);
// Text in the tone's colour (warnings, results) that stays readable on the palette's window.
void setToneText(QWidget *w, Tone tone);

// A rounded badge: text on the tone's soft background, with a border in the strong colour. It
// takes the width of its text when it can and gives way to its neighbours when it cannot: the
// text is then elided (isElided()).
class StateBadge : public QLabel
{
    Q_OBJECT
public:
    explicit StateBadge(QWidget *parent = nullptr);
    void setState(const QString &text, Tone tone);
    Tone tone() const { return m_tone; }
    QSize minimumSizeHint() const override;
    bool isElided() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Tone m_tone = Tone::Neutral;
};

// A one-line label that elides its text to the width it gets (AT lines and topics have no
// spaces to wrap at) and shows the whole text as its tool tip.
class ElidedLabel : public QFrame
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);
    void setText(const QString &text);
    QString text() const { return m_text; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
};

} // namespace qmt::ui
