/* prices.h: daily closes (the prices table), the per-asset calendar and
 * class (assets), and latest quotes. Writes run inside the caller's
 * transaction; reads fill engine structs (struct series_set). */
#ifndef ALLOT_STORE_PRICES_H
#define ALLOT_STORE_PRICES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/stats/series.h"
#include "store/db.h"

/* What prices_put did with one row. */
enum price_put_result {
    PRICE_INSERTED = 0,     /* new (symbol, date) */
    PRICE_SAME,             /* already stored with the same close: nothing changed */
    PRICE_REPLACED,         /* stored with another close, overwritten (replace mode) */
};

/* Store one close. Without replace, a stored close for (symbol, day) that
 * differs is ALLOT_E_INPUT with *existing set to the stored value (the
 * caller adds the file location); with replace it is overwritten. Returns
 * a price_put_result (>= 0) or a negative ALLOT_E_*. */
int prices_put(store_t *st, const char *symbol, int32_t day, double close, int replace,
               double *existing, struct allot_err *err);

/* Insert up to PRICES_BATCH closes of one symbol with one statement
 * (the fast path of imports). Days already stored are left alone:
 * inserted[i] is set to 1 for each row stored now and 0 for the others,
 * which the caller passes to prices_put to compare with the stored value.
 * Returns the number inserted (>= 0) or a negative ALLOT_E_*. */
#define PRICES_BATCH 64
int prices_put_batch(store_t *st, const char *symbol, const int32_t *day, const double *close,
                     size_t n, unsigned char *inserted, struct allot_err *err);

/* Load the closes of the given symbols (all stored symbols when n == 0)
 * between from and to inclusive (DATE_NONE for open ends) into out,
 * which must be initialised; unknown symbols are ALLOT_E_NOTFOUND naming
 * the first. */
int prices_load(store_t *st, const char *const *symbols, size_t n, int32_t from, int32_t to,
                struct series_set *out, struct allot_err *err);

struct price_symbol_info {
    char symbol[SERIES_SYMBOL_MAX];
    long rows;
    int32_t first, last;
    double last_close;
};

/* Every stored symbol with row count, date range and last close, by
 * symbol; *out malloc'd. */
int prices_symbols(store_t *st, struct price_symbol_info **out, size_t *n,
                   struct allot_err *err);

/* The last stored close of symbol on or before day (DATE_NONE: the very
 * last). ALLOT_E_NOTFOUND when there is none. */
int prices_last(store_t *st, const char *symbol, int32_t day, int32_t *at, double *close,
                struct allot_err *err);

/* ---- assets: class and calendar ---- */

struct asset_info {
    char symbol[SERIES_SYMBOL_MAX];
    char klass[16];         /* crypto, stablecoin, equity, fx, rate, index, other */
    int days_per_year;      /* 365 or 252: the annualisation calendar */
};

/* Record symbol with defaults if it is not known yet: days_per_year 365
 * and class crypto when weekend dates are present (stablecoin for the
 * known USD stablecoins: USDT, USDC, DAI, ...), else 252 and equity. */
int assets_note(store_t *st, const char *symbol, int has_weekends, struct allot_err *err);
/* The asset's settings; defaults (crypto, 365) for an unknown symbol. */
int assets_get(store_t *st, const char *symbol, struct asset_info *out, struct allot_err *err);
/* Set class (NULL: unchanged) and/or calendar (0: unchanged). */
int assets_set(store_t *st, const char *symbol, const char *klass, int days_per_year,
               struct allot_err *err);

/* ---- latest quotes ---- */

struct quote {
    char symbol[64];        /* an asset (BTC) or an instrument (BTC-27JUN25-60000-C) */
    double price;           /* USD, or coin for a coin-settled option's mark */
    double iv;              /* annual decimal, NAN if none */
    int64_t ts_ms;
    char source[32];
};

/* Insert or replace the latest quote of q->symbol (no older than the one
 * stored: an older ts is ignored and 1 returned, else 0). */
int quotes_put(store_t *st, const struct quote *q, struct allot_err *err);
/* ALLOT_E_NOTFOUND when there is no quote. */
int quotes_get(store_t *st, const char *symbol, struct quote *out, struct allot_err *err);

#endif
