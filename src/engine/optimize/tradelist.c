#include <config.h>
#include "engine/optimize/tradelist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

/* |q + dq| below this fraction of max(|q|, |dq|) closes the position. */
#define TRADELIST_CLOSE_REL 1e-12

struct tradelist *tradelist_new(const char *method, const char *params)
{
    struct tradelist *tl = xcalloc(1, sizeof *tl);
    str_copy(tl->method, sizeof tl->method, method ? method : "");
    str_copy(tl->params, sizeof tl->params, params ? params : "");
    return tl;
}

void tradelist_free(struct tradelist *tl)
{
    if (!tl)
        return;
    free(tl->trades);
    free(tl->figures);
    free(tl);
}

void tradelist_add_trade(struct tradelist *tl, const struct tradelist_trade *t)
{
    if (tl->n_trades == tl->cap_trades) {
        tl->cap_trades = tl->cap_trades ? 2 * tl->cap_trades : 8;
        tl->trades = xreallocarray(tl->trades, tl->cap_trades, sizeof *tl->trades);
    }
    tl->trades[tl->n_trades++] = *t;
}

void tradelist_add_figure(struct tradelist *tl, const char *name, double before, double after,
                          const char *unit)
{
    if (tl->n_figures == tl->cap_figures) {
        tl->cap_figures = tl->cap_figures ? 2 * tl->cap_figures : 8;
        tl->figures = xreallocarray(tl->figures, tl->cap_figures, sizeof *tl->figures);
    }
    struct tradelist_figure *f = &tl->figures[tl->n_figures++];
    memset(f, 0, sizeof *f);
    str_copy(f->name, sizeof f->name, name ? name : "");
    str_copy(f->unit, sizeof f->unit, unit ? unit : "");
    f->before = before;
    f->after = after;
}

static double avg_entry(enum inst_kind kind, double q, double e, double dq, double p)
{
    double a = fabs(q), b = fabs(dq);
    if (inst_is_inverse(kind))
        return (a + b) / (a / e + b / p);
    return (a * e + b * p) / (a + b);
}

int tradelist_apply(const struct tradelist *tl, const struct position *book, size_t n_book,
                    struct position **out, size_t *n_out, struct allot_err *err)
{
    *out = NULL;
    *n_out = 0;
    size_t cap = n_book + tl->n_trades, n = n_book;
    struct position *pos = xcalloc(cap ? cap : 1, sizeof *pos);
    unsigned char *closed = xcalloc(cap ? cap : 1, 1);
    if (n_book)
        memcpy(pos, book, n_book * sizeof *pos);
    int rc = 0;
    for (size_t k = 0; k < tl->n_trades; k++) {
        const struct tradelist_trade *t = &tl->trades[k];
        if (!isfinite(t->quantity) || t->quantity <= 0.0 ||
            (t->side != TRADE_BUY && t->side != TRADE_SELL)) {
            rc = err_setf(err, ALLOT_E_INPUT, "trade %zu (%s): quantity must be > 0 with a side",
                          k, t->inst.instrument);
            goto fail;
        }
        if (!isfinite(t->price) || t->price <= 0.0 || !isfinite(t->fee_usd) || t->fee_usd < 0.0) {
            rc = err_setf(err, ALLOT_E_INPUT, "trade %zu (%s): price must be > 0 and fee >= 0", k,
                          t->inst.instrument);
            goto fail;
        }
        double dq = t->side == TRADE_BUY ? t->quantity : -t->quantity;
        size_t i = 0;
        for (; i < n; i++)
            if (!closed[i] && pos[i].kind == t->inst.kind &&
                strcmp(pos[i].instrument, t->inst.instrument) == 0)
                break;
        if (i < n) {
            struct position *p = &pos[i];
            double q = p->quantity, nq = q + dq;
            if (fabs(nq) <= TRADELIST_CLOSE_REL * fmax(fabs(q), fabs(dq))) {
                closed[i] = 1;
            } else if ((q > 0) == (dq > 0)) {
                p->entry_price = avg_entry(p->kind, q, p->entry_price, dq, t->price);
                p->quantity = nq;
                p->fee_usd += t->fee_usd;
            } else if (fabs(dq) < fabs(q)) {
                p->quantity = nq;
            } else {
                p->quantity = nq;
                p->entry_price = t->price;
                p->fee_usd = t->fee_usd * (fabs(nq) / fabs(dq));
                p->id = 0;
            }
            continue;
        }
        struct position np = t->inst;
        np.id = 0;
        np.quantity = dq;
        np.entry_price = t->price;
        np.fee_usd = t->fee_usd;
        rc = position_validate(&np, err);
        if (rc) {
            err_prefix(err, "trade %zu (%s): ", k, t->inst.instrument);
            goto fail;
        }
        pos[n] = np;
        closed[n] = 0;
        n++;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!closed[i])
            pos[m++] = pos[i];
    free(closed);
    *out = pos;
    *n_out = m;
    return 0;
fail:
    free(pos);
    free(closed);
    return rc;
}
