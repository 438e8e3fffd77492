// SPDX-License-Identifier: Apache-2.0
#include "engine/parser.h"
#include "at/atcommand.h"
#include "at/settings.h"

namespace qmt::at {

namespace {

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
inline char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? char(c - 32) : c;
}

QByteArrayView trimmed(QByteArrayView s)
{
    qsizetype b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        --e;
    return s.sliced(b, e - b);
}

bool isNameChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '_' || c == '/' || c == '&';
}

const Arg kEmptyArg{};

// Boot and power URCs without a "+NAME:" (PROTOCOL.md §1).
bool isBootWord(QByteArrayView l)
{
    return l == "RDY" || l == "APP RDY" || l == "POWERED DOWN" || l == "NORMAL POWER DOWN";
}

} // namespace

qint64 Arg::toInt(bool *ok) const
{
    const QByteArrayView t = text;
    qsizetype i = 0;
    bool neg = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+'))
        neg = t[i++] == '-';
    const qsizetype start = i;
    qint64 v = 0;
    while (i < t.size() && isDigit(t[i]) && i - start < 18)
        v = v * 10 + (t[i++] - '0');
    const bool good = i > start && i == t.size() && !quoted;
    if (ok)
        *ok = good;
    return good ? (neg ? -v : v) : 0;
}

const Arg &AtEvent::arg(qsizetype i) const
{
    return (args && i >= 0 && i < qsizetype(args->size())) ? (*args)[size_t(i)] : kEmptyArg;
}

qint64 AtEvent::intArg(qsizetype i, qint64 fallback) const
{
    bool ok = false;
    const qint64 v = arg(i).toInt(&ok);
    return ok ? v : fallback;
}

bool AtEvent::isUrc() const
{
    if (type == EventType::Boot)
        return true;
    if (type != EventType::Response)
        return false;
    switch (what) {
    case What::OpenResult:
    case What::CloseResult:
    case What::ConnResult:
    case What::DiscResult:
    case What::SubResult:
    case What::UnsResult:
    case What::PubResult:
    case What::RecvStored:
    case What::Stat:
    case What::Ping:
        return true;
    case What::RecvMessage:
        return !(cmd == Cmd::QMTRECV && form == Form::Set); // not the answer to AT+QMTRECV=idx
    default:
        return false;
    }
}

void splitArgs(QByteArrayView s, std::vector<Arg> &out)
{
    out.clear();
    if (trimmed(s).isEmpty())
        return;
    qsizetype i = 0;
    const qsizetype n = s.size();
    for (;;) {
        while (i < n && s[i] == ' ')
            ++i;
        Arg a;
        if (i < n && s[i] == '"') {
            const qsizetype start = ++i;
            while (i < n && s[i] != '"')
                ++i;
            a.text = s.sliced(start, i - start);
            a.quoted = true;
            if (i < n)
                ++i; // closing quote
            while (i < n && s[i] != ',')
                ++i; // anything between the quote and the comma is dropped
        } else {
            const qsizetype start = i;
            int depth = 0; // "(0-5)" and "(0,1)" are one argument
            while (i < n && (s[i] != ',' || depth > 0)) {
                if (s[i] == '(')
                    ++depth;
                else if (s[i] == ')' && depth > 0)
                    --depth;
                ++i;
            }
            a.text = trimmed(s.sliced(start, i - start));
        }
        out.push_back(a);
        if (i >= n)
            break;
        ++i; // comma
    }
}

bool parseCommandLine(QByteArrayView line, Cmd *cmd, Form *form, std::vector<Arg> *args)
{
    line = trimmed(line);
    if (line.size() < 2 || upper(line[0]) != 'A' || upper(line[1]) != 'T')
        return false;
    args->clear();
    QByteArrayView rest = line.sliced(2);
    *cmd = Cmd::Unknown;
    *form = Form::Exec;
    if (rest.isEmpty()) {
        *cmd = Cmd::AT;
        return true;
    }
    if (rest[0] == '+') {
        qsizetype i = 1;
        while (i < rest.size() && isNameChar(rest[i]))
            ++i;
        *cmd = cmdFromName(rest.sliced(1, i - 1));
        QByteArrayView tail = rest.sliced(i);
        if (tail.startsWith("=?")) {
            *form = Form::Test;
        } else if (tail.startsWith('?')) {
            *form = Form::Query;
        } else if (tail.startsWith('=')) {
            *form = Form::Set;
            splitArgs(tail.sliced(1), *args);
        }
        return true;
    }
    const char c = upper(rest[0]);
    if (c == '&' && rest.size() >= 2 && upper(rest[1]) == 'W') {
        *cmd = Cmd::ATW;
        return true;
    }
    if (c == 'E' || c == 'I' || c == 'V' || c == 'Z') {
        *cmd = c == 'E' ? Cmd::ATE : c == 'I' ? Cmd::ATI : c == 'V' ? Cmd::ATV : Cmd::ATZ;
        const QByteArrayView v = trimmed(rest.sliced(1));
        if (!v.isEmpty()) {
            *form = Form::Set;
            args->push_back(Arg{v, false});
        }
        return true;
    }
    return true; // another basic command (ATZ, AT&F…): a command, of no kind we track
}

// The row of the descriptor table that the first argument of a QMTCFG/QSSLCFG line names.
int settingOf(Cmd cmd, const std::vector<Arg> &args)
{
    if ((cmd != Cmd::QMTCFG && cmd != Cmd::QSSLCFG) || args.empty() || !args.front().quoted)
        return -1;
    const SettingInfo *s = findSetting(cmd, args.front().text);
    return s ? s->id : -1;
}

int clientIdxOfCommand(Cmd cmd, Form form, const std::vector<Arg> &args)
{
    const int pos = commandInfo(cmd).idxArg;
    if (form != Form::Set || pos < 0 || pos >= int(args.size()))
        return -1;
    bool ok = false;
    const qint64 v = args[size_t(pos)].toInt(&ok);
    return ok && v >= 0 && v < 256 ? int(v) : -1;
}

AtCommand AtCommand::fromText(QByteArrayView text)
{
    AtCommand c;
    c.line = trimmed(text).toByteArray();
    while (c.line.endsWith('\r') || c.line.endsWith('\n'))
        c.line.chop(1);
    std::vector<Arg> args;
    if (!parseCommandLine(c.line, &c.cmd, &c.form, &args))
        return c;
    c.clientIdx = clientIdxOfCommand(c.cmd, c.form, args);
    const int msgIdArg = commandInfo(c.cmd).msgIdArg;
    if (c.form == Form::Set && msgIdArg >= 0 && int(args.size()) > msgIdArg) {
        bool ok = false;
        const qint64 id = args[std::size_t(msgIdArg)].toInt(&ok);
        c.msgId = ok ? int(id) : -1;
    }
    const qsizetype len = Framer::payloadLengthOfCommand(c.line);
    if (len >= 0)
        c.dataPhase = DataPhase::Prompt;
    else if (len == -2)
        c.dataPhase = DataPhase::CtrlZ;
    else if (c.cmd == Cmd::QFUPL && c.form == Form::Set)
        c.dataPhase = DataPhase::Connect;
    return c;
}

void Parser::reset()
{
    m_commandActive = false;
    m_current = Cmd::Unknown;
    m_currentForm = Form::Exec;
    m_currentIdx = -1;
    m_uploading = false;
    m_lastWritten.clear();
    m_echoPending = false;
    m_dataEchoPending = false;
}

void Parser::endCommand()
{
    m_commandActive = false;
    m_current = Cmd::Unknown;
    m_currentForm = Form::Exec;
    m_currentIdx = -1;
    m_uploading = false;
    m_echoPending = false;
    m_dataEchoPending = false;
}

void Parser::noteWritten(QByteArrayView line, qint64 offset, const Sink &sink)
{
    AtEvent ev;
    ev.timeUs = m_timeUs;
    ev.type = EventType::Command;
    ev.dir = Direction::ToModule;
    ev.offset = offset;
    ev.text = line;
    Cmd cmd;
    Form form;
    if (!parseCommandLine(line, &cmd, &form, &m_args)) {
        // Raw text typed in a console that is not a command: still traffic, of no known command.
        m_args.clear();
        cmd = Cmd::Unknown;
        form = Form::Exec;
    }
    ev.cmd = cmd;
    ev.form = form;
    ev.args = &m_args;
    ev.clientIdx = clientIdxOfCommand(cmd, form, m_args);
    ev.setting = settingOf(cmd, m_args);
    m_current = cmd;
    m_currentForm = form;
    m_currentIdx = ev.clientIdx;
    m_commandActive = true;
    m_uploading = false;
    m_lastWritten = line.toByteArray();
    m_echoPending = true;
    m_dataEchoPending = false;
    sink(ev);
}

void Parser::noteWrittenData(QByteArrayView data, qint64 offset, const Sink &sink)
{
    AtEvent ev;
    ev.timeUs = m_timeUs;
    ev.type = EventType::Data;
    ev.dir = Direction::ToModule;
    ev.offset = offset;
    ev.text = data;
    ev.cmd = m_current;
    ev.form = m_currentForm;
    ev.clientIdx = m_currentIdx;
    m_dataEchoPending = !m_uploading; // the module echoes prompt data, not upload data
    sink(ev);
}

void Parser::parse(const Frame &frame, const Sink &sink)
{
    AtEvent ev;
    ev.timeUs = m_timeUs;
    ev.dir = Direction::FromModule;
    ev.offset = frame.offset;
    ev.text = frame.text;
    ev.truncated = frame.truncated;
    ev.cmd = m_current;
    ev.form = m_currentForm;
    ev.clientIdx = m_currentIdx;

    if (frame.kind == Frame::Prompt) {
        ev.type = EventType::Prompt;
        sink(ev);
        return;
    }
    if (frame.kind == Frame::Payload) {
        ev.type = EventType::Data;
        ev.echo = m_dataEchoPending;
        m_dataEchoPending = false;
        sink(ev);
        return;
    }

    const QByteArrayView line = frame.text;
    const char c0 = line.isEmpty() ? '\0' : line[0];

    // Command lines: our echo, or a line of a log.
    if ((c0 == 'A' || c0 == 'a') && line.size() >= 2 && upper(line[1]) == 'T') {
        Cmd cmd;
        Form form;
        if (parseCommandLine(line, &cmd, &form, &m_args)) {
            ev.type = EventType::Command;
            ev.cmd = cmd;
            ev.form = form;
            ev.args = &m_args;
            ev.clientIdx = clientIdxOfCommand(cmd, form, m_args);
            ev.setting = settingOf(cmd, m_args);
            if (m_echoPending && trimmed(line) == QByteArrayView(m_lastWritten)) {
                ev.echo = true;
                m_echoPending = false;
            } else {
                m_current = cmd;
                m_currentForm = form;
                m_currentIdx = ev.clientIdx;
                m_commandActive = true;
                m_uploading = false;
                m_echoPending = false;
                m_dataEchoPending = false;
            }
            sink(ev);
            return;
        }
    }

    if ((c0 == 'O' || c0 == 'E') && (line == "OK" || line == "ERROR")) {
        ev.type = line == "OK" ? EventType::Ok : EventType::Error;
        endCommand();
        sink(ev);
        return;
    }
    if (c0 == '+' && (line.startsWith("+CME ERROR") || line.startsWith("+CMS ERROR"))) {
        ev.type = EventType::CmeError;
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView v = colon >= 0 ? trimmed(line.sliced(colon + 1)) : QByteArrayView();
        Arg a{v, false};
        bool ok = false;
        const qint64 code = a.toInt(&ok);
        ev.cmeCode = ok ? int(code) : -1;
        ev.cmeText = ok ? QByteArrayView() : v;
        endCommand();
        sink(ev);
        return;
    }
    if (c0 == 'C' && (line == "CONNECT" || line.startsWith("CONNECT "))) {
        ev.type = EventType::Connect;
        m_uploading = (m_current == Cmd::QFUPL);
        sink(ev);
        return;
    }
    if (c0 == 'N' && line == "NO CARRIER") {
        ev.type = EventType::Error;
        endCommand();
        sink(ev);
        return;
    }
    if (c0 != '+' && isBootWord(line)) {
        ev.type = EventType::Boot;
        ev.cmd = Cmd::Unknown;
        ev.clientIdx = -1;
        // The module restarted: a data phase in progress is over. A command in flight keeps its
        // context, since it may still be answered (the channel's RDY grace,
        // docs/protocol-rulings.md); the next command written replaces it anyway.
        if (line == "RDY") {
            m_uploading = false;
            m_dataEchoPending = false;
        }
        sink(ev);
        return;
    }
    if (c0 == '+') {
        const qsizetype colon = line.indexOf(':');
        qsizetype nameEnd = 1;
        while (nameEnd < line.size() && isNameChar(line[nameEnd]))
            ++nameEnd;
        if (colon == nameEnd && nameEnd > 1) {
            if (m_uploading && !line.startsWith("+QFUPL:")) {
                ev.type = EventType::Data;
                sink(ev);
                return;
            }
            classifyResponse(ev, line.sliced(1, nameEnd - 1), line.sliced(colon + 1), frame);
            sink(ev);
            return;
        }
    }
    if (m_uploading) {
        ev.type = EventType::Data;
        sink(ev);
        return;
    }
    // Plain text: the answer of a command that answers in text (ATI, AT+GMR, or a command we do
    // not know, such as AT+CGSN), else noise.
    const bool textAnswer = m_commandActive && (m_current == Cmd::ATI || m_current == Cmd::GMR ||
                                                m_current == Cmd::CGMR || m_current == Cmd::Unknown);
    ev.type = textAnswer ? EventType::Text : EventType::Unknown;
    sink(ev);
}

void Parser::classifyResponse(AtEvent &ev, QByteArrayView name, QByteArrayView rest, const Frame &frame)
{
    ev.type = EventType::Response;
    const Cmd cmd = cmdFromName(name);
    const bool answersThis = (cmd == m_current);
    ev.cmd = cmd;
    ev.form = answersThis ? m_currentForm : Form::Exec;
    ev.clientIdx = -1;

    if (cmd == Cmd::QMTRECV) {
        parseRecv(ev, rest, frame);
        return;
    }
    splitArgs(rest, m_args);
    ev.args = &m_args;
    ev.setting = settingOf(cmd, m_args);
    bool anyRange = false;
    for (const Arg &a : m_args)
        anyRange = anyRange || a.isRange();
    const bool test = anyRange || (answersThis && m_currentForm == Form::Test);
    auto idxFromArg0 = [&] {
        const qint64 v = ev.intArg(0);
        ev.clientIdx = (v >= 0 && v < 256) ? int(v) : -1;
    };

    switch (cmd) {
    case Cmd::CFUN:
    case Cmd::CPIN:
    case Cmd::QUSIM:
    case Cmd::QIND:
    case Cmd::QIURC:
        if (!answersThis) {
            ev.type = EventType::Boot;
            ev.what = What::None;
            return;
        }
        ev.what = test ? What::TestRanges : What::Other;
        return;
    default:
        break;
    }
    if (test) {
        ev.what = cmd == Cmd::QMTCFG ? What::CfgRanges : What::TestRanges;
        return;
    }
    switch (cmd) {
    case Cmd::QMTCFG:
        ev.what = What::CfgValue;
        ev.clientIdx = (answersThis ? m_currentIdx : -1);
        return;
    case Cmd::QMTOPEN:
        idxFromArg0();
        ev.what = ev.arg(1).quoted ? What::OpenInfo : What::OpenResult;
        return;
    case Cmd::QMTCLOSE:
        idxFromArg0();
        ev.what = What::CloseResult;
        return;
    case Cmd::QMTCONN:
        idxFromArg0();
        ev.what = (answersThis && m_currentForm == Form::Query && m_args.size() == 2) ? What::ConnState
                                                                                      : What::ConnResult;
        return;
    case Cmd::QMTDISC:
        idxFromArg0();
        ev.what = What::DiscResult;
        return;
    case Cmd::QMTSUB:
        idxFromArg0();
        ev.what = What::SubResult;
        return;
    case Cmd::QMTUNS:
        idxFromArg0();
        ev.what = What::UnsResult;
        return;
    case Cmd::QMTPUBEX:
    case Cmd::QMTPUB:
        idxFromArg0();
        ev.what = What::PubResult;
        return;
    case Cmd::QMTSTAT:
        idxFromArg0();
        ev.what = What::Stat;
        return;
    case Cmd::QMTPING:
        idxFromArg0();
        ev.what = What::Ping;
        return;
    case Cmd::QFUPL:
        ev.what = What::FileUploaded;
        m_uploading = false;
        return;
    case Cmd::QFLST:
        ev.what = What::FileEntry;
        return;
    case Cmd::QFLDS:
        ev.what = What::FileSpace;
        return;
    case Cmd::QSSLCFG:
        ev.what = What::SslValue;
        return;
    case Cmd::QIACT:
        ev.what = What::PdpState;
        return;
    case Cmd::CMEE:
        ev.what = What::CmeeValue;
        return;
    default:
        ev.what = What::Other;
        return;
    }
}

void Parser::parseRecv(AtEvent &ev, QByteArrayView rest, const Frame &frame)
{
    // Numeric forms first: +QMTRECV: idx,recv_id and +QMTRECV: idx,s0,…,s4
    const QByteArrayView r = trimmed(rest);
    const qsizetype firstQuote = r.indexOf('"');
    if (firstQuote < 0) {
        splitArgs(r, m_args);
        ev.args = &m_args;
        bool anyRange = false;
        for (const Arg &a : m_args)
            anyRange = anyRange || a.isRange();
        const qint64 idx = ev.intArg(0);
        ev.clientIdx = (idx >= 0 && idx < 256) ? int(idx) : -1;
        if (anyRange)
            ev.what = What::TestRanges;
        else if (m_args.size() == 2)
            ev.what = What::RecvStored;
        else if (m_args.size() == 6)
            ev.what = What::RecvStatus;
        else
            ev.what = What::Other;
        return;
    }
    // Message form: idx,msgid,"topic"[,len],"payload" — the payload is not escaped.
    ev.what = What::RecvMessage;
    splitArgs(r.first(firstQuote), m_args); // "idx,msgid," -> idx, msgid, (empty)
    if (!m_args.empty() && m_args.back().text.isEmpty())
        m_args.pop_back();
    ev.args = &m_args;
    const qint64 idx = ev.intArg(0);
    ev.clientIdx = (idx >= 0 && idx < 256) ? int(idx) : -1;
    // Topic: from the first quote to the first quote followed by a comma (or the last quote).
    const qsizetype topicStart = firstQuote + 1;
    qsizetype topicEnd = -1;
    for (qsizetype i = topicStart; i < r.size(); ++i) {
        if (r[i] != '"')
            continue;
        qsizetype j = i + 1;
        while (j < r.size() && r[j] == ' ')
            ++j;
        if (j >= r.size() || r[j] == ',') {
            topicEnd = i;
            break;
        }
    }
    if (topicEnd < 0) {
        ev.topic = r.sliced(topicStart);
        ev.payloadComplete = false;
        return;
    }
    ev.topic = r.sliced(topicStart, topicEnd - topicStart);
    if (frame.payloadStart >= 0) {
        ev.payload = frame.text.sliced(frame.payloadStart, frame.payloadLength);
        ev.declaredLength = frame.truncated ? -1 : frame.payloadLength;
        ev.payloadComplete = !frame.truncated;
        if (frame.truncated) {
            // the stream ended inside the payload: report what the header declared
            qsizetype dummyStart = 0, declared = 0;
            if (Framer::classifyRecvHeader(frame.text, &dummyStart, &declared) == Framer::RecvHeader::Counted)
                ev.declaredLength = declared;
        }
        return;
    }
    // No counted payload: [len,]"payload" up to the last quote of the line.
    qsizetype i = topicEnd + 1;
    while (i < r.size() && r[i] == ' ')
        ++i;
    if (i < r.size() && r[i] == ',')
        ++i;
    QByteArrayView tail = r.sliced(i);
    const QByteArrayView tt = trimmed(tail);
    if (!tt.isEmpty() && isDigit(tt[0])) {
        const qsizetype comma = tt.indexOf(',');
        const QByteArrayView num = comma >= 0 ? tt.first(comma) : tt;
        Arg a{trimmed(num), false};
        bool ok = false;
        const qint64 len = a.toInt(&ok);
        if (ok) {
            ev.declaredLength = len;
            tail = comma >= 0 ? tt.sliced(comma + 1) : QByteArrayView();
        }
    }
    if (tail.startsWith('"')) {
        tail = tail.sliced(1);
        if (tail.endsWith('"'))
            tail.chop(1);
        else
            ev.payloadComplete = false; // the payload went on past the line end
    }
    ev.payload = tail;
    if (ev.declaredLength >= 0 && ev.declaredLength != tail.size())
        ev.payloadComplete = false;
}

} // namespace qmt::at
