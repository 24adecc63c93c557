/* scr_pending.h: the shared frame of the screens not yet wired to their
 * engine: a one-line notice saying what the screen will show and where
 * the numbers are meanwhile (the batch subcommand), and its panes
 * (layout and focus), each with a line on what it will hold. No numbers
 * are made up. Wiring a screen replaces the pane texts with its widgets
 * (coltable, heatmap, chart). */
#ifndef ALLOT_TUI_SCR_PENDING_H
#define ALLOT_TUI_SCR_PENDING_H

#include "tui/panes.h"
#include "tui/screen.h"

struct pending_pane {
    const char *title;
    const char *what;       /* what the pane will show */
    /* where, as fractions of the body below the notice line */
    int x_pct, y_pct, w_pct, h_pct;
};

struct pending_def {
    const char *notice;
    const struct pending_pane *panes;
    int n;
};

/* Screen operations over a pending_def: a scr_*.c's init calls
 * pending_init with its definition, the others are used as they are. */
int pending_init(struct screen *s, const struct pending_def *def);
void pending_done(struct screen *s);
void pending_layout(struct screen *s, struct rect body);
void pending_render(struct screen *s, struct grid *g, struct rect body);
int pending_action(struct screen *s, int action, const struct tui_event *ev);
void pending_reload(struct screen *s);

#endif
