// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the qmtscope-cli subcommands that talk to a module share: the usage error, and the
// simulated module with its private broker (reproduce --sim, e2e --sim).

#include "mqtt/localbroker.h"
#include "sim/simdevice.h"
#include "sim/simmodule.h"

#include <QSerialPort>
#include <QString>
#include <QTextStream>

#include <memory>

namespace qmt::cli {

// "qmtscope-cli: <problem>" and the subcommand's usage on stderr; exit status 1.
int usageError(const QString &problem, const QString &usage);

// The module's serial port at `baud`; nullptr when it does not open. Why not and what to do (the
// dialout group, the program holding it, ModemManager), or a warning about the port that did open
// (a DM interface, other readers), goes to `err` (io/portdoctor.h).
std::unique_ptr<QSerialPort> openModulePort(const QString &path, qint32 baud, QTextStream &err);

// A private Mosquitto on loopback and the simulated module routed to it (every host name,
// "localhost" and IP literals too), no boot URCs, powered on, as an open QIODevice.
struct CliSimulator
{
    std::unique_ptr<mqtt::LocalBroker> broker;
    std::unique_ptr<sim::SimModule> module;
    std::unique_ptr<sim::SimDevice> device;
    // `options`' broker ports are filled in here. False, with the reason on `err`, when the broker
    // or the module does not start (the caller's exit status 3).
    bool start(const mqtt::LocalBroker::Config &config, sim::SimOptions options, QTextStream &err);
};

} // namespace qmt::cli
