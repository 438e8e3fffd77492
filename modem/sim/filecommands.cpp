// SPDX-License-Identifier: Apache-2.0
// The simulated module: files (AT+QFUPL, AT+QFLST, AT+QFDEL, AT+QFLDS), kept as real files for TLS.

#include "sim/simmodule_p.h"

#include "at/checksum.h"

namespace qmt::sim {

void SimModule::Private::handleUpload(Form form, const std::vector<Arg> &a)
{
    qint64 size = 10240, timeout = 5, ack = 0;
    QByteArray name;
    if (form != Form::Set || a.empty() || a.size() > 4 || !strArg(a, 0, Param::FileNameLen, &name) ||
        (a.size() > 1 && !inRange(a, 1, Param::FileSize, &size)) ||
        (a.size() > 2 && !inRange(a, 2, Param::FileTimeout, &timeout)) ||
        (a.size() > 3 && !inRange(a, 3, Param::AckMode, &ack))) {
        cme(400);
        return;
    }
    const QByteArray n = normalFileName(name);
    if (!validFileName(n)) {
        cme(406);
        return;
    }
    if (files.count(n)) {
        cme(407);
        return;
    }
    qsizetype used = 0;
    for (const auto &f : files)
        used += f.second.size();
    if (used + size > kUfsTotal) {
        cme(420);
        return;
    }
    uploadName = n;
    uploadSize = size;
    uploadAckMode = int(ack);
    uploadAcked = 0;
    data.clear();
    input = Input::Upload;
    out("\r\nCONNECT\r\n");
    uploadTimer.setInterval(std::chrono::seconds(timeout));
    uploadTimer.start();
}

void SimModule::Private::finishUpload(bool timedOut)
{
    if (input != Input::Upload)
        return;
    uploadTimer.stop();
    input = Input::Command;
    const QByteArray content = data;
    data.clear();
    storeFile(uploadName, content);
    info("+QFUPL: " + num(content.size()) + ',' + at::formatChecksum(at::qfuplChecksum(content)));
    if (timedOut)
        cme(421);
    else
        ok();
    flushHeldUrcs();
}

void SimModule::Private::handleFiles(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    if (form == Form::Test) {
        ok();
        return;
    }
    if (cmd == Cmd::QFLDS) {
        qsizetype used = 0;
        for (const auto &f : files)
            used += f.second.size();
        info("+QFLDS: " + num(kUfsTotal - used) + ',' + num(kUfsTotal));
        ok();
        return;
    }
    QByteArray pattern = "*";
    if (form == Form::Set && !a.empty() && !strArg(a, 0, Param::FileNameLen, &pattern)) {
        cme(400);
        return;
    }
    const bool ram = pattern.startsWith("RAM:") || pattern.startsWith("ram:");
    const QByteArray p = normalFileName(pattern);
    const bool all = p == "*" || p == "RAM:*";
    if (cmd == Cmd::QFLST) {
        QByteArray o;
        for (const auto &f : files) {
            if (f.first.startsWith("RAM:") != ram)
                continue;
            if (all || f.first == p)
                o += "\r\n+QFLST: " + quote(f.first) + ',' + num(f.second.size());
        }
        reply(o);
        return;
    }
    // QFDEL
    if (form != Form::Set) {
        cme(400);
        return;
    }
    if (all) {
        for (auto it = files.begin(); it != files.end();) {
            const QByteArray n = it->first;
            ++it;
            if (n.startsWith("RAM:") == ram)
                removeFile(n);
        }
        ok();
        return;
    }
    if (!files.count(p)) {
        cme(405);
        return;
    }
    removeFile(p);
    ok();
}

} // namespace qmt::sim
