// SPDX-License-Identifier: Apache-2.0
#include "consolepanel.h"

#include "consoleview.h"
#include "io/session.h"
#include "promptwatcher.h"
#include "models/syntaxmodel.h"
#include "trafficstyle.h"
#include "uicontext.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

namespace qmt::ui {

namespace {

constexpr auto kHexKey = "console/hex";
constexpr auto kTimeKey = "console/timestamps";
constexpr auto kCrLfKey = "console/appendCrLf";

// The completion list: the text to insert, then what it means, dimmed.
class CompletionDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString completion = opt.text;
        opt.text.clear();
        const QWidget *w = option.widget;
        QStyle *style = w ? w->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);
        const bool selected = opt.state & QStyle::State_Selected;
        const QFontMetrics fm(trafficFont());
        const int gap = fm.horizontalAdvance(QLatin1Char(' '));
        QRect r = opt.rect.adjusted(gap, 0, -gap, 0);
        painter->save();
        painter->setFont(trafficFont());
        painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft, completion);
        r.setLeft(r.left() + qMax(fm.horizontalAdvance(completion) + 2 * gap, fm.averageCharWidth() * 28));
        painter->setFont(opt.font);
        painter->setPen(selected ? opt.palette.color(QPalette::HighlightedText)
                                 : trafficDimColor(opt.palette));
        const QString meaning = index.data(state::SyntaxModel::MeaningRole).toString();
        painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft,
                          painter->fontMetrics().elidedText(meaning, Qt::ElideRight, r.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        const QFontMetrics fm(trafficFont());
        s.setWidth(fm.averageCharWidth() * 90);
        s.setHeight(qMax(s.height(), trafficRowHeight(fm)));
        return s;
    }
};

QString colored(const QString &html, const QColor &c)
{
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(c.name(), html);
}

} // namespace

// ---- ConsoleInput ----

ConsoleInput::ConsoleInput(state::CommandHistory *history, QWidget *scrollTarget, QWidget *parent)
    : QLineEdit(parent), m_history(history), m_scrollTarget(scrollTarget)
{
}

void ConsoleInput::keyPressEvent(QKeyEvent *event)
{
    const bool plain = (event->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
    const bool popupOpen = completer() && completer()->popup() && completer()->popup()->isVisible();
    if (plain && !popupOpen && m_historyEnabled &&
        (event->key() == Qt::Key_Up || event->key() == Qt::Key_Down)) {
        const QString next = event->key() == Qt::Key_Up ? m_history->older(text()) : m_history->newer(text());
        if (next != text()) {
            setText(next);
            end(false);
        }
        event->accept();
        return;
    }
    if (plain && (event->key() == Qt::Key_PageUp || event->key() == Qt::Key_PageDown) && m_scrollTarget) {
        QApplication::sendEvent(m_scrollTarget, event);
        return;
    }
    QLineEdit::keyPressEvent(event);
}

// ---- ConsolePanel ----

ConsolePanel::ConsolePanel(session::Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    Q_ASSERT(session);
    setObjectName(QStringLiteral("consolePanel"));
    QSettings settings;
    m_history.load(settings);
    m_watcher = new state::PromptWatcher(session->pipeline(), this);

    // -- the bar above the output --
    auto *bar = new QHBoxLayout;
    auto makeToggle = [this, bar](const QString &text, const QString &tip, const QKeySequence &key, bool on) {
        auto *b = new QToolButton(this);
        auto *a = new QAction(text, b);
        a->setCheckable(true);
        a->setChecked(on);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        addAction(a);
        b->setDefaultAction(a);
        bar->addWidget(b);
        return b;
    };
    m_hexButton = makeToggle(tr("Hex"), tr("Show the bytes of each frame in hexadecimal"),
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
                             settings.value(QLatin1String(kHexKey), false).toBool());
    m_hexButton->setObjectName(QStringLiteral("consoleHex"));
    m_timeButton = makeToggle(tr("Time"), tr("Show when each frame was sent or received"),
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                              settings.value(QLatin1String(kTimeKey), true).toBool());
    m_timeButton->setObjectName(QStringLiteral("consoleTime"));
    auto *clearButton = new QToolButton(this);
    auto *clearAction = new QAction(tr("Clear"), clearButton);
    clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    clearAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    clearAction->setToolTip(tr("Clear the console (Ctrl+L); the Traffic tab keeps every frame"));
    addAction(clearAction);
    clearButton->setDefaultAction(clearAction);
    clearButton->setObjectName(QStringLiteral("consoleClear"));
    bar->addWidget(clearButton);
    bar->addStretch(1);

    // -- the output --
    m_view = new ConsoleView(this);
    m_view->setTrafficModel(session->trafficModel());
    m_view->setHex(m_hexButton->defaultAction()->isChecked());
    m_view->setTimestamps(m_timeButton->defaultAction()->isChecked());
    m_view->setFocusPolicy(Qt::ClickFocus);

    // -- data mode: the module waits for the data of a command typed without it --
    m_dataBar = new QWidget(this);
    m_dataBar->setObjectName(QStringLiteral("consoleDataBar"));
    auto *dataLayout = new QHBoxLayout(m_dataBar);
    dataLayout->setContentsMargins(0, 0, 0, 0);
    m_dataTitle = new QLabel(m_dataBar);
    m_dataTitle->setTextFormat(Qt::RichText);
    m_dataCount = new QLabel(m_dataBar);
    m_dataCount->setObjectName(QStringLiteral("consoleDataCount"));
    m_dataCount->setTextFormat(Qt::RichText);
    m_crlf = new QCheckBox(tr("Append CR LF"), m_dataBar);
    m_crlf->setObjectName(QStringLiteral("consoleAppendCrLf"));
    m_crlf->setToolTip(tr("Add a carriage return and line feed to the data (they count as two bytes)"));
    m_crlf->setChecked(settings.value(QLatin1String(kCrLfKey), false).toBool());
    dataLayout->addWidget(m_dataTitle);
    dataLayout->addWidget(m_dataCount, 1);
    dataLayout->addWidget(m_crlf);
    m_dataBar->hide();

    // -- the input --
    m_input = new ConsoleInput(&m_history, m_view, this);
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_input->setFont(trafficFont());
    m_input->setPlaceholderText(tr("AT command, e.g. AT+QMTOPEN?"));
    m_input->setClearButtonEnabled(true);
    auto *syntaxModel = new state::SyntaxModel(this);
    m_completer = new QCompleter(syntaxModel, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchStartsWith);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setModelSorting(QCompleter::UnsortedModel);
    m_completer->setMaxVisibleItems(12);
    m_completer->popup()->setItemDelegate(new CompletionDelegate(m_completer->popup()));
    m_input->setCompleter(m_completer);
    auto *send = new QPushButton(tr("Send"), this);
    send->setObjectName(QStringLiteral("consoleSend"));
    send->setToolTip(tr("Send the command (Enter)"));
    send->setFocusPolicy(Qt::NoFocus);
    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(send);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("consoleHint"));
    m_hint->setTextFormat(Qt::RichText);
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_dataBar);
    layout->addLayout(inputRow);
    layout->addWidget(m_hint);
    setFocusProxy(m_input);

    connect(m_hexButton->defaultAction(), &QAction::toggled, this, &ConsolePanel::setHex);
    connect(m_timeButton->defaultAction(), &QAction::toggled, this, &ConsolePanel::setTimestamps);
    connect(clearAction, &QAction::triggered, this, &ConsolePanel::clear);
    connect(send, &QPushButton::clicked, this, &ConsolePanel::submit);
    connect(m_input, &QLineEdit::returnPressed, this, [this] {
        // The input sees Enter before the completion list does: when an entry of the list is
        // picked, Enter only completes it (the completer inserts it next).
        const QAbstractItemView *popup = m_completer->popup();
        if (!(popup->isVisible() && popup->currentIndex().isValid()))
            submit();
    });
    connect(m_input, &QLineEdit::textChanged, this, [this] {
        m_problem.clear();
        updateHint();
        updateDataCount();
    });
    connect(m_input, &QLineEdit::cursorPositionChanged, this, &ConsolePanel::updateHint);
    connect(m_crlf, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QLatin1String(kCrLfKey), on);
        updateDataCount();
    });
    connect(m_watcher, &state::PromptWatcher::activeChanged, this, &ConsolePanel::onDataModeChanged);
    connect(m_watcher, &state::PromptWatcher::dataWritten, this, &ConsolePanel::updateDataCount);
    connect(session, &session::Session::closed, this, [this] { m_watcher->reset(); });
    updateHint();
}

ConsolePanel::~ConsolePanel() = default;

bool ConsolePanel::inDataMode() const
{
    return m_watcher->isActive();
}

void ConsolePanel::setHex(bool on)
{
    m_hexButton->defaultAction()->setChecked(on);
    m_view->setHex(on);
    QSettings().setValue(QLatin1String(kHexKey), on);
}

void ConsolePanel::setTimestamps(bool on)
{
    m_timeButton->defaultAction()->setChecked(on);
    m_view->setTimestamps(on);
    QSettings().setValue(QLatin1String(kTimeKey), on);
}

void ConsolePanel::clear()
{
    m_view->clearView();
}

void ConsolePanel::showProblem(const QString &message)
{
    m_problem = message;
    updateHint();
}

void ConsolePanel::submit()
{
    const QString text = m_input->text();
    if (m_watcher->isActive()) {
        if (!m_session->isOpen()) {
            showProblem(tr("Not connected: open a port first"));
            return;
        }
        QByteArray data = text.toUtf8();
        if (m_crlf->isChecked())
            data += "\r\n";
        // Written as it is (not queued as a command even if it starts with AT).
        m_session->channel().writeRaw(m_watcher->dataFor(data));
        m_input->clear();
        m_view->jumpToEnd();
        return;
    }
    if (text.trimmed().isEmpty())
        return;
    m_completer->popup()->hide();
    if (!m_session->isOpen()) {
        showProblem(tr("Not connected: open a port first"));
        return;
    }
    m_history.add(text);
    QSettings settings;
    m_history.save(settings);
    m_watcher->commandSent(text.toUtf8());
    m_session->sendText(text);
    m_input->clear();
    m_view->jumpToEnd(); // whoever sends wants to see the answer
}

void ConsolePanel::onDataModeChanged(bool on)
{
    m_dataBar->setVisible(on);
    m_input->setHistoryEnabled(!on);
    m_completer->setWidget(on ? nullptr : m_input);
    m_input->setCompleter(on ? nullptr : m_completer);
    if (on) {
        m_dataTitle->setText(tr("The module waits for the data of %1")
                                 .arg(QStringLiteral("<tt>%1</tt>")
                                          .arg(QString::fromUtf8(m_watcher->commandLine()).toHtmlEscaped())));
        m_input->setPlaceholderText(tr("Data to write after the prompt"));
        m_input->setFocus();
    } else {
        m_input->setPlaceholderText(tr("AT command, e.g. AT+QMTOPEN?"));
    }
    updateDataCount();
    updateHint();
    emit dataModeChanged(on);
}

void ConsolePanel::updateDataCount()
{
    if (!m_watcher->isActive())
        return;
    const qsizetype typed = m_input->text().toUtf8().size() + (m_crlf->isChecked() ? 2 : 0);
    const qsizetype written = m_watcher->writtenLength();
    const qsizetype total = written + typed;
    const qsizetype declared = m_watcher->declaredLength();
    const QPalette &pal = palette();
    QString text;
    if (m_watcher->endsWithCtrlZ()) {
        text = tr("%n byte(s) typed; Ctrl+Z is added to end the data", "", int(typed));
    } else if (total == declared) {
        text = colored(tr("%1 of %2 bytes declared").arg(total).arg(declared), trafficOkColor(pal));
    } else if (total < declared) {
        text = colored(tr("%1 of %2 bytes declared: the module waits for %3 more")
                           .arg(total)
                           .arg(declared)
                           .arg(declared - total),
                       trafficErrorColor(pal));
    } else {
        text = colored(tr("%1 of %2 bytes declared: the module drops the last %3")
                           .arg(total)
                           .arg(declared)
                           .arg(total - declared),
                       trafficErrorColor(pal));
    }
    if (written > 0)
        text += colored(QStringLiteral(" ") + tr("(%n byte(s) written already)", "", int(written)),
                        trafficDimColor(pal));
    m_dataCount->setText(text);
}

void ConsolePanel::updateHint()
{
    const QPalette &pal = palette();
    const QColor dim = trafficDimColor(pal);
    if (!m_problem.isEmpty()) {
        m_hint->setText(colored(m_problem.toHtmlEscaped(), trafficErrorColor(pal)));
        return;
    }
    if (m_watcher->isActive()) {
        m_hint->setText(
            colored(tr("Enter writes the data exactly as typed; the module answers OK and a result URC.")
                        .toHtmlEscaped(),
                    dim));
        return;
    }
    const QString text = m_input->text();
    if (text.trimmed().isEmpty()) {
        m_hint->setText(colored(tr("Type an AT command: names complete as you type, ↑ and ↓ recall earlier "
                                   "commands, Enter sends.")
                                    .toHtmlEscaped(),
                                dim));
        return;
    }
    const QByteArray typed = text.toUtf8();
    const at::syntax::Hint *h = at::syntax::forInput(typed);
    if (!h) {
        const bool command = text.trimmed().startsWith(QLatin1String("AT"), Qt::CaseInsensitive);
        m_hint->setText(colored((command ? tr("A command QMT Scope has no syntax for: it is sent as typed.")
                                         : tr("Not an AT command: written to the module as typed."))
                                    .toHtmlEscaped(),
                                dim));
        return;
    }
    const int cursorBytes = int(text.left(m_input->cursorPosition()).toUtf8().size());
    const at::syntax::Span span = at::syntax::placeholderFor(*h, at::syntax::parameterAt(typed, cursorBytes));
    const QByteArrayView syntax(h->syntax);
    QString html;
    if (span.start >= 0) {
        html = QString::fromUtf8(syntax.first(span.start)).toHtmlEscaped() + QStringLiteral("<b><u>") +
               QString::fromUtf8(syntax.sliced(span.start, span.length)).toHtmlEscaped() +
               QStringLiteral("</u></b>") +
               QString::fromUtf8(syntax.sliced(span.start + span.length)).toHtmlEscaped();
    } else {
        html = QString::fromUtf8(syntax).toHtmlEscaped();
    }
    html = QStringLiteral("<tt>%1</tt>").arg(html);
    if (h->other)
        html += colored(
            QStringLiteral(" &nbsp;|&nbsp; <tt>%1</tt>").arg(QString::fromUtf8(h->other).toHtmlEscaped()),
            dim);
    html += colored(QStringLiteral(" — ") + at::syntax::meaning(*h).toHtmlEscaped(), dim);
    m_hint->setText(html);
}

QWidget *createConsolePanel(UiContext &ctx, QWidget *parent)
{
    return new ConsolePanel(ctx.session, parent);
}

} // namespace qmt::ui
