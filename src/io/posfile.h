/* posfile.h: the positions CSV (import and export). The header names the
 * columns in any order; see man allot, POSITIONS FILE. Reads and writes
 * struct position; stores nothing itself. */
#ifndef ALLOT_IO_POSFILE_H
#define ALLOT_IO_POSFILE_H

#include <stdint.h>
#include <stdio.h>

#include "engine/portfolio/instrument.h"
#include "io/csvin.h"
#include "util/err.h"

/* The columns, in the order posfile_write_header writes them. */
#define POSFILE_HEADER "portfolio,kind,instrument,underlying,quantity,entry_price,fee_usd," \
                       "open_date,expiry,strike,type,multiplier,iv,note"

/* Longest portfolio name plus one (the store's names are 1-64 bytes). */
#define POSFILE_PORTFOLIO_MAX 65

/* Called per position read. portfolio is the row's portfolio column (1-64
 * printable characters without blanks, commas or quotes; the store's rule
 * is stricter), or default_portfolio when the file has none. A non-zero return stops;
 * the callback sets err (the row's location is added when err->line is 0). */
typedef int (*posfile_fn)(void *ctx, const char *portfolio, struct position *p,
                          const struct csv_rec *rec, struct allot_err *err);

/* Read every row of path, validated (position_validate) with errors
 * located FILE:LINE:COLUMN. An expiry at or before now_ms is an error
 * (now_ms 0: not checked). pg (NULL: none) hears of the bytes read.
 * Returns 0 or a negative ALLOT_E_* (ALLOT_E_CANCEL: pg asked to stop). */
int posfile_read(const char *path, const char *default_portfolio, int64_t now_ms,
                 posfile_fn fn, void *ctx, const struct csvin_progress *pg,
                 struct allot_err *err);

/* Parse one field value for a position: shared with `allot position add`
 * so both accept the same spellings. Each returns 0, or -1 with *what
 * describing what was expected and *off the bad byte's offset. */
int posfile_parse_kind(const char *s, enum inst_kind *kind, const char **what, size_t *off);
int posfile_parse_type(const char *s, int *is_call, const char **what, size_t *off);
/* A date (then at INST_EXPIRY_HOUR_UTC) or an instant. */
int posfile_parse_expiry(const char *s, int64_t *ms, const char **what, size_t *off);
/* An annual decimal in (0, 10]; 65 is refused as a likely percentage. */
int posfile_parse_iv(const char *s, double *iv, const char **what, size_t *off);
/* 1 if s is a valid instrument or underlying name (printable ASCII
 * without blanks, commas or quotes, shorter than max). */
int posfile_name_ok(const char *s, size_t max);

/* The fields of one row, as text, in POSFILE_HEADER's order. */
#define POSFILE_NCOLS 14
struct posfile_row {
    const char *f[POSFILE_NCOLS];
    char buf[8][32];
};
void posfile_row_fields(const char *portfolio, const struct position *p,
                        struct posfile_row *out);
/* The column names, in order. */
extern const char *const posfile_columns[POSFILE_NCOLS];

/* Write the header, then one row per position (libcsv quoting). */
void posfile_write_header(FILE *fp);
void posfile_write_row(FILE *fp, const char *portfolio, const struct position *p);

#endif
