/* instrument.h: what a position is, and the conventions every number in
 * allot follows. Pure data and validation: no I/O, no pricing.
 *
 * Conventions (written once here; elsewhere, point here):
 *  - Signs: long > 0, short < 0, for every quantity.
 *  - Prices are in USD unless a name says coin. A coin-settled option's
 *    entry price and premium are in the coin (Deribit style).
 *  - Volatility is an annual decimal (0.65, not 65); a vol point is 0.01.
 *  - Rates and carry yields are continuously compounded annual decimals.
 *  - Option time is calendar time: t_years = seconds / (365 * 86400).
 *  - Returns are annualised by the asset's calendar: 365 days a year for
 *    crypto, 252 for equities (a per-asset setting).
 *  - Display units: delta in units of the underlying and in USD; gamma as
 *    the USD change of delta per 1 % move (gamma * S^2 / 100); vega in USD
 *    per vol point; theta in USD per calendar day; rho in USD per 1 % rate;
 *    vanna in USD delta per vol point; volga in USD vega per vol point.
 *
 * Quantity and entry price by kind:
 *  | kind          | quantity                  | entry_price            |
 *  | spot          | units of the asset        | USD per unit           |
 *  | perp, future  | units of the asset        | USD per unit           |
 *  | inverse-perp, | USD notional (contracts   | USD per coin           |
 *  | inverse-future| x contract value)         |                        |
 *  | option        | contracts (x multiplier   | USD per contract unit  |
 *  |               | units of the underlying)  | (per 1 underlying)     |
 *  | coin-option   | contracts, as above       | coin per contract unit |
 */
#ifndef ALLOT_ENGINE_PORTFOLIO_INSTRUMENT_H
#define ALLOT_ENGINE_PORTFOLIO_INSTRUMENT_H

#include <stdint.h>

#include "util/err.h"

enum inst_kind {
    INST_SPOT = 0,
    INST_PERP,          /* linear perpetual swap (USDT/USDC margined) */
    INST_FUTURE,        /* linear dated future */
    INST_INV_PERP,      /* inverse perpetual (coin margined, USD notional) */
    INST_INV_FUTURE,    /* inverse dated future */
    INST_OPTION,        /* European option, premium and PnL in USD */
    INST_COIN_OPTION,   /* European option, premium and PnL in the coin */
    INST_KIND_COUNT
};

#define INST_NAME_MAX 64
#define INST_SYMBOL_MAX 32
#define INST_NOTE_MAX 128

struct position {
    int64_t id;                         /* store id; 0 before it is stored */
    enum inst_kind kind;
    char instrument[INST_NAME_MAX];     /* BTC, BTC-PERP, BTC-27JUN25-60000-C */
    char underlying[INST_SYMBOL_MAX];   /* the priced asset: BTC */
    double quantity;                    /* see the table above; never 0 */
    double entry_price;                 /* see the table above; > 0 */
    double fee_usd;                     /* fees paid to open, USD, >= 0 */
    int32_t open_day;                   /* days since 1970-01-01, or DATE_NONE */
    /* dated futures and options */
    int64_t expiry_ms;                  /* Unix ms UTC; 0 for none */
    /* options */
    double strike;                      /* USD; 0 for non-options */
    int is_call;                        /* 1 call, 0 put */
    double multiplier;                  /* underlying units per contract */
    double iv;                          /* vol_ann of this position, or NAN:
                                         * take it from the chain or quotes */
    char note[INST_NOTE_MAX];
};

/* Lower-case names used in files, the store and the CLI: "spot", "perp",
 * "future", "inverse-perp", "inverse-future", "option", "coin-option". */
const char *inst_kind_name(enum inst_kind kind);
/* Parse a kind name; returns 0 and sets *kind, or -1. */
int inst_kind_parse(const char *s, enum inst_kind *kind);

int inst_is_option(enum inst_kind kind);
int inst_is_inverse(enum inst_kind kind);
int inst_has_expiry(enum inst_kind kind);

/* Fill underlying, expiry, strike and call/put of p from an exchange
 * instrument name in Deribit's form: BTC-27JUN25-60000-C (option),
 * BTC-27JUN25 (dated future), BTC-PERPETUAL or BTC-PERP (perpetual);
 * expiries are at 08:00 UTC as on Deribit. Sets *kind_hint to INST_OPTION,
 * INST_FUTURE or INST_PERP (the caller decides linear, inverse or coin
 * settlement). Returns 0, or -1 when the name has no such form (p is then
 * unchanged). */
#define INST_EXPIRY_HOUR_UTC 8
int inst_parse_name(const char *name, struct position *p, enum inst_kind *kind_hint);

/* Fill p with the defaults of a new position (ids 0, iv NAN, open_day
 * DATE_NONE, multiplier 1). */
void position_init(struct position *p);

/* Check that p is complete and consistent for its kind: quantity not 0
 * and finite, entry price > 0, fee >= 0, an option has strike > 0, an
 * expiry, a multiplier > 0 and iv either NAN or in (0, 10]; a dated future
 * has an expiry; a perp or spot has none. Returns 0, or ALLOT_E_INPUT with
 * a message naming the field (the caller sets the location). */
int position_validate(const struct position *p, struct allot_err *err);

#endif
