// SPDX-License-Identifier: Apache-2.0
#pragma once
// SequencePanel: the sequence being built (steps added here or from the forms, edited, moved,
// saved and loaded as a .qmtseq text file, or taken from the seed's templates) and its run —
// all steps or one at a time, with progress and a report per step coloured by its verdict.
// The running is SequenceRunner's (modem/session); this panel only shows and asks.

#include <QPointer>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QWidget>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QTableView;
class QToolBar;
class QToolButton;

namespace qmt::session {
class Sequence;
class SequenceModel;
class SequenceReportModel;
class SequenceRunner;
class Session;
struct SequenceStep;
} // namespace qmt::session

namespace qmt::ui {

struct UiContext;

// Tints a report row by its verdict (passed, failed, running, stopped), from the palette.
class SequenceReportDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

class SequencePanel : public QWidget
{
    Q_OBJECT
public:
    // The templates shipped in the resources (:/qmtscope/sequences/).
    static QString templatePath(int which); // 0: §5.1 without SSL, 1: §5.2 with SSL

    SequencePanel(session::Session *session, session::Sequence *sequence, QWidget *parent = nullptr);
    ~SequencePanel() override;

    session::SequenceRunner *runner() const { return m_runner; }
    session::Sequence *sequence() const { return m_sequence; }
    QTableView *stepView() const { return m_steps; }
    QTableView *reportView() const { return m_report; }
    QProgressBar *progressBar() const { return m_progress; }
    QMenu *templatesMenu() const { return m_templatesMenu; }
    // The message line under the toolbar: load errors, verdicts, hints.
    QString message() const;

    QAction *runAllAction() const { return m_runAll; }
    QAction *stepAction() const { return m_step; }
    QAction *stopAction() const { return m_stop; }
    QAction *addStepAction() const { return m_add; }
    QAction *editStepAction() const { return m_edit; }
    QAction *removeStepAction() const { return m_remove; }
    QAction *moveUpAction() const { return m_up; }
    QAction *moveDownAction() const { return m_down; }
    QAction *saveAction() const { return m_save; }
    QAction *loadAction() const { return m_load; }

    // Loads a file (or a template) into the sequence, asking first if unsaved edits would be
    // lost (unless `ask` is false); load errors go to the message line. With a data folder, the
    // upload steps read their files from there (the demo's certificates).
    bool loadFile(const QString &path, bool ask = true, const QString &dataFolder = QString());
    // Demo mode: where the running demo keeps its certificates (the §5.2 template's file names),
    // asked when that template is loaded; empty or unset without a demo.
    void setDemoCertificateFolder(std::function<QString()> folder) { m_demoFolder = std::move(folder); }
    // Saves to the file the sequence came from, or asks for one.
    bool save();
    bool saveAs();

protected:
    void changeEvent(QEvent *event) override;

private:
    std::function<QString()> m_demoFolder;
    QString demoFolder() const { return m_demoFolder ? m_demoFolder() : QString(); }
    void updateTemplateNames();
    void retranslate();
    void fitHeaders();
    void updateActions();
    void updateTitle();
    // The message line, built again when the language changes.
    void setMessage(std::function<QString()> text, bool warning = false);
    void showMessage();
    void addStep();
    void editStep();
    void removeSteps();
    void moveStep(int delta);
    int currentRow() const;
    void selectRow(int row);
    void onStepFinished(int index);
    void onRunFinished(bool passed);
    void remember();
    void restore();
    QString startDir() const;

    QPointer<session::Sequence> m_sequence; // owned by the window, which may drop it first
    session::SequenceRunner *m_runner;
    session::SequenceModel *m_stepModel;
    session::SequenceReportModel *m_reportModel;

    QToolBar *m_bar;
    QAction *m_runAll, *m_step, *m_stop, *m_add, *m_edit, *m_remove, *m_up, *m_down, *m_save, *m_saveAs,
        *m_load;
    QToolButton *m_templatesButton;
    QMenu *m_templatesMenu;
    QAction *m_template51, *m_template52;
    QLabel *m_title;
    QLabel *m_messageLabel;
    QProgressBar *m_progress;
    QSplitter *m_split;
    QTableView *m_steps;
    QTableView *m_report;
    QLabel *m_stepsCaption, *m_reportCaption;
    QTimer *m_rememberTimer; // a child: it outlives the widgets that may still signal while they go
    std::function<QString()> m_message;
    bool m_messageWarning = false;
};

} // namespace qmt::ui
