// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli e2e (--port PATH [--baud N] | --sim) --broker HOST:PORT [--slot N] [--topic T]
//                  [--count N] [--qos Q[,Q…]] [...]
// The end-to-end check (workflows/endtoend.h) without a window: the desktop connects to the
// broker as a second MQTT client (the peer), the slot publishes to it and it publishes to the
// slot, every message is checked byte for byte and timed. The slot is opened and connected first
// when it is not; --sim runs the simulated module in-process with a private broker.

#include "e2e.h"

#include "clicommon.h"

#include "engine/pipeline.h"
#include "io/commandchannel.h"
#include "mqtt/mqttclient.h"
#include "sim/latency.h"
#include "workflows/endtoend.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace qmt::cli {

namespace {

int usageError(const QString &problem)
{
    return cli::usageError(problem, e2eUsage());
}

bool splitHostPort(const QString &text, QString *host, int *port)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    *host = colon > 0 ? text.left(colon) : text;
    *port = colon > 0 ? text.mid(colon + 1).toInt(&ok) : 1883;
    return !host->isEmpty() && (colon < 0 || (ok && *port > 0 && *port < 65536));
}

} // namespace

QString e2eUsage()
{
    return QCoreApplication::translate(
        "qmtscope-cli", "Usage: qmtscope-cli e2e (--port PATH [--baud N] | --sim) --broker HOST:PORT\n"
                        "                        [--slot N] [--topic T] [--count N] [--qos Q[,Q...]]\n"
                        "  Proves end-to-end delivery through the broker, both ways, and measures it: the\n"
                        "  desktop connects to the broker as a second MQTT client (the peer); the slot\n"
                        "  publishes on T/up and the peer must receive each message intact; the peer\n"
                        "  publishes on T/down and the slot must report it with +QMTRECV. One message at a\n"
                        "  time; latency from the module's OK after the data (or the peer's publish) to the\n"
                        "  arrival, the serial line's share shown apart. The slot is opened and connected\n"
                        "  first when it is not (to --module-broker, default --broker).\n"
                        "  --port PATH          the module's AT port      --baud N   its speed (115200)\n"
                        "  --sim                the simulated module in-process, with a private broker\n"
                        "                       (mosquitto); --broker is then not needed\n"
                        "  --sim-fault LINE     a fault for the simulator, e.g. \"lose 0 2\" (repeatable)\n"
                        "  --sim-latency AIR    the simulator's air time: 0 (default), cat1, catm, nb, <ms>\n"
                        "  --broker HOST:PORT   where the desktop reaches the broker\n"
                        "  --module-broker HOST:PORT  where the slot opens, when it is not open (default\n"
                        "                       --broker)\n"
                        "  --slot N             the MQTT client slot, 0-5 (default 0)\n"
                        "  --topic T            base topic (default qmtscope/e2e)\n"
                        "  --count N            messages per direction and QoS (default 10)\n"
                        "  --qos Q[,Q...]       QoS levels to check (default 0,1)\n"
                        "  --direction up|down|both   module → peer, peer → module, or both (default)\n"
                        "  --size N             payload bytes, 22 or more (default 32)\n"
                        "  --binary             payloads with every byte value\n"
                        "  --timeout SECONDS    per message (default 15)\n"
                        "  --client-id ID       the slot's client ID when it connects (qmtscope-e2e)\n"
                        "  --user U --password P   credentials, for the slot's connect and the peer's\n"
                        "  --ssl-ctx N          the slot opens with TLS on SSL context N (set up already)\n"
                        "  --ca FILE [--cert FILE --key FILE] [--insecure]   TLS for the peer\n"
                        "  --csv FILE           every message: direction, QoS, sequence, times, result\n"
                        "  Exit status: 0 every message arrived intact, 1 usage error, 3 the module, the\n"
                        "  simulator or the broker cannot be reached, 4 messages lost or damaged, or the\n"
                        "  check stopped.\n");
}

int e2e(const QStringList &args)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QString portPath, brokerText, moduleBrokerText, csvPath;
    QStringList simFaults;
    QString simLatency = QStringLiteral("0");
    bool sim = false;
    qint32 baud = 115200;
    session::EndToEndOptions o;
    o.slot = 0;
    mqtt::MqttClient::Options peerOptions;
    peerOptions.clientId = "qmtscope-peer-" + QByteArray::number(QCoreApplication::applicationPid());
    peerOptions.keepAlive = std::chrono::seconds(30);
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        QString v;
        auto value = [&](const QString &what) {
            if (i + 1 >= args.size())
                return false;
            v = args[++i];
            Q_UNUSED(what)
            return true;
        };
        auto number = [&](int lo, int hi, int *outValue) {
            bool ok = false;
            if (!value(a))
                return false;
            const int n = v.toInt(&ok);
            if (!ok || n < lo || n > hi)
                return false;
            *outValue = n;
            return true;
        };
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out << e2eUsage();
            return 0;
        } else if (a == QLatin1String("--sim")) {
            sim = true;
        } else if (a == QLatin1String("--binary")) {
            o.binary = true;
        } else if (a == QLatin1String("--insecure")) {
            peerOptions.tls.insecure = true;
        } else if (a == QLatin1String("--port")) {
            if (!value(a))
                return usageError(QCoreApplication::translate("qmtscope-cli", "--port needs a device path"));
            portPath = v;
        } else if (a == QLatin1String("--baud")) {
            if (!number(1, 12000000, &baud))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--baud needs a positive number"));
        } else if (a == QLatin1String("--broker")) {
            if (!value(a))
                return usageError(QCoreApplication::translate("qmtscope-cli", "--broker needs HOST:PORT"));
            brokerText = v;
        } else if (a == QLatin1String("--module-broker")) {
            if (!value(a))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--module-broker needs HOST:PORT"));
            moduleBrokerText = v;
        } else if (a == QLatin1String("--sim-fault")) {
            if (!value(a))
                return usageError(QCoreApplication::translate(
                    "qmtscope-cli", "--sim-fault needs a fault line, e.g. \"lose 0 2\""));
            simFaults << v;
        } else if (a == QLatin1String("--sim-latency")) {
            if (!value(a))
                return usageError(QCoreApplication::translate(
                    "qmtscope-cli", "--sim-latency needs 0, cat1, catm, nb or milliseconds"));
            simLatency = v;
        } else if (a == QLatin1String("--slot")) {
            if (!number(0, 5, &o.slot))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--slot needs a client index 0-5"));
        } else if (a == QLatin1String("--topic")) {
            if (!value(a) || v.isEmpty() || v.contains(QLatin1Char('+')) || v.contains(QLatin1Char('#')))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--topic needs a topic without wildcards"));
            o.topic = v.toUtf8();
        } else if (a == QLatin1String("--count")) {
            if (!number(1, 10000000, &o.count))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--count needs a positive number"));
        } else if (a == QLatin1String("--size")) {
            if (!number(22, 1 << 20, &o.payloadSize))
                return usageError(QCoreApplication::translate("qmtscope-cli",
                                                              "--size needs a number of bytes, 22 or more"));
        } else if (a == QLatin1String("--timeout")) {
            int s = 0;
            if (!number(1, 3600, &s))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--timeout needs seconds, 1-3600"));
            o.timeout = std::chrono::seconds(s);
        } else if (a == QLatin1String("--qos")) {
            if (!value(a))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--qos needs levels, e.g. 0,1,2"));
            o.qos.clear();
            for (const QString &q : v.split(QLatin1Char(','))) {
                bool ok = false;
                const int n = q.trimmed().toInt(&ok);
                if (!ok || n < 0 || n > 2 || o.qos.contains(n))
                    return usageError(
                        QCoreApplication::translate("qmtscope-cli", "--qos takes 0, 1 and 2, each once: %1")
                            .arg(v));
                o.qos << n;
            }
        } else if (a == QLatin1String("--direction")) {
            if (!value(a) ||
                !QStringList{QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("both")}.contains(
                    v))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--direction takes up, down or both"));
            o.up = v != QLatin1String("down");
            o.down = v != QLatin1String("up");
        } else if (a == QLatin1String("--client-id")) {
            if (!value(a) || v.isEmpty())
                return usageError(QCoreApplication::translate("qmtscope-cli", "--client-id needs an ID"));
            o.clientId = v.toUtf8();
        } else if (a == QLatin1String("--user")) {
            if (!value(a))
                return usageError(QCoreApplication::translate("qmtscope-cli", "--user needs a name"));
            o.username = peerOptions.username = v.toUtf8();
        } else if (a == QLatin1String("--password")) {
            if (!value(a))
                return usageError(QCoreApplication::translate("qmtscope-cli", "--password needs a password"));
            o.password = peerOptions.password = v.toUtf8();
        } else if (a == QLatin1String("--ssl-ctx")) {
            if (!number(0, 5, &o.sslCtx))
                return usageError(
                    QCoreApplication::translate("qmtscope-cli", "--ssl-ctx needs an SSL context 0-5"));
        } else if (a == QLatin1String("--ca") || a == QLatin1String("--cert") ||
                   a == QLatin1String("--key")) {
            if (!value(a))
                return usageError(QCoreApplication::translate("qmtscope-cli", "%1 needs a file").arg(a));
            peerOptions.tls.enabled = true;
            (a == QLatin1String("--ca")     ? peerOptions.tls.caFile
             : a == QLatin1String("--cert") ? peerOptions.tls.certFile
                                            : peerOptions.tls.keyFile) = v;
        } else if (a == QLatin1String("--csv")) {
            if (!value(a))
                return usageError(QCoreApplication::translate("qmtscope-cli", "--csv needs a file name"));
            csvPath = v;
        } else {
            return usageError(QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(a));
        }
    }
    if (sim == !portPath.isEmpty())
        return usageError(QCoreApplication::translate("qmtscope-cli", "e2e needs --port PATH or --sim"));
    if (!sim && brokerText.isEmpty())
        return usageError(QCoreApplication::translate(
            "qmtscope-cli", "e2e needs --broker HOST:PORT: where the desktop reaches the broker"));
    QString peerHost;
    int peerPort = 1883;
    if (!brokerText.isEmpty() && !splitHostPort(brokerText, &peerHost, &peerPort))
        return usageError(
            QCoreApplication::translate("qmtscope-cli", "--broker needs HOST:PORT, not %1").arg(brokerText));
    if (!moduleBrokerText.isEmpty() && !splitHostPort(moduleBrokerText, &o.host, &o.port))
        return usageError(
            QCoreApplication::translate("qmtscope-cli", "--module-broker needs HOST:PORT, not %1")
                .arg(moduleBrokerText));
    if (moduleBrokerText.isEmpty()) {
        o.host = peerHost;
        o.port = peerPort;
    }
    if (o.up && !o.down && o.qos.isEmpty())
        return usageError(QCoreApplication::translate("qmtscope-cli", "nothing to check"));

    // The module: simulated in-process (with its broker) or on a port.
    session::Pipeline pipeline;
    session::CommandChannel channel(&pipeline);
    CliSimulator simulator;
    std::unique_ptr<QIODevice> port;
    QIODevice *device = nullptr;
    if (sim) {
        QString why;
        const std::optional<sim::Latency> latency = sim::Latency::parse(simLatency, &why);
        if (!latency)
            return usageError(QStringLiteral("--sim-latency: %1").arg(why));
        sim::SimOptions so;
        so.latency = *latency;
        if (!simulator.start({}, so, err))
            return 3;
        device = simulator.device.get();
        for (const QString &f : std::as_const(simFaults))
            if (const QString problem = simulator.module->applyFaultCommand(f); !problem.isEmpty())
                return usageError(QStringLiteral("--sim-fault %1: %2").arg(f, problem));
        peerHost = QStringLiteral("127.0.0.1");
        peerPort = simulator.broker->port();
        if (o.host.isEmpty()) {
            o.host = QStringLiteral("broker.example.com"); // routed to the private broker
            o.port = 1883;
        }
        o.baud = 0;
    } else {
        port = openModulePort(portPath, baud, err);
        if (!port)
            return 3;
        device = port.get();
        o.baud = baud;
    }
    channel.setDevice(device);

    // The peer.
    mqtt::MqttClient peer;
    {
        QEventLoop wait;
        QString why;
        QObject::connect(&peer, &mqtt::MqttClient::connected, &wait, &QEventLoop::quit);
        QObject::connect(&peer, &mqtt::MqttClient::connackRefused, &wait,
                         [&](int code) { why = mqtt::MqttClient::connackText(code); });
        QObject::connect(&peer, &mqtt::MqttClient::disconnected, &wait, [&](int error, bool) {
            if (why.isEmpty())
                why = peer.errorString().isEmpty() ? mqtt::MqttClient::errorText(error) : peer.errorString();
            wait.quit();
        });
        err << QCoreApplication::translate("qmtscope-cli", "peer: connecting to %1:%2\n")
                   .arg(peerHost)
                   .arg(peerPort);
        err.flush();
        peer.connectToHost(peerHost, quint16(peerPort), peerOptions);
        if (peer.state() != mqtt::MqttClient::State::Connected &&
            peer.state() != mqtt::MqttClient::State::Disconnected)
            wait.exec();
        if (peer.state() != mqtt::MqttClient::State::Connected) {
            err << QCoreApplication::translate(
                       "qmtscope-cli", "qmtscope-cli: the desktop cannot connect to the broker %1:%2: %3\n")
                       .arg(peerHost)
                       .arg(peerPort)
                       .arg(why);
            return 3;
        }
    }

    session::EndToEnd check(&channel, &pipeline, &peer);
    QEventLoop loop;
    QObject::connect(&check, &session::EndToEnd::progress, &check, [&](const QString &step) {
        err << step << '\n';
        err.flush();
    });
    QObject::connect(&check, &session::EndToEnd::sampleFinished, &check, [&](const session::E2eSample &s) {
        if (!s.passed())
            err << QCoreApplication::translate("qmtscope-cli", "%1 QoS %2 #%3: %4\n")
                       .arg(session::e2eDirectionName(s.dir))
                       .arg(s.qos)
                       .arg(s.seq)
                       .arg(s.problem);
    });
    QObject::connect(&check, &session::EndToEnd::finished, &loop, &QEventLoop::quit);
    check.start(o);
    if (check.isRunning())
        loop.exec();

    int total = 0, good = 0;
    for (const session::E2eStats &s : check.stats()) {
        out << s.line() << '\n';
        total += s.sent;
        good += s.intact;
    }
    if (!check.error().isEmpty())
        out << QCoreApplication::translate("qmtscope-cli", "stopped: %1\n").arg(check.error());
    out << (check.passed()
                ? QCoreApplication::translate("qmtscope-cli", "PASS: all %1 messages arrived intact\n")
                      .arg(total)
                : QCoreApplication::translate("qmtscope-cli", "FAIL: %1 of %2 messages arrived intact\n")
                      .arg(good)
                      .arg(total));
    out.flush();
    if (!csvPath.isEmpty()) {
        QFile csv(csvPath);
        if (!csv.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            err << QCoreApplication::translate("qmtscope-cli", "qmtscope-cli: cannot write %1: %2\n")
                       .arg(csvPath, csv.errorString());
        } else {
            csv.write(session::EndToEnd::csv(check.samples()));
        }
    }
    peer.disconnectFromHost();
    return check.passed() ? 0 : 4;
}

} // namespace qmt::cli
