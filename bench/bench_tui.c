/* bench_tui.c: timings of the interactive screen on the demo book (make
 * bench). One line per figure: what, value, unit, target, PASS/FAIL.
 * The screen runs on a real curses terminal (xterm-256color) whose
 * output goes to /dev/null, so each frame pays for rendering, the
 * curses diff and the escape sequences. Figures: the first frame (open
 * the store, load the book, render, blit), the redraw after a key over
 * a mixed key sequence (p50, p99, max), and the peak resident memory.
 * Then the same keys while a feed delivers 10,000 quotes a second
 * across the demo's seven underlyings into the store: between two keys
 * the loop's 50 ms feed timer runs once (500 quotes read and batched,
 * a batch written and the book revalued every 250 ms); the figures are
 * the key's redraw alone, the timer's step, and the two together, which
 * is how long a key waits when it arrives as the timer fires.
 * Exits 1 when a figure misses its target or the setup fails. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli/demo.h"
#include "io/feedsrc.h"
#include "tui/app.h"
#include "tui/apppriv.h"
#include "tui/livefeed.h"
#include "tui/term.h"

#define KEYS_TIMED 3000
#define FIRST_FRAME_TARGET_MS 100.0
#define REDRAW_P99_TARGET_MS 16.0
#define MEMORY_TARGET_MB 50.0
#define KB_PER_MB 1024.0
#define FEED_RATE_PER_S 10000
#define DEMO_ASOF_MS 1733529599000LL    /* 2024-12-06T23:59:59Z, the demo's last close */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int report(const char *what, double value, const char *unit, double target)
{
    int ok = value < target;
    printf("%-58s %9.3f %-3s target < %-5g %s\n", what, value, unit, target,
           ok ? "PASS" : "FAIL");
    return ok;
}

/* One key, rendered and drawn as the loop does. */
static double key_ms(struct app *app, struct tterm *term, int key)
{
    struct tui_event ev = { key, 5, 10 };
    int cx, cy;
    double t0 = now_ms();
    app_feed(app, &ev);
    term_blit(term, app_render(app, &cx, &cy), cx, cy);
    return now_ms() - t0;
}

/* A generator of FEED_RATE_PER_S quotes a second, round-robin over the
 * demo's underlyings, each a small random walk from its last close,
 * stamped on the demo's clock so the options stay alive. */
struct gen {
    int64_t start_ms, emitted;
    uint64_t rng;
    double px[7];
};

static const char *const gen_sym[7] = { "BTC", "ETH", "SOL", "LINK", "SPY", "GLD", "USDC" };

static double gen_u(struct gen *g)
{
    g->rng = g->rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(g->rng >> 11) / 9007199254740992.0 - 0.5;
}

static int64_t gen_next(void *ctx, int64_t now_ms, struct feed_emit *e)
{
    struct gen *g = ctx;
    int64_t due;
    if (g->start_ms < 0)
        g->start_ms = now_ms;
    due = (now_ms - g->start_ms) * FEED_RATE_PER_S / 1000;
    for (; g->emitted < due; g->emitted++) {
        struct feed_quote q;
        size_t k = (size_t)(g->emitted % 7);
        memset(&q, 0, sizeof q);
        snprintf(q.symbol, sizeof q.symbol, "%s", gen_sym[k]);
        g->px[k] *= 1 + 0.0004 * gen_u(g);
        q.price = g->px[k];
        q.iv = NAN;
        q.ts_ms = DEMO_ASOF_MS + (now_ms - g->start_ms);
        feed_emit(e, &q);
    }
    return now_ms + 1;
}

/* The keys again with the feed running: per key, the timer's step and
 * the key's redraw, in step[] and key[]. */
static int run_with_feed(const char *path, FILE *out, FILE *in, const int *seq, size_t nseq,
                         double *step, double *key, long *quotes, unsigned long *revals)
{
    static struct gen g = { -1, 0, 42, { 99920.71, 4005.81, 237.05, 25.81, 600.51, 242.95, 1 } };
    struct allot_err err;
    struct tui_options opt;
    struct tterm *term;
    struct feed *f = feed_new(NULL);
    struct app *app;
    int cx, cy;

    err_clear(&err);
    if (feed_add_gen(f, "bench", gen_next, &g, NULL, &err) < 0 ||
        term_open(&term, out, in, "xterm-256color", &err) != 0) {
        fprintf(stderr, "bench_tui: feed: %s\n", err.msg);
        feed_free(f);
        return -1;
    }
    memset(&opt, 0, sizeof opt);
    opt.db_path = path;
    opt.feed = f;
    if ((app = app_new(&opt, 80, 24, &err)) == NULL) {
        fprintf(stderr, "bench_tui: %s\n", err.msg);
        term_close(term);
        feed_free(f);
        return -1;
    }
    term_set_theme(term, app_theme(app));
    term_blit(term, app_render(app, &cx, &cy), cx, cy);
    for (int i = 0; i < KEYS_TIMED; i++) {
        double t0 = now_ms();
        app_live_advance(app, LIVEFEED_PERIOD_MS);
        term_blit(term, app_render(app, &cx, &cy), cx, cy);
        step[i] = now_ms() - t0;
        key[i] = key_ms(app, term, seq[(size_t)i % nseq]);
    }
    *quotes = livefeed_quotes(app->live);
    *revals = app->model.val.generation;
    app_free(app);
    term_close(term);
    feed_free(f);
    return 0;
}

int main(void)
{
    /* navigation, column moves and sorts, screen switches, the help
     * window, a filter typed and cleared: what a user does most */
    static const int seq[] = {
        'j', 'j', 'j', 'k', 'G', 'g', TK_PGDN, TK_PGUP, 'l', 'l', 'l', 'l', 's', 's', 'h',
        'h', '2', '3', 'l', '4', '5', '1', '?', 'j', TK_ESC, '/', 'e', 't', 'h', TK_ENTER,
        TK_ESC, TK_TAB, TK_BTAB, 'j', 'k',
    };
    char path[4096], dir[4096];
    struct allot_err err;
    struct tui_options opt;
    struct tterm *term;
    struct app *app;
    FILE *out, *in;
    double t0, first, *ms, *step, *key, *both;
    long quotes = 0;
    unsigned long revals = 0;
    struct rusage ru;
    int cx, cy, ok = 1;

    err_clear(&err);
    if (demo_create(path, dir, sizeof path, &err) != 0) {
        fprintf(stderr, "bench_tui: demo store: %s (set ALLOT_SHARE)\n", err.msg);
        return 1;
    }
    out = fopen("/dev/null", "w");
    in = fopen("/dev/null", "r");
    if (out == NULL || in == NULL || term_open(&term, out, in, "xterm-256color", &err) != 0) {
        fprintf(stderr, "bench_tui: no curses terminal: %s\n", err.msg);
        demo_remove(dir);
        return 1;
    }
    memset(&opt, 0, sizeof opt);
    opt.db_path = path;

    t0 = now_ms();
    app = app_new(&opt, 80, 24, &err);
    if (app == NULL) {
        term_close(term);
        fprintf(stderr, "bench_tui: %s\n", err.msg);
        demo_remove(dir);
        return 1;
    }
    term_set_theme(term, app_theme(app));
    term_blit(term, app_render(app, &cx, &cy), cx, cy);
    first = now_ms() - t0;

    ms = malloc(KEYS_TIMED * sizeof *ms);
    for (int i = 0; i < KEYS_TIMED; i++)
        ms[i] = key_ms(app, term, seq[i % (sizeof seq / sizeof seq[0])]);
    app_free(app);
    term_close(term);
    step = malloc(KEYS_TIMED * sizeof *step);
    key = malloc(KEYS_TIMED * sizeof *key);
    both = malloc(KEYS_TIMED * sizeof *both);
    if (run_with_feed(path, out, in, seq, sizeof seq / sizeof seq[0], step, key, &quotes,
                      &revals) != 0)
        ok = 0;
    for (int i = 0; i < KEYS_TIMED; i++)
        both[i] = step[i] + key[i];
    fclose(out);
    fclose(in);
    demo_remove(dir);
    qsort(ms, KEYS_TIMED, sizeof *ms, cmp);
    qsort(step, KEYS_TIMED, sizeof *step, cmp);
    qsort(key, KEYS_TIMED, sizeof *key, cmp);
    qsort(both, KEYS_TIMED, sizeof *both, cmp);
    getrusage(RUSAGE_SELF, &ru);

    printf("interactive screen, demo book (16 positions), 80x24, curses to /dev/null\n");
    ok &= report("first frame: open store, load book, render, draw", first, "ms",
                 FIRST_FRAME_TARGET_MS);
    ok &= report("redraw after a key, median of 3000", ms[KEYS_TIMED / 2], "ms",
                 REDRAW_P99_TARGET_MS);
    ok &= report("redraw after a key, 99th percentile", ms[KEYS_TIMED * 99 / 100], "ms",
                 REDRAW_P99_TARGET_MS);
    printf("%-58s %9.3f ms\n", "redraw after a key, slowest", ms[KEYS_TIMED - 1]);
    printf("with a feed of %d quotes/s into the store: %ld quotes accepted, %lu valuations\n"
           "over %d timer steps of 50 ms\n", FEED_RATE_PER_S, quotes, revals, KEYS_TIMED);
    if (quotes < (long)KEYS_TIMED * FEED_RATE_PER_S / 20 * 9 / 10 || revals < KEYS_TIMED / 5 * 9 / 10) {
        printf("the feed did not reach the book\n");
        ok = 0;
    }
    ok &= report("redraw after a key, 99th percentile", key[KEYS_TIMED * 99 / 100], "ms",
                 REDRAW_P99_TARGET_MS);
    printf("%-58s %9.3f ms\n", "feed timer step (read, batch, store, revalue, draw), p99",
           step[KEYS_TIMED * 99 / 100]);
    ok &= report("a key arriving as the timer fires: step + redraw, p99",
                 both[KEYS_TIMED * 99 / 100], "ms", REDRAW_P99_TARGET_MS);
    printf("%-58s %9.3f ms\n", "step + redraw, slowest", both[KEYS_TIMED - 1]);
    ok &= report("peak resident memory (whole process, demo build included)",
                 ru.ru_maxrss / KB_PER_MB, "MB", MEMORY_TARGET_MB);
    free(ms);
    free(step);
    free(key);
    free(both);
    return ok ? 0 : 1;
}
