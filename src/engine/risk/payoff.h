/* payoff.h: the book's PnL against the price of one underlying, as plain
 * arrays for the payoff chart (TUI) and table (CLI): one curve per date
 * (now, a chosen date, the first expiry). Revalues only through a
 * scenario_reval_fn; knows expiries only from the positions it is given.
 *
 * "At expiry" means at the book's first option expiry: the caller passes
 * dt_years = time to that expiry (payoff_expiries finds it); options
 * expiring then are worth their intrinsic value, later ones keep their
 * time value (priced by the callback at their remaining time), other
 * assets and every vol are unchanged. A date past the last expiry gives
 * every option at intrinsic (the terminal payoff, as if all expired at
 * the same underlying price). */
#ifndef ALLOT_ENGINE_RISK_PAYOFF_H
#define ALLOT_ENGINE_RISK_PAYOFF_H

#include <stddef.h>
#include <stdint.h>

#include "engine/portfolio/instrument.h"
#include "engine/portfolio/scenario.h"
#include "util/date.h"
#include "util/err.h"

#define PAYOFF_DEFAULT_LO 0.3       /* spot multiplier of the first point */
#define PAYOFF_DEFAULT_HI 2.0       /* spot multiplier of the last point */
#define PAYOFF_DEFAULT_POINTS 61
#define PAYOFF_MAX_POINTS 10001
#define PAYOFF_DAYS_PER_YEAR 365.0   /* calendar days per year of option time (instrument.h) */

/* Curves of the book's PnL against the spot of asset (0-based, of
 * n_assets). Point j of every curve has spot_mult[j] = lo + (hi - lo) j /
 * (n_points - 1) applied to that asset only (the caller multiplies by the
 * spot for prices); curve c is revalued with dt_years[c] (>= 0) of time
 * passed; vols unchanged. 0 < lo < hi, 2 <= n_points <= PAYOFF_MAX_POINTS,
 * n_curves >= 1. Writes spot_mult[0..n_points-1] and pnl_usd[c * n_points
 * + j]. Returns 0, or ALLOT_E_INPUT, or what reval returned (err prefixed
 * with the curve and point). */
int payoff_curves(scenario_reval_fn reval, void *ctx, size_t n_assets, size_t asset,
                  double lo, double hi, size_t n_points, const double *dt_years,
                  size_t n_curves, double *spot_mult, double *pnl_usd, struct allot_err *err);

/* The first and last expiry, in years from now_ms (Unix ms UTC), of the
 * options among pos[0..n-1] whose underlying is `underlying` (NULL: any)
 * and that have not expired (expiry_ms > now_ms). Returns 0 and sets
 * *first_years and *last_years, or ALLOT_E_NOTFOUND when there is no such
 * option (then both are set to 0). */
int payoff_expiries(const struct position *pos, size_t n, const char *underlying,
                    int64_t now_ms, double *first_years, double *last_years,
                    struct allot_err *err);

#endif
