#include <config.h>
#include "store/tailrun.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/optimize/tailhedge.h"
#include "store/chain.h"
#include "store/prices.h"
#include "store/trade.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

#define PCT 100.0
#define MAX_VOL_MULT 10.0

int tailrun_parse_scenarios(const char *s, struct tailrun_scen *sc, size_t *n,
                            struct allot_err *err)
{
    char *copy = xstrdup(s), *save = NULL;
    int rc = 0;
    *n = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0;
         tok = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(tok, ':');
        double m, v = TAILRUN_BARE_VOL_MULT;
        const char *what;
        size_t off;
        if (*n == TAILRUN_MAX_SCEN) {
            rc = err_setf(err, ALLOT_E_INPUT, "at most %d scenarios", TAILRUN_MAX_SCEN);
            break;
        }
        if (colon)
            *colon = '\0';
        if (num_parse(tok, &m, &what, &off) != 0) {
            rc = err_setf(err, ALLOT_E_INPUT, "expected %s, found \"%s\"", what, tok);
            break;
        }
        if (colon && num_parse(colon + 1, &v, &what, &off) != 0) {
            rc = err_setf(err, ALLOT_E_INPUT, "expected %s, found \"%s\"", what, colon + 1);
            break;
        }
        if (!(m > -PCT && m < 0) || !(v > 0 && v <= MAX_VOL_MULT)) {
            if (colon)
                *colon = ':';
            rc = err_setf(err, ALLOT_E_INPUT, "a crash is a move in %% between -100 and 0 "
                          "with a vol multiplier in (0, 10], as -50:2; found \"%s\"", tok);
            break;
        }
        sc[*n].move = m / PCT;
        sc[*n].vol_mult = v;
        (*n)++;
    }
    free(copy);
    if (rc == 0 && *n == 0)
        rc = err_setf(err, ALLOT_E_INPUT, "name at least one crash");
    return rc;
}

/* The candidates: puts of the chain on every crypto underlying of the
 * book, one contract each, priced at the ask when quoted, else the mark. */
static int candidates(store_t *st, const struct loaded_book *lb, const struct tailrun_params *p,
                      int *crypto, struct position **cand, size_t *nc, struct allot_err *err)
{
    size_t na = book_n_assets(lb->book), capc = 0;
    int rc;
    *cand = NULL;
    *nc = 0;
    for (size_t k = 0; k < na; k++) {
        struct asset_info a;
        struct chain_quote *ch;
        size_t nch;
        const char *sym = book_asset_symbol(lb->book, k);
        if ((rc = assets_get(st, sym, &a, err)) != 0)
            return rc;
        crypto[k] = strcmp(a.klass, "crypto") == 0;
        if (!crypto[k])
            continue;
        if ((rc = chain_list(st, sym, lb->now_ms + p->min_days * DATE_MS_PER_DAY, &ch, &nch,
                             err)) != 0)
            return rc;
        for (size_t i = 0; i < nch; i++) {
            const struct chain_quote *q = &ch[i];
            struct position *c;
            if (q->is_call || isnan(q->mark_iv) || !(q->mark_price > 0))
                continue;
            if (p->expiry_ms != 0 && llabs(q->expiry_ms - p->expiry_ms) >= DATE_MS_PER_DAY)
                continue;
            if (*nc == capc) {
                capc = capc ? 2 * capc : 256;
                *cand = xreallocarray(*cand, capc, sizeof **cand);
            }
            c = &(*cand)[(*nc)++];
            position_init(c);
            c->kind = q->coin_settled ? INST_COIN_OPTION : INST_OPTION;
            str_copy(c->instrument, sizeof c->instrument, q->instrument);
            str_copy(c->underlying, sizeof c->underlying, sym);
            c->quantity = 1;
            c->entry_price = !isnan(q->ask_price) && q->ask_price > 0 ? q->ask_price
                                                                      : q->mark_price;
            c->expiry_ms = q->expiry_ms;
            c->strike = q->strike;
            c->is_call = 0;
            c->iv = q->mark_iv;
        }
        free(ch);
    }
    if (*nc == 0)
        return err_setf(err, ALLOT_E_INPUT, "no puts to buy: the stored option chain has none "
                        "on the book's crypto underlyings expiring at least %ld days from "
                        "now%s; import a chain with allot import chain", p->min_days,
                        p->expiry_ms ? " at that expiry" : "");
    return ALLOT_OK;
}

/* The LP's arrays, owned. */
struct lp_data {
    double *prem, *payoff, *spotc, *minq, *book_pnl, *cap, *maxc, *lots;
};

static void lp_data_done(struct lp_data *d)
{
    free(d->prem);
    free(d->payoff);
    free(d->spotc);
    free(d->minq);
    free(d->book_pnl);
    free(d->cap);
    free(d->maxc);
    free(d->lots);
}

/* Value every candidate (1 contract) and the book in each scenario. */
static int fill_lp(store_t *st, const struct loaded_book *lb, const struct tailrun_params *p,
                   const int *crypto, const struct position *cand, size_t nc, struct book *cb,
                   double equity, struct lp_data *d, struct allot_err *err)
{
    size_t na = book_n_assets(lb->book), ns = p->n_scen;
    struct book_line *lines = xcalloc(nc, sizeof *lines);
    double *mult = xcalloc(na ? na : 1, sizeof *mult);
    int rc;

    d->prem = xcalloc(nc, sizeof *d->prem);
    d->spotc = xcalloc(nc, sizeof *d->spotc);
    d->payoff = xcalloc(ns * nc, sizeof *d->payoff);
    d->book_pnl = xcalloc(ns, sizeof *d->book_pnl);
    d->cap = xcalloc(ns, sizeof *d->cap);
    d->maxc = xcalloc(nc, sizeof *d->maxc);
    d->lots = xcalloc(nc, sizeof *d->lots);
    d->minq = xcalloc(nc, sizeof *d->minq);
    rc = book_exposure(cb, NULL, lines, NULL, NULL, err);
    for (size_t j = 0; rc == 0 && j < nc; j++) {
        double spot = d->spotc[j] = lines[j].spot_usd;
        /* premium in USD: the coin price times spot for coin-settled options */
        d->prem[j] = cand[j].kind == INST_COIN_OPTION ? cand[j].entry_price * spot
                                                      : cand[j].entry_price;
        d->maxc[j] = p->max_contracts;
        rc = trade_lot(st, cand[j].kind, &d->lots[j], err);
        if (rc == 0)
            rc = trade_min_qty(st, cand[j].kind, &d->minq[j], err);
    }
    for (size_t s = 0; rc == 0 && s < ns; s++) {
        struct scenario scn = SCENARIO_NONE;
        for (size_t k = 0; k < na; k++)
            mult[k] = crypto[k] ? 1 + p->scen[s].move : 1;
        scn.n_assets = na;
        scn.spot_mult = mult;
        scn.vol_mult = p->scen[s].vol_mult;
        if ((rc = book_reval(lb->book, &scn, &d->book_pnl[s], err)) != 0)
            break;
        /* the candidates' universe is the book's (same market): same multipliers */
        if ((rc = book_exposure(cb, &scn, lines, NULL, NULL, err)) != 0)
            break;
        for (size_t j = 0; j < nc; j++)
            d->payoff[s * nc + j] = lines[j].x.value_usd - d->prem[j];
        d->cap[s] = p->max_loss_pct / PCT * equity;
    }
    free(lines);
    free(mult);
    return rc;
}

/* The trade list of a feasible solution. */
static int trades(store_t *st, const struct tailrun_params *p, const struct position *cand,
                  size_t nc, const struct lp_data *d, const struct th_result *res, double equity,
                  struct tradelist **out, struct allot_err *err)
{
    char params[256];
    struct tradelist *tl;
    snprintf(params, sizeof params, "scenarios=%s max-loss=%g%% of equity %.0f USD, %zu puts "
             "considered, cost %.0f USD", p->scen_text, p->max_loss_pct, equity, nc,
             res->cost_usd);
    tl = tradelist_new("tail-hedge", params);
    for (size_t j = 0; j < nc; j++) {
        struct tradelist_trade t;
        double fee_rate;
        int rc;
        if (!(res->qty[j] > 0))
            continue;
        memset(&t, 0, sizeof t);
        t.inst = cand[j];
        t.side = TRADE_BUY;
        t.quantity = res->qty[j];
        t.price = cand[j].entry_price;
        if ((rc = trade_fee_rate(st, cand[j].kind, &fee_rate, err)) != 0) {
            tradelist_free(tl);
            return rc;
        }
        t.notional_usd = res->qty[j] * d->prem[j];
        t.fee_usd = option_fee_usd(res->qty[j] * cand[j].multiplier * d->spotc[j],
                                   res->qty[j] * d->prem[j], fee_rate);
        tradelist_add_trade(tl, &t);
    }
    tradelist_add_figure(tl, "premium", 0, res->cost_usd, "USD");
    for (size_t s = 0; s < p->n_scen; s++) {
        char name[TRADELIST_FIG_NAME_MAX];
        snprintf(name, sizeof name, "loss %+.0f%% vol x%g (cap %.0f)", PCT * p->scen[s].move,
                 p->scen[s].vol_mult, d->cap[s]);
        tradelist_add_figure(tl, name, res->loss_before[s], res->loss_after[s], "USD");
    }
    *out = tl;
    return ALLOT_OK;
}

int tailrun_solve(store_t *st, const struct loaded_book *lb, const struct tailrun_params *p,
                  struct tradelist **out, struct allot_err *err)
{
    size_t na = book_n_assets(lb->book), nc = 0;
    int *crypto = xcalloc(na ? na : 1, sizeof *crypto);
    struct position *cand = NULL;
    struct lp_data d;
    struct book *cb = NULL;
    struct th_result res;
    int have_res = 0, rc;
    struct book_expo tot;

    *out = NULL;
    memset(&d, 0, sizeof d);
    /* equity: the book's value now */
    if ((rc = book_exposure(lb->book, NULL, NULL, NULL, &tot, err)) != 0)
        goto out;
    if (!(tot.value_usd > 0)) {
        rc = err_setf(err, ALLOT_E_INPUT, "the book's value is %.2f USD: a loss cap in %% of "
                      "equity needs a positive equity", tot.value_usd);
        goto out;
    }
    if ((rc = candidates(st, lb, p, crypto, &cand, &nc, err)) != 0)
        goto out;
    /* the book's market, without its per-position arrays (the candidates
     * carry their own vols; a forward could only come from a fresh chain,
     * and F = S for Deribit's synthetic forwards at r = 0 is assumed) */
    struct book_market cm = lb->mkt.m;
    cm.pos_vol_ann = NULL;
    cm.pos_forward_usd = NULL;
    if ((rc = book_new(cand, nc, &cm, &cb, err)) != 0 ||
        (rc = fill_lp(st, lb, p, crypto, cand, nc, cb, tot.value_usd, &d, err)) != 0)
        goto out;
    struct th_problem prob = { nc, p->n_scen, d.prem, d.payoff, d.book_pnl, d.cap, d.maxc,
                               d.lots, d.minq };
    if ((rc = th_solve(&prob, &res, err)) != 0)
        goto out;
    have_res = 1;
    if (!res.feasible) {
        for (size_t s = 0; s < p->n_scen; s++)
            if (!res.cap_reachable[s]) {
                rc = err_setf(err, ALLOT_E_NUMERIC, "no combination of puts in this chain caps "
                              "the %+.0f %% loss below %.0f USD (cap %.0f USD, %.4g %% of "
                              "equity)", PCT * p->scen[s].move, res.best_loss[s], d.cap[s],
                              p->max_loss_pct);
                goto out;
            }
        rc = err_setf(err, ALLOT_E_NUMERIC, "no combination of puts in this chain meets every "
                      "cap at once: the best misses one by %.0f USD", res.min_excess_usd);
        goto out;
    }
    rc = trades(st, p, cand, nc, &d, &res, tot.value_usd, out, err);
out:
    if (have_res)
        th_result_done(&res);
    book_free(cb);
    lp_data_done(&d);
    free(crypto);
    free(cand);
    return rc;
}
