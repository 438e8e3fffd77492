// A file against the layering: the engine may not include io/.
#include "io/session.h"
