/* Tests for engine/portfolio/book.c: each kind against hand-computed
 * values and the pricers, inverse contracts and their hedge, premium-
 * adjusted against plain delta for coin options (against a real Deribit
 * row), aggregation per underlying and in total, every delta against a
 * finite difference of the revaluation, and scenario revaluation against
 * a book built directly at the shifted market. */
#include <config.h>
#include "cmocka_wrap.h"

#include <float.h>
#include <string.h>

#include "engine/portfolio/book.h"
#include "engine/pricing/black76.h"
#include "engine/pricing/bsm.h"
#include "util/str.h"

#define NOW_MS INT64_C(1589435033445) /* 2020-05-14T05:43:53.445Z */
#define DAY_MS INT64_C(86400000)

static struct position mk(enum inst_kind kind, const char *name, const char *und, double q,
                          double entry)
{
    struct position p;
    position_init(&p);
    p.kind = kind;
    str_copy(p.instrument, sizeof p.instrument, name);
    str_copy(p.underlying, sizeof p.underlying, und);
    p.quantity = q;
    p.entry_price = entry;
    return p;
}

static struct position mk_opt(enum inst_kind kind, const char *name, double q, double entry,
                              double strike, int is_call, int64_t expiry_ms, double iv)
{
    struct position p = mk(kind, name, "BTC", q, entry);
    p.strike = strike;
    p.is_call = is_call;
    p.expiry_ms = expiry_ms;
    p.iv = iv;
    return p;
}

static struct book_asset asset(const char *sym, double spot, double r, double q, double f,
                               double vol)
{
    struct book_asset a;
    memset(&a, 0, sizeof a);
    str_copy(a.symbol, sizeof a.symbol, sym);
    a.spot_usd = spot;
    a.rate = r;
    a.carry = q;
    a.funding_per_day = f;
    a.vol_ann = vol;
    return a;
}

static struct book *build(const struct position *p, size_t n, const struct book_asset *as,
                          size_t na, int64_t now_ms)
{
    struct book_market m = {now_ms, na, as, NULL, NULL};
    struct book *b;
    struct allot_err err;
    err_clear(&err);
    if (book_new(p, n, &m, &b, &err) != 0)
        fail_msg("book_new: %s", err.msg);
    return b;
}

static struct book_line line_of(const struct book *b, size_t i)
{
    struct book_line ln[16];
    assert_true(book_n_positions(b) <= 16);
    assert_int_equal(book_exposure(b, NULL, ln, NULL, NULL, NULL), 0);
    return ln[i];
}

static void test_linear(void **state)
{
    (void)state;
    struct book_asset as[1] = {asset("BTC", 100, 0.03, 0, 0.0003, NAN)};
    struct position p[3] = {
        mk(INST_SPOT, "BTC", "BTC", 2, 90),
        mk(INST_PERP, "BTC-PERP", "BTC", -3, 110),
        mk(INST_FUTURE, "BTC-26JUN20", "BTC", 1, 100),
    };
    p[2].expiry_ms = NOW_MS + 30 * DAY_MS;
    p[0].fee_usd = 0.5;
    double fwd[3] = {NAN, NAN, 102};
    struct book_market m = {NOW_MS, 1, as, NULL, fwd};
    struct book *b;
    assert_int_equal(book_new(p, 3, &m, &b, NULL), 0);
    struct book_line ln[3];
    assert_int_equal(book_exposure(b, NULL, ln, NULL, NULL, NULL), 0);
    /* spot: value q S = 200, PnL q (S - entry) = 20, delta q = 2 */
    assert_close(ln[0].x.value_usd, 200, 1e-12, 0);
    assert_close(ln[0].x.pnl_usd, 20, 1e-12, 0);
    assert_close(ln[0].x.fee_usd, 0.5, 0, 0);
    assert_true(ln[0].x.delta_units == 2 && ln[0].x.delta_usd == 200);
    /* perp: PnL -3 (100 - 110) = 30, delta -3, funding: a short receives
     * 3 * 100 * 0.0003 = 0.09 USD a day */
    assert_close(ln[1].x.pnl_usd, 30, 1e-12, 0);
    assert_close(ln[1].x.value_usd, 30, 1e-12, 0);
    assert_true(ln[1].x.delta_units == -3);
    assert_close(ln[1].x.carry_usd_per_day, 0.09, 1e-15, 0);
    assert_close(ln[1].x.notional_usd, -300, 1e-12, 0);
    /* future marked at its forward 102: PnL 2, delta q F/S = 1.02 */
    assert_close(ln[2].x.pnl_usd, 2, 1e-12, 0);
    assert_close(ln[2].x.delta_units, 1.02, 1e-15, 0);
    assert_true(ln[2].x.carry_usd_per_day == 0 && ln[2].x.gamma_usd_per_pct == 0);
    /* a day of funding in a scenario: spot unchanged, dt = 1/365 */
    struct scenario s = {0, NULL, 1.0, 0.0, 1.0 / 365.0};
    double pnl;
    assert_int_equal(book_reval(b, &s, &pnl, NULL), 0);
    assert_close(pnl, 0.09, 1e-14, 0);
    book_free(b);
}

static void test_inverse(void **state)
{
    (void)state;
    /* long 10000 USD of an inverse perp entered at 8000, BTC at 10000:
     * PnL in coin 10000 (1/8000 - 1/10000) = 0.25 BTC, in USD 2500; USD
     * delta N/entry = 1.25 BTC (12500 USD); coin delta N/S = 1 BTC;
     * funding 0.0001/day on 10000 USD: -1 USD a day */
    struct book_asset as[1] = {asset("BTC", 10000, 0, 0, 0.0001, NAN)};
    struct position p[1] = {mk(INST_INV_PERP, "BTC-PERPETUAL", "BTC", 10000, 8000)};
    struct book *b = build(p, 1, as, 1, NOW_MS);
    struct book_line l = line_of(b, 0);
    assert_close(l.x.pnl_coin, 0.25, 1e-15, 0);
    assert_close(l.x.pnl_usd, 2500, 1e-10, 0);
    assert_close(l.x.value_usd, 2500, 1e-10, 0);
    assert_close(l.x.delta_units, 1.25, 1e-15, 0);
    assert_close(l.x.delta_plain_units, 1.25, 1e-15, 0);
    assert_close(l.x.delta_usd, 12500, 1e-10, 0);
    assert_close(l.x.delta_coin_units, 1.0, 1e-15, 0);
    assert_close(l.x.carry_usd_per_day, -1.0, 1e-12, 0);
    assert_close(l.x.notional_usd, 10000, 0, 0);
    /* BTC +10 %: coin PnL 10000 (1/8000 - 1/11000) = 0.3409 BTC, worth
     * 11000 * that = 3750 USD: +1250, i.e. 1.25 BTC x 1000 USD, linear */
    double up = 1.1, pnl;
    struct scenario s = {1, &up, 1, 0, 0};
    assert_int_equal(book_reval(b, &s, &pnl, NULL), 0);
    assert_close(pnl, 1250, 1e-9, 0);
    struct book_expo tot;
    assert_int_equal(book_exposure(b, &s, NULL, NULL, &tot, NULL), 0);
    assert_close(tot.pnl_usd, 3750, 1e-9, 0);
    assert_close(tot.scen_pnl_usd, 1250, 1e-9, 0);
    book_free(b);

    /* a short inverse future of 5000 USD at 9500, forward 9600, spot
     * 9400: coin PnL -5000 (1/9500 - 1/9600) = -0.0054825 BTC, USD
     * 9400 x that; delta -5000/9500 (USD) and -5000/9600 (coin) */
    struct position f[1] = {mk(INST_INV_FUTURE, "BTC-26JUN20", "BTC", -5000, 9500)};
    f[0].expiry_ms = NOW_MS + 40 * DAY_MS;
    double fwd = 9600;
    struct book_asset a2[1] = {asset("BTC", 9400, 0, 0, 0.0001, NAN)};
    struct book_market m = {NOW_MS, 1, a2, NULL, &fwd};
    assert_int_equal(book_new(f, 1, &m, &b, NULL), 0);
    l = line_of(b, 0);
    double pc = -5000 * (1.0 / 9500 - 1.0 / 9600);
    assert_close(l.x.pnl_coin, pc, 1e-17, 0);
    assert_close(l.x.pnl_usd, 9400 * pc, 1e-12, 0);
    assert_close(l.x.delta_units, -5000.0 / 9500, 1e-15, 0);
    assert_close(l.x.delta_coin_units, -5000.0 / 9600, 1e-15, 0);
    assert_true(l.x.carry_usd_per_day == 0);
    book_free(b);
}

static void test_inverse_hedge(void **state)
{
    (void)state;
    /* long an inverse perp of N = 9000 USD opened at S = 9000, short N/S
     * = 1 BTC spot: USD delta N/S - 1 = 0, and the PnL of a small move is
     * second order (here exactly 0: the inverse perp's USD PnL is linear) */
    struct book_asset as[1] = {asset("BTC", 9000, 0, 0, 0, NAN)};
    struct position p[2] = {mk(INST_INV_PERP, "BTC-PERPETUAL", "BTC", 9000, 9000),
                            mk(INST_SPOT, "BTC", "BTC", -1, 9000)};
    struct book *b = build(p, 2, as, 1, NOW_MS);
    struct book_expo per[1];
    assert_int_equal(book_exposure(b, NULL, NULL, per, NULL, NULL), 0);
    assert_close(per[0].delta_units, 0, 1e-15, 0);
    assert_close(per[0].delta_usd, 0, 1e-11, 0);
    for (double m = 0.99; m <= 1.011; m += 0.005) {
        double pnl;
        struct scenario s = {1, &m, 1, 0, 0};
        assert_int_equal(book_reval(b, &s, &pnl, NULL), 0);
        /* second order: |PnL| <= N (m - 1)^2 */
        assert_true(fabs(pnl) <= 9000 * (m - 1) * (m - 1) + 1e-9);
    }
    book_free(b);
}

static void test_usd_option(void **state)
{
    (void)state;
    /* short 3 contracts x 2 units of a 30-day 9500 put, USD settled */
    int64_t exp_ms = NOW_MS + 30 * DAY_MS;
    double t = 30.0 / 365.0;
    struct position p[1] = {
        mk_opt(INST_OPTION, "BTC-13JUN20-9500-P", -3, 400, 9500, 0, exp_ms, 0.7)};
    p[0].multiplier = 2;
    struct book_asset as[1] = {asset("BTC", 9350, 0.02, 0.01, 0, NAN)};
    struct book *b = build(p, 1, as, 1, NOW_MS);
    struct book_line l = line_of(b, 0);
    struct bsm_in in = {9350, 9500, t, 0.7, 0.02, 0.01, 0};
    struct opt_greeks g;
    assert_int_equal(bsm_greeks(&in, &g, NULL), 0);
    double qm = -6, tol = 1e-12;
    assert_close(l.t_years, t, 1e-15, 0);
    assert_close(l.x.value_usd, qm * g.price, 0, tol);
    assert_close(l.x.pnl_usd, qm * (g.price - 400), 0, tol);
    assert_close(l.x.delta_units, qm * g.delta, 0, tol);
    assert_close(l.x.delta_usd, qm * g.delta * 9350, 0, tol);
    /* display units (instrument.h) */
    assert_close(l.x.gamma_usd_per_pct, qm * g.gamma * 9350 * 9350 / 100, 0, tol);
    assert_close(l.x.vega_usd_per_volpt, qm * g.vega / 100, 0, tol);
    assert_close(l.x.theta_usd_per_day, qm * g.theta / 365, 0, tol);
    assert_close(l.x.rho_usd_per_pct, qm * g.rho / 100, 0, tol);
    assert_close(l.x.vanna_usd_per_volpt, qm * g.vanna * 9350 / 100, 0, tol);
    assert_close(l.x.volga_usd_per_volpt, qm * g.volga / 10000, 0, tol);
    /* the display units mean what they say: a 1 % move changes the USD
     * delta by about gamma_usd_per_pct, a vol point changes the value by
     * about vega_usd_per_volpt (central differences through scenarios) */
    double up = 1.01, dn = 0.99;
    struct scenario su = {1, &up, 1, 0, 0}, sd = {1, &dn, 1, 0, 0};
    struct book_expo eu, ed;
    assert_int_equal(book_exposure(b, &su, NULL, NULL, &eu, NULL), 0);
    assert_int_equal(book_exposure(b, &sd, NULL, NULL, &ed, NULL), 0);
    /* second-order accuracy of a 1 % step: a few 1e-4 relative */
    assert_close((eu.delta_usd / 1.01 - ed.delta_usd / 0.99) / 2, l.x.gamma_usd_per_pct, 0,
                 1e-3);
    struct scenario vu = {0, NULL, 1, 0.01, 0}, vd = {0, NULL, 1, -0.01, 0};
    double pu, pd;
    assert_int_equal(book_reval(b, &vu, &pu, NULL), 0);
    assert_int_equal(book_reval(b, &vd, &pd, NULL), 0);
    assert_close((pu - pd) / 2, l.x.vega_usd_per_volpt, 0, 1e-3);
    /* a day passing moves the value by about theta_usd_per_day */
    struct scenario day = {0, NULL, 1, 0, 1.0 / 365};
    assert_int_equal(book_reval(b, &day, &pu, NULL), 0);
    assert_close(pu, l.x.theta_usd_per_day, 0, 2e-2);
    book_free(b);

    /* expired: intrinsic, T = 0 */
    p[0].expiry_ms = NOW_MS - DAY_MS;
    b = build(p, 1, as, 1, NOW_MS);
    l = line_of(b, 0);
    assert_true(l.t_years == 0);
    assert_close(l.x.value_usd, qm * (9500 - 9350), 1e-9, 0);
    assert_close(l.x.delta_units, qm * -1, 0, 0);
    assert_true(l.x.gamma_usd_per_pct == 0 && l.x.theta_usd_per_day == 0);
    book_free(b);
}

static void test_coin_option_deribit(void **state)
{
    (void)state;
    /* A real row of deribit_btc_2020-05-14.csv (tests/data/options):
     * 2020-05-14T05:41:52.007Z BTC-26JUN20-9000-C, expiry
     * 2020-06-26T08:00:00Z, underlying_price (the forward) 9356.22,
     * index 9347.17, mark_iv 83.58 %, mark_price 0.13206676 BTC, delta
     * 0.60978. The book must agree with black76.c (checked against both
     * chains in test_black76.c): value_coin = Black-76(F, r = 0) / F,
     * plain delta = Black-76 delta, premium-adjusted = delta - value. */
    const double f = 9356.22, s = 9347.17, iv = 0.8358, k = 9000;
    const int64_t snap = INT64_C(1589434912007), exp_ms = INT64_C(1593158400000);
    struct position p[1] = {mk_opt(INST_COIN_OPTION, "BTC-26JUN20-9000-C", 2, 0.1, k, 1,
                                   exp_ms, iv)};
    struct book_asset as[1] = {asset("BTC", s, 0, 0, 0, NAN)};
    struct book_market m = {snap, 1, as, NULL, &f};
    struct book *b;
    assert_int_equal(book_new(p, 1, &m, &b, NULL), 0);
    struct book_line l = line_of(b, 0);
    double t = book_t_years(snap, exp_ms);
    struct black76_in in = {f, k, t, iv, 0, 1};
    struct opt_greeks g;
    assert_int_equal(black76_greeks(&in, &g, NULL), 0);
    double mark = g.price / f;
    /* per contract, two contracts; rounding in e^{rT} with r = ln(F/S)/T */
    assert_close(l.x.value_coin, 2 * mark, 0, 1e-12);
    assert_close(l.x.pnl_coin, 2 * (mark - 0.1), 0, 1e-11);
    assert_close(l.x.pnl_usd, s * 2 * (mark - 0.1), 0, 1e-11);
    assert_close(l.x.delta_plain_units, 2 * g.delta, 0, 1e-12);
    assert_close(l.x.delta_units, 2 * (g.delta - mark), 0, 1e-12);
    assert_close(l.x.delta_coin_units, l.x.delta_units, 0, 0);
    assert_close(l.x.delta_usd, l.x.delta_units * s, 0, 1e-15);
    /* and Deribit's own figures for this row, within the tolerance
     * test_black76.c justifies: 1e-5 plus the iv tick's effect (vega/F x
     * 5e-5 ~ 2e-6 on the price, vanna x 5e-5 ~ 1e-5 on the delta) plus
     * 1e-4 of forward noise (~6e-5 on both) */
    assert_close(l.x.value_coin / 2, 0.13206676, 1e-4, 0);
    assert_close(l.x.delta_plain_units / 2, 0.60978, 1e-4, 0);
    /* the premium-adjusted delta is S d(value_coin)/dS: check it by a
     * central difference of the coin value through scenarios */
    double up = 1.0001, dn = 0.9999;
    struct scenario su = {1, &up, 1, 0, 0}, sd = {1, &dn, 1, 0, 0};
    struct book_line lu, ld;
    struct book_line tmp[1];
    assert_int_equal(book_exposure(b, &su, tmp, NULL, NULL, NULL), 0);
    lu = tmp[0];
    assert_int_equal(book_exposure(b, &sd, tmp, NULL, NULL, NULL), 0);
    ld = tmp[0];
    double fd = (lu.x.value_coin - ld.x.value_coin) / (2e-4 * s) * s;
    /* step 1e-4: truncation ~1e-8 of the delta */
    assert_close(l.x.delta_units, fd, 1e-7, 1e-6);
    book_free(b);
}

static void test_iv_resolution(void **state)
{
    (void)state;
    int64_t exp_ms = NOW_MS + 10 * DAY_MS;
    struct position p[2] = {
        mk_opt(INST_OPTION, "BTC-24MAY20-9000-C", 1, 100, 9000, 1, exp_ms, NAN),
        mk_opt(INST_OPTION, "BTC-24MAY20-9500-C", 1, 100, 9500, 1, exp_ms, 0.5)};
    struct book_asset as[1] = {asset("BTC", 9300, 0, 0, 0, NAN)};
    struct book_market m = {NOW_MS, 1, as, NULL, NULL};
    struct book *b = NULL;
    struct allot_err err;
    /* no IV anywhere: an error naming the instrument */
    assert_int_equal(book_new(p, 2, &m, &b, &err), ALLOT_E_INPUT);
    assert_null(b);
    assert_non_null(strstr(err.msg, "position 0 (BTC-24MAY20-9000-C)"));
    assert_non_null(strstr(err.msg, "implied vol"));
    /* the asset's default vol */
    as[0].vol_ann = 0.8;
    assert_int_equal(book_new(p, 2, &m, &b, &err), 0);
    assert_close(line_of(b, 0).vol_ann, 0.8, 0, 0);
    assert_close(line_of(b, 1).vol_ann, 0.5, 0, 0);
    book_free(b);
    /* a per-position vol beats the asset default, not the position's iv */
    double pv[2] = {0.6, 0.9};
    m.pos_vol_ann = pv;
    assert_int_equal(book_new(p, 2, &m, &b, &err), 0);
    assert_close(line_of(b, 0).vol_ann, 0.6, 0, 0);
    assert_close(line_of(b, 1).vol_ann, 0.5, 0, 0);
    book_free(b);
    /* unknown underlying */
    p[1] = mk(INST_SPOT, "ETH", "ETH", 1, 200);
    assert_int_equal(book_new(p, 2, &m, &b, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "position 1 (ETH): underlying ETH"));
    /* an invalid position */
    p[1] = mk(INST_SPOT, "BTC", "BTC", 0, 200);
    assert_int_equal(book_new(p, 2, &m, &b, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "quantity"));
    book_free(NULL);
}

/* A mixed two-asset book used by the remaining tests. */
static size_t mixed(struct position *p, struct book_asset *as)
{
    int64_t e30 = NOW_MS + 30 * DAY_MS, e90 = NOW_MS + 90 * DAY_MS;
    as[0] = asset("BTC", 9350, 0.01, 0.0, 0.0002, 0.75);
    as[1] = asset("ETH", 210, 0.01, 0.02, -0.0001, 0.9);
    size_t n = 0;
    p[n++] = mk(INST_SPOT, "BTC", "BTC", 1.5, 8000);
    p[n++] = mk(INST_PERP, "BTC-PERP", "BTC", -0.7, 9700);
    p[n++] = mk(INST_INV_PERP, "BTC-PERPETUAL", "BTC", -4000, 9100);
    p[n++] = mk_opt(INST_OPTION, "BTC-13JUN20-8000-P", 2, 150, 8000, 0, e30, NAN);
    p[n++] = mk_opt(INST_COIN_OPTION, "BTC-12AUG20-11000-C", -3, 0.04, 11000, 1, e90, 0.8);
    p[n++] = mk(INST_SPOT, "ETH", "ETH", 20, 180);
    p[n++] = mk(INST_FUTURE, "ETH-12AUG20", "ETH", -5, 215);
    p[n - 1].expiry_ms = e90;
    p[n++] = mk_opt(INST_OPTION, "ETH-12AUG20-250-C", 10, 12, 250, 1, e90, 0.95);
    str_copy(p[n - 1].underlying, sizeof p[n - 1].underlying, "ETH");
    p[n++] = mk(INST_INV_FUTURE, "ETH-12AUG20-INV", "ETH", 3000, 200);
    p[n - 1].expiry_ms = e90;
    return n;
}

static void test_aggregation(void **state)
{
    (void)state;
    struct position p[16];
    struct book_asset as[2];
    size_t n = mixed(p, as);
    struct book *b = build(p, n, as, 2, NOW_MS);
    assert_int_equal(book_n_assets(b), 2);
    assert_string_equal(book_asset_symbol(b, 1), "ETH");
    struct book_line ln[16];
    struct book_expo per[2], tot;
    assert_int_equal(book_exposure(b, NULL, ln, per, &tot, NULL), 0);
    /* brute force: sum the lines per asset and in total */
    struct book_expo want[2], wt;
    memset(want, 0, sizeof want);
    memset(&wt, 0, sizeof wt);
    for (size_t i = 0; i < n; i++) {
        struct book_expo *w = &want[ln[i].asset];
        w->delta_units += ln[i].x.delta_units;
        w->delta_plain_units += ln[i].x.delta_plain_units;
        w->delta_usd += ln[i].x.delta_usd;
        w->gamma_usd_per_pct += ln[i].x.gamma_usd_per_pct;
        w->vega_usd_per_volpt += ln[i].x.vega_usd_per_volpt;
        w->theta_usd_per_day += ln[i].x.theta_usd_per_day;
        w->pnl_usd += ln[i].x.pnl_usd;
        w->pnl_coin += ln[i].x.pnl_coin;
        w->carry_usd_per_day += ln[i].x.carry_usd_per_day;
        wt.value_usd += ln[i].x.value_usd;
        wt.delta_usd += ln[i].x.delta_usd;
        wt.vanna_usd_per_volpt += ln[i].x.vanna_usd_per_volpt;
        wt.volga_usd_per_volpt += ln[i].x.volga_usd_per_volpt;
        wt.rho_usd_per_pct += ln[i].x.rho_usd_per_pct;
    }
    assert_true(ln[0].asset == 0 && ln[5].asset == 1);
    for (int a = 0; a < 2; a++) {
        /* same additions in the same order: equal to rounding */
        assert_close(per[a].delta_units, want[a].delta_units, 1e-12, 1e-12);
        assert_close(per[a].delta_plain_units, want[a].delta_plain_units, 1e-12, 1e-12);
        assert_close(per[a].delta_usd, want[a].delta_usd, 1e-9, 1e-12);
        assert_close(per[a].gamma_usd_per_pct, want[a].gamma_usd_per_pct, 1e-12, 1e-12);
        assert_close(per[a].vega_usd_per_volpt, want[a].vega_usd_per_volpt, 1e-12, 1e-12);
        assert_close(per[a].theta_usd_per_day, want[a].theta_usd_per_day, 1e-12, 1e-12);
        assert_close(per[a].pnl_usd, want[a].pnl_usd, 1e-9, 1e-12);
        assert_close(per[a].pnl_coin, want[a].pnl_coin, 1e-15, 1e-12);
        assert_close(per[a].carry_usd_per_day, want[a].carry_usd_per_day, 1e-12, 1e-12);
    }
    assert_close(tot.value_usd, wt.value_usd, 1e-9, 1e-12);
    assert_close(tot.delta_usd, wt.delta_usd, 1e-9, 1e-12);
    assert_close(tot.delta_usd, per[0].delta_usd + per[1].delta_usd, 1e-9, 1e-12);
    assert_close(tot.vanna_usd_per_volpt, wt.vanna_usd_per_volpt, 1e-12, 1e-12);
    assert_close(tot.volga_usd_per_volpt, wt.volga_usd_per_volpt, 1e-12, 1e-12);
    assert_close(tot.rho_usd_per_pct, wt.rho_usd_per_pct, 1e-12, 1e-12);
    /* units are not summed across underlyings */
    assert_true(isnan(tot.delta_units) && isnan(tot.pnl_coin));
    /* funding: BTC perp -(-0.7)(9350)(0.0002), inverse -(-4000)(0.0002) */
    assert_close(per[0].carry_usd_per_day, 0.7 * 9350 * 0.0002 + 4000 * 0.0002, 1e-12, 0);
    book_free(b);
}

static void test_delta_fd(void **state)
{
    (void)state;
    /* every position's plain delta is d value_usd / dS: a central
     * difference of book_reval with one asset moved by 1e-5 relative
     * (truncation ~1e-10 S^2 gamma, rounding ~1e-16 value / 1e-5) */
    struct position p[16];
    struct book_asset as[2];
    size_t n = mixed(p, as);
    for (size_t i = 0; i < n; i++) {
        struct book *b = build(&p[i], 1, as, 2, NOW_MS);
        struct book_line l = line_of(b, 0);
        double m[2] = {1, 1}, pu, pd, h = 1e-5;
        m[l.asset] = 1 + h;
        struct scenario s = {2, m, 1, 0, 0};
        assert_int_equal(book_reval(b, &s, &pu, NULL), 0);
        m[l.asset] = 1 - h;
        assert_int_equal(book_reval(b, &s, &pd, NULL), 0);
        double fd = (pu - pd) / (2 * h * as[l.asset].spot_usd);
        assert_close(l.x.delta_plain_units, fd, 1e-6 * (1 + fabs(l.x.value_usd) / 1e3), 1e-6);
        book_free(b);
    }
}

static void test_scenario_consistency(void **state)
{
    (void)state;
    /* the scenario's revaluation equals a book built directly at the
     * shifted market: spots moved, vols moved, now moved by dt */
    struct position p[16];
    struct book_asset as[2];
    size_t n = mixed(p, as);
    struct book *b = build(p, n, as, 2, NOW_MS);
    double mult[2] = {0.7, 1.15};
    const double vol_mult = 1.5, vol_shift = 0.05, dt_days = 7;
    struct scenario s = {2, mult, vol_mult, vol_shift, dt_days / 365.0};
    double pnl;
    assert_int_equal(book_reval(b, &s, &pnl, NULL), 0);
    struct book_line ln[16], sh[16];
    struct book_expo tot, tot_sh, tot0;
    assert_int_equal(book_exposure(b, &s, ln, NULL, &tot, NULL), 0);
    assert_int_equal(book_exposure(b, NULL, NULL, NULL, &tot0, NULL), 0);

    struct position q[16];
    struct book_asset a2[2] = {as[0], as[1]};
    double vols[16];
    for (size_t i = 0; i < n; i++) {
        q[i] = p[i];
        double v = !isnan(p[i].iv) ? p[i].iv : as[0].vol_ann; /* only BTC lacks ivs */
        vols[i] = v * vol_mult + vol_shift;
        q[i].iv = inst_is_option(p[i].kind) ? vols[i] : NAN;
    }
    for (int a = 0; a < 2; a++)
        a2[a].spot_usd = as[a].spot_usd * mult[a];
    struct book_market m = {NOW_MS + (int64_t)(dt_days * DAY_MS), 2, a2, NULL, NULL};
    struct book *bs;
    assert_int_equal(book_new(q, n, &m, &bs, NULL), 0);
    assert_int_equal(book_exposure(bs, NULL, sh, NULL, &tot_sh, NULL), 0);
    /* the shifted book's values (at shifted spots: the future's F/S ratio
     * and carries are the same in both) equal the scenario's line by line */
    for (size_t i = 0; i < n; i++) {
        assert_close(ln[i].x.value_usd, sh[i].x.value_usd, 1e-9, 1e-12);
        assert_close(ln[i].x.delta_units, sh[i].x.delta_units, 1e-12, 1e-10);
        assert_close(ln[i].x.gamma_usd_per_pct, sh[i].x.gamma_usd_per_pct, 1e-12, 1e-10);
        assert_close(ln[i].x.vega_usd_per_volpt, sh[i].x.vega_usd_per_volpt, 1e-12, 1e-10);
        assert_close(ln[i].x.theta_usd_per_day, sh[i].x.theta_usd_per_day, 1e-12, 1e-10);
        if (inst_is_option(p[i].kind))
            assert_close(ln[i].vol_ann, vols[i], 0, 1e-15);
        else
            assert_true(isnan(ln[i].vol_ann));
    }
    /* scenario PnL = value change + a week of funding at today's spot */
    double funding = tot0.carry_usd_per_day * dt_days;
    assert_close(pnl, tot_sh.value_usd - tot0.value_usd + funding, 1e-8, 1e-12);
    assert_close(tot.scen_pnl_usd, pnl, 1e-8, 1e-12);
    book_free(bs);

    /* bad scenarios are refused, naming the problem */
    struct allot_err err;
    struct scenario bad = {3, mult, 1, 0, 0};
    assert_int_equal(book_reval(b, &bad, &pnl, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "3 assets"));
    mult[1] = -1;
    bad.n_assets = 2;
    assert_int_equal(book_reval(b, &bad, &pnl, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "ETH"));
    mult[1] = 1;
    bad.dt_years = -1;
    assert_int_equal(book_exposure(b, &bad, NULL, NULL, NULL, &err), ALLOT_E_INPUT);
    /* the vol floor: vols pushed below 0 are floored, not refused */
    struct scenario crush = {0, NULL, 1, -5, 0};
    assert_int_equal(book_exposure(b, &crush, ln, NULL, NULL, NULL), 0);
    assert_close(ln[3].vol_ann, BOOK_VOL_FLOOR, 0, 0);
    /* the identity scenario changes nothing */
    struct scenario none = SCENARIO_NONE;
    assert_int_equal(book_reval(b, &none, &pnl, NULL), 0);
    assert_true(pnl == 0);
    book_free(b);
    /* an empty book is fine */
    b = build(p, 0, as, 2, NOW_MS);
    assert_int_equal(book_reval(b, &s, &pnl, NULL), 0);
    assert_true(pnl == 0);
    book_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_inverse),
        cmocka_unit_test(test_inverse_hedge),
        cmocka_unit_test(test_usd_option),
        cmocka_unit_test(test_coin_option_deribit),
        cmocka_unit_test(test_iv_resolution),
        cmocka_unit_test(test_aggregation),
        cmocka_unit_test(test_delta_fd),
        cmocka_unit_test(test_scenario_consistency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
