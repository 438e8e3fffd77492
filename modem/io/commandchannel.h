// SPDX-License-Identifier: Apache-2.0
#pragma once
// CommandChannel: sends commands to a module over any QIODevice (a serial port, a pty, the
// in-process simulator) — one in flight at a time, the rest queued. It answers the '>' prompt
// and CONNECT with the command's data, and completes a command on its final result *and*, for
// the asynchronous MQTT commands, its result URC, in either order. URCs that arrive meanwhile
// flow through the pipeline like any other line.
//
// enqueue() answers with a CommandReply (as QNetworkAccessManager answers with a QNetworkReply):
// the reply is the only way to learn how *that* command went. Nobody filters the completions of
// commands they did not send. Ownership: a reply is a child of the channel and deletes itself
// (deleteLater) once finished() has been delivered, so a slot connected to finished() may use it
// but must not keep the pointer; call setAutoDelete(false) to keep it, and delete it yourself.
// Deleting a reply whose command is still queued takes the command out of the queue; deleting it
// while the command is in flight only stops the news (the command still completes on the
// channel). finished() is never emitted from inside enqueue(): connect after enqueue() returns.
// Replies still pending when the channel itself is destroyed go with it, unfinished.

#include "at/atcommand.h"
#include "engine/pipeline.h"

#include <QElapsedTimer>
#include <QIODevice>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <deque>

Q_DECLARE_LOGGING_CATEGORY(lcChannel)

namespace qmt::session {

struct CommandResult
{
    enum class Outcome : std::uint8_t { Ok, Error, CmeError, Timeout, PortLost, Aborted, Rebooted };
    Outcome outcome = Outcome::Ok;
    int cmeCode = -1;
    QByteArray cmeText;
    bool resultUrcSeen = false;
    int resultCode = 0;   // the result field of the result URC (e.g. +QMTOPEN: 0,<result>)
    QByteArrayList lines; // information response lines (including the result URC)
    qint64 elapsedMs = 0;
    bool succeeded() const { return outcome == Outcome::Ok && (!resultUrcSeen || resultCode == 0); }
    QString describe() const; // one line, translated
};

class CommandChannel;
class Journal;

// The answer to one enqueued command, filled in as the module answers it.
class CommandReply : public QObject
{
    Q_OBJECT
public:
    ~CommandReply() override;

    const at::AtCommand &command() const { return m_command; }
    quint64 id() const { return m_id; }          // the channel's running number (> 0), for logs
    bool isStarted() const { return m_started; } // written to the module
    bool isFinished() const { return m_finished; }
    // Complete once isFinished(); until then what has come so far (lines, result URC).
    const CommandResult &result() const { return m_result; }

    // Whether the reply deletes itself after finished() (the default). See the file comment.
    void setAutoDelete(bool on) { m_autoDelete = on; }
    bool autoDelete() const { return m_autoDelete; }

signals:
    void started();  // the command line was written
    void prompted(); // '>' or CONNECT: the data phase began
    // OK to a command whose outcome comes later as a result URC (AT+QMTOPEN, AT+QMTPUBEX...): the
    // module accepted it (and its data) and is now working with the network.
    void accepted();
    // Commands with data: the data bytes the device has written (0 once the line is out).
    void uploadProgress(qint64 sent, qint64 total);
    void lineReceived(const QByteArray &line);                // an information line or the result URC
    void finished(const qmt::session::CommandResult &result); // exactly once

private:
    friend class CommandChannel;
    CommandReply(quint64 id, at::AtCommand command, QObject *parent);

    quint64 m_id;
    at::AtCommand m_command;
    CommandResult m_result;
    bool m_started = false;
    bool m_finished = false;
    bool m_autoDelete = true;
};

class CommandChannel : public QObject
{
    Q_OBJECT
public:
    CommandChannel(Pipeline *pipeline, QObject *parent = nullptr);
    ~CommandChannel() override;

    // The device to talk through; the channel reads it on readyRead. nullptr detaches.
    void setDevice(QIODevice *device);
    QIODevice *device() const { return m_device; }

    // Queues a command; returns its reply (never null; a child of the channel, see above). With
    // no open device the reply finishes with PortLost from the event loop.
    CommandReply *enqueue(at::AtCommand command);
    // Writes raw text (console input that is not a command) — still traffic, not queued.
    void writeRaw(QByteArrayView bytes);
    // Every byte read and written from now on also goes to the journal (nullptr: none).
    void setJournal(Journal *journal) { m_journal = journal; }
    Journal *journal() const { return m_journal; }
    void abortAll(CommandResult::Outcome why = CommandResult::Outcome::Aborted);

    bool isBusy() const { return m_inFlight.has_value(); }
    int queued() const { return int(m_queue.size()); }
    // Multiplies every derived timeout (tests, slow links). Default 1.
    void setTimeoutScale(double s) { m_timeoutScale = s; }
    // The timeout the channel will use for `c` given the slots' current configuration.
    std::chrono::milliseconds timeoutFor(const at::AtCommand &c) const;

signals:
    void idle(); // the queue ran empty

private:
    qint64 framesSeen() const;
    Journal *m_journal = nullptr;
    struct Job
    {
        at::AtCommand command;
        CommandResult result;
        QPointer<CommandReply> reply; // null once its owner deleted it
        bool finalSeen = false;
        bool dataSent = false;
        bool prompted = false;
        bool rebooted = false; // RDY came while it was in flight: a short grace for its answer
    };
    void startNext();
    void onEvent(const at::AtEvent &ev);
    void onReadyRead();
    void onBytesWritten(qint64 bytes);
    void finish(CommandResult::Outcome outcome);
    void deliver(Job &job); // the job's result to its reply, which then goes (auto-delete)
    void addLine(Job &job, QByteArray line);
    bool matchesResultUrc(const at::AtEvent &ev) const;

    Pipeline *m_pipeline;
    QPointer<QIODevice> m_device;
    std::deque<Job> m_queue;
    std::optional<Job> m_inFlight;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    quint64 m_nextId = 1;
    int m_observer = 0;
    double m_timeoutScale = 1.0;
    qint64 m_written = 0, m_lineBytes = 0, m_lastProgress = -1; // upload progress of the job in flight
    QMetaObject::Connection m_readConn, m_closeConn, m_writtenConn;
};

} // namespace qmt::session
