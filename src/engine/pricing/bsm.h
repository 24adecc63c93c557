/* bsm.h: European options on a spot price, Black-Scholes-Merton with a
 * continuous rate r and a continuous carry (dividend) yield q: price and
 * seven greeks in raw units, one option or a batch. Pure math: never
 * reads a file or a clock, never prints; black76.h builds on it.
 *
 * Raw units (the book converts them to display units, instrument.h):
 *   delta  dV/dS, per 1 unit of the underlying
 *   gamma  d2V/dS2
 *   vega   dV/dvol, per 1.00 of vol (a vol point is vega / 100)
 *   theta  dV/dt per year of calendar time passing (= -dV/dT, so decay is
 *          negative), with S, r, q and vol held fixed
 *   rho    dV/dr per 1.00 of rate, with S and q held fixed
 *   vanna  d2V/dS dvol, per 1.00 of vol
 *   volga  d2V/dvol2, per 1.00 of vol squared
 *
 * With F = S exp((r-q)T), s = vol sqrt(T), d1 = ln(F/K)/s + s/2,
 * d2 = d1 - s, w = +1 for a call and -1 for a put, N the normal cdf and
 * n its density:
 *   V     = w (S e^-qT N(w d1) - K e^-rT N(w d2))
 *   delta = w e^-qT N(w d1)            gamma = e^-qT n(d1) / (S s)
 *   vega  = S e^-qT n(d1) sqrt(T)      vanna = -e^-qT n(d1) d2 / vol
 *   volga = vega d1 d2 / vol           rho   = w K T e^-rT N(w d2)
 *   theta = -S e^-qT n(d1) vol / (2 sqrt T) - w r K e^-rT N(w d2)
 *           + w q S e^-qT N(w d1)
 *
 * Degenerate cases (s = 0, that is T = 0 or vol = 0, or s below
 * BSM_S_MIN) use the limits of these formulas, never NAN:
 *  - the price is the discounted intrinsic value of the forward,
 *    e^-rT max(w (F - K), 0); at T = 0 that is max(w (S - K), 0);
 *  - N(w d1) = N(w d2) is 1 in the money, 0 out of it and exactly 0.5 at
 *    the money (F = K), so delta is w e^-qT, 0 or w e^-qT / 2 (at T = 0:
 *    1 or -1, 0, and +-0.5 at the money);
 *  - gamma, vanna and volga are 0 (their limits are 0 away from the money
 *    and a spike at it);
 *  - vega is 0, except exactly at the money with T > 0, where it is its
 *    limit S e^-qT sqrt(T) n(0) as vol -> 0+;
 *  - with T > 0, theta is the carry part -w r K e^-rT N + w q S e^-qT N
 *    and rho = w K T e^-rT N, which are the exact derivatives of the
 *    intrinsic value of the forward; at T = 0 theta and rho are 0 (the
 *    option has expired).
 *
 * Accuracy: far out of the money the price is a difference of two small
 * terms; its relative error grows like (1 + d1^2)(1 + |d1| / s) ulp
 * (see tests/engine/pricing/test_bsm.c, checked against quadruple
 * precision). Near the money with a tiny s its absolute error is a few
 * ulp of S. */
#ifndef ALLOT_ENGINE_PRICING_BSM_H
#define ALLOT_ENGINE_PRICING_BSM_H

#include <stddef.h>

#include "util/err.h"

/* Valid inputs: spot and strike in [BSM_MIN_PRICE, BSM_MAX_PRICE];
 * t_years in [0, BSM_MAX_T_YEARS]; vol_ann in [0, BSM_MAX_VOL]; rate
 * and carry in [-BSM_MAX_RATE, BSM_MAX_RATE] with |rate * t_years| and
 * |carry * t_years| at most BSM_MAX_RATE_TIME (so every discount factor
 * is a normal double and no greek overflows). */
#define BSM_MIN_PRICE 1e-100
#define BSM_MAX_PRICE 1e100
#define BSM_MAX_T_YEARS 1000.0
#define BSM_MAX_VOL 100.0
#define BSM_MAX_RATE 100.0
#define BSM_MAX_RATE_TIME 200.0
/* Below this total vol s = vol sqrt(T) the option is priced at its
 * degenerate limit (see above): 1e-100 keeps 1/s and gamma finite. */
#define BSM_S_MIN 1e-100

/* One option. Prices in any currency (USD in allot); the outputs are in
 * the same currency per 1 unit of the underlying. */
struct bsm_in {
    double spot;        /* S > 0 */
    double strike;      /* K > 0 */
    double t_years;     /* time to expiry T >= 0, calendar years */
    double vol_ann;     /* annual decimal vol >= 0 */
    double rate;        /* r, continuously compounded */
    double carry;       /* q, continuous carry or dividend yield */
    int is_call;        /* 1 call, 0 put */
};

/* Price and greeks in raw units (see above). */
struct opt_greeks {
    double price;
    double delta;
    double gamma;
    double vega;
    double theta;
    double rho;
    double vanna;
    double volga;
};

/* Check in against the valid ranges above. Returns 0, or ALLOT_E_INPUT
 * with a message naming the field ("strike -1 is not > 0"). */
int bsm_check(const struct bsm_in *in, struct allot_err *err);

/* Price and greeks of one option. Returns 0 and fills *out, or
 * ALLOT_E_INPUT (as bsm_check) and leaves every field of *out NAN. */
int bsm_greeks(const struct bsm_in *in, struct opt_greeks *out, struct allot_err *err);

/* Price only (the same formula and degenerate cases); NAN when in is not
 * valid. */
double bsm_price(const struct bsm_in *in);

/* The batch API: price and greeks of n options, an array of structures
 * in and an array out of the same length n (out[i] belongs to in[i]; the
 * arrays must not overlap). Every valid option is evaluated; an invalid
 * one gets NANs. Returns 0, or ALLOT_E_INPUT with the first invalid
 * option's index and field in the message ("option 17: strike ..."). */
int bsm_greeks_batch(const struct bsm_in *in, struct opt_greeks *out, size_t n,
                     struct allot_err *err);

/* The same formulas with the arguments spelt out and no validation: the
 * caller guarantees what bsm_check checks (black76.c and the book use
 * it after their own checks). */
void bsm_greeks_unchecked(double spot, double strike, double t_years, double vol_ann,
                          double rate, double carry, int is_call, struct opt_greeks *out);
double bsm_price_unchecked(double spot, double strike, double t_years, double vol_ann,
                           double rate, double carry, int is_call);

#endif
