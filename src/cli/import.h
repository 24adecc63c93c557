/* import.h: the import routines behind `allot import`, shared with the
 * demo builder and the interactive screen's `:import`. Each runs in one
 * transaction: on failure nothing is stored. */
#ifndef ALLOT_CLI_IMPORT_H
#define ALLOT_CLI_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/stats/series.h"
#include "io/pricefile.h"
#include "store/db.h"

struct import_symbol {
    char symbol[SERIES_SYMBOL_MAX];
    long new_rows, same, replaced;
};

struct import_prices_result {
    long records, missing;
    enum price_format last_format;
    size_t nsym;
    struct import_symbol *sym;      /* parallel to seen.s before sorting */
    struct series_set seen;         /* the imported rows, per symbol */
};

/* Import price files (all or nothing). res is filled on success and must
 * be released with import_prices_done. */
int import_prices(store_t *st, const char *const *files, size_t nfiles, enum price_format fmt,
                  const char *symbol, int replace, struct import_prices_result *res,
                  struct allot_err *err);
void import_prices_done(struct import_prices_result *res);

/* Import a positions file into portfolio (NULL: the file's portfolio
 * column, else "main"), as one journal entry. */
int import_positions(store_t *st, const char *file, const char *portfolio, int replace,
                     long *added, long *replaced, struct allot_err *err);

struct import_chain_result {
    long rows, solved, unsolved, expired;
    int64_t last_snapshot_ms;
    char (*underlyings)[32];        /* whose chains were replaced; free() it */
    size_t n_underlyings;
};

/* Import an option-chain snapshot (replacing the chain of each underlying
 * in it), solving missing mark IVs; one transaction. */
int import_chain(store_t *st, const char *file, struct import_chain_result *res,
                 struct allot_err *err);

#endif
