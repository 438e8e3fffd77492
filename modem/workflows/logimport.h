// SPDX-License-Identifier: Apache-2.0
#pragma once
// LogImport: turns a log as people send it — pasted from a forum, printed by host firmware,
// saved by a serial terminal or a sniffer — into the byte stream the pipeline expects, and keeps
// a map from every byte of that stream back to the line of the original it came from.
//
// What is read (alone or mixed in one file; docs/log-import.md lists the styles):
//   typographic and full-width punctuation (“ ” ‘ ’ ＂ ，：) outside the data;
//   per-line prefixes: timestamps, direction markers (>> << -> <- TX RX Send Recv [SEND] 发→◇),
//   log levels, tool and module tags, line numbers, list bullets, Markdown quotes;
//   notes: # // ; -- lines, Markdown fences, shell prompts, prose, comments at the end of a line;
//   line ends written as text (\r\n <CR><LF> [0D][0A] ^M ␍␊ □, trailing ".."), several messages
//   glued on one line, long lines wrapped over several;
//   hex dumps, with or without an offset and an ASCII column;
//   echo on, off or both sides logged (a second copy of a command is its echo);
//   data left out (<data>, <payload>, ..., <input 30 bytes>) or shown on the prompt's line, Ctrl+Z
//   written as ^Z, <Ctrl+Z>, 0x1A or [1A].
// What cannot be read is kept — fed to the pipeline as it is, where it shows as text that is not
// AT traffic — and flagged with its line number. Notes are not fed to the pipeline (they are not
// traffic) but are kept in the line records. Nothing is dropped without a record.
//
// Data left out is stood in for by '.' bytes of the declared length, so the publish still counts
// and the stream stays in step; a +QMTRECV whose payload was left out is fed without its length,
// so the message counts as received and shows as incomplete.

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <utility>
#include <vector>

namespace qmt::session {

class Pipeline;
class ManualClock;

class LogImport
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::LogImport)
public:
    enum class Kind : std::uint8_t {
        Traffic,    // an AT line: a command, a result, a response or URC, a prompt
        Data,       // data after a prompt or in an upload
        Hex,        // a hex dump line, decoded to the bytes it shows
        Note,       // a comment, note, prose, fence or shell prompt: not traffic
        Blank,      // empty (or only a prefix)
        Echo,       // a second copy of the command (or data) just before it: the module's echo
        Joined,     // the continuation of the line before it (wrapped)
        Unreadable, // kept as it is and flagged
    };
    // What was done to a line to read it.
    enum Fix : quint32 {
        PrefixRemoved = 1u << 0,  // timestamp, marker, level, tag, line number (see prefix)
        Punctuation = 1u << 1,    // typographic or full-width punctuation made ASCII
        CommentRemoved = 1u << 2, // a comment at the end of the line
        LineEndText = 1u << 3,    // line ends written as text became CR/LF
        Split = 1u << 4,          // several messages glued on the line were separated
        Wrapped = 1u << 5,        // the line went on over the next line(s)
        PromptAdded = 1u << 6,    // the log shows no '>' before the data: one was put in
        DataLeftOut = 1u << 7,    // a placeholder (or nothing) where the data was
        CtrlZ = 1u << 8,          // Ctrl+Z written as text
        LengthMismatch = 1u << 9, // the data is longer or shorter than the command declared
        LengthDropped = 1u << 10, // +QMTRECV fed without its length (payload left out or cut)
        GuessedPrefix = 1u << 11, // text before the AT line that no known style explains
        Utf16 = 1u << 12,         // the file was UTF-16 (a Windows editor)
        MarkdownQuote = 1u << 13, // "> " quoting or a list bullet
    };
    enum class Direction : std::uint8_t { Unknown, Sent, Received };

    // How one line of the original was read.
    struct Line
    {
        int number = 0; // 1-based
        Kind kind = Kind::Traffic;
        Direction dir = Direction::Unknown;
        quint32 fixes = 0;
        QByteArray prefix;           // what was removed in front (PrefixRemoved, GuessedPrefix)
        QByteArray detail;           // the declared and real length, the line it echoes, …
        qint64 offset = -1;          // where its bytes start in bytes(), -1 when it gave none
        QString explanation() const; // in words, translated
    };

    struct Counts
    {
        qint64 lines = 0, traffic = 0, data = 0, hex = 0, notes = 0, blank = 0, echoes = 0;
        qint64 unreadable = 0, dataLeftOut = 0, lengthMismatches = 0, normalised = 0;
    };

    struct Options
    {
        // Keep a Line record for every line (for --explain and the import report); otherwise
        // only for the lines flagged (Unreadable, data left out, length mismatch, guessed prefix).
        bool everyLine = false;
    };

    static LogImport read(QByteArrayView log, const Options &options);
    static LogImport read(QByteArrayView log) { return read(log, Options{}); }

    const QByteArray &bytes() const { return m_bytes; } // what the pipeline gets
    const std::vector<Line> &lines() const { return m_lines; }
    const Counts &counts() const { return m_counts; }
    // The original line the byte at `offset` of bytes() came from (1-based; 0 when none).
    int lineAt(qint64 offset) const;
    // Whether the input looked like a log at all rather than raw bytes from a port (no fix was
    // needed on any line).
    bool untouched() const
    {
        return m_counts.normalised == 0 && m_counts.notes == 0 && m_counts.unreadable == 0 &&
               m_counts.dataLeftOut == 0;
    }

    // The time the log gives line `line` (its timestamp prefix), in µs: since the epoch (UTC)
    // when the log has dates, since the first midnight for times of day, since start for an
    // uptime; -1 when the line has none.
    qint64 lineTimeUs(int line) const;
    bool hasTimes() const { return !m_times.empty(); }

    // Feeds bytes() to a pipeline in chunks and ends its input.
    void feed(Pipeline &pipeline) const;
    // The same, line by line with `clock` (the pipeline's) set to each line's time from the log
    // (the last time seen before a line without one), so events carry the log's times. Without
    // times in the log, as feed(pipeline).
    void feed(Pipeline &pipeline, ManualClock *clock) const;

    // One paragraph: lines read, notes, data left out, lines flagged (with their numbers).
    QString summary() const;

private:
    friend class LogReader;
    QByteArray m_bytes;
    std::vector<std::pair<qint64, int>> m_map;   // (offset in m_bytes, original line), by offset
    std::vector<std::pair<int, qint64>> m_times; // (line, µs) of the lines with a timestamp
    std::vector<Line> m_lines;
    Counts m_counts;
};

} // namespace qmt::session
