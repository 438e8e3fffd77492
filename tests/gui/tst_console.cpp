// SPDX-License-Identifier: Apache-2.0
// The console panel against the simulated module on a real pty, with a real broker behind it:
// what is typed reaches the module and its answer shows with the right kinds; history survives
// the widget; completion offers AT+QMTOPEN with its hint; a hand-typed AT+QMTPUBEX goes through
// data mode to the broker; the view follows the end only while the user is there; hex view with
// its ASCII column; find; the context menu; values out of range ask before they go; an ERROR
// the slot's state explains is noted; every text follows a change of language.

#include "broker.h"
#include "consolepanel.h"
#include "consoleview.h"
#include "io/session.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "commandhistory.h"
#include "subscriber.h"
#include "trafficfollow.h"
#include "trafficstyle.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCompleter>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>

#include <memory>

using namespace qmt;
using state::TrafficModel;
using Kind = TrafficModel::Kind;

namespace {

constexpr int kWait = 20000; // ms; generous for a loaded machine, never a fixed sleep

QString plain(const QLabel *label)
{
    QTextDocument doc;
    doc.setHtml(label->text());
    return doc.toPlainText();
}

// The rows the console shows: kind and raw text.
struct Row
{
    Kind kind;
    QByteArray text;
};

QList<Row> rowsOf(ui::ConsoleView *view)
{
    QList<Row> out;
    QAbstractItemModel *m = view->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex i = m->index(r, TrafficModel::TextColumn);
        out.append(
            {Kind(i.data(TrafficModel::KindRole).toInt()), i.data(TrafficModel::RawTextRole).toByteArray()});
    }
    return out;
}

int findRow(ui::ConsoleView *view, Kind kind, const QByteArray &text, int from = 0)
{
    const QList<Row> rows = rowsOf(view);
    for (int r = qMax(from, 0); r < rows.size(); ++r)
        if (rows[r].kind == kind && rows[r].text == text)
            return r;
    return -1;
}

} // namespace

class tst_Console : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TestBroker> m_broker;
    std::unique_ptr<sim::SimModule> m_module;
    std::unique_ptr<sim::PtyServer> m_pty;
    std::unique_ptr<session::Session> m_session;

    bool idle() const { return !m_session->channel().isBusy() && m_session->channel().queued() == 0; }

    // Types a line into the console as a user would and presses Enter (which goes to the
    // completion list when it is open, as the list grabs the keyboard).
    void type(ui::ConsolePanel &panel, const QString &line)
    {
        panel.input()->clear();
        QTest::keyClicks(panel.input(), line);
        QWidget *popup = panel.completer()->popup();
        QTest::keyClick(popup->isVisible() ? popup : static_cast<QWidget *>(panel.input()), Qt::Key_Return);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope"));
        QCoreApplication::setApplicationName(QStringLiteral("qmtscope-tst_console"));
        QSettings().clear();

        m_broker = std::make_unique<test::TestBroker>();
        QVERIFY2(m_broker->startAndWait(), qPrintable(m_broker->errorString()));
        sim::SimOptions o;
        o.brokerPort = m_broker->port();
        m_module = std::make_unique<sim::SimModule>(o);
        m_pty = std::make_unique<sim::PtyServer>(m_module.get());
        QVERIFY2(m_pty->open(), qPrintable(m_pty->errorString()));
        m_session = std::make_unique<session::Session>();
        m_session->setAutoReopen(false);
        QVERIFY2(m_session->open({m_pty->devicePath(), 115200, QSerialPort::NoFlowControl}),
                 qPrintable(m_session->errorString()));
        // identity, echo and ranges are read on open
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->store().module().cfgRanges.empty() && idle(), kWait);
    }

    void cleanupTestCase()
    {
        m_session.reset();
        m_pty.reset();
        m_module.reset();
        m_broker.reset();
    }

    void sendShowsTheAnswerWithItsKinds()
    {
        ui::ConsolePanel panel(m_session.get());
        QAbstractItemModelTester tester(panel.view()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.resize(900, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const int before = panel.view()->model()->rowCount();

        const QByteArray set("AT+QMTCFG=\"keepalive\",2,77");
        type(panel, QString::fromUtf8(set));
        QVERIFY(panel.input()->text().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_session->store().slot(2).config.keepAlive, 77,
                                  kWait); // the dashboard's truth
        int sent = -1, echo = -1, ok = -1;
        QTRY_VERIFY_WITH_TIMEOUT((sent = findRow(panel.view(), Kind::Command, set, before)) >= 0 &&
                                     (echo = findRow(panel.view(), Kind::Echo, set, sent)) > sent &&
                                     (ok = findRow(panel.view(), Kind::Ok, "OK", echo)) > echo,
                                 kWait);
        QCOMPARE(panel.view()->rowText(sent), QString::fromUtf8(set));
        QCOMPARE(panel.view()->model()->index(sent, 0).data(TrafficModel::DirectionRole).toInt(),
                 int(at::Direction::ToModule));
        QCOMPARE(panel.view()->model()->index(ok, 0).data(TrafficModel::DirectionRole).toInt(),
                 int(at::Direction::FromModule));

        // an error, and the read-back that answers with a response
        type(panel, QStringLiteral("AT+QNOSUCH"));
        QTRY_VERIFY_WITH_TIMEOUT(findRow(panel.view(), Kind::Error, "ERROR", ok) > ok, kWait);
        type(panel, QStringLiteral("AT+QMTCFG=\"keepalive\",2"));
        QTRY_VERIFY_WITH_TIMEOUT(findRow(panel.view(), Kind::Response, "+QMTCFG: \"keepalive\",77", ok) > ok,
                                 kWait);
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);

        // each of these kinds has a colour of its own on this palette
        const QPalette pal = panel.view()->palette();
        QSet<QRgb> colours;
        for (Kind k :
             {Kind::Command, Kind::Echo, Kind::Ok, Kind::Error, Kind::Urc, Kind::Boot, Kind::Unknown})
            colours.insert(ui::trafficKindColor(k, pal).rgb());
        QCOMPARE(colours.size(), 7);
        QCOMPARE(ui::trafficKindColor(Kind::CmeError, pal), ui::trafficKindColor(Kind::Error, pal));
    }

    void notConnectedKeepsTheInput()
    {
        session::Session closed;
        ui::ConsolePanel panel(&closed);
        panel.show();
        panel.input()->setText(QStringLiteral("ATI"));
        panel.submit();
        QCOMPARE(panel.input()->text(), QStringLiteral("ATI"));
        QVERIFY(plain(panel.hintLabel()).contains(QStringLiteral("Not connected")));
        QTest::keyClick(panel.input(), Qt::Key_Space); // editing brings the hint back
        QVERIFY(plain(panel.hintLabel()).startsWith(QStringLiteral("ATI")));
    }

    void historyPersistsAcrossWidgets()
    {
        {
            ui::ConsolePanel panel(m_session.get());
            panel.show();
            type(panel, QStringLiteral("ATI"));
            type(panel, QStringLiteral("AT+GMR"));
            type(panel, QStringLiteral("ATI")); // again: moves to the end, not twice
            QCOMPARE(panel.history().entries().count(QStringLiteral("ATI")), 1);
            QCOMPARE(panel.history().entries().last(), QStringLiteral("ATI"));
        }
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);
        const QStringList stored =
            QSettings().value(QLatin1String(state::CommandHistory::kSettingsKey)).toStringList();
        QVERIFY(stored.endsWith(QStringLiteral("ATI")));

        ui::ConsolePanel panel(m_session.get());
        panel.show();
        QLineEdit *input = panel.input();
        QTest::keyClicks(input, QStringLiteral("draft"));
        panel.completer()->popup()->hide();
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QStringLiteral("ATI"));
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QStringLiteral("AT+GMR"));
        QTest::keyClick(input, Qt::Key_Down);
        QCOMPARE(input->text(), QStringLiteral("ATI"));
        QTest::keyClick(input, Qt::Key_Down);
        QCOMPARE(input->text(), QStringLiteral("draft"));
    }

    void completionOffersQmtOpenWithItsHint()
    {
        ui::ConsolePanel panel(m_session.get());
        panel.resize(900, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.input()->setFocus();
        const int rowsBefore = m_session->trafficModel()->frameCount();
        const int historyBefore = panel.history().size();

        QTest::keyClicks(panel.input(), QStringLiteral("at+qmto"));
        QCompleter *c = panel.completer();
        QTRY_VERIFY(c->popup()->isVisible());
        QStringList offered;
        for (int r = 0; r < c->completionModel()->rowCount(); ++r)
            offered << c->completionModel()->index(r, 0).data().toString();
        QCOMPARE(offered, QStringList{QStringLiteral("AT+QMTOPEN=")});
        QVERIFY(plain(panel.hintLabel())
                    .startsWith(QStringLiteral("AT+QMTOPEN=<client_idx>,\"<host_name>\",<port>")));
        QVERIFY(plain(panel.hintLabel()).contains(QStringLiteral("open a network connection")));

        // picking it completes the name and sends nothing
        QTest::keyClick(c->popup(), Qt::Key_Down);
        QTest::keyClick(c->popup(), Qt::Key_Return);
        QCOMPARE(panel.input()->text(), QStringLiteral("AT+QMTOPEN="));
        QCOMPARE(panel.history().size(), historyBefore);
        QTest::qWait(50); // nothing may be sent: give a wrong send the chance to show
        QCOMPARE(m_session->trafficModel()->frameCount(), rowsBefore);

        // the parameter under the cursor is marked
        QTest::keyClicks(panel.input(), QStringLiteral("0,\"bro"));
        QVERIFY2(panel.hintLabel()->text().contains(QStringLiteral("<b><u>&lt;host_name&gt;</u></b>")),
                 qPrintable(panel.hintLabel()->text()));
        // sub-commands complete too
        panel.input()->clear();
        QTest::keyClicks(panel.input(), QStringLiteral("AT+QMTCFG=\"kee"));
        QTRY_VERIFY(c->popup()->isVisible());
        QCOMPARE(c->completionModel()->index(0, 0).data().toString(),
                 QStringLiteral("AT+QMTCFG=\"keepalive\","));
        QVERIFY(plain(panel.hintLabel()).contains(QStringLiteral("<keep_alive_time>")));
        c->popup()->hide();
    }

    void dataModePublishesTypedData()
    {
        ui::ConsolePanel panel(m_session.get());
        panel.resize(900, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        // open and connect slot 0 from the console ("broker.test" is routed to the test broker)
        type(panel, QStringLiteral("AT+QMTOPEN=0,\"broker.test\",1883"));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->store().slot(0).network, state::NetState::Open, kWait);
        type(panel, QStringLiteral("AT+QMTCONN=0,\"qmt-console-test\""));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->store().slot(0).mqtt, state::MqttState::Connected, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);

        test::MosquittoSub witness;
        QVERIFY2(witness.start(m_broker->port(), "qmt/console", 1, 1), qPrintable(witness.errorString()));

        QSignalSpy dataMode(&panel, &ui::ConsolePanel::dataModeChanged);
        const int historyBefore = panel.history().size();
        type(panel, QStringLiteral("AT+QMTPUBEX=0,1,1,0,\"qmt/console\",7"));
        QTRY_VERIFY_WITH_TIMEOUT(panel.inDataMode(), kWait);
        QVERIFY(panel.findChild<QWidget *>(QStringLiteral("consoleDataBar"))->isVisible());
        panel.appendCrLfBox()->setChecked(false);
        QVERIFY(plain(panel.dataCountLabel()).startsWith(QStringLiteral("0 of 7 bytes")));
        // part of the data: the module still waits for the rest, and so does the console
        QTest::keyClicks(panel.input(), QStringLiteral("hel"));
        QVERIFY(plain(panel.dataCountLabel()).contains(QStringLiteral("waits for 4 more")));
        QTest::keyClick(panel.input(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(plain(panel.dataCountLabel()).startsWith(QStringLiteral("3 of 7 bytes")),
                                 kWait);
        QVERIFY(panel.inDataMode());
        QVERIFY(panel.input()->text().isEmpty());
        QTest::keyClicks(panel.input(), QStringLiteral("lo"));
        QVERIFY(plain(panel.dataCountLabel()).contains(QStringLiteral("waits for 2 more")));
        panel.appendCrLfBox()->setChecked(true); // CR LF makes it 7
        QVERIFY(plain(panel.dataCountLabel()).startsWith(QStringLiteral("7 of 7 bytes")));
        QTest::keyClick(panel.input(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.inDataMode(), kWait);
        QCOMPARE(dataMode.size(), 2);
        QVERIFY(!panel.findChild<QWidget *>(QStringLiteral("consoleDataBar"))->isVisible());

        QTRY_VERIFY_WITH_TIMEOUT(findRow(panel.view(), Kind::Urc, "+QMTPUBEX: 0,1,0") >= 0, kWait);
        QVERIFY2(witness.waitForMessages(),
                 qPrintable(witness.errorString())); // blocks: after the module's work
        QCOMPARE(witness.messages().first().payload, QByteArray("hello\r\n"));
        QVERIFY(findRow(panel.view(), Kind::Prompt, "> ") >= 0);
        QVERIFY(findRow(panel.view(), Kind::Data, "hel") >= 0);
        QVERIFY(findRow(panel.view(), Kind::Data, "lo\r\n") >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->store().slot(0).counters.published, quint64(1), kWait);
        QCOMPARE(panel.history().size(), historyBefore + 1); // the command, not the data
        QCOMPARE(panel.history().entries().last(), QStringLiteral("AT+QMTPUBEX=0,1,1,0,\"qmt/console\",7"));
        panel.appendCrLfBox()->setChecked(false);
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);
    }

    void followsTheEndOnlyAtTheEnd()
    {
        ui::ConsolePanel panel(m_session.get());
        panel.resize(700, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        ui::ConsoleView *view = panel.view();
        QScrollBar *bar = view->verticalScrollBar();
        QToolButton *jump = view->follower()->jumpButton();
        auto noise = [this](int from) {
            QByteArray lines;
            for (int i = from; i < from + 200; ++i)
                lines += "noise line " + QByteArray::number(i) + "\r\n";
            m_module->injectGarbage(lines);
        };
        auto shows = [view](int i) {
            return findRow(view, Kind::Unknown, "noise line " + QByteArray::number(i)) >= 0;
        };
        noise(0);
        QTRY_VERIFY_WITH_TIMEOUT(shows(199), kWait);
        QTRY_VERIFY(bar->maximum() > 0 && bar->value() == bar->maximum());
        QVERIFY(view->isFollowing());
        QVERIFY(!jump->isVisible());

        // the user scrolls up: new rows no longer move the view
        bar->triggerAction(QAbstractSlider::SliderToMinimum);
        QVERIFY(!view->isFollowing());
        QTRY_VERIFY(jump->isVisible());
        const int max = bar->maximum();
        noise(200);
        QTRY_VERIFY_WITH_TIMEOUT(shows(399) && bar->maximum() > max, kWait);
        QCOMPARE(bar->value(), 0);
        QVERIFY(!view->isFollowing());

        // "Jump to end" follows again
        QTest::mouseClick(jump, Qt::LeftButton);
        QVERIFY(view->isFollowing());
        QCOMPARE(bar->value(), bar->maximum());
        QTRY_VERIFY(!jump->isVisible());
        noise(400);
        QTRY_VERIFY_WITH_TIMEOUT(shows(599), kWait);
        QTRY_COMPARE(bar->value(), bar->maximum());

        // scrolling back down to the end by hand follows too
        bar->triggerAction(QAbstractSlider::SliderPageStepSub);
        QVERIFY(!view->isFollowing());
        bar->triggerAction(QAbstractSlider::SliderToMaximum);
        QVERIFY(view->isFollowing());

        // clearing empties the console, not the traffic record
        const qsizetype frames = m_session->trafficModel()->frameCount();
        panel.clear();
        QCOMPARE(view->model()->rowCount(), 0);
        QCOMPARE(m_session->trafficModel()->frameCount(), frames);
        noise(600);
        QTRY_VERIFY_WITH_TIMEOUT(shows(799), kWait);
        QCOMPARE(view->model()->rowCount(), 200);
    }

    void hexViewShowsHex()
    {
        ui::ConsolePanel panel(m_session.get());
        panel.show();
        panel.view()->filterModel()->flush();
        const int before = panel.view()->model()->rowCount();
        type(panel, QStringLiteral("AT"));
        int ok = -1, sent = -1;
        QTRY_VERIFY_WITH_TIMEOUT((sent = findRow(panel.view(), Kind::Command, "AT", before)) >= 0 &&
                                     (ok = findRow(panel.view(), Kind::Ok, "OK", sent)) > sent,
                                 kWait);
        QCOMPARE(panel.view()->rowText(ok), QStringLiteral("OK"));
        auto *hex = panel.findChild<QToolButton *>(QStringLiteral("consoleHex"));
        QVERIFY(hex);
        QTest::mouseClick(hex, Qt::LeftButton);
        QVERIFY(panel.view()->hex());
        // bytes in hex and an ASCII column; the CR the channel writes after a command shows
        // and the line ends as they went over the line: the module's CR LF after OK
        QTRY_COMPARE_WITH_TIMEOUT(panel.view()->rowText(ok), QStringLiteral("4F 4B 0D 0A  OK␍␊"), kWait);
        QCOMPARE(panel.view()->rowText(sent), QStringLiteral("41 54 0D  AT␍"));
        QCOMPARE(QSettings().value(QStringLiteral("console/hex")).toBool(), true);
        // selected rows copy as they are shown; "Copy as hex" gives the sniffer's dump
        panel.view()->selectRow(ok);
        QVERIFY(panel.view()->selectedText().endsWith(QStringLiteral("← 4F 4B 0D 0A  OK␍␊")));
        QVERIFY(panel.view()->selectedHex().endsWith(QStringLiteral("←\n0000  4F 4B 0D 0A  OK␍␊")));
        {
            ui::ConsolePanel again(m_session.get()); // remembered
            QVERIFY(again.view()->hex());
        }
        QTest::mouseClick(hex, Qt::LeftButton);
        QCOMPARE(panel.view()->rowText(ok), QStringLiteral("OK"));
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);
    }

    // The hex formatting itself: control characters are visible in the ASCII column, long
    // frames are cut in a row (the column stays aligned) and dumped 16 bytes a line.
    void hexColumns()
    {
        using D = ui::ConsoleDelegate;
        QCOMPARE(D::hexLine("OK\r\n"), QStringLiteral("4F 4B 0D 0A  OK␍␊"));
        QCOMPARE(D::hexLine("A\x1a\x01", 4), QStringLiteral("41 1A 01     A␚."));
        QCOMPARE(D::hexLine("ABCDEF", 4), QStringLiteral("41 42 43 44  ABCD…"));
        // painted in a font without the control pictures, they become arrows it has
        const QFontMetrics fm(ui::trafficFont());
        const QString shown = D::forFont(D::hexLine("OK\r\n\t\x1a"), fm);
        if (fm.inFontUcs4(0x240D) && fm.inFontUcs4(0x240A))
            QCOMPARE(shown, D::hexLine("OK\r\n\t\x1a"));
        else
            QCOMPARE(shown, QStringLiteral("4F 4B 0D 0A 09 1A  OK↵↓⇥."));
        const QString dump = D::hexDump("+QMTRECV: 0,1,\"t\",\"hi\"\r\n");
        const QStringList lines = dump.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0],
                 QStringLiteral("0000  2B 51 4D 54 52 45 43 56 3A 20 30 2C 31 2C 22 74  +QMTRECV: 0,1,\"t"));
        QCOMPARE(lines[1],
                 QStringLiteral("0010  22 2C 22 68 69 22 0D 0A                          \",\"hi\"␍␊"));
    }

    // Ctrl+F opens the find bar; matches are counted and walked both ways; case counts when asked.
    void findInTheConsole()
    {
        ui::ConsolePanel panel(m_session.get());
        panel.resize(900, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setHex(false);
        panel.clear();
        for (const char *line : {"ATI", "AT+GMR", "ATI"})
            type(panel, QString::fromLatin1(line));
        // ATI's time-out is 300 ms: on a loaded machine the channel may give up before the
        // echo arrives, so wait for the rows themselves, not only for an idle channel.
        const auto atiRowCount = [&panel] {
            panel.view()->filterModel()->flush();
            return panel.view()->findRows(QStringLiteral("ATI"), Qt::CaseSensitive).size();
        };
        QTRY_VERIFY_WITH_TIMEOUT(idle() && atiRowCount() >= 4, kWait); // two sent, two echoed
        QVERIFY(!panel.findBar()->isVisible());
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        panel.input()->setFocus();
        QTest::keyClick(panel.input(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(panel.findBar()->isVisible());
        QVERIFY(panel.findInput()->hasFocus());

        const QList<int> atiRows = panel.view()->findRows(QStringLiteral("ATI"), Qt::CaseSensitive);
        QVERIFY(atiRows.size() >= 4);
        QTest::keyClicks(panel.findInput(), QStringLiteral("ATI"));
        const int m = int(atiRows.size());
        QCOMPARE(plain(panel.findStatusLabel()), QStringLiteral("1 of %1").arg(m));
        QCOMPARE(panel.view()->currentIndex().row(), atiRows.first());
        QTest::keyClick(panel.findInput(), Qt::Key_Return); // next
        QCOMPARE(plain(panel.findStatusLabel()), QStringLiteral("2 of %1").arg(m));
        QCOMPARE(panel.view()->currentIndex().row(), atiRows[1]);
        QTest::keyClick(panel.findInput(), Qt::Key_Return, Qt::ShiftModifier); // previous
        QCOMPARE(panel.view()->currentIndex().row(), atiRows.first());
        QTest::keyClick(panel.findInput(), Qt::Key_Return, Qt::ShiftModifier); // wraps to the last
        QCOMPARE(plain(panel.findStatusLabel()), QStringLiteral("%1 of %1").arg(m));
        QCOMPARE(panel.view()->currentIndex().row(), atiRows.last());

        panel.findInput()->setText(QStringLiteral("ati"));
        QVERIFY(plain(panel.findStatusLabel()).endsWith(QStringLiteral(" of %1").arg(m)));
        panel.findCaseBox()->setChecked(true);
        QCOMPARE(plain(panel.findStatusLabel()), QStringLiteral("not found"));
        panel.findInput()->setText(QStringLiteral("no such text anywhere"));
        QCOMPARE(plain(panel.findStatusLabel()), QStringLiteral("not found"));
        QTest::keyClick(panel.findInput(), Qt::Key_Escape);
        QVERIFY(!panel.findBar()->isVisible());
    }

    // The output's context menu: the actions, and what Select all and Copy as hex do.
    void contextMenu()
    {
        ui::ConsolePanel panel(m_session.get());
        panel.show();
        panel.clear();
        type(panel, QStringLiteral("AT"));
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);
        panel.view()->filterModel()->flush();
        QTRY_VERIFY_WITH_TIMEOUT(findRow(panel.view(), Kind::Ok, "OK") >= 0, kWait);
        std::unique_ptr<QMenu> menu(panel.createContextMenu(&panel));
        QStringList texts;
        QHash<QString, QAction *> byName;
        for (QAction *a : menu->actions()) {
            if (a->isSeparator())
                continue;
            texts << a->text();
            byName.insert(a->objectName(), a);
        }
        QCOMPARE(texts,
                 (QStringList{QStringLiteral("Copy"), QStringLiteral("Copy as hex"),
                              QStringLiteral("Select all"), QStringLiteral("Find…"), QStringLiteral("Hex"),
                              QStringLiteral("Time"), QStringLiteral("Clear")}));
        QVERIFY(!byName.value(QStringLiteral("consoleCopyHex"))->isEnabled()); // nothing selected
        byName.value(QStringLiteral("consoleSelectAll"))->trigger();
        QCOMPARE(panel.view()->selectionModel()->selectedRows().size(), panel.view()->model()->rowCount());
        menu.reset(panel.createContextMenu(&panel));
        QAction *copyHex = nullptr;
        for (QAction *a : menu->actions())
            if (a->objectName() == QLatin1String("consoleCopyHex"))
                copyHex = a;
        QVERIFY(copyHex && copyHex->isEnabled());
        copyHex->trigger();
        const QString copied = QApplication::clipboard()->text();
        QVERIFY2(copied.contains(QStringLiteral("0000  41 54 0D  AT␍")), qPrintable(copied));
        QVERIFY2(copied.contains(QStringLiteral("0000  4F 4B 0D 0A  OK␍␊")), qPrintable(copied));
        // Find… opens the bar, Clear empties the view
        for (QAction *a : menu->actions())
            if (a->objectName() == QLatin1String("consoleFindAction"))
                a->trigger();
        QVERIFY(panel.findBar()->isVisible());
        for (QAction *a : menu->actions())
            if (a->objectName() == QLatin1String("consoleClearAction"))
                a->trigger();
        QCOMPARE(panel.view()->model()->rowCount(), 0);
    }

    // A value out of the module's range: named in the hint; Enter asks; Edit keeps the line,
    // Send anyway sends it, and "don't ask again" is remembered.
    void outOfRangeAsksBeforeSending()
    {
        ui::ConsolePanel panel(m_session.get());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QString bad = QStringLiteral("AT+QMTCFG=\"keepalive\",0,5000");
        panel.input()->setText(bad);
        QVERIFY2(
            plain(panel.hintLabel()).contains(QStringLiteral("keep_alive_time 5000 is out of range 0-3600")),
            qPrintable(plain(panel.hintLabel())));
        panel.input()->setText(QStringLiteral("AT+QMTCFG=\"keepalive\",0,50"));
        QVERIFY(!plain(panel.hintLabel()).contains(QStringLiteral("out of range")));

        const auto answer = [](const char *button, bool dontAsk) {
            QTimer::singleShot(0, [button, dontAsk] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                QCOMPARE(box->objectName(), QStringLiteral("consoleRangeWarning"));
                QVERIFY(box->text().contains(QStringLiteral("keep_alive_time 5000 is out of range 0-3600")));
                if (dontAsk)
                    box->checkBox()->setChecked(true);
                box->findChild<QAbstractButton *>(QLatin1String(button))->click();
            });
        };
        panel.view()->filterModel()->flush();
        int before = panel.view()->model()->rowCount();
        panel.input()->setText(bad);
        answer("consoleEdit", false);
        QTest::keyClick(panel.input(), Qt::Key_Return);
        QCOMPARE(panel.input()->text(), bad); // kept for editing
        QVERIFY(idle());
        panel.view()->filterModel()->flush();
        QCOMPARE(findRow(panel.view(), Kind::Command, bad.toUtf8(), before), -1);

        answer("consoleSendAnyway", true);
        QTest::keyClick(panel.input(), Qt::Key_Return);
        QVERIFY(panel.input()->text().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(findRow(panel.view(), Kind::Command, bad.toUtf8(), before) >= 0, kWait);
        QVERIFY(!panel.asksBeforeBadValues());
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);
        // not asked again
        before = panel.view()->model()->rowCount();
        type(panel, bad);
        QVERIFY(panel.input()->text().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);
    }

    // An ERROR the slot's state explains gets its likely reason beside it.
    void errorGetsItsLikelyReason()
    {
        ui::ConsolePanel panel(m_session.get());
        panel.show();
        QCOMPARE(m_session->store().slot(4).network, state::NetState::Closed);
        panel.view()->filterModel()->flush();
        const int before = panel.view()->model()->rowCount();
        type(panel, QStringLiteral("AT+QMTCONN=4,\"nobody\""));
        // (the ERROR after our command: the previous test's last answer may still be arriving)
        int sent = -1, error = -1;
        QTRY_VERIFY_WITH_TIMEOUT(
            (sent = findRow(panel.view(), Kind::Command, "AT+QMTCONN=4,\"nobody\"", before)) >= 0, kWait);
        QTRY_VERIFY_WITH_TIMEOUT((error = findRow(panel.view(), Kind::Error, "ERROR", sent)) >= 0, kWait);
        const QModelIndex idx = panel.view()->model()->index(error, TrafficModel::TextColumn);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.view()->consoleDelegate()->note(idx).isEmpty(), kWait);
        const QString note = panel.view()->consoleDelegate()->note(idx);
        QVERIFY2(note.contains(QStringLiteral("Slot 4")) && note.contains(QStringLiteral("AT+QMTOPEN")),
                 qPrintable(note));
        panel.view()->selectRow(error);
        QVERIFY(panel.view()->selectedText().contains(note));
        // an error the state does not explain gets no note
        const int later = panel.view()->model()->rowCount();
        type(panel, QStringLiteral("AT+QNOSUCH"));
        QTRY_VERIFY_WITH_TIMEOUT((error = findRow(panel.view(), Kind::Error, "ERROR", later)) >= 0, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(idle(), kWait);
        QTest::qWait(50);
        QVERIFY(panel.view()
                    ->consoleDelegate()
                    ->note(panel.view()->model()->index(error, TrafficModel::TextColumn))
                    .isEmpty());
    }

    // A change of language sets every text again (here a translator that marks the console's).
    void retranslatesLive()
    {
        class Marker : public QTranslator
        {
        public:
            bool isEmpty() const override { return false; }
            QString translate(const char *context, const char *source, const char *, int n) const override
            {
                if (QByteArrayView(context) != "qmt::ui::ConsolePanel")
                    return {};
                QString s = QString::fromUtf8(source);
                if (n >= 0)
                    s.replace(QLatin1String("%n"), QString::number(n));
                return QStringLiteral("«%1»").arg(s);
            }
        };
        ui::ConsolePanel panel(m_session.get());
        panel.show();
        QCOMPARE(panel.sendButton()->text(), QStringLiteral("Send"));
        Marker marker;
        QVERIFY(QCoreApplication::installTranslator(&marker)); // posts LanguageChange to every window
        QTRY_COMPARE(panel.sendButton()->text(), QStringLiteral("«Send»"));
        QCOMPARE(panel.input()->placeholderText(), QStringLiteral("«AT command, e.g. AT+QMTOPEN?»"));
        QVERIFY(plain(panel.hintLabel()).startsWith(QStringLiteral("«Type an AT command")));
        QCOMPARE(panel.findCaseBox()->text(), QStringLiteral("«Match case»"));
        QCOMPARE(panel.findInput()->placeholderText(), QStringLiteral("«Find in the console»"));
        QCOMPARE(panel.appendCrLfBox()->text(), QStringLiteral("«Append CR LF»"));
        QCOMPARE(panel.findChild<QToolButton *>(QStringLiteral("consoleHex"))->text(),
                 QStringLiteral("«Hex»"));
        QCOMPARE(panel.clearAction()->text(), QStringLiteral("«Clear»"));
        QCOMPARE(panel.findAction()->text(), QStringLiteral("«Find…»"));
        QVERIFY(panel.findAction()->toolTip().startsWith(QStringLiteral("«Find text in the console»")));
        QVERIFY(QCoreApplication::removeTranslator(&marker));
        QTRY_COMPARE(panel.sendButton()->text(), QStringLiteral("Send"));
        QCOMPARE(panel.findCaseBox()->text(), QStringLiteral("Match case"));
    }
};

QTEST_MAIN(tst_Console)
#include "tst_console.moc"
