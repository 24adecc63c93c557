/* quotebatch.h: live quotes into the store in batches. Keeps the latest
 * quote of each symbol and writes them with quotes_put in one transaction
 * per batch, never one per tick; holds a price that jumps beyond a sanity
 * limit until a second quote confirms it. Knows nothing of feeds or lines
 * (the caller converts feed quotes and stamps those without a time).
 *
 * Batches. A batch opens with its first quote and is written when
 *  - batch_ms have passed on the caller's monotonic clock (qbatch_tick),
 *  - batch_max quotes have been accepted into it (not distinct ones), or
 *  - a quote arrives stamped batch_ms or more after the batch's first
 *    quote: a replay of timestamped lines is cut by its own clock, so the
 *    batches do not depend on how fast the lines are read;
 * and by qbatch_flush (end of input, quitting).
 *
 * Jumps (the sanity rule), for the quotes the caller asks to check
 * (assets; option marks move by leverage and are not checked): with p0
 * the symbol's last accepted price and L the jump limit,
 *  - the first quote of a symbol is accepted;
 *  - |p / p0 - 1| <= L: accepted, and a held quote of the symbol dropped;
 *  - else, if a held quote h exists and |p / h - 1| <= L: two consecutive
 *    quotes agree on the new level: p is accepted (confirmed);
 *  - else p is held (it replaces an older held one): counted, kept for
 *    display, not stored.
 * L = 0 turns the rule off. */
#ifndef ALLOT_STORE_QUOTEBATCH_H
#define ALLOT_STORE_QUOTEBATCH_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/prices.h"
#include "util/err.h"

#define QBATCH_MS 250               /* a batch lasts at most 250 ms */
#define QBATCH_MAX 1000             /* or 1000 quotes */
#define QBATCH_JUMP_LIMIT 0.25      /* a 25 % move in one quote is held */

struct qbatch_opts {
    int64_t batch_ms;       /* > 0 */
    size_t batch_max;       /* > 0: quotes accepted into a batch */
    double jump_limit;      /* >= 0; 0: no check */
};

void qbatch_opts_init(struct qbatch_opts *o);

/* What qbatch_add did with a quote. */
enum qbatch_verdict {
    QBATCH_ACCEPTED = 0,    /* pending, to be written with the batch */
    QBATCH_CONFIRMED,       /* accepted: it confirmed a held jump */
    QBATCH_HELD,            /* a jump beyond the limit: held, not stored */
};

struct qbatch_stats {
    long received;          /* quotes offered */
    long accepted;          /* accepted (confirmed ones included) */
    long held;              /* jumps flagged */
    long confirmed;         /* held jumps confirmed by the next quote */
    long written;           /* rows written (the latest per symbol and batch) */
    long batches;           /* transactions committed */
    size_t pending;         /* symbols waiting in the open batch */
    int64_t newest_ts_ms;   /* the newest timestamp written; INT64_MIN before any */
    struct quote last_held; /* the last jump held (symbol "" if none) */
    double last_held_from;  /* the accepted price it jumped from */
};

struct qbatch;

/* A batcher writing into st (not owned; must outlive it), or keeping the
 * quotes in memory only when st is NULL (a flush then writes nothing but
 * still closes the batch: `watch --simulate` leaves the store alone). o
 * NULL: the defaults. Never NULL. */
struct qbatch *qbatch_new(store_t *st, const struct qbatch_opts *o);

/* Offer q (price > 0, ts_ms set); check_jump applies the sanity rule.
 * May write the open batch first (q stamped batch_ms after its start) or
 * after adding q (batch_max reached); *flushed (may be NULL) receives the
 * number of batches written during the call. Returns a qbatch_verdict, or
 * a negative ALLOT_E_* when a write failed (the batch is kept and retried
 * by the next tick or flush; q is still taken). A write waits up to the
 * store's busy timeout: keep it short in an interactive loop. */
int qbatch_add(struct qbatch *b, const struct quote *q, int check_jump, int64_t now_ms,
               int *flushed, struct allot_err *err);

/* The monotonic ms at which the open batch is due, INT64_MAX if none. */
int64_t qbatch_deadline(const struct qbatch *b);

/* Write the open batch if it is due at now_ms. Returns 1 if a batch was
 * written, 0 if none was due, or a negative ALLOT_E_* (kept for a retry). */
int qbatch_tick(struct qbatch *b, int64_t now_ms, struct allot_err *err);

/* Write the open batch now, in one transaction. Returns the rows written
 * (0 when nothing was pending), or a negative ALLOT_E_* (rolled back, the
 * batch kept). */
int qbatch_flush(struct qbatch *b, struct allot_err *err);

void qbatch_stats(const struct qbatch *b, struct qbatch_stats *out);

/* The latest quote of symbol written by a batch (or closed with one, in
 * memory). Returns 0 with *out set, or ALLOT_E_NOTFOUND. */
int qbatch_latest(const struct qbatch *b, const char *symbol, struct quote *out);

/* Free; pending quotes not written are lost (flush first). NULL: no-op. */
void qbatch_free(struct qbatch *b);

#endif
