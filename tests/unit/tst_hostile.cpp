// SPDX-License-Identifier: Apache-2.0
// Hostile and broken peers (issue 13, item 4): what no module should send — a +QMTRECV that
// announces 4 GB, a 10 MB line without an end, NUL bytes, topics that are no UTF-8, URCs for
// slot 99, thousands of URCs while a command waits. The pipeline keeps answering, keeps its memory
// bounded (the framer holds at most one line limit) and says what happened (truncated frames,
// unknown lines, the command's own result).

#include "engine/pipeline.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace qmt;
using at::EventType;

namespace {

struct Run
{
    session::ManualClock clock;
    session::Pipeline pipeline{&clock};
    std::vector<at::AtEvent> events; // without their views (they die with the callback)
    qsizetype maxPending = 0;
    Run()
    {
        pipeline.addObserver([this](const at::AtEvent &e) {
            at::AtEvent copy = e;
            copy.text = {};
            copy.topic = {};
            copy.payload = {};
            copy.cmeText = {};
            copy.args = nullptr;
            events.push_back(copy);
        });
    }
    // Feeds `bytes` in chunks, noting the most the framer held back between them.
    void rx(QByteArrayView bytes, qsizetype chunk = 4096)
    {
        for (qsizetype i = 0; i < bytes.size(); i += chunk) {
            pipeline.received(bytes.sliced(i, std::min(chunk, bytes.size() - i)));
            maxPending = std::max(maxPending, pipeline.framer().pendingBytes());
        }
    }
    int count(EventType t) const
    {
        return int(
            std::count_if(events.begin(), events.end(), [t](const at::AtEvent &e) { return e.type == t; }));
    }
    const state::ModuleState &module() const { return pipeline.store().module(); }
    const state::ClientSlot &slot(int i) const { return pipeline.store().slot(i); }
};

} // namespace

class tst_Hostile : public QObject
{
    Q_OBJECT
private slots:
    void recvAnnouncing4GB()
    {
        Run r;
        // 4 GB announced, 1 MB sent, then the line ends and the module goes on
        r.rx("\r\n+QMTRECV: 0,1,\"t\",4294967296,\"");
        r.rx(QByteArray(1024 * 1024, 'x'));
        r.rx("\"\r\n\r\nOK\r\n");
        QVERIFY(r.maxPending <= at::Framer::kMaxLine); // not a byte more than one line held back
        QVERIFY(r.module().truncatedFrames >= 1);      // and it says so
        QCOMPARE(r.count(EventType::Ok), 1);           // still answering
        for (std::size_t i = 0; i < r.slot(0).messages.size(); ++i)
            QVERIFY(r.slot(0).messages[i].payload.size() <= at::Framer::kMaxLine);
    }

    void tenMegabyteLineWithoutEnd()
    {
        Run r;
        r.rx("\r\n+QMTSTAT: 0,");
        r.rx(QByteArray(10 * 1024 * 1024, 'y'), 64 * 1024);
        QVERIFY(r.maxPending <= at::Framer::kMaxLine);
        r.rx("\r\nOK\r\n");
        QVERIFY(r.module().truncatedFrames >= 1);
        QCOMPARE(r.count(EventType::Ok), 1);
        r.pipeline.endOfInput();
    }

    void nulBytes()
    {
        Run r;
        r.rx(QByteArray("\r\n+QMTSTAT: 0,1\0\0\r\n\0\0\0OK\r\n\0\r\n+QMTRECV: 0,1,\"a\0b\",3,\"\0\0\0\"\r\n",
                        52));
        r.pipeline.endOfInput();
        QVERIFY(r.events.size() >= 3);
        // the slot was never opened: a +QMTSTAT for it changes no state it did not have
        QCOMPARE(r.slot(0).network, state::NetState::Closed);
        QVERIFY(!QJsonDocument(r.pipeline.store().toJson()).toJson().isEmpty());
    }

    void topicsThatAreNoUtf8()
    {
        Run r;
        r.rx("\r\n+QMTRECV: 0,1,\"\xff\xfe\xc3(\",3,\"\x80\x81\x82\"\r\n");
        QCOMPARE(r.slot(0).messages.size(), std::size_t(1));
        QCOMPARE(r.slot(0).messages.back().topic, QByteArray("\xff\xfe\xc3(")); // kept as sent
        QCOMPARE(r.slot(0).messages.back().payload, QByteArray("\x80\x81\x82"));
        const QByteArray json = QJsonDocument(r.pipeline.store().toJson()).toJson();
        QJsonParseError error{};
        QJsonDocument::fromJson(json, &error); // the JSON stays valid
        QCOMPARE(error.error, QJsonParseError::NoError);
    }

    void urcsForSlot99()
    {
        Run r;
        r.rx("\r\n+QMTSTAT: 99,1\r\n\r\n+QMTRECV: 99,1,\"t\",3,\"abc\"\r\n\r\n+QMTOPEN: 99,0\r\n"
             "\r\n+QMTCONN: 99,0,0\r\n\r\n+QMTPING: 99,1\r\n\r\n+QMTSTAT: -1,1\r\n"
             "\r\n+QMTSTAT: 99999999999999999999,1\r\n");
        r.pipeline.endOfInput();
        for (int i = 0; i < state::kSlotCount; ++i) {
            QCOMPARE(r.slot(i).network, state::NetState::Closed);
            QCOMPARE(r.slot(i).mqtt, state::MqttState::Idle);
            QVERIFY(r.slot(i).messages.empty());
        }
        QCOMPARE(r.module().urcs, quint64(7)); // each is counted: the traffic shows them
    }

    void thousandsOfUrcsWhileACommandWaits()
    {
        Run r;
        r.pipeline.wroteCommand("AT+QMTCONN=0,\"client\"");
        QByteArray flood;
        for (int i = 0; i < 5000; ++i)
            flood += "\r\n+QMTRECV: 0," + QByteArray::number(i % 65535) + ",\"t\",5,\"hello\"\r\n";
        r.rx(flood);
        r.rx("\r\nOK\r\n");
        QCOMPARE(r.count(EventType::Ok), 1);
        const auto ok = std::find_if(r.events.begin(), r.events.end(),
                                     [](const at::AtEvent &e) { return e.type == EventType::Ok; });
        QCOMPARE(ok->cmd, at::Cmd::QMTCONN);                       // the answer is still the command's
        QCOMPARE(r.slot(0).messages.size(), state::kKeptMessages); // the store keeps a bounded number
        QCOMPARE(r.slot(0).counters.received, quint64(5000));      // and counts them all
    }
};

QTEST_GUILESS_MAIN(tst_Hostile)
#include "tst_hostile.moc"
