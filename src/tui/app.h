/* app.h: the root of the interactive screen. struct app (app.c) owns
 * every piece of mutable UI state: the model, the screens, the keymap,
 * the overlays (help/pager, command line, question), the status line,
 * and the event loop, which polls the keyboard and any registered file
 * descriptors together with a timeout, runs timers, and redraws only
 * when something changed (keyboard: at once; fds and timers: at most
 * APP_REDRAW_HZ times a second). This header is what a screen, a feed
 * or a test may call. */
#ifndef ALLOT_TUI_APP_H
#define ALLOT_TUI_APP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tui/grid.h"
#include "tui/keymap.h"
#include "tui/model.h"
#include "tui/screen.h"
#include "tui/theme.h"
#include "tui/tui.h"

#define APP_REDRAW_HZ 20    /* redraws a second at most for fd and timer events */

struct app;

/* ---- for screens ---- */

/* The data, reloaded on REACT_RELOAD (read it in on_reload and copy). */
const struct model *app_model(const struct app *app);
/* The same, for the writes a screen makes (model_save_position ...);
 * return REACT_RELOAD afterwards. */
struct model *app_model_rw(struct app *app);
const struct theme *app_theme(const struct app *app);
/* The first key bound to action in ctx, as a display name ("a",
 * "<Enter>"), into out; "" when unbound. For key hints on screen. */
const char *app_key_for(const struct app *app, enum keyctx ctx, enum action a, char *out,
                        size_t n);
/* The message on the bottom line (role ROLE_NORMAL, ROLE_OK, ROLE_WARN, ROLE_ERROR),
 * kept until the next action. */
void app_message(struct app *app, int role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Ask a yes/no question on the bottom line; on y, yes(app, ctx) runs
 * and its REACT_* bits are applied. */
typedef int (*app_yes_fn)(struct app *app, void *ctx);
void app_confirm(struct app *app, const char *question, app_yes_fn yes, void *ctx);
/* Show text in the pager window (title, text copied). */
void app_show_text(struct app *app, const char *title, const char *text);
/* Let the user choose one of n items (copied) in a list window; on
 * Enter, chosen(app, index, ctx) runs and its REACT_* bits are applied. */
typedef int (*app_choose_fn)(struct app *app, size_t index, void *ctx);
void app_choose(struct app *app, const char *title, const char *const *items, size_t n,
                size_t sel, app_choose_fn chosen, void *ctx);

/* Show screen i (0-based, tab order) and pass it req (when not NULL and
 * the screen takes requests, screen.h); screens never call each other,
 * they hand over through here. Returns the request's REACT_* bits, or
 * REACT_REDRAW. */
int app_goto(struct app *app, size_t i, const char *req);

/* While a long computation runs inside an action (Monte-Carlo VaR): show
 * "what NN % (Esc cancels)" on the bottom line, redraw at most
 * APP_REDRAW_HZ times a second, and read the keyboard without waiting.
 * Returns 1 when the user asked to stop (Esc or Ctrl-C; a Ctrl-C also
 * quits afterwards), else 0; other keys typed meanwhile are kept and
 * handled afterwards, in order. Without a terminal (scripts) it draws
 * nothing and returns 0. */
int app_progress(struct app *app, const char *what, size_t done, size_t total);
/* Before a computation that cannot report progress (a few hundred ms):
 * show the message (printf style) on the bottom line and draw now, so
 * the user sees it is running. Without a terminal it only sets the
 * message. */
void app_busy(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- for a live feed (and anything else that arrives on an fd) ---- */

/* Called when fd is ready (revents as poll(2) gives them); returns
 * REACT_* bits. Returning after reading what is there keeps the loop
 * responsive; never block. */
typedef int (*app_fd_fn)(struct app *app, int fd, short revents, void *ctx);
/* Watch fd for events (POLLIN ...) until app_unwatch_fd. Returns 0, or
 * -1 when APP_MAX_WATCH fds are already watched. */
#define APP_MAX_WATCH 16
int app_watch_fd(struct app *app, int fd, short events, app_fd_fn fn, void *ctx);
void app_unwatch_fd(struct app *app, int fd);
/* Call fn every period_ms (>= 10) from now on; returns a timer id > 0,
 * or -1 when APP_MAX_TIMERS are set. fn gets the clock (ms, monotonic)
 * and returns REACT_* bits. */
#define APP_MAX_TIMERS 8
typedef int (*app_timer_fn)(struct app *app, int64_t now_ms, void *ctx);
int app_add_timer(struct app *app, int period_ms, app_timer_fn fn, void *ctx);
void app_remove_timer(struct app *app, int id);
/* The feed state shown in the status bar ("off", "live 2s", "stale 5m")
 * in a role (ROLE_DIM, ROLE_OK, ROLE_STALE, ROLE_ERROR). */
void app_set_feed(struct app *app, const char *state, int role);
/* 1 while a live feed is stale, reconnecting or dead: the screens dim the
 * prices it feeds (they are no longer live). */
int app_feed_stale(const struct app *app);

/* ---- for tui.c, scripts and benchmarks ---- */

/* Build the app on the store at opt->db_path (NULL: the default path),
 * without a terminal, at w x h. Returns NULL with err set when the store
 * cannot be opened. Config problems go to the status line, never fail. */
struct app *app_new(const struct tui_options *opt, int w, int h, struct allot_err *err);
void app_free(struct app *app);
/* Feed one event; returns the REACT_* bits it caused (after handling
 * reloads itself). */
int app_feed(struct app *app, const struct tui_event *ev);
/* 1 once the app has been asked to quit. */
int app_quitting(const struct app *app);
/* Change the size (as KEY_RESIZE does). */
void app_resize(struct app *app, int w, int h);
/* Render everything into the app's grid and return it; *cx, *cy get the
 * text cursor (-1 when hidden). */
const struct grid *app_render(struct app *app, int *cx, int *cy);
/* Where `:dump` writes in script mode (NULL: dump refused). */
void app_set_dump_stream(struct app *app, FILE *fp);
/* Run the interactive loop on a terminal opened by tui.c: returns the
 * exit status. */
struct tterm;
int app_run(struct app *app, struct tterm *term);
/* Set from a signal handler: quit at the next turn of the loop. */
void app_signal_quit(int sig);

#endif
