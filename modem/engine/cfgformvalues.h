// SPDX-License-Identifier: Apache-2.0
#pragma once
// The values of an AT+QMTCFG (or AT+QSSLCFG) form (at/formschema.h) taken from a slot's configuration as the
// module reported it, so that reading a slot back fills the forms.

#include "at/formschema.h"
#include "engine/clientslot.h"

namespace qmt::state {

// The field values of the form of sub-command `s` for slot `idx` with configuration `c`. Fields
// the configuration does not know (the message of a "willex" whose length does not match the
// message seen) are left out, so the form keeps what it holds.
at::FormValues cfgFormValues(at::CfgSetting s, int idx, const SlotConfig &c);

// Likewise for the form of AT+QSSLCFG setting `s` of SSL context `ctx`; values the traffic has not
// shown yet are left out.
at::FormValues sslFormValues(at::SslSetting s, int ctx, const SslContext &c);

} // namespace qmt::state
