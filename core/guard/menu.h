#error "core/ must not include curses: the screen belongs to tui/"
