// SPDX-License-Identifier: Apache-2.0
#include "sim/ptyserver.h"

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
            m_module->write(QByteArrayView(buf, n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break; // EAGAIN: drained
    }
}

void PtyServer::send(const QByteArray &bytes)
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
