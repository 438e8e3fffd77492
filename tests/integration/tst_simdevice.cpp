// SPDX-License-Identifier: Apache-2.0
// The simulated module in-process as a QIODevice: the same bytes as over its pty, with no pty.

#include "sim/simdevice.h"
#include "sim/simmodule.h"

#include <QSignalSpy>
#include <QTest>

using namespace qmt;

class tst_SimDevice : public QObject
{
    Q_OBJECT
private slots:
    void answersLikeASerialPort()
    {
        sim::SimOptions o;
        o.bootUrcs = false;
        sim::SimModule module(o);
        sim::SimDevice dev(&module);
        QVERIFY(dev.open(QIODevice::ReadWrite));
        QSignalSpy ready(&dev, &QIODevice::readyRead);
        QCOMPARE(dev.write("ATE0\r"), 5);
        QVERIFY(ready.wait(2000));
        QByteArray got = dev.readAll();
        QTRY_VERIFY_WITH_TIMEOUT((got += dev.readAll()).contains("OK\r\n"), 2000);
        QCOMPARE(got, QByteArray("ATE0\r\r\nOK\r\n")); // the echo of the command that turns it off, then OK
        got.clear();
        dev.write("AT+QMTCFG=\"keepalive\",0\r");
        QTRY_VERIFY_WITH_TIMEOUT((got += dev.readAll()).contains("OK\r\n"), 2000);
        QCOMPARE(got, QByteArray("\r\n+QMTCFG: \"keepalive\",120\r\n\r\nOK\r\n"));
        // a closed device hears nothing; reopened, it answers again
        dev.close();
        module.injectGarbage("noise");
        QTest::qWait(20);
        QVERIFY(dev.open(QIODevice::ReadWrite));
        QCOMPARE(dev.bytesAvailable(), 0);
        got.clear();
        dev.write("AT\r");
        QTRY_VERIFY_WITH_TIMEOUT((got += dev.readAll()).contains("OK\r\n"), 2000);
        QCOMPARE(got, QByteArray("\r\nOK\r\n"));
    }

    // Issue 8.2: a module started without boot URCs (as the demo starts it) still announces a
    // restart, so the host sees that every slot was dropped.
    void aRebootAlwaysAnnouncesItself()
    {
        sim::SimOptions o;
        o.bootUrcs = false;
        sim::SimModule module(o);
        sim::SimDevice dev(&module);
        QVERIFY(dev.open(QIODevice::ReadWrite));
        module.powerOn();
        QTest::qWait(20);
        QCOMPARE(dev.readAll(), QByteArray()); // quiet at first, as asked
        QCOMPARE(module.applyFaultCommand(QStringLiteral("reboot")), QString());
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += dev.readAll()).contains("APP RDY\r\n"), 3000);
        QVERIFY(got.startsWith("\r\nRDY\r\n"));
    }
};

QTEST_MAIN(tst_SimDevice)
#include "tst_simdevice.moc"
