// SPDX-License-Identifier: Apache-2.0
#pragma once
// SequenceStepDialog: adds or edits one step of a sequence — the command line, its data (text
// with escapes, hexadecimal, or a file such as a certificate), the expected lines, the timeout
// and a note — and says inline what is wrong before the step can run.

#include "workflows/sequence.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace qmt::ui {

class SequenceStepDialog : public QDialog
{
    Q_OBJECT
public:
    // `sequence` resolves relative data files and is where a chosen file is made relative to.
    SequenceStepDialog(const session::Sequence *sequence, QWidget *parent = nullptr);

    void setStep(const session::SequenceStep &step);
    // The step as entered; valid when isAcceptable().
    session::SequenceStep step() const;
    bool isAcceptable() const;
    // The inline message under the fields (empty when all is well).
    QString problem() const;

    QLineEdit *commandEdit() const { return m_command; }
    QComboBox *dataForm() const { return m_dataForm; }
    QLineEdit *dataEdit() const { return m_data; }
    QPlainTextEdit *expectEdit() const { return m_expect; }
    QDoubleSpinBox *timeoutEdit() const { return m_timeout; }
    QLineEdit *noteEdit() const { return m_note; }

    enum DataForm { Text, Hex, File };

protected:
    void changeEvent(QEvent *event) override;

private:
    std::chrono::milliseconds m_delay{0}; // the step's delay, kept as it was
    void retranslate();
    void update();
    void browse();
    void setDataForm(int form);
    bool readData(QByteArray *data, QString *error) const;

    const session::Sequence *m_sequence;
    QLineEdit *m_command;
    QComboBox *m_dataForm;
    QLineEdit *m_data;
    QPushButton *m_browse;
    QLabel *m_dataInfo;
    QPlainTextEdit *m_expect;
    QLabel *m_expectHint;
    QDoubleSpinBox *m_timeout;
    QLineEdit *m_note;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    QLabel *m_commandLabel, *m_dataLabel, *m_expectLabel, *m_timeoutLabel, *m_noteLabel;
    int m_form = Text;
    QByteArray m_inline; // the inline data while the form is File
    QString m_file;      // the file while the form is Text or Hex
};

} // namespace qmt::ui
