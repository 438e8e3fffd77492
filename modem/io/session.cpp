// SPDX-License-Identifier: Apache-2.0
#include "io/session.h"

#include "at/builders.h"
#include "io/journal.h"
#include "io/portdoctor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <utility>

namespace qmt::session {

Session::Session(QObject *parent) : QObject(parent)
{
    m_traffic.attach(m_pipeline);
    m_slotModel.attach(m_pipeline);
    connect(&m_port, &QSerialPort::errorOccurred, this, &Session::onPortError);
    m_reopenTimer.setInterval(500);
    connect(&m_reopenTimer, &QTimer::timeout, this, &Session::tryReopen);
}

Session::~Session()
{
    m_channel.setJournal(nullptr);
    m_channel.setDevice(nullptr);
    if (m_device && m_device != &m_port)
        disconnect(m_device, nullptr, this, nullptr);
    m_port.close();
}

bool Session::open(const PortSettings &settings)
{
    close();
    clearReplay();
    m_settings = settings;
    m_port.setPortName(settings.path);
    m_port.setBaudRate(settings.baud);
    m_port.setFlowControl(settings.flow);
    m_port.setDataBits(QSerialPort::Data8);
    m_port.setParity(QSerialPort::NoParity);
    m_port.setStopBits(QSerialPort::OneStop);
    m_portErrors = 0;
    m_problem = PortProblem();
    if (!m_port.open(QIODevice::ReadWrite)) {
        // QSerialPort says "Permission denied" both for a port that is not ours and for one that
        // another program holds: the doctor tells them apart and says what to do.
        m_problem = PortDoctor().openFailed(settings.path, m_port.error(), m_port.errorString());
        m_error = m_problem.summary;
        emit statusMessage(m_error);
        if (!m_reopening) // while a lost port comes back, udev and ModemManager take a moment
            emit portProblem(m_problem);
        return false;
    }
    started(&m_port);
    emit statusMessage(tr("%1 open at %2 baud").arg(settings.path).arg(settings.baud));
    // Open, but perhaps not the right port (a DM interface), or not ours alone (ModemManager).
    m_problem = PortDoctor().checkOpened(settings.path);
    if (m_problem.isProblem()) {
        emit statusMessage(m_problem.summary);
        emit portProblem(m_problem);
    }
    return true;
}

bool Session::openDevice(QIODevice *device, const QString &name)
{
    close();
    clearReplay();
    m_settings = PortSettings{name, 0, QSerialPort::NoFlowControl};
    m_portErrors = 0;
    if (!device || (!device->isOpen() && !device->open(QIODevice::ReadWrite))) {
        m_error = device && !device->errorString().isEmpty() ? device->errorString()
                                                             : tr("the device refused to open");
        emit statusMessage(tr("Cannot open %1: %2").arg(name, m_error));
        return false;
    }
    connect(device, &QIODevice::aboutToClose, this, [this, device] {
        if (m_device == device)
            lost(tr("the device closed"));
    });
    started(device);
    emit statusMessage(tr("%1 open").arg(name));
    return true;
}

void Session::started(QIODevice *device)
{
    m_lost = false;
    m_reopenTimer.stop();
    // A new port gets a journal of its own before its first byte is read; the same port coming
    // back goes on in the one it had.
    if (!m_journalFolder.isEmpty() && (!m_journal || m_journalPort != m_settings.path)) {
        const QString name =
            QStringLiteral("%1-%2.qmtj")
                .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                     QFileInfo(m_settings.path).fileName().replace(QLatin1Char(' '), QLatin1Char('_')));
        QString error;
        QString path = QDir(m_journalFolder).filePath(name);
        for (int n = 2; QFileInfo::exists(path); ++n)
            path = QDir(m_journalFolder).filePath(QStringLiteral("%1-%2.qmtj").arg(name.chopped(5)).arg(n));
        if (!QDir().mkpath(m_journalFolder) || !startJournal(path, &error))
            emit statusMessage(
                tr("No journal for this session: %1").arg(error.isEmpty() ? m_journalFolder : error));
    }
    if (m_journal) // before the device's first bytes (setDevice reads what is waiting)
        m_journal->portEvent(Journal::Kind::PortOpened,
                             m_settings.baud > 0
                                 ? QStringLiteral("%1 %2").arg(m_settings.path).arg(m_settings.baud)
                                 : m_settings.path,
                             qint64(m_pipeline.store().module().events));
    m_device = device;
    m_channel.setDevice(device);
    emit opened(m_settings.path);
    identify();
}

void Session::beginReplay(const Clock *clock)
{
    close();
    m_pipeline.reset();
    m_traffic.clear();
    m_pipeline.setClock(clock);
    m_replayed = true;
    emit replayStarted();
}

void Session::setPreviewTraffic(state::TrafficModel *preview)
{
    if (m_preview == preview)
        return;
    m_preview = preview;
    emit previewTrafficChanged();
}

void Session::endReplay()
{
    m_pipeline.setClock(SystemClock::instance());
    emit replayFinished();
}

void Session::clearReplay()
{
    if (!m_replayed)
        return;
    m_replayed = false;
    m_pipeline.reset();
    m_pipeline.setClock(SystemClock::instance()); // (a replay left unfinished kept its clock)
    m_traffic.clear();
    emit replayStarted(); // what was shown is gone: a live session starts from nothing
}

void Session::close()
{
    m_reopenTimer.stop();
    m_lost = false;
    if (!isOpen())
        return;
    QIODevice *device = std::exchange(m_device, nullptr);
    m_channel.setDevice(nullptr);
    if (device != &m_port)
        disconnect(device, nullptr, this, nullptr); // its close is ours, not a loss
    device->close(); // aborts the command in flight and the queue ("the port went away")
    m_channel.abortAll(CommandResult::Outcome::Aborted);
    if (m_journal)
        m_journal->portEvent(Journal::Kind::PortClosed, QString(),
                             qint64(m_pipeline.store().module().events));
    emit closed(m_settings.path, QString());
    emit statusMessage(tr("%1 closed").arg(m_settings.path));
}

void Session::onPortError(QSerialPort::SerialPortError error)
{
    if (error == QSerialPort::NoError)
        return;
    ++m_portErrors;
    switch (error) {
    case QSerialPort::ResourceError:
    case QSerialPort::ReadError:
    case QSerialPort::WriteError:
    case QSerialPort::PermissionError:
    case QSerialPort::DeviceNotFoundError:
        break;
    default:
        emit statusMessage(tr("%1: %2").arg(m_settings.path, m_port.errorString()));
        return; // timeouts and the like: the port is still there
    }
    if (!m_port.isOpen() || m_device != &m_port)
        return;
    // The device went away (cable pulled, module rebooting, the pty's other end closed): close
    // now, from inside the signal, so the port's notifier cannot fire again.
    lost(m_port.errorString());
}

void Session::lost(const QString &error)
{
    m_error = error;
    QIODevice *device = std::exchange(m_device, nullptr);
    m_channel.setDevice(nullptr);
    if (device && device != &m_port)
        disconnect(device, nullptr, this, nullptr);
    if (device == &m_port)
        m_port.close();
    m_channel.abortAll(CommandResult::Outcome::PortLost);
    // What the module does now is not known: the cards say so until it is asked again.
    m_pipeline.store().markUnknown(m_pipeline.clock()->nowUs());
    m_slotModel.refresh();
    const bool reopen = device == &m_port; // a serial port can come back; another device cannot
    m_lost = reopen;
    if (m_journal)
        m_journal->portEvent(Journal::Kind::PortLost, m_error, qint64(m_pipeline.store().module().events));
    emit portLost(m_settings.path, m_error);
    emit closed(m_settings.path, m_error);
    emit statusMessage(m_autoReopen && reopen
                           ? tr("%1 lost (%2); waiting for it to come back").arg(m_settings.path, m_error)
                           : tr("%1 lost (%2)").arg(m_settings.path, m_error));
    if (m_autoReopen && reopen)
        m_reopenTimer.start();
}

bool Session::startJournal(const QString &path, QString *error)
{
    stopJournal();
    m_journal = Journal::create(path, m_settings.path, error);
    if (!m_journal)
        return false;
    m_journalPort = m_settings.path;
    setJournalLimits(m_journalMaxBytes, m_journalMinimumFree);
    connect(m_journal.get(), &Journal::paused, this, &Session::statusMessage);
    m_channel.setJournal(m_journal.get());
    if (isOpen())
        m_journal->portEvent(Journal::Kind::PortOpened, m_settings.path,
                             qint64(m_pipeline.store().module().events));
    return true;
}

void Session::setJournalLimits(qint64 maxBytes, qint64 minimumFree)
{
    m_journalMaxBytes = maxBytes;
    m_journalMinimumFree = minimumFree;
    if (!m_journal)
        return;
    m_journal->setSizeLimit(maxBytes);
    if (minimumFree >= 0)
        m_journal->setMinimumFree(minimumFree);
}

void Session::stopJournal()
{
    m_channel.setJournal(nullptr);
    m_journal.reset();
}

void Session::setAutoReopen(bool on)
{
    m_autoReopen = on;
    if (!on)
        m_reopenTimer.stop();
    else if (m_lost)
        m_reopenTimer.start();
}

void Session::tryReopen()
{
    if (!m_lost || !QFileInfo::exists(m_settings.path))
        return;
    const PortSettings s = m_settings;
    m_reopenTimer.stop();
    m_reopening = true;
    const bool opened = open(s);
    m_reopening = false;
    if (!opened) {
        m_lost = true;
        m_reopenTimer.start();
    }
}

CommandReply *Session::send(const at::AtCommand &command)
{
    if (!isOpen()) {
        emit statusMessage(tr("Not connected: open a port first"));
        return nullptr;
    }
    return m_channel.enqueue(command);
}

void Session::sendText(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    if (at::isCommandText(bytes)) {
        send(at::AtCommand::fromText(bytes.trimmed()));
        return;
    }
    if (!isOpen()) {
        emit statusMessage(tr("Not connected: open a port first"));
        return;
    }
    m_channel.writeRaw(bytes + '\r');
}

void Session::identify()
{
    for (const char *line : {"ATI", "AT+GMR", "AT+QMTCFG=?"})
        m_channel.enqueue(at::AtCommand::fromText(line));
    resynchronise();
}

void Session::resynchronise()
{
    // Slots whose state was lost with the port: ask the module instead of assuming.
    const at::Builders b(store().module().ranges);
    bool any = false;
    for (const state::ClientSlot &s : store().allSlots()) {
        if (s.network != state::NetState::Unknown && s.mqtt != state::MqttState::Unknown)
            continue;
        if (!any) {
            m_channel.enqueue(*b.openQuery().command);
            m_channel.enqueue(*b.connQuery().command);
            any = true;
        }
        for (const at::AtCommand &c : b.cfgReadAll(s.index))
            m_channel.enqueue(c);
    }
}

} // namespace qmt::session
