// SPDX-License-Identifier: Apache-2.0
// How a step is judged (also in docs/sequences.md):
//
// - Before it is sent: its data is read (from its data file if it has one), {size} and
//   {checksum} are expanded in the command and the expectations, and the step is refused with a
//   reason when the data cannot be what the command asks for (data for a command without a data
//   phase, a declared length that differs from the data, no port).
// - No expectation: the step passes when CommandResult::succeeded() — the final result is OK
//   and the result URC, if the command has one, reports 0.
// - Expectations: each must match a line of the answer (information responses, the result URC,
//   the final result "OK" / "ERROR" / "+CME ERROR: <n>") or a URC that arrived while the step
//   ran. One that is not there yet is waited for — up to the step's timeout, or the channel's
//   for that command — when it could still come: it is no final result, and the command's own
//   answer holds no line of the same kind (an expected "+QMTCONN: 0,0,0" is decided by the
//   "+QMTCONN: 0,0,5" that came instead; a "+QMTRECV: …" after a publish is waited for). A
//   command that ended without OK fails the step at once unless every expectation is already
//   met (an expected "ERROR" or "+CME ERROR: 407").
// - A run stops at the first step that fails, unless setStopAtFailure(false) (scripts).
// - In a run of every step, a step with a delay is sent that long after the step before it
//   ended (a QTimer; stop() cancels it). Step (one step at a time) sends at once.

#include "workflows/sequencerunner.h"

#include "at/checksum.h"
#include "engine/framer.h"
#include "at/spec.h"
#include "io/session.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>

namespace qmt::session {

namespace {

QByteArrayView trimmedView(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

bool glob(QByteArrayView p, QByteArrayView s)
{
    qsizetype pi = 0, si = 0, star = -1, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (pi < p.size() && p[pi] == s[si]) {
            ++pi;
            ++si;
        } else if (star >= 0) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

bool isFinalResult(QByteArrayView e)
{
    e = trimmedView(e);
    return e == "OK" || e == "ERROR" || e.startsWith("+CME ERROR");
}

// "+QMTOPEN" of "+QMTOPEN: 0,0"; empty for a line that is not a +NAME: response.
QByteArrayView tagOf(QByteArrayView line)
{
    line = trimmedView(line);
    if (!line.startsWith('+'))
        return {};
    const qsizetype colon = line.indexOf(':');
    return colon < 0 ? line : line.first(colon);
}

// The size argument of AT+QFUPL="name",<size>,…; -1 when absent or not a number.
qint64 qfuplSize(QByteArrayView line)
{
    const qsizetype open = line.indexOf('"');
    const qsizetype close = open < 0 ? -1 : line.indexOf('"', open + 1);
    if (close < 0 || close + 1 >= line.size() || line[close + 1] != ',')
        return -1;
    qsizetype i = close + 2, end = i;
    while (end < line.size() && line[end] >= '0' && line[end] <= '9')
        ++end;
    bool ok = false;
    const qint64 n = QByteArray(line.data() + i, end - i).toLongLong(&ok);
    return ok ? n : -1;
}

// What a failing result code means, from the spec tables (translated), or an empty string.
QString meaningOf(const at::AtCommand &c, const CommandResult &r)
{
    const spec::CodeText *t = nullptr;
    if (r.outcome == CommandResult::Outcome::CmeError && r.cmeCode >= 400)
        t = spec::fileError(r.cmeCode);
    else if (r.outcome == CommandResult::Outcome::Ok && r.resultUrcSeen && r.resultCode != 0) {
        switch (c.cmd) {
        case at::Cmd::QMTOPEN:
            t = spec::openResult(r.resultCode);
            break;
        case at::Cmd::QMTCLOSE:
        case at::Cmd::QMTDISC:
            t = spec::closeResult(r.resultCode);
            break;
        case at::Cmd::QMTCONN:
            t = spec::connackCode(r.resultCode);
            break;
        case at::Cmd::QMTSUB:
        case at::Cmd::QMTUNS:
        case at::Cmd::QMTPUBEX:
        case at::Cmd::QMTPUB:
            t = spec::packetResult(r.resultCode);
            break;
        default:
            break;
        }
    }
    return t ? QCoreApplication::translate("qmt::spec", t->text) : QString();
}

QString text(QByteArrayView v)
{
    return QString::fromUtf8(v);
}

} // namespace

SequenceRunner::SequenceRunner(Session *session, QObject *parent)
    : SequenceRunner(&session->channel(), &session->pipeline(), parent)
{
}

SequenceRunner::SequenceRunner(CommandChannel *channel, Pipeline *pipeline, QObject *parent)
    : QObject(parent), m_channel(channel), m_pipeline(pipeline)
{
    m_waitTimer.setSingleShot(true);
    m_delayTimer.setSingleShot(true);
    m_delayTimer.setTimerType(Qt::PreciseTimer); // a reproduced pause is not cut short
    connect(&m_delayTimer, &QTimer::timeout, this, [this] {
        const int i = m_delayed;
        m_delayed = -1;
        if (i >= 0 && i == m_current && m_sequence && i < m_sequence->count())
            sendStep(i);
    });
    connect(&m_waitTimer, &QTimer::timeout, this, [this] {
        if (!m_waiting)
            return;
        QByteArrayList unmet;
        const StepReport &r = m_reports[m_current];
        for (const QByteArray &e : std::as_const(m_expect)) {
            if (!seenIn(r, e))
                unmet.append(e);
        }
        conclude(false, tr("expected %1, not seen within %2 s")
                            .arg(text(unmet.value(0)))
                            .arg(double(m_waitLimit.count()) / 1000.0, 0, 'g', 3));
    });
    m_observer = m_pipeline->addObserver([this](const at::AtEvent &ev) { onEvent(ev); });
}

SequenceRunner::~SequenceRunner()
{
    // The channel is a QPointer: the session (and its pipeline) may have gone first.
    if (m_channel)
        m_pipeline->removeObserver(m_observer);
}

void SequenceRunner::setSequence(Sequence *sequence)
{
    if (m_sequence == sequence)
        return;
    stop();
    if (m_sequence)
        disconnect(m_sequence, nullptr, this, nullptr);
    m_sequence = sequence;
    if (m_sequence)
        connect(m_sequence, &Sequence::changed, this, &SequenceRunner::onSequenceChanged);
    reset();
}

int SequenceRunner::passedCount() const
{
    return int(std::count_if(m_reports.cbegin(), m_reports.cend(),
                             [](const StepReport &r) { return r.status == StepReport::Status::Passed; }));
}

int SequenceRunner::failedCount() const
{
    return int(std::count_if(m_reports.cbegin(), m_reports.cend(), [](const StepReport &r) {
        return r.status == StepReport::Status::Failed || r.status == StepReport::Status::Stopped;
    }));
}

void SequenceRunner::resizeReports()
{
    const int n = m_sequence ? m_sequence->count() : 0;
    if (m_reports.size() == n)
        return;
    m_reports.resize(n);
    m_ran.resize(n);
    m_next = qMin(m_next, n);
    emit reportsReset();
}

void SequenceRunner::reset()
{
    if (isRunning())
        stop();
    const int n = m_sequence ? m_sequence->count() : 0;
    m_reports = QList<StepReport>(n);
    m_ran = QList<SequenceStep>(n);
    m_next = 0;
    emit reportsReset();
    emit progress(0, n);
}

void SequenceRunner::onSequenceChanged()
{
    if (isRunning()) {
        resizeReports(); // steps added by the forms meanwhile
        return;
    }
    // Reports stay valid while the steps they describe are unchanged.
    const QList<SequenceStep> &steps = m_sequence->steps();
    bool keep = m_next <= steps.size();
    for (int i = 0; keep && i < m_next; ++i)
        keep = steps[i] == m_ran[i];
    if (keep)
        resizeReports();
    else
        reset();
}

void SequenceRunner::runAll()
{
    start(0, Mode::All);
}

void SequenceRunner::step()
{
    start(m_sequence && m_next < m_sequence->count() ? m_next : 0, Mode::Single);
}

void SequenceRunner::start(int first, Mode mode)
{
    if (!m_sequence || isRunning() || m_sequence->count() == 0)
        return;
    if (first == 0)
        reset();
    else
        resizeReports();
    m_mode = mode;
    m_runFailed = false;
    m_current = first;
    emit runningChanged(true);
    emit progress(first, m_sequence->count());
    startStep(first);
}

void SequenceRunner::startStep(int index)
{
    m_current = index;
    const std::chrono::milliseconds delay = m_sequence->steps().at(index).delay;
    if (m_mode == Mode::All && delay.count() > 0) {
        m_delayed = index;
        m_delayTimer.start(delay);
        return;
    }
    sendStep(index);
}

void SequenceRunner::sendStep(int index)
{
    m_current = index;
    const SequenceStep step = m_sequence->steps().at(index);
    m_ran[index] = step;
    StepReport &r = m_reports[index];
    r = StepReport{};
    r.status = StepReport::Status::Running;
    m_expect.clear();
    emit stepStarted(index);

    QByteArray data = step.data;
    if (!step.dataFile.isEmpty()) {
        const QString path = m_sequence->resolveDataFile(step);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            conclude(false, tr("cannot read the data file %1: %2").arg(path, f.errorString()));
            return;
        }
        data = f.readAll();
    }
    r.sent = expand(step.command, data).trimmed();
    const QString problem = checkStep(r.sent, data);
    if (!problem.isEmpty()) {
        conclude(false, problem);
        return;
    }
    QIODevice *device = m_channel ? m_channel->device() : nullptr;
    if (!device || !device->isOpen()) {
        conclude(false, tr("not connected: open a port first"));
        return;
    }
    at::AtCommand c = at::AtCommand::fromText(r.sent);
    if (c.dataPhase != at::DataPhase::None) {
        c.payload = data;
        r.dataBytes = data.size();
    }
    if (step.timeout.count() > 0)
        c.timeout = step.timeout;
    for (const QByteArray &e : step.expectations()) {
        const QByteArray x = expand(e, data).trimmed();
        if (!x.isEmpty())
            m_expect.append(x);
    }
    m_waitLimit = step.timeout.count() > 0 ? step.timeout : m_channel->timeoutFor(c);
    m_collecting = true;
    m_waiting = false;
    m_pending = m_channel->enqueue(std::move(c));
    connect(m_pending, &CommandReply::finished, this, &SequenceRunner::onFinished);
}

void SequenceRunner::onFinished(const CommandResult &result)
{
    if (sender() != m_pending || m_current < 0)
        return;
    m_pending = nullptr;
    StepReport &r = m_reports[m_current];
    r.answered = true;
    r.result = result;
    const QByteArray final = finalLine(result);
    if (result.resultUrcSeen && !final.isEmpty()) {
        r.answer = QByteArrayList{final} + result.lines; // OK, then the result URC
    } else {
        r.answer = result.lines;
        if (!final.isEmpty())
            r.answer.append(final);
    }
    m_sinceAnswer.start();
    // Judged from the event loop: URCs that came in the same read are in by then.
    const quint64 gen = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, gen] {
            if (gen == m_generation)
                evaluate();
        },
        Qt::QueuedConnection);
}

void SequenceRunner::onEvent(const at::AtEvent &ev)
{
    if (!m_collecting || m_current < 0 || ev.dir != at::Direction::FromModule || !ev.isUrc())
        return;
    m_reports[m_current].urcs.append(ev.text.toByteArray());
    if (m_waiting) {
        const quint64 gen = m_generation;
        QMetaObject::invokeMethod(
            this,
            [this, gen] {
                if (gen == m_generation)
                    checkWaiting();
            },
            Qt::QueuedConnection);
    }
}

void SequenceRunner::evaluate()
{
    if (m_current < 0)
        return;
    const StepReport &r = m_reports[m_current];
    const CommandResult &res = r.result;
    const at::AtCommand c = at::AtCommand::fromText(r.sent);
    auto failure = [&] {
        const QString meaning = meaningOf(c, res);
        return meaning.isEmpty() ? res.describe() : tr("%1: %2").arg(res.describe(), meaning);
    };
    if (m_expect.isEmpty()) {
        if (res.succeeded())
            conclude(true, res.describe());
        else
            conclude(false, failure());
        return;
    }
    auto seen = [&](const QByteArray &e) {
        for (const QByteArrayList *lines : {&r.answer, &r.urcs})
            for (const QByteArray &l : *lines)
                if (matches(e, l))
                    return true;
        return false;
    };
    QByteArrayList unmet;
    for (const QByteArray &e : std::as_const(m_expect))
        if (!seen(e))
            unmet.append(e);
    if (unmet.isEmpty()) {
        conclude(true, tr("as expected: %1").arg(text(m_expect.join("; "))));
        return;
    }
    if (res.outcome != CommandResult::Outcome::Ok) {
        conclude(false, tr("%1 — expected %2").arg(failure(), text(unmet.first())));
        return;
    }
    bool hasText = false;
    QList<QByteArrayView> tags;
    for (const QByteArray &l : res.lines) {
        const QByteArrayView t = tagOf(l);
        if (t.isEmpty())
            hasText = true;
        else
            tags.append(t);
    }
    for (const QByteArray &e : std::as_const(unmet)) {
        const QByteArrayView tag = tagOf(e);
        const bool mayStillCome = !isFinalResult(e) && (tag.isEmpty() ? !hasText : !tags.contains(tag));
        if (mayStillCome)
            continue;
        // The answer that came instead: a line of the same kind, else the final result.
        QByteArray got = finalLine(res);
        for (const QByteArray &l : res.lines)
            if (!tag.isEmpty() && tagOf(l) == tag)
                got = l;
        const QString meaning = meaningOf(c, res);
        conclude(false, meaning.isEmpty() ? tr("expected %1, got %2").arg(text(e), text(got))
                                          : tr("expected %1, got %2: %3").arg(text(e), text(got), meaning));
        return;
    }
    m_waiting = true;
    m_waitTimer.start(m_waitLimit);
}

bool SequenceRunner::seenIn(const StepReport &r, QByteArrayView expectation)
{
    for (const QByteArrayList *lines : {&r.answer, &r.urcs})
        for (const QByteArray &l : *lines)
            if (matches(expectation, l))
                return true;
    return false;
}

void SequenceRunner::checkWaiting()
{
    if (!m_waiting || m_current < 0)
        return;
    const StepReport &r = m_reports[m_current];
    for (const QByteArray &e : std::as_const(m_expect)) {
        if (!seenIn(r, e))
            return;
    }
    conclude(true, tr("as expected: %1").arg(text(m_expect.join("; "))));
}

void SequenceRunner::conclude(bool passed, const QString &why)
{
    if (m_current < 0)
        return;
    const int i = m_current;
    StepReport &r = m_reports[i];
    m_waitTimer.stop();
    m_waiting = false;
    m_collecting = false;
    if (m_pending)
        m_pending->disconnect(this);
    m_pending = nullptr;
    ++m_generation;
    // The result URC is in the answer already.
    for (const QByteArray &l : std::as_const(r.result.lines))
        r.urcs.removeOne(l);
    if (r.answered)
        r.elapsedMs = r.result.elapsedMs + m_sinceAnswer.elapsed(); // the command, then the wait for URCs
    r.status = passed ? StepReport::Status::Passed : StepReport::Status::Failed;
    r.why = why;
    m_next = i + 1;
    const int total = m_sequence ? m_sequence->count() : 0;
    emit stepFinished(i);
    emit progress(i + 1, total);
    m_runFailed = m_runFailed || !passed;
    if (!passed && (m_stopAtFailure || m_mode != Mode::All)) {
        endRun(false);
        return;
    }
    if (m_mode == Mode::All && i + 1 < total) {
        startStep(i + 1);
        return;
    }
    endRun(!m_runFailed);
}

void SequenceRunner::endRun(bool passed)
{
    m_current = -1;
    emit runningChanged(false);
    emit finished(passed);
}

void SequenceRunner::stop()
{
    if (!isRunning())
        return;
    const int i = m_current;
    StepReport &r = m_reports[i];
    const bool inFlight = !m_pending.isNull();
    m_delayTimer.stop();
    m_delayed = -1;
    m_waitTimer.stop();
    m_waiting = false;
    m_collecting = false;
    if (m_pending)
        m_pending->disconnect(this);
    m_pending = nullptr;
    ++m_generation;
    r.status = StepReport::Status::Stopped;
    r.why = inFlight ? tr("stopped; the command still finishes on the channel") : tr("stopped");
    m_next = i + 1;
    emit stepFinished(i);
    emit progress(i + 1, m_sequence ? m_sequence->count() : 0);
    endRun(false);
}

// ---- rules ----

bool SequenceRunner::matches(QByteArrayView expectation, QByteArrayView line)
{
    return glob(trimmedView(expectation), trimmedView(line));
}

QByteArray SequenceRunner::expand(QByteArrayView text, const QByteArray &data)
{
    QByteArray out = text.toByteArray();
    if (out.contains("{size}"))
        out.replace("{size}", QByteArray::number(data.size()));
    if (out.contains("{checksum}"))
        out.replace("{checksum}", at::formatChecksum(at::qfuplChecksum(data)));
    return out;
}

QString SequenceRunner::checkStep(const QByteArray &command, const QByteArray &data)
{
    const QByteArray line = command.trimmed();
    if (line.isEmpty())
        return tr("the step has no command");
    if (line.contains('\r') || line.contains('\n'))
        return tr("a command is one line: it holds a line break");
    const at::AtCommand c = at::AtCommand::fromText(line);
    switch (c.dataPhase) {
    case at::DataPhase::None:
        if (!data.isEmpty())
            return tr("this command asks for no data, so the step's %n byte(s) of data would not be sent", "",
                      int(data.size()));
        break;
    case at::DataPhase::Prompt: {
        const qsizetype declared = at::Framer::payloadLengthOfCommand(line);
        if (declared != data.size())
            return tr("the command declares %1 bytes of data, the step has %2 (write {size} to use the data's length)")
                .arg(declared)
                .arg(data.size());
        break;
    }
    case at::DataPhase::CtrlZ:
        if (data.contains('\x1a'))
            return tr("the data holds Ctrl+Z (0x1A), which would end it early");
        break;
    case at::DataPhase::Connect: {
        if (data.isEmpty())
            return tr("no data to upload");
        const qint64 declared = qfuplSize(line);
        if (declared >= 0 && declared != data.size())
            return tr("the command declares %1 bytes of data, the step has %2 (write {size} to use the data's length)")
                .arg(declared)
                .arg(data.size());
        break;
    }
    }
    return {};
}

QByteArray SequenceRunner::finalLine(const CommandResult &result)
{
    switch (result.outcome) {
    case CommandResult::Outcome::Ok:
        return "OK";
    case CommandResult::Outcome::Error:
        return "ERROR";
    case CommandResult::Outcome::CmeError:
        return "+CME ERROR: " +
               (result.cmeText.isEmpty() ? QByteArray::number(result.cmeCode) : result.cmeText);
    default:
        return {};
    }
}

} // namespace qmt::session
