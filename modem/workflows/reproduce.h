// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reproduce a customer's log: the host's commands and data become a sequence, the customer's
// answers its expectations and the pauses between commands its delays (Reproduction); the
// sequence is played against a module or the simulator (Reproducer, over a SequenceRunner) and
// the customer's answers are set beside ours, step by step, with the first divergence marked
// (Comparison). qmtscope-cli reproduce is the command-line face (app/cli/reproduce.cpp).
//
// What a step expects (the rules, also in docs/sequences.md, "Reproducing a log"):
//   - the command's final result (OK, ERROR, +CME ERROR: …), its information responses, and its
//     result URC for that slot (+QMTOPEN: 0,0 — matched by command, slot and message id, not by
//     order, as PROTOCOL.md §1 asks);
//   - not URCs that are no result of the command (+QMTSTAT, +QMTRECV, +QMTPING, RDY, a result URC
//     of another slot): they are shown beside the step, not compared;
//   - not the ranges of a test form (AT+QMTOPEN=?) nor identity and status answers (ATI, AT+GMR,
//     AT+CGMR, AT+QFLDS, AT+QIACT?, commands the tables do not know such as AT+CSQ), which differ
//     between modules and firmware: shown, only their final result is compared.
// Lines are compared normalised: blanks at either end and around commas (outside quotes) are
// ignored, runs of blanks count as one, "+NAME:x" is "+NAME: x". Message ids are compared as they
// are: the sequence sends the log's own commands, so a module that behaves alike answers with the
// same ids. Numeric and verbose +CME ERROR are different lines (the log's AT+CMEE is replayed).
//
// Per step: same (every compared line alike), different (a line of the same kind differs:
// +QMTOPEN: 0,3 against +QMTOPEN: 0,0), missing (the log shows a line we did not get: no result
// URC, the step not run), extra (we got a line the log does not show: the log has OK and no
// result URC), unlogged (the log shows no answer at all to the command — it ended, or shows only
// the host's side: not a divergence). The first step that is different, missing or extra is the
// first divergence.
//
// Delays: a step's delay is the log's pause between the last command or answer logged before
// it (URCs that are only shown do not count) and this command, from the events' times
// (AtEvent::timeUs: the log's timestamps when LogImport::feed() is given a ManualClock). Without
// times in the log (all times equal) there are no delays. Options scale and cap them.
//
// Data left out by the log: a publish's data stays the importer's stand-in ('.' bytes of the
// declared length), so the step still runs; an upload's data becomes a data file named after the
// module file (RAM:cacert.pem -> cacert.pem, next to the sequence file). Either way the step's
// note says so, with the line: the user must fill it in.

#include "io/commandchannel.h"
#include "workflows/sequence.h"
#include "workflows/sequencerunner.h"

#include <QByteArrayList>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

namespace qmt::at {
struct AtEvent;
}

namespace qmt::session {

class LogImport;
class Pipeline;

// A line of the customer's answer to a command, as the log shows it.
struct LoggedLine
{
    enum class Kind : std::uint8_t {
        Info,   // an information response (+QMTCFG: "keepalive",0,120; +QFUPL: 1758,384a)
        Final,  // OK, ERROR, +CME ERROR: …
        Result, // the command's result URC for its slot (+QMTOPEN: 0,0)
        Shown,  // a URC that is no result of the command: shown beside the step, not compared
    };
    Kind kind = Kind::Info;
    QByteArray text; // normalised (Reproduction::normalise)
    int line = 0;    // the log's line, 1-based (0 when unknown)
};

// One command of the log: the step made of it and where it came from.
struct ReproStep
{
    SequenceStep step;
    int commandLine = 0;       // the log's line of the command (1-based, 0 when unknown)
    int dataLine = 0;          // the line of its data (or of the placeholder), 0 when none
    bool dataLeftOut = false;  // the log left the data out: step.data / dataFile is a placeholder
    QList<LoggedLine> answers; // the customer's answer lines, in log order (compared and shown)
    qint64 timeUs = -1;        // the command's time in the log, -1 without times
    bool infoCompared = true;  // Reproduction::comparesInfo() of the command
    // Whether a line of the answer is compared (and expected by the step).
    bool compared(const LoggedLine &l) const
    {
        return l.kind == LoggedLine::Kind::Final || l.kind == LoggedLine::Kind::Result ||
               (l.kind == LoggedLine::Kind::Info && infoCompared);
    }
};

class Reproduction
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::Reproduction)
public:
    struct Options
    {
        double delayScale = 1.0; // the log's pauses are multiplied by this
        // Each delay is at most this long (0: no delays at all); the file format allows an hour.
        std::chrono::milliseconds maxDelay{std::chrono::hours{1}};
    };

    // Builds a reproduction from the events of a pipeline, fed in order (observe() from a
    // Pipeline observer). With the LogImport the log came from, events are mapped to its lines
    // and data left out is recognised; without (a live session's events), lines are 0.
    class Builder
    {
    public:
        explicit Builder(const Options &options, const LogImport *log = nullptr);
        ~Builder();
        Builder(const Builder &) = delete;
        Builder &operator=(const Builder &) = delete;
        void observe(const at::AtEvent &ev);
        Reproduction finish();

    private:
        struct Private;
        std::unique_ptr<Private> d;
    };

    // The log through a pipeline of its own (the log's times on a ManualClock).
    static Reproduction fromLog(const LogImport &log, const Options &options);
    static Reproduction fromLog(const LogImport &log) { return fromLog(log, Options{}); }

    const QList<ReproStep> &steps() const { return m_steps; }
    int count() const { return int(m_steps.size()); }
    QList<SequenceStep> sequenceSteps() const;
    // Replaces the sequence's steps (and name, when `name` is not empty).
    void fill(Sequence *sequence, const QString &name = QString()) const;
    // Steps whose data the log left out (the user must fill them in).
    int placeholders() const;
    bool hasDelays() const;

    // The comparison's normal form of a line (see the top of this file).
    static QByteArray normalise(QByteArrayView line);
    // Whether a command's information responses are compared (false for test forms and identity
    // or status commands).
    static bool comparesInfo(QByteArrayView commandLine);

private:
    QList<ReproStep> m_steps;
};

// One row of a step's side-by-side comparison.
struct CompareRow
{
    enum class Status : std::uint8_t { Same, Different, Missing, Extra, Shown };
    QByteArray theirs; // the customer's line (empty when only ours has one)
    int theirLine = 0; // its line in the log
    QByteArray ours;   // our line (empty when only theirs has one)
    Status status = Status::Same;
};

struct StepComparison
{
    enum class Status : std::uint8_t { Same, Different, Missing, Extra, Unlogged };
    int index = 0; // 0-based step
    QByteArray command;
    int commandLine = 0;
    Status status = Status::Same;
    bool firstDivergence = false;
    QList<CompareRow> rows;
    QString verdict; // the runner's verdict against the expectations (translated), or empty
    bool diverges() const
    {
        return status == Status::Different || status == Status::Missing || status == Status::Extra;
    }
};

class Comparison
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::Comparison)
public:
    // The customer's answers against the reports of a run of the reproduction's sequence (one
    // report per step; a missing or unrun report counts as no answer).
    static Comparison compare(const Reproduction &reproduction, const QList<StepReport> &ours);

    const QList<StepComparison> &steps() const { return m_steps; }
    int firstDivergence() const { return m_first; } // 0-based step, -1 when none
    bool diverged() const { return m_first >= 0; }
    int count(StepComparison::Status status) const;

    // Side by side, two columns: the log's answers and ours, a mark between them (= same,
    // ≠ different, − missing, + extra, blank: shown only), the first divergence marked.
    // `ourSide` names the right column ("simulated module", the port).
    QString toText(const QString &ourSide = QString()) const;
    QJsonObject toJson() const;
    static QString statusKey(StepComparison::Status s); // "same", "different", … (JSON)
    static QString statusKey(CompareRow::Status s);
    static QChar markOf(CompareRow::Status s);           // = ≠ − +, blank for a line only shown
    static QString statusText(StepComparison::Status s); // translated

private:
    QList<StepComparison> m_steps;
    int m_first = -1;
};

// Plays a reproduction's sequence through a command channel, every step even after a failing one
// (setStopAtFailure(false)), delays kept, then compares.
class Reproducer : public QObject
{
    Q_OBJECT
public:
    Reproducer(CommandChannel *channel, Pipeline *pipeline, QObject *parent = nullptr);
    ~Reproducer() override;

    void start(const Reproduction &reproduction);
    void stop();
    bool isRunning() const;
    const Reproduction &reproduction() const { return m_reproduction; }
    const Comparison &comparison() const { return m_comparison; } // valid after finished()
    SequenceRunner &runner() { return *m_runner; }
    Sequence &sequence() { return *m_sequence; }

signals:
    void stepFinished(int index);
    void finished(); // comparison() holds the result

private:
    Reproduction m_reproduction;
    Comparison m_comparison;
    Sequence *m_sequence = nullptr;
    SequenceRunner *m_runner = nullptr;
};

} // namespace qmt::session
