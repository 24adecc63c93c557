#include <config.h>
#include "engine/optimize/tailhedge.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/optimize/lp.h"
#include "util/num.h"
#include "util/xalloc.h"

/* A quantity within this many lots of a lot multiple is that multiple. */
#define TH_LOT_SLACK 1e-9
/* A cap holds if the hedged loss exceeds it by at most this fraction of
 * max(1 USD, cap) (rounding in the LP and in the sums). */
#define TH_CAP_TOL 1e-9

static int check(const struct th_problem *p, struct allot_err *err)
{
    if (p->n_puts == 0)
        return err_setf(err, ALLOT_E_INPUT, "tail hedge: no candidate puts");
    if (p->n_scen == 0)
        return err_setf(err, ALLOT_E_INPUT, "tail hedge: no scenarios");
    for (size_t j = 0; j < p->n_puts; j++) {
        if (!isfinite(p->premium_usd[j]) || p->premium_usd[j] <= 0.0)
            return err_setf(err, ALLOT_E_INPUT, "put %zu: premium must be > 0 (got %g)", j,
                            p->premium_usd[j]);
        if (p->max_contracts && (isnan(p->max_contracts[j]) || p->max_contracts[j] < 0.0))
            return err_setf(err, ALLOT_E_INPUT, "put %zu: max contracts must be >= 0", j);
        if (p->lot && (!isfinite(p->lot[j]) || p->lot[j] < 0.0))
            return err_setf(err, ALLOT_E_INPUT, "put %zu: lot must be >= 0", j);
        if (p->min_qty && (!isfinite(p->min_qty[j]) || p->min_qty[j] < 0.0))
            return err_setf(err, ALLOT_E_INPUT, "put %zu: minimum quantity must be >= 0", j);
    }
    for (size_t s = 0; s < p->n_scen; s++) {
        if (!isfinite(p->book_pnl_usd[s]))
            return err_setf(err, ALLOT_E_INPUT, "scenario %zu: book PnL is not a number", s);
        if (!isfinite(p->cap_usd[s]) || p->cap_usd[s] < 0.0)
            return err_setf(err, ALLOT_E_INPUT, "scenario %zu: loss cap must be >= 0 (got %g)", s,
                            p->cap_usd[s]);
        for (size_t j = 0; j < p->n_puts; j++)
            if (!isfinite(p->payoff_usd[s * p->n_puts + j]))
                return err_setf(err, ALLOT_E_INPUT, "scenario %zu, put %zu: payoff is not a number",
                                s, j);
    }
    return 0;
}

void th_result_done(struct th_result *res)
{
    if (!res)
        return;
    free(res->qty_lp);
    free(res->qty);
    free(res->loss_before);
    free(res->loss_after);
    free(res->best_loss);
    free(res->cap_reachable);
    memset(res, 0, sizeof *res);
}

static double round_qty(const struct th_problem *p, size_t j, double x)
{
    double lot = p->lot ? p->lot[j] : 0.0;
    double mx = p->max_contracts ? p->max_contracts[j] : INFINITY;
    double mn = p->min_qty ? p->min_qty[j] : 0.0;
    if (lot > 0.0) {
        double k = ceil(x / lot - TH_LOT_SLACK);
        x = k > 0.0 ? num_mul_step(k, lot) : 0.0;
        if (x > 0.0 && x < mn)
            x = num_mul_step(ceil(mn / lot - TH_LOT_SLACK), lot);
        if (x > mx)
            x = num_mul_step(floor(mx / lot + TH_LOT_SLACK), lot);
    } else {
        if (x > 0.0 && x < mn)
            x = mn;
        if (x > mx)
            x = mx;
    }
    return x < 0.0 ? 0.0 : x;
}

/* The hedged loss of scenario s with quantities q. */
static double hedged_loss(const struct th_problem *p, size_t s, const double *q)
{
    double l = -p->book_pnl_usd[s];
    for (size_t j = 0; j < p->n_puts; j++)
        l -= p->payoff_usd[s * p->n_puts + j] * q[j];
    return l;
}

static int cap_ok(double loss, double cap)
{
    return loss <= cap + TH_CAP_TOL * fmax(1.0, cap);
}

/* min t s.t. loss_s - sum payoff x - cap_s <= t, 0 <= x <= max, t >= 0 */
static int min_excess(const struct th_problem *p, double *out, struct allot_err *err)
{
    size_t np = p->n_puts, ns = p->n_scen, n = np + 1;
    double *c = xcalloc(n, sizeof *c), *a = xcalloc(ns * n, sizeof *a);
    double *b = xmalloc(ns * sizeof *b), *ub = xmalloc(n * sizeof *ub), *x = xmalloc(n * sizeof *x);
    c[np] = 1.0;
    for (size_t j = 0; j < np; j++)
        ub[j] = p->max_contracts ? p->max_contracts[j] : INFINITY;
    ub[np] = INFINITY;
    for (size_t s = 0; s < ns; s++) {
        for (size_t j = 0; j < np; j++)
            a[s * n + j] = -p->payoff_usd[s * np + j];
        a[s * n + np] = -1.0;
        b[s] = p->cap_usd[s] + p->book_pnl_usd[s];
    }
    struct lp_problem lp = { n, ns, c, a, b, NULL, ub };
    struct lp_result r;
    int rc = lp_solve(&lp, NULL, x, &r, err);
    if (rc == 0 && r.status != LP_OPTIMAL)
        rc = err_setf(err, ALLOT_E_NUMERIC, "tail hedge: the minimum-excess LP ended %s",
                      lp_status_name(r.status));
    if (rc == 0)
        *out = x[np];
    free(c);
    free(a);
    free(b);
    free(ub);
    free(x);
    return rc;
}

int th_solve(const struct th_problem *p, struct th_result *res, struct allot_err *err)
{
    memset(res, 0, sizeof *res);
    int rc = check(p, err);
    if (rc)
        return rc;
    size_t np = p->n_puts, ns = p->n_scen;
    res->n_puts = np;
    res->n_scen = ns;
    res->qty_lp = xcalloc(np, sizeof *res->qty_lp);
    res->qty = xcalloc(np, sizeof *res->qty);
    res->loss_before = xmalloc(ns * sizeof *res->loss_before);
    res->loss_after = xmalloc(ns * sizeof *res->loss_after);
    res->best_loss = xmalloc(ns * sizeof *res->best_loss);
    res->cap_reachable = xmalloc(ns * sizeof *res->cap_reachable);

    for (size_t s = 0; s < ns; s++) {
        res->loss_before[s] = -p->book_pnl_usd[s];
        /* alone, scenario s is best served by the limit of every put that
         * pays there and none of the others */
        double best = res->loss_before[s];
        for (size_t j = 0; j < np; j++) {
            double pay = p->payoff_usd[s * np + j];
            if (pay > 0.0) {
                double mx = p->max_contracts ? p->max_contracts[j] : INFINITY;
                best = isinf(mx) ? -INFINITY : best - pay * mx;
                if (isinf(best))
                    break;
            }
        }
        res->best_loss[s] = best;
        res->cap_reachable[s] = cap_ok(best, p->cap_usd[s]);
    }

    /* the LP: rows -sum payoff_sj x_j <= cap_s + book_pnl_s */
    double *a = xmalloc(ns * np * sizeof *a), *b = xmalloc(ns * sizeof *b);
    for (size_t s = 0; s < ns; s++) {
        for (size_t j = 0; j < np; j++)
            a[s * np + j] = -p->payoff_usd[s * np + j];
        b[s] = p->cap_usd[s] + p->book_pnl_usd[s];
    }
    struct lp_problem lp = { np, ns, p->premium_usd, a, b, NULL, p->max_contracts };
    struct lp_result r;
    rc = lp_solve(&lp, NULL, res->qty_lp, &r, err);
    free(a);
    free(b);
    if (rc)
        goto fail;
    res->lp_iterations = r.iterations;
    if (r.status == LP_INFEASIBLE) {
        memset(res->qty_lp, 0, np * sizeof *res->qty_lp);
        rc = min_excess(p, &res->min_excess_usd, err);
        if (rc)
            goto fail;
        for (size_t s = 0; s < ns; s++)
            res->loss_after[s] = res->loss_before[s];
        return 0;
    }
    if (r.status != LP_OPTIMAL) {
        /* premiums > 0 and x >= 0 bound the objective below: not unbounded */
        rc = err_setf(err, ALLOT_E_NUMERIC, "tail hedge: the LP ended %s",
                      lp_status_name(r.status));
        goto fail;
    }
    res->feasible = 1;
    res->cost_lp_usd = r.objective;
    res->caps_met_rounded = 1;
    for (size_t j = 0; j < np; j++) {
        res->qty[j] = round_qty(p, j, res->qty_lp[j]);
        res->cost_usd += p->premium_usd[j] * res->qty[j];
    }
    for (size_t s = 0; s < ns; s++) {
        res->loss_after[s] = hedged_loss(p, s, res->qty);
        if (!cap_ok(res->loss_after[s], p->cap_usd[s]))
            res->caps_met_rounded = 0;
    }
    return 0;
fail:
    th_result_done(res);
    return rc;
}
