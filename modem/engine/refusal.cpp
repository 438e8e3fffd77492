// SPDX-License-Identifier: Apache-2.0
#include "engine/refusal.h"

#include <QCoreApplication>

namespace qmt::state {

namespace {

// Every text goes through QCoreApplication::translate("qmt::state::Refusal", ...) written out,
// so lupdate finds it.

// True when the line has more arguments than the setting's name and the index: it sets, rather
// than reads back.
bool setsAValue(const QByteArray &line)
{
    const qsizetype eq = line.indexOf('=');
    if (eq < 0)
        return false;
    int commas = 0;
    bool quoted = false;
    for (qsizetype i = eq + 1; i < line.size(); ++i) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (line[i] == ',' && !quoted)
            ++commas;
    }
    return commas >= 2;
}

bool networkUp(NetState s)
{
    return s == NetState::Open || s == NetState::Opening;
}

} // namespace

QString likelyRefusal(const at::AtCommand &command, const ClientSlot &before)
{
    using at::Cmd;
    if (command.form != at::Form::Set || command.clientIdx < 0 || command.clientIdx != before.index)
        return {};
    if (before.network == NetState::Unknown || before.mqtt == MqttState::Unknown)
        return {};
    const QString idx = QString::number(before.index);
    const bool connected = before.mqtt == MqttState::Connected || before.mqtt == MqttState::Connecting;
    switch (command.cmd) {
    case Cmd::QMTCFG:
        if (!setsAValue(command.line))
            return {};
        if (connected)
            return QCoreApplication::translate(
                       "qmt::state::Refusal",
                       "Slot %1 is connected to the MQTT server: many settings can only be changed while "
                       "the slot is closed (AT+QMTDISC=%1, AT+QMTCLOSE=%1 first).")
                .arg(idx);
        if (networkUp(before.network))
            return QCoreApplication::translate(
                       "qmt::state::Refusal",
                       "Slot %1 has its network open: many settings can only be changed while the slot "
                       "is closed (AT+QMTCLOSE=%1 first).")
                .arg(idx);
        return {};
    case Cmd::QMTOPEN:
        if (networkUp(before.network)) {
            const QString where =
                before.host.isEmpty()
                    ? QString()
                    : QStringLiteral(" (%1:%2)").arg(QString::fromUtf8(before.host)).arg(before.port);
            return QCoreApplication::translate(
                       "qmt::state::Refusal",
                       "Slot %1 already has its network open%2: close it with AT+QMTCLOSE=%1 first, or use "
                       "another slot.")
                .arg(idx, where);
        }
        return {};
    case Cmd::QMTCONN:
        if (connected)
            return QCoreApplication::translate("qmt::state::Refusal",
                                               "Slot %1 is already connected to the MQTT server.")
                .arg(idx);
        if (before.network != NetState::Open)
            return QCoreApplication::translate("qmt::state::Refusal",
                                               "Slot %1 has no open network: open it with AT+QMTOPEN first.")
                .arg(idx);
        return {};
    case Cmd::QMTPUBEX:
    case Cmd::QMTPUB:
    case Cmd::QMTSUB:
    case Cmd::QMTUNS:
    case Cmd::QMTDISC:
        if (before.mqtt != MqttState::Connected)
            return QCoreApplication::translate(
                       "qmt::state::Refusal",
                       "Slot %1 is not connected to the MQTT server: connect it with AT+QMTCONN first.")
                .arg(idx);
        return {};
    case Cmd::QMTCLOSE:
        if (before.network == NetState::Closed || before.network == NetState::Failed)
            return QCoreApplication::translate("qmt::state::Refusal", "Slot %1 has no open network to close.")
                .arg(idx);
        return {};
    default:
        return {};
    }
}

} // namespace qmt::state
