// SPDX-License-Identifier: Apache-2.0
#include "portproblemdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace qmt::ui {

using Kind = session::PortProblem::Kind;

PortProblemDialog::PortProblemDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("portProblemDialog"));
    setModal(false);
    m_icon = new QLabel(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("portProblemSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("portProblemExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_commandsLabel = new QLabel(this);
    m_commands = new QPlainTextEdit(this);
    m_commands->setObjectName(QStringLiteral("portProblemCommands"));
    m_commands->setReadOnly(true);
    m_commands->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_commands->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_commands->setFixedHeight(m_commands->fontMetrics().lineSpacing() * 5 + 12);

    auto *buttons = new QDialogButtonBox(this);
    m_copy = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_copy->setObjectName(QStringLiteral("portProblemCopy"));
    m_use = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_use->setObjectName(QStringLiteral("portProblemUse"));
    m_retry = buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_retry->setObjectName(QStringLiteral("portProblemRetry"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_problem.commands.join(QLatin1Char('\n'))); });
    connect(m_use, &QPushButton::clicked, this, [this] {
        hide();
        emit useRequested(m_problem.suggestedPath);
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        hide();
        emit retryRequested();
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::hide);

    auto *top = new QHBoxLayout;
    top->addWidget(m_icon, 0, Qt::AlignTop);
    auto *texts = new QVBoxLayout;
    texts->addWidget(m_summary);
    texts->addWidget(m_explanation);
    top->addLayout(texts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_commandsLabel);
    layout->addWidget(m_commands);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 80);
    retranslate();
}

void PortProblemDialog::show(const session::PortProblem &problem)
{
    m_problem = problem;
    const bool failed = problem.kind == Kind::NotFound || problem.kind == Kind::PermissionDenied ||
                        problem.kind == Kind::NeedsNewLogin || problem.kind == Kind::Busy ||
                        problem.kind == Kind::Other;
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_icon->setPixmap(
        style()
            ->standardIcon(failed ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning)
            .pixmap(iconSize, iconSize));
    m_summary->setText(problem.summary);
    m_explanation->setText(problem.explanation.join(QStringLiteral("\n\n")));
    m_explanation->setVisible(!problem.explanation.isEmpty());
    m_commands->setPlainText(problem.commands.join(QLatin1Char('\n')));
    m_commands->setVisible(!problem.commands.isEmpty());
    m_commandsLabel->setVisible(!problem.commands.isEmpty());
    m_copy->setVisible(!problem.commands.isEmpty());
    m_use->setVisible(!problem.suggestedPath.isEmpty());
    m_retry->setVisible(failed);
    retranslate();
    QDialog::show();
    raise();
    activateWindow();
}

void PortProblemDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void PortProblemDialog::retranslate()
{
    setWindowTitle(m_problem.path.isEmpty()
                       ? tr("Port Problem")
                       : tr("Port Problem: %1").arg(QFileInfo(m_problem.path).fileName()));
    m_commandsLabel->setText(tr("In a terminal:"));
    m_copy->setText(tr("&Copy Commands"));
    m_use->setText(tr("&Use %1").arg(QFileInfo(m_problem.suggestedPath).fileName()));
    m_retry->setText(tr("&Try Again"));
}

} // namespace qmt::ui
