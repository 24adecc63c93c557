#include <config.h>
#include "cli/proposal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/table.h"
#include "engine/risk/bookvar.h"
#include "engine/risk/stress.h"
#include "engine/stats/returns.h"
#include "store/prices.h"
#include "store/proposals.h"
#include "util/date.h"
#include "util/num.h"
#include "util/xalloc.h"

static int setting_or(store_t *st, const char *key, double dflt, double *out,
                      struct allot_err *err)
{
    char buf[64];
    const char *what;
    size_t off;
    struct allot_err e2;
    err_clear(&e2);
    if (store_setting_get(st, key, buf, sizeof buf, &e2) != 0) {
        if (e2.code != ALLOT_E_NOTFOUND)
            return *err = e2, err->code;
        *out = dflt;
        return 0;
    }
    if (num_parse(buf, out, &what, &off) != 0 || !(*out >= 0))
        return err_setf(err, ALLOT_E_INPUT, "setting %s is \"%s\": expected a number >= 0", key,
                        buf);
    return 0;
}

int trade_fee_rate(store_t *st, enum inst_kind k, double *rate, struct allot_err *err)
{
    char key[48];
    double dflt = k == INST_SPOT ? 0.001 : inst_is_option(k) ? 0.0003 : 0.0005;
    snprintf(key, sizeof key, "fee.%s", inst_kind_name(k));
    return setting_or(st, key, dflt, rate, err);
}

int trade_lot(store_t *st, enum inst_kind k, double *lot, struct allot_err *err)
{
    char key[48];
    double dflt = inst_is_inverse(k) ? 10 : k == INST_SPOT ? 1e-8 : inst_is_option(k) ? 0.1
                                                                                        : 0.001;
    snprintf(key, sizeof key, "lot.%s", inst_kind_name(k));
    return setting_or(st, key, dflt, lot, err);
}

int trade_min_qty(store_t *st, enum inst_kind k, double *min_qty, struct allot_err *err)
{
    char key[48];
    snprintf(key, sizeof key, "min.%s", inst_kind_name(k));
    return setting_or(st, key, 0.0, min_qty, err);
}

double option_fee_usd(double underlying_notional_usd, double premium_usd, double rate)
{
    double fee = fabs(underlying_notional_usd) * rate, cap = OPTION_FEE_CAP * fabs(premium_usd);
    return fee < cap ? fee : cap;
}

/* Historical 1-day 99 % VaR and CVaR of a book on the store's closes;
 * NAN when the prices do not allow it. */
static void hist_var(store_t *st, struct book *b, double *var, double *cvar)
{
    size_t na = book_n_assets(b);
    const char **syms = xcalloc(na ? na : 1, sizeof *syms);
    struct series_set set;
    struct returns ret;
    struct returns_opts ro;
    struct bookvar_opts bo;
    struct bookvar_result res;
    struct allot_err err;

    *var = *cvar = NAN;
    for (size_t k = 0; k < na; k++)
        syms[k] = book_asset_symbol(b, k);
    series_set_init(&set);
    returns_opts_init(&ro);
    bookvar_opts_init(&bo);
    err_clear(&err);
    if (prices_load(st, syms, na, DATE_NONE, DATE_NONE, &set, &err) == 0 &&
        returns_align(&set, syms, na, &ro, &ret, &err) == 0) {
        if (bookvar_historical(book_reval, b, na, ret.r, &bo, &res, NULL, &err) == 0) {
            *var = res.est.var;
            *cvar = res.est.cvar;
        }
        returns_done(&ret);
    }
    series_set_done(&set);
    free(syms);
}

struct figs {
    double delta_usd, gamma, vega, theta, crash[3], var, cvar;
    size_t n_under;
    char (*under)[INST_SYMBOL_MAX];
    double *delta_units;
};

static int book_figs(store_t *st, struct book *b, struct figs *f, struct allot_err *err)
{
    size_t na = book_n_assets(b), n = book_n_positions(b);
    struct book_expo *per = xcalloc(na ? na : 1, sizeof *per), tot;
    struct book_line *lines = xcalloc(n ? n : 1, sizeof *lines);
    static const char *const crashes[3] = { "crash-30", "crash-50", "crash-70" };
    int *is_crypto = xcalloc(na ? na : 1, sizeof *is_crypto);
    double *mult = xcalloc(na ? na : 1, sizeof *mult);
    int rc;

    memset(f, 0, sizeof *f);
    if ((rc = book_exposure(b, NULL, lines, per, &tot, err)) != 0)
        goto out;
    f->delta_usd = tot.delta_usd;
    f->gamma = tot.gamma_usd_per_pct;
    f->vega = tot.vega_usd_per_volpt;
    f->theta = tot.theta_usd_per_day;
    f->n_under = na;
    f->under = xcalloc(na ? na : 1, sizeof *f->under);
    f->delta_units = xcalloc(na ? na : 1, sizeof *f->delta_units);
    for (size_t k = 0; k < na; k++) {
        struct asset_info a;
        snprintf(f->under[k], INST_SYMBOL_MAX, "%s", book_asset_symbol(b, k));
        f->delta_units[k] = per[k].delta_plain_units;
        if ((rc = assets_get(st, f->under[k], &a, err)) != 0)
            goto out;
        is_crypto[k] = strcmp(a.klass, "crypto") == 0;
    }
    for (int c = 0; c < 3; c++) {
        double pnl;
        const struct stress_scenario_def *def = stress_builtin_find(crashes[c]);
        if (def == NULL ||
            (rc = stress_scenario_run(book_reval, b, na, def, is_crypto, NULL, 0, mult, &pnl,
                                      err)) != 0)
            goto out;
        f->crash[c] = -pnl;
    }
    hist_var(st, b, &f->var, &f->cvar);
out:
    free(per);
    free(lines);
    free(is_crypto);
    free(mult);
    return rc;
}

static void figs_done(struct figs *f)
{
    free(f->under);
    free(f->delta_units);
}

int proposal_figures(store_t *st, const struct loaded_book *lb, struct tradelist *tl,
                     struct allot_err *err)
{
    struct position *after = NULL;
    size_t n_after = 0;
    struct market mkt;
    struct book *b2 = NULL;
    struct figs fb, fa;
    int rc;

    memset(&fb, 0, sizeof fb);
    memset(&fa, 0, sizeof fa);
    if ((rc = tradelist_apply(tl, lb->pos, lb->n, &after, &n_after, err)) != 0)
        return rc;
    if ((rc = market_load(st, after, n_after, lb->now_ms, NULL, 0, &mkt, err)) != 0) {
        free(after);
        return rc;
    }
    /* keep the spots of the book before (they may have been given) */
    for (size_t k = 0; k < mkt.n_assets; k++)
        for (size_t j = 0; j < lb->mkt.n_assets; j++)
            if (strcmp(mkt.assets[k].symbol, lb->mkt.assets[j].symbol) == 0)
                mkt.assets[k].spot_usd = lb->mkt.assets[j].spot_usd;
    if ((rc = book_new(after, n_after, &mkt.m, &b2, err)) != 0 ||
        (rc = book_figs(st, lb->book, &fb, err)) != 0 || (rc = book_figs(st, b2, &fa, err)) != 0)
        goto out;
    for (size_t k = 0; k < fb.n_under; k++) {
        char name[TRADELIST_FIG_NAME_MAX];
        double a = 0;
        for (size_t j = 0; j < fa.n_under; j++)
            if (strcmp(fa.under[j], fb.under[k]) == 0)
                a = fa.delta_units[j];
        snprintf(name, sizeof name, "%s delta", fb.under[k]);
        tradelist_add_figure(tl, name, fb.delta_units[k], a, fb.under[k]);
    }
    for (size_t j = 0; j < fa.n_under; j++) {
        int found = 0;
        for (size_t k = 0; k < fb.n_under; k++)
            found |= strcmp(fa.under[j], fb.under[k]) == 0;
        if (!found) {
            char name[TRADELIST_FIG_NAME_MAX];
            snprintf(name, sizeof name, "%s delta", fa.under[j]);
            tradelist_add_figure(tl, name, 0, fa.delta_units[j], fa.under[j]);
        }
    }
    tradelist_add_figure(tl, "delta", fb.delta_usd, fa.delta_usd, "USD");
    tradelist_add_figure(tl, "gamma", fb.gamma, fa.gamma, "USD/1%");
    tradelist_add_figure(tl, "vega", fb.vega, fa.vega, "USD/volpt");
    tradelist_add_figure(tl, "theta", fb.theta, fa.theta, "USD/day");
    tradelist_add_figure(tl, "loss crash-30", fb.crash[0], fa.crash[0], "USD");
    tradelist_add_figure(tl, "loss crash-50", fb.crash[1], fa.crash[1], "USD");
    tradelist_add_figure(tl, "loss crash-70", fb.crash[2], fa.crash[2], "USD");
    tradelist_add_figure(tl, "VaR 99% 1d hist", fb.var, fa.var, "USD");
    tradelist_add_figure(tl, "CVaR 99% 1d hist", fb.cvar, fa.cvar, "USD");
out:
    figs_done(&fb);
    figs_done(&fa);
    book_free(b2);
    market_done(&mkt);
    free(after);
    return rc;
}

void proposal_print(struct cli_env *env, const struct tradelist *tl, int csv)
{
    static const char *const th[] = { "instrument", "kind", "side", "quantity", "price",
                                      "fee_usd", "notional_usd" };
    static const char *const fh[] = { "figure", "before", "after", "unit" };
    struct table *t = table_new(7, th, "lllrrrr");
    for (size_t i = 0; i < tl->n_trades; i++) {
        const struct tradelist_trade *x = &tl->trades[i];
        table_row(t);
        table_str(t, x->inst.instrument);
        table_str(t, inst_kind_name(x->inst.kind));
        table_str(t, x->side == TRADE_BUY ? "buy" : "sell");
        table_numg(t, x->quantity, -1);
        table_numg(t, x->price, -1);
        table_numg(t, x->fee_usd, csv ? -1 : 2);
        table_numg(t, x->notional_usd, csv ? -1 : 0);
    }
    if (!csv)
        fprintf(env->out, "%s proposal: %zu trade%s%s%s%s\n", tl->method, tl->n_trades,
                tl->n_trades == 1 ? "" : "s", tl->params[0] ? " (" : "", tl->params,
                tl->params[0] ? ")" : "");
    table_print(t, env->out, csv);
    table_free(t);
    fputc('\n', env->out);
    t = table_new(4, fh, "lrrl");
    for (size_t i = 0; i < tl->n_figures; i++) {
        const struct tradelist_figure *f = &tl->figures[i];
        table_row(t);
        table_str(t, f->name);
        table_numg(t, f->before, csv ? -1 : 2);
        table_numg(t, f->after, csv ? -1 : 2);
        table_str(t, f->unit);
    }
    table_print(t, env->out, csv);
    table_free(t);
}

int proposal_finish(struct cli_env *env, store_t *st, const struct loaded_book *lb,
                    struct tradelist *tl, const char *save_name, int csv)
{
    struct allot_err err;
    err_clear(&err);
    if (proposal_figures(st, lb, tl, &err) != 0)
        return cli_fail(env, &err);
    proposal_print(env, tl, csv);
    if (save_name != NULL) {
        if (store_begin(st, &err) != 0 ||
            proposal_save(st, save_name, lb->portfolio_id, tl, &err) != 0 ||
            store_commit(st, &err) != 0) {
            store_rollback(st);
            return cli_fail(env, &err);
        }
        if (!csv)
            fprintf(env->out, "\nsaved as %s: allot apply %s\n", save_name, save_name);
    }
    return CLI_OK;
}
