/* trade.h: the trading settings every optimizer's trade list uses, read
 * from the store's settings: fee rates, lot sizes and minimum orders per
 * instrument kind, and the option fee rule. Reads only; no pricing. */
#ifndef ALLOT_STORE_TRADE_H
#define ALLOT_STORE_TRADE_H

#include "engine/portfolio/instrument.h"
#include "store/db.h"

/* Fee as a fraction of notional for trading kind k: the setting
 * "fee.KIND" (e.g. fee.perp), default 0.0005 for perps and futures, 0.001
 * for spot, 0.0003 for options (of the underlying's notional). Returns 0,
 * or ALLOT_E_INPUT naming a setting that is not a number >= 0, or a
 * store error. */
int trade_fee_rate(store_t *st, enum inst_kind k, double *rate, struct allot_err *err);
/* Contract step for kind k: the setting "lot.KIND", default 0.001 units
 * (linear perps, futures), 10 USD (inverse), 1e-8 units (spot), 0.1
 * contracts (options). Errors as trade_fee_rate. */
int trade_lot(store_t *st, enum inst_kind k, double *lot, struct allot_err *err);
/* Minimum order for kind k: the setting "min.KIND", default 0 (none).
 * Errors as trade_fee_rate. */
int trade_min_qty(store_t *st, enum inst_kind k, double *min_qty, struct allot_err *err);

/* An option trade's fee: rate times the underlying's notional, capped at
 * OPTION_FEE_CAP of the premium (as Deribit charges). Pure. */
#define OPTION_FEE_CAP 0.125
double option_fee_usd(double underlying_notional_usd, double premium_usd, double rate);

#endif
