#include <config.h>
#include "store/market.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/chain.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

static int cmp_asset(const void *a, const void *b)
{
    return strcmp(((const struct book_asset *)a)->symbol, ((const struct book_asset *)b)->symbol);
}

static int resolve_spot(store_t *st, struct book_asset *a, char *src, int64_t now_ms,
                        const struct market_override *ov, size_t n_ov, struct allot_err *err)
{
    struct quote q;
    struct allot_err e2;
    int32_t at;
    double close;
    int have_q = 0, have_c = 0;

    for (size_t i = 0; i < n_ov; i++) {
        if (strcmp(ov[i].symbol, a->symbol) == 0) {
            a->spot_usd = ov[i].spot_usd;
            str_copy(src, MARKET_SOURCE_MAX, "given");
            return 0;
        }
    }
    err_clear(&e2);
    if (quotes_get(st, a->symbol, &q, &e2) == 0 && q.ts_ms <= now_ms)
        have_q = 1;
    else if (e2.code != 0 && e2.code != ALLOT_E_NOTFOUND)
        return *err = e2, err->code;
    int32_t today = (int32_t)(now_ms >= 0 ? now_ms / DATE_MS_PER_DAY
                                          : (now_ms - DATE_MS_PER_DAY + 1) / DATE_MS_PER_DAY);
    err_clear(&e2);
    if (prices_last(st, a->symbol, today, &at, &close, &e2) == 0)
        have_c = 1;
    else if (e2.code != ALLOT_E_NOTFOUND)
        return *err = e2, err->code;
    /* a close stands for the end of its day */
    if (have_q && (!have_c || q.ts_ms >= (int64_t)(at + 1) * DATE_MS_PER_DAY)) {
        char ts[32];
        a->spot_usd = q.price;
        date_format_ts(q.ts_ms, ts);
        snprintf(src, MARKET_SOURCE_MAX, "quote %s", ts);
        return 0;
    }
    if (have_c) {
        char d[11];
        a->spot_usd = close;
        date_format_day(at, d);
        snprintf(src, MARKET_SOURCE_MAX, "close %s", d);
        return 0;
    }
    return err_setf(err, ALLOT_E_NOTFOUND, "no price for %s: import prices, or give --spot "
                    "%s=PRICE", a->symbol, a->symbol);
}

static double asset_spot(const struct market *m, const char *symbol)
{
    for (size_t k = 0; k < m->n_assets; k++)
        if (strcmp(m->assets[k].symbol, symbol) == 0)
            return m->assets[k].spot_usd;
    return NAN;
}

void market_set_forwards(struct market *m, const struct position *pos, size_t n)
{
    for (size_t i = 0; i < n; i++)
        m->pos_fwd[i] = isnan(m->pos_fwd_basis[i])
                            ? NAN
                            : asset_spot(m, pos[i].underlying) * m->pos_fwd_basis[i];
}

int market_load(store_t *st, const struct position *pos, size_t n, int64_t now_ms,
                const struct market_override *ov, size_t n_ov, struct market *out,
                struct allot_err *err)
{
    double rate;
    size_t na = 0;

    memset(out, 0, sizeof *out);
    out->assets = xcalloc(n ? n : 1, sizeof *out->assets);
    for (size_t i = 0; i < n; i++) {
        size_t k;
        for (k = 0; k < na && strcmp(out->assets[k].symbol, pos[i].underlying) != 0; k++)
            ;
        if (k == na)
            str_copy(out->assets[na++].symbol, INST_SYMBOL_MAX, pos[i].underlying);
    }
    qsort(out->assets, na, sizeof *out->assets, cmp_asset);
    out->n_assets = na;
    out->spot_source = xcalloc(na ? na : 1, sizeof *out->spot_source);
    out->pos_vol = xcalloc(n ? n : 1, sizeof *out->pos_vol);
    out->pos_fwd = xcalloc(n ? n : 1, sizeof *out->pos_fwd);
    out->pos_fwd_basis = xcalloc(n ? n : 1, sizeof *out->pos_fwd_basis);
    out->vol_source = xcalloc(n ? n : 1, sizeof *out->vol_source);
    out->pos_vol_ts = xcalloc(n ? n : 1, sizeof *out->pos_vol_ts);
    if (store_setting_num(st, "rate", 0.0, -INFINITY, &rate, err) != 0)
        goto fail;
    for (size_t k = 0; k < na; k++) {
        struct book_asset *a = &out->assets[k];
        char key[64];
        a->rate = rate;
        a->vol_ann = NAN;
        snprintf(key, sizeof key, "carry.%s", a->symbol);
        if (store_setting_num(st, key, 0.0, -INFINITY, &a->carry, err) != 0)
            goto fail;
        snprintf(key, sizeof key, "funding.%s", a->symbol);
        if (store_setting_num(st, key, 0.0, -INFINITY, &a->funding_per_day, err) != 0)
            goto fail;
        if (resolve_spot(st, a, out->spot_source[k], now_ms, ov, n_ov, err) != 0)
            goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        struct chain_quote cq;
        struct quote q;
        struct allot_err e2;
        out->pos_vol[i] = NAN;
        out->pos_fwd[i] = NAN;
        out->pos_fwd_basis[i] = NAN;
        out->pos_vol_ts[i] = INT64_MIN;
        if (!inst_is_option(pos[i].kind))
            continue;
        err_clear(&e2);
        int have_chain = chain_get(st, pos[i].instrument, &cq, &e2) == 0;
        if (have_chain && cq.snapshot_ms != 0 && cq.snapshot_ms <= now_ms &&
            now_ms - cq.snapshot_ms <= MARKET_FORWARD_AGE_MS && cq.expiry_ms == pos[i].expiry_ms) {
            /* The chain's forward is its basis over the index it was quoted
             * against: applied to the spot used now (a later quote, a
             * --spot, a live feed), so the forward moves with the spot.
             * Without an index, the basis is over the spot resolved here. */
            double spot = asset_spot(out, pos[i].underlying);
            if (isfinite(cq.index_price) && cq.index_price > 0)
                out->pos_fwd_basis[i] = cq.underlying_price / cq.index_price;
            else if (isfinite(spot) && spot > 0)
                out->pos_fwd_basis[i] = cq.underlying_price / spot;
        }
        if (!isnan(pos[i].iv)) {
            str_copy(out->vol_source[i], MARKET_SOURCE_MAX, "position");
            out->pos_vol_ts[i] = INT64_MAX;
            continue;
        }
        /* the newer of the chain's mark IV and the latest quoted IV (a
         * feed's), the quote on a tie: a quote replaces a vol not newer */
        err_clear(&e2);
        int have_q = quotes_get(st, pos[i].instrument, &q, &e2) == 0 && !isnan(q.iv) &&
                     q.ts_ms <= now_ms;
        int use_chain = have_chain && !isnan(cq.mark_iv);
        if (use_chain && have_q && q.ts_ms >= cq.snapshot_ms)
            use_chain = 0;
        if (use_chain) {
            char d[32] = "";
            out->pos_vol[i] = cq.mark_iv;
            out->pos_vol_ts[i] = cq.snapshot_ms;
            if (cq.snapshot_ms != 0)
                date_format_ts(cq.snapshot_ms, d);
            snprintf(out->vol_source[i], MARKET_SOURCE_MAX, "chain %s", d);
        } else if (have_q) {
            char d[32];
            out->pos_vol[i] = q.iv;
            out->pos_vol_ts[i] = q.ts_ms;
            date_format_ts(q.ts_ms, d);
            snprintf(out->vol_source[i], MARKET_SOURCE_MAX, "quote %s", d);
        }
    }
    market_set_forwards(out, pos, n);
    out->m.now_ms = now_ms;
    out->m.n_assets = na;
    out->m.assets = out->assets;
    out->m.pos_vol_ann = out->pos_vol;
    out->m.pos_forward_usd = out->pos_fwd;
    return ALLOT_OK;
fail:
    market_done(out);
    return err->code;
}

void market_done(struct market *m)
{
    free(m->assets);
    free(m->spot_source);
    free(m->pos_vol);
    free(m->pos_fwd);
    free(m->pos_fwd_basis);
    free(m->vol_source);
    free(m->pos_vol_ts);
    memset(m, 0, sizeof *m);
}
