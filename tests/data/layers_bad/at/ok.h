// SPDX-License-Identifier: Apache-2.0
// Fine on its own.
#include "at/commands.h"
