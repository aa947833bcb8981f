#ifndef SCIMIFY_CNCURSESW_SHIM_H
#define SCIMIFY_CNCURSESW_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

/// Swift 6 rejects C globals such as stdscr/LINES/COLS and cannot import function-like macros;
/// these inline wrappers expose them as plain functions.
static inline WINDOW *scimify_stdscr(void) { return stdscr; }
static inline int scimify_lines(void) { return LINES; }
static inline int scimify_cols(void) { return COLS; }
static inline int scimify_color_pair(int n) { return COLOR_PAIR(n); }
static inline int scimify_key_resize(void) { return KEY_RESIZE; }
#endif
