#include "mainwindow.h"

#include "session/sequence.h"
#include "session/session.h"

#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

namespace qmt::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_session(std::make_unique<session::Session>())
    , m_sequence(std::make_unique<session::Sequence>())
{
    m_ctx.session = m_session.get();
    m_ctx.sequence = m_sequence.get();
    setWindowTitle(tr("QMT Scope"));
    auto *split = new QSplitter(this);
    split->addWidget(createDashboardPanel(m_ctx, split));
    auto *tabs = new QTabWidget(split);
    tabs->addTab(createConsolePanel(m_ctx, tabs), tr("Console"));
    tabs->addTab(createTrafficPanel(m_ctx, tabs), tr("Traffic"));
    tabs->addTab(createFormsPanel(m_ctx, tabs), tr("Forms"));
    tabs->addTab(createSequencePanel(m_ctx, tabs), tr("Sequences"));
    split->addWidget(tabs);
    setCentralWidget(split);
    connect(m_session.get(), &session::Session::statusMessage, statusBar(),
            [this](const QString &m) { statusBar()->showMessage(m); });
}

MainWindow::~MainWindow() = default;

} // namespace qmt::ui
