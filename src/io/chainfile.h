/* chainfile.h: option-chain snapshots in the Deribit style (one row per
 * listed option: instrument_name, underlying, expiry_utc, strike,
 * option_type, underlying_price, mark_price, and optionally
 * snapshot_time_utc, index_price, mark_iv in %, bid_price, ask_price,
 * delta, open_interest, settlement). Columns are found by name; rows are
 * validated and handed to a callback. */
#ifndef ALLOT_IO_CHAINFILE_H
#define ALLOT_IO_CHAINFILE_H

#include "engine/portfolio/chain.h"
#include "io/csvin.h"
#include "util/err.h"

/* Called per option; non-zero stops the read (the callback sets err; the
 * row is located when err->line is 0). */
typedef int (*chainfile_fn)(void *ctx, struct chain_quote *q, const struct csv_rec *rec,
                            struct allot_err *err);

/* Read path. Premiums are taken as coin-settled unless a settlement
 * column says usd. mark_iv is read as a percentage (Deribit writes 65.2
 * for 65.2 %) and stored as a decimal; a missing mark_iv is left NAN (the
 * caller may solve it from the mark). Returns 0 or a negative ALLOT_E_*
 * located FILE:LINE:COLUMN (ALLOT_E_CANCEL: pg, NULL for none, hearing of
 * the bytes read, asked to stop); *rows gets the number of options read. */
int chainfile_read(const char *path, chainfile_fn fn, void *ctx, long *rows,
                   const struct csvin_progress *pg, struct allot_err *err);

#endif
