/* panes.h: a screen split into titled panes with one focused, moved with
 * the direction keys or a click. The engine screens (Exposure,
 * Correlation, Optimize, Risk) lay out their panes with it; each pane's
 * content is drawn by its screen inside the rectangle panes_render
 * returns. No curses, no data. */
#ifndef ALLOT_TUI_PANES_H
#define ALLOT_TUI_PANES_H

#include "tui/grid.h"
#include "tui/keymap.h"
#include "tui/theme.h"

#define PANES_MAX 6

struct pane {
    const char *title;
    struct rect r;          /* set by the screen's layout */
};

struct panes {
    struct pane p[PANES_MAX];
    int n;
    int focus;
};

/* left/up: previous pane; right/down: next; click: the pane under the
 * mouse. Returns REACT_REDRAW, or REACT_NONE for other actions. */
int panes_action(struct panes *ps, int action, const struct tui_event *ev);
/* Draw every pane's box (the focused one highlighted); inside[i]
 * receives pane i's inner rectangle. */
void panes_render(const struct panes *ps, struct grid *g, const struct theme *th,
                  struct rect *inside);

#endif
