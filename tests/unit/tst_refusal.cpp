// SPDX-License-Identifier: Apache-2.0
// state::likelyRefusal: the reason a module likely answered ERROR to a command, from the slot's
// state before the command — or nothing when the state explains nothing.

#include "engine/refusal.h"

#include <QTest>

using namespace qmt;
using state::ClientSlot;
using state::MqttState;
using state::NetState;

namespace {

ClientSlot slotIn(NetState net, MqttState mqtt, int index = 1)
{
    ClientSlot s;
    s.index = index;
    s.network = net;
    s.mqtt = mqtt;
    if (net == NetState::Open) {
        s.host = "broker.example";
        s.port = 1883;
    }
    return s;
}

QString reason(const char *line, const ClientSlot &s)
{
    return state::likelyRefusal(at::AtCommand::fromText(line), s);
}

} // namespace

class tst_Refusal : public QObject
{
    Q_OBJECT
private slots:
    void cfgWhileOpen()
    {
        const ClientSlot open = slotIn(NetState::Open, MqttState::Idle);
        const QString r = reason("AT+QMTCFG=\"keepalive\",1,60", open);
        QVERIFY2(r.contains(QLatin1String("Slot 1")) && r.contains(QLatin1String("AT+QMTCLOSE=1")),
                 qPrintable(r));
        const QString c =
            reason("AT+QMTCFG=\"keepalive\",1,60", slotIn(NetState::Open, MqttState::Connected));
        QVERIFY2(c.contains(QLatin1String("AT+QMTDISC=1")), qPrintable(c));
        // a read-back is allowed while open; a closed slot explains nothing
        QVERIFY(reason("AT+QMTCFG=\"keepalive\",1", open).isEmpty());
        QVERIFY(reason("AT+QMTCFG=\"keepalive\",1,60", slotIn(NetState::Closed, MqttState::Idle)).isEmpty());
    }

    void openWhenOpen()
    {
        const QString r = reason("AT+QMTOPEN=1,\"other\",1883", slotIn(NetState::Open, MqttState::Idle));
        QVERIFY2(r.contains(QLatin1String("broker.example:1883")), qPrintable(r));
        QVERIFY(reason("AT+QMTOPEN=1,\"other\",1883", slotIn(NetState::Closed, MqttState::Idle)).isEmpty());
        QVERIFY(reason("AT+QMTOPEN=1,\"other\",1883", slotIn(NetState::Failed, MqttState::Idle)).isEmpty());
    }

    void connWithoutNetwork()
    {
        const QString r = reason("AT+QMTCONN=1,\"id\"", slotIn(NetState::Closed, MqttState::Idle));
        QVERIFY2(r.contains(QLatin1String("AT+QMTOPEN")), qPrintable(r));
        QVERIFY(reason("AT+QMTCONN=1,\"id\"", slotIn(NetState::Open, MqttState::Idle)).isEmpty());
        QVERIFY(!reason("AT+QMTCONN=1,\"id\"", slotIn(NetState::Open, MqttState::Connected)).isEmpty());
    }

    void publishAndSubscribeNeedAConnection()
    {
        const ClientSlot open = slotIn(NetState::Open, MqttState::Idle);
        for (const char *line : {"AT+QMTPUBEX=1,1,1,0,\"t\",4", "AT+QMTSUB=1,1,\"t\",1",
                                 "AT+QMTUNS=1,2,\"t\"", "AT+QMTPUB=1,0,0,0,\"t\""}) {
            const QString r = reason(line, open);
            QVERIFY2(r.contains(QLatin1String("AT+QMTCONN")), line);
            QVERIFY2(reason(line, slotIn(NetState::Open, MqttState::Connected)).isEmpty(), line);
        }
    }

    void unknownStateOrOtherSlotSaysNothing()
    {
        QVERIFY(reason("AT+QMTCONN=1,\"id\"", slotIn(NetState::Unknown, MqttState::Unknown)).isEmpty());
        QVERIFY(reason("AT+QMTCONN=2,\"id\"", slotIn(NetState::Closed, MqttState::Idle))
                    .isEmpty()); // slot 1's state
        QVERIFY(reason("AT+QMTOPEN?", slotIn(NetState::Open, MqttState::Idle)).isEmpty());
        QVERIFY(reason("ATI", slotIn(NetState::Open, MqttState::Idle)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Refusal)
#include "tst_refusal.moc"
