/* Tests for engine/stats/diversify.c: the effective number of bets in
 * closed form (diagonal covariance; two assets with unequal weights),
 * its bounds, a one-factor (single bet) case, the effective rank in
 * closed form, and the errors. */
#include <config.h>
#include "stats_test.h"

#include <string.h>

#include "engine/stats/diversify.h"

/* eigen-solver accuracy on small well-separated spectra, a few eps */
#define EIG_TOL 1e-13

static double entropy_exp(const double *p, size_t n)
{
    double h = 0;
    for (size_t k = 0; k < n; k++)
        if (p[k] > 0)
            h -= p[k] * log(p[k]);
    return exp(h);
}

/* Diagonal sigma = diag(4, 2, 1) with w = (0.2, 0.3, 0.5): the principal
 * portfolios are the assets, v = (0.16, 0.18, 0.25), total 0.59,
 * p = (16, 18, 25)/59 in descending eigenvalue order (4, 2, 1). */
static void test_diagonal(void **state)
{
    const double s[9] = { 4, 0, 0, 0, 2, 0, 0, 0, 1 };
    const double p_want[3] = { 16.0 / 59, 18.0 / 59, 25.0 / 59 };
    gsl_matrix *m = mat_from(3, 3, s);
    gsl_vector *w = gsl_vector_alloc(3), *p = gsl_vector_alloc(3);
    double enb;
    struct allot_err err;
    (void)state;

    gsl_vector_set(w, 0, 0.2);
    gsl_vector_set(w, 1, 0.3);
    gsl_vector_set(w, 2, 0.5);
    assert_int_equal(diversify_enb(m, w, &enb, p, &err), 0);
    for (size_t k = 0; k < 3; k++)
        assert_close(gsl_vector_get(p, k), p_want[k], EIG_TOL, 0);
    assert_close(enb, entropy_exp(p_want, 3), EIG_TOL, 0);
    gsl_matrix_free(m);
    gsl_vector_free(w);
    gsl_vector_free(p);
}

/* Two assets, correlation rho, unit variances, w = (0.7, 0.3): eigenvectors
 * (1, 1)/sqrt2 (lambda 1 + rho) and (1, -1)/sqrt2 (lambda 1 - rho), so
 * v1 = (1/2)(1 + rho), v2 = (0.4^2/2)(1 - rho) = 0.08 (1 - rho). With equal
 * weights v2 = 0 and the ENB is 1 for any rho: a known trait of the PCA
 * version (the basket is the first principal portfolio). */
static void test_two_assets(void **state)
{
    const double rho[3] = { -0.5, 0.3, 0.9 };
    gsl_matrix *m = gsl_matrix_alloc(2, 2);
    gsl_vector *w = gsl_vector_alloc(2);
    double enb, prev = INFINITY;
    struct allot_err err;
    (void)state;

    gsl_vector_set(w, 0, 0.7);
    gsl_vector_set(w, 1, 0.3);
    for (int i = 0; i < 3; i++) {
        double v1 = 0.5 * (1 + rho[i]), v2 = 0.08 * (1 - rho[i]);
        double p[2] = { v1 / (v1 + v2), v2 / (v1 + v2) };
        gsl_matrix_set(m, 0, 0, 1);
        gsl_matrix_set(m, 1, 1, 1);
        gsl_matrix_set(m, 0, 1, rho[i]);
        gsl_matrix_set(m, 1, 0, rho[i]);
        assert_int_equal(diversify_enb(m, w, &enb, NULL, &err), 0);
        assert_close(enb, entropy_exp(p, 2), EIG_TOL, 0);
        /* more correlation, fewer bets */
        assert_true(enb < prev);
        prev = enb;
        assert_int_equal(diversify_enb(m, NULL, &enb, NULL, &err), 0);
        assert_close(enb, 1, EIG_TOL, 0);
    }
    gsl_matrix_free(m);
    gsl_vector_free(w);
}

/* 1 <= ENB <= N on sample covariances; a rank-1 covariance is one bet. */
static void test_bounds(void **state)
{
    const size_t N = 6;
    gsl_matrix *r = random_returns(200, N, 0.7, 5), *c = gsl_matrix_alloc(N, N);
    gsl_vector *f = gsl_vector_alloc(N);
    double enb;
    struct allot_err err;
    (void)state;

    assert_int_equal(cov_sample(r, c, &err), 0);
    assert_int_equal(diversify_enb(c, NULL, &enb, NULL, &err), 0);
    assert_true(enb >= 1 && enb <= (double)N);
    for (size_t i = 0; i < N; i++)
        gsl_vector_set(f, i, 0.1 * (double)(i + 1));
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            gsl_matrix_set(c, i, j, gsl_vector_get(f, i) * gsl_vector_get(f, j));
    assert_int_equal(diversify_enb(c, NULL, &enb, NULL, &err), 0);
    /* the zero eigenvalues carry p_k ~ 1e-16 of rounding: exp of their
     * entropy terms is within 1e-12 of 1 */
    assert_close(enb, 1, 1e-12, 0);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
    gsl_vector_free(f);
}

/* Effective rank: diag(4, 2, 1, 1) has shares (1/2, 1/4, 1/8, 1/8),
 * entropy (1/2) ln 2 + (1/4) ln 4 + 2 (1/8) ln 8 = (7/4) ln 2, so the rank
 * is 2^(7/4); N x N identity gives N; the 2 x 2 correlation rho gives
 * shares (1 +- rho)/2. */
static void test_effective_rank(void **state)
{
    const double d[16] = { 4, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 };
    gsl_matrix *m = mat_from(4, 4, d), *c = gsl_matrix_alloc(2, 2);
    double er, q[2] = { 0.85, 0.15 };
    struct allot_err err;
    (void)state;

    assert_int_equal(diversify_effective_rank(m, &er, &err), 0);
    assert_close(er, pow(2, 1.75), EIG_TOL, 0);
    gsl_matrix_set_identity(m);
    assert_int_equal(diversify_effective_rank(m, &er, &err), 0);
    assert_close(er, 4, EIG_TOL, 0);
    gsl_matrix_set_identity(c);
    gsl_matrix_set(c, 0, 1, 0.7);
    gsl_matrix_set(c, 1, 0, 0.7);
    assert_int_equal(diversify_effective_rank(c, &er, &err), 0);
    assert_close(er, entropy_exp(q, 2), EIG_TOL, 0);
    gsl_matrix_set(c, 0, 1, 2);
    gsl_matrix_set(c, 1, 0, 2);
    assert_int_equal(diversify_effective_rank(c, &er, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "effective rank"));
    gsl_matrix_free(m);
    gsl_matrix_free(c);
}

static void test_errors(void **state)
{
    const double bad[4] = { 1, 2, 2, 1 };   /* eigenvalues 3, -1 */
    gsl_matrix *m = mat_from(2, 2, bad);
    gsl_vector *w = gsl_vector_alloc(3);
    double enb;
    struct allot_err err;
    (void)state;

    assert_int_equal(diversify_enb(m, NULL, &enb, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "not positive semi-definite"));
    assert_int_equal(diversify_enb(m, w, &enb, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "size 2"));
    gsl_matrix_set_zero(m);
    assert_int_equal(diversify_enb(m, NULL, &enb, NULL, &err), ALLOT_E_INPUT);
    gsl_matrix_free(m);
    gsl_vector_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diagonal),
        cmocka_unit_test(test_two_assets),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_effective_rank),
        cmocka_unit_test(test_errors),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
