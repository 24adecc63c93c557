/* vm_risk.h: the view-model of the Risk screen: VaR and CVaR of the
 * valued book at 99 % over 1 day by historical revaluation, delta-normal
 * and Monte-Carlo (normal and Student-t shocks, run on request with a
 * progress callback that may cancel), the spot x vol stress grid, and the
 * payoff of the book against one underlying now and at its first
 * expiry. Every number is the engine's (engine/risk) on the same inputs
 * as `allot risk`, `allot stress`; this module arranges them and keeps
 * copies (never the book). No curses. */
#ifndef ALLOT_TUI_VM_RISK_H
#define ALLOT_TUI_VM_RISK_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_matrix.h>

#include "engine/risk/bookvar.h"
#include "engine/risk/stress.h"
#include "engine/risk/var.h"
#include "store/db.h"
#include "tui/valuation.h"

enum vm_var_method { VMR_HIST = 0, VMR_NORMAL, VMR_MC_NORMAL, VMR_MC_T, VMR_NMETHODS };
enum vm_var_state { VMR_NONE = 0, VMR_OK, VMR_ERROR, VMR_CANCELLED };

#define VM_RISK_ERR_MAX 256
/* Spot multipliers 0.3 .. 2.0 in 102 steps of 1/60: point 42 is the spot
 * itself (0.3 + 1.7 x 42 / 102 = 1). */
#define VM_RISK_PAYOFF_POINTS 103

struct vm_var_row {
    enum vm_var_state state;
    struct var_est est;             /* var, cvar: USD losses */
    char error[VM_RISK_ERR_MAX];
};

struct vm_risk {
    unsigned long gen;              /* the valuation generation computed; 0: never */
    int ok;                         /* 0: no book (error says why) */
    char error[VM_RISK_ERR_MAX];
    struct bookvar_opts bo;         /* the defaults: 99 %, 1 day, 100000 paths, seed 1 */

    /* VaR: returns of the book's assets (universe order), daily sample covariance */
    struct vm_var_row var[VMR_NMETHODS];
    size_t t;                       /* daily returns used */
    int32_t first_day, last_day;
    gsl_matrix *cov;                /* daily, for normal and Monte-Carlo; NULL: none */
    char returns_error[VM_RISK_ERR_MAX];

    /* the stress grid, every underlying moved together */
    struct stress_grid grid;
    int have_grid;
    char grid_error[VM_RISK_ERR_MAX];

    /* the payoff against one underlying */
    char (*assets)[INST_SYMBOL_MAX];    /* the book's underlyings */
    size_t nassets;
    size_t pay_asset;               /* index into assets */
    double pay_spot_usd;            /* its spot now */
    double *pay_price;              /* VM_RISK_PAYOFF_POINTS underlying prices, USD */
    double *pay_now;                /* the book's PnL at each price now, USD */
    double *pay_expiry;             /* ... at the date chosen (the first expiry unless
                                     * vm_risk_payoff_at moved it); NULL: no option
                                     * expires */
    double pay_expiry_years;        /* time to that date */
    int64_t pay_expiry_ms;
    double pay_last_years;          /* the last expiry: the latest date allowed */
    double pay_at_years;            /* the date asked for, in years from now; 0: the
                                     * first expiry (kept across underlyings and syncs) */
    int have_payoff;
    char pay_error[VM_RISK_ERR_MAX];
};

void vm_risk_init(struct vm_risk *v);
void vm_risk_done(struct vm_risk *v);

/* Bring v up to val when val's generation differs from the one computed
 * (or force is set): historical and delta-normal VaR (returns from st),
 * the stress grid and the payoff of the selected underlying (kept by
 * symbol); the Monte-Carlo rows go back to VMR_NONE. Statistics that
 * fail are recorded in the rows' errors, not returned. Returns 1 when
 * recomputed, 0 when current, or a negative store error (err set). */
int vm_risk_sync(struct vm_risk *v, store_t *st, const struct valuation *val, int force,
                 struct allot_err *err);

/* Run the Monte-Carlo VaR (VMR_MC_NORMAL or VMR_MC_T) on val's book with
 * v's covariance, calling progress(user, done, total) as bookvar_mc
 * does; a non-zero return cancels (the row becomes VMR_CANCELLED). The
 * row's state says how it went. */
void vm_risk_mc(struct vm_risk *v, const struct valuation *val, enum vm_var_method m,
                bookvar_progress_fn progress, void *user);

/* Select underlying i (0..nassets-1) for the payoff and recompute it. */
void vm_risk_payoff(struct vm_risk *v, const struct valuation *val, size_t i);
/* Draw the second payoff curve at years from now instead of the first
 * expiry, held within [1 day, the last expiry] (years <= 0: back to the
 * first expiry), and recompute. */
void vm_risk_payoff_at(struct vm_risk *v, const struct valuation *val, double years);

/* "historical", "normal", "mc-normal", "mc-t": the names of `allot risk`. */
const char *vm_risk_method_name(enum vm_var_method m);

#endif
