/* screen.h: what a screen of the interactive UI implements. A screen
 * turns the data the app loaded (model.h, or its own queries through
 * model_store) into a view-model it keeps and copies, renders that into a
 * grid (never curses), and answers actions with reaction bits; the app's
 * loop decides what to redraw or reload. Screens do not call each other. */
#ifndef ALLOT_TUI_SCREEN_H
#define ALLOT_TUI_SCREEN_H

#include "tui/grid.h"
#include "tui/keymap.h"

/* What an action asks of the loop (bits, or-ed). */
enum {
    REACT_NONE = 0,
    REACT_REDRAW = 1 << 0,      /* the screen changed: render again */
    REACT_RELAYOUT = 1 << 1,    /* sizes changed: call layout, then render */
    REACT_RELOAD = 1 << 2,      /* the store changed: reload the model, on_reload each screen */
    REACT_QUIT = 1 << 3,        /* leave the program */
    REACT_UNHANDLED = 1 << 8,   /* the action means nothing here: try the app's handler */
};

struct app;
struct model;
struct screen;

struct screen_ops {
    const char *name;           /* tab label: "Positions" */
    enum keyctx ctx;            /* its keymap context (falls back on table, then global) */
    int has_table;              /* 1: KC_TABLE is in its key chain */

    /* Allocate s->priv; 0 or -1. Called once, after the model's first load. */
    int (*init)(struct screen *s);
    /* Free s->priv. */
    void (*done)(struct screen *s);
    /* The body rectangle changed (and before the first render). */
    void (*layout)(struct screen *s, struct rect body);
    /* Draw into g, inside body only. */
    void (*render)(struct screen *s, struct grid *g, struct rect body);
    /* An action (keymap.h) with its event (mouse cell, or the key for
     * A_INSERT). Returns REACT_* bits; REACT_UNHANDLED passes it on. */
    int (*on_action)(struct screen *s, int action, const struct tui_event *ev);
    /* The model was reloaded: rebuild the view-model; keep selections by
     * id, never pointers into the old data. */
    void (*on_reload)(struct screen *s);

    /* Optional (NULL: not supported). */
    /* The context in force now, when it differs from ctx (a form: KC_FORM).
     * A modal context gets every key, printable keys as A_INSERT. */
    enum keyctx (*context)(struct screen *s);
    /* 1 when input would be lost by quitting (an edited form). */
    int (*unsaved)(struct screen *s);
    /* Live filter from the search line; text "" clears. */
    int (*filter)(struct screen *s, const char *text);
    /* The filter in force ("" none), to prefill the search line. */
    const char *(*filter_text)(struct screen *s);
    /* Where the terminal cursor goes (a text field), or 0 for hidden. */
    int (*cursor)(struct screen *s, int *x, int *y);
    /* A request from another screen through app_goto ("riskparity
     * symbols=BTC,ETH"); returns REACT_* bits. */
    int (*request)(struct screen *s, const char *req);
};

struct screen {
    const struct screen_ops *ops;
    struct app *app;            /* services: app.h */
    void *priv;
};

/* The five screens, in tab order. */
extern const struct screen_ops scr_positions_ops;
extern const struct screen_ops scr_exposure_ops;
extern const struct screen_ops scr_corr_ops;
extern const struct screen_ops scr_optimize_ops;
extern const struct screen_ops scr_risk_ops;

#endif
