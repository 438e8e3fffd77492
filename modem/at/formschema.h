// SPDX-License-Identifier: Apache-2.0
#pragma once
// The command forms of the desktop app, described as data: for every command of PROTOCOL.md
// §3-5 (each AT+QMTCFG sub-command and AT+QSSLCFG setting on its own) its group, title, syntax,
// fields — each with the Param whose range limits it — and how the field values become a command
// through the Builders. QtCore only; ui/ renders any form generically from this description.
// Texts are English source strings (context "qmt::at::Forms"), translated at display time.

#include "at/builders.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <functional>
#include <optional>

namespace qmt::at {

// The groups of the command list, in display order.
enum class FormGroup : std::uint8_t {
    Configure,
    Network,
    Session,
    PubSub,
    Receive,
    FilesTls,
    Pdp,
    Basic,
    Count_
};
QString formGroupTitle(FormGroup g); // translated: "Configure", "Publish/Subscribe", …

enum class FieldKind : std::uint8_t {
    Int,          // an integer in the range of `param` (a spin box)
    HexInt,       // an integer written in hex with 0X (the cipher suite)
    Choice,       // one value of `param`'s range, each with its meaning from `choices`
    Flag,         // a check box that only enables other fields; not a parameter itself
    Text,         // a quoted string; `param` gives its length in UTF-8 bytes
    Secret,       // Text that is masked on screen and never remembered
    Data,         // bytes written after '>' or CONNECT (text or hex); `param` gives the length
    TopicQosList, // one or more "<topic>",<qos> pairs (AT+QMTSUB)
    TopicList,    // one or more topic filters (AT+QMTUNS)
};

struct ChoiceText
{
    qint64 value;
    const char *text; // the meaning, English source (context "qmt::at::Forms")
};

struct FieldSpec
{
    QByteArray key; // "idx", "keepalive", …: the key in FormValues
    FieldKind kind = FieldKind::Int;
    Param param = Param::Count_; // the range that limits the field; Count_: none
    const char *label = "";      // English source (context "qmt::at::Forms")
    const char *hint = nullptr;  // the unit or a short remark, may be nullptr
    QList<ChoiceText> choices;   // Choice: meanings; the values themselves when param is Count_
    qint64 defaultNumber = 0;
    QString defaultText;     // Text/Secret/Data/lists (lists: one topic)
    QByteArray enabledBy;    // a Flag or Choice field that enables this one (empty: always)
    qint64 enabledValue = 1; // ... when it holds this value
    QString errorName;       // the name the builders give it, if not paramName(param)
    // A rule between fields: while field `fixedBy` holds `fixedWhen`, this one must hold
    // `fixedNumber` (the publish forms: QoS 0 carries packet id 0). Empty: no rule.
    QByteArray fixedBy;
    qint64 fixedWhen = 0;
    qint64 fixedNumber = 0;

    QString labelText() const; // translated
    QString hintText() const;  // translated, may be empty
    // True when a BuildError naming `param` is about this field ("<topic2>" belongs to a list).
    bool ownsError(const QString &param) const;
};

class FormValues
{
public:
    qint64 number(QByteArrayView key, qint64 fallback = 0) const;
    QString text(QByteArrayView key) const;
    QByteArray data(QByteArrayView key) const;
    QList<TopicQos> topics(QByteArrayView key) const;
    bool has(QByteArrayView key) const { return m_values.contains(key.toByteArray()); }
    bool isEmpty() const { return m_values.isEmpty(); }
    QList<QByteArray> keys() const { return m_values.keys(); }

    FormValues &setNumber(const QByteArray &key, qint64 v);
    FormValues &setText(const QByteArray &key, const QString &v);
    FormValues &setData(const QByteArray &key, const QByteArray &v);
    FormValues &setTopics(const QByteArray &key, const QList<TopicQos> &v);
    // Takes every value `other` holds.
    void merge(const FormValues &other);

    bool operator==(const FormValues &o) const;
    bool operator!=(const FormValues &o) const { return !(*this == o); }

private:
    struct Value
    {
        qint64 number = 0;
        QString text;
        QByteArray data;
        QList<TopicQos> topics;
        bool operator==(const Value &o) const
        {
            return number == o.number && text == o.text && data == o.data && topics == o.topics;
        }
    };
    QHash<QByteArray, Value> m_values;
};

using FormBuild = std::function<Built(const Builders &, const FormValues &)>;

struct FormSpec
{
    QByteArray id; // "cfg.keepalive", "pubex", …
    FormGroup group = FormGroup::Basic;
    const char *title = "";        // English source, e.g. "Keep-alive time"
    QByteArray syntax;             // AT+QMTCFG="keepalive",<client_idx>[,<keep_alive_time>]
    const char *summary = nullptr; // one line from the spec; may be nullptr
    QList<FieldSpec> fields;
    FormBuild build;                      // the set (or only) form
    FormBuild readBack;                   // the form with the value omitted; empty: none
    QList<QByteArray> readBackKeys;       // the fields the read-back form uses (idx, ctx, cid)
    std::optional<CfgSetting> cfgSetting; // the AT+QMTCFG sub-command this form sets
    std::optional<SslSetting> sslSetting; // the AT+QSSLCFG setting this form sets

    QString titleText() const;   // translated
    QString summaryText() const; // translated, may be empty
    const FieldSpec *field(QByteArrayView key) const;
    // The index in `fields` of the field a BuildError is about; -1 when none is.
    int fieldForError(const BuildError &e) const;
    // The field values the form starts with.
    FormValues defaults() const;
    // Builds the set form, or the read-back form when readBack is true (and the form has one).
    Built make(const Builders &b, const FormValues &v, bool readBack = false) const;
    // Whether field `key` takes part given the current values (its enabling field).
    bool isEnabled(const FieldSpec &f, const FormValues &v) const;
    // The value a rule between fields imposes on `f` given the other values; nullopt: none.
    std::optional<qint64> fixedValue(const FieldSpec &f, const FormValues &v) const;
    // `v` with every imposed value applied (make() builds from these).
    FormValues withRules(const FormValues &v) const;
};

// Every form, grouped and in display order.
const QList<FormSpec> &allForms();
const FormSpec *findForm(QByteArrayView id);
// The form of an AT+QMTCFG sub-command.
const FormSpec *cfgForm(CfgSetting s);
// Every AT+QMTCFG sub-command, in the order of PROTOCOL.md §3.
const QList<CfgSetting> &allCfgSettings();

// What a sequence step made of `command` should wait for: the result URC of an asynchronous
// command with the result that means success ("+QMTOPEN: 0,0", "+QMTCONN: 0,0,0",
// "+QMTSUB: 0,1,0,1,2" with the requested QoS as granted, "+QMTPUBEX: 0,1,0"), the checksum
// line of an upload ("+QFUPL: 1188,2d13"), else "OK".
QByteArray expectedAnswer(const AtCommand &command, const QList<TopicQos> &subscribed = {});

// The exact text a command writes: its line, then (after "> " or "CONNECT ") the data with
// control characters escaped (\r \n \t \xNN) and Ctrl+Z shown as <Ctrl+Z>. Data longer than
// maxData bytes is cut with "…".
QString previewText(const AtCommand &command, qsizetype maxData = 2048);

// Hex for the payload editors: "48 65 6C". parseHex accepts any blanks and an optional 0x per
// byte; std::nullopt for an odd number of digits or a non-hex character.
QString toHexText(const QByteArray &data);
std::optional<QByteArray> parseHex(QStringView text);

// The range of a field as a short text: "0-3600", "3,4", "1-100 bytes"; empty when it has none.
QString rangeText(const FieldSpec &f, const RangeTable &ranges);
// The items of a Choice field: each value of its range (when the range holds at most 64) with
// "<value> — <meaning>", else the values of `choices`.
QList<std::pair<qint64, QString>> choiceItems(const FieldSpec &f, const RangeTable &ranges);

// Values worth remembering between runs (no Secret fields, no file contents), and back.
QVariantMap toVariantMap(const FormSpec &form, const FormValues &v);
FormValues fromVariantMap(const FormSpec &form, const QVariantMap &m);

} // namespace qmt::at
