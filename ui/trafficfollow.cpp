// SPDX-License-Identifier: Apache-2.0
#include "trafficfollow.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QScrollBar>
#include <QStyle>
#include <QToolButton>

namespace qmt::ui {

TrafficFollower::TrafficFollower(QAbstractItemView *view)
    : QObject(view), m_view(view), m_button(new QToolButton(view))
{
    m_button->setObjectName(QStringLiteral("jumpToEnd"));
    retranslate();
    m_button->setIcon(view->style()->standardIcon(QStyle::SP_ArrowDown));
    m_button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_button->setAutoRaise(false);
    m_button->setCursor(Qt::PointingHandCursor);
    m_button->hide();
    connect(m_button, &QToolButton::clicked, this, &TrafficFollower::jumpToEnd);

    QScrollBar *bar = view->verticalScrollBar();
    // Only a change of position says where the user is; a longer range (new rows) does not.
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        if (!m_adjusting)
            setFollowing(value >= bar->maximum());
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_following && bar->value() != max) {
            m_adjusting = true;
            bar->setValue(max);
            m_adjusting = false;
        }
        placeButton();
    });
    view->installEventFilter(this);
}

void TrafficFollower::jumpToEnd()
{
    QScrollBar *bar = m_view->verticalScrollBar();
    setFollowing(true);
    m_adjusting = true;
    bar->setValue(bar->maximum());
    m_adjusting = false;
}

void TrafficFollower::setFollowing(bool on)
{
    if (on == m_following)
        return;
    m_following = on;
    placeButton();
    emit followingChanged(on);
}

void TrafficFollower::placeButton()
{
    const bool show = !m_following && m_view->verticalScrollBar()->maximum() > 0;
    if (show) {
        m_button->adjustSize();
        const QRect vp = m_view->viewport()->geometry();
        const int margin = m_button->fontMetrics().height() / 2;
        m_button->move(vp.right() - m_button->width() - margin, vp.bottom() - m_button->height() - margin);
        m_button->raise();
    }
    m_button->setVisible(show);
}

void TrafficFollower::retranslate()
{
    m_button->setText(tr("Jump to end"));
    m_button->setToolTip(tr("Follow new traffic again (Ctrl+End)"));
}

bool TrafficFollower::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        placeButton();
    if (watched == m_view && event->type() == QEvent::LanguageChange) {
        retranslate();
        if (m_button->isVisible())
            placeButton(); // its width follows its text
    }
    return QObject::eventFilter(watched, event);
}

} // namespace qmt::ui
