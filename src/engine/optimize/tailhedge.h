/* tailhedge.h: the cheapest set of protective puts that caps the book's
 * loss in every stress scenario, as a linear program (lp.h), then rounded
 * to tradable lots. Pure math on numbers the caller computed by full
 * revaluation (pricing/ and risk/ build the scenarios): no I/O, no pricing.
 *
 * Problem: puts j = 0..P-1, scenarios s = 0..S-1.
 *   minimise   sum_j premium_j x_j                       (USD)
 *   subject to loss_s - sum_j payoff_sj x_j <= cap_s     for every s
 *              0 <= x_j <= max_contracts_j               (INFINITY: none)
 * where loss_s = -book_pnl_s (the book's loss before hedging, USD, > 0 for
 * a loss) and payoff_sj = value of one contract in scenario s - premium_j
 * (USD, net of what it cost). loss_s - sum_j payoff_sj x_j is then the
 * hedged loss, premium included.
 *
 * Rounding rule: each LP quantity is rounded UP to a multiple of its lot
 * (quantities within 1e-9 of a lot multiple are not bumped); a non-zero
 * quantity below the minimum order is raised to the minimum rounded up to
 * a lot; anything above max_contracts is cut to the largest lot multiple
 * within it. Every cap is then re-checked with the rounded quantities
 * (rounding up can break a cap in a scenario where the puts lose their
 * premium, e.g. a rally); caps_met_rounded says whether they all hold.
 *
 * Without max-contract limits, a scenario in which some put pays more than
 * its premium can always be capped by buying enough of it; a scenario in
 * which no put pays (every strike below the scenario's spot) cannot be
 * helped, and its best achievable loss is its loss before hedging plus the
 * premium of whatever is bought. */
#ifndef ALLOT_ENGINE_OPTIMIZE_TAILHEDGE_H
#define ALLOT_ENGINE_OPTIMIZE_TAILHEDGE_H

#include <stddef.h>

#include "util/err.h"

struct th_problem {
    size_t n_puts, n_scen;
    const double *premium_usd;      /* n_puts, per contract, > 0 */
    const double *payoff_usd;       /* n_scen x n_puts row-major: per contract,
                                     * value in the scenario minus premium */
    const double *book_pnl_usd;     /* n_scen, before hedging (loss < 0) */
    const double *cap_usd;          /* n_scen, largest loss allowed, >= 0 */
    const double *max_contracts;    /* n_puts or NULL; INFINITY = no limit */
    const double *lot;              /* n_puts or NULL; contract step, > 0
                                     * (0 or NULL: continuous quantities) */
    const double *min_qty;          /* n_puts or NULL; minimum order, >= 0 */
};

struct th_result {
    size_t n_puts, n_scen;
    int feasible;           /* 1: the LP met every cap */
    int caps_met_rounded;   /* 1: every cap holds after rounding */
    double *qty_lp;         /* n_puts, LP contracts (continuous) */
    double *qty;            /* n_puts, rounded contracts to trade */
    double cost_lp_usd;     /* sum premium x qty_lp */
    double cost_usd;        /* sum premium x qty */
    double *loss_before;    /* n_scen: -book_pnl */
    double *loss_after;     /* n_scen: hedged loss with the rounded qty */
    double *best_loss;      /* n_scen: the smallest hedged loss scenario s can
                             * reach on its own within the max-contract
                             * limits (closed form: buy the limit of every put
                             * that pays in s, none other); -INFINITY when
                             * unlimited puts pay there */
    int *cap_reachable;     /* n_scen: 1 when best_loss <= cap */
    double min_excess_usd;  /* infeasible case: the smallest possible
                             * max_s (hedged loss_s - cap_s) over all
                             * quantities within limits (a second LP); 0
                             * when feasible */
    int lp_iterations;
};

/* Solve p. On success returns 0 and fills *res (release with
 * th_result_done) — also when the caps cannot be met: then res->feasible
 * is 0, qty are 0, and best_loss / cap_reachable / min_excess_usd explain
 * which caps no combination of these puts meets ("no combination of puts
 * in this chain caps the -70 % loss below best_loss"); if every cap is
 * reachable alone but not together, the caps conflict (puts that cap a
 * crash lose their premium where another cap is tight). Returns
 * ALLOT_E_INPUT for bad input (naming put or scenario) or ALLOT_E_NUMERIC
 * if the LP solver stalls. */
int th_solve(const struct th_problem *p, struct th_result *res, struct allot_err *err);

void th_result_done(struct th_result *res);

#endif
