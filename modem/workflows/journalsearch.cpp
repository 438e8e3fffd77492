// SPDX-License-Identifier: Apache-2.0
#include "workflows/journalsearch.h"

#include "engine/pipeline.h"
#include "io/journal.h"

#include <QByteArrayMatcher>
#include <QRegularExpression>

#include <algorithm>

namespace qmt::session {

namespace {

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

} // namespace

SearchResult JournalSearch::run(const JournalReader &journal, const SearchQuery &query,
                                const std::function<bool(qint64)> &progress)
{
    SearchResult result;
    QRegularExpression re;
    if (query.regex) {
        re.setPattern(query.text);
        re.setPatternOptions(query.caseSensitive ? QRegularExpression::NoPatternOption
                                                 : QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            result.error = tr("The regular expression does not compile: %1 (at %2)")
                               .arg(re.errorString())
                               .arg(re.patternErrorOffset());
            result.complete = false;
            return result;
        }
        re.optimize();
    }
    // A plain text: bytes matched as they are (ASCII case folded when asked)
    const QByteArray needle = query.caseSensitive ? query.text.toUtf8() : query.text.toUtf8().toLower();
    const QByteArrayMatcher matcher(needle);
    QByteArray folded;
    const auto matches = [&](QByteArrayView frame) {
        if (needle.isEmpty() && !query.regex)
            return true;
        if (query.regex)
            return re.match(QString::fromUtf8(frame)).hasMatch();
        if (query.caseSensitive)
            return matcher.indexIn(frame.data(), frame.size()) >= 0;
        folded.resize(frame.size());
        std::transform(frame.begin(), frame.end(), folded.begin(), lowerAscii);
        return matcher.indexIn(folded) >= 0;
    };

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
        if (!matches(ev.text))
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
