// SPDX-License-Identifier: Apache-2.0
// The end-to-end round trip through the tool (issue 11): the simulated module on a real pty,
// opened with QSerialPort, a private Mosquitto broker on loopback, the desktop peer
// (libmosquitto), and workflows/endtoend between them — slot → broker → peer and
// peer → broker → slot, one message at a time, QoS 0 and 1, the simulator's air time off. Prints
// per direction and QoS the median, p99 and worst latency and messages per second, next to a bare
// libmosquitto loopback round trip (peer → broker → peer) measured the same way, so the tool's own
// overhead shows. Goal (README): median ≤ 1 ms, p99 ≤ 5 ms. Asserts nothing about time; the
// smoke run in ctest only checks that every message arrives.
//
//   bench_e2e [--count 10000] [--size 64]

#include "mqtt/localbroker.h"
#include "mqtt/mqttclient.h"
#include "engine/pipeline.h"
#include "io/commandchannel.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "workflows/endtoend.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QSerialPort>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace qmt;

namespace {

bool connectClient(mqtt::MqttClient &c, quint16 port, const QByteArray &id)
{
    mqtt::MqttClient::Options o;
    o.clientId = id;
    QEventLoop wait;
    QObject::connect(&c, &mqtt::MqttClient::connected, &wait, &QEventLoop::quit);
    QObject::connect(&c, &mqtt::MqttClient::disconnected, &wait, &QEventLoop::quit);
    c.connectToHost(QStringLiteral("127.0.0.1"), port, o);
    wait.exec();
    return c.state() == mqtt::MqttClient::State::Connected;
}

// The bare loopback round trip: one client publishes, the same client (subscribed) receives.
void loopback(quint16 port, int count, int size, int qos)
{
    mqtt::MqttClient c;
    if (!connectClient(c, port, "bench-loopback"))
        return;
    QEventLoop wait;
    QObject::connect(&c, &mqtt::MqttClient::subscribed, &wait, &QEventLoop::quit);
    c.subscribe("bench/loop", qos);
    wait.exec();
    std::vector<qint64> lat;
    QElapsedTimer clock;
    clock.start();
    qint64 sent = 0;
    const QByteArray payload(size, 'x');
    QObject::connect(&c, &mqtt::MqttClient::messageReceived, &wait,
                     [&](int, const QByteArray &, const QByteArray &, int, bool) {
                         lat.push_back(clock.nsecsElapsed() / 1000 - sent);
                         if (int(lat.size()) < count) {
                             sent = clock.nsecsElapsed() / 1000;
                             c.publish("bench/loop", payload, qos, false);
                         } else {
                             wait.quit();
                         }
                     });
    const qint64 start = clock.nsecsElapsed();
    sent = clock.nsecsElapsed() / 1000;
    c.publish("bench/loop", payload, qos, false);
    wait.exec();
    const double seconds = double(clock.nsecsElapsed() - start) / 1e9;
    std::sort(lat.begin(), lat.end());
    std::printf(
        "libmosquitto loopback  QoS %d  %d messages  median %.3f ms  p99 %.3f ms  max %.3f ms  %.0f msg/s\n",
        qos, count, double(lat[lat.size() / 2]) / 1000.0, double(lat[lat.size() * 99 / 100]) / 1000.0,
        double(lat.back()) / 1000.0, double(count) / seconds);
}

} // namespace

int main(int argc, char **argv)
{
    int count = 10000, size = 64;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = std::max(1, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--size") == 0 && i + 1 < argc)
            size = std::max(22, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr, "usage: bench_e2e [--count N] [--size BYTES]\n");
            return 1;
        }
    }
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("qmtscope.*.info=false\nqmtscope.*.debug=false"));
    mqtt::LocalBroker broker;
    if (!broker.startAndWait()) {
        std::fprintf(stderr, "bench_e2e: no broker: %s\n", qPrintable(broker.errorString()));
        return 1;
    }
    sim::SimOptions so;
    so.brokerPort = broker.port();
    so.routeEveryHost = true;
    so.bootUrcs = false;
    sim::SimModule module(so); // latency model off (the library's default)
    sim::PtyServer pty(&module);
    QSerialPort port;
    session::Pipeline pipeline;
    session::CommandChannel channel(&pipeline);
    if (!pty.open() || (port.setPortName(pty.devicePath()), !port.open(QIODevice::ReadWrite))) {
        std::fprintf(stderr, "bench_e2e: no pty\n");
        return 1;
    }
    channel.setDevice(&port);
    module.powerOn();
    mqtt::MqttClient peer;
    if (!connectClient(peer, broker.port(), "bench-peer")) {
        std::fprintf(stderr, "bench_e2e: the peer cannot connect\n");
        return 1;
    }

    session::EndToEnd check(&channel, &pipeline, &peer);
    session::EndToEndOptions o;
    o.count = count;
    o.qos = {0, 1};
    o.payloadSize = size;
    o.host = QStringLiteral("broker.example.com");
    QEventLoop loop;
    QObject::connect(&check, &session::EndToEnd::finished, &loop, &QEventLoop::quit);
    QElapsedTimer wall;
    wall.start();
    check.start(o);
    if (check.isRunning())
        loop.exec();
    std::printf("end to end through the tool: %d messages per direction and QoS, %d bytes, %.1f s\n", count,
                size, double(wall.elapsed()) / 1000.0);
    for (const session::E2eStats &s : check.stats())
        std::printf("  %s\n", qPrintable(s.line()));
    loopback(broker.port(), count, size, 0);
    loopback(broker.port(), count, size, 1);
    if (!check.passed()) {
        std::fprintf(stderr, "bench_e2e: not every message arrived intact: %s\n", qPrintable(check.error()));
        return 1;
    }
    return 0;
}
