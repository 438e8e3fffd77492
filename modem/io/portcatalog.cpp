// SPDX-License-Identifier: Apache-2.0
#include "io/portcatalog.h"
#include "io/portdoctor.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSerialPortInfo>

#include <algorithm>

namespace qmt::session {

namespace {

PortEntry fromInfo(const QSerialPortInfo &i)
{
    PortEntry e;
    e.name = i.portName();
    e.systemPath = i.systemLocation();
    e.description = i.description();
    e.manufacturer = i.manufacturer();
    e.serialNumber = i.serialNumber();
    e.hasUsbIdentity = i.hasVendorIdentifier() && i.hasProductIdentifier();
    e.vendorId = i.vendorIdentifier();
    e.productId = i.productIdentifier();
    // the interface number where the port's USB interface has it: the device folder itself
    // (ttyACM) or a parent of it (ttyUSB, whose usb-serial port sits below the interface)
    e.usbInterface = PortDoctor().usbPlace(e.systemPath).interfaceNumber;
    e.quectel = e.hasUsbIdentity && e.vendorId == PortCatalog::kQuectelVendor;
    return e;
}

} // namespace

QString PortEntry::label() const
{
    QString l = name;
    QStringList parts;
    if (!manufacturer.isEmpty() || !description.isEmpty())
        parts << QStringLiteral("%1 %2").arg(manufacturer, description).trimmed();
    if (hasUsbIdentity)
        parts << QStringLiteral("%1:%2")
                     .arg(vendorId, 4, 16, QLatin1Char('0'))
                     .arg(productId, 4, 16, QLatin1Char('0'));
    if (usbInterface >= 0)
        parts << QCoreApplication::translate("qmt::session::PortCatalog", "interface %1").arg(usbInterface);
    if (suggestedAt)
        parts << QCoreApplication::translate("qmt::session::PortCatalog", "AT interface");
    if (!parts.isEmpty())
        l += QStringLiteral(" — ") + parts.join(QStringLiteral(" · "));
    return l;
}

namespace {
// One port among the ports enumerated already (enumerating takes tens of milliseconds).
PortEntry describeAmong(const QString &path, const QList<QSerialPortInfo> &infos)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    for (const QSerialPortInfo &i : infos)
        if (i.systemLocation() == path || i.systemLocation() == canonical)
            return fromInfo(i);
    return PortCatalog::describePlain(path);
}
} // namespace

PortEntry PortCatalog::describePlain(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    PortEntry e;
    e.name = QFileInfo(path).fileName();
    e.systemPath = path;
    e.description = canonical.startsWith(QLatin1String("/dev/pts/"))
                        ? QCoreApplication::translate("qmt::session::PortCatalog", "pseudo-terminal")
                        : QString();
    return e;
}

PortEntry PortCatalog::describe(const QString &path)
{
    return describeAmong(path, QSerialPortInfo::availablePorts());
}

QList<PortEntry> PortCatalog::scan(const QStringList &extraPaths)
{
    QList<PortEntry> out;
    const QList<QSerialPortInfo> infos = QSerialPortInfo::availablePorts(); // once: it is slow
    for (const QSerialPortInfo &i : infos)
        out << fromInfo(i);
    // Among a Quectel module's interfaces the AT one is suggested; a Quectel port whose
    // interface is unknown is suggested when it is the module's only one.
    for (PortEntry &e : out) {
        if (!e.quectel)
            continue;
        const int siblings = int(std::count_if(out.begin(), out.end(), [&](const PortEntry &o) {
            return o.quectel && o.serialNumber == e.serialNumber && o.productId == e.productId;
        }));
        e.suggestedAt = e.usbInterface == kQuectelAtInterface || (e.usbInterface < 0 && siblings == 1);
    }
    for (const QString &p : extraPaths)
        if (QFileInfo::exists(p) &&
            std::none_of(out.begin(), out.end(), [&](const PortEntry &e) { return e.systemPath == p; }))
            out << describeAmong(p, infos);
    std::stable_sort(out.begin(), out.end(), [](const PortEntry &a, const PortEntry &b) {
        const int ra = a.suggestedAt ? 0 : a.quectel ? 1 : 2;
        const int rb = b.suggestedAt ? 0 : b.quectel ? 1 : 2;
        return ra != rb ? ra < rb : a.name < b.name;
    });
    return out;
}

} // namespace qmt::session
