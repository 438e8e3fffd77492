// SPDX-License-Identifier: Apache-2.0
#pragma once
// PortDoctor: why a serial port does not work, in words a first user can act on. The problems
// every first user hits: the port is not theirs to open (the dialout group, and the new login it
// needs), another program holds it or reads from it too (ModemManager probing a new modem, a
// terminal left open), the name is gone (unplugged, re-enumerated after a reset), and the port
// is one of the module's other USB interfaces (DM, NMEA) rather than its AT interface.
//
// It looks at the machine through a SystemView: /sys, /proc, /etc/group, the lock-file folder
// and who we are. The real machine by default; tests give it a made-up one.

#include <QList>
#include <QSerialPort>
#include <QString>
#include <QStringList>

#include <memory>

namespace qmt::session {

struct SystemView
{
    QString sysRoot = QStringLiteral("/sys");
    QString procRoot = QStringLiteral("/proc");
    QString devRoot = QStringLiteral("/dev");
    QString groupFile = QStringLiteral("/etc/group");
    QStringList lockDirs{QStringLiteral("/var/lock"), QStringLiteral("/run/lock"), QStringLiteral("/tmp")};
    qint64 uid = 0;
    QString userName;  // "" when unknown
    QList<uint> gids;  // the groups this process has now (primary and supplementary)
    qint64 ownPid = 0; // this process: it is named as "QMT Scope itself", not as a stranger
    static SystemView current();
};

// A process that has the port open, or holds its lock file.
struct PortHolder
{
    qint64 pid = 0;
    QString command; // "ModemManager", "minicom -D /dev/ttyUSB2"
    bool self = false;
    bool viaLockFile = false; // known from a LCK.. file, not from an open descriptor
};

// Where a serial port sits on USB: its interface on a Quectel module, and which of the
// module's ports is the AT interface.
struct UsbPlace
{
    bool usb = false;
    quint16 vendorId = 0;
    quint16 productId = 0;
    int interfaceNumber = -1;
    QString usbDevice;  // the USB device's sysfs folder: the module the port belongs to
    QString atPortName; // "ttyUSB2": the same module's AT interface, "" when not known
    bool quectel() const { return usb && vendorId == 0x2c7c; }
};

struct PortProblem
{
    enum class Kind {
        None,
        NotFound,         // no such device
        PermissionDenied, // not the user's to open: join the group
        NeedsNewLogin,    // in the group already, but not in this login's groups
        Busy,             // another process has it (exclusively, or its lock file)
        SharedWithOthers, // opened, but other processes read it too and take answers away
        NotAtInterface,   // a Quectel DM or NMEA interface
        Other,
    };
    Kind kind = Kind::None;
    QString path;
    QString summary;         // one line: what is wrong
    QStringList explanation; // sentences: why, and what to do
    QStringList commands;    // to type in a terminal, in order
    QList<PortHolder> holders;
    QString suggestedPath; // another port to use instead (the module's AT interface)
    bool isProblem() const { return kind != Kind::None; }
    // Everything, for a terminal or the clipboard: summary, explanation, then the commands
    // indented.
    QString text() const;
};

class PortDoctor
{
public:
    // The udev rule that keeps ModemManager away from Quectel modules (the package ships it as
    // share/qmtscope/udev/77-qmtscope-modemmanager.rules; it is not active until copied).
    static const char *modemManagerRule();
    static constexpr const char *kRuleFile = "/etc/udev/rules.d/77-qmtscope-modemmanager.rules";

    explicit PortDoctor(SystemView view = SystemView::current());

    // Opens a serial port (8N1, `baud`) for a command-line tool: nullptr when it cannot, with
    // *problem saying why and what to do; on success *problem may hold a warning (checkOpened).
    static std::unique_ptr<QSerialPort> openPort(const QString &path, qint32 baud, PortProblem *problem);

    // Why opening `path` failed: QSerialPort's error code and text.
    PortProblem openFailed(const QString &path, QSerialPort::SerialPortError error,
                           const QString &systemText = QString()) const;
    // What is wrong with a port that opened (or is about to be opened) although it opens: a
    // DM/NMEA interface; other processes with it open. Kind::None when nothing.
    PortProblem checkOpened(const QString &path) const;
    // Whether the port is a Quectel interface that does not speak AT (Kind::NotAtInterface), or None.
    PortProblem interfaceCheck(const QString &path) const;

    UsbPlace usbPlace(const QString &path) const;
    // The processes (other than the caller's when `includeSelf` is false) with `path` open or
    // holding its lock file. *unreadable counts the processes whose descriptors could not be
    // looked at (other users' processes, for a user who is not root).
    QList<PortHolder> holders(const QString &path, bool includeSelf, int *unreadable = nullptr) const;
    // The pid of a running ModemManager, 0 when none runs.
    qint64 modemManagerPid() const;

private:
    PortProblem permissionProblem(const QString &path) const;
    void addModemManagerAdvice(PortProblem &p) const;
    QString commandOf(qint64 pid) const;

    SystemView m_view;
};

} // namespace qmt::session
