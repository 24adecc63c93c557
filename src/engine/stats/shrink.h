/* shrink.h: Ledoit-Wolf shrinkage of the sample covariance of an aligned
 * return matrix r (T dates x N assets) towards a scaled identity (Ledoit
 * & Wolf 2004, J. Multivariate Anal. 88) or towards constant correlation
 * (Ledoit & Wolf 2004, J. Portfolio Management 30(4), "Honey, I shrunk
 * the sample covariance matrix"), reporting the intensity. Pure math. */
#ifndef ALLOT_ENGINE_STATS_SHRINK_H
#define ALLOT_ENGINE_STATS_SHRINK_H

#include <gsl/gsl_matrix.h>

#include "util/err.h"

/* Both estimators follow the papers: the column means are removed and the
 * sample matrix S inside the estimator AND in the result has divisor T
 * (not T - 1), s_ij = sum_t x_ti x_tj / T with x = r - column means. So
 * with intensity 0 the result is (T-1)/T times cov_sample's. */

struct shrink_info {
    double intensity;   /* weight delta in [0, 1] on the target:
                         * result = delta F + (1 - delta) S */
    double target;      /* identity: mu = tr(S)/N, the mean variance;
                         * constant correlation: rbar, the mean correlation */
};

/* Ledoit-Wolf (2004 JMVA) towards F = mu I, mu = tr(S)/N. With the
 * paper's norm ||A||^2 = tr(A A')/N:
 *   d^2 = ||S - mu I||^2,
 *   bbar^2 = (1/T^2) sum_t ||x_t x_t' - S||^2   (x_t the t-th demeaned row),
 *   b^2 = min(bbar^2, d^2),  delta = b^2 / d^2.
 * When d^2 = 0 (S already is mu I) delta is reported as 0. Needs T >= 2.
 * cov is N x N, caller-allocated; info may be NULL. Returns 0, or
 * ALLOT_E_INPUT (sizes, T < 2, a non-finite return), ALLOT_E_NOMEM,
 * ALLOT_E_NUMERIC (BLAS failed). */
int shrink_lw_identity(const gsl_matrix *r, gsl_matrix *cov, struct shrink_info *info,
                       struct allot_err *err);

/* Ledoit-Wolf (2004 JPM) towards constant correlation F: f_ii = s_ii,
 * f_ij = rbar sqrt(s_ii s_jj), rbar the mean of r_ij = s_ij/sqrt(s_ii s_jj)
 * over i < j. With y_ti = x_ti (demeaned):
 *   pi_ij = (1/T) sum_t (x_ti x_tj - s_ij)^2,           pi = sum_ij pi_ij,
 *   theta_ii,ij = (1/T) sum_t (x_ti^2 - s_ii)(x_ti x_tj - s_ij),
 *   rho = sum_i pi_ii + sum_{i != j} (rbar/2) (sqrt(s_jj/s_ii) theta_ii,ij
 *                                            + sqrt(s_ii/s_jj) theta_jj,ij),
 *   gamma = sum_ij (f_ij - s_ij)^2,  kappa = (pi - rho) / gamma,
 *   delta = max(0, min(1, kappa / T)).
 * When gamma = 0 (S already has constant correlation) delta is reported as
 * 0. Needs N >= 2, T >= 2 and every column non-constant (else
 * ALLOT_E_INPUT naming the column); other errors as shrink_lw_identity. */
int shrink_lw_constcorr(const gsl_matrix *r, gsl_matrix *cov, struct shrink_info *info,
                        struct allot_err *err);

#endif
