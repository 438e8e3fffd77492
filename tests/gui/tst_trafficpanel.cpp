// SPDX-License-Identifier: Apache-2.0
// The traffic panel against the simulated module on a real pty: the session's frames as a table,
// filters by direction, slot, kind and text that keep the selection, copy of the selected rows,
// export of the visible rows to a text file, and the count of rows shown.

#include "io/session.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "models/trafficexport.h"
#include "trafficpanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace qmt;
using state::TrafficFilterModel;
using state::TrafficModel;
using Kind = TrafficModel::Kind;

namespace {
constexpr int kWait = 20000;

QByteArray textOf(const QAbstractItemModel *m, int row)
{
    return m->index(row, TrafficModel::TextColumn).data(TrafficModel::RawTextRole).toByteArray();
}

int rowWithText(const QAbstractItemModel *m, const QByteArray &text)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (textOf(m, r) == text)
            return r;
    return -1;
}
} // namespace

class tst_TrafficPanel : public QObject
{
    Q_OBJECT

    std::unique_ptr<sim::SimModule> m_module;
    std::unique_ptr<sim::PtyServer> m_pty;
    std::unique_ptr<session::Session> m_session;

    bool idle() const { return !m_session->channel().isBusy() && m_session->channel().queued() == 0; }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope"));
        QCoreApplication::setApplicationName(QStringLiteral("qmtscope-tst_trafficpanel"));
        QSettings().clear();
        m_module = std::make_unique<sim::SimModule>();
        m_pty = std::make_unique<sim::PtyServer>(m_module.get());
        QVERIFY2(m_pty->open(), qPrintable(m_pty->errorString()));
        m_session = std::make_unique<session::Session>();
        m_session->setAutoReopen(false);
        QVERIFY2(m_session->open({m_pty->devicePath(), 115200, QSerialPort::NoFlowControl}),
                 qPrintable(m_session->errorString()));
        m_session->sendText(QStringLiteral("AT+QMTCFG=\"keepalive\",1,60"));
        m_session->sendText(QStringLiteral("AT+QNOSUCH"));
        QTRY_VERIFY_WITH_TIMEOUT(idle() && m_session->store().slot(1).config.keepAlive == 60, kWait);
        // while no command runs, so the text line is not taken for a command's answer
        m_module->injectGarbage("\r\n+QMTSTAT: 3,1\r\n\r\n+QMTPING: 3,1\r\nsome noise\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(rowWithText(m_session->trafficModel(), "some noise") >= 0, kWait);
    }

    void cleanupTestCase()
    {
        m_session.reset();
        m_pty.reset();
        m_module.reset();
    }

    void filtersKeepTheSelection()
    {
        ui::TrafficPanel panel(m_session.get());
        QAbstractItemModelTester tester(panel.filterModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.resize(1000, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTableView *table = panel.table();
        const QAbstractItemModel *m = table->model();
        const int total = m_session->trafficModel()->rowCount();
        QTRY_COMPARE(m->rowCount(), total);
        auto *count = panel.findChild<QLabel *>(QStringLiteral("trafficCount"));
        QTRY_COMPARE(count->text(), tr("%1 rows").arg(QLocale().toString(total)));

        // select the +QMTSTAT row and the noise
        const int stat = rowWithText(m, "+QMTSTAT: 3,1");
        const int noise = rowWithText(m, "some noise");
        QVERIFY(stat >= 0 && noise > stat);
        table->selectionModel()->setCurrentIndex(m->index(stat, 0), QItemSelectionModel::ClearAndSelect |
                                                                        QItemSelectionModel::Rows);
        table->selectionModel()->select(m->index(noise, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);

        // slot 3 only: the +QMTSTAT and +QMTPING rows, the first still selected and current
        auto *slotBox = panel.findChild<QComboBox *>(QStringLiteral("trafficSlot"));
        slotBox->setCurrentIndex(slotBox->findData(3));
        QTRY_VERIFY(!panel.filterModel()->isApplying());
        QCOMPARE(m->rowCount(), 2);
        QCOMPARE(textOf(m, 0), QByteArray("+QMTSTAT: 3,1"));
        QCOMPARE(textOf(m, 1), QByteArray("+QMTPING: 3,1"));
        QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(table->selectionModel()->selectedRows().first().row(), 0);
        QCOMPARE(table->currentIndex().row(), 0);
        QTRY_COMPARE(count->text(), tr("%1 of %2 rows").arg(2).arg(QLocale().toString(total)));

        // back to every slot: both rows selected again
        slotBox->setCurrentIndex(0);
        QTRY_VERIFY(!panel.filterModel()->isApplying());
        QCOMPARE(m->rowCount(), total);
        QList<int> selected;
        for (const QModelIndex &i : table->selectionModel()->selectedRows())
            selected << i.row();
        std::sort(selected.begin(), selected.end());
        QCOMPARE(selected, (QList<int>{stat, noise}));
        QCOMPARE(table->currentIndex().row(), stat);

        // direction
        auto *dir = panel.findChild<QComboBox *>(QStringLiteral("trafficDirection"));
        dir->setCurrentIndex(1); // sent
        QTRY_VERIFY(!panel.filterModel()->isApplying());
        QVERIFY(m->rowCount() >= 5); // ATI, AT+GMR, AT+QMTCFG=?, the keepalive, AT+QNOSUCH
        for (int r = 0; r < m->rowCount(); ++r)
            QCOMPARE(m->index(r, 0).data(TrafficModel::DirectionRole).toInt(), int(at::Direction::ToModule));
        dir->setCurrentIndex(0);

        // kinds, as the menu sets them
        TrafficFilterModel::Filter f;
        f.kinds = TrafficFilterModel::kindBit(Kind::Error) | TrafficFilterModel::kindBit(Kind::Unknown);
        panel.setFilter(f);
        QTRY_VERIFY(!panel.filterModel()->isApplying());
        QCOMPARE(m->rowCount(), 2);
        QCOMPARE(textOf(m, 0), QByteArray("ERROR"));
        QCOMPARE(textOf(m, 1), QByteArray("some noise"));
        QCOMPARE(panel.filterFromControls().kinds, f.kinds);
        panel.setFilter({});
        QTRY_COMPARE(m->rowCount(), total);

        // text search, typed, any case
        auto *search = panel.findChild<QLineEdit *>(QStringLiteral("trafficSearch"));
        QTest::keyClicks(search, QStringLiteral("KEEPALIVE\",1"));
        QTRY_COMPARE(m->rowCount(), 2); // the command as sent and its echo
        for (int r = 0; r < m->rowCount(); ++r)
            QVERIFY(textOf(m, r).contains("\"keepalive\",1"));
        search->clear();
        QTRY_COMPARE(m->rowCount(), total);
    }

    void copiesTheSelectedRows()
    {
        ui::TrafficPanel panel(m_session.get());
        panel.show();
        QTableView *table = panel.table();
        const QAbstractItemModel *m = table->model();
        QTRY_COMPARE(m->rowCount(), m_session->trafficModel()->rowCount());
        const int stat = rowWithText(m, "+QMTSTAT: 3,1");
        table->selectRow(stat);
        table->selectionModel()->select(m->index(stat + 1, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->setFocus();
        QTest::keySequence(table, QKeySequence::Copy);
        const QStringList lines = QApplication::clipboard()->text().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].endsWith(QStringLiteral("\treceived\t3\tURC\t+QMTSTAT: 3,1")),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].endsWith(QStringLiteral("\t+QMTPING: 3,1")), qPrintable(lines[1]));
    }

    void exportsTheVisibleRows()
    {
        ui::TrafficPanel panel(m_session.get());
        panel.show();
        TrafficFilterModel::Filter f;
        f.slot = 3;
        panel.setFilter(f);
        QTRY_VERIFY(!panel.filterModel()->isApplying());
        QCOMPARE(panel.table()->model()->rowCount(), 2);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("traffic.txt"));
        QVERIFY(panel.exportTo(path));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.exporter()->isRunning(), kWait);
        QVERIFY2(panel.statusText().contains(QStringLiteral("Exported 2 row")),
                 qPrintable(panel.statusText()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 4); // header, two rows, after the last line end
        QCOMPARE(lines[0], QByteArray("Time\tDirection\tSlot\tKind\tText"));
        QVERIFY(lines[1].endsWith("\treceived\t3\tURC\t+QMTSTAT: 3,1"));
        QVERIFY(lines[2].endsWith("\treceived\t3\tURC\t+QMTPING: 3,1"));

        QVERIFY(!panel.exportTo(dir.filePath(QStringLiteral("no/such/dir/x.txt"))));
        QVERIFY(panel.statusText().contains(QStringLiteral("Cannot write")));
    }

    void followsNewTraffic()
    {
        ui::TrafficPanel panel(m_session.get());
        panel.resize(900, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QByteArray lines;
        for (int i = 0; i < 300; ++i)
            lines += "flood " + QByteArray::number(i) + "\r\n";
        m_module->injectGarbage(lines);
        const QAbstractItemModel *m = panel.table()->model();
        QTRY_VERIFY_WITH_TIMEOUT(rowWithText(m, "flood 299") >= 0, kWait);
        QScrollBar *bar = panel.table()->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0 && bar->value() == bar->maximum());
        bar->triggerAction(QAbstractSlider::SliderToMinimum);
        m_module->injectGarbage("one more\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(rowWithText(m, "one more") >= 0, kWait);
        QCOMPARE(bar->value(), 0);
    }

    void clearForgetsTheTraffic()
    {
        ui::TrafficPanel panel(m_session.get());
        panel.show();
        QTRY_VERIFY(panel.table()->model()->rowCount() > 0);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("trafficClear")), Qt::LeftButton);
        QCOMPARE(m_session->trafficModel()->rowCount(), 0);
        QCOMPARE(panel.table()->model()->rowCount(), 0);
        m_module->injectGarbage("after the clear\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(panel.table()->model()->rowCount(), 1, kWait);
    }
};

QTEST_MAIN(tst_TrafficPanel)
#include "tst_trafficpanel.moc"
