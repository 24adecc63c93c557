/* cmd_tailhedge.c: `allot optimize tail-hedge`: the cheapest protective
 * puts from the stored option chain that cap the book's loss in each crash
 * scenario, as a linear program (engine/optimize/tailhedge.h). */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/proposal.h"
#include "engine/optimize/tailhedge.h"
#include "store/chain.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

#define TH_MAX_SCEN 16
#define TH_DEFAULT_SCENARIOS "-30:1.5,-50:2,-70:3"
#define TH_DEFAULT_MAX_LOSS_PCT 20.0
#define TH_DEFAULT_MIN_DAYS 7
#define TH_BARE_VOL_MULT 2.0        /* a scenario given as a move alone doubles vols */

struct th_scen {
    double move, vol_mult;          /* crypto spot move (decimal), vol multiplier */
};

static int parse_scenarios(struct cli_env *env, const char *s, struct th_scen *sc, size_t *n)
{
    char *copy = xstrdup(s), *save = NULL;
    int rc = CLI_OK;
    *n = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0;
         tok = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(tok, ':');
        double m, v = TH_BARE_VOL_MULT;
        if (*n == TH_MAX_SCEN) {
            rc = cli_usage_error(env, "optimize", "--scenarios: at most %d", TH_MAX_SCEN);
            break;
        }
        if (colon)
            *colon = '\0';
        if ((rc = cli_num(env, "optimize", "--scenarios", tok, &m)) != 0)
            break;
        if (colon && (rc = cli_num(env, "optimize", "--scenarios", colon + 1, &v)) != 0)
            break;
        if (!(m > -100 && m < 0) || !(v > 0 && v <= 10)) {
            rc = cli_usage_error(env, "optimize", "--scenarios: a crash is a move in %% "
                                 "between -100 and 0 with a vol multiplier in (0, 10], as "
                                 "-50:2; found \"%s\"", tok);
            break;
        }
        sc[*n].move = m / 100;
        sc[*n].vol_mult = v;
        (*n)++;
    }
    free(copy);
    if (rc == 0 && *n == 0)
        rc = cli_usage_error(env, "optimize", "--scenarios: name at least one crash");
    return rc;
}

int cmd_tail_hedge(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "scenarios", required_argument, NULL, 'S' },
        { "max-loss", required_argument, NULL, 'm' },
        { "expiry", required_argument, NULL, 'e' },
        { "min-days", required_argument, NULL, 'd' },
        { "max-contracts", required_argument, NULL, 'x' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL, *save = NULL, *scen_arg = TH_DEFAULT_SCENARIOS, *w;
    double max_loss_pct = TH_DEFAULT_MAX_LOSS_PCT, max_contracts = INFINITY;
    long min_days = TH_DEFAULT_MIN_DAYS;
    int64_t expiry = 0;
    size_t off, ns;
    struct th_scen sc[TH_MAX_SCEN];
    int c, rc, reset = 1, csv = 0;
    struct allot_err err;
    struct loaded_book lb;
    store_t *st;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "optimize", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p': portfolio = optarg; break;
        case 'S': scen_arg = optarg; break;
        case 's': save = optarg; break;
        case 'c': csv = 1; break;
        case 'm':
            if ((rc = cli_num(env, "optimize", "--max-loss", optarg, &max_loss_pct)) != 0)
                return rc;
            if (!(max_loss_pct >= 0 && max_loss_pct < 100))
                return cli_usage_error(env, "optimize", "--max-loss: a percentage of equity "
                                       "in [0, 100)");
            break;
        case 'e':
            if (date_parse_ts(optarg, &expiry, &w, &off) != 0)
                return cli_usage_error(env, "optimize", "--expiry: expected %s, found \"%s\"",
                                       w, optarg);
            break;
        case 'd':
            if ((rc = cli_long(env, "optimize", "--min-days", optarg, 0, 3650, &min_days)))
                return rc;
            break;
        case 'x':
            if ((rc = cli_num(env, "optimize", "--max-contracts", optarg, &max_contracts)))
                return rc;
            if (!(max_contracts > 0))
                return cli_usage_error(env, "optimize", "--max-contracts must be > 0");
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "optimize", "unexpected argument \"%s\"", argv[optind]);
    if ((rc = parse_scenarios(env, scen_arg, sc, &ns)) != 0)
        return rc;
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (book_load(st, portfolio, NULL, 0, &lb, &err) != 0) {
        store_close(st);
        return cli_fail(env, &err);
    }

    size_t na = book_n_assets(lb.book);
    int *crypto = xcalloc(na, sizeof *crypto);
    struct position *cand = NULL;
    size_t nc = 0, capc = 0;
    double *prem = NULL, *payoff = NULL, *spotc = NULL, *minq = NULL, *book_pnl = NULL, *cap = NULL, *maxc = NULL,
           *lots = NULL;
    struct book *cb = NULL;
    struct th_result res;
    int have_res = 0;
    struct book_expo tot;

    /* equity: the book's value now */
    if (book_exposure(lb.book, NULL, NULL, NULL, &tot, &err) != 0)
        goto fail;
    if (!(tot.value_usd > 0)) {
        err_setf(&err, ALLOT_E_INPUT, "the book's value is %.2f USD: a loss cap in %% of equity "
                 "needs a positive equity", tot.value_usd);
        goto fail;
    }
    /* candidates: puts of the chain on every crypto underlying of the book */
    for (size_t k = 0; k < na; k++) {
        struct asset_info a;
        struct chain_quote *ch;
        size_t nch;
        const char *sym = book_asset_symbol(lb.book, k);
        if (assets_get(st, sym, &a, &err) != 0)
            goto fail;
        crypto[k] = strcmp(a.klass, "crypto") == 0;
        if (!crypto[k])
            continue;
        if (chain_list(st, sym, lb.now_ms + min_days * DATE_MS_PER_DAY, &ch, &nch, &err) != 0)
            goto fail;
        for (size_t i = 0; i < nch; i++) {
            const struct chain_quote *q = &ch[i];
            if (q->is_call || isnan(q->mark_iv) || !(q->mark_price > 0))
                continue;
            if (expiry != 0 && llabs(q->expiry_ms - expiry) >= DATE_MS_PER_DAY)
                continue;
            if (nc == capc) {
                capc = capc ? 2 * capc : 256;
                cand = xreallocarray(cand, capc, sizeof *cand);
            }
            struct position *p = &cand[nc++];
            position_init(p);
            p->kind = q->coin_settled ? INST_COIN_OPTION : INST_OPTION;
            str_copy(p->instrument, sizeof p->instrument, q->instrument);
            str_copy(p->underlying, sizeof p->underlying, sym);
            p->quantity = 1;
            /* the price paid: the ask when quoted, else the mark */
            p->entry_price = !isnan(q->ask_price) && q->ask_price > 0 ? q->ask_price
                                                                      : q->mark_price;
            p->expiry_ms = q->expiry_ms;
            p->strike = q->strike;
            p->is_call = 0;
            p->iv = q->mark_iv;
        }
        free(ch);
    }
    if (nc == 0) {
        err_setf(&err, ALLOT_E_INPUT, "no puts to buy: the stored option chain has none on the "
                 "book's crypto underlyings expiring at least %ld days from now%s; import a "
                 "chain with allot import chain", min_days, expiry ? " at that expiry" : "");
        goto fail;
    }
    /* value every candidate (1 contract) and the book in each scenario */
    /* the book's market, without its per-position arrays (the candidates
     * carry their own vols; a forward could only come from a fresh chain,
     * and F = S for Deribit's synthetic forwards at r = 0 is assumed) */
    struct book_market cm = lb.mkt.m;
    cm.pos_vol_ann = NULL;
    cm.pos_forward_usd = NULL;
    if (book_new(cand, nc, &cm, &cb, &err) != 0)
        goto fail;
    struct book_line *lines = xcalloc(nc, sizeof *lines);
    double *mult = xcalloc(na, sizeof *mult);
    prem = xcalloc(nc, sizeof *prem);
    spotc = xcalloc(nc, sizeof *spotc);
    payoff = xcalloc(ns * nc, sizeof *payoff);
    book_pnl = xcalloc(ns, sizeof *book_pnl);
    cap = xcalloc(ns, sizeof *cap);
    maxc = xcalloc(nc, sizeof *maxc);
    lots = xcalloc(nc, sizeof *lots);
    minq = xcalloc(nc, sizeof *minq);
    rc = book_exposure(cb, NULL, lines, NULL, NULL, &err);
    for (size_t j = 0; rc == 0 && j < nc; j++) {
        double spot = spotc[j] = lines[j].spot_usd;
        /* premium in USD: the coin price times spot for coin-settled options */
        prem[j] = cand[j].kind == INST_COIN_OPTION ? cand[j].entry_price * spot
                                                   : cand[j].entry_price;
        maxc[j] = max_contracts;
        rc = trade_lot(st, cand[j].kind, &lots[j], &err);
        if (rc == 0)
            rc = trade_min_qty(st, cand[j].kind, &minq[j], &err);
    }
    for (size_t s = 0; rc == 0 && s < ns; s++) {
        struct scenario scn = SCENARIO_NONE;
        for (size_t k = 0; k < na; k++)
            mult[k] = crypto[k] ? 1 + sc[s].move : 1;
        scn.n_assets = na;
        scn.spot_mult = mult;
        scn.vol_mult = sc[s].vol_mult;
        if ((rc = book_reval(lb.book, &scn, &book_pnl[s], &err)) != 0)
            break;
        /* the candidates' universe is the book's (same market): same multipliers */
        if ((rc = book_exposure(cb, &scn, lines, NULL, NULL, &err)) != 0)
            break;
        for (size_t j = 0; j < nc; j++)
            payoff[s * nc + j] = lines[j].x.value_usd - prem[j];
        cap[s] = max_loss_pct / 100 * tot.value_usd;
    }
    free(lines);
    free(mult);
    if (rc != 0)
        goto fail;
    struct th_problem prob = { nc, ns, prem, payoff, book_pnl, cap, maxc, lots, minq };
    if (th_solve(&prob, &res, &err) != 0)
        goto fail;
    have_res = 1;
    if (!res.feasible) {
        for (size_t s = 0; s < ns; s++)
            if (!res.cap_reachable[s]) {
                err_setf(&err, ALLOT_E_NUMERIC, "no combination of puts in this chain caps the "
                         "%+.0f %% loss below %.0f USD (cap %.0f USD, %.4g %% of equity)",
                         100 * sc[s].move, res.best_loss[s], cap[s], max_loss_pct);
                goto fail;
            }
        err_setf(&err, ALLOT_E_NUMERIC, "no combination of puts in this chain meets every cap "
                 "at once: the best misses one by %.0f USD", res.min_excess_usd);
        goto fail;
    }
    char params[256];
    snprintf(params, sizeof params, "scenarios=%s max-loss=%g%% of equity %.0f USD, %zu puts "
             "considered, cost %.0f USD", scen_arg, max_loss_pct, tot.value_usd, nc,
             res.cost_usd);
    struct tradelist *tl = tradelist_new("tail-hedge", params);
    for (size_t j = 0; j < nc; j++) {
        struct tradelist_trade t;
        if (!(res.qty[j] > 0))
            continue;
        memset(&t, 0, sizeof t);
        t.inst = cand[j];
        t.side = TRADE_BUY;
        t.quantity = res.qty[j];
        t.price = cand[j].entry_price;
        double fee_rate;
        if (trade_fee_rate(st, cand[j].kind, &fee_rate, &err) != 0) {
            tradelist_free(tl);
            goto fail;
        }
        t.notional_usd = res.qty[j] * prem[j];
        t.fee_usd = option_fee_usd(res.qty[j] * cand[j].multiplier * spotc[j],
                                   res.qty[j] * prem[j], fee_rate);
        tradelist_add_trade(tl, &t);
    }
    tradelist_add_figure(tl, "premium", 0, res.cost_usd, "USD");
    for (size_t s = 0; s < ns; s++) {
        char name[TRADELIST_FIG_NAME_MAX];
        snprintf(name, sizeof name, "loss %+.0f%% vol x%g (cap %.0f)", 100 * sc[s].move,
                 sc[s].vol_mult, cap[s]);
        tradelist_add_figure(tl, name, res.loss_before[s], res.loss_after[s], "USD");
    }
    rc = proposal_finish(env, st, &lb, tl, save, csv);
    tradelist_free(tl);
    goto out;
fail:
    rc = cli_fail(env, &err);
out:
    if (have_res)
        th_result_done(&res);
    book_free(cb);
    free(crypto);
    free(cand);
    free(prem);
    free(spotc);
    free(payoff);
    free(book_pnl);
    free(cap);
    free(maxc);
    free(lots);
    free(minq);
    book_unload(&lb);
    store_close(st);
    return rc;
}
