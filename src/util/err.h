/* err.h: the one error record of allot and the one table of error codes.
 * Every layer reports failure as a negative ALLOT_E_* and fills a
 * struct allot_err; whoever saw the bad byte sets file, line and column,
 * callers add context but never overwrite them. No I/O here. */
#ifndef ALLOT_UTIL_ERR_H
#define ALLOT_UTIL_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    ALLOT_OK = 0,
    ALLOT_E_INPUT = -1,     /* bad input: a file, an argument, a value */
    ALLOT_E_USAGE = -2,     /* wrong command-line usage (exit 2) */
    ALLOT_E_IO = -3,        /* a file could not be read or written */
    ALLOT_E_STORE = -4,     /* the SQLite store failed */
    ALLOT_E_BUSY = -5,      /* the store is locked by another process */
    ALLOT_E_SCHEMA = -6,    /* the store's schema is newer than this binary */
    ALLOT_E_NOTFOUND = -7,  /* a named thing (portfolio, symbol) does not exist */
    ALLOT_E_NUMERIC = -8,   /* a computation failed (not PD, no convergence) */
    ALLOT_E_NOMEM = -9,     /* out of memory (normally aborts, see xalloc.h) */
    ALLOT_E_CANCEL = -10,   /* cancelled by the user */
};

#define ALLOT_ERR_FILE_MAX 256
#define ALLOT_ERR_MSG_MAX 512

struct allot_err {
    int code;                       /* ALLOT_E_*, 0 when no error */
    char file[ALLOT_ERR_FILE_MAX];  /* input file, "feed", or "" */
    long line, col;                 /* 1-based; 0 when unknown */
    char msg[ALLOT_ERR_MSG_MAX];
};

/* Clear err (NULL is allowed). */
void err_clear(struct allot_err *err);

/* Set code and a printf-style message; file, line and col are left as they
 * are. Returns code so callers can write `return err_setf(err, ...)`.
 * err may be NULL, then only code is returned. */
int err_setf(struct allot_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int err_vsetf(struct allot_err *err, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Set where the bad input is: file (may be NULL), 1-based line and col
 * (0 when unknown). Returns err->code. */
int err_at(struct allot_err *err, const char *file, long line, long col);

/* Prefix the message with context ("importing prices: ") unless it is
 * already there; location is untouched. Returns err->code. */
int err_prefix(struct allot_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Format as "file:line:col: msg" (omitting parts that are unknown) into
 * buf of size n; returns buf. */
char *err_format(const struct allot_err *err, char *buf, size_t n);

/* The short name of a code ("bad input", "store busy", ...). */
const char *err_name(int code);

#endif
