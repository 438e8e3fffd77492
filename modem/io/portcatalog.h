// SPDX-License-Identifier: Apache-2.0
#pragma once
// PortCatalog: the serial ports of this machine with their USB identity, Quectel modules
// (USB vendor 0x2c7c) marked and their AT interface suggested.

#include <QList>
#include <QString>

namespace qmt::session {

struct PortEntry
{
    QString name;       // "ttyUSB2"
    QString systemPath; // "/dev/ttyUSB2"
    QString description;
    QString manufacturer;
    QString serialNumber;
    quint16 vendorId = 0;
    quint16 productId = 0;
    bool hasUsbIdentity = false;
    int usbInterface = -1;    // bInterfaceNumber from sysfs, -1 when unknown
    bool quectel = false;     // vendor 0x2c7c
    bool suggestedAt = false; // the Quectel interface that speaks AT (interface 2), or the only one
    QString label() const;    // one line for a picker: "ttyUSB2 — Quectel EC25 (2c7c:0125) · AT interface"
};

class PortCatalog
{
public:
    static constexpr quint16 kQuectelVendor = 0x2c7c;
    static constexpr int kQuectelAtInterface = 2; // ttyUSB2 on EC2x/EG2x/EG9x/EM05

    // The ports now, Quectel AT interfaces first. Extra paths (a pty of the simulator, a symlink)
    // are listed too when they exist.
    static QList<PortEntry> scan(const QStringList &extraPaths = {});
    static PortEntry describe(const QString &path); // one port (or a path that is not listed)
    // A path described from its name alone, without enumerating the ports (which takes tens of
    // milliseconds): for a pseudo-terminal, which has no USB identity anyway.
    static PortEntry describePlain(const QString &path);
};

} // namespace qmt::session
