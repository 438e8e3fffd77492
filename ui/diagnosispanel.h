// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Diagnosis panel (issue 9): what went wrong in the session shown — live or an imported log —
// per slot, in time order, each failure with what it means, its likely causes, the fix and the
// command that caused it (workflows/diagnosis.h). It follows the session as it runs; a finding
// of an imported log double-clicked shows its line's traffic row; "Copy Report" puts the text on
// the clipboard.

#include "uicontext.h"
#include "workflows/diagnosis.h"
#include "workflows/logreplay.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace qmt::ui {

class DiagnosisPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DiagnosisPanel(session::Session *session, QWidget *parent = nullptr);
    ~DiagnosisPanel() override;

    // The log now shown (its import's findings join, its line numbers are shown).
    void setImportedLog(std::shared_ptr<const session::ImportedLog> log);
    QTreeWidget *tree() const { return m_tree; }
    const session::Diagnosis *diagnosis() const { return m_diagnosis.get(); }
    QString reportText() const;
    void refresh(); // rebuilds the list now (else on a short timer after new findings)

signals:
    void showTrafficRow(qsizetype row);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restart();
    void retranslate();
    QString where(qint64 offset) const;

    session::Session *m_session;
    std::unique_ptr<session::Diagnosis> m_diagnosis;
    std::shared_ptr<const session::ImportedLog> m_log;
    QLabel *m_summary = nullptr;
    QPushButton *m_copy = nullptr;
    QTreeWidget *m_tree = nullptr;
    QTimer m_refresh;
    int m_observer = 0;
    std::size_t m_shown = std::size_t(-1); // findings shown, to rebuild only on change
};

} // namespace qmt::ui
