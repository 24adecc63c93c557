#include <config.h>
#include "store/hedgerun.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/optimize/hedge.h"
#include "engine/stats/corr.h"
#include "engine/stats/cov.h"
#include "store/chain.h"
#include "store/prices.h"
#include "store/trade.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define DV_MIN_DAYS 7       /* delta-vega's default option: at least a week out */

int hedgerun_parse_using(const char *s, enum inst_kind *k)
{
    if (strcmp(s, "perp") == 0)
        *k = INST_PERP;
    else if (strcmp(s, "inverse-perp") == 0)
        *k = INST_INV_PERP;
    else if (strcmp(s, "spot") == 0)
        *k = INST_SPOT;
    else
        return -1;
    return 0;
}

void hedgerun_instrument(const struct loaded_book *lb, const char *sym, enum inst_kind k,
                         struct position *p)
{
    position_init(p);
    p->kind = k;
    str_copy(p->underlying, sizeof p->underlying, sym);
    for (size_t i = 0; i < lb->n; i++)
        if (lb->pos[i].kind == k && strcmp(lb->pos[i].underlying, sym) == 0) {
            str_copy(p->instrument, sizeof p->instrument, lb->pos[i].instrument);
            return;
        }
    snprintf(p->instrument, sizeof p->instrument, "%s%s", sym,
             k == INST_PERP ? "-PERP" : k == INST_INV_PERP ? "-PERPETUAL" : "");
}

static double spot_of(const struct loaded_book *lb, const char *sym)
{
    for (size_t k = 0; k < lb->mkt.n_assets; k++)
        if (strcmp(lb->mkt.assets[k].symbol, sym) == 0)
            return lb->mkt.assets[k].spot_usd;
    return NAN;
}

/* A trade of signed quantity q (buy > 0) in p at price, with its fee. */
static void add_trade(struct tradelist *tl, const struct position *p, double q, double price,
                      double fee_usd, double notional_usd)
{
    struct tradelist_trade t;
    memset(&t, 0, sizeof t);
    t.inst = *p;
    t.side = q > 0 ? TRADE_BUY : TRADE_SELL;
    t.quantity = fabs(q);
    t.price = price;
    t.fee_usd = fee_usd;
    t.notional_usd = notional_usd;
    tradelist_add_trade(tl, &t);
}

/* The book's delta per underlying: d(value USD)/d(spot), units. */
static int deltas(const struct loaded_book *lb, double **out, struct allot_err *err)
{
    size_t na = book_n_assets(lb->book);
    struct book_expo *per = xcalloc(na ? na : 1, sizeof *per), tot;
    int rc = book_exposure(lb->book, NULL, NULL, per, &tot, err);
    *out = xcalloc(na ? na : 1, sizeof **out);
    for (size_t k = 0; rc == 0 && k < na; k++)
        (*out)[k] = per[k].delta_plain_units;
    free(per);
    return rc;
}

/* ---- delta-neutral ---- */

int hedgerun_delta_neutral(store_t *st, const struct loaded_book *lb,
                           const struct hedgerun_dn *p, struct tradelist **out,
                           struct allot_err *err)
{
    double *d = NULL, fee_rate, lot, min_qty;
    char params[256];
    struct tradelist *tl = NULL;
    int rc, hedged = 0;

    *out = NULL;
    if ((rc = deltas(lb, &d, err)) != 0 || (rc = trade_fee_rate(st, p->using, &fee_rate, err)) ||
        (rc = trade_lot(st, p->using, &lot, err)) != 0 ||
        (rc = trade_min_qty(st, p->using, &min_qty, err)) != 0)
        goto fail;
    snprintf(params, sizeof params, "using=%s target=%g%s%s", inst_kind_name(p->using),
             p->target_units, p->underlying ? " underlying=" : "",
             p->underlying ? p->underlying : "");
    tl = tradelist_new("delta-neutral", params);
    for (size_t k = 0; k < book_n_assets(lb->book); k++) {
        const char *sym = book_asset_symbol(lb->book, k);
        struct asset_info a;
        struct hedge_delta_in in;
        struct hedge_delta_out ho;
        struct position hp;
        if ((rc = assets_get(st, sym, &a, err)) != 0)
            goto fail;
        /* by default every crypto underlying; p->underlying names one */
        if (p->underlying != NULL ? strcmp(p->underlying, sym) != 0
                                  : strcmp(a.klass, "crypto") != 0)
            continue;
        hedged++;
        memset(&in, 0, sizeof in);
        in.kind = p->using;
        in.delta_units = d[k];
        in.target_units = p->target_units;
        in.price_usd = lb->mkt.assets[k].spot_usd;
        in.lot = lot;
        in.min_qty = min_qty;
        in.fee_rate = fee_rate;
        if ((rc = hedge_delta(&in, &ho, err)) != 0) {
            err_prefix(err, "%s: ", sym);
            goto fail;
        }
        if (ho.qty == 0)
            continue;
        hedgerun_instrument(lb, sym, p->using, &hp);
        add_trade(tl, &hp, ho.qty, in.price_usd, ho.fee_usd, ho.notional_usd);
    }
    if (p->underlying != NULL && hedged == 0) {
        rc = err_setf(err, ALLOT_E_INPUT, "--underlying %s: the portfolio holds nothing on it",
                      p->underlying);
        goto fail;
    }
    free(d);
    *out = tl;
    return ALLOT_OK;
fail:
    tradelist_free(tl);
    free(d);
    return rc;
}

/* ---- cross-asset minimum-variance hedge ---- */

/* The covariance of A and B's daily log returns by the estimator. */
static int pair_cov(store_t *st, const struct hedgerun_cross *p, gsl_matrix *cov,
                    struct allot_err *err)
{
    const char *syms[2] = { p->asset, p->hedge };
    struct series_set set;
    struct returns ret;
    struct returns_opts ro;
    int rc;

    series_set_init(&set);
    returns_opts_init(&ro);
    ro.last_n = p->window;
    rc = prices_load(st, syms, 2, DATE_NONE, DATE_NONE, &set, err);
    if (rc == 0)
        rc = returns_align(&set, syms, 2, &ro, &ret, err);
    if (rc == 0) {
        if (strcmp(p->estimator, "ewma") == 0) {
            struct cov_ewma_opts eo;
            cov_ewma_opts_init(&eo);
            rc = cov_ewma(ret.r, &eo, cov, err);
        } else if (strcmp(p->estimator, "stressed") == 0) {
            /* stressed correlation (worst 5 % of the pair's basket days), full-history vols */
            struct corr_stress_opts so;
            struct corr_stress_info si;
            gsl_matrix *corr = gsl_matrix_alloc(2, 2), *s = gsl_matrix_alloc(2, 2);
            gsl_vector *vol = gsl_vector_alloc(2);
            corr_stress_opts_init(&so);
            rc = corr_stressed(ret.r, &so, corr, NULL, &si, err);
            if (rc == 0)
                rc = cov_sample(ret.r, s, err);
            if (rc == 0) {
                gsl_vector_set(vol, 0, sqrt(gsl_matrix_get(s, 0, 0)));
                gsl_vector_set(vol, 1, sqrt(gsl_matrix_get(s, 1, 1)));
                rc = cov_from_corr(corr, vol, cov, err);
            }
            gsl_matrix_free(corr);
            gsl_matrix_free(s);
            gsl_vector_free(vol);
        } else {
            rc = cov_sample(ret.r, cov, err);
        }
        returns_done(&ret);
    }
    series_set_done(&set);
    return rc;
}

int hedgerun_cross(store_t *st, const struct loaded_book *lb, const struct hedgerun_cross *p,
                   struct tradelist **out, struct allot_err *err)
{
    size_t na = book_n_assets(lb->book), ia = na;
    double *d = NULL, exposure, sb, fee_rate, lot, q;
    gsl_matrix *cov;
    struct hedge_mv_out mv;
    char params[256];
    struct tradelist *tl;
    int rc;

    *out = NULL;
    if (strcmp(p->estimator, "sample") && strcmp(p->estimator, "ewma") &&
        strcmp(p->estimator, "stressed"))
        return err_setf(err, ALLOT_E_INPUT, "--estimator: expected sample, ewma or stressed, "
                        "found \"%s\"", p->estimator);
    for (size_t k = 0; k < na; k++)
        if (strcmp(book_asset_symbol(lb->book, k), p->asset) == 0)
            ia = k;
    if (ia == na)
        return err_setf(err, ALLOT_E_INPUT, "--asset %s: the portfolio holds nothing on it",
                        p->asset);
    if ((rc = deltas(lb, &d, err)) != 0) {
        free(d);
        return rc;
    }
    /* the book's USD exposure to A */
    exposure = d[ia] * lb->mkt.assets[ia].spot_usd;
    free(d);
    cov = gsl_matrix_alloc(2, 2);
    rc = pair_cov(st, p, cov, err);
    if (rc == 0)
        rc = hedge_min_variance(cov, 0, 1, exposure, &mv, err);
    gsl_matrix_free(cov);
    if (rc != 0) {
        err_prefix(err, "hedging %s with %s: ", p->asset, p->hedge);
        return rc;
    }
    sb = spot_of(lb, p->hedge);
    if (isnan(sb)) {
        int32_t at;
        if ((rc = prices_last(st, p->hedge, DATE_NONE, &at, &sb, err)) != 0)
            return rc;
    }
    if ((rc = trade_fee_rate(st, p->using, &fee_rate, err)) != 0 ||
        (rc = trade_lot(st, p->using, &lot, err)) != 0)
        return rc;
    /* hold hedge_usd of B: linear q = hedge_usd / S_B; inverse N = hedge_usd */
    q = inst_is_inverse(p->using) ? mv.hedge_usd : mv.hedge_usd / sb;
    if (lot > 0)
        q = round(q / lot) * lot;
    snprintf(params, sizeof params, "asset=%s hedge=%s estimator=%s ratio=%.6g rho=%.4f "
             "variance left=%.4f", p->asset, p->hedge, p->estimator, mv.ratio, mv.rho,
             mv.frac_left);
    tl = tradelist_new("hedge", params);
    if (q != 0) {
        struct position hp;
        double notional = inst_is_inverse(p->using) ? fabs(q) : fabs(q) * sb;
        hedgerun_instrument(lb, p->hedge, p->using, &hp);
        add_trade(tl, &hp, q, sb, notional * fee_rate, notional);
    }
    tradelist_add_figure(tl, "variance of A exposure", mv.var_before, mv.var_after, "USD2/day");
    *out = tl;
    return ALLOT_OK;
}

/* ---- delta-vega ---- */

/* The chain's call of sym nearest the money at the expiry wanted. */
static int dv_option(store_t *st, const struct loaded_book *lb, const struct hedgerun_dv *p,
                     double spot, struct chain_quote *opt, struct allot_err *err)
{
    struct chain_quote *ch;
    size_t nch, ns = 0, *idx;
    int64_t want = p->expiry_ms;
    double *strikes;
    int rc;

    if ((rc = chain_list(st, p->underlying, lb->now_ms, &ch, &nch, err)) != 0)
        return rc;
    if (want == 0) {
        for (size_t i = 0; i < nch && want == 0; i++)
            if (ch[i].expiry_ms - lb->now_ms >= DV_MIN_DAYS * DATE_MS_PER_DAY &&
                !isnan(ch[i].mark_iv))
                want = ch[i].expiry_ms;
    }
    strikes = xcalloc(nch ? nch : 1, sizeof *strikes);
    idx = xcalloc(nch ? nch : 1, sizeof *idx);
    for (size_t i = 0; i < nch; i++)
        if (ch[i].is_call && !isnan(ch[i].mark_iv) &&
            (p->expiry_ms != 0 ? llabs(ch[i].expiry_ms - want) < DATE_MS_PER_DAY
                               : ch[i].expiry_ms == want)) {
            strikes[ns] = ch[i].strike;
            idx[ns++] = i;
        }
    if (ns == 0)
        rc = err_setf(err, ALLOT_E_INPUT, "no call of %s with an implied vol in the stored "
                      "chain%s; import one with allot import chain", p->underlying,
                      p->expiry_ms ? " at that expiry" : " at least 7 days from expiry");
    else
        *opt = ch[idx[hedge_nearest_atm(strikes, ns, spot)]];
    free(strikes);
    free(idx);
    free(ch);
    return rc;
}

int hedgerun_delta_vega(store_t *st, const struct loaded_book *lb, const struct hedgerun_dv *p,
                        struct tradelist **out, struct allot_err *err)
{
    size_t na = book_n_assets(lb->book), k;
    struct book_expo *per, tot;
    double bdelta, bvega, gross = 0, spot;
    struct chain_quote opt;
    struct position op;
    struct book *ob;
    struct book_line line;
    double lot_o, lot_p, fee_o, fee_p;
    struct hedge_dv_out dv;
    char params[256];
    struct tradelist *tl;
    int rc;

    *out = NULL;
    for (k = 0; k < na && strcmp(book_asset_symbol(lb->book, k), p->underlying) != 0; k++)
        ;
    if (k == na)
        return err_setf(err, ALLOT_E_INPUT, "--underlying %s: the portfolio holds nothing on it",
                        p->underlying);
    per = xcalloc(na, sizeof *per);
    rc = book_exposure(lb->book, NULL, NULL, per, &tot, err);
    bdelta = per[k].delta_plain_units;
    bvega = per[k].vega_usd_per_volpt;
    for (size_t j = 0; j < na; j++)
        gross += fabs(per[j].delta_usd);
    free(per);
    if (rc != 0)
        return rc;
    spot = lb->mkt.assets[k].spot_usd;
    if ((rc = dv_option(st, lb, p, spot, &opt, err)) != 0)
        return rc;
    /* one contract of it, valued by the book's engine */
    position_init(&op);
    op.kind = opt.coin_settled ? INST_COIN_OPTION : INST_OPTION;
    str_copy(op.instrument, sizeof op.instrument, opt.instrument);
    str_copy(op.underlying, sizeof op.underlying, p->underlying);
    op.quantity = 1;
    op.entry_price = 1;
    op.expiry_ms = opt.expiry_ms;
    op.strike = opt.strike;
    op.is_call = 1;
    op.iv = opt.mark_iv;
    struct book_asset one = lb->mkt.assets[k];
    struct book_market m1 = { lb->now_ms, 1, &one, NULL, NULL };
    if ((rc = book_new(&op, 1, &m1, &ob, err)) != 0)
        return rc;
    rc = book_exposure(ob, NULL, &line, NULL, NULL, err);
    book_free(ob);
    if (rc != 0)
        return rc;
    if ((rc = trade_lot(st, op.kind, &lot_o, err)) || (rc = trade_lot(st, p->using, &lot_p, err)) ||
        (rc = trade_fee_rate(st, op.kind, &fee_o, err)) ||
        (rc = trade_fee_rate(st, p->using, &fee_p, err)))
        return rc;
    struct hedge_dv_inst i1 = { line.x.delta_plain_units, line.x.vega_usd_per_volpt, spot,
                                lot_o };
    struct hedge_dv_inst i2 = { inst_is_inverse(p->using) ? 1.0 / spot : 1.0, 0,
                                inst_is_inverse(p->using) ? 1.0 : spot, lot_p };
    if ((rc = hedge_delta_vega(bdelta, bvega, p->target_delta_units,
                               p->target_vega_usd_per_volpt, &i1, &i2, gross, &dv, err)) != 0) {
        err_prefix(err, "%s with %s and %s: ", p->underlying, opt.instrument,
                   inst_kind_name(p->using));
        return rc;
    }
    snprintf(params, sizeof params, "underlying=%s option=%s (nearest ATM call of its expiry) "
             "using=%s target delta=%g vega=%g", p->underlying, opt.instrument,
             inst_kind_name(p->using), p->target_delta_units, p->target_vega_usd_per_volpt);
    tl = tradelist_new("delta-vega", params);
    if (dv.qty[0] != 0) {
        double price = opt.coin_settled ? line.x.value_coin : line.x.value_usd;
        add_trade(tl, &op, dv.qty[0], price,
                  option_fee_usd(fabs(dv.qty[0]) * spot, fabs(dv.qty[0] * line.x.value_usd),
                                 fee_o),
                  fabs(dv.qty[0]) * fabs(line.x.value_usd));
    }
    if (dv.qty[1] != 0) {
        struct position hp;
        double notional = inst_is_inverse(p->using) ? fabs(dv.qty[1]) : fabs(dv.qty[1]) * spot;
        hedgerun_instrument(lb, p->underlying, p->using, &hp);
        add_trade(tl, &hp, dv.qty[1], spot, notional * fee_p, notional);
    }
    *out = tl;
    return ALLOT_OK;
}
