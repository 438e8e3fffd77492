// SPDX-License-Identifier: Apache-2.0
#include "diagnosispanel.h"

#include "timelinepainter.h"
#include "timelineview.h"

#include "io/session.h"
#include "models/trafficmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace qmt::ui {

namespace {
constexpr int kOffsetRole = Qt::UserRole + 1;
}

DiagnosisPanel::DiagnosisPanel(session::Session *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("diagnosisPanel"));
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("diagnosisSummary"));
    m_summary->setWordWrap(true);
    top->addWidget(m_summary, 1);
    m_copy = new QPushButton(this);
    m_copy->setObjectName(QStringLiteral("copyDiagnosis"));
    top->addWidget(m_copy);
    layout->addLayout(top);

    auto *timelineBox = new QWidget(this);
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    auto *timelineBar = new QHBoxLayout;
    m_timelineHint = new QLabel(timelineBox);
    m_timelineHint->setObjectName(QStringLiteral("timelineHint"));
    timelineBar->addWidget(m_timelineHint, 1);
    m_fit = new QPushButton(timelineBox);
    m_fit->setObjectName(QStringLiteral("timelineFit"));
    timelineBar->addWidget(m_fit);
    m_savePicture = new QPushButton(timelineBox);
    m_savePicture->setObjectName(QStringLiteral("timelineSave"));
    timelineBar->addWidget(m_savePicture);
    timelineLayout->addLayout(timelineBar);
    m_timelineView = new TimelineView(timelineBox);
    timelineLayout->addWidget(m_timelineView, 1);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("diagnosisTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderHidden(true);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("diagnosisSplitter"));
    m_splitter->addWidget(timelineBox);
    m_splitter->addWidget(m_tree);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    layout->addWidget(m_splitter, 1);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(250); // coalesces a flood of events
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
        else
            m_stale = true; // (a flood, or a large journal read, behind another tab)
    });
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(reportText()); });
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const qint64 offset = item->data(0, kOffsetRole).toLongLong();
        if (m_log && offset >= 0) {
            const qsizetype row = m_log->rowOfLine(m_log->import.lineAt(offset));
            if (row >= 0)
                emit showTrafficRow(row);
        }
    });
    connect(m_fit, &QPushButton::clicked, m_timelineView, &TimelineView::fit);
    connect(m_timelineView, &TimelineView::rangeChanged, this,
            [this] { m_fit->setEnabled(!m_timelineView->isFit()); });
    connect(m_timelineView, &TimelineView::itemActivated, this, [this](qint64 row, qint64) {
        if (row >= 0 && row < m_session->trafficModel()->frameCount())
            emit showTrafficRow(qsizetype(row));
    });
    connect(m_savePicture, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save Timeline Picture"), QStringLiteral("timeline.png"),
                                         tr("PNG image (*.png);;SVG drawing (*.svg)"));
        QString error;
        if (!path.isEmpty() && !saveTimeline(path, &error))
            QMessageBox::warning(this, tr("Save Timeline Picture"), error);
    });
    connect(session, &session::Session::replayStarted, this, [this] {
        m_log.reset();
        restart();
    });
    connect(session, &session::Session::replayFinished, this, [this] {
        m_diagnosis->finish();
        refresh();
    });
    restart();
    retranslate();
}

DiagnosisPanel::~DiagnosisPanel()
{
    m_timelineView->setTimeline(nullptr);
    m_session->pipeline().removeObserver(m_observer);
}

bool DiagnosisPanel::saveTimeline(const QString &path, QString *error) const
{
    session::Timeline::View view;
    view.width = std::max(1000, m_timelineView->width());
    view.from = m_timelineView->from();
    view.to = m_timelineView->to();
    const session::TimelineScene scene = m_timeline->layout(view);
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok && path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        ok = file.write(session::toSvg(scene)) >= 0;
    else if (ok)
        ok = paint::timelineImage(scene, 2).save(&file, "PNG");
    ok = ok && file.commit();
    if (!ok && error)
        *error = tr("The picture could not be written to %1: %2").arg(path, file.errorString());
    return ok;
}

void DiagnosisPanel::restart()
{
    if (m_observer)
        m_session->pipeline().removeObserver(m_observer);
    m_diagnosis.reset(); // (removes its observer before the new one comes)
    m_diagnosis = std::make_unique<session::Diagnosis>(m_session->pipeline());
    // Only a customer's log needs where each prompt and data frame was (its length findings);
    // a live session or a journal would grow that index for as long as it runs.
    m_diagnosis->setKeepDataIndex(std::exchange(m_expectLog, false));
    m_timelineView->setTimeline(nullptr);
    // Added after the traffic model's observer: the row of the event being seen exists.
    m_timeline = std::make_unique<session::Timeline>(
        m_session->pipeline(), [traffic = m_session->trafficModel()] { return traffic->frameCount() - 1; });
    // A log without times was stamped by the system clock while it was read: draw it in order.
    m_timeline->setByOrder(m_session->showsReplay() &&
                           m_session->pipeline().clock() == session::SystemClock::instance());
    m_timelineView->setTimeline(m_timeline.get());
    m_observer = m_session->pipeline().addObserver([this](const at::AtEvent &) {
        if (!m_refresh.isActive())
            m_refresh.start();
    });
    m_shown = std::size_t(-1);
    refresh();
}

void DiagnosisPanel::setImportedLog(std::shared_ptr<const session::ImportedLog> log)
{
    m_log = std::move(log);
    if (m_log)
        m_diagnosis->addImportFindings(m_log->import);
    m_shown = std::size_t(-1);
    refresh();
}

QString DiagnosisPanel::where(qint64 offset) const
{
    if (!m_log || offset < 0)
        return {};
    return tr("line %1").arg(m_log->import.lineAt(offset));
}

QString DiagnosisPanel::reportText() const
{
    QString text = m_diagnosis->toText([this](qint64 o) { return where(o); });
    if (m_log)
        text = tr("Log: %1").arg(m_log->name) + QLatin1Char('\n') + m_log->import.summary() +
               QLatin1Char('\n') + text;
    return text;
}

void DiagnosisPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void DiagnosisPanel::refresh()
{
    m_stale = false;
    if (m_diagnosis->listedCount() == m_shown && m_diagnosis->repeatCount() == m_shownRepeats)
        return;
    const std::vector<session::Finding> all = m_diagnosis->findings();
    m_shown = all.size();
    m_shownRepeats = m_diagnosis->repeatCount();
    m_tree->clear();
    const int errors = m_diagnosis->errorCount();
    m_summary->setText(all.empty() ? tr("No failure found in this session.")
                                   : tr("%n error(s)", nullptr, errors) + QStringLiteral(", ") +
                                         tr("%n finding(s) in all", nullptr, int(all.size())) +
                                         (m_log ? QStringLiteral(" — ") + m_log->name : QString()));
    m_copy->setEnabled(!all.empty());
    QStyle *st = style();
    const QIcon icons[] = {st->standardIcon(QStyle::SP_MessageBoxCritical),
                           st->standardIcon(QStyle::SP_MessageBoxWarning),
                           st->standardIcon(QStyle::SP_MessageBoxInformation)};
    for (int slot = -1; slot < state::kSlotCount; ++slot) {
        QTreeWidgetItem *group = nullptr;
        for (const session::Finding &f : all) {
            if (f.slot != slot)
                continue;
            if (!group) {
                group = new QTreeWidgetItem(m_tree, {slot < 0 ? tr("Module") : tr("Slot %1").arg(slot)});
                QFont bold = group->font(0);
                bold.setBold(true);
                group->setFont(0, bold);
                group->setFirstColumnSpanned(true);
                group->setExpanded(true);
            }
            const QString at = where(f.offset);
            const QString what =
                f.repeats > 0 ? tr("%1 (and %n more time(s))", nullptr, f.repeats).arg(f.what) : f.what;
            auto *item = new QTreeWidgetItem(group, {at.isEmpty() ? QString() : at, what});
            item->setIcon(0, icons[int(f.severity)]);
            item->setData(0, kOffsetRole, f.offset);
            item->setToolTip(1, f.what);
            auto detail = [&](const QString &label, const QString &text) {
                if (text.isEmpty())
                    return;
                auto *d = new QTreeWidgetItem(item, {label, text});
                d->setData(0, kOffsetRole, f.offset);
                d->setToolTip(1, text);
            };
            detail(tr("Seen"), QString::fromUtf8(f.evidence));
            const QString cat = where(f.causeOffset);
            detail(tr("After"), QString::fromUtf8(f.command) +
                                    (cat.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(cat)));
            detail(tr("Means"), f.meaning);
            detail(tr("Likely"), f.causes);
            detail(tr("Fix"), f.fix);
            if (f.repeats > 0) {
                const QString lat = where(f.lastOffset);
                detail(tr("Again"),
                       tr("seen %n more time(s) after this one, not listed again", nullptr, f.repeats) +
                           (lat.isEmpty() ? QString() : tr("; the last at %1").arg(lat)));
            }
            item->setExpanded(f.severity == session::Finding::Severity::Error);
        }
    }
}

void DiagnosisPanel::retranslate()
{
    m_copy->setText(tr("Copy Report"));
    m_copy->setToolTip(tr("Copy the diagnosis as text (no secrets)"));
    m_fit->setText(tr("Fit"));
    m_fit->setToolTip(tr("Show the whole session (double-click the timeline, or press 0)"));
    m_fit->setEnabled(!m_timelineView->isFit());
    m_savePicture->setText(tr("Save Picture…"));
    m_savePicture->setToolTip(tr("Save the timeline as shown, as PNG or SVG"));
    m_timelineHint->setText(tr("Timeline — wheel: zoom, drag: pan, click a mark: its traffic row"));
    m_shown = std::size_t(-1);
    refresh();
}

void DiagnosisPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QWidget *createDiagnosisPanel(UiContext &ctx, QWidget *parent)
{
    return new DiagnosisPanel(ctx.session, parent);
}

} // namespace qmt::ui
