// Fine on its own.
#include "at/commands.h"
