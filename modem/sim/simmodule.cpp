// SPDX-License-Identifier: Apache-2.0
// The simulated module: dispatch of a command line to its group, the helpers the settings of
// every group share, the public API and the faults. The groups are in basiccommands.cpp,
// mqttcommands.cpp, filecommands.cpp and sslcommands.cpp (see simmodule_p.h).

#include "sim/simmodule_p.h"

#include "at/settings.h"

Q_LOGGING_CATEGORY(lcSim, "qmtscope.sim")

namespace qmt::sim {

// ---------------------------------------------------------------------------------------------

void SimModule::Private::handle(const QByteArray &line, Cmd cmd, Form form, const std::vector<Arg> &a)
{
    Q_UNUSED(line);
    switch (cmd) {
    case Cmd::AT:
    case Cmd::ATE:
    case Cmd::ATI:
    case Cmd::GMR:
    case Cmd::CGMR:
    case Cmd::CMEE:
    case Cmd::ATV:
    case Cmd::ATZ:
    case Cmd::ATW:
        handleBasic(cmd, form, a);
        return;
    case Cmd::CGMI:
    case Cmd::CGMM:
    case Cmd::CGSN:
    case Cmd::GSN:
    case Cmd::CIMI:
    case Cmd::QCCID:
        handleIdentity(cmd, form, a);
        return;
    case Cmd::CPIN:
    case Cmd::CFUN:
    case Cmd::CSQ:
    case Cmd::QCSQ:
    case Cmd::CREG:
    case Cmd::CGREG:
    case Cmd::CEREG:
    case Cmd::COPS:
    case Cmd::CGATT:
    case Cmd::QNWINFO:
    case Cmd::QSPN:
    case Cmd::QCFG:
    case Cmd::QNTP:
    case Cmd::CCLK:
    case Cmd::QLTS:
    case Cmd::QURCCFG:
        handleNetwork(cmd, form, a);
        return;
    case Cmd::QMTCFG:
        handleCfg(form, a);
        return;
    case Cmd::QSSLCFG:
        handleSsl(form, a);
        return;
    case Cmd::QMTOPEN:
    case Cmd::QMTCLOSE:
        handleOpen(cmd, form, a);
        return;
    case Cmd::QMTCONN:
    case Cmd::QMTDISC:
        handleConn(cmd, form, a);
        return;
    case Cmd::QMTSUB:
    case Cmd::QMTUNS:
        handleSubUns(cmd, form, a);
        return;
    case Cmd::QMTPUBEX:
    case Cmd::QMTPUB:
        handlePublish(cmd, form, a);
        return;
    case Cmd::QMTRECV:
        handleRecv(form, a);
        return;
    case Cmd::QFUPL:
        handleUpload(form, a);
        return;
    case Cmd::QFLST:
    case Cmd::QFDEL:
    case Cmd::QFLDS:
        handleFiles(cmd, form, a);
        return;
    case Cmd::QICSGP:
    case Cmd::QIACT:
    case Cmd::QIDEACT:
    case Cmd::CGDCONT:
    case Cmd::CGACT:
    case Cmd::CGPADDR:
        handlePdp(cmd, form, a);
        return;
    default:
        error();
        return;
    }
}

// The "=?" line of a setting, from its row: the index range, then each field's range, or the
// placeholder a module prints for a quoted field ("willtopic") or its list of values.
QByteArray SimModule::Private::settingTestLine(const at::SettingInfo &row) const
{
    QByteArray l = "+" + QByteArray(at::cmdName(row.cmd)) + ": " + quote(row.name) + ',' +
                   rangeText(ranges.range(row.isCfg() ? Param::ClientIdx : Param::SslContextId));
    for (const at::SettingField &f : row.fields) {
        l += ',';
        if (f.placeholder)
            l += f.isQuoted() && !QByteArray(f.placeholder).startsWith('"') ? quote(f.placeholder)
                                                                            : QByteArray(f.placeholder);
        else
            l += rangeText(ranges.range(f.param));
    }
    return l;
}

// Checks the values of a set command against the row (from argument `first` on) and gives them
// as texts; false when one is missing, of the wrong kind or out of range.
bool SimModule::Private::settingValues(const at::SettingInfo &row, const std::vector<Arg> &a,
                                       std::size_t first, QList<QByteArray> *values) const
{
    const std::size_t n = a.size() - first;
    if (n > row.fields.size())
        return false;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
        const at::SettingField &f = row.fields[i];
        if (i >= n)
            return f.optional || (row.flagGated && f.gated); // the caller checks a flag left alone
        const std::size_t k = first + i;
        if (f.kind == at::ValueKind::Hex) {
            const QByteArray text = a[k].text.toByteArray().toUpper(); // unquoted; 0x and 0X both accepted
            bool okHex = false;
            const qint64 hex = text.startsWith("0X") ? text.mid(2).toLongLong(&okHex, 16) : -1;
            if (a[k].quoted || !okHex || !ranges.range(f.param).contains(hex))
                return false;
            values->append(text);
        } else if (f.isNumber() || f.kind == at::ValueKind::Data) {
            qint64 v = 0;
            if (a[k].quoted || !inRange(a, k, f.param, &v))
                return false;
            values->append(num(v));
        } else {
            QByteArray text;
            if (!strArg(a, k, f.param, &text, ranges.range(f.param).contains(0)))
                return false;
            values->append(text);
        }
    }
    return true;
}

SimModule::SimModule(const SimOptions &options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, options)), m_options(options)
{
}

SimModule::~SimModule()
{
    for (Slot &s : d->slotList)
        d->closeSlot(s);
}

void SimModule::powerOn()
{
    d->powerOn(d->opt.bootUrcs);
}

void SimModule::write(QByteArrayView bytes)
{
    d->write(bytes);
}

const at::RangeTable &SimModule::ranges() const
{
    return d->ranges;
}

void SimModule::dropLink(int idx)
{
    if (idx < 0 || idx >= kSlots)
        return;
    Slot &s = d->slotList[std::size_t(idx)];
    if (s.client && s.mq != Slot::Mq::Idle) {
        s.statOverride = 1;
        s.client->abort(); // the broker sees the socket die and publishes the will
    } else if (s.net == Slot::Net::Open) {
        d->closeSlot(s);
        d->slotUrc(idx, "+QMTSTAT: " + num(idx) + ",1");
    }
}

void SimModule::stopAnsweringPings(int idx)
{
    if (idx < 0 || idx >= kSlots)
        return;
    Slot &s = d->slotList[std::size_t(idx)];
    if (!s.client || s.mq != Slot::Mq::Connected)
        return;
    delete s.pingFault;
    s.pingFault = new QTimer;
    s.pingFault->setSingleShot(true);
    QObject::connect(s.pingFault, &QTimer::timeout, this, [this, idx] {
        Slot &t = d->slotList[std::size_t(idx)];
        if (t.client) {
            t.statOverride = 2;
            t.client->abort();
        }
    });
    s.pingFault->start(std::chrono::seconds(s.cfg.qmtPing));
}

void SimModule::refuseNextConnect(int idx, int code)
{
    if (idx >= 0 && idx < kSlots)
        d->slotList[std::size_t(idx)].refuseCode = code;
}

void SimModule::loseMessages(int idx, int count)
{
    if (idx >= 0 && idx < kSlots)
        d->slotList[std::size_t(idx)].loseMessages = std::max(count, 0);
}

void SimModule::failNextOpen(int idx, int result)
{
    if (idx >= 0 && idx < kSlots)
        d->slotList[std::size_t(idx)].openFailure = result;
}

void SimModule::setResponseDelay(std::chrono::milliseconds delay)
{
    d->delay = delay;
}

void SimModule::setLatency(const Latency &latency)
{
    d->air.setLatency(latency);
}

Latency SimModule::latency() const
{
    return d->air.latency();
}

void SimModule::setUrcBeforeFinal(bool on)
{
    d->urcFirst = on;
}

void SimModule::injectGarbage(const QByteArray &bytes)
{
    d->out(bytes.isEmpty() ? QByteArray("\xff\xfe\x00\x13~\x81 noise \x07\x1b[2J\r\n", 20) : bytes);
}

QString SimModule::inputState() const
{
    switch (d->input) {
    case Private::Input::Command:
        return QStringLiteral("command (line %1 bytes)").arg(d->line.size());
    case Private::Input::Data:
        return QStringLiteral("data %1/%2").arg(d->data.size()).arg(d->dataWanted);
    case Private::Input::CtrlZ:
        return QStringLiteral("ctrlz %1").arg(d->data.size());
    case Private::Input::Upload:
        return QStringLiteral("upload %1/%2").arg(d->data.size()).arg(d->uploadSize);
    case Private::Input::Off:
        return QStringLiteral("off");
    }
    return {};
}

void SimModule::reboot()
{
    d->reboot();
}

QString SimModule::faultCommandHelp()
{
    return QCoreApplication::translate(
        "qmt::sim::SimModule",
        "  drop <idx>            the slot's broker link breaks: +QMTSTAT: <idx>,1 (the broker sends the will)\n"
        "  noping <idx>          pings go unanswered: +QMTSTAT: <idx>,2 after the qmtping interval\n"
        "  lose <idx> <n>        the next <n> messages, either way, are lost: publishes are reported sent\n"
        "                        but never reach the broker; messages from the broker never reach the host\n"
        "  refuse <idx> <code>   the next AT+QMTCONN gets CONNACK <code> (2, 4 or 5), then +QMTSTAT: <idx>,4\n"
        "  dns <idx>             the next AT+QMTOPEN fails to resolve: +QMTOPEN: <idx>,4\n"
        "  pdp <idx>             the next AT+QMTOPEN fails to activate PDP: +QMTOPEN: <idx>,3\n"
        "  tls <idx>             the next AT+QMTOPEN fails its TLS handshake: +QMTOPEN: <idx>,-1\n"
        "  slow <ms>             every answer leaves <ms> later (0 to stop)\n"
        "  latency <air>         air time of result URCs and received messages: 0, cat1, catm, nb or <rtt ms>[/<jitter ms>]\n"
        "  urcfirst on|off       result URCs before OK (+QMTOPEN: 0,0 then OK)\n"
        "  sim in|out            the SIM is there or not (AT+CPIN?: +CME ERROR: 10, no registration)\n"
        "  network <state>       registration: home, roaming, searching, denied or none\n"
        "  signal <rssi>         the signal AT+CSQ reports: 0-31 (weak below 10), 99 unknown\n"
        "  pdprefuse on|off      the network refuses PDP contexts (+QMTOPEN: <idx>,3, +CME ERROR: 133)\n"
        "  garbage [text]        bytes that are not AT traffic on the line\n"
        "  reboot                the module restarts: RDY … APP RDY, all slots gone, echo on\n");
}

QString SimModule::applyFaultCommand(const QString &lineIn)
{
    const QStringList w = lineIn.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (w.isEmpty())
        return tr("empty fault command");
    const QString cmd = w[0].toLower();
    bool okIdx = false;
    const int idx = w.value(1).toInt(&okIdx);
    const bool idxValid = okIdx && idx >= 0 && idx < kSlots;
    auto needIdx = [&] { return idxValid ? QString() : tr("%1 needs a client index 0-5").arg(cmd); };
    if (cmd == QLatin1String("drop")) {
        if (!idxValid)
            return needIdx();
        dropLink(idx);
    } else if (cmd == QLatin1String("noping")) {
        if (!idxValid)
            return needIdx();
        stopAnsweringPings(idx);
    } else if (cmd == QLatin1String("lose")) {
        bool okCount = false;
        const int count = w.value(2).toInt(&okCount);
        if (!idxValid || !okCount || count < 0)
            return tr("lose needs a client index 0-5 and a number of messages");
        loseMessages(idx, count);
    } else if (cmd == QLatin1String("refuse")) {
        bool okCode = false;
        const int code = w.value(2).toInt(&okCode);
        if (!idxValid || !okCode || code < 1 || code > 5)
            return tr("refuse needs a client index 0-5 and a CONNACK code 1-5");
        refuseNextConnect(idx, code);
    } else if (cmd == QLatin1String("dns") || cmd == QLatin1String("pdp") || cmd == QLatin1String("tls")) {
        if (!idxValid)
            return needIdx();
        failNextOpen(idx, cmd == QLatin1String("dns") ? 4 : cmd == QLatin1String("pdp") ? 3 : -1);
    } else if (cmd == QLatin1String("slow")) {
        bool okMs = false;
        const int ms = w.value(1).toInt(&okMs);
        if (!okMs || ms < 0)
            return tr("slow needs a delay in milliseconds");
        setResponseDelay(std::chrono::milliseconds(ms));
    } else if (cmd == QLatin1String("latency")) {
        QString why;
        const std::optional<Latency> l = Latency::parse(w.value(1), &why);
        if (!l)
            return why;
        setLatency(*l);
    } else if (cmd == QLatin1String("sim")) {
        const QString v = w.value(1).toLower();
        if (v != QLatin1String("in") && v != QLatin1String("out"))
            return tr("sim needs in or out");
        const int old = d->cell.stat();
        d->cell.simPresent = v == QLatin1String("in");
        d->cellularChanged(old);
    } else if (cmd == QLatin1String("network")) {
        static const std::pair<const char *, int> states[] = {
            {"home", 1}, {"roaming", 5}, {"searching", 2}, {"denied", 3}, {"none", 0}};
        const QString v = w.value(1).toLower();
        int stat = -1;
        for (const auto &[name, code] : states)
            if (v == QLatin1String(name))
                stat = code;
        if (stat < 0)
            return tr("network needs home, roaming, searching, denied or none");
        const int old = d->cell.stat();
        d->cell.networkStat = stat;
        d->cellularChanged(old);
    } else if (cmd == QLatin1String("signal")) {
        bool okRssi = false;
        const int rssi = w.value(1).toInt(&okRssi);
        if (!okRssi || rssi < 0 || (rssi > 31 && rssi != 99))
            return tr("signal needs an rssi 0-31 or 99");
        d->cell.rssi = rssi;
    } else if (cmd == QLatin1String("pdprefuse")) {
        const QString v = w.value(1).toLower();
        if (v != QLatin1String("on") && v != QLatin1String("off"))
            return tr("pdprefuse needs on or off");
        d->cell.pdpRefused = v == QLatin1String("on");
    } else if (cmd == QLatin1String("urcfirst")) {
        const QString v = w.value(1).toLower();
        if (v != QLatin1String("on") && v != QLatin1String("off"))
            return tr("urcfirst needs on or off");
        setUrcBeforeFinal(v == QLatin1String("on"));
    } else if (cmd == QLatin1String("garbage")) {
        injectGarbage(w.size() > 1 ? lineIn.section(QLatin1Char(' '), 1).toUtf8() + "\r\n" : QByteArray());
    } else if (cmd == QLatin1String("reboot")) {
        reboot();
    } else {
        return tr("unknown fault %1").arg(w[0]);
    }
    return {};
}

} // namespace qmt::sim
