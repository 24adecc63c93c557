/* stress.h: the book's PnL on a grid of spot moves x relative vol moves
 * (all assets together, or one underlying at a time), and under named
 * scenarios (crypto crash or rally with the other assets moved by their
 * conditional expectation). Revalues only through a scenario_reval_fn;
 * prices nothing, reads nothing, prints nothing.
 *
 * Moves are decimals: a spot move of -0.30 is spot x 0.70; a vol move of
 * +0.50 is vol_mult = 1.5 (relative, vol' = vol x (1 + v)). */
#ifndef ALLOT_ENGINE_RISK_STRESS_H
#define ALLOT_ENGINE_RISK_STRESS_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "engine/portfolio/scenario.h"
#include "util/err.h"

#define STRESS_MAX_POINTS 1001      /* per axis */

/* An inclusive range of moves lo, lo + step, ..., up to hi. Point i is
 * computed as lo + i step (no accumulation); a point within 1e-9 step of 0
 * or of hi is set to exactly 0 or hi, so the no-move cell is exact. */
struct stress_range {
    double lo, hi, step;
};

/* Defaults: spot -50 % .. +50 % step 10 % (11 points), vol -25 % .. +100 %
 * step 25 % relative (6 points). */
#define STRESS_SPOT_DEFAULT { -0.50, 0.50, 0.10 }
#define STRESS_VOL_DEFAULT { -0.25, 1.00, 0.25 }

enum stress_mode {
    STRESS_TOGETHER = 0,    /* every asset's spot moves by the same spot move */
    STRESS_EACH,            /* one underlying at a time, the others unchanged */
};

/* Parse "LO:HI:STEP" into r. Each field is a decimal ("-0.5") or a
 * percentage with a '%' suffix ("-50%"); "-50%:50%:10%" equals
 * "-0.5:0.5:0.1". Requires step > 0, lo <= hi, lo > -1 (a multiplier
 * 1 + lo must stay positive) and at most STRESS_MAX_POINTS points.
 * Returns 0, or ALLOT_E_INPUT naming the field (err->col is set to the
 * 1-based column of the bad field). */
int stress_range_parse(const char *s, struct stress_range *r, struct allot_err *err);

/* The number of points of r and the points themselves into pts (which may
 * be NULL to count only). Returns 0 and sets *n, or ALLOT_E_INPUT when r
 * breaks a rule of stress_range_parse. what names the range in messages. */
int stress_range_points(const struct stress_range *r, const char *what, double *pts,
                        size_t *n, struct allot_err *err);

/* The grid's results, owned by the struct (free with stress_grid_free). */
struct stress_grid {
    enum stress_mode mode;
    size_t n_spot, n_vol;
    double *spot_move;      /* n_spot spot moves (decimal) */
    double *vol_move;       /* n_vol relative vol moves (vol_mult = 1 + v) */
    size_t n_under;         /* TOGETHER: 1; EACH: n_assets (asset u moved alone) */
    double *pnl_usd;        /* n_under x n_spot x n_vol; see stress_grid_at */
    double dt_years;
};

/* PnL of cell (u, i_spot, j_vol). */
static inline double stress_grid_at(const struct stress_grid *g, size_t u, size_t i, size_t j)
{
    return g->pnl_usd[(u * g->n_spot + i) * g->n_vol + j];
}

/* Revalue the book on every cell: spot_mult = 1 + spot_move (for every
 * asset in TOGETHER mode, for asset u only in EACH mode), vol_mult =
 * 1 + vol_move, vol_shift = 0, dt_years (>= 0; 0 = now). The vol move
 * applies to every option of the book in both modes (a scenario has one
 * vol multiplier). spot and vol may be NULL for the defaults. Costs
 * n_under x n_spot x n_vol revaluations. Returns 0 and fills *out (free it
 * with stress_grid_free), or ALLOT_E_INPUT, or what reval returned (err
 * prefixed with the cell); on failure *out holds nothing to free. */
int stress_grid_run(scenario_reval_fn reval, void *ctx, size_t n_assets,
                    const struct stress_range *spot, const struct stress_range *vol,
                    enum stress_mode mode, double dt_years, struct stress_grid *out,
                    struct allot_err *err);

/* Release g's arrays; g may be NULL. */
void stress_grid_free(struct stress_grid *g);

/* A named scenario. Every crypto asset's spot moves by crypto_move; every
 * other asset by its conditional expectation given the crypto moves (see
 * stress_scenario_moves); every option's vol becomes vol x vol_mult +
 * vol_shift. */
struct stress_scenario_def {
    const char *name;
    const char *summary;    /* one line for help and tables */
    double crypto_move;     /* simple return of every crypto asset: -0.40 */
    double vol_mult;        /* > 0 */
    double vol_shift;       /* annual decimal added after the multiplier */
};

/* The built-in scenarios (a static table; *count set to its length):
 *   crash      crypto -40 %, vols x 2
 *   crash-30   crypto -30 %, vols x 1.5
 *   crash-50   crypto -50 %, vols x 2
 *   crash-70   crypto -70 %, vols x 3
 *   rally      crypto +30 %, vols x 1.25
 *   rally-50   crypto +50 %, vols x 1.5
 *   vol-spike  no spot move, vols x 2
 *   vol-crush  no spot move, vols x 0.5
 * non-crypto assets as in stress_scenario_moves. */
const struct stress_scenario_def *stress_builtin(size_t *count);

/* The built-in scenario called name, or NULL. */
const struct stress_scenario_def *stress_builtin_find(const char *name);

/* The spot multipliers of def for a universe of n_assets where
 * is_crypto[i] != 0 flags the crypto assets (C of them, O others). Crypto:
 * spot_mult = 1 + crypto_move. Others: with r_c = ln(1 + crypto_move) the
 * crypto log return (the same for each crypto asset) and Sigma = cov (a
 * covariance of log returns, n_assets x n_assets, e.g. a stressed one; its
 * time scale cancels), each other asset gets the conditional mean of its
 * log return given the crypto ones, E[r_o | r_c] = Sigma_oc Sigma_cc^-1 r_c,
 * and spot_mult = exp(E[r_o | r_c]) (the conditional median price under
 * joint normality). cov NULL: the other assets stay unchanged. Returns 0
 * and fills spot_mult (n_assets), or ALLOT_E_INPUT (bad def, no asset
 * flagged crypto while crypto_move != 0, bad cov) or ALLOT_E_NUMERIC
 * (Sigma_cc not positive definite, naming the asset). */
int stress_scenario_moves(const struct stress_scenario_def *def, size_t n_assets,
                          const int *is_crypto, const gsl_matrix *cov, double *spot_mult,
                          struct allot_err *err);

/* Revalue the book under def (spot moves as stress_scenario_moves, vols
 * as def, dt_years >= 0). Returns 0 and sets *pnl_usd (and spot_mult when
 * not NULL, n_assets), or an error as stress_scenario_moves or reval. */
int stress_scenario_run(scenario_reval_fn reval, void *ctx, size_t n_assets,
                        const struct stress_scenario_def *def, const int *is_crypto,
                        const gsl_matrix *cov, double dt_years, double *spot_mult,
                        double *pnl_usd, struct allot_err *err);

#endif
