// SPDX-License-Identifier: Apache-2.0
#pragma once
// ConsoleView: the console's output — the session's TrafficModel through a batching
// TrafficFilterModel, one fixed-height row per frame painted by ConsoleDelegate (timestamp,
// direction, text in the colour of its kind, or its bytes in hex beside an ASCII column in which
// CR and LF show as ␍ and ␊ — or ↵ and ↓ in a font without those — like a sniffer). Strings are built only
// for the rows on screen, so it stays fast at a million rows. It follows the end while the user is there
// (TrafficFollower); clearing hides the rows so far without touching the traffic record. Rows can carry a
// note (the likely reason of an ERROR), painted after their text; the view finds text in the rows.

#include "models/trafficfilter.h"
#include "rowview.h"

#include <QFontMetrics>
#include <QHash>
#include <QStyledItemDelegate>

#include <vector>

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
    // escaped, or in hex view its bytes and their ASCII ("41 54 0D  AT␍"). maxChars > 0 cuts it
    // to about that length (hex view: as many bytes as fit, the ASCII column aligned).
    QString rowText(const QModelIndex &index, int maxChars = 0) const;
    static QString directionMark(const QModelIndex &index); // "→" sent, "←" received
    // The bytes of a row as they went over the line: the frame and the CR/LF bytes after it
    // (what the module sent; the CR we write after a command).
    static QByteArray rowBytes(const QModelIndex &index);
    // One line: the bytes in hex, padded to `columns` bytes (0: all of them, no padding), two
    // blanks, then their ASCII; cut with "…" when there are more than `columns`.
    static QString hexLine(QByteArrayView bytes, int columns = 0);
    // A sniffer's dump: lines of 16 bytes, "0000  41 54 0D …  AT␍", offsets in hex.
    static QString hexDump(QByteArrayView bytes);
    // The ASCII column's character for a byte: itself when printable, ␍ ␊ ␉ ␚ ␛ for CR, LF, TAB,
    // Ctrl+Z and ESC, '.' otherwise.
    static QChar asciiFor(char byte);
    // `text` for a font: the control pictures become ↵ ↓ ⇥ and '.' when the font has no glyph
    // for ␍ and ␊ (DejaVu Sans Mono, the usual fixed font of Linux desktops, has none).
    static QString forFont(QString text, const QFontMetrics &fm);

    // A note shown after the text of the traffic model's row `sourceRow` (empty: none).
    void setNote(qsizetype sourceRow, const QString &note);
    QString note(const QModelIndex &index) const;
    void clearNotes() { m_notes.clear(); }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

private:
    bool m_hex = false;
    bool m_timestamps = true;
    QHash<qsizetype, QString> m_notes; // by row of the traffic model
};

class ConsoleView : public RowView
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
    // The selected rows' bytes as a sniffer's dump (hexDump), whatever the view shows.
    QString selectedHex() const;
    void copySelectionAsHex() const;

    // Notes the latest error row (of the last `lookBack` rows of the traffic model) with `note`;
    // false when there is no such row.
    bool noteLatestError(const QString &note, int lookBack = 64);

    // Find: the rows (of the view) whose shown text contains `text`, in order.
    QList<int> findRows(const QString &text, Qt::CaseSensitivity cs) const;
    // Selects and shows `row` (stops following the end).
    void showRow(int row);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateRowHeight();
    std::vector<int> selectedRows() const; // in order, each once

    state::TrafficFilterModel m_proxy;
    ConsoleDelegate *m_delegate;
    TrafficFollower *m_follower;
};

} // namespace qmt::ui
