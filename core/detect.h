/* detect.h: not written yet. */
