/* loop.c: the event loop of the interactive screen. One poll(2) waits on
 * the terminal and the registered fds with a timeout (the next timer,
 * the next minute for the clock, or the end of the redraw interval), so
 * an idle screen costs no CPU. Signal handlers only set a flag. */
#include <config.h>
#include "tui/app.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/apppriv.h"
#include "util/date.h"

#define MS_PER_S 1000
#define MS_PER_MIN 60000
#define TIMER_MIN_MS 10
#define EMPTY_READS_EOF 3   /* "readable" with nothing to read this often: the tty is gone */

/* Set by SIGINT, SIGTERM, SIGHUP: the one variable a handler touches. */
static volatile sig_atomic_t quit_signal;

void app_signal_quit(int sig)
{
    quit_signal = sig;
}

int64_t app_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * MS_PER_S + ts.tv_nsec / 1000000;
}

int app_watch_fd(struct app *app, int fd, short events, app_fd_fn fn, void *ctx)
{
    if (app->nwatch >= APP_MAX_WATCH)
        return -1;
    app->watch[app->nwatch].fd = fd;
    app->watch[app->nwatch].events = events;
    app->watch[app->nwatch].fn = fn;
    app->watch[app->nwatch].ctx = ctx;
    app->nwatch++;
    return 0;
}

void app_unwatch_fd(struct app *app, int fd)
{
    for (size_t i = 0; i < app->nwatch; i++) {
        if (app->watch[i].fd == fd) {
            memmove(&app->watch[i], &app->watch[i + 1],
                    (app->nwatch - i - 1) * sizeof app->watch[0]);
            app->nwatch--;
            return;
        }
    }
}

int app_add_timer(struct app *app, int period_ms, app_timer_fn fn, void *ctx)
{
    if (period_ms < TIMER_MIN_MS)
        period_ms = TIMER_MIN_MS;
    for (size_t i = 0; i < APP_MAX_TIMERS; i++) {
        struct app_timer *t = &app->timers[i];
        if (t->id != 0)
            continue;
        t->id = app->timer_seq++;
        t->period_ms = period_ms;
        t->next_ms = app_mono_ms() + period_ms;
        t->fn = fn;
        t->ctx = ctx;
        return t->id;
    }
    return -1;
}

void app_remove_timer(struct app *app, int id)
{
    for (size_t i = 0; i < APP_MAX_TIMERS; i++)
        if (app->timers[i].id == id)
            app->timers[i].id = 0;
}

void app_draw(struct app *app)
{
    int cx, cy;
    const struct grid *g;
    if (app->redraw_all) {
        term_invalidate(app->term);
        app->redraw_all = 0;
    }
    g = app_render(app, &cx, &cy);
    term_blit(app->term, g, cx, cy);
}

int app_progress(struct app *app, const char *what, size_t done, size_t total)
{
    struct tui_event ev;
    int cancel = 0;
    int64_t now;
    if (app->term == NULL)
        return 0;
    while (term_read(app->term, &ev)) {
        enum action a = keymap_lookup1(&app->km, KC_GLOBAL, ev.key);
        if (ev.key == TK_RESIZE) {
            int w, h;
            term_size(app->term, &w, &h);
            app_resize(app, w, h);
            app->redraw_all = 1;
        } else if (a == A_CANCEL) {
            cancel = 1;
        } else if (a == A_INTERRUPT) {
            cancel = 1;
            app->exit_status = APP_EXIT_INTERRUPT;
            app->quit = 1;
        } else if (app->ntypeahead < APP_TYPEAHEAD) {
            app->typeahead[app->ntypeahead++] = ev;
        }
    }
    now = app_mono_ms();
    if (cancel || now - app->progress_drawn >= MS_PER_S / APP_REDRAW_HZ) {
        int pct = total > 0 ? (int)(100.0 * (double)done / (double)total) : 0;
        app_message(app, ROLE_WARN, "%s %d %%  (Esc cancels)", what, pct);
        app_draw(app);
        app->progress_drawn = now;
    }
    return cancel;
}

void app_busy(struct app *app, const char *fmt, ...)
{
    va_list ap;
    char buf[256];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    app_message(app, ROLE_WARN, "%s", buf);
    if (app->term != NULL) {
        app_draw(app);
        app->progress_drawn = app_mono_ms();
    }
}

/* Handle the keys app_progress kept; returns how many. */
static int typeahead(struct app *app)
{
    struct tui_event ev;
    int n = 0;
    while (!app->quit && app->ntypeahead > 0) {
        ev = app->typeahead[0];
        memmove(app->typeahead, app->typeahead + 1, --app->ntypeahead * sizeof ev);
        n++;
        app_feed(app, &ev);
    }
    return n;
}

/* Read every waiting event, the keys kept by app_progress first; returns
 * how many. */
static int read_keys(struct app *app)
{
    struct tui_event ev;
    int n = typeahead(app);
    while (!app->quit && term_read(app->term, &ev)) {
        n++;
        if (ev.key == TK_RESIZE) {
            int w, h;
            term_size(app->term, &w, &h);
            app_resize(app, w, h);
            app->redraw_all = 1;
        }
        app_feed(app, &ev);
    }
    return n;
}

static int run_timers(struct app *app, int64_t now)
{
    int r = 0;
    for (size_t i = 0; i < APP_MAX_TIMERS; i++) {
        struct app_timer *t = &app->timers[i];
        if (t->id == 0 || now < t->next_ms)
            continue;
        /* a late loop skips missed periods rather than bursting */
        while (t->next_ms <= now)
            t->next_ms += t->period_ms;
        r |= t->fn(app, now, t->ctx);
    }
    return r;
}

static int timeout_ms(struct app *app, int64_t now, int64_t last_draw)
{
    int64_t wall = date_now_ms();
    int64_t t = MS_PER_MIN - wall % MS_PER_MIN;     /* the clock's next minute */
    for (size_t i = 0; i < APP_MAX_TIMERS; i++)
        if (app->timers[i].id != 0 && app->timers[i].next_ms - now < t)
            t = app->timers[i].next_ms - now;
    if (app->ntypeahead > 0)
        return 0;
    if (app->dirty_async) {
        int64_t d = last_draw + MS_PER_S / APP_REDRAW_HZ - now;
        if (d < t)
            t = d;
    }
    return t < 0 ? 0 : (int)t;
}

int app_run(struct app *app, struct tterm *term)
{
    struct pollfd pfd[1 + APP_MAX_WATCH];
    int64_t last_draw, minute;
    int empty_reads = 0, w, h;

    app->term = term;
    term_size(term, &w, &h);
    app_resize(app, w, h);
    /* the terminal may lack colours or line drawing */
    app_choose_theme(app);
    term_set_theme(term, &app->theme);
    app_draw(app);
    last_draw = app_mono_ms();
    minute = date_now_ms() / MS_PER_MIN;

    while (!app->quit) {
        int n, keys = 0;
        int64_t now;
        size_t nfds = 1;

        if (quit_signal) {
            app->exit_status = 128 + quit_signal;
            break;
        }
        now = app_mono_ms();
        pfd[0].fd = term_fd(term);
        pfd[0].events = POLLIN;
        pfd[0].revents = 0;
        for (size_t i = 0; i < app->nwatch; i++, nfds++) {
            pfd[nfds].fd = app->watch[i].fd;
            pfd[nfds].events = app->watch[i].events;
            pfd[nfds].revents = 0;
        }
        n = poll(pfd, (nfds_t)nfds, timeout_ms(app, now, last_draw));
        if (n < 0 && errno != EINTR)
            break;
        if (quit_signal)
            continue;
        if (n < 0) {
            /* EINTR: a SIGWINCH queues KEY_RESIZE for curses */
            keys = read_keys(app);
        } else {
            if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
                /* the terminal went away (a dropped SSH link): as SIGHUP */
                app->exit_status = 128 + SIGHUP;
                break;
            }
            if (pfd[0].revents & POLLIN) {
                keys = read_keys(app);
                /* at end of file poll says "readable" and curses reads nothing */
                empty_reads = keys ? 0 : empty_reads + 1;
                if (empty_reads >= EMPTY_READS_EOF) {
                    app->exit_status = 128 + SIGHUP;
                    break;
                }
            }
            for (size_t i = 1; i < nfds; i++) {
                short rev = pfd[i].revents;
                if (rev == 0)
                    continue;
                /* the callback may unwatch: look the fd up again */
                for (size_t k = 0; k < app->nwatch; k++) {
                    if (app->watch[k].fd == pfd[i].fd) {
                        app_apply(app, app->watch[k].fn(app, pfd[i].fd, rev, app->watch[k].ctx));
                        app->dirty_async = 1;
                        break;
                    }
                }
            }
        }
        keys += typeahead(app);
        now = app_mono_ms();
        {
            int r = run_timers(app, now);
            if (r) {
                app_apply(app, r);
                app->dirty_async = 1;
            }
        }
        if (date_now_ms() / MS_PER_MIN != minute) {
            minute = date_now_ms() / MS_PER_MIN;
            app->dirty_async = 1;
        }
        if (app->quit)
            break;
        if (keys > 0 || (app->dirty_async && now - last_draw >= MS_PER_S / APP_REDRAW_HZ)) {
            app_draw(app);
            last_draw = app_mono_ms();
            app->dirty_async = 0;
        }
    }
    app->term = NULL;
    return app->exit_status;
}
