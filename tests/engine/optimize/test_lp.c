/* Tests for engine/optimize/lp.c: textbook LPs with known optima, bounds
 * and equality rows, infeasible and unbounded problems, Beale's cycling
 * example, and random small LPs against brute-force vertex enumeration. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "engine/optimize/lp.h"

/* Chvatal, "Linear Programming" (1983), chapter 2: maximise
 * 5x1 + 4x2 + 3x3 s.t. 2x1+3x2+x3 <= 5, 4x1+x2+2x3 <= 11,
 * 3x1+4x2+2x3 <= 8; optimum z = 13 at (2, 0, 1). */
static void test_chvatal_ch2(void **state)
{
    (void)state;
    const double c[3] = { -5, -4, -3 };
    const double a[9] = { 2, 3, 1, 4, 1, 2, 3, 4, 2 };
    const double b[3] = { 5, 11, 8 };
    struct lp_problem p = { 3, 3, c, a, b, NULL, NULL };
    double x[3];
    struct lp_result res;
    struct allot_err err;
    assert_int_equal(lp_solve(&p, NULL, x, &res, &err), 0);
    assert_int_equal(res.status, LP_OPTIMAL);
    /* a vertex of integer data: exact up to a few roundings */
    assert_close(res.objective, -13, 1e-12, 0);
    assert_close(x[0], 2, 1e-12, 0);
    assert_close(x[1], 0, 1e-12, 0);
    assert_close(x[2], 1, 1e-12, 0);
}

/* >= rows and an upper bound that binds: min 2x1 + 3x2 s.t. x1 + x2 >= 4,
 * x1 + 3x2 >= 6, 0 <= x1 <= 2.5. By hand: with x1 at its bound,
 * x2 >= max(1.5, 3.5/3) = 1.5; cost 9.5, cheaper than (0, 4) at 12. */
static void test_ge_rows_and_bounds(void **state)
{
    (void)state;
    const double c[2] = { 2, 3 }, a[4] = { 1, 1, 1, 3 }, b[2] = { 4, 6 };
    const enum lp_row_type ty[2] = { LP_GE, LP_GE };
    const double ub[2] = { 2.5, INFINITY };
    struct lp_problem p = { 2, 2, c, a, b, ty, ub };
    double x[2];
    struct lp_result res;
    struct allot_err err;
    assert_int_equal(lp_solve(&p, NULL, x, &res, &err), 0);
    assert_int_equal(res.status, LP_OPTIMAL);
    assert_close(res.objective, 9.5, 1e-12, 0);
    assert_close(x[0], 2.5, 1e-12, 0);
    assert_close(x[1], 1.5, 1e-12, 0);
}

/* Equality row with bounds: min x1 + 2x2 + 3x3 s.t. x1 + x2 + x3 = 10,
 * x1 <= 4, x2 <= 5: fill the cheapest first, (4, 5, 1), cost 17. */
static void test_equality(void **state)
{
    (void)state;
    const double c[3] = { 1, 2, 3 }, a[3] = { 1, 1, 1 }, b[1] = { 10 };
    const enum lp_row_type ty[1] = { LP_EQ };
    const double ub[3] = { 4, 5, INFINITY };
    struct lp_problem p = { 3, 1, c, a, b, ty, ub };
    double x[3];
    struct lp_result res;
    struct allot_err err;
    assert_int_equal(lp_solve(&p, NULL, x, &res, &err), 0);
    assert_int_equal(res.status, LP_OPTIMAL);
    assert_close(res.objective, 17, 1e-12, 0);
    assert_close(x[2], 1, 1e-12, 0);
}

static void test_infeasible_unbounded(void **state)
{
    (void)state;
    double x[2];
    struct lp_result res;
    struct allot_err err;
    /* x1 + x2 <= 1 and x1 + x2 >= 3 */
    const double c[2] = { 1, 1 }, a[4] = { 1, 1, 1, 1 }, b[2] = { 1, 3 };
    const enum lp_row_type ty[2] = { LP_LE, LP_GE };
    struct lp_problem p = { 2, 2, c, a, b, ty, NULL };
    assert_int_equal(lp_solve(&p, NULL, x, &res, &err), 0);
    assert_int_equal(res.status, LP_INFEASIBLE);
    /* infeasible through a bound: x1 <= 1 as a bound, x1 >= 2 as a row */
    const double a1[2] = { 1, 0 }, b1[1] = { 2 }, ub[2] = { 1, INFINITY };
    const enum lp_row_type ge[1] = { LP_GE };
    struct lp_problem p1 = { 2, 1, c, a1, b1, ge, ub };
    assert_int_equal(lp_solve(&p1, NULL, x, &res, &err), 0);
    assert_int_equal(res.status, LP_INFEASIBLE);
    /* min -x1 s.t. x1 - x2 <= 1: x2 and x1 grow together forever */
    const double c2[2] = { -1, 0 }, a2[2] = { 1, -1 }, b2[1] = { 1 };
    struct lp_problem p2 = { 2, 1, c2, a2, b2, NULL, NULL };
    assert_int_equal(lp_solve(&p2, NULL, x, &res, &err), 0);
    assert_int_equal(res.status, LP_UNBOUNDED);
    assert_string_equal(lp_status_name(LP_UNBOUNDED), "unbounded");
    /* bad input names the entry */
    const double cn[2] = { 1, NAN };
    struct lp_problem p3 = { 2, 2, cn, a, b, ty, NULL };
    assert_int_equal(lp_solve(&p3, NULL, x, &res, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "variable 1"));
}

/* Beale (1955), the classic cycling example: min -3/4 x4 + 150 x5
 * - 1/50 x6 + 6 x7 s.t. 1/4 x4 - 60 x5 - 1/25 x6 + 9 x7 <= 0,
 * 1/2 x4 - 90 x5 - 1/50 x6 + 3 x7 <= 0, x6 <= 1 (a row, as printed).
 * Optimum -1/20 at x4 = 1/25, x6 = 1. Dantzig's rule with lowest-index
 * tie breaking on the unscaled tableau cycles through six degenerate
 * bases; Bland's rule and the default (Bland after a run of degenerate
 * pivots) do not, scaled or not. */
static void test_beale_cycling(void **state)
{
    (void)state;
    const double c[4] = { -0.75, 150, -0.02, 6 };
    const double a[12] = { 0.25, -60, -0.04, 9, 0.5, -90, -0.02, 3, 0, 0, 1, 0 };
    const double b[3] = { 0, 0, 1 };
    struct lp_problem p = { 4, 3, c, a, b, NULL, NULL };
    double x[4];
    struct lp_result res;
    struct allot_err err;
    struct lp_options opt = { LP_RULE_DANTZIG, 1000, 1 };
    assert_int_equal(lp_solve(&p, &opt, x, &res, &err), 0);
    assert_int_equal(res.status, LP_ITER_LIMIT);
    assert_int_equal(res.degenerate, res.iterations); /* it never moved */
    for (int k = 0; k < 4; k++) {
        opt.rule = (k & 1) ? LP_RULE_BLAND : LP_RULE_AUTO;
        opt.no_scale = k >> 1;
        assert_int_equal(lp_solve(&p, &opt, x, &res, &err), 0);
        assert_int_equal(res.status, LP_OPTIMAL);
        assert_close(res.objective, -0.05, 1e-12, 0);
        assert_close(x[0], 0.04, 1e-12, 0);
        assert_close(x[2], 1, 1e-12, 0);
    }
}

/* Solve k x k by Gaussian elimination with partial pivoting; 0 if singular. */
static int gauss(int k, double *m, double *r)
{
    for (int c = 0; c < k; c++) {
        int piv = c;
        for (int i = c + 1; i < k; i++)
            if (fabs(m[i * k + c]) > fabs(m[piv * k + c]))
                piv = i;
        if (fabs(m[piv * k + c]) < 1e-12)
            return 0;
        for (int j = 0; j < k; j++) {
            double t = m[c * k + j];
            m[c * k + j] = m[piv * k + j];
            m[piv * k + j] = t;
        }
        double t = r[c];
        r[c] = r[piv];
        r[piv] = t;
        for (int i = 0; i < k; i++) {
            if (i == c)
                continue;
            double f = m[i * k + c] / m[c * k + c];
            for (int j = 0; j < k; j++)
                m[i * k + j] -= f * m[c * k + j];
            r[i] -= f * r[c];
        }
    }
    for (int i = 0; i < k; i++)
        r[i] /= m[i * k + i];
    return 1;
}

/* Random LPs with 3 variables, 3 <= rows (mixed signs) and finite upper
 * bounds: the optimum is at a vertex, so enumerate every choice of 3
 * active constraints among the rows and the 6 bounds, keep the feasible
 * points, and compare the best objective with the solver's. */
static void test_random_vs_vertices(void **state)
{
    (void)state;
    enum { N = 3, M = 3, K = M + 2 * N };
    srand(12345);
    int solved = 0;
    for (int trial = 0; trial < 300; trial++) {
        double c[N], a[M * N], b[M], ub[N];
        for (int j = 0; j < N; j++) {
            c[j] = rand() % 21 - 10;
            ub[j] = 1 + rand() % 5;
        }
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++)
                a[i * N + j] = rand() % 11 - 5;
            b[i] = rand() % 11 - 3;
        }
        /* constraint k as g x <= h */
        double g[K][N], h[K];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++)
                g[i][j] = a[i * N + j];
            h[i] = b[i];
        }
        for (int j = 0; j < N; j++) {
            for (int l = 0; l < N; l++) {
                g[M + j][l] = (l == j) ? -1 : 0;     /* -x_j <= 0 */
                g[M + N + j][l] = (l == j) ? 1 : 0;  /* x_j <= u_j */
            }
            h[M + j] = 0;
            h[M + N + j] = ub[j];
        }
        double best = INFINITY;
        for (int p = 0; p < K; p++)
            for (int q = p + 1; q < K; q++)
                for (int r = q + 1; r < K; r++) {
                    int idx[3] = { p, q, r };
                    double mm[9], rr[3];
                    for (int s = 0; s < 3; s++) {
                        for (int j = 0; j < N; j++)
                            mm[s * 3 + j] = g[idx[s]][j];
                        rr[s] = h[idx[s]];
                    }
                    if (!gauss(3, mm, rr))
                        continue;
                    int ok = 1;
                    for (int k = 0; k < K && ok; k++) {
                        double lhs = 0;
                        for (int j = 0; j < N; j++)
                            lhs += g[k][j] * rr[j];
                        ok = lhs <= h[k] + 1e-9;
                    }
                    if (ok) {
                        double v = 0;
                        for (int j = 0; j < N; j++)
                            v += c[j] * rr[j];
                        if (v < best)
                            best = v;
                    }
                }
        struct lp_problem pr = { N, M, c, a, b, NULL, ub };
        double x[N];
        struct lp_result res;
        struct allot_err err;
        assert_int_equal(lp_solve(&pr, NULL, x, &res, &err), 0);
        if (isinf(best)) {
            assert_int_equal(res.status, LP_INFEASIBLE);
        } else {
            assert_int_equal(res.status, LP_OPTIMAL);
            /* small integer data: both are exact vertices up to rounding */
            assert_close(res.objective, best, 1e-9, 1e-9);
            solved++;
        }
    }
    assert_true(solved > 100); /* the sample exercises mostly feasible LPs */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chvatal_ch2),
        cmocka_unit_test(test_ge_rows_and_bounds),
        cmocka_unit_test(test_equality),
        cmocka_unit_test(test_infeasible_unbounded),
        cmocka_unit_test(test_beale_cycling),
        cmocka_unit_test(test_random_vs_vertices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
