/* bookload.h: a portfolio read from the store and valued: its positions,
 * the market resolved for them and the engine's book, as every command
 * and screen that values the book (exposure, stress, risk, optimize)
 * needs them. */
#ifndef ALLOT_STORE_BOOKLOAD_H
#define ALLOT_STORE_BOOKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "engine/portfolio/book.h"
#include "store/db.h"
#include "store/market.h"

struct loaded_book {
    int64_t portfolio_id;
    int64_t now_ms;
    struct position *pos;
    size_t n;
    struct market mkt;
    struct book *book;
};

/* Load portfolio (NULL: "main") at the store's valuation time, with spot
 * overrides. Returns 0 or a negative ALLOT_E_* with err set; on failure
 * nothing needs freeing. An empty portfolio is ALLOT_E_INPUT. */
int book_load(store_t *st, const char *portfolio, const struct market_override *ov,
              size_t n_ov, struct loaded_book *lb, struct allot_err *err);
/* The same at the valuation instant now_ms (Unix ms) instead of the
 * store's: `allot watch` values at the time of its latest quote. */
int book_load_at(store_t *st, const char *portfolio, const struct market_override *ov,
                 size_t n_ov, int64_t now_ms, struct loaded_book *lb, struct allot_err *err);
void book_unload(struct loaded_book *lb);

#endif
