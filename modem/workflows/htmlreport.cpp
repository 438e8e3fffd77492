// SPDX-License-Identifier: Apache-2.0
#include "workflows/htmlreport.h"

#include "at/redact.h"
#include "workflows/diagnosis.h"
#include "workflows/logimport.h"
#include "workflows/timeline.h"

#include <QDateTime>

namespace qmt::session {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString esc(const QByteArray &b)
{
    return QString::fromUtf8(b).toHtmlEscaped();
}

const char *kStyle = R"(<style>
body{font-family:"DejaVu Sans","Noto Sans CJK SC",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.error{color:#b71c1c}.warning{color:#a15c00}.info{color:#1f5fa0}
.finding{margin:10px 0;padding:6px 10px;border-left:4px solid #ccc}.finding.error{border-color:#d62728}
.finding.warning{border-color:#f0a020}.finding dl{margin:4px 0;display:grid;grid-template-columns:7em 1fr;color:#222}
.finding dt{color:#666}.finding dd{margin:0}code,pre{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
pre.log{background:#fafafa;border:1px solid #eee;padding:6px;overflow-x:auto}
pre.log a{color:#999;text-decoration:none;display:inline-block;width:5em}
pre.log span:target{background:#fff3b0}.svg{overflow-x:auto}
</style>
)";

} // namespace

QByteArray HtmlReport::write(const HtmlReportInput &in)
{
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>%1</title>\n")
             .arg(esc(tr("QMT Scope report: %1").arg(in.name)));
    h += QLatin1String(kStyle);
    h += QStringLiteral("</head><body>\n<h1>%1</h1>\n").arg(esc(tr("QMT Scope report: %1").arg(in.name)));
    h += QStringLiteral("<p>%1</p>\n")
             .arg(esc(tr("Written %1 by %2 %3.")
                          .arg(QDateTime::currentDateTime().toString(Qt::ISODate),
                               QCoreApplication::applicationName(), QCoreApplication::applicationVersion())));
    if (in.import)
        h += QStringLiteral("<p>%1</p>\n").arg(esc(in.import->summary()));
    else if (!in.summary.isEmpty())
        h += QStringLiteral("<p>%1</p>\n").arg(esc(in.summary));
    auto lineOf = [&in](qint64 offset) {
        if (offset < 0)
            return 0;
        if (in.import)
            return in.import->lineAt(offset);
        return in.lineOf ? in.lineOf(offset) : 0;
    };
    auto lineLink = [&lineOf](qint64 offset) {
        const int line = lineOf(offset);
        return line > 0 ? QStringLiteral("<a href=\"#line-%1\">%2</a>").arg(line).arg(tr("line %1").arg(line))
                        : QString();
    };

    // The slots as the log left them.
    if (in.store) {
        h += QStringLiteral("<h2>%1</h2>\n<table><tr>").arg(esc(tr("Slots")));
        for (const QString &c : {tr("Slot"), tr("Network"), tr("Broker"), tr("MQTT"), tr("Client id"),
                                 tr("Subscriptions"), tr("Published"), tr("Received"), tr("Last error")})
            h += QStringLiteral("<th>%1</th>").arg(esc(c));
        h += QStringLiteral("</tr>\n");
        for (int i = 0; i < state::kSlotCount; ++i) {
            const state::ClientSlot &s = in.store->slot(i);
            const bool used = s.network != state::NetState::Closed || s.mqtt != state::MqttState::Idle ||
                              s.counters.commands > 0 || s.lastError.isSet();
            if (!used)
                continue;
            QStringList topics;
            for (const state::Subscription &sub : s.subscriptions)
                topics << QString::fromUtf8(sub.topic);
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td>"
                                "<td>%7</td><td>%8</td><td class=\"error\">%9</td></tr>\n")
                     .arg(i)
                     .arg(QLatin1String(state::netStateName(s.network)),
                          s.host.isEmpty()
                              ? QString()
                              : esc(QStringLiteral("%1:%2").arg(QString::fromUtf8(s.host)).arg(s.port)),
                          QLatin1String(state::mqttStateName(s.mqtt)), esc(s.clientId),
                          esc(topics.join(QStringLiteral(", "))))
                     .arg(s.counters.published)
                     .arg(s.counters.received)
                     .arg(s.lastError.isSet() ? esc(s.lastError.text()) : QString());
        }
        h += QStringLiteral("</table>\n");
    }

    // The timeline; a mark or band links to its line of the log.
    if (in.timeline) {
        h += QStringLiteral("<h2>%1</h2>\n<div class=\"svg\">").arg(esc(tr("Timeline")));
        Timeline::View view;
        view.width = 1150;
        const QByteArray svg = toSvg(in.timeline->layout(view), [&lineOf](const TimelineItem &it) {
            const int line = lineOf(it.offset);
            return line > 0 ? QStringLiteral("#line-%1").arg(line) : QString();
        });
        h += QString::fromUtf8(svg.mid(svg.indexOf("<svg"))); // inline: no XML declaration
        h += QStringLiteral("</div>\n");
    }

    // The findings, in time order.
    if (in.diagnosis) {
        const std::vector<Finding> findings = in.diagnosis->findings();
        h += QStringLiteral("<h2>%1</h2>\n").arg(esc(tr("Findings (%1)").arg(findings.size())));
        if (findings.empty())
            h += QStringLiteral("<p>%1</p>\n").arg(esc(tr("No failure found in this session.")));
        for (const Finding &f : findings) {
            const char *cls = f.severity == Finding::Severity::Error     ? "error"
                              : f.severity == Finding::Severity::Warning ? "warning"
                                                                         : "info";
            h += QStringLiteral("<div class=\"finding %1\"><b class=\"%1\">%2</b> %3 %4\n<dl>")
                     .arg(QLatin1String(cls), f.slot < 0 ? esc(tr("Module")) : esc(tr("Slot %1").arg(f.slot)),
                          esc(f.what), lineLink(f.offset));
            auto row = [&h](const QString &label, const QString &html) {
                if (!html.isEmpty())
                    h += QStringLiteral("<dt>%1</dt><dd>%2</dd>").arg(esc(label), html);
            };
            row(tr("Seen"),
                f.evidence.isEmpty() ? QString() : QStringLiteral("<code>%1</code>").arg(esc(f.evidence)));
            row(tr("After"),
                f.command.isEmpty()
                    ? QString()
                    : QStringLiteral("<code>%1</code> %2").arg(esc(f.command), lineLink(f.causeOffset)));
            row(tr("Means"), esc(f.meaning));
            row(tr("Likely"), esc(f.causes));
            row(tr("Fix"), esc(f.fix));
            if (f.repeats > 0)
                row(tr("Again"), esc(tr("seen %n more time(s) after this one", nullptr, f.repeats)) +
                                     QLatin1Char(' ') + lineLink(f.lastOffset));
            h += QStringLiteral("</dl></div>\n");
        }
    }

    // The log, line by line, with secrets out.
    if (!in.original.isEmpty()) {
        h += QStringLiteral("<h2>%1</h2>\n<pre class=\"log\">")
                 .arg(esc(in.logTitle.isEmpty() ? tr("Log") : in.logTitle));
        int number = 0;
        qsizetype pos = 0;
        bool inKey = false;
        int keyLines = 0;
        const QByteArrayView text = in.original;
        while (pos < text.size()) {
            qsizetype end = text.indexOf('\n', pos);
            if (end < 0)
                end = text.size();
            QByteArrayView line = text.sliced(pos, end - pos);
            pos = end + 1;
            ++number;
            if (number > in.maxLines)
                continue;
            if (line.endsWith('\r'))
                line.chop(1);
            QString shown;
            if (!in.includeSecrets && !inKey && line.contains("PRIVATE KEY-----") && line.contains("BEGIN")) {
                inKey = true;
                keyLines = 0;
            }
            if (inKey) {
                ++keyLines;
                if (line.contains("END") && line.contains("PRIVATE KEY-----")) {
                    inKey = false;
                    shown = tr("*** a private key (%n line(s)) left out", nullptr, keyLines);
                } else {
                    continue; // its lines are left out; the anchor of the END line stays
                }
            } else {
                shown = QString::fromUtf8(in.includeSecrets ? line.toByteArray()
                                                            : at::redactSecretsInLogLine(line));
            }
            h += QStringLiteral("<span id=\"line-%1\"><a href=\"#line-%1\">%1</a>%2</span>\n")
                     .arg(number)
                     .arg(esc(shown));
        }
        if (number > in.maxLines)
            h += esc(tr("… %n more line(s) not shown", nullptr, number - in.maxLines)) + QLatin1Char('\n');
        h += QStringLiteral("</pre>\n");
    }
    h += QStringLiteral("</body></html>\n");
    return h.toUtf8();
}

} // namespace qmt::session
