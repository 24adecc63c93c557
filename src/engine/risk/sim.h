/* sim.h: the market simulator behind `allot feed-sim` and `--simulate`:
 * correlated geometric Brownian motion with optional jumps, stepped in
 * calendar days, from a daily covariance of log returns (estimated from
 * stored closes by sim_cov_from_series), with a stress switch that blends
 * correlations toward 1. Pure math on a seeded GSL RNG: no I/O, no clock;
 * pacing and timestamps are the caller's (io/feedsim.h).
 *
 * Model, for asset i over a step of dt days (x = ln S):
 *   x_i += (-sigma_i^2 / 2 - lambda k) dt + sqrt(dt) (F z)_i + J_i
 * with F F' = Sigma' the (stressed) daily covariance, sigma_i^2 its
 * diagonal, z standard normal; J_i the sum of N_i ~ Poisson(lambda dt)
 * jumps, each ln J ~ N(mu_J, sigma_J^2) (Merton 1976), lambda the jump
 * rate per day (per year / SIM_DAYS_PER_YEAR), each asset's jumps
 * independent; k = exp(mu_J + sigma_J^2 / 2) - 1 makes E[S(t+dt)] = S(t):
 * prices are martingales (no drift, zero rate).
 * Stress s in [0, 1]: Sigma'_ij = sigma_i sigma_j ((1 - s) C_ij + s) for
 * i != j, C the correlation of Sigma; the diagonal (the vols) is kept. */
#ifndef ALLOT_ENGINE_RISK_SIM_H
#define ALLOT_ENGINE_RISK_SIM_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "engine/stats/series.h"
#include "util/err.h"

/* Calendar days a year: jump rates are per year, steps in days. */
#define SIM_DAYS_PER_YEAR 365.0
/* Defaults of the jump size: ln J ~ N(-0.05, 0.10^2), a 5 % drop on
 * average with a 10 % spread. */
#define SIM_JUMP_MEAN_LOG (-0.05)
#define SIM_JUMP_SD_LOG 0.10
/* Returns used to estimate the covariance: the last year of them. */
#define SIM_COV_RETURNS 365

struct sim_params {
    size_t n;                       /* assets, >= 1 */
    const double *spot0;            /* n start prices, each > 0 and finite */
    const gsl_matrix *cov_daily;    /* n x n covariance of log returns per calendar day */
    double dt_days;                 /* step, > 0 and finite */
    double stress;                  /* s in [0, 1] */
    double jump_rate_per_year;      /* lambda per year, >= 0 (0: no jumps) */
    double jump_mean_log;           /* mu_J */
    double jump_sd_log;             /* sigma_J >= 0 */
    unsigned long seed;             /* the mt19937 seed */
};

struct sim;

/* Defaults: n 0, dt 1 day, no stress, no jumps (with the default jump
 * size should a rate be set), seed 1. */
void sim_params_init(struct sim_params *p);

/* A simulator at the start prices. The covariance is checked (finite,
 * symmetric, diagonal >= 0) and factored once: Cholesky, or the
 * eigenvalue-clipped factor when Sigma' is only semidefinite (stress 1,
 * a zero-vol asset). Returns 0 with *out set (sim_free), or
 * ALLOT_E_INPUT naming the bad parameter, or ALLOT_E_NUMERIC when the
 * factorisation fails. */
int sim_new(const struct sim_params *p, struct sim **out, struct allot_err *err);
void sim_free(struct sim *s);

/* Advance one step. The draws, in this order, come from the one RNG:
 * n standard normals, then for each asset in order (when lambda > 0) its
 * Poisson count and, if that is not 0, one normal for the jump sum. So
 * the same parameters and seed give the same path. prices (n, may be
 * NULL) receives the new prices. */
void sim_step(struct sim *s, double *prices);

size_t sim_n(const struct sim *s);
/* The current prices (n, owned by s, valid until the next call). */
const double *sim_prices(const struct sim *s);
/* Steps taken so far. */
unsigned long sim_steps(const struct sim *s);

/* Change the stress level of a running simulator (refactors Sigma').
 * Returns 0, or as sim_new; on failure the old level stays. */
int sim_set_stress(struct sim *s, double stress, struct allot_err *err);

/* Sigma' of the model above into out (n x n, caller's) from cov_daily and
 * s in [0, 1]. A zero-vol asset has zero covariances. Returns 0 or
 * ALLOT_E_INPUT. */
int sim_stress_cov(const gsl_matrix *cov, double stress, gsl_matrix *out, struct allot_err *err);

/* The inputs of a simulation from stored daily closes: the sample
 * covariance (divisor T - 1) of the last min(last_n, T) aligned log
 * returns of symbols (returns.h: common dates), annualised by the
 * selection's calendar (returns_ann_factor over days_per_year, 365 for
 * crypto, 252 for equities) and divided by SIM_DAYS_PER_YEAR, i.e. per
 * calendar day, into cov_daily (n x n, caller's); and each symbol's last
 * close into last_close (n). last_n 0 means SIM_COV_RETURNS. Returns 0, or
 * ALLOT_E_NOTFOUND / ALLOT_E_INPUT from the alignment (a symbol without
 * prices, fewer than two common dates) naming the symbol. */
int sim_cov_from_series(const struct series_set *set, const char *const *symbols, size_t n,
                        const double *days_per_year, size_t last_n, gsl_matrix *cov_daily,
                        double *last_close, struct allot_err *err);

#endif
