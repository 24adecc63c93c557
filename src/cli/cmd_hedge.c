/* cmd_hedge.c: the hedging optimizers on the book: `optimize delta-neutral`
 * (same-asset hedges in a perp, inverse perp or spot), `optimize hedge`
 * (cross-asset minimum variance) and `optimize delta-vega` (an option of
 * the chain and the perp). Each prints a proposal and saves it with
 * --save NAME for `allot apply`. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/proposal.h"
#include "cli/statsload.h"
#include "engine/optimize/hedge.h"
#include "engine/stats/corr.h"
#include "engine/stats/cov.h"
#include "store/chain.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define VOLPT 0.01

int cli_parse_using(const char *s, enum inst_kind *k)
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

/* The instrument a hedge of kind k on underlying sym trades: the one the
 * book holds of that kind (added to), else SYM-PERP, SYM-PERPETUAL or SYM. */
void cli_hedge_instrument(const struct loaded_book *lb, const char *sym, enum inst_kind k,
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

int cmd_delta_neutral(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "using", required_argument, NULL, 'u' },
        { "target-delta", required_argument, NULL, 't' },
        { "underlying", required_argument, NULL, 'U' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL, *save = NULL, *only = NULL;
    enum inst_kind using = INST_PERP;
    double target = 0;
    int c, rc, reset = 1, csv = 0;
    struct allot_err err;
    struct loaded_book lb;
    store_t *st;
    double *d = NULL, fee_rate, lot, min_qty;
    char params[256];

    argc--;
    argv++;
    while ((c = cli_getopt(env, "optimize", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p':
            portfolio = optarg;
            break;
        case 'u':
            if (cli_parse_using(optarg, &using) != 0)
                return cli_usage_error(env, "optimize", "--using: expected perp, inverse-perp "
                                       "or spot, found \"%s\"", optarg);
            break;
        case 't':
            if ((rc = cli_num(env, "optimize", "--target-delta", optarg, &target)) != 0)
                return rc;
            break;
        case 'U':
            only = optarg;
            break;
        case 's':
            save = optarg;
            break;
        case 'c':
            csv = 1;
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "optimize", "unexpected argument \"%s\"", argv[optind]);
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (book_load(st, portfolio, NULL, 0, &lb, &err) != 0) {
        store_close(st);
        return cli_fail(env, &err);
    }
    if (deltas(&lb, &d, &err) != 0 || trade_fee_rate(st, using, &fee_rate, &err) != 0 ||
        trade_lot(st, using, &lot, &err) != 0 || trade_min_qty(st, using, &min_qty, &err) != 0)
        goto fail;
    snprintf(params, sizeof params, "using=%s target=%g%s%s", inst_kind_name(using), target,
             only ? " underlying=" : "", only ? only : "");
    struct tradelist *tl = tradelist_new("delta-neutral", params);
    int hedged = 0;
    for (size_t k = 0; k < book_n_assets(lb.book); k++) {
        const char *sym = book_asset_symbol(lb.book, k);
        struct asset_info a;
        struct hedge_delta_in in;
        struct hedge_delta_out out;
        struct position p;
        if (assets_get(st, sym, &a, &err) != 0) {
            tradelist_free(tl);
            goto fail;
        }
        /* by default every crypto underlying; --underlying names one */
        if (only != NULL ? strcmp(only, sym) != 0 : strcmp(a.klass, "crypto") != 0)
            continue;
        hedged++;
        memset(&in, 0, sizeof in);
        in.kind = using;
        in.delta_units = d[k];
        in.target_units = target;
        in.price_usd = lb.mkt.assets[k].spot_usd;
        in.lot = lot;
        in.min_qty = min_qty;
        in.fee_rate = fee_rate;
        if (hedge_delta(&in, &out, &err) != 0) {
            tradelist_free(tl);
            err_prefix(&err, "%s: ", sym);
            goto fail;
        }
        if (out.qty == 0)
            continue;
        cli_hedge_instrument(&lb, sym, using, &p);
        add_trade(tl, &p, out.qty, in.price_usd, out.fee_usd, out.notional_usd);
    }
    if (only != NULL && hedged == 0) {
        tradelist_free(tl);
        err_setf(&err, ALLOT_E_INPUT, "--underlying %s: the portfolio holds nothing on it", only);
        goto fail;
    }
    rc = proposal_finish(env, st, &lb, tl, save, csv);
    tradelist_free(tl);
    free(d);
    book_unload(&lb);
    store_close(st);
    return rc;
fail:
    free(d);
    book_unload(&lb);
    store_close(st);
    return cli_fail(env, &err);
}

/* ---- cross-asset minimum-variance hedge ---- */

int cmd_cross_hedge(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "asset", required_argument, NULL, 'a' },
        { "hedge", required_argument, NULL, 'h' },
        { "estimator", required_argument, NULL, 'e' },
        { "using", required_argument, NULL, 'u' },
        { "window", required_argument, NULL, 'w' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL, *save = NULL, *asset = NULL, *hedge = NULL, *est = "sample";
    enum inst_kind using = INST_PERP;
    long window = 0;
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
        case 'a': asset = optarg; break;
        case 'h': hedge = optarg; break;
        case 'e': est = optarg; break;
        case 's': save = optarg; break;
        case 'c': csv = 1; break;
        case 'u':
            if (cli_parse_using(optarg, &using) != 0)
                return cli_usage_error(env, "optimize", "--using: expected perp, inverse-perp "
                                       "or spot, found \"%s\"", optarg);
            break;
        case 'w':
            if ((rc = cli_long(env, "optimize", "--window", optarg, 3, 100000000L, &window)))
                return rc;
            break;
        }
    }
    if (optind != argc || asset == NULL || hedge == NULL || strcmp(asset, hedge) == 0 ||
        strlen(asset) >= SERIES_SYMBOL_MAX || strlen(hedge) >= SERIES_SYMBOL_MAX)
        return cli_usage_error(env, "optimize", "hedge needs --asset A --hedge B, two symbols");
    if (strcmp(est, "sample") && strcmp(est, "ewma") && strcmp(est, "stressed"))
        return cli_usage_error(env, "optimize", "--estimator: expected sample, ewma or "
                               "stressed, found \"%s\"", est);
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (book_load(st, portfolio, NULL, 0, &lb, &err) != 0) {
        store_close(st);
        return cli_fail(env, &err);
    }
    /* the book's USD exposure to A */
    size_t na = book_n_assets(lb.book), ia = na;
    for (size_t k = 0; k < na; k++)
        if (strcmp(book_asset_symbol(lb.book, k), asset) == 0)
            ia = k;
    if (ia == na) {
        err_setf(&err, ALLOT_E_INPUT, "--asset %s: the portfolio holds nothing on it", asset);
        goto fail;
    }
    double *d = NULL;
    if (deltas(&lb, &d, &err) != 0)
        goto fail;
    double exposure = d[ia] * lb.mkt.assets[ia].spot_usd;
    free(d);
    /* the covariance of A and B's daily log returns */
    const char *syms[2] = { asset, hedge };
    struct series_set set;
    struct returns ret;
    struct returns_opts ro;
    gsl_matrix *cov = gsl_matrix_alloc(2, 2);
    series_set_init(&set);
    returns_opts_init(&ro);
    ro.last_n = (size_t)window;
    rc = prices_load(st, syms, 2, DATE_NONE, DATE_NONE, &set, &err);
    if (rc == 0)
        rc = returns_align(&set, syms, 2, &ro, &ret, &err);
    if (rc == 0) {
        if (strcmp(est, "ewma") == 0) {
            struct cov_ewma_opts eo;
            cov_ewma_opts_init(&eo);
            rc = cov_ewma(ret.r, &eo, cov, &err);
        } else if (strcmp(est, "stressed") == 0) {
            /* stressed correlation (worst 5 % of the pair's basket days), full-history vols */
            struct corr_stress_opts so;
            struct corr_stress_info si;
            gsl_matrix *corr = gsl_matrix_alloc(2, 2), *s = gsl_matrix_alloc(2, 2);
            gsl_vector *vol = gsl_vector_alloc(2);
            corr_stress_opts_init(&so);
            rc = corr_stressed(ret.r, &so, corr, NULL, &si, &err);
            if (rc == 0)
                rc = cov_sample(ret.r, s, &err);
            if (rc == 0) {
                gsl_vector_set(vol, 0, sqrt(gsl_matrix_get(s, 0, 0)));
                gsl_vector_set(vol, 1, sqrt(gsl_matrix_get(s, 1, 1)));
                rc = cov_from_corr(corr, vol, cov, &err);
            }
            gsl_matrix_free(corr);
            gsl_matrix_free(s);
            gsl_vector_free(vol);
        } else {
            rc = cov_sample(ret.r, cov, &err);
        }
        returns_done(&ret);
    }
    series_set_done(&set);
    struct hedge_mv_out mv;
    if (rc == 0)
        rc = hedge_min_variance(cov, 0, 1, exposure, &mv, &err);
    gsl_matrix_free(cov);
    if (rc != 0) {
        err_prefix(&err, "hedging %s with %s: ", asset, hedge);
        goto fail;
    }
    double sb = spot_of(&lb, hedge), fee_rate, lot;
    if (isnan(sb)) {
        int32_t at;
        if (prices_last(st, hedge, DATE_NONE, &at, &sb, &err) != 0)
            goto fail;
    }
    if (trade_fee_rate(st, using, &fee_rate, &err) != 0 || trade_lot(st, using, &lot, &err))
        goto fail;
    /* hold hedge_usd of B: linear q = hedge_usd / S_B; inverse N = hedge_usd */
    double q = inst_is_inverse(using) ? mv.hedge_usd : mv.hedge_usd / sb;
    if (lot > 0)
        q = round(q / lot) * lot;
    char params[256];
    snprintf(params, sizeof params, "asset=%s hedge=%s estimator=%s ratio=%.6g rho=%.4f "
             "variance left=%.4f", asset, hedge, est, mv.ratio, mv.rho, mv.frac_left);
    struct tradelist *tl = tradelist_new("hedge", params);
    if (q != 0) {
        struct position p;
        double notional = inst_is_inverse(using) ? fabs(q) : fabs(q) * sb;
        cli_hedge_instrument(&lb, hedge, using, &p);
        add_trade(tl, &p, q, sb, notional * fee_rate, notional);
    }
    tradelist_add_figure(tl, "variance of A exposure", mv.var_before, mv.var_after, "USD2/day");
    rc = proposal_finish(env, st, &lb, tl, save, csv);
    tradelist_free(tl);
    book_unload(&lb);
    store_close(st);
    return rc;
fail:
    book_unload(&lb);
    store_close(st);
    return cli_fail(env, &err);
}

/* ---- delta-vega ---- */

int cmd_delta_vega(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "underlying", required_argument, NULL, 'U' },
        { "expiry", required_argument, NULL, 'e' },
        { "target-delta", required_argument, NULL, 't' },
        { "target-vega", required_argument, NULL, 'v' },
        { "using", required_argument, NULL, 'u' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL, *save = NULL, *sym = NULL, *w;
    enum inst_kind using = INST_PERP;
    double td = 0, tv = 0;
    int64_t expiry = 0;
    size_t off;
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
        case 'U': sym = optarg; break;
        case 's': save = optarg; break;
        case 'c': csv = 1; break;
        case 'e':
            if (date_parse_ts(optarg, &expiry, &w, &off) != 0)
                return cli_usage_error(env, "optimize", "--expiry: expected %s, found \"%s\"",
                                       w, optarg);
            break;
        case 't':
            if ((rc = cli_num(env, "optimize", "--target-delta", optarg, &td)) != 0)
                return rc;
            break;
        case 'v':
            if ((rc = cli_num(env, "optimize", "--target-vega", optarg, &tv)) != 0)
                return rc;
            break;
        case 'u':
            if (cli_parse_using(optarg, &using) != 0)
                return cli_usage_error(env, "optimize", "--using: expected perp, inverse-perp "
                                       "or spot, found \"%s\"", optarg);
            break;
        }
    }
    if (optind != argc || sym == NULL)
        return cli_usage_error(env, "optimize", "delta-vega needs --underlying SYM");
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (book_load(st, portfolio, NULL, 0, &lb, &err) != 0) {
        store_close(st);
        return cli_fail(env, &err);
    }
    size_t na = book_n_assets(lb.book), k;
    for (k = 0; k < na && strcmp(book_asset_symbol(lb.book, k), sym) != 0; k++)
        ;
    if (k == na) {
        err_setf(&err, ALLOT_E_INPUT, "--underlying %s: the portfolio holds nothing on it", sym);
        goto fail;
    }
    struct book_expo *per = xcalloc(na, sizeof *per), tot;
    rc = book_exposure(lb.book, NULL, NULL, per, &tot, &err);
    double bdelta = per[k].delta_plain_units, bvega = per[k].vega_usd_per_volpt;
    double gross = 0;
    for (size_t j = 0; j < na; j++)
        gross += fabs(per[j].delta_usd);
    free(per);
    if (rc != 0)
        goto fail;
    /* the chain's options of that expiry (or of the first one at least 7 days out) */
    struct chain_quote *ch;
    size_t nch;
    if (chain_list(st, sym, lb.now_ms, &ch, &nch, &err) != 0)
        goto fail;
    int64_t want = expiry;
    if (want == 0) {
        for (size_t i = 0; i < nch && want == 0; i++)
            if (ch[i].expiry_ms - lb.now_ms >= 7 * DATE_MS_PER_DAY && !isnan(ch[i].mark_iv))
                want = ch[i].expiry_ms;
    }
    double spot = lb.mkt.assets[k].spot_usd, *strikes = xcalloc(nch ? nch : 1, sizeof *strikes);
    size_t *idx = xcalloc(nch ? nch : 1, sizeof *idx), ns = 0;
    for (size_t i = 0; i < nch; i++)
        if (ch[i].is_call && !isnan(ch[i].mark_iv) &&
            (expiry != 0 ? llabs(ch[i].expiry_ms - want) < DATE_MS_PER_DAY
                         : ch[i].expiry_ms == want)) {
            strikes[ns] = ch[i].strike;
            idx[ns++] = i;
        }
    if (ns == 0) {
        free(strikes);
        free(idx);
        free(ch);
        err_setf(&err, ALLOT_E_INPUT, "no call of %s with an implied vol in the stored chain%s; "
                 "import one with allot import chain", sym,
                 expiry ? " at that expiry" : " at least 7 days from expiry");
        goto fail;
    }
    struct chain_quote opt = ch[idx[hedge_nearest_atm(strikes, ns, spot)]];
    free(strikes);
    free(idx);
    free(ch);
    /* one contract of it, valued by the book's engine */
    struct position op;
    position_init(&op);
    op.kind = opt.coin_settled ? INST_COIN_OPTION : INST_OPTION;
    str_copy(op.instrument, sizeof op.instrument, opt.instrument);
    str_copy(op.underlying, sizeof op.underlying, sym);
    op.quantity = 1;
    op.entry_price = 1;
    op.expiry_ms = opt.expiry_ms;
    op.strike = opt.strike;
    op.is_call = 1;
    op.iv = opt.mark_iv;
    struct book_asset one = lb.mkt.assets[k];
    struct book_market m1 = { lb.now_ms, 1, &one, NULL, NULL };
    struct book *ob;
    struct book_line line;
    if (book_new(&op, 1, &m1, &ob, &err) != 0)
        goto fail;
    rc = book_exposure(ob, NULL, &line, NULL, NULL, &err);
    book_free(ob);
    if (rc != 0)
        goto fail;
    double lot_o, lot_p, fee_o, fee_p;
    if (trade_lot(st, op.kind, &lot_o, &err) || trade_lot(st, using, &lot_p, &err) ||
        trade_fee_rate(st, op.kind, &fee_o, &err) || trade_fee_rate(st, using, &fee_p, &err))
        goto fail;
    struct hedge_dv_inst i1 = { line.x.delta_plain_units, line.x.vega_usd_per_volpt, spot,
                                lot_o };
    struct hedge_dv_inst i2 = { inst_is_inverse(using) ? 1.0 / spot : 1.0, 0,
                                inst_is_inverse(using) ? 1.0 : spot, lot_p };
    struct hedge_dv_out dv;
    if (hedge_delta_vega(bdelta, bvega, td, tv, &i1, &i2, gross, &dv, &err) != 0) {
        err_prefix(&err, "%s with %s and %s: ", sym, opt.instrument,
                   inst_kind_name(using));
        goto fail;
    }
    char params[256];
    snprintf(params, sizeof params, "underlying=%s option=%s (nearest ATM call of its expiry) "
             "using=%s target delta=%g vega=%g", sym, opt.instrument, inst_kind_name(using), td,
             tv);
    struct tradelist *tl = tradelist_new("delta-vega", params);
    if (dv.qty[0] != 0) {
        double price = opt.coin_settled ? line.x.value_coin : line.x.value_usd;
        add_trade(tl, &op, dv.qty[0], price,
                  option_fee_usd(fabs(dv.qty[0]) * spot, fabs(dv.qty[0] * line.x.value_usd),
                                 fee_o),
                  fabs(dv.qty[0]) * fabs(line.x.value_usd));
    }
    if (dv.qty[1] != 0) {
        struct position hp;
        double notional = inst_is_inverse(using) ? fabs(dv.qty[1]) : fabs(dv.qty[1]) * spot;
        cli_hedge_instrument(&lb, sym, using, &hp);
        add_trade(tl, &hp, dv.qty[1], spot, notional * fee_p, notional);
    }
    rc = proposal_finish(env, st, &lb, tl, save, csv);
    tradelist_free(tl);
    book_unload(&lb);
    store_close(st);
    return rc;
fail:
    book_unload(&lb);
    store_close(st);
    return cli_fail(env, &err);
}
