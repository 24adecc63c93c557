/* bench_tui.c: timings of the interactive screen on the demo book (make
 * bench). One line per figure: what, value, unit, target, PASS/FAIL.
 * The screen runs on a real curses terminal (xterm-256color) whose
 * output goes to /dev/null, so each frame pays for rendering, the
 * curses diff and the escape sequences. Figures: the first frame (open
 * the store, load the book, render, blit), the redraw after a key over
 * a mixed key sequence (p50, p99, max), and the peak resident memory.
 * Exits 1 when a figure misses its target or the setup fails. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli/demo.h"
#include "tui/app.h"
#include "tui/term.h"

#define KEYS_TIMED 3000
#define FIRST_FRAME_TARGET_MS 100.0
#define REDRAW_P99_TARGET_MS 16.0
#define MEMORY_TARGET_MB 50.0
#define KB_PER_MB 1024.0

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
    double t0, first, *ms;
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
    fclose(out);
    fclose(in);
    demo_remove(dir);
    qsort(ms, KEYS_TIMED, sizeof *ms, cmp);
    getrusage(RUSAGE_SELF, &ru);

    printf("interactive screen, demo book (16 positions), 80x24, curses to /dev/null\n");
    ok &= report("first frame: open store, load book, render, draw", first, "ms",
                 FIRST_FRAME_TARGET_MS);
    ok &= report("redraw after a key, median of 3000", ms[KEYS_TIMED / 2], "ms",
                 REDRAW_P99_TARGET_MS);
    ok &= report("redraw after a key, 99th percentile", ms[KEYS_TIMED * 99 / 100], "ms",
                 REDRAW_P99_TARGET_MS);
    printf("%-58s %9.3f ms\n", "redraw after a key, slowest", ms[KEYS_TIMED - 1]);
    ok &= report("peak resident memory (whole process, demo build included)",
                 ru.ru_maxrss / KB_PER_MB, "MB", MEMORY_TARGET_MB);
    free(ms);
    return ok ? 0 : 1;
}
