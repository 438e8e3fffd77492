// SPDX-License-Identifier: Apache-2.0
#include "formfields.h"

#include <algorithm>

#include <QComboBox>
#include <QCompleter>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QVBoxLayout>

namespace qmt::ui {

RangeSpinBox::RangeSpinBox(QWidget *parent) : QSpinBox(parent)
{
    setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
    setKeyboardTracking(true);
    connect(lineEdit(), &QLineEdit::textChanged, this, &RangeSpinBox::edited);
}

std::optional<qint64> RangeSpinBox::typedNumber(QString text) const
{
    text = text.trimmed();
    if (!prefix().isEmpty() && text.startsWith(prefix(), Qt::CaseInsensitive))
        text = text.mid(prefix().size());
    if (!suffix().isEmpty() && text.endsWith(suffix(), Qt::CaseInsensitive))
        text.chop(suffix().size());
    bool ok = false;
    const qint64 n = locale().toLongLong(text, &ok);
    if (ok && displayIntegerBase() == 10)
        return n;
    const qint64 m = text.toLongLong(&ok, displayIntegerBase());
    return ok ? std::optional<qint64>(m) : std::nullopt;
}

std::optional<qint64> RangeSpinBox::outOfRange() const
{
    const std::optional<qint64> n = typedNumber(text());
    if (!n || (*n >= minimum() && *n <= maximum()))
        return std::nullopt;
    return n;
}

QValidator::State RangeSpinBox::validate(QString &text, int &pos) const
{
    const QValidator::State s = QSpinBox::validate(text, pos);
    if (s != QValidator::Invalid)
        return s;
    // A number outside the range stays as typed; the form says why it cannot be sent.
    return typedNumber(text) ? QValidator::Intermediate : QValidator::Invalid;
}

QString RangeSpinBox::textFromValue(int value) const
{
    if (displayIntegerBase() != 16)
        return QSpinBox::textFromValue(value);
    return QString::number(value, 16).toUpper().rightJustified(4, QLatin1Char('0'));
}

void RangeSpinBox::focusOutEvent(QFocusEvent *e)
{
    // QSpinBox would take the last number it accepted: bring the typed one to the nearest limit.
    QString typed;
    if (const std::optional<qint64> n = outOfRange()) {
        typed = text();
        setValue(int(std::clamp<qint64>(*n, minimum(), maximum())));
    }
    QSpinBox::focusOutEvent(e);
    if (!typed.isEmpty())
        emit corrected(typed);
}

WrapAnywhereText::WrapAnywhereText(const QString &text, QWidget *parent) : QPlainTextEdit(text, parent)
{
    setReadOnly(true);
    setFrameShape(QFrame::NoFrame);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setTabChangesFocus(true);
    setFocusPolicy(Qt::ClickFocus);
    viewport()->setAutoFillBackground(false);
    setBackgroundVisible(false);
    document()->setDocumentMargin(0);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    fitHeight();
}

QSize WrapAnywhereText::sizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(toPlainText()) + 4, height()};
}

QSize WrapAnywhereText::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 12, height()};
}

void WrapAnywhereText::resizeEvent(QResizeEvent *e)
{
    QPlainTextEdit::resizeEvent(e);
    fitHeight();
}

void WrapAnywhereText::fitHeight()
{
    // QPlainTextEdit counts lines of the layout: one line box per wrapped line.
    int lines = 0;
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next())
        lines += b.layout() && b.layout()->lineCount() > 0 ? b.layout()->lineCount() : 1;
    const int h = fontMetrics().lineSpacing() * std::max(1, lines) + 2 * frameWidth() + 2;
    if (h != height())
        setFixedHeight(h);
}

void setErrorStyle(QLabel *label, bool error)
{
    if (!error) {
        label->setPalette(QPalette()); // nothing set: the label follows its parent's palette again
        return;
    }
    QPalette p = label->parentWidget() ? label->parentWidget()->palette() : label->palette();
    const bool dark = p.color(QPalette::Window).lightness() < 128;
    p.setColor(QPalette::WindowText, dark ? QColor(255, 120, 120) : QColor(176, 0, 32));
    label->setPalette(p);
}

// ---- PayloadEdit -------------------------------------------------------------------------------

PayloadEdit::PayloadEdit(QWidget *parent)
    : QWidget(parent), m_mode(new QComboBox(this)), m_edit(new QPlainTextEdit(this)),
      m_count(new QLabel(this)), m_load(new QToolButton(this))
{
    m_mode->setObjectName(QStringLiteral("mode"));
    m_mode->addItem(QString());
    m_mode->addItem(QString());
    m_edit->setObjectName(QStringLiteral("payload"));
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    const QFontMetrics fm(m_edit->font());
    m_edit->setMinimumHeight(fm.lineSpacing() * 4);
    m_edit->setMaximumHeight(fm.lineSpacing() * 10);
    m_count->setObjectName(QStringLiteral("count"));
    m_count->setWordWrap(true);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_load->setVisible(false);
    retranslate();

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_mode);
    bar->addWidget(m_load);
    bar->addStretch(1);
    bar->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    layout->addLayout(bar);

    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        if (m_updating)
            return;
        updateCount();
        emit changed();
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_updating)
            return;
        // Convert what is there to the other mode; bytes that are no text stay hex.
        const bool toHex = index == 1;
        m_updating = true;
        if (toHex) {
            m_edit->setPlainText(at::toHexText(m_edit->toPlainText().toUtf8()));
        } else {
            const std::optional<QByteArray> bytes = at::parseHex(m_edit->toPlainText());
            const QString text = bytes ? QString::fromUtf8(*bytes) : QString();
            if (bytes && text.toUtf8() == *bytes && !bytes->contains('\0'))
                m_edit->setPlainText(text);
            else
                m_mode->setCurrentIndex(1);
        }
        m_updating = false;
        updateCount();
        emit changed();
    });
    connect(m_load, &QToolButton::clicked, this, &PayloadEdit::loadFile);
    updateCount();
}

void PayloadEdit::retranslate()
{
    m_mode->setItemText(0, tr("Text"));
    m_mode->setItemText(1, tr("Hex"));
    m_mode->setToolTip(tr("Edit the bytes as UTF-8 text or as hex digits"));
    m_load->setText(tr("Load file…"));
    m_load->setToolTip(tr("Take the bytes of a file (a certificate or a key)"));
    updateCount();
}

void PayloadEdit::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange)
        retranslate();
}

std::optional<QByteArray> PayloadEdit::data() const
{
    if (isHex())
        return at::parseHex(m_edit->toPlainText());
    return m_edit->toPlainText().toUtf8();
}

void PayloadEdit::setData(const QByteArray &data)
{
    const QString text = QString::fromUtf8(data);
    const bool asText = text.toUtf8() == data && !data.contains('\0');
    m_updating = true;
    m_mode->setCurrentIndex(asText ? 0 : 1);
    m_edit->setPlainText(asText ? text : at::toHexText(data));
    m_updating = false;
    updateCount();
    emit changed();
}

bool PayloadEdit::isHex() const
{
    return m_mode->currentIndex() == 1;
}

void PayloadEdit::setHex(bool hex)
{
    m_mode->setCurrentIndex(hex ? 1 : 0);
}

void PayloadEdit::setLimit(const at::Range &lengths)
{
    m_limit = lengths;
    updateCount();
}

void PayloadEdit::setFileButtonVisible(bool visible)
{
    m_load->setVisible(visible);
}

void PayloadEdit::updateCount()
{
    const std::optional<QByteArray> bytes = data();
    if (!bytes) {
        m_count->setText(tr("not valid hex: two digits per byte"));
        setErrorStyle(m_count, true);
        return;
    }
    const qsizetype n = bytes->size();
    m_count->setText(m_limit.isEmpty() ? tr("%1 bytes").arg(n)
                                       : tr("%1 / %2 bytes").arg(n).arg(m_limit.max()));
    setErrorStyle(m_count, !m_limit.isEmpty() && !m_limit.contains(n));
}

void PayloadEdit::loadFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load a file"));
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        m_count->setText(tr("cannot read %1: %2").arg(path, f.errorString()));
        setErrorStyle(m_count, true);
        return;
    }
    setData(f.readAll());
}

// ---- TopicListEdit -----------------------------------------------------------------------------

TopicListEdit::TopicListEdit(bool withQos, QWidget *parent)
    : QWidget(parent), m_withQos(withQos), m_rowLayout(new QVBoxLayout), m_add(new QPushButton(this))
{
    m_add->setObjectName(QStringLiteral("addTopic"));
    m_add->setText(tr("Add topic"));
    m_rowLayout->setContentsMargins(0, 0, 0, 0);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowLayout);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_add);
    bar->addStretch(1);
    layout->addLayout(bar);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow();
        m_rows.back().topic->setFocus();
    });
}

QList<at::TopicQos> TopicListEdit::topics() const
{
    QList<at::TopicQos> out;
    for (const Row &r : m_rows)
        out.append({r.topic->text(), r.qos ? r.qos->currentData().toInt() : 0});
    return out;
}

void TopicListEdit::setTopics(const QList<at::TopicQos> &topics)
{
    QSignalBlocker block(this);
    while (!m_rows.isEmpty())
        removeRow(int(m_rows.size()) - 1);
    for (const at::TopicQos &t : topics)
        addRow(t.first, t.second);
    if (m_rows.isEmpty())
        addRow();
    block.unblock();
    emit changed();
}

void TopicListEdit::setQosItems(const QList<std::pair<qint64, QString>> &items)
{
    m_qosItems = items;
    for (const Row &r : m_rows) {
        if (!r.qos)
            continue;
        const QVariant current = r.qos->currentData();
        const QSignalBlocker block(r.qos);
        r.qos->clear();
        for (const auto &[v, text] : items)
            r.qos->addItem(text, v);
        const int i = r.qos->findData(current);
        r.qos->setCurrentIndex(i >= 0 ? i : 0);
    }
}

void TopicListEdit::setSuggestions(const QStringList &topics)
{
    m_suggestions = topics;
    for (const Row &r : m_rows) {
        auto *c = new QCompleter(m_suggestions, r.topic);
        c->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
        r.topic->setCompleter(c);
    }
}

void TopicListEdit::addRow(const QString &topic, int qos)
{
    Row r;
    r.widget = new QWidget(this);
    auto *h = new QHBoxLayout(r.widget);
    h->setContentsMargins(0, 0, 0, 0);
    r.topic = new QLineEdit(topic, r.widget);
    r.topic->setObjectName(QStringLiteral("topic%1").arg(m_rows.size() + 1));

    r.topic->setClearButtonEnabled(true);
    if (!m_suggestions.isEmpty()) {
        auto *c = new QCompleter(m_suggestions, r.topic);
        c->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
        r.topic->setCompleter(c);
    }
    h->addWidget(r.topic, 1);
    if (m_withQos) {
        r.qos = new QComboBox(r.widget);
        r.qos->setObjectName(QStringLiteral("qos%1").arg(m_rows.size() + 1));
        for (const auto &[v, text] : m_qosItems)
            r.qos->addItem(text, v);
        const int i = r.qos->findData(qos);
        r.qos->setCurrentIndex(i >= 0 ? i : 0);
        connect(r.qos, &QComboBox::currentIndexChanged, this, &TopicListEdit::changed);
        h->addWidget(r.qos);
    }
    r.remove = new QToolButton(r.widget);
    h->addWidget(r.remove);
    connect(r.topic, &QLineEdit::textChanged, this, &TopicListEdit::changed);
    QWidget *w = r.widget;
    connect(r.remove, &QToolButton::clicked, this, [this, w] {
        for (qsizetype i = 0; i < m_rows.size(); ++i)
            if (m_rows[i].widget == w) {
                removeRow(int(i));
                break;
            }
    });
    m_rowLayout->addWidget(r.widget);
    m_rows.append(r);
    retranslateRow(r);
    updateRemoveButtons();
    emit changed();
}

void TopicListEdit::removeRow(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    Row r = m_rows.takeAt(row);
    r.widget->hide();
    r.widget->setParent(nullptr); // out of the form at once; deleted once its button's click is over
    r.widget->deleteLater();
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        m_rows[i].topic->setObjectName(QStringLiteral("topic%1").arg(i + 1));
        if (m_rows[i].qos)
            m_rows[i].qos->setObjectName(QStringLiteral("qos%1").arg(i + 1));
    }
    updateRemoveButtons();
    emit changed();
}

void TopicListEdit::retranslateRow(const Row &r)
{
    r.topic->setPlaceholderText(m_withQos ? tr("topic filter, e.g. sensors/+/temperature or alerts/#")
                                          : tr("topic filter to unsubscribe from"));
    if (r.qos)
        r.qos->setToolTip(tr("Requested QoS"));
    r.remove->setText(tr("Remove"));
    r.remove->setToolTip(tr("Remove this topic"));
}

void TopicListEdit::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() != QEvent::LanguageChange)
        return;
    m_add->setText(tr("Add topic"));
    for (const Row &r : std::as_const(m_rows))
        retranslateRow(r);
}

void TopicListEdit::updateRemoveButtons()
{
    for (const Row &r : m_rows)
        r.remove->setEnabled(m_rows.size() > 1);
}

} // namespace qmt::ui
