// SPDX-License-Identifier: Apache-2.0
#include "workflows/logimport.h"

#include "at/commands.h"
#include "engine/framer.h"
#include "engine/pipeline.h"

#include <QStringDecoder>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#include <climits>
#include <cstring>
#include <utility>

namespace qmt::session {

namespace {

// A literal's view with its length known at compile time.
constexpr QByteArrayView operator""_v(const char *s, size_t n)
{
    return QByteArrayView(s, qsizetype(n));
}

constexpr char kFiller = '.'; // stands in for data the log left out ("..." reads back the same)
// No module takes more after a '>' prompt than a few KB (EC2x: 1,500 bytes for AT+QMTPUBEX). A
// longer declared length is a typo or damage in the log: the module refuses such a command (no
// prompt, no data), and standing in for its data would take that many bytes of memory (a
// fuzz_logimport finding: a length of 30 TB).
constexpr qsizetype kMaxPromptData = 64 * 1024;
constexpr int kMaxJoin = 8; // lines a wrapped line or its data may go on over

// b = v, reusing b's storage.
void setBytes(QByteArray &b, QByteArrayView v)
{
    b.resize(v.size());
    if (!v.isEmpty())
        std::memcpy(b.data(), v.data(), size_t(v.size()));
}

// Asks for transparent huge pages over the whole 2 MB pages inside [p, p + bytes) (Linux, when
// the system has them "on madvise"); nothing elsewhere or for small buffers.
void adviseHugePages(void *p, qsizetype bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr quintptr kHuge = quintptr(2) << 20;
    if (bytes < qsizetype(4 * kHuge))
        return;
    const quintptr begin = (quintptr(p) + kHuge - 1) & ~(kHuge - 1);
    const quintptr end = (quintptr(p) + quintptr(bytes)) & ~(kHuge - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    Q_UNUSED(p);
    Q_UNUSED(bytes);
#endif
}

bool isSp(char c)
{
    return c == ' ' || c == '\t';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isAlpha(char c)
{
    return isUpper(c) || isLower(c);
}
bool isAlnum(char c)
{
    return isAlpha(c) || isDigit(c);
}
char lower(char c)
{
    return isUpper(c) ? char(c - 'A' + 'a') : c;
}
int hexValue(char c)
{
    return isDigit(c) ? c - '0' : (lower(c) - 'a' + 10);
}

QByteArrayView ltrim(QByteArrayView s)
{
    qsizetype i = 0;
    while (i < s.size() && isSp(s[i]))
        ++i;
    return s.sliced(i);
}
QByteArrayView rtrim(QByteArrayView s)
{
    qsizetype n = s.size();
    while (n > 0 && (isSp(s[n - 1]) || s[n - 1] == '\r'))
        --n;
    return s.first(n);
}
QByteArrayView trim(QByteArrayView s)
{
    return rtrim(ltrim(s));
}
// Case-insensitive "s starts with p" (p is ASCII).
bool startsCI(QByteArrayView s, QByteArrayView p)
{
    const qsizetype n = p.size();
    if (s.size() < n)
        return false;
    for (qsizetype i = 0; i < n; ++i)
        if (lower(s[i]) != lower(p[i]))
            return false;
    return true;
}
bool startsWith(QByteArrayView s, QByteArrayView p)
{
    const qsizetype n = p.size();
    if (s.size() < n)
        return false;
    for (qsizetype i = 0; i < n; ++i) // short literals: no library call
        if (s[i] != p[i])
            return false;
    return true;
}
// A word boundary after position i: the end, or a byte that is not a letter or digit.
bool boundary(QByteArrayView s, qsizetype i)
{
    return i >= s.size() || !isAlnum(s[i]);
}

// ---- What an AT line starts with ----

// "AT", "at+…", "ATE0", "AT&F": a command line (not "At the start", "attach").
bool isCommandStart(QByteArrayView s)
{
    if (s.size() < 2 || lower(s[0]) != 'a' || lower(s[1]) != 't')
        return false;
    if (s.size() == 2)
        return true;
    const char c = s[2];
    if (c == '+' || c == '&' || c == '^' || c == '$' || c == '#' || c == '*' || c == '\\' || isDigit(c))
        return true;
    if (isUpper(c))
        return isUpper(s[1]) || s.size() == 3 || !isLower(s[3]); // "ATI", "ATE0", not "AtTach"
    if (isLower(c))
        return isLower(s[1]) && (s.size() == 3 || isDigit(s[3])); // "ati", "ate0"
    return false;
}

// "+NAME:" (the colon may follow spaces: "+QMTRECV :" is not a module's, but is read).
qsizetype responseNameEnd(QByteArrayView s)
{
    if (s.isEmpty() || s[0] != '+')
        return -1;
    qsizetype i = 1;
    while (i < s.size() && (isUpper(s[i]) || isDigit(s[i])))
        ++i;
    if (i < 2 || i >= s.size() || s[i] != ':')
        return -1;
    return i;
}

bool isWord(QByteArrayView s, QByteArrayView w)
{
    return startsWith(s, w) && boundary(s, w.size());
}

enum class Elem : std::uint8_t { None, Command, Final, Error, Response, Boot, Connect, Prompt };

Elem elementOf(QByteArrayView s)
{
    if (s.isEmpty())
        return Elem::None;
    switch (s[0]) {
    case 'A':
    case 'a':
        if (isCommandStart(s))
            return Elem::Command;
        if (isWord(s, "APP RDY"_v))
            return Elem::Boot;
        return Elem::None;
    case '+':
        if (startsWith(s, "+CME ERROR"_v) || startsWith(s, "+CMS ERROR"_v))
            return Elem::Error;
        return responseNameEnd(s) > 0 ? Elem::Response : Elem::None;
    case 'O':
        return isWord(s, "OK"_v) ? Elem::Final : Elem::None;
    case 'E':
        return isWord(s, "ERROR"_v) ? Elem::Error : Elem::None;
    case 'R':
        return isWord(s, "RDY"_v) ? Elem::Boot : Elem::None;
    case 'P':
        return isWord(s, "POWERED DOWN"_v) ? Elem::Boot : Elem::None;
    case 'N':
        if (isWord(s, "NO CARRIER"_v))
            return Elem::Error;
        return isWord(s, "NORMAL POWER DOWN"_v) ? Elem::Boot : Elem::None;
    case 'C':
        return isWord(s, "CONNECT"_v) ? Elem::Connect : Elem::None;
    case '>':
        return Elem::Prompt;
    default:
        return Elem::None;
    }
}

bool startsElement(QByteArrayView s)
{
    const Elem e = elementOf(s);
    return e != Elem::None && e != Elem::Prompt;
}

// ---- Typographic and full-width punctuation ----

// The code point of the UTF-8 sequence at s[i] and its length; {-1, 1} for a byte that starts
// none.
std::pair<int, int> decodeUtf8(QByteArrayView s, qsizetype i)
{
    const auto b = uchar(s[i]);
    auto cont = [&](qsizetype k) { return i + k < s.size() && (uchar(s[i + k]) & 0xC0) == 0x80; };
    if (b >= 0xC2 && b < 0xE0 && cont(1))
        return {((b & 0x1F) << 6) | (uchar(s[i + 1]) & 0x3F), 2};
    if (b >= 0xE0 && b < 0xF0 && cont(1) && cont(2))
        return {((b & 0x0F) << 12) | ((uchar(s[i + 1]) & 0x3F) << 6) | (uchar(s[i + 2]) & 0x3F), 3};
    if (b >= 0xF0 && b < 0xF5 && cont(1) && cont(2) && cont(3))
        return {((b & 0x07) << 18) | ((uchar(s[i + 1]) & 0x3F) << 12) | ((uchar(s[i + 2]) & 0x3F) << 6) |
                    (uchar(s[i + 3]) & 0x3F),
                4};
    return {-1, 1};
}

// What a code point stands for where a module sends ASCII: the ASCII text (possibly empty: a
// zero-width space), or nullptr to keep it.
const char *asciiFor(int cp, char *buf)
{
    if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return " ";
    if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF)
        return "";
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
        return "-";
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B || cp == 0x2032)
        return "'";
    if ((cp >= 0x201C && cp <= 0x201F) || cp == 0x2033 || cp == 0x301D || cp == 0x301E)
        return "\"";
    if (cp == 0x2026)
        return "...";
    switch (cp) {
    case 0x3001:
        return ",";
    case 0x3002:
        return ".";
    case 0x3008:
    case 0x300A:
        return "<";
    case 0x3009:
    case 0x300B:
        return ">";
    case 0x3010:
        return "[";
    case 0x3011:
        return "]";
    default:
        break;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) { // full-width ASCII
        buf[0] = char(cp - 0xFEE0);
        buf[1] = 0;
        return buf;
    }
    return nullptr;
}

bool hasHighBytes(QByteArrayView s)
{
    for (char c : s)
        if (uchar(c) >= 0x80)
            return true;
    return false;
}

// Typographic and full-width punctuation made ASCII outside quoted strings; the content of a
// quoted string is kept byte for byte. True when anything changed.
bool asciify(QByteArrayView in, QByteArray &out)
{
    out.resize(0); // keeps its storage
    out.reserve(in.size());
    bool changed = false, quoted = false;
    char buf[2];
    for (qsizetype i = 0; i < in.size();) {
        const char c = in[i];
        if (uchar(c) < 0x80) {
            qsizetype j = i;
            while (j < in.size() && uchar(in[j]) < 0x80) {
                if (in[j] == '"')
                    quoted = !quoted;
                ++j;
            }
            out.append(in.data() + i, j - i);
            i = j;
            continue;
        }
        const auto [cp, len] = decodeUtf8(in, i);
        const char *a = cp >= 0 ? asciiFor(cp, buf) : nullptr;
        if (a && (!quoted || std::strcmp(a, "\"") == 0)) {
            if (std::strcmp(a, "\"") == 0)
                quoted = !quoted;
            out += a;
            changed = true;
        } else {
            out.append(in.data() + i, len);
        }
        i += len;
    }
    return changed;
}

// ---- Line ends and Ctrl+Z written as text ----

struct Token
{
    QByteArrayView text; // matched case-insensitively
    char byte;
};
// Longest first where one is the start of another.
constexpr Token kTokens[] = {
    {"<CR><LF>", 0}, {"\\r\\n", 0},    {"[0D][0A]", 0},  {"<CR>", '\r'},   {"<LF>", '\n'},   {"[CR]", '\r'},
    {"[LF]", '\n'},  {"{CR}", '\r'},   {"{LF}", '\n'},   {"[0D]", '\r'},   {"[0A]", '\n'},   {"<0D>", '\r'},
    {"<0A>", '\n'},  {"{0D}", '\r'},   {"{0A}", '\n'},   {"<0x0D>", '\r'}, {"<0x0A>", '\n'}, {"\\x0d", '\r'},
    {"\\x0a", '\n'}, {"\\r", '\r'},    {"\\n", '\n'},    {"^M", '\r'},     {"^J", '\n'},     {"0x0D", '\r'},
    {"0x0A", '\n'},  {"<Ctrl+Z>", 26}, {"<Ctrl-Z>", 26}, {"[Ctrl+Z]", 26}, {"(Ctrl+Z)", 26}, {"Ctrl+Z", 26},
    {"Ctrl-Z", 26},  {"^Z", 26},       {"0x1A", 26},     {"[1A]", 26},     {"<1A>", 26},     {"{1A}", 26},
    {"<0x1A>", 26},  {"\\x1a", 26},    {"\\032", 26},    {"<SUB>", 26},    {"[SUB]", 26},    {"<EOF>", 26},
};

// The token at s[i] (a line end or Ctrl+Z written as text): its length and bytes, else 0.
qsizetype tokenAt(QByteArrayView s, qsizetype i, QByteArrayView *bytes)
{
    const char c = s[i];
    if (uchar(c) == 0xE2 && i + 2 < s.size()) {
        const auto b1 = uchar(s[i + 1]), b2 = uchar(s[i + 2]);
        // ␍ ␊ ␚ ↵ ⏎ □ (the last as serial terminals such as sscom draw CR and LF)
        const char *r = (b1 == 0x90 && b2 == 0x8D)   ? "\r"
                        : (b1 == 0x90 && b2 == 0x8A) ? "\n"
                        : (b1 == 0x90 && b2 == 0x9A) ? "\x1a"
                        : (b1 == 0x86 && b2 == 0xB5) ? "\n"
                        : (b1 == 0x8F && b2 == 0x8E) ? "\n"
                        : (b1 == 0x96 && b2 == 0xA1) ? "\n"
                                                     : nullptr;
        if (r) {
            *bytes = r;
            return 3;
        }
        return 0;
    }
    // "0x0D" and "Ctrl+Z" are the only tokens with a digit or a letter first
    if ((c == '0' || c == 'C' || c == 'c') &&
        (i + 1 >= s.size() || lower(s[i + 1]) != (c == '0' ? 'x' : 't')))
        return 0;
    if (c != '<' && c != '[' && c != '{' && c != '(' && c != '\\' && c != '^' && c != '0' && c != 'C' &&
        c != 'c')
        return 0;
    if ((c == '0' || c == 'C' || c == 'c') && i > 0 && isAlnum(s[i - 1]))
        return 0;
    const QByteArrayView rest = s.sliced(i);
    if (rest.size() < 2)
        return 0;
    const char c1 = lower(rest[1]);
    // every token's second byte is one of these
    if (c1 != 'c' && c1 != 'l' && c1 != '0' && c1 != '1' && c1 != 'r' && c1 != 'n' && c1 != 'x' &&
        c1 != 'm' && c1 != 'j' && c1 != 'z' && c1 != 't' && c1 != 's' && c1 != 'e' && c1 != '\\')
        return 0;
    for (const Token &t : kTokens) {
        if (lower(t.text[0]) != lower(c) || !startsCI(rest, t.text))
            continue;
        const qsizetype n = t.text.size();
        if ((c == '0' || c == 'C' || c == 'c' || c == '^') && !boundary(rest, n))
            continue; // 0x0D0A…, Ctrl+Zed
        static const char kBytes[] = "\r\n\x1a";
        *bytes = t.byte == 0      ? QByteArrayView(kBytes, 2)
                 : t.byte == '\r' ? QByteArrayView(kBytes, 1)
                 : t.byte == '\n' ? QByteArrayView(kBytes + 1, 1)
                                  : QByteArrayView(kBytes + 2, 1);
        return n;
    }
    return 0;
}

// Line ends and Ctrl+Z written as text, outside quoted strings, made bytes. True when any was.
bool expandTokens(QByteArrayView in, QByteArray &out)
{
    bool changed = false, quoted = false;
    QByteArrayView bytes;
    // the bytes a token (or a quoted string) can start with
    static const auto kStarts = [] {
        std::array<bool, 256> t{};
        for (const char c : {'<', '[', '{', '(', '\\', '^', '0', 'C', 'c', '\xE2', '"'})
            t[uchar(c)] = true;
        return t;
    }();
    {
        bool any = false, q = false;
        const auto *p = reinterpret_cast<const uchar *>(in.data());
        for (qsizetype i = 0; i < in.size() && !any; ++i) {
            if (!kStarts[p[i]])
                continue;
            if (p[i] == '"')
                q = !q;
            else if (!q && tokenAt(in, i, &bytes))
                any = true;
        }
        if (!any)
            return false;
    }
    out.resize(0); // keeps its storage
    out.reserve(in.size() + 8);
    for (qsizetype i = 0; i < in.size();) {
        // a run of bytes that start no token and no quote: as they are
        qsizetype j = i;
        while (j < in.size() && !kStarts[uchar(in[j])])
            ++j;
        if (j > i) {
            out.append(in.data() + i, j - i);
            i = j;
            continue;
        }
        const char c = in[i];
        if (c == '"')
            quoted = !quoted;
        if (!quoted) {
            if (const qsizetype n = tokenAt(in, i, &bytes)) {
                out += bytes;
                i += n;
                changed = true;
                if (i < in.size() && in[i] == ' ' && bytes != "\x1a")
                    ++i; // "0x0D 0x0A", "<CR> <LF>"
                continue;
            }
        }
        out += c;
        ++i;
    }
    return changed;
}

// ---- Placeholders where data was left out ----

bool containsWordCI(QByteArrayView s, QByteArrayView w)
{
    const qsizetype n = w.size();
    for (qsizetype i = 0; i + n <= s.size(); ++i)
        if (startsCI(s.sliced(i), w))
            return true;
    return false;
}

bool isPlaceholder(QByteArrayView s)
{
    s = trim(s);
    if (s.isEmpty())
        return false;
    if (s == "..." || s == "...." || s == "\xE2\x80\xA6" || s == "\xE2\x80\xA6\xE2\x80\xA6" || s == "(...)" ||
        s == "[...]" || s == "<...>" || s == "xxx" || s == "XXX")
        return true;
    const char open = s.front(), close = s.back();
    if (!((open == '<' && close == '>') || (open == '[' && close == ']') || (open == '{' && close == '}') ||
          (open == '(' && close == ')')))
        return false;
    const QByteArrayView in = s.sliced(1, s.size() - 2);
    if (open == '{' && in.contains(':'))
        return false; // a JSON object
    static const QByteArrayView kWords[] = {"data",    "payload", "input",  "bytes", "message", "msg",
                                            "content", "omit",    "binary", "file",  "cert",    "key",
                                            "省略",    "数据",    "内容",   "输入",  "证书"};
    for (QByteArrayView w : kWords)
        if (containsWordCI(in, w))
            return true;
    return in == "..." || in == "\xE2\x80\xA6";
}

// ---- Prefixes ----

bool isDirectionWord(QByteArrayView w, LogImport::Direction *dir)
{
    if (w.isEmpty() || w.size() > 8)
        return false;
    switch (lower(w[0])) { // the bytes the words below start with
    case 't':
    case 's':
    case 'w':
    case 'o':
    case 'h':
    case 'm':
    case 'd':
    case 'c':
    case 'r':
    case 'i':
    case 'u':
    case '\xE5':
    case '\xE6':
        break;
    default:
        return false;
    }
    static const QByteArrayView kSent[] = {"tx",   "send", "sent", "snd", "write", "wr",     "out",
                                           "host", "mcu",  "dte",  "cmd", "req",   "request"};
    static const QByteArrayView kRecv[] = {"rx",       "recv", "rcv", "rcvd",     "receive",
                                           "received", "read", "rd",  "in",       "dce",
                                           "module",   "resp", "rsp", "response", "urc"};
    auto eq = [&](QByteArrayView k) { return w.size() == k.size() && startsCI(w, k); };
    for (QByteArrayView k : kSent)
        if (eq(k)) {
            *dir = LogImport::Direction::Sent;
            return true;
        }
    for (QByteArrayView k : kRecv)
        if (eq(k)) {
            *dir = LogImport::Direction::Received;
            return true;
        }
    if (w == "\xE5\x8F\x91\xE9\x80\x81" || w == "\xE5\x8F\x91") { // 发送, 发
        *dir = LogImport::Direction::Sent;
        return true;
    }
    if (w == "\xE6\x8E\xA5\xE6\x94\xB6" || w == "\xE6\x94\xB6") { // 接收, 收
        *dir = LogImport::Direction::Received;
        return true;
    }
    return false;
}

bool isLevelWord(QByteArrayView w)
{
    if (w.isEmpty() || w.size() > 7)
        return false;
    switch (lower(w[0])) { // the letters the levels below start with
    case 'i':
    case 'd':
    case 'w':
    case 'e':
    case 't':
    case 'v':
    case 'n':
    case 'f':
    case 'c':
        break;
    default:
        return false;
    }
    static const QByteArrayView kLevels[] = {"info", "inf",   "debug", "dbg", "warn",    "warning", "wrn",
                                             "err",  "trace", "trc",   "vrb", "verbose", "notice",  "fatal",
                                             "crit", "i",     "d",     "w",   "e",       "v",       "error"};
    for (QByteArrayView k : kLevels)
        if (w.size() == k.size() && startsCI(w, k))
            return true;
    return false;
}

// Length of a time or date at s[0] ("2024-03-05", "14:22:01.123", "2024-03-05T14:22:01,5Z",
// "Mar  5 14:22:01", "03-05 14:22:01.123"), 0 when there is none.
qsizetype timeAt(QByteArrayView s)
{
    qsizetype i = 0;
    auto digits = [&](int min, int max) {
        const qsizetype start = i;
        while (i < s.size() && isDigit(s[i]) && i - start < max)
            ++i;
        if (i - start < min) {
            i = start;
            return false;
        }
        return true;
    };
    auto sep = [&](char a, char b = 0, char c = 0) {
        if (i < s.size() && s[i] && (s[i] == a || s[i] == b || s[i] == c)) {
            ++i;
            return true;
        }
        return false;
    };
    qsizetype end = 0;
    // Month name: "Mar  5 "
    static const char *const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
    const bool mayBeMonth = s.size() > 4 && isSp(s[3]) && isAlpha(s[0]);
    if (!mayBeMonth && (s.isEmpty() || !isDigit(s[0])))
        return 0; // (most calls: a word or a marker, no time)
    if (mayBeMonth) {
        for (const char *m : kMonths)
            if (startsCI(s, QByteArrayView(m, 3))) {
                i = 3;
                while (i < s.size() && isSp(s[i]))
                    ++i;
                if (!digits(1, 2))
                    return 0;
                end = i;
                if (i < s.size() && isSp(s[i]))
                    ++i;
                break;
            }
    }
    if (end == 0) {
        // A date: Y-M-D, D.M.Y, M-D (followed by a time)
        const qsizetype start = i;
        if (digits(1, 4) && sep('-', '/', '.') && digits(1, 2)) {
            const qsizetype md = i;
            if (sep('-', '/', '.') && digits(1, 4)) {
                end = i;
            } else {
                i = md;
                end = i; // "03-05": only before a time
            }
            if (i < s.size() && (s[i] == 'T' || s[i] == '_' || isSp(s[i])))
                ++i;
            else if (i >= s.size() || !boundary(s, i))
                return 0;
        } else {
            i = start;
        }
    }
    const qsizetype timeStart = i;
    if (digits(1, 2) && sep(':') && digits(2, 2)) {
        if (sep(':'))
            digits(2, 2);
        if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',' || s[i] == ':') && isDigit(s[i + 1])) {
            ++i;
            digits(1, 9);
        }
        if (i < s.size() && s[i] == 'Z')
            ++i;
        else if (i + 5 < s.size() + 0 && (s[i] == '+' || s[i] == '-') && isDigit(s[i + 1]) &&
                 isDigit(s[i + 2])) {
            i += 3;
            sep(':');
            digits(2, 2);
        }
        if (i < s.size() && s[i] == ' ' &&
            (startsCI(s.sliced(i), " UTC"_v) || startsCI(s.sliced(i), " GMT"_v) ||
             startsCI(s.sliced(i), " CST"_v)))
            i += 4;
        end = i;
    } else {
        i = timeStart;
        // a date alone must be a full one
        if (end > 0 && i > 0 && end < 8)
            return 0;
    }
    return end;
}

// The time a prefix gives, in µs: since the epoch (UTC) when it has a date, since midnight for a
// time of day, since start for an uptime ("[   12.345678]", "(12345)" ms ticks of ESP-IDF);
// -1 when it has none.
qint64 timeOfPrefix(QByteArrayView s)
{
    auto number = [&](qsizetype &i, int maxDigits, qint64 *v) {
        const qsizetype start = i;
        qint64 x = 0;
        while (i < s.size() && isDigit(s[i]) && i - start < maxDigits)
            x = x * 10 + (s[i++] - '0');
        *v = x;
        return i > start;
    };
    auto fraction = [&](qsizetype &i) -> qint64 { // ".123" ",5" ":456" -> µs
        if (i + 1 >= s.size() || !(s[i] == '.' || s[i] == ',' || s[i] == ':') || !isDigit(s[i + 1]))
            return 0;
        ++i;
        qint64 us = 0;
        int digits = 0;
        while (i < s.size() && isDigit(s[i])) {
            if (digits < 6) {
                us = us * 10 + (s[i] - '0');
                ++digits;
            }
            ++i;
        }
        while (digits++ < 6)
            us *= 10;
        return us;
    };
    for (qsizetype at = 0; at < s.size(); ++at) {
        if (!isDigit(s[at]) || (at > 0 && isAlnum(s[at - 1])))
            continue;
        const qsizetype len = timeAt(s.sliced(at));
        qsizetype i = at;
        qint64 a = 0, b = 0, c = 0;
        if (len > 0) {
            // [date] time
            qint64 y = 0, mo = 0, d = 0;
            const qsizetype save = i;
            if (number(i, 4, &a) && i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.') &&
                number(++i, 2, &b)) {
                if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.') && i + 1 < s.size() &&
                    isDigit(s[i + 1])) {
                    number(++i, 4, &c);
                    if (a > 31) {
                        y = a, mo = b, d = c; // 2024-03-05
                    } else {
                        d = a, mo = b, y = c < 100 ? 2000 + c : c; // 05.03.2024
                    }
                } else {
                    y = 2000, mo = a, d = b; // logcat 03-05: no year
                }
                if (i < s.size() && (s[i] == 'T' || s[i] == '_' || isSp(s[i])))
                    ++i;
            } else {
                i = save;
            }
            qint64 h = 0, m = 0, sec = 0;
            const qsizetype timeStart = i;
            if (!(number(i, 2, &h) && i < s.size() && s[i] == ':' && number(++i, 2, &m))) {
                i = timeStart;
                h = m = 0;
            } else if (i < s.size() && s[i] == ':' && i + 1 < s.size() && isDigit(s[i + 1])) {
                number(++i, 2, &sec);
            }
            const qint64 frac = fraction(i);
            const qint64 tod = ((h * 60 + m) * 60 + sec) * 1000000 + frac;
            if (y > 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
                // midnight UTC of the date, in ms since the epoch (the last date seen is kept:
                // a log's lines mostly share it)
                static thread_local qint64 lastKey = -1, lastMs = 0;
                static thread_local bool lastValid = false;
                const qint64 key = (y * 16 + mo) * 32 + d;
                if (key != lastKey) {
                    const QDate date{int(y), int(mo), int(d)};
                    lastValid = date.isValid();
                    lastMs = lastValid ? (date.toJulianDay() - 2440588) * 86400000LL : 0; // JD of 1970-01-01
                    lastKey = key;
                }
                if (lastValid)
                    return lastMs * 1000 + tod;
            }
            if (i > timeStart)
                return tod;
            return -1;
        }
        // an uptime in seconds "12.345678", or ticks in ms "(12345)"
        if (number(i, 12, &a)) {
            if (i < s.size() && s[i] == '.' && i + 1 < s.size() && isDigit(s[i + 1]))
                return a * 1000000 + fraction(i);
            if (at > 0 && s[at - 1] == '(' && i < s.size() && s[i] == ')')
                return a * 1000;
        }
        return -1;
    }
    return -1;
}

bool isSeparator(char c)
{
    return c == ':' || c == '|' || c == ']' || c == '>' || c == ')' || c == '-' || c == '=' || c == ',';
}

// Multi-byte brackets of Chinese text: 【 】 ［ ］ （ ） and the full-width colon.
qsizetype openBracketAt(QByteArrayView s, char *close)
{
    if (s.isEmpty())
        return 0;
    switch (s[0]) {
    case '[':
        *close = ']';
        return 1;
    case '(':
        *close = ')';
        return 1;
    case '<':
        *close = '>';
        return 1;
    case '{':
        *close = '}';
        return 1;
    default:
        break;
    }
    if (startsWith(s, "\xE3\x80\x90"_v) || startsWith(s, "\xEF\xBC\xBB"_v) ||
        startsWith(s, "\xEF\xBC\x88"_v)) {
        *close = 0; // any of the matching multi-byte closers
        return 3;
    }
    return 0;
}
qsizetype closeBracketIn(QByteArrayView s, char close, qsizetype *closeLen)
{
    for (qsizetype i = 0; i < s.size() && i < 80; ++i) {
        if (close && s[i] == close) {
            *closeLen = 1;
            return i;
        }
        if (!close &&
            (startsWith(s.sliced(i), "\xE3\x80\x91"_v) || startsWith(s.sliced(i), "\xEF\xBC\xBD"_v) ||
             startsWith(s.sliced(i), "\xEF\xBC\x89"_v))) {
            *closeLen = 3;
            return i;
        }
        if (s[i] == '"')
            return -1;
    }
    return -1;
}

// After a prefix token: spaces, and one separator (":" "：" "|" "-" "]" ">") with its spaces.
qsizetype afterSeparator(QByteArrayView s, qsizetype i)
{
    const qsizetype i0 = i;
    while (i < s.size() && isSp(s[i]))
        ++i;
    if (i < s.size() && s[i] == '>' && i == i0 && i > 0 && isAlnum(s[i - 1])) {
        ++i; // "TX>" (a '>' after spaces stays: it may be the prompt)
    } else if (i < s.size() && (s[i] == ':' || s[i] == '|' || s[i] == '=') &&
               (i + 1 >= s.size() || isSp(s[i + 1]) || s[i] == ':')) {
        ++i;
    } else if (startsWith(s.sliced(i), "\xEF\xBC\x9A"_v)) { // ：
        i += 3;
    } else if (i < s.size() && s[i] == '-' && i + 1 < s.size() && isSp(s[i + 1])) {
        ++i;
    }
    while (i < s.size() && isSp(s[i]))
        ++i;
    return i;
}

struct Stripped
{
    QByteArrayView lastTag; // the tag the line before had ("quectel:"), in
    QByteArrayView tag;     // the tag this line has, out
    qsizetype length = 0;   // bytes of prefix
    LogImport::Direction dir = LogImport::Direction::Unknown;
    bool quote = false; // "> " quoting or a list bullet
};

// The arrow-like direction markers, with the direction each gives.
struct Arrow
{
    QByteArrayView text;
    LogImport::Direction dir;
};
constexpr Arrow kArrows[] = {
    {"-->", LogImport::Direction::Sent},
    {"<--", LogImport::Direction::Received},
    {"==>", LogImport::Direction::Sent},
    {"<==", LogImport::Direction::Received},
    {">>>", LogImport::Direction::Sent},
    {"<<<", LogImport::Direction::Received},
    {">>", LogImport::Direction::Sent},
    {"<<", LogImport::Direction::Received},
    {"->", LogImport::Direction::Sent},
    {"<-", LogImport::Direction::Received},
    {"=>", LogImport::Direction::Sent},
    {"<=", LogImport::Direction::Received},
    {"\xE2\x86\x92", LogImport::Direction::Sent},     // →
    {"\xE2\x86\x90", LogImport::Direction::Received}, // ←
    {"\xE2\x97\x87", LogImport::Direction::Sent},     // ◇ (sscom: 发→◇)
    {"\xE2\x97\x86", LogImport::Direction::Received}, // ◆ (sscom: 收←◆)
    {"\xE2\x96\xBA", LogImport::Direction::Sent},     // ►
    {"\xE2\x97\x84", LogImport::Direction::Received}, // ◄
};

// One prefix token at s[0], with what follows it up to the next token; 0 when none.
// `strict`: only what cannot be content (timestamps, direction markers, line numbers) — for data
// lines, whose text may start with anything.
qsizetype prefixToken(QByteArrayView s, bool strict, bool allowQuote, Stripped &st)
{
    if (s.isEmpty())
        return 0;
    // An AT line starts here: nothing in front to remove ("ERROR" may still be a log level)
    if (s[0] != 'E' && s[0] != '>' && startsElement(s))
        return 0;
    // Arrows
    const char c0 = s[0];
    if (c0 == '-' || c0 == '<' || c0 == '=' || c0 == '>' || uchar(c0) == 0xE2)
        for (const Arrow &a : kArrows) {
            if (startsWith(s, a.text)) {
                const qsizetype n = a.text.size();
                // ">>" and "<<" are markers; a lone '>' is the prompt or a quote (below)
                st.dir = a.dir;
                return afterSeparator(s, n);
            }
        }
    // Brackets: [12:00:01.123] [TX] <inf> (1234) 【发送】 …
    char close = 0;
    if (const qsizetype open = openBracketAt(s, &close)) {
        qsizetype closeLen = 0;
        const qsizetype inner = closeBracketIn(s.sliced(open), close, &closeLen);
        if (inner >= 0) {
            const QByteArrayView content = trim(s.sliced(open, inner));
            const qsizetype end = open + inner + closeLen;
            const QByteArrayView rest = s.sliced(end);
            LogImport::Direction d{};
            if (isDirectionWord(content, &d)) {
                st.dir = d;
                return afterSeparator(s, end);
            }
            bool numeric = !content.isEmpty();
            for (char c : content)
                if (!isDigit(c) && c != '.' && c != ':' && c != ',' && !isSp(c))
                    numeric = false;
            if (numeric || (!content.isEmpty() && timeAt(ltrim(content)) > 0))
                return afterSeparator(s, end);
            QByteArrayView dummy;
            if (tokenAt(s, 0, &dummy) || (isPlaceholder(s.first(end)) && !startsElement(ltrim(rest))))
                return 0; // the content itself: "[0D]", "<data>"
            if (!strict && !trim(rest).isEmpty())
                return afterSeparator(s, end); // a tag: [mqtt], <inf>, [main.c:120]
            return 0;
        }
    }
    // A timestamp
    if (const qsizetype t = timeAt(s)) {
        if (t < s.size() && (isSp(s[t]) || isSeparator(s[t]) || uchar(s[t]) >= 0x80))
            return afterSeparator(s, t);
    }
    // Numbers: a line number, a tick count, seconds since start ("12.345")
    if (isDigit(s[0])) {
        qsizetype i = 0;
        while (i < s.size() && isDigit(s[i]) && i < 12)
            ++i;
        if (i + 1 < s.size() && s[i] == '.' && isDigit(s[i + 1])) {
            ++i;
            while (i < s.size() && isDigit(s[i]))
                ++i;
        }
        if (i >= s.size())
            return 0;
        const char c = s[i];
        if ((c == ':' || c == ')' || c == ']' || c == '|' || c == '.') && i + 1 < s.size() && isSp(s[i + 1]))
            return afterSeparator(s, i + 1);
        if (c == '\t' || (isSp(c) && i + 1 < s.size() && isSp(s[i + 1])))
            return afterSeparator(s, i);
        if (isSp(c) && startsElement(ltrim(s.sliced(i))))
            return afterSeparator(s, i);
        return 0;
    }
    // Words: TX, Recv:, 发送, INFO, I/tag(12):, I (1234) tag:, tag:
    qsizetype w = 0;
    while (w < s.size() && (isAlnum(s[w]) || s[w] == '_' || uchar(s[w]) >= 0x80) && w < 40) {
        if (uchar(s[w]) >= 0x80) {
            // Chinese direction words are three-byte characters; stop at any other symbol
            if (!(startsWith(s.sliced(w), "\xE5\x8F\x91"_v) || startsWith(s.sliced(w), "\xE9\x80\x81"_v) ||
                  startsWith(s.sliced(w), "\xE6\x8E\xA5"_v) || startsWith(s.sliced(w), "\xE6\x94\xB6"_v)))
                break;
            w += 3;
        } else {
            ++w;
        }
    }
    if (w == 0) {
        if (!strict && allowQuote) {
            // Markdown quote "> AT…", bullets "- ", "* ", "• "
            // (a quoted '>' line may hold anything; a bullet must hold an AT line)
            if ((s[0] == '>' || s[0] == '-' || s[0] == '*') && s.size() > 2 && isSp(s[1]) &&
                (s[0] == '>' || startsElement(ltrim(s.sliced(2))))) {
                st.quote = true;
                return afterSeparator(s, 1);
            }
            if (startsWith(s, "\xE2\x80\xA2"_v) && startsElement(ltrim(s.sliced(3)))) { // •
                st.quote = true;
                return afterSeparator(s, 3);
            }
        }
        if (!strict && (s[0] == '|' || s[0] == ':') && s.size() > 1 && isSp(s[1]))
            return afterSeparator(s, 1);
        return 0;
    }
    const QByteArrayView word = s.first(w);
    LogImport::Direction d{};
    if (isDirectionWord(word, &d)) {
        // "TX:", "Send ", "RX>", "TX(12):", "发→", not "Transmit" (the word must end there)
        qsizetype i = w;
        if (i < s.size() && s[i] == '(') {
            const qsizetype c = s.indexOf(')', i);
            if (c > 0 && c - i < 12)
                i = c + 1;
        }
        const qsizetype after = afterSeparator(s, i);
        if (after > i || (i < s.size() && uchar(s[i]) >= 0x80)) {
            if (after < s.size() || after > w) {
                // a real marker is followed by a separator or space; "in" and "out" only with one
                const bool weak = word.size() <= 3 && (startsCI(word, "in"_v) || startsCI(word, "out"_v) ||
                                                       startsCI(word, "rd"_v) || startsCI(word, "wr"_v));
                if (weak && !(i < s.size() && (s[i] == ':' || s[i] == '>')))
                    return 0;
                // a direction word followed by an arrow: 发→◇
                st.dir = d;
                return after;
            }
        }
        return 0;
    }
    if (strict)
        return 0;
    if (isLevelWord(word)) {
        // "I (1234) tag: ", "D/tag( 123): ", "INFO ", "[E] " was a bracket
        qsizetype i = w;
        if (i < s.size() && s[i] == '/') { // logcat: D/Tag( 123):
            const qsizetype colon = s.indexOf(':', i);
            if (colon > 0 && colon - i < 48)
                return afterSeparator(s, colon + 1);
            return 0;
        }
        if (i >= s.size() || !(isSp(s[i]) || s[i] == ':' || s[i] == '|' || s[i] == ']'))
            return 0;
        // one letter: only "I (1234) " (ESP-IDF) or "I: "
        if (word.size() == 1 && !(s[i] == ':' || (i + 1 < s.size() && isSp(s[i]) && s[i + 1] == '(')))
            return 0;
        const qsizetype after = afterSeparator(s, i);
        if (after >= s.size()) // only a prefix on the line; "ERROR " is the module's
            return startsCI(word, "error"_v) || word.size() == 1 ? 0 : after;
        // "ERROR" (and a one-letter level) is a level only when an AT line or more prefix follows
        if (startsCI(word, "error"_v) || word.size() == 1) {
            Stripped probe;
            if (!startsElement(s.sliced(after)) && !prefixToken(s.sliced(after), false, false, probe))
                return 0;
        }
        return after;
    }
    // A tag or function name: "modem:", "at_send():", "MQTT|", "[mqtt_task]" (a bracket)
    qsizetype i = w;
    while (i < s.size() && (isAlnum(s[i]) || s[i] == '_' || s[i] == '.' || s[i] == '-' || s[i] == '/') &&
           i < 48)
        ++i;
    if (startsWith(s.sliced(i), "()"_v))
        i += 2;
    const bool dash = startsWith(s.sliced(i), " - "_v);
    if (i < s.size() && (((s[i] == ':' || s[i] == '|') && (i + 1 == s.size() || isSp(s[i + 1]))) || dash)) {
        const qsizetype after = afterSeparator(s, dash ? i + 1 : i);
        Stripped probe;
        const QByteArrayView tag = s.first(i);
        if (after >= s.size() || elementOf(s.sliced(after)) != Elem::None ||
            (!st.lastTag.isEmpty() && tag == st.lastTag) ||
            prefixToken(s.sliced(after), false, false, probe)) {
            st.tag = tag; // the same tag on the next lines is a prefix whatever follows it (data)
            return after;
        }
    }
    return 0;
}

Stripped stripPrefixes(QByteArrayView s, bool strict, bool allowQuote, QByteArrayView lastTag = {})
{
    Stripped st;
    st.lastTag = lastTag;
    qsizetype pos = 0;
    while (pos < s.size() && isSp(s[pos]))
        ++pos;
    for (int round = 0; round < 12 && pos < s.size(); ++round) {
        const qsizetype n = prefixToken(s.sliced(pos), strict, allowQuote, st);
        if (n <= 0)
            break;
        pos += n;
    }
    st.length = pos;
    return st;
}

// Where an AT line starts inside text that no known prefix style explains ("2024-03-05 14:22
// [mqtt] modem_send(): AT+QMTOPEN…"): after a separator, at a command or a response; -1 if none.
qsizetype guessedStart(QByteArrayView s)
{
    if (s.contains('"') && s.indexOf('"') < 4)
        return -1;
    for (qsizetype i = 2; i < s.size() && i < 160; ++i) {
        if (s[i] == '"')
            return -1; // the prefix holds no quoted text
        const char prev = s[i - 1];
        const bool sep = (prev == ' ' && (isSeparator(s[i - 2]) || s[i - 2] == ' ')) || prev == '\t' ||
                         prev == ']' || prev == '>' || prev == '|' || (prev == ':' && s[i - 2] != ':');
        if (!sep)
            continue;
        const QByteArrayView rest = s.sliced(i);
        const Elem e = elementOf(rest);
        if (e == Elem::Command && rest.size() > 2 && (rest[2] == '+' || rest.size() == 2))
            return i;
        if (e == Elem::Response || (e == Elem::Error && rest.startsWith("+CME")))
            return i;
        if ((e == Elem::Final || e == Elem::Error) && trim(rest).size() <= 5)
            return i;
    }
    return -1;
}

// ---- Notes ----

bool hasCjk(QByteArrayView s)
{
    for (qsizetype i = 0; i + 2 < s.size(); ++i) {
        const auto b = uchar(s[i]);
        if (b >= 0xE3 && b <= 0xE9)
            return true;
    }
    return false;
}

// Prose: words people write, not a module's output.
bool isProse(QByteArrayView s)
{
    if (hasCjk(s))
        return true;
    int words = 0;
    qsizetype i = 0;
    while (i < s.size()) {
        while (i < s.size() && !isAlpha(s[i]))
            ++i;
        const qsizetype start = i;
        int lowers = 0;
        while (i < s.size() && isAlpha(s[i]))
            lowers += isLower(s[i++]) ? 1 : 0;
        if (i - start >= 2 && lowers >= 1 && (i >= s.size() || !isDigit(s[i])))
            ++words;
    }
    return words >= 3 || (words >= 2 && (s.endsWith('.') || s.endsWith(':') || s.endsWith('?')));
}

bool isShellPrompt(QByteArrayView s)
{
    if (startsWith(s, "$ "_v) || startsWith(s, ">>> "_v) || startsWith(s, "PS "_v) || startsWith(s, "~$ "_v))
        return true;
    // user@host:~$ cmd, root@OpenWrt:~# cmd, C:\Users\me> cmd
    const qsizetype at = s.indexOf('@');
    if (at > 0 && at < 32) {
        for (qsizetype i = at; i < s.size() && i < 96; ++i) {
            if ((s[i] == '$' || s[i] == '#') && (i + 1 >= s.size() || isSp(s[i + 1])))
                return true;
            if (isSp(s[i]))
                break;
        }
    }
    return s.size() > 3 && isAlpha(s[0]) && s[1] == ':' && s[2] == '\\' && s.contains('>');
}

// The AT command a shell line writes to a port: echo -e "AT+QMTOPEN=0,\"h\",1883\r" > /dev/ttyUSB2
QByteArray shellCommand(QByteArrayView s)
{
    if (!(s.contains("echo ") || s.contains("printf ")))
        return {};
    for (qsizetype i = 0; i + 3 < s.size(); ++i) {
        const char q = s[i];
        if ((q != '"' && q != '\'') || !isCommandStart(s.sliced(i + 1)))
            continue;
        QByteArray cmd;
        for (qsizetype k = i + 1; k < s.size(); ++k) {
            if (s[k] == q)
                break;
            if (s[k] == '\\' && k + 1 < s.size()) {
                const char e = s[++k];
                if (e == 'r' || e == 'n')
                    break;
                cmd += e;
                continue;
            }
            cmd += s[k];
        }
        return cmd;
    }
    return {};
}

bool isNoteMarker(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    switch (s[0]) { // the bytes a marker starts with
    case '/':
    case '#':
    case ';':
    case '-':
    case '*':
    case '<':
    case '`':
    case '~':
    case 'R':
    case '%':
    case '=':
    case '\xE2':
    case '\xEF':
        break;
    default:
        return false;
    }
    return startsWith(s, "//"_v) || startsWith(s, "#"_v) || startsWith(s, ";"_v) || startsWith(s, "--"_v) ||
           startsWith(s, "/*"_v) || startsWith(s, "*/"_v) || startsWith(s, "* "_v) ||
           startsWith(s, "<!--"_v) || startsWith(s, "```"_v) || startsWith(s, "~~~"_v) ||
           startsWith(s, "REM "_v) || startsWith(s, "%"_v) || startsWith(s, "=="_v) ||
           startsWith(s, "**"_v) || startsWith(s, "\xE2\x80\xBB"_v) || // ※
           startsWith(s, "\xEF\xBC\x83"_v);                            // ＃
}

// The end of a line's text before a comment at its end ("  // open", "  # why", "  ; x",
// "  <- answer", "   打开网络"), outside quoted strings; s.size() when there is none.
qsizetype commentStart(QByteArrayView s)
{
    bool quoted = false;
    for (qsizetype i = 1; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted || !isSp(s[i - 1]))
            continue;
        // the bytes a comment starts with (below)
        if (c != '/' && c != '#' && c != ';' && c != '<' && c != '-' && c != '(' && uchar(c) < 0xE2)
            continue;
        const QByteArrayView r = s.sliced(i);
        if (startsWith(r, "//"_v) || startsWith(r, "# "_v) || r == "#" || startsWith(r, "; "_v) ||
            startsWith(r, "<-"_v) || startsWith(r, "--"_v) || startsWith(r, "/*"_v) ||
            startsWith(r, "\xE2\x86\x90"_v) ||
            (uchar(c) >= 0xE3 && uchar(c) <= 0xEF && hasCjk(r.first(std::min<qsizetype>(r.size(), 3)))) ||
            (c == '(' && hasCjk(r.first(std::min<qsizetype>(r.size(), 48)))))
            return i;
    }
    return s.size();
}

// Splits a line on which several messages were glued ("AT+QMTOPEN=0,"h",1883 OK +QMTOPEN: 0,0",
// "OK+QMTCONN: 0,0,0") at the starts of the messages, outside quoted strings.
void splitGlued(QByteArrayView s, QVarLengthArray<QByteArrayView, 8> &pieces)
{
    // +QMTRECV's payload and a verbose +CME ERROR's text run to the end of the line
    if (startsWith(s, "+QMTRECV:"_v) || startsWith(s, "+CME ERROR"_v) || startsWith(s, "+CMS ERROR"_v) ||
        elementOf(s) == Elem::None || s.size() < 4) {
        pieces.push_back(s);
        return;
    }
    bool quoted = false;
    qsizetype start = 0;
    for (qsizetype i = 1; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        switch (c) { // the bytes an element starts with (elementOf)
        case 'A':
        case 'a':
        case '+':
        case 'O':
        case 'E':
        case 'R':
        case 'P':
        case 'N':
        case 'C':
        case '>':
            break;
        default:
            continue;
        }
        const char prev = s[i - 1];
        const QByteArrayView cur = s.sliced(start, i - start);
        const bool afterSpace = isSp(prev);
        // (ending in "OK" or "ERROR": prev is its last letter, as prev is no space here)
        const bool afterValue = prev == '"' || isDigit(prev) || prev == ')' ||
                                ((prev == 'K' || prev == 'R') && (trim(cur) == "OK" || trim(cur) == "ERROR"));
        if (!afterSpace && !afterValue)
            continue;
        const QByteArrayView r = s.sliced(i);
        const Elem e = elementOf(r);
        bool cut = false;
        switch (e) {
        case Elem::Final:
        case Elem::Error:
        case Elem::Boot:
        case Elem::Connect:
            cut = true;
            break;
        case Elem::Response:
            cut = true;
            break;
        case Elem::Command:
            cut = isUpper(r[0]) && (r.size() == 2 || r[2] == '+' || isSp(r[2]));
            break;
        case Elem::Prompt:
            cut = afterSpace && at::Framer::payloadLengthOfCommand(trim(cur)) != -1;
            break;
        case Elem::None:
            break;
        }
        if (cut) {
            pieces.push_back(trim(cur));
            start = i;
            if (startsWith(r, "+QMTRECV:"_v))
                break;
        }
    }
    pieces.push_back(trim(s.sliced(start)));
}

// Double quotes in a line, typographic and full-width ones included.
int quoteCount(QByteArrayView s)
{
    int n = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == '"') {
            ++n;
        } else if (uchar(s[i]) == 0xE2 && i + 2 < s.size() && uchar(s[i + 1]) == 0x80 &&
                   (uchar(s[i + 2]) == 0x9C || uchar(s[i + 2]) == 0x9D)) {
            ++n;
        } else if (uchar(s[i]) == 0xEF && i + 2 < s.size() && uchar(s[i + 1]) == 0xBC &&
                   uchar(s[i + 2]) == 0x82) {
            ++n;
        }
    }
    return n;
}

// An AT line as a module sends it, with nothing to normalise: printable ASCII only, balanced
// quotes, none of the bytes that start a line end written as text, a comment or a prefix.
bool isPlainAtLine(QByteArrayView s)
{
    if (s.isEmpty() || !(s[0] == 'A' || s[0] == '+' || s[0] == 'O' || s[0] == 'E' || s[0] == 'R' ||
                         s[0] == 'C' || s[0] == 'N'))
        return false;
    static const auto kBad = [] {
        std::array<bool, 256> t{};
        for (int c = 0; c < 0x20; ++c)
            t[std::size_t(c)] = true;
        for (int c = 0x7F; c < 0x100; ++c)
            t[std::size_t(c)] = true;
        for (const char c : {'<', '[', '{', '\\', '^'})
            t[uchar(c)] = true;
        return t;
    }();
    int quotes = 0;
    char prev = 0;
    for (const char c : s) {
        if (kBad[uchar(c)])
            return false;
        if (c == '"')
            ++quotes;
        else if ((prev == ' ' && (c == '/' || c == '#' || c == ';' || c == '-')) ||
                 ((c == 'x' || c == 'X') && prev == '0') || (c == 't' && (prev == 'C' || prev == 'c')))
            return false;
        prev = c;
    }
    return !(quotes & 1) && s.back() != '.' && startsElement(s);
}

// ---- Hex dumps ----

// A line of a hex dump ("41 54 0D 0A", "0000: 41 54 2B 51  AT+Q", "00000000  41 54 |AT|"):
// its bytes appended to out. An ASCII column, when there is one, must agree with the bytes.
bool hexLine(QByteArrayView s, bool inRun, QByteArray &out)
{
    s = trim(s);
    qsizetype i = 0;
    bool hasOffset = false;
    {
        qsizetype k = 0;
        while (k < s.size() && isHexDigit(s[k]) && k < 9)
            ++k;
        if (k >= 4 && k <= 8 && k < s.size() && (s[k] == ':' || isSp(s[k]) || s[k] == 'h')) {
            i = k + 1;
            if (i < s.size() && s[i] == ':')
                ++i;
            hasOffset = true;
        }
    }
    const qsizetype base = out.size();
    int pairs = 0;
    bool column = false;
    while (i < s.size()) {
        while (i < s.size() && (isSp(s[i]) || s[i] == '-'))
            ++i;
        if (i + 1 < s.size() && isHexDigit(s[i]) && isHexDigit(s[i + 1]) &&
            (i + 2 >= s.size() || isSp(s[i + 2]) || s[i + 2] == '-')) {
            out += char(hexValue(s[i]) * 16 + hexValue(s[i + 1]));
            ++pairs;
            i += 2;
            continue;
        }
        column = i < s.size();
        break;
    }
    bool ok = pairs >= 3 || (pairs >= 1 && inRun) || (pairs >= 2 && (column || hasOffset));
    if (ok && column) {
        QByteArrayView col = trim(s.sliced(i));
        if (col.startsWith('|'))
            col = col.sliced(1);
        if (col.endsWith('|'))
            col = col.chopped(1);
        const QByteArrayView bytes(out.constData() + base, out.size() - base);
        const qsizetype n = std::min(col.size(), bytes.size());
        if (n == 0)
            ok = false;
        for (qsizetype k = 0; k < n && ok; ++k) {
            const char b = bytes[k];
            const bool printable = uchar(b) >= 0x20 && uchar(b) < 0x7F;
            if (printable ? col[k] != b : col[k] != '.')
                ok = false;
        }
    }
    if (!ok)
        out.truncate(base);
    return ok;
}

} // namespace

// ---- The reader ----

class LogReader
{
public:
    LogReader(LogImport &result, const LogImport::Options &options, bool utf16)
        : r(result), opt(options), m_utf16(utf16)
    {
    }

    // Reads `buf`; `lineOf(offset)` gives the original line of a byte (top level: counted here).
    void readTop(QByteArrayView buf);
    void finish();

private:
    using Line = LogImport::Line;
    using Kind = LogImport::Kind;

    struct Source
    {
        QByteArrayView buf;
        const std::vector<int> *lineOfByte = nullptr; // a hex run: the line of each byte
        int firstLine = 1;                            // top level: the number of the line at pos 0
    };

    void readSource(const Source &src, bool top);
    void readLine(const Source &src, qsizetype start, qsizetype end, qsizetype &next, Line &rec, bool top);
    void handleText(QByteArrayView text, const Source &src, qsizetype textPos, qsizetype &next, Line &rec);
    void handlePiece(QByteArrayView piece, Line &rec, const Source &src, qsizetype piecePos, qsizetype &next);
    void handleData(QByteArrayView data, Line &rec, const Source &src, qsizetype dataPos, qsizetype &next);
    void handleRecv(QByteArrayView line, Line &rec, const Source &src, qsizetype linePos, qsizetype &next);
    void emitText(QByteArrayView text, const Line &rec, bool lineEnd = true);
    void emitPromptFiller(Line &rec);
    void commit(Line &rec);
    void commitRest(Line &rec);
    static constexpr std::size_t kMaxKeptLines = 200000; // records beyond it are counted only
    // Fixes that flag a line (its record is kept even without Options::everyLine), as does
    // Kind::Unreadable
    static constexpr quint32 kFlaggingFixes = LogImport::DataLeftOut | LogImport::LengthMismatch |
                                              LogImport::LengthDropped | LogImport::GuessedPrefix;
    void flushHex();
    // The next lines after `from` (up to kMaxJoin) that go on the text before: not an AT line.
    struct NextLine
    {
        QByteArrayView text; // prefix removed
        qsizetype next = 0;  // position after its line end
    };
    bool nextLineAt(const Source &src, qsizetype from, NextLine &nl) const;
    int lineNumber(const Source &src, qsizetype pos) const;

    LogImport &r;
    const LogImport::Options &opt;

    int m_countedLine = 1;   // the number of the next top-level line
    int m_lastCommitted = 0; // the number of the last top-level line given its record,
    quint32 m_lastFixes = 0; // what was fixed in it
    bool m_lastUnreadable = false, m_lastNormalised = false; // and how it was counted
    QByteArrayView m_topBuf;

    // traffic state
    qsizetype m_payload = -1;  // data the last command declared: N, -2 Ctrl+Z, -1 none
    bool m_promptSeen = false; // its '>' was seen; the data comes on the next line
    QByteArray m_lastCommand;  // for echoes: the last command emitted, when nothing followed it
    LogImport::Direction m_lastCommandDir{};
    QByteArray m_lastData;                // the last data emitted, for its echo
    QByteArray m_lastDataSeen;            // m_lastData as it was when the line being read began
    at::Cmd m_current = at::Cmd::Unknown; // the command whose answer runs
    bool m_answering = false;
    bool m_uploadCmd = false; // AT+QFUPL awaiting CONNECT
    bool m_uploading = false; // between CONNECT and +QFUPL

    // a hex run being collected
    QByteArray m_hex;
    std::vector<int> m_hexLines;
    std::vector<Line> m_hexRecs;

    QByteArray m_tmp1, m_tmp2, m_upper, m_out;
    qsizetype m_used = 0; // bytes of r.m_bytes written
    const bool m_utf16;   // the file was UTF-16: every line was converted
    QByteArray m_lastTag; // "quectel:" of "I (1234) quectel: hello"
    // The prefix of the last line, for the next: most lines of a log have the same prefix shape
    // (the same bytes, other digits), and then the same prefix length and direction (see
    // stripLinePrefix).
    struct PrefixShape
    {
        bool allowQuote = false;
        QByteArray bytes, lastTag;
        qsizetype length = 0, tagOffset = -1, tagSize = 0;
        LogImport::Direction dir = LogImport::Direction::Unknown;
        bool quote = false;
    };
    // the shapes of recent lines, the last one used first (a log may mix a few styles)
    static constexpr int kShapes = 8;
    std::array<PrefixShape, kShapes> m_shapes;
    int m_shapeCount = 0, m_shapeLast = 0, m_shapeNext = 0; // used, last hit, next replaced
    Stripped stripLinePrefix(QByteArrayView raw, bool allowQuote);
    QByteArrayView m_prefix;             // what readLine removed in front of the line being read
    std::vector<Line> *m_sink = nullptr; // records of decoded hex bytes go here
    qint64 m_dayOffset = 0;              // days a time of day has gone past midnight
};

int LogReader::lineNumber(const Source &src, qsizetype pos) const
{
    if (src.lineOfByte)
        return src.lineOfByte->empty() ? 0
                                       : (*src.lineOfByte)[std::size_t(std::min<qsizetype>(
                                             pos, qsizetype(src.lineOfByte->size()) - 1))];
    return 0; // top level: tracked by readSource
}

void LogReader::commit(Line &rec)
{
    if (m_sink) { // the lines of a hex dump's bytes: their flags go onto the dump's lines
        m_sink->push_back(rec);
        m_prefix = {};
        return;
    }
    if (m_utf16)
        rec.fixes |= LogImport::Utf16;
    LogImport::Counts &c = r.m_counts;
    if (rec.number == m_lastCommitted && rec.number > 0) {
        commitRest(rec);
        return;
    }
    m_lastCommitted = rec.number;
    m_lastFixes = rec.fixes;
    m_lastUnreadable = rec.kind == Kind::Unreadable;
    m_lastNormalised = rec.fixes || rec.kind == Kind::Echo || rec.kind == Kind::Hex;
    ++c.lines;
    switch (rec.kind) {
    case Kind::Traffic:
        ++c.traffic;
        break;
    case Kind::Data:
        ++c.data;
        break;
    case Kind::Hex:
        ++c.hex;
        break;
    case Kind::Note:
        ++c.notes;
        break;
    case Kind::Blank:
        ++c.blank;
        break;
    case Kind::Echo:
        ++c.echoes;
        break;
    case Kind::Joined:
        break;
    case Kind::Unreadable:
        ++c.unreadable;
        break;
    }
    if (rec.fixes & LogImport::DataLeftOut)
        ++c.dataLeftOut;
    if (rec.fixes & LogImport::LengthMismatch)
        ++c.lengthMismatches;
    if (rec.fixes || rec.kind == Kind::Echo || rec.kind == Kind::Hex)
        ++c.normalised;
    const bool flagged = rec.kind == Kind::Unreadable || (rec.fixes & kFlaggingFixes);
    if ((opt.everyLine || flagged) && r.m_lines.size() < kMaxKeptLines) {
        r.m_lines.push_back(rec);
        if (!m_prefix.isEmpty() && (rec.fixes & (LogImport::PrefixRemoved | LogImport::MarkdownQuote)))
            r.m_lines.back().prefix.prepend(m_prefix.data(), m_prefix.size());
    }
    m_prefix = {};
}

// The rest of a line whose record is in (readSource): one line, one record, counted once. What
// the rest needed fixing goes onto the line's record; a rest not understood makes the line so.
void LogReader::commitRest(Line &rec)
{
    LogImport::Counts &c = r.m_counts;
    const quint32 gained = rec.fixes & ~m_lastFixes;
    m_lastFixes |= rec.fixes;
    if (gained & LogImport::DataLeftOut)
        ++c.dataLeftOut;
    if (gained & LogImport::LengthMismatch)
        ++c.lengthMismatches;
    if (gained && !m_lastNormalised) {
        ++c.normalised;
        m_lastNormalised = true;
    }
    const bool unreadable = rec.kind == Kind::Unreadable && !m_lastUnreadable;
    if (unreadable) {
        ++c.unreadable;
        m_lastUnreadable = true;
    }
    Line *line = !r.m_lines.empty() && r.m_lines.back().number == rec.number ? &r.m_lines.back() : nullptr;
    if (line) {
        line->fixes |= rec.fixes;
        if (unreadable)
            line->kind = Kind::Unreadable;
        if (line->detail.isEmpty())
            line->detail = rec.detail;
    } else if (unreadable || (gained & kFlaggingFixes)) {
        // the line's record was not kept (nothing flagged in it): now it is flagged, keep this
        if (r.m_lines.size() < kMaxKeptLines)
            r.m_lines.push_back(rec);
    }
    m_prefix = {};
}

void LogReader::emitText(QByteArrayView text, const Line &rec, bool lineEnd)
{
    const qint64 at = m_used;
    if (r.m_map.empty() || r.m_map.back().second != rec.number)
        r.m_map.emplace_back(at, rec.number);
    const qsizetype n = text.size() + (lineEnd ? 2 : 0);
    // m_bytes is sized ahead and cut to m_used at the end: no per-line bookkeeping of its own
    if (r.m_bytes.size() < at + n)
        r.m_bytes.resize(std::max<qsizetype>(2 * r.m_bytes.size(), at + n + 4096));
    m_used += n;
    char *out = r.m_bytes.data() + at;
    if (!text.isEmpty())
        std::memcpy(out, text.data(), size_t(text.size()));
    if (lineEnd) {
        out[text.size()] = '\r';
        out[text.size() + 1] = '\n';
    }
}

void LogReader::emitPromptFiller(Line &rec)
{
    // The data was left out: the module's prompt and '.' for each byte declared.
    QByteArray d = "> ";
    if (m_payload >= 0)
        d += QByteArray(m_payload, kFiller);
    else
        d += QByteArray("...") + '\x1a';
    emitText(d, rec);
    rec.fixes |= LogImport::DataLeftOut | (m_promptSeen ? 0u : quint32(LogImport::PromptAdded));
    rec.detail = m_payload >= 0 ? QByteArray::number(m_payload) : QByteArray();
    m_lastData.clear();
    m_payload = -1;
    m_promptSeen = false;
}

// stripPrefixes() for a line of the log, with a shortcut: when the line begins with the bytes of
// the last line's prefix (digits may differ: times, line numbers) and an AT element follows them
// as it did there, the prefix is the same — each token's decision rests on the classes of its
// bytes and on the element that follows. Else (a new style, a line that goes on differently)
// the prefix is read token by token.
Stripped LogReader::stripLinePrefix(QByteArrayView raw, bool allowQuote)
{
    // an element after the prefix that no prefix token would take (a level "ERROR", a quoting
    // '>' could)
    const auto plainElementAt = [](QByteArrayView rest) {
        return !rest.isEmpty() && rest[0] != 'E' && rest[0] != '>' && !isSp(rest[0]) && startsElement(rest);
    };
    for (int n = 0; n < m_shapeCount; ++n) {
        const int k = n == 0 ? m_shapeLast : (n <= m_shapeLast ? n - 1 : n); // the last hit first
        const PrefixShape &c = m_shapes[std::size_t(k)];
        if (c.allowQuote != allowQuote || raw.size() <= c.length || raw[0] != c.bytes[0] ||
            c.lastTag != m_lastTag)
            continue;
        const char *a = raw.data();
        const char *b = c.bytes.constData();
        qsizetype i = 0;
        for (;;) {
            // eight equal bytes at a time; where they differ, byte by byte (digits may)
            while (i + 8 <= c.length) {
                quint64 x, y;
                std::memcpy(&x, a + i, 8);
                std::memcpy(&y, b + i, 8);
                if (x != y)
                    break;
                i += 8;
            }
            const qsizetype end = std::min(i + 8, c.length);
            while (i < end && (a[i] == b[i] || (isDigit(a[i]) && isDigit(b[i]))))
                ++i;
            if (i < end || i >= c.length)
                break;
        }
        if (i < c.length || !plainElementAt(raw.sliced(c.length)))
            continue;
        Stripped st;
        st.lastTag = m_lastTag;
        st.length = c.length;
        st.dir = c.dir;
        st.quote = c.quote;
        if (c.tagOffset >= 0)
            st.tag = raw.sliced(c.tagOffset, c.tagSize);
        m_shapeLast = k;
        return st;
    }
    Stripped st = stripPrefixes(raw, false, allowQuote, m_lastTag);
    const bool tagInLine = st.tag.isEmpty() || (st.tag.data() >= raw.data() &&
                                                st.tag.data() + st.tag.size() <= raw.data() + st.length);
    if (st.length > 0 && tagInLine && plainElementAt(raw.sliced(st.length))) {
        // a new shape, in turn over the oldest
        const int k = m_shapeNext;
        m_shapeNext = (m_shapeNext + 1) % kShapes;
        m_shapeCount = std::max(m_shapeCount, k + 1);
        m_shapeLast = k;
        PrefixShape &c = m_shapes[std::size_t(k)];
        setBytes(c.bytes, raw.first(st.length));
        setBytes(c.lastTag, m_lastTag);
        c.allowQuote = allowQuote;
        c.length = st.length;
        c.dir = st.dir;
        c.quote = st.quote;
        c.tagOffset = st.tag.isEmpty() ? -1 : st.tag.data() - raw.data();
        c.tagSize = st.tag.size();
    }
    return st;
}

bool LogReader::nextLineAt(const Source &src, qsizetype from, NextLine &nl) const
{
    if (from >= src.buf.size())
        return false;
    qsizetype e = src.buf.indexOf('\n', from);
    const qsizetype next = e < 0 ? src.buf.size() : e + 1;
    if (e < 0)
        e = src.buf.size();
    QByteArrayView line = rtrim(src.buf.sliced(from, e - from));
    const Stripped st = stripPrefixes(line, true, false, m_lastTag);
    nl.text = line.sliced(st.length);
    nl.next = next;
    return true;
}

void LogReader::readTop(QByteArrayView buf)
{
    m_topBuf = buf;
    Source src;
    src.buf = buf;
    readSource(src, true);
}

void LogReader::readSource(const Source &src, bool top)
{
    qsizetype pos = 0;
    const QByteArrayView buf = src.buf;
    // pos is inside a line, not at its start: counted data ended there at a bare CR ("hel\rlo",
    // the data's bytes up to the CR); the rest is read as more of that line, whose record is in
    bool rest = false;
    while (pos < buf.size()) {
        qsizetype e = buf.indexOf('\n', pos);
        qsizetype next = e < 0 ? buf.size() : e + 1;
        if (e < 0)
            e = buf.size();
        Line rec;
        if (top) {
            rec.number = rest ? m_countedLine - 1 : m_countedLine++;
        } else {
            rec.number = lineNumber(src, pos);
        }
        const qsizetype before = next;
        readLine(src, pos, e, next, rec, top);
        // Lines the line took (wrapped text, counted data): each gets its record
        if (top && next > before) {
            int n = int(std::count(buf.data() + before, buf.data() + next, '\n'));
            if (buf[next - 1] != '\n')
                ++n;
            for (int j = 1; j <= n; ++j) {
                Line joined;
                joined.kind = Kind::Joined;
                joined.number = rec.number + j;
                commit(joined);
            }
            m_countedLine += n;
        }
        pos = next;
        rest = top && next < buf.size() && buf[next - 1] != '\n';
    }
    if (top)
        flushHex();
}

void LogReader::flushHex()
{
    QByteArray bytes;
    std::vector<int> lines;
    std::vector<Line> recs;
    bytes.swap(m_hex);
    lines.swap(m_hexLines);
    recs.swap(m_hexRecs);
    if (!bytes.isEmpty()) {
        // The bytes of a hex dump are what went over the wire: read them as a log of their own
        // (so echoes, prompts and counted payloads are handled the same), each line of it mapped
        // to the dump line its first byte came from. What that reading flags goes onto the dump
        // lines' records; the decoded lines have none of their own.
        Source src;
        src.buf = bytes;
        src.lineOfByte = &lines;
        std::vector<Line> decoded;
        m_sink = &decoded;
        readSource(src, false);
        m_sink = nullptr;
        for (const Line &d : decoded) {
            auto it = std::lower_bound(recs.begin(), recs.end(), d.number,
                                       [](const Line &h, int n) { return h.number < n; });
            if (it == recs.end() || it->number != d.number)
                continue;
            it->fixes |= d.fixes & ~quint32(LogImport::PrefixRemoved | LogImport::MarkdownQuote);
            if (d.kind == Kind::Unreadable)
                it->kind = Kind::Unreadable;
            if (!d.detail.isEmpty())
                it->detail = d.detail;
            if (it->offset < 0)
                it->offset = d.offset;
        }
    }
    for (Line &rec : recs)
        commit(rec);
}

void LogReader::readLine(const Source &src, qsizetype start, qsizetype end, qsizetype &next, Line &rec,
                         bool top)
{
    QByteArrayView raw = src.buf.sliced(start, end - start);
    while (!raw.isEmpty() && raw.back() == '\r')
        raw.chop(1);
    // Bytes from a port and clean transcripts: an AT line with nothing to normalise goes straight
    // to the piece handler
    if (m_payload == -1 && !m_uploading && m_hexRecs.empty() && isPlainAtLine(raw)) {
        std::swap(m_lastData, m_lastDataSeen);
        m_lastData.resize(0);
        handlePiece(raw, rec, src, start, next);
        commit(rec);
        return;
    }
    // Interior CRs of a line (raw bytes from a port: "AT\r\r\nOK", or a file with CR line ends)
    // are line ends too; handleText splits on them.
    Stripped st = stripLinePrefix(raw, m_payload == -1);
    if (!st.tag.isEmpty() && st.tag != m_lastTag)
        m_lastTag = st.tag.toByteArray();
    rec.dir = st.dir;
    m_prefix = {};
    if (st.length > 0) {
        m_prefix = trim(raw.first(st.length));
        if (!m_prefix.isEmpty())
            rec.fixes |= st.quote ? LogImport::MarkdownQuote : LogImport::PrefixRemoved;
        if (top && !m_prefix.isEmpty()) {
            qint64 us = timeOfPrefix(m_prefix);
            if (us >= 0) {
                // a time of day that goes back by more than 12 h went past midnight
                if (us < 86400000000LL) {
                    us += m_dayOffset;
                    if (!r.m_times.empty() && us < r.m_times.back().second - 43200000000LL) {
                        m_dayOffset += 86400000000LL;
                        us += 86400000000LL;
                    }
                }
                if (r.m_times.empty()) {
                    r.m_times.reserve(r.m_map.capacity());
                    adviseHugePages(r.m_times.data(), qsizetype(r.m_times.capacity() * sizeof(r.m_times[0])));
                }
                r.m_times.emplace_back(rec.number, us);
            }
        }
    }
    QByteArrayView text = raw.sliced(st.length);
    if (top) {
        // A hex dump line: collect; the run is read once it ends.
        if (!text.isEmpty() && isHexDigit(text[0]) && hexLine(text, !m_hexRecs.empty(), m_hex)) {
            m_hexLines.resize(std::size_t(m_hex.size()), rec.number);
            rec.kind = Kind::Hex;
            m_hexRecs.push_back(rec);
            return;
        }
        flushHex();
    }
    if (trim(text).isEmpty()) {
        rec.kind = Kind::Blank;
        commit(rec);
        return;
    }
    handleText(text, src, text.data() - src.buf.data(), next, rec);
    commit(rec);
}

void LogReader::handleText(QByteArrayView text, const Source &src, qsizetype textPos, qsizetype &next,
                           Line &rec)
{
    std::swap(m_lastData, m_lastDataSeen); // what the line before wrote, if it wrote data
    m_lastData.resize(0);
    const QByteArray &lastData = m_lastDataSeen;
    // Data for a prompt or an upload: the bytes as they are.
    if (m_uploading) {
        QByteArrayView t = trim(text);
        if (hasHighBytes(t.first(std::min<qsizetype>(t.size(), 12))) && asciify(t, m_tmp1))
            t = m_tmp1; // "+QFUPL：" from an input method
        const Elem e = elementOf(t);
        if (!(startsWith(t, "+QFUPL:"_v) || e == Elem::Final || e == Elem::Error)) {
            rec.kind = Kind::Data;
            if (isPlaceholder(t)) {
                rec.fixes |= LogImport::DataLeftOut;
                return; // nothing to feed: the module's +QFUPL line tells size and checksum
            }
            emitText(text, rec);
            return;
        }
        m_uploading = false;
        text = t;
    }
    if (m_payload != -1) {
        const QByteArrayView t = ltrim(text);
        const Elem e = elementOf(t);
        if (e == Elem::Prompt) {
            m_promptSeen = true;
            const QByteArrayView rest = t.sliced(1);
            if (trim(rest).isEmpty()) {
                rec.kind = Kind::Traffic;
                return; // the data is on the next line
            }
            handleData(rest, rec, src, textPos + (rest.data() - text.data()), next);
            return;
        }
        if (e == Elem::Command && !m_lastCommand.isEmpty() && trim(t) == m_lastCommand) {
            rec.kind = Kind::Echo; // the module's echo of the command, before its prompt
            return;
        }
        const bool byHost = rec.dir == LogImport::Direction::Sent;
        const bool note =
            !m_promptSeen && (isNoteMarker(trim(t)) || (rec.dir == LogImport::Direction::Unknown &&
                                                        isPlaceholder(t) == false && hasCjk(t)));
        if (e == Elem::Error) {
            m_payload = -1; // refused: no prompt, no data
            m_promptSeen = false;
        } else if (!note && (m_promptSeen || byHost || e == Elem::None) &&
                   !(e == Elem::Command && !m_promptSeen)) {
            if (!m_promptSeen)
                rec.fixes |= LogImport::PromptAdded;
            handleData(text, rec, src, textPos, next);
            return;
        } else if (e == Elem::Final || e == Elem::Command ||
                   (e == Elem::Response && (startsWith(t, "+QMTPUB"_v) || startsWith(t, "+QMTCFG"_v)))) {
            emitPromptFiller(rec);
        }
        // else a URC before the prompt, or a note: read it and keep waiting
    }

    QByteArrayView t = trim(text);
    // The module's echo of the data just written
    if (!lastData.isEmpty() && t == lastData && rec.dir != LogImport::Direction::Sent) {
        rec.kind = Kind::Echo;
        return;
    }
    // One pass to learn what the line may need: non-ASCII bytes, quotes, tokens, a '@'
    enum : uchar { High = 1, Quote = 2, TokenStart = 4, At = 8, WeakStart = 16 };
    static const auto kClass = [] {
        std::array<uchar, 256> c{};
        for (int b = 0x80; b < 0x100; ++b)
            c[std::size_t(b)] = High;
        c[std::size_t(0xE2)] |= TokenStart;
        c['"'] = Quote;
        for (const char k : {'<', '[', '{', '(', '\\', '^'})
            c[uchar(k)] = TokenStart;
        for (const char k : {'0', 'C', 'c'}) // "0x0D", "Ctrl+Z": looked at more closely below
            c[uchar(k)] = WeakStart;
        c['@'] = At;
        return c;
    }();
    uchar seen = 0;
    for (const char ch : t)
        seen |= kClass[uchar(ch)];
    const bool mayBeShell = (seen & At) ||
                            (!t.isEmpty() && (t[0] == '$' || t[0] == '>' || t[0] == 'P' || t[0] == '~')) ||
                            (t.size() > 3 && t[1] == ':');
    // Note lines
    if (isNoteMarker(t) || (mayBeShell && isShellPrompt(t))) {
        const QByteArray cmd = isShellPrompt(t) ? shellCommand(t) : QByteArray();
        if (!cmd.isEmpty()) {
            rec.fixes |= LogImport::GuessedPrefix;
            rec.prefix = t.first(std::min<qsizetype>(t.size(), 40)).toByteArray();
            handlePiece(cmd, rec, src, -1, next);
            return;
        }
        rec.kind = Kind::Note;
        return;
    }

    // A long AT line wrapped over several lines (a quoted string left open): join them
    QByteArray joined;
    if (t.size() > 20 && (seen & Quote) && startsElement(t) && !startsWith(t, "+QMTRECV"_v) &&
        (((seen & High) ? quoteCount(t) : int(t.count('"'))) & 1)) {
        joined = t.toByteArray();
        qsizetype pos = next;
        for (int k = 0; k < kMaxJoin && (quoteCount(joined) & 1); ++k) {
            NextLine nl;
            if (!nextLineAt(src, pos, nl) || startsElement(nl.text) || trim(nl.text).isEmpty())
                break;
            joined += trim(nl.text);
            pos = nl.next;
        }
        if (!(quoteCount(joined) & 1) && pos != next) {
            rec.fixes |= LogImport::Wrapped;
            next = pos;
            t = joined;
        } else {
            joined.clear();
        }
    }
    // Make it ASCII where the module would have sent ASCII
    if ((seen & High) && asciify(t, m_tmp1)) {
        rec.fixes |= LogImport::Punctuation;
        t = m_tmp1;
    }
    // Line ends and Ctrl+Z written as text
    QByteArrayView expanded = t;
    // '0' and 'C' are in most lines: a token only when "0x" or "Ct" is there
    const auto weakToken = [](QByteArrayView v) {
        for (qsizetype i = 1; i < v.size(); ++i) {
            const char c = char(v[i] | 0x20);
            if ((c == 'x' && v[i - 1] == '0') || (c == 't' && char(v[i - 1] | 0x20) == 'c'))
                return true;
        }
        return false;
    };
    if (((seen & TokenStart) || ((seen & WeakStart) && weakToken(t))) && expandTokens(t, m_tmp2)) {
        rec.fixes |= LogImport::LineEndText;
        expanded = m_tmp2;
    }
    const bool fromBuffer =
        expanded.data() >= src.buf.data() && expanded.data() < src.buf.data() + src.buf.size();
    // Split on the line ends inside (written as text, or raw CRs of bytes from a port). The
    // views point into m_tmp1/m_tmp2, which the pieces do not change.
    qsizetype from = 0;
    int parts = 0;
    while (from <= expanded.size()) {
        qsizetype cut = from;
        {
            const char *p = expanded.data() + from;
            const std::size_t n = std::size_t(expanded.size() - from);
            const void *cr = std::memchr(p, '\r', n);
            const void *lf = std::memchr(p, '\n', cr ? std::size_t(static_cast<const char *>(cr) - p) : n);
            const char *hit = static_cast<const char *>(lf ? lf : cr);
            cut = hit ? hit - expanded.data() : expanded.size();
        }
        const QByteArrayView sub = expanded.sliced(from, cut - from);
        if (!trim(sub).isEmpty()) {
            ++parts;
            const qsizetype subPos = fromBuffer ? (sub.data() - src.buf.data()) : -1;
            const qsizetype before = next;
            if (m_uploading) {
                // an upload started on this line (glued): the rest is data
                rec.kind = Kind::Data;
                emitText(sub, rec);
            } else {
                handlePiece(sub, rec, src, subPos, next);
            }
            if (next != before)
                return; // the piece took bytes past this line (counted data, a wrapped line)
        }
        if (cut >= expanded.size())
            break;
        from = cut + 1;
    }
    if (parts > 1 && (rec.fixes & LogImport::LineEndText))
        rec.fixes |= LogImport::Split;
}

void LogReader::handlePiece(QByteArrayView piece, Line &rec, const Source &src, qsizetype piecePos,
                            qsizetype &next)
{
    QByteArrayView t = trim(piece);
    if (piecePos >= 0)
        piecePos += t.data() - piece.data();
    if (m_payload != -1) {
        const Elem e = elementOf(t);
        if (e == Elem::Prompt) {
            m_promptSeen = true;
            if (!trim(t.sliced(1)).isEmpty())
                handleData(t.sliced(1), rec, src, piecePos < 0 ? -1 : piecePos + 1, next);
            return;
        }
        if (e == Elem::Command && !m_lastCommand.isEmpty() && t == m_lastCommand) {
            rec.kind = Kind::Echo;
            return;
        }
        if (e == Elem::Error) {
            m_payload = -1;
            m_promptSeen = false;
        } else if (e == Elem::None && m_promptSeen) {
            handleData(t, rec, src, piecePos, next);
            return;
        } else if (e == Elem::Final || e == Elem::Command ||
                   (e == Elem::Response && (startsWith(t, "+QMTPUB"_v) || startsWith(t, "+QMTCFG"_v)))) {
            emitPromptFiller(rec);
        }
    }
    Elem e = elementOf(t);
    if (e == Elem::None) {
        // Something in front that no known style explains
        if (isNoteMarker(t)) {
            rec.kind = rec.kind == Kind::Traffic && rec.offset >= 0 ? rec.kind : Kind::Note;
            return;
        }
        const qsizetype g = guessedStart(t);
        if (g > 0 && !isProse(t.first(g))) {
            rec.fixes |= LogImport::GuessedPrefix;
            rec.prefix += trim(t.first(g)).toByteArray();
            t = t.sliced(g);
            if (piecePos >= 0)
                piecePos += g;
            e = elementOf(t);
        }
    }
    if (e == Elem::None) {
        // The text answer of ATI and the like, a placeholder, a note, or unreadable
        const bool textAnswer = m_answering && (m_current == at::Cmd::ATI || m_current == at::Cmd::GMR ||
                                                m_current == at::Cmd::CGMR || m_current == at::Cmd::Unknown);
        if (textAnswer && !isProse(t) && !isPlaceholder(t)) {
            rec.kind = Kind::Traffic;
            if (rec.offset < 0)
                rec.offset = m_used;
            emitText(t, rec);
            m_lastCommand.clear();
            return;
        }
        if (isPlaceholder(t)) {
            rec.kind = Kind::Note;
            rec.fixes |= LogImport::DataLeftOut;
            return;
        }
        if (isProse(t) || isNoteMarker(t)) {
            if (rec.offset < 0)
                rec.kind = Kind::Note;
            return;
        }
        // Unreadable: kept as it is, flagged
        rec.kind = Kind::Unreadable;
        if (rec.offset < 0)
            rec.offset = m_used;
        emitText(t, rec);
        m_lastCommand.clear();
        return;
    }

    // A comment at the end of the line; ".." or "." where the line end was
    if (!startsWith(t, "+QMTRECV:"_v)) {
        const qsizetype c = commentStart(t);
        if (c < t.size()) {
            t = trim(t.first(c));
            rec.fixes |= LogImport::CommentRemoved;
        }
        if (e != Elem::Prompt && t.endsWith('.') && t.size() > 2) {
            qsizetype n = t.size();
            while (n > 0 && t[n - 1] == '.')
                --n;
            // not inside a quoted string, and what is left ends like an AT line
            const char last = n > 0 ? t[n - 1] : 0;
            if (last == '"' || isAlnum(last) || last == ')') {
                bool quoted = false;
                for (qsizetype k = 0; k < n; ++k)
                    if (t[k] == '"')
                        quoted = !quoted;
                if (!quoted) {
                    t = t.first(n);
                    rec.fixes |= LogImport::LineEndText;
                }
            }
        }
    }

    // Several messages glued on one line
    QVarLengthArray<QByteArrayView, 8> pieces;
    splitGlued(t, pieces);
    if (pieces.size() > 1)
        rec.fixes |= LogImport::Split;

    for (qsizetype p = 0; p < pieces.size(); ++p) {
        QByteArrayView m = pieces[p];
        if (m.isEmpty())
            continue;
        const Elem pe = elementOf(m);
        const qsizetype mPos = piecePos >= 0 ? piecePos + (m.data() - t.data()) : -1;
        if (m_payload != -1 && p > 0) {
            if (pe == Elem::Prompt) {
                m_promptSeen = true;
                QByteArrayView rest = m.sliced(1);
                // the rest of the line (later pieces included) is the data
                const QByteArrayView all = t.sliced(rest.data() - t.data());
                if (!trim(all).isEmpty())
                    handleData(all, rec, src, mPos < 0 ? -1 : mPos + 1, next);
                return;
            }
            if (pe == Elem::Final || pe == Elem::Command)
                emitPromptFiller(rec);
            else if (pe == Elem::Error)
                m_payload = -1;
        }
        if (rec.offset < 0)
            rec.offset = m_used;
        rec.kind = Kind::Traffic;
        switch (pe) {
        case Elem::Command: {
            // the echo of the command just written (both sides logged)
            if (!m_lastCommand.isEmpty() && m == m_lastCommand &&
                !(rec.dir == LogImport::Direction::Sent && m_lastCommandDir == LogImport::Direction::Sent)) {
                if (pieces.size() == 1) {
                    rec.kind = Kind::Echo;
                    rec.offset = -1;
                }
                m_lastCommand.clear();
                continue;
            }
            emitText(m, rec);
            setBytes(m_lastCommand, m);
            m_lastCommandDir = rec.dir;
            m_lastData.clear();
            // what follows it
            QByteArrayView upper = m;
            if (isLower(m[0]) || isLower(m[1]) || (m.size() > 3 && isLower(m[3]))) {
                setBytes(m_upper, m);
                for (qsizetype k = 0; k < m_upper.size() && k < 24 && m_upper[k] != '='; ++k)
                    m_upper[k] = isLower(m_upper[k]) ? char(m_upper[k] - 32) : m_upper[k];
                upper = m_upper;
            }
            m_payload = at::Framer::payloadLengthOfCommand(upper);
            if (m_payload > kMaxPromptData)
                m_payload = -1;
            m_promptSeen = false;
            qsizetype nameEnd = 2;
            if (upper.size() > 2 && (upper[2] == '+' || upper[2] == '&'))
                ++nameEnd;
            qsizetype k = nameEnd;
            while (k < upper.size() && (isUpper(upper[k]) || isDigit(upper[k])))
                ++k;
            m_current = upper.size() == 2 ? at::Cmd::AT
                        : upper[2] == 'I' && k == 3
                            ? at::Cmd::ATI
                            : at::cmdFromName(QByteArrayView(upper).sliced(nameEnd, k - nameEnd));
            if (upper.startsWith("ATI"))
                m_current = at::Cmd::ATI;
            m_answering = true;
            m_uploadCmd = m_current == at::Cmd::QFUPL && upper.contains('=') && !upper.endsWith("=?");
            break;
        }
        case Elem::Response:
            m_lastCommand.clear();
            if (startsWith(m, "+QMTRECV:"_v)) {
                handleRecv(m, rec, src, mPos, next);
                return;
            }
            emitText(m, rec);
            if (startsWith(m, "+QFUPL:"_v))
                m_uploading = false;
            break;
        case Elem::Connect:
            m_lastCommand.clear();
            emitText(m, rec);
            if (m_uploadCmd) {
                m_uploading = true;
                m_uploadCmd = false;
                // glued: the rest of the line is the upload's data
                if (p + 1 < pieces.size()) {
                    const QByteArrayView rest = t.sliced(pieces[p + 1].data() - t.data());
                    emitText(rest, rec);
                    return;
                }
            }
            break;
        case Elem::Final:
        case Elem::Error:
            m_lastCommand.clear();
            emitText(m, rec);
            m_answering = false;
            m_uploadCmd = false;
            m_uploading = false;
            break;
        case Elem::Boot:
            m_lastCommand.clear();
            emitText(m, rec);
            break;
        case Elem::Prompt: {
            // a prompt nothing asked for: as it is
            m_lastCommand.clear();
            emitText(m, rec);
            break;
        }
        case Elem::None:
            m_lastCommand.clear();
            rec.kind = Kind::Unreadable;
            emitText(m, rec);
            break;
        }
    }
}

void LogReader::handleData(QByteArrayView data, Line &rec, const Source &src, qsizetype dataPos,
                           qsizetype &next)
{
    const qsizetype want = m_payload;
    m_payload = -1;
    m_promptSeen = false;
    rec.kind = Kind::Data;
    if (rec.offset < 0)
        rec.offset = m_used;
    QByteArray &out = m_out; // (emitted before any call that could use it again)
    out.resize(0);
    out.append("> ", 2);
    // What the line shows: drop one space after the '>' (the module's "> ") and spaces at the
    // end unless the declared length says they are data
    QByteArrayView d = data;
    while (d.endsWith('\r') || d.endsWith('\n'))
        d.chop(1);
    if (want < 0 || d.size() != want)
        d = rtrim(d);
    if (!d.isEmpty() && d[0] == ' ' && (want < 0 || d.size() != want))
        d = d.sliced(1);
    // Ctrl+Z (as a byte or as text) ends Ctrl+Z data; after counted data it is noise
    for (;;) {
        if (d.endsWith('\x1a')) {
            d.chop(1);
            continue;
        }
        QByteArrayView b;
        bool found = false;
        for (qsizetype k = std::max<qsizetype>(0, d.size() - 9); k < d.size(); ++k) {
            const qsizetype n = tokenAt(d, k, &b);
            if (n > 0 && k + n == d.size()) {
                d = b == "\x1a" ? rtrim(d.first(k)) : d.first(k);
                rec.fixes |= b == "\x1a" ? LogImport::CtrlZ : LogImport::LineEndText;
                found = true;
                break;
            }
        }
        if (!found)
            break;
    }
    // A comment after the data ("{...}   <-- 26 bytes?"), unless the declared length says the
    // text is data
    if (want < 0 || d.size() != want) {
        const qsizetype c = commentStart(d);
        if (c < d.size() && c > 0) {
            d = rtrim(d.first(c));
            rec.fixes |= LogImport::CommentRemoved;
        }
    }
    if (isPlaceholder(d) || d.isEmpty()) {
        rec.fixes |= LogImport::DataLeftOut;
        rec.detail = want >= 0 ? QByteArray::number(want) : QByteArray();
        out += want >= 0 ? QByteArray(want, kFiller) : QByteArray("...");
        if (want < 0)
            out += '\x1a';
        emitText(out, rec);
        m_lastData.clear();
        return;
    }
    if (want < 0) { // Ctrl+Z data: up to the Ctrl+Z
        out += d;
        out += '\x1a';
        emitText(out, rec);
        setBytes(m_lastData, d);
        return;
    }
    if (d.size() == want) {
        out += d;
        emitText(out, rec);
        setBytes(m_lastData, d);
        return;
    }
    // The buffer holds the data as it was: N bytes from the data's start, then a line end (data
    // with CR LF inside, the bytes of a port)
    if (dataPos >= 0 && d.size() < want && dataPos + want <= src.buf.size()) {
        const qsizetype end = dataPos + want;
        const QByteArrayView span = src.buf.sliced(dataPos, want);
        bool ok = end == src.buf.size() || src.buf[end] == '\r' || src.buf[end] == '\n';
        // no AT line inside the span
        for (qsizetype k = 0; ok && k < span.size(); ++k)
            if (span[k] == '\n' && startsElement(ltrim(span.sliced(k + 1))))
                ok = false;
        if (ok) {
            out += span;
            emitText(out, rec);
            setBytes(m_lastData, span);
            qsizetype n = end;
            while (n < src.buf.size() && src.buf[n] == '\r')
                ++n;
            if (n < src.buf.size() && src.buf[n] == '\n')
                ++n;
            next = n;
            return;
        }
    }
    // Wrapped over the next lines: join them when that gives the declared length
    if (d.size() < want && dataPos >= 0) {
        qsizetype at = src.buf.indexOf('\n', dataPos);
        at = at < 0 ? src.buf.size() : at + 1;
        static const char *const kSeps[] = {"\r\n", "\n", "", " "};
        for (const char *sep : kSeps) {
            QByteArray joined = d.toByteArray();
            qsizetype pos = at;
            for (int k = 0; k < kMaxJoin && joined.size() < want; ++k) {
                NextLine nl;
                if (!nextLineAt(src, pos, nl) || startsElement(nl.text))
                    break;
                joined += sep;
                joined += rtrim(nl.text);
                pos = nl.next;
            }
            if (joined.size() == want) {
                out += joined;
                emitText(out, rec);
                m_lastData = joined;
                rec.fixes |= LogImport::Wrapped;
                next = pos;
                return;
            }
        }
    }
    // Longer or shorter than declared: the module would wait for the rest (or read the extra
    // bytes as the start of the next command). Fed at the declared length, flagged.
    // Glued on one line: the data, then the module's answer ("> hello OK +QMTPUBEX: 0,0,0")
    if (d.size() > want && want >= 0) {
        const QByteArrayView after = ltrim(d.sliced(want));
        if (after.size() < d.size() - want && startsElement(after)) {
            out += d.first(want);
            emitText(out, rec);
            setBytes(m_lastData, d.first(want));
            QByteArray rest = after.toByteArray(); // its own copy: the pieces are views into it
            handlePiece(rest, rec, src, -1, next);
            return;
        }
    }
    rec.fixes |= LogImport::LengthMismatch;
    rec.detail = QByteArray::number(d.size()) + '/' + QByteArray::number(want);
    if (d.size() > want) {
        out += d.first(want);
        emitText(out, rec);
        emitText(d.sliced(want), rec);
    } else {
        out += d;
        out += QByteArray(want - d.size(), kFiller);
        emitText(out, rec);
    }
    setBytes(m_lastData, d);
}

void LogReader::handleRecv(QByteArrayView line, Line &rec, const Source &src, qsizetype linePos,
                           qsizetype &next)
{
    qsizetype start = -1, len = 0;
    const auto kind = at::Framer::classifyRecvHeader(line, &start, &len);
    if (kind != at::Framer::RecvHeader::Counted) {
        emitText(line, rec);
        return;
    }
    const bool quoted = start > 0 && line[start - 1] == '"';
    QByteArrayView shown = line.sliced(start);
    // As the bytes were: N bytes, the closing quote, a line end (payloads may hold CR LF)
    if (linePos >= 0 && linePos + start + len <= src.buf.size()) {
        const qsizetype pEnd = linePos + start + len;
        qsizetype e = pEnd;
        if (quoted && e < src.buf.size() && src.buf[e] == '"')
            ++e;
        const bool closed = !quoted || (e > pEnd);
        const bool ends = e == src.buf.size() || src.buf[e] == '\r' || src.buf[e] == '\n';
        const QByteArrayView span = src.buf.sliced(linePos + start, len);
        bool ok = closed && ends;
        for (qsizetype k = 0; ok && k < span.size(); ++k)
            if (span[k] == '\n' && startsElement(ltrim(span.sliced(k + 1))) && k + 1 < span.size())
                ok = false;
        if (ok && (shown.size() >= len + (quoted ? 1 : 0) || span.contains('\n') || span.contains('\r'))) {
            emitText(src.buf.sliced(linePos, e - linePos), rec);
            qsizetype n = e;
            while (n < src.buf.size() && src.buf[n] == '\r')
                ++n;
            if (n < src.buf.size() && src.buf[n] == '\n')
                ++n;
            next = std::max(next, n);
            return;
        }
    }
    // On the line: the payload, its closing quote; a comment or ".." after it
    QByteArrayView payload = shown;
    if (quoted) {
        const qsizetype close =
            payload.size() >= len + 1 && payload[len] == '"' ? len : payload.lastIndexOf('"');
        if (close >= 0)
            payload = payload.first(close);
    } else if (payload.size() > len) {
        const QByteArrayView after = trim(payload.sliced(len));
        if (after.isEmpty() || commentStart(QByteArray(" ") + after.toByteArray()) == 1 ||
            after.startsWith(".."))
            payload = payload.first(len);
    }
    if (payload.size() == len) {
        QByteArray out = line.first(start).toByteArray();
        out += payload;
        if (quoted)
            out += '"';
        if (out.size() != line.size())
            rec.fixes |= LogImport::CommentRemoved;
        emitText(out, rec);
        return;
    }
    // Wrapped: the payload goes on over the next lines
    if (payload.size() < len && linePos >= 0 && !isPlaceholder(payload)) {
        qsizetype at = src.buf.indexOf('\n', linePos);
        at = at < 0 ? src.buf.size() : at + 1;
        static const char *const kSeps[] = {"", "\r\n", "\n", " "};
        for (const char *sep : kSeps) {
            QByteArray joined = payload.toByteArray();
            if (quoted && joined.endsWith('"'))
                joined.chop(1);
            qsizetype pos = at;
            for (int k = 0; k < kMaxJoin && joined.size() < len; ++k) {
                NextLine nl;
                if (!nextLineAt(src, pos, nl) || startsElement(nl.text))
                    break;
                joined += sep;
                QByteArrayView piece = rtrim(nl.text);
                if (quoted && piece.endsWith('"') && joined.size() + piece.size() - 1 == len)
                    piece.chop(1);
                joined += piece;
                pos = nl.next;
            }
            if (joined.size() == len) {
                QByteArray out = line.first(start).toByteArray();
                out += joined;
                if (quoted)
                    out += '"';
                emitText(out, rec);
                rec.fixes |= LogImport::Wrapped;
                next = std::max(next, pos);
                return;
            }
        }
    }
    // Left out or cut: fed without its length, so it counts as a message received and shows
    // as incomplete.
    QByteArray out = line.first(start).toByteArray();
    // drop the ",<len>" before the payload
    qsizetype lenEnd = start - (quoted ? 1 : 0) - 1; // the comma before the payload
    qsizetype lenStart = lenEnd - 1;
    while (lenStart > 0 && (isDigit(out[lenStart]) || out[lenStart] == ' '))
        --lenStart;
    if (lenStart > 0 && out[lenStart] == ',' && lenEnd > 0)
        out.remove(lenStart, lenEnd - lenStart);
    out += payload; // a quoted payload stays open: the parser then reads it as cut (incomplete)
    rec.fixes |= isPlaceholder(payload) ? (LogImport::DataLeftOut | LogImport::LengthDropped)
                                        : LogImport::LengthDropped;
    rec.detail = QByteArray::number(payload.size()) + '/' + QByteArray::number(len);
    emitText(out, rec);
}

void LogReader::finish()
{
    flushHex();
    r.m_bytes.truncate(m_used);
    r.m_bytes.squeeze(); // sized ahead for the input: give back what the output did not use
}

// ---- LogImport ----

LogImport LogImport::read(QByteArrayView log, const Options &options)
{
    LogImport result;
    QByteArray converted;
    bool utf16 = false;
    if (log.size() >= 2 && ((uchar(log[0]) == 0xFF && uchar(log[1]) == 0xFE) ||
                            (uchar(log[0]) == 0xFE && uchar(log[1]) == 0xFF))) {
        // A Windows editor's UTF-16: made UTF-8 (line numbers do not change)
        QStringDecoder dec{uchar(log[0]) == 0xFF ? QStringDecoder::Utf16LE : QStringDecoder::Utf16BE};
        const QString decoded = dec.decode(log.sliced(2));
        converted = decoded.toUtf8();
        log = converted;
        utf16 = true;
    } else if (log.startsWith("\xEF\xBB\xBF")) {
        log = log.sliced(3);
    }
    // (not zeroed: every byte up to m_used is written before the end cuts it there)
    result.m_bytes = QByteArray(log.size() + log.size() / 16 + 64, Qt::Uninitialized);
    // about one map entry (and one time) per line: lines are rarely shorter than 24 bytes
    result.m_map.reserve(std::size_t(log.size() / 24 + 16));
    // A large log's buffers in huge pages where the system gives them on request: a tenth of
    // the time of a 100 MB import went to faulting in 4 KB pages.
    adviseHugePages(result.m_bytes.data(), result.m_bytes.size());
    adviseHugePages(result.m_map.data(), qsizetype(result.m_map.capacity() * sizeof(result.m_map[0])));
    LogReader reader(result, options, utf16);
    reader.readTop(log);
    reader.finish();
    return result;
}

int LogImport::lineAt(qint64 offset) const
{
    if (m_map.empty() || offset < 0)
        return 0;
    auto it = std::upper_bound(m_map.begin(), m_map.end(), offset,
                               [](qint64 o, const std::pair<qint64, int> &e) { return o < e.first; });
    if (it == m_map.begin())
        return m_map.front().second;
    return std::prev(it)->second;
}

qint64 LogImport::lineTimeUs(int line) const
{
    auto it = std::lower_bound(m_times.begin(), m_times.end(), line,
                               [](const std::pair<int, qint64> &e, int l) { return e.first < l; });
    return it != m_times.end() && it->first == line ? it->second : -1;
}

void LogImport::feed(Pipeline &pipeline, ManualClock *clock) const
{
    if (!clock || m_times.empty()) {
        feed(pipeline);
        return;
    }
    // Line by line, the clock at the time the log gives the line (or the last one before it)
    auto t = m_times.begin();
    qint64 now = m_times.front().second;
    for (std::size_t k = 0; k < m_map.size(); ++k) {
        const int line = m_map[k].second;
        while (t != m_times.end() && t->first <= line)
            now = (t++)->second;
        clock->set(now);
        const qint64 end = k + 1 < m_map.size() ? m_map[k + 1].first : m_bytes.size();
        pipeline.received(QByteArrayView(m_bytes).sliced(m_map[k].first, end - m_map[k].first));
    }
    pipeline.endOfInput();
}

void LogImport::feed(Pipeline &pipeline) const
{
    constexpr qsizetype kChunk = 1 << 20;
    for (qsizetype off = 0; off < m_bytes.size(); off += kChunk)
        pipeline.received(QByteArrayView(m_bytes).sliced(off, std::min(kChunk, m_bytes.size() - off)));
    pipeline.endOfInput();
}

QString LogImport::Line::explanation() const
{
    QString what;
    switch (kind) {
    case Kind::Traffic:
        what = tr("AT traffic");
        break;
    case Kind::Data:
        what = tr("data");
        break;
    case Kind::Hex:
        what = tr("hex dump, read as the bytes it shows");
        break;
    case Kind::Note:
        what = (fixes & DataLeftOut) ? tr("a placeholder for lines left out") : tr("a note, not traffic");
        break;
    case Kind::Blank:
        what = tr("empty");
        break;
    case Kind::Echo:
        what = tr("the module's echo of the command before it");
        break;
    case Kind::Joined:
        what = tr("the rest of the line before it");
        break;
    case Kind::Unreadable:
        what = tr("not understood: kept as it is");
        break;
    }
    QStringList how;
    if (fixes & PrefixRemoved)
        how << tr("removed \"%1\" in front").arg(QString::fromUtf8(prefix));
    if (fixes & GuessedPrefix)
        how << tr("removed \"%1\" in front (a style not known: check it)").arg(QString::fromUtf8(prefix));
    if (fixes & MarkdownQuote)
        how << tr("removed the quote or list mark");
    if (dir == Direction::Sent)
        how << tr("sent by the host");
    else if (dir == Direction::Received)
        how << tr("sent by the module");
    if (fixes & Punctuation)
        how << tr("typographic or full-width punctuation made ASCII");
    if (fixes & CommentRemoved)
        how << tr("a comment at the end removed");
    if (fixes & LineEndText)
        how << tr("line ends written as text made CR/LF");
    if (fixes & Split)
        how << tr("several messages on one line separated");
    if (fixes & Wrapped)
        how << tr("joined with the next line(s): a long line wrapped");
    if (fixes & PromptAdded)
        how << tr("the '>' prompt, missing from the log, put in");
    if ((fixes & DataLeftOut) && kind != Kind::Note) {
        if (detail.isEmpty())
            how << tr("data left out");
        else
            how << tr("data left out: %1 bytes stood in for").arg(QString::fromLatin1(detail));
    }
    if (fixes & CtrlZ)
        how << tr("Ctrl+Z written as text");
    if (fixes & LengthMismatch) {
        const QList<QByteArray> p = detail.split('/');
        how << tr("the data is %1 bytes but the command declared %2")
                   .arg(QString::fromLatin1(p.value(0)), QString::fromLatin1(p.value(1)));
    }
    if (fixes & LengthDropped) {
        const QList<QByteArray> p = detail.split('/');
        how << tr("payload of %1 bytes declared, %2 shown: read without its length (incomplete)")
                   .arg(QString::fromLatin1(p.value(1)), QString::fromLatin1(p.value(0)));
    }
    if (fixes & Utf16)
        how << tr("read as UTF-16");
    return how.isEmpty() ? what : what + QStringLiteral(" — ") + how.join(QStringLiteral("; "));
}

QString LogImport::summary() const
{
    const Counts &c = m_counts;
    QString s = tr("%n line(s) read", nullptr, int(std::min<qint64>(c.lines, INT_MAX)));
    QStringList parts;
    if (c.notes)
        parts << tr("%n note(s) set aside", nullptr, int(c.notes));
    if (c.normalised)
        parts << tr("%n line(s) normalised", nullptr, int(c.normalised));
    if (c.hex)
        parts << tr("%n hex dump line(s) decoded", nullptr, int(c.hex));
    if (c.echoes)
        parts << tr("%n echo(es) merged", nullptr, int(c.echoes));
    if (c.dataLeftOut)
        parts << tr("%n place(s) where data was left out", nullptr, int(c.dataLeftOut));
    if (c.lengthMismatches)
        parts << tr("%n data length mismatch(es)", nullptr, int(c.lengthMismatches));
    if (c.unreadable) {
        QStringList numbers;
        for (const Line &l : m_lines)
            if (l.kind == Kind::Unreadable && numbers.size() < 10)
                numbers << QString::number(l.number);
        if (c.unreadable > numbers.size())
            numbers << QStringLiteral("…");
        parts << tr("%n line(s) not understood, kept as they are (line %1)", nullptr, int(c.unreadable))
                     .arg(numbers.join(QStringLiteral(", ")));
    }
    if (!parts.isEmpty())
        s += QStringLiteral(": ") + parts.join(QStringLiteral(", "));
    return s + QLatin1Char('.');
}

} // namespace qmt::session
