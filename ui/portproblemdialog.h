// SPDX-License-Identifier: Apache-2.0
#pragma once
// PortProblemDialog: what is wrong with the port (session::PortDoctor) and what to do, with the
// commands to copy into a terminal, "Use <the AT interface>" when the port is a DM or NMEA
// interface, and "Try Again". Not modal: the user may go to a terminal and come back.

#include "io/portdoctor.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace qmt::ui {

class PortProblemDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PortProblemDialog(QWidget *parent = nullptr);
    void show(const session::PortProblem &problem);
    session::PortProblem problem() const { return m_problem; }

signals:
    void retryRequested();
    void useRequested(const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    session::PortProblem m_problem;
    QLabel *m_icon;
    QLabel *m_summary;
    QLabel *m_explanation;
    QLabel *m_commandsLabel;
    QPlainTextEdit *m_commands;
    QPushButton *m_copy;
    QPushButton *m_use;
    QPushButton *m_retry;
    QPushButton *m_close;
};

} // namespace qmt::ui
