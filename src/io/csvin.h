/* csvin.h: reading CSV with libcsv, one record at a time, knowing the
 * line and column of every field so that errors read like a compiler's
 * (prices.csv:12:4: ...). Strict: unbalanced quotes, text after a closing
 * quote and NUL bytes are errors. A UTF-8 BOM at the start is skipped;
 * CRLF and LF line ends are accepted; blank lines are skipped. */
#ifndef ALLOT_IO_CSVIN_H
#define ALLOT_IO_CSVIN_H

#include <stddef.h>

#include "util/err.h"

struct csv_rec {
    size_t n;           /* fields in the record */
    char **f;           /* NUL-terminated fields (unquoted, unescaped) */
    size_t *len;        /* their lengths in bytes */
    long line;          /* 1-based line where the record starts */
    long *col;          /* 1-based byte column where each field starts; 0 if unknown */
};

struct csvin;

/* How often a reader reports progress: each time this many more bytes
 * of the file have been read, and once at its end. */
#define CSVIN_PROGRESS_BYTES (64 * 1024)

/* Progress of reading one file: fn(ctx, done, total) with done the bytes
 * read so far and total the file's size (0 when unknown: a pipe, stdin;
 * the report at the end has total == done). A non-zero return stops the read:
 * csvin_next returns ALLOT_E_CANCEL. fn NULL: no reports. */
typedef int (*csvin_progress_fn)(void *ctx, size_t done, size_t total);
struct csvin_progress {
    csvin_progress_fn fn;
    void *ctx;
};

/* Open path for reading ("-" is standard input). The name used in error
 * messages is path (or "stdin"). Returns 0 or ALLOT_E_IO naming the file
 * and the system's reason. */
int csvin_open(const char *path, struct csvin **out, struct allot_err *err);

/* Report the progress of the reads that follow to pg (copied; NULL or
 * pg->fn NULL: none). */
void csvin_set_progress(struct csvin *r, const struct csvin_progress *pg);

/* Read the next record into *rec (valid until the next call). Returns 1
 * with a record, 0 at the end of the file, or a negative ALLOT_E_* with
 * err located at the bad byte (ALLOT_E_CANCEL: the progress callback
 * asked to stop). */
int csvin_next(struct csvin *r, struct csv_rec **rec, struct allot_err *err);

/* The file name as used in messages. */
const char *csvin_name(const struct csvin *r);

/* Set err to code with the message, located at field i of rec (offset
 * bytes into the field, added to its column). Returns code. */
int csvin_fail(const struct csvin *r, const struct csv_rec *rec, size_t i, size_t offset,
               struct allot_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Locate an error already in err at field i of rec (its message kept).
 * Returns err->code. */
int csvin_locate(const struct csvin *r, const struct csv_rec *rec, size_t i,
                 struct allot_err *err);

/* Close and free; NULL is a no-op. */
void csvin_close(struct csvin *r);

#endif
