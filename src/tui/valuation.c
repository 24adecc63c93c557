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

/* What valuation_reval changes in the market, to put back on failure. */
struct saved_market {
    double *spot;                   /* per asset */
    int64_t now_ms;
    double *vol;                    /* per position */
    int64_t *vol_ts;
    char (*vol_source)[MARKET_SOURCE_MAX];
};

static void *dup_array(const void *p, size_t count, size_t size)
{
    void *q = xreallocarray(NULL, count ? count : 1, size);
    if (count > 0)
        memcpy(q, p, count * size);
    return q;
}

static void save_market(const struct market *mk, size_t npos, struct saved_market *sv)
{
    size_t na = mk->n_assets;
    sv->spot = xcalloc(na ? na : 1, sizeof *sv->spot);
    for (size_t k = 0; k < na; k++)
        sv->spot[k] = mk->assets[k].spot_usd;
    sv->now_ms = mk->m.now_ms;
    sv->vol = dup_array(mk->pos_vol, npos, sizeof *sv->vol);
    sv->vol_ts = dup_array(mk->pos_vol_ts, npos, sizeof *sv->vol_ts);
    sv->vol_source = dup_array(mk->vol_source, npos, sizeof *sv->vol_source);
}

static void restore_market(struct market *mk, const struct position *pos, size_t npos,
                           const struct saved_market *sv)
{
    for (size_t k = 0; k < mk->n_assets; k++)
        mk->assets[k].spot_usd = sv->spot[k];
    mk->m.now_ms = sv->now_ms;
    memcpy(mk->pos_vol, sv->vol, npos * sizeof *sv->vol);
    memcpy(mk->pos_vol_ts, sv->vol_ts, npos * sizeof *sv->vol_ts);
    memcpy(mk->vol_source, sv->vol_source, npos * sizeof *sv->vol_source);
    market_set_forwards(mk, pos, npos);
}

static void free_saved(struct saved_market *sv)
{
    free(sv->spot);
    free(sv->vol);
    free(sv->vol_ts);
    free(sv->vol_source);
}

/* Give every option position on vol->instrument whose vol is not newer
 * (a position's own never is replaced) the quoted IV. Returns the number
 * of positions on that instrument. */
static size_t apply_vol(struct loaded_book *lb, const struct valuation_vol *vol)
{
    struct market *mk = &lb->mkt;
    size_t held = 0;
    for (size_t i = 0; i < lb->n; i++) {
        if (!inst_is_option(lb->pos[i].kind) || strcmp(lb->pos[i].instrument, vol->instrument))
            continue;
        held++;
        if (!isnan(lb->pos[i].iv) || mk->pos_vol_ts[i] > vol->ts_ms)
            continue;
        mk->pos_vol[i] = vol->iv;
        mk->pos_vol_ts[i] = vol->ts_ms;
        str_copy(mk->vol_source[i], MARKET_SOURCE_MAX, "live");
    }
    return held;
}

int valuation_reval(struct valuation *v, const struct valuation_spot *spots, size_t n,
                    const struct valuation_vol *vols, size_t nv, int64_t now_ms,
                    size_t *skipped, struct allot_err *err)
{
    struct market *mk = &v->lb.mkt;
    struct saved_market sv;
    size_t nskip = 0;
    struct book *nb;
    int rc;

    if (!v->ok)
        return err_setf(err, ALLOT_E_INPUT, "no book is valued%s%s", v->error[0] ? ": " : "",
                        v->error);
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(spots[i].spot_usd) && spots[i].spot_usd > 0))
            return err_setf(err, ALLOT_E_INPUT, "spot of %s: expected a price > 0",
                            spots[i].symbol);
    for (size_t i = 0; i < nv; i++)
        if (!(isfinite(vols[i].iv) && vols[i].iv > 0))
            return err_setf(err, ALLOT_E_INPUT, "iv of %s: expected an annual decimal > 0",
                            vols[i].instrument);
    save_market(mk, v->lb.n, &sv);
    for (size_t i = 0; i < n; i++) {
        long k = valuation_asset(v, spots[i].symbol);
        if (k < 0) {
            nskip++;
            continue;
        }
        mk->assets[k].spot_usd = spots[i].spot_usd;
    }
    for (size_t i = 0; i < nv; i++)
        if (apply_vol(&v->lb, &vols[i]) == 0)
            nskip++;
    if (now_ms > 0)
        mk->m.now_ms = now_ms;
    /* an option's forward from the chain keeps its basis over the spot
     * (store/market.h): it moves with its underlying */
    market_set_forwards(mk, v->lb.pos, v->lb.n);
    rc = book_new(v->lb.pos, v->lb.n, &mk->m, &nb, err);
    if (rc != 0) {
        restore_market(mk, v->lb.pos, v->lb.n, &sv);
        free_saved(&sv);
        return rc;
    }
    free_saved(&sv);
    book_free(v->lb.book);
    v->lb.book = nb;
    v->lb.now_ms = mk->m.now_ms;
    for (size_t i = 0; i < n; i++) {
        long k = valuation_asset(v, spots[i].symbol);
        if (k >= 0)
            str_copy(mk->spot_source[k], MARKET_SOURCE_MAX, "live");
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
