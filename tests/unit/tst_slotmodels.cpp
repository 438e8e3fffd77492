// SPDX-License-Identifier: Apache-2.0
// The per-slot models of the detail view (received messages, subscriptions) under
// QAbstractItemModelTester, fed through a real pipeline; the payload views; the card actions'
// new-user path.

#include "engine/pipeline.h"
#include "models/messagemodel.h"
#include "workflows/slotactions.h"
#include "models/subscriptionmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace qmt;
using state::MessageModel;
using state::SlotAction;
using state::SubscriptionModel;

namespace {

// A log: lines ended by LF; lines starting with AT are commands we wrote.
void feed(session::Pipeline &p, const QByteArray &text)
{
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith("AT"))
            p.wroteCommand(line);
        p.received(line + "\r\n");
    }
}

QByteArray recv(int idx, int msgId, const QByteArray &topic, const QByteArray &payload)
{
    return "+QMTRECV: " + QByteArray::number(idx) + ',' + QByteArray::number(msgId) + ",\"" + topic + "\"," +
           QByteArray::number(payload.size()) + ",\"" + payload + "\"";
}

} // namespace

class tst_SlotModels : public QObject
{
    Q_OBJECT
private slots:
    void messagesArriveInBatches()
    {
        session::ManualClock clock;
        clock.set(qint64(1700000000) * 1000000);
        session::Pipeline p(&clock);
        MessageModel model(&p.store(), 0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.attach(p);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(MessageModel::ColumnCount));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        feed(p, recv(0, 1, "t/a", "hello") + '\n' + recv(1, 1, "t/other", "not ours") + '\n' +
                    recv(0, 2, "t/b", "{\"a\":[1,2]}"));
        QCOMPARE(model.rowCount(), 0); // announced from the event loop
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.size(), 1); // one batch
        auto at = [&](int row, int col, int role = Qt::DisplayRole) {
            return model.data(model.index(row, col), role);
        };
        QCOMPARE(at(0, MessageModel::TopicColumn).toString(), QStringLiteral("t/a"));
        QCOMPARE(at(0, MessageModel::LengthColumn).toInt(), 5);
        QCOMPARE(at(0, MessageModel::PayloadColumn).toString(), QStringLiteral("hello"));
        QCOMPARE(at(0, MessageModel::MsgIdColumn).toInt(), 1);
        QCOMPARE(at(0, MessageModel::TimeColumn).toString(), MessageModel::timeText(clock.nowUs()));
        QCOMPARE(at(0, 0, MessageModel::DeclaredLengthRole).toLongLong(), 5);
        QVERIFY(at(0, 0, MessageModel::CompleteRole).toBool());
        QVERIFY(at(0, 0, MessageModel::IncompleteReasonRole).toString().isEmpty());
        QCOMPARE(at(1, 0, MessageModel::PayloadRole).toByteArray(), QByteArray("{\"a\":[1,2]}"));
        QCOMPARE(at(1, 0, MessageModel::TopicRole).toByteArray(), QByteArray("t/b"));

        // without <payload_len> a payload that spans lines is cut at the line end
        p.received("+QMTRECV: 0,3,\"t/c\",\"line one\r\nline two\"\r\n");
        QTRY_COMPARE(model.rowCount(), 3);
        QVERIFY(!at(2, 0, MessageModel::CompleteRole).toBool());
        QCOMPARE(at(2, MessageModel::CompleteColumn).toString(), QStringLiteral("incomplete"));
        const QString reason = at(2, 0, MessageModel::IncompleteReasonRole).toString();
        QVERIFY2(reason.contains(QStringLiteral("msg_len_enable")), qPrintable(reason));
        QVERIFY2(reason.contains(QStringLiteral("AT+QMTCFG=\"recv/mode\",0,0,1")), qPrintable(reason));
        QCOMPARE(at(2, MessageModel::CompleteColumn, Qt::ToolTipRole).toString(), reason);
    }

    void theRingWrapsAndRowsFollow()
    {
        session::ManualClock clock;
        session::Pipeline p(&clock);
        // messages that arrived before the model existed are shown at once
        feed(p, recv(2, 1, "t", "early"));
        MessageModel model(&p.store(), 2);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.attach(p);
        QCOMPARE(model.rowCount(), 1);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QByteArray burst;
        for (int i = 0; i < 250; ++i)
            burst += "\r\n" + recv(2, i % 100 + 1, "t", "m" + QByteArray::number(i)) + "\r\n";
        p.received(burst);
        QCOMPARE(model.totalSeen(), 251u);
        model.flush();
        QCOMPARE(model.rowCount(), int(state::kKeptMessages));
        QVERIFY(!removed.isEmpty());
        // the oldest kept is message 251 - 200 = 51 of the stream: "m50"
        QCOMPARE(model.data(model.index(0, 0), MessageModel::PayloadRole).toByteArray(), QByteArray("m50"));
        QCOMPARE(model.data(model.index(199, 0), MessageModel::PayloadRole).toByteArray(),
                 QByteArray("m249"));

        // one more: the first row goes, a row comes
        p.received(recv(2, 7, "t", "last") + "\r\n");
        QTRY_COMPARE(model.data(model.index(199, 0), MessageModel::PayloadRole).toByteArray(),
                     QByteArray("last"));
        QCOMPARE(model.rowCount(), int(state::kKeptMessages));
        QCOMPARE(model.data(model.index(0, 0), MessageModel::PayloadRole).toByteArray(), QByteArray("m51"));

        // the module restarts: its slots are new, so is the model
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        p.received("\r\nRDY\r\n");
        QTRY_COMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);
        p.received(recv(2, 1, "t", "after") + "\r\n");
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, MessageModel::PayloadColumn)).toString(), QStringLiteral("after"));
    }

    void payloadViews()
    {
        QCOMPARE(MessageModel::payloadText("h\xc3\xa9llo"), QStringLiteral("h\u00e9llo"));
        QCOMPARE(
            MessageModel::payloadHex("Hello, MQTT!\r\n\x01\xff"
                                     "abc"),
            QStringLiteral("00000000  48 65 6c 6c 6f 2c 20 4d  51 54 54 21 0d 0a 01 ff  |Hello, MQTT!....|\n"
                           "00000010  61 62 63                                          |abc|\n"));
        QVERIFY(MessageModel::payloadHex({}).isEmpty());
        QString error;
        QCOMPARE(MessageModel::payloadJson("{\"a\":1,\"b\":[true,null]}", &error),
                 QStringLiteral("{\n    \"a\": 1,\n    \"b\": [\n        true,\n        null\n    ]\n}"));
        QVERIFY(error.isEmpty());
        QVERIFY(MessageModel::payloadJson("{\"a\":", &error).isEmpty());
        QVERIFY2(error.startsWith(QStringLiteral("Not JSON")), qPrintable(error));
        QCOMPARE(MessageModel::payloadPreview("a\r\nb\tc\x01"), QStringLiteral("a\u21b5b\u2192c\u00b7"));
        QCOMPARE(MessageModel::payloadPreview("abcdef", 3), QStringLiteral("abc\u2026"));
        // not text (not UTF-8, or mostly control bytes): its first bytes in hex
        QCOMPARE(MessageModel::payloadPreview(QByteArray("\x00\x01\xff\xfe\x80", 5), 9),
                 QStringLiteral("00 01 ff \u2026"));
        QCOMPARE(MessageModel::payloadPreview(QByteArray("\x01\x02\x03"
                                                         "ab",
                                                         5)),
                 QStringLiteral("01 02 03 61 62"));
    }

    void subscriptionsFollowTheTraffic()
    {
        session::ManualClock clock;
        session::Pipeline p(&clock);
        SubscriptionModel model(&p.store(), 0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.attach(p);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        feed(p, "AT+QMTOPEN=0,\"h\",1883\nOK\n+QMTOPEN: 0,0\nAT+QMTCONN=0,\"c\"\nOK\n+QMTCONN: 0,0,0\n"
                "AT+QMTSUB=0,1,\"a/#\",1,\"b\",2\nOK\n+QMTSUB: 0,1,0,1,1");
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.size(), 1);
        auto at = [&](int row, int col, int role = Qt::DisplayRole) {
            return model.data(model.index(row, col), role);
        };
        QCOMPARE(at(0, SubscriptionModel::TopicColumn).toString(), QStringLiteral("a/#"));
        QCOMPARE(at(0, SubscriptionModel::RequestedQosColumn).toInt(), 1);
        QCOMPARE(at(0, SubscriptionModel::GrantedQosColumn).toString(), QStringLiteral("1"));
        QCOMPARE(at(1, 0, SubscriptionModel::RequestedQosRole).toInt(), 2);
        QCOMPARE(at(1, 0, SubscriptionModel::GrantedQosRole).toInt(), 1);
        QVERIFY(!at(1, SubscriptionModel::GrantedQosColumn, Qt::ToolTipRole).toString().isEmpty());

        // subscribing again to "a/#" with another QoS changes the row in place
        feed(p, "AT+QMTSUB=0,2,\"a/#\",2\nOK\n+QMTSUB: 0,2,0,2");
        QTRY_COMPARE(at(0, 0, SubscriptionModel::GrantedQosRole).toInt(), 2);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.rowCount(), 2);

        feed(p, "AT+QMTSUB=0,3,\"c\",0\nOK\n+QMTSUB: 0,3,0,0");
        QTRY_COMPARE(model.rowCount(), 3);
        feed(p, "AT+QMTUNS=0,4,\"b\"\nOK\n+QMTUNS: 0,4,0");
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(at(0, SubscriptionModel::TopicColumn).toString(), QStringLiteral("a/#"));
        QCOMPARE(at(1, SubscriptionModel::TopicColumn).toString(), QStringLiteral("c"));

        // the link drops: every subscription is gone
        feed(p, "+QMTSTAT: 0,1");
        QTRY_COMPARE(model.rowCount(), 0);
    }

    void newUserPath()
    {
        session::ManualClock clock;
        session::Pipeline p(&clock);
        auto slot = [&]() -> const state::ClientSlot & { return p.store().slot(1); };
        QCOMPARE(state::nextStep(slot()), SlotAction::OpenNetwork);
        QVERIFY(state::isActionUseful(slot(), SlotAction::OpenNetwork));
        QVERIFY(!state::isActionUseful(slot(), SlotAction::Connect));
        QVERIFY(!state::isActionUseful(slot(), SlotAction::Close));
        QVERIFY(state::isActionUseful(slot(), SlotAction::ReadConfiguration));
        feed(p, "AT+QMTOPEN=1,\"h\",1883\nOK");
        QCOMPARE(state::nextStep(slot()), SlotAction::Count_); // opening: wait
        QVERIFY(state::isActionUseful(slot(), SlotAction::Close));
        feed(p, "+QMTOPEN: 1,0");
        QCOMPARE(state::nextStep(slot()), SlotAction::Connect);
        QVERIFY(!state::isActionUseful(slot(), SlotAction::Publish));
        feed(p, "AT+QMTCONN=1,\"c\"\nOK\n+QMTCONN: 1,0,0");
        QCOMPARE(state::nextStep(slot()), SlotAction::Subscribe);
        QVERIFY(state::isActionUseful(slot(), SlotAction::Publish));
        QVERIFY(state::isActionUseful(slot(), SlotAction::Disconnect));
        QVERIFY(!state::isActionUseful(slot(), SlotAction::Unsubscribe));
        QVERIFY(!state::isActionUseful(slot(), SlotAction::ReadStored));
        feed(p, "AT+QMTSUB=1,1,\"t\",1\nOK\n+QMTSUB: 1,1,0,1");
        QCOMPARE(state::nextStep(slot()), SlotAction::Publish);
        QVERIFY(state::isActionUseful(slot(), SlotAction::Unsubscribe));
        feed(p, "+QMTRECV: 1,3");
        QVERIFY(state::isActionUseful(slot(), SlotAction::ReadStored));
        feed(p, "+QMTSTAT: 1,1");
        QCOMPARE(state::nextStep(slot()), SlotAction::OpenNetwork);
        QVERIFY(!state::isActionUseful(slot(), SlotAction::Disconnect));
    }

    void topicMatching_data()
    {
        QTest::addColumn<QByteArray>("filter");
        QTest::addColumn<QByteArray>("topic");
        QTest::addColumn<bool>("matches");
        QTest::newRow("same") << QByteArray("a/b") << QByteArray("a/b") << true;
        QTest::newRow("other") << QByteArray("a/b") << QByteArray("a/c") << false;
        QTest::newRow("longer topic") << QByteArray("a") << QByteArray("a/b") << false;
        QTest::newRow("shorter topic") << QByteArray("a/b") << QByteArray("a") << false;
        QTest::newRow("plus") << QByteArray("a/+/c") << QByteArray("a/x/c") << true;
        QTest::newRow("plus one level") << QByteArray("a/+") << QByteArray("a/x/c") << false;
        QTest::newRow("plus empty level") << QByteArray("a/+") << QByteArray("a/") << true;
        QTest::newRow("plus not parent") << QByteArray("a/+") << QByteArray("a") << false;
        QTest::newRow("hash") << QByteArray("a/#") << QByteArray("a/x/y") << true;
        QTest::newRow("hash parent") << QByteArray("a/#") << QByteArray("a") << true;
        QTest::newRow("hash all") << QByteArray("#") << QByteArray("x/y") << true;
        QTest::newRow("hash not $") << QByteArray("#") << QByteArray("$SYS/x") << false;
        QTest::newRow("plus not $") << QByteArray("+/x") << QByteArray("$aws/x") << false;
        QTest::newRow("$ literal") << QByteArray("$aws/+") << QByteArray("$aws/x") << true;
    }
    void topicMatching()
    {
        QFETCH(QByteArray, filter);
        QFETCH(QByteArray, topic);
        QFETCH(bool, matches);
        QCOMPARE(state::topicMatchesFilter(filter, topic), matches);
    }

    void publishTopicsComeBack()
    {
        state::ClientSlot s;
        const QByteArray fallback("qmtscope/test");
        QCOMPARE(state::suggestedPublishTopics(s, {}, fallback), QByteArrayList{fallback});
        QCOMPARE(state::suggestedPublishTopics(s, "x/y", fallback), (QByteArrayList{"x/y", fallback}));
        s.subscriptions.push_back({"sensors/#", 1, 1});
        s.subscriptions.push_back({"cmd/in", 0, 0});
        // a remembered topic that comes back leads; wildcard filters are not publishable
        QCOMPARE(state::suggestedPublishTopics(s, "sensors/t1", fallback),
                 (QByteArrayList{"sensors/t1", "cmd/in", fallback}));
        // one that would not come back follows the subscribed topics
        QCOMPARE(state::suggestedPublishTopics(s, "x/y", fallback),
                 (QByteArrayList{"cmd/in", "x/y", fallback}));
        QCOMPARE(state::suggestedPublishTopics(s, "cmd/in", fallback), (QByteArrayList{"cmd/in", fallback}));
    }

    void messageIdsSkipUnacknowledgedPublishes()
    {
        state::ClientSlot s;
        QCOMPARE(state::nextMsgId(s, 0), 1);
        QCOMPARE(state::nextMsgId(s, 1), 2);
        QCOMPARE(state::nextMsgId(s, 65535), 1);
        s.inFlight.push_back({});
        s.inFlight.back().msgId = 2;
        s.inFlight.push_back({});
        s.inFlight.back().msgId = 3;
        QCOMPARE(state::nextMsgId(s, 1), 4);
        s.inFlight.back().msgId = 1;
        QCOMPARE(state::nextMsgId(s, 65535), 3);
    }
};

QTEST_GUILESS_MAIN(tst_SlotModels)
#include "tst_slotmodels.moc"
