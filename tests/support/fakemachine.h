// SPDX-License-Identifier: Apache-2.0
#pragma once
// FakeMachine: a made-up /sys, /proc, /dev, /etc/group and lock folder in a temporary folder, for
// session::PortDoctor. USB serial ports are laid out as the option driver lays out ttyUSB ports:
// /sys/class/tty/<name>/device -> <usb device>/<usb device>:1.<iface>/<name>, with
// bInterfaceNumber in the interface folder and idVendor/idProduct in the USB device's.

#include "io/portdoctor.h"

#include <QTemporaryDir>

namespace qmt::test {

class FakeMachine
{
public:
    FakeMachine();
    bool isValid() const { return m_root.isValid(); }
    QString path(const QString &sub) const { return m_root.path() + QLatin1Char('/') + sub; }
    QString dev(const QString &name) const { return path(QStringLiteral("dev/") + name); }

    // A USB device (a module, an adapter) named like "1-1"; returns its sysfs folder.
    QString addUsbDevice(const QString &name, const char *vendor, const char *product);
    // Its serial port `ttyName` on interface `iface`; /dev/<ttyName> is a plain file.
    void addUsbPort(const QString &usbDevice, int iface, const QString &ttyName);
    // A process with its comm, its NUL-separated command line and descriptors 3, 4, ... to `fds`.
    void addProcess(qint64 pid, const QByteArray &comm, const QByteArray &cmdline, const QStringList &fds);
    void write(const QString &sub, const QByteArray &content);
    // The group file (/etc/group's format).
    void setGroups(const QByteArray &content) { write(QStringLiteral("etc/group"), content); }

    // The machine seen by user `user` (uid 1000) with groups `gids`, as process 42.
    session::SystemView view(const QList<uint> &gids = {1000},
                             const QString &user = QStringLiteral("alice")) const;
    // The EC25 (2c7c:0125) on 1-1 with ttyUSB0 (DM), ttyUSB1 (NMEA), ttyUSB2 (AT), ttyUSB3 (modem).
    void addEc25();

private:
    QTemporaryDir m_root;
};

} // namespace qmt::test
