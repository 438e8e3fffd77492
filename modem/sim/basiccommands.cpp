// SPDX-License-Identifier: Apache-2.0
// The simulated module: basic commands (AT, ATE, ATI, ATV, ATZ, AT&W, AT+GMR, AT+CMEE). The SIM,
// radio, registration and PDP commands are in networkcommands.cpp.

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
        // ATI or ATI0; anything else after the I (ATIX) is not the command
        if (form == Form::Set && !(a.size() == 1 && intArg(a, 0, &v) && v == 0)) {
            error();
            return;
        }
        reply("\r\nQuectel\r\n" + opt.model + "\r\nRevision: " + opt.revision);
        return;
    case Cmd::GMR:
    case Cmd::CGMR:
        reply("\r\n" + opt.revision);
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
    case Cmd::ATV:
        if (form == Form::Exec ||
            (form == Form::Set && a.size() == 1 && intArg(a, 0, &v) && (v == 0 || v == 1))) {
            verbose = form == Form::Set && v == 1;
            ok();
        } else {
            error();
        }
        return;
    case Cmd::ATZ:
        // ATZ or ATZ0 (the one saved profile); ATZZZ is no command
        if (form == Form::Set && !(a.size() == 1 && intArg(a, 0, &v) && v == 0)) {
            error();
            return;
        }
        // the saved profile: echo on, verbose result codes, numeric +CME ERROR
        echo = true;
        verbose = true;
        cmee = 1;
        ok();
        return;
    case Cmd::ATW:
        ok(); // nothing to keep beyond what ATZ restores
        return;
    default:
        error();
        return;
    }
}

// ---------------------------------------------------------------------------------------------

} // namespace qmt::sim
