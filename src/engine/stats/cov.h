/* cov.h: covariance estimators over an aligned return matrix r (T rows
 * of dates by N columns of assets, per-period returns): sample (divisor
 * T-1) and EWMA (RiskMetrics), annualisation, covariance from correlations
 * and vols, and the smallest eigenvalue (PSD check). Pure math: no I/O,
 * never aligns dates (returns.h does). Shrinkage: shrink.h. */
#ifndef ALLOT_ENGINE_STATS_COV_H
#define ALLOT_ENGINE_STATS_COV_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "util/err.h"

/* Output matrices are allocated by the caller (N x N) and come back full
 * and symmetric; an output may not alias an input. Every function returns
 * 0, or a negative ALLOT_E_* with err naming the offending argument; on
 * failure the output's contents are unspecified. */

/* Sample covariance, column means removed, divisor T - 1:
 *   S_ij = sum_t (r_ti - m_i)(r_tj - m_j) / (T - 1).
 * Needs T >= 2. Errors: ALLOT_E_INPUT (sizes, T < 2, a non-finite return),
 * ALLOT_E_NOMEM, ALLOT_E_NUMERIC (a BLAS call failed). */
int cov_sample(const gsl_matrix *r, gsl_matrix *cov, struct allot_err *err);

/* Column means of r into mean (size N, stride 1). */
int cov_means(const gsl_matrix *r, gsl_vector *mean, struct allot_err *err);

/* Building blocks shared with shrink.c, in the N x T ("transposed")
 * layout whose cross-product BLAS runs fastest:
 * cov_center_t: xt (N x T, caller-allocated) = (r - column means)';
 * errors ALLOT_E_INPUT (sizes, a non-finite return).
 * cov_gram_t: c = alpha xt xt' + beta c (N x N, full symmetric; only c's
 * lower triangle is read when beta != 0); ALLOT_E_NUMERIC if BLAS fails. */
int cov_center_t(const gsl_matrix *r, gsl_matrix *xt, struct allot_err *err);
int cov_gram_t(const gsl_matrix *xt, double alpha, double beta, gsl_matrix *c,
               struct allot_err *err);

/* The centred cross-product in one pass over r, for cov_sample and
 * corr_sample: c's lower triangle and diagonal = alpha (r - m)'(r - m),
 * m the column means (c's upper triangle is left as it was). xt (N x T,
 * caller's scratch) receives r - s, s the mean of the first 64 rows: the
 * product is formed on these shifted values and corrected by T d d',
 * d = m - s (the shifted-data algorithm, as accurate as centring first).
 * Errors: ALLOT_E_INPUT (sizes, a non-finite return), ALLOT_E_NUMERIC. */
int cov_centered_gram(const gsl_matrix *r, double alpha, gsl_matrix *c, gsl_matrix *xt,
                      struct allot_err *err);

#define COV_EWMA_LAMBDA 0.94    /* RiskMetrics (1996) daily decay */
#define COV_EWMA_INIT_N 20      /* default seed length k of the recursive form */

enum cov_ewma_form {
    /* Normalised weights: S = sum_t w_t r_t r_t', w_t = c lambda^(T-t),
     * t = 1..T, c such that the weights sum to 1, i.e.
     * c = (1 - lambda) / (1 - lambda^T). The default. */
    COV_EWMA_WEIGHTS = 0,
    /* Recursion S_t = lambda S_{t-1} + (1 - lambda) r_t r_t', seeded with
     * S_k = the sample covariance (divisor k-1, means removed) of the first
     * k returns and run over t = k+1..T; the result is S_T. */
    COV_EWMA_RECURSIVE = 1
};

struct cov_ewma_opts {
    double lambda;              /* in (0, 1); COV_EWMA_LAMBDA by default */
    enum cov_ewma_form form;    /* COV_EWMA_WEIGHTS by default */
    size_t init_n;              /* recursive form's k, 2 <= k <= T;
                                 * 0 (default): min(T, COV_EWMA_INIT_N) */
};

void cov_ewma_opts_init(struct cov_ewma_opts *o);

/* EWMA covariance (RiskMetrics): zero mean (returns are not demeaned),
 * the latest row (t = T) weighted most. opts NULL means the defaults.
 * Needs T >= 1 (weights) or T >= 2 (recursive). Errors as cov_sample, plus
 * ALLOT_E_INPUT for lambda outside (0, 1) or init_n outside [2, T]. */
int cov_ewma(const gsl_matrix *r, const struct cov_ewma_opts *opts, gsl_matrix *cov,
             struct allot_err *err);

/* Annualise a covariance whose entries were all measured on the same
 * aligned return rows: multiply by periods_per_year (from
 * returns_ann_factor: 365 for all-crypto, 252 once an equity is in).
 * Errors: ALLOT_E_INPUT when periods_per_year is not a number > 0. */
int cov_annualise(gsl_matrix *cov, double periods_per_year, struct allot_err *err);

/* Annualise a covariance whose entry (i, j) was measured on the common
 * dates of assets i and j only (pairwise): multiply it by
 * min(days_per_year[i], days_per_year[j]), the return periods a year of
 * the pair's common calendar. Errors: ALLOT_E_INPUT (a calendar <= 0). */
int cov_annualise_pairwise(gsl_matrix *cov, const double *days_per_year,
                           struct allot_err *err);

/* cov_ij = corr_ij vol_i vol_j. vol (size N) >= 0 and finite, in the unit
 * wanted for cov (e.g. vol_ann). Errors: ALLOT_E_INPUT. */
int cov_from_corr(const gsl_matrix *corr, const gsl_vector *vol, gsl_matrix *cov,
                  struct allot_err *err);

/* Smallest eigenvalue of the symmetric matrix a (its lower triangle is
 * read; a is not modified). A covariance or correlation is positive
 * semi-definite when this is >= 0 up to rounding. Errors: ALLOT_E_INPUT
 * (not square, not finite), ALLOT_E_NOMEM, ALLOT_E_NUMERIC (the GSL eigen
 * solver failed). */
int cov_min_eigen(const gsl_matrix *a, double *lambda_min, struct allot_err *err);

#endif
