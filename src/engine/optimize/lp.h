/* lp.h: a small dense linear-programming solver for the optimizers
 * (tail hedge): minimise c'x subject to rows a_i x <= b_i, = b_i or >= b_i
 * and bounds 0 <= x_j <= u_j (u_j may be INFINITY). Pure math on caller
 * arrays: no I/O, no GSL. Sized for a few hundred variables and tens of
 * rows (dense tableau, O(m (n + 2m)) a pivot).
 *
 * Method: two-phase bounded-variable primal simplex on a dense tableau.
 * Each row gets a slack (fixed at 0 for an equality row) and, where the
 * slack cannot start basic, an artificial; phase 1 minimises the sum of
 * artificials, phase 2 the objective. Nonbasic variables sit at 0 or at
 * their upper bound (a bound flip needs no pivot).
 *
 * Pivoting: Dantzig's rule (largest reduced cost) while pivots make
 * progress; after LP_DEGEN_SWITCH consecutive degenerate pivots it
 * switches to Bland's rule (smallest eligible index enters, ties in the
 * ratio test leave by smallest index) until the next nondegenerate pivot,
 * which rules out cycling (cycling only happens within a run of degenerate
 * pivots, and Bland's rule terminates from any basis).
 *
 * Tolerances (on the scaled problem: every row divided by its largest
 * |a_ij|, the objective by its largest |c_j|): a basic value >= -1e-9 is
 * feasible, a tableau entry below 1e-9 in magnitude is not a pivot, a
 * reduced cost below 1e-9 in magnitude is optimal, and phase 1 ending
 * with a sum of artificials above 1e-7 * max(1, max |b_i|) means
 * infeasible. */
#ifndef ALLOT_ENGINE_OPTIMIZE_LP_H
#define ALLOT_ENGINE_OPTIMIZE_LP_H

#include <stddef.h>

#include "util/err.h"

#define LP_TOL_FEAS 1e-9
#define LP_TOL_PIVOT 1e-9
#define LP_TOL_OPT 1e-9
#define LP_TOL_PHASE1 1e-7
/* Consecutive degenerate pivots before Bland's rule takes over. */
#define LP_DEGEN_SWITCH 50

enum lp_row_type { LP_LE = 0, LP_EQ = 1, LP_GE = 2 };

enum lp_status {
    LP_OPTIMAL = 0,
    LP_INFEASIBLE,      /* no x satisfies the rows and bounds */
    LP_UNBOUNDED,       /* the objective decreases without limit */
    LP_ITER_LIMIT,      /* stopped at max_iter (a cycle without anti-cycling) */
};

enum lp_rule {
    LP_RULE_AUTO = 0,   /* Dantzig, Bland after a run of degenerate pivots */
    LP_RULE_BLAND,      /* Bland throughout */
    LP_RULE_DANTZIG,    /* Dantzig only: no anti-cycling (for tests) */
};

struct lp_problem {
    size_t n;                       /* variables, >= 1 */
    size_t m;                       /* rows, >= 0 */
    const double *c;                /* n costs */
    const double *a;                /* m x n, row-major */
    const double *b;                /* m right-hand sides */
    const enum lp_row_type *type;   /* m row types, or NULL: all LP_LE */
    const double *upper;            /* n upper bounds (>= 0, INFINITY allowed),
                                     * or NULL: all INFINITY */
};

struct lp_options {
    enum lp_rule rule;
    int max_iter;       /* pivots plus bound flips; <= 0: 100 (n + 2m) + 1000 */
    int no_scale;       /* 1: no row/objective scaling, pivots as in a
                         * textbook (tests reproduce cycling with it) */
};

#define LP_OPTIONS_DEFAULT { LP_RULE_AUTO, 0, 0 }

struct lp_result {
    enum lp_status status;
    double objective;       /* c'x at x (only meaningful when LP_OPTIMAL) */
    int iterations;         /* pivots and bound flips, both phases */
    int degenerate;         /* pivots that did not move */
};

/* Solve p. x (n entries, caller-owned) receives the solution when status
 * is LP_OPTIMAL (else the last point reached). opt may be NULL. Returns 0
 * when the solver ran (the outcome is res->status), or ALLOT_E_INPUT for a
 * malformed problem (non-finite entry, negative or NaN upper bound),
 * naming the entry. */
int lp_solve(const struct lp_problem *p, const struct lp_options *opt, double *x,
             struct lp_result *res, struct allot_err *err);

/* "optimal", "infeasible", "unbounded", "iteration limit". */
const char *lp_status_name(enum lp_status s);

#endif
