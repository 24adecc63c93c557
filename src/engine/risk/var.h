/* var.h: value at risk and expected shortfall (CVaR) of a PnL sample
 * (historical) and of a normal PnL (parametric), with an exact tail count.
 * Pure math on arrays: knows no book, no scenario, no random numbers
 * (bookvar.h builds the samples). Losses are positive in every output.
 *
 * The quantile convention: at confidence c over a sample of n PnLs, the
 * tail holds k = ceil(n * (1 - c)) outcomes; VaR is the k-th worst loss
 * and CVaR the mean of the k worst losses. c is read as an exact rational
 * in parts per billion, c_ppb = llround(c * 1e9), and k is computed in
 * integer arithmetic, so 0.99 means exactly 99/100 (in binary 1 - 0.99 is
 * 0.010000000000000009 and a naive ceil(100 * (1 - 0.99)) gives 2, not 1).
 * Since c_ppb must lie in [1, 1e9 - 1], k is always in [1, n]. */
#ifndef ALLOT_ENGINE_RISK_VAR_H
#define ALLOT_ENGINE_RISK_VAR_H

#include <stddef.h>

#include "util/err.h"

#define VAR_PPB 1000000000LL     /* confidence resolution: parts per billion */

/* A VaR estimate. var and cvar are losses (a loss is > 0; a sample made of
 * gains only gives a negative VaR, which is not floored at zero), in the
 * unit of the PnL given (USD for books). */
struct var_est {
    double var;     /* k-th worst loss, or -mean + sd * z_c */
    double cvar;    /* mean of the k worst losses, or -mean + sd * phi(z_c) / (1 - c) */
    double mean;    /* mean PnL: of the sample, or the model's */
    double sd;      /* PnL standard deviation: sample (n - 1 divisor, 0 when n = 1),
                     * or the model's */
    double conf;    /* the confidence used, c_ppb / 1e9 */
    size_t n;       /* sample size; 0 for the parametric model */
    size_t k;       /* tail count ceil(n * (1 - c)); 0 for the parametric model */
};

/* The confidence c as exact parts per billion: c_ppb = llround(c * 1e9).
 * Returns 0 and sets *c_ppb, or ALLOT_E_INPUT when c is not finite, not in
 * (0, 1), or so close to 0 or 1 that it rounds to 0 or 1e9 ppb. */
int var_conf_ppb(double conf, long long *c_ppb, struct allot_err *err);

/* The tail count k = ceil(n * (1e9 - c_ppb) / 1e9), in integer arithmetic
 * (no overflow for any size_t n). Returns 0 and sets *k (1 <= k <= n), or
 * ALLOT_E_INPUT for a bad conf (as var_conf_ppb) or n = 0. */
int var_tail_count(size_t n, double conf, size_t *k, struct allot_err *err);

/* Historical VaR and CVaR of the PnL sample pnl[0..n-1] at confidence
 * conf. pnl is not modified (a copy is made). Expected O(n) time: the k
 * worst outcomes are found by selection (quickselect with a median-of-three
 * pivot, falling back to a sort after 2 log2(n) bad rounds), not a full
 * sort. Returns 0 and fills *out, or ALLOT_E_INPUT for n = 0, a bad conf
 * or a non-finite PnL (the message names its 0-based index). */
int var_sample(const double *pnl, size_t n, double conf, struct var_est *out,
               struct allot_err *err);

/* As var_sample, but reorders pnl in place instead of copying it: on
 * success pnl[0..k-1] hold the k worst outcomes (pnl[k-1] the k-th worst)
 * and the rest of the array the others, in no particular order. */
int var_sample_inplace(double *pnl, size_t n, double conf, struct var_est *out,
                       struct allot_err *err);

/* Parametric normal VaR and CVaR of a PnL that is normal with mean mean
 * and standard deviation sd over the horizon (scaling daily figures to h
 * days is the caller's: mean * h, sd * sqrt(h)). VaR = -mean + sd * z_c,
 * CVaR = -mean + sd * phi(z_c) / (1 - c), with z_c the standard normal
 * c-quantile (GSL's gsl_cdf_ugaussian_Qinv, Wichura's AS 241) and phi the
 * standard normal density; 1 - c is taken exactly as (1e9 - c_ppb) / 1e9.
 * Returns 0 and fills *out (n and k are 0), or ALLOT_E_INPUT for a bad
 * conf, a non-finite mean or an sd that is negative or not finite. */
int var_normal(double mean, double sd, double conf, struct var_est *out,
               struct allot_err *err);

/* The standard normal quantile z_c of confidence conf, as var_normal uses
 * it (conf rounded to parts per billion). Returns 0 and sets *z, or
 * ALLOT_E_INPUT for a bad conf. */
int var_normal_z(double conf, double *z, struct allot_err *err);

#endif
