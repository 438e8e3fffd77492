// SPDX-License-Identifier: Apache-2.0
#include "replaybar.h"

#include "workflows/journalplayer.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace qmt::ui {

namespace {
constexpr int kSteps = 10000; // the slider's resolution over the journal's span
const double kSpeeds[] = {1, 10, 100, 1000};
} // namespace

ReplayBar::ReplayBar(session::JournalPlayer *player, QWidget *parent) : QWidget(parent), m_player(player)
{
    setObjectName(QStringLiteral("replayBar"));
    m_caption = new QLabel(this);
    m_play = new QToolButton(this);
    m_play->setObjectName(QStringLiteral("replayPlay"));
    m_play->setCheckable(true);
    m_stop = new QToolButton(this);
    m_stop->setObjectName(QStringLiteral("replayStop"));
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_stop->setVisible(false);
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    for (double s : kSpeeds)
        m_speed->addItem(QStringLiteral("×%1").arg(s), s);
    m_speed->setCurrentIndex(1);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("replaySlider"));
    m_slider->setRange(0, kSteps);
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("replayTime"));
    m_time->setMinimumWidth(
        fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00.000  0000000")));
    m_seekTimer = new QTimer(this);
    m_seekTimer->setSingleShot(true);
    m_seekTimer->setInterval(80);

    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(6, 2, 6, 2);
    row->addWidget(m_caption);
    row->addWidget(m_play);
    row->addWidget(m_stop);
    row->addWidget(m_speed);
    row->addWidget(m_slider, 1);
    row->addWidget(m_time);

    const auto usOf = [this](int value) {
        const qint64 span = m_player->endUs() - m_player->startUs();
        return m_player->startUs() + qint64(double(span) * value / kSteps);
    };
    connect(m_seekTimer, &QTimer::timeout, this, [this, usOf] { m_player->seek(usOf(m_slider->value())); });
    connect(m_slider, &QSlider::valueChanged, this, [this, usOf](int value) {
        showPosition(usOf(value));
        if (!m_seekTimer->isActive())
            m_seekTimer->start();
    });
    connect(m_play, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            m_player->play(chosenSpeed());
        else
            m_player->pause();
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { m_player->setSpeed(chosenSpeed()); });
    connect(m_stop, &QToolButton::clicked, m_player, &session::JournalPlayer::stop);
    connect(m_player, &session::JournalPlayer::busyChanged, this, [this](bool busy) {
        m_stop->setVisible(busy);
        showPosition(m_player->positionUs());
    });
    connect(m_player, &session::JournalPlayer::positionChanged, this, [this](qint64 us) {
        const qint64 span = m_player->endUs() - m_player->startUs();
        if (m_slider->isSliderDown())
            return;                           // (the user is choosing a moment)
        const QSignalBlocker block(m_slider); // (the player is there already)
        m_slider->setValue(span > 0 ? int(double(us - m_player->startUs()) * kSteps / double(span)) : kSteps);
        showPosition(us);
    });
    connect(m_player, &session::JournalPlayer::playingChanged, this, [this](bool playing) {
        const QSignalBlocker block(m_play);
        m_play->setChecked(playing);
        retranslate();
    });
    retranslate();
    reload();
}

double ReplayBar::chosenSpeed() const
{
    return m_speed->currentData().toDouble();
}

void ReplayBar::reload()
{
    const QSignalBlocker block(m_slider);
    const qint64 span = m_player->endUs() - m_player->startUs();
    m_slider->setEnabled(m_player->isOpen() && span > 0);
    m_play->setEnabled(m_player->isOpen() && span > 0);
    m_slider->setValue(span > 0
                           ? int(double(m_player->positionUs() - m_player->startUs()) * kSteps / double(span))
                           : kSteps);
    showPosition(m_player->positionUs());
}

void ReplayBar::showPosition(qint64 us)
{
    if (!m_player->isOpen()) {
        m_time->clear();
        return;
    }
    const QString at =
        QDateTime::fromMSecsSinceEpoch(us / 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    const qint64 left = (m_player->endUs() - us) / 1000000;
    if (m_player->isBusy())
        m_time->setText(
            tr("%1  (reading: %2% of the journal)").arg(at).arg(int(m_player->readFraction() * 100)));
    else
        m_time->setText(tr("%1  (%2 s to the end)").arg(at).arg(left));
}

void ReplayBar::retranslate()
{
    m_caption->setText(tr("Replay:"));
    const bool playing = m_play->isChecked();
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setToolTip(playing ? tr("Pause the replay")
                               : tr("Play the journal again from here at the chosen speed"));
    m_stop->setToolTip(tr("Stop reading: show the session as it was at the moment reached"));
    m_speed->setToolTip(tr("How many times faster than it happened"));
    m_slider->setToolTip(
        tr("The session as it was at this moment: the slots, the traffic and the diagnosis"));
    showPosition(m_player->positionUs());
}

void ReplayBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace qmt::ui
