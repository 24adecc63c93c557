#include <config.h>
#include "tui/vm_exposure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

void vm_exposure_init(struct vm_exposure *v)
{
    memset(v, 0, sizeof *v);
}

void vm_exposure_done(struct vm_exposure *v)
{
    free(v->rows);
    free(v->pos);
    free(v->hist_equity_usd);
    free(v->hist_delta_usd);
    memset(v, 0, sizeof *v);
}

int vm_exposure_sync(struct vm_exposure *v, const struct valuation *val, int force)
{
    struct valuation_sample *h;
    size_t na, n;

    if (!force && v->gen != 0 && v->gen == val->generation && v->ok == val->ok)
        return 0;
    vm_exposure_done(v);
    v->gen = val->generation;
    v->ok = val->ok;
    str_copy(v->error, sizeof v->error, val->error);
    if (!val->ok)
        return 1;
    v->asof_ms = val->lb.mkt.m.now_ms;
    na = val->lb.mkt.n_assets;
    v->n_under = na;
    v->rows = xcalloc(na + 1, sizeof *v->rows);
    for (size_t k = 0; k < na; k++) {
        str_copy(v->rows[k].symbol, sizeof v->rows[k].symbol, val->lb.mkt.assets[k].symbol);
        v->rows[k].spot_usd = val->lb.mkt.assets[k].spot_usd;
        v->rows[k].x = val->per_asset[k];
    }
    str_copy(v->rows[na].symbol, sizeof v->rows[na].symbol, "total");
    v->rows[na].spot_usd = NAN;
    v->rows[na].x = val->total;
    n = val->lb.n;
    v->npos = n;
    v->pos = xcalloc(n ? n : 1, sizeof *v->pos);
    for (size_t i = 0; i < n; i++) {
        const struct position *p = &val->lb.pos[i];
        struct vm_expo_pos *q = &v->pos[i];
        q->id = p->id;
        str_copy(q->instrument, sizeof q->instrument, p->instrument);
        str_copy(q->underlying, sizeof q->underlying, p->underlying);
        q->kind = p->kind;
        q->quantity = p->quantity;
        q->vol_ann = inst_is_option(p->kind) ? val->lines[i].vol_ann : NAN;
        q->x = val->lines[i].x;
    }
    v->nhist = valuation_history(val, NULL, 0);
    h = xcalloc(v->nhist ? v->nhist : 1, sizeof *h);
    valuation_history(val, h, v->nhist);
    v->hist_equity_usd = xcalloc(v->nhist ? v->nhist : 1, sizeof *v->hist_equity_usd);
    v->hist_delta_usd = xcalloc(v->nhist ? v->nhist : 1, sizeof *v->hist_delta_usd);
    for (size_t i = 0; i < v->nhist; i++) {
        v->hist_equity_usd[i] = h[i].equity_usd;
        v->hist_delta_usd[i] = h[i].delta_usd;
    }
    free(h);
    return 1;
}

const struct vm_expo_row *vm_exposure_total(const struct vm_exposure *v)
{
    return v->ok ? &v->rows[v->n_under] : NULL;
}
