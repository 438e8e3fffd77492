// SPDX-License-Identifier: Apache-2.0
#include "engine/framer.h"

#include "at/commands.h"
#include "at/settings.h"

#include <cstring>

namespace qmt::at {

namespace {

constexpr QByteArrayView kRecvPrefix("+QMTRECV:");

// First CR or LF in [p, p+n), or nullptr.
inline const char *findEol(const char *p, qsizetype n)
{
    const char *cr = static_cast<const char *>(std::memchr(p, '\r', size_t(n)));
    const qsizetype limit = cr ? cr - p : n;
    const char *lf = static_cast<const char *>(std::memchr(p, '\n', size_t(limit)));
    return lf ? lf : cr;
}

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
inline char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? char(c - 32) : c;
}

bool isFinalResultLine(QByteArrayView l)
{
    if (l.isEmpty() || (l[0] != 'O' && l[0] != 'E' && l[0] != '+'))
        return false;
    return l == "OK" || l == "ERROR" || l.startsWith("+CME ERROR") || l.startsWith("+CMS ERROR");
}

} // namespace

Framer::RecvHeader Framer::classifyRecvHeader(QByteArrayView d, qsizetype *payloadStart,
                                              qsizetype *payloadLength)
{
    const qsizetype n = std::min(d.size(), kMaxRecvHeader);
    const bool capped = d.size() > kMaxRecvHeader;
    const auto incomplete = capped ? RecvHeader::NotCounted : RecvHeader::Incomplete;
    qsizetype i = 0;
    for (; i < kRecvPrefix.size(); ++i) {
        if (i >= n)
            return incomplete;
        if (d[i] != kRecvPrefix[i])
            return RecvHeader::NotCounted;
    }
    auto skipSpaces = [&] {
        while (i < n && d[i] == ' ')
            ++i;
    };
    // Reads digits; false when the bytes are not a number. `ended` is set when data ran out.
    auto number = [&](qint64 *value, bool *ended) {
        skipSpaces();
        const qsizetype start = i;
        qint64 v = 0;
        while (i < n && isDigit(d[i]) && i - start < 10)
            v = v * 10 + (d[i++] - '0');
        *ended = (i >= n);
        *value = v;
        return i > start;
    };
    qint64 v = 0;
    bool ended = false;
    // <client_idx>,<msgid>,
    for (int field = 0; field < 2; ++field) {
        if (!number(&v, &ended))
            return ended ? incomplete : RecvHeader::NotCounted;
        if (ended)
            return incomplete;
        skipSpaces();
        if (i >= n)
            return incomplete;
        if (d[i++] != ',')
            return RecvHeader::NotCounted;
    }
    skipSpaces();
    if (i >= n)
        return incomplete;
    if (d[i++] != '"')
        return RecvHeader::NotCounted; // the stored-message form +QMTRECV: <idx>,<recv_id> or status
    // "<topic>" — the topic ends at the first quote that is followed by a comma.
    for (;;) {
        while (i < n && d[i] != '"') {
            if (d[i] == '\r' || d[i] == '\n')
                return RecvHeader::NotCounted;
            ++i;
        }
        if (i >= n)
            return incomplete;
        ++i; // the closing quote
        skipSpaces();
        if (i >= n)
            return incomplete;
        if (d[i] == ',')
            break;
        if (d[i] == '\r' || d[i] == '\n')
            return RecvHeader::NotCounted;
    }
    ++i; // comma after the topic
    skipSpaces();
    if (i >= n)
        return incomplete;
    if (!isDigit(d[i]))
        return RecvHeader::NotCounted; // mode 0 without <payload_len>: ends at the line end
    if (!number(&v, &ended) || ended)
        return ended ? incomplete : RecvHeader::NotCounted;
    skipSpaces();
    if (i >= n)
        return incomplete;
    if (d[i++] != ',')
        return RecvHeader::NotCounted;
    if (i >= n)
        return incomplete;
    if (v > 16 * 1024 * 1024)
        return RecvHeader::NotCounted;
    *payloadStart = (d[i] == '"') ? i + 1 : i;
    *payloadLength = qsizetype(v);
    return RecvHeader::Counted;
}

qsizetype Framer::payloadLengthOfCommand(QByteArrayView line)
{
    // Cheap refusal first: every command line passes here.
    if (line.size() < 10 || line[2] != '+' || line.endsWith("=?"))
        return -1;
    const qsizetype eq = line.indexOf('=');
    if (eq < 4)
        return -1;
    const Cmd cmd = cmdFromName(line.sliced(3, eq - 3));
    const CommandInfo &info = commandInfo(cmd);
    // Where the length is and how many arguments a counted line has: the command's row, or for
    // AT+QMTCFG the row of the setting it names (a Data field: "willex").
    int lengthArg = -1;
    int expected = -1;
    bool ctrlZWithout = false;
    QByteArrayView firstArg;
    {
        qsizetype end = eq + 1;
        bool quoted = false;
        while (end < line.size() && (quoted || line[end] != ',')) {
            if (line[end] == '"')
                quoted = !quoted;
            ++end;
        }
        firstArg = line.sliced(eq + 1, end - eq - 1).trimmed();
    }
    if (cmd == Cmd::QMTCFG) {
        if (firstArg.size() < 2 || !firstArg.startsWith('"') || !firstArg.endsWith('"'))
            return -1;
        const SettingInfo *s = findSetting(cmd, firstArg.sliced(1, firstArg.size() - 2));
        if (!s)
            return -1;
        for (std::size_t i = 0; i < s->fields.size(); ++i)
            if (s->fields[i].kind == ValueKind::Data)
                lengthArg = int(i) + 2; // after the name and <client_idx>
        expected = int(s->fields.size()) + 2;
    } else if (info.data == DataPhase::Prompt || info.data == DataPhase::CtrlZ) {
        lengthArg = info.dataLenArg;
        expected = info.dataLenArg + 1;
        ctrlZWithout = info.data == DataPhase::CtrlZ;
    }
    if (lengthArg < 0)
        return -1;
    int commas = 0;
    qsizetype lastComma = -1;
    bool quoted = false;
    for (qsizetype i = eq + 1; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted) {
            ++commas;
            lastComma = i;
        }
    }
    const int args = commas + 1;
    if (ctrlZWithout && args == expected - 1)
        return -2; // the data ends with Ctrl+Z
    if (args != expected || lengthArg != args - 1)
        return -1;
    bool ok = false;
    const qsizetype len = line.sliced(lastComma + 1).trimmed().toLongLong(&ok);
    return ok && len >= 0 ? len : -1;
}

void Framer::hostWrote(bool data, QByteArrayView bytes)
{
    m_hostKnown = true;
    // Data counts for the payload being echoed, or for one announced by the command's echo
    // (a host that writes without waiting for '>'); anything else is not echoed data.
    if (data && (m_state != State::Normal || m_pendingPayload > 0 || m_pendingPayload == -2) &&
        m_written.size() < kMaxCtrlZPayload + kMaxLine)
        m_written.append(bytes.first(std::min(bytes.size(), kMaxCtrlZPayload + kMaxLine - m_written.size())));
}

qsizetype Framer::echoedPrefix(const char *p, qsizetype n) const
{
    const qsizetype m = std::min(n, m_written.size());
    qsizetype k = 0;
    while (k < m && p[k] == m_written[k])
        ++k;
    return k;
}

void Framer::reset()
{
    m_state = State::Normal;
    m_payloadRemaining = 0;
    m_pendingPayload = -1;
    m_hostKnown = false;
    m_written.clear();
    m_carry.clear();
    m_offset = 0;
}

void Framer::emitFrame(const Sink &sink, Frame &f)
{
    if (f.kind == Frame::Line) {
        if (f.text.size() >= 2 && (f.text[0] == 'A' || f.text[0] == 'a') &&
            (f.text[1] == 'T' || f.text[1] == 't'))
            m_pendingPayload = payloadLengthOfCommand(f.text);
        else if (isFinalResultLine(f.text))
            m_pendingPayload = -1;
        if (m_pendingPayload == -1 && m_state == State::Normal)
            m_written.clear();
    }
    sink(f);
}

qsizetype Framer::scan(const char *p, qsizetype n, bool final, const Sink &sink)
{
    qsizetype i = 0;
    const qint64 base = m_offset;
    auto frameAt = [&](Frame::Kind kind, qsizetype start, qsizetype len, bool truncated = false) {
        Frame f;
        f.kind = kind;
        f.truncated = truncated;
        f.text = QByteArrayView(p + start, len);
        f.offset = base + start;
        return f;
    };
    while (i < n) {
        const qsizetype rest = n - i;
        if (m_state != State::Normal && m_hostKnown) {
            // The echo of what the host wrote, checked byte by byte (hostWrote()).
            const qsizetype k = echoedPrefix(p + i, rest);
            qsizetype len = -1;
            bool complete = false;
            if (m_state == State::CountedPayload) {
                if (k >= m_payloadRemaining)
                    len = m_payloadRemaining, complete = true;
                else if (k < rest || final)
                    len = k; // a byte the host did not write: the echo ended early
            } else {
                const char *z = nullptr;
                for (qsizetype j = 0; j < k && !z; ++j)
                    if (p[i + j] == 0x1A || p[i + j] == 0x1B)
                        z = p + i + j;
                if (z) {
                    len = z - (p + i) + 1, complete = true;
                } else if (k < rest || final) {
                    len = k;
                    // a module that echoes the data but not its Ctrl+Z (or ESC)
                    complete = k < m_written.size() && (m_written[k] == 0x1A || m_written[k] == 0x1B);
                }
            }
            if (len < 0)
                return i; // every byte so far is echo: wait for the rest
            m_state = State::Normal;
            m_written.clear();
            if (len > 0) {
                Frame f = frameAt(Frame::Payload, i, len, !complete);
                i += len;
                emitFrame(sink, f);
            }
            continue;
        }
        if (m_state == State::CountedPayload) {
            if (rest >= m_payloadRemaining || final) {
                const qsizetype len = std::min(rest, m_payloadRemaining);
                Frame f = frameAt(Frame::Payload, i, len, len < m_payloadRemaining);
                i += len;
                m_state = State::Normal;
                emitFrame(sink, f);
                continue;
            }
            return i;
        }
        if (m_state == State::CtrlZPayload) {
            const char *z = static_cast<const char *>(std::memchr(p + i, 0x1A, size_t(rest)));
            if (z || rest >= kMaxCtrlZPayload || final) {
                const qsizetype len = z ? (z - (p + i) + 1) : std::min(rest, kMaxCtrlZPayload);
                Frame f = frameAt(Frame::Payload, i, len, !z);
                i += len;
                m_state = State::Normal;
                emitFrame(sink, f);
                continue;
            }
            return i;
        }
        const char c = p[i];
        if (c == '\r' || c == '\n') {
            const qsizetype start = i;
            while (i < n && (p[i] == '\r' || p[i] == '\n'))
                ++i;
            if (m_lineEndSink)
                m_lineEndSink(QByteArrayView(p + start, i - start));
            continue;
        }
        if (c == '>') {
            qsizetype len = 1;
            if (rest >= 2)
                len = (p[i + 1] == ' ') ? 2 : 1;
            else if (!final)
                return i;
            Frame f = frameAt(Frame::Prompt, i, len);
            i += len;
            if (m_pendingPayload > 0) {
                m_state = State::CountedPayload;
                m_payloadRemaining = m_pendingPayload;
            } else if (m_pendingPayload == -2) {
                m_state = State::CtrlZPayload;
            }
            m_pendingPayload = -1;
            emitFrame(sink, f);
            continue;
        }
        if (c == '+') {
            const QByteArrayView head(p + i, std::min(rest, kRecvPrefix.size()));
            const bool prefix = kRecvPrefix.startsWith(head);
            if (prefix && head.size() < kRecvPrefix.size() && !final && !findEol(p + i, rest))
                return i; // might still become "+QMTRECV:"
            if (prefix && head.size() == kRecvPrefix.size()) {
                qsizetype ps = 0, pl = 0;
                const auto h = classifyRecvHeader(QByteArrayView(p + i, rest), &ps, &pl);
                if (h == RecvHeader::Incomplete && !final)
                    return i;
                if (h == RecvHeader::Counted) {
                    const bool quoted = p[i + ps - 1] == '"' && ps > 0;
                    const qsizetype payloadEnd = ps + pl; // relative to i
                    if (rest <= payloadEnd && !final)
                        return i; // need the payload and one byte after it
                    bool tailOk = false;
                    if (rest > payloadEnd) {
                        const char t = p[i + payloadEnd];
                        tailOk = quoted ? (t == '"') : (t == '\r' || t == '\n');
                    }
                    if (tailOk) {
                        const char *e = findEol(p + i + payloadEnd, rest - payloadEnd);
                        if (!e && !final && rest - payloadEnd < kMaxLine)
                            return i;
                        const qsizetype end =
                            e ? (e - p) : (rest - payloadEnd >= kMaxLine ? i + payloadEnd + kMaxLine : n);
                        Frame f = frameAt(Frame::Line, i, end - i);
                        f.payloadStart = ps;
                        f.payloadLength = pl;
                        i = end;
                        emitFrame(sink, f);
                        continue;
                    }
                    if (rest <= payloadEnd) { // final: the stream ended inside the payload
                        Frame f = frameAt(Frame::Line, i, rest, true);
                        f.payloadStart = ps;
                        f.payloadLength = rest - ps;
                        i = n;
                        emitFrame(sink, f);
                        continue;
                    }
                    // The declared length does not match what follows: an ordinary line.
                }
            }
        }
        const char *e = findEol(p + i, std::min(rest, kMaxLine));
        if (e) {
            Frame f = frameAt(Frame::Line, i, e - (p + i));
            i = e - p;
            emitFrame(sink, f);
        } else if (rest >= kMaxLine || final) {
            const qsizetype len = std::min(rest, kMaxLine);
            Frame f = frameAt(Frame::Line, i, len, rest >= kMaxLine);
            i += len;
            emitFrame(sink, f);
        } else {
            return i;
        }
    }
    return i;
}

void Framer::feed(QByteArrayView chunk, const Sink &sink)
{
    qsizetype pos = 0;
    while (!m_carry.isEmpty() && pos < chunk.size()) {
        // Complete the waiting frame: add up to the next line end (or all) and scan again.
        const char *e = findEol(chunk.data() + pos, chunk.size() - pos);
        const qsizetype take = e ? (e - (chunk.data() + pos) + 1) : (chunk.size() - pos);
        m_carry.append(chunk.data() + pos, take);
        pos += take;
        const qsizetype used = scan(m_carry.constData(), m_carry.size(), false, sink);
        m_offset += used;
        m_carry.remove(0, used);
    }
    if (pos >= chunk.size())
        return;
    const qsizetype used = scan(chunk.data() + pos, chunk.size() - pos, false, sink);
    m_offset += used;
    m_carry.append(chunk.data() + pos + used, chunk.size() - pos - used);
}

void Framer::finish(const Sink &sink)
{
    if (!m_carry.isEmpty()) {
        const qsizetype used = scan(m_carry.constData(), m_carry.size(), true, sink);
        m_offset += used;
        m_carry.clear();
    }
    m_state = State::Normal;
    m_pendingPayload = -1;
    m_written.clear();
}

} // namespace qmt::at
