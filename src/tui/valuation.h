/* valuation.h: the portfolio shown, valued once for every screen: the
 * book loaded from the store (store/bookload.h), its exposure per
 * position, per underlying and in total (engine/portfolio/book.h), and a
 * session history of equity and net delta sampled at each revaluation.
 * valuation_reval is the entry point of live quotes: it revalues the same
 * positions at new spots and options' new implied vols. No curses, no drawing. */
#ifndef ALLOT_TUI_VALUATION_H
#define ALLOT_TUI_VALUATION_H

#include <stddef.h>
#include <stdint.h>

#include "engine/portfolio/book.h"
#include "store/bookload.h"
#include "store/db.h"
#include "store/positions.h"
#include "util/err.h"

#define VALUATION_HISTORY 512       /* samples kept (a ring) */
#define VALUATION_ERR_MAX 256

struct valuation_sample {
    int64_t t_ms;                   /* the valuation instant */
    double equity_usd;              /* the book's value, total.value_usd */
    double delta_usd;               /* net delta, total.delta_usd */
};

struct valuation {
    int ok;                         /* 1: lb, lines, per_asset and total hold the book */
    char portfolio[PORTFOLIO_NAME_MAX];     /* the portfolio's name ("" for none) */
    char error[VALUATION_ERR_MAX];  /* why not, when !ok ("" for no portfolio) */
    struct loaded_book lb;          /* positions, market, engine book */
    struct book_line *lines;        /* lb.n: one per position */
    struct book_expo *per_asset;    /* book_n_assets: one per underlying, as lb.mkt.assets */
    struct book_expo total;
    unsigned long generation;       /* counts successful valuations (load or reval) */

    struct valuation_sample hist[VALUATION_HISTORY];
    size_t nhist, head;             /* samples held; the next slot */
    int64_t hist_portfolio;         /* the portfolio the history is of */
};

/* A new spot for one underlying (a quote of a live feed). */
struct valuation_spot {
    const char *symbol;
    double spot_usd;                /* > 0 */
};

/* A new implied vol for one option instrument (a live feed's quote of
 * it): it replaces the vol of every option position on that instrument
 * whose vol is not newer (market.h pos_vol_ts: a chain snapshot taken
 * after the quote keeps its IV; a position's own IV always stays). */
struct valuation_vol {
    const char *instrument;         /* the exchange name, as positions hold it */
    double iv;                      /* annual decimal, > 0 */
    int64_t ts_ms;                  /* the quote's time, Unix ms */
};

/* Zero v (no book). */
void valuation_init(struct valuation *v);
/* Free v's book and arrays; v stays usable (valuation_load again). */
void valuation_done(struct valuation *v);

/* Value portfolio (NULL: "main") from the store at its valuation time
 * and sample the history (cleared first when the portfolio differs from
 * the last one sampled). A book that cannot be valued (no positions, an
 * underlying without a price, an option without a vol) is not an error
 * of this call: v->ok is 0 and v->error says why. Returns 0, or a
 * negative ALLOT_E_* only when the store fails (err set). */
int valuation_load(struct valuation *v, store_t *st, const char *portfolio,
                   struct allot_err *err);

/* Revalue the same positions with n new spots and nv new implied vols
 * (symbols and instruments the book does not hold are skipped and
 * counted in *skipped, which may be NULL) and, when now_ms > 0, at that
 * instant (options age); then recompute the exposure, sample the history
 * and bump the generation. Returns 0, or ALLOT_E_INPUT (no book is
 * valued, a spot or iv not finite and > 0, or the pricer refused the new
 * market, naming it) with v unchanged. This is what a live feed calls on
 * each batch of quotes. */
int valuation_reval(struct valuation *v, const struct valuation_spot *spots, size_t n,
                    const struct valuation_vol *vols, size_t nv, int64_t now_ms,
                    size_t *skipped, struct allot_err *err);

/* The history, oldest first: up to max samples into out (may be NULL
 * to count). Returns the number of samples held (at most
 * VALUATION_HISTORY). */
size_t valuation_history(const struct valuation *v, struct valuation_sample *out, size_t max);

/* The index of underlying sym in the book's universe (lb.mkt.assets),
 * or -1 (also when no book is valued). */
long valuation_asset(const struct valuation *v, const char *sym);

#endif
