// SPDX-License-Identifier: Apache-2.0
#pragma once
// TrafficFollower: keeps a view of growing traffic at its end while the user is there, and
// only then — scrolling up stops following, scrolling back down (or the "Jump to end" button
// floating over the view, or Ctrl+End) resumes it (CuteCom's display does the same).

#include <QObject>

class QAbstractItemView;
class QToolButton;

namespace qmt::ui {

class TrafficFollower : public QObject
{
    Q_OBJECT
public:
    explicit TrafficFollower(QAbstractItemView *view);

    bool isFollowing() const { return m_following; }
    void jumpToEnd();
    QToolButton *jumpButton() const { return m_button; }

signals:
    void followingChanged(bool following);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setFollowing(bool on);
    void placeButton();
    void retranslate();

    QAbstractItemView *m_view;
    QToolButton *m_button;
    bool m_following = true;
    bool m_adjusting = false;
};

} // namespace qmt::ui
