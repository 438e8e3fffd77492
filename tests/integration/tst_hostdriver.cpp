// SPDX-License-Identifier: Apache-2.0
// Host-driver conformance (issue 14): a small host driver written the way embedded MQTT drivers
// for BG95/EC25-class modules are — send a line ending in CR LF, read lines up to OK / ERROR /
// +CME ERROR, then wait for the result URC as a separate event; poll the SIM, registration and
// the PDP context first; no knowledge of the simulator — runs its whole MQTT flow against
// `qmtscope-sim` as a process, with its default air time (LTE Cat 1), over a real pty, for every
// module profile: boot, SIM, registration, PDP, open, connect, subscribe, publish QoS 0/1/2,
// receive directly and through the buffers, unsubscribe, disconnect (+QMTSTAT: <idx>,5), close.
// Then the network faults, each seen through the commands and the MQTT results they cause.

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSerialPort>
#include <QTest>

namespace {

constexpr int kWait = 20000; // ms: generous, never a fixed sleep

QString simProgram()
{
    return QDir(qEnvironmentVariable("QMT_BIN_DIR")).filePath(QStringLiteral("qmtscope-sim"));
}

// The driver. Everything the module sends is cut into lines; a command's answer is the lines up
// to its final result; every other line is an unsolicited result code, kept until waited for.
class HostDriver
{
public:
    struct Answer
    {
        QByteArray final; // "OK", "ERROR", "+CME ERROR: 10", or "" on a time-out
        QByteArrayList lines;
        bool ok() const { return final == "OK"; }
        QByteArray first(const QByteArray &prefix) const
        {
            for (const QByteArray &l : lines)
                if (l.startsWith(prefix))
                    return l;
            return {};
        }
    };

    bool open(const QString &path)
    {
        m_port.setPortName(path);
        m_port.setBaudRate(115200);
        return m_port.open(QIODevice::ReadWrite);
    }

    Answer at(const QByteArray &command, int timeoutMs = kWait)
    {
        return exchange(command, nullptr, timeoutMs);
    }
    // A command with a data phase: the data goes after the "> " prompt.
    Answer atData(const QByteArray &command, const QByteArray &data, int timeoutMs = kWait)
    {
        return exchange(command, &data, timeoutMs);
    }
    // The next URC starting with `prefix` (waiting for it), or "" after the time-out.
    QByteArray waitUrc(const QByteArray &prefix, int timeoutMs = kWait)
    {
        QElapsedTimer t;
        t.start();
        while (true) {
            for (qsizetype i = 0; i < m_urcs.size(); ++i)
                if (m_urcs[i].startsWith(prefix))
                    return m_urcs.takeAt(i);
            if (t.elapsed() > timeoutMs || !pump(int(timeoutMs - t.elapsed())))
                return {};
        }
    }
    void dropUrcs() { m_urcs.clear(); }

private:
    static bool isFinal(const QByteArray &l)
    {
        return l == "OK" || l == "ERROR" || l.startsWith("+CME ERROR") || l.startsWith("+CMS ERROR");
    }
    // Reads what is there (waiting up to timeoutMs for something); false on a time-out.
    bool pump(int timeoutMs)
    {
        if (!m_port.bytesAvailable() && !m_port.waitForReadyRead(std::max(timeoutMs, 1)))
            return false;
        m_rx += m_port.readAll();
        qsizetype end;
        while ((end = m_rx.indexOf("\r\n")) >= 0) {
            const QByteArray line = m_rx.left(end);
            m_rx.remove(0, end + 2);
            if (!line.isEmpty())
                m_lines << line;
        }
        // lines not taken by a command are URCs
        if (!m_inCommand) {
            m_urcs << m_lines;
            m_lines.clear();
        }
        return true;
    }
    Answer exchange(const QByteArray &command, const QByteArray *data, int timeoutMs)
    {
        Answer a;
        m_inCommand = true;
        m_urcs << m_lines; // what came before the command is unsolicited
        m_lines.clear();
        m_port.write(command + "\r\n");
        QElapsedTimer t;
        t.start();
        bool dataSent = data == nullptr;
        const QByteArray name =
            command.mid(2, command.indexOf('=') > 0 ? command.indexOf('=') - 2 : -1).split('?').first();
        while (t.elapsed() < timeoutMs) {
            if (!dataSent && m_rx.startsWith("> ")) {
                m_rx.remove(0, 2);
                m_port.write(*data);
                dataSent = true;
            }
            while (!m_lines.isEmpty()) {
                const QByteArray l = m_lines.takeFirst();
                if (l == command)
                    continue; // echo
                if (isFinal(l)) {
                    a.final = l;
                    m_inCommand = false;
                    m_urcs << m_lines;
                    m_lines.clear();
                    return a;
                }
                // the command's own information lines; a URC that arrived meanwhile is kept
                if (l.startsWith(name + ':') || !l.startsWith('+'))
                    a.lines << l;
                else
                    m_urcs << l;
            }
            if (!dataSent && m_rx.startsWith("> "))
                continue;
            pump(int(std::max<qint64>(1, timeoutMs - t.elapsed())));
        }
        m_inCommand = false;
        return a;
    }

    QSerialPort m_port;
    QByteArray m_rx;
    QByteArrayList m_lines, m_urcs;
    bool m_inCommand = false;
};

struct SimProcess
{
    ~SimProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(kWait))
                process.kill();
        }
    }
    bool start(const QStringList &args)
    {
        process.start(simProgram(), args);
        if (!process.waitForStarted(kWait))
            return false;
        return QTest::qWaitFor(
                   [this] {
                       out += process.readAllStandardOutput();
                       return out.contains('\n') || process.state() == QProcess::NotRunning;
                   },
                   kWait) &&
               out.contains('\n');
    }
    QString devicePath() const { return QString::fromLocal8Bit(out.left(out.indexOf('\n'))); }
    // A fault command on the simulator's stdin, once it has answered "ok" (applied).
    bool fault(const QByteArray &line)
    {
        const qsizetype oks = err.count("ok\n"); // the answer goes to stderr
        process.write(line + '\n');
        if (!process.waitForBytesWritten(kWait))
            return false;
        return QTest::qWaitFor(
            [&] {
                err += process.readAllStandardError();
                return err.count("ok\n") > oks;
            },
            kWait);
    }
    QProcess process;
    QByteArray out, err;
};

// Registration as drivers read it: +CEREG: <n>,<stat>, registered when stat is 1 (home) or 5.
int regStat(const QByteArray &line)
{
    const QList<QByteArray> f = line.mid(line.indexOf(':') + 1).trimmed().split(',');
    return f.size() >= 2 ? f[1].trimmed().toInt() : -1;
}

} // namespace

class tst_HostDriver : public QObject
{
    Q_OBJECT
private slots:
    void wholeFlowOnEveryProfile_data()
    {
        QTest::addColumn<QString>("model");
        for (const char *m : {"EC25", "EG25", "BG95", "BG96", "EC800M", "EG800K", "EC200U", "EG915U"})
            QTest::newRow(m) << QString::fromLatin1(m);
    }

    void wholeFlowOnEveryProfile()
    {
        QFETCH(QString, model);
        SimProcess sim;
        QVERIFY2(sim.start({QStringLiteral("--model"), model}), sim.out.constData());
        HostDriver d;
        QVERIFY(d.open(sim.devicePath()));

        // boot: the module says it is ready
        QVERIFY(!d.waitUrc("RDY").isEmpty());
        QVERIFY(d.at("ATE0").ok());
        const HostDriver::Answer ati = d.at("ATI");
        QVERIFY(ati.ok());
        QVERIFY2(ati.lines.join(' ').contains(model.toLatin1()), ati.lines.join(' ').constData());
        // SIM, signal, registration, PDP
        QCOMPARE(d.at("AT+CPIN?").first("+CPIN:"), QByteArray("+CPIN: READY"));
        QVERIFY(d.at("AT+CSQ").first("+CSQ:").startsWith("+CSQ: "));
        for (const char *reg : {"AT+CREG?", "AT+CGREG?", "AT+CEREG?"}) {
            const HostDriver::Answer a = d.at(reg);
            QVERIFY2(a.ok(), reg);
            const int stat = regStat(a.lines.value(0));
            QVERIFY2(stat == 1 || stat == 5, a.lines.value(0).constData());
        }
        // network set-up as the family's drivers do it: LTE-M/NB-IoT settings exist on BG9x only
        const bool lpwa = model.startsWith(QLatin1String("BG"));
        QVERIFY(d.at("AT+QCFG=\"nwscanmode\",0,1").ok());
        QCOMPARE(d.at("AT+QCFG=\"iotopmode\",0,1").ok(), lpwa);
        QVERIFY(d.at("AT+QNWINFO")
                    .first("+QNWINFO:")
                    .startsWith(lpwa ? "+QNWINFO: \"eMTC\"" : "+QNWINFO: \"FDD LTE\""));
        QVERIFY(d.at("AT+CGDCONT=1,\"IPV4V6\",\"internet\"").ok());
        QVERIFY(d.at("AT+CGDCONT?").first("+CGDCONT: 1,").contains("\"internet\""));
        QVERIFY(d.at("AT+QIACT=1").ok());
        QVERIFY(d.at("AT+QIACT?").first("+QIACT: 1,1").size() > 0);
        QVERIFY(d.at("AT+CGACT?").first("+CGACT: 1,1").size() > 0);

        // MQTT: slot 0 receives directly, with the length shown
        QVERIFY(d.at("AT+QMTCFG=\"recv/mode\",0,0,1").ok());
        QVERIFY(d.at("AT+QMTOPEN=0,\"broker.example.com\",1883").ok());
        QCOMPARE(d.waitUrc("+QMTOPEN:"), QByteArray("+QMTOPEN: 0,0"));
        QVERIFY(d.at("AT+QMTCONN=0,\"driver-0\"").ok());
        QCOMPARE(d.waitUrc("+QMTCONN:"), QByteArray("+QMTCONN: 0,0,0"));
        QVERIFY(d.at("AT+QMTSUB=0,1,\"drv/#\",2").ok());
        QCOMPARE(d.waitUrc("+QMTSUB:"), QByteArray("+QMTSUB: 0,1,0,2"));
        // Publishing as a driver for the family does: BG9x drivers put the message in the
        // line (AT+QMTPUBEX=…,"<topic>","<msg>"), EC2x and Cat 1 drivers give its length and
        // write it after '>'. The other family's form is refused, as the real module does.
        const bool bg9x = lpwa;
        const auto publish = [&](int idx, int msgId, int qos, const QByteArray &topic,
                                 const QByteArray &payload) {
            const QByteArray head = "AT+QMTPUBEX=" + QByteArray::number(idx) + ',' +
                                    QByteArray::number(msgId) + ',' + QByteArray::number(qos) + ",0,\"" +
                                    topic + "\",";
            return bg9x ? d.at(head + '"' + payload + '"')
                        : d.atData(head + QByteArray::number(payload.size()), payload);
        };
        QCOMPARE(
            d.at(bg9x ? "AT+QMTPUBEX=0,0,0,0,\"drv/x\",5" : "AT+QMTPUBEX=0,0,0,0,\"drv/x\",\"hello\"").final,
            QByteArray("ERROR"));
        QVERIFY(d.at("AT+QMTPUBEX=?").first("+QMTPUBEX:").endsWith(bg9x ? "\"msg\"" : "\"length\""));
        if (bg9x) { // the message in the line: 560 bytes at most
            QCOMPARE(d.at("AT+QMTPUBEX=0,0,0,0,\"other/x\",\"" + QByteArray(561, 'x') + '"').final,
                     QByteArray("ERROR"));
            QVERIFY(d.at("AT+QMTPUBEX=0,0,0,0,\"other/x\",\"" + QByteArray(560, 'x') + '"').ok());
            QCOMPARE(d.waitUrc("+QMTPUBEX:"), QByteArray("+QMTPUBEX: 0,0,0"));
        }
        for (int qos = 0; qos <= 2; ++qos) {
            const int msgId = qos == 0 ? 0 : 10 + qos;
            const QByteArray payload = "reading " + QByteArray::number(qos);
            QVERIFY(publish(0, msgId, qos, "drv/q" + QByteArray::number(qos), payload).ok());
            QCOMPARE(d.waitUrc("+QMTPUBEX:"), "+QMTPUBEX: 0," + QByteArray::number(msgId) + ",0");
            const QByteArray recv = d.waitUrc("+QMTRECV: 0,");
            QVERIFY2(recv.contains("\"drv/q" + QByteArray::number(qos) + "\"") &&
                         recv.endsWith('"' + payload + '"'),
                     recv.constData());
        }

        // the Ctrl+Z form every family has
        QVERIFY(d.atData("AT+QMTPUB=0,0,0,0,\"drv/z\"", "up to Ctrl+Z\x1a").ok());
        QCOMPARE(d.waitUrc("+QMTPUB:"), QByteArray("+QMTPUB: 0,0,0"));
        QVERIFY(d.waitUrc("+QMTRECV: 0,").endsWith("\"up to Ctrl+Z\""));

        // slot 1 receives through the buffers: +QMTRECV: 1,<recv_id>, read with AT+QMTRECV
        QVERIFY(d.at("AT+QMTCFG=\"recv/mode\",1,1,1").ok());
        QVERIFY(d.at("AT+QMTOPEN=1,\"broker.example.com\",1883").ok());
        QCOMPARE(d.waitUrc("+QMTOPEN:"), QByteArray("+QMTOPEN: 1,0"));
        QVERIFY(d.at("AT+QMTCONN=1,\"driver-1\"").ok());
        QCOMPARE(d.waitUrc("+QMTCONN:"), QByteArray("+QMTCONN: 1,0,0"));
        QVERIFY(d.at("AT+QMTSUB=1,2,\"drv/buffered\",1").ok());
        QCOMPARE(d.waitUrc("+QMTSUB:"), QByteArray("+QMTSUB: 1,2,0,1"));
        QVERIFY(publish(0, 20, 1, "drv/buffered", "stored").ok());
        QCOMPARE(d.waitUrc("+QMTPUBEX:"), QByteArray("+QMTPUBEX: 0,20,0"));
        QVERIFY(!d.waitUrc("+QMTRECV: 0,").isEmpty()); // slot 0 (drv/#) gets it directly
        const QByteArray stored = d.waitUrc("+QMTRECV: 1,");
        QVERIFY2(stored.startsWith("+QMTRECV: 1,") && stored.count(',') == 1, stored.constData());
        const QByteArray recvId = stored.mid(stored.indexOf(',') + 1);
        QVERIFY(d.at("AT+QMTRECV?").first("+QMTRECV: 1,").size() > 0);
        const HostDriver::Answer read = d.at("AT+QMTRECV=1," + recvId);
        QVERIFY(read.ok());
        QVERIFY2(read.first("+QMTRECV: 1,").endsWith("\"stored\""), read.lines.join('|').constData());

        // the end: unsubscribe, disconnect (the server's close is +QMTSTAT: 0,5), close
        QVERIFY(d.at("AT+QMTUNS=0,3,\"drv/#\"").ok());
        QCOMPARE(d.waitUrc("+QMTUNS:"), QByteArray("+QMTUNS: 0,3,0"));
        QVERIFY(d.at("AT+QMTDISC=0").ok());
        QCOMPARE(d.waitUrc("+QMTDISC:"), QByteArray("+QMTDISC: 0,0"));
        QCOMPARE(d.waitUrc("+QMTSTAT: 0,"), QByteArray("+QMTSTAT: 0,5"));
        QVERIFY(d.at("AT+QMTCLOSE=1").ok());
        QCOMPARE(d.waitUrc("+QMTCLOSE:"), QByteArray("+QMTCLOSE: 1,0"));
        QVERIFY(d.waitUrc("+QMTSTAT:", 500).isEmpty()); // a close we asked for is no status change
    }

    // The network faults, through the commands a driver polls and the MQTT results they cause.
    void networkFaults()
    {
        SimProcess sim;
        QVERIFY(sim.start({QStringLiteral("--no-boot-urcs")}));
        HostDriver d;
        QVERIFY(d.open(sim.devicePath()));
        QVERIFY(d.at("ATE0").ok());

        QVERIFY2(sim.fault("sim out"), sim.err.constData());
        QCOMPARE(d.at("AT+CPIN?").final, QByteArray("+CME ERROR: 10"));
        QVERIFY(regStat(d.at("AT+CEREG?").lines.value(0)) != 1);
        QVERIFY(sim.fault("sim in"));
        QTRY_COMPARE_WITH_TIMEOUT(d.at("AT+CPIN?").first("+CPIN:"), QByteArray("+CPIN: READY"), kWait);

        QVERIFY(sim.fault("network denied"));
        QCOMPARE(regStat(d.at("AT+CEREG?").lines.value(0)), 3);
        QVERIFY(sim.fault("network roaming"));
        QCOMPARE(regStat(d.at("AT+CEREG?").lines.value(0)), 5);
        QVERIFY(sim.fault("network home"));
        QCOMPARE(regStat(d.at("AT+CEREG?").lines.value(0)), 1);

        // PDP refused: the context does not come up, and an open fails as a module's does (3)
        QVERIFY(sim.fault("pdprefuse on"));
        QVERIFY(!d.at("AT+QIACT=1").ok());
        QVERIFY(d.at("AT+CGACT?").first("+CGACT: 1,0").size() > 0);
        QVERIFY(d.at("AT+QMTOPEN=0,\"broker.example.com\",1883").ok());
        QCOMPARE(d.waitUrc("+QMTOPEN:"), QByteArray("+QMTOPEN: 0,3"));
        QVERIFY(sim.fault("pdprefuse off"));
        QVERIFY(d.at("AT+QIACT=1").ok()); // as a driver does: the context again

        // the broker refuses, then the link drops: the results and status codes a driver acts on
        QVERIFY(d.at("AT+QMTOPEN=0,\"broker.example.com\",1883").ok());
        QCOMPARE(d.waitUrc("+QMTOPEN:"), QByteArray("+QMTOPEN: 0,0"));
        QVERIFY(sim.fault("refuse 0 5"));
        QVERIFY(d.at("AT+QMTCONN=0,\"refused\"").ok());
        QCOMPARE(d.waitUrc("+QMTCONN:"), QByteArray("+QMTCONN: 0,0,5"));
        QCOMPARE(d.waitUrc("+QMTSTAT: 0,"), QByteArray("+QMTSTAT: 0,4"));
        QVERIFY(d.at("AT+QMTOPEN=0,\"broker.example.com\",1883").ok());
        QCOMPARE(d.waitUrc("+QMTOPEN:"), QByteArray("+QMTOPEN: 0,0"));
        QVERIFY(d.at("AT+QMTCONN=0,\"dropped\"").ok());
        QCOMPARE(d.waitUrc("+QMTCONN:"), QByteArray("+QMTCONN: 0,0,0"));
        QVERIFY(sim.fault("drop 0"));
        QCOMPARE(d.waitUrc("+QMTSTAT: 0,"), QByteArray("+QMTSTAT: 0,1"));
    }
};

QTEST_GUILESS_MAIN(tst_HostDriver)
#include "tst_hostdriver.moc"
