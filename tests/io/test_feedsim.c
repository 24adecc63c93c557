/* Tests for io/feedsim.c: ticks quote every symbol at one simulated
 * instant (start + k speed / rate seconds), tick 0 the start prices and
 * tick k the simulator's k-th step (an independent simulator with the same
 * parameters is the reference), --count cuts inside a tick, the stream
 * does not depend on the pacing, and the generator's schedule on a
 * synthetic clock (on time, early, late and catching up). */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include <gsl/gsl_errno.h>

#include "io/feedsim.h"

static const char *const syms[2] = { "BTC", "ETH" };
static const double spot[2] = { 100000, 4000 };

static struct sim *mksim(double dt_days, unsigned long seed, gsl_matrix **cov_out)
{
    struct sim_params p;
    struct sim *s;
    struct allot_err err;
    gsl_matrix *c = gsl_matrix_alloc(2, 2);
    gsl_matrix_set(c, 0, 0, 0.03 * 0.03);
    gsl_matrix_set(c, 1, 1, 0.04 * 0.04);
    gsl_matrix_set(c, 0, 1, 0.7 * 0.03 * 0.04);
    gsl_matrix_set(c, 1, 0, 0.7 * 0.03 * 0.04);
    sim_params_init(&p);
    p.n = 2;
    p.spot0 = spot;
    p.cov_daily = c;
    p.dt_days = dt_days;
    p.seed = seed;
    assert_int_equal(sim_new(&p, &s, &err), 0);
    if (cov_out != NULL)
        *cov_out = c;
    else
        gsl_matrix_free(c);
    return s;
}

static void test_ticks(void **state)
{
    struct feedsim_opts o;
    struct feedsim *fs;
    struct feed_quote q[2];
    struct allot_err err;
    struct sim *ref;
    double px[2];
    (void)state;

    feedsim_opts_init(&o);
    o.rate_hz = 4;
    o.speed = 3600;             /* an hour a second: a tick is 900 s */
    o.start_ms = 1733529599000; /* 2024-12-06T23:59:59Z */
    o.count = 7;
    assert_close(feedsim_dt_days(&o), 900.0 / 86400.0, 0, 1e-15);
    assert_int_equal(feedsim_new(mksim(feedsim_dt_days(&o), 5, NULL), syms, &o, &fs, &err), 0);
    ref = mksim(feedsim_dt_days(&o), 5, NULL);

    assert_int_equal(feedsim_tick(fs, q), 2);
    assert_string_equal(q[0].symbol, "BTC");
    assert_string_equal(q[1].symbol, "ETH");
    assert_true(q[0].price == 100000 && q[1].price == 4000);
    assert_true(q[0].ts_ms == o.start_ms && q[1].ts_ms == o.start_ms);
    assert_true(isnan(q[0].iv) && !q[0].is_instrument);
    for (int k = 1; k <= 2; k++) {
        assert_int_equal(feedsim_tick(fs, q), 2);
        sim_step(ref, px);
        assert_true(q[0].price == px[0] && q[1].price == px[1]);
        assert_true(q[0].ts_ms == o.start_ms + k * 900000);
    }
    /* 6 quotes so far: the 7th is half a tick, then the end */
    assert_int_equal(feedsim_tick(fs, q), 1);
    assert_int_equal(feedsim_tick(fs, q), 0);
    assert_int_equal(feedsim_ticks(fs), 4);
    sim_free(ref);
    feedsim_free(fs);

    o.rate_hz = 0;
    assert_int_equal(feedsim_new(mksim(1, 5, NULL), syms, &o, &fs, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "rate"));
}

struct got {
    int n;
    struct feed_quote q[64];
};

static void on_quote(void *ctx, size_t src, const struct feed_quote *q)
{
    struct got *g = ctx;
    (void)src;
    if (g->n < 64)
        g->q[g->n] = *q;
    g->n++;
}

static void test_generator_schedule(void **state)
{
    struct feedsim_opts o;
    struct feedsim *fs;
    struct feed *f;
    struct got g = { 0 };
    struct allot_err err;
    struct feed_status st;
    int64_t next;
    (void)state;

    feedsim_opts_init(&o);      /* 2 Hz: a tick every 500 ms */
    o.start_ms = 0;
    assert_int_equal(feedsim_new(mksim(feedsim_dt_days(&o), 9, NULL), syms, &o, &fs, &err),
                     0);
    f = feed_new(NULL);
    assert_int_equal(feed_add_gen(f, "sim", feedsim_gen, fs, feedsim_free, &err), 0);
    next = feed_tick(f, 1000, on_quote, &g);
    assert_int_equal(g.n, 2);                   /* tick 0 at once */
    assert_true(next == 1500);
    next = feed_tick(f, 1499, on_quote, &g);
    assert_int_equal(g.n, 2);                   /* not yet */
    next = feed_tick(f, 1500, on_quote, &g);
    assert_int_equal(g.n, 4);
    assert_true(next == 2000);
    /* 20 periods late: 10 ticks caught up, the next one period from now */
    next = feed_tick(f, 12000, on_quote, &g);
    assert_int_equal(g.n, 4 + 2 * FEEDSIM_CATCHUP);
    assert_true(next == 12500);
    /* the timestamps are the simulated ones, one step (0.5 s) apart,
     * whatever the pacing */
    for (int i = 0; i < g.n && i < 64; i += 2)
        assert_true(g.q[i].ts_ms == (int64_t)(i / 2) * 500);
    feed_status(f, 0, 12000, &st);
    assert_int_equal(st.kind, FEED_GEN);
    assert_int_equal(st.state, FEED_LIVE);
    assert_int_equal(st.quotes, g.n);
    feed_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticks),
        cmocka_unit_test(test_generator_schedule),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
