/* Tests for engine/optimize/tailhedge.c on a synthetic chain of puts with
 * closed-form payoffs at expiry, max(K - S, 0) - premium: caps met after
 * rounding, LP cost against brute-force vertex enumeration and the rounded
 * cost against brute-force integer search on a tiny instance, and the
 * explanations when caps cannot be met. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "engine/optimize/tailhedge.h"

#define S0 60000.0

/* payoff per contract (multiplier 1 BTC) at scenario spot s */
static double put_pnl(double k, double prem, double s)
{
    return fmax(k - s, 0.0) - prem;
}

/* Book: long 10 BTC spot. Scenarios: spot x 0.3, 0.5, 0.7, 0.85, 1.2. */
static void test_chain_caps(void **state)
{
    (void)state;
    enum { P = 6, S = 5 };
    const double k[P] = { 30000, 36000, 42000, 48000, 54000, 60000 };
    const double prem[P] = { 400, 700, 1100, 1700, 2600, 3900 };
    const double mult[S] = { 0.3, 0.5, 0.7, 0.85, 1.2 };
    double pay[S * P], pnl[S], cap[S], lot[P], mn[P];
    const double equity = 10 * S0;
    for (int s = 0; s < S; s++) {
        pnl[s] = 10 * S0 * (mult[s] - 1);
        cap[s] = 0.2 * equity; /* at most a 20 % loss */
        for (int j = 0; j < P; j++)
            pay[s * P + j] = put_pnl(k[j], prem[j], S0 * mult[s]);
    }
    for (int j = 0; j < P; j++) {
        lot[j] = 0.1;
        mn[j] = 0.1;
    }
    struct th_problem p = { P, S, prem, pay, pnl, cap, NULL, lot, mn };
    struct th_result r;
    struct allot_err err;
    assert_int_equal(th_solve(&p, &r, &err), 0);
    assert_int_equal(r.feasible, 1);
    assert_int_equal(r.caps_met_rounded, 1);
    double cost = 0;
    for (int j = 0; j < P; j++) {
        /* rounded up to 0.1 lots, at most one lot above the LP */
        assert_true(r.qty[j] >= r.qty_lp[j] - 1e-9);
        assert_true(r.qty[j] <= r.qty_lp[j] + 0.1 + 1e-9);
        assert_close(r.qty[j] / 0.1, round(r.qty[j] / 0.1), 1e-9, 0);
        cost += prem[j] * r.qty[j];
    }
    assert_close(r.cost_usd, cost, 1e-9, 1e-12);
    for (int s = 0; s < S; s++) {
        double l = -pnl[s];
        for (int j = 0; j < P; j++)
            l -= pay[s * P + j] * r.qty[j];
        assert_close(r.loss_after[s], l, 1e-6, 1e-12); /* independent sum */
        assert_true(l <= cap[s] + 1e-6);
        assert_close(r.loss_before[s], -pnl[s], 0, 0);
    }
    /* the -70 % scenario was the binding one: it loses 420k unhedged */
    assert_true(r.loss_before[0] > cap[0]);
    th_result_done(&r);
}

/* Tiny instance: 2 puts, 3 scenarios, lot 1. The LP optimum is at a vertex
 * of {rows, x >= 0}: enumerate pairs of active constraints. The integer
 * optimum: enumerate q1, q2 in 0..60. */
static void test_bruteforce(void **state)
{
    (void)state;
    enum { P = 2, S = 3 };
    const double k[P] = { 45000, 55000 }, prem[P] = { 900, 2500 };
    const double mult[S] = { 0.4, 0.75, 1.1 };
    const double cap[S] = { 60000, 40000, 30000 };
    double pay[S * P], pnl[S], lot[P] = { 1, 1 };
    for (int s = 0; s < S; s++) {
        pnl[s] = 3 * S0 * (mult[s] - 1);
        for (int j = 0; j < P; j++)
            pay[s * P + j] = put_pnl(k[j], prem[j], S0 * mult[s]);
    }
    struct th_problem p = { P, S, prem, pay, pnl, cap, NULL, lot, NULL };
    struct th_result r;
    struct allot_err err;
    assert_int_equal(th_solve(&p, &r, &err), 0);
    assert_int_equal(r.feasible, 1);

    /* constraints g x <= h: rows, then -x1 <= 0, -x2 <= 0 */
    double g[S + 2][2], h[S + 2];
    for (int s = 0; s < S; s++) {
        g[s][0] = -pay[s * P];
        g[s][1] = -pay[s * P + 1];
        h[s] = cap[s] + pnl[s];
    }
    g[S][0] = -1, g[S][1] = 0, h[S] = 0;
    g[S + 1][0] = 0, g[S + 1][1] = -1, h[S + 1] = 0;
    double best = INFINITY;
    for (int u = 0; u < S + 2; u++)
        for (int v = u + 1; v < S + 2; v++) {
            double det = g[u][0] * g[v][1] - g[u][1] * g[v][0];
            if (fabs(det) < 1e-9)
                continue;
            double x1 = (h[u] * g[v][1] - g[u][1] * h[v]) / det;
            double x2 = (g[u][0] * h[v] - h[u] * g[v][0]) / det;
            int ok = 1;
            for (int c = 0; c < S + 2 && ok; c++)
                ok = g[c][0] * x1 + g[c][1] * x2 <= h[c] + 1e-6;
            if (ok && prem[0] * x1 + prem[1] * x2 < best)
                best = prem[0] * x1 + prem[1] * x2;
        }
    assert_close(r.cost_lp_usd, best, 1e-6, 1e-10); /* two vertex solves, USD sums */

    double ibest = INFINITY;
    for (int q1 = 0; q1 <= 60; q1++)
        for (int q2 = 0; q2 <= 60; q2++) {
            int ok = 1;
            for (int s = 0; s < S && ok; s++)
                ok = -pnl[s] - pay[s * P] * q1 - pay[s * P + 1] * q2 <= cap[s];
            if (ok && prem[0] * q1 + prem[1] * q2 < ibest)
                ibest = prem[0] * q1 + prem[1] * q2;
        }
    /* rounding up is feasible here and within one lot per put of the LP */
    assert_int_equal(r.caps_met_rounded, 1);
    assert_true(r.cost_usd >= ibest - 1e-6);
    assert_true(r.cost_usd <= r.cost_lp_usd + prem[0] + prem[1] + 1e-6);
    assert_true(ibest >= best - 1e-6); /* the LP is a relaxation */
    th_result_done(&r);
}

/* A scenario where no put pays: strikes 30k and 40k, spot down 5 % to
 * 57k: the book (long 10 BTC) loses 30k, cap 10k; no combination helps. */
static void test_no_put_pays(void **state)
{
    (void)state;
    enum { P = 2, S = 2 };
    const double k[P] = { 30000, 40000 }, prem[P] = { 200, 500 };
    const double mult[S] = { 0.95, 0.3 };
    const double cap[S] = { 10000, 1e9 };
    double pay[S * P], pnl[S];
    for (int s = 0; s < S; s++) {
        pnl[s] = 10 * S0 * (mult[s] - 1);
        for (int j = 0; j < P; j++)
            pay[s * P + j] = put_pnl(k[j], prem[j], S0 * mult[s]);
    }
    struct th_problem p = { P, S, prem, pay, pnl, cap, NULL, NULL, NULL };
    struct th_result r;
    struct allot_err err;
    assert_int_equal(th_solve(&p, &r, &err), 0);
    assert_int_equal(r.feasible, 0);
    assert_int_equal(r.cap_reachable[0], 0);
    assert_close(r.best_loss[0], 30000, 1e-9, 0); /* nothing pays: the loss stays */
    assert_int_equal(r.cap_reachable[1], 1);
    assert_true(isinf(r.best_loss[1]) && r.best_loss[1] < 0); /* unlimited puts pay there */
    /* x = 0 is best for scenario 0 and scenario 1's cap is loose: excess 20k */
    assert_close(r.min_excess_usd, 20000, 1e-6, 1e-9);
    assert_close(r.qty[0], 0, 0, 0);
    th_result_done(&r);
}

/* Max-contract limits: the -70 % loss (420k) with at most 2 + 3 contracts
 * of puts paying 25.6k and 35.6k net cannot go below
 * 420k - 2*25.6k - 3*35.6k = 262k (closed form), above a 120k cap. */
static void test_limits(void **state)
{
    (void)state;
    enum { P = 2, S = 1 };
    const double k[P] = { 44000, 54000 }, prem[P] = { 400, 400 };
    const double mx[P] = { 2, 3 }, cap[S] = { 120000 };
    double pay[P], pnl[S] = { 10 * S0 * (0.3 - 1) };
    for (int j = 0; j < P; j++)
        pay[j] = put_pnl(k[j], prem[j], S0 * 0.3);
    struct th_problem p = { P, S, prem, pay, pnl, cap, mx, NULL, NULL };
    struct th_result r;
    struct allot_err err;
    assert_int_equal(th_solve(&p, &r, &err), 0);
    assert_int_equal(r.feasible, 0);
    assert_close(r.best_loss[0], 420000 - 2 * 25600 - 3 * 35600, 1e-6, 0);
    assert_close(r.min_excess_usd, r.best_loss[0] - cap[0], 1e-6, 1e-9);
    th_result_done(&r);

    /* caps that conflict: each reachable alone, not together. A rally
     * scenario in which the book gains only 300 USD, capped at a 0 loss,
     * tolerates 0.3 contracts of premium; the crash needs about 8.6. */
    enum { S2 = 2 };
    const double m2[S2] = { 0.3, 1.2 }, cap2[S2] = { 120000, 0 };
    const double prem2[1] = { 1000 }, k2[1] = { 54000 };
    double pay2[S2], pnl2[S2];
    for (int s = 0; s < S2; s++) {
        pnl2[s] = (s == 0 ? 10 * S0 * (m2[s] - 1) : 300);
        pay2[s] = put_pnl(k2[0], prem2[0], S0 * m2[s]);
    }
    struct th_problem p2 = { 1, S2, prem2, pay2, pnl2, cap2, NULL, NULL, NULL };
    assert_int_equal(th_solve(&p2, &r, &err), 0);
    assert_int_equal(r.feasible, 0);
    assert_int_equal(r.cap_reachable[0], 1);
    assert_int_equal(r.cap_reachable[1], 1);
    /* min over x of max(420k - 35k x - 120k, 1000 x - 300): x = 300300/36000 */
    assert_close(r.min_excess_usd, 1000 * 300300.0 / 36000 - 300, 1e-6, 1e-9);
    th_result_done(&r);

    const double bad[1] = { 0 };
    struct th_problem p3 = { 1, S2, bad, pay2, pnl2, cap2, NULL, NULL, NULL };
    assert_int_equal(th_solve(&p3, &r, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "put 0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_caps),
        cmocka_unit_test(test_bruteforce),
        cmocka_unit_test(test_no_put_pays),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
