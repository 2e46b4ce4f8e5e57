#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

/* The wide-character API (get_wch, add_wch, cchar_t, setcchar...) is declared
   only when these switches are on. SwiftPM drops the -D_XOPEN_SOURCE that
   pkg-config reports, so they are defined here, before any include. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <ncursesw/curses.h>
#include <malloc.h>

extern int wcwidth(wchar_t c);

/* Swift 6 rejects direct use of C globals (shared mutable state) and cannot
   import function-like macros; these accessors stand in for them. */
static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline FILE *shim_stdin(void) { return stdin; }
static inline FILE *shim_stdout(void) { return stdout; }
static inline FILE *shim_stderr(void) { return stderr; }
static inline void shim_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline attr_t shim_a_bold(void) { return A_BOLD; }
static inline attr_t shim_a_reverse(void) { return A_REVERSE; }
static inline attr_t shim_a_underline(void) { return A_UNDERLINE; }
static inline attr_t shim_a_dim(void) { return A_DIM; }
static inline int shim_wcwidth(wchar_t c) { return wcwidth(c); }

/* Bytes the heap has handed out and not had back (glibc), for the memory
   probe: resident pages say what the process holds, not which table holds it. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
static inline size_t shim_heap_in_use(void) { struct mallinfo2 m = mallinfo2(); return m.uordblks + m.hblkhd; }
#else
static inline size_t shim_heap_in_use(void) { return 0; } /* unknown here: the probe prints 0 */
#endif

/* Mouse (opt-in): the button masks are macros Swift cannot import.
   Returns 1 click, 4 wheel up, 5 wheel down, 0 anything else. */
static inline int shim_enable_mouse(int on) {
    mmask_t want = on ? (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0;
    mouseinterval(0);
    return mousemask(want, NULL) != 0 || !on;
}
static inline int shim_mouse_event(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *x = e.x; *y = e.y;
    if (e.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) return 1;
    if (e.bstate & BUTTON4_PRESSED) return 4;
    if (e.bstate & BUTTON5_PRESSED) return 5;
    return 0;
}

#endif
