/* Tests for engine/pricing/bsm.c: textbook values (Hull; Haug), put-call
 * parity, every greek against a central finite difference of the price
 * (or of the greek it differentiates), deep out-of-the-money relative
 * accuracy against quadruple precision, and the degenerate edges (T = 0,
 * vol = 0, very short and long expiries, extreme strikes) without NAN. */
#include <config.h>
#include "cmocka_wrap.h"

#include <float.h>
#include <quadmath.h>
#include <string.h>

#include "engine/pricing/bsm.h"
#include "engine/pricing/normal.h"

static struct opt_greeks greeks(double s, double k, double t, double vol, double r, double q,
                                int is_call)
{
    struct bsm_in in = {s, k, t, vol, r, q, is_call};
    struct opt_greeks g;
    struct allot_err err;
    assert_int_equal(bsm_greeks(&in, &g, &err), 0);
    return g;
}

static double price(double s, double k, double t, double vol, double r, double q, int is_call)
{
    struct bsm_in in = {s, k, t, vol, r, q, is_call};
    return bsm_price(&in);
}

/* The same formula in quadruple precision: an independent evaluation of
 * the exact price of the (double) inputs. */
static double price_q(double s, double k, double t, double vol, double r, double q,
                      int is_call)
{
    __float128 w = is_call ? 1 : -1;
    __float128 sd = (__float128)vol * sqrtq(t);
    __float128 x = logq((__float128)s / k) + ((__float128)r - q) * t;
    __float128 d1 = x / sd + sd / 2, d2 = d1 - sd;
    __float128 n1 = 0.5Q * erfcq(-w * d1 / sqrtq(2.0Q));
    __float128 n2 = 0.5Q * erfcq(-w * d2 / sqrtq(2.0Q));
    return (double)(w * ((__float128)s * expq(-(__float128)q * t) * n1 -
                         (__float128)k * expq(-(__float128)r * t) * n2));
}

static void test_hull(void **state)
{
    (void)state;
    /* Hull, Options, Futures and Other Derivatives, example 15.6 (ch. 15,
     * 8th ed.): S=42, K=40, r=10%, sigma=20%, T=0.5: call 4.76, put 0.81,
     * printed to the cent, so within half a cent */
    assert_close(price(42, 40, 0.5, 0.2, 0.1, 0, 1), 4.76, 0.005, 0);
    assert_close(price(42, 40, 0.5, 0.2, 0.1, 0, 0), 0.81, 0.005, 0);

    /* Hull, ch. 19 "The Greek letters": the call on a non-dividend stock
     * with S=49, K=50, r=5%, sigma=20%, T=20 weeks (0.3846 years): delta
     * 0.522, gamma 0.066, vega 12.1 (per 1.00 of vol), theta -4.31 per
     * year, rho 8.91 (per 1.00 of rate); half a unit of the last digit */
    struct opt_greeks g = greeks(49, 50, 20.0 / 52.0, 0.2, 0.05, 0, 1);
    assert_close(g.delta, 0.522, 0.0005, 0);
    assert_close(g.gamma, 0.066, 0.0005, 0);
    assert_close(g.vega, 12.1, 0.05, 0);
    assert_close(g.theta, -4.31, 0.005, 0);
    assert_close(g.rho, 8.91, 0.005, 0);
}

static void test_haug(void **state)
{
    (void)state;
    /* Haug, The Complete Guide to Option Pricing Formulas, 2nd ed.
     * (2007), chapters 1 and 2; values printed to 4 decimals, so the
     * tolerance is half a unit of the 4th decimal. Haug's cost of carry
     * b is r - q here. */
    /* 1.1.1 Black-Scholes (1973): call S=60, K=65, T=0.25, r=8%, v=30% */
    assert_close(price(60, 65, 0.25, 0.30, 0.08, 0, 1), 2.1334, 0.00005, 0);
    /* 1.1.2 Merton (1973): put S=100, K=95, T=0.5, r=10%, q=5%, v=20% */
    assert_close(price(100, 95, 0.5, 0.20, 0.10, 0.05, 0), 2.4648, 0.00005, 0);
    /* 1.1.5 Garman-Kohlhagen: call S=1.56, K=1.60, T=0.5, r=6%, rf=8%,
     * v=12%: the foreign rate is the carry yield */
    assert_close(price(1.56, 1.60, 0.5, 0.12, 0.06, 0.08, 1), 0.0291, 0.00005, 0);
    /* 2.1.1 delta: S=105, K=100, T=0.5, r=10%, b=0, v=36%: call 0.5946,
     * put -0.3566 */
    assert_close(greeks(105, 100, 0.5, 0.36, 0.10, 0.10, 1).delta, 0.5946, 0.00005, 0);
    assert_close(greeks(105, 100, 0.5, 0.36, 0.10, 0.10, 0).delta, -0.3566, 0.00005, 0);
    /* 2.1.2 DdeltaDvol (vanna): S=90, K=80, T=0.25, r=5%, b=5%, v=20%:
     * call -1.0008 */
    assert_close(greeks(90, 80, 0.25, 0.20, 0.05, 0, 1).vanna, -1.0008, 0.00005, 0);
    /* 2.2.1 gamma: S=55, K=60, T=0.75, r=10%, b=10%, v=30%: 0.0278 for
     * the call and the put */
    assert_close(greeks(55, 60, 0.75, 0.30, 0.10, 0, 1).gamma, 0.0278, 0.00005, 0);
    assert_close(greeks(55, 60, 0.75, 0.30, 0.10, 0, 0).gamma, 0.0278, 0.00005, 0);
    /* 2.4.1 theta: put S=430, K=405, T=0.0833, r=7%, b=2%, v=20%:
     * -31.1924 per year */
    assert_close(greeks(430, 405, 0.0833, 0.20, 0.07, 0.05, 0).theta, -31.1924, 0.00005, 0);
    /* 2.5.1 rho: call S=72, K=75, T=1, r=9%, b=9%, v=19%: 38.7325 */
    assert_close(greeks(72, 75, 1, 0.19, 0.09, 0, 1).rho, 38.7325, 0.00005, 0);
}

/* A grid of ordinary options where finite differences are meaningful. */
static const double grid_k[] = {70, 90, 100, 110, 140};
static const double grid_t[] = {0.1, 0.5, 1.0, 3.0};
static const double grid_v[] = {0.15, 0.5, 1.0};
static const double grid_rq[][2] = {{0.0, 0.0}, {0.05, 0.02}, {-0.01, 0.04}};

struct grid_case {
    double S, K, T, V, R, Q;
    int c;
};

/* Fill cases (room for 360) with the grid; returns the count. */
static size_t grid(struct grid_case *cases)
{
    size_t n = 0;
    for (size_t ik = 0; ik < sizeof grid_k / sizeof grid_k[0]; ik++)
        for (size_t it = 0; it < sizeof grid_t / sizeof grid_t[0]; it++)
            for (size_t iv = 0; iv < sizeof grid_v / sizeof grid_v[0]; iv++)
                for (size_t ir = 0; ir < sizeof grid_rq / sizeof grid_rq[0]; ir++)
                    for (int c = 0; c <= 1; c++) {
                        struct grid_case g = {100, grid_k[ik], grid_t[it], grid_v[iv],
                                              grid_rq[ir][0], grid_rq[ir][1], c};
                        cases[n++] = g;
                    }
    return n;
}

#define GRID_MAX 360

static void test_parity(void **state)
{
    (void)state;
    struct grid_case cs[GRID_MAX];
    size_t n = grid(cs);
    for (size_t i = 0; i < n; i++) {
        const double S = cs[i].S, K = cs[i].K, T = cs[i].T, V = cs[i].V;
        const double R = cs[i].R, Q = cs[i].Q;
        double call = price(S, K, T, V, R, Q, 1), put = price(S, K, T, V, R, Q, 0);
        double fwd = S * exp(-Q * T) - K * exp(-R * T);
        /* C - P = S e^-qT - K e^-rT: each price carries a few ulp of
         * its larger term S e^-qT or K e^-rT, so 8 ulp of their sum */
        assert_close(call - put, fwd, 8 * DBL_EPSILON * (S + K), 0);
        /* and the greeks: delta_c - delta_p = e^-qT, gamma and vega equal */
        struct opt_greeks gc = greeks(S, K, T, V, R, Q, 1), gp = greeks(S, K, T, V, R, Q, 0);
        assert_close(gc.delta - gp.delta, exp(-Q * T), 4 * DBL_EPSILON, 0);
        assert_close(gc.gamma, gp.gamma, 0, 4 * DBL_EPSILON);
        assert_close(gc.vega, gp.vega, 0, 4 * DBL_EPSILON);
        /* rho_c - rho_p = K T e^-rT, theta_c - theta_p = q S e^-qT - r K e^-rT */
        assert_close(gc.rho - gp.rho, K * T * exp(-R * T), 8 * DBL_EPSILON * K * T, 0);
        assert_close(gc.theta - gp.theta, Q * S * exp(-Q * T) - R * K * exp(-R * T),
                     8 * DBL_EPSILON * (S + K + fabs(gc.theta)), 0);
    }
}

/* Central differences with a relative step h = 1e-5 of the variable
 * (absolute 1e-5 for vol and rate). Truncation error is h^2/6 times the
 * third derivative, which grows like (1 + d1^2)/s^2 in these units: on
 * this grid (s = vol sqrt(T) >= 0.047) that is below 1e-7 of the greek's
 * scale (a step of 1e-4 measured 3e-6 on the worst gamma); rounding is
 * eps * V / h ~ 1e-9 of it at worst (theta at T = 0.1). So 1e-6
 * relative, with an absolute floor of 1e-6 of the greek's
 * natural scale (1 for delta and vanna, 1/S for gamma, S for vega,
 * theta, rho, volga) for greeks that cross zero, is tight yet safe. */
#define FD_H 1e-5
#define FD_REL 1e-6
#define FD_FLOOR 1e-6

static void test_greeks_fd(void **state)
{
    (void)state;
    struct grid_case cs[GRID_MAX];
    size_t n = grid(cs);
    for (size_t i = 0; i < n; i++) {
        const double S = cs[i].S, K = cs[i].K, T = cs[i].T, V = cs[i].V;
        const double R = cs[i].R, Q = cs[i].Q;
        const int c = cs[i].c;
        struct opt_greeks g = greeks(S, K, T, V, R, Q, c);
        double hs = FD_H * S, ht = FD_H * T, hv = FD_H, hr = FD_H;
        double fd_delta = (price(S + hs, K, T, V, R, Q, c) - price(S - hs, K, T, V, R, Q, c)) /
                          (2 * hs);
        double fd_gamma = (greeks(S + hs, K, T, V, R, Q, c).delta -
                           greeks(S - hs, K, T, V, R, Q, c).delta) / (2 * hs);
        double fd_vega = (price(S, K, T, V + hv, R, Q, c) - price(S, K, T, V - hv, R, Q, c)) /
                         (2 * hv);
        double fd_theta = -(price(S, K, T + ht, V, R, Q, c) - price(S, K, T - ht, V, R, Q, c)) /
                          (2 * ht);
        double fd_rho = (price(S, K, T, V, R + hr, Q, c) - price(S, K, T, V, R - hr, Q, c)) /
                        (2 * hr);
        double fd_vanna = (greeks(S, K, T, V + hv, R, Q, c).delta -
                           greeks(S, K, T, V - hv, R, Q, c).delta) / (2 * hv);
        double fd_volga = (greeks(S, K, T, V + hv, R, Q, c).vega -
                           greeks(S, K, T, V - hv, R, Q, c).vega) / (2 * hv);
        /* gamma also as a second difference of the price (step 1e-3 S:
         * rounding eps V / h^2 ~ 2e-10, truncation h^2/12 V'''' ~ 1e-8) */
        double h2 = 1e-3 * S;
        double fd2_gamma = (price(S + h2, K, T, V, R, Q, c) - 2 * price(S, K, T, V, R, Q, c) +
                            price(S - h2, K, T, V, R, Q, c)) / (h2 * h2);
        assert_close(g.delta, fd_delta, FD_FLOOR, FD_REL);
        assert_close(g.gamma, fd_gamma, FD_FLOOR / S, FD_REL);
        assert_close(g.gamma, fd2_gamma, 1e-4 / S, 1e-4);
        assert_close(g.vega, fd_vega, FD_FLOOR * S, FD_REL);
        assert_close(g.theta, fd_theta, FD_FLOOR * S, FD_REL);
        assert_close(g.rho, fd_rho, FD_FLOOR * S, FD_REL);
        assert_close(g.vanna, fd_vanna, FD_FLOOR, FD_REL);
        assert_close(g.volga, fd_volga, FD_FLOOR * S, FD_REL);
    }
}

static void test_deep_otm(void **state)
{
    (void)state;
    /* Out-of-the-money calls and puts from just off the money to strikes
     * 1e6 times the spot (and 1e-6 times it), total vols 0.01 to 2, while
     * the price stays a normal double. The price is a difference of two
     * tails; bsm.h states a relative error of (1 + d1^2)(1 + |d1|/s) ulp
     * at most in order of magnitude: the worst case measured on this grid
     * is 4.2 times that, so 16 times it is the tolerance. */
    int n = 0;
    for (int c = 0; c <= 1; c++) {
        for (double lm = 0.05; lm <= 13.85; lm += 0.05) {
            for (double s = 0.01; s <= 2.0; s *= 1.5) {
                double S = 100, T = 0.5, vol = s / sqrt(T), r = 0.03, q = 0.01;
                double K = c ? S * exp(lm) : S * exp(-lm);
                double want = price_q(S, K, T, vol, r, q, c);
                if (want < 1e-290)
                    continue;
                double x = log(S / K) + (r - q) * T;
                double d1 = x / s + 0.5 * s;
                double bound = (1 + d1 * d1) * (1 + fabs(d1) / s);
                assert_close(price(S, K, T, vol, r, q, c), want, 0, 16 * bound * DBL_EPSILON);
                n++;
            }
        }
    }
    assert_true(n > 2000);
    /* a case a trader meets: BTC at 9000, a 30000 call, 5 days, 80 %:
     * 4.5548e-36 USD (50-digit mpmath), with d1 = -12.8 and s = 0.094,
     * so the bound above is 2.3e4 ulp = 5e-12 relative */
    double want = price_q(9000, 30000, 5.0 / 365, 0.8, 0, 0, 1);
    /* (mpmath used the decimal inputs; rounding 0.8 and 5/365 to double
     * moves this price by ~d1^2/2 = 80 ulp each: hence 1e-13) */
    assert_close(want, 4.5548015771146592e-36, 0, 1e-13);
    assert_close(price(9000, 30000, 5.0 / 365, 0.8, 0, 0, 1), want, 0, 1e-10);
}

static void assert_finite(const struct opt_greeks *g)
{
    assert_true(isfinite(g->price) && isfinite(g->delta) && isfinite(g->gamma) &&
                isfinite(g->vega) && isfinite(g->theta) && isfinite(g->rho) &&
                isfinite(g->vanna) && isfinite(g->volga));
}

static void test_expiry(void **state)
{
    (void)state;
    /* T = 0: intrinsic value, delta 1/0 and exactly 0.5 at the money,
     * everything else 0 (bsm.h) */
    struct opt_greeks g = greeks(110, 100, 0, 0.5, 0.05, 0.02, 1);
    assert_true(g.price == 10 && g.delta == 1 && g.gamma == 0 && g.vega == 0);
    assert_true(g.theta == 0 && g.rho == 0 && g.vanna == 0 && g.volga == 0);
    g = greeks(110, 100, 0, 0.5, 0.05, 0.02, 0);
    assert_true(g.price == 0 && g.delta == 0);
    g = greeks(90, 100, 0, 0.5, 0.05, 0.02, 0);
    assert_true(g.price == 10 && g.delta == -1);
    g = greeks(100, 100, 0, 0.5, 0.05, 0.02, 1);
    assert_true(g.price == 0 && g.delta == 0.5 && g.gamma == 0);
    g = greeks(100, 100, 0, 0.5, 0.05, 0.02, 0);
    assert_true(g.price == 0 && g.delta == -0.5);

    /* T -> 0+ joins the T = 0 values away from the money: one second
     * before expiry a 10 % in-the-money option has no time value left
     * (d1 ~ 1000), so price and delta agree to rounding */
    double t1 = 1.0 / (365.0 * 86400.0);
    g = greeks(110, 100, t1, 0.5, 0.05, 0.02, 1);
    assert_close(g.price, 110 * exp(-0.02 * t1) - 100 * exp(-0.05 * t1), 1e-12, 0);
    assert_close(g.delta, 1.0, 1e-9, 0);
    assert_true(g.gamma < 1e-300);
}

static void test_zero_vol(void **state)
{
    (void)state;
    /* vol = 0, T > 0: discounted intrinsic value of the forward and a
     * step delta (bsm.h); the forward is 100 e^{(0.05-0.02)} = 103.05 */
    double S = 100, T = 1, r = 0.05, q = 0.02;
    struct opt_greeks g = greeks(S, 102, T, 0, r, q, 1);
    assert_close(g.price, S * exp(-q) - 102 * exp(-r), 1e-13, 0);
    assert_close(g.delta, exp(-q), 1e-16, 0);
    assert_true(g.gamma == 0 && g.vanna == 0 && g.volga == 0 && g.vega == 0);
    /* theta and rho are the exact derivatives of S e^-qT - K e^-rT */
    assert_close(g.theta, q * S * exp(-q) - r * 102 * exp(-r), 1e-13, 0);
    assert_close(g.rho, 102 * T * exp(-r), 1e-12, 0);
    g = greeks(S, 102, T, 0, r, q, 0);
    assert_true(g.price == 0 && g.delta == 0 && g.rho == 0 && g.theta == 0);
    /* and the tiny-vol limit agrees (s = 1e-9: d1 ~ 3e7, all tails 0) */
    struct opt_greeks h = greeks(S, 102, T, 1e-9, r, q, 1);
    assert_close(h.price, S * exp(-q) - 102 * exp(-r), 1e-13, 0);
    assert_close(h.delta, exp(-q), 1e-16, 0);
    /* at the money forward, vega is the limit S e^-qT sqrt(T) n(0) */
    double katm = S * exp((r - q) * T);
    g = greeks(S, katm, T, 0, r, q, 1);
    double fwd_atm_x = log(S / katm) + (r * T - q * T);
    if (fwd_atm_x == 0.0) {
        assert_close(g.vega, S * exp(-q) * NORMAL_INV_SQRT_2PI, 1e-12, 0);
        assert_close(g.delta, 0.5 * exp(-q), 1e-16, 0);
    }
    /* the vol -> 0+ limit of vega at the money, from the formula itself */
    h = greeks(S, katm, T, 1e-8, r, q, 1);
    assert_close(h.vega, S * exp(-q) * NORMAL_INV_SQRT_2PI, 1e-6, 0);
}

static void test_extremes_no_nan(void **state)
{
    (void)state;
    /* every valid combination of extreme inputs gives finite numbers
     * inside the no-arbitrage band, and |delta| <= e^-qT */
    const double ks[] = {1e-6, 1e-3, 0.5, 1, 2, 1e3, 1e6};
    const double ts[] = {0, 1e-14, 1e-9, 1.0 / 365 / 86400, 1e-3, 1, 30, 1000};
    const double vs[] = {0, 1e-12, 1e-4, 0.2, 3, 100};
    const double rs[][2] = {{0, 0}, {0.2, 0}, {-0.05, 0.1}, {0.1, 0.1}};
    int n = 0;
    for (size_t a = 0; a < sizeof ks / sizeof ks[0]; a++)
        for (size_t b = 0; b < sizeof ts / sizeof ts[0]; b++)
            for (size_t v = 0; v < sizeof vs / sizeof vs[0]; v++)
                for (size_t e = 0; e < sizeof rs / sizeof rs[0]; e++)
                    for (int c = 0; c <= 1; c++) {
                        double S = 100, K = ks[a] * S, T = ts[b], r = rs[e][0], q = rs[e][1];
                        struct bsm_in in = {S, K, T, vs[v], r, q, c};
                        struct opt_greeks g;
                        assert_int_equal(bsm_greeks(&in, &g, NULL), 0);
                        assert_finite(&g);
                        double sdq = S * exp(-q * T), kdf = K * exp(-r * T);
                        double lower = c ? fmax(sdq - kdf, 0) : fmax(kdf - sdq, 0);
                        double upper = c ? sdq : kdf;
                        /* bounds within rounding of the larger term */
                        double slack = 16 * DBL_EPSILON * (sdq + kdf);
                        assert_true(g.price >= lower - slack && g.price <= upper + slack);
                        assert_true(fabs(g.delta) <= exp(-q * T) * (1 + 4 * DBL_EPSILON));
                        assert_true(g.gamma >= 0 && g.vega >= 0);
                        n++;
                    }
    assert_int_equal(n, 7 * 8 * 6 * 4 * 2);
}

static void test_batch_and_errors(void **state)
{
    (void)state;
    struct bsm_in in[5] = {
        {100, 90, 0.5, 0.3, 0.01, 0, 1},
        {100, 110, 0.5, 0.3, 0.01, 0, 0},
        {100, 100, 0, 0.3, 0.01, 0, 1},
        {100, -1, 0.5, 0.3, 0.01, 0, 1},
        {100, 100, 2, 0.3, 0.2, 0.1, 0},
    };
    struct opt_greeks out[5];
    struct allot_err err;
    err_clear(&err);
    assert_int_equal(bsm_greeks_batch(in, out, 5, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "option 3"));
    assert_non_null(strstr(err.msg, "strike"));
    assert_true(isnan(out[3].price) && isnan(out[3].volga));
    /* the batch gives bit-identical results to the single call */
    for (int i = 0; i < 5; i++) {
        if (i == 3)
            continue;
        struct opt_greeks g;
        assert_int_equal(bsm_greeks(&in[i], &g, NULL), 0);
        assert_memory_equal(&g, &out[i], sizeof g);
        assert_true(bsm_price(&in[i]) == g.price);
    }
    /* each field is validated and named */
    struct bsm_in bad = {100, 100, 1, 0.3, 0, 0, 1};
    bad.spot = 0;
    assert_int_equal(bsm_greeks(&bad, &out[0], &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "spot"));
    assert_true(isnan(out[0].delta));
    bad.spot = 100;
    bad.t_years = -1;
    assert_int_equal(bsm_check(&bad, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "t_years"));
    bad.t_years = 1;
    bad.vol_ann = NAN;
    assert_int_equal(bsm_check(&bad, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "vol_ann"));
    bad.vol_ann = 0.3;
    bad.rate = INFINITY;
    assert_int_equal(bsm_check(&bad, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "rate"));
    bad.rate = 0;
    bad.carry = 300;
    assert_int_equal(bsm_check(&bad, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "carry"));
    assert_true(isnan(bsm_price(&bad)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hull),
        cmocka_unit_test(test_haug),
        cmocka_unit_test(test_parity),
        cmocka_unit_test(test_greeks_fd),
        cmocka_unit_test(test_deep_otm),
        cmocka_unit_test(test_expiry),
        cmocka_unit_test(test_zero_vol),
        cmocka_unit_test(test_extremes_no_nan),
        cmocka_unit_test(test_batch_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
