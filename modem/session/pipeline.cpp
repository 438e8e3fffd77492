#include "pipeline.h"

#include <algorithm>

namespace qmt::session {

Pipeline::Pipeline(const Clock *clock)
    : m_clock(clock ? clock : SystemClock::instance())
{
    m_eventSink = [this](const at::AtEvent &ev) { dispatch(ev); };
    m_frameSink = [this](const at::Frame &f) { m_parser.parse(f, m_eventSink); };
}

void Pipeline::dispatch(const at::AtEvent &ev)
{
    m_store.apply(ev);
    for (const auto &o : m_observers)
        o.second(ev);
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
    m_parser.setTimeUs(m_clock->nowUs());
    m_parser.noteWritten(line, m_written, m_eventSink);
    m_written += line.size() + 1;
}

void Pipeline::wroteData(QByteArrayView data)
{
    m_parser.setTimeUs(m_clock->nowUs());
    m_parser.noteWrittenData(data, m_written, m_eventSink);
    m_written += data.size();
}

int Pipeline::addObserver(Observer o)
{
    m_observers.emplace_back(m_nextObserver, std::move(o));
    return m_nextObserver++;
}

void Pipeline::removeObserver(int id)
{
    m_observers.erase(std::remove_if(m_observers.begin(), m_observers.end(),
                                     [id](const auto &p) { return p.first == id; }),
                      m_observers.end());
}

void Pipeline::reset()
{
    m_framer.reset();
    m_parser.reset();
    m_store.reset();
    m_written = 0;
}

} // namespace qmt::session
