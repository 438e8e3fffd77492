// SPDX-License-Identifier: Apache-2.0
#pragma once
// The editors of the command forms that a plain Qt widget does not cover: the payload editor
// (text or hex, with a byte count against the limit) and the list of topics (with QoS) of
// AT+QMTSUB / AT+QMTUNS.

#include "at/formschema.h"

#include <QPlainTextEdit>
#include <QSpinBox>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace qmt::ui {

// Text that reads as an error in the current palette (red, lighter on a dark background).
void setErrorStyle(QLabel *label, bool error);

// A spin box that takes every number typed, in range or not, instead of dropping the keystroke
// that leaves its range (typing 5000 into 0-3600 would give 500): the owner sees
// outOfRange() and says why; on leaving the field the number is brought to the nearest limit
// and corrected() says what was typed.
class RangeSpinBox : public QSpinBox
{
    Q_OBJECT
public:
    explicit RangeSpinBox(QWidget *parent = nullptr);

    // The number typed when it is outside the range; nullopt when the text is in range or no number.
    std::optional<qint64> outOfRange() const;

signals:
    // Every change of the text, in range or not (QSpinBox::textChanged skips numbers out of range).
    void edited();
    void corrected(const QString &typed);

protected:
    QValidator::State validate(QString &text, int &pos) const override;
    // In hex: upper case, four digits at least (0X0035, as the module writes cipher suites).
    QString textFromValue(int value) const override;
    void focusOutEvent(QFocusEvent *e) override;

private:
    std::optional<qint64> typedNumber(QString text) const;
};

// Selectable monospaced text that wraps anywhere when no space is left (command syntax lines
// have no blanks): it never makes its form wider than the room it gets.
class WrapAnywhereText : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit WrapAnywhereText(const QString &text, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *e) override;

private:
    void fitHeight();
};

class PayloadEdit : public QWidget
{
    Q_OBJECT
public:
    explicit PayloadEdit(QWidget *parent = nullptr);

    // The bytes; std::nullopt while the hex text is not valid hex.
    std::optional<QByteArray> data() const;
    // Shows the data as text when it is UTF-8 without NUL, else as hex.
    void setData(const QByteArray &data);
    bool isHex() const;
    void setHex(bool hex);
    // The allowed length in bytes, shown beside the count.
    void setLimit(const at::Range &lengths);
    // Offers "Load file…" (certificates for AT+QFUPL).
    void setFileButtonVisible(bool visible);

    QPlainTextEdit *editor() const { return m_edit; }
    QLabel *countLabel() const { return m_count; }

signals:
    void changed();

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslate();
    void updateCount();
    void loadFile();

    QComboBox *m_mode;
    QPlainTextEdit *m_edit;
    QLabel *m_count;
    QToolButton *m_load;
    at::Range m_limit;
    bool m_updating = false;
};

class TopicListEdit : public QWidget
{
    Q_OBJECT
public:
    TopicListEdit(bool withQos, QWidget *parent = nullptr);

    QList<at::TopicQos> topics() const; // qos 0 when the list has none
    void setTopics(const QList<at::TopicQos> &topics);
    // The QoS values offered ("0 — at most once", …).
    void setQosItems(const QList<std::pair<qint64, QString>> &items);

    // Topics offered while typing in any row (the slot's subscriptions, say).
    void setSuggestions(const QStringList &topics);

    int rowCount() const { return int(m_rows.size()); }
    QLineEdit *topicEdit(int row) const { return m_rows.value(row).topic; }
    QComboBox *qosBox(int row) const { return m_rows.value(row).qos; }
    QPushButton *addButton() const { return m_add; }
    void addRow(const QString &topic = QString(), int qos = 1);
    void removeRow(int row);

signals:
    void changed();

protected:
    void changeEvent(QEvent *e) override;

private:
    struct Row
    {
        QWidget *widget = nullptr;
        QLineEdit *topic = nullptr;
        QComboBox *qos = nullptr;
        QToolButton *remove = nullptr;
    };
    void updateRemoveButtons();
    void retranslateRow(const Row &r);

    bool m_withQos;
    QList<Row> m_rows;
    QVBoxLayout *m_rowLayout;
    QPushButton *m_add;
    QList<std::pair<qint64, QString>> m_qosItems;
    QStringList m_suggestions;
};

} // namespace qmt::ui
