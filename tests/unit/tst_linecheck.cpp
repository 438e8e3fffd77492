// SPDX-License-Identifier: Apache-2.0
// at::checkLine: a typed command line against the range table — the parameter, the value and
// the allowed range are named; the module's own ranges (its "=?" answers) win over the seed's.

#include "at/linecheck.h"

#include <QTest>

using namespace qmt;
using at::Param;

class tst_LineCheck : public QObject
{
    Q_OBJECT
private slots:
    void goodLinesPass_data()
    {
        QTest::addColumn<QByteArray>("line");
        for (const char *l :
             {"AT", "ATI", "ATE1", "AT+QMTCFG=?", "AT+QMTOPEN?", "AT+QMTCFG=\"keepalive\",0",
              "AT+QMTCFG=\"keepalive\",0,120", "AT+QMTCFG=\"timeout\",5,5,3,1",
              "AT+QMTOPEN=0,\"broker.example\",1883", "AT+QMTPUBEX=0,0,0,0,\"a/b\",5",
              "AT+QMTPUBEX=0,1,2,1,\"a/b\",1500", "AT+QMTPUBEX=0,0,0,0,\"a/b\",\"hello, BG95\"",
              "AT+QMTSUB=0,1,\"a\",1,\"b\",2", "AT+QMTCFG=\"will\",0,0",
              "AT+QSSLCFG=\"ciphersuite\",1,0X0035", "AT+QMTCFG=\"keepalive\",0,", "AT+QNOSUCH=99", "hello"})
            QTest::newRow(l) << QByteArray(l);
    }
    void goodLinesPass()
    {
        QFETCH(QByteArray, line);
        const auto issues = at::checkLine(line, at::RangeTable());
        QVERIFY2(issues.empty(), issues.empty() ? "" : qPrintable(issues.front().message));
    }

    void keepAliveOutOfRange()
    {
        const auto issues = at::checkLine("AT+QMTCFG=\"keepalive\",0,5000", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(1));
        const at::LineIssue &i = issues.front();
        QCOMPARE(i.arg, 2);
        QCOMPARE(i.param, Param::KeepAlive);
        QCOMPARE(i.name, QStringLiteral("<keep_alive_time>"));
        QCOMPARE(i.value, QByteArray("5000"));
        QCOMPARE(i.range.toString(), QStringLiteral("0-3600"));
        QCOMPARE(i.message, QStringLiteral("keep_alive_time 5000 is out of range 0-3600"));
    }

    void publishQos3AndSlot9()
    {
        const auto issues = at::checkLine("at+qmtpubex=9,1,3,0,\"t\",4", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(2));
        QCOMPARE(issues[0].param, Param::ClientIdx);
        QCOMPARE(issues[0].message, QStringLiteral("client_idx 9 is out of range 0-5"));
        QCOMPARE(issues[1].arg, 2);
        QCOMPARE(issues[1].param, Param::Qos);
        QCOMPARE(issues[1].message, QStringLiteral("qos 3 is out of range 0-2"));
    }

    // BG9x's AT+QMTPUBEX carries the message in the line: checked as a payload's length.
    void inlineMessageTooLong()
    {
        const at::RangeTable ranges;
        const qint64 max = ranges.range(Param::PayloadLen).max();
        const QByteArray line = "AT+QMTPUBEX=0,0,0,0,\"t\",\"" + QByteArray(int(max + 1), 'x') + '"';
        const auto issues = at::checkLine(line, ranges);
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].arg, 5);
        QCOMPARE(issues[0].param, Param::PayloadLen);
        QVERIFY(issues[0].length);
        QVERIFY(
            at::checkLine("AT+QMTPUBEX=0,0,0,0,\"t\",\"" + QByteArray(int(max), 'x') + '"', ranges).empty());
    }

    void msgIdZeroNeedsQosZero()
    {
        const auto issues = at::checkLine("AT+QMTPUBEX=0,0,1,0,\"t\",4", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].param, Param::PubMsgId);
        QVERIFY(issues[0].message.contains(QLatin1String("msgid 0")));
    }

    void repeatedTopicsAreChecked()
    {
        const auto issues = at::checkLine("AT+QMTSUB=0,1,\"a\",1,\"b\",5", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].arg, 5);
        QCOMPARE(issues[0].param, Param::Qos);
    }

    void textsByLengthAndNotNumbers()
    {
        auto issues = at::checkLine("AT+QMTOPEN=0,\"\",1883", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(1));
        QVERIFY(issues[0].length);
        QCOMPARE(issues[0].message, QStringLiteral("host_name must not be empty"));
        issues = at::checkLine("AT+QMTOPEN=0,\"" + QByteArray(101, 'h') + "\",1883", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].message,
                 QStringLiteral("host_name is 101 bytes long in UTF-8; the allowed length is 1-100 bytes"));
        issues = at::checkLine("AT+QMTOPEN=0,\"h\",port", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].message, QStringLiteral("port port is not a number"));
        issues = at::checkLine("ATE2", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].message, QStringLiteral("value 2 is not one of 0,1"));
    }

    void flagGatedSettingStopsAtZero()
    {
        QVERIFY(at::checkLine("AT+QMTCFG=\"will\",0,0,7,7", at::RangeTable()).empty());
        const auto issues = at::checkLine("AT+QMTCFG=\"will\",0,1,7,0,\"t\",\"m\"", at::RangeTable());
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].param, Param::WillQos);
    }

    void theModulesRangesWin()
    {
        at::RangeTable t;
        QVERIFY(t.applyTestResponse(QByteArrayView("+QMTCFG: \"keepalive\",(0-5),(0-7200)")));
        QVERIFY(at::checkLine("AT+QMTCFG=\"keepalive\",0,5000", t).empty());
        const auto issues = at::checkLine("AT+QMTCFG=\"keepalive\",0,9000", t);
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].message, QStringLiteral("keep_alive_time 9000 is out of range 0-7200"));
    }
};

QTEST_GUILESS_MAIN(tst_LineCheck)
#include "tst_linecheck.moc"
