// SPDX-License-Identifier: Apache-2.0
#include "fakemachine.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace qmt::test {

FakeMachine::FakeMachine() = default;

void FakeMachine::write(const QString &sub, const QByteArray &content)
{
    const QString file = sub.startsWith(m_root.path()) ? sub : path(sub);
    QDir().mkpath(QFileInfo(file).path());
    QFile f(file);
    if (f.open(QIODevice::WriteOnly))
        f.write(content);
}

QString FakeMachine::addUsbDevice(const QString &name, const char *vendor, const char *product)
{
    const QString dir = path(QStringLiteral("sys/devices/pci0000:00/0000:00:14.0/usb1/") + name);
    write(dir + QStringLiteral("/idVendor"), QByteArray(vendor) + '\n');
    write(dir + QStringLiteral("/idProduct"), QByteArray(product) + '\n');
    return dir;
}

void FakeMachine::addUsbPort(const QString &usbDevice, int iface, const QString &ttyName)
{
    const QString ifaceDir =
        QStringLiteral("%1/%2:1.%3").arg(usbDevice, QFileInfo(usbDevice).fileName()).arg(iface);
    write(ifaceDir + QStringLiteral("/bInterfaceNumber"),
          QByteArray::number(iface, 16).rightJustified(2, '0') + '\n');
    QDir().mkpath(ifaceDir + QLatin1Char('/') + ttyName + QStringLiteral("/tty/") + ttyName);
    QDir().mkpath(path(QStringLiteral("sys/class/tty/") + ttyName));
    QFile::link(ifaceDir + QLatin1Char('/') + ttyName,
                path(QStringLiteral("sys/class/tty/%1/device").arg(ttyName)));
    write(dev(ttyName), {});
}

void FakeMachine::addProcess(qint64 pid, const QByteArray &comm, const QByteArray &cmdline,
                             const QStringList &fds)
{
    const QString dir = path(QStringLiteral("proc/%1").arg(pid));
    write(dir + QStringLiteral("/comm"), comm + '\n');
    write(dir + QStringLiteral("/cmdline"), cmdline);
    QDir().mkpath(dir + QStringLiteral("/fd"));
    for (int i = 0; i < fds.size(); ++i)
        QFile::link(fds[i], dir + QStringLiteral("/fd/%1").arg(i + 3));
}

session::SystemView FakeMachine::view(const QList<uint> &gids, const QString &user) const
{
    session::SystemView v;
    v.sysRoot = path(QStringLiteral("sys"));
    v.procRoot = path(QStringLiteral("proc"));
    v.devRoot = path(QStringLiteral("dev"));
    v.groupFile = path(QStringLiteral("etc/group"));
    v.lockDirs = {path(QStringLiteral("lock"))};
    v.uid = 1000;
    v.userName = user;
    v.gids = gids;
    v.ownPid = 42;
    return v;
}

void FakeMachine::addEc25()
{
    const QString ec25 = addUsbDevice(QStringLiteral("1-1"), "2c7c", "0125");
    for (int i = 0; i < 4; ++i)
        addUsbPort(ec25, i, QStringLiteral("ttyUSB%1").arg(i));
}

} // namespace qmt::test
