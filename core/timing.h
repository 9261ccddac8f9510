/* timing.h: not written yet. */
