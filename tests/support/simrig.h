// SPDX-License-Identifier: Apache-2.0
#pragma once
// The simulated module on a real pseudo-terminal, with a command channel on the other side
// opened through QSerialPort — what several tests talk to. Header-only: only the tests that
// include it link the simulator (qmt_sim).

#include "io/commandchannel.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

#include <QSerialPort>

namespace qmt::test {

struct SimOnPty
{
    explicit SimOnPty(quint16 brokerPort, quint16 brokerTlsPort = 0)
        : sim(options(brokerPort, brokerTlsPort)), pty(&sim)
    {
    }
    static sim::SimOptions options(quint16 brokerPort, quint16 brokerTlsPort)
    {
        sim::SimOptions o;
        o.brokerPort = brokerPort;
        o.brokerTlsPort = brokerTlsPort;
        return o;
    }
    // Creates the pty and opens its slave side for the channel.
    bool open()
    {
        if (!pty.open())
            return false;
        port.setPortName(pty.devicePath());
        if (!port.open(QIODevice::ReadWrite))
            return false;
        channel.setDevice(&port);
        return true;
    }
    const state::ClientSlot &slot(int i) const { return pipeline.store().slot(i); }

    sim::SimModule sim;
    sim::PtyServer pty;
    QSerialPort port;
    session::Pipeline pipeline;
    session::CommandChannel channel{&pipeline};
};

} // namespace qmt::test
