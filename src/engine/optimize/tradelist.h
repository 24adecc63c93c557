/* tradelist.h: a proposal from an optimizer: the trade list, a before/
 * after table of named figures, and the method with its parameters as
 * text; plus applying a trade list to a book in memory. Plain data that
 * the store persists field by field: no I/O, no pricing.
 *
 * Layout: struct tradelist owns two growable arrays (trades, figures) of
 * fixed-size records with no pointers inside, so each record can be
 * stored as one row. Numbers follow instrument.h (quantity units by kind,
 * USD unless named). */
#ifndef ALLOT_ENGINE_OPTIMIZE_TRADELIST_H
#define ALLOT_ENGINE_OPTIMIZE_TRADELIST_H

#include <stddef.h>

#include "engine/portfolio/instrument.h"
#include "util/err.h"

#define TRADELIST_METHOD_MAX 32
#define TRADELIST_PARAMS_MAX 512
#define TRADELIST_FIG_NAME_MAX 48
#define TRADELIST_FIG_UNIT_MAX 16

enum trade_side { TRADE_BUY = 1, TRADE_SELL = -1 };

struct tradelist_trade {
    struct position inst;   /* the instrument: kind, instrument name,
                             * underlying, expiry, strike, is_call,
                             * multiplier, iv; its quantity, entry_price,
                             * fee_usd and id are ignored */
    enum trade_side side;
    double quantity;        /* > 0, in the kind's quantity unit */
    double price;           /* price used, in the kind's entry-price unit */
    double fee_usd;         /* >= 0 */
    double notional_usd;    /* |USD notional| of the trade, for display */
};

struct tradelist_figure {
    char name[TRADELIST_FIG_NAME_MAX];  /* "BTC delta", "VaR 99% 1d", "loss -70%" */
    double before, after;
    char unit[TRADELIST_FIG_UNIT_MAX];  /* "BTC", "USD", "USD/volpt", "%" */
};

struct tradelist {
    char method[TRADELIST_METHOD_MAX];  /* "riskparity", "delta-neutral", ... */
    char params[TRADELIST_PARAMS_MAX];  /* "budgets=0.5,0.5 tol=1e-10" */
    size_t n_trades, cap_trades;
    struct tradelist_trade *trades;
    size_t n_figures, cap_figures;
    struct tradelist_figure *figures;
};

/* A new empty proposal (method and params truncated to fit). Never NULL. */
struct tradelist *tradelist_new(const char *method, const char *params);
/* Free it; NULL is a no-op. */
void tradelist_free(struct tradelist *tl);
/* Append a copy of *t. */
void tradelist_add_trade(struct tradelist *tl, const struct tradelist_trade *t);
/* Append a figure (name and unit truncated to fit). */
void tradelist_add_figure(struct tradelist *tl, const char *name, double before, double after,
                          const char *unit);

/* Apply the trades, in order, to the n_book positions of book, giving a
 * new array *out of *n_out positions (caller frees with free(); book is
 * not modified). A trade matches a held position with the same instrument
 * name and kind. Signed change dq = +quantity for a buy, -quantity for a
 * sell:
 *  - same direction as the position (adding): quantity q + dq, entry the
 *    quantity-weighted average (|q| E + |dq| P) / (|q| + |dq|); for inverse
 *    kinds the notional-weighted harmonic mean (|q| + |dq|) / (|q|/E +
 *    |dq|/P), which keeps the coin PnL N (1/E - 1/S) exact; fee added;
 *  - opposite direction, |dq| < |q| (reducing): quantity q + dq, entry and
 *    fee unchanged;
 *  - |dq| == |q| within 1e-12 relative: the position closes (removed);
 *  - |dq| > |q| (flipping): closes, and the rest |dq| - |q| opens at the
 *    trade price with the trade's fee pro rata;
 *  - no match: a new position from the trade's instrument with quantity
 *    dq, entry the trade price, fee the trade's fee, id 0.
 * Remaining positions keep their order; new ones follow. Returns 0, or
 * ALLOT_E_INPUT naming the trade (0-based) whose quantity, price or fee is
 * bad, or whose new position fails position_validate; *out is then NULL. */
int tradelist_apply(const struct tradelist *tl, const struct position *book, size_t n_book,
                    struct position **out, size_t *n_out, struct allot_err *err);

#endif
