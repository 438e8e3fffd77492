// SPDX-License-Identifier: Apache-2.0
#include "io/portdoctor.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <vector>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qmt::session {

namespace {

using Kind = PortProblem::Kind;

QString tr(const char *text)
{
    return QCoreApplication::translate("qmt::session::PortDoctor", text);
}

QByteArray readSmall(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(4096);
}

// Quectel products built on Qualcomm chips, whose USB serial interfaces are 0 DM (diagnostics),
// 1 NMEA (GNSS), 2 AT, 3 modem (PPP, also AT) — Quectel's "Linux USB Driver User Guide".
// Other products (the UNISOC EC200U/EG915U, ASR EC800M/EG800K) number their ports otherwise.
constexpr quint16 kQualcommLayout[] = {0x0121, 0x0125, 0x0191, 0x0195, 0x0296, 0x0306,
                                       0x030a, 0x0435, 0x0512, 0x0620, 0x0700, 0x0800};

bool qualcommLayout(quint16 product)
{
    return std::find(std::begin(kQualcommLayout), std::end(kQualcommLayout), product) !=
           std::end(kQualcommLayout);
}

// The port's name under /dev (a /dev/serial/by-id link resolves to ttyUSB2).
QString ttyName(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return QFileInfo(canonical.isEmpty() ? path : canonical).fileName();
}

struct GroupEntry
{
    QString name;
    QStringList members;
};

GroupEntry groupOf(const QString &groupFile, uint gid)
{
    QFile f(groupFile);
    const QList<QByteArray> lines =
        f.open(QIODevice::ReadOnly) ? f.readAll().split('\n') : QList<QByteArray>();
    for (const QByteArray &line : lines) {
        const QList<QByteArray> parts = line.split(':');
        if (parts.size() >= 4 && parts[2].toUInt() == gid && !parts[0].isEmpty())
            return {QString::fromUtf8(parts[0]),
                    QString::fromUtf8(parts[3].trimmed()).split(QLatin1Char(','), Qt::SkipEmptyParts)};
    }
    return {QString::number(gid), {}};
}

} // namespace

SystemView SystemView::current()
{
    SystemView v;
    v.uid = qint64(::getuid());
    if (const passwd *pw = ::getpwuid(::getuid()))
        v.userName = QString::fromLocal8Bit(pw->pw_name);
    else
        v.userName = qEnvironmentVariable("USER");
    const int n = ::getgroups(0, nullptr);
    std::vector<gid_t> groups(size_t(std::max(n, 0)));
    if (n > 0 && ::getgroups(n, groups.data()) == n)
        for (const gid_t g : groups)
            v.gids << uint(g);
    v.gids << uint(::getegid());
    v.ownPid = qint64(::getpid());
    return v;
}

QString PortProblem::text() const
{
    QString out = summary;
    for (const QString &s : explanation)
        out += QLatin1Char('\n') + s;
    for (const QString &c : commands)
        out += QStringLiteral("\n    ") + c;
    return out;
}

const char *PortDoctor::modemManagerRule()
{
    return R"(ACTION=="add|change|move|bind", SUBSYSTEMS=="usb", ATTRS{idVendor}=="2c7c", ENV{ID_MM_DEVICE_IGNORE}="1")";
}

PortDoctor::PortDoctor(SystemView view) : m_view(std::move(view)) {}

std::unique_ptr<QSerialPort> PortDoctor::openPort(const QString &path, qint32 baud, PortProblem *problem)
{
    auto port = std::make_unique<QSerialPort>(path);
    port->setBaudRate(baud);
    if (!port->open(QIODevice::ReadWrite)) {
        *problem = PortDoctor().openFailed(path, port->error(), port->errorString());
        return nullptr;
    }
    *problem = PortDoctor().checkOpened(path);
    return port;
}

UsbPlace PortDoctor::usbPlace(const QString &path) const
{
    UsbPlace place;
    const QString classDir = m_view.sysRoot + QStringLiteral("/class/tty/");
    // The port's device folder; its interface is that folder (ttyACM) or one of its parents
    // (ttyUSB: the usb-serial port sits below the interface), and the USB device above that.
    const auto interfaceDir = [&](const QString &name) {
        QString dir = QFileInfo(classDir + name + QStringLiteral("/device")).canonicalFilePath();
        for (int up = 0; up < 3 && !dir.isEmpty(); ++up, dir = QFileInfo(dir).path())
            if (QFileInfo::exists(dir + QStringLiteral("/bInterfaceNumber")))
                return dir;
        return QString();
    };
    const QString name = ttyName(path);
    const QString iface = interfaceDir(name);
    if (iface.isEmpty())
        return place;
    bool ok = false;
    place.interfaceNumber = readSmall(iface + QStringLiteral("/bInterfaceNumber")).trimmed().toInt(&ok, 16);
    if (!ok)
        place.interfaceNumber = -1;
    place.usbDevice = QFileInfo(iface).path();
    place.vendorId =
        quint16(readSmall(place.usbDevice + QStringLiteral("/idVendor")).trimmed().toUInt(&ok, 16));
    place.usb = ok;
    place.productId =
        quint16(readSmall(place.usbDevice + QStringLiteral("/idProduct")).trimmed().toUInt(nullptr, 16));
    if (place.quectel()) {
        const QStringList ttys =
            QDir(classDir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System);
        for (const QString &other : ttys) {
            const QString dir = interfaceDir(other);
            if (!dir.isEmpty() && QFileInfo(dir).path() == place.usbDevice &&
                readSmall(dir + QStringLiteral("/bInterfaceNumber")).trimmed().toInt(nullptr, 16) == 2) {
                place.atPortName = other;
                break;
            }
        }
    }
    return place;
}

QString PortDoctor::commandOf(qint64 pid) const
{
    const QString dir = QStringLiteral("%1/%2/").arg(m_view.procRoot).arg(pid);
    QByteArray cmdline = readSmall(dir + QStringLiteral("cmdline"));
    while (cmdline.endsWith('\0'))
        cmdline.chop(1);
    cmdline.replace('\0', ' ');
    QString command = QString::fromLocal8Bit(cmdline).simplified();
    const QString comm = QString::fromLocal8Bit(readSmall(dir + QStringLiteral("comm"))).trimmed();
    if (command.isEmpty())
        return comm;
    // "/usr/sbin/ModemManager" reads as "ModemManager"; arguments stay.
    const int space = command.indexOf(QLatin1Char(' '));
    const QString program = command.left(space < 0 ? command.size() : space);
    command = QFileInfo(program).fileName() + command.mid(program.size());
    return command.size() > 80 ? command.left(77) + QStringLiteral("...") : command;
}

QList<PortHolder> PortDoctor::holders(const QString &path, bool includeSelf, int *unreadable) const
{
    QList<PortHolder> out;
    int closed = 0;
    const QString canonical = QFileInfo(path).canonicalFilePath();
    const QString target = canonical.isEmpty() ? path : canonical;
    const bool pty = target.startsWith(QLatin1String("/dev/pts/"));
    const QStringList pids = QDir(m_view.procRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &p : pids) {
        bool numeric = false;
        const qint64 pid = p.toLongLong(&numeric);
        if (!numeric)
            continue;
        const QString fdDir = QStringLiteral("%1/%2/fd").arg(m_view.procRoot, p);
        QDir fds(fdDir);
        if (!fds.isReadable()) {
            ++closed;
            continue;
        }
        bool has = false, master = false;
        const QStringList entries = fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System);
        for (const QString &fd : entries) {
            const QString link = QFile::symLinkTarget(fdDir + QLatin1Char('/') + fd);
            has = has || link == target;
            master = master || link == QLatin1String("/dev/ptmx") || link == QLatin1String("/dev/pts/ptmx");
        }
        // The other end of a pseudo-terminal (a simulator) keeps its slave open too: not a reader.
        if (!has || (pty && master && pid != m_view.ownPid))
            continue;
        if (pid == m_view.ownPid && !includeSelf)
            continue;
        out << PortHolder{pid, commandOf(pid), pid == m_view.ownPid, false};
    }
    // A lock file (UUCP style, as Qt, minicom and picocom write) names its holder's pid.
    const QString lockName = QStringLiteral("LCK..") + QFileInfo(target).fileName();
    for (const QString &dir : m_view.lockDirs) {
        const QByteArray content = readSmall(dir + QLatin1Char('/') + lockName);
        if (content.isEmpty())
            continue;
        const qint64 pid = content.simplified().split(' ').value(0).toLongLong();
        if (pid <= 0 || !QFileInfo::exists(QStringLiteral("%1/%2").arg(m_view.procRoot).arg(pid)))
            continue; // a stale lock: whoever wrote it is gone
        if ((pid == m_view.ownPid && !includeSelf) ||
            std::any_of(out.cbegin(), out.cend(), [&](const PortHolder &h) { return h.pid == pid; }))
            continue;
        out << PortHolder{pid, commandOf(pid), pid == m_view.ownPid, true};
    }
    if (unreadable)
        *unreadable = closed;
    return out;
}

qint64 PortDoctor::modemManagerPid() const
{
    const QStringList pids = QDir(m_view.procRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &p : pids)
        if (readSmall(QStringLiteral("%1/%2/comm").arg(m_view.procRoot, p)).trimmed() == "ModemManager")
            return p.toLongLong();
    return 0;
}

void PortDoctor::addModemManagerAdvice(PortProblem &p) const
{
    const qint64 mm = modemManagerPid();
    const bool holds = std::any_of(p.holders.cbegin(), p.holders.cend(), [](const PortHolder &h) {
        return h.command.startsWith(QLatin1String("ModemManager"));
    });
    if (!mm && !holds)
        return;
    p.explanation << tr("ModemManager (pid %1) is running. It probes every new modem port for about "
                        "a minute and sends AT commands of its own, whose answers then go to it "
                        "instead of to you. Stop it for now, or keep it away from Quectel modules "
                        "for good with a udev rule (QMT Scope ships it as "
                        "share/qmtscope/udev/77-qmtscope-modemmanager.rules; nothing installs it "
                        "without you). Do not use the rule if this computer gets its own internet "
                        "connection through the module: ModemManager would no longer manage it.")
                         .arg(mm);
    p.commands << QStringLiteral("sudo systemctl stop ModemManager")
               << QStringLiteral("echo '%1' | sudo tee %2")
                      .arg(QString::fromLatin1(modemManagerRule()), QString::fromLatin1(kRuleFile))
               << QStringLiteral("sudo udevadm control --reload && sudo udevadm trigger");
}

PortProblem PortDoctor::permissionProblem(const QString &path) const
{
    PortProblem p;
    struct stat st
    {
    };
    if (m_view.uid == 0 || ::stat(QFile::encodeName(path).constData(), &st) != 0)
        return p; // root opens anything; a vanished file is another problem
    const auto can = [&](mode_t read, mode_t write) { return (st.st_mode & read) && (st.st_mode & write); };
    if (can(S_IROTH, S_IWOTH) || (qint64(st.st_uid) == m_view.uid && can(S_IRUSR, S_IWUSR)) ||
        (m_view.gids.contains(uint(st.st_gid)) && can(S_IRGRP, S_IWGRP)))
        return p; // the file's modes let us in: the refusal was something else (a lock)
    p.path = path;
    const GroupEntry group = groupOf(m_view.groupFile, uint(st.st_gid));
    const QString user = m_view.userName.isEmpty() ? QStringLiteral("$USER") : m_view.userName;
    if (!can(S_IRGRP, S_IWGRP)) {
        p.kind = Kind::PermissionDenied;
        p.summary = tr("Permission denied: only its owner may open %1.").arg(path);
        p.explanation << tr("The device file gives its group no access, so joining a group does not "
                            "help. Ask the administrator to give it to the dialout group:");
        p.commands << QStringLiteral("ls -l %1").arg(path)
                   << QStringLiteral("sudo chgrp dialout %1 && sudo chmod g+rw %1").arg(path);
        return p;
    }
    if (group.members.contains(m_view.userName) && !m_view.userName.isEmpty()) {
        p.kind = Kind::NeedsNewLogin;
        p.summary = tr("Permission denied: you are in the group “%1” already, but this login "
                       "started before you were added.")
                        .arg(group.name);
        p.explanation << tr("A new group applies from the next login: log out and back in (or "
                            "restart). To try at once, start QMT Scope with the group from a terminal:");
        p.commands << QStringLiteral("sg %1 -c qmtscope").arg(group.name);
        return p;
    }
    p.kind = Kind::PermissionDenied;
    p.summary = tr("Permission denied: %1 belongs to the group “%2”, and %3 is not in it.")
                    .arg(path, group.name, user);
    p.explanation << tr("Join the group once with the command below, then log out and back in (or "
                        "restart): a new group applies from the next login.");
    p.commands << QStringLiteral("sudo usermod -aG %1 %2").arg(group.name, user);
    return p;
}

PortProblem PortDoctor::openFailed(const QString &path, QSerialPort::SerialPortError error,
                                   const QString &systemText) const
{
    PortProblem p;
    p.path = path;
    if (error == QSerialPort::DeviceNotFoundError || !QFileInfo::exists(path)) {
        p.kind = Kind::NotFound;
        p.summary = tr("%1 does not exist.").arg(path);
        p.explanation << tr("The module is unplugged, or its ports got other names: a module that "
                            "restarts (AT+CFUN=1,1, a firmware update, a power dip) comes back as "
                            "new ports, and sometimes with other numbers. Rescan the ports (F5).");
        return p;
    }
    if (error == QSerialPort::PermissionError) {
        p = permissionProblem(path);
        if (p.isProblem())
            return p;
        p.path = path;
        int unreadable = 0;
        p.holders = holders(path, true, &unreadable);
        p.kind = Kind::Busy;
        QStringList names;
        for (const PortHolder &h : p.holders)
            names << (h.self ? tr("QMT Scope itself (pid %1)").arg(h.pid)
                             : QStringLiteral("%1 (pid %2)").arg(h.command).arg(h.pid));
        if (!names.isEmpty()) {
            p.summary = tr("%1 is in use by %2.").arg(path, names.join(QStringLiteral(", ")));
            if (std::any_of(p.holders.cbegin(), p.holders.cend(), [](const PortHolder &h) { return h.self; }))
                p.explanation << tr("This program has the port open already: close it first (in "
                                    "another window, or in the session that has it).");
            else
                p.explanation << tr("Close that program (a terminal such as minicom or screen left "
                                    "open, another tool) and open the port again.");
        } else {
            p.summary = tr("%1 is in use by another program.").arg(path);
            p.explanation << (unreadable > 0
                                  ? tr("Which one could not be seen: the processes of other "
                                       "users are not visible to you. This names them:")
                                  : tr("It was opened for exclusive use. This names the program:"));
            p.commands << QStringLiteral("sudo fuser -v %1").arg(path);
        }
        addModemManagerAdvice(p);
        return p;
    }
    p.kind = Kind::Other;
    p.summary = systemText.isEmpty() ? tr("%1 cannot be opened (error %2).").arg(path).arg(int(error))
                                     : tr("%1 cannot be opened: %2").arg(path, systemText);
    return p;
}

PortProblem PortDoctor::interfaceCheck(const QString &path) const
{
    PortProblem p;
    const UsbPlace place = usbPlace(path);
    if (!place.quectel() || !qualcommLayout(place.productId) ||
        (place.interfaceNumber != 0 && place.interfaceNumber != 1))
        return p;
    p.kind = Kind::NotAtInterface;
    p.path = path;
    p.summary = place.interfaceNumber == 0
                    ? tr("%1 is the module's DM (diagnostics) interface, not its AT interface.").arg(path)
                    : tr("%1 is the module's NMEA (GNSS) interface, not its AT interface.").arg(path);
    p.explanation << (place.interfaceNumber == 0
                          ? tr("It carries the binary diagnostic protocol: AT commands get no "
                               "answer there, or binary noise.")
                          : tr("It only sends GNSS sentences ($GPGGA…) while positioning is on: AT "
                               "commands get no answer there."));
    if (!place.atPortName.isEmpty()) {
        p.suggestedPath = m_view.devRoot + QLatin1Char('/') + place.atPortName;
        p.explanation << tr("The same module's AT interface is %1 (USB interface 2).").arg(p.suggestedPath);
    } else {
        p.explanation << tr("Use the module's USB interface 2 (usually the third of its ttyUSB ports).");
    }
    return p;
}

PortProblem PortDoctor::checkOpened(const QString &path) const
{
    PortProblem p = interfaceCheck(path);
    if (p.isProblem())
        return p;
    p.holders = holders(path, false);
    if (p.holders.isEmpty())
        return p;
    p.kind = Kind::SharedWithOthers;
    p.path = path;
    QStringList names;
    for (const PortHolder &h : p.holders)
        names << QStringLiteral("%1 (pid %2)").arg(h.command).arg(h.pid);
    p.summary = tr("Other programs have %1 open too: %2.").arg(path, names.join(QStringLiteral(", ")));
    p.explanation << tr("What the module sends goes to whichever program reads first, so answers "
                        "can go missing here. Close the other programs.");
    addModemManagerAdvice(p);
    return p;
}

} // namespace qmt::session
