/* schema.h: not written yet. */
