/* normal.h: the standard normal distribution as option pricing needs it:
 * density, distribution function accurate in relative terms far into the
 * lower tail, and its inverse. Pure math on doubles: no state, no I/O. */
#ifndef ALLOT_ENGINE_PRICING_NORMAL_H
#define ALLOT_ENGINE_PRICING_NORMAL_H

/* 1/sqrt(2*pi) and 1/sqrt(2), to double precision. */
#define NORMAL_INV_SQRT_2PI 0.39894228040143267794
#define NORMAL_SQRT1_2 0.70710678118654752440

/* The density exp(-x*x/2)/sqrt(2*pi). Returns 0 for |x| > ~38.6, where it
 * underflows, and for infinite x; NAN for NAN. */
double normal_pdf(double x);

/* The distribution function P(X <= x), computed as erfc(-x/sqrt 2)/2 so
 * that the lower tail keeps its relative accuracy: the relative error is
 * about (2 + x*x) ulp (the x*x part comes from rounding -x/sqrt 2), for
 * example 2.8854e-316 at x = -38 (in the subnormal range, where only the
 * leading digits survive) and 7.6199682e-24 at x = -10. The upper tail
 * 1 - P is not representable beyond x ~ 8.3: use normal_cdf(-x) for it.
 * Returns 0 or 1 for -inf or +inf, NAN for NAN. */
double normal_cdf(double x);

/* The inverse of normal_cdf: the x with P(X <= x) = p, for p in [0, 1].
 * Acklam's rational approximation (relative error < 1.2e-9) refined by
 * one Halley step on normal_cdf, which brings it to a few ulp for
 * p >= 1e-300 (below that, in subnormals, the approximation is returned
 * unrefined). p near 1 has lost its information to rounding; pass the
 * small complement q = 1 - p to -normal_quantile(q) instead.
 * Returns -inf for p = 0, +inf for p = 1, NAN outside [0, 1] or NAN. */
double normal_quantile(double p);

#endif
