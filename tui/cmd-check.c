/* cmd-check.c: not written yet. */
#include "config.h"
