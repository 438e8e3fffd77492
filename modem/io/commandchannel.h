#pragma once
// CommandChannel: sends commands to a module over any QIODevice (a serial port, a pty, the
// in-process simulator) — one in flight at a time, the rest queued. It answers the '>' prompt
// and CONNECT with the command's data, and completes a command on its final result *and*, for
// the asynchronous MQTT commands, its result URC, in either order. URCs that arrive meanwhile
// flow through the pipeline like any other line.

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
    int resultCode = 0;      // the result field of the result URC (e.g. +QMTOPEN: 0,<result>)
    QByteArrayList lines;    // information response lines (including the result URC)
    qint64 elapsedMs = 0;
    bool succeeded() const { return outcome == Outcome::Ok && (!resultUrcSeen || resultCode == 0); }
    QString describe() const; // one line, translated
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

    // Queues a command; returns its id (> 0).
    quint64 enqueue(at::AtCommand command);
    // Writes raw text (console input that is not a command) — still traffic, not queued.
    void writeRaw(QByteArrayView bytes);
    void abortAll(CommandResult::Outcome why = CommandResult::Outcome::Aborted);

    bool isBusy() const { return m_inFlight.has_value(); }
    int queued() const { return int(m_queue.size()); }
    // Multiplies every derived timeout (tests, slow links). Default 1.
    void setTimeoutScale(double s) { m_timeoutScale = s; }
    // The timeout the channel will use for `c` given the slots' current configuration.
    std::chrono::milliseconds timeoutFor(const at::AtCommand &c) const;

signals:
    void commandStarted(quint64 id, const qmt::at::AtCommand &command);
    void commandFinished(quint64 id, const qmt::at::AtCommand &command, const qmt::session::CommandResult &result);
    void idle();

private:
    struct Job
    {
        quint64 id = 0;
        at::AtCommand command;
        CommandResult result;
        bool finalSeen = false;
        bool dataSent = false;
    };
    void startNext();
    void onEvent(const at::AtEvent &ev);
    void onReadyRead();
    void finish(CommandResult::Outcome outcome);
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
    QMetaObject::Connection m_readConn, m_closeConn;
};

} // namespace qmt::session
