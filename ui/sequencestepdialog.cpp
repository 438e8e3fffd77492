// SPDX-License-Identifier: Apache-2.0
#include "sequencestepdialog.h"

#include "workflows/sequencerunner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>

#include <cmath>

namespace qmt::ui {

namespace {
constexpr int kExpectLines = 4; // the expect box shows this many lines
constexpr double kMaxTimeoutSeconds = 3600;
const QString kDirKey = QStringLiteral("sequences/dataDir");

// A warning colour that reads on the palette's window colour, light or dark.
QColor warningColor(const QPalette &p)
{
    const QColor red(218, 54, 51);
    return p.color(QPalette::Window).lightness() < 128 ? red.lighter(160) : red.darker(110);
}
} // namespace

SequenceStepDialog::SequenceStepDialog(const session::Sequence *sequence, QWidget *parent)
    : QDialog(parent), m_sequence(sequence)
{
    setObjectName(QStringLiteral("sequenceStepDialog"));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    m_command = new QLineEdit(this);
    m_command->setObjectName(QStringLiteral("stepCommand"));
    m_command->setFont(fixed);
    m_command->setClearButtonEnabled(true);

    m_dataForm = new QComboBox(this);
    m_dataForm->setObjectName(QStringLiteral("stepDataForm"));
    m_dataForm->addItems({QString(), QString(), QString()});
    m_data = new QLineEdit(this);
    m_data->setObjectName(QStringLiteral("stepData"));
    m_data->setFont(fixed);
    m_browse = new QPushButton(this);
    m_browse->setObjectName(QStringLiteral("stepBrowse"));
    auto *dataRow = new QHBoxLayout;
    dataRow->addWidget(m_dataForm);
    dataRow->addWidget(m_data, 1);
    dataRow->addWidget(m_browse);
    m_dataInfo = new QLabel(this);
    m_dataInfo->setObjectName(QStringLiteral("stepDataInfo"));
    m_dataInfo->setWordWrap(true);

    m_expect = new QPlainTextEdit(this);
    m_expect->setObjectName(QStringLiteral("stepExpect"));
    m_expect->setFont(fixed);
    m_expect->setTabChangesFocus(true);
    m_expect->setLineWrapMode(QPlainTextEdit::NoWrap);
    const QFontMetrics fm(fixed);
    m_expect->setFixedHeight(fm.lineSpacing() * kExpectLines + 2 * m_expect->frameWidth() +
                             int(m_expect->document()->documentMargin() * 2));
    m_expectHint = new QLabel(this);
    m_expectHint->setWordWrap(true);

    m_timeout = new QDoubleSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("stepTimeout"));
    m_timeout->setRange(0, kMaxTimeoutSeconds);
    m_timeout->setDecimals(3);
    m_timeout->setSingleStep(1);

    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("stepNote"));

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("stepProblem"));
    m_problem->setWordWrap(true);
    QPalette warn = m_problem->palette();
    warn.setColor(QPalette::WindowText, warningColor(palette()));
    m_problem->setPalette(warn);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isAcceptable())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_commandLabel = new QLabel(this);
    m_dataLabel = new QLabel(this);
    m_expectLabel = new QLabel(this);
    m_timeoutLabel = new QLabel(this);
    m_noteLabel = new QLabel(this);
    m_commandLabel->setBuddy(m_command);
    m_dataLabel->setBuddy(m_data);
    m_expectLabel->setBuddy(m_expect);
    m_timeoutLabel->setBuddy(m_timeout);
    m_noteLabel->setBuddy(m_note);

    auto *form = new QFormLayout;
    form->addRow(m_commandLabel, m_command);
    form->addRow(m_dataLabel, dataRow);
    form->addRow(QString(), m_dataInfo);
    form->addRow(m_expectLabel, m_expect);
    form->addRow(QString(), m_expectHint);
    form->addRow(m_timeoutLabel, m_timeout);
    form->addRow(m_noteLabel, m_note);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_command, &QLineEdit::textChanged, this, &SequenceStepDialog::update);
    connect(m_data, &QLineEdit::textChanged, this, &SequenceStepDialog::update);
    connect(m_expect, &QPlainTextEdit::textChanged, this, &SequenceStepDialog::update);
    connect(m_dataForm, &QComboBox::currentIndexChanged, this, &SequenceStepDialog::setDataForm);
    connect(m_browse, &QPushButton::clicked, this, &SequenceStepDialog::browse);

    retranslate();
    setMinimumWidth(fm.horizontalAdvance(QLatin1Char('M')) * 70);
    update();
}

void SequenceStepDialog::retranslate()
{
    setWindowTitle(tr("Sequence step"));
    m_commandLabel->setText(tr("&Command:"));
    m_dataLabel->setText(tr("&Data:"));
    m_expectLabel->setText(tr("&Expect:"));
    m_timeoutLabel->setText(tr("&Timeout:"));
    m_noteLabel->setText(tr("&Note:"));
    m_command->setPlaceholderText(tr("AT+QMTOPEN=0,\"broker.example.com\",1883"));
    m_dataForm->setItemText(Text, tr("Text"));
    m_dataForm->setItemText(Hex, tr("Hex"));
    m_dataForm->setItemText(File, tr("File"));
    m_dataForm->setToolTip(tr("How the data is given: text with the escapes \\r \\n \\t \\\" \\\\ \\xNN, "
                              "hexadecimal bytes, or a file read when the step runs"));
    m_browse->setText(tr("&Browse…"));
    m_expectHint->setText(tr("One line each; every line must be seen in the answer or a URC. "
                             "* matches anything, {size} and {checksum} stand for the data's. "
                             "Empty: the command must succeed."));
    m_timeout->setSpecialValueText(tr("auto (from the command)"));
    m_timeout->setSuffix(tr(" s"));
    m_note->setPlaceholderText(tr("What the step is for"));
    setDataForm(m_form);
    update();
}

void SequenceStepDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void SequenceStepDialog::setStep(const session::SequenceStep &step)
{
    m_command->setText(QString::fromUtf8(step.command));
    m_delay = step.delay; // not edited here: kept (a reproduced log's pause)
    m_inline = step.data;
    m_file = step.dataFile;
    const int form = !step.dataFile.isEmpty() ? File : Text;
    m_form = -1; // write the field afresh
    {
        const QSignalBlocker block(m_dataForm);
        m_dataForm->setCurrentIndex(form);
    }
    setDataForm(form);
    m_expect->setPlainText(QString::fromUtf8(step.expect));
    m_timeout->setValue(double(step.timeout.count()) / 1000.0);
    m_note->setText(step.note);
    update();
}

void SequenceStepDialog::setDataForm(int form)
{
    // Keep what the old form held, then show it in the new one.
    if (m_form == Text || m_form == Hex) {
        QByteArray bytes;
        if (readData(&bytes, nullptr))
            m_inline = bytes;
    } else if (m_form == File) {
        m_file = m_data->text();
    }
    m_form = form;
    const QSignalBlocker block(m_data);
    switch (form) {
    case Text:
        m_data->setText(QString::fromUtf8(session::Sequence::escape(m_inline)));
        m_data->setPlaceholderText(tr("This is test data\\r\\n"));
        break;
    case Hex:
        m_data->setText(QString::fromLatin1(m_inline.toHex(' ')));
        m_data->setPlaceholderText(tr("41 54 0d 0a"));
        break;
    case File:
        m_data->setText(m_file);
        m_data->setPlaceholderText(tr("cacert.pem (relative to the sequence file)"));
        break;
    default:
        break;
    }
    m_browse->setVisible(form == File);
    update();
}

bool SequenceStepDialog::readData(QByteArray *data, QString *error) const
{
    QString why;
    bool ok = true;
    switch (m_form) {
    case Text:
        ok = session::Sequence::unescape(m_data->text().toUtf8(), data, &why);
        break;
    case Hex:
        ok = session::Sequence::unhex(m_data->text().toLatin1(), data, &why);
        break;
    case File: {
        data->clear();
        if (m_data->text().trimmed().isEmpty())
            break;
        session::SequenceStep s;
        s.dataFile = m_data->text().trimmed();
        QFile f(m_sequence ? m_sequence->resolveDataFile(s) : s.dataFile);
        if (!f.open(QIODevice::ReadOnly)) {
            why = tr("Cannot read %1 now: %2").arg(QDir::toNativeSeparators(f.fileName()), f.errorString());
            ok = false;
        } else {
            *data = f.readAll();
        }
        break;
    }
    default:
        break;
    }
    if (error)
        *error = why;
    return ok;
}

void SequenceStepDialog::browse()
{
    QSettings settings;
    QString dir = settings.value(kDirKey).toString();
    if (m_sequence && !m_sequence->fileName().isEmpty() &&
        !m_sequence->fileName().startsWith(QLatin1Char(':')))
        dir = QFileInfo(m_sequence->fileName()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Data for the step"), dir,
        tr("Certificates and keys (*.pem *.crt *.cer *.key *.der);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(kDirKey, QFileInfo(path).absolutePath());
    QString shown = path;
    if (m_sequence && !m_sequence->fileName().isEmpty() &&
        !m_sequence->fileName().startsWith(QLatin1Char(':'))) {
        const QString rel = QFileInfo(m_sequence->fileName()).absoluteDir().relativeFilePath(path);
        if (!rel.startsWith(QStringLiteral("..")))
            shown = rel;
    }
    m_data->setText(shown);
}

session::SequenceStep SequenceStepDialog::step() const
{
    session::SequenceStep s;
    s.command = m_command->text().trimmed().toUtf8();
    s.delay = m_delay;
    if (m_form == File) {
        s.dataFile = m_data->text().trimmed();
    } else {
        QByteArray bytes;
        if (readData(&bytes, nullptr))
            s.data = bytes;
    }
    QByteArrayList expect;
    for (const QString &line : m_expect->toPlainText().split(QLatin1Char('\n'))) {
        const QByteArray l = line.trimmed().toUtf8();
        if (!l.isEmpty())
            expect << l;
    }
    s.expect = expect.join('\n');
    s.timeout = std::chrono::milliseconds{qint64(std::llround(m_timeout->value() * 1000.0))};
    s.note = m_note->text().trimmed();
    return s;
}

bool SequenceStepDialog::isAcceptable() const
{
    if (m_command->text().trimmed().isEmpty())
        return false;
    if (m_form == File)
        return true; // the file may come later; the runner says so if it does not
    QByteArray bytes;
    return readData(&bytes, nullptr);
}

QString SequenceStepDialog::problem() const
{
    return m_problem->text();
}

void SequenceStepDialog::update()
{
    QByteArray bytes;
    QString why;
    const bool dataOk = readData(&bytes, &why);
    if (!dataOk)
        m_dataInfo->setText(why);
    else if (m_form == File && m_data->text().trimmed().isEmpty())
        m_dataInfo->setText(tr("Choose the file the step sends, e.g. a certificate for AT+QFUPL."));
    else
        m_dataInfo->setText(tr("%n byte(s)", "", int(bytes.size())));

    QString problem;
    const QByteArray command = m_command->text().trimmed().toUtf8();
    if (command.isEmpty())
        problem = tr("Type the command line.");
    else if (!dataOk && m_form != File)
        problem = why;
    else if (dataOk)
        problem = session::SequenceRunner::checkStep(session::SequenceRunner::expand(command, bytes), bytes);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(isAcceptable());
}

} // namespace qmt::ui
