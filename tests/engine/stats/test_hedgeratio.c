/* Tests for engine/stats/hedge.c: a 4-return case worked by hand, the
 * closed form h = cov/var and var_reduction = R^2 on random data, and the
 * constant-hedge error. */
#include <config.h>
#include "stats_test.h"

#include <string.h>

#include "engine/stats/hedgeratio.h"

/* a few roundings of O(1) numbers */
#define HAND_TOL 1e-14

/* b = [1 -1 1 -1], e = [1 1 -1 -1] (mean 0, orthogonal to b), a = 2b + e
 * = [3 -1 1 -3]. Divisor 3 throughout:
 *   var b = 4/3, cov(a, b) = (3 + 1 + 1 + 3)/3 = 8/3  ->  h = 2
 *   var a = (9 + 1 + 1 + 9)/3 = 20/3, var(a - 2b) = var e = 4/3
 *   variance reduction = 1 - (4/3)/(20/3) = 0.8
 *   corr = (8/3) / sqrt(20/3 * 4/3) = 8/sqrt(80), R^2 = 64/80 = 0.8 */
static void test_by_hand(void **state)
{
    gsl_vector *a = gsl_vector_alloc(4), *b = gsl_vector_alloc(4);
    const double av[4] = { 3, -1, 1, -3 }, bv[4] = { 1, -1, 1, -1 };
    struct hedge_result h;
    struct allot_err err;
    (void)state;

    for (size_t k = 0; k < 4; k++) {
        gsl_vector_set(a, k, av[k]);
        gsl_vector_set(b, k, bv[k]);
    }
    assert_int_equal(hedge_ratio(a, b, &h, &err), 0);
    assert_int_equal(h.n, 4);
    assert_close(h.ratio, 2, HAND_TOL, 0);
    assert_close(h.var_reduction, 0.8, HAND_TOL, 0);
    assert_close(h.corr, 8 / sqrt(80), HAND_TOL, 0);
    assert_close(h.r2, 0.8, HAND_TOL, 0);
    assert_close(h.vol_a, sqrt(20.0 / 3), HAND_TOL, 0);
    assert_close(h.vol_b, sqrt(4.0 / 3), HAND_TOL, 0);
    assert_close(h.vol_hedged, sqrt(4.0 / 3), HAND_TOL, 0);
    gsl_vector_free(a);
    gsl_vector_free(b);
}

/* Closed form on random data: h = cov(a,b)/var(b) from a long double loop,
 * and the identity 1 - var(a - hb)/var(a) = corr^2. Sums of 500 terms:
 * relative agreement ~1e-13. */
static void test_closed_form(void **state)
{
    const size_t T = 500;
    gsl_matrix *r = random_returns(T, 2, 1.2, 77);
    gsl_vector_view a = gsl_matrix_column(r, 1), b = gsl_matrix_column(r, 0);
    long double ma = 0, mb = 0, sab = 0, sbb = 0;
    struct hedge_result h;
    struct allot_err err;
    (void)state;

    for (size_t t = 0; t < T; t++) {
        ma += gsl_vector_get(&a.vector, t);
        mb += gsl_vector_get(&b.vector, t);
    }
    ma /= T;
    mb /= T;
    for (size_t t = 0; t < T; t++) {
        long double x = gsl_vector_get(&a.vector, t) - ma, y = gsl_vector_get(&b.vector, t) - mb;
        sab += x * y;
        sbb += y * y;
    }
    assert_int_equal(hedge_ratio(&a.vector, &b.vector, &h, &err), 0);
    assert_close(h.ratio, (double)(sab / sbb), 0, 1e-12);
    assert_close(h.var_reduction, h.r2, 1e-12, 0);
    assert_true(h.ratio > 0 && h.var_reduction > 0 && h.var_reduction < 1);
    gsl_matrix_free(r);
}

static void test_errors(void **state)
{
    gsl_vector *a = gsl_vector_alloc(5), *b = gsl_vector_alloc(5), *c = gsl_vector_alloc(4);
    struct hedge_result h;
    struct allot_err err;
    (void)state;

    for (size_t k = 0; k < 5; k++) {
        gsl_vector_set(a, k, 0.01 * (double)k * (double)k);
        gsl_vector_set(b, k, 0.003);    /* constant, not 0: mean rounding */
    }
    assert_int_equal(hedge_ratio(a, b, &h, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "hedge asset's returns are constant"));
    assert_int_equal(hedge_ratio(b, a, &h, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "nothing to hedge"));
    assert_int_equal(hedge_ratio(a, c, &h, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "length"));
    {
        gsl_vector_view two = gsl_vector_subvector(a, 0, 2), tb = gsl_vector_subvector(b, 0, 2);
        assert_int_equal(hedge_ratio(&two.vector, &tb.vector, &h, &err), ALLOT_E_INPUT);
        assert_non_null(strstr(err.msg, "need at least 3"));
    }
    gsl_vector_free(a);
    gsl_vector_free(b);
    gsl_vector_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_hand),
        cmocka_unit_test(test_closed_form),
        cmocka_unit_test(test_errors),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
