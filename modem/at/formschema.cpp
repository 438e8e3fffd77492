// SPDX-License-Identifier: Apache-2.0
#include "at/formschema.h"
#include "at/syntax.h"

#include "at/checksum.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace qmt::at {

namespace {

QString trForms(const char *s)
{
    return QCoreApplication::translate("qmt::at::Forms", s);
}

// ---- field constructors ----------------------------------------------------------------------

FieldSpec num(QByteArray key, Param p, const char *label, const char *hint = nullptr, qint64 def = 0)
{
    FieldSpec f;
    f.key = std::move(key);
    f.kind = FieldKind::Int;
    f.param = p;
    f.label = label;
    f.hint = hint;
    f.defaultNumber = def;
    return f;
}

FieldSpec hexNum(QByteArray key, Param p, const char *label, const char *hint, qint64 def)
{
    FieldSpec f = num(std::move(key), p, label, hint, def);
    f.kind = FieldKind::HexInt;
    return f;
}

FieldSpec choice(QByteArray key, Param p, const char *label, QList<ChoiceText> choices, qint64 def)
{
    FieldSpec f = num(std::move(key), p, label, nullptr, def);
    f.kind = FieldKind::Choice;
    f.choices = std::move(choices);
    return f;
}

FieldSpec text(QByteArray key, Param p, const char *label, QString def = {}, const char *hint = nullptr)
{
    FieldSpec f;
    f.key = std::move(key);
    f.kind = FieldKind::Text;
    f.param = p;
    f.label = label;
    f.hint = hint;
    f.defaultText = std::move(def);
    return f;
}

FieldSpec secret(QByteArray key, Param p, const char *label)
{
    FieldSpec f = text(std::move(key), p, label);
    f.kind = FieldKind::Secret;
    return f;
}

FieldSpec dataField(QByteArray key, Param p, const char *label, QString def = {})
{
    FieldSpec f = text(std::move(key), p, label, std::move(def));
    f.kind = FieldKind::Data;
    return f;
}

FieldSpec flag(QByteArray key, const char *label, qint64 def = 0)
{
    FieldSpec f;
    f.key = std::move(key);
    f.kind = FieldKind::Flag;
    f.label = label;
    f.defaultNumber = def;
    return f;
}

FieldSpec when(FieldSpec f, QByteArray by, qint64 value = 1)
{
    f.enabledBy = std::move(by);
    f.enabledValue = value;
    return f;
}

// `f` holds `number` while field `by` holds `value`.
FieldSpec fixedWhile(FieldSpec f, QByteArray by, qint64 value, qint64 number)
{
    f.fixedBy = std::move(by);
    f.fixedWhen = value;
    f.fixedNumber = number;
    return f;
}

FieldSpec named(FieldSpec f, QString errorName)
{
    f.errorName = std::move(errorName);
    return f;
}

// The fields most forms share.
FieldSpec idxField()
{
    return num("idx", Param::ClientIdx, QT_TRANSLATE_NOOP("qmt::at::Forms", "Client (client_idx)"));
}

FieldSpec ctxField()
{
    return num("ctx", Param::SslContextId, QT_TRANSLATE_NOOP("qmt::at::Forms", "SSL context (SSL_ctxID)"));
}

FieldSpec cidField()
{
    return num("cid", Param::PdpContext, QT_TRANSLATE_NOOP("qmt::at::Forms", "PDP context (contextID)"),
               nullptr, 1);
}

// The meanings the settings table writes once (settings.h), as form choices.
QList<ChoiceText> choicesOf(const std::vector<ValueMeaning> &meanings)
{
    QList<ChoiceText> out;
    for (const ValueMeaning &m : meanings)
        out.append({m.value, m.text});
    return out;
}
const QList<ChoiceText> kOffOn = choicesOf(offOnMeanings());
const QList<ChoiceText> kQos = choicesOf(qosMeanings());
const QList<ChoiceText> kRetain = choicesOf(retainMeanings());

int I(const FormValues &v, const char *key)
{
    return int(v.number(key));
}

FormSpec form(QByteArray id, FormGroup g, const char *title, QByteArray syntax, const char *summary,
              QList<FieldSpec> fields, FormBuild build)
{
    FormSpec f;
    f.id = std::move(id);
    f.group = g;
    f.title = title;
    f.syntax = std::move(syntax);
    f.summary = summary;
    f.fields = std::move(fields);
    f.build = std::move(build);
    return f;
}

// A field of a form from a field of the descriptor table.
FieldSpec settingField(const SettingInfo &s, const SettingField &f)
{
    const QString suggested = QString::fromUtf8(f.suggestedText);
    FieldSpec out;
    switch (f.kind) {
    case ValueKind::Int:
        out = num(f.key, f.param, f.label, f.unit, f.suggested);
        break;
    case ValueKind::Choice:
        out = choice(f.key, f.param, f.label, choicesOf(f.meanings), f.suggested);
        break;
    case ValueKind::Hex:
        out = hexNum(f.key, f.param, f.label, f.unit, f.suggested);
        break;
    case ValueKind::Text:
    case ValueKind::Topic:
    case ValueKind::File:
        out = text(f.key, f.param, f.label, suggested, f.unit);
        break;
    case ValueKind::Secret:
        out = secret(f.key, f.param, f.label);
        break;
    case ValueKind::Data:
        out = dataField(f.key, f.param, f.label, suggested);
        break;
    }
    if (f.gated && s.flagGated)
        out = when(std::move(out), s.fields.front().key);
    return out;
}

// The form of an AT+QMTCFG sub-command or AT+QSSLCFG setting, made from its row alone.
FormSpec settingForm(const SettingInfo &row)
{
    const bool isCfg = row.isCfg();
    QList<FieldSpec> fields{isCfg ? idxField() : ctxField()};
    for (const SettingField &f : row.fields)
        fields << settingField(row, f);
    const QByteArray indexKey = isCfg ? "idx" : "ctx";
    const SettingInfo *r = &row;
    FormSpec spec =
        form(QByteArray(isCfg ? "cfg." : "ssl.") + row.name,
             isCfg ? FormGroup::Configure : FormGroup::FilesTls, row.title, QByteArray(row.syntax),
             row.summary, std::move(fields), [r, indexKey](const Builders &b, const FormValues &v) {
                 QVariantList values;
                 for (const SettingField &f : r->fields) {
                     if (f.gated && r->flagGated && v.number(r->fields.front().key) == 0)
                         break;
                     if (f.isNumber())
                         values << v.number(f.key);
                     else if (f.kind == ValueKind::Data)
                         values << v.data(f.key);
                     else
                         values << v.text(f.key);
                 }
                 return b.setting(*r, I(v, indexKey.constData()), values);
             });
    if (isCfg)
        spec.cfgSetting = row.cfg();
    else
        spec.sslSetting = row.ssl();
    spec.readBack = [r, indexKey](const Builders &b, const FormValues &v) {
        return b.settingRead(*r, I(v, indexKey.constData()));
    };
    spec.readBackKeys = {indexKey};
    return spec;
}

QList<FormSpec> makeForms()
{
    using G = FormGroup;
    QList<FormSpec> out;

    // ---- Configure: AT+QMTCFG ----------------------------------------------------------------
    for (const SettingInfo &row : cfgSettings())
        out << settingForm(row);

    // ---- Network ------------------------------------------------------------------------------
    out << form("open", G::Network, QT_TRANSLATE_NOOP("qmt::at::Forms", "Open a network connection"),
                R"(AT+QMTOPEN=<client_idx>,"<host_name>",<port>)",
                QT_TRANSLATE_NOOP("qmt::at::Forms",
                                  "Opens the TCP (or TLS) link of a client to the broker; the result arrives "
                                  "as +QMTOPEN within 120 s."),
                {idxField(),
                 text("host", Param::HostLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Broker (host_name)"),
                      QStringLiteral("test.mosquitto.org")),
                 num("port", Param::Port, QT_TRANSLATE_NOOP("qmt::at::Forms", "Port"), nullptr, 1883)},
                [](const Builders &b, const FormValues &v) {
                    return b.open(I(v, "idx"), v.text("host"), I(v, "port"));
                });
    out << form(
        "open.query", G::Network, QT_TRANSLATE_NOOP("qmt::at::Forms", "Which networks are open"),
        "AT+QMTOPEN?",
        QT_TRANSLATE_NOOP("qmt::at::Forms", "Lists every client whose network is open, with host and port."),
        {}, [](const Builders &b, const FormValues &) { return b.openQuery(); });
    out << form(
        "close", G::Network, QT_TRANSLATE_NOOP("qmt::at::Forms", "Close a network connection"),
        "AT+QMTCLOSE=<client_idx>",
        QT_TRANSLATE_NOOP("qmt::at::Forms", "Closes the client's link; the result arrives as +QMTCLOSE."),
        {idxField()}, [](const Builders &b, const FormValues &v) { return b.close(I(v, "idx")); });

    // ---- Session ------------------------------------------------------------------------------
    out << form(
        "conn", G::Session, QT_TRANSLATE_NOOP("qmt::at::Forms", "Connect to the broker"),
        R"(AT+QMTCONN=<client_idx>,"<clientid>"[,"<username>","<password>"])",
        QT_TRANSLATE_NOOP("qmt::at::Forms",
                          "Sends CONNECT on an open network; +QMTCONN reports the broker's CONNACK."),
        {idxField(),
         text("clientid", Param::ClientIdLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Client ID (clientid)"),
              QStringLiteral("qmtscope")),
         flag("auth", QT_TRANSLATE_NOOP("qmt::at::Forms", "With user name and password")),
         when(text("user", Param::UserNameLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "User name")), "auth"),
         when(secret("password", Param::PasswordLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Password")),
              "auth")},
        [](const Builders &b, const FormValues &v) {
            if (v.number("auth") == 1)
                return b.connect(I(v, "idx"), v.text("clientid"), v.text("user"), v.text("password"));
            return b.connect(I(v, "idx"), v.text("clientid"));
        });
    out << form("conn.query", G::Session, QT_TRANSLATE_NOOP("qmt::at::Forms", "Connection states"),
                "AT+QMTCONN?",
                QT_TRANSLATE_NOOP("qmt::at::Forms",
                                  "Every client's MQTT state: 1 initializing, 2 connecting, 3 connected, "
                                  "4 disconnecting."),
                {}, [](const Builders &b, const FormValues &) { return b.connQuery(); });
    out << form("disc", G::Session, QT_TRANSLATE_NOOP("qmt::at::Forms", "Disconnect from the broker"),
                "AT+QMTDISC=<client_idx>",
                QT_TRANSLATE_NOOP("qmt::at::Forms",
                                  "Sends DISCONNECT; the module also closes the network (+QMTDISC)."),
                {idxField()},
                [](const Builders &b, const FormValues &v) { return b.disconnect(I(v, "idx")); });

    // ---- Publish/Subscribe ------------------------------------------------------------------
    {
        FieldSpec topics =
            text("topics", Param::TopicLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Topic filters"),
                 QStringLiteral("qmtscope/test"));
        topics.kind = FieldKind::TopicQosList;
        topics.defaultNumber = 1; // the QoS of the first row
        topics.choices = kQos;    // the meanings of each row's QoS
        out << form(
            "sub", G::PubSub, QT_TRANSLATE_NOOP("qmt::at::Forms", "Subscribe"),
            R"(AT+QMTSUB=<client_idx>,<msgid>,"<topic1>",<qos1>[,"<topic2>",<qos2>…])",
            QT_TRANSLATE_NOOP("qmt::at::Forms",
                              "Subscribes to one or more topic filters (+ and # allowed); +QMTSUB "
                              "reports the granted QoS of each."),
            {idxField(),
             num("msgid", Param::MsgId, QT_TRANSLATE_NOOP("qmt::at::Forms", "Packet ID (msgid)"), nullptr, 1),
             topics},
            [](const Builders &b, const FormValues &v) {
                return b.subscribe(I(v, "idx"), I(v, "msgid"), v.topics("topics"));
            });
        topics.kind = FieldKind::TopicList;
        out << form(
            "uns", G::PubSub, QT_TRANSLATE_NOOP("qmt::at::Forms", "Unsubscribe"),
            R"(AT+QMTUNS=<client_idx>,<msgid>,"<topic1>"[,"<topic2>"…])",
            QT_TRANSLATE_NOOP("qmt::at::Forms", "Unsubscribes from one or more topic filters."),
            {idxField(),
             num("msgid", Param::MsgId, QT_TRANSLATE_NOOP("qmt::at::Forms", "Packet ID (msgid)"), nullptr, 2),
             topics},
            [](const Builders &b, const FormValues &v) {
                QStringList list;
                for (const TopicQos &t : v.topics("topics"))
                    list << t.first;
                return b.unsubscribe(I(v, "idx"), I(v, "msgid"), list);
            });
    }
    const auto pubFields = [](Param payloadParam, const char *payloadLabel) {
        return QList<FieldSpec>{
            idxField(),
            // QoS 0 carries no packet id: the module wants 0 there, and at least 1 otherwise.
            fixedWhile(num("msgid", Param::PubMsgId, QT_TRANSLATE_NOOP("qmt::at::Forms", "Packet ID (msgid)"),
                           QT_TRANSLATE_NOOP("qmt::at::Forms", "(0 only with QoS 0)"), 1),
                       "qos", 0, 0),
            choice("qos", Param::Qos, QT_TRANSLATE_NOOP("qmt::at::Forms", "QoS"), kQos, 1),
            choice("retain", Param::Retain, QT_TRANSLATE_NOOP("qmt::at::Forms", "Retain"), kRetain, 0),
            text("topic", Param::TopicLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Topic"),
                 QStringLiteral("qmtscope/test")),
            dataField("payload", payloadParam, payloadLabel, QStringLiteral("hello from QMT Scope"))};
    };
    out << form(
        "pubex", G::PubSub, QT_TRANSLATE_NOOP("qmt::at::Forms", "Publish"),
        R"(AT+QMTPUBEX=<client_idx>,<msgid>,<qos>,<retain>,"<topic>",<msg_length>)",
        QT_TRANSLATE_NOOP("qmt::at::Forms",
                          "Publishes a message of up to 1500 bytes, written after the > prompt; at most "
                          "5 may await their acknowledgement."),
        pubFields(Param::PayloadLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Payload (after >)")),
        [](const Builders &b, const FormValues &v) {
            return b.publish(I(v, "idx"), I(v, "msgid"), I(v, "qos"), I(v, "retain"), v.text("topic"),
                             v.data("payload"));
        });
    out << form("pub", G::PubSub, QT_TRANSLATE_NOOP("qmt::at::Forms", "Publish, ended by Ctrl+Z (older)"),
                R"(AT+QMTPUB=<client_idx>,<msgid>,<qos>,<retain>,"<topic>")",
                QT_TRANSLATE_NOOP("qmt::at::Forms",
                                  "The older publish command of some firmware: the data after > ends with "
                                  "Ctrl+Z, so it must not contain Ctrl+Z or ESC."),
                pubFields(Param::CtrlZPayloadLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Payload (after >)")),
                [](const Builders &b, const FormValues &v) {
                    return b.publishLegacy(I(v, "idx"), I(v, "msgid"), I(v, "qos"), I(v, "retain"),
                                           v.text("topic"), v.data("payload"));
                });

    // ---- Receive ------------------------------------------------------------------------------
    out << form(
        "recv.read", G::Receive, QT_TRANSLATE_NOOP("qmt::at::Forms", "Read stored messages"),
        "AT+QMTRECV=<client_idx>[,<recv_id>]",
        QT_TRANSLATE_NOOP("qmt::at::Forms",
                          "In receive mode 1, reads the messages held in the client's buffers (all, or "
                          "one)."),
        {idxField(), flag("one", QT_TRANSLATE_NOOP("qmt::at::Forms", "Only one buffer")),
         when(num("recvid", Param::RecvId, QT_TRANSLATE_NOOP("qmt::at::Forms", "Buffer (recv_id)")), "one")},
        [](const Builders &b, const FormValues &v) {
            if (v.number("one") == 1)
                return b.recvRead(I(v, "idx"), I(v, "recvid"));
            return b.recvRead(I(v, "idx"));
        });
    out << form(
        "recv.query", G::Receive, QT_TRANSLATE_NOOP("qmt::at::Forms", "Which buffers hold messages"),
        "AT+QMTRECV?",
        QT_TRANSLATE_NOOP("qmt::at::Forms", "For each client, which of its 5 buffers hold a message."), {},
        [](const Builders &b, const FormValues &) { return b.recvQuery(); });

    // ---- Files & TLS -------------------------------------------------------------------------
    out << form(
        "qfupl", G::FilesTls, QT_TRANSLATE_NOOP("qmt::at::Forms", "Upload a file"),
        R"(AT+QFUPL="<filename>"[,<file_size>[,<timeout>]])",
        QT_TRANSLATE_NOOP("qmt::at::Forms",
                          "Stores a file (a certificate, a key) on the module; RAM: files are lost at "
                          "restart. The module answers with a checksum to compare."),
        {text("name", Param::FileNameLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "File name"),
              QStringLiteral("RAM:cacert.pem")),
         dataField("data", Param::FileSize, QT_TRANSLATE_NOOP("qmt::at::Forms", "Content (after CONNECT)")),
         flag("withtimeout", QT_TRANSLATE_NOOP("qmt::at::Forms", "Set the upload timeout")),
         when(num("timeout", Param::FileTimeout, QT_TRANSLATE_NOOP("qmt::at::Forms", "Timeout"),
                  QT_TRANSLATE_NOOP("qmt::at::Forms", "seconds"), 5),
              "withtimeout")},
        [](const Builders &b, const FormValues &v) {
            if (v.number("withtimeout") == 1)
                return b.fileUpload(v.text("name"), v.data("data"), I(v, "timeout"));
            return b.fileUpload(v.text("name"), v.data("data"));
        });
    out << form(
        "qflst", G::FilesTls, QT_TRANSLATE_NOOP("qmt::at::Forms", "List files"),
        R"(AT+QFLST="<name_pattern>")",
        QT_TRANSLATE_NOOP("qmt::at::Forms", "Lists the files that match, with their sizes (\"*\": all)."),
        {named(text("pattern", Param::FileNameLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Pattern"),
                    QStringLiteral("*")),
               QStringLiteral("<name_pattern>"))},
        [](const Builders &b, const FormValues &v) { return b.fileList(v.text("pattern")); });
    out << form("qfdel", G::FilesTls, QT_TRANSLATE_NOOP("qmt::at::Forms", "Delete a file"),
                R"(AT+QFDEL="<filename>")",
                QT_TRANSLATE_NOOP("qmt::at::Forms", "Deletes a file; \"*\" deletes them all."),
                {text("name", Param::FileNameLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "File name"),
                      QStringLiteral("RAM:cacert.pem"))},
                [](const Builders &b, const FormValues &v) { return b.fileDelete(v.text("name")); });
    out << form("qflds", G::FilesTls, QT_TRANSLATE_NOOP("qmt::at::Forms", "Free space"),
                R"(AT+QFLDS="<medium>")",
                QT_TRANSLATE_NOOP("qmt::at::Forms", "Free and total bytes of a storage medium (UFS or RAM)."),
                {named(text("medium", Param::Count_, QT_TRANSLATE_NOOP("qmt::at::Forms", "Medium"),
                            QStringLiteral("UFS")),
                       QStringLiteral("<name_pattern>"))},
                [](const Builders &b, const FormValues &v) { return b.fileDiskSpace(v.text("medium")); });
    for (const SettingInfo &row : sslSettings())
        out << settingForm(row);

    // ---- PDP ----------------------------------------------------------------------------------
    {
        FormSpec f = form(
            "qicsgp", G::Pdp, QT_TRANSLATE_NOOP("qmt::at::Forms", "Define a PDP context"),
            R"(AT+QICSGP=<contextID>[,<context_type>,"<APN>","<username>","<password>",<authentication>])",
            QT_TRANSLATE_NOOP("qmt::at::Forms", "The APN and credentials of the operator's data network."),
            {cidField(),
             choice("type", Param::ContextType, QT_TRANSLATE_NOOP("qmt::at::Forms", "Type"),
                    {{1, QT_TRANSLATE_NOOP("qmt::at::Forms", "IPv4")},
                     {2, QT_TRANSLATE_NOOP("qmt::at::Forms", "IPv6")},
                     {3, QT_TRANSLATE_NOOP("qmt::at::Forms", "IPv4v6")}},
                    1),
             text("apn", Param::ApnLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "APN"),
                  QStringLiteral("internet")),
             text("user", Param::PdpUserLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "User name")),
             secret("password", Param::PdpPasswordLen, QT_TRANSLATE_NOOP("qmt::at::Forms", "Password")),
             choice("auth", Param::PdpAuth, QT_TRANSLATE_NOOP("qmt::at::Forms", "Authentication"),
                    {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "none")},
                     {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "PAP")},
                     {2, QT_TRANSLATE_NOOP("qmt::at::Forms", "CHAP")},
                     {3, QT_TRANSLATE_NOOP("qmt::at::Forms", "PAP or CHAP")}},
                    0)},
            [](const Builders &b, const FormValues &v) {
                return b.pdpConfig(I(v, "cid"), I(v, "type"), v.text("apn"), v.text("user"),
                                   v.text("password"), I(v, "auth"));
            });
        f.readBack = [](const Builders &b, const FormValues &v) { return b.pdpConfigRead(I(v, "cid")); };
        f.readBackKeys = {"cid"};
        out << f;
    }
    out << form(
        "qiact", G::Pdp, QT_TRANSLATE_NOOP("qmt::at::Forms", "Activate a PDP context"),
        "AT+QIACT=<contextID>",
        QT_TRANSLATE_NOOP("qmt::at::Forms",
                          "Brings the data connection up (up to 150 s); ERROR if it is already active."),
        {cidField()}, [](const Builders &b, const FormValues &v) { return b.pdpActivate(I(v, "cid")); });
    out << form("qiact.query", G::Pdp, QT_TRANSLATE_NOOP("qmt::at::Forms", "Active PDP contexts"),
                "AT+QIACT?",
                QT_TRANSLATE_NOOP("qmt::at::Forms", "Lists the active contexts with their IP addresses."), {},
                [](const Builders &b, const FormValues &) { return b.pdpActiveQuery(); });
    out << form("qideact", G::Pdp, QT_TRANSLATE_NOOP("qmt::at::Forms", "Deactivate a PDP context"),
                "AT+QIDEACT=<contextID>", nullptr, {cidField()},
                [](const Builders &b, const FormValues &v) { return b.pdpDeactivate(I(v, "cid")); });

    // ---- Basic --------------------------------------------------------------------------------
    out << form("at", G::Basic, QT_TRANSLATE_NOOP("qmt::at::Forms", "Is the module there"), "AT",
                QT_TRANSLATE_NOOP("qmt::at::Forms", "The module answers OK."), {},
                [](const Builders &b, const FormValues &) { return b.at(); });
    out << form(
        "ate", G::Basic, QT_TRANSLATE_NOOP("qmt::at::Forms", "Command echo"), "ATE<value>",
        QT_TRANSLATE_NOOP("qmt::at::Forms", "Whether the module repeats each command line it receives."),
        {choice("echo", Param::Echo, QT_TRANSLATE_NOOP("qmt::at::Forms", "Echo"), kOffOn, 1)},
        [](const Builders &b, const FormValues &v) { return b.echo(I(v, "echo")); });
    out << form("cmee", G::Basic, QT_TRANSLATE_NOOP("qmt::at::Forms", "Error reports"), "AT+CMEE=<n>",
                QT_TRANSLATE_NOOP("qmt::at::Forms", "How the module reports errors."),
                {choice("mode", Param::CmeeMode, QT_TRANSLATE_NOOP("qmt::at::Forms", "Errors as"),
                        {{0, QT_TRANSLATE_NOOP("qmt::at::Forms", "plain ERROR")},
                         {1, QT_TRANSLATE_NOOP("qmt::at::Forms", "+CME ERROR with a number")},
                         {2, QT_TRANSLATE_NOOP("qmt::at::Forms", "+CME ERROR with a text")}},
                        2)},
                [](const Builders &b, const FormValues &v) { return b.cmee(I(v, "mode")); });
    out << form("ati", G::Basic, QT_TRANSLATE_NOOP("qmt::at::Forms", "Module identity"), "ATI",
                QT_TRANSLATE_NOOP("qmt::at::Forms", "Manufacturer, model and revision."), {},
                [](const Builders &b, const FormValues &) { return b.identify(); });
    out << form("gmr", G::Basic, QT_TRANSLATE_NOOP("qmt::at::Forms", "Firmware revision"), "AT+GMR", nullptr,
                {}, [](const Builders &b, const FormValues &) { return b.revision(); });
    {
        // The test forms: every command that has one (Builders::test refuses the others).
        const QList<ChoiceText> cmds = {
            {qint64(Cmd::QMTCFG), "AT+QMTCFG=?"},     {qint64(Cmd::QMTOPEN), "AT+QMTOPEN=?"},
            {qint64(Cmd::QMTCLOSE), "AT+QMTCLOSE=?"}, {qint64(Cmd::QMTCONN), "AT+QMTCONN=?"},
            {qint64(Cmd::QMTDISC), "AT+QMTDISC=?"},   {qint64(Cmd::QMTSUB), "AT+QMTSUB=?"},
            {qint64(Cmd::QMTUNS), "AT+QMTUNS=?"},     {qint64(Cmd::QMTPUBEX), "AT+QMTPUBEX=?"},
            {qint64(Cmd::QMTPUB), "AT+QMTPUB=?"},     {qint64(Cmd::QMTRECV), "AT+QMTRECV=?"},
            {qint64(Cmd::QSSLCFG), "AT+QSSLCFG=?"},   {qint64(Cmd::QFUPL), "AT+QFUPL=?"},
            {qint64(Cmd::QFLST), "AT+QFLST=?"},       {qint64(Cmd::QFDEL), "AT+QFDEL=?"},
            {qint64(Cmd::QFLDS), "AT+QFLDS=?"},       {qint64(Cmd::QICSGP), "AT+QICSGP=?"},
            {qint64(Cmd::QIACT), "AT+QIACT=?"},       {qint64(Cmd::QIDEACT), "AT+QIDEACT=?"},
            {qint64(Cmd::CMEE), "AT+CMEE=?"}};
        out << form(
            "test", G::Basic, QT_TRANSLATE_NOOP("qmt::at::Forms", "Ask for the ranges (test form)"),
            "AT+<command>=?",
            QT_TRANSLATE_NOOP("qmt::at::Forms",
                              "The module lists what it accepts; its answer replaces the spec's ranges "
                              "in every form."),
            {choice("cmd", Param::Count_, QT_TRANSLATE_NOOP("qmt::at::Forms", "Command"), cmds,
                    qint64(Cmd::QMTCFG))},
            [](const Builders &b, const FormValues &v) { return b.test(Cmd(v.number("cmd"))); });
    }
    return out;
}

void appendEscaped(QString &out, const QByteArray &data)
{
    const auto escapeCode = [&out](uint c) {
        switch (c) {
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        default:
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        }
    };
    const QString text = QString::fromUtf8(data);
    if (text.toUtf8() == data) { // valid UTF-8: show the characters
        for (QChar ch : text) {
            if (ch.unicode() < 0x20 || ch.unicode() == 0x7f)
                escapeCode(ch.unicode());
            else
                out += ch;
        }
        return;
    }
    for (char c : data) {
        const auto u = uint(uchar(c));
        if (u < 0x20 || u >= 0x7f)
            escapeCode(u);
        else
            out += QLatin1Char(c);
    }
}

} // namespace

// ---- FieldSpec -------------------------------------------------------------------------------

QString FieldSpec::labelText() const
{
    return trForms(label);
}

QString FieldSpec::hintText() const
{
    return hint ? trForms(hint) : QString();
}

bool FieldSpec::ownsError(const QString &name) const
{
    if (name.isEmpty())
        return false;
    if (kind == FieldKind::TopicQosList) {
        static const QRegularExpression re(QStringLiteral("^<(topic|qos)\\d+>$"));
        return re.match(name).hasMatch();
    }
    if (kind == FieldKind::TopicList) {
        static const QRegularExpression re(QStringLiteral("^<topic\\d+>$"));
        return re.match(name).hasMatch();
    }
    if (!errorName.isEmpty())
        return name == errorName;
    return param != Param::Count_ && name == paramName(param);
}

// ---- FormValues ------------------------------------------------------------------------------

qint64 FormValues::number(QByteArrayView key, qint64 fallback) const
{
    const auto it = m_values.constFind(key.toByteArray());
    return it == m_values.cend() ? fallback : it->number;
}

QString FormValues::text(QByteArrayView key) const
{
    return m_values.value(key.toByteArray()).text;
}

QByteArray FormValues::data(QByteArrayView key) const
{
    return m_values.value(key.toByteArray()).data;
}

QList<TopicQos> FormValues::topics(QByteArrayView key) const
{
    return m_values.value(key.toByteArray()).topics;
}

FormValues &FormValues::setNumber(const QByteArray &key, qint64 v)
{
    m_values[key].number = v;
    return *this;
}

FormValues &FormValues::setText(const QByteArray &key, const QString &v)
{
    m_values[key].text = v;
    return *this;
}

FormValues &FormValues::setData(const QByteArray &key, const QByteArray &v)
{
    m_values[key].data = v;
    return *this;
}

FormValues &FormValues::setTopics(const QByteArray &key, const QList<TopicQos> &v)
{
    m_values[key].topics = v;
    return *this;
}

void FormValues::merge(const FormValues &other)
{
    for (auto it = other.m_values.cbegin(); it != other.m_values.cend(); ++it)
        m_values[it.key()] = it.value();
}

bool FormValues::operator==(const FormValues &o) const
{
    return m_values == o.m_values;
}

// ---- FormSpec --------------------------------------------------------------------------------

QString FormSpec::titleText() const
{
    return trForms(title);
}

QString FormSpec::summaryText() const
{
    return summary ? trForms(summary) : QString();
}

const FieldSpec *FormSpec::field(QByteArrayView key) const
{
    for (const FieldSpec &f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

int FormSpec::fieldForError(const BuildError &e) const
{
    for (qsizetype i = 0; i < fields.size(); ++i)
        if (fields[i].ownsError(e.param))
            return int(i);
    return -1;
}

FormValues FormSpec::defaults() const
{
    FormValues v;
    for (const FieldSpec &f : fields) {
        switch (f.kind) {
        case FieldKind::Int:
        case FieldKind::HexInt:
        case FieldKind::Choice:
        case FieldKind::Flag:
            v.setNumber(f.key, f.defaultNumber);
            break;
        case FieldKind::Text:
        case FieldKind::Secret:
            v.setText(f.key, f.defaultText);
            break;
        case FieldKind::Data:
            v.setData(f.key, f.defaultText.toUtf8());
            break;
        case FieldKind::TopicQosList:
        case FieldKind::TopicList:
            v.setTopics(f.key, {{f.defaultText, int(f.defaultNumber)}});
            break;
        }
    }
    return v;
}

Built FormSpec::make(const Builders &b, const FormValues &v, bool useReadBack) const
{
    const FormValues ruled = withRules(v);
    if (useReadBack && readBack)
        return readBack(b, ruled);
    return build(b, ruled);
}

std::optional<qint64> FormSpec::fixedValue(const FieldSpec &f, const FormValues &v) const
{
    if (f.fixedBy.isEmpty() || !v.has(f.fixedBy) || v.number(f.fixedBy) != f.fixedWhen)
        return std::nullopt;
    return f.fixedNumber;
}

FormValues FormSpec::withRules(const FormValues &v) const
{
    FormValues out = v;
    for (const FieldSpec &f : fields)
        if (const std::optional<qint64> n = fixedValue(f, v))
            out.setNumber(f.key, *n);
    return out;
}

bool FormSpec::isEnabled(const FieldSpec &f, const FormValues &v) const
{
    if (f.enabledBy.isEmpty())
        return true;
    const FieldSpec *by = field(f.enabledBy);
    if (by && !isEnabled(*by, v))
        return false;
    return v.number(f.enabledBy) == f.enabledValue;
}

// ---- the catalogue ---------------------------------------------------------------------------

QString formGroupTitle(FormGroup g)
{
    switch (g) {
    case FormGroup::Configure:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "Configure"));
    case FormGroup::Network:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "Network"));
    case FormGroup::Session:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "Session"));
    case FormGroup::PubSub:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "Publish/Subscribe"));
    case FormGroup::Receive:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "Receive"));
    case FormGroup::FilesTls:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "Files & TLS"));
    case FormGroup::Pdp:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "PDP"));
    case FormGroup::Basic:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "Basic"));
    case FormGroup::Count_:
        break;
    }
    return {};
}

const QList<FormSpec> &allForms()
{
    static const QList<FormSpec> forms = makeForms();
    return forms;
}

const FormSpec *findForm(QByteArrayView id)
{
    for (const FormSpec &f : allForms())
        if (f.id == id)
            return &f;
    return nullptr;
}

const FormSpec *cfgForm(CfgSetting s)
{
    for (const FormSpec &f : allForms())
        if (f.cfgSetting == s)
            return &f;
    return nullptr;
}

const QList<CfgSetting> &allCfgSettings()
{
    static const QList<CfgSetting> all = [] {
        QList<CfgSetting> l;
        for (const SettingInfo &s : cfgSettings())
            l << s.cfg();
        return l;
    }();
    return all;
}

// ---- expectations and previews ---------------------------------------------------------------

QByteArray expectedAnswer(const AtCommand &c, const QList<TopicQos> &subscribed)
{
    if (c.form != Form::Set)
        return QByteArrayLiteral("OK");
    if (c.cmd == Cmd::QFUPL)
        return "+QFUPL: " + QByteArray::number(c.payload.size()) + ',' +
               formatChecksum(qfuplChecksum(c.payload));
    if (!hasResultUrc(c.cmd) || c.clientIdx < 0)
        return QByteArrayLiteral("OK");
    QByteArray e = QByteArray("+") + cmdName(c.cmd) + ": " + QByteArray::number(c.clientIdx);
    switch (c.cmd) {
    case Cmd::QMTOPEN:
    case Cmd::QMTCLOSE:
    case Cmd::QMTDISC:
        return e + ",0";
    case Cmd::QMTCONN:
        return e + ",0,0"; // sent, and CONNACK "accepted"
    case Cmd::QMTSUB:
        e += ',' + QByteArray::number(c.msgId) + ",0";
        for (const TopicQos &t : subscribed)
            e += ',' + QByteArray::number(t.second);
        return e;
    default: // QMTUNS, QMTPUBEX, QMTPUB
        return e + ',' + QByteArray::number(c.msgId) + ",0";
    }
}

QString previewText(const AtCommand &c, qsizetype maxData)
{
    QString out = QString::fromUtf8(c.line);
    if (c.dataPhase == DataPhase::None)
        return out;
    out += c.dataPhase == DataPhase::Connect ? QLatin1String("\n[CONNECT] ") : QLatin1String("\n> ");
    appendEscaped(out, c.payload.size() > maxData ? c.payload.left(maxData) : c.payload);
    if (c.payload.size() > maxData)
        out += QChar(0x2026);
    if (c.dataPhase == DataPhase::CtrlZ)
        out += QLatin1String("<Ctrl+Z>");
    return out;
}

QString toHexText(const QByteArray &data)
{
    return QString::fromLatin1(data.toHex(' ').toUpper());
}

std::optional<QByteArray> parseHex(QStringView text)
{
    QByteArray digits;
    digits.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text[i];
        if (ch.isSpace() || ch == QLatin1Char(','))
            continue;
        // an optional 0x / 0X in front of a byte
        if (ch == QLatin1Char('0') && i + 1 < text.size() &&
            (text[i + 1] == QLatin1Char('x') || text[i + 1] == QLatin1Char('X')) &&
            (i == 0 || text[i - 1].isSpace() || text[i - 1] == QLatin1Char(','))) {
            ++i;
            continue;
        }
        const char l = ch.unicode() < 0x80 ? ch.toLatin1() : 'g';
        if (!((l >= '0' && l <= '9') || (l >= 'a' && l <= 'f') || (l >= 'A' && l <= 'F')))
            return std::nullopt;
        digits += l;
    }
    if (digits.size() % 2 != 0)
        return std::nullopt;
    return QByteArray::fromHex(digits);
}

QString rangeText(const FieldSpec &f, const RangeTable &ranges)
{
    if (f.param == Param::Count_ || f.kind == FieldKind::Flag)
        return {};
    const Range &r = ranges.range(f.param);
    if (r.isEmpty())
        return {};
    switch (f.kind) {
    case FieldKind::Text:
    case FieldKind::Secret:
    case FieldKind::Data:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "%1 bytes")).arg(r.toString());
    case FieldKind::TopicQosList:
    case FieldKind::TopicList:
        return trForms(QT_TRANSLATE_NOOP("qmt::at::Forms", "%1 bytes each")).arg(r.toString());
    default:
        return r.toString();
    }
}

QList<std::pair<qint64, QString>> choiceItems(const FieldSpec &f, const RangeTable &ranges)
{
    constexpr qint64 kMaxItems = 64;
    const auto meaning = [&f](qint64 v) -> QString {
        for (const ChoiceText &c : f.choices)
            if (c.value == v)
                return trForms(c.text);
        return {};
    };
    QList<std::pair<qint64, QString>> out;
    if (f.param == Param::Count_) {
        for (const ChoiceText &c : f.choices)
            out.append({c.value, trForms(c.text)});
        return out;
    }
    const Range &r = ranges.range(f.param);
    qint64 count = 0;
    for (const Range::Interval &i : r.items())
        count += i.hi - i.lo + 1;
    if (r.isEmpty() || count > kMaxItems) {
        for (const ChoiceText &c : f.choices)
            out.append({c.value, QStringLiteral("%1 \u2014 %2").arg(c.value).arg(trForms(c.text))});
        return out;
    }
    for (const Range::Interval &i : r.items()) {
        for (qint64 v = i.lo; v <= i.hi; ++v) {
            const QString m = meaning(v);
            out.append({v, m.isEmpty() ? QString::number(v) : QStringLiteral("%1 \u2014 %2").arg(v).arg(m)});
        }
    }
    return out;
}

QVariantMap toVariantMap(const FormSpec &form, const FormValues &v)
{
    QVariantMap m;
    for (const FieldSpec &f : form.fields) {
        const QString key = QString::fromLatin1(f.key);
        switch (f.kind) {
        case FieldKind::Secret:
            break;
        case FieldKind::Int:
        case FieldKind::HexInt:
        case FieldKind::Choice:
        case FieldKind::Flag:
            m.insert(key, v.number(f.key));
            break;
        case FieldKind::Text:
            m.insert(key, v.text(f.key));
            break;
        case FieldKind::Data:
            if (f.param != Param::FileSize) // an uploaded file may be a private key
                m.insert(key, v.data(f.key));
            break;
        case FieldKind::TopicQosList:
        case FieldKind::TopicList: {
            QStringList topics, qos;
            for (const TopicQos &t : v.topics(f.key)) {
                topics << t.first;
                qos << QString::number(t.second);
            }
            m.insert(key, topics);
            m.insert(key + QLatin1String(".qos"), qos);
            break;
        }
        }
    }
    return m;
}

FormValues fromVariantMap(const FormSpec &form, const QVariantMap &m)
{
    FormValues v = form.defaults();
    for (const FieldSpec &f : form.fields) {
        const QString key = QString::fromLatin1(f.key);
        const auto it = m.constFind(key);
        if (it == m.cend())
            continue;
        switch (f.kind) {
        case FieldKind::Secret:
            break;
        case FieldKind::Int:
        case FieldKind::HexInt:
        case FieldKind::Choice:
        case FieldKind::Flag: {
            bool ok = false;
            const qint64 n = it->toLongLong(&ok);
            if (ok)
                v.setNumber(f.key, n);
            break;
        }
        case FieldKind::Text:
            v.setText(f.key, it->toString());
            break;
        case FieldKind::Data:
            v.setData(f.key, it->toByteArray());
            break;
        case FieldKind::TopicQosList:
        case FieldKind::TopicList: {
            const QStringList topics = it->toStringList();
            const QStringList qos = m.value(key + QLatin1String(".qos")).toStringList();
            QList<TopicQos> list;
            for (qsizetype i = 0; i < topics.size(); ++i)
                list.append({topics[i], qos.value(i).toInt()});
            if (!list.isEmpty())
                v.setTopics(f.key, list);
            break;
        }
        }
    }
    return v;
}

} // namespace qmt::at
