/* Tests for engine/stats/cov.c: the sample covariance of a 4 x 3 case
 * worked by hand, EWMA in both forms against the RiskMetrics one-step
 * update and a direct weighted sum (long double), symmetry and PSD,
 * annualisation rules, covariance from correlation, eigenvalues. */
#include <config.h>
#include "stats_test.h"

#include <string.h>

#include "engine/stats/corr.h"
#include "engine/stats/cov.h"

/* Values below are small exact fractions; 1e-15 covers the rounding of a
 * handful of additions (each ~1e-16 relative). */
#define HAND_TOL 1e-15
/* BLAS sums of T = 200..500 products against a long double loop: the
 * double result carries about T * eps relative error, ~1e-13 at most. */
#define SUM_RTOL 1e-12

/* Hand example, T = 4 returns of N = 3 assets:
 *   a: 1 2 3 4   mean 2.5, deviations -1.5 -0.5  0.5  1.5
 *   b: 2 1 4 3   mean 2.5, deviations -0.5 -1.5  1.5  0.5
 *   c: 1 0 1 0   mean 0.5, deviations  0.5 -0.5  0.5 -0.5
 * divisor T - 1 = 3:
 *   var a = (2.25+0.25+0.25+2.25)/3 = 5/3    var b = 5/3    var c = 1/3
 *   cov ab = (0.75+0.75+0.75+0.75)/3 = 1
 *   cov ac = (-0.75+0.25+0.25-0.75)/3 = -1/3
 *   cov bc = (-0.25+0.75+0.75-0.25)/3 = 1/3
 * correlation: ab = 1/(5/3) = 0.6, ac = (-1/3)/sqrt(5/9) = -1/sqrt(5),
 * bc = 1/sqrt(5). */
static const double hand_r[12] = { 1, 2, 1, 2, 1, 0, 3, 4, 1, 4, 3, 0 };

static void test_sample_by_hand(void **state)
{
    gsl_matrix *r = mat_from(4, 3, hand_r), *c = gsl_matrix_alloc(3, 3);
    gsl_matrix *k = gsl_matrix_alloc(3, 3);
    const double want[9] = { 5.0 / 3, 1, -1.0 / 3, 1, 5.0 / 3, 1.0 / 3, -1.0 / 3, 1.0 / 3,
                             1.0 / 3 };
    struct allot_err err;
    (void)state;

    assert_int_equal(cov_sample(r, c, &err), 0);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            assert_close(gsl_matrix_get(c, i, j), want[i * 3 + j], HAND_TOL, HAND_TOL);
    assert_symmetric(c);
    assert_int_equal(corr_from_cov(c, k, &err), 0);
    assert_close(gsl_matrix_get(k, 0, 1), 0.6, HAND_TOL, 0);
    assert_close(gsl_matrix_get(k, 0, 2), -1 / sqrt(5), HAND_TOL, 0);
    assert_close(gsl_matrix_get(k, 1, 2), 1 / sqrt(5), HAND_TOL, 0);
    assert_corr_shape(k);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
    gsl_matrix_free(k);
}

/* Long double weighted second moment: sum_t w_t r_t r_t'. */
static long double wsum(const gsl_matrix *r, const long double *w, size_t i, size_t j)
{
    long double s = 0;
    for (size_t t = 0; t < r->size1; t++)
        s += w[t] * (long double)gsl_matrix_get(r, t, i) * (long double)gsl_matrix_get(r, t, j);
    return s;
}

static void test_ewma_weights_direct(void **state)
{
    const size_t T = 300, N = 5;
    const long double lambda = 0.94L;
    gsl_matrix *r = random_returns(T, N, 0.8, 11), *c = gsl_matrix_alloc(N, N);
    long double w[300], sum = 0;
    struct allot_err err;
    (void)state;

    /* w_t proportional to lambda^(T-t), t = 1..T (row T-1 is t = T) */
    for (size_t t = 0; t < T; t++) {
        w[t] = powl(lambda, (long double)(T - 1 - t));
        sum += w[t];
    }
    for (size_t t = 0; t < T; t++)
        w[t] /= sum;
    assert_int_equal(cov_ewma(r, NULL, c, &err), 0);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            assert_close(gsl_matrix_get(c, i, j), (double)wsum(r, w, i, j), 0, SUM_RTOL);
    assert_symmetric(c);
    assert_psd(c, 0);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

/* Weights summing to 1: a constant return vector x gives exactly x x'
 * (up to the rounding of T weights, ~T eps). */
static void test_ewma_weights_sum_to_one(void **state)
{
    const size_t T = 500;
    gsl_matrix *r = gsl_matrix_alloc(T, 2), *c = gsl_matrix_alloc(2, 2);
    struct allot_err err;
    (void)state;

    for (size_t t = 0; t < T; t++) {
        gsl_matrix_set(r, t, 0, 0.02);
        gsl_matrix_set(r, t, 1, -0.03);
    }
    assert_int_equal(cov_ewma(r, NULL, c, &err), 0);
    assert_close(gsl_matrix_get(c, 0, 0), 0.0004, 0, SUM_RTOL);
    assert_close(gsl_matrix_get(c, 0, 1), -0.0006, 0, SUM_RTOL);
    assert_close(gsl_matrix_get(c, 1, 1), 0.0009, 0, SUM_RTOL);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

/* RiskMetrics: sigma^2_t = lambda sigma^2_{t-1} + (1 - lambda) r_t^2. The
 * recursive form over the first t rows must satisfy it for every t > k,
 * with sigma^2_k the sample variance of the first k returns. */
static void test_ewma_recursive_one_step(void **state)
{
    const size_t T = 60, K = 20;
    const double lambda = 0.94;
    gsl_matrix *r = random_returns(T, 1, 0.0, 5);
    gsl_matrix *c = gsl_matrix_alloc(1, 1);
    struct cov_ewma_opts o;
    struct allot_err err;
    double prev, m = 0, s2 = 0;
    (void)state;

    cov_ewma_opts_init(&o);
    o.form = COV_EWMA_RECURSIVE;
    o.init_n = K;
    assert_true(o.lambda == lambda);
    /* the seed: sample variance (divisor K-1) of the first K returns */
    for (size_t t = 0; t < K; t++)
        m += gsl_matrix_get(r, t, 0) / K;
    for (size_t t = 0; t < K; t++)
        s2 += pow(gsl_matrix_get(r, t, 0) - m, 2) / (K - 1);
    {
        gsl_matrix_const_view v = gsl_matrix_const_submatrix(r, 0, 0, K, 1);
        assert_int_equal(cov_ewma(&v.matrix, &o, c, &err), 0);
        assert_close(gsl_matrix_get(c, 0, 0), s2, 0, SUM_RTOL);
        prev = gsl_matrix_get(c, 0, 0);
    }
    for (size_t t = K + 1; t <= T; t++) {
        gsl_matrix_const_view v = gsl_matrix_const_submatrix(r, 0, 0, t, 1);
        double x = gsl_matrix_get(r, t - 1, 0);
        assert_int_equal(cov_ewma(&v.matrix, &o, c, &err), 0);
        /* one step: a few roundings of numbers ~1e-4 */
        assert_close(gsl_matrix_get(c, 0, 0), lambda * prev + (1 - lambda) * x * x, 0,
                     SUM_RTOL);
        prev = gsl_matrix_get(c, 0, 0);
    }
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

/* The matrix recursion run step by step in the test (long double). */
static void test_ewma_recursive_matrix(void **state)
{
    const size_t T = 200, N = 4, K = 30;
    const long double lambda = 0.97L;
    gsl_matrix *r = random_returns(T, N, 1.0, 3), *c = gsl_matrix_alloc(N, N);
    gsl_matrix *seed = gsl_matrix_alloc(N, N);
    long double s[4][4];
    struct cov_ewma_opts o;
    struct allot_err err;
    (void)state;

    gsl_matrix_const_view v = gsl_matrix_const_submatrix(r, 0, 0, K, N);
    assert_int_equal(cov_sample(&v.matrix, seed, &err), 0);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            s[i][j] = gsl_matrix_get(seed, i, j);
    for (size_t t = K; t < T; t++)
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < N; j++)
                s[i][j] = lambda * s[i][j] + (1 - lambda) * (long double)gsl_matrix_get(r, t, i) *
                                                 (long double)gsl_matrix_get(r, t, j);
    cov_ewma_opts_init(&o);
    o.lambda = (double)lambda;
    o.form = COV_EWMA_RECURSIVE;
    o.init_n = K;
    assert_int_equal(cov_ewma(r, &o, c, &err), 0);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            assert_close(gsl_matrix_get(c, i, j), (double)s[i][j], 1e-18, SUM_RTOL);
    assert_symmetric(c);
    assert_psd(c, 0);

    /* default seed length is min(T, COV_EWMA_INIT_N): same computation,
     * so bit-identical */
    {
        gsl_matrix *d = gsl_matrix_alloc(N, N);
        o.init_n = 0;
        assert_int_equal(cov_ewma(r, &o, d, &err), 0);
        o.init_n = COV_EWMA_INIT_N;
        assert_int_equal(cov_ewma(r, &o, c, &err), 0);
        assert_true(gsl_matrix_equal(c, d));
        gsl_matrix_free(d);
    }
    /* k = T: no step to run, the result is the seed itself */
    o.init_n = K;
    assert_int_equal(cov_ewma(&v.matrix, &o, c, &err), 0);
    assert_true(gsl_matrix_equal(c, seed));
    gsl_matrix_free(r);
    gsl_matrix_free(c);
    gsl_matrix_free(seed);
}

static void test_psd_and_symmetry(void **state)
{
    const size_t T = 250, N = 12;
    gsl_matrix *r = random_returns(T, N, 1.5, 99), *c = gsl_matrix_alloc(N, N);
    struct allot_err err;
    (void)state;

    /* T > N and full rank: the smallest eigenvalue (~1e-5) is far above
     * rounding, so no tolerance is needed */
    assert_int_equal(cov_sample(r, c, &err), 0);
    assert_symmetric(c);
    assert_psd(c, 0);
    assert_int_equal(cov_ewma(r, NULL, c, &err), 0);
    assert_symmetric(c);
    assert_psd(c, 0);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

/* A large common level (prices, not returns: mean ~5,000 times the spread)
 * against a long double two-pass reference: the shifted one-pass product
 * must not cancel. The inputs themselves carry 5e3 * eps ~ 1e-12 of
 * relative noise against the spread, so 1e-9 is the honest bound. */
static void test_large_offset(void **state)
{
    const size_t T = 300, N = 3;
    gsl_matrix *r = random_returns(T, N, 0.5, 42), *c = gsl_matrix_alloc(N, N);
    long double m[3] = { 0, 0, 0 };
    struct allot_err err;
    (void)state;

    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < N; j++)
            gsl_matrix_set(r, t, j, 100.0 + gsl_matrix_get(r, t, j) + 0.0001 * (double)t);
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < N; j++)
            m[j] += gsl_matrix_get(r, t, j);
    for (size_t j = 0; j < N; j++)
        m[j] /= T;
    assert_int_equal(cov_sample(r, c, &err), 0);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < N; j++) {
            long double s = 0;
            for (size_t t = 0; t < T; t++)
                s += (gsl_matrix_get(r, t, i) - m[i]) * (gsl_matrix_get(r, t, j) - m[j]);
            assert_close(gsl_matrix_get(c, i, j), (double)(s / (T - 1)), 0, 1e-9);
        }
    }
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

static void test_errors(void **state)
{
    gsl_matrix *r = mat_from(4, 3, hand_r), *c = gsl_matrix_alloc(3, 3);
    gsl_matrix *c2 = gsl_matrix_alloc(2, 2);
    struct cov_ewma_opts o;
    struct allot_err err;
    (void)state;

    gsl_matrix_const_view one = gsl_matrix_const_submatrix(r, 0, 0, 1, 3);
    assert_int_equal(cov_sample(&one.matrix, c, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "need at least 2"));
    assert_int_equal(cov_sample(r, c2, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "3 x 3"));
    cov_ewma_opts_init(&o);
    o.lambda = 1.0;
    assert_int_equal(cov_ewma(r, &o, c, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "lambda"));
    cov_ewma_opts_init(&o);
    o.form = COV_EWMA_RECURSIVE;
    o.init_n = 5;
    assert_int_equal(cov_ewma(r, &o, c, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "init_n"));
    gsl_matrix_set(r, 2, 1, NAN);
    assert_int_equal(cov_sample(r, c, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "(2, 1)"));
    gsl_matrix_free(r);
    gsl_matrix_free(c);
    gsl_matrix_free(c2);
}

static void test_annualise(void **state)
{
    const double v[4] = { 4e-4, 1e-4, 1e-4, 9e-4 };
    const double cal[2] = { RETURNS_DAYS_CRYPTO, RETURNS_DAYS_EQUITY };
    gsl_matrix *c = mat_from(2, 2, v);
    struct allot_err err;
    (void)state;

    /* pairwise: each entry by the calendar it was measured on:
     * crypto-crypto 365, equity-equity 252, the pair min(365, 252) = 252 */
    assert_int_equal(cov_annualise_pairwise(c, cal, &err), 0);
    assert_close(gsl_matrix_get(c, 0, 0), 4e-4 * 365, 0, 1e-15);
    assert_close(gsl_matrix_get(c, 0, 1), 1e-4 * 252, 0, 1e-15);
    assert_close(gsl_matrix_get(c, 1, 1), 9e-4 * 252, 0, 1e-15);
    /* aligned: one factor for every entry */
    gsl_matrix_free(c);
    c = mat_from(2, 2, v);
    assert_int_equal(cov_annualise(c, 252, &err), 0);
    assert_close(gsl_matrix_get(c, 0, 0), 4e-4 * 252, 0, 1e-15);
    assert_int_equal(cov_annualise(c, 0, &err), ALLOT_E_INPUT);
    gsl_matrix_free(c);
}

static void test_from_corr_and_eigen(void **state)
{
    /* [[2,1],[1,2]] has eigenvalues 1 and 3 */
    const double a[4] = { 2, 1, 1, 2 };
    /* [[1,2],[2,1]] has eigenvalues -1 and 3: not PSD */
    const double b[4] = { 1, 2, 2, 1 };
    const double k[4] = { 1, -0.5, -0.5, 1 };
    gsl_matrix *ma = mat_from(2, 2, a), *mb = mat_from(2, 2, b), *mk = mat_from(2, 2, k);
    gsl_matrix *c = gsl_matrix_alloc(2, 2), *back = gsl_matrix_alloc(2, 2);
    gsl_vector *vol = gsl_vector_alloc(2);
    double l;
    struct allot_err err;
    (void)state;

    /* eigen solver: QR iterations, converged to a few eps */
    assert_int_equal(cov_min_eigen(ma, &l, &err), 0);
    assert_close(l, 1, 1e-14, 0);
    assert_int_equal(cov_min_eigen(mb, &l, &err), 0);
    assert_close(l, -1, 1e-14, 0);

    gsl_vector_set(vol, 0, 0.8);
    gsl_vector_set(vol, 1, 0.2);
    assert_int_equal(cov_from_corr(mk, vol, c, &err), 0);
    assert_close(gsl_matrix_get(c, 0, 1), -0.5 * 0.8 * 0.2, 1e-17, 0);
    assert_close(gsl_matrix_get(c, 1, 1), 0.04, 1e-17, 0);
    assert_int_equal(corr_from_cov(c, back, &err), 0);
    assert_close(gsl_matrix_get(back, 0, 1), -0.5, 1e-15, 0);
    gsl_vector_set(vol, 1, -0.2);
    assert_int_equal(cov_from_corr(mk, vol, c, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "vol[1]"));
    gsl_matrix_free(ma);
    gsl_matrix_free(mb);
    gsl_matrix_free(mk);
    gsl_matrix_free(c);
    gsl_matrix_free(back);
    gsl_vector_free(vol);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_by_hand),
        cmocka_unit_test(test_ewma_weights_direct),
        cmocka_unit_test(test_ewma_weights_sum_to_one),
        cmocka_unit_test(test_ewma_recursive_one_step),
        cmocka_unit_test(test_ewma_recursive_matrix),
        cmocka_unit_test(test_psd_and_symmetry),
        cmocka_unit_test(test_large_offset),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_annualise),
        cmocka_unit_test(test_from_corr_and_eigen),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
