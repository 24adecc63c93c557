/* diversify.h: how many independent bets a portfolio or a market holds:
 * the effective number of bets of Meucci (2009, "Managing
 * diversification", Risk 22(5)) over principal-component portfolios, and
 * the weight-free effective rank of a correlation matrix, for the
 * calm-versus-stressed diversification figure. Pure math: no I/O. */
#ifndef ALLOT_ENGINE_STATS_DIVERSIFY_H
#define ALLOT_ENGINE_STATS_DIVERSIFY_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "util/err.h"

#define DIVERSIFY_PSD_TOL 1e-12 /* x the largest eigenvalue: smaller
                                 * negative eigenvalues count as 0 */

/* Effective number of bets of weights w under covariance (or correlation)
 * sigma, N x N. With sigma = E diag(lambda) E' (eigenvectors e_k), the
 * principal portfolios carry variance v_k = (e_k' w)^2 lambda_k, and
 *   p_k = v_k / sum_j v_j  (= v_k / w' sigma w),
 *   ENB = exp(-sum_k p_k ln p_k)  (0 ln 0 = 0),
 * between 1 (one bet) and N. w NULL means equal weights 1/N. p (size N or
 * NULL) receives p_k in descending order of lambda_k. When eigenvalues
 * repeat, E (and so ENB) is not unique: Meucci's measure is then basis
 * dependent (e.g. sigma = I). Returns 0 and sets *enb, or ALLOT_E_INPUT
 * (sizes, not finite, not PSD: smallest eigenvalue below
 * -DIVERSIFY_PSD_TOL x largest, or portfolio variance 0), ALLOT_E_NOMEM,
 * ALLOT_E_NUMERIC (eigen solver). Only sigma's lower triangle is read. */
int diversify_enb(const gsl_matrix *sigma, const gsl_vector *w, double *enb, gsl_vector *p,
                  struct allot_err *err);

/* Effective rank (Roy & Vetterli 2007, "The effective rank: a measure of
 * effective dimensionality", EUSIPCO): with q_k = lambda_k / sum_j lambda_j
 * the eigenvalue shares of sigma, exp(-sum_k q_k ln q_k), between 1 (one
 * factor) and N (all eigenvalues equal). It needs no weights and, unlike
 * the ENB of equal weights on a market where everything co-moves (where
 * the basket is almost the first principal portfolio and the ENB sits
 * near 1), it separates calm from stressed correlation clearly. Errors as
 * diversify_enb. */
int diversify_effective_rank(const gsl_matrix *sigma, double *rank, struct allot_err *err);

#endif
