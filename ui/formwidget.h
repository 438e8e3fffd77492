// SPDX-License-Identifier: Apache-2.0
#pragma once
// FormWidget: one command form, rendered from its description (at/formschema.h). Inputs are
// limited by the current range table, each builder error shows beside the field it names, the
// preview shows the exact AT text (and the data after '>'), and the form sends the command
// through the Session or adds it to the sequence with the answer to expect.

#include "at/formschema.h"
#include "io/commandchannel.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace qmt::session {
class Session;
class Sequence;
} // namespace qmt::session

namespace qmt::ui {

class PayloadEdit;
class RangeSpinBox;
class TopicListEdit;
struct UiContext;

class FormWidget : public QWidget
{
    Q_OBJECT
public:
    // `ranges` is the table the inputs and builders use; it must outlive the form (the panel
    // owns it and calls applyRanges() when it changes).
    FormWidget(const at::FormSpec &spec, UiContext &ctx, const at::RangeTable *ranges,
               QWidget *parent = nullptr);
    ~FormWidget() override;

    const at::FormSpec &spec() const { return m_spec; }

    at::FormValues values() const;
    // Sets the fields `v` names; the others keep their values.
    void setValues(const at::FormValues &v);
    // The read-back form (value omitted), for the forms that have one.
    void setReadBack(bool on);
    bool isReadBack() const { return m_readBack; }
    // The command the fields make now (or the builder's error).
    at::Built built() const;
    QString previewText() const;
    // The inputs follow a changed range table.
    void applyRanges();

    // Inside a dialog (the slot cards' actions): no title, set/read choice, Send and Add buttons
    // or result lines; the dialog sends what built() makes and reports the result itself.
    void setDialogMode();
    // Field `key` holds `value` and is not shown (the slot a card's dialog acts for).
    void fixField(QByteArrayView key, qint64 value);
    // Values offered while typing in text field `key` or each row of topic list `key`.
    void setSuggestions(QByteArrayView key, const QStringList &values);
    // Stores the values (no secrets) as the form's next start values.
    void remember() const;
    // The values remember() stored for `spec` (empty when none).
    static at::FormValues rememberedValues(const at::FormSpec &spec);

    // Sends the command (if valid); returns its reply (auto-deleted after it finished, see
    // io/commandchannel.h), nullptr when nothing was sent. The form shows the result itself.
    session::CommandReply *send();
    // Appends the command to the sequence as a step; false when the form is not valid.
    bool addToSequence();

    // Widgets, for the panel and the tests.
    QWidget *editor(QByteArrayView key) const;
    QLabel *errorLabel(QByteArrayView key) const;
    RangeSpinBox *spinBox(QByteArrayView key) const;
    QComboBox *comboBox(QByteArrayView key) const;
    QCheckBox *checkBox(QByteArrayView key) const;
    QLineEdit *lineEdit(QByteArrayView key) const;
    PayloadEdit *payloadEdit(QByteArrayView key) const;
    TopicListEdit *topicList(QByteArrayView key) const;
    QPushButton *sendButton() const { return m_send; }
    QPushButton *addButton() const { return m_add; }
    QPlainTextEdit *preview() const { return m_preview; }
    QLabel *messageLabel() const { return m_message; }
    QLabel *resultLabel() const { return m_result; }
    QPlainTextEdit *resultLines() const { return m_resultLines; }

signals:
    // The values changed (and with them built()).
    void edited();
    // The module answered a read-back of this form and the fields now show its values.
    void filledFromModule();

protected:
    void changeEvent(QEvent *e) override;

private:
    struct Field
    {
        const at::FieldSpec *spec = nullptr;
        QLabel *label = nullptr;
        QWidget *editor = nullptr;
        QLabel *range = nullptr;
        QLabel *error = nullptr;
        RangeSpinBox *spin = nullptr;
        QComboBox *combo = nullptr;
        QCheckBox *check = nullptr;
        QLineEdit *line = nullptr;
        PayloadEdit *payload = nullptr;
        TopicListEdit *topics = nullptr;
        qint64 held = 0;                 // the user's value while a rule imposes another
        bool imposed = false;            // a rule between fields holds the value now
        std::optional<qint64> fixedHere; // fixField(): hidden and held
        QString correctedFrom;           // what was typed before the spin box corrected it
    };
    void buildUi();
    void retranslate();
    const Field *field(QByteArrayView key) const;
    void refresh();
    // The answer to a command this form sent; readBackIndex >= 0 for a read-back of that slot or
    // SSL context, whose values then fill the fields.
    void onFinished(const session::CommandResult &result, int readBackIndex);
    void fillFromStore(int index); // the slot (QMTCFG) or SSL context (QSSLCFG) read back
    void applyRules();
    // After a command with a packet id went out: the next free id for the slot.
    void advanceMsgId(const at::AtCommand &sent);
    void showStatus(const QString &text, bool error);

    const at::FormSpec &m_spec;
    QPointer<session::Session> m_session;
    QPointer<session::Sequence> m_sequence;
    const at::RangeTable *m_ranges;
    QList<Field> m_fields;
    bool m_readBack = false;
    bool m_updating = false;

    QLabel *m_title = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_noParams = nullptr;
    QLabel *m_previewLabel = nullptr;
    QRadioButton *m_setMode = nullptr;
    QRadioButton *m_readMode = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_add = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_result = nullptr;
    QPlainTextEdit *m_resultLines = nullptr;
};

} // namespace qmt::ui
