/* coord.h: not written yet. */
