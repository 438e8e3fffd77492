// SPDX-License-Identifier: Apache-2.0
#pragma once
// ConsoleView: the console's output — the session's TrafficModel through a batching
// TrafficFilterModel, one fixed-height row per frame painted by ConsoleDelegate (timestamp,
// direction, text in the colour of its kind, or its bytes in hex). Strings are built only for
// the rows on screen, so it stays fast at a million rows. It follows the end while the user is
// there (TrafficFollower); clearing hides the rows so far without touching the traffic record.

#include "models/trafficfilter.h"

#include <QStyledItemDelegate>
#include <QTableView>

namespace qmt::ui {

class TrafficFollower;

class ConsoleDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ConsoleDelegate(QObject *parent = nullptr);

    void setHex(bool on) { m_hex = on; }
    bool hex() const { return m_hex; }
    void setTimestamps(bool on) { m_timestamps = on; }
    bool timestamps() const { return m_timestamps; }

    // What a row shows (without the timestamp): the frame's text with control characters
    // escaped, or its bytes in hex ("41 54 0D"). maxChars > 0 cuts it to about that length.
    QString rowText(const QModelIndex &index, int maxChars = 0) const;
    static QString directionMark(const QModelIndex &index); // "→" sent, "←" received

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

private:
    bool m_hex = false;
    bool m_timestamps = true;
};

class ConsoleView : public QTableView
{
    Q_OBJECT
public:
    explicit ConsoleView(QWidget *parent = nullptr);

    void setTrafficModel(state::TrafficModel *model);
    state::TrafficFilterModel *filterModel() { return &m_proxy; }
    ConsoleDelegate *consoleDelegate() const { return m_delegate; }
    TrafficFollower *follower() const { return m_follower; }

    void setHex(bool on);
    bool hex() const { return m_delegate->hex(); }
    void setTimestamps(bool on);
    bool timestamps() const { return m_delegate->timestamps(); }

    // Hides the rows received so far (the traffic panel keeps them).
    void clearView();
    bool isFollowing() const;
    void jumpToEnd();

    // The text a row shows (hex in hex view), and the selected rows as text for the clipboard.
    QString rowText(int row) const;
    QString selectedText() const;
    void copySelection() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateRowHeight();

    state::TrafficFilterModel m_proxy;
    ConsoleDelegate *m_delegate;
    TrafficFollower *m_follower;
};

} // namespace qmt::ui
