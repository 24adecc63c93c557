/* Tests for tui/valuation.c: the book valued on the demo store agrees
 * exactly with `allot exposure --csv` (same engine, same inputs), also at
 * new spots (valuation_reval against exposure --spot), and the session
 * history samples each valuation in a ring, cleared when the portfolio
 * changes; a live IV replaces a chain's older one, never a position's. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "store/positions.h"
#include "tui/valuation.h"
#include "util/date.h"
#define VT_STORE_FIXTURE
#include "vmtest.h"

/* exposure --csv columns */
enum { X_ROW = 0, X_UNDER = 3, X_VALUE = 7, X_DELTA_USD = 10 };

/* The total row's value_usd and delta_usd of exposure --csv [--spot S]. */
static void cli_total(const char *spot, double *value, double *delta)
{
    struct vt_csv *c = spot ? vt_run(&vt_demo, "exposure", "--csv", "--spot", spot, (char *)NULL)
                            : vt_run(&vt_demo, "exposure", "--csv", (char *)NULL);
    long i = vt_find(c, X_ROW, "total");
    assert_int_equal(c->rc, 0);
    assert_true(i > 0);
    *value = vt_num(c, (size_t)i, X_VALUE);
    *delta = vt_num(c, (size_t)i, X_DELTA_USD);
    vt_free(c);
}

static void test_load_matches_cli(void **state)
{
    struct valuation v;
    struct allot_err err;
    struct valuation_sample s;
    double value, delta;
    (void)state;
    valuation_init(&v);
    err_clear(&err);
    assert_int_equal(valuation_load(&v, vt_st, "main", &err), 0);
    assert_true(v.ok);
    assert_string_equal(v.portfolio, "main");
    cli_total(NULL, &value, &delta);
    /* the same engine on the same inputs: equal to the last bit */
    assert_true(v.total.value_usd == value);
    assert_true(v.total.delta_usd == delta);
    assert_int_equal(valuation_history(&v, &s, 1), 1);
    assert_true(s.equity_usd == value);
    assert_true(s.delta_usd == delta);
    assert_int_equal(v.lb.n, 16);
    assert_true(valuation_asset(&v, "BTC") >= 0);
    assert_int_equal(valuation_asset(&v, "DOGE"), -1);
    valuation_done(&v);
}

static void test_reval_matches_spot_override(void **state)
{
    struct valuation v;
    struct allot_err err;
    struct valuation_sample h[4];
    size_t skipped = 99;
    unsigned long gen;
    double value, delta, v0;
    struct valuation_spot q[3] = { { "BTC", 110000 }, { "ETH", 3500.5 }, { "NOPE", 1 } };
    (void)state;
    valuation_init(&v);
    err_clear(&err);
    assert_int_equal(valuation_load(&v, vt_st, "main", &err), 0);
    v0 = v.total.value_usd;
    gen = v.generation;
    assert_int_equal(valuation_reval(&v, q, 3, NULL, 0, 0, &skipped, &err), 0);
    assert_int_equal(skipped, 1);
    assert_int_equal(v.generation, gen + 1);
    /* exposure --spot gives the engine the same market: equal exactly */
    {
        struct vt_csv *c = vt_run(&vt_demo, "exposure", "--csv", "--spot", "BTC=110000",
                                  "--spot", "ETH=3500.5", (char *)NULL);
        long i = vt_find(c, X_ROW, "total");
        assert_true(i > 0);
        value = vt_num(c, (size_t)i, X_VALUE);
        delta = vt_num(c, (size_t)i, X_DELTA_USD);
        vt_free(c);
    }
    assert_true(v.total.value_usd == value);
    assert_true(v.total.delta_usd == delta);
    assert_string_equal(v.lb.mkt.spot_source[valuation_asset(&v, "BTC")], "live");
    assert_int_equal(valuation_history(&v, h, 4), 2);
    assert_true(h[0].equity_usd == v0);
    assert_true(h[1].equity_usd == value);

    /* a bad spot is refused and changes nothing */
    q[0].spot_usd = -1;
    assert_int_equal(valuation_reval(&v, q, 1, NULL, 0, 0, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "BTC"));
    assert_int_equal(v.generation, gen + 1);
    assert_true(v.total.value_usd == value);
    assert_int_equal(valuation_history(&v, NULL, 0), 2);
    valuation_done(&v);
}

/* Time passing: revalued at a later instant, options lose their time
 * value as exposure --at says. */
static void test_reval_at(void **state)
{
    struct valuation v;
    struct allot_err err;
    struct valuation_spot q = { "BTC", 99920.71 };
    const char *what;
    size_t off;
    int64_t at;
    double value;
    (void)state;
    valuation_init(&v);
    err_clear(&err);
    assert_int_equal(valuation_load(&v, vt_st, "main", &err), 0);
    assert_int_equal(date_parse_ts("2024-12-20T00:00:00Z", &at, &what, &off), 0);
    assert_int_equal(valuation_reval(&v, &q, 1, NULL, 0, at, NULL, &err), 0);
    {
        struct vt_csv *c = vt_run(&vt_demo, "exposure", "--csv", "--spot", "BTC=99920.71", "--at",
                                  "2024-12-20T00:00:00Z", (char *)NULL);
        long i = vt_find(c, X_ROW, "total");
        assert_true(i > 0);
        value = vt_num(c, (size_t)i, X_VALUE);
        vt_free(c);
    }
    /* --at ages the options by a scenario's dt; reval moves the valuation
     * instant itself: the same years to expiry, up to the rounding of
     * the two ways of counting them (1e-9 relative) */
    assert_close(v.total.value_usd, value, 0, 1e-9);
    valuation_done(&v);
}

static void test_history_ring_and_portfolio(void **state)
{
    struct valuation v;
    struct allot_err err;
    static struct valuation_sample h[VALUATION_HISTORY];
    size_t n;
    (void)state;
    valuation_init(&v);
    err_clear(&err);
    assert_int_equal(valuation_load(&v, vt_st, "main", &err), 0);
    /* 600 more valuations at spots 1000 + k: the ring keeps the newest 512 */
    for (int k = 1; k <= 600; k++) {
        struct valuation_spot q = { "SOL", 100.0 + k };
        assert_int_equal(valuation_reval(&v, &q, 1, NULL, 0, 0, NULL, &err), 0);
    }
    n = valuation_history(&v, h, VALUATION_HISTORY);
    assert_int_equal(n, VALUATION_HISTORY);
    /* each SOL dollar moves the book by its SOL delta, 120 units (spot
     * 200 minus perps 80): consecutive samples differ by exactly that,
     * in order, oldest first */
    for (size_t i = 1; i < n; i++)
        assert_close(h[i].equity_usd - h[i - 1].equity_usd, 120, 1e-6, 0);
    /* reloading the same portfolio keeps the history and adds one */
    assert_int_equal(valuation_load(&v, vt_st, "main", &err), 0);
    assert_int_equal(valuation_history(&v, NULL, 0), VALUATION_HISTORY);
    /* another portfolio starts a new history; an empty one values nothing */
    {
        int64_t jid, id;
        assert_int_equal(store_begin(vt_st, &err), 0);
        assert_int_equal(journal_begin(vt_st, "portfolio new", "other", &jid, &err), 0);
        assert_int_equal(portfolio_create(vt_st, jid, "other", &id, &err), 0);
        assert_int_equal(store_commit(vt_st, &err), 0);
    }
    assert_int_equal(valuation_load(&v, vt_st, "other", &err), 0);
    assert_false(v.ok);
    assert_non_null(strstr(v.error, "no positions"));
    assert_int_equal(valuation_reval(&v, NULL, 0, NULL, 0, 0, NULL, &err), ALLOT_E_INPUT);
    valuation_done(&v);
}

/* Live implied vols: a feed's IV of an option replaces the chain's mark
 * IV when it is not older than the chain's snapshot, never a position's
 * own IV; the book is then valued exactly as with that IV given. */
static void test_reval_vols(void **state)
{
    static const char inst[] = "BTC-27DEC24-110000-C";
    struct valuation v, w;
    struct allot_err err;
    const char *what;
    size_t off, skipped = 99;
    int64_t snap;
    double v0, vol0;
    (void)state;
    /* the same call without an IV (the demo chain's, 52.34 %; NULL ends the
     * words) and with --iv 0.70 */
    for (int k = 0; k < 2; k++) {
        struct vt_csv *c = vt_run(&vt_demo, "portfolio", "new", k ? "ivown" : "ivchain",
                                  (char *)NULL);
        assert_int_equal(c->rc, 0);
        vt_free(c);
        c = vt_run(&vt_demo, "position", "add", inst, "--kind", "coin-option",
                                  "--qty", "1", "--price", "0.016", "--portfolio",
                                  k ? "ivown" : "ivchain", k ? "--iv" : NULL, "0.70",
                                  (char *)NULL);
        assert_int_equal(c->rc, 0);
        vt_free(c);
    }
    assert_int_equal(date_parse_ts("2024-12-06T23:59:59Z", &snap, &what, &off), 0);
    valuation_init(&v);
    valuation_init(&w);
    err_clear(&err);
    assert_int_equal(valuation_load(&v, vt_st, "ivchain", &err), 0);
    assert_true(v.ok);
    assert_int_equal(v.lb.n, 1);
    assert_close(v.lb.mkt.pos_vol[0], 0.5234, 1e-12, 0);
    assert_true(v.lb.mkt.pos_vol_ts[0] == snap);
    assert_non_null(strstr(v.lb.mkt.vol_source[0], "chain"));
    v0 = v.total.value_usd;
    vol0 = v.lb.mkt.pos_vol[0];

    /* older than the snapshot: the chain's IV stays (a revaluation all the same) */
    {
        struct valuation_vol old = { inst, 0.70, snap - 1000 };
        assert_int_equal(valuation_reval(&v, NULL, 0, &old, 1, 0, &skipped, &err), 0);
        assert_int_equal(skipped, 0);
        assert_true(v.lb.mkt.pos_vol[0] == vol0);
        assert_true(v.total.value_usd == v0);
    }
    /* at the snapshot's time: replaced; an instrument not held is skipped */
    {
        struct valuation_vol q[2] = { { inst, 0.70, snap }, { "BTC-27DEC24-990000-C", 0.5, snap } };
        assert_int_equal(valuation_reval(&v, NULL, 0, q, 2, 0, &skipped, &err), 0);
        assert_int_equal(skipped, 1);
        assert_true(v.lb.mkt.pos_vol[0] == 0.70);
        assert_string_equal(v.lb.mkt.vol_source[0], "live");
    }
    /* valued as the same position with --iv 0.70: the same engine inputs */
    assert_int_equal(valuation_load(&w, vt_st, "ivown", &err), 0);
    assert_true(w.ok);
    assert_true(v.total.value_usd == w.total.value_usd);
    assert_true(v.total.delta_usd == w.total.delta_usd);
    assert_true(v.total.vega_usd_per_volpt == w.total.vega_usd_per_volpt);
    assert_true(v.total.value_usd > v0);   /* a long call gains with the vol */

    /* a bad IV is refused and changes nothing; an older quote than the
     * live one is kept out */
    {
        struct valuation_vol bad = { inst, NAN, snap + 1 }, older = { inst, 0.9, snap - 1 };
        unsigned long gen = v.generation;
        assert_int_equal(valuation_reval(&v, NULL, 0, &bad, 1, 0, NULL, &err), ALLOT_E_INPUT);
        assert_non_null(strstr(err.msg, inst));
        assert_int_equal(v.generation, gen);
        assert_int_equal(valuation_reval(&v, NULL, 0, &older, 1, 0, NULL, &err), 0);
        assert_true(v.lb.mkt.pos_vol[0] == 0.70);
    }
    /* a position's own IV is never replaced: the demo's covered call (0.58) */
    assert_int_equal(valuation_load(&w, vt_st, "main", &err), 0);
    {
        struct valuation_vol q = { "BTC-27DEC24-120000-C", 0.99, INT64_MAX };
        size_t i;
        for (i = 0; i < w.lb.n && strcmp(w.lb.pos[i].instrument, q.instrument) != 0; i++)
            ;
        assert_true(i < w.lb.n);
        assert_int_equal(valuation_reval(&w, NULL, 0, &q, 1, 0, &skipped, &err), 0);
        assert_int_equal(skipped, 0);
        assert_string_equal(w.lb.mkt.vol_source[i], "position");
    }
    valuation_done(&v);
    valuation_done(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_matches_cli),
        cmocka_unit_test(test_reval_matches_spot_override),
        cmocka_unit_test(test_reval_at),
        cmocka_unit_test(test_history_ring_and_portfolio),
        cmocka_unit_test(test_reval_vols),
    };
    return cmocka_run_group_tests(tests, vt_setup, vt_teardown);
}
