// SPDX-License-Identifier: Apache-2.0
#pragma once
// SlotStore: a pure reducer from AtEvents (commands we wrote, lines the module sent, lines of a
// log) to the six ClientSlot records and the ModuleState. No I/O, no timers: the same events
// give the same state.

#include "at/event.h"
#include "engine/clientslot.h"

#include <QJsonObject>

namespace qmt::state {

class SlotStore
{
public:
    SlotStore();

    void apply(const at::AtEvent &ev);
    // A local fault the module did not report (a command timed out, the port went away).
    void noteLocalError(int clientIdx, SlotError::Kind kind, at::Cmd cmd, const QByteArray &detail,
                        qint64 timeUs);
    // The port was lost: the module may have done anything meanwhile (dropped its connections,
    // restarted). Slots in use become Unknown since timeUs until the module is asked again
    // (AT+QMTOPEN?, AT+QMTCONN?) or says so itself (RDY, +QMTSTAT, results). A command in flight
    // is forgotten.
    void markUnknown(qint64 timeUs);

    const ClientSlot &slot(int idx) const { return m_slots[std::size_t(idx)]; }
    const std::array<ClientSlot, kSlotCount> &allSlots() const { return m_slots; }
    const ModuleState &module() const { return m_module; }

    // Which slots changed since the last call (bit i = slot i; bit kSlotCount = module state).
    quint32 takeDirty()
    {
        const quint32 d = m_dirty;
        m_dirty = 0;
        return d;
    }
    void reset();
    // As constructed: reset() and the module's state too (identity, files, ranges, counters).
    void resetAll();

    // The state as JSON (the `qmtscope-cli decode` format). Secrets (password presence only,
    // aliauth device secret) are left out unless includeSecrets.
    QJsonObject toJson(bool includeSecrets = false) const;

private:
    struct Pending
    {
        at::Cmd cmd = at::Cmd::Unknown;
        at::Form form = at::Form::Exec;
        int idx = -1;
        QByteArrayList args; // argument texts (quotes removed), for the commands that need them
        int setting = -1;    // QMTCFG/QSSLCFG: the row of at/settings.h the command names
        MqttState mqttBefore = MqttState::Idle;
        NetState netBefore = NetState::Closed;
        quint32 seenSlots = 0;   // query answers: which slots were listed
        bool resultSeen = false; // its result URC arrived before the final result
        bool written = false;    // we wrote it (rather than reading it from a log)
        bool echoSeen = false;   // the module echoed it back
        bool active = false;
    };
    struct PendingPacket // QMTSUB/QMTUNS awaiting their result URC
    {
        at::Cmd cmd;
        int msgId;
        std::vector<Subscription> topics;
    };

    void onCommand(const at::AtEvent &ev);
    void onFinal(const at::AtEvent &ev);
    void onResponse(const at::AtEvent &ev);
    // Values after the index (AT+QMTCFG) of setting row `setting`; unknown settings are ignored.
    void applyConfig(ClientSlot &s, int setting, const QByteArrayList &values);
    // AT+QSSLCFG: the SSL context and the values after it.
    void applySsl(int setting, int ctx, const QByteArrayList &values);
    void setError(ClientSlot &s, SlotError::Kind kind, QByteArray source, int code,
                  const spec::CodeText *info, QByteArray detail, qint64 timeUs);
    void dropSession(ClientSlot &s);
    void touch(int idx)
    {
        if (idx >= 0 && idx < kSlotCount) {
            m_dirty |= 1u << idx;
            ClientSlot &s = m_slots[std::size_t(idx)];
            if (s.unknownSinceUs && s.network != NetState::Unknown && s.mqtt != MqttState::Unknown)
                s.unknownSinceUs = 0; // known again
        } else {
            m_dirty |= 1u << kSlotCount;
        }
    }
    ClientSlot *slotAt(int idx)
    {
        return (idx >= 0 && idx < kSlotCount) ? &m_slots[std::size_t(idx)] : nullptr;
    }

    std::array<ClientSlot, kSlotCount> m_slots;
    ModuleState m_module;
    Pending m_pending;
    std::array<std::vector<PendingPacket>, kSlotCount> m_packets;
    // What an AT+QMTOPEN / AT+QMTCONN asked for, applied to the slot only when its result says
    // the module did it (a refused command changes nothing).
    struct Requested
    {
        QByteArray host;
        int port = 0;
        NetState netBefore = NetState::Closed; // what the slot's network was when it was asked
        QByteArray clientId, username;
        bool hasPassword = false;
        bool connRefused = false; // the CONNACK refused: the +QMTSTAT that follows is its effect
    };
    std::array<Requested, kSlotCount> m_requested;
    void noteOutcome(ClientSlot &s, at::Cmd cmd, bool ok, QByteArrayView answer, qint64 timeUs);
    QByteArray m_uploadName;
    quint32 m_dirty = 0;
};

} // namespace qmt::state
