// SPDX-License-Identifier: Apache-2.0
#include "workflows/journalsearch.h"

#include "engine/pipeline.h"
#include "io/journal.h"
#include "models/textmatch.h"

namespace qmt::session {

SearchResult JournalSearch::run(const JournalReader &journal, const SearchQuery &query,
                                const std::function<bool(qint64)> &progress)
{
    SearchResult result;
    const state::TextMatcher matcher(query.text, query.regex, query.caseSensitive);
    if (!matcher.error().isEmpty()) {
        result.error = matcher.error();
        result.complete = false;
        return result;
    }

    ManualClock clock;
    Pipeline pipeline(&clock);
    bool full = false;
    pipeline.addObserver([&](const at::AtEvent &ev) {
        const qint64 frame = result.frames++;
        if (full)
            return;
        if (query.direction == SearchQuery::Direction::Received && ev.dir != at::Direction::FromModule)
            return;
        if (query.direction == SearchQuery::Direction::Sent && ev.dir != at::Direction::ToModule)
            return;
        if (query.slot >= 0 && ev.clientIdx != query.slot)
            return;
        if (ev.timeUs < query.fromUs || ev.timeUs >= query.toUs)
            return;
        if (!matcher.matches(ev.text))
            return;
        result.hits.push_back({frame, ev.timeUs, ev.dir, ev.clientIdx, ev.text.toByteArray()});
        if (qint64(result.hits.size()) >= query.maxHits)
            full = true;
    });
    journal.forEach([&](const JournalReader::Chunk &c) {
        clock.set(c.wallUs);
        JournalReader::feed(c, pipeline);
        result.bytes += c.bytes.size();
        if (full) {
            result.complete = false;
            return false;
        }
        if (progress && !progress(result.bytes)) {
            result.complete = false;
            return false;
        }
        // past the range's end: nothing later can match (chunks are in time order)
        return c.wallUs < query.toUs;
    });
    if (result.complete)
        pipeline.endOfInput();
    return result;
}

} // namespace qmt::session
