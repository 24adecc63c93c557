/* Tests for tui/livefeed.c, the glue between a feed and the screens:
 * quotes in, a batch closes, the book shown is revalued at the new spot
 * and an option's new IV (val.generation moves), the status words follow the feed (waiting,
 * live, ended), quotes are stored unless in memory, a step with
 * nothing new asks for no redraw, and a bad line or a command that exits
 * is noticed (worded for the bottom line), never fatal. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "io/feedsrc.h"
#include "store/prices.h"
#include "tui/app.h"
#include "tui/apppriv.h"
#include "tui/grid.h"
#include "tui/livefeed.h"
#include "tui/model.h"
#include "tui/theme.h"
#include "tmpdir.h"
#include "util/str.h"
#include "vmtest.h"

#define T0 1000000          /* the test's monotonic clock at the start */
#define GEN_MS 100          /* a quote every 100 ms */

static struct vt_demo demo;

/* A generator quoting BTC at 100000 + 1000 k, stamped from the book's
 * valuation time on, for `ticks` ticks; or, with option set, that
 * option (a Deribit-style line: its mark in coin, its IV 0.80) stamped
 * at t0_ms. */
struct gen {
    int64_t t0_ms;
    int k, ticks;
    const char *option;
};

static int64_t gen_fn(void *ctx, int64_t now_ms, struct feed_emit *e)
{
    struct gen *g = ctx;
    struct feed_quote q;
    if (g->k >= g->ticks)
        return -1;
    memset(&q, 0, sizeof q);
    if (g->option != NULL) {
        str_copy(q.symbol, sizeof q.symbol, g->option);
        q.is_instrument = 1;
        q.price = 0.02;
        q.iv = 0.80;
        q.ts_ms = g->t0_ms;
    } else {
        strcpy(q.symbol, "BTC");
        q.price = 100000 + 1000.0 * g->k;
        q.iv = NAN;
        q.ts_ms = g->t0_ms + (int64_t)g->k * GEN_MS;
    }
    feed_emit(e, &q);
    g->k++;
    return now_ms + GEN_MS;
}

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    vt_demo_open(&demo);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vt_demo_close(&demo);
    return 0;
}

/* The spot the book uses for BTC. */
static double btc_spot(const struct model *m)
{
    long i = valuation_asset(&m->val, "BTC");
    assert_true(i >= 0);
    for (size_t k = 0; k < m->val.lb.n; k++)
        if (m->val.lines[k].asset == (size_t)i)
            return m->val.lines[k].spot_usd;
    fail_msg("no BTC position");
    return NAN;
}

static void run(int memory)
{
    struct model m;
    struct allot_err err;
    struct gen g = { 0, 0, 5, NULL };
    struct feed *f = feed_new(NULL);
    struct livefeed *lf;
    unsigned long gen0;
    double spot0;
    int role, r;
    int64_t now = T0;

    memset(&m, 0, sizeof m);
    err_clear(&err);
    assert_int_equal(model_open(&m, demo.path, NULL, &err), 0);
    assert_true(m.val.ok);
    g.t0_ms = m.val.lb.now_ms;
    assert_true(feed_add_gen(f, "test", gen_fn, &g, NULL, &err) >= 0);
    lf = livefeed_new(f, memory ? NULL : model_store(&m), now);
    gen0 = m.val.generation;
    spot0 = btc_spot(&m);
    assert_true(fabs(spot0 - 100000) > 1);

    /* the first quote opens a batch: nothing revalued yet */
    r = livefeed_step(lf, &m, now);
    assert_false(r & LIVEFEED_REVALUED);
    assert_int_equal(m.val.generation, gen0);
    assert_true(fabs(btc_spot(&m) - spot0) < 1e-9);

    /* 300 ms on: the batch (250 ms) closed, the book moved to the latest quote */
    while (now < T0 + 300) {
        now += LIVEFEED_PERIOD_MS;
        r |= livefeed_step(lf, &m, now);
    }
    assert_true(r & LIVEFEED_REVALUED);
    assert_true(m.val.generation > gen0);
    {
        /* a quote of a closed batch (the open one waits for its turn) */
        double s = btc_spot(&m);
        assert_true(s >= 100000 && s <= 100000 + 1000.0 * (g.k - 1));
        assert_true(fmod(s, 1000) == 0);
    }
    assert_true(livefeed_quotes(lf) >= 3);
    /* in memory (the simulator) the state says so */
    assert_non_null(strstr(livefeed_status(lf, &role), memory ? "sim " : "live "));
    assert_int_equal(role, ROLE_OK);
    if (!memory) {
        struct quote q;
        assert_int_equal(quotes_get(model_store(&m), "BTC", &q, &err), 0);
        assert_true(q.price >= 100000);
        assert_string_equal(q.source, "sim");  /* a generator, named as watch names it */
    }

    /* the generator ends: the last batch is revalued, the status says so */
    for (int i = 0; i < 20; i++) {
        now += LIVEFEED_PERIOD_MS;
        livefeed_step(lf, &m, now);
    }
    assert_true(fabs(btc_spot(&m) - 104000) < 1e-6);
    assert_string_equal(livefeed_status(lf, &role), "ended");
    assert_int_equal(role, ROLE_DIM);
    assert_int_equal(livefeed_quotes(lf), 5);
    {
        /* nothing more happens: no redraw asked */
        unsigned long gen1 = m.val.generation;
        assert_int_equal(livefeed_step(lf, &m, now + 1000), 0);
        assert_int_equal(m.val.generation, gen1);
    }
    livefeed_free(lf);
    feed_free(f);
    model_close(&m);
}

static void test_memory(void **state)
{
    (void)state;
    run(1);
}

static void test_store(void **state)
{
    (void)state;
    run(0);
}

/* Quiet steps ask for no redraw; the status changes once. */
static void test_quiet(void **state)
{
    struct model m;
    struct allot_err err;
    struct gen g = { 0, 0, 0, NULL };   /* ends at once */
    struct feed *f = feed_new(NULL);
    struct livefeed *lf;
    int role;
    (void)state;
    memset(&m, 0, sizeof m);
    err_clear(&err);
    assert_int_equal(model_open(&m, demo.path, NULL, &err), 0);
    assert_true(feed_add_gen(f, "test", gen_fn, &g, NULL, &err) >= 0);
    lf = livefeed_new(f, NULL, T0);
    assert_string_equal(livefeed_status(lf, &role), "starting");
    assert_true(livefeed_step(lf, &m, T0) & LIVEFEED_STATUS);
    assert_string_equal(livefeed_status(lf, &role), "ended");
    assert_int_equal(livefeed_step(lf, &m, T0 + 50), 0);
    livefeed_free(lf);
    feed_free(f);
    model_close(&m);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A command writing a good line and a bad one, then exiting 3 with a
 * word on stderr: the bad line and the exit are noticed, with where and
 * why; the good quote still moves the book. */
static void test_notices(void **state)
{
    struct model m;
    struct allot_err err;
    struct feed *f = feed_new(NULL);
    struct livefeed *lf;
    char bad[512] = "", exited[512] = "";
    int64_t start = mono_ms(), now = start;
    (void)state;
    memset(&m, 0, sizeof m);
    err_clear(&err);
    assert_int_equal(model_open(&m, demo.path, NULL, &err), 0);
    assert_true(feed_add(f, "printf 'BTC,101000\\nBTC,oops\\n'; echo boom >&2; exit 3",
                         FEED_SPEC_CMD, &err) >= 0);
    lf = livefeed_new(f, NULL, now);
    assert_string_equal(livefeed_notice(lf), "");
    while ((bad[0] == '\0' || exited[0] == '\0') && now - start < 10000) {
        int r;
        usleep(10000);
        now = mono_ms();
        r = livefeed_step(lf, &m, now);
        if (r & LIVEFEED_NOTICE) {
            const char *n = livefeed_notice(lf);
            if (strncmp(n, "bad line ", 9) == 0)
                snprintf(bad, sizeof bad, "%s", n);
            else
                snprintf(exited, sizeof exited, "%s", n);
        }
    }
    /* the line and column of the bad price, and the count */
    assert_non_null(strstr(bad, ":2:5: "));
    assert_non_null(strstr(bad, "(1 bad line)"));
    assert_non_null(strstr(exited, "exited with status 3: boom; restart 1"));
    /* a step with nothing new notices nothing */
    assert_false(livefeed_step(lf, &m, now + 1) & LIVEFEED_NOTICE);
    /* and the good line reached the book once its batch closed */
    for (int i = 0; i < 10; i++)
        livefeed_step(lf, &m, now += LIVEFEED_PERIOD_MS);
    assert_true(fabs(btc_spot(&m) - 101000) < 1e-6);
    livefeed_free(lf);
    feed_free(f);
    model_close(&m);
}

/* The role of the first cell of text on the row holding key, or -1. */
static int role_of(const struct grid *g, const char *key, const char *text)
{
    struct strbuf b = { 0 };
    int role = -1;
    for (int y = 0; y < g->h && role < 0; y++) {
        const char *row, *at;
        strbuf_reset(&b);
        grid_row_text(g, y, &b);
        row = strbuf_str(&b);
        if (strstr(row, key) != NULL && (at = strstr(row, text)) != NULL)
            role = grid_cat(g, (int)(at - row), y)->role;   /* the row is ASCII */
    }
    strbuf_free(&b);
    return role;
}

/* Write text into a file of the test's temporary directory (a followed
 * feed file), its path into path. */
static void feed_file(char *path, size_t n, const char *name, const char *text)
{
    FILE *fp;
    tmpdir_file(path, n, name);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* A followed file quotes BTC once, then says nothing: after the stale
 * time the status says stale and the Positions screen dims the spot it
 * fed; the Exposure screen too. */
static void test_stale_dims(void **state)
{
    char path[512];
    struct feed_opts fo;
    struct tui_options opt;
    struct allot_err err;
    struct feed *f;
    struct app *app;
    int cx, cy;
    (void)state;
    feed_file(path, sizeof path, "q.csv", "BTC,101234\n");
    feed_opts_init(&fo);
    fo.stale_ms = 2000;
    f = feed_new(&fo);
    err_clear(&err);
    assert_true(feed_add(f, path, FEED_SPEC_FILE, &err) >= 0);
    memset(&opt, 0, sizeof opt);
    opt.db_path = demo.path;
    opt.feed = f;
    app = app_new(&opt, 100, 30, &err);
    assert_non_null(app);
    assert_int_equal(app_live_advance(app, 500), 0);
    assert_false(app_feed_stale(app));
    assert_int_equal(role_of(app_render(app, &cx, &cy), "BTC-PERPETUAL", "101234"), ROLE_NORMAL);
    assert_int_equal(app_live_advance(app, 3000), 0);
    assert_true(app_feed_stale(app));
    /* the state gives the age of the newest line: 3.5 s */
    assert_string_equal(app->feed, "stale 3s");
    assert_int_equal(role_of(app_render(app, &cx, &cy), "BTC-PERPETUAL", "101234"), ROLE_DIM);
    assert_int_equal(role_of(app_render(app, &cx, &cy), "feed stale", "stale"), ROLE_STALE);
    app_goto(app, 1, NULL);     /* Exposure; its BTC row is selected, look at ETH's */
    assert_int_equal(role_of(app_render(app, &cx, &cy), "ETH ", "4005.81"), ROLE_DIM);
    app_free(app);
    feed_free(f);
}

/* An option valued on the chain's mark IV takes a feed's newer IV: the
 * screen's book is then valued exactly as the same position with that
 * IV given. */
static void test_option_iv(void **state)
{
    struct model m;
    struct valuation w;
    struct allot_err err;
    struct gen g = { 0, 0, 1, "BTC-27DEC24-110000-C" };
    struct feed *f = feed_new(NULL);
    struct livefeed *lf;
    unsigned long gen0;
    int64_t now = T0;
    (void)state;
    /* the call without an IV (NULL ends the words) and with --iv 0.80 */
    for (int k = 0; k < 2; k++) {
        struct vt_csv *c = vt_run(&demo, "portfolio", "new", k ? "ivown" : "ivlive", (char *)NULL);
        assert_int_equal(c->rc, 0);
        vt_free(c);
        c = vt_run(&demo, "position", "add", "BTC-27DEC24-110000-C", "--kind", "coin-option",
                   "--qty", "1", "--price", "0.016", "--portfolio", k ? "ivown" : "ivlive",
                   k ? "--iv" : NULL, "0.80", (char *)NULL);
        assert_int_equal(c->rc, 0);
        vt_free(c);
    }
    memset(&m, 0, sizeof m);
    err_clear(&err);
    assert_int_equal(model_open(&m, demo.path, "ivlive", &err), 0);
    assert_true(m.val.ok);
    assert_int_equal(m.val.lb.n, 1);
    assert_true(m.val.lb.mkt.pos_vol[0] != 0.80);      /* the chain's 52.34 % */
    g.t0_ms = m.val.lb.now_ms;                          /* as new as the chain */
    assert_true(feed_add_gen(f, "test", gen_fn, &g, NULL, &err) >= 0);
    lf = livefeed_new(f, NULL, now);
    gen0 = m.val.generation;
    for (int i = 0; i < 10; i++)
        livefeed_step(lf, &m, now += LIVEFEED_PERIOD_MS);
    assert_true(m.val.generation > gen0);
    assert_true(m.val.lb.mkt.pos_vol[0] == 0.80);
    assert_string_equal(m.val.lb.mkt.vol_source[0], "live");
    valuation_init(&w);
    assert_int_equal(valuation_load(&w, model_store(&m), "ivown", &err), 0);
    assert_true(w.ok);
    assert_true(m.val.total.value_usd == w.total.value_usd);
    assert_true(m.val.total.vega_usd_per_volpt == w.total.vega_usd_per_volpt);
    valuation_done(&w);
    livefeed_free(lf);
    feed_free(f);
    model_close(&m);
}

/* The role of the cell that starts word (a blank on each side) on the
 * row holding key, or -1. */
static int word_role(const struct grid *g, const char *key, const char *word)
{
    char pat[64];
    snprintf(pat, sizeof pat, " %s ", word);
    for (int y = 0; y < g->h; y++) {
        struct strbuf b = { 0 };
        const char *row, *at;
        int role = -1;
        grid_row_text(g, y, &b);
        row = strbuf_str(&b);
        if (strstr(row, key) != NULL && (at = strstr(row, pat)) != NULL)
            role = grid_cat(g, (int)(at - row) + 1, y)->role;
        strbuf_free(&b);
        if (role >= 0)
            return role;
    }
    return -1;
}

/* The Positions screen's iv column: a position's own IV as it is, the
 * market's (the chain's, then a feed's) dimmed. Uses the portfolios of
 * test_option_iv. */
static void test_positions_iv(void **state)
{
    char path[512];
    struct tui_options opt;
    struct allot_err err;
    struct feed *f;
    struct app *app;
    int cx, cy;
    (void)state;
    /* a call sorted first, so that the row looked at is not the selected one */
    for (int k = 0; k < 2; k++) {
        struct vt_csv *c = vt_run(&demo, "position", "add", "BTC-27DEC24-100000-C", "--kind",
                                  "coin-option", "--qty", "1", "--price", "0.05", "--portfolio",
                                  k ? "ivown" : "ivlive", "--iv", "0.55", (char *)NULL);
        assert_int_equal(c->rc, 0);
        vt_free(c);
    }
    /* stamped when read: newer than the chain */
    feed_file(path, sizeof path, "iv.csv", "BTC-27DEC24-110000-C,0.02,0.8\n");
    f = feed_new(NULL);
    err_clear(&err);
    assert_true(feed_add(f, path, FEED_SPEC_FILE, &err) >= 0);
    memset(&opt, 0, sizeof opt);
    opt.db_path = demo.path;
    opt.portfolio = "ivlive";
    opt.feed = f;
    opt.feed_memory = 1;
    app = app_new(&opt, 160, 30, &err);
    assert_non_null(app);
    assert_int_equal(word_role(app_render(app, &cx, &cy), "BTC-27DEC24", "0.5234"), ROLE_DIM);
    assert_int_equal(app_live_advance(app, 500), 0);
    assert_int_equal(word_role(app_render(app, &cx, &cy), "BTC-27DEC24", "0.8"), ROLE_DIM);
    app_free(app);
    feed_free(f);
    /* the position's own: not dimmed */
    memset(&opt, 0, sizeof opt);
    opt.db_path = demo.path;
    opt.portfolio = "ivown";
    app = app_new(&opt, 160, 30, &err);
    assert_non_null(app);
    assert_int_equal(word_role(app_render(app, &cx, &cy), "BTC-27DEC24", "0.8"), ROLE_NORMAL);
    app_free(app);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_quiet),
        cmocka_unit_test(test_notices),
        cmocka_unit_test(test_stale_dims),
        cmocka_unit_test(test_option_iv),
        cmocka_unit_test(test_positions_iv),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
