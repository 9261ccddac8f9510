/* audit.h: not written yet. */
