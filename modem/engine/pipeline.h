// SPDX-License-Identifier: Apache-2.0
#pragma once
// Pipeline: the one path every byte takes — from a live port, a recorded session or an imported
// log — through the framer and parser into the slot store, then to observers (the command
// channel, the traffic model). What we write goes in too, so the state also reflects commands
// the module does not echo.

#include "engine/framer.h"
#include "engine/parser.h"
#include "engine/clock.h"
#include "engine/slotstore.h"

#include <functional>
#include <vector>

namespace qmt::session {

class Pipeline
{
public:
    using Observer = std::function<void(const at::AtEvent &)>;
    // The CR/LF bytes the module sent between frames (Framer::setLineEndSink), in stream order:
    // those after a frame come after its event and before the next frame's.
    using LineEndObserver = std::function<void(QByteArrayView bytes)>;

    explicit Pipeline(const Clock *clock = SystemClock::instance());

    void received(QByteArrayView bytes);    // bytes from the module, any chunking
    void endOfInput();                      // the stream ended: flush a partial frame
    void wroteCommand(QByteArrayView line); // a command line we wrote, without CR
    void wroteData(QByteArrayView data);    // data written after '>' or CONNECT

    // Observers see every event after the store has applied it.
    int addObserver(Observer o);
    int addLineEndObserver(LineEndObserver o);
    void removeObserver(int id); // either kind

    state::SlotStore &store() { return m_store; }
    const state::SlotStore &store() const { return m_store; }
    at::Framer &framer() { return m_framer; }
    const Clock *clock() const { return m_clock; }
    // Events from now on are stamped by `clock` (a log's own times while it is replayed).
    void setClock(const Clock *clock) { m_clock = clock; }
    qint64 bytesReceived() const { return m_framer.bytesFed(); }
    qint64 bytesWritten() const { return m_written; }
    // A new session (another log, journal or port): framer, parser, slots and the module's state
    // (identity, ranges, counters) as constructed; observers kept.
    void reset();
    // reset(), and writes an observer reported during a dispatch are dropped too. A fuzz target
    // reuses one pipeline for every input instead of building one per input.
    void resetAll();

private:
    void updateLineEndSink();
    void dispatch(const at::AtEvent &ev);

    struct Deferred
    {
        bool command;
        QByteArray bytes;
    };
    void noteWritten(bool command, QByteArrayView bytes);

    const Clock *m_clock;
    int m_dispatching = 0;
    std::vector<Deferred> m_deferred; // writes reported by an observer during a dispatch
    at::Framer m_framer;
    at::Parser m_parser;
    state::SlotStore m_store;
    std::vector<std::pair<int, Observer>> m_observers;
    std::vector<std::pair<int, LineEndObserver>> m_lineEndObservers;
    int m_nextObserver = 1;
    qint64 m_written = 0;
    at::Framer::Sink m_frameSink;
    at::Parser::Sink m_eventSink;
};

} // namespace qmt::session
