// SPDX-License-Identifier: Apache-2.0
// The simulated module in-process as a QIODevice: the same bytes as over its pty, with no pty.

#include "io/session.h"
#include "sim/simdevice.h"
#include "sim/simmodule.h"

#include <QSignalSpy>
#include <QTcpServer>
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

    // The session over the in-process module: the same pipeline, channel and store as over a
    // port, with no pty. A device that closes itself is a lost port: the slots become unknown.
    void aSessionRunsOverTheDevice()
    {
        sim::SimModule module;
        sim::SimDevice dev(&module);
        session::Session session;
        QSignalSpy opened(&session, &session::Session::opened);
        QVERIFY(session.openDevice(&dev, QStringLiteral("simulated module")));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().first().toString(), QStringLiteral("simulated module"));
        QVERIFY(session.isOpen());
        // identified at open, as a module on a port is
        QTRY_VERIFY_WITH_TIMEOUT(!session.store().module().identity.isEmpty() &&
                                     session.store().module().cfgRanges.size() == 11 &&
                                     !session.channel().isBusy(),
                                 5000);
        session::CommandReply *reply = session.send(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",2,300"));
        QVERIFY(reply);
        QSignalSpy done(reply, &session::CommandReply::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(session.store().slot(2).config.keepAlive, 300);
        // a network opened to a TCP listener (no MQTT needed for the network state)
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost));
        session.send(at::AtCommand::fromText(QByteArrayLiteral("AT+QMTOPEN=2,\"127.0.0.1\",") +
                                             QByteArray::number(listener.serverPort())));
        QTRY_COMPARE_WITH_TIMEOUT(session.store().slot(2).network, state::NetState::Open, 5000);

        QSignalSpy lost(&session, &session::Session::portLost);
        dev.close();
        QCOMPARE(lost.size(), 1);
        QVERIFY(!session.isOpen());
        QCOMPARE(session.store().slot(2).network, state::NetState::Unknown); // the module may have moved on
        QCOMPARE(session.store().slot(3).network, state::NetState::Closed);  // nothing was in use there
        QVERIFY(!session.send(at::AtCommand::fromText("AT")));

        // closing the session closes the device, and is no loss
        QVERIFY(session.openDevice(&dev, QStringLiteral("simulated module")));
        QVERIFY(dev.isOpen());
        session.close();
        QVERIFY(!dev.isOpen());
        QCOMPARE(lost.size(), 1);
    }
};

QTEST_MAIN(tst_SimDevice)
#include "tst_simdevice.moc"
