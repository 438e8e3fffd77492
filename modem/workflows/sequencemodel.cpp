// SPDX-License-Identifier: Apache-2.0
#include "workflows/sequencemodel.h"

#include "workflows/sequence.h"
#include "workflows/sequencerunner.h"

namespace qmt::session {

namespace {
constexpr int kShownDataBytes = 200; // the list shows this much of a payload; the tooltip all of it

QString escapedText(QByteArrayView bytes, qsizetype limit)
{
    const QByteArray e = Sequence::escape(bytes.first(qMin(bytes.size(), limit)));
    QString s = QString::fromUtf8(e);
    if (bytes.size() > limit)
        s += QChar(0x2026);
    return s;
}
} // namespace

// ---- SequenceModel ----

SequenceModel::SequenceModel(Sequence *sequence, QObject *parent)
    : QAbstractTableModel(parent), m_sequence(sequence), m_rows(sequence ? sequence->count() : 0)
{
    if (sequence)
        connect(sequence, &Sequence::changed, this, [this] {
            beginResetModel();
            m_rows = m_sequence ? m_sequence->count() : 0;
            endResetModel();
        });
}

int SequenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int SequenceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SequenceModel::dataText(const SequenceStep &step)
{
    if (!step.dataFile.isEmpty())
        return tr("file: %1").arg(step.dataFile);
    return escapedText(step.data, kShownDataBytes);
}

QString SequenceModel::expectText(const SequenceStep &step)
{
    const QByteArrayList e = step.expectations();
    if (e.isEmpty())
        return tr("(succeeds)");
    return QString::fromUtf8(e.join("  ·  "));
}

QString SequenceModel::timeoutText(const SequenceStep &step)
{
    const qint64 ms = step.timeout.count();
    if (ms <= 0)
        return tr("auto");
    if (ms % 1000 == 0)
        return tr("%1 s").arg(ms / 1000);
    return tr("%1 ms").arg(ms);
}

QVariant SequenceModel::data(const QModelIndex &index, int role) const
{
    if (!m_sequence || !index.isValid() || index.row() >= m_sequence->count())
        return {};
    const SequenceStep &s = m_sequence->steps().at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Command:
            return QString::fromUtf8(s.command);
        case Data:
            return dataText(s);
        case Expect:
            return expectText(s);
        case Timeout:
            return timeoutText(s);
        case Note:
            return s.note;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Command:
            return QString::fromUtf8(s.command);
        case Data:
            if (!s.dataFile.isEmpty())
                return m_sequence->resolveDataFile(s);
            return s.data.isEmpty()
                       ? QVariant()
                       : tr("%n byte(s): %1", "", int(s.data.size())).arg(escapedText(s.data, 4096));
        case Expect:
            return s.expect.isEmpty() ? tr("The command succeeds") : QString::fromUtf8(s.expect);
        case Note:
            return s.note.isEmpty() ? QVariant() : s.note;
        default:
            return {};
        }
    }
    return {};
}

QVariant SequenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section == m_marked ? QStringLiteral("\u25B6 %1").arg(section + 1)
                                   : QString::number(section + 1);
    switch (section) {
    case Command:
        return tr("Command");
    case Data:
        return tr("Data");
    case Expect:
        return tr("Expect");
    case Timeout:
        return tr("Timeout");
    case Note:
        return tr("Note");
    default:
        return {};
    }
}

void SequenceModel::setMarkedRow(int row)
{
    if (row == m_marked)
        return;
    const int old = m_marked;
    m_marked = row;
    for (int r : {old, row})
        if (r >= 0 && r < m_rows)
            emit headerDataChanged(Qt::Vertical, r, r);
}

void SequenceModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (m_rows > 0)
        emit dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
}

// ---- SequenceReportModel ----

SequenceReportModel::SequenceReportModel(SequenceRunner *runner, QObject *parent)
    : QAbstractTableModel(parent), m_runner(runner), m_rows(int(runner->reports().size()))
{
    connect(runner, &SequenceRunner::reportsReset, this, [this] {
        beginResetModel();
        m_rows = m_runner ? int(m_runner->reports().size()) : 0;
        endResetModel();
    });
    connect(runner, &SequenceRunner::stepStarted, this, &SequenceReportModel::rowChanged);
    connect(runner, &SequenceRunner::stepFinished, this, &SequenceReportModel::rowChanged);
}

void SequenceReportModel::rowChanged(int row)
{
    if (row >= 0 && row < m_rows)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void SequenceReportModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (m_rows > 0)
        emit dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
}

QString SequenceReportModel::statusText(int status)
{
    switch (StepReport::Status(status)) {
    case StepReport::Status::Pending:
        return QString();
    case StepReport::Status::Running:
        return tr("running…");
    case StepReport::Status::Passed:
        return tr("passed");
    case StepReport::Status::Failed:
        return tr("failed");
    case StepReport::Status::Stopped:
        return tr("stopped");
    }
    return {};
}

QString SequenceReportModel::timeText(qint64 ms)
{
    return tr("%1 ms").arg(ms);
}

int SequenceReportModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int SequenceReportModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SequenceReportModel::data(const QModelIndex &index, int role) const
{
    if (!m_runner || !index.isValid() || index.row() >= m_runner->reports().size())
        return {};
    const StepReport &r = m_runner->reports().at(index.row());
    if (role == StatusRole)
        return int(r.status);
    const QByteArrayList all = r.answer + r.urcs;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Command:
            if (r.sent.isEmpty() && m_runner->sequence() && index.row() < m_runner->sequence()->count())
                return QString::fromUtf8(m_runner->sequence()->steps().at(index.row()).command);
            return QString::fromUtf8(r.sent);
        case Result:
            return statusText(int(r.status));
        case Time:
            return r.finished() && r.answered ? timeText(r.elapsedMs) : QString();
        case Answer: {
            QStringList parts;
            for (const QByteArray &l : all)
                parts << QString::fromUtf8(l);
            return parts.join(QStringLiteral("  ·  "));
        }
        case Why:
            return r.why;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Answer && !all.isEmpty()) {
            QString t = QString::fromUtf8(r.answer.join('\n'));
            if (!r.urcs.isEmpty())
                t += QLatin1Char('\n') + tr("Also received:") + QLatin1Char('\n') +
                     QString::fromUtf8(r.urcs.join('\n'));
            return t;
        }
        if (index.column() == Why && !r.why.isEmpty())
            return r.why;
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() == Time)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant SequenceReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return QString::number(section + 1);
    switch (section) {
    case Command:
        return tr("Sent");
    case Result:
        return tr("Result");
    case Time:
        return tr("Time");
    case Answer:
        return tr("Answer");
    case Why:
        return tr("Details");
    default:
        return {};
    }
}

} // namespace qmt::session
