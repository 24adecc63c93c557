/* black76.h: European options on a forward or futures price (Black 1976):
 * price and the seven greeks of bsm.h, one option or a batch. Pure math:
 * no I/O. Deribit marks its options with this model (forward = the
 * future or synthetic forward the option is priced on, r = 0).
 *
 * With DF = e^-rT, s = vol sqrt(T), d1 = ln(F/K)/s + s/2, d2 = d1 - s:
 *   V     = DF w (F N(w d1) - K N(w d2))
 *   delta = DF w N(w d1)              dV/dF, per 1 unit of the forward
 *   gamma = DF n(d1) / (F s)          d2V/dF2
 *   vega  = DF F n(d1) sqrt(T)        per 1.00 of vol
 *   theta = r V - DF F n(d1) vol / (2 sqrt T)   per year, F held fixed
 *   rho   = -T V                      per 1.00 of rate, F held fixed
 *   vanna = -DF n(d1) d2 / vol        d2V/dF dvol
 *   volga = vega d1 d2 / vol
 * This is bsm.h with S = F and q = r (except rho, which holds F, not the
 * carry, fixed), and the degenerate cases are those of bsm.h. */
#ifndef ALLOT_ENGINE_PRICING_BLACK76_H
#define ALLOT_ENGINE_PRICING_BLACK76_H

#include <stddef.h>

#include "engine/pricing/bsm.h"
#include "util/err.h"

/* One option on a forward; ranges as for bsm_in (forward as spot). */
struct black76_in {
    double forward;     /* F > 0 */
    double strike;      /* K > 0 */
    double t_years;     /* T >= 0, calendar years */
    double vol_ann;     /* annual decimal vol >= 0 */
    double rate;        /* r, discounting the payoff */
    int is_call;        /* 1 call, 0 put */
};

/* Check in against the ranges of bsm.h. Returns 0, or ALLOT_E_INPUT with
 * a message naming the field. */
int black76_check(const struct black76_in *in, struct allot_err *err);

/* Price and greeks of one option. Returns 0 and fills *out, or
 * ALLOT_E_INPUT and leaves every field of *out NAN. */
int black76_greeks(const struct black76_in *in, struct opt_greeks *out, struct allot_err *err);

/* Price only; NAN when in is not valid. */
double black76_price(const struct black76_in *in);

/* Batch: out[i] for in[i], i < n, arrays not overlapping. Invalid options
 * get NANs; returns 0, or ALLOT_E_INPUT naming the first invalid one. */
int black76_greeks_batch(const struct black76_in *in, struct opt_greeks *out, size_t n,
                         struct allot_err *err);

#endif
