/* rprun.h: risk parity as a proposal: the risk-budgeting weights of a
 * covariance (engine/optimize/rp.h) with an optional volatility target,
 * described in one line, and the spot trade list that moves a valued
 * book's holdings of those assets to the weights of a capital. Reads the
 * store (trading settings, last closes); writes nothing. */
#ifndef ALLOT_STORE_RPRUN_H
#define ALLOT_STORE_RPRUN_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "engine/optimize/rp.h"
#include "engine/optimize/tradelist.h"
#include "store/bookload.h"

struct rprun_solution {
    struct rp_result rp;        /* weights (scaled by the vol target when one is set) */
    struct rp_vol_target vt;    /* zeros without a vol target */
    char params[256];           /* "equal risk, vol 0.7472 a year", as the proposal says */
};

/* Solve risk parity on cov (per period; periods_per_year annualises the
 * vol) with budgets (n raw budgets, or NULL: equal risk; by_group only
 * changes the wording), names for messages, then, when vol_target > 0
 * (annual decimal), scale the weights to it under the gross cap
 * max_gross (rp_vol_target). Returns 0 with *sol filled (rprun_done), or
 * the error of rp_solve or rp_vol_target with *sol holding nothing. */
int rprun_solve(const gsl_matrix *cov, const double *budgets, int by_group,
                const char *const *names, double periods_per_year, double vol_target,
                double max_gross, struct rprun_solution *sol, struct allot_err *err);
void rprun_done(struct rprun_solution *sol);

/* The trade list (method "riskparity", params as given) that moves the
 * book's spot holdings of names[0..n-1] (spot positions whose instrument
 * is the symbol) to w[i] of capital (USD; <= 0: the book's value), at the
 * book's spot or else the symbol's last stored close, rounded to the spot
 * lot; other positions untouched. Returns 0 with *out new, or an error
 * (a symbol without a price) with *out NULL. */
int rprun_trades(store_t *st, const struct loaded_book *lb, const double *w,
                 const char *const *names, size_t n, double capital, const char *params,
                 struct tradelist **out, struct allot_err *err);

#endif
