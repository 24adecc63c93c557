#include <config.h>
#include "store/propfigs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/risk/bookvar.h"
#include "engine/risk/stress.h"
#include "engine/stats/returns.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/xalloc.h"

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
        /* delta USD in the same basis: d value USD / d spot times the
         * spot (a coin option's plain delta, not the premium-adjusted
         * one Exposure shows), so the USD figure sums the units shown */
        for (size_t i = 0; i < n; i++)
            if (lines[i].asset == k) {
                f->delta_usd += per[k].delta_plain_units * lines[i].spot_usd;
                break;
            }
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

int propfigs_add(store_t *st, const struct loaded_book *lb, struct tradelist *tl,
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
