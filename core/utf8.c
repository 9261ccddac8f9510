/* utf8.c: not written yet. */
#include "config.h"
