// SPDX-License-Identifier: Apache-2.0
#include "reproducedialog.h"

#include "at/redact.h"
#include "io/session.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace qmt::ui {

using session::CompareRow;
using session::StepComparison;

namespace {

enum Column { StepColumn, TheirsColumn, MarkColumn, OursColumn, ColumnCount };

} // namespace

ReproduceDialog::ReproduceDialog(session::Session *session, std::shared_ptr<const session::ImportedLog> log,
                                 std::function<QString()> against, QWidget *parent)
    : QDialog(parent), m_session(session), m_log(std::move(log)), m_against(std::move(against))
{
    setObjectName(QStringLiteral("reproduceDialog"));
    auto *layout = new QVBoxLayout(this);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("reproduceSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_progress = new QProgressBar(this);
    layout->addWidget(m_progress);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("reproduceTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(StepColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(TheirsColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(MarkColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(OursColumn, QHeaderView::Stretch);
    layout->addWidget(m_tree, 1);
    auto *buttons = new QHBoxLayout;
    m_pauses = new QCheckBox(this);
    m_pauses->setObjectName(QStringLiteral("reproducePauses"));
    m_pauses->setChecked(true);
    layout->insertWidget(1, m_pauses);
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("reproduceRun"));
    m_run->setDefault(true);
    m_stop = new QPushButton(this);
    m_copy = new QPushButton(this);
    m_copy->setObjectName(QStringLiteral("reproduceCopy"));
    m_close = new QPushButton(this);
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);
    resize(980, 620);

    connect(m_run, &QPushButton::clicked, this, &ReproduceDialog::run);
    connect(m_pauses, &QCheckBox::toggled, this, [this] {
        if (!isRunning())
            build();
    });
    connect(m_stop, &QPushButton::clicked, this, &ReproduceDialog::stop);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        if (comparison())
            QApplication::clipboard()->setText(comparison()->toText(m_ourSide));
    });
    connect(session, &session::Session::opened, this, &ReproduceDialog::updateState);
    connect(session, &session::Session::closed, this, [this] {
        if (isRunning())
            stop();
        updateState();
    });
    build();
}

void ReproduceDialog::build()
{
    session::Reproduction::Options options;
    if (!m_pauses->isChecked())
        options.maxDelay = std::chrono::milliseconds(0);
    m_reproduction = session::Reproduction::fromLog(m_log->import, options);
    m_progress->setRange(0, std::max(1, m_reproduction.count()));
    m_progress->setValue(0);
    m_finished = false;
    retranslate();
    showLogged();
}

ReproduceDialog::~ReproduceDialog() = default;

bool ReproduceDialog::isRunning() const
{
    return m_reproducer && m_reproducer->isRunning();
}

void ReproduceDialog::run()
{
    if (isRunning() || !m_session->isOpen() || m_reproduction.count() == 0)
        return;
    m_finished = false;
    m_ourSide = m_against ? m_against() : QString();
    m_reproducer = std::make_unique<session::Reproducer>(&m_session->channel(), &m_session->pipeline());
    connect(m_reproducer.get(), &session::Reproducer::stepFinished, this, [this](int index) {
        m_progress->setValue(index + 1);
        m_summary->setText(
            tr("Step %1 of %2 played against %3…").arg(index + 1).arg(m_reproduction.count()).arg(m_ourSide));
    });
    connect(m_reproducer.get(), &session::Reproducer::finished, this, [this] {
        m_finished = true;
        showComparison();
        updateState();
        emit finished();
    });
    m_progress->setValue(0);
    showLogged();
    m_summary->setText(tr("Playing %n step(s) against %1…", nullptr, m_reproduction.count()).arg(m_ourSide));
    m_reproducer->start(m_reproduction);
    updateState();
}

void ReproduceDialog::stop()
{
    if (isRunning())
        m_reproducer->stop();
    updateState();
}

void ReproduceDialog::reject()
{
    stop();
    QDialog::reject();
}

void ReproduceDialog::showLogged()
{
    m_tree->clear();
    const QList<session::ReproStep> &steps = m_reproduction.steps();
    for (int i = 0; i < steps.size(); ++i) {
        const session::ReproStep &s = steps[i];
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(StepColumn, QString::number(i + 1));
        item->setText(TheirsColumn,
                      QString::fromUtf8(at::redactSecrets(s.step.command)) +
                          (s.commandLine > 0 ? QStringLiteral("   (%1)").arg(tr("line %1").arg(s.commandLine))
                                             : QString()));
        item->setFirstColumnSpanned(false);
        for (const session::LoggedLine &l : s.answers) {
            auto *row = new QTreeWidgetItem(item);
            row->setText(TheirsColumn, QString::fromUtf8(l.text));
            if (!s.compared(l))
                row->setForeground(TheirsColumn, palette().color(QPalette::PlaceholderText));
        }
    }
}

void ReproduceDialog::showComparison()
{
    m_tree->clear();
    const session::Comparison &cmp = m_reproducer->comparison();
    const QColor bad(0xfd, 0xe2, 0xe1), good = palette().color(QPalette::Base);
    QTreeWidgetItem *first = nullptr;
    for (const StepComparison &s : cmp.steps()) {
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(StepColumn, QString::number(s.index + 1));
        item->setText(TheirsColumn,
                      QString::fromUtf8(s.command) +
                          (s.commandLine > 0 ? QStringLiteral("   (%1)").arg(tr("line %1").arg(s.commandLine))
                                             : QString()));
        item->setText(OursColumn, session::Comparison::statusText(s.status) +
                                      (s.verdict.isEmpty() ? QString() : QStringLiteral(" — ") + s.verdict));
        item->setToolTip(OursColumn, item->text(OursColumn));
        QFont f = item->font(TheirsColumn);
        f.setBold(true);
        item->setFont(TheirsColumn, f);
        for (const CompareRow &r : s.rows) {
            auto *row = new QTreeWidgetItem(item);
            row->setText(TheirsColumn,
                         QString::fromUtf8(r.theirs) +
                             (r.theirLine > 0 ? QStringLiteral("   (%1)").arg(tr("line %1").arg(r.theirLine))
                                              : QString()));
            row->setText(MarkColumn, QString(session::Comparison::markOf(r.status)).trimmed());
            row->setTextAlignment(MarkColumn, Qt::AlignCenter);
            row->setText(OursColumn, QString::fromUtf8(r.ours));
            if (r.status == CompareRow::Status::Shown) {
                row->setForeground(TheirsColumn, palette().color(QPalette::PlaceholderText));
                row->setForeground(OursColumn, palette().color(QPalette::PlaceholderText));
            } else if (r.status != CompareRow::Status::Same) {
                for (int c = 0; c < ColumnCount; ++c)
                    row->setBackground(c, bad);
            }
        }
        item->setExpanded(s.diverges());
        if (s.firstDivergence) {
            first = item;
            for (int c = 0; c < ColumnCount; ++c) {
                item->setBackground(c, bad);
                item->setForeground(c, QColor(0xb7, 0x1c, 0x1c));
            }
            item->setText(StepColumn, QStringLiteral("▶ %1").arg(s.index + 1));
            item->setToolTip(StepColumn, tr("The first divergence"));
        } else {
            item->setBackground(OursColumn, good);
        }
    }
    const int same = cmp.count(StepComparison::Status::Same);
    if (first) {
        const StepComparison &s = cmp.steps()[cmp.firstDivergence()];
        m_summary->setText(
            tr("First divergence at step %1 (%2): %3 — %4 of %n step(s) answered alike.", nullptr,
               int(cmp.steps().size()))
                .arg(s.index + 1)
                .arg(s.commandLine > 0 ? tr("line %1").arg(s.commandLine) : QString::fromUtf8(s.command))
                .arg(session::Comparison::statusText(s.status))
                .arg(same));
        m_tree->setCurrentItem(first);
        m_tree->scrollToItem(first, QAbstractItemView::PositionAtTop);
    } else {
        m_summary->setText(
            tr("%1 answered as the log shows: %n step(s) alike.", nullptr, same).arg(m_ourSide));
    }
}

void ReproduceDialog::updateState()
{
    const bool running = isRunning();
    const bool open = m_session->isOpen();
    m_run->setEnabled(!running && open && m_reproduction.count() > 0);
    m_pauses->setEnabled(!running);
    m_stop->setEnabled(running);
    m_copy->setEnabled(m_finished);
    if (!running && !m_finished) {
        if (m_reproduction.count() == 0)
            m_summary->setText(tr("%1 shows no command of the host: nothing to play.").arg(m_log->name));
        else if (!open)
            m_summary->setText(
                tr("Open the module's port, or start the demo (File > Demo Mode), then press Play."));
        else
            m_summary->setText(tr("Press Play to send these commands and compare the answers."));
    }
}

void ReproduceDialog::retranslate()
{
    setWindowTitle(tr("Reproduce %1").arg(m_log->name));
    const int holes = m_reproduction.placeholders();
    QString intro = tr("%n command(s) of the host from %1; each step expects the customer's answer.", nullptr,
                       m_reproduction.count())
                        .arg(m_log->name);
    if (holes > 0)
        intro += QLatin1Char(' ') + tr("%n step(s) send stand-in data: the log left it out.", nullptr, holes);
    m_intro->setText(intro);
    if (m_pauses->isChecked()) { // the pauses as the log has them (and the same when unticked)
        m_pausedMs = 0;
        for (const session::SequenceStep &step : m_reproduction.sequenceSteps())
            m_pausedMs += step.delay.count();
    }
    m_pauses->setText(
        tr("Keep the log's pauses between commands (%1 s in all)").arg(double(m_pausedMs) / 1000, 0, 'f', 1));
    m_pauses->setVisible(m_log->import.hasTimes());
    m_tree->setHeaderLabels({tr("Step"), tr("The log (customer)"), QString(), tr("Ours")});
    m_run->setText(tr("Play"));
    m_stop->setText(tr("Stop"));
    m_copy->setText(tr("Copy as Text"));
    m_close->setText(tr("Close"));
    if (m_finished)
        showComparison();
    updateState();
}

void ReproduceDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace qmt::ui
