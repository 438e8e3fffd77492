// SPDX-License-Identifier: Apache-2.0
#include "consolepanel.h"

#include "at/linecheck.h"
#include "consoleview.h"
#include "engine/refusal.h"
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
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

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
    auto makeToggle = [this, bar](const QKeySequence &key, bool on) {
        auto *b = new QToolButton(this);
        auto *a = new QAction(b);
        a->setCheckable(true);
        a->setChecked(on);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        b->setDefaultAction(a);
        bar->addWidget(b);
        return b;
    };
    m_hexButton = makeToggle(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
                             settings.value(QLatin1String(kHexKey), false).toBool());
    m_hexButton->setObjectName(QStringLiteral("consoleHex"));
    m_timeButton = makeToggle(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                              settings.value(QLatin1String(kTimeKey), true).toBool());
    m_timeButton->setObjectName(QStringLiteral("consoleTime"));
    auto *clearButton = new QToolButton(this);
    m_clearAction = new QAction(clearButton);
    m_clearAction->setObjectName(QStringLiteral("consoleClearAction"));
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_clearAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_clearAction);
    clearButton->setDefaultAction(m_clearAction);
    clearButton->setObjectName(QStringLiteral("consoleClear"));
    bar->addWidget(clearButton);
    auto *findButton = new QToolButton(this);
    m_findAction = new QAction(findButton);
    m_findAction->setObjectName(QStringLiteral("consoleFindAction"));
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_findAction);
    findButton->setDefaultAction(m_findAction);
    findButton->setObjectName(QStringLiteral("consoleFind"));
    bar->addWidget(findButton);
    bar->addStretch(1);

    // -- the output --
    m_view = new ConsoleView(this);
    m_view->setTrafficModel(session->trafficModel());
    // A large journal being read: its end (the player's preview) until the whole is read.
    connect(session, &qmt::session::Session::previewTrafficChanged, this, [this, session] {
        state::TrafficModel *preview = session->previewTraffic();
        m_view->setTrafficModel(preview ? preview : session->trafficModel());
        m_view->jumpToEnd();
    });
    m_view->setHex(m_hexButton->defaultAction()->isChecked());
    m_view->setTimestamps(m_timeButton->defaultAction()->isChecked());
    m_view->setFocusPolicy(Qt::ClickFocus);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_copyAction = new QAction(this);
    m_copyAction->setObjectName(QStringLiteral("consoleCopy"));
    m_copyAction->setShortcut(QKeySequence::Copy); // shown in the menu; the view handles the key
    m_copyAction->setShortcutContext(Qt::WidgetShortcut);
    m_copyHexAction = new QAction(this);
    m_copyHexAction->setObjectName(QStringLiteral("consoleCopyHex"));
    m_selectAllAction = new QAction(this);
    m_selectAllAction->setObjectName(QStringLiteral("consoleSelectAll"));
    m_selectAllAction->setShortcut(QKeySequence::SelectAll);
    m_selectAllAction->setShortcutContext(Qt::WidgetShortcut);

    // -- find in the output --
    m_findBar = new QWidget(this);
    m_findBar->setObjectName(QStringLiteral("consoleFindBar"));
    auto *findLayout = new QHBoxLayout(m_findBar);
    findLayout->setContentsMargins(0, 0, 0, 0);
    m_findInput = new QLineEdit(m_findBar);
    m_findInput->setObjectName(QStringLiteral("consoleFindInput"));
    m_findInput->setClearButtonEnabled(true);
    m_findInput->installEventFilter(this);
    m_findPrevious = new QToolButton(m_findBar);
    m_findPrevious->setObjectName(QStringLiteral("consoleFindPrevious"));
    m_findPrevious->setArrowType(Qt::UpArrow);
    m_findNext = new QToolButton(m_findBar);
    m_findNext->setObjectName(QStringLiteral("consoleFindNext"));
    m_findNext->setArrowType(Qt::DownArrow);
    m_findCase = new QCheckBox(m_findBar);
    m_findCase->setObjectName(QStringLiteral("consoleFindCase"));
    m_findStatus = new QLabel(m_findBar);
    m_findStatus->setObjectName(QStringLiteral("consoleFindStatus"));
    m_findStatus->setTextFormat(Qt::RichText);
    m_findClose = new QToolButton(m_findBar);
    m_findClose->setObjectName(QStringLiteral("consoleFindClose"));
    m_findClose->setAutoRaise(true);
    findLayout->addWidget(m_findInput, 1);
    findLayout->addWidget(m_findPrevious);
    findLayout->addWidget(m_findNext);
    findLayout->addWidget(m_findCase);
    findLayout->addWidget(m_findStatus);
    findLayout->addWidget(m_findClose);
    m_findBar->hide();
    m_findNextAction = new QAction(this);
    m_findNextAction->setObjectName(QStringLiteral("consoleFindNextAction"));
    m_findNextAction->setShortcut(QKeySequence::FindNext);
    m_findNextAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_findNextAction);
    m_findPreviousAction = new QAction(this);
    m_findPreviousAction->setObjectName(QStringLiteral("consoleFindPreviousAction"));
    m_findPreviousAction->setShortcut(QKeySequence::FindPrevious);
    m_findPreviousAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_findPreviousAction);

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
    m_crlf = new QCheckBox(m_dataBar);
    m_crlf->setObjectName(QStringLiteral("consoleAppendCrLf"));
    m_crlf->setChecked(settings.value(QLatin1String(kCrLfKey), false).toBool());
    dataLayout->addWidget(m_dataTitle);
    dataLayout->addWidget(m_dataCount, 1);
    dataLayout->addWidget(m_crlf);
    m_dataBar->hide();

    // -- the input --
    m_input = new ConsoleInput(&m_history, m_view, this);
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_input->setFont(trafficFont());
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
    m_send = new QPushButton(this);
    m_send->setObjectName(QStringLiteral("consoleSend"));
    m_send->setFocusPolicy(Qt::NoFocus);
    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_send);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("consoleHint"));
    m_hint->setTextFormat(Qt::RichText);
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_findBar);
    layout->addWidget(m_dataBar);
    layout->addLayout(inputRow);
    layout->addWidget(m_hint);
    setFocusProxy(m_input);

    connect(m_hexButton->defaultAction(), &QAction::toggled, this, &ConsolePanel::setHex);
    connect(m_timeButton->defaultAction(), &QAction::toggled, this, &ConsolePanel::setTimestamps);
    connect(m_clearAction, &QAction::triggered, this, &ConsolePanel::clear);
    connect(m_findAction, &QAction::triggered, this, &ConsolePanel::openFind);
    connect(m_findNextAction, &QAction::triggered, this, [this] { find(+1); });
    connect(m_findPreviousAction, &QAction::triggered, this, [this] { find(-1); });
    connect(m_findNext, &QToolButton::clicked, this, [this] { find(+1); });
    connect(m_findPrevious, &QToolButton::clicked, this, [this] { find(-1); });
    connect(m_findClose, &QToolButton::clicked, this, [this] {
        m_findBar->hide();
        m_input->setFocus();
    });
    connect(m_findInput, &QLineEdit::textChanged, this, [this] { find(0); });
    connect(m_findCase, &QCheckBox::toggled, this, [this] { find(0); });
    connect(m_copyAction, &QAction::triggered, m_view, &ConsoleView::copySelection);
    connect(m_copyHexAction, &QAction::triggered, m_view, &ConsoleView::copySelectionAsHex);
    connect(m_selectAllAction, &QAction::triggered, m_view, &QAbstractItemView::selectAll);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = createContextMenu(this);
        menu->exec(m_view->viewport()->mapToGlobal(pos));
        delete menu;
    });
    connect(m_send, &QPushButton::clicked, this, &ConsolePanel::submit);
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
    retranslate();
}

ConsolePanel::~ConsolePanel() = default;

void ConsolePanel::retranslate()
{
    const auto withKey = [](const QString &tip, const QKeySequence &key) {
        return QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText));
    };
    QAction *hex = m_hexButton->defaultAction();
    hex->setText(tr("Hex"));
    hex->setToolTip(withKey(tr("Show the bytes of each frame in hexadecimal"), hex->shortcut()));
    QAction *time = m_timeButton->defaultAction();
    time->setText(tr("Time"));
    time->setToolTip(withKey(tr("Show when each frame was sent or received"), time->shortcut()));
    m_clearAction->setText(tr("Clear"));
    m_clearAction->setToolTip(tr("Clear the console (Ctrl+L); the Traffic tab keeps every frame"));
    m_findAction->setText(tr("Find…"));
    m_findAction->setToolTip(withKey(tr("Find text in the console"), m_findAction->shortcut()));
    m_findNextAction->setText(tr("Find next"));
    m_findPreviousAction->setText(tr("Find previous"));
    m_copyAction->setText(tr("Copy"));
    m_copyHexAction->setText(tr("Copy as hex"));
    m_selectAllAction->setText(tr("Select all"));
    m_findInput->setPlaceholderText(tr("Find in the console"));
    m_findPrevious->setToolTip(withKey(tr("Previous match"), m_findPreviousAction->shortcut()));
    m_findNext->setToolTip(withKey(tr("Next match"), m_findNextAction->shortcut()));
    m_findCase->setText(tr("Match case"));
    m_findClose->setText(tr("Close"));
    m_findClose->setToolTip(tr("Close the find bar (Esc)"));
    m_crlf->setText(tr("Append CR LF"));
    m_crlf->setToolTip(tr("Add a carriage return and line feed to the data (they count as two bytes)"));
    m_send->setText(tr("Send"));
    m_send->setToolTip(tr("Send the command (Enter)"));
    m_input->setPlaceholderText(m_watcher->isActive() ? tr("Data to write after the prompt")
                                                      : tr("AT command, e.g. AT+QMTOPEN?"));
    updateDataTitle();
    updateDataCount();
    updateFindStatus();
    updateHint();
}

void ConsolePanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        updateHint();
}

bool ConsolePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_findInput && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            m_findBar->hide();
            m_input->setFocus();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            find(key->modifiers() & Qt::ShiftModifier ? -1 : +1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool ConsolePanel::inDataMode() const
{
    return m_watcher->isActive();
}

void ConsolePanel::setHex(bool on)
{
    m_hexButton->defaultAction()->setChecked(on);
    m_view->setHex(on);
    QSettings().setValue(QLatin1String(kHexKey), on);
    if (m_findBar->isVisible() && !m_findInput->text().isEmpty())
        find(0); // what a row shows changed
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
    if (m_findBar->isVisible())
        find(0);
}

void ConsolePanel::openFind()
{
    m_findBar->show();
    m_findInput->setFocus(Qt::ShortcutFocusReason);
    m_findInput->selectAll();
}

void ConsolePanel::find(int step)
{
    const QString text = m_findInput->text();
    const QList<int> rows =
        m_view->findRows(text, m_findCase->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive);
    m_findCount = int(rows.size());
    m_findIndex = -1;
    if (!rows.isEmpty()) {
        const QModelIndex current = m_view->currentIndex();
        const int row = current.isValid() ? current.row() : -1;
        qsizetype pos;
        if (step >= 0) {
            // the first match from the current row on (step 0) or after it; past the end: the first
            const auto it = std::lower_bound(rows.begin(), rows.end(), step > 0 ? row + 1 : row);
            pos = it == rows.end() ? 0 : it - rows.begin();
        } else {
            // the last match before the current row; before the start: the last
            const auto it = std::lower_bound(rows.begin(), rows.end(), row);
            pos = it == rows.begin() ? rows.size() - 1 : (it - rows.begin()) - 1;
        }
        m_findIndex = int(pos);
        m_view->showRow(rows[pos]);
    }
    updateFindStatus();
}

void ConsolePanel::updateFindStatus()
{
    const QPalette &pal = palette();
    if (m_findInput->text().isEmpty())
        m_findStatus->clear();
    else if (m_findCount == 0)
        m_findStatus->setText(colored(tr("not found").toHtmlEscaped(), trafficErrorColor(pal)));
    else
        m_findStatus->setText(tr("%1 of %2").arg(m_findIndex + 1).arg(m_findCount).toHtmlEscaped());
}

QMenu *ConsolePanel::createContextMenu(QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("consoleMenu"));
    const bool selected = m_view->selectionModel() && m_view->selectionModel()->hasSelection();
    m_copyAction->setEnabled(selected);
    m_copyHexAction->setEnabled(selected);
    menu->addAction(m_copyAction);
    menu->addAction(m_copyHexAction);
    menu->addAction(m_selectAllAction);
    menu->addSeparator();
    menu->addAction(m_findAction);
    menu->addSeparator();
    menu->addAction(m_hexButton->defaultAction());
    menu->addAction(m_timeButton->defaultAction());
    menu->addSeparator();
    menu->addAction(m_clearAction);
    return menu;
}

void ConsolePanel::showProblem(const QString &message)
{
    m_problem = message;
    updateHint();
}

bool ConsolePanel::confirmBadValues(const std::vector<at::LineIssue> &issues)
{
    QString list;
    for (const at::LineIssue &i : issues)
        list += QStringLiteral("<li>%1</li>").arg(i.message.toHtmlEscaped());
    QMessageBox box(
        QMessageBox::Warning, tr("Send a value out of range?"),
        QStringLiteral("<p>%1</p><ul>%2</ul><p>%3</p>")
            .arg(tr("The module is likely to refuse this command:").toHtmlEscaped(), list,
                 tr("Send it anyway to see what the module does, or edit it first.").toHtmlEscaped()),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("consoleRangeWarning"));
    box.setTextFormat(Qt::RichText);
    QPushButton *send = box.addButton(tr("Send anyway"), QMessageBox::AcceptRole);
    send->setObjectName(QStringLiteral("consoleSendAnyway"));
    QPushButton *edit = box.addButton(tr("Edit"), QMessageBox::RejectRole);
    edit->setObjectName(QStringLiteral("consoleEdit"));
    box.setDefaultButton(edit);
    box.setEscapeButton(edit);
    auto *again = new QCheckBox(tr("Don't ask again until QMT Scope is restarted"), &box);
    again->setObjectName(QStringLiteral("consoleDontAskAgain"));
    box.setCheckBox(again);
    box.exec();
    if (box.clickedButton() != send)
        return false;
    if (again->isChecked())
        m_askBadValues = false;
    return true;
}

void ConsolePanel::watchForRefusal(session::CommandReply *reply)
{
    const int idx = reply->command().clientIdx;
    if (idx < 0 || idx >= state::kSlotCount)
        return;
    // The slot as it was when the command went out (started() comes before the store sees it).
    auto before = std::make_shared<state::ClientSlot>();
    const auto snapshot = [this, idx, before] {
        const state::ClientSlot &s = m_session->store().slot(idx);
        before->index = s.index;
        before->network = s.network;
        before->mqtt = s.mqtt;
        before->host = s.host;
        before->port = s.port;
    };
    snapshot();
    connect(reply, &session::CommandReply::started, this, snapshot);
    const at::AtCommand command = reply->command();
    connect(reply, &session::CommandReply::finished, this,
            [this, before, command](const session::CommandResult &result) {
                using Outcome = session::CommandResult::Outcome;
                if (result.outcome != Outcome::Error && result.outcome != Outcome::CmeError)
                    return;
                const QString why = state::likelyRefusal(command, *before);
                if (why.isEmpty())
                    return;
                // After the traffic model has the error's row (it may hear of it after the channel).
                QTimer::singleShot(0, this, [this, why] { m_view->noteLatestError(why); });
            });
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
    const QByteArray line = text.toUtf8().trimmed();
    const bool command = at::isCommandText(line);
    if (command && m_askBadValues) {
        const std::vector<at::LineIssue> issues = at::checkLine(line, m_session->store().module().ranges);
        if (!issues.empty() && !confirmBadValues(issues)) {
            m_input->setFocus();
            return; // the user edits the line
        }
    }
    m_history.add(text);
    QSettings settings;
    m_history.save(settings);
    m_watcher->commandSent(text.toUtf8());
    if (command) {
        // As Session::sendText does, keeping the reply to explain an ERROR.
        if (session::CommandReply *reply = m_session->send(at::AtCommand::fromText(line)))
            watchForRefusal(reply);
    } else {
        m_session->sendText(text);
    }
    m_input->clear();
    m_view->jumpToEnd(); // whoever sends wants to see the answer
}

void ConsolePanel::onDataModeChanged(bool on)
{
    m_dataBar->setVisible(on);
    m_input->setHistoryEnabled(!on);
    m_completer->setWidget(on ? nullptr : m_input);
    m_input->setCompleter(on ? nullptr : m_completer);
    updateDataTitle();
    if (on) {
        m_input->setPlaceholderText(tr("Data to write after the prompt"));
        m_input->setFocus();
    } else {
        m_input->setPlaceholderText(tr("AT command, e.g. AT+QMTOPEN?"));
    }
    updateDataCount();
    updateHint();
    emit dataModeChanged(on);
}

void ConsolePanel::updateDataTitle()
{
    if (!m_watcher->isActive())
        return;
    m_dataTitle->setText(tr("The module waits for the data of %1")
                             .arg(QStringLiteral("<tt>%1</tt>")
                                      .arg(QString::fromUtf8(m_watcher->commandLine()).toHtmlEscaped())));
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
        const bool command = at::isCommandText(typed);
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
    // Values the module's ranges refuse: named, with what is allowed.
    const std::vector<at::LineIssue> issues = at::checkLine(typed, m_session->store().module().ranges);
    if (!issues.empty()) {
        QStringList messages;
        for (const at::LineIssue &i : issues)
            messages << i.message;
        html += QStringLiteral("<br>") +
                colored(QStringLiteral("⚠ ") +
                            tr("Out of range: %1").arg(messages.join(QStringLiteral("; "))).toHtmlEscaped(),
                        trafficErrorColor(pal));
    }
    m_hint->setText(html);
}

QWidget *createConsolePanel(UiContext &ctx, QWidget *parent)
{
    return new ConsolePanel(ctx.session, parent);
}

} // namespace qmt::ui
