// SPDX-License-Identifier: Apache-2.0
#pragma once
// File > Journal Settings (issue 10): whether every session writes a journal, where journals go
// (default under the user's data directory), how long they are kept and how much room they may
// take — the oldest removed first. Stored in the settings file under journal/.

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace qmt::ui {

class JournalSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit JournalSettingsDialog(QWidget *parent = nullptr);

    QCheckBox *enabledBox() const { return m_enabled; }
    QLineEdit *folderEdit() const { return m_folder; }
    QSpinBox *keepDaysBox() const { return m_days; }
    QSpinBox *maxMBBox() const { return m_maxMB; }
    // Writes the fields to the settings; false (with the reason shown) when the folder cannot
    // be made.
    bool save();

protected:
    void changeEvent(QEvent *event) override;
    void accept() override;

private:
    void retranslate();

    QCheckBox *m_enabled = nullptr;
    QLabel *m_folderLabel = nullptr, *m_daysLabel = nullptr, *m_maxLabel = nullptr, *m_note = nullptr;
    QLabel *m_problem = nullptr;
    QLineEdit *m_folder = nullptr;
    QPushButton *m_browse = nullptr;
    QSpinBox *m_days = nullptr, *m_maxMB = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace qmt::ui
