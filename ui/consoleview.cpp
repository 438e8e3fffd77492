// SPDX-License-Identifier: Apache-2.0
#include "consoleview.h"

#include "trafficfollow.h"
#include "trafficstyle.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace qmt::ui {

using state::TrafficModel;
using Kind = state::TrafficModel::Kind;

namespace {
constexpr std::chrono::milliseconds kBatch{40}; // new rows reach the view at most 25 times a second
constexpr int kTooltipChars = 4000;
} // namespace

// ---- ConsoleDelegate ----

ConsoleDelegate::ConsoleDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QString ConsoleDelegate::forFont(QString text, const QFontMetrics &fm)
{
    if (fm.inFontUcs4(0x240D) && fm.inFontUcs4(0x240A))
        return text;
    for (QChar &c : text) {
        switch (c.unicode()) {
        case 0x240D:
            c = QChar(0x21B5); // ↵
            break;
        case 0x240A:
            c = QChar(0x2193); // ↓
            break;
        case 0x2409:
            c = QChar(0x21E5); // ⇥
            break;
        case 0x241A:
        case 0x241B:
            c = QLatin1Char('.');
            break;
        default:
            break;
        }
    }
    return text;
}

QString ConsoleDelegate::directionMark(const QModelIndex &index)
{
    return at::Direction(index.data(TrafficModel::DirectionRole).toInt()) == at::Direction::ToModule
               ? QStringLiteral("→")
               : QStringLiteral("←");
}

QByteArray ConsoleDelegate::rowBytes(const QModelIndex &index)
{
    return index.data(TrafficModel::RawTextRole).toByteArray() +
           index.data(TrafficModel::LineEndRole).toByteArray();
}

QChar ConsoleDelegate::asciiFor(char byte)
{
    const auto b = static_cast<unsigned char>(byte);
    switch (b) {
    case '\r':
        return QChar(0x240D); // ␍
    case '\n':
        return QChar(0x240A); // ␊
    case '\t':
        return QChar(0x2409); // ␉
    case 0x1A:
        return QChar(0x241A); // ␚ (Ctrl+Z ends data)
    case 0x1B:
        return QChar(0x241B); // ␛
    default:
        return (b >= 0x20 && b < 0x7F) ? QChar(QLatin1Char(char(b))) : QChar(QLatin1Char('.'));
    }
}

QString ConsoleDelegate::hexLine(QByteArrayView bytes, int columns)
{
    const bool cut = columns > 0 && bytes.size() > columns;
    const QByteArrayView shown = cut ? bytes.first(columns) : bytes;
    QString out = QString::fromLatin1(shown.toByteArray().toHex(' ').toUpper());
    if (columns > 0)
        out = out.leftJustified(columns * 3 - 1, QLatin1Char(' '));
    out += QLatin1String("  ");
    for (char c : shown)
        out += asciiFor(c);
    if (cut)
        out += QChar(0x2026); // …
    return out;
}

QString ConsoleDelegate::hexDump(QByteArrayView bytes)
{
    constexpr int kPerLine = 16;
    QStringList lines;
    for (qsizetype at = 0; at < bytes.size(); at += kPerLine) {
        const QByteArrayView chunk = bytes.sliced(at, std::min<qsizetype>(kPerLine, bytes.size() - at));
        lines << QString::number(at, 16).toUpper().rightJustified(4, QLatin1Char('0')) + QLatin1String("  ") +
                     hexLine(chunk, bytes.size() > kPerLine ? kPerLine : 0);
    }
    return lines.join(QLatin1Char('\n'));
}

void ConsoleDelegate::setNote(qsizetype sourceRow, const QString &note)
{
    if (note.isEmpty())
        m_notes.remove(sourceRow);
    else
        m_notes.insert(sourceRow, note);
}

QString ConsoleDelegate::note(const QModelIndex &index) const
{
    if (m_notes.isEmpty())
        return {};
    const auto *proxy = qobject_cast<const state::TrafficFilterModel *>(index.model());
    const qsizetype row = proxy ? proxy->sourceRow(index.row()) : index.row();
    return m_notes.value(row);
}

QString ConsoleDelegate::rowText(const QModelIndex &index, int maxChars) const
{
    if (m_hex) {
        const QByteArray raw = rowBytes(index);
        // Three characters of hex and one of ASCII a byte, two blanks between the columns.
        QString line = hexLine(raw, maxChars <= 0 ? 0 : std::max(4, (maxChars - 4) / 4));
        if (index.data(TrafficModel::LineEndMoreRole).toBool() && !line.endsWith(QChar(0x2026)))
            line += QChar(0x2026); // more line ends (empty lines) followed than the row keeps
        return line;
    }
    QString text = index.siblingAtColumn(TrafficModel::TextColumn).data().toString();
    if (maxChars > 0 && text.size() > maxChars)
        text.truncate(maxChars);
    return text;
}

void ConsoleDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    // No initStyleOption(): it would ask the model for every role of every row painted.
    QStyleOptionViewItem opt = option;
    opt.index = index;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette &pal = opt.palette;
    const auto kind = Kind(index.data(TrafficModel::KindRole).toInt());
    const QColor textColor = selected ? pal.color(QPalette::HighlightedText) : trafficKindColor(kind, pal);
    const QColor dim = selected ? pal.color(QPalette::HighlightedText) : trafficDimColor(pal);
    const QFontMetrics &fm = opt.fontMetrics;
    const int gap = fm.horizontalAdvance(QLatin1Char(' '));
    QRect r = opt.rect.adjusted(gap / 2 + 1, 0, -gap / 2, 0);
    constexpr int align = Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine;

    painter->save();
    painter->setFont(opt.font);
    painter->setPen(dim);
    if (m_timestamps) {
        const QString time = index.siblingAtColumn(TrafficModel::TimeColumn).data().toString();
        painter->drawText(r, align, time);
        r.setLeft(r.left() + fm.horizontalAdvance(time) + gap);
    }
    const QString mark = directionMark(index);
    painter->drawText(r, align, mark);
    r.setLeft(r.left() + fm.horizontalAdvance(mark) + gap);

    const int maxChars = r.width() / qMax(1, fm.averageCharWidth()) + 2;
    const QString noteText = note(index);
    const QString text = m_hex ? forFont(rowText(index, maxChars - 1), fm) : rowText(index, maxChars);
    if (text.isEmpty()) {
        painter->drawText(r, align, tr("(nothing)"));
        r.setLeft(r.left() + fm.horizontalAdvance(tr("(nothing)")) + gap);
    } else {
        if (kind == Kind::Unknown) {
            QFont italic = opt.font;
            italic.setItalic(true);
            painter->setFont(italic);
        }
        painter->setPen(textColor);
        const QString shown = painter->fontMetrics().elidedText(text, Qt::ElideRight, r.width());
        painter->drawText(r, align, shown);
        r.setLeft(r.left() + painter->fontMetrics().horizontalAdvance(shown) + 2 * gap);
        painter->setFont(opt.font);
    }
    if (!noteText.isEmpty() && r.width() > 0) {
        // The likely reason of an error, after its text: ⓘ and the note, in the dim colour.
        QFont italic = opt.font;
        italic.setItalic(true);
        painter->setFont(italic);
        painter->setPen(dim);
        painter->drawText(
            r, align,
            painter->fontMetrics().elidedText(QStringLiteral("ⓘ ") + noteText, Qt::ElideRight, r.width()));
    }
    painter->restore();
}

QSize ConsoleDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {option.fontMetrics.averageCharWidth() * 40, trafficRowHeight(option.fontMetrics)};
}

bool ConsoleDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QString text;
    if (m_hex) {
        QByteArray raw = rowBytes(index);
        if (raw.size() > kTooltipChars / 4)
            raw.truncate(kTooltipChars / 4);
        text = forFont(hexDump(raw), QFontMetrics(QToolTip::font()));
    } else {
        text = rowText(index, kTooltipChars);
    }
    const QString kind = TrafficModel::kindName(Kind(index.data(TrafficModel::KindRole).toInt()));
    QString html = QStringLiteral("<p style='white-space:pre-wrap'><b>%1</b> %2<br>%3</p>")
                       .arg(kind.toHtmlEscaped(),
                            index.siblingAtColumn(TrafficModel::TimeColumn).data().toString().toHtmlEscaped(),
                            text.toHtmlEscaped());
    const QString noteText = note(index);
    if (!noteText.isEmpty())
        html += QStringLiteral("<p>ⓘ %1</p>").arg(noteText.toHtmlEscaped());
    QToolTip::showText(event->globalPos(), html, view);
    return true;
}

// ---- ConsoleView ----

ConsoleView::ConsoleView(QWidget *parent) : RowView(parent), m_delegate(new ConsoleDelegate(this))
{
    setObjectName(QStringLiteral("consoleView"));
    m_proxy.setBatchInterval(kBatch);
    setItemDelegate(m_delegate);
    setTabKeyNavigation(false);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    horizontalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
    setModel(&m_proxy);
    // The delegate paints time and direction itself: only the text column is shown. A reset
    // (a new source, clearing) forgets hidden sections, so hide them again.
    auto hideColumns = [this] {
        for (int c = 0; c < TrafficModel::ColumnCount; ++c)
            setColumnHidden(c, c != TrafficModel::TextColumn);
    };
    connect(&m_proxy, &QAbstractItemModel::modelReset, this, hideColumns);
    hideColumns();
    m_follower = new TrafficFollower(this);
    setFont(trafficFont());
    updateRowHeight();
}

void ConsoleView::setTrafficModel(state::TrafficModel *model)
{
    if (m_proxy.trafficModel())
        disconnect(m_proxy.trafficModel(), nullptr, this, nullptr);
    m_delegate->clearNotes();
    m_proxy.setSourceModel(model);
    if (model) // the rows the notes belong to are gone
        connect(model, &QAbstractItemModel::modelReset, this, [this] { m_delegate->clearNotes(); });
}

void ConsoleView::updateRowHeight()
{
    setRowHeight(trafficRowHeight(QFontMetrics(font())));
}

void ConsoleView::changeEvent(QEvent *event)
{
    RowView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateRowHeight();
    else if (event->type() == QEvent::LanguageChange)
        viewport()->update(); // "(nothing)" and the tooltips are translated as they are painted
}

void ConsoleView::setHex(bool on)
{
    m_delegate->setHex(on);
    viewport()->update();
}

void ConsoleView::setTimestamps(bool on)
{
    m_delegate->setTimestamps(on);
    viewport()->update();
}

void ConsoleView::clearView()
{
    if (!m_proxy.trafficModel())
        return;
    state::TrafficFilterModel::Filter f = m_proxy.filter();
    f.firstRow = m_proxy.trafficModel()->frameCount();
    m_proxy.setFilter(f);
    m_follower->jumpToEnd();
}

bool ConsoleView::isFollowing() const
{
    return m_follower->isFollowing();
}

void ConsoleView::jumpToEnd()
{
    m_follower->jumpToEnd();
}

QString ConsoleView::rowText(int row) const
{
    return m_delegate->rowText(m_proxy.index(row, TrafficModel::TextColumn));
}

std::vector<int> ConsoleView::selectedRows() const
{
    std::vector<int> rows;
    if (!selectionModel())
        return rows;
    std::vector<std::pair<int, int>> ranges;
    for (const QItemSelectionRange &r : selectionModel()->selection())
        ranges.emplace_back(r.top(), r.bottom());
    std::sort(ranges.begin(), ranges.end());
    int last = -1;
    for (const auto &[top, bottom] : ranges) {
        for (int row = std::max(top, last + 1); row <= bottom; ++row) {
            rows.push_back(row);
            last = row;
        }
    }
    return rows;
}

QString ConsoleView::selectedText() const
{
    QStringList lines;
    for (int row : selectedRows()) {
        const QModelIndex idx = m_proxy.index(row, TrafficModel::TextColumn);
        QString line;
        if (m_delegate->timestamps())
            line = idx.siblingAtColumn(TrafficModel::TimeColumn).data().toString() + QLatin1Char(' ');
        line += ConsoleDelegate::directionMark(idx) + QLatin1Char(' ') + m_delegate->rowText(idx);
        const QString noteText = m_delegate->note(idx);
        if (!noteText.isEmpty())
            line += QStringLiteral("  ⓘ ") + noteText;
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

QString ConsoleView::selectedHex() const
{
    QStringList blocks;
    for (int row : selectedRows()) {
        const QModelIndex idx = m_proxy.index(row, TrafficModel::TextColumn);
        QString head;
        if (m_delegate->timestamps())
            head = idx.siblingAtColumn(TrafficModel::TimeColumn).data().toString() + QLatin1Char(' ');
        head += ConsoleDelegate::directionMark(idx);
        blocks << head + QLatin1Char('\n') + ConsoleDelegate::hexDump(ConsoleDelegate::rowBytes(idx));
    }
    return blocks.join(QLatin1Char('\n'));
}

void ConsoleView::copySelection() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void ConsoleView::copySelectionAsHex() const
{
    const QString text = selectedHex();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

bool ConsoleView::noteLatestError(const QString &note, int lookBack)
{
    TrafficModel *traffic = m_proxy.trafficModel();
    if (!traffic || note.isEmpty())
        return false;
    const qsizetype end = traffic->frameCount();
    for (qsizetype row = end - 1; row >= 0 && row >= end - lookBack; --row) {
        const Kind k = traffic->kind(row);
        if (k == Kind::Error || k == Kind::CmeError) {
            m_delegate->setNote(row, note);
            viewport()->update();
            return true;
        }
    }
    return false;
}

QList<int> ConsoleView::findRows(const QString &text, Qt::CaseSensitivity cs) const
{
    QList<int> rows;
    if (text.isEmpty())
        return rows;
    const int n = m_proxy.rowCount();
    for (int row = 0; row < n; ++row) {
        const QModelIndex idx = m_proxy.index(row, TrafficModel::TextColumn);
        if (m_delegate->rowText(idx).contains(text, cs) || m_delegate->note(idx).contains(text, cs))
            rows << row;
    }
    return rows;
}

void ConsoleView::showRow(int row)
{
    const QModelIndex idx = m_proxy.index(row, TrafficModel::TextColumn);
    if (!idx.isValid())
        return;
    setCurrentIndex(idx);
    selectRow(row);
    scrollTo(idx, QAbstractItemView::PositionAtCenter);
}

void ConsoleView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        copySelection();
        event->accept();
        return;
    }
    RowView::keyPressEvent(event);
}

} // namespace qmt::ui
