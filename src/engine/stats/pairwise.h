/* pairwise.h: correlation for unequal histories: each pair of assets on
 * its own common dates (so a young coin does not cut every other pair's
 * history), then repaired to the nearest correlation matrix when the
 * result is not positive semi-definite. Pure math: no I/O. */
#ifndef ALLOT_ENGINE_STATS_PAIRWISE_H
#define ALLOT_ENGINE_STATS_PAIRWISE_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "engine/stats/nearcorr.h"
#include "engine/stats/returns.h"
#include "engine/stats/series.h"
#include "util/err.h"

#define PAIRWISE_MIN_RETURNS 3  /* fewest returns a pair may have (floor) */

struct pairwise_opts {
    struct returns_opts ret;    /* kind, date window, last N: applied to
                                 * each pair's own common dates */
    size_t min_returns;         /* per pair; 0 (default): PAIRWISE_MIN_RETURNS */
    int repair;                 /* 1 (default): repair when not PSD */
    struct nearcorr_opts near;  /* for the repair */
};

struct pairwise_info {
    int was_psd;                /* 1 when the raw matrix was PSD (up to
                                 * rounding, see nearcorr_is_psd) */
    int repaired;               /* 1 when it was not and was repaired: the
                                 * caller should warn, with max_abs_change */
    double min_eig_before;      /* smallest eigenvalue, raw matrix */
    double min_eig_after;       /* of the returned matrix */
    double max_abs_change;      /* max |returned - raw|; 0 if not repaired */
    size_t iterations;          /* of the repair */
    size_t min_pair_returns;    /* fewest returns any pair had ... */
    size_t min_pair_i, min_pair_j;  /* ... and which pair (i < j) */
};

void pairwise_opts_init(struct pairwise_opts *o);

/* Correlation of symbols[0..n-1] of set, each pair (i, j) the sample
 * correlation of the returns between the common dates of i and j alone.
 * corr (n x n) receives the repaired matrix when a repair happened, else
 * the raw one; raw (n x n or NULL) receives the raw pairwise matrix;
 * pair_t (n * n or NULL) receives each pair's number of returns, row-major
 * (the diagonal holds each asset's own return count). info may be NULL.
 * Returns 0, or ALLOT_E_NOTFOUND (unknown symbol), ALLOT_E_INPUT (a symbol
 * twice, a pair with fewer than min_returns returns or with a constant
 * series, naming the pair), ALLOT_E_NUMERIC (repair did not converge),
 * ALLOT_E_NOMEM. */
int pairwise_corr(const struct series_set *set, const char *const *symbols, size_t n,
                  const struct pairwise_opts *opts, gsl_matrix *corr, gsl_matrix *raw,
                  size_t *pair_t, struct pairwise_info *info, struct allot_err *err);

#endif
