// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli search: the frames of a whole session journal that hold a text or match a regular
// expression, in a slot and a direction (workflows/journalsearch.h).

#include "io/journal.h"
#include "workflows/journalsearch.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <optional>

int runSearch(const QStringList &args, QTextStream &out, QTextStream &err)
{
    auto usage = [](QTextStream &s, int status, const QString &problem = {}) {
        if (!problem.isEmpty())
            s << QStringLiteral("qmtscope-cli: ") << problem << '\n';
        s << QCoreApplication::translate(
            "qmtscope-cli",
            "Usage: qmtscope-cli search [--regex] [--case] [--slot N] [--dir rx|tx] [--max N] [--json]\n"
            "                           <text> <journal>\n"
            "  Reads a whole session journal through the pipeline and prints every frame that holds\n"
            "  the text (ASCII case ignored unless --case) or matches the regular expression, with\n"
            "  its frame number (its row in the traffic view after File > Open Session), time,\n"
            "  direction, slot and text. Secrets are shown as the journal holds them.\n"
            "  --slot N   frames of client slot N only     --dir rx|tx   received or sent only\n"
            "  --max N    stops after N hits (default 1000)\n"
            "  Exit status: 0 found, 3 nothing found, 1 usage error, 2 the journal cannot be read.\n");
        s.flush();
        return status;
    };
    qmt::session::SearchQuery query;
    bool json = false;
    QStringList positional;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto number = [&](qint64 *to, qint64 min) {
            bool ok = false;
            if (i + 1 < args.size())
                *to = args[++i].toLongLong(&ok);
            return ok && *to >= min;
        };
        qint64 n = 0;
        if (a == QLatin1String("-h") || a == QLatin1String("--help"))
            return usage(out, 0);
        if (a == QLatin1String("--regex")) {
            query.regex = true;
        } else if (a == QLatin1String("--case")) {
            query.caseSensitive = true;
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--slot")) {
            if (!number(&n, 0) || n > 5)
                return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "--slot is 0 to 5"));
            query.slot = int(n);
        } else if (a == QLatin1String("--max")) {
            if (!number(&n, 1))
                return usage(err, 1,
                             QCoreApplication::translate("qmtscope-cli", "--max needs a number above 0"));
            query.maxHits = n;
        } else if (a == QLatin1String("--dir")) {
            const QString d = i + 1 < args.size() ? args[++i] : QString();
            if (d == QLatin1String("rx"))
                query.direction = qmt::session::SearchQuery::Direction::Received;
            else if (d == QLatin1String("tx"))
                query.direction = qmt::session::SearchQuery::Direction::Sent;
            else
                return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "--dir is rx or tx"));
        } else if (a.startsWith(QLatin1String("--"))) {
            return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(a));
        } else {
            positional << a;
        }
    }
    if (positional.size() != 2)
        return usage(err, 1,
                     QCoreApplication::translate("qmtscope-cli", "search needs a text and a journal"));
    query.text = positional[0];
    QString problem;
    const std::optional<qmt::session::JournalReader> journal =
        qmt::session::JournalReader::open(positional[1], &problem);
    if (!journal) {
        err << QStringLiteral("qmtscope-cli: ") << problem << '\n';
        return 2;
    }
    const qmt::session::SearchResult r = qmt::session::JournalSearch::run(*journal, query);
    if (!r.error.isEmpty())
        return usage(err, 1, r.error);
    const auto timeText = [](qint64 us) {
        return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    };
    if (json) {
        QJsonArray hits;
        for (const qmt::session::SearchHit &h : r.hits)
            hits.append(QJsonObject{{QStringLiteral("frame"), h.frame},
                                    {QStringLiteral("time_us"), h.timeUs},
                                    {QStringLiteral("dir"), h.dir == qmt::at::Direction::ToModule
                                                                ? QStringLiteral("tx")
                                                                : QStringLiteral("rx")},
                                    {QStringLiteral("slot"), h.slot},
                                    {QStringLiteral("text"), QString::fromUtf8(h.text)}});
        const QByteArray bytes = QJsonDocument(QJsonObject{{QStringLiteral("hits"), hits},
                                                           {QStringLiteral("frames"), r.frames},
                                                           {QStringLiteral("complete"), r.complete}})
                                     .toJson(QJsonDocument::Indented);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    } else {
        for (const qmt::session::SearchHit &h : r.hits) {
            out << QStringLiteral("%1\t%2\t%3\t%4\t%5\n")
                       .arg(h.frame)
                       .arg(timeText(h.timeUs),
                            h.dir == qmt::at::Direction::ToModule ? QStringLiteral("TX")
                                                                  : QStringLiteral("RX"),
                            h.slot >= 0 ? QString::number(h.slot) : QStringLiteral("-"),
                            QString::fromUtf8(h.text));
        }
        err << QCoreApplication::translate("qmtscope-cli", "%n hit(s) in %1 frames", nullptr,
                                           int(r.hits.size()))
                   .arg(r.frames)
            << (r.complete ? QString() : QCoreApplication::translate("qmtscope-cli", " (stopped at --max)"))
            << '\n';
    }
    return r.hits.empty() ? 3 : 0;
}
