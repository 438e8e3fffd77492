// SPDX-License-Identifier: Apache-2.0
// The simulated module: what hosts run before MQTT (PROTOCOL.md §7) — the SIM (AT+CPIN,
// AT+CIMI, AT+QCCID), the radio (AT+CFUN), signal (AT+CSQ, AT+QCSQ), registration (AT+CREG,
// AT+CGREG, AT+CEREG and their reports, AT+COPS, AT+QNWINFO, AT+QSPN), the packet domain
// (AT+CGATT, AT+CGDCONT, AT+CGACT, AT+CGPADDR), network settings (AT+QCFG), the clock (AT+QNTP,
// AT+CCLK, AT+QLTS) and the URC port (AT+QURCCFG). Faults (simmodule.cpp) change the network's
// side; each shows through these commands and in the MQTT results it causes.

#include "sim/simmodule_p.h"

#include <QDateTime>
#include <QTimeZone>

namespace qmt::sim {

namespace {

// The network the simulated module sees: 3GPP's test network (MCC 001, MNC 01).
constexpr const char *kOperLong = "Test Network";
constexpr const char *kOperShort = "TEST";
constexpr const char *kOperNumeric = "00101";
constexpr const char *kLac = "1A2B"; // location / tracking area code
constexpr const char *kCellId = "0D6A5F01";
constexpr int kNtpNoNetwork = 561; // +QNTP <err> when the context cannot be used (ruling)

QByteArray pdpTypeName(int type)
{
    return type == 2 ? "IPV6" : type == 3 ? "IPV4V6" : "IP";
}

int pdpTypeOf(const QByteArray &name)
{
    const QByteArray n = name.toUpper();
    return n == "IP" ? 1 : n == "IPV6" ? 2 : n == "IPV4V6" ? 3 : 0;
}

QByteArray clockText(const QDateTime &utc, bool fourDigitYear)
{
    // Quectel's time: local time with the zone in quarter hours; the simulator lives in UTC.
    return utc.toString(fourDigitYear ? QStringLiteral("yyyy/MM/dd,hh:mm:ss")
                                      : QStringLiteral("yy/MM/dd,hh:mm:ss"))
               .toLatin1() +
           "+00";
}

} // namespace

// The access technology of the serving cell, by the module's class: 8 (eMTC) for BG9x, 7 (E-UTRAN)
// for the Cat 1/Cat 4 modules.
static int accessTechnology(ModuleFamily family)
{
    return family == ModuleFamily::Bg9x ? 8 : 7;
}

QByteArray SimModule::Private::regLine(Cmd cmd, int n, bool asUrc) const
{
    const int stat = cell.stat();
    QByteArray l =
        '+' + QByteArray(at::cmdName(cmd)) + ": " + (asUrc ? QByteArray() : num(n) + ',') + num(stat);
    if (n == 2 && (stat == 1 || stat == 5))
        l += ',' + quote(kLac) + ',' + quote(kCellId) + ',' + num(accessTechnology(family));
    return l;
}

void SimModule::Private::cellularChanged(int oldStat)
{
    const int stat = cell.stat();
    if (stat != oldStat) {
        const std::pair<Cmd, int> reports[] = {
            {Cmd::CREG, cell.cregN}, {Cmd::CGREG, cell.cgregN}, {Cmd::CEREG, cell.ceregN}};
        for (const auto &[cmd, n] : reports)
            if (n > 0)
                urc(regLine(cmd, n, true));
    }
    if (cell.canActivatePdp())
        return;
    // No service: the contexts are gone, and with them every MQTT link.
    for (auto &[cid, c] : pdp) {
        if (c.active) {
            c.active = false;
            urc("+QIURC: \"pdpdeact\"," + num(cid));
        }
    }
    for (Slot &s : slotList) {
        if (s.net == Slot::Net::Closed)
            continue;
        const int idx = s.idx;
        const bool opening = s.net == Slot::Net::Opening && !s.openLanding;
        closeSlot(s);
        if (opening)
            resultUrc(idx, Cmd::QMTOPEN, "+QMTOPEN: " + num(idx) + ",3");
        else
            slotUrc(idx, "+QMTSTAT: " + num(idx) + ",1");
    }
}

void SimModule::Private::setFunctionality(int fun)
{
    const int old = cell.stat();
    cell.cfun = fun;
    cellularChanged(old);
}

void SimModule::Private::handleIdentity(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    Q_UNUSED(a);
    if (form == Form::Test) {
        ok();
        return;
    }
    if (form != Form::Exec) {
        error();
        return;
    }
    switch (cmd) {
    case Cmd::CGMI:
        reply("\r\nQuectel");
        return;
    case Cmd::CGMM:
        reply("\r\n" + opt.model);
        return;
    case Cmd::CGSN:
    case Cmd::GSN:
        reply("\r\n" + opt.imei);
        return;
    case Cmd::CIMI:
        if (!cell.simPresent)
            cme(10);
        else
            reply("\r\n" + opt.imsi);
        return;
    case Cmd::QCCID:
        if (!cell.simPresent)
            cme(10);
        else
            reply("\r\n+QCCID: " + opt.iccid);
        return;
    default:
        error();
        return;
    }
}

void SimModule::Private::handleNetwork(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    qint64 v = 0;
    const int act = accessTechnology(family);
    switch (cmd) {
    case Cmd::CPIN:
        if (form == Form::Query) {
            if (cell.simPresent)
                reply("\r\n+CPIN: READY");
            else
                cme(10);
        } else if (form == Form::Test) {
            ok();
        } else {
            cell.simPresent ? cme(3) : cme(10); // no PIN to enter
        }
        return;
    case Cmd::CFUN:
        if (form == Form::Query) {
            reply("\r\n+CFUN: " + num(cell.cfun));
        } else if (form == Form::Test) {
            reply("\r\n+CFUN: (0,1,4),(0,1)");
        } else if (form == Form::Set && intArg(a, 0, &v) && (v == 0 || v == 1 || v == 4) && a.size() <= 2) {
            qint64 rst = 0;
            if (a.size() == 2 && (!intArg(a, 1, &rst) || rst < 0 || rst > 1)) {
                cme(50);
                return;
            }
            ok();
            if (rst == 1) {
                cell.cfun = int(v); // a restart with <fun> 1 (the only form a module takes with rst)
                reboot();
            } else {
                setFunctionality(int(v));
            }
        } else {
            cme(50);
        }
        return;
    case Cmd::CSQ: {
        if (form == Form::Test) {
            reply("\r\n+CSQ: (0-31,99),(0-7,99)");
            return;
        }
        const bool radio =
            cell.simPresent && cell.cfun == 1 && cell.networkStat != 0 && cell.networkStat != 2;
        reply("\r\n+CSQ: " + (radio ? num(cell.rssi) : QByteArray("99")) + ",99");
        return;
    }
    case Cmd::QCSQ: {
        if (form == Form::Test) {
            reply("\r\n+QCSQ: \"NOSERVICE\",\"GSM\",\"CAT-M\",\"NBIOT\",\"LTE\"");
            return;
        }
        if (!cell.registered() || cell.rssi == 99) {
            reply("\r\n+QCSQ: \"NOSERVICE\"");
            return;
        }
        const int rssiDbm = -113 + 2 * cell.rssi;
        const int rsrp = rssiDbm - 25;
        const int sinr = std::max(-20, (cell.rssi - 10) * 10); // dB x 5 as Quectel prints it
        const int rsrq = cell.rssi >= 15 ? -9 : -16;
        reply("\r\n+QCSQ: " + quote(act == 8 ? "CAT-M" : "LTE") + ',' + num(rssiDbm) + ',' + num(rsrp) + ',' +
              num(sinr) + ',' + num(rsrq));
        return;
    }
    case Cmd::CREG:
    case Cmd::CGREG:
    case Cmd::CEREG: {
        int &n = cmd == Cmd::CREG ? cell.cregN : cmd == Cmd::CGREG ? cell.cgregN : cell.ceregN;
        if (form == Form::Query) {
            reply("\r\n" + regLine(cmd, n, false));
        } else if (form == Form::Test) {
            reply("\r\n+" + QByteArray(at::cmdName(cmd)) + ": (0-2)");
        } else if (form == Form::Set && a.size() == 1 && intArg(a, 0, &v) && v >= 0 && v <= 2) {
            n = int(v);
            ok();
        } else {
            cme(50);
        }
        return;
    }
    case Cmd::COPS:
        if (form == Form::Query) {
            reply("\r\n+COPS: " + num(cell.copsMode) +
                  (cell.registered() ? ",0," + quote(kOperLong) + ',' + num(act) : QByteArray()));
        } else if (form == Form::Test) {
            if (!cell.simPresent || cell.cfun != 1) {
                cme(30);
                return;
            }
            reply("\r\n+COPS: (" + QByteArray(cell.networkStat == 3 ? "3" : "2") + ',' + quote(kOperLong) +
                  ',' + quote(kOperShort) + ',' + quote(kOperNumeric) + ',' + num(act) + "),,(0-4),(0-2)");
        } else if (form == Form::Set && intArg(a, 0, &v) && v >= 0 && v <= 4) {
            const int old = cell.stat();
            cell.copsMode = v == 2 ? 2 : int(v) == 1 || v == 4 ? 1 : 0;
            if (v != 2 && !cell.registered() && cell.simPresent && cell.cfun == 1) {
                cellularChanged(old);
                cme(30); // no network to register with
                return;
            }
            ok();
            cellularChanged(old);
        } else {
            cme(50);
        }
        return;
    case Cmd::CGATT:
        if (form == Form::Query) {
            reply("\r\n+CGATT: " + num(cell.registered() && cell.attached ? 1 : 0));
        } else if (form == Form::Test) {
            reply("\r\n+CGATT: (0,1)");
        } else if (form == Form::Set && a.size() == 1 && intArg(a, 0, &v) && (v == 0 || v == 1)) {
            if (v == 1 && !cell.registered()) {
                cme(30);
                return;
            }
            const int old = cell.stat();
            cell.attached = v == 1;
            ok();
            cellularChanged(old);
        } else {
            cme(50);
        }
        return;
    case Cmd::QNWINFO:
        if (form == Form::Test) {
            ok();
        } else if (!cell.registered()) {
            reply("\r\n+QNWINFO: No Service");
        } else {
            reply(act == 8 ? QByteArray("\r\n+QNWINFO: \"eMTC\",\"00101\",\"LTE BAND 20\",6300")
                           : QByteArray("\r\n+QNWINFO: \"FDD LTE\",\"00101\",\"LTE BAND 3\",1650"));
        }
        return;
    case Cmd::QSPN:
        if (form == Form::Test) {
            ok();
        } else if (!cell.registered()) {
            cme(30);
        } else {
            reply("\r\n+QSPN: " + quote(kOperLong) + ',' + quote(kOperShort) + ",\"\",0," +
                  quote(kOperNumeric));
        }
        return;
    case Cmd::QCFG: {
        // Network settings with read-back; the values are kept as the host wrote them.
        static const std::pair<const char *, const char *> known[] = {
            {"nwscanmode", "0"},
            {"nwscanseq", "00"},
            {"iotopmode", "2"},
            {"band", "0x260,0x42000000000000381A,0x0"}};
        // "iotopmode" (eMTC, NB-IoT or both) exists only on the LTE-M/NB-IoT modules (BG9x);
        // their "band" names its masks gsm/emtc/nbiot where the LTE Cat 1/Cat 4 ones have
        // bandval/ltebandval/tdsbandval.
        const bool bg9x = family == ModuleFamily::Bg9x;
        if (form == Form::Test) {
            QByteArray o;
            o += "\r\n+QCFG: \"nwscanmode\",(0-3),(0,1)";
            o += "\r\n+QCFG: \"nwscanseq\",(00-040302),(0,1)";
            if (bg9x) {
                o += "\r\n+QCFG: \"iotopmode\",(0-2),(0,1)";
                o += "\r\n+QCFG: \"band\",<gsmbandval>,<emtcbandval>,<nbiotbandval>,(0,1)";
            } else {
                o += "\r\n+QCFG: \"band\",<bandval>,<ltebandval>,<tdsbandval>,(0,1)";
            }
            reply(o);
            return;
        }
        if (form != Form::Set || a.empty() || !a[0].quoted) {
            error();
            return;
        }
        const QByteArray name = a[0].text.toByteArray().toLower();
        const char *def = nullptr;
        for (const auto &[k, d] : known)
            if (name == k)
                def = d;
        if (!def || (name == "iotopmode" && !bg9x)) {
            error();
            return;
        }
        auto it = cell.qcfg.find(name);
        const QByteArray current = it != cell.qcfg.end() ? it->second : QByteArray(def);
        if (a.size() == 1) {
            reply("\r\n+QCFG: " + quote(name) + ',' + current);
            return;
        }
        // set: the values, then an optional <effect> (0 after reboot, 1 at once); the band takes
        // three masks
        const std::size_t values = name == "band" ? 3 : 1;
        if (a.size() < 1 + values || a.size() > 2 + values) {
            error();
            return;
        }
        QByteArrayList parts;
        for (std::size_t i = 1; i <= values; ++i) {
            const QByteArray t = a[i].text.toByteArray();
            if (a[i].quoted || t.isEmpty()) {
                error();
                return;
            }
            parts << t;
        }
        if (name == "nwscanmode" || name == "iotopmode") {
            bool okNum = false;
            const int m = parts[0].toInt(&okNum);
            if (!okNum || m < 0 || m > (name == "iotopmode" ? 2 : 3)) {
                error();
                return;
            }
        }
        cell.qcfg[name] = parts.join(',');
        ok();
        return;
    }
    case Cmd::QNTP: {
        if (form == Form::Test) {
            reply("\r\n+QNTP: " + rangeText(ranges.range(Param::PdpContext)) +
                  ",\"<server>\",(1-65535),(0,1)");
            return;
        }
        qint64 cid = 0;
        QByteArray server;
        if (form != Form::Set || a.size() < 2 || !inRange(a, 0, Param::PdpContext, &cid) ||
            !strArg(a, 1, Param::HostLen, &server)) {
            error();
            return;
        }
        ok();
        const bool usable = cell.canActivatePdp();
        if (usable)
            pdp[int(cid)].active = true; // the context is brought up for it, as for QMTOPEN
        const quint32 gen = generation;
        QTimer::singleShot(air.delay(AirStep::Open, true), q, [this, gen, usable] {
            if (gen != generation)
                return;
            if (usable)
                urc("+QNTP: 0,\"" + clockText(utcNow(), true) + '"');
            else
                urc("+QNTP: " + num(kNtpNoNetwork));
        });
        return;
    }
    case Cmd::CCLK:
        if (form == Form::Query)
            reply("\r\n+CCLK: \"" + clockText(utcNow(), false) + '"');
        else if (form == Form::Test || form == Form::Set)
            ok(); // the simulator keeps the host's clock
        else
            error();
        return;
    case Cmd::QLTS:
        if (form == Form::Test) {
            reply("\r\n+QLTS: (0-2)");
        } else if (!cell.registered()) {
            reply("\r\n+QLTS: \"\"");
        } else {
            reply("\r\n+QLTS: \"" + clockText(utcNow(), true) + ",0\"");
        }
        return;
    case Cmd::QURCCFG: {
        if (form == Form::Test) {
            reply("\r\n+QURCCFG: \"urcport\",(\"usbat\",\"usbmodem\",\"uart1\")");
            return;
        }
        if (form != Form::Set || a.empty() || !a[0].quoted ||
            a[0].text.toByteArray().toLower() != "urcport") {
            error();
            return;
        }
        if (a.size() == 1) {
            reply("\r\n+QURCCFG: \"urcport\"," + quote(cell.urcPort));
            return;
        }
        const QByteArray port = a[1].text.toByteArray().toLower();
        if (a.size() != 2 || !a[1].quoted || (port != "usbat" && port != "usbmodem" && port != "uart1")) {
            error();
            return;
        }
        cell.urcPort = port;
        ok();
        return;
    }
    default:
        error();
        return;
    }
}

// ---- the packet domain's contexts (3GPP), the same contexts as AT+QICSGP/QIACT ----

void SimModule::Private::handlePdp(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    qint64 cid = 0;
    auto address = [](int id) { return "10.64.0." + num(id + 1); };
    switch (cmd) {
    case Cmd::CGDCONT:
        if (form == Form::Query) {
            QByteArray o;
            for (const auto &[id, c] : pdp)
                if (c.defined)
                    o += "\r\n+CGDCONT: " + num(id) + ',' + quote(pdpTypeName(c.type)) + ',' + quote(c.apn) +
                         ',' + quote(c.active ? address(id) : QByteArray("0.0.0.0")) + ",0,0,0,0";
            reply(o);
        } else if (form == Form::Test) {
            reply("\r\n+CGDCONT: " + rangeText(ranges.range(Param::PdpContext)) +
                  ",\"IP\",,,(0-2),(0-4),(0,1),(0,1)\r\n+CGDCONT: " +
                  rangeText(ranges.range(Param::PdpContext)) +
                  ",\"IPV6\",,,(0-2),(0-4),(0,1),(0,1)\r\n+CGDCONT: " +
                  rangeText(ranges.range(Param::PdpContext)) + ",\"IPV4V6\",,,(0-2),(0-4),(0,1),(0,1)");
        } else if (form == Form::Set && inRange(a, 0, Param::PdpContext, &cid)) {
            Pdp &c = pdp[int(cid)];
            if (a.size() == 1) { // undefine
                if (c.active) {
                    cme(3);
                    return;
                }
                c = Pdp{};
                c.defined = false;
                ok();
                return;
            }
            QByteArray apn;
            const int type = a[1].quoted ? pdpTypeOf(a[1].text.toByteArray()) : 0;
            if (type == 0 || (a.size() > 2 && !strArg(a, 2, Param::ApnLen, &apn, true))) {
                cme(50);
                return;
            }
            if (c.active) {
                cme(3);
                return;
            }
            c.type = type;
            c.apn = apn;
            c.defined = true;
            ok();
        } else {
            cme(50);
        }
        return;
    case Cmd::CGACT:
        if (form == Form::Query) {
            QByteArray o;
            for (const auto &[id, c] : pdp)
                if (c.defined)
                    o += "\r\n+CGACT: " + num(id) + ',' + num(c.active ? 1 : 0);
            reply(o);
        } else if (form == Form::Test) {
            reply("\r\n+CGACT: (0,1)");
        } else if (form == Form::Set && a.size() == 2) {
            qint64 state = 0;
            if (!intArg(a, 0, &state) || (state != 0 && state != 1) ||
                !inRange(a, 1, Param::PdpContext, &cid)) {
                cme(50);
                return;
            }
            Pdp &c = pdp[int(cid)];
            if (state == 1 && !c.active) {
                if (!cell.registered() || !cell.attached) {
                    cme(30);
                    return;
                }
                if (cell.pdpRefused) {
                    cme(133);
                    return;
                }
            }
            c.active = state == 1;
            c.defined = true;
            ok();
        } else {
            cme(50);
        }
        return;
    case Cmd::CGPADDR: {
        if (form == Form::Test) {
            QByteArray ids;
            for (const auto &[id, c] : pdp)
                if (c.defined)
                    ids += (ids.isEmpty() ? "" : ",") + num(id);
            reply("\r\n+CGPADDR: (" + ids + ')');
            return;
        }
        QByteArray o;
        for (const auto &[id, c] : pdp) {
            if (!c.defined || (form == Form::Set && !a.empty() && a[0].toInt() != id))
                continue;
            o += "\r\n+CGPADDR: " + num(id) + ',' + quote(c.active ? address(id) : QByteArray("0.0.0.0"));
        }
        if (form == Form::Set && (a.empty() || !inRange(a, 0, Param::PdpContext, &cid))) {
            cme(50);
            return;
        }
        reply(o);
        return;
    }
    default:
        break;
    }
    // AT+QICSGP, AT+QIACT, AT+QIDEACT (Quectel's TCP/IP commands)
    if (cmd == Cmd::QIACT && form == Form::Query) {
        QByteArray o;
        for (const auto &[id, c] : pdp)
            if (c.active)
                o += "\r\n+QIACT: " + num(id) + ",1," + num(c.type) + ',' + quote(address(id));
        reply(o);
        return;
    }
    if (form == Form::Test) {
        reply("\r\n+" + QByteArray(at::cmdName(cmd)) + ": " + rangeText(ranges.range(Param::PdpContext)) +
              (cmd == Cmd::QICSGP ? ",(1-3),\"APN\",\"USERNAME\",\"PASSWORD\",(0-3)" : ""));
        return;
    }
    if (form != Form::Set || !inRange(a, 0, Param::PdpContext, &cid)) {
        error();
        return;
    }
    Pdp &c = pdp[int(cid)];
    if (cmd == Cmd::QICSGP) {
        if (a.size() == 1) {
            reply("\r\n+QICSGP: " + num(c.type) + ',' + quote(c.apn) + ',' + quote(c.user) + ',' +
                  quote(c.password) + ',' + num(c.auth));
            return;
        }
        qint64 type = 0, auth = 0;
        QByteArray apn, user, pass;
        if (a.size() < 3 || !inRange(a, 1, Param::ContextType, &type) ||
            !strArg(a, 2, Param::ApnLen, &apn, true) ||
            (a.size() > 3 && !strArg(a, 3, Param::PdpUserLen, &user, true)) ||
            (a.size() > 4 && !strArg(a, 4, Param::PdpPasswordLen, &pass, true)) ||
            (a.size() > 5 && !inRange(a, 5, Param::PdpAuth, &auth))) {
            error();
            return;
        }
        c.type = int(type);
        c.apn = apn;
        c.user = user;
        c.password = pass;
        c.auth = int(auth);
        c.defined = true;
        ok();
        return;
    }
    if (cmd == Cmd::QIACT) {
        if (c.active || !cell.canActivatePdp()) {
            error(); // already active (PROTOCOL.md §5), or no network / refused by it
            return;
        }
        c.active = true;
        c.defined = true;
        ok();
        return;
    }
    c.active = false; // QIDEACT
    ok();
}

} // namespace qmt::sim
