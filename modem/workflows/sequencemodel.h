// SPDX-License-Identifier: Apache-2.0
#pragma once
// Item models for the sequence panel: SequenceModel lists a Sequence's steps (command, data,
// expect, timeout, note); SequenceReportModel lists a SequenceRunner's report per step (what was
// sent, passed or failed, time, answer, why). QtCore only: colours are the view's business,
// read from StatusRole.

#include <QAbstractTableModel>
#include <QPointer>

namespace qmt::session {

class Sequence;
class SequenceRunner;
struct SequenceStep;

class SequenceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Command, Data, Expect, Timeout, Note, ColumnCount };

    explicit SequenceModel(Sequence *sequence, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The row shown with a marker in the vertical header (the step that runs next), -1 none.
    void setMarkedRow(int row);
    int markedRow() const { return m_marked; }
    // The language changed: every text is read again.
    void retranslate();

    // How a step's fields read in the list (also used by the step editor).
    static QString dataText(const SequenceStep &step);    // escaped text, "hex …" or "file: …"
    static QString expectText(const SequenceStep &step);  // expectations joined, or "(succeeds)"
    static QString timeoutText(const SequenceStep &step); // "5 s", "300 ms", "auto"

private:
    QPointer<Sequence> m_sequence;
    int m_rows = 0;
    int m_marked = -1;
};

class SequenceReportModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Command, Result, Time, Answer, Why, ColumnCount };
    enum Role { StatusRole = Qt::UserRole + 1 }; // int(StepReport::Status) on every column

    explicit SequenceReportModel(SequenceRunner *runner, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // The language changed: every text is read again.
    void retranslate();
    // "passed", "failed", … as the Result column shows them (translated).
    static QString statusText(int status);
    // The Time column's text for a duration.
    static QString timeText(qint64 ms);

private:
    void rowChanged(int row);

    QPointer<SequenceRunner> m_runner;
    int m_rows = 0;
};

} // namespace qmt::session
