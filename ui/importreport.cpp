// SPDX-License-Identifier: Apache-2.0
#include "importreport.h"

#include <QBrush>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPalette>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace qmt::ui {

using session::LogImport;

ImportLinesModel::ImportLinesModel(std::shared_ptr<const session::ImportedLog> log, QObject *parent)
    : QAbstractTableModel(parent), m_log(std::move(log))
{
}

bool ImportLinesModel::isFlagged(const LogImport::Line &l)
{
    return l.kind == LogImport::Kind::Unreadable ||
           (l.fixes & (LogImport::DataLeftOut | LogImport::LengthMismatch | LogImport::LengthDropped |
                       LogImport::GuessedPrefix));
}

int ImportLinesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_log->import.lines().size());
}

int ImportLinesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportLinesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || std::size_t(index.row()) >= m_log->import.lines().size())
        return {};
    const LogImport::Line &l = m_log->import.lines()[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LineColumn:
            return l.number;
        case TextColumn:
            return QString::fromUtf8(
                m_log->lineText(l.number).first(std::min<qsizetype>(m_log->lineText(l.number).size(), 400)));
        case ReadColumn:
            return l.explanation();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return index.column() == ReadColumn ? l.explanation() : QVariant();
    case Qt::ForegroundRole:
        if (l.kind == LogImport::Kind::Note || l.kind == LogImport::Kind::Blank)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case Qt::BackgroundRole:
        return isFlagged(l) ? QBrush(QColor(255, 196, 0, 70)) : QVariant();
    case FlaggedRole:
        return isFlagged(l);
    case LineRole:
        return l.number;
    default:
        return {};
    }
}

QVariant ImportLinesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LineColumn:
        return tr("Line");
    case TextColumn:
        return tr("In the log");
    case ReadColumn:
        return tr("Read as");
    default:
        return {};
    }
}

ImportReport::ImportReport(std::shared_ptr<const session::ImportedLog> log, QWidget *parent)
    : QDialog(parent), m_log(std::move(log))
{
    setObjectName(QStringLiteral("importReport"));
    m_model = new ImportLinesModel(m_log, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(ImportLinesModel::FlaggedRole);

    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_onlyFlagged = new QCheckBox(this);
    m_onlyFlagged->setObjectName(QStringLiteral("onlyFlagged"));
    layout->addWidget(m_onlyFlagged);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("importLines"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(ImportLinesModel::LineColumn,
                            m_table->fontMetrics().horizontalAdvance(QStringLiteral("000000")));
    m_table->setColumnWidth(ImportLinesModel::TextColumn, 420);
    layout->addWidget(m_table, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_onlyFlagged, &QCheckBox::toggled, this, &ImportReport::applyFilter);
    connect(m_table, &QAbstractItemView::activated, this,
            [this](const QModelIndex &i) { emit lineActivated(i.data(ImportLinesModel::LineRole).toInt()); });
    // With lines flagged, they are what the reader needs first
    const auto &c = m_log->import.counts();
    m_onlyFlagged->setChecked(c.unreadable + c.dataLeftOut + c.lengthMismatches > 0);
    applyFilter();
    retranslate();
    resize(960, 560);
}

int ImportReport::visibleLines() const
{
    return m_proxy->rowCount();
}

void ImportReport::applyFilter()
{
    m_proxy->setFilterFixedString(m_onlyFlagged->isChecked() ? QStringLiteral("true") : QString());
}

void ImportReport::retranslate()
{
    setWindowTitle(tr("Imported log — %1").arg(m_log->name));
    m_summary->setText(m_log->import.summary() + QLatin1Char(' ') +
                       tr("Double-click a line to see its traffic."));
    m_onlyFlagged->setText(
        tr("Only lines that need a look (not understood, data left out, lengths that differ)"));
}

void ImportReport::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace qmt::ui
