/* hedgerun.h: the hedging optimizers run on a valued book (bookload.h):
 * delta-neutral (each underlying's delta to a target with a perp, an
 * inverse perp or spot), the cross-asset minimum-variance hedge (an
 * exposure to A hedged with B, on the store's closes) and the
 * delta-vega hedge (an option of the stored chain and the perp). Each
 * returns a trade list (engine/optimize/tradelist.h) without the general
 * before/after figures (propfigs.h adds them). Reads the store (trading
 * settings, asset classes, closes, the chain); writes nothing. */
#ifndef ALLOT_STORE_HEDGERUN_H
#define ALLOT_STORE_HEDGERUN_H

#include <stddef.h>
#include <stdint.h>

#include "engine/optimize/tradelist.h"
#include "store/bookload.h"

/* The hedge instrument kind named s: "perp", "inverse-perp" or "spot".
 * Returns 0 with *k set, or -1. */
int hedgerun_parse_using(const char *s, enum inst_kind *k);

/* The instrument a hedge of kind k on underlying sym trades: the one the
 * book holds of that kind (added to), else SYM-PERP, SYM-PERPETUAL or
 * SYM. Fills *p (position_init'ed). */
void hedgerun_instrument(const struct loaded_book *lb, const char *sym, enum inst_kind k,
                         struct position *p);

struct hedgerun_dn {
    enum inst_kind using;       /* INST_PERP, INST_INV_PERP or INST_SPOT */
    double target_units;        /* the delta wanted per underlying, units */
    const char *underlying;     /* one underlying, or NULL: every crypto one */
};

/* Delta-neutral: for each hedged underlying, hedge_delta (hedge.h) from
 * the book's delta (d value / d spot, units) to the target, rounded to
 * the kind's lot and minimum (trade.h), in hedgerun_instrument. Method
 * "delta-neutral", params "using=KIND target=T[ underlying=SYM]". On
 * success returns 0 with *out new (tradelist_free); else a negative
 * ALLOT_E_* (ALLOT_E_INPUT when the named underlying is not in the book)
 * with err set and *out NULL. */
int hedgerun_delta_neutral(store_t *st, const struct loaded_book *lb,
                           const struct hedgerun_dn *p, struct tradelist **out,
                           struct allot_err *err);

struct hedgerun_cross {
    const char *asset;          /* A: the book's exposure to hedge */
    const char *hedge;          /* B: what to trade */
    const char *estimator;      /* "sample", "ewma" or "stressed" */
    enum inst_kind using;
    size_t window;              /* the last N daily returns; 0: all */
};

/* Cross-asset minimum-variance hedge of the book's USD delta to A with B
 * (hedge_min_variance on the daily log returns of A and B: sample,
 * EWMA, or the stressed correlation of the worst 5 % basket days with
 * full-history vols). Method "hedge"; one trade in B rounded to the lot,
 * and the figure "variance of A exposure" (USD2/day). Returns as
 * hedgerun_delta_neutral; ALLOT_E_INPUT when the book holds nothing on
 * A or the estimator is unknown. */
int hedgerun_cross(store_t *st, const struct loaded_book *lb, const struct hedgerun_cross *p,
                   struct tradelist **out, struct allot_err *err);

struct hedgerun_dv {
    const char *underlying;
    int64_t expiry_ms;          /* the option's expiry; 0: the first one at least 7
                                 * days out with an implied vol */
    double target_delta_units, target_vega_usd_per_volpt;
    enum inst_kind using;
};

/* Delta-vega: the nearest-ATM call of the stored chain at that expiry
 * and the perp (or inverse perp, or spot) solving the two targets
 * (hedge_delta_vega). Method "delta-vega". Returns as
 * hedgerun_delta_neutral; ALLOT_E_INPUT when the chain has no such call,
 * ALLOT_E_NUMERIC when the system is ill-conditioned. */
int hedgerun_delta_vega(store_t *st, const struct loaded_book *lb, const struct hedgerun_dv *p,
                        struct tradelist **out, struct allot_err *err);

#endif
