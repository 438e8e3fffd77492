// SPDX-License-Identifier: Apache-2.0
// The Qt models over the pipeline, under QAbstractItemModelTester.

#include "eventdump.h"
#include "engine/pipeline.h"
#include "models/slottablemodel.h"
#include "models/trafficmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QFile>
#include <QTemporaryDir>

using namespace qmt;
using state::SlotTableModel;
using state::TrafficModel;

class tst_Models : public QObject
{
    Q_OBJECT
private slots:
    void trafficModel()
    {
        session::ManualClock clock;
        clock.set(qint64(1700000000) * 1000000);
        session::Pipeline p(&clock);
        TrafficModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.attach(p);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        p.wroteCommand("AT+QMTOPEN=0,\"h\",1883");
        p.received(
            "AT+QMTOPEN=0,\"h\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n\r\n+QMTRECV: 0,1,\"t\",4,\"a\r\nb\"\r\nnoise\x01\r\n");
        QCOMPARE(model.rowCount(), 0); // announced in one batch from the event loop
        QTRY_COMPARE(model.rowCount(), 6);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.columnCount(), int(TrafficModel::ColumnCount));
        auto text = [&](int row, int col) { return model.data(model.index(row, col)).toString(); };
        QCOMPARE(text(0, TrafficModel::DirectionColumn), QStringLiteral("sent"));
        QCOMPARE(text(0, TrafficModel::KindColumn), QStringLiteral("command"));
        QCOMPARE(text(1, TrafficModel::KindColumn), QStringLiteral("echo"));
        QCOMPARE(text(2, TrafficModel::KindColumn), QStringLiteral("OK"));
        QCOMPARE(text(3, TrafficModel::KindColumn), QStringLiteral("URC"));
        QCOMPARE(text(3, TrafficModel::SlotColumn), QStringLiteral("0"));
        QCOMPARE(text(4, TrafficModel::TextColumn), QStringLiteral("+QMTRECV: 0,1,\"t\",4,\"a\\r\\nb\""));
        QCOMPARE(model.data(model.index(4, 0), TrafficModel::RawTextRole).toByteArray(),
                 QByteArray("+QMTRECV: 0,1,\"t\",4,\"a\r\nb\""));
        QCOMPARE(text(5, TrafficModel::KindColumn), QStringLiteral("not AT"));
        QCOMPARE(text(5, TrafficModel::TextColumn), QStringLiteral("noise\\x01"));
        QVERIFY(!text(0, TrafficModel::TimeColumn).isEmpty());
        // the line ends as they went over the line: the CR we write after a command, and what
        // the module sent after each frame (kept with the frame before it)
        const auto lineEnd = [&](int row) {
            return model.data(model.index(row, 0), TrafficModel::LineEndRole).toByteArray();
        };
        QCOMPARE(lineEnd(0), QByteArray("\r"));
        QCOMPARE(lineEnd(1), QByteArray("\r\r\n"));
        QCOMPARE(lineEnd(2), QByteArray("\r\n\r\n"));
        QCOMPARE(lineEnd(5), QByteArray("\r\n"));
        QVERIFY(!model.data(model.index(2, 0), TrafficModel::LineEndMoreRole).toBool());
        // what comes later still joins the latest row, announced as a change of that row
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        p.received("\n\r");
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.front().at(0).value<QModelIndex>().row(), 5);
        QCOMPARE(lineEnd(5), QByteArray("\r\n\n\r"));
        QVERIFY(!model.data(model.index(5, 0), TrafficModel::LineEndMoreRole).toBool());
        p.received("\n");
        QCOMPARE(lineEnd(5), QByteArray("\r\n\n\r")); // the first four, and "more"
        QVERIFY(model.data(model.index(5, 0), TrafficModel::LineEndMoreRole).toBool());
        QCOMPARE(text(5, TrafficModel::TextColumn), QStringLiteral("noise\\x01")); // the text is the frame's

        // many rows across record chunks and arena blocks
        QByteArray burst;
        for (int i = 0; i < 70000; ++i)
            burst += "\r\n+QMTSTAT: " + QByteArray::number(i % 6) + ",1\r\n";
        p.received(burst);
        model.flush();
        QCOMPARE(model.rowCount(), 70006);
        QCOMPARE(model.rawText(70005), QByteArray("+QMTSTAT: 3,1")); // 69999 % 6
        QCOMPARE(model.data(model.index(70005, TrafficModel::SlotColumn), TrafficModel::SlotRole).toInt(), 3);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // A capture far larger than the model's memory budget: text and records spill to the file,
    // the process's resident file pages stay within the budget (RssFile, from the kernel), and
    // every row still reads back exactly, in any order, also after the pages were dropped.
    void trafficSpillsBeyondItsBudget()
    {
        QTemporaryDir dir;
        session::ManualClock clock;
        session::Pipeline p(&clock);
        TrafficModel model;
        model.setSpill(dir.path(), 4 << 20);
        model.attach(p);
        const auto statusKb = [](const QByteArray &key) {
            QFile f(QStringLiteral("/proc/self/status"));
            if (!f.open(QIODevice::ReadOnly))
                return qint64(-1);
            for (const QByteArray &l : f.readAll().split('\n'))
                if (l.startsWith(key))
                    return l.mid(key.size()).trimmed().split(' ').first().toLongLong();
            return qint64(-1);
        };
        const auto rssFileKb = [&] { return statusKb("RssFile:"); };
        const qint64 before = rssFileKb(), rssBefore = statusKb("VmRSS:");
        QVERIFY(before >= 0 && rssBefore >= 0);
        // 48 MB of text in 400,000 rows (~120 bytes each), fed in bursts as from a port
        const auto line = [](int i) {
            return "+QMTRECV: " + QByteArray::number(i % 6) + ',' + QByteArray::number(i) + ",\"spill/" +
                   QByteArray::number(i) + "\",\"" + QByteArray(90, char('a' + i % 26)) + '"';
        };
        constexpr int kRows = 400000;
        for (int i = 0; i < kRows;) {
            QByteArray burst;
            for (int k = 0; k < 1000; ++k, ++i)
                burst += "\r\n" + line(i) + "\r\n";
            p.received(burst);
        }
        model.flush();
        QCOMPARE(model.frameCount(), qsizetype(kRows));
        QVERIFY(model.memoryBytes() > (40 << 20)); // held: in the file
        QVERIFY2(model.residentBytes() <= (2 * 4 << 20) + (3 << 20),
                 qPrintable(QString::number(model.residentBytes())));
        const qint64 grown = rssFileKb() - before;
        QVERIFY2(grown < 16 * 1024, qPrintable(QStringLiteral("RssFile grew %1 KB").arg(grown)));
        // and all of it: kept in memory, the 57 MB of text and records would be there
        const qint64 rssGrown = statusKb("VmRSS:") - rssBefore;
        qDebug("resident memory grew %lld KB for %lld KB held", rssGrown,
               qlonglong(model.memoryBytes() >> 10));
#if !defined(__SANITIZE_ADDRESS__)
        // (under AddressSanitizer its quarantine and shadow memory for the pipeline's own
        // allocations grow RSS by hundreds of MB; RssFile and residentBytes() still hold there)
        QVERIFY2(rssGrown < 32 * 1024, qPrintable(QStringLiteral("RSS grew %1 KB").arg(rssGrown)));
#endif
        // every row reads back, first to last and some at random
        for (int i = 0; i < kRows; i += 997)
            QCOMPARE(model.rawText(i), line(i));
        QCOMPARE(model.rawText(kRows - 1), line(kRows - 1));
        QCOMPARE(model.data(model.index(123457, TrafficModel::SlotColumn), TrafficModel::SlotRole).toInt(),
                 123457 % 6);
        QVERIFY(rssFileKb() - before < 16 * 1024);
        model.clear();
        QCOMPARE(model.memoryBytes(), qsizetype(0));
    }

    void slotTableModel()
    {
        session::ManualClock clock;
        session::Pipeline p(&clock);
        SlotTableModel model(&p.store());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.attach(p);
        QCOMPARE(model.rowCount(), 6);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        p.received(test::transcript(QStringLiteral("seed_5_1.log")).split('\n').mid(0, 40).join('\n') + '\n');
        QTRY_VERIFY(!changed.isEmpty());
        const int rowsChanged = int(changed.size());
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
        QVERIFY(rowsChanged <= 2); // coalesced: slot 0 (and maybe nothing else)
        auto text = [&](int row, int col) { return model.data(model.index(row, col)).toString(); };
        QCOMPARE(text(0, SlotTableModel::NetworkColumn), QStringLiteral("open"));
        QCOMPARE(text(0, SlotTableModel::MqttColumn), QStringLiteral("connected"));
        QCOMPARE(text(0, SlotTableModel::EndpointColumn),
                 QStringLiteral("iot-as-mqtt.cn-shanghai.aliyuncs.com:1883"));
        QCOMPARE(text(0, SlotTableModel::ClientIdColumn), QStringLiteral("clientExample"));
        QCOMPARE(text(1, SlotTableModel::NetworkColumn), QStringLiteral("closed"));
        p.received("+QMTSTAT: 0,2\n");
        QTRY_COMPARE(text(0, SlotTableModel::MqttColumn), QStringLiteral("disconnected"));
        QVERIFY(text(0, SlotTableModel::LastErrorColumn).startsWith(QLatin1String("QMTSTAT 2")));
        QVERIFY(!model.data(model.index(0, SlotTableModel::LastErrorColumn), SlotTableModel::ErrorFixRole)
                     .toString()
                     .isEmpty());
        for (int c = 0; c < SlotTableModel::ColumnCount; ++c)
            QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Models)
#include "tst_models.moc"
