// SPDX-License-Identifier: Apache-2.0
#pragma once
// The actions a slot card offers and the path a new user takes through them — open the
// network, connect, subscribe, publish — decided from the slot's state as the traffic shows it.
// No widgets: the dashboard asks here which actions make sense and which one comes next.

#include "engine/clientslot.h"

namespace qmt::state {

enum class SlotAction : std::uint8_t {
    OpenNetwork,       // AT+QMTOPEN
    Connect,           // AT+QMTCONN
    Subscribe,         // AT+QMTSUB
    Publish,           // AT+QMTPUBEX
    Unsubscribe,       // AT+QMTUNS
    Disconnect,        // AT+QMTDISC
    Close,             // AT+QMTCLOSE
    ReadStored,        // AT+QMTRECV=<idx> (receive mode 1)
    ReadConfiguration, // every AT+QMTCFG read-back, AT+QMTOPEN?, AT+QMTCONN?, AT+QMTRECV?
    Count_
};
constexpr int kSlotActionCount = int(SlotAction::Count_);

// Whether the action makes sense in the slot's state: OpenNetwork while the network is closed
// or failed, Close while it is open or opening, Connect on an open network without a
// connection, Subscribe and Publish while connected, Unsubscribe with a subscription,
// Disconnect while connected or connecting, ReadStored with a stored message or in receive
// mode 1, ReadConfiguration always. (The console can still send anything.)
bool isActionUseful(const ClientSlot &slot, SlotAction action);

// The step a new user takes next: OpenNetwork, then Connect, then Subscribe (while there is no
// subscription), then Publish. Disconnecting slots and slots opening their network have no
// next step yet: Count_.
SlotAction nextStep(const ClientSlot &slot);

// The message id to use after `last` for AT+QMTSUB, AT+QMTUNS and AT+QMTPUBEX: 1-65535,
// wrapping, skipping the ids of the slot's unacknowledged publishes.
int nextMsgId(const ClientSlot &slot, int last);

// MQTT 3.1.1 topic matching: '+' matches one level, a final '#' any number of levels (the
// parent included), and wildcards at the first level do not match topics starting with '$'.
bool topicMatchesFilter(QByteArrayView filter, QByteArrayView topic);

// Topics to offer for a publish, best first, so that a new user's message comes back: the
// remembered topic if one of the slot's subscriptions matches it, then the subscribed topic
// filters without wildcards, then the remembered topic, then the fallback. No duplicates.
QByteArrayList suggestedPublishTopics(const ClientSlot &slot, const QByteArray &remembered,
                                      const QByteArray &fallback);

} // namespace qmt::state
