/* mapping.h: not written yet. */
