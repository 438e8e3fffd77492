// SPDX-License-Identifier: Apache-2.0
#include "io/commandbatch.h"

namespace qmt::session {

CommandBatch::CommandBatch(CommandChannel *channel, QList<at::AtCommand> commands, Policy policy,
                           QObject *parent)
    : QObject(parent), m_channel(channel), m_commands(std::move(commands)), m_policy(policy)
{
}

CommandBatch::~CommandBatch()
{
    if (m_reply)
        m_reply->disconnect(this);
}

void CommandBatch::start()
{
    if (m_started)
        return;
    m_started = true;
    // From the event loop, like a reply: a receiver connected after start() hears everything.
    QMetaObject::invokeMethod(this, &CommandBatch::sendNext, Qt::QueuedConnection);
}

void CommandBatch::sendNext()
{
    if (m_finished)
        return;
    const int next = int(m_results.size());
    if (next >= count() || !m_channel) {
        conclude();
        return;
    }
    m_reply = m_channel->enqueue(m_commands[next]);
    connect(m_reply, &CommandReply::finished, this, &CommandBatch::onReplyFinished);
    // A reply destroyed unfinished (its channel went away) ends the batch.
    connect(m_reply, &QObject::destroyed, this, [this] {
        if (!m_finished)
            conclude();
    });
}

void CommandBatch::onReplyFinished(const CommandResult &result)
{
    if (m_finished)
        return;
    if (m_reply)
        m_reply->disconnect(this);
    m_reply = nullptr;
    const int index = int(m_results.size());
    m_results.append(result);
    if (!result.succeeded())
        ++m_failures;
    emit commandFinished(index, result);
    emit progress(int(m_results.size()), count());
    if (m_finished)
        return; // aborted by a receiver
    if (!result.succeeded() && m_policy == Policy::StopAtFirstFailure) {
        conclude();
        return;
    }
    sendNext();
}

void CommandBatch::abort()
{
    if (!m_started || m_finished)
        return;
    conclude();
}

void CommandBatch::conclude()
{
    if (m_finished)
        return;
    if (m_reply)
        m_reply->disconnect(this);
    m_reply = nullptr;
    m_finished = true;
    emit finished(m_failures);
}

const CommandResult *CommandBatch::verdict() const
{
    for (const CommandResult &r : m_results)
        if (!r.succeeded())
            return &r;
    return m_results.isEmpty() ? nullptr : &m_results.last();
}

} // namespace qmt::session
