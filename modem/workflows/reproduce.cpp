// SPDX-License-Identifier: Apache-2.0
// Reproducing a customer's log: the rules are at the top of reproduce.h (what a step expects,
// how lines are compared, what counts as a divergence, delays, data left out).

#include "workflows/reproduce.h"

#include "at/redact.h"

#include "at/commands.h"
#include "at/event.h"
#include "engine/clock.h"
#include "engine/framer.h"
#include "engine/parser.h"
#include "engine/pipeline.h"
#include "workflows/logimport.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace qmt::session {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedView(QByteArrayView v)
{
    while (!v.isEmpty() && (isBlank(v.front()) || v.front() == '\r' || v.front() == '\n'))
        v = v.sliced(1);
    while (!v.isEmpty() && (isBlank(v.back()) || v.back() == '\r' || v.back() == '\n'))
        v.chop(1);
    return v;
}

// "+QMTOPEN" of "+QMTOPEN: 0,0"; empty for a line that is not a +NAME: response.
QByteArrayView tagOf(QByteArrayView line)
{
    if (!line.startsWith('+'))
        return {};
    const qsizetype colon = line.indexOf(':');
    return colon < 0 ? line : line.first(colon);
}

bool isResult(at::What w)
{
    switch (w) {
    case at::What::OpenResult:
    case at::What::CloseResult:
    case at::What::ConnResult:
    case at::What::DiscResult:
    case at::What::SubResult:
    case at::What::UnsResult:
    case at::What::PubResult:
        return true;
    default:
        return false;
    }
}

// The module file an upload names: cacert.pem of AT+QFUPL="RAM:cacert.pem",1758,100.
QString uploadFileName(QByteArrayView command)
{
    const qsizetype open = command.indexOf('"');
    const qsizetype close = open < 0 ? -1 : command.indexOf('"', open + 1);
    if (close < 0)
        return {};
    QByteArrayView name = command.sliced(open + 1, close - open - 1);
    const qsizetype colon = name.indexOf(':');
    if (colon >= 0)
        name = name.sliced(colon + 1);
    const qsizetype slash = name.lastIndexOf('/');
    if (slash >= 0)
        name = name.sliced(slash + 1);
    return QString::fromUtf8(name);
}

struct ParsedCommand
{
    at::Cmd cmd = at::Cmd::Unknown;
    at::Form form = at::Form::Exec;
    std::vector<at::Arg> args;
    bool ok = false;
};

ParsedCommand parseCommand(QByteArrayView line)
{
    ParsedCommand p;
    p.ok = at::parseCommandLine(line, &p.cmd, &p.form, &p.args);
    return p;
}

QString lineList(const QList<int> &lines)
{
    QStringList parts;
    for (int l : lines)
        parts << QString::number(l);
    return parts.join(QStringLiteral(", "));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Building

struct Reproduction::Builder::Private
{
    Options options;
    const LogImport *log = nullptr;
    struct Meta
    {
        at::Cmd cmd = at::Cmd::Unknown;
        at::Form form = at::Form::Exec;
        int idx = -1;
        QByteArray msgId;
        bool hasFinal = false;
        bool hasResult = false;
        bool sawData = false;
        qint64 dataFirst = -1, dataEnd = -1; // span of the data in the log's bytes
        QByteArrayList dataParts;
    };
    QList<ReproStep> steps;
    QList<Meta> meta;
    qint64 lastTrafficUs = -1; // the time of the last command or compared answer

    int lineOf(const at::AtEvent &ev) const { return log ? log->lineAt(ev.offset) : 0; }
    void answer(int step, LoggedLine::Kind kind, const at::AtEvent &ev)
    {
        // URCs that are only shown keep their text (a payload's blanks are its own)
        const QByteArray text = kind == LoggedLine::Kind::Shown ? trimmedView(ev.text).toByteArray()
                                                                : Reproduction::normalise(ev.text);
        steps[step].answers.append({kind, text, lineOf(ev)});
        if (kind != LoggedLine::Kind::Shown)
            lastTrafficUs = std::max(lastTrafficUs, ev.timeUs);
    }
    void command(const at::AtEvent &ev);
    void observe(const at::AtEvent &ev);
    void finishStep(int i);
};

Reproduction::Builder::Builder(const Options &options, const LogImport *log) : d(new Private)
{
    d->options = options;
    d->log = log;
}

Reproduction::Builder::~Builder() = default;

void Reproduction::Builder::observe(const at::AtEvent &ev)
{
    d->observe(ev);
}

void Reproduction::Builder::Private::command(const at::AtEvent &ev)
{
    const QByteArray text = trimmedView(ev.text).toByteArray();
    if (!steps.isEmpty()) {
        // A second copy of the command before anything answered it: its echo in the log.
        const Meta &m = meta.last();
        if (!m.hasFinal && !m.sawData && steps.last().answers.isEmpty() && steps.last().step.command == text)
            return;
    }
    ReproStep s;
    s.step.command = text;
    s.commandLine = lineOf(ev);
    s.timeUs = ev.timeUs;
    s.infoCompared = Reproduction::comparesInfo(text);
    Meta m;
    m.cmd = ev.cmd;
    m.form = ev.form;
    m.idx = ev.clientIdx;
    const int msgArg = at::commandInfo(ev.cmd).msgIdArg;
    if (ev.form == at::Form::Set && msgArg >= 0 && msgArg < ev.argCount())
        m.msgId = ev.arg(msgArg).text.toByteArray();
    // The pause before it: since the last command or answer the log shows before it (the runner
    // sends a step when the steps before it have ended).
    if (!steps.isEmpty() && lastTrafficUs >= 0) {
        const double us = double(ev.timeUs - lastTrafficUs) * options.delayScale;
        qint64 ms = us > 0 ? qint64(std::llround(us / 1000.0)) : 0;
        ms = std::min<qint64>(ms, options.maxDelay.count());
        s.step.delay = std::chrono::milliseconds{std::max<qint64>(ms, 0)};
    }
    lastTrafficUs = ev.timeUs;
    steps.append(s);
    meta.append(m);
}

void Reproduction::Builder::Private::observe(const at::AtEvent &ev)
{
    using at::EventType;
    if (ev.echo)
        return; // the module's echo of a command or data we wrote (live sessions)
    const int last = int(steps.size()) - 1;
    const bool running = last >= 0 && !meta[last].hasFinal;
    switch (ev.type) {
    case EventType::Command:
        command(ev);
        return;
    case EventType::Data:
        if (last >= 0) {
            Meta &m = meta[last];
            if (!m.sawData) {
                m.dataFirst = ev.offset;
                if (steps[last].dataLine == 0)
                    steps[last].dataLine = lineOf(ev);
            }
            m.sawData = true;
            m.dataEnd = ev.offset + ev.text.size();
            m.dataParts.append(ev.text.toByteArray());
        }
        return;
    case EventType::Ok:
    case EventType::Error:
    case EventType::CmeError:
        if (running) {
            meta[last].hasFinal = true;
            answer(last, LoggedLine::Kind::Final, ev);
        }
        return;
    case EventType::Response:
        if (isResult(ev.what)) {
            // The command it answers: the latest of that command for that slot (and message id)
            // still without its result, in whatever order the lines came.
            const int msgArg = at::commandInfo(ev.cmd).msgIdArg >= 0 ? 1 : -1;
            const QByteArray msgId = msgArg >= 0 ? ev.arg(msgArg).text.toByteArray() : QByteArray();
            for (int i = last; i >= 0; --i) {
                const Meta &m = meta[i];
                if (m.hasResult || m.form != at::Form::Set || m.cmd != ev.cmd || m.idx != ev.clientIdx)
                    continue;
                if (!m.msgId.isEmpty() && !msgId.isEmpty() && m.msgId != msgId)
                    continue;
                meta[i].hasResult = true;
                answer(i, LoggedLine::Kind::Result, ev);
                return;
            }
            if (last >= 0)
                answer(last, LoggedLine::Kind::Shown, ev);
            return;
        }
        if (!ev.isUrc() && running) {
            answer(last, LoggedLine::Kind::Info, ev);
            return;
        }
        if (last >= 0)
            answer(last, LoggedLine::Kind::Shown, ev);
        return;
    case EventType::Text:
        if (running)
            answer(last, LoggedLine::Kind::Info, ev);
        return;
    case EventType::Boot:
        if (last >= 0)
            answer(last, LoggedLine::Kind::Shown, ev);
        return;
    case EventType::Prompt:
    case EventType::Connect:
    case EventType::Unknown:
        return;
    }
}

void Reproduction::Builder::Private::finishStep(int i)
{
    ReproStep &s = steps[i];
    const Meta &m = meta[i];
    const at::AtCommand c = at::AtCommand::fromText(s.step.command);
    // The data: for an upload the span of the log's bytes (line ends included), else the data
    // events' bytes; Ctrl+Z is the channel's to add.
    if (m.sawData) {
        if (c.dataPhase == at::DataPhase::Connect && log && m.dataFirst >= 0 &&
            m.dataEnd <= log->bytes().size())
            s.step.data = log->bytes().mid(m.dataFirst, m.dataEnd - m.dataFirst);
        else
            s.step.data = m.dataParts.join();
        if (c.dataPhase == at::DataPhase::CtrlZ) {
            const qsizetype z = s.step.data.indexOf('\x1a');
            if (z >= 0)
                s.step.data.truncate(z);
        }
    }
    // Data left out: the importer's record of a data line between this command and the next.
    if (log && c.dataPhase != at::DataPhase::None) {
        const int from = s.commandLine;
        const int to = i + 1 < steps.size() ? steps[i + 1].commandLine : std::numeric_limits<int>::max();
        const auto &lines = log->lines();
        auto it = std::upper_bound(lines.begin(), lines.end(), from,
                                   [](int n, const LogImport::Line &l) { return n < l.number; });
        for (; it != lines.end() && it->number < to; ++it) {
            if ((it->fixes & LogImport::DataLeftOut) && it->kind == LogImport::Kind::Data) {
                s.dataLeftOut = true;
                s.dataLine = it->number;
                break;
            }
        }
    }
    if (c.dataPhase == at::DataPhase::Prompt && s.step.data.isEmpty()) {
        // No data in the log at all: stand in for it as the importer does.
        const qsizetype n = at::Framer::payloadLengthOfCommand(s.step.command);
        if (n > 0) {
            s.step.data = QByteArray(n, '.');
            s.dataLeftOut = true;
        }
    }
    if (c.dataPhase == at::DataPhase::Connect && (s.dataLeftOut || !m.sawData)) {
        s.dataLeftOut = true;
        s.step.data.clear();
        s.step.dataFile = uploadFileName(s.step.command);
    }
    // The expectations: what is compared, in the log's order.
    QByteArrayList expect;
    QList<int> answerLines;
    for (const LoggedLine &l : std::as_const(s.answers)) {
        if (!s.compared(l) || l.text.isEmpty())
            continue;
        expect.append(l.text);
        if (l.line > 0)
            answerLines.append(l.line);
    }
    s.step.expect = expect.join('\n');
    // The note: where it came from, and what the user must fill in.
    QStringList note;
    if (s.commandLine > 0) {
        if (answerLines.isEmpty())
            note << Reproduction::tr("log line %1; no answer logged").arg(s.commandLine);
        else if (answerLines.size() == 1)
            note << Reproduction::tr("log line %1; answer on line %2")
                        .arg(s.commandLine)
                        .arg(answerLines.first());
        else
            note << Reproduction::tr("log line %1; answers on lines %2")
                        .arg(s.commandLine)
                        .arg(lineList(answerLines));
    }
    if (s.dataLeftOut) {
        const QString where = s.dataLine > 0 ? Reproduction::tr(" (line %1)").arg(s.dataLine) : QString();
        if (!s.step.dataFile.isEmpty())
            note << Reproduction::tr("DATA LEFT OUT in the log%1: put %2 next to the sequence file")
                        .arg(where, s.step.dataFile);
        else
            note << Reproduction::tr(
                        "DATA LEFT OUT in the log%1: the %2 byte(s) are placeholders, fill them in")
                        .arg(where)
                        .arg(s.step.data.size());
    }
    s.step.note = note.join(QStringLiteral("; "));
}

Reproduction Reproduction::Builder::finish()
{
    for (int i = 0; i < d->steps.size(); ++i)
        d->finishStep(i);
    Reproduction r;
    r.m_steps = std::move(d->steps);
    d->steps.clear();
    d->meta.clear();
    return r;
}

Reproduction Reproduction::fromLog(const LogImport &log, const Options &options)
{
    ManualClock clock; // stays at 0 when the log has no times: no delays
    Pipeline pipeline(&clock);
    Builder builder(options, &log);
    pipeline.addObserver([&builder](const at::AtEvent &ev) { builder.observe(ev); });
    log.feed(pipeline, &clock);
    return builder.finish();
}

QList<SequenceStep> Reproduction::sequenceSteps() const
{
    QList<SequenceStep> out;
    out.reserve(m_steps.size());
    for (const ReproStep &s : m_steps)
        out.append(s.step);
    return out;
}

void Reproduction::fill(Sequence *sequence, const QString &name) const
{
    if (!name.isEmpty())
        sequence->setName(name);
    sequence->setSteps(sequenceSteps());
}

int Reproduction::placeholders() const
{
    return int(
        std::count_if(m_steps.cbegin(), m_steps.cend(), [](const ReproStep &s) { return s.dataLeftOut; }));
}

bool Reproduction::hasDelays() const
{
    return std::any_of(m_steps.cbegin(), m_steps.cend(),
                       [](const ReproStep &s) { return s.step.delay.count() > 0; });
}

QByteArray Reproduction::normalise(QByteArrayView line)
{
    line = trimmedView(line);
    QByteArray out;
    out.reserve(line.size() + 1);
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"')
            quoted = !quoted;
        if (quoted || c == '"' || !isBlank(c)) {
            out += c;
            continue;
        }
        // a blank outside quotes: none after a comma or another blank, none before a comma
        if (out.endsWith(',') || out.endsWith(' '))
            continue;
        qsizetype j = i;
        while (j < line.size() && isBlank(line[j]))
            ++j;
        if (j < line.size() && line[j] == ',')
            continue;
        out += ' ';
    }
    if (out.startsWith('+')) {
        const qsizetype colon = out.indexOf(':');
        if (colon > 0 && colon + 1 < out.size() && out[colon + 1] != ' ' && !out.first(colon).contains('"'))
            out.insert(colon + 1, ' ');
    }
    return out;
}

bool Reproduction::comparesInfo(QByteArrayView commandLine)
{
    const ParsedCommand p = parseCommand(trimmedView(commandLine));
    if (!p.ok || p.form == at::Form::Test)
        return false;
    switch (p.cmd) {
    case at::Cmd::Unknown:
    case at::Cmd::ATI:
    case at::Cmd::GMR:
    case at::Cmd::CGMR:
    case at::Cmd::QFLDS:
        return false;
    case at::Cmd::QIACT:
        return p.form != at::Form::Query; // the IP address the network gave
    default:
        return true;
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing

Comparison Comparison::compare(const Reproduction &reproduction, const QList<StepReport> &ours)
{
    using Row = CompareRow;
    Comparison c;
    const QList<ReproStep> &steps = reproduction.steps();
    for (int i = 0; i < steps.size(); ++i) {
        const ReproStep &s = steps[i];
        const StepReport r = ours.value(i);
        StepComparison sc;
        sc.index = i;
        sc.command = at::redactSecrets(s.step.command); // the comparison is shown and shared: no secrets
        sc.commandLine = s.commandLine;
        sc.verdict = r.why;

        // Ours, in the same kinds as theirs.
        QByteArrayList ourInfo;
        QByteArray ourFinal, ourResult;
        if (r.answered) {
            ourFinal = Reproduction::normalise(SequenceRunner::finalLine(r.result));
            const ParsedCommand p = parseCommand(r.sent.isEmpty() ? s.step.command : r.sent);
            const bool hasResult = p.form == at::Form::Set && at::hasResultUrc(p.cmd);
            const QByteArray tag = '+' + QByteArray(at::cmdName(p.cmd));
            for (const QByteArray &l : r.result.lines) {
                const QByteArray n = Reproduction::normalise(l);
                if (hasResult && ourResult.isEmpty() && tagOf(n) == tag)
                    ourResult = n;
                else
                    ourInfo.append(n);
            }
        }
        auto pair = [](const QByteArray &theirs, int line, const QByteArray &mine, bool compared) {
            Row row;
            row.theirs = theirs;
            row.theirLine = line;
            row.ours = mine;
            if (!compared)
                row.status = Row::Status::Shown;
            else if (theirs.isEmpty())
                row.status = Row::Status::Extra;
            else if (mine.isEmpty())
                row.status = Row::Status::Missing;
            else
                row.status = theirs == mine ? Row::Status::Same : Row::Status::Different;
            return row;
        };

        // Information responses, in order.
        QList<const LoggedLine *> info, shown;
        const LoggedLine *final = nullptr, *result = nullptr;
        for (const LoggedLine &l : s.answers) {
            switch (l.kind) {
            case LoggedLine::Kind::Info:
                info.append(&l);
                break;
            case LoggedLine::Kind::Final:
                if (!final)
                    final = &l;
                break;
            case LoggedLine::Kind::Result:
                if (!result)
                    result = &l;
                break;
            case LoggedLine::Kind::Shown:
                shown.append(&l);
                break;
            }
        }
        const qsizetype nInfo = std::max(info.size(), ourInfo.size());
        for (qsizetype k = 0; k < nInfo; ++k) {
            const LoggedLine *t = info.value(k);
            sc.rows.append(
                pair(t ? t->text : QByteArray(), t ? t->line : 0, ourInfo.value(k), s.infoCompared));
        }
        const bool logged = final || result || (s.infoCompared && !info.isEmpty());
        Row finalRow = pair(final ? final->text : QByteArray(), final ? final->line : 0, ourFinal, true);
        Row resultRow =
            pair(result ? result->text : QByteArray(), result ? result->line : 0, ourResult, true);
        const bool resultFirst = final && result && result->line < final->line;
        for (int k = 0; k < 2; ++k) {
            const Row &row = (k == 0) != resultFirst ? finalRow : resultRow;
            if (!row.theirs.isEmpty() || !row.ours.isEmpty())
                sc.rows.append(row);
        }
        for (const LoggedLine *l : std::as_const(shown))
            sc.rows.append(pair(l->text, l->line, {}, false));
        for (const QByteArray &u : r.urcs)
            sc.rows.append(pair({}, 0, trimmedView(u).toByteArray(), false));

        if (!logged) {
            sc.status = StepComparison::Status::Unlogged;
        } else {
            bool different = false, missing = false, extra = false;
            for (const Row &row : std::as_const(sc.rows)) {
                different = different || row.status == Row::Status::Different;
                missing = missing || row.status == Row::Status::Missing;
                extra = extra || row.status == Row::Status::Extra;
            }
            sc.status = different ? StepComparison::Status::Different
                        : missing ? StepComparison::Status::Missing
                        : extra   ? StepComparison::Status::Extra
                                  : StepComparison::Status::Same;
        }
        if (c.m_first < 0 && sc.diverges()) {
            c.m_first = i;
            sc.firstDivergence = true;
        }
        c.m_steps.append(sc);
    }
    return c;
}

int Comparison::count(StepComparison::Status status) const
{
    return int(std::count_if(m_steps.cbegin(), m_steps.cend(),
                             [status](const StepComparison &s) { return s.status == status; }));
}

QChar Comparison::markOf(CompareRow::Status s)
{
    switch (s) {
    case CompareRow::Status::Same:
        return QLatin1Char('=');
    case CompareRow::Status::Different:
        return QChar(0x2260); // ≠
    case CompareRow::Status::Missing:
        return QChar(0x2212); // −
    case CompareRow::Status::Extra:
        return QLatin1Char('+');
    case CompareRow::Status::Shown:
        break;
    }
    return QLatin1Char(' ');
}

QString Comparison::statusKey(StepComparison::Status s)
{
    switch (s) {
    case StepComparison::Status::Same:
        return QStringLiteral("same");
    case StepComparison::Status::Different:
        return QStringLiteral("different");
    case StepComparison::Status::Missing:
        return QStringLiteral("missing");
    case StepComparison::Status::Extra:
        return QStringLiteral("extra");
    case StepComparison::Status::Unlogged:
        return QStringLiteral("unlogged");
    }
    return {};
}

QString Comparison::statusKey(CompareRow::Status s)
{
    switch (s) {
    case CompareRow::Status::Same:
        return QStringLiteral("same");
    case CompareRow::Status::Different:
        return QStringLiteral("different");
    case CompareRow::Status::Missing:
        return QStringLiteral("missing");
    case CompareRow::Status::Extra:
        return QStringLiteral("extra");
    case CompareRow::Status::Shown:
        return QStringLiteral("shown");
    }
    return {};
}

QString Comparison::statusText(StepComparison::Status s)
{
    switch (s) {
    case StepComparison::Status::Same:
        return tr("same");
    case StepComparison::Status::Different:
        return tr("DIFFERENT");
    case StepComparison::Status::Missing:
        return tr("MISSING: the log shows an answer we did not get");
    case StepComparison::Status::Extra:
        return tr("EXTRA: we got an answer the log does not show");
    case StepComparison::Status::Unlogged:
        return tr("no answer in the log");
    }
    return {};
}

QString Comparison::toText(const QString &ourSide) const
{
    const QString left = tr("customer's log");
    const QString right = ourSide.isEmpty() ? tr("ours") : ourSide;
    qsizetype width = left.size();
    for (const StepComparison &s : m_steps)
        for (const CompareRow &r : s.rows)
            width = std::max<qsizetype>(width, QString::fromUtf8(r.theirs).size());
    width = std::min<qsizetype>(width, 56);

    QString out;
    QStringList counts;
    const std::pair<StepComparison::Status, QString> kinds[] = {
        {StepComparison::Status::Same, tr("%n same", nullptr, count(StepComparison::Status::Same))},
        {StepComparison::Status::Different,
         tr("%n different", nullptr, count(StepComparison::Status::Different))},
        {StepComparison::Status::Missing, tr("%n missing", nullptr, count(StepComparison::Status::Missing))},
        {StepComparison::Status::Extra, tr("%n extra", nullptr, count(StepComparison::Status::Extra))},
        {StepComparison::Status::Unlogged,
         tr("%n not answered in the log", nullptr, count(StepComparison::Status::Unlogged))},
    };
    for (const auto &k : kinds)
        if (count(k.first) > 0)
            counts << k.second;
    out += tr("%n step(s): %1.", nullptr, int(m_steps.size())).arg(counts.join(QStringLiteral(", "))) +
           QLatin1Char(' ');
    if (m_first >= 0) {
        const StepComparison &f = m_steps[m_first];
        out += f.commandLine > 0
                   ? tr("First divergence: step %1 (log line %2), %3.")
                         .arg(m_first + 1)
                         .arg(f.commandLine)
                         .arg(QString::fromUtf8(f.command))
                   : tr("First divergence: step %1, %2.").arg(m_first + 1).arg(QString::fromUtf8(f.command));
    } else {
        out += tr("No divergence.");
    }
    out += QLatin1String("\n\n");
    out += QStringLiteral("%1  %2     %3\n").arg(tr("line"), 6).arg(left.leftJustified(width), right);
    for (const StepComparison &s : m_steps) {
        QString head = tr("step %1").arg(s.index + 1);
        if (s.commandLine > 0)
            head += QStringLiteral(" · ") + tr("line %1").arg(s.commandLine);
        head += QStringLiteral(" · ") + QString::fromUtf8(s.command) + QStringLiteral(" — ") +
                statusText(s.status);
        if (s.firstDivergence)
            head += QStringLiteral("   ◀◀ ") + tr("FIRST DIVERGENCE");
        out += (s.firstDivergence ? QStringLiteral("▶ ") : QStringLiteral("  ")) + head + QLatin1Char('\n');
        for (const CompareRow &r : s.rows) {
            const QChar mark = markOf(r.status);
            const QString lineNo = r.theirLine > 0 ? QString::number(r.theirLine) : QString();
            out +=
                QStringLiteral("%1  %2  %3  %4\n")
                    .arg(lineNo, 6)
                    .arg(QString::fromUtf8(r.theirs).leftJustified(width), mark, QString::fromUtf8(r.ours));
        }
        if (!s.verdict.isEmpty() && s.diverges())
            out += QStringLiteral("        ") + tr("(our run: %1)").arg(s.verdict) + QLatin1Char('\n');
    }
    return out;
}

QJsonObject Comparison::toJson() const
{
    QJsonArray steps;
    for (const StepComparison &s : m_steps) {
        QJsonArray rows;
        for (const CompareRow &r : s.rows) {
            QJsonObject row{{QStringLiteral("status"), statusKey(r.status)}};
            if (!r.theirs.isEmpty()) {
                row.insert(QStringLiteral("theirs"), QString::fromUtf8(r.theirs));
                if (r.theirLine > 0)
                    row.insert(QStringLiteral("line"), r.theirLine);
            }
            if (!r.ours.isEmpty())
                row.insert(QStringLiteral("ours"), QString::fromUtf8(r.ours));
            rows.append(row);
        }
        QJsonObject o{{QStringLiteral("step"), s.index + 1},
                      {QStringLiteral("command"), QString::fromUtf8(s.command)},
                      {QStringLiteral("status"), statusKey(s.status)},
                      {QStringLiteral("firstDivergence"), s.firstDivergence},
                      {QStringLiteral("rows"), rows}};
        if (s.commandLine > 0)
            o.insert(QStringLiteral("line"), s.commandLine);
        if (!s.verdict.isEmpty())
            o.insert(QStringLiteral("verdict"), s.verdict);
        steps.append(o);
    }
    QJsonObject counts;
    for (auto st :
         {StepComparison::Status::Same, StepComparison::Status::Different, StepComparison::Status::Missing,
          StepComparison::Status::Extra, StepComparison::Status::Unlogged})
        counts.insert(statusKey(st), count(st));
    return QJsonObject{
        {QStringLiteral("diverged"), diverged()},
        {QStringLiteral("firstDivergence"), m_first >= 0 ? QJsonValue(m_first + 1) : QJsonValue()},
        {QStringLiteral("firstDivergenceLine"), m_first >= 0 && m_steps[m_first].commandLine > 0
                                                    ? QJsonValue(m_steps[m_first].commandLine)
                                                    : QJsonValue()},
        {QStringLiteral("counts"), counts},
        {QStringLiteral("steps"), steps},
    };
}

// ---------------------------------------------------------------------------------------------
// Running

Reproducer::Reproducer(CommandChannel *channel, Pipeline *pipeline, QObject *parent)
    : QObject(parent), m_sequence(new Sequence(this)), m_runner(new SequenceRunner(channel, pipeline, this))
{
    m_runner->setStopAtFailure(false);
    m_runner->setSequence(m_sequence);
    connect(m_runner, &SequenceRunner::stepFinished, this, &Reproducer::stepFinished);
    connect(m_runner, &SequenceRunner::finished, this, [this] {
        m_comparison = Comparison::compare(m_reproduction, m_runner->reports());
        emit finished();
    });
}

Reproducer::~Reproducer() = default;

void Reproducer::start(const Reproduction &reproduction)
{
    m_runner->stop();
    m_reproduction = reproduction;
    m_comparison = Comparison{};
    reproduction.fill(m_sequence);
    if (m_sequence->count() == 0) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_comparison = Comparison::compare(m_reproduction, {});
                emit finished();
            },
            Qt::QueuedConnection);
        return;
    }
    m_runner->runAll();
}

void Reproducer::stop()
{
    m_runner->stop();
}

bool Reproducer::isRunning() const
{
    return m_runner->isRunning();
}

} // namespace qmt::session
