// SPDX-License-Identifier: Apache-2.0
// Tests of the spec tables and response times (modem/at/spec.h).

#include "at/spec.h"

#include <QTest>

using namespace qmt;
using namespace std::chrono_literals;
using at::Cmd;

class TestSpec : public QObject
{
    Q_OBJECT

private slots:
    void lookups();
    void everyTableIsComplete();
    void causesAndCmeErrors();
    void maxResponseTimes_data();
    void maxResponseTimes();
    void commandTimeouts();
};

void TestSpec::lookups()
{
    const spec::CodeText *s = spec::qmtstat(2);
    QVERIFY(s);
    QCOMPARE(s->code, 2);
    QVERIFY(QByteArray(s->text).contains("PINGREQ"));
    QVERIFY(s->fix && QByteArray(s->fix).contains("PDP"));
    QVERIFY(spec::qmtstat(5) && !spec::qmtstat(5)->fix); // normal: nothing to do
    QVERIFY(!spec::qmtstat(0));
    QVERIFY(!spec::qmtstat(9)); // reserved
    QVERIFY(!spec::qmtstat(255));

    QVERIFY(QByteArray(spec::openResult(-1)->text).contains("open"));
    QVERIFY(QByteArray(spec::openResult(4)->text).contains("domain"));
    QVERIFY(!spec::openResult(6));
    QVERIFY(!spec::openResult(-2));
    QVERIFY(spec::closeResult(0) && spec::closeResult(-1) && !spec::closeResult(1));
    QVERIFY(QByteArray(spec::packetResult(1)->text).contains("retransmit"));
    QVERIFY(!spec::packetResult(3));
    QVERIFY(QByteArray(spec::connackCode(4)->text).contains("user name or password"));
    QVERIFY(!spec::connackCode(6));
    QVERIFY(QByteArray(spec::connState(3)->text).contains("connected"));
    QVERIFY(!spec::connState(0) && !spec::connState(5));
    QVERIFY(QByteArray(spec::fileError(421)->text).contains("Time-out"));
    QVERIFY(QByteArray(spec::fileError(407)->text).contains("exists"));
    QVERIFY(!spec::fileError(404)); // not in the list: the caller shows the number
    QVERIFY(!spec::fileError(399));
    QVERIFY(spec::pingResult(1) && !spec::pingResult(0));
}

void TestSpec::everyTableIsComplete()
{
    for (int c = 1; c <= 8; ++c) {
        QVERIFY(spec::qmtstat(c));
        QCOMPARE(spec::qmtstat(c)->code, c);
        if (c != 5)
            QVERIFY2(spec::qmtstat(c)->fix, "every +QMTSTAT code but 5 has a fix");
    }
    for (int r = -1; r <= 5; ++r)
        QVERIFY(spec::openResult(r));
    for (int r = 0; r <= 2; ++r)
        QVERIFY(spec::packetResult(r));
    for (int r = 0; r <= 5; ++r)
        QVERIFY(spec::connackCode(r));
    for (int s = 1; s <= 4; ++s)
        QVERIFY(spec::connState(s));
    for (int e : {400, 401, 402, 403, 405, 406, 407, 409, 410, 411, 413,
                  414, 416, 417, 418, 419, 420, 421, 423, 425, 426})
        QVERIFY2(spec::fileError(e), qPrintable(QString::number(e)));
}

// The diagnosis shows a cause for every failure code and a fix for every file error (issue 9).
void TestSpec::causesAndCmeErrors()
{
    for (int c : {1, 2, 3, 4, 6, 7, 8})
        QVERIFY2(spec::qmtstat(c)->causes, qPrintable(QString::number(c)));
    QVERIFY(!spec::qmtstat(5)->causes); // the normal end
    for (int r : {-1, 1, 2, 3, 4, 5})
        QVERIFY2(spec::openResult(r)->causes, qPrintable(QString::number(r)));
    QVERIFY(!spec::openResult(0)->causes);
    for (int r = 1; r <= 5; ++r)
        QVERIFY(spec::connackCode(r)->causes);
    QVERIFY(spec::packetResult(1)->causes && spec::packetResult(2)->causes);
    QVERIFY(spec::pingResult(1)->causes);
    QVERIFY(QByteArray(spec::openResult(-1)->causes).contains("TLS"));
    for (int e : {400, 401, 402, 403, 405, 406, 407, 409, 410, 411, 413,
                  414, 416, 417, 418, 419, 420, 421, 423, 425, 426})
        QVERIFY2(spec::fileError(e)->fix, qPrintable(QString::number(e)));
    // the general +CME ERROR codes, and verbose errors (AT+CMEE=2) by their text
    QVERIFY(QByteArray(spec::cmeError(10)->text).contains("SIM"));
    QVERIFY(spec::cmeError(3) && !spec::cmeError(407) && !spec::cmeError(9999));
    QCOMPARE(spec::cmeFromText("file already exist")->code, 407); // a module's spelling (field)
    QCOMPARE(spec::cmeFromText("  File not found ")->code, 405);
    QCOMPARE(spec::cmeFromText("SIM not inserted")->code, 10);
    QCOMPARE(spec::cmeFromText("operation not allowed")->code, 3);
    QVERIFY(!spec::cmeFromText("something else"));
    QVERIFY(!spec::cmeFromText("")); // too short to name anything
    QVERIFY(!spec::cmeFromText("fi"));
}

void TestSpec::maxResponseTimes_data()
{
    QTest::addColumn<int>("cmd");
    QTest::addColumn<int>("pkt");
    QTest::addColumn<int>("retries");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("QMTCFG") << int(Cmd::QMTCFG) << 5 << 3 << qint64(300);
    QTest::newRow("QMTOPEN") << int(Cmd::QMTOPEN) << 5 << 3 << qint64(120000);
    QTest::newRow("QMTCLOSE") << int(Cmd::QMTCLOSE) << 5 << 3 << qint64(30000);
    QTest::newRow("QMTDISC") << int(Cmd::QMTDISC) << 5 << 3 << qint64(30000);
    QTest::newRow("QMTCONN default") << int(Cmd::QMTCONN) << 5 << 3 << qint64(5000);
    QTest::newRow("QMTCONN 20 s") << int(Cmd::QMTCONN) << 20 << 3 << qint64(20000);
    QTest::newRow("QMTSUB default") << int(Cmd::QMTSUB) << 5 << 3 << qint64(15000);
    QTest::newRow("QMTSUB max") << int(Cmd::QMTSUB) << 60 << 10 << qint64(600000);
    QTest::newRow("QMTUNS") << int(Cmd::QMTUNS) << 4 << 2 << qint64(8000);
    QTest::newRow("QMTPUBEX") << int(Cmd::QMTPUBEX) << 5 << 3 << qint64(15000);
    QTest::newRow("QMTPUBEX no retries") << int(Cmd::QMTPUBEX) << 7 << 0 << qint64(7000);
    QTest::newRow("QMTPUB") << int(Cmd::QMTPUB) << 5 << 1 << qint64(5000);
    QTest::newRow("QIACT") << int(Cmd::QIACT) << 5 << 3 << qint64(150000);
    QTest::newRow("QFUPL") << int(Cmd::QFUPL) << 5 << 3 << qint64(5000);
    QTest::newRow("QSSLCFG") << int(Cmd::QSSLCFG) << 5 << 3 << qint64(300);
    QTest::newRow("QMTRECV") << int(Cmd::QMTRECV) << 5 << 3 << qint64(300);
}

void TestSpec::maxResponseTimes()
{
    QFETCH(int, cmd);
    QFETCH(int, pkt);
    QFETCH(int, retries);
    QFETCH(qint64, ms);
    QCOMPARE(spec::maxResponseTime(Cmd(cmd), std::chrono::seconds(pkt), retries).count(), ms);
}

void TestSpec::commandTimeouts()
{
    QCOMPARE(spec::maxResponseTime(Cmd::QMTSUB), 15000ms); // the defaults: 5 s x 3
    QCOMPARE(spec::commandTimeout(Cmd::QMTCFG), 1300ms);   // at least 1 s of margin
    QCOMPARE(spec::commandTimeout(Cmd::QMTCONN), 7500ms);  // +50 %
    QCOMPARE(spec::commandTimeout(Cmd::QMTSUB), 22500ms);
    QCOMPARE(spec::commandTimeout(Cmd::QMTOPEN), 180000ms);
    QCOMPARE(spec::commandTimeout(Cmd::QMTPUBEX, 60s, 10), 900000ms);
    for (int c = 0; c < int(Cmd::Count_); ++c) {
        const auto base = spec::maxResponseTime(Cmd(c), 5s, 3);
        const auto t = spec::commandTimeout(Cmd(c), 5s, 3);
        QVERIFY(base > 0ms);
        QVERIFY(t >= base + 1s);
        QVERIFY(t >= base + base / 2);
    }
}

QTEST_APPLESS_MAIN(TestSpec)
#include "tst_spec.moc"
