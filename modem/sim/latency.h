// SPDX-License-Identifier: Apache-2.0
#pragma once
// Air time: how long a module on a cellular link takes between the OK of an asynchronous
// command and its result URC (the network round trips behind it), and how long a message the
// broker sends takes to reach the module. The simulated module answers OK at once and holds each
// result URC and each received message back by a delay drawn from this model; the order of a
// slot's URCs is kept. Instant (all zero) is the old behaviour: what tests use.

#include <QString>
#include <QStringView>

#include <chrono>
#include <optional>
#include <random>

namespace qmt::sim {

struct Latency
{
    // One network round trip between the module and the broker.
    std::chrono::milliseconds rtt{0};
    // Each delay varies by up to this much more, drawn uniformly.
    std::chrono::milliseconds jitter{0};
    // The module's own time to open a socket (AT+QMTOPEN), on top of the round trips.
    std::chrono::milliseconds socketSetup{0};
    // The TLS handshake's cryptography on the module (AT+QMTOPEN with SSL), on top of its two
    // round trips.
    std::chrono::milliseconds tlsCompute{0};

    bool isInstant() const;
    bool operator==(const Latency &o) const;

    static Latency instant() { return {}; }
    // LTE Cat 1 (EC25/EG25/EC200U/EG915U class): ~80 ms round trips.
    static Latency lteCat1();
    // LTE Cat M1 (BG95/BG96 class): ~200 ms round trips, slower cryptography.
    static Latency lteCatM1();
    // NB-IoT: round trips of a second and more.
    static Latency nbIot();

    // "0" or "off" (instant), "cat1"/"lte", "catm"/"m1", "nb"/"nbiot", or "<rtt ms>[/<jitter ms>]".
    // nullopt (and *error) when the text is none of these.
    static std::optional<Latency> parse(QStringView text, QString *error = nullptr);
    static QString syntax(); // the forms parse() accepts, for help texts
    QString describe() const;
};

// What a delay is for: the steps of the MQTT commands as the air sees them.
enum class AirStep {
    Open,        // DNS (host names) + TCP connect + the module's socket set-up
    OpenTls,     // Open + the TLS handshake (two round trips + cryptography)
    Connect,     // CONNECT / CONNACK: one round trip
    Subscribe,   // SUBSCRIBE / SUBACK: one round trip
    Unsubscribe, // one round trip
    Publish0,    // QoS 0: the packet leaves (half a round trip)
    Publish1,    // PUBLISH / PUBACK: one round trip
    Publish2,    // PUBLISH / PUBREC / PUBREL / PUBCOMP: two round trips
    Disconnect,  // DISCONNECT leaves (half a round trip)
    Close,       // the socket's FIN (half a round trip)
    Receive,     // a message from the broker: one way (half a round trip)
};

// Draws delays from a Latency (seeded, so a run can be repeated).
class AirClock
{
public:
    explicit AirClock(unsigned seed = 14) : m_rng(seed) {}
    void setLatency(const Latency &l) { m_latency = l; }
    const Latency &latency() const { return m_latency; }
    // hostName: the host of AT+QMTOPEN is a name to resolve (one more round trip).
    std::chrono::milliseconds delay(AirStep step, bool hostName = false);

private:
    Latency m_latency;
    std::mt19937 m_rng;
};

} // namespace qmt::sim
