/* nearcorr.h: the nearest correlation matrix (Higham 2002, "Computing the
 * nearest correlation matrix - a problem from finance", IMA J. Numer.
 * Anal. 22): alternating projections with Dykstra's correction in the
 * unweighted Frobenius norm, and the PSD test that decides when to use it.
 * Pure math: no I/O. */
#ifndef ALLOT_ENGINE_STATS_NEARCORR_H
#define ALLOT_ENGINE_STATS_NEARCORR_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "util/err.h"

#define NEARCORR_TOL 1e-12          /* relative change that stops the loop */
#define NEARCORR_MAX_ITER 10000
#define NEARCORR_PSD_TOL 1e-14      /* x N: eigenvalues above -N * this are
                                     * rounding, not indefiniteness */

struct nearcorr_opts {
    double tol;         /* NEARCORR_TOL by default */
    size_t max_iter;    /* NEARCORR_MAX_ITER by default */
};

struct nearcorr_info {
    size_t iterations;
    double min_eig_before;      /* smallest eigenvalue of the input */
    double min_eig_after;       /* of the result (>= -rounding) */
    double max_abs_change;      /* max_ij |result_ij - input_ij| */
    double frobenius_change;    /* ||result - input||_F */
};

void nearcorr_opts_init(struct nearcorr_opts *o);

/* Whether the symmetric a (N x N) is positive semi-definite up to
 * rounding: its smallest eigenvalue >= -N * NEARCORR_PSD_TOL. Sets *is_psd
 * and, when not NULL, *min_eig. Errors as cov_min_eigen. */
int nearcorr_is_psd(const gsl_matrix *a, int *is_psd, double *min_eig,
                    struct allot_err *err);

/* The correlation matrix nearest to the symmetric a (unit diagonal
 * expected but not required) in the Frobenius norm, by Higham's Algorithm
 * 3.3 with W = I:
 *   dS = 0, Y = a; repeat: R = Y - dS; X = P_S(R) (negative eigenvalues
 *   set to 0); dS = X - R; Y = P_U(X) (diagonal set to 1);
 * until the relative changes of X and Y and the gap ||X - Y||/||Y|| are all
 * <= tol. The result is D^-1/2 X D^-1/2 (D = diag X): PSD by construction
 * with a unit diagonal, and within O(tol) of Y. opts and info may be NULL.
 * x is N x N, caller-allocated, not aliasing a. Returns 0, or
 * ALLOT_E_INPUT (not square, not symmetric, not finite), ALLOT_E_NOMEM,
 * ALLOT_E_NUMERIC (the eigen solver failed or no convergence within
 * max_iter; the message says how far it got). */
int nearcorr_higham(const gsl_matrix *a, gsl_matrix *x, const struct nearcorr_opts *opts,
                    struct nearcorr_info *info, struct allot_err *err);

#endif
