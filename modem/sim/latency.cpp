// SPDX-License-Identifier: Apache-2.0
#include "sim/latency.h"

#include <QCoreApplication>
#include <QStringList>

namespace qmt::sim {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

bool Latency::isInstant() const
{
    return rtt == 0ms && jitter == 0ms && socketSetup == 0ms && tlsCompute == 0ms;
}

bool Latency::operator==(const Latency &o) const
{
    return rtt == o.rtt && jitter == o.jitter && socketSetup == o.socketSetup && tlsCompute == o.tlsCompute;
}

// Typical figures of the link classes (round trips to a cloud broker, the modules' own socket
// and TLS set-up); a real network varies, the jitter stands for that.
Latency Latency::lteCat1()
{
    return Latency{80ms, 40ms, 120ms, 250ms};
}

Latency Latency::lteCatM1()
{
    return Latency{200ms, 100ms, 200ms, 700ms};
}

Latency Latency::nbIot()
{
    return Latency{1200ms, 600ms, 400ms, 1500ms};
}

std::optional<Latency> Latency::parse(QStringView textIn, QString *error)
{
    const QString text = textIn.trimmed().toString().toLower();
    if (text == QLatin1String("0") || text == QLatin1String("off") || text == QLatin1String("instant"))
        return instant();
    if (text == QLatin1String("cat1") || text == QLatin1String("lte"))
        return lteCat1();
    if (text == QLatin1String("catm") || text == QLatin1String("m1") || text == QLatin1String("catm1"))
        return lteCatM1();
    if (text == QLatin1String("nb") || text == QLatin1String("nbiot") || text == QLatin1String("nb-iot"))
        return nbIot();
    const QStringList parts = text.split(QLatin1Char('/'));
    bool okRtt = false, okJitter = true;
    const int rtt = parts.value(0).toInt(&okRtt);
    const int jitter = parts.size() > 1 ? parts[1].toInt(&okJitter) : rtt / 2;
    if (parts.size() <= 2 && okRtt && okJitter && rtt >= 0 && jitter >= 0 && rtt <= 60000 &&
        jitter <= 60000) {
        if (rtt == 0 && jitter == 0)
            return instant();
        // the socket set-up and the handshake's cryptography scale with the link, as in the
        // named profiles
        return Latency{milliseconds(rtt), milliseconds(jitter), milliseconds(rtt * 3 / 2),
                       milliseconds(rtt * 3)};
    }
    if (error)
        *error = QCoreApplication::translate("qmt::sim::Latency", "unknown latency %1 (use %2)")
                     .arg(textIn.toString(), syntax());
    return std::nullopt;
}

QString Latency::syntax()
{
    return QStringLiteral("0, cat1, catm, nb or <rtt ms>[/<jitter ms>]");
}

QString Latency::describe() const
{
    if (isInstant())
        return QStringLiteral("instant");
    return QStringLiteral("round trip %1 ms (+0..%2 ms), socket set-up %3 ms, TLS cryptography %4 ms")
        .arg(rtt.count())
        .arg(jitter.count())
        .arg(socketSetup.count())
        .arg(tlsCompute.count());
}

milliseconds AirClock::delay(AirStep step, bool hostName)
{
    const Latency &l = m_latency;
    if (l.isInstant())
        return 0ms;
    auto draw = [this, &l] {
        if (l.jitter <= 0ms)
            return 0ms;
        std::uniform_int_distribution<qint64> d(0, l.jitter.count());
        return milliseconds(d(m_rng));
    };
    // half round trips, and one draw of the jitter per step
    auto trips = [&](int halfTrips) { return l.rtt * halfTrips / 2 + draw(); };
    const int dns = hostName ? 2 : 0;
    switch (step) {
    case AirStep::Open:
        return l.socketSetup + trips(2 + dns);
    case AirStep::OpenTls:
        return l.socketSetup + l.tlsCompute + trips(6 + dns);
    case AirStep::Connect:
    case AirStep::Subscribe:
    case AirStep::Unsubscribe:
    case AirStep::Publish1:
        return trips(2);
    case AirStep::Publish2:
        return trips(4);
    case AirStep::Publish0:
    case AirStep::Disconnect:
    case AirStep::Close:
    case AirStep::Receive:
        return trips(1);
    }
    return 0ms;
}

} // namespace qmt::sim
