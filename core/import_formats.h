/* import_formats.h: not written yet. */
