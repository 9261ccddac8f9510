/* summary.h: not written yet. */
