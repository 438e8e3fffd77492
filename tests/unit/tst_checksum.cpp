// SPDX-License-Identifier: Apache-2.0
// Tests of the AT+QFUPL checksum (modem/at/checksum.h): the field test vector, edge cases, and
// that the incremental form gives the one-shot answer for every way of splitting the data.

#include "at/checksum.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace qmt::at;

class TestChecksum : public QObject
{
    Q_OBJECT

private slots:
    void amazonRootCa();
    void empty();
    void small_data();
    void small();
    void format_data();
    void format();
    void everySplit();
    void threeChunks();
    void reset();
};

void TestChecksum::amazonRootCa()
{
    // The value real modules report for this file (PROTOCOL.md §4); installed by ca-certificates.
    QFile f(QStringLiteral("/usr/share/ca-certificates/mozilla/Amazon_Root_CA_1.crt"));
    if (!f.open(QIODevice::ReadOnly))
        QFAIL("Amazon_Root_CA_1.crt is missing: install the ca-certificates package");
    const QByteArray data = f.readAll();
    QCOMPARE(data.size(), 1188);
    QCOMPARE(formatChecksum(qfuplChecksum(data)), QByteArray("2d13"));

    QfuplChecksum c;
    for (qsizetype i = 0; i < data.size(); i += 7) // odd-sized chunks
        c.add(QByteArrayView(data).sliced(i, std::min<qsizetype>(7, data.size() - i)));
    QCOMPARE(c.value(), quint16(0x2d13));
    QCOMPARE(c.size(), qint64(1188));
}

void TestChecksum::empty()
{
    QCOMPARE(qfuplChecksum(QByteArrayView()), quint16(0));
    QfuplChecksum c;
    c.add(QByteArrayView());
    c.add(QByteArray());
    QCOMPARE(c.value(), quint16(0));
    QCOMPARE(formatChecksum(c.value()), QByteArray("0"));
}

void TestChecksum::small_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("expected");
    QTest::newRow("one byte") << QByteArray("\x12", 1) << 0x1200;
    QTest::newRow("one word") << QByteArray("\x12\x34", 2) << 0x1234;
    QTest::newRow("three bytes") << QByteArray("\x12\x34\x56", 3) << (0x1234 ^ 0x5600);
    QTest::newRow("two equal words") << QByteArray("\xab\xcd\xab\xcd", 4) << 0;
    QTest::newRow("five bytes") << QByteArray("\x01\x02\x03\x04\xff", 5) << (0x0102 ^ 0x0304 ^ 0xff00);
    QTest::newRow("ascii AB C") << QByteArray("ABC") << (0x4142 ^ 0x4300);
    QTest::newRow("high bytes") << QByteArray("\xff\xff\xff", 3) << 0x00ff;
}

void TestChecksum::small()
{
    QFETCH(QByteArray, data);
    QFETCH(int, expected);
    QCOMPARE(qfuplChecksum(data), quint16(expected));
    QfuplChecksum c;
    for (char ch : data)
        c.add(QByteArrayView(&ch, 1));
    QCOMPARE(c.value(), quint16(expected));
}

void TestChecksum::format_data()
{
    QTest::addColumn<int>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("0") << 0 << QByteArray("0");
    QTest::newRow("f") << 0xf << QByteArray("f");
    QTest::newRow("no leading zeros") << 0x0a0b << QByteArray("a0b");
    QTest::newRow("lower case") << 0x384a << QByteArray("384a");
    QTest::newRow("max") << 0xffff << QByteArray("ffff");
}

void TestChecksum::format()
{
    QFETCH(int, value);
    QFETCH(QByteArray, text);
    QCOMPARE(formatChecksum(quint16(value)), text);
}

void TestChecksum::everySplit()
{
    for (int len : {0, 1, 2, 3, 16, 17, 101}) {
        QByteArray data(len, Qt::Uninitialized);
        QRandomGenerator rng(quint32(len) + 42);
        for (char &c : data)
            c = char(rng.bounded(256));
        const quint16 expected = qfuplChecksum(data);
        for (int cut = 0; cut <= len; ++cut) {
            QfuplChecksum c;
            c.add(QByteArrayView(data).first(cut));
            c.add(QByteArrayView(data).sliced(cut));
            if (c.value() != expected)
                QFAIL(qPrintable(QStringLiteral("length %1 split at %2: %3 != %4")
                                     .arg(len)
                                     .arg(cut)
                                     .arg(c.value(), 0, 16)
                                     .arg(expected, 0, 16)));
        }
    }
}

void TestChecksum::threeChunks()
{
    QByteArray data(33, Qt::Uninitialized);
    for (int i = 0; i < data.size(); ++i)
        data[i] = char(i * 37 + 11);
    const quint16 expected = qfuplChecksum(data);
    for (int a = 0; a <= data.size(); ++a) {
        for (int b = a; b <= data.size(); ++b) {
            QfuplChecksum c;
            c.add(QByteArrayView(data).first(a));
            c.add(QByteArrayView(data).sliced(a, b - a));
            c.add(QByteArrayView(data).sliced(b));
            QCOMPARE(c.value(), expected);
        }
    }
}

void TestChecksum::reset()
{
    QfuplChecksum c;
    c.add("abc");
    c.reset();
    QCOMPARE(c.value(), quint16(0));
    QCOMPARE(c.size(), qint64(0));
    c.add("ab");
    QCOMPARE(c.value(), quint16(0x6162));
}

QTEST_APPLESS_MAIN(TestChecksum)
#include "tst_checksum.moc"
