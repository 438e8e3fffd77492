// SPDX-License-Identifier: Apache-2.0
#pragma once
// The timeline picture in the app (issue 9): per slot, network and MQTT state over time,
// messages out and in, errors and restarts (workflows/timeline.h, painted by paint/). The wheel
// zooms around the pointer, a drag pans, a double-click (or "Fit") shows everything again; a
// tooltip says what a mark or band is, and a click on one shows its traffic row. While the whole
// session is shown it follows the session as it grows.

#include "workflows/timeline.h"

#include <QTimer>
#include <QWidget>

namespace qmt::ui {

class TimelineView : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setTimeline(const session::Timeline *timeline); // not owned; nullptr: nothing shown
    const session::TimelineScene &scene() const { return m_scene; }

    // The range shown; from == to: everything recorded (and following it).
    void setRange(qint64 from, qint64 to);
    qint64 from() const { return m_from; }
    qint64 to() const { return m_to; }
    bool isFit() const { return m_from == m_to; }
    void fit() { setRange(0, 0); }
    // Zooms by `factor` (> 1 in) around x.
    void zoom(double factor, double x);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void itemActivated(qint64 row, qint64 offset); // a mark or band clicked
    void rangeChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    void relayout();
    void poll();

    const session::Timeline *m_timeline = nullptr;
    session::TimelineScene m_scene;
    qint64 m_from = 0, m_to = 0;
    quint64 m_generation = ~quint64(0);
    QTimer m_poll;
    int m_hover = -1; // index of the item under the pointer
    QPoint m_pressAt;
    qint64 m_pressFrom = 0, m_pressTo = 0;
    bool m_dragging = false;
};

} // namespace qmt::ui
