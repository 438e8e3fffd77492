// SPDX-License-Identifier: Apache-2.0
#pragma once
// JournalPlayer (issue 10): a session journal shown as it was at any moment, or played again at
// a chosen speed. The session's slots, traffic and diagnosis are what the pipeline made of the
// journal's chunks up to that moment: moving forward feeds the chunks in between; moving back
// starts the replay afresh and feeds up to the moment (the same pipeline as live, so the state
// at a moment is exactly the live state then). Chunks are read from the file as they are fed,
// a journal of any size in bounded memory.

#include "io/journal.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

namespace qmt::session {

class Session;

class JournalPlayer : public QObject
{
    Q_OBJECT
public:
    explicit JournalPlayer(Session *session, QObject *parent = nullptr);
    ~JournalPlayer() override;

    // Opens a journal and shows it whole (the position at its end); false with *error set.
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
    // Plays from the position (from the start when at the end) at `speed` times real time.
    void play(double speed);
    void pause();
    bool isPlaying() const { return m_timer.isActive(); }
    double speed() const { return m_speed; }
    void setSpeed(double speed);

signals:
    void journalChanged(); // opened or closed
    void positionChanged(qint64 us);
    void playingChanged(bool playing);

private:
    void restart();
    void feedUntil(qint64 us);
    void tick();

    Session *m_session;
    std::optional<JournalReader> m_reader;
    QString m_path;
    qint64 m_startUs = 0, m_endUs = 0, m_positionUs = 0;
    qint64 m_lastId = 0; // the last chunk fed
    qint64 m_fed = 0;
    bool m_ended = false;      // the end of input was given to the pipeline
    bool m_restarting = false; // our own beginReplay(): not another log taking the session
    QTimer m_timer;
    QElapsedTimer m_played;
    qint64 m_playedFromUs = 0;
    double m_speed = 1.0;
};

} // namespace qmt::session
