// SPDX-License-Identifier: Apache-2.0
#pragma once
// Diagnosis of a session — an imported log or a live one (issue 9): per slot, in time order,
// every failure the traffic shows (+QMTOPEN results, CONNACK refusals, +QMTSTAT, +QMTPING,
// ERROR, +CME ERROR, an upload's checksum or size, a command whose result URC never came) with
// what it means, its likely causes, the fix and the command that caused it; and the patterns
// behind failures that no single line shows (URCs routed to another port, data longer or shorter
// than declared, TLS without a CA, settings made after the client connected, a keep-alive longer
// than carriers keep idle connections, one client id on two slots, no PDP context, a module that
// restarted). Meanings and fixes of codes come from at/spec; the patterns' texts live here.
//
// A Diagnoser watches a pipeline (as the slot store does) and needs no I/O: the same events give
// the same findings. docs/diagnosis.md lists the findings and their thresholds.

#include "at/spec.h"
#include "engine/pipeline.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <array>
#include <functional>
#include <map>
#include <tuple>
#include <vector>

namespace qmt::session {

class LogImport;

struct Finding
{
    enum class Severity : std::uint8_t { Error, Warning, Info };
    QByteArray id; // stable key: "qmtopen-result", "connack-refused", "urc-port", … (docs/diagnosis.md)
    Severity severity = Severity::Error;
    int slot = -1; // client_idx, -1 for the module
    int code = 0;  // the code the module gave, when hasCode
    bool hasCode = false;
    qint64 timeUs = 0;                  // when the traffic showed it
    qint64 offset = -1;                 // stream offset of the frame that shows it (-1: none)
    qint64 causeOffset = -1;            // stream offset of the command that caused it (-1: none)
    QByteArray evidence;                // the frame that shows it ("+QMTOPEN: 0,3")
    QByteArray command;                 // the command that caused it ("AT+QMTOPEN=0,\"h\",1883")
    QString what, meaning, causes, fix; // translated
    // The same finding (id, slot, code) seen again after Diagnosis::kListedEach of it were
    // listed: counted on the last one listed, not listed (a flood of +QMTPING failures would
    // otherwise grow without end). The time and frame of the latest repeat.
    int repeats = 0;
    qint64 lastTimeUs = 0;
    qint64 lastOffset = -1;
};

class Diagnosis
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::Diagnosis)
public:
    explicit Diagnosis(Pipeline &pipeline);
    ~Diagnosis();
    Diagnosis(const Diagnosis &) = delete;
    Diagnosis &operator=(const Diagnosis &) = delete;

    // The input ended: commands still waiting for their result URC are findings now.
    void finish();
    // What an import flagged that the pipeline cannot see: data longer or shorter than its
    // command declared (`lineOffset` maps a log line to a stream offset; see LogImport). It
    // needs the index of prompts and data seen (on by default: 48 bytes per prompt or data
    // frame); a live session or a journal, which can run for days, turns it off.
    void addImportFindings(const LogImport &import);
    void setKeepDataIndex(bool on);
    std::size_t dataIndexSize() const { return m_data.size(); }

    // Every finding, in time order (then stream order); of one kind (id, slot, code) at most
    // kListedEach, later ones counted in the last one's `repeats`.
    std::vector<Finding> findings() const;
    static constexpr int kListedEach = 20;
    // Errors seen, repeats included.
    int errorCount() const;
    // Findings listed (their number only grows; a cheap test of whether anything changed).
    std::size_t listedCount() const { return m_findings.size(); }
    // Repeats counted since the start (grows when a repeat is counted, not listed).
    qint64 repeatCount() const { return m_repeats; }

    // A stream offset as the reader should see it ("line 12"); default: none shown.
    using Where = std::function<QString(qint64 offset)>;
    QString toText(const Where &where = {}) const;
    // {"findings":[{id, severity, slot, code, time_us, line?, evidence, command, command_line?,
    //   what, meaning, causes, fix}], "errors": n, "warnings": n}
    QJsonObject toJson(const std::function<int(qint64 offset)> &lineOf = {}) const;

private:
    struct Pending // a command waiting for its result URC
    {
        at::Cmd cmd = at::Cmd::Unknown;
        int slot = -1;
        QByteArray text;
        qint64 offset = -1, timeUs = 0;
        bool ok = false;       // its OK came
        bool reported = false; // already a finding
        qint64 deadlineUs = 0; // its time-out, from PROTOCOL.md and the slot's settings
    };
    struct SlotSeen // what the slot was after the event before the one being read
    {
        state::NetState network = state::NetState::Closed;
        state::MqttState mqtt = state::MqttState::Idle;
        QByteArray host;
        int port = 0;
    };

    void onEvent(const at::AtEvent &ev);
    // The findings from index `from` on that repeat a kind kListedEach times listed: counted there.
    void countRepeats(std::size_t from);
    void onCommand(const at::AtEvent &ev);
    void onFinalError(const at::AtEvent &ev);
    void onResponse(const at::AtEvent &ev);
    void checkTimeouts(qint64 nowUs);
    void resolve(at::Cmd cmd, int slot);
    Finding &add(const char *id, Finding::Severity severity, int slot, const at::AtEvent &ev);
    // A finding of a module's code for the event's slot: its meaning, fix and causes from the
    // spec table row `t`, and the slot's last command.
    Finding &addCode(const char *id, Finding::Severity severity, const at::AtEvent &ev, int code,
                     const spec::CodeText *t);
    void attachCommand(Finding &f, int slot) const;
    void noResult(const Pending &p, bool logEnded);
    void pdpDeactivated(const at::AtEvent &ev);

    Pipeline &m_pipeline;
    int m_observer = 0;
    std::vector<Finding> m_findings;
    struct Listed
    {
        int count = 0;
        std::size_t last = 0; // index in m_findings of the last one listed
    };
    std::map<std::tuple<QByteArray, int, int>, Listed> m_listed; // by (id, slot, code or INT_MIN)
    qint64 m_repeats = 0;
    std::vector<Pending> m_pending;
    std::array<SlotSeen, state::kSlotCount> m_seen;
    SlotSeen m_beforeCurrent; // the slot of the command whose answer runs, before that command
    std::array<QByteArray, state::kSlotCount> m_lastCommand; // per slot: text
    std::array<qint64, state::kSlotCount> m_lastCommandOffset{};
    QByteArray m_current; // the command whose answer runs (any slot)
    qint64 m_currentOffset = -1;
    at::Cmd m_currentCmd = at::Cmd::Unknown;
    int m_currentSlot = -1;
    at::Form m_currentForm = at::Form::Exec;
    bool m_currentFailed = false; // its result URC reported a failure
    // an upload: the data seen and what the command declared
    QByteArray m_upload;
    qint64 m_uploadDeclared = -1;
    bool m_uploading = false;
    bool m_sawTraffic = false; // anything before a RDY makes the RDY a restart
    QByteArray m_restartAsked; // AT+CFUN=…,1 or AT+QPOWD sent since the last RDY
    qint64 m_restartAskedOffset = -1;
    int m_okWithoutResult = 0; // result-URC commands answered OK whose URC never came
    int m_resultUrcs = 0;      // result URCs seen at all
    bool m_urcPortReported = false;
    qint64 m_lastTimeUs = 0;
    std::array<bool, state::kSlotCount> m_keepAliveReported{};
    struct DataSeen // a prompt or data frame: whose command it belongs to
    {
        qint64 offset;
        int slot;
        QByteArray command;
        qint64 commandOffset;
    };
    std::vector<DataSeen> m_data;
    bool m_keepData = true;
};

} // namespace qmt::session
