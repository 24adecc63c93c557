#include <config.h>
#include "store/quotebatch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

/* One symbol seen this session: its jump state and its pending quote. */
struct entry {
    char symbol[sizeof ((struct quote *)0)->symbol];
    double last_price;      /* last accepted; NAN before the first */
    double held_price;      /* a held jump; NAN when none */
    int pending;            /* q waits in the open batch */
    int has_written;
    struct quote q;
    struct quote written;   /* the latest written */
};

struct qbatch {
    store_t *st;
    struct qbatch_opts o;
    struct entry *e;        /* entries, in order of first sight */
    size_t n, cap;
    size_t *slot;           /* open-addressing table of entry index + 1 (0 empty) */
    size_t nslot;           /* a power of 2 */
    size_t *pend;           /* entries with a pending quote */
    size_t npend;
    size_t batch_count;     /* quotes received into the open batch */
    int64_t batch_start_ms; /* monotonic */
    int64_t batch_first_ts; /* the first quote's timestamp */
    struct qbatch_stats s;
};

void qbatch_opts_init(struct qbatch_opts *o)
{
    o->batch_ms = QBATCH_MS;
    o->batch_max = QBATCH_MAX;
    o->jump_limit = QBATCH_JUMP_LIMIT;
}

struct qbatch *qbatch_new(store_t *st, const struct qbatch_opts *o)
{
    struct qbatch *b = xcalloc(1, sizeof *b);
    b->st = st;
    if (o != NULL)
        b->o = *o;
    else
        qbatch_opts_init(&b->o);
    if (b->o.batch_ms <= 0)
        b->o.batch_ms = QBATCH_MS;
    if (b->o.batch_max == 0)
        b->o.batch_max = QBATCH_MAX;
    b->nslot = 64;
    b->slot = xcalloc(b->nslot, sizeof *b->slot);
    b->s.newest_ts_ms = INT64_MIN;
    b->s.last_held_from = NAN;
    return b;
}

void qbatch_free(struct qbatch *b)
{
    if (b == NULL)
        return;
    free(b->e);
    free(b->slot);
    free(b->pend);
    free(b);
}

static size_t hash(const char *s)
{
    /* FNV-1a */
    uint64_t h = UINT64_C(14695981039346656037);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return (size_t)h;
}

static void rehash(struct qbatch *b)
{
    free(b->slot);
    b->nslot *= 2;
    b->slot = xcalloc(b->nslot, sizeof *b->slot);
    for (size_t i = 0; i < b->n; i++) {
        size_t k = hash(b->e[i].symbol) & (b->nslot - 1);
        while (b->slot[k] != 0)
            k = (k + 1) & (b->nslot - 1);
        b->slot[k] = i + 1;
    }
}

static struct entry *find(const struct qbatch *b, const char *sym)
{
    size_t k = hash(sym) & (b->nslot - 1);
    while (b->slot[k] != 0) {
        struct entry *e = &b->e[b->slot[k] - 1];
        if (strcmp(e->symbol, sym) == 0)
            return e;
        k = (k + 1) & (b->nslot - 1);
    }
    return NULL;
}

static struct entry *lookup(struct qbatch *b, const char *sym)
{
    size_t k = hash(sym) & (b->nslot - 1);
    while (b->slot[k] != 0) {
        struct entry *e = &b->e[b->slot[k] - 1];
        if (strcmp(e->symbol, sym) == 0)
            return e;
        k = (k + 1) & (b->nslot - 1);
    }
    /* new: keep the table at most half full */
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->e = xreallocarray(b->e, b->cap, sizeof *b->e);
        b->pend = xreallocarray(b->pend, b->cap, sizeof *b->pend);
    }
    struct entry *e = &b->e[b->n];
    memset(e, 0, sizeof *e);
    str_copy(e->symbol, sizeof e->symbol, sym);
    e->last_price = NAN;
    e->held_price = NAN;
    b->slot[k] = ++b->n;
    if (2 * b->n > b->nslot)
        rehash(b);
    return e;
}

int qbatch_flush(struct qbatch *b, struct allot_err *err)
{
    int rc;
    if (b->npend == 0) {
        b->batch_count = 0;
        return 0;
    }
    if (b->st != NULL) {
        if ((rc = store_begin(b->st, err)) != 0)
            return rc;
        for (size_t i = 0; i < b->npend; i++) {
            rc = quotes_put(b->st, &b->e[b->pend[i]].q, err);
            if (rc < 0) {
                store_rollback(b->st);
                return rc;
            }
        }
        if ((rc = store_commit(b->st, err)) != 0)
            return rc;
    }
    for (size_t i = 0; i < b->npend; i++) {
        struct entry *e = &b->e[b->pend[i]];
        e->pending = 0;
        e->written = e->q;
        e->has_written = 1;
        if (e->q.ts_ms > b->s.newest_ts_ms)
            b->s.newest_ts_ms = e->q.ts_ms;
    }
    rc = (int)b->npend;
    b->s.written += rc;
    b->s.batches++;
    b->npend = 0;
    b->batch_count = 0;
    return rc;
}

int64_t qbatch_deadline(const struct qbatch *b)
{
    return b->npend > 0 ? b->batch_start_ms + b->o.batch_ms : INT64_MAX;
}

int qbatch_tick(struct qbatch *b, int64_t now_ms, struct allot_err *err)
{
    int rc;
    if (b->npend == 0 || now_ms < qbatch_deadline(b))
        return 0;
    rc = qbatch_flush(b, err);
    if (rc < 0) {
        /* try again a batch interval later rather than at once */
        b->batch_start_ms = now_ms;
        return rc;
    }
    return 1;
}

static int beyond(double p, double ref, double limit)
{
    return fabs(p / ref - 1) > limit;
}

int qbatch_add(struct qbatch *b, const struct quote *q, int check_jump, int64_t now_ms,
               int *flushed, struct allot_err *err)
{
    struct entry *e;
    int verdict = QBATCH_ACCEPTED, rc = 0, nf = 0;

    b->s.received++;
    /* a replay's own clock closes the batch */
    if (b->npend > 0 && q->ts_ms - b->batch_first_ts >= b->o.batch_ms) {
        rc = qbatch_flush(b, err);
        if (rc >= 0)
            nf++;
    }
    e = lookup(b, q->symbol);
    if (check_jump && b->o.jump_limit > 0 && !isnan(e->last_price) &&
        beyond(q->price, e->last_price, b->o.jump_limit)) {
        if (!isnan(e->held_price) && !beyond(q->price, e->held_price, b->o.jump_limit)) {
            verdict = QBATCH_CONFIRMED;
            b->s.confirmed++;
        } else {
            verdict = QBATCH_HELD;
            e->held_price = q->price;
            b->s.held++;
            b->s.last_held = *q;
            b->s.last_held_from = e->last_price;
        }
    }
    if (verdict != QBATCH_HELD) {
        e->last_price = q->price;
        e->held_price = NAN;
        b->s.accepted++;
        if (b->npend == 0) {
            b->batch_start_ms = now_ms;
            b->batch_first_ts = q->ts_ms;
        }
        if (!e->pending) {
            e->pending = 1;
            e->q = *q;
            b->pend[b->npend++] = (size_t)(e - b->e);
        } else if (q->ts_ms >= e->q.ts_ms) {
            e->q = *q;      /* the latest wins; an older one changes nothing */
        }
        if (++b->batch_count >= b->o.batch_max) {
            int r2 = qbatch_flush(b, err);
            if (r2 >= 0)
                nf++;
            else
                rc = r2;
        }
    }
    if (flushed != NULL)
        *flushed = nf;
    return rc < 0 ? rc : verdict;
}

int qbatch_latest(const struct qbatch *b, const char *symbol, struct quote *out)
{
    const struct entry *e = find(b, symbol);
    if (e == NULL || !e->has_written)
        return ALLOT_E_NOTFOUND;
    *out = e->written;
    return 0;
}

void qbatch_stats(const struct qbatch *b, struct qbatch_stats *out)
{
    *out = b->s;
    out->pending = b->npend;
}
