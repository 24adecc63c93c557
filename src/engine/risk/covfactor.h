/* covfactor.h: checks a covariance matrix and factors it as F F' for
 * simulation (Cholesky, or on request an eigenvalue-clipped factor) and
 * for conditioning (solving Sigma x = b). Knows nothing of books or
 * estimators: the covariance comes in ready made (stats/ estimates it). */
#ifndef ALLOT_ENGINE_RISK_COVFACTOR_H
#define ALLOT_ENGINE_RISK_COVFACTOR_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "util/err.h"

/* A pivot of the Cholesky factorisation at or below this fraction of its
 * diagonal entry counts as zero: the matrix is then (numerically) not
 * positive definite, e.g. two assets with correlation 1. */
#define COVFACTOR_PIVOT_RTOL 1e-12
/* Entries (i, j) and (j, i) may differ by this fraction of
 * sqrt(Sigma_ii Sigma_jj) (rounding in an estimator); more is an error. */
#define COVFACTOR_SYM_RTOL 1e-9

struct covfactor {
    size_t n;
    double *f;          /* n x n, row-major: F F' = the covariance used */
    int is_cholesky;    /* 1: F is the lower Cholesky factor (F_ij = 0, j > i) */
    size_t n_clipped;   /* eigenvalues raised to 0 by the clipped factor */
};

/* Check that cov is an n x n matrix of finite numbers, symmetric within
 * COVFACTOR_SYM_RTOL, with a diagonal >= 0. what names the matrix in
 * messages ("covariance"). Returns 0, or ALLOT_E_INPUT with a message
 * naming the offending entry (0-based row, column). */
int covfactor_check(const gsl_matrix *cov, size_t n, const char *what, struct allot_err *err);

/* Factor cov (checked as covfactor_check) into cf, which the caller
 * releases with covfactor_done. First the Cholesky factor of the lower
 * triangle; when a pivot fails (see COVFACTOR_PIVOT_RTOL) and allow_clip
 * is 0, returns ALLOT_E_NUMERIC "<what> is not positive definite (leading
 * minor k)", k 1-based, with cf left empty. When allow_clip is 1 it falls
 * back to F = V sqrt(max(L, 0)) from the eigendecomposition V L V' of the
 * symmetrised matrix, i.e. it uses the nearest positive semidefinite
 * matrix in the Frobenius norm (its diagonal may differ from cov's), and
 * counts the clipped eigenvalues in cf->n_clipped. Returns 0, or
 * ALLOT_E_INPUT (bad matrix) or ALLOT_E_NUMERIC (not PD, or GSL's eigen
 * solver failed). */
int covfactor_init(struct covfactor *cf, const gsl_matrix *cov, size_t n, const char *what,
                   int allow_clip, struct allot_err *err);

/* Release cf's memory; cf may be NULL or already done. */
void covfactor_done(struct covfactor *cf);

/* y = F z, for z and y of length cf->n (they may not alias). */
void covfactor_apply(const struct covfactor *cf, const double *z, double *y);

/* Solve (F F') x = b for a Cholesky factor (cf->is_cholesky must be 1);
 * b and x may alias. */
void covfactor_solve(const struct covfactor *cf, const double *b, double *x);

#endif
