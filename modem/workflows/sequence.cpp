// SPDX-License-Identifier: Apache-2.0
// The sequence file format (.qmtseq), UTF-8 text, also described in docs/sequences.md:
//
//   # QMT Scope sequence                       <- '#' starts a comment line (indented or not)
//   name Seed §5.1: MQTT without SSL           <- optional, before the first step
//
//   AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883   <- a step: its command line
//       expect +QMTOPEN: 0,0                   <- indented lines: the step's attributes
//       timeout 30s
//       note Open the network
//   AT+QMTPUBEX=0,0,0,0,"topic/pub",30
//       data "This is test data, hello MQTT."
//       expect +QMTPUBEX: 0,0,0
//       expect +QMTRECV: 0,0,"topic/pub",30,*
//   AT+QFUPL="RAM:cacert.pem",{size},100
//       data file cacert.pem
//       expect +QFUPL: {size},{checksum}
//
// - A line that is not indented starts a step: a command line starting with AT (any case),
//   taken as it is up to the line end (trailing blanks dropped), or a quoted command ("+++",
//   or a command with characters that need escapes).
// - Attributes, indented by spaces or tabs, belong to the step above:
//     data "text"       quoted text with the escapes \r \n \t \" \\ and \xNN (any byte)
//     data hex 41 54 0d  the bytes in hexadecimal, blanks ignored
//     data file <path>  the data is read from this file when the step runs; a relative path is
//                       relative to the sequence file's folder
//     expect <line>     a line the answer must show; repeat for several (all must be seen)
//     timeout <n>ms | <n>s | <n>m   overrides the timeout derived from PROTOCOL.md §3
//     delay <n>ms | <n>s | <n>m     waits this long before the step is sent, in a run of every
//                       step (a reproduced log's pauses, reproduce.h); files without it load
//                       with no delay
//     note <text>       a comment shown beside the step
//   One data, timeout, delay and note per step.
// - Values of name, note, expect and the data file are the rest of the line without leading and
//   trailing blanks, or a quoted text with the escapes above when they start with '"' (the
//   writer quotes values that begin or end with blanks, contain control characters or are
//   empty).
// - In a command and an expectation, {size} stands for the data's length in bytes and (in an
//   expectation) {checksum} for the AT+QFUPL checksum of the data; '*' in an expectation matches
//   any run of characters. These are the runner's business (sequencerunner.cpp).
//
// Reading reports every problem with its line number; writing and reading back gives the same
// steps, whatever bytes the data holds.

#include "workflows/sequence.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cmath>

namespace qmt::session {

namespace {

constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;
constexpr std::chrono::milliseconds kMaxTimeout{std::chrono::hours{1}};

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isControl(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

bool isValidUtf8(QByteArrayView bytes)
{
    return bytes.isValidUtf8();
}

QByteArrayView trimmedView(QByteArrayView v)
{
    while (!v.isEmpty() && isBlank(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && isBlank(v.back()))
        v.chop(1);
    return v;
}

bool startsWithAt(QByteArrayView v)
{
    return v.size() >= 2 && (v[0] == 'A' || v[0] == 'a') && (v[1] == 'T' || v[1] == 't');
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A value that can be written as it is: no blanks at either end, no leading quote, no control
// characters, valid UTF-8, not empty.
bool isPlainValue(QByteArrayView v)
{
    if (v.isEmpty() || isBlank(v.front()) || isBlank(v.back()) || v.front() == '"')
        return false;
    for (char c : v)
        if (isControl(uchar(c)))
            return false;
    return isValidUtf8(v);
}

QByteArray quoted(QByteArrayView v)
{
    return '"' + Sequence::escape(v) + '"';
}

QByteArray valueText(QByteArrayView v)
{
    return isPlainValue(v) ? v.toByteArray() : quoted(v);
}

// Reads a quoted text starting at s[0] == '"'. Nothing but blanks may follow the closing quote.
bool readQuoted(QByteArrayView s, QByteArray *out, QString *error)
{
    out->clear();
    qsizetype i = 1;
    QByteArray raw;
    bool closed = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\\') {
            if (i + 1 >= s.size())
                break;
            raw.append(c);
            raw.append(s[++i]);
            continue;
        }
        if (c == '"') {
            closed = true;
            ++i;
            break;
        }
        raw.append(c);
    }
    if (!closed) {
        *error =
            QCoreApplication::translate("qmt::session::Sequence", "the quoted text has no closing quote");
        return false;
    }
    if (!trimmedView(s.sliced(i)).isEmpty()) {
        *error = QCoreApplication::translate("qmt::session::Sequence", "text after the closing quote");
        return false;
    }
    return Sequence::unescape(raw, out, error);
}

// A value: quoted text, or the rest of the line as it is. Empty plain values are refused.
bool readValue(QByteArrayView v, QByteArray *out, QString *error)
{
    v = trimmedView(v);
    if (v.startsWith('"'))
        return readQuoted(v, out, error);
    if (v.isEmpty()) {
        *error = QCoreApplication::translate("qmt::session::Sequence", "a value is missing");
        return false;
    }
    *out = v.toByteArray();
    return true;
}

bool readHex(QByteArrayView v, QByteArray *out, QString *error)
{
    out->clear();
    int high = -1;
    for (qsizetype i = 0; i < v.size(); ++i) {
        const char c = v[i];
        if (isBlank(c))
            continue;
        const int d = hexDigit(c);
        if (d < 0) {
            *error =
                QCoreApplication::translate("qmt::session::Sequence", "\"%1\" is not a hexadecimal digit")
                    .arg(QString::fromUtf8(v.sliced(i, 1)));
            return false;
        }
        if (high < 0) {
            high = d;
        } else {
            out->append(char(high << 4 | d));
            high = -1;
        }
    }
    if (high >= 0) {
        *error = QCoreApplication::translate("qmt::session::Sequence", "an odd number of hexadecimal digits");
        return false;
    }
    return true;
}

// A duration: a timeout (delay = false) or a delay before the step.
bool readDuration(QByteArrayView v, std::chrono::milliseconds *out, QString *error, bool delay)
{
    v = trimmedView(v);
    qsizetype n = 0;
    while (n < v.size() && ((v[n] >= '0' && v[n] <= '9') || v[n] == '.'))
        ++n;
    const QByteArrayView number = v.first(n);
    const QByteArrayView unit = trimmedView(v.sliced(n));
    bool ok = false;
    const double value = number.isEmpty() ? 0.0 : QByteArray(number.data(), number.size()).toDouble(&ok);
    double factor = 0;
    if (unit == "ms")
        factor = 1;
    else if (unit == "s")
        factor = 1000;
    else if (unit == "m" || unit == "min")
        factor = 60000;
    if (!ok || factor == 0 || value < 0) {
        *error = delay ? QCoreApplication::translate("qmt::session::Sequence",
                                                     "a delay is a number with a unit: 500ms, 5s or 2m")
                       : QCoreApplication::translate("qmt::session::Sequence",
                                                     "a timeout is a number with a unit: 500ms, 5s or 2m");
        return false;
    }
    const double ms = std::round(value * factor);
    if (ms > double(kMaxTimeout.count())) {
        *error =
            delay ? QCoreApplication::translate("qmt::session::Sequence", "a delay of more than an hour")
                  : QCoreApplication::translate("qmt::session::Sequence", "a timeout of more than an hour");
        return false;
    }
    *out = std::chrono::milliseconds{qint64(ms)};
    return true;
}

QByteArray timeoutText(std::chrono::milliseconds t)
{
    const qint64 ms = t.count();
    if (ms % 1000 == 0)
        return QByteArray::number(ms / 1000) + 's';
    return QByteArray::number(ms) + "ms";
}

// Text when most bytes read as themselves, hexadecimal otherwise.
QByteArray dataText(const QByteArray &data)
{
    const bool utf8 = isValidUtf8(data);
    qsizetype odd = 0;
    for (char c : data) {
        const uchar u = uchar(c);
        if ((isControl(u) && c != '\r' && c != '\n' && c != '\t') || (!utf8 && u >= 0x80))
            ++odd;
    }
    if (odd * 4 <= data.size())
        return quoted(data);
    return "hex " + data.toHex(' ');
}

} // namespace

// ---------------------------------------------------------------------------------------------

bool SequenceStep::operator==(const SequenceStep &o) const
{
    return command == o.command && data == o.data && expect == o.expect && timeout == o.timeout &&
           note == o.note && dataFile == o.dataFile && delay == o.delay;
}

QByteArrayList SequenceStep::expectations() const
{
    if (expect.isEmpty())
        return {};
    return expect.split('\n');
}

QString SequenceParseError::toString() const
{
    if (line <= 0)
        return message;
    return QCoreApplication::translate("qmt::session::Sequence", "line %1: %2").arg(line).arg(message);
}

// ---------------------------------------------------------------------------------------------

Sequence::Sequence(QObject *parent) : QObject(parent) {}

void Sequence::edited()
{
    emit changed();
    setModified(true);
}

void Sequence::setName(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    edited();
}

void Sequence::append(const SequenceStep &step)
{
    m_steps.append(step);
    edited();
}

void Sequence::insert(int index, const SequenceStep &step)
{
    m_steps.insert(qBound(0, index, int(m_steps.size())), step);
    edited();
}

void Sequence::replace(int index, const SequenceStep &step)
{
    if (index < 0 || index >= m_steps.size())
        return;
    m_steps[index] = step;
    edited();
}

void Sequence::remove(int index)
{
    if (index < 0 || index >= m_steps.size())
        return;
    m_steps.removeAt(index);
    edited();
}

void Sequence::move(int from, int to)
{
    if (from < 0 || from >= m_steps.size() || to < 0 || to >= m_steps.size() || from == to)
        return;
    m_steps.move(from, to);
    edited();
}

void Sequence::clear()
{
    m_steps.clear();
    edited();
}

void Sequence::setSteps(const QList<SequenceStep> &steps)
{
    m_steps = steps;
    edited();
}

void Sequence::setFileName(const QString &fileName)
{
    if (fileName == m_fileName)
        return;
    m_fileName = fileName;
    emit fileNameChanged(fileName);
}

void Sequence::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

QString Sequence::resolveDataFile(const SequenceStep &step) const
{
    if (step.dataFile.isEmpty())
        return {};
    if (QDir::isAbsolutePath(step.dataFile))
        return QDir::cleanPath(step.dataFile);
    const QString base = !m_dataFolder.isEmpty() ? m_dataFolder
                         : m_fileName.isEmpty()  ? QDir::currentPath()
                                                 : QFileInfo(m_fileName).absolutePath();
    return QDir::cleanPath(QDir(base).filePath(step.dataFile));
}

bool Sequence::load(const QString &path, QList<SequenceParseError> *errors)
{
    QList<SequenceParseError> local;
    QList<SequenceParseError> &errs = errors ? *errors : local;
    errs.clear();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        errs.append({0, tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), f.errorString())});
        return false;
    }
    if (f.size() > kMaxFileBytes) {
        errs.append({0, tr("%1 is too large for a sequence").arg(QDir::toNativeSeparators(path))});
        return false;
    }
    QList<SequenceStep> steps;
    QString name;
    if (!parse(f.readAll(), &steps, &name, &errs))
        return false;
    m_steps = steps;
    m_name = name;
    m_dataFolder.clear();
    emit changed();
    setFileName(path);
    setModified(false);
    return true;
}

bool Sequence::save(const QString &path, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    f.write(toText());
    if (!f.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    m_dataFolder.clear(); // from now on, data files are next to the file
    setFileName(path);
    setModified(false);
    return true;
}

bool Sequence::parse(const QByteArray &text, QList<SequenceStep> *steps, QString *name,
                     QList<SequenceParseError> *errors)
{
    QList<SequenceStep> out;
    QString outName;
    QList<SequenceParseError> errs;
    // Attributes seen for the current step (one data, timeout and note each).
    bool hasData = false, hasTimeout = false, hasDelay = false, hasNote = false;
    QByteArrayList expects;
    auto closeStep = [&] {
        if (!out.isEmpty())
            out.last().expect = expects.join('\n');
        expects.clear();
        hasData = hasTimeout = hasDelay = hasNote = false;
    };

    const QByteArrayList lines = text.split('\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const int lineNo = int(n) + 1;
        QByteArrayView line = lines[n];
        if (line.endsWith('\r'))
            line.chop(1);
        auto fail = [&](const QString &message) { errs.append({lineNo, message}); };
        const QByteArrayView content = trimmedView(line);
        if (content.isEmpty() || content.startsWith('#'))
            continue;
        const bool indented = isBlank(line.front());
        QString why;

        if (!indented) {
            if (content.startsWith('"')) {
                closeStep();
                SequenceStep s;
                if (!readQuoted(content, &s.command, &why))
                    fail(why);
                else if (s.command.isEmpty())
                    fail(tr("an empty command"));
                out.append(s);
                continue;
            }
            if (startsWithAt(content)) {
                closeStep();
                SequenceStep s;
                s.command = content.toByteArray();
                out.append(s);
                continue;
            }
            qsizetype sp = 0;
            while (sp < content.size() && !isBlank(content[sp]))
                ++sp;
            if (content.first(sp) == "name") {
                QByteArray v;
                if (!out.isEmpty())
                    fail(tr("the name comes before the first step"));
                else if (!readValue(content.sliced(sp), &v, &why))
                    fail(why);
                else
                    outName = QString::fromUtf8(v);
                continue;
            }
            fail(tr("\"%1\" is not a command: a step starts with AT (or a quoted command), and its "
                    "attributes are indented")
                     .arg(QString::fromUtf8(content.first(qMin<qsizetype>(content.size(), 40)))));
            continue;
        }

        if (out.isEmpty()) {
            fail(tr("an attribute before the first step"));
            continue;
        }
        SequenceStep &step = out.last();
        qsizetype sp = 0;
        while (sp < content.size() && !isBlank(content[sp]))
            ++sp;
        const QByteArrayView key = content.first(sp);
        const QByteArrayView rest = trimmedView(content.sliced(sp));
        if (key == "data") {
            if (hasData) {
                fail(tr("a second data attribute for this step"));
                continue;
            }
            hasData = true;
            if (rest.startsWith('"')) {
                if (!readQuoted(rest, &step.data, &why))
                    fail(why);
            } else if (rest.startsWith("hex") && (rest.size() == 3 || isBlank(rest[3]))) {
                if (!readHex(rest.sliced(3), &step.data, &why))
                    fail(why);
            } else if (rest.startsWith("file") && (rest.size() == 4 || isBlank(rest[4]))) {
                QByteArray path;
                if (!readValue(rest.sliced(4), &path, &why))
                    fail(why);
                else
                    step.dataFile = QString::fromUtf8(path);
            } else {
                fail(tr("data is \"quoted text\", hex <bytes> or file <path>"));
            }
        } else if (key == "expect") {
            QByteArray v;
            if (!readValue(rest, &v, &why))
                fail(why);
            else if (v.contains('\n'))
                fail(tr("an expectation is one line; repeat expect for more"));
            else
                expects.append(v);
        } else if (key == "timeout") {
            if (hasTimeout) {
                fail(tr("a second timeout for this step"));
                continue;
            }
            hasTimeout = true;
            if (!readDuration(rest, &step.timeout, &why, false))
                fail(why);
        } else if (key == "delay") {
            if (hasDelay) {
                fail(tr("a second delay for this step"));
                continue;
            }
            hasDelay = true;
            if (!readDuration(rest, &step.delay, &why, true))
                fail(why);
        } else if (key == "note") {
            if (hasNote) {
                fail(tr("a second note for this step"));
                continue;
            }
            hasNote = true;
            QByteArray v;
            if (!readValue(rest, &v, &why))
                fail(why);
            else
                step.note = QString::fromUtf8(v);
        } else {
            fail(tr("unknown attribute \"%1\" (data, expect, timeout, delay or note)")
                     .arg(QString::fromUtf8(key)));
        }
    }
    closeStep();
    if (errors)
        *errors = errs;
    if (!errs.isEmpty())
        return false;
    if (steps)
        *steps = out;
    if (name)
        *name = outName;
    return true;
}

QByteArray Sequence::format(const QList<SequenceStep> &steps, const QString &name)
{
    QByteArray t = "# QMT Scope sequence (the format: docs/sequences.md)\n";
    if (!name.isEmpty())
        t += "name " + valueText(name.toUtf8()) + '\n';
    t += '\n';
    for (const SequenceStep &s : steps) {
        const bool plain = isPlainValue(s.command) && startsWithAt(s.command);
        t += (plain ? s.command : quoted(s.command)) + '\n';
        if (!s.dataFile.isEmpty())
            t += "    data file " + valueText(s.dataFile.toUtf8()) + '\n';
        else if (!s.data.isEmpty())
            t += "    data " + dataText(s.data) + '\n';
        for (const QByteArray &e : s.expectations())
            t += "    expect " + valueText(e) + '\n';
        if (s.timeout.count() > 0)
            t += "    timeout " + timeoutText(s.timeout) + '\n';
        if (s.delay.count() > 0)
            t += "    delay " + timeoutText(s.delay) + '\n';
        if (!s.note.isEmpty())
            t += "    note " + valueText(s.note.toUtf8()) + '\n';
    }
    return t;
}

QByteArray Sequence::escape(QByteArrayView bytes)
{
    const bool utf8 = isValidUtf8(bytes);
    QByteArray out;
    out.reserve(bytes.size() + 8);
    for (char c : bytes) {
        const uchar u = uchar(c);
        switch (c) {
        case '\\':
            out += "\\\\";
            continue;
        case '"':
            out += "\\\"";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        if (isControl(u) || (!utf8 && u >= 0x80)) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 15];
            continue;
        }
        out += c;
    }
    return out;
}

bool Sequence::unhex(QByteArrayView text, QByteArray *out, QString *error)
{
    QString why;
    QByteArray bytes;
    if (!readHex(text, &bytes, &why)) {
        if (error)
            *error = why;
        return false;
    }
    *out = bytes;
    return true;
}

bool Sequence::unescape(QByteArrayView text, QByteArray *out, QString *error)
{
    QByteArray r;
    r.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '\\') {
            r += c;
            continue;
        }
        if (i + 1 >= text.size()) {
            if (error)
                *error = QCoreApplication::translate("qmt::session::Sequence",
                                                     "a backslash at the end: write \\\\ for a backslash");
            return false;
        }
        const char e = text[++i];
        switch (e) {
        case 'r':
            r += '\r';
            break;
        case 'n':
            r += '\n';
            break;
        case 't':
            r += '\t';
            break;
        case '"':
            r += '"';
            break;
        case '\\':
            r += '\\';
            break;
        case 'x': {
            const int h = i + 1 < text.size() ? hexDigit(text[i + 1]) : -1;
            const int l = i + 2 < text.size() ? hexDigit(text[i + 2]) : -1;
            if (h < 0 || l < 0) {
                if (error)
                    *error = QCoreApplication::translate("qmt::session::Sequence",
                                                         "\\x needs two hexadecimal digits");
                return false;
            }
            r += char(h << 4 | l);
            i += 2;
            break;
        }
        default:
            if (error)
                *error =
                    QCoreApplication::translate("qmt::session::Sequence",
                                                "unknown escape \\%1 (use \\r \\n \\t \\\" \\\\ or \\xNN)")
                        .arg(QLatin1Char(e));
            return false;
        }
    }
    *out = r;
    return true;
}

} // namespace qmt::session
