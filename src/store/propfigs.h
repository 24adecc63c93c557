/* propfigs.h: the before/after figures of an optimizer's proposal: the
 * book valued as it is and as the trades would leave it, at the same
 * spots: delta per underlying and in USD, gamma, vega, theta, the losses
 * of the built-in crash scenarios, and historical 1-day 99 % VaR and
 * CVaR on the store's closes. Reads the store; writes nothing. */
#ifndef ALLOT_STORE_PROPFIGS_H
#define ALLOT_STORE_PROPFIGS_H

#include "engine/optimize/tradelist.h"
#include "store/bookload.h"

/* Append the figures to tl (the book before is lb; the book after is lb's
 * positions with tl's trades applied, valued at lb's spots). Figures, in
 * order: "SYM delta" per underlying (units, d value USD / d spot: a
 * coin option's plain delta), "delta" (USD: those times the spots),
 * "gamma" (USD/1%), "vega" (USD/volpt), "theta" (USD/day), "loss
 * crash-30", "loss crash-50", "loss crash-70" (USD, a gain negative),
 * "VaR 99% 1d hist" and "CVaR 99% 1d hist" (USD; NAN when the closes do
 * not allow it). Returns 0, or an error (e.g. the book after the trades
 * cannot be valued) with tl's figures unspecified. */
int propfigs_add(store_t *st, const struct loaded_book *lb, struct tradelist *tl,
                 struct allot_err *err);

#endif
