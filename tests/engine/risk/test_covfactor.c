/* Tests for engine/risk/covfactor.c: the factor reproduces the matrix,
 * a matrix that is not positive definite is refused naming the leading
 * minor, the opt-in clip gives the hand-computed PSD neighbour, and the
 * solve inverts. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "engine/risk/covfactor.h"

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

/* (F F')_ij */
static double fft(const struct covfactor *cf, size_t i, size_t j)
{
    double s = 0.0;
    for (size_t p = 0; p < cf->n; p++) {
        s += cf->f[i * cf->n + p] * cf->f[j * cf->n + p];
    }
    return s;
}

static void test_cholesky_reproduces(void **state)
{
    /* daily covariance of three assets: vols 4 %, 3 %, 1 %, correlations
     * 0.8, 0.3, 0.1 */
    const double v[3] = { 0.04, 0.03, 0.01 };
    const double rho[3][3] = { { 1, 0.8, 0.3 }, { 0.8, 1, 0.1 }, { 0.3, 0.1, 1 } };
    double a[9];
    struct covfactor cf;
    struct allot_err err;
    (void)state;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            a[i * 3 + j] = rho[i][j] * v[i] * v[j];
        }
    }
    gsl_matrix *m = mat(3, a);
    assert_int_equal(covfactor_init(&cf, m, 3, "covariance", 0, &err), 0);
    assert_int_equal(cf.is_cholesky, 1);
    assert_int_equal(cf.n_clipped, 0);
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < 3; j++) {
            /* a few rounding errors on entries of size 1e-3 */
            assert_close(fft(&cf, i, j), a[i * 3 + j], 1e-18, 1e-13);
            if (j > i) {
                assert_close(cf.f[i * 3 + j], 0.0, 0.0, 0.0);
            }
        }
    }
    /* L_00 = sqrt(a_00) = 0.04 by hand */
    assert_close(cf.f[0], 0.04, 0.0, 1e-15);

    /* solve: Sigma x = b, checked by multiplying back */
    double b[3] = { 1e-3, -2e-3, 5e-4 }, x[3];
    covfactor_solve(&cf, b, x);
    for (size_t i = 0; i < 3; i++) {
        double s = 0.0;
        for (size_t j = 0; j < 3; j++) {
            s += a[i * 3 + j] * x[j];
        }
        /* condition number of this matrix is ~ 1e2: a relative error of
         * ~1e-13 on b is ample */
        assert_close(s, b[i], 1e-16, 1e-11);
    }
    /* apply: y = F z with z = e_1 is F's first column */
    double z[3] = { 1, 0, 0 }, y[3];
    covfactor_apply(&cf, z, y);
    for (size_t i = 0; i < 3; i++) {
        assert_close(y[i], cf.f[i * 3], 0.0, 0.0);
    }
    covfactor_done(&cf);
    covfactor_done(&cf);    /* twice is harmless */
    gsl_matrix_free(m);
}

static void test_not_pd(void **state)
{
    struct covfactor cf;
    struct allot_err err;
    (void)state;
    /* leading minors 1, 1 - 0.81 = 0.19 > 0, and det = 0.19 - 2 x 0.9 x 1.71
     * = -2.888 < 0: the failure is at minor 3 */
    const double a3[9] = { 1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1 };
    gsl_matrix *m = mat(3, a3);
    assert_int_equal(covfactor_init(&cf, m, 3, "covariance", 0, &err), ALLOT_E_NUMERIC);
    assert_string_equal(err.msg, "covariance is not positive definite (leading minor 3)");
    assert_null(cf.f);
    gsl_matrix_free(m);

    /* correlation 1 (singular, PSD): minor 2 */
    const double a2[4] = { 4e-4, 4e-4, 4e-4, 4e-4 };
    m = mat(2, a2);
    assert_int_equal(covfactor_init(&cf, m, 2, "covariance", 0, &err), ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "leading minor 2"));
    gsl_matrix_free(m);

    /* a zero variance: minor 1 */
    const double a0[4] = { 0, 0, 0, 1e-4 };
    m = mat(2, a0);
    assert_int_equal(covfactor_init(&cf, m, 2, "covariance", 0, &err), ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "leading minor 1"));
    gsl_matrix_free(m);
}

static void test_clip(void **state)
{
    struct covfactor cf;
    struct allot_err err;
    (void)state;
    /* [[1, 2], [2, 1]] has eigenvalues 3 and -1 with eigenvectors
     * (1, 1)/sqrt 2 and (1, -1)/sqrt 2; clipping -1 to 0 leaves
     * 3 (1, 1)(1, 1)' / 2 = [[1.5, 1.5], [1.5, 1.5]] */
    const double a[4] = { 1, 2, 2, 1 };
    gsl_matrix *m = mat(2, a);
    assert_int_equal(covfactor_init(&cf, m, 2, "covariance", 1, &err), 0);
    assert_int_equal(cf.is_cholesky, 0);
    assert_int_equal(cf.n_clipped, 1);
    for (size_t i = 0; i < 2; i++) {
        for (size_t j = 0; j < 2; j++) {
            /* the eigen solver's rounding on entries of size 1 */
            assert_close(fft(&cf, i, j), 1.5, 1e-14, 0.0);
        }
    }
    covfactor_done(&cf);
    gsl_matrix_free(m);
}

static void test_check(void **state)
{
    struct allot_err err;
    (void)state;
    const double asym[4] = { 1e-4, 2e-5, 3e-5, 1e-4 };
    gsl_matrix *m = mat(2, asym);
    assert_int_equal(covfactor_check(m, 2, "covariance", &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "not symmetric"));
    assert_int_equal(covfactor_check(m, 3, "covariance", &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "2 x 2"));
    gsl_matrix_free(m);

    const double neg[4] = { 1e-4, 0, 0, -1e-4 };
    m = mat(2, neg);
    assert_int_equal(covfactor_check(m, 2, "covariance", &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "(1, 1) is a negative variance"));
    gsl_matrix_free(m);

    const double nan[4] = { 1e-4, NAN, NAN, 1e-4 };
    m = mat(2, nan);
    assert_int_equal(covfactor_check(m, 2, "covariance", &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "(0, 1) is not finite"));
    gsl_matrix_free(m);

    /* asymmetry within rounding (1e-12 relative) is accepted */
    const double near[4] = { 1e-4, 2e-5, 2e-5 * (1 + 1e-12), 1e-4 };
    m = mat(2, near);
    assert_int_equal(covfactor_check(m, 2, "covariance", &err), 0);
    gsl_matrix_free(m);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cholesky_reproduces),
        cmocka_unit_test(test_not_pd),
        cmocka_unit_test(test_clip),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
