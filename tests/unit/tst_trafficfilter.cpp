// SPDX-License-Identifier: Apache-2.0
// TrafficFilterModel (filters outside the store, batches, time slices) under
// QAbstractItemModelTester, and the traffic's text form: trafficLine() and TrafficExporter.

#include "engine/pipeline.h"
#include "models/trafficexport.h"
#include "models/trafficfilter.h"
#include "models/trafficmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace qmt;
using state::TrafficFilterModel;
using state::TrafficModel;
using Filter = TrafficFilterModel::Filter;
using Kind = TrafficModel::Kind;

namespace {

// QAbstractItemModelTester walks every row after a reset: only for the small models.
struct Rig
{
    explicit Rig(bool tested = true)
    {
        clock.set(qint64(1700000000) * 1000000);
        if (tested)
            tester = std::make_unique<QAbstractItemModelTester>(
                &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.attach(pipeline);
        proxy.setSourceModel(&model);
    }
    // sent AT+QMTOPEN (slot 0), its echo, OK, the result URC (slot 0), +QMTSTAT (slot 1), noise
    void session()
    {
        pipeline.wroteCommand("AT+QMTOPEN=0,\"h\",1883");
        pipeline.received(
            "AT+QMTOPEN=0,\"h\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n\r\n+QMTSTAT: 1,2\r\nnoise\x01\r\n");
        model.flush();
    }
    QByteArray text(int row) const
    {
        return proxy.index(row, TrafficModel::TextColumn).data(TrafficModel::RawTextRole).toByteArray();
    }
    session::ManualClock clock;
    session::Pipeline pipeline{&clock};
    TrafficModel model;
    TrafficFilterModel proxy;
    std::unique_ptr<QAbstractItemModelTester> tester;
};

Filter kinds(std::initializer_list<Kind> ks)
{
    Filter f;
    f.kinds = 0;
    for (Kind k : ks)
        f.kinds |= TrafficFilterModel::kindBit(k);
    return f;
}

} // namespace

class tst_TrafficFilter : public QObject
{
    Q_OBJECT
private slots:
    void identityFollowsTheSource()
    {
        Rig r;
        QSignalSpy inserted(&r.proxy, &QAbstractItemModel::rowsInserted);
        r.session();
        QCOMPARE(r.model.rowCount(), 6);
        QTRY_COMPARE(r.proxy.rowCount(), 6);
        QCOMPARE(r.proxy.columnCount(), int(TrafficModel::ColumnCount));
        QCOMPARE(r.text(0), QByteArray("AT+QMTOPEN=0,\"h\",1883"));
        QCOMPARE(r.proxy.index(4, TrafficModel::SlotColumn).data().toString(), QStringLiteral("1"));
        QCOMPARE(r.proxy.headerData(TrafficModel::KindColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Kind"));
        QCOMPARE(r.proxy.mapToSource(r.proxy.index(3, 2)), r.model.index(3, 2));
        QCOMPARE(r.proxy.mapFromSource(r.model.index(5, 4)), r.proxy.index(5, 4));
        QCOMPARE(inserted.size(), 1);
    }

    void filters_data()
    {
        QTest::addColumn<Filter>("filter");
        QTest::addColumn<QList<QByteArray>>("rows");
        Filter sent;
        sent.direction = TrafficFilterModel::DirectionFilter::Sent;
        QTest::newRow("sent") << sent << QList<QByteArray>{"AT+QMTOPEN=0,\"h\",1883"};
        Filter received;
        received.direction = TrafficFilterModel::DirectionFilter::Received;
        QTest::newRow("received") << received
                                  << QList<QByteArray>{"AT+QMTOPEN=0,\"h\",1883", "OK", "+QMTOPEN: 0,0",
                                                       "+QMTSTAT: 1,2", "noise\x01"};
        Filter slot1;
        slot1.slot = 1;
        QTest::newRow("slot 1") << slot1 << QList<QByteArray>{"+QMTSTAT: 1,2"};
        Filter noSlot;
        noSlot.slot = TrafficFilterModel::kNoSlot;
        QTest::newRow("no slot") << noSlot << QList<QByteArray>{"noise\x01"};
        QTest::newRow("urcs") << kinds({Kind::Urc}) << QList<QByteArray>{"+QMTOPEN: 0,0", "+QMTSTAT: 1,2"};
        QTest::newRow("echo and noise") << kinds({Kind::Echo, Kind::Unknown})
                                        << QList<QByteArray>{"AT+QMTOPEN=0,\"h\",1883", "noise\x01"};
        QTest::newRow("no kinds") << kinds({}) << QList<QByteArray>{};
        Filter text;
        text.text = QStringLiteral("qmtstat");
        QTest::newRow("text, any case") << text << QList<QByteArray>{"+QMTSTAT: 1,2"};
        Filter exact = text;
        exact.caseSensitive = true;
        QTest::newRow("text, case matched: none") << exact << QList<QByteArray>{};
        exact.text = QStringLiteral("QMTSTAT");
        QTest::newRow("text, case matched") << exact << QList<QByteArray>{"+QMTSTAT: 1,2"};
        Filter pattern;
        pattern.regex = true;
        pattern.text = QStringLiteral("^\\+qmt(open|stat): [01],[02]$");
        QTest::newRow("regex, any case") << pattern << QList<QByteArray>{"+QMTOPEN: 0,0", "+QMTSTAT: 1,2"};
        pattern.caseSensitive = true;
        QTest::newRow("regex, case matched: none") << pattern << QList<QByteArray>{};
        pattern.text = QStringLiteral("^AT\\+|\\x01");
        QTest::newRow("regex, anchored and a control byte")
            << pattern
            << QList<QByteArray>{"AT+QMTOPEN=0,\"h\",1883", "AT+QMTOPEN=0,\"h\",1883", "noise\x01"};
        Filter broken;
        broken.regex = true;
        broken.text = QStringLiteral("(QMTSTAT");
        QTest::newRow("not a regex: nothing") << broken << QList<QByteArray>{};
        Filter both = kinds({Kind::Urc});
        both.slot = 0;
        QTest::newRow("kind and slot") << both << QList<QByteArray>{"+QMTOPEN: 0,0"};
        Filter from;
        from.firstRow = 4;
        QTest::newRow("from row 4") << from << QList<QByteArray>{"+QMTSTAT: 1,2", "noise\x01"};
        Filter fromText;
        fromText.firstRow = 2;
        fromText.text = QStringLiteral("0");
        QTest::newRow("from row 2 with text") << fromText << QList<QByteArray>{"+QMTOPEN: 0,0"};
    }

    void filters()
    {
        QFETCH(Filter, filter);
        QFETCH(QList<QByteArray>, rows);
        Rig r;
        r.session();
        r.proxy.flush();
        QSignalSpy applied(&r.proxy, &TrafficFilterModel::filterApplied);
        r.proxy.setFilter(filter);
        QTRY_COMPARE(applied.size(), 1);
        QVERIFY(!r.proxy.isApplying());
        QList<QByteArray> got;
        for (int i = 0; i < r.proxy.rowCount(); ++i) {
            got << r.text(i);
            const qsizetype s = r.proxy.sourceRow(i);
            QCOMPARE(r.proxy.rowOfSource(s), i);
            QVERIFY(r.proxy.accepts(s));
            QCOMPARE(r.proxy.mapFromSource(r.model.index(int(s), 1)), r.proxy.index(i, 1));
        }
        QCOMPARE(got, rows);
        // a pattern that is not one says why; every other filter has nothing to say
        if (filter.regex && filter.text.startsWith(QLatin1Char('(')))
            QVERIFY2(r.proxy.patternError().contains(QStringLiteral("regular expression")),
                     qPrintable(r.proxy.patternError()));
        else
            QVERIFY(r.proxy.patternError().isEmpty());
        // the same filter again changes nothing
        QSignalSpy reset(&r.proxy, &QAbstractItemModel::modelReset);
        r.proxy.setFilter(filter);
        QCOMPARE(reset.size(), 0);
    }

    void newRowsAreFilteredAndBatched()
    {
        Rig r;
        r.proxy.setBatchInterval(std::chrono::milliseconds(50));
        r.session();
        r.proxy.flush();
        Filter f;
        f.slot = 2;
        r.proxy.setFilter(f);
        QTRY_VERIFY(!r.proxy.isApplying());
        QCOMPARE(r.proxy.rowCount(), 0);
        QSignalSpy inserted(&r.proxy, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 5; ++i) {
            r.pipeline.received("\r\n+QMTSTAT: 2,1\r\n\r\n+QMTSTAT: 3,1\r\n");
            r.model.flush(); // five source batches
        }
        QCOMPARE(r.proxy.rowCount(), 0); // not before the batch interval
        QTRY_COMPARE(r.proxy.rowCount(), 5);
        QCOMPARE(inserted.size(), 1); // announced together
        QCOMPARE(r.proxy.rowsCovering(0, 1000), std::make_pair(0, 4));
        QCOMPARE(r.proxy.rowsCovering(0, 5), std::make_pair(-1, -1)); // the session's rows are not slot 2
        QCOMPARE(r.proxy.rowOfSource(0), -1);
        QCOMPARE(r.proxy.sourceRow(5), qsizetype(-1));
    }

    void manyRowsInSlices()
    {
        Rig r(false);
        QByteArray burst;
        for (int i = 0; i < 1000; ++i)
            burst += "\r\n+QMTRECV: " + QByteArray::number(i % 6) + "," + QByteArray::number(i) +
                     ",\"t\",\"p" + QByteArray::number(i) + "\"\r\n";
        for (int i = 0; i < 300; ++i)
            r.pipeline.received(burst);
        r.model.flush();
        QCOMPARE(r.model.rowCount(), 300000);
        r.proxy.flush();
        QCOMPARE(r.proxy.rowCount(), 300000);
        Filter f;
        f.text = QStringLiteral("\"P999\"");
        f.slot = 3; // 999 % 6
        QSignalSpy applied(&r.proxy, &TrafficFilterModel::filterApplied);
        r.proxy.setFilter(f);
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 30000);
        QCOMPARE(r.proxy.rowCount(), 300);
        QCOMPARE(r.proxy.sourceRow(0), qsizetype(999));
        QCOMPARE(r.proxy.sourceRow(299), qsizetype(299 * 1000 + 999));
        r.proxy.setFilter({});
        QCOMPARE(r.proxy.rowCount(), 300000); // identity: at once
    }

    void sourceResetEmptiesTheProxy()
    {
        Rig r;
        r.session();
        Filter f;
        f.firstRow = 3;
        r.proxy.setFilter(f);
        QTRY_COMPARE(r.proxy.rowCount(), 3);
        r.model.clear();
        QCOMPARE(r.proxy.rowCount(), 0);
        QCOMPARE(r.proxy.filter().firstRow, qsizetype(0)); // the rows it counted are gone
        r.session();
        QTRY_COMPARE(r.proxy.rowCount(), 6);
    }

    void refusesOtherModels()
    {
        TrafficFilterModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TrafficFilterModel other;
        QTest::ignoreMessage(QtWarningMsg, "TrafficFilterModel: the source must be a TrafficModel");
        proxy.setSourceModel(&other);
        QVERIFY(!proxy.trafficModel());
        QCOMPARE(proxy.rowCount(), 0);
    }

    void lineForm()
    {
        Rig r;
        r.session();
        r.proxy.flush();
        const QString line = state::trafficLine(&r.proxy, 0);
        const QStringList parts = line.split(QLatin1Char('\t'));
        QCOMPARE(parts.size(), 5);
        QCOMPARE(parts[0].size(), int(QStringLiteral("2023-11-14 22:13:20.000").size()));
        QCOMPARE(parts[1], QStringLiteral("sent"));
        QCOMPARE(parts[2], QStringLiteral("0"));
        QCOMPARE(parts[3], QStringLiteral("command"));
        QCOMPARE(parts[4], QStringLiteral("AT+QMTOPEN=0,\"h\",1883"));
        QCOMPARE(state::trafficLine(&r.proxy, 5).section(QLatin1Char('\t'), 4), QStringLiteral("noise\\x01"));
        QCOMPARE(state::trafficHeaderLine(&r.proxy), QStringLiteral("Time\tDirection\tSlot\tKind\tText"));
    }

    void exportsTheVisibleRows()
    {
        Rig r(false);
        r.session();
        QByteArray many;
        for (int i = 0; i < 20000; ++i)
            many += "\r\n+QMTSTAT: " + QByteArray::number(i % 6) + ",1\r\n";
        r.pipeline.received(many);
        r.model.flush();
        Filter f;
        f.slot = 1;
        r.proxy.setFilter(f);
        QTRY_VERIFY(!r.proxy.isApplying());
        const int visible = r.proxy.rowCount();
        QCOMPARE(visible, 1 + 20000 / 6 + 1); // the session's +QMTSTAT: 1,2 and every sixth of the rest

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.txt"));
        state::TrafficExporter exporter;
        QSignalSpy finished(&exporter, &state::TrafficExporter::finished);
        QVERIFY2(exporter.start(&r.proxy, path), qPrintable(exporter.errorString()));
        QVERIFY(exporter.isRunning());
        QVERIFY(!exporter.start(&r.proxy, path)); // one at a time
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().first().toBool(), true);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), visible + 2); // header, rows, the empty rest after the last '\n'
        QCOMPARE(lines.first(), QByteArray("Time\tDirection\tSlot\tKind\tText"));
        QVERIFY(lines[1].endsWith("\treceived\t1\tURC\t+QMTSTAT: 1,2"));
        QVERIFY(lines[visible].endsWith("\t+QMTSTAT: 1,1"));
        QCOMPARE(exporter.rowsWritten(), qint64(visible));
    }

    void exportFailures()
    {
        Rig r;
        r.session();
        r.proxy.flush();
        state::TrafficExporter exporter;
        QVERIFY(!exporter.start(&r.proxy, QStringLiteral("/nonexistent-dir/x/out.txt")));
        QVERIFY(exporter.errorString().contains(QStringLiteral("/nonexistent-dir/x/out.txt")));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.txt"));
        QSignalSpy finished(&exporter, &state::TrafficExporter::finished);
        QVERIFY(exporter.start(&r.proxy, path));
        r.model.clear(); // the rows being written vanish
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!exporter.errorString().isEmpty());
        QVERIFY(!QFile::exists(path)); // nothing half-written

        r.session();
        r.proxy.flush();
        QVERIFY(exporter.start(&r.proxy, path));
        exporter.cancel();
        QCOMPARE(finished.size(), 2);
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(tst_TrafficFilter)
#include "tst_trafficfilter.moc"
