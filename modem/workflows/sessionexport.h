// SPDX-License-Identifier: Apache-2.0
#pragma once
// Export of a session, or a time range of it (issue 10): the frames the pipeline sees, written
// as they come in one of three formats —
//   Text       one timestamped line per frame, "2026-12-05 01:22:23.123 TX: AT+QMTOPEN=…", the
//              style serial terminals write, so the log importer reads it back;
//   JsonLines  one object per frame: time, direction, slot, kind, command, parsed fields;
//   Html       one file: summary, the slots at the end, the timeline, every finding with its
//              meaning and fix, and the traffic (at/htmlreport.h).
// Secrets are redacted unless the export asks otherwise: AT+QMTCONN user names and passwords,
// secret setting values (aliauth) in commands and in +QMTCFG read-backs, private keys uploaded
// with AT+QFUPL (a PEM private key block anywhere, or a whole upload to a file named like a key),
// and every string the user marked, in whatever form it is written. A secret shows as ***, its
// length kept out.
//
// The exporter is a pipeline observer: the caller feeds a journal (exportJournal) or an imported
// log through the pipeline, so an export shows exactly what the app showed.

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <functional>
#include <limits>
#include <memory>
#include <optional>

class QIODevice;

namespace qmt::at {
struct AtEvent;
}

namespace qmt::session {

class Diagnosis;
class JournalReader;
class Pipeline;
class Timeline;

enum class ExportFormat : std::uint8_t { Text, JsonLines, Html };

struct ExportOptions
{
    ExportFormat format = ExportFormat::Text;
    // Frames stamped in [fromUs, toUs) (µs since the epoch) are written; the slots and findings
    // of an HTML export are those at the end of the range.
    qint64 fromUs = std::numeric_limits<qint64>::min();
    qint64 toUs = std::numeric_limits<qint64>::max();
    bool redact = true;      // false only when the user turned redaction off for this export
    QList<QByteArray> hide;  // strings the user marked as secret (ignored when redact is false)
    QString name;            // the session's name, for the HTML report
    int htmlMaxRows = 50000; // traffic rows in the HTML report; the rest are counted
};

// The format from a word ("text", "jsonl", "html") or a file name's suffix; nullopt if neither.
std::optional<ExportFormat> exportFormatFrom(const QString &wordOrFileName);

// What leaves the app in place of a secret.
class Redactor
{
public:
    explicit Redactor(const ExportOptions &options);
    // The frame's text with its secrets as ***. Call for every frame in order: an upload's data
    // is judged by the AT+QFUPL command before it.
    QByteArray frame(const at::AtEvent &ev);
    // Marked strings out of any text about to be written (raw form).
    QByteArray scrub(QByteArray text) const;
    QString scrub(QString text) const;

private:
    bool m_on;
    QList<QByteArray> m_hide;
    bool m_uploadIsKey = false; // the data of the current QFUPL upload is key material
    bool m_inUpload = false;
    bool m_inPemKey = false; // inside a PEM private key block split over frames
};

class SessionExporter
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::SessionExporter)
public:
    // Writes to `out` (open for writing) what `pipeline` sees from now on.
    SessionExporter(Pipeline &pipeline, const ExportOptions &options, QIODevice *out);
    ~SessionExporter();
    SessionExporter(const SessionExporter &) = delete;
    SessionExporter &operator=(const SessionExporter &) = delete;

    // Something that is not traffic, at `timeUs`: a port opened, closed or lost, a user's note.
    // `kind` is a word: "port-opened", "port-closed", "port-lost", "note".
    void event(const char *kind, const QString &text, qint64 timeUs);
    // The input ended: the HTML report is written now. False when a write failed (errorString).
    bool finish();

    qint64 framesWritten() const { return m_frames; }
    QString errorString() const { return m_error; }

private:
    void onEvent(const at::AtEvent &ev);
    void write(const QByteArray &bytes);
    bool inRange(qint64 us) const { return us >= m_opt.fromUs && us < m_opt.toUs; }

    Pipeline &m_pipeline;
    ExportOptions m_opt;
    QIODevice *m_out;
    Redactor m_redactor;
    int m_observer = 0;
    qint64 m_frames = 0;
    QString m_error;
    // Html: the traffic as text lines, and where each received frame's line is
    std::unique_ptr<Diagnosis> m_diagnosis;
    std::unique_ptr<Timeline> m_timeline;
    QByteArray m_traffic;
    qint64 m_rows = 0;
    std::vector<std::pair<qint64, int>> m_lineOfOffset; // received stream offset → row (1-based)
    qint64 m_firstUs = -1, m_lastUs = -1;
};

// A journal through a fresh pipeline into an exporter; its port events and notes come out as
// events. `progress(done, total)` (chunks) may return false to cancel. False with *error set
// when writing failed or the export was cancelled.
bool exportJournal(const JournalReader &journal, const ExportOptions &options, QIODevice *out, QString *error,
                   const std::function<bool(qint64, qint64)> &progress = {});

} // namespace qmt::session
