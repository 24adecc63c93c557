/* scenario.h: a market move under which a book is revalued; the seam
 * between pricing (which revalues) and risk and optimize (which choose
 * the moves: stress grids, payoff charts, historical and Monte-Carlo
 * VaR, tail-hedge scenarios). Pure data, no functions of its own. */
#ifndef ALLOT_ENGINE_PORTFOLIO_SCENARIO_H
#define ALLOT_ENGINE_PORTFOLIO_SCENARIO_H

#include <stddef.h>

#include "util/err.h"

/* Assets are indexed 0..n_assets-1 in a "universe" that the caller and the
 * revaluing book agree on (the book is built against that list of
 * underlying symbols). Vols move as vol' = vol * vol_mult + vol_shift
 * (floored just above 0), for every option of the book. */
struct scenario {
    size_t n_assets;
    const double *spot_mult;    /* spot' = spot * spot_mult[i]; NULL: unchanged */
    double vol_mult;            /* 1 = unchanged; 2 = vols doubled */
    double vol_shift;           /* annual decimal added after the multiplier
                                 * (0.10 = +10 vol points); 0 = unchanged */
    double dt_years;            /* calendar time passed, >= 0 (see instrument.h) */
};

#define SCENARIO_NONE { 0, NULL, 1.0, 0.0, 0.0 }

/* A revaluation function: set *pnl_usd to the book's PnL in USD under s,
 * relative to its value now (a loss is negative). Returns 0, or a negative
 * ALLOT_E_* with err filled. ctx is the book (or a test double). */
typedef int (*scenario_reval_fn)(void *ctx, const struct scenario *s, double *pnl_usd,
                                 struct allot_err *err);

#endif
