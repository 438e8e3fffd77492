// SPDX-License-Identifier: Apache-2.0
#include "sequencepanel.h"

#include "sequencestepdialog.h"
#include "workflows/sequence.h"
#include "workflows/sequencemodel.h"
#include "workflows/sequencerunner.h"
#include "io/session.h"
#include "sim/demomodule.h"
#include "uicontext.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace qmt::ui {

using session::SequenceModel;
using session::SequenceReportModel;
using session::StepReport;

namespace {
constexpr std::chrono::milliseconds kRememberDelay{500};
constexpr int kShownLoadErrors = 6;

namespace key {
const QString dir = QStringLiteral("sequences/dir");
const QString current = QStringLiteral("sequences/current");
const QString file = QStringLiteral("sequences/file");
const QString modified = QStringLiteral("sequences/modified");
const QString splitter = QStringLiteral("sequences/splitter");
const QString stepsHeader = QStringLiteral("sequences/stepsHeader");
const QString reportHeader = QStringLiteral("sequences/reportHeader");
} // namespace key

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

// A text colour for warnings that reads on the palette's window colour.
QColor warningColor(const QPalette &p)
{
    const QColor red(218, 54, 51);
    return p.color(QPalette::Window).lightness() < 128 ? red.lighter(160) : red.darker(110);
}

QString shortcutText(const QAction *a)
{
    return a->shortcut().isEmpty()
               ? QString()
               : QStringLiteral(" (%1)").arg(a->shortcut().toString(QKeySequence::NativeText));
}

void setupTable(QTableView *t)
{
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->setTextElideMode(Qt::ElideRight);
    t->horizontalHeader()->setHighlightSections(false);
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() * 3 / 2);
    t->verticalHeader()->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
}
} // namespace

// ---- SequenceReportDelegate ----

void SequenceReportDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto status = StepReport::Status(index.data(SequenceReportModel::StatusRole).toInt());
    QColor tone;
    switch (status) {
    case StepReport::Status::Passed:
        tone = QColor(46, 160, 67);
        break;
    case StepReport::Status::Failed:
        tone = QColor(218, 54, 51);
        break;
    case StepReport::Status::Stopped:
        tone = QColor(210, 140, 20);
        break;
    case StepReport::Status::Running:
        tone = option->palette.color(QPalette::Highlight);
        break;
    case StepReport::Status::Pending:
        return;
    }
    const QColor base = option->palette.color(QPalette::Base);
    const bool dark = base.lightness() < 128;
    option->backgroundBrush = mix(base, tone, dark ? 0.35 : 0.22);
    if (index.column() == SequenceReportModel::Result)
        option->font.setBold(true);
}

// ---- SequencePanel ----

QString SequencePanel::templatePath(int which)
{
    return which == 0 ? QStringLiteral(":/qmtscope/sequences/seed_5_1.qmtseq")
                      : QStringLiteral(":/qmtscope/sequences/seed_5_2.qmtseq");
}

SequencePanel::SequencePanel(session::Session *session, session::Sequence *sequence, QWidget *parent)
    : QWidget(parent), m_sequence(sequence), m_runner(new session::SequenceRunner(session, this)),
      m_stepModel(new SequenceModel(sequence, this)), m_reportModel(nullptr)
{
    setObjectName(QStringLiteral("sequencePanel"));
    m_rememberTimer = new QTimer(this);
    m_rememberTimer->setSingleShot(true);
    m_rememberTimer->setInterval(kRememberDelay);
    m_runner->setSequence(sequence);
    m_reportModel = new SequenceReportModel(m_runner, this);
    QStyle *st = style();

    // ---- actions ----
    auto action = [this](const char *name, const QKeySequence &key = {}, const QIcon &icon = {}) {
        auto *a = new QAction(icon, QString(), this);
        a->setObjectName(QLatin1String(name));
        if (!key.isEmpty()) {
            a->setShortcut(key);
            a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        }
        QWidget::addAction(a); // the shortcut works anywhere in the panel
        return a;
    };
    m_runAll = action("sequenceRunAll", QKeySequence(Qt::Key_F9), st->standardIcon(QStyle::SP_MediaPlay));
    m_step = action("sequenceStep", QKeySequence(Qt::Key_F10), st->standardIcon(QStyle::SP_MediaSkipForward));
    m_stop =
        action("sequenceStop", QKeySequence(Qt::SHIFT | Qt::Key_F9), st->standardIcon(QStyle::SP_MediaStop));
    m_add = action("sequenceAdd", QKeySequence(Qt::Key_Insert));
    m_edit = action("sequenceEdit", QKeySequence(Qt::Key_F2));
    m_remove = action("sequenceRemove", QKeySequence(QKeySequence::Delete));
    m_up = action("sequenceMoveUp", QKeySequence(Qt::ALT | Qt::Key_Up), st->standardIcon(QStyle::SP_ArrowUp));
    m_down = action("sequenceMoveDown", QKeySequence(Qt::ALT | Qt::Key_Down),
                    st->standardIcon(QStyle::SP_ArrowDown));
    m_save = action("sequenceSave", QKeySequence(QKeySequence::Save),
                    st->standardIcon(QStyle::SP_DialogSaveButton));
    m_saveAs = action("sequenceSaveAs", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_load = action("sequenceLoad", {}, st->standardIcon(QStyle::SP_DialogOpenButton));
    m_template51 = new QAction(this);
    m_template51->setObjectName(QStringLiteral("sequenceTemplate51"));
    m_template52 = new QAction(this);
    m_template52->setObjectName(QStringLiteral("sequenceTemplate52"));
    m_templatesMenu = new QMenu(this);
    m_templatesMenu->setObjectName(QStringLiteral("sequenceTemplates"));
    m_templatesMenu->addAction(m_template51);
    m_templatesMenu->addAction(m_template52);

    connect(m_runAll, &QAction::triggered, m_runner, &session::SequenceRunner::runAll);
    connect(m_step, &QAction::triggered, m_runner, &session::SequenceRunner::step);
    connect(m_stop, &QAction::triggered, m_runner, &session::SequenceRunner::stop);
    connect(m_add, &QAction::triggered, this, &SequencePanel::addStep);
    connect(m_edit, &QAction::triggered, this, &SequencePanel::editStep);
    connect(m_remove, &QAction::triggered, this, &SequencePanel::removeSteps);
    connect(m_up, &QAction::triggered, this, [this] { moveStep(-1); });
    connect(m_down, &QAction::triggered, this, [this] { moveStep(+1); });
    connect(m_save, &QAction::triggered, this, &SequencePanel::save);
    connect(m_saveAs, &QAction::triggered, this, &SequencePanel::saveAs);
    connect(m_load, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Load sequence"), startDir(), tr("QMT Scope sequences (*.qmtseq);;All files (*)"));
        if (!path.isEmpty())
            loadFile(path);
    });
    connect(m_template51, &QAction::triggered, this, [this] { loadFile(templatePath(0)); });
    connect(m_template52, &QAction::triggered, this,
            [this] { loadFile(templatePath(1), true, demoFolder()); });
    connect(m_templatesMenu, &QMenu::aboutToShow, this, &SequencePanel::updateTemplateNames);

    // ---- the run bar: run, step, stop and the progress ----
    m_bar = new QToolBar(this);
    m_bar->setObjectName(QStringLiteral("sequenceToolBar"));
    m_bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_bar->addAction(m_runAll);
    m_bar->addAction(m_step);
    m_bar->addAction(m_stop);
    m_bar->addSeparator();
    m_progress = new QProgressBar(m_bar);
    m_progress->setObjectName(QStringLiteral("sequenceProgress"));
    m_progress->setRange(0, 1);
    m_progress->reset(); // no "0 of 1" before a run: the bar is empty until one starts
    m_progress->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_bar->addWidget(m_progress);

    // ---- title and message ----
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("sequenceTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("sequenceMessage"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // ---- the steps bar: edit the list, templates, files ----
    m_stepsCaption = new QLabel(this);
    auto *editBar = new QToolBar(this);
    editBar->setObjectName(QStringLiteral("sequenceEditBar"));
    editBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    editBar->addWidget(m_stepsCaption);
    editBar->addSeparator();
    editBar->addAction(m_add);
    editBar->addAction(m_edit);
    editBar->addAction(m_remove);
    editBar->addAction(m_up);
    editBar->addAction(m_down);
    for (QAction *a : {m_up, m_down})
        if (auto *b = qobject_cast<QToolButton *>(editBar->widgetForAction(a)))
            b->setToolButtonStyle(Qt::ToolButtonIconOnly);
    auto *spacer = new QWidget(editBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    editBar->addWidget(spacer);
    m_templatesButton = new QToolButton(editBar);
    m_templatesButton->setObjectName(QStringLiteral("sequenceTemplatesButton"));
    m_templatesButton->setMenu(m_templatesMenu);
    m_templatesButton->setPopupMode(QToolButton::InstantPopup);
    m_templatesButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_templatesButton->setIcon(st->standardIcon(QStyle::SP_FileDialogContentsView));
    editBar->addWidget(m_templatesButton);
    editBar->addAction(m_load);
    editBar->addAction(m_save);
    if (auto *b = qobject_cast<QToolButton *>(editBar->widgetForAction(m_save))) {
        auto *saveMenu = new QMenu(b);
        saveMenu->addAction(m_saveAs);
        b->setMenu(saveMenu);
        b->setPopupMode(QToolButton::MenuButtonPopup);
    }

    // ---- tables ----
    m_steps = new QTableView(this);
    m_steps->setObjectName(QStringLiteral("sequenceSteps"));
    m_steps->setModel(m_stepModel);
    setupTable(m_steps);
    m_steps->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_steps->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_steps->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_steps->addActions({m_add, m_edit, m_remove, m_up, m_down});
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    {
        QHeaderView *h = m_steps->horizontalHeader();
        h->setStretchLastSection(true);
        h->resizeSection(SequenceModel::Command, em * 22);
        h->resizeSection(SequenceModel::Data, em * 9);
        h->resizeSection(SequenceModel::Expect, em * 14);
        h->resizeSection(SequenceModel::Timeout, em * 4);
    }
    connect(m_steps, &QTableView::doubleClicked, this, [this] { editStep(); });
    connect(m_steps, &QTableView::activated, this, [this] { editStep(); });

    m_report = new QTableView(this);
    m_report->setObjectName(QStringLiteral("sequenceReport"));
    m_report->setModel(m_reportModel);
    m_report->setItemDelegate(new SequenceReportDelegate(m_report));
    setupTable(m_report);
    m_report->setAlternatingRowColors(false); // the verdict colours say enough
    m_report->setSelectionMode(QAbstractItemView::SingleSelection);
    m_report->setEditTriggers(QAbstractItemView::NoEditTriggers);
    {
        QHeaderView *h = m_report->horizontalHeader();
        h->setStretchLastSection(true);
        h->resizeSection(SequenceReportModel::Command, em * 18);
        h->resizeSection(SequenceReportModel::Answer, em * 20);
    }

    m_reportCaption = new QLabel(this);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(editBar);
    topLayout->addWidget(m_steps);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_reportCaption);
    bottomLayout->addWidget(m_report);
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("sequenceSplitter"));
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(top);
    m_split->addWidget(bottom);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_bar);
    layout->addWidget(m_title);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_split, 1);

    // ---- state ----
    connect(m_sequence, &session::Sequence::changed, this, [this, last = m_sequence->count()]() mutable {
        const int n = m_sequence->count();
        if (n == last + 1 && !m_runner->isRunning())
            m_steps->scrollToBottom(); // a step added from the forms
        last = n;
        updateActions();
        updateTitle();
        m_rememberTimer->start();
    });
    connect(m_sequence, &session::Sequence::modifiedChanged, this, [this] {
        updateTitle();
        m_rememberTimer->start();
    });
    connect(m_sequence, &session::Sequence::fileNameChanged, this, [this] {
        updateTitle();
        m_rememberTimer->start();
    });
    connect(m_steps->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SequencePanel::updateActions);
    connect(m_steps->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SequencePanel::updateActions);
    connect(m_stepModel, &QAbstractItemModel::modelReset, this, &SequencePanel::updateActions);
    auto mark = [this] {
        const int row = m_runner->isRunning() ? m_runner->currentStep() : m_runner->nextStep();
        m_stepModel->setMarkedRow(row < m_sequence->count() && (m_runner->isRunning() || row > 0) ? row : -1);
    };
    connect(m_runner, &session::SequenceRunner::runningChanged, this, [this, mark] {
        mark();
        updateActions();
        if (m_runner->isRunning())
            setMessage([] { return tr("Running…"); });
    });
    connect(m_runner, &session::SequenceRunner::stepStarted, this, [this, mark](int i) {
        mark();
        m_report->scrollTo(m_reportModel->index(i, 0));
    });
    connect(m_runner, &session::SequenceRunner::stepFinished, this, &SequencePanel::onStepFinished);
    connect(m_runner, &session::SequenceRunner::reportsReset, this, [this, mark] {
        mark();
        if (!m_runner->isRunning() && m_runner->nextStep() == 0)
            m_progress->reset(); // the reports of the last run are gone: nothing has run
    });
    connect(m_runner, &session::SequenceRunner::progress, this, [this](int done, int total) {
        m_progress->setRange(0, qMax(total, 1));
        m_progress->setValue(qMin(done, qMax(total, 1)));
    });
    connect(m_runner, &session::SequenceRunner::finished, this, &SequencePanel::onRunFinished);

    connect(m_rememberTimer, &QTimer::timeout, this, &SequencePanel::remember);

    restore();
    retranslate();
    updateActions();
}

SequencePanel::~SequencePanel()
{
    if (m_rememberTimer->isActive() && m_sequence)
        remember();
    // The views signal while they are taken down (sections resized, selection cleared).
    for (QObject *o :
         std::initializer_list<QObject *>{m_steps->horizontalHeader(), m_report->horizontalHeader(), m_split,
                                          m_steps->selectionModel(), m_stepModel})
        disconnect(o, nullptr, this, nullptr);
}

QString SequencePanel::message() const
{
    return m_messageLabel->text();
}

void SequencePanel::retranslate()
{
    m_runAll->setText(tr("Run all"));
    m_runAll->setToolTip(tr("Run every step from the first; stops at the first unexpected answer") +
                         shortcutText(m_runAll));
    m_step->setText(tr("Step"));
    m_step->setToolTip(tr("Run the next step only") + shortcutText(m_step));
    m_stop->setText(tr("Stop"));
    m_stop->setToolTip(tr("Stop the run; a command already sent still finishes") + shortcutText(m_stop));
    m_add->setText(tr("Add…"));
    m_add->setToolTip(tr("Add a step after the selected one") + shortcutText(m_add));
    m_edit->setText(tr("Edit…"));
    m_edit->setToolTip(tr("Edit the selected step") + shortcutText(m_edit));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove the selected steps") + shortcutText(m_remove));
    m_up->setText(tr("Up"));
    m_up->setToolTip(tr("Move the step up") + shortcutText(m_up));
    m_down->setText(tr("Down"));
    m_down->setToolTip(tr("Move the step down") + shortcutText(m_down));
    m_save->setText(tr("Save…"));
    m_save->setToolTip(tr("Save the sequence as a text file") + shortcutText(m_save));
    m_saveAs->setText(tr("Save as…"));
    m_load->setText(tr("Load…"));
    m_load->setToolTip(tr("Load a sequence file (.qmtseq)"));
    m_templatesButton->setText(tr("Templates"));
    m_templatesButton->setToolTip(tr("Start from one of the vendor note's sessions"));
    m_template51->setText(tr("Seed §5.1: MQTT without SSL"));
    updateTemplateNames();
    m_progress->setFormat(tr("%v of %m"));
    m_stepsCaption->setText(tr("Steps"));
    m_reportCaption->setText(tr("Report"));
    m_stepModel->retranslate();
    m_reportModel->retranslate();
    fitHeaders();
    // The verdict and time columns fit their longest text (the verdict is bold).
    QFont bold = m_report->font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const int pad = bfm.horizontalAdvance(QLatin1Char('M')) * 2;
    int verdict = bfm.horizontalAdvance(
        m_reportModel->headerData(SequenceReportModel::Result, Qt::Horizontal).toString());
    for (auto s : {StepReport::Status::Running, StepReport::Status::Passed, StepReport::Status::Failed,
                   StepReport::Status::Stopped})
        verdict = qMax(verdict, bfm.horizontalAdvance(SequenceReportModel::statusText(int(s))));
    m_report->horizontalHeader()->resizeSection(SequenceReportModel::Result, verdict + pad);
    m_report->horizontalHeader()->resizeSection(
        SequenceReportModel::Time,
        qMax(bfm.horizontalAdvance(SequenceReportModel::timeText(99999)),
             bfm.horizontalAdvance(
                 m_reportModel->headerData(SequenceReportModel::Time, Qt::Horizontal).toString())) +
            pad);
    updateTitle();
    showMessage(); // built again in the new language
}

void SequencePanel::fitHeaders()
{
    // No column narrower than its header text ("Timeout" was cut); wider ones are left as the
    // user made them.
    for (QTableView *t : {m_steps, m_report}) {
        QHeaderView *h = t->horizontalHeader();
        for (int c = 0; c < h->count(); ++c)
            if (h->sectionSize(c) < h->sectionSizeHint(c))
                h->resizeSection(c, h->sectionSizeHint(c));
    }
}

void SequencePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        setMessage(m_message, m_messageWarning);
    QWidget::changeEvent(event);
}

void SequencePanel::updateTitle()
{
    QString name = m_sequence->name();
    const QString file = m_sequence->fileName();
    if (name.isEmpty())
        name = file.isEmpty() ? tr("New sequence") : QFileInfo(file).completeBaseName();
    QString text = name;
    if (!file.isEmpty() && !file.startsWith(QLatin1Char(':')))
        text += QStringLiteral(" — ") + QDir::toNativeSeparators(file);
    else if (file.startsWith(QLatin1Char(':')))
        text += QStringLiteral(" — ") + tr("template");
    if (m_sequence->isModified())
        text += QStringLiteral(" *");
    m_title->setText(tr("%1 · %n step(s)", "", m_sequence->count()).arg(text));
}

void SequencePanel::setMessage(std::function<QString()> text, bool warning)
{
    m_message = std::move(text);
    m_messageWarning = warning;
    showMessage();
}

void SequencePanel::showMessage()
{
    const bool warning = m_messageWarning;
    const QString text = m_message ? m_message() : QString();
    m_messageLabel->setText(text);
    m_messageLabel->setVisible(!text.isEmpty());
    QPalette p = palette();
    if (warning)
        p.setColor(QPalette::WindowText, warningColor(palette()));
    m_messageLabel->setPalette(p);
}

void SequencePanel::updateActions()
{
    const bool running = m_runner->isRunning();
    const int n = m_sequence->count();
    const int row = currentRow();
    const bool selected = m_steps->selectionModel() && m_steps->selectionModel()->hasSelection();
    m_runAll->setEnabled(!running && n > 0);
    m_step->setEnabled(!running && n > 0);
    m_stop->setEnabled(running);
    m_add->setEnabled(!running);
    m_edit->setEnabled(!running && row >= 0);
    m_remove->setEnabled(!running && selected);
    m_up->setEnabled(!running && row > 0);
    m_down->setEnabled(!running && row >= 0 && row < n - 1);
    m_save->setEnabled(!running && n > 0);
    m_saveAs->setEnabled(!running && n > 0);
    m_load->setEnabled(!running);
    m_templatesButton->setEnabled(!running);
}

int SequencePanel::currentRow() const
{
    const QModelIndex i = m_steps->currentIndex();
    if (!i.isValid() || !m_steps->selectionModel()->isRowSelected(i.row(), QModelIndex()))
        return -1;
    return i.row();
}

void SequencePanel::selectRow(int row)
{
    if (row < 0 || row >= m_sequence->count())
        return;
    m_steps->setCurrentIndex(m_stepModel->index(row, 0));
    m_steps->selectRow(row);
    updateActions();
}

void SequencePanel::addStep()
{
    SequenceStepDialog dialog(m_sequence, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const int row = currentRow();
    const int at = row >= 0 ? row + 1 : m_sequence->count();
    m_sequence->insert(at, dialog.step());
    selectRow(at);
}

void SequencePanel::editStep()
{
    const int row = currentRow();
    if (row < 0 || m_runner->isRunning())
        return;
    SequenceStepDialog dialog(m_sequence, this);
    dialog.setStep(m_sequence->steps().at(row));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const session::SequenceStep edited = dialog.step();
    if (edited != m_sequence->steps().at(row))
        m_sequence->replace(row, edited);
    selectRow(row);
}

void SequencePanel::removeSteps()
{
    if (m_runner->isRunning())
        return;
    QList<int> rows;
    for (const QModelIndex &i : m_steps->selectionModel()->selectedRows())
        rows << i.row();
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int r : rows)
        m_sequence->remove(r);
    if (!rows.isEmpty())
        selectRow(qMin(rows.last(), m_sequence->count() - 1));
}

void SequencePanel::moveStep(int delta)
{
    const int row = currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_sequence->count() || m_runner->isRunning())
        return;
    m_sequence->move(row, to);
    selectRow(to);
}

void SequencePanel::onStepFinished(int index)
{
    const StepReport r = m_runner->report(index);
    m_report->scrollTo(m_reportModel->index(index, 0));
    if (r.status == StepReport::Status::Failed)
        setMessage([index, why = r.why] { return tr("Step %1 failed: %2").arg(index + 1).arg(why); }, true);
    else if (r.status == StepReport::Status::Stopped)
        setMessage([index] { return tr("Stopped at step %1.").arg(index + 1); }, true);
}

void SequencePanel::onRunFinished(bool passed)
{
    if (!passed)
        return; // onStepFinished said why
    const int n = m_sequence->count();
    const int done = m_runner->nextStep();
    if (done >= n && m_runner->passedCount() == n) {
        qint64 ms = 0;
        for (const StepReport &r : m_runner->reports())
            ms += r.elapsedMs;
        setMessage([ms, n] {
            const QString time = ms < 1000 ? SequenceReportModel::timeText(ms)
                                           : tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
            return tr("All %n step(s) passed in %1.", "", n).arg(time);
        });
    } else {
        setMessage([done, why = m_runner->report(done - 1).why] {
            return tr("Step %1 passed: %2").arg(done).arg(why);
        });
    }
}

QString SequencePanel::startDir() const
{
    const QString file = m_sequence->fileName();
    if (!file.isEmpty() && !file.startsWith(QLatin1Char(':')))
        return QFileInfo(file).absolutePath();
    return QSettings().value(key::dir, QDir::homePath()).toString();
}

void SequencePanel::updateTemplateNames()
{
    m_template52->setText(demoFolder().isEmpty()
                              ? tr("Seed §5.2: MQTT with SSL (needs your certificate files)")
                              : tr("Seed §5.2: MQTT with SSL (with the demo's certificates)"));
}

bool SequencePanel::loadFile(const QString &path, bool ask, const QString &dataFolder)
{
    if (m_runner->isRunning())
        return false;
    if (ask && m_sequence->isModified() && m_sequence->count() > 0) {
        const auto answer =
            QMessageBox::question(this, tr("Replace the sequence?"),
                                  tr("The current sequence has changes that are not saved. Replace it?"),
                                  QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard)
            return false;
    }
    QList<session::SequenceParseError> errors;
    const QString shown =
        path.startsWith(QLatin1Char(':')) ? QFileInfo(path).fileName() : QDir::toNativeSeparators(path);
    if (!m_sequence->load(path, &errors)) {
        setMessage(
            [shown, errors] {
                QStringList lines;
                for (int i = 0; i < errors.size() && i < kShownLoadErrors; ++i)
                    lines << errors[i].toString();
                if (errors.size() > kShownLoadErrors)
                    lines << tr("… and %n more problem(s)", "", int(errors.size() - kShownLoadErrors));
                return tr("Cannot load %1:").arg(shown) + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
            },
            true);
        return false;
    }
    if (!path.startsWith(QLatin1Char(':')))
        QSettings().setValue(key::dir, QFileInfo(path).absolutePath());
    m_sequence->setDataFolder(dataFolder);
    QStringList missing;
    for (const session::SequenceStep &s : m_sequence->steps())
        if (!s.dataFile.isEmpty() && !QFileInfo::exists(m_sequence->resolveDataFile(s)))
            missing << s.dataFile;
    if (!missing.isEmpty()) {
        setMessage(
            [shown, missing] {
                return tr("Loaded %1. Its upload steps read %2, which are not next to it: save the sequence into "
                          "the folder that holds those files (Save…), or edit those steps and choose your files.")
                    .arg(shown, missing.join(QStringLiteral(", ")));
            },
            true);
    } else if (!dataFolder.isEmpty()) {
        setMessage([shown, dataFolder, n = m_sequence->count()] {
            return tr("Loaded %1: %n step(s). Its upload steps read the demo's certificates (%2); the demo's "
                      "broker has a TLS listener that requires them.",
                      "", n)
                .arg(shown, QDir::toNativeSeparators(dataFolder));
        });
    } else {
        setMessage(
            [shown, n = m_sequence->count()] { return tr("Loaded %1: %n step(s).", "", n).arg(shown); });
    }
    m_progress->reset(); // a new sequence has not run
    selectRow(0);
    return true;
}

bool SequencePanel::save()
{
    const QString file = m_sequence->fileName();
    if (file.isEmpty() || file.startsWith(QLatin1Char(':')))
        return saveAs();
    QString error;
    if (!m_sequence->save(file, &error)) {
        setMessage([error] { return error; }, true);
        return false;
    }
    setMessage([file] { return tr("Saved %1.").arg(QDir::toNativeSeparators(file)); });
    return true;
}

bool SequencePanel::saveAs()
{
    QString suggested = startDir();
    if (!m_sequence->fileName().isEmpty())
        suggested = QDir(suggested).filePath(QFileInfo(m_sequence->fileName()).fileName());
    QString path = QFileDialog::getSaveFileName(this, tr("Save sequence"), suggested,
                                                tr("QMT Scope sequences (*.qmtseq);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".qmtseq");
    QString error;
    if (!m_sequence->save(path, &error)) {
        setMessage([error] { return error; }, true);
        return false;
    }
    QSettings().setValue(key::dir, QFileInfo(path).absolutePath());
    setMessage([path] { return tr("Saved %1.").arg(QDir::toNativeSeparators(path)); });
    return true;
}

// The steps being built survive a restart, like an editor's unsaved buffer; so do the layout.
void SequencePanel::remember()
{
    m_rememberTimer->stop();
    QSettings s;
    s.setValue(key::current, QString::fromUtf8(m_sequence->toText()));
    s.setValue(key::file, m_sequence->fileName());
    s.setValue(key::modified, m_sequence->isModified());
    s.setValue(key::splitter, m_split->saveState());
    s.setValue(key::stepsHeader, m_steps->horizontalHeader()->saveState());
    s.setValue(key::reportHeader, m_report->horizontalHeader()->saveState());
}

void SequencePanel::restore()
{
    QSettings s;
    m_split->restoreState(s.value(key::splitter).toByteArray());
    m_steps->horizontalHeader()->restoreState(s.value(key::stepsHeader).toByteArray());
    m_report->horizontalHeader()->restoreState(s.value(key::reportHeader).toByteArray());
    connect(m_split, &QSplitter::splitterMoved, this, [this] { m_rememberTimer->start(); });
    connect(m_steps->horizontalHeader(), &QHeaderView::sectionResized, this,
            [this] { m_rememberTimer->start(); });
    connect(m_report->horizontalHeader(), &QHeaderView::sectionResized, this,
            [this] { m_rememberTimer->start(); });
    if (m_sequence->count() > 0 || !s.contains(key::current))
        return;
    QList<session::SequenceStep> steps;
    QString name;
    if (!session::Sequence::parse(s.value(key::current).toString().toUtf8(), &steps, &name, nullptr))
        return;
    m_sequence->setSteps(steps);
    m_sequence->setName(name);
    m_sequence->setFileName(s.value(key::file).toString());
    m_sequence->setModified(s.value(key::modified).toBool());
}

QWidget *createSequencePanel(UiContext &ctx, QWidget *parent)
{
    auto *panel = new SequencePanel(ctx.session, ctx.sequence, parent);
    panel->setDemoCertificateFolder(
        [&ctx] { return ctx.demo ? ctx.demo->certificates().folder : QString(); });
    return panel;
}

} // namespace qmt::ui
