// SPDX-License-Identifier: Apache-2.0
#pragma once
// ClientSlot: everything the traffic tells about one of the module's six MQTT clients
// (client_idx 0-5), and ModuleState: what it tells about the module itself.

#include "at/commands.h"
#include "at/ranges.h"
#include "at/settings.h"
#include "at/spec.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QString>
#include <array>
#include <map>
#include <vector>

namespace qmt::state {

constexpr int kSlotCount = 6;
constexpr int kRecvBufferSize = 5;         // recv_id 0-4 (PROTOCOL.md §2)
constexpr int kPublishWindow = 5;          // unacknowledged publishes
constexpr std::size_t kKeptMessages = 200; // received messages kept per slot for the detail view

// Unknown: the port was lost while the slot was in use; what the module did meanwhile is not
// known until it is asked again (ClientSlot::unknownSinceUs says since when).
enum class NetState : std::uint8_t { Closed, Opening, Open, Failed, Unknown };
enum class MqttState : std::uint8_t { Idle, Connecting, Connected, Disconnecting, Disconnected, Unknown };

const char *netStateName(NetState s); // "closed", "opening", "open", "failed", "unknown"
const char *
mqttStateName(MqttState s); // "idle", "connecting", "connected", "disconnecting", "disconnected", "unknown"

// The configuration records are the descriptor table's (at/settings.h), so the table's rows
// read and write them directly.
using Will = at::Will;
using SlotConfig = at::SlotConfig;
using SslContext = at::SslConfig;

struct Subscription
{
    QByteArray topic;
    int requestedQos = 0;
    int grantedQos = -1; // -1 while the SUBACK is pending
    bool operator==(const Subscription &o) const { return topic == o.topic; }
};

struct InFlightPublish
{
    int msgId = 0;
    int qos = 0;
    bool retain = false;
    QByteArray topic;
    qint64 length = 0;
    int retransmissions = 0;
    qint64 sentUs = 0;
};

struct ReceivedMessage
{
    qint64 timeUs = 0;
    int msgId = 0;
    int recvId = -1; // buffer it was read from (receive mode 1), else -1
    QByteArray topic;
    QByteArray payload;
    qint64 declaredLength = -1;
    bool complete = true; // false: cut at a line end or the stream end; see PROTOCOL.md §3 Receive
};

// The last kKeptMessages received messages, oldest first. Storage is reused once full, so a
// steady stream of messages costs no allocations.
class MessageRing
{
public:
    std::size_t size() const { return m_items.size(); }
    bool empty() const { return m_items.empty(); }
    const ReceivedMessage &operator[](std::size_t i) const
    {
        return m_items[m_items.size() < kKeptMessages ? i : (m_head + i) % kKeptMessages];
    }
    const ReceivedMessage &back() const { return (*this)[m_items.size() - 1]; }
    // The record to fill for a new message: a new one, or the oldest, overwritten.
    ReceivedMessage &push()
    {
        if (m_items.size() < kKeptMessages)
            return m_items.emplace_back();
        ReceivedMessage &r = m_items[m_head];
        m_head = (m_head + 1) % kKeptMessages;
        return r;
    }
    void clear()
    {
        m_items.clear();
        m_head = 0;
    }

private:
    std::vector<ReceivedMessage> m_items;
    std::size_t m_head = 0; // the oldest, once full
};

// The last thing that went wrong on a slot, as the module reported it (or as we saw it).
struct SlotError
{
    enum class Kind : std::uint8_t { None, Result, Urc, CmeError, Error, Timeout, Local };
    Kind kind = Kind::None;
    QByteArray source; // "QMTSTAT", "QMTOPEN", "QMTCONN", …
    int code = 0;
    const spec::CodeText *info = nullptr; // meaning and fix from the spec tables, if known
    QByteArray detail;                    // e.g. the +CME ERROR text
    qint64 timeUs = 0;
    quint32 serial = 0; // differs for every error the store sets (0: none), so a repeat is seen as new
    bool isSet() const { return kind != Kind::None; }
    QString text() const; // in words, translated
    QString fix() const;  // translated, may be empty
};

struct SlotCounters
{
    quint64 commands = 0;
    quint64 published = 0; // publishes the module reported as sent (result 0)
    quint64 publishFailed = 0;
    quint64 received = 0; // messages announced by +QMTRECV (either form)
    quint64 errors = 0;
    quint64 stats = 0; // +QMTSTAT URCs
};

struct ClientSlot
{
    int index = 0;
    SlotConfig config;
    NetState network = NetState::Closed;
    QByteArray host;
    int port = 0;
    MqttState mqtt = MqttState::Idle;
    QByteArray clientId;
    QByteArray username;
    bool hasPassword = false;
    std::vector<Subscription> subscriptions;
    std::vector<InFlightPublish> inFlight;
    std::array<bool, kRecvBufferSize> stored{};
    MessageRing messages;
    SlotCounters counters;
    SlotError lastError;
    SlotError lastStat;        // the last +QMTSTAT or +QMTPING, whatever its code
    qint64 unknownSinceUs = 0; // network/mqtt Unknown: when the port was lost
    // The outcome of the latest command about this slot, whoever sent it (console, form, card):
    // its name, whether it succeeded (final result and, for asynchronous commands, the result
    // URC) and when. Empty until a command finished.
    struct Outcome
    {
        at::Cmd cmd = at::Cmd::Unknown; // Unknown: none yet
        bool ok = false;
        QByteArray answer; // what said so: "OK", "ERROR", "+CME ERROR: 3", "+QMTCONN: 0,0,5"
        qint64 timeUs = 0;
        bool isSet() const { return cmd != at::Cmd::Unknown; }
    } lastOutcome;
    int storedCount() const;
};

struct UploadedFile
{
    qint64 size = 0;
    QByteArray checksum; // as the module printed it (lower-case hex)
};

struct ModuleState
{
    bool echo = true; // ATE1 after power-up
    int cmee = -1;
    int boots = 0;           // RDY seen
    bool ready = false;      // APP RDY seen
    QByteArrayList identity; // ATI / AT+GMR text lines
    QByteArray revision;
    // The identity in one line: ATI's lines (manufacturer, model) and the revision,
    // "Quectel EC25 · EC25EFAR06A06M4G"; empty while unknown.
    QByteArray summary() const;
    std::array<SslContext, 6> ssl;
    std::map<QByteArray, UploadedFile> files;
    std::map<int, int> pdpActive; // cid -> state
    QByteArrayList cfgRanges;     // the lines of the last AT+QMTCFG=? answer
    at::RangeTable ranges;        // the seed's ranges, overridden by the module's own =? answers
    quint64 events = 0, commands = 0, urcs = 0, finals = 0, errors = 0;
    quint64 unknownLines = 0; // not AT traffic: kept and counted
    quint64 truncatedFrames = 0;
    quint64 incompletePayloads = 0;
};

} // namespace qmt::state
