// SPDX-License-Identifier: Apache-2.0
#include "workflows/slotactions.h"

#include <algorithm>

namespace qmt::state {

namespace {
constexpr int kMaxMsgId = 65535;
}

bool isActionUseful(const ClientSlot &s, SlotAction a)
{
    const bool netOpen = s.network == NetState::Open;
    const bool connected = s.mqtt == MqttState::Connected;
    const bool notConnected = s.mqtt == MqttState::Idle || s.mqtt == MqttState::Disconnected;
    switch (a) {
    case SlotAction::OpenNetwork:
        return (s.network == NetState::Closed || s.network == NetState::Failed) && notConnected;
    case SlotAction::Close:
        return netOpen || s.network == NetState::Opening || s.network == NetState::Unknown;
    case SlotAction::Connect:
        return netOpen && notConnected;
    case SlotAction::Subscribe:
    case SlotAction::Publish:
        return connected;
    case SlotAction::Unsubscribe:
        return connected && !s.subscriptions.empty();
    case SlotAction::Disconnect:
        return connected || s.mqtt == MqttState::Connecting;
    case SlotAction::ReadStored:
        return s.storedCount() > 0 || (connected && s.config.recvMode == 1);
    case SlotAction::ReadConfiguration:
        return true;
    case SlotAction::Count_:
        break;
    }
    return false;
}

SlotAction nextStep(const ClientSlot &s)
{
    if (s.network == NetState::Unknown || s.mqtt == MqttState::Unknown)
        return SlotAction::ReadConfiguration; // ask the module before anything else
    if (isActionUseful(s, SlotAction::OpenNetwork))
        return SlotAction::OpenNetwork;
    if (isActionUseful(s, SlotAction::Connect))
        return SlotAction::Connect;
    if (s.mqtt == MqttState::Connected)
        return s.subscriptions.empty() ? SlotAction::Subscribe : SlotAction::Publish;
    return SlotAction::Count_;
}

int nextMsgId(const ClientSlot &s, int last)
{
    int id = (last >= 1 && last < kMaxMsgId) ? last + 1 : 1;
    for (int tries = 0; tries < kMaxMsgId; ++tries) {
        const bool used = std::any_of(s.inFlight.begin(), s.inFlight.end(),
                                      [id](const InFlightPublish &p) { return p.msgId == id; });
        if (!used)
            return id;
        id = id < kMaxMsgId ? id + 1 : 1;
    }
    return 1;
}

bool topicMatchesFilter(QByteArrayView filter, QByteArrayView topic)
{
    if (filter.isEmpty() || topic.isEmpty())
        return false;
    if (topic.front() == '$' && (filter.front() == '+' || filter.front() == '#'))
        return false;
    qsizetype f = 0, t = 0;
    for (;;) {
        const qsizetype fSep = filter.indexOf('/', f);
        const qsizetype fEnd = fSep < 0 ? filter.size() : fSep;
        const QByteArrayView level = filter.sliced(f, fEnd - f);
        if (level == "#")
            return fEnd == filter.size();
        const qsizetype tSep = topic.indexOf('/', t);
        const qsizetype tEnd = tSep < 0 ? topic.size() : tSep;
        if (level != "+" && level != topic.sliced(t, tEnd - t))
            return false;
        const bool filterDone = fEnd == filter.size();
        const bool topicDone = tEnd == topic.size();
        if (filterDone || topicDone) {
            if (filterDone && topicDone)
                return true;
            // "a/#" matches "a": the filter's remaining level is a final '#'
            return topicDone && filter.sliced(fEnd) == "/#";
        }
        f = fEnd + 1;
        t = tEnd + 1;
    }
}

QByteArrayList suggestedPublishTopics(const ClientSlot &slot, const QByteArray &remembered,
                                      const QByteArray &fallback)
{
    QByteArrayList out;
    auto add = [&](const QByteArray &t) {
        if (!t.isEmpty() && !out.contains(t))
            out.append(t);
    };
    const bool rememberedComesBack =
        std::any_of(slot.subscriptions.begin(), slot.subscriptions.end(),
                    [&](const Subscription &s) { return topicMatchesFilter(s.topic, remembered); });
    if (rememberedComesBack)
        add(remembered);
    for (const Subscription &s : slot.subscriptions)
        if (!s.topic.contains('+') && !s.topic.contains('#'))
            add(s.topic);
    add(remembered);
    add(fallback);
    return out;
}

} // namespace qmt::state
