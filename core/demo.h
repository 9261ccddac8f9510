/* demo.h: not written yet. */
