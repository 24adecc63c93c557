/* pricefile.h: daily price files in every format allot reads: long
 * (date,symbol,close), wide (date,SYM1,SYM2,...), a Yahoo Finance
 * download (Date,Open,High,Low,Close,Adj Close,Volume), the multi-line
 * header of recent yfinance (Price/Ticker/Date rows) and FRED
 * (DATE,SERIES or observation_date,SERIES). Detects the format from the
 * header, validates every row and hands rows to a callback; stores
 * nothing itself. */
#ifndef ALLOT_IO_PRICEFILE_H
#define ALLOT_IO_PRICEFILE_H

#include <stdint.h>

#include "engine/stats/series.h"
#include "io/csvin.h"
#include "util/err.h"

enum price_format {
    PRICE_FMT_AUTO = 0,
    PRICE_FMT_LONG,
    PRICE_FMT_WIDE,
    PRICE_FMT_YAHOO,        /* Yahoo download, and yfinance's multi-line header */
    PRICE_FMT_FRED,
};

/* "auto", "long", "wide", "yahoo", "fred". */
const char *price_format_name(enum price_format f);
int price_format_parse(const char *s, enum price_format *out);

struct price_row {
    const char *symbol;
    int32_t day;                /* days since 1970-01-01 */
    double close;               /* > 0 */
    const struct csv_rec *rec;  /* the record it came from, to locate errors */
    size_t field;               /* the close's field index in rec */
};

/* Called for each price; a non-zero return stops the read. The callback
 * sets err; when it leaves err->line 0 the row's location is added. */
typedef int (*price_row_fn)(void *ctx, const struct price_row *row, struct allot_err *err);

struct price_read_stats {
    enum price_format format;   /* the format read (detected when auto) */
    long records;               /* data records read */
    long prices;                /* prices handed to the callback */
    long missing;               /* empty, "null" or "." values skipped */
};

/* Read path in format fmt (PRICE_FMT_AUTO: detect from the header).
 * symbol names the series of a single-series file (Yahoo, FRED); NULL
 * takes it from the file (the ticker row, the FRED series column, or the
 * file name without directory and extension for a Yahoo download); it is
 * ALLOT_E_USAGE for long and wide files. pg (NULL: none) hears of the
 * bytes read. Returns 0, or a negative ALLOT_E_* with err located
 * FILE:LINE:COLUMN (ALLOT_E_CANCEL: pg asked to stop). */
int pricefile_read(const char *path, enum price_format fmt, const char *symbol,
                   price_row_fn fn, void *ctx, struct price_read_stats *stats,
                   const struct csvin_progress *pg, struct allot_err *err);

/* Read path into set (initialised by the caller), sorted by symbol and
 * day. A repeated (symbol, day) with the same close is kept once; with a
 * different close it is an error naming both lines when the file is in
 * date order (else the symbol and date). */
int pricefile_load(const char *path, enum price_format fmt, const char *symbol,
                   struct series_set *set, struct price_read_stats *stats,
                   struct allot_err *err);

/* 1 if s is a valid symbol: 1-31 bytes of printable ASCII without
 * blanks, commas or quotes. */
int pricefile_symbol_ok(const char *s);

#endif
