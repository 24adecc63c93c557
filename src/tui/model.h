/* model.h: the data the interactive screens show, loaded from the store
 * (src/store only: never sqlite3.h): the portfolios, the positions of the
 * one shown, the last stored close of each underlying, and the book
 * valued (valuation.h: exposure, equity, session history). Also the
 * writes the UI makes (position add/edit/delete, undo), each in one
 * transaction with its journal entry, so `u` or `allot undo` reverses it.
 * Screens read it after each reload and copy what they keep. */
#ifndef ALLOT_TUI_MODEL_H
#define ALLOT_TUI_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/portfolio/instrument.h"
#include "store/db.h"
#include "store/positions.h"
#include "tui/valuation.h"
#include "util/err.h"

struct model_close {
    char symbol[INST_SYMBOL_MAX];
    int have;               /* 0: no stored close */
    int32_t day;            /* the close's date */
    double close;           /* USD */
};

struct model {
    store_t *st;
    struct portfolio_info *pf;      /* every portfolio, by name */
    size_t npf;
    long cur;                       /* index into pf of the one shown, -1 when none */
    struct position *pos;           /* its positions */
    size_t npos;
    struct model_close *closes;     /* one per distinct underlying of pos */
    size_t ncloses;
    int64_t asof_ms;                /* store_now_ms: the valuation instant */
    /* Sum of quantity x last close over spot positions, USD; valid only
     * when spot_ok (every spot underlying has a close). The value of
     * perps, futures and options needs the pricing engine: not here. */
    double spot_value_usd;
    int spot_ok;
    size_t nspot;
    unsigned long generation;       /* counts reloads */
    /* The book valued at the store's spots (or the last live ones, see
     * model_reval); val.generation counts valuations, so a screen sees
     * a revaluation without a reload. */
    struct valuation val;
};

/* Open the store at path (no creation: a missing store is an error
 * naming allot init) and load it, showing portfolio `portfolio` (NULL:
 * "main", else the first). Returns 0 or an ALLOT_E_* with err set. */
int model_open(struct model *m, const char *path, const char *portfolio,
               struct allot_err *err);
/* Close the store and free everything; safe on a zeroed model. */
void model_close(struct model *m);
/* Reload everything, keeping the portfolio shown by id when it still
 * exists. */
int model_reload(struct model *m, struct allot_err *err);
/* Show portfolio index i (0..npf-1) and reload. */
int model_select(struct model *m, size_t i, struct allot_err *err);
/* Show the portfolio named name; ALLOT_E_NOTFOUND when absent. */
int model_select_name(struct model *m, const char *name, struct allot_err *err);

/* The portfolio shown, or NULL. */
const struct portfolio_info *model_portfolio(const struct model *m);
/* The position with this id, or NULL. */
const struct position *model_position(const struct model *m, int64_t id);
/* The last close of an underlying, or NULL when none is stored. */
const struct model_close *model_last_close(const struct model *m, const char *symbol);
/* The store, for a screen's own queries (prices_load, quotes_get ...). */
store_t *model_store(const struct model *m);

/* Revalue the book shown at new spots and options' implied vols (a
 * batch of live quotes) and, when now_ms > 0, at that instant:
 * valuation_reval on m->val (sampling the session history). The
 * positions and the store are untouched; the next reload values at the
 * store's prices again. Returns 0 (symbols the book does not hold are
 * skipped, counted in *skipped, which may be NULL) or ALLOT_E_INPUT with
 * err set and the valuation unchanged. A feed's fd
 * callback calls it and returns REACT_REDRAW: the screens notice the new
 * val.generation when they render. */
int model_reval(struct model *m, const struct valuation_spot *spots, size_t n,
                const struct valuation_vol *vols, size_t nv, int64_t now_ms, size_t *skipped,
                struct allot_err *err);

/* Add p (p->id == 0) or replace the stored position p->id, validated,
 * refusing an expiry at or before the valuation instant; journaled as
 * "position add" / "position edit". Sets p->id. Does not reload. */
int model_save_position(struct model *m, struct position *p, struct allot_err *err);
/* Delete position id, journaled ("position rm"). Does not reload. */
int model_delete_position(struct model *m, int64_t id, struct allot_err *err);
/* Undo the newest undoable journal entry; *undone receives its id and
 * what (size n) its action and summary. Does not reload. */
int model_undo(struct model *m, int64_t *undone, char *what, size_t n, struct allot_err *err);

#endif
