// SPDX-License-Identifier: Apache-2.0
// The timeline (issue 9): a field log with reconnects, a refused CONNECT and a restart gives
// each slot's states and marks in time; the layout puts them where their times say, merges
// marks that share a pixel, zooms to a range and finds what is under a point, with the line it
// came from; a log without times is drawn in event order; the SVG is well formed and links
// marks to their lines; the HTML report has no secrets; the CLI draws PNG and SVG.

#include "eventdump.h"

#include "at/redact.h"
#include "engine/pipeline.h"
#include "workflows/diagnosis.h"
#include "workflows/htmlreport.h"
#include "workflows/logimport.h"
#include "workflows/timeline.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

using qmt::session::Timeline;
using qmt::session::TimelineChange;
using qmt::session::TimelineItem;
using qmt::session::TimelineMark;
using qmt::session::TimelineScene;
using qmt::state::MqttState;
using qmt::state::NetState;

namespace {

QByteArray readData(const QString &name)
{
    QFile f(qmt::test::testDataPath(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A log read as the CLI and the app read it, with the timeline (and a diagnosis) recorded.
struct Read
{
    explicit Read(const QByteArray &log)
        : import(qmt::session::LogImport::read(log)),
          pipeline(import.hasTimes() ? static_cast<const qmt::session::Clock *>(&clock)
                                     : qmt::session::SystemClock::instance()),
          diagnosis(pipeline), timeline(pipeline, [this] { return events++; })
    {
        timeline.setByOrder(!import.hasTimes());
        import.feed(pipeline, &clock);
        diagnosis.finish();
    }
    qmt::session::LogImport import;
    qmt::session::ManualClock clock;
    qmt::session::Pipeline pipeline;
    qmt::session::Diagnosis diagnosis;
    qint64 events = 0;
    Timeline timeline;
};

int count(const std::vector<TimelineMark> &marks, TimelineMark::Kind kind, int slot)
{
    return int(std::count_if(marks.begin(), marks.end(),
                             [&](const TimelineMark &m) { return m.kind == kind && m.slot == slot; }));
}

qint64 usOf(const char *hhmmss_zzz) // a time of 2026-11-30, as the field log writes it
{
    return QDateTime::fromString(QStringLiteral("2026-11-30 ") + QLatin1String(hhmmss_zzz),
                                 QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
               .toMSecsSinceEpoch() *
           1000;
}

QString cliPath()
{
    return QString::fromLocal8Bit(qgetenv("QMT_BIN_DIR")) + QStringLiteral("/qmtscope-cli");
}

} // namespace

class tst_Timeline : public QObject
{
    Q_OBJECT
private slots:
    void recordsStatesAndMarks()
    {
        Read r(readData(QStringLiteral("logs/field_reconnects.log")));
        QVERIFY(r.import.hasTimes());
        QVERIFY(!r.timeline.byOrder());
        // slot 0: opening, open, connecting, connected ... dropped (+QMTSTAT 1) ... refused
        // (CONNACK 5) ... gone with the restart, then connected again
        const std::vector<TimelineChange> &c = r.timeline.changes(0);
        QVERIFY(c.size() >= 8);
        QCOMPARE(c[0].network, NetState::Opening);
        QCOMPARE(c[0].timeUs, usOf("09:14:02.173"));
        const auto connected = std::find_if(
            c.begin(), c.end(), [](const TimelineChange &x) { return x.mqtt == MqttState::Connected; });
        QVERIFY(connected != c.end());
        QCOMPARE(connected->timeUs, usOf("09:14:03.443"));
        QCOMPARE(r.import.lineAt(connected->offset), 8);
        const auto dropped = std::find_if(
            connected, c.end(), [](const TimelineChange &x) { return x.mqtt != MqttState::Connected; });
        QVERIFY(dropped != c.end());
        QCOMPARE(dropped->timeUs, usOf("09:14:51.533"));
        QCOMPARE(r.import.lineAt(dropped->offset), 46);
        QCOMPARE(c.back().mqtt, MqttState::Connected);
        QCOMPARE(c.back().timeUs, usOf("09:15:06.713"));
        // the restart closed every slot
        const auto restarted = std::find_if(
            c.begin(), c.end(), [](const TimelineChange &x) { return x.timeUs == usOf("09:15:02.473"); });
        QVERIFY(restarted != c.end());
        QCOMPARE(restarted->network, NetState::Closed);
        QCOMPARE(restarted->mqtt, MqttState::Idle);

        const auto &m = r.timeline.marks();
        QCOMPARE(count(m, TimelineMark::Kind::Out, 0), 7);
        QCOMPARE(count(m, TimelineMark::Kind::In, 0), 1);
        QCOMPARE(count(m, TimelineMark::Kind::Error, 0), 2); // +QMTSTAT 1, CONNACK 5
        QCOMPARE(count(m, TimelineMark::Kind::Error, 1), 1); // +QMTOPEN: 1,2
        QCOMPARE(count(m, TimelineMark::Kind::Restart, -1), 1);
        for (const TimelineMark &mark : m) {
            if (mark.kind == TimelineMark::Kind::Error && mark.slot == 0 &&
                mark.timeUs == usOf("09:14:58.473"))
                QVERIFY2(mark.text.contains(QStringLiteral("not authorized")), qPrintable(mark.text));
            if (mark.kind == TimelineMark::Kind::In)
                QCOMPARE(r.import.lineAt(mark.offset), 27);
        }
        // an ERROR of a command without a slot is the module's
        Read plain("AT+CSQ\r\r\nERROR\r\n");
        QCOMPARE(count(plain.timeline.marks(), TimelineMark::Kind::Error, -1), 1);
        // the same error twice is two marks
        Read twice("AT+QMTOPEN=0,\"h\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,3\r\n"
                   "AT+QMTOPEN=0,\"h\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,3\r\n");
        QCOMPARE(count(twice.timeline.marks(), TimelineMark::Kind::Error, 0), 2);
    }

    void layoutPutsThingsWhereTheirTimesSay()
    {
        Read r(readData(QStringLiteral("logs/field_reconnects.log")));
        Timeline::View view;
        view.width = 1000;
        const TimelineScene s = r.timeline.layout(view);
        QCOMPARE(s.from, usOf("09:14:02.123"));
        QCOMPARE(s.to, usOf("09:15:11.158"));
        // lanes: the module and the two slots that did something, nothing for slots 2-5
        QStringList labels;
        for (const TimelineItem &it : s.items)
            if (it.shape == TimelineItem::Shape::Label && it.bold)
                labels << it.text;
        QCOMPARE(labels,
                 QStringList({QStringLiteral("Module"), QStringLiteral("Slot 0"), QStringLiteral("Slot 1")}));
        // slot 0's first connected band runs from line 8's time to line 46's
        const TimelineItem *band = nullptr;
        for (const TimelineItem &it : s.items)
            if (it.shape == TimelineItem::Shape::Band && it.slot == 0 &&
                it.rgb == Timeline::mqttColour(MqttState::Connected) && !band)
                band = &it;
        QVERIFY(band);
        QVERIFY(qAbs(band->rect.left() - s.xOf(double(usOf("09:14:03.443")))) < 0.01);
        QVERIFY(qAbs(band->rect.right() - s.xOf(double(usOf("09:14:51.533")))) < 0.01);
        QCOMPARE(r.import.lineAt(band->offset), 8);
        QVERIFY(band->text.contains(QStringLiteral("MQTT connected (48.1 s)")));
        // under a point: the band, and over it the mark (the +QMTSTAT error)
        QCOMPARE(s.itemAt(band->rect.center()), band);
        const TimelineItem *stat = nullptr;
        for (const TimelineItem &it : s.items)
            if (it.shape == TimelineItem::Shape::Error && it.slot == 0 && !stat)
                stat = &it;
        QVERIFY(stat);
        QVERIFY(qAbs(stat->rect.center().x() - s.xOf(double(usOf("09:14:51.533")))) < 0.01);
        QCOMPARE(s.itemAt(stat->rect.center() + QPointF(2, 0)), stat);
        QCOMPARE(r.import.lineAt(s.itemAt(stat->rect.center())->offset), 46);
        QVERIFY(stat->row > 0); // the row source was asked
        QVERIFY(!s.itemAt(QPointF(s.plotLeft + 1, s.height - 1)) ||
                s.itemAt(QPointF(s.plotLeft + 1, s.height - 1))->shape != TimelineItem::Shape::Band);
        // one slot only
        view.onlySlot = 1;
        const TimelineScene one = r.timeline.layout(view);
        labels.clear();
        for (const TimelineItem &it : one.items)
            if (it.shape == TimelineItem::Shape::Label && it.bold)
                labels << it.text;
        QCOMPARE(labels, QStringList({QStringLiteral("Slot 1")}));
    }

    // A flood of publishes in one second: one mark per pixel column, counting them all; zoomed
    // in, only the range shows, and the state that began before it starts at its left edge.
    void marksMergeAndZoom()
    {
        QByteArray log =
            "[00:00:00.000] AT+QMTOPEN=0,\"h\",1883\n[00:00:00.010] OK\n[00:00:00.100] +QMTOPEN: 0,0\n"
            "[00:00:00.110] AT+QMTCONN=0,\"c\"\n[00:00:00.120] OK\n[00:00:00.200] +QMTCONN: 0,0,0\n";
        for (int i = 0; i < 500; ++i) {
            const QByteArray t = QByteArray::number(1000 + i * 2);
            log += "[00:00:0" + t.left(1) + "." + t.mid(1) + "] +QMTRECV: 0,0,\"t\",\"m\"\n";
        }
        log += "[00:00:03.000] +QMTSTAT: 0,2\n";
        Read r(log);
        QCOMPARE(count(r.timeline.marks(), TimelineMark::Kind::In, 0), 500);
        Timeline::View view;
        view.width = 400;
        const TimelineScene s = r.timeline.layout(view);
        int marks = 0, total = 0;
        for (const TimelineItem &it : s.items) {
            if (it.shape != TimelineItem::Shape::In || it.slot != 0)
                continue;
            ++marks;
            total += it.count;
        }
        QCOMPARE(total, 500);
        QVERIFY(marks <= int(s.plotRight - s.plotLeft) / 3 + 2); // one second of three
        // zoomed to 1.5 s .. 2.5 s: half the messages, the connected band from the left edge
        view.from = r.timeline.first() + 1500000;
        view.to = r.timeline.first() + 2500000;
        const TimelineScene z = r.timeline.layout(view);
        total = 0;
        const TimelineItem *connected = nullptr;
        for (const TimelineItem &it : z.items) {
            if (it.shape == TimelineItem::Shape::In && it.slot == 0)
                total += it.count;
            if (it.shape == TimelineItem::Shape::Band && it.slot == 0 &&
                it.rgb == Timeline::mqttColour(MqttState::Connected))
                connected = &it;
        }
        QCOMPARE(total, 250);
        QVERIFY(connected);
        QCOMPARE(connected->rect.left(), z.plotLeft);
        QCOMPARE(connected->rect.right(), z.plotRight);
        QVERIFY(connected->text.contains(QStringLiteral("2.8 s"))); // 0.2 s .. 3.0 s in all
    }

    // A long session (a journal of days, a flood): beyond its budget the timeline keeps one
    // mark in two of each kind and slot, the kept one counting both — memory stays bounded,
    // every count stays exact, and restarts are never thinned.
    void marksAreThinnedBeyondTheBudget()
    {
        qmt::session::ManualClock clock;
        qmt::session::Pipeline pipeline(&clock);
        Timeline timeline(pipeline);
        timeline.setMarkBudget(300);
        clock.set(usOf("10:00:00.000"));
        pipeline.received("RDY\r\n\r\nAT+QMTOPEN=0,\"h\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n"
                          "AT+QMTCONN=0,\"c\"\r\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n");
        int in0 = 0, in1 = 0, errors = 0;
        for (int i = 0; i < 3000; ++i) {
            clock.set(usOf("10:00:01.000") + qint64(i) * 1000);
            if (i % 3 == 2) {
                pipeline.received("\r\n+QMTRECV: 1,0,\"t\",\"m\"\r\n");
                ++in1;
            } else {
                pipeline.received("\r\n+QMTRECV: 0,0,\"t\",\"m\"\r\n");
                ++in0;
            }
            if (i % 500 == 499) {
                pipeline.received("AT+QMTOPEN=3,\"h\",1883\r\r\nERROR\r\n");
                ++errors;
            }
            if (i == 1500)
                pipeline.received("\r\nRDY\r\n");
        }
        const std::vector<TimelineMark> &marks = timeline.marks();
        QVERIFY(marks.size() <= 300);
        QVERIFY(timeline.thinning() >= 8); // 3000 messages in 300 marks: one stands for 8 or more
        const auto weight = [&](TimelineMark::Kind kind, int slot) {
            qint64 n = 0;
            for (const TimelineMark &m : marks)
                if (m.kind == kind && m.slot == slot)
                    n += m.weight;
            return n;
        };
        QCOMPARE(weight(TimelineMark::Kind::In, 0), qint64(in0));
        QCOMPARE(weight(TimelineMark::Kind::In, 1), qint64(in1));
        QCOMPARE(weight(TimelineMark::Kind::Error, 3), qint64(errors)); // (the slot of the refused command)
        QCOMPARE(count(marks, TimelineMark::Kind::Restart, -1), 2);     // both RDYs, never merged
        QVERIFY(std::is_sorted(marks.begin(), marks.end(),
                               [](const TimelineMark &a, const TimelineMark &b) { return a.seq < b.seq; }));
        // drawn, the columns count every message
        Timeline::View view;
        view.width = 600;
        qint64 drawn = 0;
        for (const TimelineItem &it : timeline.layout(view).items)
            if (it.shape == TimelineItem::Shape::In && it.slot == 0)
                drawn += it.count;
        QCOMPARE(drawn, qint64(in0));
        // and afresh after clear(): every event its own mark again
        timeline.clear();
        QVERIFY(timeline.marks().empty());
        QCOMPARE(timeline.thinning(), 1u);
    }

    void logWithoutTimesIsDrawnInOrder()
    {
        QFile f(QString::fromLocal8Bit(qgetenv("QMT_TRANSCRIPTS")) + QStringLiteral("/seed_5_1.log"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        Read r(f.readAll());
        QVERIFY(r.timeline.byOrder());
        QCOMPARE(r.timeline.first(), 0);
        QCOMPARE(r.timeline.last(), r.events);
        const TimelineScene s = r.timeline.layout({});
        QVERIFY(s.byOrder);
        bool said = false;
        for (const TimelineItem &it : s.items)
            said = said || it.text.contains(QStringLiteral("no times"));
        QVERIFY(said);
        // the changes are placed by their event number
        const auto &c = r.timeline.changes(0);
        QVERIFY(!c.empty());
        for (std::size_t i = 1; i < c.size(); ++i)
            QVERIFY(c[i].seq > c[i - 1].seq);
    }

    void svgIsWellFormedAndLinksLines()
    {
        Read r(readData(QStringLiteral("logs/field_reconnects.log")));
        const QByteArray svg = qmt::session::toSvg(r.timeline.layout({}), [&](const TimelineItem &it) {
            return QStringLiteral("#line-%1").arg(r.import.lineAt(it.offset));
        });
        QXmlStreamReader xml(svg);
        int titles = 0, links = 0;
        bool statLinked = false;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("title"))
                ++titles;
            if (xml.name() == QLatin1String("a")) {
                ++links;
                statLinked =
                    statLinked || xml.attributes().value(QStringLiteral("href")) == QLatin1String("#line-46");
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(titles > 10);
        QVERIFY(links >= titles - 1);
        QVERIFY(statLinked);
        QVERIFY(svg.contains("Slot 0: 7 message(s) published") ||
                svg.contains("Slot 0: 1 message(s) published"));
    }

    void redactsLogLines()
    {
        using qmt::at::redactSecretsInLogLine;
        QCOMPARE(redactSecretsInLogLine("[09:14:03.018]TX AT+QMTCONN=0,\"id\",\"user\",\"pw\""),
                 QByteArray("[09:14:03.018]TX AT+QMTCONN=0,\"id\",\"***\",\"***\""));
        QCOMPARE(redactSecretsInLogLine("I (12) modem: >> at+qmtconn=0,\"id\",\"u\",\"p\""),
                 QByteArray("I (12) modem: >> AT+QMTCONN=0,\"id\",\"***\",\"***\""));
        // typographic quotes and a full-width comma from a word processor
        QCOMPARE(redactSecretsInLogLine("发→◇AT+QMTCONN=0,“id”，“user”,“pw”"),
                 QByteArray("发→◇AT+QMTCONN=0,\"id\",\"***\",\"***\""));
        QCOMPARE(redactSecretsInLogLine("TX AT+QMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"devsecret\""),
                 QByteArray("TX AT+QMTCFG=\"aliauth\",0,\"pk\",\"dn\",\"***\""));
        const QByteArray clean = "RX +QMTCONN: 0,0,0 “ok”";
        QCOMPARE(redactSecretsInLogLine(clean), clean);
        QCOMPARE(redactSecretsInLogLine("TX AT+QMTOPEN=0,“h”,1883"), QByteArray("TX AT+QMTOPEN=0,“h”,1883"));
    }

    void htmlReportHasNoSecrets()
    {
        QByteArray log = readData(QStringLiteral("logs/field_reconnects.log"));
        log += "[2026-11-30 09:15:12.000]TX AT+QFUPL=\"UFS:client.key\",64\n"
               "[2026-11-30 09:15:12.010]RX CONNECT\n"
               "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oQ\n"
               "-----END EC PRIVATE KEY-----\n";
        Read r(log);
        qmt::session::HtmlReportInput in;
        in.name = QStringLiteral("field <1>.log");
        in.original = log;
        in.import = &r.import;
        in.store = &r.pipeline.store();
        in.diagnosis = &r.diagnosis;
        in.timeline = &r.timeline;
        const QByteArray html = qmt::session::HtmlReport::write(in);
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("field &lt;1&gt;.log"));
        QVERIFY(!html.contains("s3cret"));
        QVERIFY(!html.contains("MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oQ"));
        QVERIFY(html.contains("a private key (3 line(s)) left out"));
        QVERIFY(html.contains("<span id=\"line-46\">"));
        QVERIFY(html.contains("<a href=\"#line-46\">"));              // the timeline's mark and the finding
        QVERIFY(html.contains("Connection refused: not authorized")); // CONNACK 5's meaning
        QVERIFY(html.contains("<svg"));
        // asked for, the secrets are there
        in.includeSecrets = true;
        QVERIFY(qmt::session::HtmlReport::write(in).contains("s3cret"));
        // a long log is cut, and says so
        in.maxLines = 10;
        const QByteArray cut = qmt::session::HtmlReport::write(in);
        QVERIFY(!cut.contains("<span id=\"line-11\">"));
        QVERIFY(cut.contains("more line(s) not shown"));
    }

    void cli()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString log = qmt::test::testDataPath(QStringLiteral("logs/field_reconnects.log"));
        QProcess p;
        const QString png = dir.filePath(QStringLiteral("t.png"));
        p.start(cliPath(), {QStringLiteral("timeline"), QStringLiteral("--width"), QStringLiteral("800"),
                            QStringLiteral("--output"), png, log});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(png);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
        // IHDR: width and height, big-endian, after the chunk's length and type
        const auto be32 = [&bytes](int at) {
            return (quint32(quint8(bytes[at])) << 24) | (quint32(quint8(bytes[at + 1])) << 16) |
                   (quint32(quint8(bytes[at + 2])) << 8) | quint32(quint8(bytes[at + 3]));
        };
        QCOMPARE(be32(16), 800u);
        QCOMPARE(be32(20), 172u); // the module and two slot lanes, the axis and the legend
        QVERIFY(p.readAllStandardError().contains("800 × 172"));

        // SVG on stdout, one slot, a part of the time
        p.start(cliPath(), {QStringLiteral("timeline"), QStringLiteral("--slot"), QStringLiteral("1"),
                            QStringLiteral("--from"), QStringLiteral("30"), QStringLiteral("--to"),
                            QStringLiteral("45"), log});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray svg = p.readAllStandardOutput();
        QVERIFY(svg.startsWith("<svg"));
        QVERIFY(svg.contains(">Slot 1<"));
        QVERIFY(!svg.contains(">Slot 0<"));
        QVERIFY(svg.contains("Shown: 15.0 s of 69.0 s"));

        // usage errors say what is wrong
        for (const QStringList &bad :
             {QStringList{QStringLiteral("timeline")},
              QStringList{QStringLiteral("timeline"), QStringLiteral("--slot"), QStringLiteral("6"), log},
              QStringList{QStringLiteral("timeline"), QStringLiteral("-o"), QStringLiteral("x.jpg"), log},
              QStringList{QStringLiteral("timeline"), QStringLiteral("--from"), QStringLiteral("9"),
                          QStringLiteral("--to"), QStringLiteral("3"), log}}) {
            p.start(cliPath(), bad);
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitCode(), 1);
            QVERIFY(p.readAllStandardError().startsWith("qmtscope-cli: "));
        }
        p.start(cliPath(), {QStringLiteral("timeline"), dir.filePath(QStringLiteral("missing.log"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);

        // diagnose --html: the report beside the text
        const QString html = dir.filePath(QStringLiteral("r.html"));
        p.start(cliPath(), {QStringLiteral("diagnose"), QStringLiteral("--html"), html, log});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 3);
        QVERIFY(p.readAllStandardOutput().contains("CONNACK 5"));
        QFile h(html);
        QVERIFY(h.open(QIODevice::ReadOnly));
        const QByteArray report = h.readAll();
        QVERIFY(report.contains("<svg"));
        QVERIFY(!report.contains("s3cret"));
    }
};

QTEST_GUILESS_MAIN(tst_Timeline)
#include "tst_timeline.moc"
