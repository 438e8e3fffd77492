// SPDX-License-Identifier: Apache-2.0
#include "workflows/sessionexport.h"

#include "at/event.h"
#include "at/redact.h"
#include "at/settings.h"
#include "engine/pipeline.h"
#include "io/journal.h"
#include "workflows/diagnosis.h"
#include "workflows/htmlreport.h"
#include "workflows/timeline.h"

#include <QDateTime>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace qmt::session {

namespace {

const QByteArray kHidden = QByteArrayLiteral("***");

const char *kindWord(const at::AtEvent &ev)
{
    using at::EventType;
    switch (ev.type) {
    case EventType::Command:
        return "command";
    case EventType::Prompt:
        return "prompt";
    case EventType::Data:
        return "data";
    case EventType::Ok:
        return "ok";
    case EventType::Error:
        return "error";
    case EventType::CmeError:
        return "cme-error";
    case EventType::Connect:
        return "connect";
    case EventType::Response:
        return ev.isUrc() ? "urc" : "response";
    case EventType::Boot:
        return "boot";
    case EventType::Text:
        return "text";
    case EventType::Unknown:
        break;
    }
    return "unknown";
}

const char *formWord(at::Form f)
{
    switch (f) {
    case at::Form::Exec:
        return "exec";
    case at::Form::Test:
        return "test";
    case at::Form::Query:
        return "read";
    case at::Form::Set:
        return "set";
    }
    return "exec";
}

// The fields of a command after '=' or a response after ": ", commas inside quotes kept; the
// quotes of a quoted field taken off.
QJsonArray fieldsOf(QByteArrayView text, bool command)
{
    qsizetype start = -1;
    if (command) {
        start = text.indexOf('=');
        if (start >= 0)
            ++start;
    } else {
        start = text.indexOf(':');
        if (start >= 0)
            ++start;
    }
    QJsonArray out;
    if (start < 0 || start >= text.size())
        return out;
    bool quoted = false;
    qsizetype from = start;
    for (qsizetype i = start; i <= text.size(); ++i) {
        if (i < text.size() && text[i] == '"')
            quoted = !quoted;
        if (i == text.size() || (!quoted && text[i] == ',')) {
            QByteArrayView f = text.sliced(from, i - from).trimmed();
            if (f.size() >= 2 && f.startsWith('"') && f.endsWith('"'))
                f = f.sliced(1, f.size() - 2);
            out.append(QString::fromUtf8(f));
            from = i + 1;
        }
    }
    return out;
}

// Whether JSON can carry the bytes as a string: valid UTF-8 without NUL.
bool textual(QByteArrayView b)
{
    return !b.contains('\0') && QString::fromUtf8(b).toUtf8() == b;
}

QString isoUtc(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Control characters as the log importer reads them back: \r \n \x1a, others \xNN.
QByteArray escaped(QByteArrayView b)
{
    QByteArray out;
    out.reserve(b.size());
    for (char c : b) {
        const uchar u = uchar(c);
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n";
        else if (u < 0x20 || u == 0x7f)
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        else
            out += c;
    }
    return out;
}

// PEM private key blocks in `text` as their BEGIN and END lines around ***; `inKey` carries a
// block that began in an earlier frame.
QByteArray withoutPemKeys(QByteArrayView text, bool &inKey)
{
    QByteArray out;
    qsizetype pos = 0;
    while (pos < text.size()) {
        if (inKey) {
            const qsizetype end = text.indexOf("-----END", pos);
            if (end < 0 || text.indexOf("PRIVATE KEY-----", end) < 0) {
                if (!out.endsWith(kHidden))
                    out += kHidden;
                return out;
            }
            if (!out.endsWith(kHidden))
                out += kHidden;
            out += '\n';
            pos = end;
            inKey = false;
            continue;
        }
        const qsizetype begin = text.indexOf("-----BEGIN", pos);
        if (begin < 0) {
            out += text.sliced(pos);
            break;
        }
        const qsizetype tag = text.indexOf("-----", begin + 10);
        const bool isKey = tag >= 0 && text.sliced(begin, tag - begin).contains("PRIVATE KEY");
        const qsizetype lineEnd = tag < 0 ? text.size() : tag + 5;
        out += text.sliced(pos, lineEnd - pos);
        pos = lineEnd;
        if (isKey) {
            out += '\n';
            inKey = true;
        }
    }
    return out;
}

QByteArray jsonEscaped(const QByteArray &raw)
{
    // the form a marked string takes inside a JSON string
    const QByteArray j = QJsonDocument(QJsonArray{QString::fromUtf8(raw)}).toJson(QJsonDocument::Compact);
    return j.mid(2, j.size() - 4);
}

} // namespace

std::optional<ExportFormat> exportFormatFrom(const QString &wordOrFileName)
{
    const QString w = wordOrFileName.contains(QLatin1Char('.')) ? QFileInfo(wordOrFileName).suffix().toLower()
                                                                : wordOrFileName.toLower();
    if (w == QLatin1String("text") || w == QLatin1String("txt") || w == QLatin1String("log"))
        return ExportFormat::Text;
    if (w == QLatin1String("jsonl") || w == QLatin1String("json") || w == QLatin1String("ndjson"))
        return ExportFormat::JsonLines;
    if (w == QLatin1String("html") || w == QLatin1String("htm"))
        return ExportFormat::Html;
    return std::nullopt;
}

// ---- Redactor -------------------------------------------------------------------------------

Redactor::Redactor(const ExportOptions &options) : m_on(options.redact)
{
    if (!m_on)
        return;
    for (const QByteArray &h : options.hide) {
        if (h.isEmpty())
            continue;
        m_hide << h;
        const QString asText = QString::fromUtf8(h);
        m_hide << asText.toHtmlEscaped().toUtf8() << jsonEscaped(h) << h.toHex() << h.toHex().toUpper()
               << h.toBase64();
    }
    // longest first, so a string inside another is not half replaced
    std::sort(m_hide.begin(), m_hide.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    m_hide.erase(std::unique(m_hide.begin(), m_hide.end()), m_hide.end());
}

QByteArray Redactor::scrub(QByteArray text) const
{
    for (const QByteArray &h : m_hide)
        text.replace(h, kHidden);
    return text;
}

QString Redactor::scrub(QString text) const
{
    if (m_hide.isEmpty())
        return text;
    return QString::fromUtf8(scrub(text.toUtf8()));
}

QByteArray Redactor::frame(const at::AtEvent &ev)
{
    QByteArray t = ev.text.toByteArray();
    if (!m_on)
        return t;
    using at::EventType;
    switch (ev.type) {
    case EventType::Command:
        t = at::redactSecretsInLogLine(t);
        if (ev.cmd == at::Cmd::QFUPL && ev.form == at::Form::Set) {
            // AT+QFUPL="<file>",<size>…: an upload whose file is named like a key is key material
            const QJsonArray f = fieldsOf(ev.text, true);
            const QString name = f.isEmpty() ? QString() : f.first().toString().toLower();
            m_inUpload = true;
            m_uploadIsKey = name.contains(QLatin1String("key")) && !name.contains(QLatin1String("pub"));
        } else {
            m_inUpload = false;
        }
        break;
    case EventType::Data:
        if (m_inUpload && m_uploadIsKey)
            t = kHidden;
        break;
    case EventType::Ok:
    case EventType::Error:
    case EventType::CmeError:
        m_inUpload = false;
        m_inPemKey = false;
        break;
    case EventType::Response:
        if (ev.what == at::What::CfgValue && ev.setting >= 0) {
            const auto &rows = ev.cmd == at::Cmd::QSSLCFG ? at::sslSettings() : at::cfgSettings();
            if (std::size_t(ev.setting) < rows.size()) {
                const at::SettingInfo &s = rows[std::size_t(ev.setting)];
                bool any = false;
                for (std::size_t f = 0; f < s.fields.size() && qsizetype(f) + 1 < ev.argCount(); ++f)
                    any = any || s.fields[f].kind == at::ValueKind::Secret;
                if (any) {
                    // the read-back gives the values after the name: field f is argument f + 1
                    QByteArray out = t.left(t.indexOf(':') + 1) + ' ';
                    for (qsizetype i = 0; i < ev.argCount(); ++i) {
                        if (i)
                            out += ',';
                        const at::Arg &a = ev.arg(i);
                        const bool secret = i >= 1 && std::size_t(i - 1) < s.fields.size() &&
                                            s.fields[std::size_t(i - 1)].kind == at::ValueKind::Secret;
                        const QByteArray v = secret ? kHidden : a.text.toByteArray();
                        out += a.quoted ? '"' + v + '"' : v;
                    }
                    t = out;
                }
            }
        }
        break;
    default:
        break;
    }
    if (m_inPemKey || t.contains("PRIVATE KEY-----"))
        t = withoutPemKeys(t, m_inPemKey);
    return scrub(t);
}

// ---- SessionExporter ------------------------------------------------------------------------

SessionExporter::SessionExporter(Pipeline &pipeline, const ExportOptions &options, QIODevice *out)
    : m_pipeline(pipeline), m_opt(options), m_out(out), m_redactor(options)
{
    if (m_opt.format == ExportFormat::Html) {
        m_diagnosis = std::make_unique<Diagnosis>(pipeline);
        m_timeline = std::make_unique<Timeline>(pipeline);
    }
    m_observer = pipeline.addObserver([this](const at::AtEvent &ev) { onEvent(ev); });
}

SessionExporter::~SessionExporter()
{
    m_pipeline.removeObserver(m_observer);
}

void SessionExporter::write(const QByteArray &bytes)
{
    if (!m_error.isEmpty())
        return;
    if (m_out->write(bytes) != bytes.size())
        m_error = tr("Cannot write the export: %1").arg(m_out->errorString());
}

static QByteArray timeText(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        .toLatin1();
}

void SessionExporter::onEvent(const at::AtEvent &ev)
{
    // every frame goes through the redactor, in range or not: an upload's data is judged by
    // the command before it
    const QByteArray text = m_redactor.frame(ev);
    if (!inRange(ev.timeUs))
        return;
    ++m_frames;
    if (m_firstUs < 0)
        m_firstUs = ev.timeUs;
    m_lastUs = ev.timeUs;
    // what the host sent: written by us, or a command or data line of a log (not an echo)
    const bool tx = ev.dir == at::Direction::ToModule ||
                    (!ev.echo && (ev.type == at::EventType::Command || ev.type == at::EventType::Data));
    switch (m_opt.format) {
    case ExportFormat::Text:
    case ExportFormat::Html: {
        QByteArray line = timeText(ev.timeUs) + (tx ? " TX: " : " RX: ") + escaped(text) + '\n';
        if (m_opt.format == ExportFormat::Text) {
            write(line);
        } else if (m_rows < m_opt.htmlMaxRows) {
            ++m_rows;
            m_traffic += line;
            if (ev.dir == at::Direction::FromModule)
                m_lineOfOffset.emplace_back(ev.offset, int(m_rows));
        } else {
            ++m_rows; // counted, not shown
        }
        return;
    }
    case ExportFormat::JsonLines: {
        QJsonObject o;
        o.insert(QStringLiteral("time"), isoUtc(ev.timeUs));
        o.insert(QStringLiteral("time_us"), ev.timeUs);
        o.insert(QStringLiteral("dir"), tx ? QStringLiteral("tx") : QStringLiteral("rx"));
        o.insert(QStringLiteral("kind"), QLatin1String(kindWord(ev)));
        if (ev.clientIdx >= 0)
            o.insert(QStringLiteral("slot"), ev.clientIdx);
        if (ev.echo)
            o.insert(QStringLiteral("echo"), true);
        if (ev.truncated)
            o.insert(QStringLiteral("truncated"), true);
        const char *name = at::cmdName(ev.cmd);
        if (ev.cmd != at::Cmd::Unknown && name && *name) {
            o.insert(QStringLiteral("command"), QString::fromLatin1(name));
            if (ev.type == at::EventType::Command)
                o.insert(QStringLiteral("form"), QLatin1String(formWord(ev.form)));
        }
        if (ev.type == at::EventType::Command && ev.form == at::Form::Set)
            o.insert(QStringLiteral("fields"), fieldsOf(text, true));
        else if (ev.type == at::EventType::Response)
            o.insert(QStringLiteral("fields"), fieldsOf(text, false));
        if (ev.type == at::EventType::CmeError && ev.cmeCode >= 0)
            o.insert(QStringLiteral("cme_error"), ev.cmeCode);
        if (ev.what == at::What::RecvMessage) {
            o.insert(QStringLiteral("topic"), QString::fromUtf8(m_redactor.scrub(ev.topic.toByteArray())));
            const QByteArray payload = m_redactor.scrub(ev.payload.toByteArray());
            if (textual(payload))
                o.insert(QStringLiteral("payload"), QString::fromUtf8(payload));
            else
                o.insert(QStringLiteral("payload_hex"), QString::fromLatin1(payload.toHex()));
            if (!ev.payloadComplete)
                o.insert(QStringLiteral("payload_complete"), false);
        }
        if (textual(text))
            o.insert(QStringLiteral("text"), QString::fromUtf8(text));
        else
            o.insert(QStringLiteral("hex"), QString::fromLatin1(text.toHex()));
        write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        return;
    }
    }
}

void SessionExporter::event(const char *kind, const QString &text, qint64 timeUs)
{
    if (!inRange(timeUs))
        return;
    const QString shown = m_redactor.scrub(text);
    switch (m_opt.format) {
    case ExportFormat::Text:
        // a note line for the importer ("# …"), so the log reads back as traffic plus notes
        write(timeText(timeUs) + " # " + kind +
              (shown.isEmpty() ? QByteArray() : ": " + escaped(shown.toUtf8())) + '\n');
        return;
    case ExportFormat::Html:
        if (m_rows < m_opt.htmlMaxRows)
            m_traffic += timeText(timeUs) + " # " + kind +
                         (shown.isEmpty() ? QByteArray() : ": " + shown.toUtf8()) + '\n';
        ++m_rows;
        return;
    case ExportFormat::JsonLines: {
        QJsonObject o;
        o.insert(QStringLiteral("time"), isoUtc(timeUs));
        o.insert(QStringLiteral("time_us"), timeUs);
        o.insert(QStringLiteral("kind"), QLatin1String(kind));
        o.insert(QStringLiteral("text"), shown);
        write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        return;
    }
    }
}

bool SessionExporter::finish()
{
    if (m_opt.format == ExportFormat::Html && m_error.isEmpty()) {
        m_diagnosis->finish();
        std::sort(m_lineOfOffset.begin(), m_lineOfOffset.end());
        HtmlReportInput in;
        in.name = m_opt.name;
        in.original = m_traffic;
        in.maxLines = m_opt.htmlMaxRows;
        in.includeSecrets = !m_opt.redact;
        in.store = &m_pipeline.store();
        in.diagnosis = m_diagnosis.get();
        in.timeline = m_timeline.get();
        in.logTitle = tr("Traffic");
        if (m_firstUs >= 0)
            in.summary =
                tr("%n frame(s) from %1 to %2.", nullptr, int(std::min<qint64>(m_frames, INT_MAX)))
                    .arg(QString::fromLatin1(timeText(m_firstUs)), QString::fromLatin1(timeText(m_lastUs)));
        else
            in.summary = tr("No frame in this range.");
        if (m_rows > m_opt.htmlMaxRows)
            in.summary +=
                QLatin1Char(' ') + tr("The first %1 rows of the traffic are shown; the rest are counted.")
                                       .arg(m_opt.htmlMaxRows);
        in.lineOf = [this](qint64 offset) {
            const auto it = std::lower_bound(m_lineOfOffset.begin(), m_lineOfOffset.end(),
                                             std::pair<qint64, int>(offset, 0));
            return it != m_lineOfOffset.end() && it->first == offset ? it->second : 0;
        };
        write(m_redactor.scrub(HtmlReport::write(in)));
    }
    if (!m_error.isEmpty())
        return false;
    return true;
}

bool exportJournal(const JournalReader &journal, const ExportOptions &options, QIODevice *out, QString *error,
                   const std::function<bool(qint64, qint64)> &progress)
{
    ManualClock clock;
    Pipeline pipeline(&clock);
    SessionExporter exporter(pipeline, options, out);
    const qint64 total = journal.chunkCount();
    qint64 done = 0;
    bool cancelled = false;
    journal.forEach([&](const JournalReader::Chunk &c) {
        clock.set(c.wallUs);
        if (!JournalReader::feed(c, pipeline)) {
            const char *kind = c.kind == Journal::Kind::PortOpened   ? "port-opened"
                               : c.kind == Journal::Kind::PortClosed ? "port-closed"
                               : c.kind == Journal::Kind::PortLost   ? "port-lost"
                                                                     : "note";
            exporter.event(kind, QString::fromUtf8(c.bytes), c.wallUs);
        }
        ++done;
        if (progress && (done % 256) == 0 && !progress(done, total)) {
            cancelled = true;
            return false;
        }
        return exporter.errorString().isEmpty();
    });
    pipeline.endOfInput();
    if (cancelled) {
        if (error)
            *error = SessionExporter::tr("The export was cancelled.");
        return false;
    }
    if (!exporter.finish()) {
        if (error)
            *error = exporter.errorString();
        return false;
    }
    if (progress)
        progress(total, total);
    return true;
}

} // namespace qmt::session
