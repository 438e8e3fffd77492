// SPDX-License-Identifier: Apache-2.0
#include "promptwatcher.h"

#include "engine/framer.h"
#include "engine/pipeline.h"

namespace qmt::state {

using at::Direction;
using at::EventType;

namespace {
QByteArrayView trimmedLine(QByteArrayView l)
{
    while (!l.isEmpty() && (l.back() == '\r' || l.back() == '\n' || l.back() == ' ' || l.back() == '\t'))
        l.chop(1);
    while (!l.isEmpty() && (l.front() == ' ' || l.front() == '\t'))
        l = l.sliced(1);
    return l;
}
} // namespace

PromptWatcher::PromptWatcher(session::Pipeline &pipeline, QObject *parent)
    : QObject(parent), m_pipeline(pipeline)
{
    m_observer = m_pipeline.addObserver([this](const at::AtEvent &ev) { onEvent(ev); });
}

PromptWatcher::~PromptWatcher()
{
    m_pipeline.removeObserver(m_observer);
}

bool PromptWatcher::commandSent(QByteArrayView line)
{
    const QByteArrayView l = trimmedLine(line);
    const qsizetype len = at::Framer::payloadLengthOfCommand(l);
    if (len == -1)
        return false; // nothing follows this command's prompt
    m_line = l.toByteArray();
    m_declared = len;
    m_written = 0;
    setState(State::Armed);
    return true;
}

QByteArray PromptWatcher::dataFor(const QByteArray &typed) const
{
    return endsWithCtrlZ() ? typed + '\x1a' : typed;
}

void PromptWatcher::reset()
{
    setState(State::Idle);
}

void PromptWatcher::setState(State s)
{
    const bool was = isActive();
    m_state = s;
    if (s == State::Idle) {
        m_line.clear();
        m_declared = -1;
        m_written = 0;
    }
    if (was != isActive())
        emit activeChanged(isActive());
}

void PromptWatcher::onEvent(const at::AtEvent &ev)
{
    if (m_state == State::Idle)
        return;
    if (ev.dir == Direction::ToModule) {
        if (ev.type == EventType::Command) {
            if (m_state == State::Armed && trimmedLine(ev.text) == QByteArrayView(m_line))
                setState(State::Running);
            else if (m_state != State::Armed)
                setState(State::Idle); // another command went out: ours is over
        } else if (ev.type == EventType::Data && !ev.text.isEmpty() && m_state == State::Active) {
            m_written += ev.text.size();
            const bool complete = endsWithCtrlZ() ? ev.text.contains('\x1a') : m_written >= m_declared;
            if (complete)
                setState(State::Idle); // the module has all its data
            else
                emit dataWritten(m_written);
        }
        return;
    }
    switch (ev.type) {
    case EventType::Prompt:
        if (m_state == State::Running)
            setState(State::Active);
        return;
    case EventType::Ok:
    case EventType::Error:
    case EventType::CmeError:
        if (m_state != State::Armed)
            setState(State::Idle); // the module ended the command (or gave up waiting for data)
        return;
    case EventType::Boot:
        if (ev.text == "RDY")
            setState(State::Idle); // the module restarted: nothing waits any more
        return;
    default:
        return;
    }
}

} // namespace qmt::state
