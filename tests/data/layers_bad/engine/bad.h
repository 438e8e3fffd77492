// SPDX-License-Identifier: Apache-2.0
// A file against the layering: the engine may not include io/.
#include "io/session.h"
