// SPDX-License-Identifier: Apache-2.0
// The traffic panel against the simulated module on a real pty: the session's frames as a table,
// filters by direction, slot, kind and text that keep the selection, copy of the selected rows,
// export of the visible rows to a text file, and the count of rows shown.

#include "io/session.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "models/trafficexport.h"
#include "trafficpanel.h"
#include "rowview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <malloc.h>
#if defined(__SANITIZE_ADDRESS__)
#define QMT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QMT_ASAN 1
#endif
#endif
#ifndef QMT_ASAN
#define QMT_ASAN 0
#endif
#if QMT_ASAN // (GCC ships no sanitizer/allocator_interface.h; libasan has the function)
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif
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
// Rows by arithmetic: "r<row>c<column>", nothing stored.
class CountingModel : public QAbstractTableModel
{
public:
    explicit CountingModel(int rows) : m_rows(rows) {}
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_rows; }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 3; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::DisplayRole)
            return {};
        return QStringLiteral("r%1c%2").arg(index.row()).arg(index.column());
    }
    void grow(int rows)
    {
        beginInsertRows({}, m_rows, m_rows + rows - 1);
        m_rows += rows;
        endInsertRows();
    }

private:
    int m_rows;
};

// Remembers what it was asked to paint, and where.
class RecordingDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        painted.append({index.row(), index.column(), option.rect});
        QStyledItemDelegate::paint(painter, option, index);
    }
    struct Cell
    {
        int row, column;
        QRect rect;
    };
    mutable QList<Cell> painted;
};

// Bytes the heap holds now (glibc: small blocks and mmap'd ones; under ASan its allocator's count).
qint64 heapBytes()
{
#if QMT_ASAN
    return qint64(__sanitizer_get_current_allocated_bytes());
#else
    const struct mallinfo2 mi = mallinfo2();
    return qint64(mi.uordblks) + qint64(mi.hblkhd);
#endif
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
        ui::RowView *table = panel.table();
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
        // the same, case matched: the command is lower case
        auto *matchCase = panel.findChild<QToolButton *>(QStringLiteral("trafficSearchCase"));
        // (typed text reaches the filter after a short delay)
        auto applied = [&] {
            return panel.filterModel()->filter() == panel.filterFromControls() &&
                   !panel.filterModel()->isApplying();
        };
        matchCase->click();
        QTRY_VERIFY(applied());
        QCOMPARE(m->rowCount(), 0);
        search->setText(QStringLiteral("keepalive\",1"));
        QTRY_VERIFY(applied());
        QCOMPARE(m->rowCount(), 2);
        matchCase->click();

        // a regular expression: the slot 3 URCs; one that is not valid says why, shows nothing
        auto *regex = panel.findChild<QToolButton *>(QStringLiteral("trafficSearchRegex"));
        regex->click();
        search->setText(QStringLiteral("^\\+qmt(ping|stat): 3,\\d$"));
        QTRY_VERIFY(applied());
        QCOMPARE(m->rowCount(), 2);
        QCOMPARE(textOf(m, 0), QByteArray("+QMTSTAT: 3,1"));
        QCOMPARE(textOf(m, 1), QByteArray("+QMTPING: 3,1"));
        QVERIFY(panel.statusText().isEmpty());
        QCOMPARE(panel.filterFromControls().regex, true);
        search->setText(QStringLiteral("+QMTSTAT"));
        QTRY_VERIFY(applied());
        QVERIFY2(panel.statusText().contains(QStringLiteral("Not a valid regular expression")),
                 qPrintable(panel.statusText()));
        QCOMPARE(m->rowCount(), 0);
        regex->click(); // as text it is fine
        QTRY_VERIFY(applied());
        QCOMPARE(m->rowCount(), 1);
        QVERIFY(panel.statusText().isEmpty());
        search->clear();
        QTRY_COMPARE(m->rowCount(), total);
    }

    void copiesTheSelectedRows()
    {
        ui::TrafficPanel panel(m_session.get());
        panel.show();
        ui::RowView *table = panel.table();
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

    // The console's and the traffic view's RowView: ten million rows cost it nothing per row (a
    // QTableView over the same model holds 8 bytes a row in its hidden vertical header), and it
    // scrolls, selects, moves by keys and paints only the rows in sight, by arithmetic.
    void rowViewKeepsNothingPerRow()
    {
        constexpr int kRows = 10'000'000;
        CountingModel model(kRows);
        {
            const qint64 before = heapBytes();
            QTableView table;
            table.setModel(&model);
            table.resize(400, 300);
            table.show();
            QVERIFY(QTest::qWaitForWindowExposed(&table));
            QVERIFY2(heapBytes() - before >= qint64(kRows) * 8, // what the check below must not see
                     qPrintable(QString::number(heapBytes() - before)));
        }
        const qint64 before = heapBytes();
        ui::RowView view;
        auto *delegate = new RecordingDelegate(&view);
        view.setItemDelegate(delegate);
        view.setModel(&model);
        view.setRowHeight(20);
        view.horizontalHeader()->hide();
        view.setColumnWidth(0, 50);
        view.setColumnWidth(1, 70);
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.scrollToBottom();
        QCoreApplication::processEvents();
        QVERIFY2(heapBytes() - before < 2 * 1024 * 1024, qPrintable(QString::number(heapBytes() - before)));

        // the end: the last rows fill the viewport, the last one whole at its bottom
        const int page = view.visibleRows();
        QCOMPARE(page, view.viewport()->height() / 20);
        QCOMPARE(view.topRow(), kRows - page);
        QCOMPARE(view.indexAt(QPoint(5, 5)).row(), kRows - page);
        QCOMPARE(view.indexAt(QPoint(5, 45)).row(), kRows - page + 2);
        QCOMPARE(view.indexAt(QPoint(60, 45)).column(), 1);
        const QRect last = view.visualRect(model.index(kRows - 1, 2));
        QCOMPARE(last.top(), (page - 1) * 20);
        QCOMPARE(last.left(), 120);
        QCOMPARE(last.right(), view.viewport()->width() - 1); // the last column stretched
        QCOMPARE(view.rowAt(page * 20), -1);                  // there is no row below the last

        // painted: only the rows in sight, each cell where visualRect says
        delegate->painted.clear();
        view.viewport()->repaint();
        QVERIFY(!delegate->painted.isEmpty());
        QVERIFY(delegate->painted.size() <= (page + 1) * 3);
        for (const RecordingDelegate::Cell &cell : std::as_const(delegate->painted)) {
            QVERIFY(cell.row >= kRows - page - 1);
            QCOMPARE(cell.rect, view.visualRect(model.index(cell.row, cell.column)));
        }

        // keys: Home, Page Down, End, Up
        view.setFocus();
        view.setCurrentIndex(model.index(kRows / 2, 0)); // and shown
        QVERIFY(view.topRow() <= kRows / 2 && kRows / 2 < view.topRow() + page);
        QTest::keyClick(&view, Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(view.currentIndex().row(), 0);
        QCOMPARE(view.topRow(), 0);
        QTest::keyClick(&view, Qt::Key_PageDown);
        QCOMPARE(view.currentIndex().row(), page);
        QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(view.currentIndex().row(), kRows - 1);
        QTest::keyClick(&view, Qt::Key_Up);
        QCOMPARE(view.currentIndex().row(), kRows - 2);
        QCOMPARE(view.topRow(), kRows - page);

        // mouse: a click selects the row under it, Shift+click the rows up to there
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(10, 20 + 5));
        QCOMPARE(view.currentIndex().row(), kRows - page + 1);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, QPoint(200, 3 * 20 + 5));
        QList<int> rows;
        for (const QModelIndex &i : view.selectionModel()->selectedRows())
            rows << i.row();
        std::sort(rows.begin(), rows.end());
        QCOMPARE(rows, (QList<int>{kRows - page + 1, kRows - page + 2, kRows - page + 3}));

        // scrolled to a row far up, centred; then rows arrive and the range follows
        view.scrollTo(model.index(1234567, 0), QAbstractItemView::PositionAtCenter);
        QCOMPARE(view.topRow(), 1234567 - page / 2);
        QCOMPARE(view.rowAt(view.visualRect(model.index(1234567, 0)).center().y()), 1234567);
        model.grow(100);
        QCOMPARE(view.verticalScrollBar()->maximum(), kRows + 100 - page);
        QCOMPARE(view.topRow(), 1234567 - page / 2);

        // a hidden column takes no room; the shown ones after it move left
        view.setColumnHidden(0, true);
        QVERIFY(!view.visualRect(model.index(5, 0)).isValid());
        QCOMPARE(view.visualRect(model.index(view.topRow(), 1)).left(), 0);
        QCOMPARE(view.columnAt(10), 1);
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
