/* Tests for engine/pricing/normal.c: the density and distribution
 * function against quadruple precision (libquadmath, 113-bit mantissa,
 * an independent evaluation), the deep lower tail in relative terms, and
 * the quantile against a quadruple-precision Newton solve. */
#include <config.h>
#include "cmocka_wrap.h"

#include <float.h>
#include <quadmath.h>

#include "engine/pricing/normal.h"

static __float128 cdf_q(__float128 x)
{
    return 0.5Q * erfcq(-x / sqrtq(2.0Q));
}

static __float128 pdf_q(__float128 x)
{
    return expq(-0.5Q * x * x) / sqrtq(2.0Q * M_PIq);
}

static void test_pdf(void **state)
{
    (void)state;
    /* closed forms: n(0) = 1/sqrt(2 pi), n(1) = e^-1/2 / sqrt(2 pi) */
    assert_close(normal_pdf(0.0), 0.3989422804014327, 0.0, 2 * DBL_EPSILON);
    assert_close(normal_pdf(1.0), 0.24197072451914337, 0.0, 2 * DBL_EPSILON);
    for (double x = -37.0; x <= 37.0; x += 0.37) {
        double want = (double)pdf_q(x);
        /* exp(-x^2/2): rounding x*x/2 costs x^2/2 ulp relative, plus 2 */
        assert_close(normal_pdf(x), want, 0.0, (4.0 + x * x) * DBL_EPSILON);
    }
    assert_true(normal_pdf(INFINITY) == 0.0);
    assert_true(isnan(normal_pdf(NAN)));
}

static void test_cdf(void **state)
{
    (void)state;
    assert_true(normal_cdf(0.0) == 0.5);
    for (double x = -38.0; x <= 8.0; x += 0.0625 * 1.37) {
        double want = (double)cdf_q(x);
        /* (2 + x^2) ulp as normal.h states, doubled for margin; plus the
         * spacing of subnormals (4.9e-324) times 2 below ~ -37.5 */
        assert_close(normal_cdf(x), want, 2 * 4.9406564584124654e-324,
                     (4.0 + 2.0 * x * x) * DBL_EPSILON);
        /* symmetry N(x) + N(-x) = 1, each term within an ulp of its
         * value, so the sum within 2 ulp of 1 */
        if (x > -8.0)
            assert_close(normal_cdf(x) + normal_cdf(-x), 1.0, 0.0, 4 * DBL_EPSILON);
    }
    /* the brief's example: N(-38) = 2.8854e-316, not 0 */
    double t = normal_cdf(-38.0);
    assert_true(t > 0.0);
    assert_close(t, 2.885428351e-316, 0.0, 1e-6);
    /* far into the lower tail the relative accuracy holds: -20 is
     * 2.7536241186062337e-89 (quadruple precision reference) */
    assert_close(normal_cdf(-20.0), (double)cdf_q(-20.0), 0.0, 900 * DBL_EPSILON);
    assert_true(normal_cdf(-INFINITY) == 0.0 && normal_cdf(INFINITY) == 1.0);
    assert_true(isnan(normal_cdf(NAN)));
}

/* Solve N(x) = p in quadruple precision by Newton from x0. */
static double quantile_ref(double p, double x0)
{
    __float128 x = x0;
    for (int i = 0; i < 6; i++)
        x -= (cdf_q(x) - (__float128)p) / pdf_q(x);
    return (double)x;
}

static void test_quantile(void **state)
{
    (void)state;
    assert_true(normal_quantile(0.5) == 0.0);
    assert_true(isinf(normal_quantile(0.0)) && normal_quantile(0.0) < 0);
    assert_true(isinf(normal_quantile(1.0)) && normal_quantile(1.0) > 0);
    assert_true(isnan(normal_quantile(-0.1)));
    assert_true(isnan(normal_quantile(1.5)));
    assert_true(isnan(normal_quantile(NAN)));
    /* a textbook value: the 97.5 % quantile 1.959963984540054 */
    assert_close(normal_quantile(0.975), 1.959963984540054, 0.0, 4 * DBL_EPSILON);

    int n = 0;
    for (double lp = -300.0; lp < -0.302; lp += 0.173) {
        double p = pow(10.0, lp);
        double x = normal_quantile(p);
        double want = quantile_ref(p, x);
        /* one Halley step on Acklam's 1.2e-9 estimate leaves an error of
         * order 1e-27: what remains is the rounding of the step (a few ulp
         * of x, and N's (2 + x^2) ulp divided by the slope x) */
        assert_close(x, want, 1e-300, 8 * DBL_EPSILON);
        /* and the mirror image above 0.5, while 1 - p still carries p
         * to within 1e-13 relative */
        if (p > 1e-3)
            assert_close(normal_quantile(1.0 - p), -x, 0.0, 1e-12);
        n++;
    }
    assert_true(n > 1000);
    /* the upper half, through the exact 1 - p */
    for (double p = 0.5; p < 0.9999; p += 0.0123) {
        double x = normal_quantile(p);
        assert_close(x, quantile_ref(p, x), 1e-15, 8 * DBL_EPSILON);
    }
    /* subnormal p: unrefined, still finite and ordered */
    double xs = normal_quantile(1e-320);
    assert_true(isfinite(xs) && xs < normal_quantile(1e-300));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_cdf),
        cmocka_unit_test(test_quantile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
