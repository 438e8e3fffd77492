// SPDX-License-Identifier: Apache-2.0
#include "connectbar.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>

#include <algorithm>
#include <utility>

#include <algorithm>

namespace qmt::ui {

namespace {
constexpr qint32 kDefaultBaud = 115200;
constexpr qint32 kMaxBaud = 12000000;
constexpr std::array<qint32, 10> kCommonBauds{9600,   19200,  38400,  57600,   115200,
                                              230400, 460800, 921600, 3000000, 4000000};
constexpr int kPortChars = 28; // minimum width of the port picker, in characters
} // namespace

ConnectBar::ConnectBar(session::Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);

    m_portLabel = new QLabel(this);
    m_port = new QComboBox(this);
    m_port->setObjectName(QStringLiteral("portCombo"));
    m_port->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_port->setMinimumContentsLength(kPortChars);
    m_port->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_portLabel->setBuddy(m_port);

    m_rescanAction = new QAction(this);
    m_rescanAction->setObjectName(QStringLiteral("rescanAction"));
    m_rescanAction->setShortcut(QKeySequence::Refresh);
    m_rescanAction->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    connect(m_rescanAction, &QAction::triggered, this, &ConnectBar::rescan);
    m_rescanButton = new QToolButton(this);
    m_rescanButton->setDefaultAction(m_rescanAction);

    m_baudLabel = new QLabel(this);
    m_baud = new QComboBox(this);
    m_baud->setObjectName(QStringLiteral("baudCombo"));
    m_baud->setEditable(true);
    m_baud->setInsertPolicy(QComboBox::NoInsert);
    for (const qint32 b : kCommonBauds)
        m_baud->addItem(QString::number(b), b);
    m_baud->lineEdit()->setValidator(new QIntValidator(1, kMaxBaud, m_baud));
    m_baud->setCurrentText(QString::number(kDefaultBaud));
    m_baudLabel->setBuddy(m_baud);

    m_flowLabel = new QLabel(this);
    m_flow = new QComboBox(this);
    m_flow->setObjectName(QStringLiteral("flowCombo"));
    for (const auto f :
         {QSerialPort::NoFlowControl, QSerialPort::HardwareControl, QSerialPort::SoftwareControl})
        m_flow->addItem(QString(), int(f));
    m_flowLabel->setBuddy(m_flow);

    m_openAction = new QAction(this);
    m_openAction->setObjectName(QStringLiteral("openAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, [this] {
        if (!m_session)
            return;
        if (m_session->isOpen())
            m_session->close();
        else
            openChosen();
    });
    m_openButton = new QToolButton(this);
    m_openButton->setObjectName(QStringLiteral("openButton"));
    m_openButton->setDefaultAction(m_openAction);
    m_openButton->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_reopen = new QCheckBox(this);
    m_reopen->setObjectName(QStringLiteral("reopenCheck"));
    m_reopen->setChecked(m_session ? m_session->autoReopen() : true);
    connect(m_reopen, &QCheckBox::toggled, this, [this](bool on) {
        if (m_session)
            m_session->setAutoReopen(on);
    });

    row->addWidget(m_portLabel);
    row->addWidget(m_port, 1);
    row->addWidget(m_rescanButton);
    // A Quectel DM or NMEA interface chosen: say so, and offer the module's AT interface.
    m_portWarning = new QLabel(this);
    m_portWarning->setObjectName(QStringLiteral("portWarning"));
    m_portWarning->setVisible(false);
    connect(m_portWarning, &QLabel::linkActivated, this, [this](const QString &path) {
        m_wanted = path;
        selectPath(path);
    });
    row->addWidget(m_portWarning);
    row->addSpacing(style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing) * 2);
    row->addWidget(m_baudLabel);
    row->addWidget(m_baud);
    row->addWidget(m_flowLabel);
    row->addWidget(m_flow);
    row->addWidget(m_openButton);
    row->addWidget(m_reopen);

    connect(m_port, &QComboBox::currentIndexChanged, this, &ConnectBar::updateState);
    connect(m_port, &QComboBox::activated, this, [this] { m_wanted = m_port->currentData().toString(); });
    if (m_session) {
        connect(m_session, &session::Session::opened, this, [this](const QString &path) {
            if (path != m_demoPath)
                m_wanted = path;
            updateState();
        });
        connect(m_session, &session::Session::closed, this, [this] {
            updateState();
            rescan(); // the lost port leaves the list at once
        });
    }
    m_rescanTimer.setInterval(kRescanInterval);
    connect(&m_rescanTimer, &QTimer::timeout, this, [this] {
        // Never while the list is open under the user's pointer, nor while a port is in use.
        if (m_session && !m_session->isOpen() && !m_port->view()->isVisible())
            rescan();
    });
    m_rescanTimer.start();

    retranslate();
    rescan();
    updateState();
}

ConnectBar::~ConnectBar() = default;

session::PortSettings ConnectBar::settings() const
{
    session::PortSettings s;
    s.path = m_port->currentData().toString();
    bool ok = false;
    const int baud = m_baud->currentText().toInt(&ok);
    s.baud = ok && baud > 0 ? baud : kDefaultBaud;
    s.flow = QSerialPort::FlowControl(m_flow->currentData().toInt());
    return s;
}

void ConnectBar::setSettings(const session::PortSettings &s)
{
    // A path listed already needs no new scan (it takes tens of milliseconds of the GUI thread;
    // the periodic rescan keeps the list fresh).
    if (s.path.isEmpty() || !listedPaths().contains(s.path)) {
        if (!s.path.isEmpty() && !m_extraPaths.contains(s.path) && QFileInfo::exists(s.path))
            m_extraPaths << s.path;
        rescan();
    }
    selectPath(s.path);
    m_baud->setCurrentText(QString::number(s.baud > 0 ? s.baud : kDefaultBaud));
    const int flow = m_flow->findData(int(s.flow));
    if (flow >= 0)
        m_flow->setCurrentIndex(flow);
    updateState();
}

void ConnectBar::setAutoReopen(bool on)
{
    m_reopen->setChecked(on);
    if (m_session)
        m_session->setAutoReopen(on);
}

void ConnectBar::setDemoPort(const QString &path)
{
    // No new scan (tens of milliseconds of the GUI thread while the demo starts): the demo's
    // pseudo-terminal replaces the last one in the list as it is; the periodic rescan does the rest.
    QList<session::PortEntry> ports = m_lastPorts;
    const QString before = std::exchange(m_demoPath, path);
    ports.removeIf([&](const session::PortEntry &e) { return !before.isEmpty() && e.systemPath == before; });
    if (!path.isEmpty() && std::none_of(ports.cbegin(), ports.cend(),
                                        [&](const session::PortEntry &e) { return e.systemPath == path; }))
        ports.prepend(session::PortCatalog::describePlain(path));
    std::stable_partition(ports.begin(), ports.end(), [this](const session::PortEntry &e) {
        return !m_demoPath.isEmpty() && e.systemPath == m_demoPath;
    });
    fillPorts(ports);
    if (!path.isEmpty())
        selectPath(path);
}

bool ConnectBar::openChosen()
{
    const session::PortSettings s = settings();
    if (!m_session || s.path.isEmpty())
        return false;
    return m_session->open(s);
}

QStringList ConnectBar::listedPaths() const
{
    QStringList out;
    for (int i = 0; i < m_port->count(); ++i)
        out << m_port->itemData(i).toString();
    return out;
}

void ConnectBar::rescan()
{
    QStringList extras = m_extraPaths;
    if (!m_demoPath.isEmpty())
        extras.prepend(m_demoPath);
    if (m_session && m_session->isOpen())
        extras << m_session->settings().path; // the open port stays listed whatever the scan says
    QList<session::PortEntry> ports = session::PortCatalog::scan(extras);
    // The demo module first: in demo mode that is the port the user means.
    std::stable_partition(ports.begin(), ports.end(), [this](const session::PortEntry &e) {
        return !m_demoPath.isEmpty() && e.systemPath == m_demoPath;
    });
    fillPorts(ports);
}

QString ConnectBar::labelFor(const session::PortEntry &e) const
{
    if (!m_demoPath.isEmpty() && e.systemPath == m_demoPath)
        return tr("Demo: simulated Quectel module (%1)").arg(e.systemPath);
    QString l = e.label();
    if (e.quectel && !l.contains(QLatin1String("Quectel"), Qt::CaseInsensitive))
        l = tr("%1 [Quectel]").arg(l);
    return l;
}

void ConnectBar::fillPorts(const QList<session::PortEntry> &ports)
{
    QStringList signature;
    QStringList suggested;
    for (const session::PortEntry &e : ports) {
        signature << e.systemPath + QLatin1Char('\t') + labelFor(e);
        if (e.suggestedAt)
            suggested << e.systemPath;
    }
    m_lastPorts = ports;
    if (signature == m_lastSignature)
        return;
    const QString before = m_port->currentData().toString();
    QString choice = before;
    // A Quectel AT interface that just appeared (a module plugged in) is what the user wants next.
    const auto fresh = std::find_if(suggested.cbegin(), suggested.cend(),
                                    [this](const QString &p) { return !m_suggestedBefore.contains(p); });
    if (fresh != suggested.cend() && !(m_session && m_session->isOpen()))
        choice = *fresh;
    m_lastSignature = signature;
    m_suggestedBefore = suggested;

    const QSignalBlocker block(m_port);
    m_port->clear();
    for (const session::PortEntry &e : ports) {
        m_port->addItem(labelFor(e), e.systemPath);
        const int i = m_port->count() - 1;
        QStringList tip;
        tip << e.systemPath;
        if (!e.description.isEmpty())
            tip << tr("Description: %1").arg(e.description);
        if (!e.manufacturer.isEmpty())
            tip << tr("Manufacturer: %1").arg(e.manufacturer);
        if (!e.serialNumber.isEmpty())
            tip << tr("Serial number: %1").arg(e.serialNumber);
        if (e.hasUsbIdentity)
            tip << tr("USB %1:%2")
                       .arg(e.vendorId, 4, 16, QLatin1Char('0'))
                       .arg(e.productId, 4, 16, QLatin1Char('0'));
        if (e.usbInterface >= 0)
            tip << tr("USB interface %1").arg(e.usbInterface);
        if (e.quectel)
            tip << (e.suggestedAt
                        ? tr("Quectel module: this is its AT command interface")
                        : tr("Quectel module: not its AT command interface (that is usually interface 2)"));
        m_port->setItemData(i, tip.join(QLatin1Char('\n')), Qt::ToolTipRole);
        if (e.quectel || e.systemPath == m_demoPath) {
            QFont f = m_port->font();
            f.setBold(true);
            m_port->setItemData(i, f, Qt::FontRole);
        }
    }
    // The user's port stays chosen while it is away (unplugged, module restarting): listed as
    // missing, so that Open cannot open another device by surprise.
    if (!m_wanted.isEmpty() && (choice.isEmpty() || choice == m_wanted || m_port->findData(choice) < 0)) {
        choice = m_wanted;
        if (m_port->findData(m_wanted) < 0) {
            m_port->addItem(tr("%1 — not present (unplugged?)").arg(m_wanted), m_wanted);
            m_port->setItemData(
                m_port->count() - 1,
                tr("The port chosen last is not there now; it is kept chosen until it is back or "
                   "another is chosen."),
                Qt::ToolTipRole);
        }
    }
    int index = m_port->findData(choice);
    if (index < 0)
        index = 0; // the best candidate: the catalogue sorts AT interfaces and Quectel ports first
    m_port->setCurrentIndex(m_port->count() ? index : -1);
    if (m_port->currentData().toString() != before)
        updateState();
}

void ConnectBar::selectPath(const QString &path)
{
    if (!path.isEmpty() && path != m_demoPath)
        m_wanted = path;
    const int i = m_port->findData(path);
    if (i >= 0)
        m_port->setCurrentIndex(i);
}

void ConnectBar::updateState()
{
    const bool open = m_session && m_session->isOpen();
    m_port->setEnabled(!open);
    m_baud->setEnabled(!open);
    m_flow->setEnabled(!open);
    m_rescanAction->setEnabled(true);
    m_openAction->setEnabled(open || m_port->currentIndex() >= 0);
    m_openAction->setText(open ? tr("&Close Port") : tr("&Open Port"));
    m_openAction->setToolTip(open ? tr("Close %1 (%2)")
                                        .arg(m_session->settings().path,
                                             m_openAction->shortcut().toString(QKeySequence::NativeText))
                                  : tr("Open the chosen port (%1)")
                                        .arg(m_openAction->shortcut().toString(QKeySequence::NativeText)));
    m_openButton->setText(open ? tr("Close") : tr("Open"));
    updatePortWarning();
}

void ConnectBar::setPortDoctor(const session::PortDoctor &doctor)
{
    m_doctor = doctor;
    m_warnedPath = QStringLiteral("\n"); // look again
    updatePortWarning();
}

void ConnectBar::updatePortWarning()
{
    const QString path = m_port->currentData().toString();
    if (path == m_warnedPath)
        return; // sysfs is read once per choice
    m_warnedPath = path;
    const session::PortProblem p = path.isEmpty() ? session::PortProblem() : m_doctor.interfaceCheck(path);
    m_portWarning->setVisible(p.isProblem());
    if (!p.isProblem())
        return;
    m_portWarning->setText(p.suggestedPath.isEmpty() ? tr("⚠ Not the AT interface")
                                                     : tr("⚠ Not the AT interface: <a href=\"%1\">use %2</a>")
                                                           .arg(p.suggestedPath.toHtmlEscaped(),
                                                                QFileInfo(p.suggestedPath).fileName()));
    m_portWarning->setToolTip(p.text());
}

QString ConnectBar::portWarning() const
{
    return m_portWarning->isVisibleTo(this) ? m_portWarning->text() : QString();
}

void ConnectBar::retranslate()
{
    m_portLabel->setText(tr("&Port:"));
    m_port->setToolTip(
        tr("Serial ports with their USB identity; Quectel modules in bold, their AT interface first"));
    m_port->setPlaceholderText(
        tr("No serial port found: plug a module in, or try File → Demo Mode (%1)")
            .arg(QKeySequence(Qt::CTRL | Qt::Key_D).toString(QKeySequence::NativeText)));
    m_rescanAction->setText(tr("&Rescan Ports"));
    m_rescanAction->setToolTip(tr("Look for serial ports again (%1)")
                                   .arg(m_rescanAction->shortcut().toString(QKeySequence::NativeText)));
    m_baudLabel->setText(tr("&Baud:"));
    m_baud->setToolTip(tr("Bits per second; Quectel modules use 115200 by default"));
    m_flowLabel->setText(tr("&Flow:"));
    m_flow->setItemText(0, tr("None"));
    m_flow->setItemText(1, tr("Hardware (RTS/CTS)"));
    m_flow->setItemText(2, tr("Software (XON/XOFF)"));
    m_reopen->setText(tr("Reopen when it comes back"));
    m_reopen->setToolTip(tr(
        "When the port disappears (cable pulled, module restarting), open it again as soon as it is back"));
    m_warnedPath = QStringLiteral("\n"); // the warning is translated too
    m_lastSignature.clear();             // labels are translated: rebuild the list
    rescan();
    updateState();
}

void ConnectBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace qmt::ui
