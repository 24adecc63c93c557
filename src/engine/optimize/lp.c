#include <config.h>
#include "engine/optimize/lp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* The tableau: m rows over N = n + 2m columns (structural, slack,
 * artificial). t holds B^-1 A, xb the basic values, d the reduced costs
 * of the current phase. Nonbasic j is at 0, or at ub[j] when at_ub[j]. */
struct tab {
    size_t n, m, cols;
    double *t;          /* m x cols */
    double *xb;         /* m */
    size_t *basis;      /* m */
    double *ub;         /* cols */
    double *cost;       /* cols */
    double *d;          /* cols */
    unsigned char *at_ub, *is_basic, *no_enter;
};

#define T(tb, i, j) ((tb)->t[(i) * (tb)->cols + (j)])

static void reduced_costs(struct tab *tb)
{
    for (size_t j = 0; j < tb->cols; j++) {
        double s = tb->cost[j];
        for (size_t i = 0; i < tb->m; i++)
            s -= tb->cost[tb->basis[i]] * T(tb, i, j);
        tb->d[j] = s;
    }
}

static void pivot(struct tab *tb, size_t r, size_t q)
{
    double *row = &T(tb, r, 0), p = row[q];
    for (size_t j = 0; j < tb->cols; j++)
        row[j] /= p;
    row[q] = 1.0;
    for (size_t i = 0; i < tb->m; i++) {
        if (i == r)
            continue;
        double f = T(tb, i, q);
        if (f == 0.0)
            continue;
        double *ri = &T(tb, i, 0);
        for (size_t j = 0; j < tb->cols; j++)
            ri[j] -= f * row[j];
        ri[q] = 0.0;
    }
    double f = tb->d[q];
    if (f != 0.0) {
        for (size_t j = 0; j < tb->cols; j++)
            tb->d[j] -= f * row[j];
        tb->d[q] = 0.0;
    }
    tb->is_basic[tb->basis[r]] = 0;
    tb->basis[r] = q;
    tb->is_basic[q] = 1;
    tb->at_ub[q] = 0;
}

/* One phase of the simplex. Returns LP_OPTIMAL, LP_UNBOUNDED or
 * LP_ITER_LIMIT. */
static enum lp_status run(struct tab *tb, enum lp_rule rule, int max_iter, int *iters,
                          int *degen)
{
    int degen_run = 0;
    for (;;) {
        int bland = rule == LP_RULE_BLAND || (rule == LP_RULE_AUTO && degen_run >= LP_DEGEN_SWITCH);
        /* entering */
        size_t q = tb->cols;
        double best = 0.0;
        for (size_t j = 0; j < tb->cols; j++) {
            if (tb->is_basic[j] || tb->no_enter[j] || tb->ub[j] <= 0.0)
                continue;
            double dj = tb->d[j];
            double gain = tb->at_ub[j] ? dj : -dj; /* > 0: moving j improves */
            if (gain <= LP_TOL_OPT)
                continue;
            if (bland) {
                q = j;
                break;
            }
            if (gain > best) {
                best = gain;
                q = j;
            }
        }
        if (q == tb->cols)
            return LP_OPTIMAL;
        if (*iters >= max_iter)
            return LP_ITER_LIMIT;
        (*iters)++;

        double dir = tb->at_ub[q] ? -1.0 : 1.0;
        /* ratio test */
        size_t r = tb->m;
        double tmin = INFINITY;
        int to_upper = 0;
        for (size_t i = 0; i < tb->m; i++) {
            double alpha = dir * T(tb, i, q), ratio;
            size_t bi = tb->basis[i];
            if (alpha > LP_TOL_PIVOT) {
                ratio = fmax(tb->xb[i], 0.0) / alpha;
            } else if (alpha < -LP_TOL_PIVOT && isfinite(tb->ub[bi])) {
                ratio = fmax(tb->ub[bi] - tb->xb[i], 0.0) / -alpha;
            } else {
                continue;
            }
            /* ties (within the feasibility tolerance): smallest basic index */
            if (r == tb->m || ratio < tmin - LP_TOL_FEAS) {
                tmin = ratio;
                r = i;
                to_upper = alpha < 0.0;
            } else if (ratio <= tmin + LP_TOL_FEAS && bi < tb->basis[r]) {
                tmin = fmin(tmin, ratio);
                r = i;
                to_upper = alpha < 0.0;
            }
        }
        if (r < tb->m) {
            /* step by the chosen row's own ratio so it lands on its bound */
            double alpha = dir * T(tb, r, q);
            tmin = alpha > 0.0 ? fmax(tb->xb[r], 0.0) / alpha
                               : fmax(tb->ub[tb->basis[r]] - tb->xb[r], 0.0) / -alpha;
        }
        if (isfinite(tb->ub[q]) && tb->ub[q] <= tmin) {
            /* bound flip: q goes to its other bound, no pivot */
            double step = tb->ub[q];
            for (size_t i = 0; i < tb->m; i++)
                tb->xb[i] -= dir * step * T(tb, i, q);
            tb->at_ub[q] = !tb->at_ub[q];
            degen_run = 0;
            continue;
        }
        if (r == tb->m)
            return LP_UNBOUNDED;
        for (size_t i = 0; i < tb->m; i++)
            tb->xb[i] -= dir * tmin * T(tb, i, q);
        double xq = tb->at_ub[q] ? tb->ub[q] - tmin : tmin;
        size_t leaving = tb->basis[r];
        pivot(tb, r, q);
        tb->xb[r] = xq;
        tb->at_ub[leaving] = (unsigned char)to_upper;
        if (tmin <= LP_TOL_FEAS) {
            (*degen)++;
            degen_run++;
        } else {
            degen_run = 0;
        }
    }
}

const char *lp_status_name(enum lp_status s)
{
    switch (s) {
    case LP_OPTIMAL:
        return "optimal";
    case LP_INFEASIBLE:
        return "infeasible";
    case LP_UNBOUNDED:
        return "unbounded";
    case LP_ITER_LIMIT:
        return "iteration limit";
    }
    return "?";
}

static void tab_free(struct tab *tb)
{
    free(tb->t);
    free(tb->xb);
    free(tb->basis);
    free(tb->ub);
    free(tb->cost);
    free(tb->d);
    free(tb->at_ub);
    free(tb->is_basic);
    free(tb->no_enter);
}

static int check(const struct lp_problem *p, struct allot_err *err)
{
    if (p->n == 0)
        return err_setf(err, ALLOT_E_INPUT, "linear program has no variables");
    for (size_t j = 0; j < p->n; j++) {
        if (!isfinite(p->c[j]))
            return err_setf(err, ALLOT_E_INPUT, "cost of variable %zu is not a number", j);
        if (p->upper && (isnan(p->upper[j]) || p->upper[j] < 0.0))
            return err_setf(err, ALLOT_E_INPUT, "upper bound of variable %zu is %g: must be >= 0",
                            j, p->upper[j]);
    }
    for (size_t i = 0; i < p->m; i++) {
        if (!isfinite(p->b[i]))
            return err_setf(err, ALLOT_E_INPUT, "right-hand side of row %zu is not a number", i);
        for (size_t j = 0; j < p->n; j++)
            if (!isfinite(p->a[i * p->n + j]))
                return err_setf(err, ALLOT_E_INPUT, "coefficient (%zu, %zu) is not a number", i,
                                j);
        if (p->type && (p->type[i] < LP_LE || p->type[i] > LP_GE))
            return err_setf(err, ALLOT_E_INPUT, "row %zu has an unknown type", i);
    }
    return 0;
}

int lp_solve(const struct lp_problem *p, const struct lp_options *opt, double *x,
             struct lp_result *res, struct allot_err *err)
{
    static const struct lp_options defaults = LP_OPTIONS_DEFAULT;
    if (!opt)
        opt = &defaults;
    memset(res, 0, sizeof *res);
    int rc = check(p, err);
    if (rc)
        return rc;
    size_t n = p->n, m = p->m, cols = n + 2 * m;
    int max_iter = opt->max_iter > 0 ? opt->max_iter : (int)(100 * cols + 1000);
    struct tab tb = { .n = n, .m = m, .cols = cols };
    tb.t = xcalloc(m * cols + 1, sizeof *tb.t);
    tb.xb = xcalloc(m + 1, sizeof *tb.xb);
    tb.basis = xcalloc(m + 1, sizeof *tb.basis);
    tb.ub = xmalloc(cols * sizeof *tb.ub);
    tb.cost = xcalloc(cols, sizeof *tb.cost);
    tb.d = xcalloc(cols, sizeof *tb.d);
    tb.at_ub = xcalloc(cols, 1);
    tb.is_basic = xcalloc(cols, 1);
    tb.no_enter = xcalloc(cols, 1);

    for (size_t j = 0; j < n; j++)
        tb.ub[j] = p->upper ? p->upper[j] : INFINITY;
    double bmax = 1.0;
    int need_phase1 = 0;
    for (size_t i = 0; i < m; i++) {
        const double *ai = p->a + i * n;
        enum lp_row_type ty = p->type ? p->type[i] : LP_LE;
        double amax = 0.0;
        for (size_t j = 0; j < n; j++)
            amax = fmax(amax, fabs(ai[j]));
        double rs = amax > 0.0 && !opt->no_scale ? 1.0 / amax : 1.0;
        double bi = p->b[i] * rs;
        /* slack: +1 for <=, -1 for >=, fixed at 0 for = */
        double scoef = ty == LP_GE ? -1.0 : 1.0;
        size_t sj = n + i, aj = n + m + i;
        tb.ub[sj] = ty == LP_EQ ? 0.0 : INFINITY;
        tb.ub[aj] = INFINITY;
        int slack_basic = (ty != LP_EQ) && (bi * scoef >= 0.0);
        double sign;
        if (slack_basic) {
            sign = scoef;   /* makes the slack's coefficient +1 */
            tb.basis[i] = sj;
            tb.xb[i] = bi * sign;
            tb.ub[aj] = 0.0;
            tb.no_enter[aj] = 1;
        } else {
            sign = bi >= 0.0 ? 1.0 : -1.0;
            tb.basis[i] = aj;
            tb.xb[i] = bi * sign;
            tb.cost[aj] = 1.0;
            need_phase1 = 1;
        }
        for (size_t j = 0; j < n; j++)
            T(&tb, i, j) = sign * rs * ai[j];
        T(&tb, i, sj) = sign * scoef;
        T(&tb, i, aj) = 1.0;
        tb.is_basic[tb.basis[i]] = 1;
        bmax = fmax(bmax, fabs(bi));
    }

    enum lp_status st = LP_OPTIMAL;
    if (need_phase1) {
        reduced_costs(&tb);
        st = run(&tb, opt->rule, max_iter, &res->iterations, &res->degenerate);
        double infeas = 0.0;
        for (size_t i = 0; i < m; i++)
            if (tb.basis[i] >= n + m)
                infeas += fmax(tb.xb[i], 0.0);
        if (st == LP_ITER_LIMIT)
            goto done;
        if (infeas > LP_TOL_PHASE1 * bmax) {
            st = LP_INFEASIBLE;
            goto done;
        }
        /* drive zero artificials out of the basis where a pivot exists */
        for (size_t i = 0; i < m; i++) {
            if (tb.basis[i] < n + m)
                continue;
            for (size_t j = 0; j < n + m; j++) {
                if (!tb.is_basic[j] && fabs(T(&tb, i, j)) > LP_TOL_PIVOT) {
                    double xj = tb.at_ub[j] ? tb.ub[j] : 0.0;
                    pivot(&tb, i, j);
                    tb.xb[i] = xj;
                    break;
                }
            }
        }
    }
    /* phase 2: artificials fixed at 0 and never enter */
    for (size_t j = n + m; j < cols; j++) {
        tb.ub[j] = 0.0;
        tb.no_enter[j] = 1;
        tb.cost[j] = 0.0;
    }
    double cmax = 0.0;
    for (size_t j = 0; j < n; j++)
        cmax = fmax(cmax, fabs(p->c[j]));
    if (opt->no_scale || cmax == 0.0)
        cmax = 1.0;
    for (size_t j = 0; j < n; j++)
        tb.cost[j] = p->c[j] / cmax;
    for (size_t j = n; j < n + m; j++)
        tb.cost[j] = 0.0;
    reduced_costs(&tb);
    st = run(&tb, opt->rule, max_iter, &res->iterations, &res->degenerate);

done:
    for (size_t j = 0; j < n; j++)
        x[j] = tb.at_ub[j] ? tb.ub[j] : 0.0;
    for (size_t i = 0; i < m; i++) {
        size_t bj = tb.basis[i];
        if (bj < n) {
            double v = tb.xb[i];
            if (v < 0.0)
                v = 0.0;
            if (v > tb.ub[bj])
                v = tb.ub[bj];
            x[bj] = v;
        }
    }
    res->status = st;
    res->objective = 0.0;
    for (size_t j = 0; j < n; j++)
        res->objective += p->c[j] * x[j];
    tab_free(&tb);
    return 0;
}
