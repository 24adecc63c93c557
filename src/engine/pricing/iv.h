/* iv.h: implied volatility from an option price, under bsm.h (spot, r,
 * q) or black76.h (forward, r). Owns the no-arbitrage band check and a
 * safeguarded Newton solve in normalised form; reads no chain and no
 * store (the caller brings the price), prints nothing.
 *
 * Method. With a = S e^-qT (or F e^-rT) and b = K e^-rT, the price minus
 * its lower bound max(w (a - b), 0) is the price of the out-of-the-money
 * option of the same strike (put-call parity); divided by sqrt(a b) it
 * is the normalised call c(x, s) = e^{x/2} N(x/s + s/2) - e^{-x/2}
 * N(x/s - s/2) with x = -|ln(a/b)| <= 0 and s = vol sqrt(T). c rises
 * from 0 to e^{x/2} as s goes from 0 to infinity, convex below
 * s_c = sqrt(2|x|) and concave above. Newton's method runs on
 * 1/ln c - 1/ln beta below c(s_c) (near linear in s^2 there), on
 * c - beta in the middle, and on ln(e^{x/2} - c) - ln(e^{x/2} - beta)
 * near the upper bound, each from a closed-form first guess, inside a
 * bracket that falls back to bisection when a step leaves it.
 *
 * Accuracy. A double price V carries the vol only so far: its own
 * rounding, about E = (1 + d1^2)(1 + |d1|/s) + (a + b)/V ulp relative
 * (bsm.h; the second term is the near-the-money cancellation at small s
 * and the intrinsic value deep in the money), moves the vol by
 * P = E eps / (vol vega / V) relative. On a round trip vol0 -> price
 * (bsm.h or black76.h) -> vol, |vol - vol0| <= 1e-12 max(1, vol0)
 * wherever P vol0 / max(1, vol0) <= 2.5e-12; measured errors are below
 * 0.41 P (tests/engine/pricing/test_iv.c, moneyness 1e-3..1e3, T from a
 * minute to 30 years, vol 0.001 to 5). That covers every option whose
 * vega is not negligible; where P is larger (far in the money, where
 * the time value is a few ulp of the price; a minute before expiry and
 * far from the money; s so large that the price is within a few ulp of
 * its upper bound) no solver can do better, and the vol returned
 * reprices to the given price as closely as the price allows.
 *
 * Bounds. For a call the band is max(a - b, 0) <= price < a, for a put
 * max(b - a, 0) <= price < b. A price below the lower bound by more than
 * IV_BOUND_TOL_ULP ulp of (price + a + b) is IV_BELOW_LOWER_BOUND; one
 * within that tolerance of it (for an out-of-the-money option: a price
 * of exactly 0) is IV_AT_LOWER_BOUND, never a vol; one within
 * IV_BOUND_TOL_ULP ulp of the upper bound or above it is
 * IV_ABOVE_UPPER_BOUND (no finite vol). At T = 0 only the lower bound
 * itself is a valid price, and it is IV_AT_LOWER_BOUND. */
#ifndef ALLOT_ENGINE_PRICING_IV_H
#define ALLOT_ENGINE_PRICING_IV_H

#include "engine/pricing/black76.h"
#include "engine/pricing/bsm.h"
#include "util/err.h"

#define IV_BOUND_TOL_ULP 8.0
/* Newton iterations before giving up (a handful are normally needed). */
#define IV_MAX_ITER 100

enum iv_status {
    IV_OK = 0,              /* vol_ann holds the implied vol */
    IV_AT_LOWER_BOUND,      /* price = lower bound: no time value, vol 0 or undetermined */
    IV_BELOW_LOWER_BOUND,   /* no solution: price below the discounted intrinsic value */
    IV_ABOVE_UPPER_BOUND,   /* no solution: price at or above S e^-qT (call) or K e^-rT (put) */
    IV_BAD_INPUT,           /* an input is out of range (see bsm_check) or the price is NAN */
    IV_NO_CONVERGENCE,      /* the solver failed: a bug, please report it */
};

struct iv_result {
    enum iv_status status;
    double vol_ann;         /* the implied vol if IV_OK, else NAN */
    double lower_bound;     /* the band, in the price's currency, when the inputs were valid */
    double upper_bound;
    int iterations;         /* Newton or bisection steps taken */
};

/* The short name of a status ("ok", "at lower bound", ...). */
const char *iv_status_name(enum iv_status st);

/* Implied vol of a price under bsm.h. in->vol_ann is ignored; the other
 * fields must pass bsm_check. Returns 0 with res->status IV_OK and
 * res->vol_ann set; otherwise res->status says why, res->vol_ann is NAN
 * and the return value is ALLOT_E_INPUT (IV_AT_LOWER_BOUND, the no
 * solution statuses, IV_BAD_INPUT) or ALLOT_E_NUMERIC (IV_NO_CONVERGENCE),
 * with err's message naming the bound and its value ("price 0.5 is below
 * the lower bound 1.2 (the discounted intrinsic value
 * max(S e^-qT - K e^-rT, 0) of a call)"). */
int iv_bsm(const struct bsm_in *in, double price, struct iv_result *res,
           struct allot_err *err);

/* The same under black76.h (in->vol_ann ignored; bounds F e^-rT for a
 * call, K e^-rT for a put). */
int iv_black76(const struct black76_in *in, double price, struct iv_result *res,
               struct allot_err *err);

#endif
