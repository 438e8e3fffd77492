// SPDX-License-Identifier: Apache-2.0
// The session over the simulated module on a pty: identity on open, echo detected from the
// traffic, the port pulled mid-command (closed at once, no spinning) and reopened when it
// comes back.

#include "io/session.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;
using session::CommandResult;

Q_DECLARE_METATYPE(qmt::at::AtCommand)
Q_DECLARE_METATYPE(qmt::session::CommandResult)

class tst_Session : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<at::AtCommand>();
        qRegisterMetaType<CommandResult>();
    }

    void openIdentifyLoseAndReopen()
    {
        QTemporaryDir dir;
        const QString link = dir.filePath(QStringLiteral("module"));
        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        QVERIFY(pty.createLink(link));

        session::Session s;
        QSignalSpy opened(&s, &session::Session::opened);
        QSignalSpy lost(&s, &session::Session::portLost);
        QVERIFY2(s.open({link, 115200, QSerialPort::NoFlowControl}), qPrintable(s.errorString()));
        QCOMPARE(opened.size(), 1);
        // identity, echo and the module's own ranges, read on open
        QTRY_COMPARE_WITH_TIMEOUT(s.store().module().cfgRanges.size(), 11, 10000);
        QVERIFY(s.store().module().identity.contains("Quectel"));
        QCOMPARE(s.store().module().revision, QByteArray("EC25EFAR06A06M4G"));
        QVERIFY(s.store().module().echo);
        QVERIFY(s.trafficModel()->frameCount() > 0);

        // console text goes through the same pipeline
        s.sendText(QStringLiteral("ATE0"));
        QTRY_VERIFY_WITH_TIMEOUT(!s.store().module().echo, 10000);
        s.sendText(QStringLiteral("AT+QMTCFG=\"keepalive\",3,90"));
        QTRY_COMPARE_WITH_TIMEOUT(s.store().slot(3).config.keepAlive, 90, 10000);

        // the module goes away in the middle of a command
        module.setResponseDelay(std::chrono::milliseconds(2000));
        session::CommandReply *reply = s.send(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",3"));
        QVERIFY(reply);
        QSignalSpy finished(reply, &session::CommandReply::finished);
        QTRY_VERIFY_WITH_TIMEOUT(s.channel().isBusy(), 10000);
        // as far as the traffic showed, slot 1 was open (a result URC the module sent earlier)
        s.pipeline().received("\r\n+QMTOPEN: 1,0\r\n");
        QCOMPARE(s.store().slot(1).network, state::NetState::Open);
        pty.close();
        QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, 10000);
        QVERIFY(!s.isOpen());
        QVERIFY2(s.portErrorCount() <= 3, qPrintable(QString::number(s.portErrorCount())));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.last().at(0).value<CommandResult>().outcome, CommandResult::Outcome::PortLost);
        QCOMPARE(s.store().slot(3).lastError.kind, state::SlotError::Kind::Local);
        // issue 8.3: what the module does now is unknown, and the card says since when
        QCOMPARE(s.store().slot(1).network, state::NetState::Unknown);
        QVERIFY(s.store().slot(1).unknownSinceUs > 0);
        QCOMPARE(s.store().slot(3).network, state::NetState::Closed); // not in use: nothing to lose
        // no spinning while it is gone
        QTest::qWait(300);
        QVERIFY(s.portErrorCount() <= 3);

        // it comes back under the same name: reopened and identified again
        module.setResponseDelay(std::chrono::milliseconds(0));
        module.reboot();
        QVERIFY(pty.open());
        QVERIFY(pty.createLink(link));
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, 10000);
        QVERIFY(s.isOpen());
        QTRY_VERIFY_WITH_TIMEOUT(s.store().module().echo, 10000); // the rebooted module echoes again
        // and the slot is asked about instead of assumed: AT+QMTOPEN? lists nothing, so closed
        QTRY_COMPARE_WITH_TIMEOUT(s.store().slot(1).network, state::NetState::Closed, 10000);
        QCOMPARE(s.store().slot(1).unknownSinceUs, 0);
    }

    // The first-run port problems on this machine's real /proc and lock files: a port that is
    // gone, one that another program reads too, one this program holds already.
    void portProblemsSayWhatToDo()
    {
        session::Session s;
        QSignalSpy problems(&s, &session::Session::portProblem);
        QTemporaryDir dir;
        QVERIFY(!s.open({dir.filePath(QStringLiteral("ttyUSB7")), 115200, QSerialPort::NoFlowControl}));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(s.portProblemNow().kind, session::PortProblem::Kind::NotFound);
        QVERIFY(s.errorString().contains(QLatin1String("does not exist")));

        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        // A second reader (a terminal program left open, here `sleep` with the port as its input).
        QProcess reader;
        reader.setStandardInputFile(pty.devicePath());
        reader.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(reader.waitForStarted());
        QVERIFY2(s.open({pty.devicePath(), 115200, QSerialPort::NoFlowControl}), qPrintable(s.errorString()));
        QCOMPARE(problems.size(), 2);
        const session::PortProblem shared = s.portProblemNow();
        QCOMPARE(shared.kind, session::PortProblem::Kind::SharedWithOthers);
        QCOMPARE(shared.holders.size(), 1);
        QCOMPARE(shared.holders[0].pid, reader.processId());
        QVERIFY2(shared.summary.contains(QStringLiteral("sleep 60 (pid %1)").arg(reader.processId())),
                 qPrintable(shared.summary));
        reader.kill();
        reader.waitForFinished();
        s.close();

        // Nobody else: no problem. Then a second session on the port the first one holds.
        QVERIFY(s.open({pty.devicePath(), 115200, QSerialPort::NoFlowControl}));
        QCOMPARE(s.portProblemNow().kind, session::PortProblem::Kind::None);
        session::Session second;
        QVERIFY(!second.open({pty.devicePath(), 115200, QSerialPort::NoFlowControl}));
        QCOMPARE(second.portProblemNow().kind, session::PortProblem::Kind::Busy);
        QVERIFY2(second.errorString().contains(
                     QStringLiteral("QMT Scope itself (pid %1)").arg(QCoreApplication::applicationPid())),
                 qPrintable(second.errorString()));
    }

    void noReopenWhenNotWanted()
    {
        sim::SimModule module;
        sim::PtyServer pty(&module);
        QVERIFY(pty.open());
        session::Session s;
        s.setAutoReopen(false);
        QVERIFY(s.open({pty.devicePath(), 115200, QSerialPort::NoFlowControl}));
        QSignalSpy lost(&s, &session::Session::portLost);
        pty.close();
        QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, 10000);
        QVERIFY(!s.isOpen());
        QCOMPARE(s.send(at::AtCommand::fromText("AT")), nullptr); // refused: not connected
    }
};

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
