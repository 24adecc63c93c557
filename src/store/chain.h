/* chain.h: the stored option chain (latest snapshot per underlying) that
 * positions take implied vols from and the tail hedge picks puts from.
 * Writes run inside the caller's transaction. */
#ifndef ALLOT_STORE_CHAIN_H
#define ALLOT_STORE_CHAIN_H

#include <stddef.h>

#include "engine/portfolio/chain.h"
#include "store/db.h"

/* Delete the stored chain of underlying (a new snapshot replaces it). */
int chain_clear(store_t *st, const char *underlying, struct allot_err *err);
/* Insert or replace one option by instrument name. */
int chain_put(store_t *st, const struct chain_quote *q, struct allot_err *err);
/* The option named instrument; ALLOT_E_NOTFOUND when absent. */
int chain_get(store_t *st, const char *instrument, struct chain_quote *out,
              struct allot_err *err);
/* The options of underlying (NULL: all) expiring after after_ms, by
 * expiry, strike, type; *out malloc'd. */
int chain_list(store_t *st, const char *underlying, int64_t after_ms, struct chain_quote **out,
               size_t *n, struct allot_err *err);

#endif
