/* Tests for engine/stats/nearcorr.c: Higham's 3x3 example and NAG's 4x4
 * example against their published answers (and numpy to more digits),
 * the properties of the result (PSD, unit diagonal, symmetric), that a
 * valid correlation matrix is left alone, and the errors. */
#include <config.h>
#include "stats_test.h"

#include <string.h>

#include "engine/stats/corr.h"
#include "engine/stats/nearcorr.h"

/* Published answers have 4 decimals: half a unit in the last place. */
#define PUBLISHED_TOL 5e-5
/* numpy run of the same algorithm to a relative change of 1e-15; ours
 * stops at NEARCORR_TOL = 1e-12 and then rescales X to a unit diagonal,
 * both O(1e-12) moves; 1e-9 is a safe bound for the linear convergence. */
#define NUMPY_TOL 1e-9
/* The result is rebuilt as B B' and rescaled: its eigenvalues are >= 0
 * up to eigen-solver rounding, a few eps times its norm (<= N). */
#define PSD_TOL 1e-14

/* The numpy reference (alternating projections with Dykstra's correction,
 * W = I, iterated to a relative change < 1e-15):
 *   def nearcorr(A):
 *       Y = A.copy(); dS = np.zeros_like(A)
 *       while True:
 *           R = Y - dS; w, V = np.linalg.eigh(R)
 *           X = (V * np.maximum(w, 0)) @ V.T; dS = X - R
 *           Yn = X.copy(); np.fill_diagonal(Yn, 1)
 *           if np.linalg.norm(Yn - Y) / np.linalg.norm(Yn) < 1e-15: return Yn
 *           Y = Yn */

static void check_result(const gsl_matrix *x)
{
    assert_corr_shape(x);
    assert_psd(x, PSD_TOL);
}

/* Higham (2002), section 4: A = [1 1 0; 1 1 1; 0 1 1] (eigenvalues
 * 1 - sqrt 2 < 0, 1, 1 + sqrt 2) has nearest correlation matrix
 * [1 .7607 .1573; .7607 1 .7607; .1573 .7607 1]. */
static void test_higham_3x3(void **state)
{
    const double a[9] = { 1, 1, 0, 1, 1, 1, 0, 1, 1 };
    gsl_matrix *ma = mat_from(3, 3, a), *x = gsl_matrix_alloc(3, 3);
    struct nearcorr_info info;
    struct allot_err err;
    int psd;
    double l;
    (void)state;

    assert_int_equal(nearcorr_is_psd(ma, &psd, &l, &err), 0);
    assert_int_equal(psd, 0);
    assert_close(l, 1 - sqrt(2), 1e-14, 0);
    assert_int_equal(nearcorr_higham(ma, x, NULL, &info, &err), 0);
    check_result(x);
    assert_close(gsl_matrix_get(x, 0, 1), 0.7607, PUBLISHED_TOL, 0);
    assert_close(gsl_matrix_get(x, 0, 2), 0.1573, PUBLISHED_TOL, 0);
    assert_close(gsl_matrix_get(x, 1, 2), 0.7607, PUBLISHED_TOL, 0);
    assert_close(gsl_matrix_get(x, 0, 1), 0.7606898534, NUMPY_TOL, 0);
    assert_close(gsl_matrix_get(x, 0, 2), 0.1572981061, NUMPY_TOL, 0);
    /* how far it moved: the (1,3) entry went from 0 to 0.1573 */
    assert_close(info.max_abs_change, 0.2393101466, NUMPY_TOL, 0);
    assert_close(info.min_eig_before, 1 - sqrt(2), 1e-14, 0);
    assert_true(info.min_eig_after >= -PSD_TOL);
    assert_true(info.iterations > 1);
    assert_int_equal(nearcorr_is_psd(x, &psd, NULL, &err), 0);
    assert_int_equal(psd, 1);
    gsl_matrix_free(ma);
    gsl_matrix_free(x);
}

/* NAG Library example for g02aa (nearest correlation matrix, Frobenius
 * norm): G = tridiag(-1, 2, -1) of order 4 gives
 *   1.0000 -0.8084  0.1916  0.1068
 *  -0.8084  1.0000 -0.6562  0.1916
 *   0.1916 -0.6562  1.0000 -0.8084
 *   0.1068  0.1916 -0.8084  1.0000
 * (its diagonal of 2 is not 1: the input need not be a correlation). */
static void test_nag_4x4(void **state)
{
    const double g[16] = { 2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2 };
    const double pub[16] = { 1, -0.8084, 0.1916, 0.1068, -0.8084, 1, -0.6562, 0.1916,
                             0.1916, -0.6562, 1, -0.8084, 0.1068, 0.1916, -0.8084, 1 };
    const double np_[16] = { 1, -0.8084124981, 0.1915875019, 0.106775049,
                             -0.8084124981, 1, -0.6562326948, 0.1915875019,
                             0.1915875019, -0.6562326948, 1, -0.8084124981,
                             0.106775049, 0.1915875019, -0.8084124981, 1 };
    gsl_matrix *mg = mat_from(4, 4, g), *x = gsl_matrix_alloc(4, 4);
    struct allot_err err;
    (void)state;

    assert_int_equal(nearcorr_higham(mg, x, NULL, NULL, &err), 0);
    check_result(x);
    for (size_t i = 0; i < 4; i++) {
        for (size_t j = 0; j < 4; j++) {
            assert_close(gsl_matrix_get(x, i, j), pub[i * 4 + j], PUBLISHED_TOL, 0);
            /* numpy printed 10 decimals: 5e-11 plus our stopping error */
            assert_close(gsl_matrix_get(x, i, j), np_[i * 4 + j], NUMPY_TOL, 0);
        }
    }
    gsl_matrix_free(mg);
    gsl_matrix_free(x);
}

/* A valid correlation matrix is its own nearest one. */
static void test_valid_unchanged(void **state)
{
    const size_t N = 6;
    gsl_matrix *r = random_returns(100, N, 1.0, 17);
    gsl_matrix *c = gsl_matrix_alloc(N, N), *x = gsl_matrix_alloc(N, N);
    struct nearcorr_info info;
    struct allot_err err;
    int psd;
    (void)state;

    assert_int_equal(corr_sample(r, c, &err), 0);
    assert_int_equal(nearcorr_is_psd(c, &psd, NULL, &err), 0);
    assert_int_equal(psd, 1);
    assert_int_equal(nearcorr_higham(c, x, NULL, &info, &err), 0);
    /* one projection pass changes nothing but rounding */
    assert_true(info.max_abs_change < 1e-13);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
    gsl_matrix_free(x);
}

static void test_errors(void **state)
{
    const double asym[4] = { 1, 0.5, 0.4, 1 };
    const double a[9] = { 1, 1, 0, 1, 1, 1, 0, 1, 1 };
    gsl_matrix *m = mat_from(2, 2, asym), *x = gsl_matrix_alloc(2, 2);
    gsl_matrix *ma = mat_from(3, 3, a), *x3 = gsl_matrix_alloc(3, 3);
    struct nearcorr_opts o;
    struct allot_err err;
    (void)state;

    assert_int_equal(nearcorr_higham(m, x, NULL, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "not symmetric"));
    assert_int_equal(nearcorr_higham(ma, x, NULL, NULL, &err), ALLOT_E_INPUT);
    nearcorr_opts_init(&o);
    o.max_iter = 2;
    assert_int_equal(nearcorr_higham(ma, x3, &o, NULL, &err), ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "no convergence in 2 iterations"));
    gsl_matrix_free(m);
    gsl_matrix_free(x);
    gsl_matrix_free(ma);
    gsl_matrix_free(x3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_higham_3x3),
        cmocka_unit_test(test_nag_4x4),
        cmocka_unit_test(test_valid_unchanged),
        cmocka_unit_test(test_errors),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
