// SPDX-License-Identifier: Apache-2.0
#pragma once
// JournalPlayer (issue 10): a session journal shown as it was at any moment, or played again at
// a chosen speed. The session's slots, traffic and diagnosis are what the pipeline made of the
// journal's chunks up to that moment: moving forward feeds the chunks in between; moving back
// starts the replay afresh and feeds up to the moment (the same pipeline as live, so the state
// at a moment is exactly the live state then). Chunks are read from the file as they are fed,
// a journal of any size in bounded memory.
//
// With a slice set (setSlice; the window sets one), a long reading — opening a 1 GB
// journal, going back near its end — runs in slices from the event loop: the window keeps
// answering, the session fills as it is read (isBusy, readFraction), and stop() leaves it at
// the moment reached. Without one (the default) every call reads to its moment before it returns.

#include "io/journal.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

namespace qmt::state {
class TrafficModel;
}

namespace qmt::session {

class Session;

class JournalPlayer : public QObject
{
    Q_OBJECT
public:
    explicit JournalPlayer(Session *session, QObject *parent = nullptr);
    ~JournalPlayer() override;

    // Opens a journal and shows it whole (the position at its end: with a slice time, once
    // the reading is done); false with *error set.
    bool open(const QString &path, QString *error);
    // Lets go of the journal (the session keeps what it shows).
    void close();
    bool isOpen() const { return m_reader.has_value(); }
    QString path() const { return m_path; }

    qint64 startUs() const { return m_startUs; } // wall clock of the first chunk (µs since the epoch)
    qint64 endUs() const { return m_endUs; }     // ... of the last
    qint64 positionUs() const { return m_positionUs; }
    qint64 chunksFed() const { return m_fed; }

    // The session as it was at `us` (clamped to the journal's span).
    void seek(qint64 us);
    // Plays from the position (from the start when at the end; from where a reading under way
    // has got) at `speed` times real time.
    void play(double speed);
    void pause();
    bool isPlaying() const { return m_timer.isActive(); }
    double speed() const { return m_speed; }
    void setSpeed(double speed);

    // Reading in slices of at most `ms` milliseconds of work, and at most `chunks` chunks, from
    // the event loop (0: no limit; both 0, the default: at once).
    void setSlice(int ms, int chunks = 0)
    {
        m_sliceMs = ms;
        m_sliceChunks = chunks;
    }
    // A reading is under way toward the moment asked for (targetUs).
    bool isBusy() const { return m_busy; }
    qint64 targetUs() const { return m_targetUs; }
    // How much of the journal has been read, by its chunks (0 … 1).
    double readFraction() const;
    // With a slice set: when opening takes more than one slice, the journal's last `bytes` (at
    // most 4096 chunks) are first read into a preview (Session::previewTraffic) that the
    // traffic views show until the whole journal is read; 0 (the default): no preview.
    void setPreviewBytes(qint64 bytes) { m_previewBytes = bytes; }
    const state::TrafficModel *preview() const;
    // Ends the reading (and the playing) where it got: the session shows that moment.
    void stop();

signals:
    void journalChanged(); // opened or closed
    void positionChanged(qint64 us);
    void playingChanged(bool playing);
    void busyChanged(bool busy);

private:
    void restart();
    // Reads toward `us`; false when the slice's time ran out first (the position is then the
    // last chunk's time).
    bool feedUntil(qint64 us, const QElapsedTimer *slice);
    void moveTo(qint64 us);
    void step();
    void setBusy(bool busy);
    void startPreview();
    void endPreview();
    void tick();

    QPointer<Session> m_session; // (a window may destroy its session before its player)
    std::optional<JournalReader> m_reader;
    QString m_path;
    qint64 m_startUs = 0, m_endUs = 0, m_positionUs = 0, m_targetUs = 0;
    qint64 m_lastId = 0;      // the last chunk fed
    qint64 m_lastChunkId = 0; // the journal's last chunk
    qint64 m_fed = 0;
    bool m_ended = false;      // the end of input was given to the pipeline
    bool m_restarting = false; // our own beginReplay(): not another log taking the session
    QTimer m_timer;
    QTimer m_stepTimer; // the next slice of a reading
    int m_sliceMs = 0;
    int m_sliceChunks = 0;
    qint64 m_previewBytes = 0;
    struct Preview; // a pipeline and a traffic model of the journal's tail
    std::unique_ptr<Preview> m_preview;
    bool m_busy = false;
    QElapsedTimer m_played;
    qint64 m_playedFromUs = 0;
    double m_speed = 1.0;
};

} // namespace qmt::session
