// SPDX-License-Identifier: Apache-2.0
// PortDoctor on a made-up machine: a /sys with a Quectel EC25 (interfaces 0 DM, 1 NMEA, 2 AT,
// 3 modem) laid out as the option driver lays out ttyUSB ports, an EC200U and an FTDI adapter;
// a /proc with a terminal program holding a port, a lock file, ModemManager; an /etc/group; and
// a user who is, is not, or is not yet in the port's group.

#include "fakemachine.h"
#include "io/portdoctor.h"

#include <QFile>
#include <QTest>

#include <sys/stat.h>

using namespace qmt::session;
using Kind = PortProblem::Kind;

class tst_PortDoctor : public QObject
{
    Q_OBJECT

    qmt::test::FakeMachine m_machine;
    QString r(const QString &sub) const { return m_machine.path(sub); }
    SystemView view(QList<uint> gids = {1000}) const { return m_machine.view(gids); }
    QString dev(const char *name) const { return m_machine.dev(QLatin1String(name)); }
    gid_t fileGroup(const QString &path) const
    {
        struct stat st
        {
        };
        return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_gid : gid_t(-1);
    }
    void write(const QString &path, const QByteArray &content) { m_machine.write(path, content); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_machine.isValid());
        m_machine.addEc25();
        m_machine.addUsbPort(m_machine.addUsbDevice(QStringLiteral("1-2"), "2c7c", "0901"), 0,
                             QStringLiteral("ttyUSB4"));
        m_machine.addUsbPort(m_machine.addUsbDevice(QStringLiteral("1-3"), "0403", "6001"), 0,
                             QStringLiteral("ttyUSB5"));

        // The device files' group is named dialout in this machine's /etc/group.
        const gid_t gid = fileGroup(dev("ttyUSB2"));
        write(r(QStringLiteral("etc/group")),
              QStringLiteral("root:x:%1:\nplugdev:x:46:alice\n").arg(gid == 0 ? 1 : 0).toUtf8() +
                  QStringLiteral("dialout:x:%1:bob\n").arg(gid).toUtf8());

        m_machine.addProcess(1234, "minicom", QByteArray("/usr/bin/minicom\0-D\0/dev/ttyUSB3\0", 33),
                             {QStringLiteral("/dev/null"), dev("ttyUSB3")});
        m_machine.addProcess(555, "ModemManager", QByteArray("/usr/sbin/ModemManager\0", 23),
                             {QStringLiteral("/dev/null")});
        m_machine.addProcess(777, "picocom", QByteArray("picocom\0/dev/ttyUSB2\0", 21), {});
        m_machine.addProcess(42, "qmtscope", QByteArray("qmtscope\0", 9), {dev("ttyUSB2")});
        write(r(QStringLiteral("lock/LCK..ttyUSB2")), "       777\n");
        write(r(QStringLiteral("lock/LCK..ttyUSB0")), "9999\n"); // stale: no such process
    }

    void usbPlaceOfTtyUsbPorts()
    {
        const PortDoctor doctor(view());
        const UsbPlace dm = doctor.usbPlace(dev("ttyUSB0"));
        QVERIFY(dm.quectel());
        QCOMPARE(dm.productId, quint16(0x0125));
        QCOMPARE(dm.interfaceNumber, 0);
        QCOMPARE(dm.atPortName, QStringLiteral("ttyUSB2"));
        QCOMPARE(doctor.usbPlace(dev("ttyUSB3")).interfaceNumber, 3);
        QVERIFY(!doctor.usbPlace(dev("ttyUSB5")).quectel());
        QVERIFY(!doctor.usbPlace(r(QStringLiteral("nowhere"))).usb);
    }

    void dmAndNmeaInterfacesPointToTheAtInterface()
    {
        const PortDoctor doctor(view());
        const PortProblem dm = doctor.interfaceCheck(dev("ttyUSB0"));
        QCOMPARE(dm.kind, Kind::NotAtInterface);
        QVERIFY2(dm.summary.contains(QLatin1String("DM")), qPrintable(dm.summary));
        QCOMPARE(dm.suggestedPath, dev("ttyUSB2"));
        QVERIFY(dm.text().contains(dev("ttyUSB2")));
        const PortProblem nmea = doctor.interfaceCheck(dev("ttyUSB1"));
        QCOMPARE(nmea.kind, Kind::NotAtInterface);
        QVERIFY(nmea.summary.contains(QLatin1String("NMEA")));
        // The AT and modem interfaces speak AT; an EC200U numbers its ports otherwise; an FTDI
        // adapter is not a module.
        for (const char *ok : {"ttyUSB2", "ttyUSB3", "ttyUSB4", "ttyUSB5"})
            QCOMPARE(doctor.interfaceCheck(dev(ok)).kind, Kind::None);
    }

    void permissionDeniedSaysWhichGroupAndTheCommand()
    {
        ::chmod(QFile::encodeName(dev("ttyUSB2")).constData(), 0660);
        const PortProblem p = PortDoctor(view()).openFailed(dev("ttyUSB2"), QSerialPort::PermissionError);
        QCOMPARE(p.kind, Kind::PermissionDenied);
        QVERIFY2(p.summary.contains(QString::fromUtf8("“dialout”")), qPrintable(p.summary));
        QVERIFY(p.summary.contains(QLatin1String("alice")));
        QCOMPARE(p.commands, QStringList{QStringLiteral("sudo usermod -aG dialout alice")});
        QVERIFY(p.explanation.join(QLatin1Char(' ')).contains(QLatin1String("log out")));
    }

    void addedToTheGroupButNotLoggedInAgain()
    {
        ::chmod(QFile::encodeName(dev("ttyUSB2")).constData(), 0660);
        QFile group(r(QStringLiteral("etc/group")));
        QVERIFY(group.open(QIODevice::ReadOnly));
        QByteArray text = group.readAll();
        group.close();
        write(group.fileName(), QByteArray(text).replace(":bob\n", ":bob,alice\n"));
        const PortProblem p = PortDoctor(view()).openFailed(dev("ttyUSB2"), QSerialPort::PermissionError);
        write(group.fileName(), text);
        QCOMPARE(p.kind, Kind::NeedsNewLogin);
        QVERIFY(p.summary.contains(QString::fromUtf8("“dialout”")));
        QCOMPARE(p.commands, QStringList{QStringLiteral("sg dialout -c qmtscope")});
    }

    void ownerOnlyDeviceNeedsTheAdministrator()
    {
        ::chmod(QFile::encodeName(dev("ttyUSB2")).constData(), 0600);
        const PortProblem p = PortDoctor(view()).openFailed(dev("ttyUSB2"), QSerialPort::PermissionError);
        ::chmod(QFile::encodeName(dev("ttyUSB2")).constData(), 0660);
        QCOMPARE(p.kind, Kind::PermissionDenied);
        QVERIFY(p.commands.last().contains(QLatin1String("chmod g+rw")));
    }

    void busyPortNamesItsHolderAndModemManager()
    {
        // In the group: the refusal is not the file's modes, it is another program.
        const SystemView v = view({1000, uint(fileGroup(dev("ttyUSB2")))});
        const PortProblem p = PortDoctor(v).openFailed(dev("ttyUSB2"), QSerialPort::PermissionError);
        QCOMPARE(p.kind, Kind::Busy);
        // picocom through its lock file, and this very process through its descriptor
        QCOMPARE(p.holders.size(), 2);
        QVERIFY2(p.summary.contains(QLatin1String("picocom /dev/ttyUSB2 (pid 777)")), qPrintable(p.summary));
        QVERIFY(p.summary.contains(QLatin1String("QMT Scope itself (pid 42)")));
        // ModemManager runs: how to stop it now, and the rule that keeps it away for good
        QVERIFY(p.text().contains(QLatin1String("ModemManager (pid 555)")));
        QVERIFY(p.commands.contains(QStringLiteral("sudo systemctl stop ModemManager")));
        QVERIFY(std::any_of(p.commands.cbegin(), p.commands.cend(), [](const QString &c) {
            return c.contains(QLatin1String("ID_MM_DEVICE_IGNORE")) &&
                   c.contains(QLatin1String(PortDoctor::kRuleFile));
        }));

        // The same with the device open to everyone (a udev rule made it 0666).
        ::chmod(QFile::encodeName(dev("ttyUSB2")).constData(), 0666);
        QCOMPARE(PortDoctor(view()).openFailed(dev("ttyUSB2"), QSerialPort::PermissionError).kind,
                 Kind::Busy);
        ::chmod(QFile::encodeName(dev("ttyUSB2")).constData(), 0660);
    }

    void holdersByDescriptorAndLockFile()
    {
        const PortDoctor doctor(view());
        const QList<PortHolder> minicom = doctor.holders(dev("ttyUSB3"), false);
        QCOMPARE(minicom.size(), 1);
        QCOMPARE(minicom[0].pid, 1234);
        QCOMPARE(minicom[0].command,
                 QStringLiteral("minicom -D /dev/ttyUSB3")); // the program without its folder
        QVERIFY(!minicom[0].viaLockFile);
        const QList<PortHolder> usb2 = doctor.holders(dev("ttyUSB2"), false); // ourselves left out
        QCOMPARE(usb2.size(), 1);
        QCOMPARE(usb2[0].pid, 777);
        QVERIFY(usb2[0].viaLockFile);
        QVERIFY(doctor.holders(dev("ttyUSB0"), true).isEmpty()); // its lock file is stale
        QCOMPARE(doctor.modemManagerPid(), 555);
    }

    void openedButSharedWithAnotherReader()
    {
        const PortProblem p = PortDoctor(view()).checkOpened(dev("ttyUSB3"));
        QCOMPARE(p.kind, Kind::SharedWithOthers);
        QVERIFY(p.summary.contains(QLatin1String("minicom -D /dev/ttyUSB3 (pid 1234)")));
        // A DM port is reported as such first; the AT port held by nobody else is fine.
        QCOMPARE(PortDoctor(view()).checkOpened(dev("ttyUSB0")).kind, Kind::NotAtInterface);
        QCOMPARE(PortDoctor(view()).checkOpened(dev("ttyUSB5")).kind, Kind::None);
    }

    // The rule the advice prints is the rule the package ships.
    void shippedUdevRuleIsTheAdvisedOne()
    {
        QFile rule(qEnvironmentVariable("QMT_TEST_DATA") +
                   QStringLiteral("/../../packaging/udev/77-qmtscope-modemmanager.rules"));
        QVERIFY2(rule.open(QIODevice::ReadOnly), qPrintable(rule.fileName()));
        const QList<QByteArray> lines = rule.readAll().split('\n');
        QVERIFY(lines.contains(QByteArray(PortDoctor::modemManagerRule())));
    }

    void missingPortAndOtherErrors()
    {
        const PortDoctor doctor(view());
        const PortProblem gone = doctor.openFailed(dev("ttyUSB9"), QSerialPort::DeviceNotFoundError);
        QCOMPARE(gone.kind, Kind::NotFound);
        QVERIFY(gone.explanation.join(QLatin1Char(' ')).contains(QLatin1String("F5")));
        const PortProblem other = doctor.openFailed(dev("ttyUSB5"), QSerialPort::UnsupportedOperationError,
                                                    QStringLiteral("Invalid argument"));
        QCOMPARE(other.kind, Kind::Other);
        QVERIFY(other.summary.endsWith(QLatin1String("Invalid argument")));
    }
};

QTEST_GUILESS_MAIN(tst_PortDoctor)
#include "tst_portdoctor.moc"
