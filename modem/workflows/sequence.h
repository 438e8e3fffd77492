// SPDX-License-Identifier: Apache-2.0
#pragma once
// Sequence: an ordered list of steps (command, data, expected answer, timeout) that the
// sequence runner (sequencerunner.h) plays through the command channel. Saved and loaded as a
// readable text file; the format is documented at the top of sequence.cpp and in
// docs/sequences.md.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <chrono>

namespace qmt::session {

struct SequenceStep
{
    QByteArray command; // the AT command line, e.g. AT+QMTOPEN=0,"h",1883
    QByteArray data;    // written after '>' or CONNECT (QMTPUBEX, willex, QFUPL)
    // What the answer must show, one expectation per line (LF-separated), each met by a line of
    // the answer: the final result ("OK", "ERROR", "+CME ERROR: 407"), an information response
    // or result URC ("+QMTOPEN: 0,0"), or a URC that arrives later ("+QMTRECV: 0,0,*"). '*'
    // matches any run of characters. Empty: the command succeeds (CommandResult::succeeded()).
    QByteArray expect;
    std::chrono::milliseconds timeout{0}; // 0: derived from PROTOCOL.md by the channel
    QString note;                         // a comment shown beside the step
    // When set, the data is read from this file when the step runs (certificates for QFUPL);
    // a relative path is relative to the sequence file's folder. `data` is then unused.
    QString dataFile;
    // How long to wait before the step is sent, in a run of every step (Step sends it at once):
    // the pause a reproduced log kept between two commands (reproduce.h). 0: none.
    std::chrono::milliseconds delay{0};

    bool operator==(const SequenceStep &o) const;
    bool operator!=(const SequenceStep &o) const { return !(*this == o); }
    // The expectations, one per line of `expect` (an empty `expect` gives none).
    QByteArrayList expectations() const;
};

// A problem found while reading a sequence file.
struct SequenceParseError
{
    int line = 0;             // 1-based; 0 when the whole file is concerned (cannot be read)
    QString message;          // translated
    QString toString() const; // "line 12: …"
};

class Sequence : public QObject
{
    Q_OBJECT
public:
    explicit Sequence(QObject *parent = nullptr);

    const QList<SequenceStep> &steps() const { return m_steps; }
    int count() const { return int(m_steps.size()); }
    QString name() const { return m_name; }
    void setName(const QString &name);
    void append(const SequenceStep &step);
    void insert(int index, const SequenceStep &step);
    void replace(int index, const SequenceStep &step);
    void remove(int index);
    void move(int from, int to);
    void clear();
    void setSteps(const QList<SequenceStep> &steps);

    // ---- files ----
    // The file the sequence was loaded from or saved to (data files are relative to its
    // folder); empty for a new sequence. A template loaded from the resources has a ":/" path.
    QString fileName() const { return m_fileName; }
    void setFileName(const QString &fileName);
    // Changed since it was loaded or saved (any edit through the functions above).
    bool isModified() const { return m_modified; }
    void setModified(bool modified);
    // A step's data file as an absolute path (relative ones against dataFolder() when set, else
    // fileName()'s folder, or the working directory without a file name); empty when the step
    // has none.
    QString resolveDataFile(const SequenceStep &step) const;
    // Where relative data files are read from instead of the file's folder: demo mode points a
    // template (a ":/" file) at the demo's certificates. Cleared by load() and save().
    void setDataFolder(const QString &folder) { m_dataFolder = folder; }
    QString dataFolder() const { return m_dataFolder; }

    // Reads a file in the text format. On success replaces the steps and the name, sets the
    // file name and clears the modified flag; otherwise changes nothing and lists every problem
    // with its line number.
    bool load(const QString &path, QList<SequenceParseError> *errors = nullptr);
    // Writes the text format; on failure says why in *error.
    bool save(const QString &path, QString *error = nullptr);

    // The text format itself (UTF-8). parse() fills steps and name only when there is no error.
    static bool parse(const QByteArray &text, QList<SequenceStep> *steps, QString *name,
                      QList<SequenceParseError> *errors);
    static QByteArray format(const QList<SequenceStep> &steps, const QString &name = QString());
    QByteArray toText() const { return format(m_steps, m_name); }

    // The escapes of the format's quoted text: \r \n \t \" \\ \xNN (any byte), other bytes as
    // they are. escape() writes bytes that are not valid UTF-8, control bytes and DEL as \xNN.
    static QByteArray escape(QByteArrayView bytes);
    // The inverse; false with a translated reason in *error for a bad escape.
    static bool unescape(QByteArrayView text, QByteArray *out, QString *error = nullptr);
    // Bytes written in hexadecimal ("41 54 0d"), blanks ignored; false with a reason otherwise.
    static bool unhex(QByteArrayView text, QByteArray *out, QString *error = nullptr);

signals:
    void changed(); // the steps or the name changed
    void fileNameChanged(const QString &fileName);
    void modifiedChanged(bool modified);

private:
    void edited();

    QList<SequenceStep> m_steps;
    QString m_name;
    QString m_fileName;
    QString m_dataFolder;
    bool m_modified = false;
};

} // namespace qmt::session
