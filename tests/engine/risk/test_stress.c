/* Tests for engine/risk/stress.c: range parsing and points, the spot x vol
 * grid against closed forms of test books (centre cell zero, monotone in
 * spot for a long book, increasing in vol for long options), one
 * underlying at a time, and named scenarios against the conditional
 * expectation worked by hand. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "engine/risk/stress.h"
#include "testbooks.h"

static void test_range_parse(void **state)
{
    struct stress_range r;
    struct allot_err err;
    (void)state;
    assert_int_equal(stress_range_parse("-50%:50%:10%", &r, &err), 0);
    /* x / 100 of an integer: correctly rounded, the same double as the
     * decimal literal */
    assert_close(r.lo, -0.5, 0.0, 0.0);
    assert_close(r.hi, 0.5, 0.0, 0.0);
    assert_close(r.step, 0.1, 0.0, 0.0);
    assert_int_equal(stress_range_parse("-0.25:1:0.25", &r, &err), 0);
    assert_close(r.lo, -0.25, 0.0, 0.0);
    assert_close(r.hi, 1.0, 0.0, 0.0);

    static const struct {
        const char *s;
        const char *msg;
        long col;
    } bad[] = {
        { "1:2", "not LO:HI:STEP", 4 },
        { "x:1:1", "range low \"x\"", 1 },
        { "0:1y:1", "range high \"1y\"", 4 },
        { "0:1:", "range step is empty", 5 },
        { "0:1:0", "step 0 is not > 0", 1 },
        { "1:0:0.1", "low 1 is above high 0", 1 },
        { "-100%:0:10%", "not above -1", 1 },
        { "0:1:1e-6", "more than 1001 points", 1 },
        { "0:1:0.1:2", "more than three fields", 8 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&err);
        assert_int_equal(stress_range_parse(bad[i].s, &r, &err), ALLOT_E_INPUT);
        if (strstr(err.msg, bad[i].msg) == NULL) {
            fail_msg("\"%s\": message \"%s\" lacks \"%s\"", bad[i].s, err.msg, bad[i].msg);
        }
        assert_int_equal(err.col, bad[i].col);
    }
}

static void test_range_points(void **state)
{
    const struct stress_range spot = STRESS_SPOT_DEFAULT, vol = STRESS_VOL_DEFAULT;
    double p[STRESS_MAX_POINTS];
    size_t n;
    struct allot_err err;
    (void)state;
    assert_int_equal(stress_range_points(&spot, "spot", p, &n, &err), 0);
    assert_int_equal(n, 11);
    for (size_t i = 0; i < n; i++) {
        /* -50 % + 10 % i, to rounding of lo + i step */
        assert_close(p[i], -0.5 + 0.1 * (double)i, 1e-15, 0.0);
    }
    /* -0.5 + 5 x 0.1 is -5.6e-17 in binary: snapped to exactly 0, and the
     * last point is exactly hi */
    assert_true(p[5] == 0.0);
    assert_true(p[10] == 0.5);
    assert_int_equal(stress_range_points(&vol, "vol", p, &n, &err), 0);
    assert_int_equal(n, 6);
    assert_true(p[1] == 0.0);
    assert_true(p[5] == 1.0);
    /* a step that does not divide the span: points stop below hi */
    struct stress_range odd = { 0.0, 1.0, 0.3 };
    assert_int_equal(stress_range_points(&odd, "spot", p, &n, &err), 0);
    assert_int_equal(n, 4);     /* 0, 0.3, 0.6, 0.9 */
}

static void test_grid_linear(void **state)
{
    const double value[2] = { 1e6, 5e5 };
    struct tb_linear book = { 2, value };
    struct stress_grid g;
    struct allot_err err;
    (void)state;
    assert_int_equal(stress_grid_run(tb_linear_reval, &book, 2, NULL, NULL, STRESS_TOGETHER, 0.0,
                                     &g, &err), 0);
    assert_int_equal(g.n_spot, 11);
    assert_int_equal(g.n_vol, 6);
    assert_int_equal(g.n_under, 1);
    for (size_t i = 0; i < g.n_spot; i++) {
        for (size_t j = 0; j < g.n_vol; j++) {
            /* PnL = (1e6 + 5e5) x spot move, whatever the vol */
            assert_close(stress_grid_at(&g, 0, i, j), 1.5e6 * g.spot_move[i], 1e-9, 0.0);
            if (i > 0) {
                assert_true(stress_grid_at(&g, 0, i, j) > stress_grid_at(&g, 0, i - 1, j));
            }
        }
    }
    /* the centre cell: no move, zero PnL exactly */
    assert_true(stress_grid_at(&g, 0, 5, 1) == 0.0);
    stress_grid_free(&g);

    /* one underlying at a time: asset u alone moves */
    struct stress_range spot = { -0.2, 0.2, 0.2 }, vol = { 0.0, 0.0, 0.1 };
    assert_int_equal(stress_grid_run(tb_linear_reval, &book, 2, &spot, &vol, STRESS_EACH, 0.0,
                                     &g, &err), 0);
    assert_int_equal(g.n_under, 2);
    assert_int_equal(g.n_spot, 3);
    assert_int_equal(g.n_vol, 1);
    for (size_t u = 0; u < 2; u++) {
        for (size_t i = 0; i < 3; i++) {
            assert_close(stress_grid_at(&g, u, i, 0), value[u] * g.spot_move[i], 1e-9, 0.0);
        }
    }
    stress_grid_free(&g);
    stress_grid_free(NULL);
}

/* Long 1 unit of spot and long 2 at-the-money 60-day puts, vol 80 %. */
static const double opt_spot[1] = { 40000.0 };
static const double opt_spot_qty[1] = { 1.0 };
static const struct tb_option opt_puts[1] = { { 0, 2.0, 40000.0, 60.0 / 365.0, 0.80, 0 } };

static void test_grid_options(void **state)
{
    struct tb_optbook book = { 1, opt_spot, opt_spot_qty, 1, opt_puts, 0 };
    struct stress_grid g;
    struct allot_err err;
    (void)state;
    assert_int_equal(stress_grid_run(tb_optbook_reval, &book, 1, NULL, NULL, STRESS_TOGETHER,
                                     0.0, &g, &err), 0);
    assert_int_equal(book.calls, 66);
    assert_true(stress_grid_at(&g, 0, 5, 1) == 0.0);
    double p0 = tb_bs(40000.0, 40000.0, 60.0 / 365.0, 0.80, 0);
    for (size_t i = 0; i < g.n_spot; i++) {
        double s = 40000.0 * (1.0 + g.spot_move[i]);
        for (size_t j = 0; j < g.n_vol; j++) {
            double v = 0.80 * (1.0 + g.vol_move[j]);
            /* the cell's move, priced directly: spot + 2 puts */
            double want = (s - 40000.0) + 2.0 * (tb_bs(s, 40000.0, 60.0 / 365.0, v, 0) - p0);
            assert_close(stress_grid_at(&g, 0, i, j), want, 1e-9, 1e-12);
            /* long options: PnL rises with vol */
            if (j > 0) {
                assert_true(stress_grid_at(&g, 0, i, j) > stress_grid_at(&g, 0, i, j - 1));
            }
        }
    }
    stress_grid_free(&g);
}

static int failing_reval(void *ctx, const struct scenario *s, double *pnl,
                         struct allot_err *err)
{
    (void)ctx;
    (void)pnl;
    if (s->vol_mult > 1.9) {
        return err_setf(err, ALLOT_E_NUMERIC, "no price");
    }
    *pnl = 0.0;
    return 0;
}

static void test_grid_errors(void **state)
{
    struct stress_grid g;
    struct allot_err err;
    (void)state;
    err_clear(&err);
    assert_int_equal(stress_grid_run(failing_reval, NULL, 1, NULL, NULL, STRESS_TOGETHER, 0.0,
                                     &g, &err), ALLOT_E_NUMERIC);
    assert_string_equal(err.msg, "stress spot -50 %, vol +100 %: no price");
    assert_null(g.pnl_usd);
    assert_int_equal(stress_grid_run(failing_reval, NULL, 1, NULL, NULL, STRESS_TOGETHER, -1.0,
                                     &g, &err), ALLOT_E_INPUT);
    struct stress_range bad = { 0.0, 1.0, 0.0 };
    assert_int_equal(stress_grid_run(failing_reval, NULL, 1, &bad, NULL, STRESS_TOGETHER, 0.0,
                                     &g, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "spot range step"));
}

static gsl_matrix *mat(size_t n, const double *a)
{
    gsl_matrix *m = gsl_matrix_alloc(n, n);
    assert_non_null(m);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            gsl_matrix_set(m, i, j, a[i * n + j]);
        }
    }
    return m;
}

static void test_named_conditional(void **state)
{
    const struct stress_scenario_def *crash = stress_builtin_find("crash");
    struct allot_err err;
    double m[3];
    (void)state;
    assert_non_null(crash);

    /* Two assets, crypto c (daily vol 5 %) and other o (1 %), correlation
     * 0.4. E[r_o | r_c] = rho s_o / s_c r_c = 0.4 x 0.01 / 0.05 r_c = 0.08 r_c;
     * r_c = ln(0.6) = -0.5108256; r_o = -0.0408660; m_o = exp(r_o) = 0.9599577 */
    const double a2[4] = { 0.0025, 0.0002, 0.0002, 0.0001 };
    const int crypto2[2] = { 1, 0 };
    gsl_matrix *c2 = mat(2, a2);
    assert_int_equal(stress_scenario_moves(crash, 2, crypto2, c2, m, &err), 0);
    assert_close(m[0], 0.6, 0.0, 1e-15);
    assert_close(m[1], exp(0.08 * log(0.6)), 0.0, 1e-14);
    assert_close(m[1], 0.9599577, 1e-7, 0.0);      /* the hand figure, 7 digits */

    /* cov scaled by 10 (a 10-day covariance): the same moves */
    gsl_matrix_scale(c2, 10.0);
    double m10[2];
    assert_int_equal(stress_scenario_moves(crash, 2, crypto2, c2, m10, &err), 0);
    assert_close(m10[1], m[1], 0.0, 1e-14);
    gsl_matrix_free(c2);

    /* Two crypto assets (BTC-like, vols 4 % and 5 %, correlation 0.8) and
     * one other (1 %, correlations 0.3 and 0.2). Sigma_cc = [[16, 16], [16,
     * 25]] x 1e-4, det = (400 - 256) 1e-8 = 144e-8, inverse = [[25, -16],
     * [-16, 16]] / 144 x 1e4; Sigma_oc = [1.2, 1.0] x 1e-4. With both crypto
     * at r = ln(0.6): Sigma_cc^-1 (r, r)' = r (9, 0)' / 144 x 1e4, so
     * E[r_o] = 1.2 x 9 / 144 r = 0.075 r. */
    const double a3[9] = { 16e-4, 16e-4, 1.2e-4,
                           16e-4, 25e-4, 1.0e-4,
                           1.2e-4, 1.0e-4, 1e-4 };
    const int crypto3[3] = { 1, 1, 0 };
    gsl_matrix *c3 = mat(3, a3);
    assert_int_equal(stress_scenario_moves(crash, 3, crypto3, c3, m, &err), 0);
    assert_close(m[0], 0.6, 0.0, 1e-15);
    assert_close(m[1], 0.6, 0.0, 1e-15);
    /* a 2 x 2 solve in double: ~1e-15 relative on the exponent */
    assert_close(m[2], exp(0.075 * log(0.6)), 0.0, 1e-13);

    /* the book's PnL under the scenario: linear book, vols irrelevant */
    const double value[3] = { 1e6, 2e6, 3e6 };
    struct tb_linear book = { 3, value };
    double pnl, used[3];
    assert_int_equal(stress_scenario_run(tb_linear_reval, &book, 3, crash, crypto3, c3, 0.0,
                                         used, &pnl, &err), 0);
    double want = 3e6 * (0.6 - 1.0) + 3e6 * (exp(0.075 * log(0.6)) - 1.0);
    assert_close(pnl, want, 1e-6, 1e-13);
    assert_close(used[2], m[2], 0.0, 0.0);

    /* no covariance: other assets unchanged */
    assert_int_equal(stress_scenario_moves(crash, 3, crypto3, NULL, m, &err), 0);
    assert_true(m[2] == 1.0);
    gsl_matrix_free(c3);
}

static void test_named_errors(void **state)
{
    const struct stress_scenario_def *crash = stress_builtin_find("crash");
    struct allot_err err;
    double m[3];
    (void)state;
    const int none[2] = { 0, 0 };
    assert_int_equal(stress_scenario_moves(crash, 2, none, NULL, m, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "no asset is flagged crypto"));
    /* two crypto assets with correlation 1: the crypto block is singular */
    const double a[9] = { 4e-4, 4e-4, 1e-5, 4e-4, 4e-4, 1e-5, 1e-5, 1e-5, 1e-4 };
    const int crypto[3] = { 1, 1, 0 };
    gsl_matrix *c = mat(3, a);
    assert_int_equal(stress_scenario_moves(crash, 3, crypto, c, m, &err), ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "scenario crash: "));
    assert_non_null(strstr(err.msg, "not positive definite (leading minor 2)"));
    gsl_matrix_free(c);
    struct stress_scenario_def bad = { "bad", "", -1.0, 1.0, 0.0 };
    assert_int_equal(stress_scenario_moves(&bad, 3, crypto, NULL, m, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "crypto move -1"));
}

static void test_builtins(void **state)
{
    size_t n;
    const struct stress_scenario_def *t = stress_builtin(&n);
    (void)state;
    assert_int_equal(n, 8);
    /* the documented table */
    static const struct {
        const char *name;
        double move, vol_mult;
    } want[] = {
        { "crash", -0.40, 2.0 }, { "crash-30", -0.30, 1.5 }, { "crash-50", -0.50, 2.0 },
        { "crash-70", -0.70, 3.0 }, { "rally", 0.30, 1.25 }, { "rally-50", 0.50, 1.5 },
        { "vol-spike", 0.0, 2.0 }, { "vol-crush", 0.0, 0.5 },
    };
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(t[i].name, want[i].name);
        assert_close(t[i].crypto_move, want[i].move, 0.0, 0.0);
        assert_close(t[i].vol_mult, want[i].vol_mult, 0.0, 0.0);
        assert_close(t[i].vol_shift, 0.0, 0.0, 0.0);
        assert_ptr_equal(stress_builtin_find(want[i].name), &t[i]);
    }
    assert_null(stress_builtin_find("meteor"));

    /* protective put under crash-50 with vols x2: full revaluation loses
     * less than the delta approximation predicts (long gamma and vega) */
    struct tb_optbook book = { 1, opt_spot, opt_spot_qty, 1, opt_puts, 0 };
    const int crypto[1] = { 1 };
    double pnl, delta_usd;
    struct allot_err err;
    assert_int_equal(stress_scenario_run(tb_optbook_reval, &book, 1, stress_builtin_find(
                                             "crash-50"), crypto, NULL, 0.0, NULL, &pnl, &err),
                     0);
    delta_usd = 40000.0 * (1.0 + 2.0 * tb_bs_delta(40000.0, 40000.0, 60.0 / 365.0, 0.80, 0));
    assert_true(-pnl < -(delta_usd * -0.5));
    /* vol-spike moves no spot: the PnL is the puts' vega gain alone */
    assert_int_equal(stress_scenario_run(tb_optbook_reval, &book, 1, stress_builtin_find(
                                             "vol-spike"), crypto, NULL, 0.0, NULL, &pnl, &err),
                     0);
    double p0 = tb_bs(40000.0, 40000.0, 60.0 / 365.0, 0.80, 0);
    assert_close(pnl, 2.0 * (tb_bs(40000.0, 40000.0, 60.0 / 365.0, 1.60, 0) - p0), 1e-9, 1e-12);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_range_parse),
        cmocka_unit_test(test_range_points),
        cmocka_unit_test(test_grid_linear),
        cmocka_unit_test(test_grid_options),
        cmocka_unit_test(test_grid_errors),
        cmocka_unit_test(test_named_conditional),
        cmocka_unit_test(test_named_errors),
        cmocka_unit_test(test_builtins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
