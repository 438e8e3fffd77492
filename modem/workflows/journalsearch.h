// SPDX-License-Identifier: Apache-2.0
#pragma once
// Search over a whole session journal (issue 10): every frame the pipeline makes of the journal,
// matched against a text (or a regular expression), in one slot or all, one direction or both,
// in a time range. The journal is read chunk by chunk (bounded memory); a hit names its frame's
// number — the row the traffic view shows it in after File > Open Session — its time, direction,
// slot and text.

#include "at/event.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>
#include <limits>
#include <vector>

namespace qmt::session {

class JournalReader;

struct SearchQuery
{
    QString text;
    bool regex = false;
    bool caseSensitive = false;
    int slot = -1; // -1: any (and frames of no slot)
    enum class Direction : std::uint8_t { Both, Received, Sent } direction = Direction::Both;
    qint64 fromUs = std::numeric_limits<qint64>::min();
    qint64 toUs = std::numeric_limits<qint64>::max();
    qint64 maxHits = 1000; // the search stops after that many (the count goes on: see below)
};

struct SearchHit
{
    qint64 frame = 0; // 0-based, in the order the pipeline made them
    qint64 timeUs = 0;
    at::Direction dir = at::Direction::FromModule;
    int slot = -1;
    QByteArray text;
};

struct SearchResult
{
    std::vector<SearchHit> hits;
    qint64 frames = 0;    // frames read
    qint64 bytes = 0;     // journal bytes read
    bool complete = true; // false: stopped at maxHits or cancelled
    QString error;        // a regular expression that does not compile (translated)
};

class JournalSearch
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::JournalSearch)
public:
    // `progress(bytesRead)` may return false to stop.
    static SearchResult run(const JournalReader &journal, const SearchQuery &query,
                            const std::function<bool(qint64)> &progress = {});
};

} // namespace qmt::session
