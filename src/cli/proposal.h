/* proposal.h: what every optimizer command does with its trade list: the
 * book's figures before and after (deltas, greeks, crash losses,
 * historical VaR/CVaR), printing, and saving for `allot apply`. Also the
 * trading settings (fee rates and lots per instrument kind). */
#ifndef ALLOT_CLI_PROPOSAL_H
#define ALLOT_CLI_PROPOSAL_H

#include "cli/bookload.h"
#include "cli/cli.h"
#include "engine/optimize/tradelist.h"

/* Fee as a fraction of notional for trading kind k: the setting
 * "fee.KIND" (e.g. fee.perp), default 0.0005 for perps and futures, 0.001
 * for spot, 0.0003 for options (of the underlying's notional). */
int trade_fee_rate(store_t *st, enum inst_kind k, double *rate, struct allot_err *err);
/* Contract step for kind k: the setting "lot.KIND", default 0.001 units
 * (linear perps, futures), 10 USD (inverse), 1e-8 units (spot), 0.1
 * contracts (options). */
int trade_lot(store_t *st, enum inst_kind k, double *lot, struct allot_err *err);

/* Minimum order for kind k: the setting "min.KIND", default 0 (none). */
int trade_min_qty(store_t *st, enum inst_kind k, double *min_qty, struct allot_err *err);

/* An option trade's fee: rate times the underlying's notional, capped at
 * OPTION_FEE_CAP of the premium (as Deribit charges). */
#define OPTION_FEE_CAP 0.125
double option_fee_usd(double underlying_notional_usd, double premium_usd, double rate);

/* Add before/after figures to tl (the book before is lb). Returns 0 or
 * an error (e.g. the book after the trades cannot be valued). */
int proposal_figures(store_t *st, const struct loaded_book *lb, struct tradelist *tl,
                     struct allot_err *err);

/* Print tl: the trades, then the figures (with --csv: two CSV blocks, the
 * trades and the figures, separated by an empty line). */
void proposal_print(struct cli_env *env, const struct tradelist *tl, int csv);

/* Figures, print, and with save_name save it (one transaction). Returns
 * the exit status; frees nothing. */
int proposal_finish(struct cli_env *env, store_t *st, const struct loaded_book *lb,
                    struct tradelist *tl, const char *save_name, int csv);

#endif
