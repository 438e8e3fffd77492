// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Diagnosis panel (issue 9): what went wrong in the session shown — live or an imported log —
// per slot, in time order, each failure with what it means, its likely causes, the fix and the
// command that caused it (workflows/diagnosis.h). It follows the session as it runs; a finding
// of an imported log double-clicked shows its line's traffic row; "Copy Report" puts the text on
// the clipboard. Above the findings, the session's timeline (timelineview.h): a click on a mark
// shows its traffic row; "Save Picture" writes it as PNG or SVG.

#include "uicontext.h"
#include "workflows/diagnosis.h"
#include "workflows/logreplay.h"
#include "workflows/timeline.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QSplitter;
class QTreeWidget;
class QTreeWidgetItem;

namespace qmt::ui {

class TimelineView;

class DiagnosisPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DiagnosisPanel(session::Session *session, QWidget *parent = nullptr);
    ~DiagnosisPanel() override;

    // The log now shown (its import's findings join, its line numbers are shown).
    void setImportedLog(std::shared_ptr<const session::ImportedLog> log);
    // The next replay is a customer's log (its import findings follow with setImportedLog()):
    // the diagnosis keeps its index of prompts and data for it, and for nothing else.
    void expectImportedLog() { m_expectLog = true; }
    QTreeWidget *tree() const { return m_tree; }
    const session::Diagnosis *diagnosis() const { return m_diagnosis.get(); }
    const session::Timeline *timeline() const { return m_timeline.get(); }
    TimelineView *timelineView() const { return m_timelineView; }
    // Writes the timeline as shown (PNG, or SVG by the name's suffix); false with *error set.
    bool saveTimeline(const QString &path, QString *error) const;
    QString reportText() const;
    void refresh(); // rebuilds the list now (else on a short timer after new findings)

signals:
    void showTrafficRow(qsizetype row);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void restart();
    bool m_expectLog = false;
    void retranslate();
    QString where(qint64 offset) const;

    session::Session *m_session;
    std::unique_ptr<session::Diagnosis> m_diagnosis;
    std::unique_ptr<session::Timeline> m_timeline;
    std::shared_ptr<const session::ImportedLog> m_log;
    QLabel *m_summary = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_fit = nullptr;
    QPushButton *m_savePicture = nullptr;
    QLabel *m_timelineHint = nullptr;
    TimelineView *m_timelineView = nullptr;
    QSplitter *m_splitter = nullptr;
    QTreeWidget *m_tree = nullptr;
    QTimer m_refresh;
    int m_observer = 0;
    std::size_t m_shown = std::size_t(-1); // findings shown, to rebuild only on change
    qint64 m_shownRepeats = -1;            // ... and their repeats
    bool m_stale = false;                  // changed while hidden: rebuilt when shown
};

} // namespace qmt::ui
