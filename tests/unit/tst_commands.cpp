// SPDX-License-Identifier: Apache-2.0
// The command table (at/commands.h): one row per command, consistent, and read by the framer,
// parser, builders, range table and spec instead of their own switches.

#include "at/atcommand.h"
#include "at/builders.h"
#include "at/commands.h"
#include "at/spec.h"
#include "engine/framer.h"

#include <QSet>
#include <QTest>

using namespace qmt;
using at::Cmd;

class tst_Commands : public QObject
{
    Q_OBJECT
private slots:
    void everyCommandHasExactlyOneRow()
    {
        const auto &t = at::commandTable();
        QCOMPARE(t.size(), std::size_t(Cmd::Count_));
        QSet<QByteArray> names;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const at::CommandInfo &c = t[i];
            QCOMPARE(std::size_t(c.cmd), i); // indexed by the enum
            if (c.cmd == Cmd::Unknown)
                continue;
            QVERIFY2(!names.contains(c.name), c.name);
            names.insert(c.name);
            if (c.plus)
                QCOMPARE(at::cmdFromName(QByteArray(c.name).toLower()), c.cmd);
            QVERIFY2(!(c.urcOnly && c.hasTest), c.name);     // a URC is never sent
            QVERIFY2(!c.resultUrc || c.idxArg >= 0, c.name); // a result URC names its slot
            QVERIFY2((c.data == at::DataPhase::None) == (c.dataLenArg < 0), c.name);
            QVERIFY2(c.timeoutRule != at::TimeoutRule::Fixed || c.timeoutMs > 0, c.name);
            for (at::Param p : c.testLayout)
                QVERIFY(p == at::Param::Count_ || !at::RangeTable().range(p).isEmpty());
        }
        QCOMPARE(at::cmdFromName("E"), Cmd::Unknown); // the letters after AT are not names after '+'
        QCOMPARE(at::cmdFromName("QMTOPENX"), Cmd::Unknown);
    }

    void consumersReadTheRows()
    {
        // the parser: index and message id arguments
        const at::AtCommand sub = at::AtCommand::fromText("AT+QMTSUB=3,17,\"a/b\",1");
        QCOMPARE(sub.clientIdx, 3);
        QCOMPARE(sub.msgId, 17);
        QCOMPARE(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",4,60").clientIdx, 4);
        QCOMPARE(at::AtCommand::fromText("AT+QSSLCFG=\"seclevel\",4,2").clientIdx,
                 -1); // a context, not a slot
        // the framer: the data length of a command line, from the command's or the setting's row
        QCOMPARE(at::Framer::payloadLengthOfCommand("AT+QMTPUBEX=0,1,1,0,\"t\",12"), 12);
        QCOMPARE(at::Framer::payloadLengthOfCommand("at+qmtpub=0,1,1,0,\"t,x\",7"), 7);
        QCOMPARE(at::Framer::payloadLengthOfCommand("AT+QMTPUB=0,1,1,0,\"t\""), -2); // Ctrl+Z
        QCOMPARE(at::Framer::payloadLengthOfCommand("AT+QMTCFG=\"willex\",0,1,1,0,\"w\",9"), 9);
        QCOMPARE(at::Framer::payloadLengthOfCommand("AT+QMTCFG=\"will\",0,1,1,0,\"w\",\"9\""), -1);
        QCOMPARE(at::Framer::payloadLengthOfCommand("AT+QMTOPEN=0,\"h\",1883"), -1);
        QCOMPARE(at::Framer::payloadLengthOfCommand("AT+QMTPUBEX=?"), -1);
        // the builders: test forms where the row says
        const at::Builders b;
        QVERIFY(b.test(Cmd::QMTOPEN).ok());
        QVERIFY(!b.test(Cmd::QMTSTAT).ok());
        QCOMPARE(b.test(Cmd::ATE).error->message, QStringLiteral("ATE has no test form"));
        // the spec: time-outs by rule
        using namespace std::chrono_literals;
        QCOMPARE(spec::maxResponseTime(Cmd::QMTCONN, 7s, 2), 7000ms);
        QCOMPARE(spec::maxResponseTime(Cmd::QMTPUBEX, 7s, 2), 14000ms);
        QCOMPARE(spec::maxResponseTime(Cmd::QMTOPEN), 120000ms);
        // the range table: "=?" answers of commands with a layout
        at::RangeTable r;
        QVERIFY(r.applyTestResponse(QByteArrayView("+QMTOPEN: (0-3),\"<host_name>\",(1-9999)")));
        QCOMPARE(r.range(at::Param::Port).max(), 9999);
        QVERIFY(!r.applyTestResponse(QByteArrayView("+QMTPUB: (0-5)")));
    }
};

QTEST_MAIN(tst_Commands)
#include "tst_commands.moc"
