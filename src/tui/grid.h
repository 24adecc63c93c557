/* grid.h: the cell buffer every screen renders into: a rectangle of
 * cells, each one code point, a colour role (theme.h) and attribute
 * flags. Screens never call curses; term.c blits a grid, tests and
 * --dump-screen read it back as text. Knows no curses, no store. */
#ifndef ALLOT_TUI_GRID_H
#define ALLOT_TUI_GRID_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/str.h"

/* Cell flags: GA_CONT marks the right half of a double-width character;
 * the others add to the role's attributes. */
enum {
    GA_BOLD = 1 << 0,
    GA_REVERSE = 1 << 1,
    GA_UNDERLINE = 1 << 2,
    GA_CONT = 1 << 7,
};

struct cell {
    uint32_t ch;        /* a Unicode code point; ' ' when blank */
    uint8_t role;       /* enum role of theme.h */
    uint8_t flags;      /* GA_* */
};

struct grid {
    int w, h;
    struct cell *c;     /* h rows of w cells, row-major */
};

/* A rectangle of cells; w or h <= 0 is empty. */
struct rect {
    int x, y, w, h;
};

/* Size g to w x h (each >= 0) and blank it. grid_done frees it; a grid
 * zero-initialised or after grid_done is empty and may be resized. */
void grid_resize(struct grid *g, int w, int h);
void grid_done(struct grid *g);
/* Every cell blank (' ', role 0, no flags). */
void grid_clear(struct grid *g);

/* The cell at (x, y), or NULL outside the grid. */
struct cell *grid_at(struct grid *g, int x, int y);
const struct cell *grid_cat(const struct grid *g, int x, int y);

/* Put one code point at (x, y) inside clip (NULL: the whole grid).
 * Returns the columns used: 0 when outside or when a wide character
 * does not fit, else its width (1 or 2). Control characters become '?'. */
int grid_put(struct grid *g, const struct rect *clip, int x, int y, uint32_t ch, int role);

/* Write UTF-8 text from (x, y) using at most maxw columns, clipped to
 * the grid; invalid bytes show as U+FFFD, zero-width marks are dropped.
 * Returns the columns written. */
int grid_text(struct grid *g, int x, int y, int maxw, const char *s, int role);
/* As grid_text, with printf formatting. */
int grid_textf(struct grid *g, int x, int y, int maxw, int role, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Write text right-aligned so that it ends at column x + w - 1; text
 * wider than w keeps its start (cut at the right). */
int grid_text_right(struct grid *g, int x, int y, int w, const char *s, int role);

/* Fill r with ch in role. */
void grid_fill(struct grid *g, struct rect r, uint32_t ch, int role);
/* Set the role (and add flags) of w cells from (x, y), leaving text. */
void grid_paint(struct grid *g, int x, int y, int w, int role, int flags);

/* Row y as UTF-8 into out (appended), trailing blanks removed. */
void grid_row_text(const struct grid *g, int y, struct strbuf *out);
/* Every row as text, one line each. Returns 0 or -1 on a write error. */
int grid_dump(const struct grid *g, FILE *fp);

/* ---- UTF-8 and column widths, independent of the locale's charset ---- */

/* Decode one code point at *s and advance *s; an invalid byte gives
 * U+FFFD and advances by one. Returns 0 at the end of the string. */
uint32_t utf8_next(const char **s);
/* Encode cp into out (at least 5 bytes, NUL-terminated); returns the
 * byte count. */
int utf8_put(uint32_t cp, char *out);
/* Columns of one code point: 0 for combining marks, 2 for wide, 1 else;
 * control characters count 1 (they print as '?'). */
int cp_width(uint32_t cp);
/* Columns of a UTF-8 string. */
int text_width(const char *s);
/* Bytes of the longest prefix of s that fits in w columns. */
size_t text_fit(const char *s, int w);

#endif
