// SPDX-License-Identifier: Apache-2.0
#pragma once
// SequenceRunner: plays a Sequence through the command channel, all of it or one step at a
// time, and keeps a report per step (the answer, the time, passed or failed and why). A run
// stops at the first step whose answer is not the expected one, unless told to go on (scripts:
// sequences without expectations, script.h). How answers are matched: sequencerunner.cpp and
// docs/sequences.md. Each step's command is followed through its own CommandReply. In a run of
// every step, a step's delay (SequenceStep::delay) is waited for on a timer before it is sent.

#include "io/commandchannel.h"
#include "workflows/sequence.h"

#include <QByteArrayList>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace qmt::session {

class Session;

struct StepReport
{
    enum class Status : std::uint8_t { Pending, Running, Passed, Failed, Stopped };
    Status status = Status::Pending;
    QByteArray sent;       // the command line as written ({size} expanded)
    qint64 dataBytes = 0;  // bytes written after the prompt / CONNECT
    bool answered = false; // the channel finished the command (result is valid)
    CommandResult result;
    QByteArrayList answer; // the information responses and result URC, then the final result
    QByteArrayList urcs;   // other URCs that arrived while the step ran
    qint64 elapsedMs = 0;  // from the command's start to the step's verdict
    QString why;           // the verdict in words, translated

    bool finished() const
    {
        return status == Status::Passed || status == Status::Failed || status == Status::Stopped;
    }
};

class SequenceRunner : public QObject
{
    Q_OBJECT
public:
    // Over a session: its channel and pipeline.
    explicit SequenceRunner(Session *session, QObject *parent = nullptr);
    // Over a bare channel and the pipeline it reads into (tests, tools).
    SequenceRunner(CommandChannel *channel, Pipeline *pipeline, QObject *parent = nullptr);
    ~SequenceRunner() override;

    // The sequence to play (not owned). Editing it while idle keeps the reports of the steps
    // that ran only if those steps are unchanged; otherwise the reports start over.
    void setSequence(Sequence *sequence);
    Sequence *sequence() const { return m_sequence; }

    // Whether a run of every step stops at the first that fails (the default) or goes on to
    // the last (a script played for what it does, its failures counted).
    void setStopAtFailure(bool stop) { m_stopAtFailure = stop; }
    bool stopsAtFailure() const { return m_stopAtFailure; }

    // Runs every step from the first, stopping at the first that fails (see setStopAtFailure).
    void runAll();
    // Runs the next step only (after the last one, the first again).
    void step();
    // Stops now. A command in flight is left to finish on the channel (its answer still reaches
    // the pipeline and the store); its step is reported as stopped.
    void stop();
    // Forgets the reports; the next step is the first.
    void reset();

    bool isRunning() const { return m_current >= 0; }
    int currentStep() const { return m_current; } // -1 when idle
    int nextStep() const { return m_next; }
    const QList<StepReport> &reports() const { return m_reports; } // one per step
    StepReport report(int index) const { return m_reports.value(index); }
    int passedCount() const;
    int failedCount() const; // steps failed or stopped

    // --- the rules, public for the step editor and tests ---
    // An expectation matches a line when they are equal apart from blanks at either end, '*'
    // in the expectation standing for any run of characters.
    static bool matches(QByteArrayView expectation, QByteArrayView line);
    // Whether a line of the step's answer or of its URCs matches the expectation.
    static bool seenIn(const StepReport &r, QByteArrayView expectation);
    // {size} becomes the data's length, {checksum} its AT+QFUPL checksum.
    static QByteArray expand(QByteArrayView text, const QByteArray &data);
    // What is wrong with a step about to be sent (its command expanded), or an empty string:
    // data for a command that takes none, a declared length that differs from the data, …
    static QString checkStep(const QByteArray &command, const QByteArray &data);
    // The final result as the module printed it: "OK", "ERROR", "+CME ERROR: 407"; empty when
    // the module gave none (timeout, port lost, …).
    static QByteArray finalLine(const CommandResult &result);

signals:
    void runningChanged(bool running);
    void stepStarted(int index);
    void stepFinished(int index); // report(index) holds the verdict
    void progress(int done, int total);
    void finished(bool passed); // a run (all, or one step) ended; false if a step failed or it was stopped
    void reportsReset();        // every report is pending again (or their number changed)

private:
    enum class Mode : std::uint8_t { All, Single };
    void start(int first, Mode mode);
    void startStep(int index);
    void sendStep(int index);
    void onFinished(const CommandResult &result);
    void onEvent(const at::AtEvent &ev);
    void evaluate();
    void checkWaiting();
    void conclude(bool passed, const QString &why);
    void endRun(bool passed);
    void onSequenceChanged();
    void resizeReports();

    QPointer<CommandChannel> m_channel; // gone with its session
    Pipeline *m_pipeline = nullptr;
    int m_observer = 0;
    QPointer<Sequence> m_sequence;
    QList<SequenceStep> m_ran; // the steps as they were when their reports were made
    QList<StepReport> m_reports;
    int m_current = -1;
    int m_next = 0;
    Mode m_mode = Mode::All;
    QPointer<CommandReply> m_pending; // the step's command in flight
    bool m_stopAtFailure = true;
    bool m_runFailed = false;
    quint64 m_generation = 0; // bumped by stop(): late news of a stopped step is ignored
    bool m_collecting = false;
    bool m_waiting = false;
    QByteArrayList m_expect;
    std::chrono::milliseconds m_waitLimit{0};
    QTimer m_waitTimer;
    QTimer m_delayTimer; // a step's delay before it is sent (never a blocking wait)
    int m_delayed = -1;  // the step waiting for its delay, -1 when none
    QElapsedTimer m_sinceAnswer;
};

} // namespace qmt::session
