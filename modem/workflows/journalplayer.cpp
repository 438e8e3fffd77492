// SPDX-License-Identifier: Apache-2.0
#include "workflows/journalplayer.h"

#include "io/session.h"
#include "models/trafficmodel.h"

#include <algorithm>
#include <cmath>

namespace qmt::session {

namespace {
constexpr int kTickMs = 50;
constexpr qint64 kPreviewChunks = 4096;
} // namespace

struct JournalPlayer::Preview
{
    ManualClock clock;
    Pipeline pipeline{&clock};
    state::TrafficModel traffic;
};

JournalPlayer::JournalPlayer(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &JournalPlayer::tick);
    m_stepTimer.setInterval(0); // (the slices leave the events between them their turn)
    connect(&m_stepTimer, &QTimer::timeout, this, &JournalPlayer::step);
    // a port opened (or another log shown) ends what this player shows
    connect(session, &Session::replayStarted, this, [this] {
        if (m_reader && !m_restarting)
            close();
    });
}

JournalPlayer::~JournalPlayer()
{
    endPreview();
}

const state::TrafficModel *JournalPlayer::preview() const
{
    return m_preview ? &m_preview->traffic : nullptr;
}

void JournalPlayer::startPreview()
{
    // the tail read on its own: its first frame may begin before it (shown as it comes)
    auto p = std::make_unique<Preview>();
    p->traffic.setSpill({}); // (a few MB)
    p->traffic.attach(p->pipeline);
    m_reader->forEachAfter(m_reader->tailAfter(m_previewBytes, kPreviewChunks),
                           [&](const JournalReader::Chunk &c) {
                               p->clock.set(c.wallUs);
                               JournalReader::feed(c, p->pipeline);
                               return true;
                           });
    p->pipeline.endOfInput();
    p->traffic.flush();
    m_preview = std::move(p);
    m_session->setPreviewTraffic(&m_preview->traffic);
}

void JournalPlayer::endPreview()
{
    if (!m_preview)
        return;
    if (m_session)
        m_session->setPreviewTraffic(nullptr); // (the views let go of it first)
    m_preview.reset();
}

bool JournalPlayer::open(const QString &path, QString *error)
{
    std::optional<JournalReader> reader = JournalReader::open(path, error);
    if (!reader)
        return false; // what is shown stays
    close();
    m_reader.emplace(std::move(*reader)); // (a reader moves, but is not assigned)
    m_path = path;
    const auto span = m_reader->wallSpan();
    m_startUs = span.first;
    m_endUs = std::max(span.first, span.second);
    m_lastChunkId = m_reader->lastChunkId();
    restart();
    emit journalChanged();
    moveTo(m_endUs);
    if (m_busy && m_previewBytes > 0)
        startPreview(); // the end on screen while the whole is read
    return true;
}

void JournalPlayer::close()
{
    pause();
    m_stepTimer.stop();
    setBusy(false);
    endPreview();
    if (!m_reader)
        return;
    m_reader.reset();
    m_path.clear();
    m_startUs = m_endUs = m_positionUs = m_targetUs = 0;
    m_lastChunkId = 0;
    emit journalChanged();
}

void JournalPlayer::stop()
{
    pause();
    m_stepTimer.stop();
    m_targetUs = m_positionUs;
    setBusy(false);
}

double JournalPlayer::readFraction() const
{
    return m_lastChunkId > 0 ? std::clamp(double(m_lastId) / double(m_lastChunkId), 0.0, 1.0) : 1.0;
}

void JournalPlayer::setBusy(bool busy)
{
    if (!busy)
        endPreview(); // read (or stopped): the session's own traffic again
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void JournalPlayer::restart()
{
    m_restarting = true;
    m_session->beginReplay(m_session->replayClock());
    m_restarting = false;
    m_lastId = 0;
    m_fed = 0;
    m_ended = false;
    m_positionUs = m_startUs;
}

bool JournalPlayer::feedUntil(qint64 us, const QElapsedTimer *slice)
{
    if (!m_reader)
        return true;
    Pipeline &pipeline = m_session->pipeline();
    ManualClock *clock = m_session->replayClock();
    bool reached = true;
    qint64 lastWallUs = m_positionUs;
    int chunks = 0;
    m_reader->forEachAfter(m_lastId, [&](const JournalReader::Chunk &c) {
        if (c.wallUs > us)
            return false;
        clock->set(c.wallUs);
        JournalReader::feed(c, pipeline);
        m_lastId = c.id;
        lastWallUs = std::max(lastWallUs, c.wallUs);
        ++m_fed;
        ++chunks;
        if (slice && ((m_sliceChunks > 0 && chunks >= m_sliceChunks) ||
                      (m_sliceMs > 0 && slice->elapsed() >= m_sliceMs))) {
            reached = false;
            return false;
        }
        return true;
    });
    if (!reached && m_lastId >= m_lastChunkId)
        reached = true; // (the slice ended with the last chunk)
    if (!reached) {
        m_positionUs = std::clamp(lastWallUs, m_startUs, m_endUs);
        m_session->trafficModel()->flush();
        emit positionChanged(m_positionUs);
        return false;
    }
    m_positionUs = std::clamp(us, m_startUs, m_endUs);
    if (m_positionUs >= m_endUs && !m_ended) {
        // the whole journal: a frame the module left unfinished is shown, and the diagnosis
        // names the commands still waiting (as at the end of File > Open Session)
        m_ended = true;
        pipeline.endOfInput();
        m_session->trafficModel()->flush();
        m_session->endReplay();
    } else {
        m_session->trafficModel()->flush();
    }
    emit positionChanged(m_positionUs);
    return true;
}

void JournalPlayer::moveTo(qint64 us)
{
    if (!m_reader)
        return;
    us = std::clamp(us, m_startUs, m_endUs);
    if (m_ended && us == m_positionUs)
        return; // (there already)
    if (us < m_positionUs)
        restart(); // back: afresh from the start
    m_targetUs = us;
    step();
}

void JournalPlayer::step()
{
    QElapsedTimer slice;
    slice.start();
    if (feedUntil(m_targetUs, m_sliceMs > 0 || m_sliceChunks > 0 ? &slice : nullptr)) {
        m_stepTimer.stop();
        setBusy(false);
    } else {
        setBusy(true);
        if (!m_stepTimer.isActive())
            m_stepTimer.start();
    }
}

void JournalPlayer::seek(qint64 us)
{
    if (!m_reader)
        return;
    endPreview(); // a moment chosen: the traffic of that moment
    moveTo(us);
    if (isPlaying()) {
        m_played.restart();
        m_playedFromUs = m_targetUs;
    }
}

void JournalPlayer::setSpeed(double speed)
{
    if (isPlaying()) { // the speed changes from here on
        m_playedFromUs = m_positionUs;
        m_played.restart();
    }
    m_speed = speed > 0 ? speed : 1.0;
}

void JournalPlayer::play(double speed)
{
    if (!m_reader)
        return;
    m_speed = speed > 0 ? speed : 1.0;
    if (m_busy) { // (a reading under way: played from the moment it has reached)
        m_stepTimer.stop();
        m_targetUs = m_positionUs;
        setBusy(false);
    }
    if (m_positionUs >= m_endUs)
        seek(m_startUs);
    m_playedFromUs = m_positionUs;
    m_played.start();
    if (!m_timer.isActive()) {
        m_timer.start();
        emit playingChanged(true);
    }
}

void JournalPlayer::pause()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void JournalPlayer::tick()
{
    const double elapsedUs = double(m_played.nsecsElapsed()) / 1000.0 * m_speed;
    const qint64 target = m_playedFromUs + qint64(std::llround(std::min(elapsedUs, 9.0e18)));
    moveTo(std::min(target, m_endUs));
    if (m_positionUs >= m_endUs)
        pause();
}

} // namespace qmt::session
