/* hedgeratio.h: the minimum-variance hedge of one asset by another on aligned
 * returns: the ratio h = cov(a, b) / var(b), the correlation, R^2 and the
 * variance removed. Pure math: no I/O, no dates (returns.h aligns). */
#ifndef ALLOT_ENGINE_STATS_HEDGERATIO_H
#define ALLOT_ENGINE_STATS_HEDGERATIO_H

#include <stddef.h>

#include <gsl/gsl_vector.h>

#include "util/err.h"

#define HEDGE_MIN_RETURNS 3     /* 2 returns always fit exactly */

struct hedge_result {
    size_t n;               /* returns used */
    double ratio;           /* h = cov(a, b) / var(b): short h USD of b per
                             * 1 USD of a (exact for simple returns) */
    double corr;            /* Pearson correlation of a and b */
    double r2;              /* corr^2 */
    double var_reduction;   /* 1 - var(a - h b) / var(a), computed from the
                             * hedged series (equals r2 up to rounding) */
    double vol_a, vol_b;    /* per-period standard deviations (divisor n-1) */
    double vol_hedged;      /* of a - h b, per period */
};

/* Hedge a with b: a and b are the two assets' aligned returns (same
 * length). Returns 0 and fills *res, or ALLOT_E_INPUT when the lengths
 * differ, there are fewer than HEDGE_MIN_RETURNS returns, a return is not
 * finite, or a or b is constant ("the hedge b is constant": no hedge ratio
 * exists). */
int hedge_ratio(const gsl_vector *a, const gsl_vector *b, struct hedge_result *res,
                struct allot_err *err);

#endif
