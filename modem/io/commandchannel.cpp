// SPDX-License-Identifier: Apache-2.0
#include "io/commandchannel.h"

#include "at/spec.h"
#include "io/journal.h"

#include <QCoreApplication>

#include <algorithm>

Q_LOGGING_CATEGORY(lcChannel, "qmtscope.channel")

namespace {
// How long a command in flight when the module restarts (RDY) may still be answered.
constexpr int kRebootGraceMs = 2000;
} // namespace

namespace qmt::session {

using at::AtEvent;
using at::Cmd;
using at::EventType;
using at::What;

QString CommandResult::describe() const
{
    auto tr = [](const char *s) { return QCoreApplication::translate("qmt::session::CommandResult", s); };
    switch (outcome) {
    case Outcome::Ok:
        return resultUrcSeen ? tr("OK, result %1").arg(resultCode) : tr("OK");
    case Outcome::Error:
        return tr("ERROR");
    case Outcome::CmeError:
        return cmeText.isEmpty() ? tr("+CME ERROR: %1").arg(cmeCode)
                                 : tr("+CME ERROR: %1").arg(QString::fromUtf8(cmeText));
    case Outcome::Timeout:
        return tr("no answer in time");
    case Outcome::PortLost:
        return tr("the port went away");
    case Outcome::Aborted:
        return tr("aborted");
    case Outcome::Rebooted:
        return tr("the module restarted");
    }
    return {};
}

CommandReply::CommandReply(quint64 id, at::AtCommand command, QObject *parent)
    : QObject(parent), m_id(id), m_command(std::move(command))
{
}

CommandReply::~CommandReply() = default;

CommandChannel::CommandChannel(Pipeline *pipeline, QObject *parent) : QObject(parent), m_pipeline(pipeline)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        finish(m_inFlight && m_inFlight->rebooted ? CommandResult::Outcome::Rebooted
                                                  : CommandResult::Outcome::Timeout);
    });
    m_observer = m_pipeline->addObserver([this](const AtEvent &ev) { onEvent(ev); });
}

CommandChannel::~CommandChannel()
{
    m_pipeline->removeObserver(m_observer);
}

void CommandChannel::setDevice(QIODevice *device)
{
    if (m_device) {
        disconnect(m_readConn);
        disconnect(m_closeConn);
        disconnect(m_writtenConn);
    }
    m_device = device;
    if (!device)
        return;
    m_readConn = connect(device, &QIODevice::readyRead, this, &CommandChannel::onReadyRead);
    m_closeConn = connect(device, &QIODevice::aboutToClose, this,
                          [this] { abortAll(CommandResult::Outcome::PortLost); });
    m_writtenConn = connect(device, &QIODevice::bytesWritten, this, &CommandChannel::onBytesWritten);
    if (device->bytesAvailable() > 0)
        onReadyRead();
}

qint64 CommandChannel::framesSeen() const
{
    return qint64(m_pipeline->store().module().events);
}

void CommandChannel::onReadyRead()
{
    if (!m_device)
        return;
    // Read in bounded chunks so one flood cannot starve the event loop of other work.
    char buf[64 * 1024];
    for (int i = 0; i < 16; ++i) {
        const qint64 n = m_device->read(buf, sizeof buf);
        if (n <= 0)
            break;
        if (m_journal)
            m_journal->received(QByteArrayView(buf, n), framesSeen());
        m_pipeline->received(QByteArrayView(buf, n));
    }
    if (m_device && m_device->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &CommandChannel::onReadyRead, Qt::QueuedConnection);
}

CommandReply *CommandChannel::enqueue(at::AtCommand command)
{
    auto *reply = new CommandReply(m_nextId++, command, this);
    Job j;
    j.command = std::move(command);
    j.reply = reply;
    m_queue.push_back(std::move(j));
    if (!m_inFlight)
        QMetaObject::invokeMethod(this, &CommandChannel::startNext, Qt::QueuedConnection);
    return reply;
}

void CommandChannel::onBytesWritten(qint64 bytes)
{
    if (!m_inFlight)
        return;
    m_written += bytes;
    Job &j = *m_inFlight;
    if (j.command.dataPhase == at::DataPhase::None || j.command.payload.isEmpty() || !j.reply)
        return;
    // The line and its CR go first (progress 0); what the device wrote after them is the data.
    const qint64 total = j.command.payload.size() + (j.command.dataPhase == at::DataPhase::CtrlZ ? 1 : 0);
    const qint64 sent = std::clamp<qint64>(m_written - m_lineBytes, 0, total);
    if (sent == m_lastProgress)
        return;
    m_lastProgress = sent;
    emit j.reply->uploadProgress(sent, total);
}

void CommandChannel::addLine(Job &job, QByteArray line)
{
    job.result.lines.append(line);
    if (job.reply) {
        job.reply->m_result.lines.append(line); // result() shows what has come so far
        emit job.reply->lineReceived(line);
    }
}

void CommandChannel::writeRaw(QByteArrayView bytes)
{
    if (!m_device || !m_device->isOpen())
        return;
    m_device->write(bytes.data(), bytes.size());
    if (m_journal)
        m_journal->wroteData(bytes, framesSeen());
    m_pipeline->wroteData(bytes);
}

std::chrono::milliseconds CommandChannel::timeoutFor(const at::AtCommand &c) const
{
    using namespace std::chrono;
    milliseconds t{};
    if (c.timeout) {
        t = *c.timeout;
    } else {
        int pkt = 5, retries = 3;
        if (c.clientIdx >= 0 && c.clientIdx < state::kSlotCount) {
            const auto &cfg = m_pipeline->store().slot(c.clientIdx).config;
            pkt = cfg.pktTimeout;
            retries = cfg.retryTimes;
        }
        t = spec::commandTimeout(c.cmd, seconds{pkt}, retries);
    }
    return milliseconds{qint64(double(t.count()) * m_timeoutScale)};
}

void CommandChannel::startNext()
{
    while (!m_queue.empty() && !m_queue.front().reply)
        m_queue.pop_front(); // its reply was deleted before the command was sent: not sent
    if (m_inFlight || m_queue.empty())
        return;
    if (!m_device || !m_device->isOpen() || !m_device->isWritable()) {
        abortAll(CommandResult::Outcome::PortLost);
        return;
    }
    m_inFlight = std::move(m_queue.front());
    m_queue.pop_front();
    const at::AtCommand &c = m_inFlight->command;
    m_elapsed.start();
    m_timer.start(timeoutFor(c));
    QByteArray line = c.line;
    line.append('\r');
    m_written = 0;
    m_lineBytes = line.size();
    m_lastProgress = -1;
    const QPointer<CommandReply> reply = m_inFlight->reply;
    reply->m_started = true;
    emit reply->started();
    if (!m_inFlight || !m_device || !m_device->isOpen())
        return; // a receiver of started() closed the port (the job finished with it)
    m_device->write(line);
    if (m_journal)
        m_journal->wroteCommand(c.line, framesSeen());
    m_pipeline->wroteCommand(c.line);
}

bool CommandChannel::matchesResultUrc(const AtEvent &ev) const
{
    const at::AtCommand &c = m_inFlight->command;
    if (ev.type != EventType::Response || c.form != at::Form::Set || !at::hasResultUrc(c.cmd))
        return false;
    if (ev.clientIdx != c.clientIdx)
        return false;
    switch (ev.what) {
    case What::OpenResult:
        return c.cmd == Cmd::QMTOPEN;
    case What::CloseResult:
        return c.cmd == Cmd::QMTCLOSE;
    case What::ConnResult:
        return c.cmd == Cmd::QMTCONN;
    case What::DiscResult:
        return c.cmd == Cmd::QMTDISC;
    case What::SubResult:
        return c.cmd == Cmd::QMTSUB && ev.intArg(1) == c.msgId;
    case What::UnsResult:
        return c.cmd == Cmd::QMTUNS && ev.intArg(1) == c.msgId;
    case What::PubResult:
        return (c.cmd == Cmd::QMTPUBEX || c.cmd == Cmd::QMTPUB) && ev.intArg(1) == c.msgId;
    default:
        return false;
    }
}

void CommandChannel::onEvent(const AtEvent &ev)
{
    if (!m_inFlight || ev.dir != at::Direction::FromModule)
        return;
    Job &j = *m_inFlight;
    const at::AtCommand &c = j.command;
    const auto notePrompt = [&j] {
        if (j.prompted)
            return;
        j.prompted = true;
        if (j.reply)
            emit j.reply->prompted();
    };
    switch (ev.type) {
    case EventType::Prompt:
        if (c.dataPhase == at::DataPhase::Prompt || c.dataPhase == at::DataPhase::CtrlZ)
            notePrompt();
        if (!m_inFlight || !m_device)
            return; // a receiver of prompted() ended it
        // A command typed without its data (console): the user types the data next.
        if (!j.dataSent && !c.payload.isEmpty() &&
            (c.dataPhase == at::DataPhase::Prompt || c.dataPhase == at::DataPhase::CtrlZ)) {
            j.dataSent = true;
            QByteArray data = c.payload;
            if (c.dataPhase == at::DataPhase::CtrlZ)
                data.append('\x1a');
            m_device->write(data);
            if (m_journal)
                m_journal->wroteData(data, framesSeen());
            m_pipeline->wroteData(data);
        }
        return;
    case EventType::Connect:
        if (c.dataPhase == at::DataPhase::Connect)
            notePrompt();
        if (!m_inFlight || !m_device)
            return;
        if (!j.dataSent && !c.payload.isEmpty() && c.dataPhase == at::DataPhase::Connect) {
            j.dataSent = true;
            m_device->write(c.payload);
            if (m_journal)
                m_journal->wroteData(c.payload, framesSeen());
            m_pipeline->wroteData(c.payload);
        }
        return;
    case EventType::Ok:
        j.finalSeen = true;
        if (at::hasResultUrc(c.cmd) && c.form == at::Form::Set && !j.result.resultUrcSeen) {
            if (j.reply)
                emit j.reply->accepted();
            return; // wait for the result URC
        }
        finish(CommandResult::Outcome::Ok);
        return;
    case EventType::Error:
        finish(CommandResult::Outcome::Error);
        return;
    case EventType::CmeError:
        j.result.cmeCode = ev.cmeCode;
        j.result.cmeText = ev.cmeText.toByteArray();
        finish(CommandResult::Outcome::CmeError);
        return;
    case EventType::Boot:
        if (ev.text == "RDY") {
            // The module restarted while the command was in flight. Written just before the
            // restart it is lost; written while RDY was on its way to us it may still be
            // answered. So its answer is awaited a little longer, and nothing else is written
            // meanwhile (never two commands on the line): an answer finishes it as usual, the
            // grace running out finishes it as "the module restarted".
            if (!j.rebooted) {
                j.rebooted = true;
                const int left = m_timer.isActive() ? m_timer.remainingTime() : 0;
                m_timer.start(left > 0 ? std::min(left, kRebootGraceMs) : kRebootGraceMs);
            }
        }
        return;
    case EventType::Response:
        if (matchesResultUrc(ev)) {
            const bool packet =
                ev.what == What::SubResult || ev.what == What::UnsResult || ev.what == What::PubResult;
            const int code = int(ev.intArg(packet ? 2 : 1, -1));
            addLine(j, ev.text.toByteArray());
            if (!m_inFlight)
                return; // a receiver of lineReceived() ended it
            if ((packet || ev.what == What::ConnResult) && code == 1)
                return; // retransmitting: progress, not the end
            j.result.resultUrcSeen = true;
            j.result.resultCode = code;
            // A CONNECT acknowledged at the packet level but refused by its CONNACK is a failure.
            if (ev.what == What::ConnResult && code == 0)
                j.result.resultCode = int(ev.intArg(2, 0));
            if (j.finalSeen)
                finish(CommandResult::Outcome::Ok);
            return;
        }
        if (!ev.isUrc())
            addLine(j, ev.text.toByteArray());
        return;
    case EventType::Text:
        addLine(j, ev.text.toByteArray());
        return;
    default:
        return;
    }
}

void CommandChannel::finish(CommandResult::Outcome outcome)
{
    if (!m_inFlight)
        return;
    m_timer.stop();
    Job j = std::move(*m_inFlight);
    m_inFlight.reset();
    j.result.outcome = outcome;
    j.result.elapsedMs = m_elapsed.elapsed();
    if (outcome == CommandResult::Outcome::Timeout || outcome == CommandResult::Outcome::PortLost) {
        const QByteArray detail =
            outcome == CommandResult::Outcome::Timeout
                ? QByteArray("no answer within ") + QByteArray::number(timeoutFor(j.command).count()) + " ms"
                : QByteArray("the port went away");
        m_pipeline->store().noteLocalError(j.command.clientIdx,
                                           outcome == CommandResult::Outcome::Timeout
                                               ? state::SlotError::Kind::Timeout
                                               : state::SlotError::Kind::Local,
                                           j.command.cmd, detail, m_pipeline->clock()->nowUs());
    }
    deliver(j);
    if (outcome == CommandResult::Outcome::PortLost) {
        abortAll(CommandResult::Outcome::PortLost);
        return;
    }
    if (!m_queue.empty())
        QMetaObject::invokeMethod(this, &CommandChannel::startNext, Qt::QueuedConnection);
    else
        emit idle();
}

void CommandChannel::abortAll(CommandResult::Outcome why)
{
    if (m_inFlight)
        finish(why == CommandResult::Outcome::Aborted ? why : CommandResult::Outcome::PortLost);
    while (!m_queue.empty()) {
        Job j = std::move(m_queue.front());
        m_queue.pop_front();
        j.result.outcome = why;
        deliver(j);
    }
}

void CommandChannel::deliver(Job &job)
{
    const QPointer<CommandReply> reply = job.reply;
    if (!reply)
        return;
    reply->m_result = job.result;
    reply->m_finished = true;
    const CommandResult result = job.result; // a receiver may delete the reply before the next one hears it
    emit reply->finished(result);
    if (reply && reply->m_autoDelete)
        reply->deleteLater();
}

} // namespace qmt::session
