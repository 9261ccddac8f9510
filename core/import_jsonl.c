/* import_jsonl.c: not written yet. */
#include "config.h"
