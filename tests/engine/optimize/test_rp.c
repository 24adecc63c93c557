/* Tests for engine/optimize/rp.c: published risk-parity examples, closed
 * forms (inverse volatility, two-asset risk budget), the risk-contribution
 * identities on random covariances up to n = 500, group budgets, the vol
 * target and its leverage cap, and the error messages. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine/optimize/rp.h"

/* S_ij = rho_ij vol_i vol_j */
static gsl_matrix *cov_from(size_t n, const double *vol, const double *corr)
{
    gsl_matrix *s = gsl_matrix_alloc(n, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(s, i, j, corr[i * n + j] * vol[i] * vol[j]);
    return s;
}

/* A random covariance from a k-factor model with idiosyncratic noise:
 * corr = B B' + diag(psi) rescaled to a unit diagonal, vols in [0.2, 1.2].
 * Positive definite by construction (psi > 0). */
static gsl_matrix *cov_random(size_t n, gsl_rng *r)
{
    enum { K = 3 };
    double *beta = malloc(n * K * sizeof *beta), *vol = malloc(n * sizeof *vol);
    double *corr = malloc(n * n * sizeof *corr);
    for (size_t i = 0; i < n; i++) {
        vol[i] = 0.2 + gsl_rng_uniform(r);
        for (int f = 0; f < K; f++)
            beta[i * K + f] = (f == 0 ? 0.8 : 0.4) * gsl_ran_gaussian(r, 1.0);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double c = 0;
            for (int f = 0; f < K; f++)
                c += beta[i * K + f] * beta[j * K + f];
            corr[i * n + j] = c + (i == j ? 0.3 + 0.5 * gsl_rng_uniform(r) : 0.0);
        }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            corr[j * n + i] = corr[i * n + j];
    gsl_matrix *s = gsl_matrix_alloc(n, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(s, i, j,
                           corr[i * n + j] / sqrt(corr[i * n + i] * corr[j * n + j]) * vol[i] *
                               vol[j]);
    free(beta);
    free(vol);
    free(corr);
    return s;
}

/* Independent check: relative risk contributions by plain loops. */
static void rc_plain(const gsl_matrix *s, const double *w, double *rc)
{
    size_t n = s->size1;
    double v = 0;
    double *sw = calloc(n, sizeof *sw);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            sw[i] += gsl_matrix_get(s, i, j) * w[j];
        v += w[i] * sw[i];
    }
    for (size_t i = 0; i < n; i++)
        rc[i] = w[i] * sw[i] / v;
    free(sw);
}

/* Maillard, Roncalli and Teiletche (2010), "The properties of equally
 * weighted risk contribution portfolios", J. Portfolio Management 36(4),
 * illustration p. 65: four assets with vols 10 %, 20 %, 30 %, 40 %.
 * (a) constant correlation: ERC = inverse vol = 48 %, 24 %, 16 %, 12 %;
 * (b) correlation rho_12 = 0.8, rho_34 = -0.5, others 0: published ERC
 *     weights 38.4 %, 19.2 %, 24.3 %, 18.2 % (one decimal). */
static void test_mrt2010(void **state)
{
    (void)state;
    const double vol[4] = { 0.10, 0.20, 0.30, 0.40 };
    const double rho = 0.5;
    double cc[16];
    for (int i = 0; i < 16; i++)
        cc[i] = (i % 5 == 0) ? 1.0 : rho;
    gsl_matrix *s = cov_from(4, vol, cc);
    struct rp_result res;
    struct allot_err err;
    assert_int_equal(rp_solve(s, NULL, NULL, &res, &err), 0);
    const double want_a[4] = { 0.48, 0.24, 0.16, 0.12 };
    for (int i = 0; i < 4; i++) /* closed form: RC within 1e-10 gives w within ~1e-10 */
        assert_close(res.weight[i], want_a[i], 1e-9, 0);
    rp_result_done(&res);
    gsl_matrix_free(s);

    const double cb[16] = { 1, 0.8, 0, 0, 0.8, 1, 0, 0, 0, 0, 1, -0.5, 0, 0, -0.5, 1 };
    s = cov_from(4, vol, cb);
    assert_int_equal(rp_solve(s, NULL, NULL, &res, &err), 0);
    const double want_b[4] = { 0.384, 0.192, 0.243, 0.182 };
    for (int i = 0; i < 4; i++) /* published to 0.1 %: half a unit of the last digit */
        assert_close(res.weight[i], want_b[i], 0.0005 + 1e-12, 0);
    for (int i = 0; i < 4; i++)
        assert_close(res.rc_rel[i], 0.25, 1e-10, 0);
    rp_result_done(&res);
    gsl_matrix_free(s);
}

/* Bruder and Roncalli (2012), "Managing risk exposures using the risk
 * budgeting approach", section 3.1.1: vols 20 %, 21 %, 10 %, uniform
 * correlation 80 %, budgets 50 %, 25 %, 25 %. Weights 39.12 %, 19.64 %,
 * 41.24 % as reproduced to four decimals in MathWorks' "Risk Budgeting
 * Portfolio" example, which follows that section. */
static void test_bruder_roncalli2012(void **state)
{
    (void)state;
    const double vol[3] = { 0.20, 0.21, 0.10 };
    const double c[9] = { 1, 0.8, 0.8, 0.8, 1, 0.8, 0.8, 0.8, 1 };
    const double b[3] = { 50, 25, 25 }; /* raw, normalised by rp_solve */
    gsl_matrix *s = cov_from(3, vol, c);
    struct rp_result res;
    struct allot_err err;
    assert_int_equal(rp_solve(s, b, NULL, &res, &err), 0);
    const double want[3] = { 0.3912, 0.1964, 0.4124 };
    for (int i = 0; i < 3; i++) /* printed to 4 decimals: half a unit of the last digit */
        assert_close(res.weight[i], want[i], 0.00005 + 1e-12, 0);
    assert_close(res.budget[0], 0.5, 1e-15, 0);
    for (int i = 0; i < 3; i++)
        assert_close(res.rc_rel[i], res.budget[i], 1e-10, 0);
    rp_result_done(&res);
    gsl_matrix_free(s);
}

/* Two assets, budgets (b, 1-b): RC_1 (1-b) = RC_2 b is a quadratic in w_1
 * whose root in (0, 1) is the solution; solved here by the quadratic
 * formula. */
static void test_two_asset_closed_form(void **state)
{
    (void)state;
    const double s1 = 0.3, s2 = 0.12, rho = -0.35, b = 0.7;
    const double vol[2] = { s1, s2 }, c[4] = { 1, rho, rho, 1 }, bb[2] = { b, 1 - b };
    gsl_matrix *s = cov_from(2, vol, c);
    /* (1-b)(s1^2 w^2 + r w x) - b(s2^2 x^2 + r w x) = 0, x = 1 - w, r = rho s1 s2 */
    double r = rho * s1 * s2;
    double qa = (1 - b) * (s1 * s1 - r) - b * (s2 * s2 - r);
    double qb = (1 - b) * r + 2 * b * s2 * s2 - b * r;
    double qc = -b * s2 * s2;
    double disc = sqrt(qb * qb - 4 * qa * qc);
    double w1 = (-qb + disc) / (2 * qa);
    if (!(w1 > 0 && w1 < 1))
        w1 = (-qb - disc) / (2 * qa);
    struct rp_result res;
    struct allot_err err;
    assert_int_equal(rp_solve(s, bb, NULL, &res, &err), 0);
    assert_close(res.weight[0], w1, 1e-9, 0); /* RC tolerance 1e-10, weights well conditioned */
    assert_close(res.weight[1], 1 - w1, 1e-9, 0);
    rp_result_done(&res);
    gsl_matrix_free(s);
}

/* Constant correlation: ERC weights are proportional to 1/vol_i (MRT 2010). */
static void test_inverse_vol(void **state)
{
    (void)state;
    enum { N = 60 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    double vol[N], *c = malloc(N * N * sizeof *c), inv = 0;
    for (int i = 0; i < N; i++) {
        vol[i] = 0.05 + 1.5 * gsl_rng_uniform(r);
        inv += 1 / vol[i];
    }
    for (int i = 0; i < N * N; i++)
        c[i] = (i % (N + 1) == 0) ? 1.0 : 0.6;
    gsl_matrix *s = cov_from(N, vol, c);
    struct rp_result res;
    struct allot_err err;
    for (int m = 0; m < 3; m++) {
        struct rp_options opt = RP_OPTIONS_DEFAULT;
        opt.method = m == 2 ? RP_METHOD_NEWTON : m ? RP_METHOD_CCD : RP_METHOD_AUTO;
        assert_int_equal(rp_solve(s, NULL, &opt, &res, &err), 0);
        for (int i = 0; i < N; i++) /* RC within 1e-10 of 1/60 bounds relative weight error */
            assert_close(res.weight[i], (1 / vol[i]) / inv, 0, 1e-8);
        rp_result_done(&res);
    }
    gsl_matrix_free(s);
    free(c);
    gsl_rng_free(r);
}

/* Random covariances and budgets, n up to 500: sum RC = 1 and RC_i = b_i
 * within 1e-10, recomputed here by plain loops; absolute contributions sum
 * to the vol; CCD and Newton give the same weights. */
static void test_random_identities(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20240601);
    const size_t sizes[] = { 1, 2, 5, 37, 100, 500 };
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        gsl_matrix *s = cov_random(n, r);
        double *b = malloc(n * sizeof *b), *rc = malloc(n * sizeof *rc), bs = 0;
        for (size_t i = 0; i < n; i++) {
            b[i] = 0.2 + gsl_rng_uniform(r);
            bs += b[i];
        }
        struct rp_result res, res2;
        struct allot_err err;
        assert_int_equal(rp_solve(s, b, NULL, &res, &err), 0);
        rc_plain(s, res.weight, rc);
        double sum = 0, sum_abs = 0, wsum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += rc[i];
            sum_abs += res.rc_abs[i];
            wsum += res.weight[i];
            assert_true(res.weight[i] > 0);
            /* the solver's own target; the plain loops agree to rounding */
            assert_close(rc[i], b[i] / bs, 1e-10, 0);
        }
        /* rounding of n terms of size ~1/n */
        assert_close(sum, 1.0, 1e-12, 0);
        assert_close(wsum, 1.0, 1e-12, 0);
        assert_close(sum_abs, res.vol, 0, 1e-12);
        assert_true(res.max_rc_err <= 1e-10);
        if (n <= 100) {
            rp_result_done(&res);
            /* both methods to RC within 1e-13 (rounding in RC is ~n * 1e-16):
             * the weights then agree to ~1e-13 / b_min relative, b_min ~ 3e-3 */
            struct rp_options opt = RP_OPTIONS_DEFAULT;
            opt.tol = 1e-13;
            assert_int_equal(rp_solve(s, b, &opt, &res, &err), 0);
            opt.method = RP_METHOD_NEWTON;
            assert_int_equal(rp_solve(s, b, &opt, &res2, &err), 0);
            for (size_t i = 0; i < n; i++)
                assert_close(res2.weight[i], res.weight[i], 0, 1e-10);
            rp_result_done(&res2);
        }
        rp_result_done(&res);
        free(b);
        free(rc);
        gsl_matrix_free(s);
    }
    gsl_rng_free(r);
}

/* Groups: majors (assets 0, 1) get 60 % of the risk, alts (2, 3, 4) 40 %,
 * ERC inside each group; and given inner budgets in a second run. */
static void test_groups(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    gsl_matrix *s = cov_random(5, r);
    const size_t group_of[5] = { 0, 0, 1, 1, 1 };
    const double gb[2] = { 0.6, 0.4 }, inner[5] = { 2, 1, 1, 1, 2 };
    double b[5], rc[5];
    struct rp_result res;
    struct allot_err err;
    for (int pass = 0; pass < 2; pass++) {
        assert_int_equal(rp_group_budgets(5, group_of, 2, gb, pass ? inner : NULL, b, &err), 0);
        assert_int_equal(rp_solve(s, b, NULL, &res, &err), 0);
        rc_plain(s, res.weight, rc);
        /* group sums of 2 and 3 contributions, each within 1e-10 */
        assert_close(rc[0] + rc[1], 0.6, 2e-10, 0);
        assert_close(rc[2] + rc[3] + rc[4], 0.4, 3e-10, 0);
        if (pass == 0) {
            assert_close(rc[0], 0.3, 1e-10, 0);
            assert_close(rc[2], 0.4 / 3, 1e-10, 0);
        } else {
            assert_close(rc[0], 0.4, 1e-10, 0);   /* 2/3 of 60 % */
            assert_close(rc[4], 0.2, 1e-10, 0);   /* 2/4 of 40 % */
        }
        rp_result_done(&res);
    }
    const size_t bad_group[5] = { 0, 0, 2, 1, 1 };
    assert_int_equal(rp_group_budgets(5, bad_group, 2, gb, NULL, b, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "group 2"));
    const size_t empty[5] = { 0, 0, 0, 0, 0 };
    assert_int_equal(rp_group_budgets(5, empty, 2, gb, NULL, b, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "group 1 has no assets"));
    gsl_matrix_free(s);
    gsl_rng_free(r);
}

/* Vol target on a daily covariance (365 periods a year): the scaled
 * weights' annualised vol, recomputed here, equals the target; with a
 * gross cap that binds, the vol obtained is reported and is below target. */
static void test_vol_target(void **state)
{
    (void)state;
    const double vol_ann[3] = { 0.6, 0.8, 1.0 };
    const double ppy = 365.0;
    double vd[3];
    for (int i = 0; i < 3; i++)
        vd[i] = vol_ann[i] / sqrt(ppy);
    const double c[9] = { 1, 0.7, 0.5, 0.7, 1, 0.6, 0.5, 0.6, 1 };
    gsl_matrix *s = cov_from(3, vd, c);
    struct rp_result res;
    struct rp_vol_target vt;
    struct allot_err err;
    assert_int_equal(rp_solve(s, NULL, NULL, &res, &err), 0);
    double w[3];
    memcpy(w, res.weight, sizeof w);
    assert_int_equal(rp_vol_target(3, w, res.vol, ppy, 0.40, INFINITY, &vt, &err), 0);
    assert_int_equal(vt.capped, 0);
    double v = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            v += w[i] * w[j] * gsl_matrix_get(s, i, j);
    assert_close(sqrt(v * ppy), 0.40, 0, 1e-13); /* a scaling: rounding only */
    assert_close(vt.vol_ann_after, 0.40, 0, 1e-13);
    assert_true(vt.gross_after < 1.0); /* ERC vol is above 40 %, so it de-levers */

    memcpy(w, res.weight, sizeof w);
    assert_int_equal(rp_vol_target(3, w, res.vol, ppy, 2.0, 1.5, &vt, &err), 0);
    assert_int_equal(vt.capped, 1);
    assert_close(vt.gross_after, 1.5, 0, 1e-15);
    assert_close(w[0] + w[1] + w[2], 1.5, 0, 1e-15);
    assert_close(vt.vol_ann_after, 1.5 * res.vol * sqrt(ppy), 0, 1e-15);
    assert_true(vt.vol_ann_after < 2.0);

    assert_int_equal(rp_vol_target(3, w, res.vol, ppy, -0.1, 2, &vt, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "target vol"));
    rp_result_done(&res);
    gsl_matrix_free(s);
}

static void test_errors(void **state)
{
    (void)state;
    struct rp_result res;
    struct allot_err err;
    const char *names[3] = { "BTC", "ETH", "SOL" };
    struct rp_options opt = RP_OPTIONS_DEFAULT;
    opt.names = names;
    const double vol[3] = { 0.5, 0.6, 0.7 };
    /* BTC~ETH 0.9, ETH~SOL 0.9 force BTC~SOL >= 0.62; -0.9 is impossible */
    const double bad[9] = { 1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1 };
    gsl_matrix *s = cov_from(3, vol, bad);
    assert_int_equal(rp_solve(s, NULL, &opt, &res, &err), ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "not positive definite"));
    assert_non_null(strstr(err.msg, "SOL"));
    assert_null(res.weight);
    gsl_matrix_free(s);

    const double ok[9] = { 1, 0.3, 0.2, 0.3, 1, 0.1, 0.2, 0.1, 1 };
    s = cov_from(3, vol, ok);
    gsl_matrix_set(s, 1, 1, 0.0);
    assert_int_equal(rp_solve(s, NULL, &opt, &res, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "variance of ETH is 0"));
    gsl_matrix_set(s, 1, 1, -0.1);
    assert_int_equal(rp_solve(s, NULL, NULL, &res, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "variance of asset 1"));
    gsl_matrix_set(s, 1, 1, 0.36);
    gsl_matrix_set(s, 0, 2, 0.5);
    assert_int_equal(rp_solve(s, NULL, &opt, &res, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "not symmetric"));
    gsl_matrix_set(s, 0, 2, gsl_matrix_get(s, 2, 0));

    const double b0[3] = { 1, 0, 1 }, bneg[3] = { 1, 1, -2 }, bnan[3] = { NAN, 1, 1 };
    assert_int_equal(rp_solve(s, b0, &opt, &res, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "risk budget of ETH is 0"));
    assert_int_equal(rp_solve(s, bneg, NULL, &res, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "risk budget of asset 2 is -2"));
    assert_int_equal(rp_solve(s, bnan, &opt, &res, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "BTC"));
    assert_int_equal(rp_solve(s, NULL, &opt, &res, &err), 0);
    rp_result_done(&res);
    rp_result_done(NULL);
    gsl_matrix_free(s);
}

/* rp_cholesky against GSL's on an odd size (exercises the block tails),
 * and the first failing row on a matrix made singular at row 40. */
static void test_cholesky(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 3);
    gsl_matrix *s = cov_random(137, r), *a = gsl_matrix_alloc(137, 137);
    gsl_matrix *g = gsl_matrix_alloc(137, 137);
    gsl_matrix_memcpy(a, s);
    gsl_matrix_memcpy(g, s);
    size_t bad = 0;
    assert_int_equal(rp_cholesky(a, &bad), 0);
    assert_int_equal(gsl_linalg_cholesky_decomp1(g), GSL_SUCCESS);
    for (size_t i = 0; i < 137; i++)
        for (size_t j = 0; j <= i; j++) /* two backward-stable factorizations of a cond~1e2 matrix */
            assert_close(gsl_matrix_get(a, i, j), gsl_matrix_get(g, i, j), 1e-13, 1e-11);
    /* row 40 := row 3 + row 7 (and the column likewise): singular at 40 */
    gsl_matrix_memcpy(a, s);
    for (size_t j = 0; j < 137; j++)
        gsl_matrix_set(a, 40, j, gsl_matrix_get(s, 3, j) + gsl_matrix_get(s, 7, j));
    for (size_t i = 0; i < 137; i++)
        gsl_matrix_set(a, i, 40, gsl_matrix_get(a, 40, i));
    gsl_matrix_set(a, 40, 40,
                   gsl_matrix_get(s, 3, 3) + 2 * gsl_matrix_get(s, 3, 7) + gsl_matrix_get(s, 7, 7));
    /* exact singularity may leave a rounding-sized positive pivot; push it below */
    gsl_matrix_set(a, 40, 40, gsl_matrix_get(a, 40, 40) * (1 - 1e-9));
    assert_int_equal(rp_cholesky(a, &bad), -1);
    assert_int_equal(bad, 40);
    gsl_matrix_free(s);
    gsl_matrix_free(a);
    gsl_matrix_free(g);
    gsl_rng_free(r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mrt2010),
        cmocka_unit_test(test_bruder_roncalli2012),
        cmocka_unit_test(test_two_asset_closed_form),
        cmocka_unit_test(test_inverse_vol),
        cmocka_unit_test(test_random_identities),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_vol_target),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_cholesky),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
