// SPDX-License-Identifier: Apache-2.0
#pragma once
// CommandBatch: sends a list of commands through a CommandChannel in order, one after the
// other's reply, and reports each result, the progress and, at the end, how many failed. It
// either goes on after a failure (read every setting back, play a script) or stops at the first
// (a set-up whose later steps need the earlier ones). Used by the forms' "Read from module" and
// the slot cards' "Read configuration".
//
// The batch does not delete itself: give it a parent, or delete it from finished() with
// deleteLater().

#include "io/commandchannel.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace qmt::session {

class CommandBatch : public QObject
{
    Q_OBJECT
public:
    enum class Policy : std::uint8_t { ContinueAfterFailure, StopAtFirstFailure };

    CommandBatch(CommandChannel *channel, QList<at::AtCommand> commands,
                 Policy policy = Policy::ContinueAfterFailure, QObject *parent = nullptr);
    ~CommandBatch() override;

    // Sends the first command; finished() comes from the event loop even for an empty list.
    void start();
    // Sends nothing more; the command in flight completes on the channel but is not counted.
    // finished() follows at once.
    void abort();

    const QList<at::AtCommand> &commands() const { return m_commands; }
    int count() const { return int(m_commands.size()); }
    Policy policy() const { return m_policy; }
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    // One result per command that completed, in order; after a stop or abort fewer than count().
    const QList<CommandResult> &results() const { return m_results; }
    int failureCount() const { return m_failures; }
    // Commands never sent (stopped at a failure, aborted).
    int skippedCount() const { return count() - int(m_results.size()); }
    // The first result that did not succeed, or else the last; nullptr before any result.
    const CommandResult *verdict() const;

signals:
    void commandFinished(int index, const qmt::session::CommandResult &result);
    void progress(int done, int total);
    void finished(int failures); // exactly once

private:
    void sendNext();
    void onReplyFinished(const CommandResult &result);
    void conclude();

    QPointer<CommandChannel> m_channel;
    QList<at::AtCommand> m_commands;
    Policy m_policy;
    QList<CommandResult> m_results;
    QPointer<CommandReply> m_reply; // the command in flight
    int m_failures = 0;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace qmt::session
