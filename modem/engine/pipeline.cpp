// SPDX-License-Identifier: Apache-2.0
#include "engine/pipeline.h"

#include <algorithm>

namespace qmt::session {

Pipeline::Pipeline(const Clock *clock) : m_clock(clock ? clock : SystemClock::instance())
{
    m_eventSink = [this](const at::AtEvent &ev) { dispatch(ev); };
    m_frameSink = [this](const at::Frame &f) { m_parser.parse(f, m_eventSink); };
}

void Pipeline::updateLineEndSink()
{
    // No observer, no call per line end: the framer's hot loop stays as fast as before.
    if (m_lineEndObservers.empty()) {
        m_framer.setLineEndSink({});
        return;
    }
    m_framer.setLineEndSink([this](QByteArrayView bytes) {
        for (std::size_t i = 0; i < m_lineEndObservers.size(); ++i)
            m_lineEndObservers[i].second(bytes);
    });
}

void Pipeline::dispatch(const at::AtEvent &ev)
{
    ++m_dispatching;
    m_store.apply(ev);
    for (std::size_t i = 0; i < m_observers.size(); ++i)
        m_observers[i].second(ev);
    --m_dispatching;
    // What an observer wrote in answer (the channel's data after a '>') follows the event that
    // caused it, for every observer alike.
    while (m_dispatching == 0 && !m_deferred.empty()) {
        Deferred d = std::move(m_deferred.front());
        m_deferred.erase(m_deferred.begin());
        noteWritten(d.command, d.bytes);
    }
}

void Pipeline::received(QByteArrayView bytes)
{
    m_parser.setTimeUs(m_clock->nowUs());
    m_framer.feed(bytes, m_frameSink);
}

void Pipeline::endOfInput()
{
    m_parser.setTimeUs(m_clock->nowUs());
    m_framer.finish(m_frameSink);
}

void Pipeline::wroteCommand(QByteArrayView line)
{
    noteWritten(true, line);
}

void Pipeline::wroteData(QByteArrayView data)
{
    noteWritten(false, data);
}

void Pipeline::noteWritten(bool command, QByteArrayView bytes)
{
    if (m_dispatching > 0) {
        m_deferred.push_back(Deferred{command, bytes.toByteArray()});
        return;
    }
    m_parser.setTimeUs(m_clock->nowUs());
    m_framer.hostWrote(!command, bytes);
    if (command) {
        m_parser.noteWritten(bytes, m_written, m_eventSink);
        m_written += bytes.size() + 1;
    } else {
        m_parser.noteWrittenData(bytes, m_written, m_eventSink);
        m_written += bytes.size();
    }
}

int Pipeline::addObserver(Observer o)
{
    m_observers.emplace_back(m_nextObserver, std::move(o));
    return m_nextObserver++;
}

int Pipeline::addLineEndObserver(LineEndObserver o)
{
    m_lineEndObservers.emplace_back(m_nextObserver, std::move(o));
    if (m_lineEndObservers.size() == 1)
        updateLineEndSink();
    return m_nextObserver++;
}

void Pipeline::removeObserver(int id)
{
    m_observers.erase(
        std::remove_if(m_observers.begin(), m_observers.end(), [id](const auto &p) { return p.first == id; }),
        m_observers.end());
    m_lineEndObservers.erase(std::remove_if(m_lineEndObservers.begin(), m_lineEndObservers.end(),
                                            [id](const auto &p) { return p.first == id; }),
                             m_lineEndObservers.end());
    if (m_lineEndObservers.empty())
        updateLineEndSink();
}

void Pipeline::reset()
{
    m_framer.reset();
    m_parser.reset();
    m_store.resetAll();
    m_written = 0;
}

void Pipeline::resetAll()
{
    reset();
    m_deferred.clear();
}

} // namespace qmt::session
