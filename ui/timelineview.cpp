// SPDX-License-Identifier: Apache-2.0
#include "timelineview.h"

#include "timelinepainter.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace qmt::ui {

TimelineView::TimelineView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("timelineView"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_poll.setInterval(250); // a flood repaints four times a second, not per event
    connect(&m_poll, &QTimer::timeout, this, &TimelineView::poll);
    m_poll.start();
}

void TimelineView::setTimeline(const session::Timeline *timeline)
{
    m_timeline = timeline;
    m_from = m_to = 0;
    m_generation = ~quint64(0);
    relayout();
}

void TimelineView::setRange(qint64 from, qint64 to)
{
    if (to < from)
        std::swap(from, to);
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    relayout();
    emit rangeChanged();
}

void TimelineView::zoom(double factor, double x)
{
    if (!m_timeline || factor <= 0)
        return;
    const double a = double(m_scene.from), b = double(m_scene.to);
    const double at = std::clamp(m_scene.valueAt(x), a, b);
    double from = at - (at - a) / factor, to = at + (b - at) / factor;
    const double first = double(m_timeline->first()),
                 last = double(std::max(m_timeline->last(), m_timeline->first() + 1));
    const double minSpan = m_timeline->byOrder() ? 4 : 1000; // four events, or a millisecond
    if (to - from < minSpan) {
        from = at - minSpan / 2;
        to = at + minSpan / 2;
    }
    if (from <= first && to >= last) {
        fit();
        return;
    }
    setRange(qint64(std::floor(from)), qint64(std::ceil(to)));
}

QSize TimelineView::sizeHint() const
{
    return {900, int(std::max(120.0, m_scene.height))};
}

QSize TimelineView::minimumSizeHint() const
{
    return {300, 80};
}

void TimelineView::relayout()
{
    const double oldHeight = m_scene.height;
    if (m_timeline) {
        session::Timeline::View view;
        view.width = width();
        view.from = m_from;
        view.to = m_to;
        m_scene = m_timeline->layout(view);
        m_generation = m_timeline->generation();
    } else {
        m_scene = {};
    }
    m_hover = -1;
    if (m_scene.height != oldHeight) {
        // the whole picture, legend included, up to the module and six slots
        setMinimumHeight(int(std::min(std::max(80.0, m_scene.height), 380.0)));
        updateGeometry();
    }
    update();
}

void TimelineView::poll()
{
    if (m_timeline && m_timeline->generation() != m_generation && isVisible())
        relayout();
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    if (!m_timeline || m_timeline->isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("The timeline fills as the session runs or a log is read."));
        return;
    }
    const session::TimelineItem *hover = m_hover >= 0 && std::size_t(m_hover) < m_scene.items.size()
                                             ? &m_scene.items[std::size_t(m_hover)]
                                             : nullptr;
    paint::paintTimeline(p, m_scene, hover);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    zoom(std::pow(1.25, steps), event->position().x());
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressAt = event->position().toPoint();
    m_pressFrom = m_scene.from;
    m_pressTo = m_scene.to;
    m_dragging = false;
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (event->buttons() & Qt::LeftButton) {
        if (!m_dragging && (pos - m_pressAt).manhattanLength() > 4)
            m_dragging = true;
        if (m_dragging && m_timeline && m_scene.plotRight > m_scene.plotLeft) {
            const double perPixel = double(m_pressTo - m_pressFrom) / (m_scene.plotRight - m_scene.plotLeft);
            const qint64 shift = qint64(std::llround(double(m_pressAt.x() - pos.x()) * perPixel));
            setRange(m_pressFrom + shift, m_pressTo + shift);
            setCursor(Qt::ClosedHandCursor);
        }
        return;
    }
    const session::TimelineItem *it = m_scene.itemAt(event->position());
    const int hover = it ? int(it - m_scene.items.data()) : -1;
    if (hover != m_hover) {
        m_hover = hover;
        setCursor(it && (it->row >= 0 || it->offset >= 0) ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    if (m_dragging) {
        m_dragging = false;
        unsetCursor();
        return;
    }
    if (const session::TimelineItem *it = m_scene.itemAt(event->position()))
        emit itemActivated(it->row, it->offset);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (!m_scene.itemAt(event->position()))
        fit();
}

void TimelineView::leaveEvent(QEvent *event)
{
    m_hover = -1;
    update();
    QWidget::leaveEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const double centre = (m_scene.plotLeft + m_scene.plotRight) / 2;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoom(2, centre);
        return;
    case Qt::Key_Minus:
        zoom(0.5, centre);
        return;
    case Qt::Key_0:
    case Qt::Key_Home:
        fit();
        return;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

void TimelineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        relayout();
    QWidget::changeEvent(event);
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const session::TimelineItem *it = m_scene.itemAt(help->pos());
        if (it && !it->text.isEmpty())
            QToolTip::showText(help->globalPos(), it->text, this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace qmt::ui
