// SPDX-License-Identifier: Apache-2.0
#include "clicommon.h"

#include "io/portdoctor.h"

#include <QCoreApplication>
#include <QLoggingCategory>

namespace qmt::cli {

int usageError(const QString &problem, const QString &usage)
{
    QTextStream err(stderr);
    err << QStringLiteral("qmtscope-cli: ") << problem << '\n' << usage;
    return 1;
}

std::unique_ptr<QSerialPort> openModulePort(const QString &path, qint32 baud, QTextStream &err)
{
    session::PortProblem problem;
    auto port = session::PortDoctor::openPort(path, baud, &problem);
    if (problem.isProblem())
        err << QStringLiteral("qmtscope-cli: ") << problem.text() << '\n';
    return port;
}

bool CliSimulator::start(const mqtt::LocalBroker::Config &config, sim::SimOptions options, QTextStream &err)
{
    // The simulator's MQTT clients tell of their connections; the subcommands say enough.
    QLoggingCategory::setFilterRules(QStringLiteral("qmtscope.*.info=false\nqmtscope.*.debug=false"));
    broker = std::make_unique<mqtt::LocalBroker>();
    if (!broker->startAndWait(config)) {
        err << QCoreApplication::translate(
                   "qmtscope-cli", "qmtscope-cli: cannot start the simulator's MQTT broker (mosquitto): %1\n")
                   .arg(broker->errorString());
        return false;
    }
    options.brokerPort = broker->port();
    options.brokerTlsPort = broker->tlsPort(); // 0 without TLS
    options.routeEveryHost = true;
    options.bootUrcs = false;
    module = std::make_unique<sim::SimModule>(options);
    device = std::make_unique<sim::SimDevice>(module.get());
    if (!device->open(QIODevice::ReadWrite)) {
        err << QCoreApplication::translate("qmtscope-cli",
                                           "qmtscope-cli: cannot start the simulated module\n");
        return false;
    }
    module->powerOn();
    return true;
}

} // namespace qmt::cli
