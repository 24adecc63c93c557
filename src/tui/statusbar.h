/* statusbar.h: the top tab row and the status bar: store file,
 * portfolio, equity (the book's value, from the valuation), feed state,
 * clock. Renders into a grid; no state. */
#ifndef ALLOT_TUI_STATUSBAR_H
#define ALLOT_TUI_STATUSBAR_H

#include <stddef.h>
#include <stdint.h>

#include "tui/grid.h"
#include "tui/theme.h"

struct status_info {
    const char *store;      /* the store's file name */
    const char *portfolio;  /* NULL: none */
    size_t npos;
    int equity_state;       /* 1: equity_usd holds the book's value; -1: it cannot be
                             * valued (shown n/a); 0: nothing to value (not shown) */
    double equity_usd;
    const char *feed;       /* "off", "live 2s", ... */
    int feed_role;
    int64_t clock_ms;       /* Unix ms, shown as local HH:MM */
};

/* The tab row at y: "1 Positions  2 Exposure ..." with the current one
 * highlighted, and right_text at the right (may be NULL). */
void statusbar_tabs(struct grid *g, int y, const char *const *names, size_t n, size_t cur,
                    const char *right_text, const struct theme *th);
/* The status bar at row y. */
void statusbar_render(struct grid *g, int y, const struct status_info *si,
                      const struct theme *th);
/* The x where tab i starts at the last statusbar_tabs (for clicks), or
 * -1. Tabs are laid out the same way each time, so this recomputes. */
int statusbar_tab_at(const char *const *names, size_t n, int x);

#endif
