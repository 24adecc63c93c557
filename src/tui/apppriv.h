/* apppriv.h: the inside of struct app, shared by app.c (dispatch and
 * rendering), loop.c (the poll loop) and script.c (replay). Screens
 * use app.h only. */
#ifndef ALLOT_TUI_APPPRIV_H
#define ALLOT_TUI_APPPRIV_H

#include <stdint.h>
#include <stdio.h>

#include "tui/app.h"
#include "tui/cmdline.h"
#include "tui/livefeed.h"
#include "tui/pager.h"
#include "tui/term.h"
#include "tui/userconf.h"

#define APP_NSCREENS 5
#define APP_EXIT_INTERRUPT 130      /* 128 + SIGINT, as shells report Ctrl-C */
#define APP_TYPEAHEAD 64            /* keys kept while a computation runs */

struct app_watch {
    int fd;
    short events;
    app_fd_fn fn;
    void *ctx;
};

struct app_timer {
    int id;                 /* 0: free slot */
    int period_ms;
    int64_t next_ms;
    app_timer_fn fn;
    void *ctx;
};

struct app {
    struct tui_options opt;
    struct model model;
    struct theme theme;
    struct keymap km;
    struct userconf cfg;
    struct screen screens[APP_NSCREENS];
    size_t nscreens_ready;
    size_t cur;                 /* the screen shown */
    struct grid grid;
    int w, h;
    int need_layout;
    int quit;
    int exit_status;

    char msg[512];              /* the bottom line */
    int msg_role;

    struct pager pager;         /* help, command output, lists */
    app_choose_fn chosen;
    void *chosen_ctx;

    int prompt;                 /* 0, ':' (command) or '/' (search) */
    struct cmdline cmd, search;
    const char **words;         /* completion words */
    char search_before[128];    /* the filter before '/', restored by Esc */

    int confirming;             /* a y/n question is on the bottom line */
    char question[256];
    app_yes_fn yes;
    void *yes_ctx;

    char feed[48];
    int feed_role;
    struct livefeed *live;      /* following opt.feed, or NULL */
    int64_t live_clock;         /* scripts: the feed's clock, moved by `wait MS` */

    struct app_watch watch[APP_MAX_WATCH];
    size_t nwatch;
    struct app_timer timers[APP_MAX_TIMERS];
    int timer_seq;
    int dirty_async;            /* an fd or timer changed something */
    int redraw_all;             /* Ctrl-L: repaint the terminal */

    struct tterm *term;          /* while app_run runs */
    struct tui_event typeahead[APP_TYPEAHEAD];  /* keys read by app_progress, handled after */
    size_t ntypeahead;
    int64_t progress_drawn;     /* when app_progress last drew (monotonic ms) */
    FILE *dump;                 /* :dump in scripts */
};

/* Pick colour and glyphs from the options, NO_COLOR, the config, the
 * locale and (when app->term is set) the terminal. */
void app_choose_theme(struct app *app);
/* Render and write the screen as text to fp. */
void app_dump(struct app *app, FILE *fp);
/* Apply REACT_* bits (reload, relayout, quit). */
void app_apply(struct app *app, int react);
/* Draw the screen on the terminal (app->term) now. */
void app_draw(struct app *app);
/* The monotonic clock, ms. */
int64_t app_mono_ms(void);
/* Scripts: run the feed for ms of its clock, in steps of
 * LIVEFEED_PERIOD_MS, as the loop's timer would. Returns -1 without a
 * feed, else 0. */
int app_live_advance(struct app *app, int64_t ms);
/* The app-level meaning of an action (quit, help, screens, undo ...). */
int app_action(struct app *app, int action, const struct tui_event *ev);

#endif
