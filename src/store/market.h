/* market.h: the market a book is valued against, resolved from the
 * store: each underlying's spot (the later of its latest quote and its
 * last close, not after the valuation time), the rate, carry and perp
 * funding settings, and an implied vol for each option without one of its
 * own (the newer of the stored chain's mark IV for that instrument and
 * its latest quoted IV not after the valuation time, the quote's on a
 * tie), and the chain's forward for options of a snapshot less than a
 * day old (so that a coin option is priced as the exchange marks
 * it: Black-76 on that forward). Says where every number came from. */
#ifndef ALLOT_STORE_MARKET_H
#define ALLOT_STORE_MARKET_H

#include <stddef.h>
#include <stdint.h>

#include "engine/portfolio/book.h"
#include "store/db.h"

#define MARKET_SOURCE_MAX 48
/* A chain's forward prices an option only while the snapshot is fresh. */
#define MARKET_FORWARD_AGE_MS (86400LL * 1000)

struct market {
    struct book_market m;           /* what book_new takes; points into the arrays below */
    struct book_asset *assets;      /* the universe: the positions' underlyings, sorted */
    size_t n_assets;
    char (*spot_source)[MARKET_SOURCE_MAX];  /* per asset: "close 2024-12-06", "quote ...",
                                              * "given" */
    double *pos_vol;                /* per position: resolved vol, NAN if none needed */
    double *pos_fwd;                /* per position: the chain's forward when the chain
                                     * snapshot is at most MARKET_FORWARD_AGE_MS old,
                                     * as pos_fwd_basis x the underlying's spot */
    double *pos_fwd_basis;          /* per position: that forward over the index it was
                                     * quoted against (over the spot when the chain has
                                     * no index); NAN when none. A new spot S gives the
                                     * forward S x basis: market_set_forwards */
    char (*vol_source)[MARKET_SOURCE_MAX];   /* per position: "position", "chain ...", ... */
    int64_t *pos_vol_ts;            /* per position: the time of that vol's source in Unix
                                     * ms (a chain's snapshot, a quote's); INT64_MAX for a
                                     * position's own, INT64_MIN for none: a live IV
                                     * replaces a vol only when not older */
};

/* Set pos_fwd from the assets' spots and pos_fwd_basis (after a spot moved). */
void market_set_forwards(struct market *m, const struct position *pos, size_t n);

/* A spot given by the user (--spot SYM=PRICE); it wins over the store. */
struct market_override {
    const char *symbol;
    double spot_usd;
};

/* Resolve the market for n positions at now_ms. Settings read: "rate"
 * (annual decimal, default 0), "carry.SYM" and "funding.SYM" (perp
 * funding per day, fraction; default 0). An underlying with no quote, no
 * close and no override is ALLOT_E_NOTFOUND naming it; an option still
 * without a vol is left NAN (book_new then names it). On success *out
 * owns its arrays (market_done frees them). */
int market_load(store_t *st, const struct position *pos, size_t n, int64_t now_ms,
                const struct market_override *ov, size_t n_ov, struct market *out,
                struct allot_err *err);
void market_done(struct market *m);

#endif
