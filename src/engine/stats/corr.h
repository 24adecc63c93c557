/* corr.h: correlation estimators over an aligned return matrix r (T dates
 * x N assets): from a covariance, sample, rolling for a pair, stressed
 * (stress days picked by an index or the equal-weight basket) and the
 * calm/stress blend. Pure math: reads no files, prints nothing, never
 * aligns dates itself (returns.h does; pairwise.h for unequal histories). */
#ifndef ALLOT_ENGINE_STATS_CORR_H
#define ALLOT_ENGINE_STATS_CORR_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "engine/stats/returns.h"
#include "util/err.h"

/* Outputs are caller-allocated, N x N unless said otherwise, full and
 * symmetric with a diagonal of exactly 1 and entries clamped to [-1, 1];
 * an output may not alias an input (except in corr_from_cov). Functions
 * return 0 or a negative ALLOT_E_* with err naming the offending argument. */

/* corr_ij = cov_ij / sqrt(cov_ii cov_jj); corr may be cov itself (only
 * the diagonal and lower triangle of cov are read). Errors: ALLOT_E_INPUT
 * when a variance is not > 0 (names the index) or sizes differ. */
int corr_from_cov(const gsl_matrix *cov, gsl_matrix *corr, struct allot_err *err);

/* Sample (Pearson) correlation of r's columns: the centred cross-product
 * (as cov_sample; the divisor cancels) normalised as corr_from_cov. Needs
 * T >= 2 and no constant column (ALLOT_E_INPUT naming the asset); other
 * errors as cov_sample. */
int corr_sample(const gsl_matrix *r, gsl_matrix *corr, struct allot_err *err);

#define CORR_MIN_WINDOW 3   /* 2 returns always correlate at +-1 */

/* Rolling sample correlation of a and b (same length T) over windows of
 * `window` consecutive returns: out[k] uses rows k .. k+window-1, so with
 * an aligned struct returns its window ends on end_day[k + window - 1].
 * out has size T - window + 1. A window in which a or b is constant gives
 * NAN there (counted in *n_nan, which may be NULL). Errors: ALLOT_E_INPUT
 * for window < CORR_MIN_WINDOW or > T, sizes, non-finite returns. */
int corr_rolling(const gsl_vector *a, const gsl_vector *b, size_t window, gsl_vector *out,
                 size_t *n_nan, struct allot_err *err);

/* corr_rolling on columns a and b of an aligned struct returns, with the
 * end date of each window: out and end_day both have T - window + 1
 * entries, out[k] covering the returns that end on end_day[k] and the
 * window - 1 before it. Errors as corr_rolling, plus ALLOT_E_INPUT for a
 * column out of range. */
int corr_rolling_returns(const struct returns *r, size_t a, size_t b, size_t window,
                         gsl_vector *out, int32_t *end_day, size_t *n_nan,
                         struct allot_err *err);

/* ---- stressed correlation ---------------------------------------------- */

enum corr_stress_rule {
    /* a day is stressed when the index's simple return < threshold */
    CORR_STRESS_THRESHOLD = 0,
    /* the ceil(T * pct / 100) days with the lowest index return */
    CORR_STRESS_WORST_PCT = 1
};

#define CORR_STRESS_BASKET (-1L)     /* index_col: the equal-weight basket */
#define CORR_STRESS_MIN_DAYS 10      /* floor of the default minimum */
#define CORR_STRESS_THRESHOLD_DEF (-0.05)
#define CORR_STRESS_PCT_DEF 5.0
#define CORR_PCT_PPM 1000000         /* a percentage is read in millionths */

struct corr_stress_opts {
    enum corr_stress_rule rule;     /* CORR_STRESS_WORST_PCT by default */
    enum returns_kind kind;         /* what r holds; RETURNS_LOG by default */
    long index_col;                 /* column of the index asset, or
                                     * CORR_STRESS_BASKET (the default) */
    double threshold;               /* simple return, -0.05 = a 5 % fall */
    double worst_pct;               /* in (0, 100]; 5 by default */
    size_t min_days;                /* fewest stress (and calm) days
                                     * accepted; 0 (default): max(N + 1,
                                     * CORR_STRESS_MIN_DAYS) */
};

void corr_stress_opts_init(struct corr_stress_opts *o);

/* The number of worst days for a percentage: ceil(t * pct / 100), with pct
 * first rounded to the nearest millionth of a percent and the product done
 * in integers, so 7 % of 100 days is 7, not 8. Returns 0 and sets *count,
 * or ALLOT_E_INPUT when pct is not in (0, 100] (or rounds to 0). */
int corr_worst_count(size_t t, double pct, size_t *count, struct allot_err *err);

/* Index return of each row as a simple return (size T): the index column's
 * return, or for the basket the mean over columns of the simple returns
 * (an equal-weight basket rebalanced every period); log returns are
 * converted with expm1. Errors: ALLOT_E_INPUT (index_col out of range). */
int corr_stress_index(const gsl_matrix *r, const struct corr_stress_opts *opts,
                      gsl_vector *index, struct allot_err *err);

/* Mark the stress rows: is_stress[t] = 1 or 0 (size T). Worst-pct ties
 * are broken by date, earlier first. Sets *n_stress. Errors:
 * ALLOT_E_INPUT (options). Does not apply min_days. */
int corr_stress_days(const gsl_matrix *r, const struct corr_stress_opts *opts,
                     unsigned char *is_stress, size_t *n_stress, struct allot_err *err);

struct corr_stress_info {
    size_t n_days;          /* T */
    size_t n_stress;        /* stress days used */
    size_t n_calm;          /* non-stress days (used when calm was asked) */
    double index_cutoff;    /* the highest index simple return among the
                             * stress days (worst-pct), or the threshold */
};

/* Stressed correlation: the sample correlation of the stress rows only,
 * into stress; and when calm is not NULL, the sample correlation of the
 * other rows (the calm regime is the NON-stress days). info may be NULL.
 * Errors: ALLOT_E_INPUT when fewer than the minimum days are stressed (or
 * calm), or when an asset is constant over those days; others as above. */
int corr_stressed(const gsl_matrix *r, const struct corr_stress_opts *opts,
                  gsl_matrix *stress, gsl_matrix *calm, struct corr_stress_info *info,
                  struct allot_err *err);

/* out = (1 - w) calm + w stress, w in [0, 1]. A convex blend of two
 * correlation matrices is again one (PSD, unit diagonal). Errors:
 * ALLOT_E_INPUT (w, sizes). */
int corr_blend(const gsl_matrix *calm, const gsl_matrix *stress, double w, gsl_matrix *out,
               struct allot_err *err);

#endif
