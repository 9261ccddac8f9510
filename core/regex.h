/* regex.h: not written yet. */
