/* hedge.h: hedge sizing from numbers the caller computed (greeks from
 * pricing/, covariances from stats/): delta-neutral trades in a linear
 * perp, spot or an inverse perp; the cross-asset minimum-variance hedge;
 * the two-instrument delta-vega hedge. Pure math: no I/O, no pricing.
 *
 * Inverse perp (coin-margined, quantity = USD notional N, long > 0): a
 * position opened at S0 has coin PnL N (1/S0 - 1/S); in USD at price S it
 * is PnL_usd(S) = S N (1/S0 - 1/S) = N (S/S0 - 1), so d PnL_usd / dS = N/S0
 * coins. (Valued at the entry price instead, N (1/S0 - 1/S) S0 =
 * N (1 - S0/S), whose derivative N S0 / S^2 is also N/S0 at S = S0.) A
 * delta change of D coins therefore takes N = D * S0 USD of notional. */
#ifndef ALLOT_ENGINE_OPTIMIZE_HEDGE_H
#define ALLOT_ENGINE_OPTIMIZE_HEDGE_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "engine/portfolio/instrument.h"
#include "util/err.h"

/* ---------------------------------------------------------------- delta */

/* One underlying's delta hedge. kind is INST_SPOT, INST_PERP, INST_FUTURE
 * (quantity in units of the underlying) or INST_INV_PERP, INST_INV_FUTURE
 * (quantity in USD notional); lot and min_qty are in that quantity's unit. */
struct hedge_delta_in {
    enum inst_kind kind;
    double delta_units;     /* the book's delta now, units of the underlying */
    double target_units;    /* wanted delta (0 for neutral) */
    double price_usd;       /* S0: the hedge instrument's price */
    double lot;             /* contract step (units, or USD for inverse); 0: none */
    double min_qty;         /* minimum order in the same unit; 0: none */
    double fee_rate;        /* fee as a fraction of |notional|, e.g. 0.0005 */
};

struct hedge_delta_out {
    double qty_raw;         /* exact trade, signed (buy > 0), units or USD */
    double qty;             /* rounded trade to place (0: no trade) */
    double notional_usd;    /* |qty| * S0 (linear) or |qty| (inverse) */
    double fee_usd;         /* notional_usd * fee_rate */
    double delta_change_units;  /* qty (linear) or qty / S0 (inverse) */
    double delta_after_units;   /* delta_units + delta_change_units */
    int below_min;          /* 1: the needed trade was under the minimum */
};

/* Rounding rule: qty_raw to the nearest lot multiple; if the result is
 * non-zero but below min_qty, trade min_qty (with qty_raw's sign) when
 * |qty_raw| >= min_qty / 2, else nothing (below_min = 1). The delta after
 * the trade is then within half a lot (or half the minimum) of target.
 * Returns 0, or ALLOT_E_INPUT naming the bad field. */
int hedge_delta(const struct hedge_delta_in *in, struct hedge_delta_out *out,
                struct allot_err *err);

/* ---------------------------------------------------------------- min variance */

struct hedge_mv_out {
    double ratio;               /* h = cov(a,b) / var(b) */
    double hedge_usd;           /* -h * exposure_a_usd: USD notional of B to hold */
    double var_before;          /* exposure_a^2 var(a), USD^2 per period */
    double var_after;           /* var of exposure_a r_a + hedge_usd r_b */
    double frac_left;           /* var_after / var_before = 1 - rho^2 */
    double rho;                 /* corr(a, b) */
};

/* Hedge a USD exposure in asset ia with asset ib, using the covariance of
 * returns cov (any estimator; per period). Returns 0, or ALLOT_E_INPUT (bad
 * index, zero exposure, variance <= 0) or ALLOT_E_NUMERIC (|rho| > 1: the
 * 2x2 block is not positive semi-definite). */
int hedge_min_variance(const gsl_matrix *cov, size_t ia, size_t ib, double exposure_a_usd,
                       struct hedge_mv_out *out, struct allot_err *err);

/* ---------------------------------------------------------------- delta-vega */

/* Refuse when |det| of the row-scaled 2x2 system, relative to the product
 * of its column norms (the sine of the angle between the instruments'
 * (delta, vega) directions), is below this. */
#define HEDGE_DV_MIN_SINE 1e-8
/* Refuse when the hedge's gross USD notional exceeds this multiple of the
 * book's gross notional. */
#define HEDGE_DV_MAX_GROSS_MULT 10.0

struct hedge_dv_inst {
    double delta_units;         /* per contract, units of the underlying */
    double vega_usd_per_volpt;  /* per contract (0 for a perp) */
    double notional_usd;        /* per contract, > 0 (size x spot) */
    double lot;                 /* contract step; 0: none */
};

struct hedge_dv_out {
    double qty_raw[2];          /* exact contracts solving the system */
    double qty[2];              /* rounded to lots (nearest) */
    double delta_after_units;   /* with the rounded quantities */
    double vega_after_usd_per_volpt;
    double sine;                /* conditioning measure (see above) */
    double gross_usd;           /* sum |qty_raw_k| notional_k */
};

/* Solve q1 d1 + q2 d2 = target_delta - delta, q1 v1 + q2 v2 = target_vega
 * - vega for the two instruments. book_gross_usd > 0 enables the size
 * check (<= 0 skips it). Returns 0, or ALLOT_E_NUMERIC with a message when
 * the system is singular or ill-conditioned (sine < HEDGE_DV_MIN_SINE,
 * e.g. two perps, or two options with proportional greeks) or the sizes
 * are absurd (gross > HEDGE_DV_MAX_GROSS_MULT x the book's), or
 * ALLOT_E_INPUT for non-finite input. */
int hedge_delta_vega(double delta_units, double vega_usd_per_volpt, double target_delta_units,
                     double target_vega_usd_per_volpt, const struct hedge_dv_inst *i1,
                     const struct hedge_dv_inst *i2, double book_gross_usd,
                     struct hedge_dv_out *out, struct allot_err *err);

/* The nearest-ATM rule for choosing the option leg: the index of the
 * strike closest to spot among n strikes (ties: the lower strike), or
 * n when n == 0. */
size_t hedge_nearest_atm(const double *strikes, size_t n, double spot);

#endif
