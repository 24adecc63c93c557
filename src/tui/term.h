/* term.h: the terminal, and the only module that includes curses. It
 * checks that stdin and stdout are terminals that can address the
 * cursor, starts ncurses (newterm, never initscr: that exits on an
 * unknown TERM), turns curses keys and mouse events into tui_events,
 * blits a grid (rows that changed only), and restores the terminal on
 * every way out, out-of-memory included. */
#ifndef ALLOT_TUI_TERM_H
#define ALLOT_TUI_TERM_H

#include <stdio.h>

#include "tui/grid.h"
#include "tui/keymap.h"
#include "tui/theme.h"
#include "util/err.h"

struct tterm;

/* 0 when stdin and stdout are terminals; else ALLOT_E_USAGE with a
 * message naming the batch subcommands. */
int term_check_tty(struct allot_err *err);

/* Start curses on out/in with terminal type (NULL: $TERM). Refuses
 * (ALLOT_E_USAGE) a type curses does not know or one that cannot move
 * the cursor (TERM=dumb). Sets up keys, mouse, Esc delay (25 ms unless
 * ESCDELAY is set) and the colours of th when the terminal has them. */
int term_open(struct tterm **out, FILE *outf, FILE *inf, const char *type,
              struct allot_err *err);
/* Restore the terminal and free; NULL is a no-op. */
void term_close(struct tterm *t);

/* 1 when the terminal has at least 8 colours. */
int term_has_colors(const struct tterm *t);
/* 1 when the terminal can draw lines (acsc), for the glyph choice. */
int term_can_draw_lines(const struct tterm *t);
/* Make the colour pairs of theme th (call again after a theme change). */
void term_set_theme(struct tterm *t, const struct theme *th);

/* The current size in cells. */
void term_size(const struct tterm *t, int *w, int *h);
/* The file descriptor to poll for input. */
int term_fd(const struct tterm *t);

/* Read one event without blocking: 1 and *ev set, or 0 when none is
 * waiting (curses' ERR). KEY_RESIZE gives TK_RESIZE. */
int term_read(struct tterm *t, struct tui_event *ev);

/* Show g (same size as the terminal; rows equal to the last blit are
 * skipped), put the cursor at (cx, cy) or hide it when cx < 0. */
void term_blit(struct tterm *t, const struct grid *g, int cx, int cy);
/* Forget what is on screen: the next blit redraws everything. */
void term_invalidate(struct tterm *t);

#endif
