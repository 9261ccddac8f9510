/* cmd-open.c: not written yet. */
#include "config.h"
