// SPDX-License-Identifier: Apache-2.0
#include "diagnosispanel.h"

#include "io/session.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

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
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("diagnosisTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderHidden(true);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    layout->addWidget(m_tree, 1);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(250); // coalesces a flood of events
    connect(&m_refresh, &QTimer::timeout, this, &DiagnosisPanel::refresh);
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
    m_session->pipeline().removeObserver(m_observer);
}

void DiagnosisPanel::restart()
{
    if (m_observer)
        m_session->pipeline().removeObserver(m_observer);
    m_diagnosis.reset(); // (removes its observer before the new one comes)
    m_diagnosis = std::make_unique<session::Diagnosis>(m_session->pipeline());
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

void DiagnosisPanel::refresh()
{
    const std::vector<session::Finding> all = m_diagnosis->findings();
    if (all.size() == m_shown)
        return;
    m_shown = all.size();
    m_tree->clear();
    const int errors = m_diagnosis->errorCount();
    m_summary->setText(all.empty() ? tr("No failure found in this session.")
                                   : tr("%n error(s)", nullptr, errors) + QStringLiteral(", ") +
                                         tr("%n finding(s) in all", nullptr, int(all.size())) +
                                         (m_log ? QStringLiteral(" — ") + m_log->name : QString()));
    m_copy->setEnabled(!all.empty());
    QStyle *st = style();
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
            auto *item = new QTreeWidgetItem(group, {at.isEmpty() ? QString() : at, f.what});
            item->setIcon(0, st->standardIcon(f.severity == session::Finding::Severity::Error
                                                  ? QStyle::SP_MessageBoxCritical
                                              : f.severity == session::Finding::Severity::Warning
                                                  ? QStyle::SP_MessageBoxWarning
                                                  : QStyle::SP_MessageBoxInformation));
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
            item->setExpanded(f.severity == session::Finding::Severity::Error);
        }
    }
}

void DiagnosisPanel::retranslate()
{
    m_copy->setText(tr("Copy Report"));
    m_copy->setToolTip(tr("Copy the diagnosis as text (no secrets)"));
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
