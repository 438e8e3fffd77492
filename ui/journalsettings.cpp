// SPDX-License-Identifier: Apache-2.0
#include "journalsettings.h"

#include "io/journal.h"
#include "mainwindow.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace qmt::ui {

JournalSettingsDialog::JournalSettingsDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("journalSettingsDialog"));
    const QSettings settings;
    m_enabled = new QCheckBox(this);
    m_enabled->setChecked(settings.value(QStringLiteral("journal/enabled"), true).toBool());
    m_folder = new QLineEdit(MainWindow::journalFolder(), this);
    m_browse = new QPushButton(this);
    m_days = new QSpinBox(this);
    m_days->setRange(0, 3650);
    m_days->setValue(settings.value(QStringLiteral("journal/keepDays"), 30).toInt());
    m_maxMB = new QSpinBox(this);
    m_maxMB->setRange(16, 1024 * 1024);
    m_maxMB->setSingleStep(256);
    m_maxMB->setValue(settings.value(QStringLiteral("journal/maxMB"), 2048).toInt());
    m_folderLabel = new QLabel(this);
    m_daysLabel = new QLabel(this);
    m_maxLabel = new QLabel(this);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_problem->setVisible(false);

    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    form->addRow(QString(), m_enabled);
    form->addRow(m_folderLabel, folderRow);
    form->addRow(m_daysLabel, m_days);
    form->addRow(m_maxLabel, m_maxMB);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &JournalSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &JournalSettingsDialog::reject);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Where Journals Go"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    connect(m_enabled, &QCheckBox::toggled, this, [this](bool on) {
        for (QWidget *w : {static_cast<QWidget *>(m_folder), static_cast<QWidget *>(m_browse),
                           static_cast<QWidget *>(m_days), static_cast<QWidget *>(m_maxMB)})
            w->setEnabled(on);
    });
    emit m_enabled->toggled(m_enabled->isChecked());
    retranslate();
    resize(560, sizeHint().height());
}

void JournalSettingsDialog::retranslate()
{
    setWindowTitle(tr("Journal Settings"));
    m_enabled->setText(tr("&Write a journal of every session (every byte, both ways, on disk as it comes)"));
    m_folderLabel->setText(tr("&Folder:"));
    m_folderLabel->setBuddy(m_folder);
    m_browse->setText(tr("&Browse…"));
    m_daysLabel->setText(tr("&Keep for:"));
    m_daysLabel->setBuddy(m_days);
    m_days->setSuffix(tr(" days"));
    m_days->setSpecialValueText(tr("ever"));
    m_maxLabel->setText(tr("&At most:"));
    m_maxLabel->setBuddy(m_maxMB);
    m_maxMB->setSuffix(tr(" MB in all"));
    m_note->setText(tr("When the journals take more room, or are older, the oldest are removed first (when a "
                       "port opens, and now). A journal stops, with a message, at that size or when its disk "
                       "has less than %1 MB free; the session goes on.")
                        .arg(session::Journal::kMinimumFree >> 20));
}

bool JournalSettingsDialog::save()
{
    const QString folder = QDir::cleanPath(m_folder->text().trimmed());
    if (m_enabled->isChecked() && (folder.isEmpty() || !QDir().mkpath(folder))) {
        m_problem->setText(tr("The folder %1 cannot be made; choose another.").arg(folder));
        m_problem->setVisible(true);
        return false;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("journal/enabled"), m_enabled->isChecked());
    settings.setValue(QStringLiteral("journal/folder"), folder);
    settings.setValue(QStringLiteral("journal/keepDays"), m_days->value());
    settings.setValue(QStringLiteral("journal/maxMB"), m_maxMB->value());
    return true;
}

void JournalSettingsDialog::accept()
{
    if (save())
        QDialog::accept();
}

void JournalSettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace qmt::ui
