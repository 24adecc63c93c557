/* vm_exposure.h: the view-model of the Exposure screen: the valuation's
 * figures copied into rows (one per underlying, then the total, then one
 * per position) and the session history as two series (equity and net
 * delta USD), rebuilt only when the valuation's generation changes. The
 * numbers are book_exposure's, as `allot exposure --csv` prints them;
 * nothing is computed here. No curses. */
#ifndef ALLOT_TUI_VM_EXPOSURE_H
#define ALLOT_TUI_VM_EXPOSURE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/portfolio/book.h"
#include "tui/valuation.h"

struct vm_expo_row {
    char symbol[INST_SYMBOL_MAX];   /* the underlying; "total" for the book */
    double spot_usd;                /* NAN for the total */
    struct book_expo x;             /* units and USD as book.h (units NAN in the total) */
};

struct vm_expo_pos {
    int64_t id;                     /* the position's store id */
    char instrument[INST_NAME_MAX];
    char underlying[INST_SYMBOL_MAX];
    enum inst_kind kind;
    double quantity;
    double vol_ann;                 /* the vol used (options), else NAN */
    struct book_expo x;
};

struct vm_exposure {
    unsigned long gen;              /* the valuation generation copied; 0: never */
    int ok;                         /* 0: no book (error says why) */
    char error[VALUATION_ERR_MAX];
    int64_t asof_ms;                /* the valuation instant */
    struct vm_expo_row *rows;       /* n_under underlyings (by symbol), then the total */
    size_t n_under;
    struct vm_expo_pos *pos;        /* every position, in the book's order */
    size_t npos;
    double *hist_equity_usd;        /* nhist samples, oldest first */
    double *hist_delta_usd;
    size_t nhist;
};

void vm_exposure_init(struct vm_exposure *v);
void vm_exposure_done(struct vm_exposure *v);
/* Copy val into v when its generation differs from the one copied (or
 * force is set). Returns 1 when v was rebuilt, 0 when it was current. */
int vm_exposure_sync(struct vm_exposure *v, const struct valuation *val, int force);
/* The total row (rows[n_under]); NULL when !ok. */
const struct vm_expo_row *vm_exposure_total(const struct vm_exposure *v);

#endif
