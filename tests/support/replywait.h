// SPDX-License-Identifier: Apache-2.0
#pragma once
// Waits for a command's reply: its result, or Aborted when there is no reply (nothing was sent)
// or it did not finish within `ms`.

#include "io/commandchannel.h"

#include <QPointer>
#include <QTest>

namespace qmt::test {

inline session::CommandResult waitForReply(session::CommandReply *reply, int ms)
{
    session::CommandResult result;
    result.outcome = session::CommandResult::Outcome::Aborted;
    if (!reply)
        return result;
    bool done = false;
    const QPointer<session::CommandReply> guard = reply;
    QObject::connect(reply, &session::CommandReply::finished, reply, [&](const session::CommandResult &r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, ms) && guard)
        guard->disconnect(); // gave up: forget the captured locals
    return result;
}

} // namespace qmt::test
