#ifndef SCIMIFY_CNCURSESW_SHIM_H
#define SCIMIFY_CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D flags, so the wide-character API needs these here. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Swift 6 rejects C globals such as stdscr/LINES/COLS and cannot import function-like macros;
   these inline wrappers expose them as plain functions. */
static inline WINDOW *scimify_stdscr(void) { return stdscr; }
static inline int scimify_lines(void) { return LINES; }
static inline int scimify_cols(void) { return COLS; }
static inline int scimify_color_pair(int n) { return COLOR_PAIR(n); }
static inline int scimify_key_resize(void) { return KEY_RESIZE; }
static inline attr_t scimify_a_bold(void) { return A_BOLD; }
static inline attr_t scimify_a_dim(void) { return A_DIM; }
static inline attr_t scimify_a_reverse(void) { return A_REVERSE; }
static inline attr_t scimify_a_underline(void) { return A_UNDERLINE; }
static inline mmask_t scimify_mouse_events(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline mmask_t scimify_button1(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }
static inline mmask_t scimify_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t scimify_wheel_down(void) { return BUTTON5_PRESSED; }
#endif
