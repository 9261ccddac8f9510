/* sanitize.h: not written yet. */
