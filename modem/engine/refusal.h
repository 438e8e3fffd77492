// SPDX-License-Identifier: Apache-2.0
#pragma once
// Why a module likely refused a command (ERROR or +CME ERROR), from what the traffic told about
// the slot just before the command went out: AT+QMTCFG settings while the client's network is
// open, AT+QMTOPEN on a slot that is already open, AT+QMTCONN without an open network,
// publishing or subscribing on a slot that is not connected. The console shows it beside the
// error; the module's own codes keep their meanings and fixes in at/spec.

#include "at/atcommand.h"
#include "engine/clientslot.h"

#include <QString>

namespace qmt::state {

// The likely reason, translated now (context "qmt::state::Refusal"); empty when the slot's state
// explains nothing (or is not known) or the command names no slot.
QString likelyRefusal(const at::AtCommand &command, const ClientSlot &before);

} // namespace qmt::state
