/* bookvar.h: VaR and CVaR of a book over a horizon of h days, by
 * historical simulation, delta-normal, and Monte-Carlo with normal or
 * Student-t shocks. Every revaluation goes through a scenario_reval_fn, so
 * options are revalued in full; this module prices nothing itself, reads
 * no files and estimates no covariance (it is given one, per day).
 *
 * Conventions: assets are the caller's universe 0..n_assets-1; returns are
 * daily log returns; a spot move is spot_mult = exp(log return); losses are
 * positive (see var.h for the quantile convention, k = ceil(n (1 - c))).
 * Option time decay over the horizon is dt_years = h / BOOKVAR_DAYS_PER_YEAR
 * (calendar time, see instrument.h) unless the caller turns it off. */
#ifndef ALLOT_ENGINE_RISK_BOOKVAR_H
#define ALLOT_ENGINE_RISK_BOOKVAR_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "engine/portfolio/scenario.h"
#include "engine/risk/var.h"
#include "util/err.h"

#define BOOKVAR_DAYS_PER_YEAR 365.0    /* calendar days per year of option time */
#define BOOKVAR_DEFAULT_CONF 0.99
#define BOOKVAR_DEFAULT_PATHS 100000
#define BOOKVAR_DEFAULT_SEED 1UL
#define BOOKVAR_DEFAULT_NU 5.0
#define BOOKVAR_DEFAULT_BUMP 1e-4      /* delta bump: spot x (1 +- 1e-4), a 0.01 % move */
#define BOOKVAR_PROGRESS_EVERY 4096    /* paths (or windows) between progress calls */

/* Progress and cancel: called with the number of paths (or historical
 * windows) revalued so far and the total, every BOOKVAR_PROGRESS_EVERY of
 * them and once at the end. A non-zero return stops the run, which then
 * returns ALLOT_E_CANCEL. */
typedef int (*bookvar_progress_fn)(void *user, size_t done, size_t total);

enum bookvar_dist {
    BOOKVAR_NORMAL = 0,     /* multivariate normal log returns */
    BOOKVAR_STUDENT_T,      /* multivariate Student-t log returns, covariance Sigma h */
};

/* Options shared by the methods; bookvar_opts_init sets the defaults. */
struct bookvar_opts {
    double conf;                /* confidence in (0, 1); default 0.99 */
    unsigned horizon_days;      /* h >= 1; default 1 */
    int time_decay;             /* 1 (default): options age dt_years = h / 365;
                                 * 0: dt_years = 0 (spot and vol moves only) */
    const double *mean_daily;   /* normal, Monte-Carlo: n_assets daily mean log
                                 * returns, scaled by h; NULL (default): zero mean */
    double bump_rel;            /* normal: relative spot bump of the central
                                 * difference; default 1e-4 */
    size_t n_paths;             /* Monte-Carlo paths >= 1; default 100000 */
    unsigned long seed;         /* Monte-Carlo seed of GSL's mt19937; default 1
                                 * (GSL maps seed 0 to its default 4357) */
    double nu;                  /* Student-t degrees of freedom > 2; default 5 */
    int allow_clip;             /* Monte-Carlo: 1 = a covariance that is not
                                 * positive definite is replaced by its
                                 * eigenvalue-clipped PSD neighbour; 0 (default)
                                 * = it is an error */
    bookvar_progress_fn progress;   /* NULL: none */
    void *progress_user;
};

struct bookvar_result {
    struct var_est est;         /* var, cvar (USD losses), mean, sd, conf, n, k */
    unsigned horizon_days;
    double dt_years;            /* option time decay applied to every scenario */
    unsigned long seed;         /* Monte-Carlo: the seed used; else 0 */
    size_t n_clipped;           /* Monte-Carlo with allow_clip: eigenvalues raised to 0 */
};

/* Fill o with the defaults above. */
void bookvar_opts_init(struct bookvar_opts *o);

/* The book's USD delta per asset, delta_usd[i] = dPnL / dspot_mult_i at
 * the current market (= S_i dV/dS_i), by a central difference of the
 * revaluation: (PnL(m_i = 1 + b) - PnL(m_i = 1 - b)) / (2 b), other assets,
 * vols and time unchanged, b = bump_rel (0 < b < 0.5; 0 means the default
 * 1e-4). Costs 2 n_assets revaluations. Returns 0 and fills delta_usd
 * (n_assets), or ALLOT_E_INPUT, or what reval returned (err prefixed with
 * the asset). */
int bookvar_delta(scenario_reval_fn reval, void *ctx, size_t n_assets, double bump_rel,
                  double *delta_usd, struct allot_err *err);

/* Historical simulation. logret_daily is T x n_assets: row t holds the
 * assets' daily log returns on day t (oldest first, dates aligned by the
 * caller). With h = o->horizon_days, window w = 0..T-h revalues the book
 * under spot_mult_i = exp(sum of logret[w..w+h-1][i]) (overlapping
 * h-day windows, no rescaling), vols unchanged and dt_years as in the
 * header; the T-h+1 PnLs form the sample of var.h. Returns 0 and fills
 * *res (and pnl_usd[0..T-h], in window order, when pnl_usd is not NULL),
 * or ALLOT_E_INPUT (T < h, a size mismatch, a non-finite return: the
 * message names its row and column), ALLOT_E_CANCEL, or what reval
 * returned. */
int bookvar_historical(scenario_reval_fn reval, void *ctx, size_t n_assets,
                       const gsl_matrix *logret_daily, const struct bookvar_opts *o,
                       struct bookvar_result *res, double *pnl_usd, struct allot_err *err);

/* Delta-normal: d = bookvar_delta(bump_rel), PnL ~ N(mean, sd^2) with
 * mean = d' mu h (0 without mean_daily) and sd = sqrt(d' Sigma d h),
 * Sigma = cov_daily (n_assets x n_assets, daily log returns); VaR and CVaR
 * as var_normal. Linear in the deltas: an option book's gamma and vega are
 * ignored (use historical or Monte-Carlo for those); time decay is not
 * applied. Sigma need not be positive definite, but d' Sigma d < 0 is
 * ALLOT_E_NUMERIC. Returns 0 and fills *res (and delta_usd when not NULL),
 * or ALLOT_E_INPUT, ALLOT_E_NUMERIC, or what reval returned. */
int bookvar_normal(scenario_reval_fn reval, void *ctx, size_t n_assets,
                   const gsl_matrix *cov_daily, const struct bookvar_opts *o,
                   struct bookvar_result *res, double *delta_usd, struct allot_err *err);

/* Monte-Carlo: o->n_paths draws of the h-day log return vector
 * x = mu h + sqrt(h) F z (normal), or
 * x = mu h + sqrt(h) sqrt((nu - 2) / W) F z (Student-t, one W ~ chi2(nu)
 * per path, so that Cov(x) = Sigma h exactly), with z standard normal
 * (GSL's ziggurat), F F' = cov_daily (Cholesky), each path revalued under
 * spot_mult = exp(x), vols unchanged, dt_years as in the header. Per path
 * the draws are z_0..z_{n-1}, then W (t only), from one gsl_rng_mt19937
 * seeded with o->seed: a fixed seed, book, covariance and GSL version give
 * the same result. Returns 0 and fills *res (and pnl_usd[0..n_paths-1]
 * when not NULL), or ALLOT_E_INPUT, ALLOT_E_NUMERIC "covariance is not
 * positive definite (leading minor k)" unless o->allow_clip,
 * ALLOT_E_CANCEL, or what reval returned. */
int bookvar_mc(scenario_reval_fn reval, void *ctx, size_t n_assets,
               const gsl_matrix *cov_daily, enum bookvar_dist dist,
               const struct bookvar_opts *o, struct bookvar_result *res, double *pnl_usd,
               struct allot_err *err);

#endif
