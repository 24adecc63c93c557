#include <config.h>
#include "tui/valuation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

void valuation_init(struct valuation *v)
{
    memset(v, 0, sizeof *v);
}

static void drop_book(struct valuation *v)
{
    book_unload(&v->lb);
    free(v->lines);
    free(v->per_asset);
    v->lines = NULL;
    v->per_asset = NULL;
    memset(&v->total, 0, sizeof v->total);
    v->ok = 0;
}

void valuation_done(struct valuation *v)
{
    drop_book(v);
}

static void sample(struct valuation *v)
{
    struct valuation_sample *s = &v->hist[v->head];
    s->t_ms = v->lb.mkt.m.now_ms;
    s->equity_usd = v->total.value_usd;
    s->delta_usd = v->total.delta_usd;
    v->head = (v->head + 1) % VALUATION_HISTORY;
    if (v->nhist < VALUATION_HISTORY)
        v->nhist++;
}

/* The exposure of the loaded book into fresh arrays. */
static int expose(struct valuation *v, struct allot_err *err)
{
    size_t n = book_n_positions(v->lb.book), na = book_n_assets(v->lb.book);
    struct book_line *lines = xcalloc(n ? n : 1, sizeof *lines);
    struct book_expo *per = xcalloc(na ? na : 1, sizeof *per), tot;
    int rc = book_exposure(v->lb.book, NULL, lines, per, &tot, err);
    if (rc != 0) {
        free(lines);
        free(per);
        return rc;
    }
    free(v->lines);
    free(v->per_asset);
    v->lines = lines;
    v->per_asset = per;
    v->total = tot;
    return ALLOT_OK;
}

int valuation_load(struct valuation *v, store_t *st, const char *portfolio,
                   struct allot_err *err)
{
    struct allot_err e2;
    int rc;

    drop_book(v);
    v->error[0] = '\0';
    v->portfolio[0] = '\0';
    if (portfolio == NULL)
        return ALLOT_OK;
    str_copy(v->portfolio, sizeof v->portfolio, portfolio);
    err_clear(&e2);
    rc = book_load(st, portfolio, NULL, 0, &v->lb, &e2);
    if (rc == ALLOT_E_STORE || rc == ALLOT_E_IO || rc == ALLOT_E_NOMEM) {
        *err = e2;
        return rc;
    }
    if (rc == 0)
        rc = expose(v, &e2);
    if (rc != 0) {
        drop_book(v);
        str_copy(v->error, sizeof v->error, e2.msg);
        return ALLOT_OK;
    }
    v->ok = 1;
    v->generation++;
    if (v->lb.portfolio_id != v->hist_portfolio) {
        v->nhist = v->head = 0;
        v->hist_portfolio = v->lb.portfolio_id;
    }
    sample(v);
    return ALLOT_OK;
}

long valuation_asset(const struct valuation *v, const char *sym)
{
    if (!v->ok)
        return -1;
    for (size_t k = 0; k < v->lb.mkt.n_assets; k++)
        if (strcmp(v->lb.mkt.assets[k].symbol, sym) == 0)
            return (long)k;
    return -1;
}

int valuation_reval(struct valuation *v, const struct valuation_spot *spots, size_t n,
                    int64_t now_ms, size_t *skipped, struct allot_err *err)
{
    size_t na, nskip = 0;
    double *old;
    int64_t old_now;
    struct book *nb;
    int rc;

    if (!v->ok)
        return err_setf(err, ALLOT_E_INPUT, "no book is valued%s%s", v->error[0] ? ": " : "",
                        v->error);
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(spots[i].spot_usd) && spots[i].spot_usd > 0))
            return err_setf(err, ALLOT_E_INPUT, "spot of %s: expected a price > 0",
                            spots[i].symbol);
    na = v->lb.mkt.n_assets;
    old = xcalloc(na ? na : 1, sizeof *old);
    for (size_t k = 0; k < na; k++)
        old[k] = v->lb.mkt.assets[k].spot_usd;
    old_now = v->lb.mkt.m.now_ms;
    for (size_t i = 0; i < n; i++) {
        long k = valuation_asset(v, spots[i].symbol);
        if (k < 0) {
            nskip++;
            continue;
        }
        v->lb.mkt.assets[k].spot_usd = spots[i].spot_usd;
    }
    if (now_ms > 0)
        v->lb.mkt.m.now_ms = now_ms;
    /* an option's forward from the chain keeps its basis over the spot
     * (store/market.h): it moves with its underlying */
    market_set_forwards(&v->lb.mkt, v->lb.pos, v->lb.n);
    rc = book_new(v->lb.pos, v->lb.n, &v->lb.mkt.m, &nb, err);
    if (rc != 0) {
        for (size_t k = 0; k < na; k++)
            v->lb.mkt.assets[k].spot_usd = old[k];
        market_set_forwards(&v->lb.mkt, v->lb.pos, v->lb.n);
        v->lb.mkt.m.now_ms = old_now;
        free(old);
        return rc;
    }
    free(old);
    book_free(v->lb.book);
    v->lb.book = nb;
    v->lb.now_ms = v->lb.mkt.m.now_ms;
    for (size_t i = 0; i < n; i++) {
        long k = valuation_asset(v, spots[i].symbol);
        if (k >= 0)
            str_copy(v->lb.mkt.spot_source[k], MARKET_SOURCE_MAX, "live");
    }
    if ((rc = expose(v, err)) != 0)
        return rc;
    v->generation++;
    sample(v);
    if (skipped != NULL)
        *skipped = nskip;
    return ALLOT_OK;
}

size_t valuation_history(const struct valuation *v, struct valuation_sample *out, size_t max)
{
    size_t first = (v->head + VALUATION_HISTORY - v->nhist) % VALUATION_HISTORY;
    for (size_t i = 0; out != NULL && i < v->nhist && i < max; i++)
        out[i] = v->hist[(first + i) % VALUATION_HISTORY];
    return v->nhist;
}
