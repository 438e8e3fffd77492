// SPDX-License-Identifier: Apache-2.0
#include "workflows/logreplay.h"

#include "io/session.h"

#include <algorithm>

namespace qmt::session {

QByteArrayView ImportedLog::lineText(int number) const
{
    if (m_lineStarts.empty()) {
        auto &starts = const_cast<std::vector<qsizetype> &>(m_lineStarts);
        starts.push_back(0);
        for (qsizetype i = 0; i < original.size(); ++i)
            if (original[i] == '\n')
                starts.push_back(i + 1);
    }
    if (number < 1 || std::size_t(number) > m_lineStarts.size())
        return {};
    const qsizetype start = m_lineStarts[std::size_t(number - 1)];
    qsizetype end =
        std::size_t(number) < m_lineStarts.size() ? m_lineStarts[std::size_t(number)] - 1 : original.size();
    while (end > start && (original[end - 1] == '\r' || original[end - 1] == '\n'))
        --end;
    return QByteArrayView(original).sliced(start, std::max<qsizetype>(0, end - start));
}

qsizetype ImportedLog::rowOfLine(int number) const
{
    const auto it = std::lower_bound(rowLines.begin(), rowLines.end(), number);
    return it == rowLines.end() ? -1 : qsizetype(it - rowLines.begin());
}

std::shared_ptr<ImportedLog> ImportedLog::replay(Session &session, QByteArray original, const QString &name)
{
    auto log = std::make_shared<ImportedLog>();
    log->name = name;
    log->original = std::move(original);
    LogImport::Options options;
    options.everyLine = true; // the import report lists every line
    log->import = LogImport::read(log->original, options);

    static ManualClock clock; // the log's times while it is fed; the GUI thread only
    session.beginReplay(log->import.hasTimes() ? static_cast<const Clock *>(&clock)
                                               : SystemClock::instance());
    state::TrafficModel *traffic = session.trafficModel();
    Pipeline &pipeline = session.pipeline();
    ImportedLog *raw = log.get();
    // Runs after the traffic model's own observer (added first): the rows of this event exist.
    const int id = pipeline.addObserver([raw, traffic](const at::AtEvent &ev) {
        const int line = raw->import.lineAt(ev.offset);
        raw->rowLines.resize(std::size_t(traffic->frameCount()), line);
    });
    log->import.feed(pipeline, &clock);
    pipeline.removeObserver(id);
    session.endReplay();
    traffic->flush();
    return log;
}

} // namespace qmt::session
