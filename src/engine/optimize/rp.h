/* rp.h: risk parity and risk budgeting (long-only, fully invested) on a
 * covariance matrix, plus risk contributions of any weights, group budgets
 * and volatility targeting with a gross-exposure cap. Pure math on a
 * gsl_matrix: reads no files, prints nothing, knows no symbols (the caller
 * may pass names for error messages) and no estimator (stats/ makes cov).
 *
 * Method. The risk-budgeting portfolio with budgets b (b_i > 0, sum 1) is
 * w = y / sum(y) where y > 0 minimises Spinu's strictly convex function
 *     f(y) = 1/2 y' S y - sum_i b_i ln y_i
 * (F. Spinu 2013). Its gradient vanishes where y_i (S y)_i = b_i, so the
 * relative risk contribution RC_i = w_i (S w)_i / (w' S w) equals b_i.
 * Cyclical coordinate descent (CCD, Griveau-Billion, Richard and Roncalli
 * 2013) sets each coordinate to the positive root of S_ii y_i^2 + c_i y_i
 * - b_i = 0, c_i = (S y)_i - S_ii y_i, keeping S y updated: O(n^2) a
 * sweep, a few dozen sweeps when correlations are mostly positive, but
 * thousands when S has strong factors of mixed signs. Damped Newton on f
 * solves (S + diag(b/y^2)) d = -(S y - b/y) by Cholesky (O(n^3/3) a step,
 * 3-6 steps), backtracking so y stays > 0 with an Armijo decrease. The
 * default (auto) runs CCD and, when its observed rate predicts more
 * sweeps than about three factorisations cost, continues with Newton from
 * CCD's point. All stop when max_i |RC_i - b_i| <= tol on a freshly
 * computed S y. S is first checked positive definite by Cholesky. */
#ifndef ALLOT_ENGINE_OPTIMIZE_RP_H
#define ALLOT_ENGINE_OPTIMIZE_RP_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "util/err.h"

/* Default convergence: max |RC_i - b_i| (RC and b are fractions of 1). */
#define RP_TOL_DEFAULT 1e-10
/* Default iteration caps: CCD sweeps, Newton steps. */
#define RP_CCD_MAX_SWEEPS 20000
#define RP_NEWTON_MAX_STEPS 200

enum rp_method {
    RP_METHOD_AUTO = 0,     /* CCD; Newton from CCD's point if CCD is slow */
    RP_METHOD_CCD = 1,      /* cyclical coordinate descent only */
    RP_METHOD_NEWTON = 2,   /* damped Newton only, Cholesky on the Hessian */
};

struct rp_options {
    enum rp_method method;
    double tol;                 /* max |RC_i - b_i|; <= 0: RP_TOL_DEFAULT */
    int max_iter;               /* <= 0: the method's default cap */
    const char *const *names;   /* n asset names for messages, or NULL
                                 * ("asset 3", 0-based) */
};

#define RP_OPTIONS_DEFAULT { RP_METHOD_AUTO, 0.0, 0, NULL }

/* A solution. Arrays have n entries and are owned by the result. Vol and
 * absolute contributions are in the covariance's units: if S is a daily
 * covariance of returns, vol is a daily decimal vol. */
struct rp_result {
    size_t n;
    double *weight;     /* w_i > 0, sum 1 */
    double *budget;     /* the normalised budgets b_i used, sum 1 */
    double *rc_rel;     /* w_i (S w)_i / (w' S w), sums to 1 */
    double *rc_abs;     /* w_i (S w)_i / vol, sums to vol */
    double vol;         /* sqrt(w' S w) */
    double max_rc_err;  /* max_i |rc_rel_i - budget_i| */
    int iterations;     /* CCD sweeps or Newton steps of the method used */
    enum rp_method method_used;   /* RP_METHOD_CCD or RP_METHOD_NEWTON */
    int sweeps_before_newton;     /* auto mode: CCD sweeps before Newton */
};

/* Solve for the risk-budgeting weights. cov: n x n symmetric positive
 * definite, n >= 1. budget: n raw budgets (> 0, finite; normalised to sum
 * 1 here), or NULL for equal risk contribution (1/n each). opt may be NULL
 * (defaults). On success returns 0 and fills *res (release it with
 * rp_result_done). On failure returns ALLOT_E_INPUT (bad budget, non-finite
 * or asymmetric entry, variance <= 0: the message names the asset) or
 * ALLOT_E_NUMERIC (not positive definite: names the asset at which
 * Cholesky fails; or no convergence), and *res holds nothing to free. */
int rp_solve(const gsl_matrix *cov, const double *budget, const struct rp_options *opt,
             struct rp_result *res, struct allot_err *err);

/* Free the arrays of res and zero it; NULL or a zeroed result is fine. */
void rp_result_done(struct rp_result *res);

/* Normalise n raw budgets into out (sum 1). Each must be finite and > 0;
 * otherwise returns ALLOT_E_INPUT naming the asset (names may be NULL).
 * out may equal raw. */
int rp_budgets_normalise(size_t n, const double *raw, double *out, const char *const *names,
                         struct allot_err *err);

/* Group budgets. Asset i belongs to group group_of[i] (< n_groups; every
 * group must have at least one asset). Group g receives the risk budget
 * group_budget[g] (> 0, normalised over groups); inside a group the assets
 * share it in proportion to inner_budget[i] (> 0; NULL = equally). Writes
 * the per-asset budgets b_i = B_g * b_i|g (sum 1) into out_budget (n).
 * Fed to rp_solve they give group risk contributions sum_{i in g} RC_i =
 * B_g exactly, with the stated split inside each group: the one system of
 * equations RC_i = b_i has a unique long-only solution, so no separate
 * two-level solve is needed. Returns 0, or ALLOT_E_INPUT naming the bad
 * group or asset. */
int rp_group_budgets(size_t n, const size_t *group_of, size_t n_groups,
                     const double *group_budget, const double *inner_budget, double *out_budget,
                     struct allot_err *err);

/* Risk decomposition of any weights w (n, any signs, e.g. the current book
 * or a scaled solution): rc_rel and rc_abs as in struct rp_result (either
 * may be NULL), *vol = sqrt(w' S w). cov must be n x n; w' S w must be
 * > 0. Returns 0 or ALLOT_E_INPUT / ALLOT_E_NUMERIC. */
int rp_risk_contrib(const gsl_matrix *cov, const double *w, double *rc_rel, double *rc_abs,
                    double *vol, struct allot_err *err);

/* Volatility target. */
struct rp_vol_target {
    double vol_ann_before;  /* sqrt(periods_per_year) * sqrt(w' S w) before scaling */
    double scale;           /* k applied to every weight */
    double vol_ann_after;   /* k * vol_ann_before: the vol actually obtained */
    double gross_after;     /* k * sum |w_i| */
    int capped;             /* 1: the gross cap bound; the target was not reached */
};

/* Scale the n weights w in place by k = target_vol_ann / vol_ann_before,
 * where vol_ann_before = vol_period * sqrt(periods_per_year) (vol_period
 * is sqrt(w' S w) in the covariance's period, e.g. rp_result.vol of a
 * daily covariance with periods_per_year 365). If k * sum|w_i| would exceed
 * max_gross (the leverage cap, e.g. 2 = 200 % of equity; INFINITY for
 * none), k = max_gross / sum|w_i| instead and out->capped = 1, reporting
 * the vol obtained. Returns 0, or ALLOT_E_INPUT when an input is not
 * finite and > 0 (max_gross may be INFINITY) or w is all zero. */
int rp_vol_target(size_t n, double *w, double vol_period, double periods_per_year,
                  double target_vol_ann, double max_gross, struct rp_vol_target *out,
                  struct allot_err *err);

/* In-place lower Cholesky factor of the n x n matrix a (row-major, lower
 * triangle read and overwritten, upper triangle used as scratch). Blocked,
 * written for speed at n of a few hundred (also used by the Newton
 * method). Returns 0, or -1 with *bad_index set to the first row whose
 * pivot is not > 0 (the leading (bad_index+1) block is not positive
 * definite). Exposed for tests and the benchmark. */
int rp_cholesky(gsl_matrix *a, size_t *bad_index);

#endif
