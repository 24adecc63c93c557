/* tailrun.h: the tail hedge run on a valued book (bookload.h): the puts
 * of the stored option chain on the book's crypto underlyings, valued
 * by the book's engine in each crash scenario, and the cheapest set
 * that caps the loss (engine/optimize/tailhedge.h), as a trade list
 * without the general before/after figures (propfigs.h adds them).
 * Reads the store; writes nothing. */
#ifndef ALLOT_STORE_TAILRUN_H
#define ALLOT_STORE_TAILRUN_H

#include <stddef.h>
#include <stdint.h>

#include "engine/optimize/tradelist.h"
#include "store/bookload.h"

#define TAILRUN_MAX_SCEN 16
#define TAILRUN_DEFAULT_SCENARIOS "-30:1.5,-50:2,-70:3"
#define TAILRUN_DEFAULT_MAX_LOSS_PCT 20.0
#define TAILRUN_DEFAULT_MIN_DAYS 7
#define TAILRUN_BARE_VOL_MULT 2.0   /* a scenario given as a move alone doubles vols */

struct tailrun_scen {
    double move;                /* every crypto spot's move, decimal (-0.5) */
    double vol_mult;            /* every option's vol multiplier */
};

/* Parse "-30:1.5,-50:2,-70" (moves in % in (-100, 0), each with an
 * optional vol multiplier in (0, 10], TAILRUN_BARE_VOL_MULT without)
 * into sc (room for TAILRUN_MAX_SCEN). Returns 0 with *n set, or
 * ALLOT_E_INPUT with a message naming the bad item ("a crash is a move
 * in % between -100 and 0 ..."). */
int tailrun_parse_scenarios(const char *s, struct tailrun_scen *sc, size_t *n,
                            struct allot_err *err);

struct tailrun_params {
    const struct tailrun_scen *scen;
    size_t n_scen;
    const char *scen_text;      /* as the user wrote them, for the params text */
    double max_loss_pct;        /* the cap, % of the book's value, in [0, 100) */
    int64_t expiry_ms;          /* only puts of this expiry (within a day); 0: any */
    long min_days;              /* only puts expiring at least this many days out */
    double max_contracts;       /* per put; INFINITY: none */
};

/* Solve. Method "tail-hedge"; trades are puts bought (at the ask when
 * quoted, else the mark), with the figures "premium" and one "loss
 * MOVE% vol xM (cap C)" per scenario (USD, before and after). On success
 * returns 0 with *out new (tradelist_free); else ALLOT_E_INPUT (no
 * positive equity, no puts in the chain), ALLOT_E_NUMERIC (the caps
 * cannot be met: the message says by how much), or another error, with
 * err set and *out NULL. */
int tailrun_solve(store_t *st, const struct loaded_book *lb, const struct tailrun_params *p,
                  struct tradelist **out, struct allot_err *err);

#endif
