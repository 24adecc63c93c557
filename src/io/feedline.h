/* feedline.h: the line format of live quotes (see FEED in allot(1)):
 * `symbol,price[,iv]` or `timestamp,symbol,price[,iv]`, blank lines and
 * `#` comments ignored. Pure parsing and formatting of one line: no I/O,
 * no allocation, never aborts, so it can be fuzzed; reading sources is
 * feedsrc.h's job, storing quotes quotebatch.h's. */
#ifndef ALLOT_IO_FEEDLINE_H
#define ALLOT_IO_FEEDLINE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* An asset symbol is 1 to 31 bytes (engine/portfolio/instrument.h's
 * INST_SYMBOL_MAX - 1), an exchange instrument name 1 to 63 bytes
 * (INST_NAME_MAX - 1); both printable ASCII without blanks, commas or
 * quotes, as symbols of price files. */
#define FEEDLINE_ASSET_MAX 32
#define FEEDLINE_NAME_MAX 64
/* An iv is an annual decimal in (0, FEEDLINE_IV_MAX]. */
#define FEEDLINE_IV_MAX 10.0
/* ts_ms of a line that carries no timestamp. */
#define FEEDLINE_TS_NONE INT64_MIN
/* The longest price, iv or timestamp field, in bytes. */
#define FEEDLINE_FIELD_MAX 63

struct feed_quote {
    char symbol[FEEDLINE_NAME_MAX];
    int is_instrument;      /* 1: an exchange name (BTC-27JUN25-60000-C, BTC-27JUN25,
                             * BTC-PERPETUAL) as inst_parse_name reads it; 0: an asset */
    double price;           /* > 0; USD for an asset; for an instrument its mark in
                             * its premium currency (coin for a coin-settled option) */
    double iv;              /* annual decimal in (0, 10], or NAN when not given */
    int64_t ts_ms;          /* Unix ms UTC, or FEEDLINE_TS_NONE */
};

/* Parse one line of len bytes (its "\n" or "\r\n" may be included; any
 * other byte, NUL too, counts as content). A line of blanks only or whose
 * first non-blank byte is '#' is no quote.
 *
 * Fields are split at commas; there is no quoting. Two fields are
 * symbol,price; four are timestamp,symbol,price,iv; three are
 * timestamp,symbol,price when the first field looks like a timestamp (it
 * begins with a digit and holds only digits and the characters "-:.+TZ"
 * and blank), else symbol,price,iv. The timestamp is ISO 8601 or Unix
 * seconds (util/date.h date_parse_ts). Numbers are strict (util/num.h).
 * An empty iv field means no iv; "65%" is read as 0.65; a bare iv above
 * 10 is refused with a hint about percentages.
 *
 * Returns 1 with *out filled, 0 for a blank or comment line (*out
 * untouched), or ALLOT_E_INPUT with err's message set and err->col the
 * 1-based byte column of the offending byte (err->line and err->file are
 * left alone: the caller knows them). */
int feedline_parse(const char *line, size_t len, struct feed_quote *out,
                   struct allot_err *err);

/* Write q as a line "timestamp,symbol,price[,iv]\n" (no timestamp part
 * when q->ts_ms is FEEDLINE_TS_NONE; ISO 8601 UTC with milliseconds when
 * not whole seconds; numbers with 10 significant digits) into buf of
 * size n, NUL-terminated. Returns the length written, or the length it
 * needed (>= n) when buf was too small, as snprintf. */
int feedline_format(const struct feed_quote *q, char *buf, size_t n);

#endif
