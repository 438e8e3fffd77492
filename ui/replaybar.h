// SPDX-License-Identifier: Apache-2.0
#pragma once
// The replay bar (issue 10): shown while a session journal is open (File > Open Session). A
// slider over the journal's time shows the slots, the traffic and the diagnosis as they were at
// that moment; Play replays it at the chosen speed (×1 … ×1000). While a long reading runs (a
// large journal opening, or going back near its end) the bar says how much is read and offers
// to stop there.

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace qmt::session {
class JournalPlayer;
}

namespace qmt::ui {

class ReplayBar : public QWidget
{
    Q_OBJECT
public:
    explicit ReplayBar(session::JournalPlayer *player, QWidget *parent = nullptr);

    QSlider *slider() const { return m_slider; }
    QToolButton *playButton() const { return m_play; }
    QComboBox *speedBox() const { return m_speed; }
    QLabel *timeLabel() const { return m_time; }
    QToolButton *stopButton() const { return m_stop; }
    // The journal opened or closed: the slider's span and the time shown.
    void reload();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showPosition(qint64 us);
    double chosenSpeed() const;

    session::JournalPlayer *m_player;
    QToolButton *m_play = nullptr;
    QToolButton *m_stop = nullptr; // while a long reading runs: stop it where it got
    QComboBox *m_speed = nullptr;
    QSlider *m_slider = nullptr;
    QLabel *m_time = nullptr;
    QLabel *m_caption = nullptr;
    QTimer *m_seekTimer = nullptr; // a drag seeks at most every 80 ms
};

} // namespace qmt::ui
