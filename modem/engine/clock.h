// SPDX-License-Identifier: Apache-2.0
#pragma once
// Time, injected: the pipeline stamps events with it, tests use a ManualClock.

#include <QDateTime>

namespace qmt::session {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowUs() const = 0; // microseconds since the epoch
};

class SystemClock final : public Clock
{
public:
    qint64 nowUs() const override { return QDateTime::currentMSecsSinceEpoch() * 1000; }
    static const SystemClock *instance()
    {
        static const SystemClock c;
        return &c;
    }
};

class ManualClock final : public Clock
{
public:
    qint64 nowUs() const override { return m_now; }
    void set(qint64 us) { m_now = us; }
    void advance(qint64 us) { m_now += us; }

private:
    qint64 m_now = 0;
};

} // namespace qmt::session
