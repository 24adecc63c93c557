#include <config.h>
#include "engine/pricing/normal.h"

#include <math.h>

/* sqrt(2*pi), for the Halley refinement of the quantile. */
#define SQRT_2PI 2.50662827463100050242
/* Acklam's split between the central and the tail approximations. */
#define QUANTILE_P_LOW 0.02425
/* Below this |x| the Halley step's exp(x*x/2) does not overflow. */
#define QUANTILE_REFINE_MAX_ABS_X 37.5

double normal_pdf(double x)
{
    return NORMAL_INV_SQRT_2PI * exp(-0.5 * x * x);
}

double normal_cdf(double x)
{
    return 0.5 * erfc(-x * NORMAL_SQRT1_2);
}

/* Acklam's rational approximation of the quantile (P. J. Acklam, "An
 * algorithm for computing the inverse normal cumulative distribution
 * function", 2003), for p in (0, 0.5]: central form above QUANTILE_P_LOW,
 * tail form in sqrt(-2 log p) below. */
static double quantile_acklam(double p)
{
    static const double a[6] = {
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
    };
    static const double b[5] = {
        -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01,
    };
    static const double c[6] = {
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
    };
    static const double d[4] = {
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00,
    };

    if (p < QUANTILE_P_LOW) {
        double q = sqrt(-2.0 * log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

double normal_quantile(double p)
{
    if (!(p >= 0.0 && p <= 1.0))
        return NAN;
    if (p == 0.0)
        return -INFINITY;
    if (p == 1.0)
        return INFINITY;
    if (p > 0.5) {
        /* 1 - p is exact here (Sterbenz), so the upper half mirrors the
         * lower one. */
        return -normal_quantile(1.0 - p);
    }
    double x = quantile_acklam(p);
    if (fabs(x) < QUANTILE_REFINE_MAX_ABS_X) {
        /* Halley's step on f(x) = cdf(x) - p: with u = f/f',
         * x' = x - u / (1 + x*u/2) since f''/f' = -x. */
        double e = normal_cdf(x) - p;
        double u = e * SQRT_2PI * exp(0.5 * x * x);
        x = x - u / (1.0 + 0.5 * x * u);
    }
    return x;
}
