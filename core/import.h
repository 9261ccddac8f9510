/* import.h: not written yet. */
