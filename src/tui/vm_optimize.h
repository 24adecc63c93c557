/* vm_optimize.h: the view-model of the Optimize screen: the five methods
 * (risk parity over crypto assets, delta-neutral, cross-asset hedge,
 * delta-vega, tail hedge) with their parameter fields and defaults for
 * the book, the validation of what the user typed, the run (the same
 * store/ code as `allot optimize`, with the before/after figures of
 * store/propfigs.h), the proposal under review (an owned copy), and
 * applying it as one journaled transaction exactly as `allot apply`
 * does (store/proposals.h). No curses. */
#ifndef ALLOT_TUI_VM_OPTIMIZE_H
#define ALLOT_TUI_VM_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/optimize/tradelist.h"
#include "store/db.h"
#include "store/proposals.h"
#include "tui/valuation.h"

enum vm_opt_method {
    VMO_RISKPARITY = 0, VMO_DELTA_NEUTRAL, VMO_HEDGE, VMO_DELTA_VEGA, VMO_TAIL_HEDGE,
    VMO_NMETHODS
};

#define VMO_MAX_FIELDS 8
#define VMO_VALUE_MAX 256
#define VMO_ERR_MAX 200
#define VMO_ARGS_MAX 24             /* words of the equivalent batch command */

struct vm_opt_field {
    const char *label;              /* "max loss %" */
    const char *option;             /* the batch option it is: "--max-loss" */
    const char *hint;               /* one line under the form */
    const char *const *choices;     /* NULL: typed text */
    size_t nchoices;
};

struct vm_opt_method_def {
    const char *name;               /* the batch method: "tail-hedge" */
    const char *title;              /* "Tail hedge with puts" */
    const char *summary;            /* what it proposes, a sentence */
    struct vm_opt_field fields[VMO_MAX_FIELDS];
    size_t nfields;
};

/* The method's definition (static). */
const struct vm_opt_method_def *vm_optimize_method(enum vm_opt_method m);

/* The defaults of m's fields for this book, into values (nfields
 * strings of VMO_VALUE_MAX): risk parity on the book's crypto
 * underlyings; delta-neutral with perps to 0; hedge the crypto
 * underlying of the largest USD delta (BTC excepted) with BTC;
 * delta-vega on the crypto underlying of the largest |vega|; tail hedge
 * capping the loss at 20 % of equity in -30 %, -50 %, -70 % crashes. A
 * choice field's value is one of its choices. */
void vm_optimize_defaults(enum vm_opt_method m, store_t *st, const struct valuation *val,
                          char (*values)[VMO_VALUE_MAX]);

struct vm_optimize {
    enum vm_opt_method method;      /* of the proposal */
    struct tradelist *tl;           /* the proposal under review (owned), NULL: none */
    char args[VMO_ARGS_MAX][VMO_VALUE_MAX];     /* the same run as a batch command: */
    size_t nargs;                   /* "optimize" "tail-hedge" "--max-loss" "5" ... */
    char field_error[VMO_MAX_FIELDS][VMO_ERR_MAX];  /* per field, after a failed run */
    int applied;                    /* 1: applied and not undone */
    char applied_name[65];          /* the saved proposal's name, "" before applying */
    struct proposal_applied done;   /* what applying wrote */
};

void vm_optimize_init(struct vm_optimize *v);
void vm_optimize_done(struct vm_optimize *v);

/* Check values (m's nfields strings) and run m on val's book. On
 * success returns 0 and replaces the proposal under review (with the
 * figures added) and args. On bad values returns ALLOT_E_INPUT with the
 * fields' errors in field_error and err naming the first; when the
 * method fails (no puts to buy, caps that cannot be met, a singular
 * hedge) returns its error with err set; in both cases the proposal
 * under review is unchanged. */
int vm_optimize_run(struct vm_optimize *v, store_t *st, const struct valuation *val,
                    enum vm_opt_method m, const char *const *values, struct allot_err *err);

/* Save the proposal under review as "ui-METHOD-K" (the first K free) for
 * val's portfolio and apply it, in one transaction: one journal entry
 * that `u` or `allot undo` reverses. Returns 0 (v->applied, applied_name
 * and done set), or an error with the store unchanged. */
int vm_optimize_apply(struct vm_optimize *v, store_t *st, const struct valuation *val,
                      struct allot_err *err);

/* Re-read whether the applied proposal still stands (after an undo). */
void vm_optimize_refresh(struct vm_optimize *v, store_t *st);

/* Drop the proposal under review (nothing is written). */
void vm_optimize_discard(struct vm_optimize *v);

#endif
