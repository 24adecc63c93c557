/* pager.h: a scrollable text window over the screen, for the help, the
 * output of a `:` command, and short lists to choose from (portfolios).
 * Owns a copy of its lines; renders into a grid; knows no curses. */
#ifndef ALLOT_TUI_PAGER_H
#define ALLOT_TUI_PAGER_H

#include <stddef.h>

#include "tui/grid.h"
#include "tui/keymap.h"
#include "tui/theme.h"

/* What pager_action asks of the owner, besides REACT_* bits. */
enum { PAGER_CLOSE = 1 << 12, PAGER_CHOSEN = 1 << 13 };

struct pager {
    char title[128];
    char **lines;
    size_t n;
    size_t top;             /* first line shown */
    int left;               /* first column shown (wide output scrolls sideways) */
    long sel;               /* the selected line of a list, -1 for plain text */
    int page;               /* rows shown at the last render */
    struct rect area;       /* where it was last drawn (for clicks) */
};

/* Show text (split at newlines; tabs expanded) under title. */
void pager_set_text(struct pager *p, const char *title, const char *text);
/* Show a list of n items with item sel selected. */
void pager_set_list(struct pager *p, const char *title, const char *const *items, size_t n,
                    size_t sel);
void pager_done(struct pager *p);
/* 1 when open (has been set and not closed). */
int pager_open(const struct pager *p);

/* Handle a pager action (keymap KC_PAGER; left and right scroll wide
 * text sideways). Returns REACT_* bits, with
 * PAGER_CLOSE when it should close and PAGER_CHOSEN when a list item was
 * chosen (p->sel). */
int pager_action(struct pager *p, int action, const struct tui_event *ev);
/* Draw as a window filling area. */
void pager_render(struct pager *p, struct grid *g, struct rect area, const struct theme *th);

#endif
