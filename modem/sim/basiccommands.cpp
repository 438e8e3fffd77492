// SPDX-License-Identifier: Apache-2.0
// The simulated module: basic commands (AT, ATE, ATI, AT+GMR, AT+CMEE, AT+CFUN, AT+CPIN) and the
// 3GPP PDP context (AT+QICSGP, AT+QIACT, AT+QIDEACT).

#include "sim/simmodule_p.h"

namespace qmt::sim {

void SimModule::Private::handleBasic(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    qint64 v = 0;
    switch (cmd) {
    case Cmd::AT:
        ok();
        return;
    case Cmd::ATE:
        if (form == Form::Set && a.size() == 1 && intArg(a, 0, &v) && (v == 0 || v == 1)) {
            echo = v == 1;
            ok();
        } else if (form == Form::Exec) {
            echo = false;
            ok();
        } else {
            error();
        }
        return;
    case Cmd::ATI:
        out("\r\nQuectel\r\n" + opt.model + "\r\nRevision: " + opt.revision + "\r\n\r\nOK\r\n");
        return;
    case Cmd::GMR:
    case Cmd::CGMR:
        out("\r\n" + opt.revision + "\r\n\r\nOK\r\n");
        return;
    case Cmd::CMEE:
        if (form == Form::Query) {
            info("+CMEE: " + num(cmee));
            ok();
        } else if (form == Form::Test) {
            info("+CMEE: (0-2)");
            ok();
        } else if (form == Form::Set && inRange(a, 0, Param::CmeeMode, &v)) {
            cmee = int(v);
            ok();
        } else {
            error();
        }
        return;
    case Cmd::CFUN:
        if (form == Form::Query) {
            info("+CFUN: 1");
            ok();
        } else if (form == Form::Set && intArg(a, 0, &v) && v == 1 && a.size() == 2 && intArg(a, 1, &v) &&
                   v == 1) {
            ok();
            reboot(); // AT+CFUN=1,1: restart
        } else {
            ok();
        }
        return;
    case Cmd::CPIN:
        if (form == Form::Query) {
            info("+CPIN: READY");
            ok();
        } else {
            error();
        }
        return;
    default:
        error();
        return;
    }
}

void SimModule::Private::handlePdp(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    qint64 cid = 0;
    if (cmd == Cmd::QIACT && form == Form::Query) {
        QByteArray o;
        for (const auto &[id, c] : pdp)
            if (c.active)
                o += "\r\n+QIACT: " + num(id) + ",1," + num(c.type) + ",\"10.64.0." + num(id + 1) + '"';
        out(o + (o.isEmpty() ? "" : "\r\n") + "\r\nOK\r\n");
        return;
    }
    if (form == Form::Test) {
        info('+' + QByteArray(at::cmdName(cmd)) + ": " + rangeText(ranges.range(Param::PdpContext)) +
             (cmd == Cmd::QICSGP ? ",(1-3),\"APN\",\"USERNAME\",\"PASSWORD\",(0-3)" : ""));
        ok();
        return;
    }
    if (form != Form::Set || !inRange(a, 0, Param::PdpContext, &cid)) {
        error();
        return;
    }
    Pdp &c = pdp[int(cid)];
    if (cmd == Cmd::QICSGP) {
        if (a.size() == 1) {
            info("+QICSGP: " + num(c.type) + ',' + quote(c.apn) + ',' + quote(c.user) + ',' +
                 quote(c.password) + ',' + num(c.auth));
            ok();
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
        ok();
        return;
    }
    if (cmd == Cmd::QIACT) {
        if (c.active) {
            error(); // already active (PROTOCOL.md §5)
            return;
        }
        c.active = true;
        ok();
        return;
    }
    c.active = false; // QIDEACT
    ok();
}

// ---------------------------------------------------------------------------------------------

} // namespace qmt::sim
