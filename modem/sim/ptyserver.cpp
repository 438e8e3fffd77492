// SPDX-License-Identifier: Apache-2.0
#include "sim/ptyserver.h"

#include <QTimer>

#include "sim/simmodule.h"

#include <QFile>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

namespace qmt::sim {

namespace {
constexpr qsizetype kMaxBacklog = 1024 * 1024;

void makeRaw(int fd)
{
    termios t{};
    if (::tcgetattr(fd, &t) == 0) {
        ::cfmakeraw(&t);
        ::tcsetattr(fd, TCSANOW, &t);
    }
}
} // namespace

PtyServer::PtyServer(SimModule *module, QObject *parent) : QObject(parent), m_module(module)
{
    connect(m_module, &SimModule::output, this, &PtyServer::send);
}

PtyServer::~PtyServer()
{
    close();
}

bool PtyServer::open()
{
    close();
    // Close-on-exec: processes started later (the broker, a terminal program) must not hold the
    // module's end of the line.
    m_master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (m_master < 0 || ::grantpt(m_master) != 0 || ::unlockpt(m_master) != 0) {
        m_error = tr("cannot create a pseudo-terminal: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        close();
        return false;
    }
    m_slavePath = QString::fromLocal8Bit(::ptsname(m_master));
    makeRaw(m_master);
    m_slaveKeeper = ::open(::ptsname(m_master), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (m_slaveKeeper >= 0)
        makeRaw(m_slaveKeeper);
    m_read = new QSocketNotifier(m_master, QSocketNotifier::Read, this);
    connect(m_read, &QSocketNotifier::activated, this, &PtyServer::onReadable);
    m_write = new QSocketNotifier(m_master, QSocketNotifier::Write, this);
    m_write->setEnabled(false);
    connect(m_write, &QSocketNotifier::activated, this, &PtyServer::onWritable);
    return true;
}

void PtyServer::close()
{
    m_toModule.clear();
    m_toHost.clear();
    if (m_paceTimer)
        m_paceTimer->stop();
    delete m_read;
    m_read = nullptr;
    delete m_write;
    m_write = nullptr;
    if (m_slaveKeeper >= 0)
        ::close(m_slaveKeeper);
    m_slaveKeeper = -1;
    if (m_master >= 0)
        ::close(m_master);
    m_master = -1;
    if (!m_link.isEmpty())
        QFile::remove(m_link);
    m_link.clear();
    m_pending.clear();
}

bool PtyServer::createLink(const QString &path)
{
    if (!isOpen())
        return false;
    QFile::remove(path);
    if (!QFile::link(m_slavePath, path)) {
        m_error = tr("cannot create the link %1").arg(path);
        return false;
    }
    m_link = path;
    return true;
}

void PtyServer::onReadable()
{
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(m_master, buf, sizeof buf);
        if (n > 0) {
            if (m_pace > 0) {
                if (m_toModule.isEmpty()) {
                    m_toModuleSinceUs = m_paceClock.nsecsElapsed() / 1000;
                    m_toModuleSent = 0;
                }
                m_toModule.append(buf, n);
                pace();
            } else {
                m_module->write(QByteArrayView(buf, n));
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break; // EAGAIN: drained
    }
}

void PtyServer::setBaudPace(qint32 baud)
{
    m_pace = std::max(baud, 0);
    m_paceClock.start();
    if (!m_paceTimer) {
        m_paceTimer = new QTimer(this);
        m_paceTimer->setInterval(1);
        m_paceTimer->setTimerType(Qt::PreciseTimer);
        connect(m_paceTimer, &QTimer::timeout, this, &PtyServer::pace);
    }
    if (m_pace == 0) { // whatever waits goes at once
        if (!m_toModule.isEmpty())
            m_module->write(std::exchange(m_toModule, {}));
        if (!m_toHost.isEmpty())
            emitToMaster(std::exchange(m_toHost, {}));
    }
}

// Lets through, each way, what the line could have carried since that direction became busy.
void PtyServer::pace()
{
    const qint64 now = m_paceClock.nsecsElapsed() / 1000;
    const auto allowed = [this, now](qint64 sinceUs, qint64 sent) {
        return (now - sinceUs) * m_pace / 10 / 1000000 + 1 - sent; // +1: the first byte at once
    };
    if (const qint64 n = std::min<qint64>(m_toModule.size(), allowed(m_toModuleSinceUs, m_toModuleSent));
        n > 0) {
        const QByteArray chunk = m_toModule.left(n);
        m_toModule.remove(0, n);
        m_toModuleSent += n;
        m_module->write(chunk);
    }
    if (const qint64 n = std::min<qint64>(m_toHost.size(), allowed(m_toHostSinceUs, m_toHostSent)); n > 0) {
        const QByteArray chunk = m_toHost.left(n);
        m_toHost.remove(0, n);
        m_toHostSent += n;
        emitToMaster(chunk);
    }
    if (m_toModule.isEmpty() && m_toHost.isEmpty())
        m_paceTimer->stop();
    else if (!m_paceTimer->isActive())
        m_paceTimer->start();
}

void PtyServer::send(const QByteArray &bytes)
{
    if (m_master < 0)
        return;
    if (m_pace > 0) {
        if (m_toHost.isEmpty()) {
            m_toHostSinceUs = m_paceClock.nsecsElapsed() / 1000;
            m_toHostSent = 0;
        }
        m_toHost += bytes;
        pace();
        return;
    }
    emitToMaster(bytes);
}

void PtyServer::emitToMaster(const QByteArray &bytes)
{
    if (m_master < 0)
        return;
    m_pending += bytes;
    if (m_pending.size() > kMaxBacklog)
        m_pending = m_pending.right(kMaxBacklog); // nobody reads: keep the latest output
    onWritable();
}

void PtyServer::onWritable()
{
    while (!m_pending.isEmpty()) {
        const ssize_t n = ::write(m_master, m_pending.constData(), size_t(m_pending.size()));
        if (n > 0) {
            m_pending.remove(0, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break; // EAGAIN: the reader is behind
    }
    // The slave keeper holds the input queue until a client reads; with no client it fills up,
    // so drain what we hold when nobody can take it.
    if (m_write)
        m_write->setEnabled(!m_pending.isEmpty());
}

} // namespace qmt::sim
