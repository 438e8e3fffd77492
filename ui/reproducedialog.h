// SPDX-License-Identifier: Apache-2.0
#pragma once
// File > Reproduce Log (issue 9): the imported log's commands played against the module on the
// open port, or the demo's simulated module, then the customer's answers and ours side by side,
// step by step, the first divergence marked and shown (workflows/reproduce.h). Before the run the
// steps show the log's answers; "Copy as Text" gives the comparison as qmtscope-cli prints it.

#include "workflows/logreplay.h"
#include "workflows/reproduce.h"

#include <QDialog>

#include <functional>
#include <memory>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace qmt::session {
class Session;
}

namespace qmt::ui {

class ReproduceDialog : public QDialog
{
    Q_OBJECT
public:
    // `against` names what the port is ("the demo's simulated module", "the module on
    // /dev/ttyUSB2"), asked when a run starts.
    ReproduceDialog(session::Session *session, std::shared_ptr<const session::ImportedLog> log,
                    std::function<QString()> against, QWidget *parent = nullptr);
    ~ReproduceDialog() override;

    QTreeWidget *tree() const { return m_tree; }
    QPushButton *runButton() const { return m_run; }
    QCheckBox *keepPauses() const { return m_pauses; }
    QLabel *summary() const { return m_summary; }
    const session::Reproduction &reproduction() const { return m_reproduction; }
    bool isRunning() const;
    // After a run: the comparison (else empty).
    const session::Comparison *comparison() const
    {
        return m_finished ? &m_reproducer->comparison() : nullptr;
    }

public slots:
    void run();
    void stop();

signals:
    void finished();

protected:
    void changeEvent(QEvent *event) override;
    void reject() override;

private:
    void showLogged();     // the steps and the log's answers, before a run
    void showComparison(); // after it
    void updateState();
    void retranslate();
    void build(); // the reproduction, with or without the log's pauses

    session::Session *m_session;
    std::shared_ptr<const session::ImportedLog> m_log;
    std::function<QString()> m_against;
    session::Reproduction m_reproduction;
    std::unique_ptr<session::Reproducer> m_reproducer;
    bool m_finished = false;
    qint64 m_pausedMs = 0;
    QString m_ourSide;
    QLabel *m_intro = nullptr;
    QLabel *m_summary = nullptr;
    QProgressBar *m_progress = nullptr;
    QTreeWidget *m_tree = nullptr;
    QCheckBox *m_pauses = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace qmt::ui
