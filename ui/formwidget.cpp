// SPDX-License-Identifier: Apache-2.0
#include "formwidget.h"

#include "formfields.h"
#include "workflows/sequence.h"
#include "io/session.h"
#include "engine/cfgformvalues.h"
#include "uicontext.h"
#include "workflows/slotactions.h"

#include <QCheckBox>
#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace qmt::ui {

using at::FieldKind;

namespace {

int clampInt(qint64 v)
{
    return int(std::clamp<qint64>(v, INT_MIN, INT_MAX));
}

QString settingsKey(const at::FormSpec &spec)
{
    return QLatin1String("forms/values/") + QString::fromLatin1(spec.id);
}

// The QoS choices of a topic list, from the range of <qos>.
at::FieldSpec qosSpec(const at::FieldSpec &topics)
{
    at::FieldSpec q = topics;
    q.kind = FieldKind::Choice;
    q.param = at::Param::Qos;
    return q;
}

} // namespace

FormWidget::FormWidget(const at::FormSpec &spec, UiContext &ctx, const at::RangeTable *ranges,
                       QWidget *parent)
    : QWidget(parent), m_spec(spec), m_session(ctx.session), m_sequence(ctx.sequence), m_ranges(ranges)
{
    setObjectName(QString::fromLatin1(spec.id));
    buildUi();
    m_updating = true;
    retranslate();
    applyRanges();
    at::FormValues initial = m_spec.defaults();
    initial.merge(rememberedValues(m_spec));
    m_updating = false;
    setValues(initial);

    if (m_session) {
        connect(m_session, &session::Session::opened, this, [this] { refresh(); });
        connect(m_session, &session::Session::closed, this, [this] { refresh(); });
    }
}

FormWidget::~FormWidget() = default;

void FormWidget::buildUi()
{
    auto *outer = new QVBoxLayout(this);

    m_title = new QLabel(this);
    QFont tf = m_title->font();
    tf.setBold(true);
    tf.setPointSizeF(tf.pointSizeF() * 1.2);
    m_title->setFont(tf);
    outer->addWidget(m_title);
    auto *syntax = new WrapAnywhereText(QString::fromUtf8(m_spec.syntax), this);
    syntax->setObjectName(QStringLiteral("syntax"));
    syntax->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    outer->addWidget(syntax);
    if (m_spec.summary) {
        m_summary = new QLabel(this);
        m_summary->setWordWrap(true);
        outer->addWidget(m_summary);
    }

    if (m_spec.readBack) {
        auto *modes = new QHBoxLayout;
        m_setMode = new QRadioButton(this);
        m_setMode->setObjectName(QStringLiteral("setMode"));
        m_readMode = new QRadioButton(this);
        m_readMode->setObjectName(QStringLiteral("readMode"));
        m_setMode->setChecked(true);
        modes->addWidget(m_setMode);
        modes->addWidget(m_readMode);
        modes->addStretch(1);
        outer->addLayout(modes);
        connect(m_readMode, &QRadioButton::toggled, this, [this](bool on) {
            m_readBack = on;
            refresh();
        });
    }

    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    int row = 0;
    for (const at::FieldSpec &fs : m_spec.fields) {
        Field f;
        f.spec = &fs;
        const QString key = QString::fromLatin1(fs.key);
        switch (fs.kind) {
        case FieldKind::Int:
        case FieldKind::HexInt:
            f.spin = new RangeSpinBox(this);
            f.spin->setAccelerated(true);
            if (fs.kind == FieldKind::HexInt) {
                f.spin->setDisplayIntegerBase(16);
                f.spin->setPrefix(QStringLiteral("0X"));
            }
            connect(f.spin, &QSpinBox::valueChanged, this, [this, key = fs.key] {
                for (Field &x : m_fields)
                    if (x.spec->key == key)
                        x.correctedFrom.clear();
                refresh();
            });
            // a number out of range is kept as typed and refused beside the field
            connect(f.spin, &RangeSpinBox::edited, this, [this] { refresh(); });
            connect(f.spin, &RangeSpinBox::corrected, this, [this, key = fs.key](const QString &typed) {
                for (Field &x : m_fields)
                    if (x.spec->key == key)
                        x.correctedFrom = typed;
                refresh();
            });
            f.editor = f.spin;
            break;
        case FieldKind::Choice:
            f.combo = new QComboBox(this);
            // long meanings may be cut in the box when room is short, never in its list
            f.combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            f.combo->setMinimumContentsLength(14);
            connect(f.combo, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
            f.editor = f.combo;
            break;
        case FieldKind::Flag:
            f.check = new QCheckBox(this);
            connect(f.check, &QCheckBox::toggled, this, [this] { refresh(); });
            f.editor = f.check;
            break;
        case FieldKind::Text:
        case FieldKind::Secret:
            f.line = new QLineEdit(this);
            f.line->setClearButtonEnabled(true);
            if (fs.kind == FieldKind::Secret)
                f.line->setEchoMode(QLineEdit::Password);
            connect(f.line, &QLineEdit::textChanged, this, [this] { refresh(); });
            f.editor = f.line;
            break;
        case FieldKind::Data:
            f.payload = new PayloadEdit(this);
            f.payload->setFileButtonVisible(fs.param == at::Param::FileSize);
            connect(f.payload, &PayloadEdit::changed, this, [this] { refresh(); });
            f.editor = f.payload;
            break;
        case FieldKind::TopicQosList:
        case FieldKind::TopicList:
            f.topics = new TopicListEdit(fs.kind == FieldKind::TopicQosList, this);
            connect(f.topics, &TopicListEdit::changed, this, [this] { refresh(); });
            f.editor = f.topics;
            break;
        }
        f.editor->setObjectName(key);
        if (fs.kind != FieldKind::Flag) {
            f.label = new QLabel(this);
            f.label->setWordWrap(true); // long labels take two lines rather than widen the form
            f.label->setBuddy(f.editor);
            const Qt::Alignment top = (fs.kind == FieldKind::Data || fs.kind == FieldKind::TopicQosList ||
                                       fs.kind == FieldKind::TopicList)
                                          ? Qt::AlignTop
                                          : Qt::AlignVCenter;
            grid->addWidget(f.label, row, 0, top | Qt::AlignLeft);
        }
        // The editor with its range beside it; short inputs keep their natural width.
        const bool wide = fs.kind == FieldKind::Text || fs.kind == FieldKind::Secret ||
                          fs.kind == FieldKind::Choice || fs.kind == FieldKind::Data ||
                          fs.kind == FieldKind::TopicQosList || fs.kind == FieldKind::TopicList;
        auto *cell = new QHBoxLayout;
        cell->addWidget(f.editor, wide ? 1 : 0);
        f.range = new QLabel(this);
        f.range->setObjectName(QLatin1String("range_") + key);
        // the range and its remark wrap rather than widen the form (the cipher suite's example)
        f.range->setWordWrap(true);
        f.range->setMinimumWidth(f.range->fontMetrics().averageCharWidth() * 8);
        cell->addWidget(f.range, wide ? 0 : 1,
                        wide && fs.kind != FieldKind::Text && fs.kind != FieldKind::Secret
                            ? Qt::AlignTop
                            : Qt::AlignVCenter);
        grid->addLayout(cell, row, 1);
        ++row;
        f.error = new QLabel(this);
        f.error->setObjectName(QLatin1String("error_") + key);
        f.error->setWordWrap(true);
        f.error->setTextInteractionFlags(Qt::TextSelectableByMouse);
        f.error->hide();
        grid->addWidget(f.error, row, 1);
        ++row;
        m_fields.append(f);
    }
    if (m_spec.fields.isEmpty()) {
        m_noParams = new QLabel(this);
        grid->addWidget(m_noParams, 0, 0, 1, 2);
    }
    outer->addLayout(grid);

    m_previewLabel = new QLabel(this);
    outer->addWidget(m_previewLabel);
    m_preview = new QPlainTextEdit(this);
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setTabChangesFocus(true);
    {
        const QFontMetrics fm(m_preview->font());
        const int frame = 2 * m_preview->frameWidth() + int(m_preview->document()->documentMargin() * 2);
        m_preview->setFixedHeight(fm.lineSpacing() * 3 + frame);
    }
    m_previewLabel->setBuddy(m_preview);
    outer->addWidget(m_preview);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->hide();
    outer->addWidget(m_message);

    auto *buttons = new QHBoxLayout;
    m_send = new QPushButton(this);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_add = new QPushButton(this);
    m_add->setObjectName(QStringLiteral("addToSequence"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    buttons->addWidget(m_send);
    buttons->addWidget(m_add);
    buttons->addWidget(m_status, 1);
    outer->addLayout(buttons);
    connect(m_send, &QPushButton::clicked, this, [this] { send(); });
    connect(m_add, &QPushButton::clicked, this, [this] { addToSequence(); });
    for (const QKeySequence &k :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *sc = new QShortcut(k, this);
        sc->setContext(Qt::WidgetWithChildrenShortcut);
        connect(sc, &QShortcut::activated, this, [this] {
            if (m_send->isEnabled())
                send();
        });
    }

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    outer->addWidget(m_result);
    m_resultLines = new QPlainTextEdit(this);
    m_resultLines->setObjectName(QStringLiteral("resultLines"));
    m_resultLines->setReadOnly(true);
    m_resultLines->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_resultLines->setTabChangesFocus(true);
    {
        const QFontMetrics fm(m_resultLines->font());
        m_resultLines->setMaximumHeight(fm.lineSpacing() * 8);
    }
    m_resultLines->hide();
    outer->addWidget(m_resultLines);
    outer->addStretch(1);
}

void FormWidget::retranslate()
{
    m_title->setText(m_spec.titleText());
    if (m_summary)
        m_summary->setText(m_spec.summaryText());
    if (m_setMode) {
        m_setMode->setText(tr("Set"));
        m_readMode->setText(tr("Read back"));
        m_readMode->setToolTip(
            tr("The command with the value omitted: the module answers with what it holds"));
    }
    for (const Field &f : m_fields) {
        if (f.label)
            f.label->setText(tr("%1:").arg(f.spec->labelText()));
        if (f.check)
            f.check->setText(f.spec->labelText());
        if (f.spec->kind == FieldKind::Secret)
            f.line->setToolTip(tr("A secret: shown masked and never remembered"));
    }
    if (m_noParams)
        m_noParams->setText(tr("This command has no parameters."));
    m_previewLabel->setText(tr("AT text:"));
    m_preview->setPlaceholderText(tr("Correct the marked field to see the command"));
    m_send->setText(tr("Send"));
    m_add->setText(tr("Add to sequence"));
    m_add->setToolTip(tr("Append this command to the sequence, expecting its success answer"));
}

const FormWidget::Field *FormWidget::field(QByteArrayView key) const
{
    for (const Field &f : m_fields)
        if (f.spec->key == key)
            return &f;
    return nullptr;
}

QWidget *FormWidget::editor(QByteArrayView key) const
{
    const Field *f = field(key);
    return f ? f->editor : nullptr;
}
QLabel *FormWidget::errorLabel(QByteArrayView key) const
{
    const Field *f = field(key);
    return f ? f->error : nullptr;
}
RangeSpinBox *FormWidget::spinBox(QByteArrayView key) const
{
    const Field *f = field(key);
    return f ? f->spin : nullptr;
}
QComboBox *FormWidget::comboBox(QByteArrayView key) const
{
    const Field *f = field(key);
    return f ? f->combo : nullptr;
}
QCheckBox *FormWidget::checkBox(QByteArrayView key) const
{
    const Field *f = field(key);
    return f ? f->check : nullptr;
}
QLineEdit *FormWidget::lineEdit(QByteArrayView key) const
{
    const Field *f = field(key);
    return f ? f->line : nullptr;
}
PayloadEdit *FormWidget::payloadEdit(QByteArrayView key) const
{
    const Field *f = field(key);
    return f ? f->payload : nullptr;
}
TopicListEdit *FormWidget::topicList(QByteArrayView key) const
{
    const Field *f = field(key);
    return f ? f->topics : nullptr;
}

at::FormValues FormWidget::values() const
{
    at::FormValues v;
    for (const Field &f : m_fields) {
        const QByteArray &key = f.spec->key;
        if (f.fixedHere)
            v.setNumber(key, *f.fixedHere);
        else if (f.spin)
            v.setNumber(key, f.spin->value());
        else if (f.combo)
            v.setNumber(key, f.combo->currentIndex() >= 0 ? f.combo->currentData().toLongLong()
                                                          : f.spec->defaultNumber);
        else if (f.check)
            v.setNumber(key, f.check->isChecked() ? 1 : 0);
        else if (f.line)
            v.setText(key, f.line->text());
        else if (f.payload)
            v.setData(key, f.payload->data().value_or(QByteArray()));
        else if (f.topics)
            v.setTopics(key, f.topics->topics());
    }
    return v;
}

void FormWidget::setValues(const at::FormValues &v)
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    for (Field &f : m_fields) {
        const QByteArray &key = f.spec->key;
        if (!v.has(key) || f.fixedHere)
            continue;
        if (f.spin && f.imposed) {
            f.held = v.number(key); // shown once the rule lets go (QoS above 0 again)
        } else if (f.spin) {
            f.spin->setValue(clampInt(v.number(key)));
        } else if (f.combo) {
            int i = f.combo->findData(v.number(key));
            if (i < 0) { // a value the range does not list: show it, the builder will say why it is wrong
                f.combo->addItem(QString::number(v.number(key)), v.number(key));
                i = f.combo->count() - 1;
            }
            f.combo->setCurrentIndex(i);
        } else if (f.check) {
            f.check->setChecked(v.number(key) == 1);
        } else if (f.line) {
            f.line->setText(v.text(key));
        } else if (f.payload) {
            f.payload->setData(v.data(key));
        } else if (f.topics) {
            f.topics->setTopics(v.topics(key));
        }
    }
    m_updating = wasUpdating;
    refresh();
}

void FormWidget::setReadBack(bool on)
{
    if (!m_readMode)
        return;
    (on ? m_readMode : m_setMode)->setChecked(true);
}

at::Built FormWidget::built() const
{
    const at::FormValues v = values();
    for (const Field &f : m_fields) {
        const bool readBackOff = m_readBack && !m_spec.readBackKeys.contains(f.spec->key);
        if (f.spin && !f.fixedHere && !f.imposed && !readBackOff && m_spec.isEnabled(*f.spec, v)) {
            if (const std::optional<qint64> n = f.spin->outOfRange()) {
                const QString name =
                    f.spec->errorName.isEmpty() ? at::paramName(f.spec->param) : f.spec->errorName;
                return at::Built{
                    std::nullopt,
                    at::BuildError{name, tr("%1 must be within %2: %3 is outside")
                                             .arg(f.spec->labelText(), at::rangeText(*f.spec, *m_ranges),
                                                  f.spin->text())}};
            }
        }
        if (f.payload && m_spec.isEnabled(*f.spec, v) && !m_readBack && !f.payload->data()) {
            const QString name =
                f.spec->errorName.isEmpty() ? at::paramName(f.spec->param) : f.spec->errorName;
            return at::Built{
                std::nullopt,
                at::BuildError{
                    name, tr("%1 is not valid hex: write two digits per byte").arg(f.spec->labelText())}};
        }
    }
    return m_spec.make(at::Builders(*m_ranges), v, m_readBack);
}

QString FormWidget::previewText() const
{
    return m_preview->toPlainText();
}

void FormWidget::applyRanges()
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    for (const Field &f : m_fields) {
        const at::FieldSpec &fs = *f.spec;
        const bool hasRange = fs.param != at::Param::Count_;
        const at::Range range = hasRange ? m_ranges->range(fs.param) : at::Range();
        if (f.spin && !range.isEmpty()) {
            f.spin->setRange(clampInt(range.min()), clampInt(range.max()));
        } else if (f.combo) {
            const QVariant current =
                f.combo->currentIndex() >= 0 ? f.combo->currentData() : QVariant(fs.defaultNumber);
            f.combo->clear();
            for (const auto &[value, text] : at::choiceItems(fs, *m_ranges))
                f.combo->addItem(text, value);
            // as wide as its longest meaning when there is room, narrower when not
            int longest = 0;
            for (int i = 0; i < f.combo->count(); ++i)
                longest = std::max(longest, f.combo->fontMetrics().horizontalAdvance(f.combo->itemText(i)));
            f.combo->setMaximumWidth(longest + f.combo->fontMetrics().averageCharWidth() * 6);
            f.combo->view()->setMinimumWidth(longest + f.combo->fontMetrics().averageCharWidth() * 2);
            const int i = f.combo->findData(current);
            f.combo->setCurrentIndex(i >= 0 ? i : 0);
        } else if (f.payload) {
            f.payload->setLimit(range);
        } else if (f.topics && fs.kind == FieldKind::TopicQosList) {
            f.topics->setQosItems(at::choiceItems(qosSpec(fs), *m_ranges));
        }
        // A combo box lists its values itself.
        QString text = fs.kind == FieldKind::Choice ? QString() : at::rangeText(fs, *m_ranges);
        if (fs.hint)
            text = text.isEmpty() ? fs.hintText() : tr("%1 %2").arg(text, fs.hintText());
        f.range->setText(text);
        if (hasRange && !text.isEmpty())
            f.range->setToolTip(m_ranges->isFromModule(fs.param) ? tr("Range reported by the module")
                                                                 : tr("Range from the specification"));
    }
    m_updating = wasUpdating;
    refresh();
}

void FormWidget::applyRules()
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    const at::FormValues v = values();
    for (Field &f : m_fields) {
        if (!f.spin || f.fixedHere)
            continue;
        const std::optional<qint64> n = m_spec.fixedValue(*f.spec, v);
        if (n && !f.imposed) {
            f.held = f.spin->value();
            f.imposed = true;
        } else if (!n && f.imposed) {
            // The user's value comes back; had it been the imposed one, the next above it.
            f.imposed = false;
            f.spin->setValue(clampInt(f.held == f.spec->fixedNumber ? f.held + 1 : f.held));
        }
        if (n)
            f.spin->setValue(clampInt(*n));
    }
    m_updating = wasUpdating;
}

void FormWidget::refresh()
{
    if (m_updating)
        return;
    applyRules();
    const at::FormValues v = values();
    for (const Field &f : m_fields) {
        const bool on = m_spec.isEnabled(*f.spec, v) && !f.imposed &&
                        (!m_readBack || m_spec.readBackKeys.contains(f.spec->key));
        f.editor->setEnabled(on);
        if (f.label)
            f.label->setEnabled(on);
        f.range->setEnabled(on);
        f.error->clear();
        f.error->hide();
    }
    m_message->clear();
    m_message->hide();

    const at::Built b = built();
    if (b.ok()) {
        m_preview->setPlainText(at::previewText(*b.command));
        const at::AtCommand &c = *b.command;
        if (c.dataPhase != at::DataPhase::None) {
            m_message->setText(c.dataPhase == at::DataPhase::Connect
                                   ? tr("Bytes sent after CONNECT: %1").arg(c.payload.size())
                                   : tr("Bytes written after the > prompt: %1").arg(c.payload.size()));
            setErrorStyle(m_message, false);
            m_message->show();
        }
    } else {
        m_preview->clear();
        const int i = b.error ? m_spec.fieldForError(*b.error) : -1;
        QLabel *target = i >= 0 && !m_fields[i].fixedHere ? m_fields[i].error : m_message;
        target->setText(b.error ? b.error->message : tr("This command cannot be built"));
        setErrorStyle(target, true);
        target->show();
    }
    // A number the spin box brought into range on leaving the field: say so, once.
    for (const Field &f : m_fields) {
        if (f.correctedFrom.isEmpty() || f.error->isVisible())
            continue;
        f.error->setText(tr("%1 is outside %2: set to %3")
                             .arg(f.correctedFrom, at::rangeText(*f.spec, *m_ranges), f.spin->text()));
        setErrorStyle(f.error, false);
        f.error->show();
    }

    const bool open = m_session && m_session->isOpen();
    m_send->setEnabled(b.ok() && open);
    m_send->setToolTip(open ? tr("Send to the module (Ctrl+Enter)") : tr("Open a port first"));
    m_add->setEnabled(b.ok() && m_sequence);
    emit edited();
}

void FormWidget::setDialogMode()
{
    m_title->hide();
    for (QWidget *w : std::initializer_list<QWidget *>{m_setMode, m_readMode, m_send, m_add, m_status,
                                                       m_result, m_resultLines})
        if (w)
            w->hide();
}

void FormWidget::fixField(QByteArrayView key, qint64 value)
{
    for (Field &f : m_fields) {
        if (f.spec->key != key)
            continue;
        f.fixedHere = value;
        if (f.spin)
            f.spin->setValue(clampInt(value));
        for (QWidget *w : std::initializer_list<QWidget *>{f.label, f.editor, f.range, f.error})
            if (w)
                w->hide();
    }
    refresh();
}

void FormWidget::setSuggestions(QByteArrayView key, const QStringList &values)
{
    const Field *f = field(key);
    if (!f)
        return;
    if (f->line) {
        auto *c = new QCompleter(values, f->line);
        c->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
        f->line->setCompleter(c);
    } else if (f->topics) {
        f->topics->setSuggestions(values);
    }
}

void FormWidget::advanceMsgId(const at::AtCommand &sent)
{
    Field *f = nullptr;
    for (Field &x : m_fields)
        if (x.spec->key == "msgid" && x.spin)
            f = &x;
    if (!f || sent.msgId <= 0 || !m_session)
        return;
    const int idx = sent.clientIdx;
    if (idx < 0 || idx >= state::kSlotCount)
        return;
    const int next = state::nextMsgId(m_session->store().slot(idx), sent.msgId);
    if (f->imposed)
        f->held = next;
    else
        f->spin->setValue(next);
}

session::CommandReply *FormWidget::send()
{
    const at::Built b = built();
    if (!b.ok())
        return nullptr;
    if (!m_session || !m_session->isOpen()) {
        showStatus(tr("Not connected: open a port first"), true);
        return nullptr;
    }
    session::CommandReply *reply = m_session->send(*b.command);
    if (!reply) {
        showStatus(tr("Not connected: open a port first"), true);
        return nullptr;
    }
    const int readBackIndex =
        m_readBack && (m_spec.cfgSetting || m_spec.sslSetting) && !m_spec.readBackKeys.isEmpty()
            ? int(values().number(m_spec.readBackKeys.front()))
            : -1;
    connect(reply, &session::CommandReply::finished, this,
            [this, readBackIndex](const session::CommandResult &r) { onFinished(r, readBackIndex); });
    remember();
    advanceMsgId(*b.command);
    showStatus(tr("Sent; waiting for the answer…"), false);
    return reply;
}

bool FormWidget::addToSequence()
{
    const at::Built b = built();
    if (!b.ok() || !m_sequence)
        return false;
    const at::AtCommand &c = *b.command;
    session::SequenceStep step;
    step.command = c.line;
    step.data = c.payload;
    const at::FieldSpec *topics = nullptr;
    for (const at::FieldSpec &fs : m_spec.fields)
        if (fs.kind == FieldKind::TopicQosList)
            topics = &fs;
    step.expect = at::expectedAnswer(c, topics ? values().topics(topics->key) : QList<at::TopicQos>());
    step.timeout = c.timeout.value_or(std::chrono::milliseconds{0});
    step.note = m_spec.titleText();
    m_sequence->append(step);
    remember();
    showStatus(tr("Added as step %1 of the sequence; it expects %2")
                   .arg(m_sequence->steps().size())
                   .arg(QString::fromUtf8(step.expect)),
               false);
    return true;
}

void FormWidget::onFinished(const session::CommandResult &result, int readBackIndex)
{
    const QString took = result.elapsedMs < 1000
                             ? tr("%1 ms").arg(result.elapsedMs)
                             : tr("%1 s").arg(QLocale().toString(double(result.elapsedMs) / 1000.0, 'f', 1));
    m_result->setText(tr("Last result: %1 (%2)").arg(result.describe(), took));
    setErrorStyle(m_result, !result.succeeded());
    m_result->show();
    QStringList lines;
    for (const QByteArray &l : result.lines)
        lines << QString::fromUtf8(l);
    m_resultLines->setPlainText(lines.join(QLatin1Char('\n')));
    m_resultLines->setVisible(!lines.isEmpty());
    m_status->clear();
    if (readBackIndex >= 0 && result.succeeded())
        fillFromStore(readBackIndex);
}

void FormWidget::fillFromStore(int index)
{
    if (!m_session)
        return;
    const auto &store = m_session->store();
    if (m_spec.cfgSetting && index < state::kSlotCount) {
        setValues(state::cfgFormValues(*m_spec.cfgSetting, index, store.slot(index).config));
        emit filledFromModule();
    } else if (m_spec.sslSetting && index < int(store.module().ssl.size())) {
        setValues(state::sslFormValues(*m_spec.sslSetting, index, store.module().ssl[std::size_t(index)]));
        emit filledFromModule();
    }
}

at::FormValues FormWidget::rememberedValues(const at::FormSpec &spec)
{
    const QVariantMap saved = QSettings().value(settingsKey(spec)).toMap();
    return saved.isEmpty() ? at::FormValues() : at::fromVariantMap(spec, saved);
}

void FormWidget::remember() const
{
    QSettings().setValue(settingsKey(m_spec), at::toVariantMap(m_spec, values()));
}

void FormWidget::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    setErrorStyle(m_status, error);
}

void FormWidget::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange) {
        refresh(); // error texts take their colour from the palette
    } else if (e->type() == QEvent::LanguageChange) {
        retranslate();
        applyRanges(); // the meanings in the combo boxes, the range texts, the builders' messages
    }
}

} // namespace qmt::ui
