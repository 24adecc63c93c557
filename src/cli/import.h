/* import.h: the import routines behind `allot import`, shared with the
 * demo builder and the interactive screen's `:import`. Each runs in one
 * transaction: on failure, or when its progress callback cancels it,
 * nothing is stored. */
#ifndef ALLOT_CLI_IMPORT_H
#define ALLOT_CLI_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/stats/series.h"
#include "io/pricefile.h"
#include "store/db.h"

/* Progress of an import: fn(ctx, what, done, total) where what names the
 * step ("reading FILE": bytes of the files read; "storing N prices": rows
 * written), done rises to total within a step (total 0: unknown, as for
 * standard input). Called every CSVIN_PROGRESS_BYTES read and every
 * IMPORT_PROGRESS_ROWS written, and at the end of each step. A non-zero
 * return cancels: the import rolls back and returns ALLOT_E_CANCEL with
 * the message IMPORT_CANCELLED. */
typedef int (*import_progress_fn)(void *ctx, const char *what, size_t done, size_t total);
struct import_progress {
    import_progress_fn fn;
    void *ctx;
};
#define IMPORT_PROGRESS_ROWS 16384
#define IMPORT_CANCELLED "import cancelled; nothing was stored"

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

/* Import price files (all or nothing), reporting to pg (NULL: no
 * reports). res is filled on success and must be released with
 * import_prices_done. */
int import_prices(store_t *st, const char *const *files, size_t nfiles, enum price_format fmt,
                  const char *symbol, int replace, const struct import_progress *pg,
                  struct import_prices_result *res, struct allot_err *err);
void import_prices_done(struct import_prices_result *res);

/* Import a positions file into portfolio (NULL: the file's portfolio
 * column, else "main"), as one journal entry; pg as for import_prices. */
int import_positions(store_t *st, const char *file, const char *portfolio, int replace,
                     const struct import_progress *pg, long *added, long *replaced,
                     struct allot_err *err);

struct import_chain_result {
    long rows, solved, unsolved, expired;
    int64_t last_snapshot_ms;
    char (*underlyings)[32];        /* whose chains were replaced; free() it */
    size_t n_underlyings;
};

/* Import an option-chain snapshot (replacing the chain of each underlying
 * in it), solving missing mark IVs; one transaction; pg as for
 * import_prices. */
int import_chain(store_t *st, const char *file, const struct import_progress *pg,
                 struct import_chain_result *res, struct allot_err *err);

#endif
