// SPDX-License-Identifier: Apache-2.0
#include "at/syntax.h"

#include "at/settings.h"

#include <QCoreApplication>

#include <algorithm>
#include <memory>

namespace qmt::at::syntax {

namespace {

constexpr const char *kContext = "qmt::at::syntax";

Hint cmd(Cmd c, const char *completion, const char *syntax, const char *other, const char *meaning)
{
    return Hint{c, nullptr, completion, syntax, other, meaning, false};
}

// The hints of the sub-commands come from the descriptor table (settings.h); only the
// completion text is made here, and kept for the life of the program.
Hint sub(const SettingInfo &s)
{
    static std::vector<std::unique_ptr<QByteArray>> completions;
    completions.push_back(
        std::make_unique<QByteArray>(QByteArray("AT+") + cmdName(s.cmd) + "=\"" + s.name + "\","));
    return Hint{s.cmd, s.name, completions.back()->constData(), s.syntax, nullptr, s.hint, false};
}

// Puts the hints of the settings of `cmd` right after the hint of the command itself.
void insertSettings(std::vector<Hint> &table, Cmd cmd, const std::vector<SettingInfo> &settings)
{
    auto at = std::find_if(table.begin(), table.end(),
                           [cmd](const Hint &h) { return h.cmd == cmd && !h.sub && !h.urc; });
    if (at == table.end())
        return;
    std::vector<Hint> subs;
    for (const SettingInfo &s : settings)
        subs.push_back(sub(s));
    table.insert(at + 1, subs.begin(), subs.end());
}

Hint urc(Cmd c, const char *syntax, const char *meaning)
{
    return Hint{c, nullptr, nullptr, syntax, nullptr, meaning, true};
}

std::vector<Hint> makeTable()
{
    return {
        // ---- §3 AT+QMTCFG and its sub-commands ----
        cmd(Cmd::QMTCFG, "AT+QMTCFG=", "AT+QMTCFG=\"<name>\",<client_idx>[,<value>…]", "AT+QMTCFG=?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "configure a client slot; without the value it reads the setting back")),

        // ---- §3 network and session ----
        cmd(Cmd::QMTOPEN, "AT+QMTOPEN=", "AT+QMTOPEN=<client_idx>,\"<host_name>\",<port>", "AT+QMTOPEN?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "open a network connection for a slot; the result comes as +QMTOPEN: "
                              "<client_idx>,<result>")),
        cmd(Cmd::QMTCLOSE, "AT+QMTCLOSE=", "AT+QMTCLOSE=<client_idx>", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "close the slot's network connection")),
        cmd(Cmd::QMTCONN, "AT+QMTCONN=",
            "AT+QMTCONN=<client_idx>,\"<clientid>\"[,\"<username>\",\"<password>\"]", "AT+QMTCONN?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "connect the slot to the MQTT server; the result comes as +QMTCONN: "
                              "<client_idx>,<result>[,<ret_code>]")),
        cmd(Cmd::QMTDISC, "AT+QMTDISC=", "AT+QMTDISC=<client_idx>", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "disconnect the slot from the MQTT server")),

        // ---- §3 subscribe, publish, receive ----
        cmd(Cmd::QMTSUB, "AT+QMTSUB=",
            "AT+QMTSUB=<client_idx>,<msgid>,\"<topic1>\",<qos1>[,\"<topic2>\",<qos2>…]", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "subscribe to topic filters; msgid 1-65535, QoS 0-2")),
        cmd(Cmd::QMTUNS, "AT+QMTUNS=", "AT+QMTUNS=<client_idx>,<msgid>,\"<topic1>\"[,\"<topic2>\"…]", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "unsubscribe from topic filters")),
        cmd(Cmd::QMTPUBEX, "AT+QMTPUBEX=",
            "AT+QMTPUBEX=<client_idx>,<msgid>,<qos>,<retain>,\"<topic>\",<msg_length>", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "publish: after the '>' prompt write exactly msg_length bytes (msgid 0 only "
                              "with QoS 0)")),
        cmd(Cmd::QMTPUB,
            "AT+QMTPUB=", "AT+QMTPUB=<client_idx>,<msgid>,<qos>,<retain>,\"<topic>\"[,<msg_length>]", nullptr,
            QT_TRANSLATE_NOOP(
                "qmt::at::syntax",
                "older publish: after '>' write the message ended by Ctrl+Z, or msg_length bytes")),
        cmd(Cmd::QMTRECV, "AT+QMTRECV=", "AT+QMTRECV=<client_idx>[,<recv_id>]", "AT+QMTRECV?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "read the messages stored in buffer mode (recv_id 0-4); AT+QMTRECV? shows "
                              "which buffers are full")),

        // ---- §4 files ----
        cmd(Cmd::QFUPL, "AT+QFUPL=", "AT+QFUPL=\"<filename>\"[,<file_size>[,<timeout>[,<ackmode>]]]", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "upload a file (RAM:name or UFS:name): after CONNECT send file_size bytes")),
        cmd(Cmd::QFLST, "AT+QFLST=", "AT+QFLST=\"<name_pattern>\"", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "list the files matching the pattern (\"*\" for all)")),
        cmd(Cmd::QFDEL, "AT+QFDEL=", "AT+QFDEL=\"<filename>\"", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "delete a file (\"*\" deletes all)")),
        cmd(Cmd::QFLDS, "AT+QFLDS=", "AT+QFLDS=\"<medium>\"", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "free and total bytes of a storage medium (\"UFS\")")),

        // ---- §4 AT+QSSLCFG and its settings ----
        cmd(Cmd::QSSLCFG, "AT+QSSLCFG=", "AT+QSSLCFG=\"<name>\",<SSL_ctx_idx>[,<value>]", "AT+QSSLCFG=?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "configure an SSL context 0-5; without the value it reads the setting back")),

        // ---- §5 PDP context ----
        cmd(Cmd::QICSGP, "AT+QICSGP=",
            "AT+QICSGP=<contextID>[,<context_type>,\"<APN>\"[,\"<username>\",\"<password>\"[,<authentication>"
            "]]]",
            nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "define a PDP context: type 1 IPv4, 2 IPv6, 3 IPv4v6; APN; authentication "
                              "0 none, 1 PAP, 2 CHAP")),
        cmd(Cmd::QIACT, "AT+QIACT=", "AT+QIACT=<contextID>", "AT+QIACT?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "activate a PDP context (up to 150 s; ERROR if it is already active)")),
        cmd(Cmd::QIDEACT, "AT+QIDEACT=", "AT+QIDEACT=<contextID>", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "deactivate a PDP context")),

        // ---- basic ----
        cmd(Cmd::AT, "AT", "AT", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "check that the module answers")),
        cmd(Cmd::ATE, "ATE", "ATE<value>", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "command echo: ATE0 off, ATE1 on (the default after power-up)")),
        cmd(Cmd::ATI, "ATI", "ATI", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the module's manufacturer, model and revision")),
        cmd(Cmd::GMR, "AT+GMR", "AT+GMR", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the firmware revision")),
        cmd(Cmd::CGMR, "AT+CGMR", "AT+CGMR", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the firmware revision (3GPP form)")),
        cmd(Cmd::CMEE, "AT+CMEE=", "AT+CMEE=<n>", "AT+CMEE?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "error reports: 0 plain ERROR, 1 numeric +CME ERROR, 2 verbose")),
        cmd(Cmd::CFUN, "AT+CFUN=", "AT+CFUN=<fun>[,<rst>]", "AT+CFUN?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "functionality: 0 minimum, 1 full, 4 radio off; rst 1 restarts the module")),
        cmd(Cmd::CPIN, "AT+CPIN?", "AT+CPIN?", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the SIM card's state (+CPIN: READY when usable)")),
        cmd(Cmd::QURCCFG, "AT+QURCCFG=", "AT+QURCCFG=\"urcport\"[,\"<urc_port_value>\"]", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "the port the module sends URCs to: \"usbat\", \"usbmodem\" or \"uart1\"")),

        // ---- before MQTT (§7) ----
        cmd(Cmd::ATV, "ATV", "ATV<value>", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "result codes: ATV1 words (OK), ATV0 numbers (0 for OK, 4 for ERROR)")),
        cmd(Cmd::ATZ, "ATZ", "ATZ", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "restore the saved settings (echo, result codes, error reports)")),
        cmd(Cmd::ATW, "AT&W", "AT&W", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "save the current settings")),
        cmd(Cmd::CGMI, "AT+CGMI", "AT+CGMI", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the manufacturer")),
        cmd(Cmd::CGMM, "AT+CGMM", "AT+CGMM", nullptr, QT_TRANSLATE_NOOP("qmt::at::syntax", "the model")),
        cmd(Cmd::CGSN, "AT+CGSN", "AT+CGSN", nullptr, QT_TRANSLATE_NOOP("qmt::at::syntax", "the IMEI")),
        cmd(Cmd::GSN, "AT+GSN", "AT+GSN", nullptr, QT_TRANSLATE_NOOP("qmt::at::syntax", "the IMEI")),
        cmd(Cmd::CIMI, "AT+CIMI", "AT+CIMI", nullptr, QT_TRANSLATE_NOOP("qmt::at::syntax", "the SIM's IMSI")),
        cmd(Cmd::QCCID, "AT+QCCID", "AT+QCCID", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the SIM's ICCID")),
        cmd(Cmd::CSQ, "AT+CSQ", "AT+CSQ", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "signal quality: rssi 0-31 (-113 + 2 x rssi dBm, 99 unknown), ber")),
        cmd(Cmd::QCSQ, "AT+QCSQ", "AT+QCSQ", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "signal of the serving system: LTE rssi, rsrp, sinr, rsrq")),
        cmd(Cmd::CREG, "AT+CREG=", "AT+CREG=<n>", "AT+CREG?",
            QT_TRANSLATE_NOOP(
                "qmt::at::syntax",
                "network registration: stat 1 home, 5 roaming, 2 searching, 3 denied; n 1-2 report changes")),
        cmd(Cmd::CGREG, "AT+CGREG=", "AT+CGREG=<n>", "AT+CGREG?",
            QT_TRANSLATE_NOOP("qmt::at::syntax", "packet domain registration, as AT+CREG")),
        cmd(Cmd::CEREG, "AT+CEREG=", "AT+CEREG=<n>", "AT+CEREG?",
            QT_TRANSLATE_NOOP("qmt::at::syntax", "LTE registration, as AT+CREG")),
        cmd(Cmd::COPS, "AT+COPS?", "AT+COPS=<mode>[,<format>[,\"<oper>\"[,<AcT>]]]", "AT+COPS?, AT+COPS=?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "the operator: registered network, or the list of networks (=?)")),
        cmd(Cmd::CGATT, "AT+CGATT=", "AT+CGATT=<state>", "AT+CGATT?",
            QT_TRANSLATE_NOOP("qmt::at::syntax", "packet domain attach: 1 attached, 0 detached")),
        cmd(Cmd::CGDCONT, "AT+CGDCONT=", "AT+CGDCONT=<cid>,\"<PDP_type>\",\"<APN>\"", "AT+CGDCONT?",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "define a PDP context (type IP, IPV6 or IPV4V6, and its APN)")),
        cmd(Cmd::CGACT, "AT+CGACT=", "AT+CGACT=<state>,<cid>", "AT+CGACT?",
            QT_TRANSLATE_NOOP("qmt::at::syntax", "activate (1) or deactivate (0) a PDP context")),
        cmd(Cmd::CGPADDR, "AT+CGPADDR=", "AT+CGPADDR=<cid>", "AT+CGPADDR",
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the address of a PDP context")),
        cmd(Cmd::QNWINFO, "AT+QNWINFO", "AT+QNWINFO", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "the serving network: access technology, operator, band, channel")),
        cmd(Cmd::QSPN, "AT+QSPN", "AT+QSPN", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the names of the registered network")),
        cmd(Cmd::QCFG, "AT+QCFG=", "AT+QCFG=\"<setting>\"[,<value>…]", nullptr,
            QT_TRANSLATE_NOOP(
                "qmt::at::syntax",
                "extended settings: \"nwscanmode\", \"nwscanseq\", \"iotopmode\", \"band\" (the value omitted reads it back)")),
        cmd(Cmd::QNTP, "AT+QNTP=", "AT+QNTP=<contextID>,\"<server>\"[,<port>]", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "set the clock from an NTP server; +QNTP: <err>,\"<time>\" follows")),
        cmd(Cmd::CCLK, "AT+CCLK?", "AT+CCLK?", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the module's clock")),
        cmd(Cmd::QLTS, "AT+QLTS", "AT+QLTS", nullptr,
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the latest time the network synchronised")),
        // ---- URCs (§1, §3) ----
        urc(Cmd::QMTSTAT, "+QMTSTAT: <client_idx>,<err_code>",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "the slot's link changed state; the client is disconnected")),
        urc(Cmd::QMTPING, "+QMTPING: <client_idx>,<result>",
            QT_TRANSLATE_NOOP("qmt::at::syntax",
                              "result 1: the keep-alive ping failed, the connection is closed")),
        urc(Cmd::QMTRECV, "+QMTRECV: <client_idx>,<msgid>,\"<topic>\"[,<payload_len>],\"<payload>\"",
            QT_TRANSLATE_NOOP(
                "qmt::at::syntax",
                "a message arrived (receive mode 0); in mode 1 +QMTRECV: <client_idx>,<recv_id> "
                "names its buffer")),
        urc(Cmd::QUSIM, "+QUSIM: <n>",
            QT_TRANSLATE_NOOP("qmt::at::syntax", "boot: the SIM type was detected")),
        urc(Cmd::QIND, "+QIND: <event>",
            QT_TRANSLATE_NOOP("qmt::at::syntax", "an indication of the module, e.g. SMS DONE at boot")),
        urc(Cmd::QIURC, "+QIURC: \"pdpdeact\",<contextID>",
            QT_TRANSLATE_NOOP("qmt::at::syntax", "the network deactivated the PDP context")),
    };
}

char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? char(c - 32) : c;
}

bool equalNoCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (upper(a[i]) != upper(b[i]))
            return false;
    return true;
}

bool startsWithNoCase(QByteArrayView s, QByteArrayView prefix)
{
    return s.size() >= prefix.size() && equalNoCase(s.first(prefix.size()), prefix);
}

// The command name of a completion or typed text: "AT+QMTOPEN" of "AT+QMTOPEN=…", "ATE" of
// "ATE1", "AT+CPIN" of "AT+CPIN?".
QByteArrayView commandPart(QByteArrayView s)
{
    if (s.size() >= 3 && upper(s[0]) == 'A' && upper(s[1]) == 'T' &&
        (upper(s[2]) == 'E' || upper(s[2]) == 'I'))
        return s.first(3); // ATE0, ATI
    qsizetype i = 0;
    while (i < s.size() && s[i] != '=' && s[i] != '?')
        ++i;
    return s.first(i);
}

} // namespace

const std::vector<Hint> &hints()
{
    static const std::vector<Hint> table = [] {
        std::vector<Hint> t = makeTable();
        insertSettings(t, Cmd::QMTCFG, cfgSettings());
        insertSettings(t, Cmd::QSSLCFG, sslSettings());
        return t;
    }();
    return table;
}

const Hint *find(Cmd c, QByteArrayView subName)
{
    for (const Hint &h : hints()) {
        if (h.cmd != c || h.urc)
            continue;
        if (subName.isEmpty() ? h.sub == nullptr : (h.sub && equalNoCase(subName, QByteArrayView(h.sub))))
            return &h;
    }
    return nullptr;
}

const Hint *forInput(QByteArrayView typed)
{
    while (!typed.isEmpty() && (typed.front() == ' ' || typed.front() == '\t'))
        typed = typed.sliced(1);
    if (typed.size() < 2 || upper(typed[0]) != 'A' || upper(typed[1]) != 'T')
        return nullptr;
    const QByteArrayView name = commandPart(typed);
    const bool nameComplete = name.size() < typed.size(); // '=' or '?' follows, or ATE0
    // The command: an exact name, or (while it is being typed) the first name it begins.
    const Hint *command = nullptr;
    for (const Hint &h : hints()) {
        if (h.urc || h.sub)
            continue;
        const QByteArrayView hn = commandPart(QByteArrayView(h.completion));
        if (equalNoCase(hn, name)) {
            command = &h;
            break;
        }
        if (!command && !nameComplete && name.size() > 3 && startsWithNoCase(hn, name))
            command = &h;
    }
    if (!command)
        return nullptr;
    if (command->cmd != Cmd::QMTCFG && command->cmd != Cmd::QSSLCFG)
        return command;
    // The sub-command: the (partial) quoted name after '='.
    const qsizetype eq = typed.indexOf('=');
    if (eq < 0 || eq + 1 >= typed.size() || typed[eq + 1] != '"')
        return command;
    QByteArrayView rest = typed.sliced(eq + 2);
    const qsizetype close = rest.indexOf('"');
    const QByteArrayView subName = close >= 0 ? rest.first(close) : rest;
    if (subName.isEmpty())
        return command;
    const Hint *partial = nullptr;
    for (const Hint &h : hints()) {
        if (h.cmd != command->cmd || !h.sub || h.urc)
            continue;
        if (equalNoCase(QByteArrayView(h.sub), subName))
            return &h;
        if (!partial && close < 0 && startsWithNoCase(QByteArrayView(h.sub), subName))
            partial = &h;
    }
    return partial ? partial : command;
}

int parameterAt(QByteArrayView typed, qsizetype cursor)
{
    cursor = std::min(cursor, typed.size());
    const qsizetype eq = typed.indexOf('=');
    if (eq < 0 || cursor <= eq)
        return -1;
    int param = 0;
    bool quoted = false;
    for (qsizetype i = eq + 1; i < cursor; ++i) {
        if (typed[i] == '"')
            quoted = !quoted;
        else if (typed[i] == ',' && !quoted)
            ++param;
    }
    return param;
}

std::vector<Span> placeholders(QByteArrayView s)
{
    std::vector<Span> out;
    qsizetype i = 0;
    while ((i = s.indexOf('<', i)) >= 0) {
        const qsizetype end = s.indexOf('>', i);
        if (end < 0)
            break;
        out.push_back(Span{i, end - i + 1});
        i = end + 1;
    }
    return out;
}

Span placeholderFor(const Hint &hint, int param)
{
    const int n = hint.sub ? param - 1 : param;
    const std::vector<Span> spans = placeholders(QByteArrayView(hint.syntax));
    if (n < 0 || n >= int(spans.size()))
        return {};
    return spans[std::size_t(n)];
}

QString meaning(const Hint &hint)
{
    return QCoreApplication::translate(kContext, hint.meaning);
}

QString line(const Hint &hint)
{
    QString s = QString::fromUtf8(hint.syntax);
    if (hint.other)
        s += QLatin1String("  |  ") + QString::fromUtf8(hint.other);
    return s + QStringLiteral(" — ") + meaning(hint);
}

QStringList completions()
{
    QStringList out;
    for (const Hint &h : hints())
        if (!h.urc)
            out << QString::fromUtf8(h.completion);
    return out;
}

} // namespace qmt::at::syntax
