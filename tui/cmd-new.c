/* cmd-new.c: not written yet. */
#include "config.h"
