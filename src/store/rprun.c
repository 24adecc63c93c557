#include <config.h>
#include "store/rprun.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/prices.h"
#include "store/trade.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"

int rprun_solve(const gsl_matrix *cov, const double *budgets, int by_group,
                const char *const *names, double periods_per_year, double vol_target,
                double max_gross, struct rprun_solution *sol, struct allot_err *err)
{
    struct rp_options opt = RP_OPTIONS_DEFAULT;
    int rc;

    memset(sol, 0, sizeof *sol);
    opt.names = names;
    if ((rc = rp_solve(cov, budgets, &opt, &sol->rp, err)) != 0)
        return rc;
    if (vol_target > 0 &&
        (rc = rp_vol_target(sol->rp.n, sol->rp.weight, sol->rp.vol, periods_per_year,
                            vol_target, max_gross, &sol->vt, err)) != 0) {
        rp_result_done(&sol->rp);
        return rc;
    }
    snprintf(sol->params, sizeof sol->params, "%s%s%s vol %.4g a year%s",
             budgets ? "budgets" : "equal risk", by_group ? " by group" : "",
             vol_target > 0 ? " scaled to" : ",",
             vol_target > 0 ? sol->vt.vol_ann_after : sol->rp.vol * sqrt(periods_per_year),
             sol->vt.capped ? " (gross cap reached: target not met)" : "");
    return ALLOT_OK;
}

void rprun_done(struct rprun_solution *sol)
{
    rp_result_done(&sol->rp);
}

int rprun_trades(store_t *st, const struct loaded_book *lb, const double *w,
                 const char *const *names, size_t n, double capital, const char *params,
                 struct tradelist **out, struct allot_err *err)
{
    double fee_rate, lot;
    struct tradelist *tl;
    int rc;

    *out = NULL;
    if ((rc = trade_fee_rate(st, INST_SPOT, &fee_rate, err)) != 0 ||
        (rc = trade_lot(st, INST_SPOT, &lot, err)) != 0)
        return rc;
    if (!(capital > 0)) {
        struct book_expo tot;
        if ((rc = book_exposure(lb->book, NULL, NULL, NULL, &tot, err)) != 0)
            return rc;
        capital = tot.value_usd;
    }
    tl = tradelist_new("riskparity", params);
    for (size_t i = 0; i < n; i++) {
        double held = 0, spot = NAN, q;
        int32_t at;
        struct tradelist_trade t;
        for (size_t k = 0; k < lb->n; k++)
            if (lb->pos[k].kind == INST_SPOT && strcmp(lb->pos[k].instrument, names[i]) == 0)
                held = lb->pos[k].quantity;
        for (size_t k = 0; k < lb->mkt.n_assets; k++)
            if (strcmp(lb->mkt.assets[k].symbol, names[i]) == 0)
                spot = lb->mkt.assets[k].spot_usd;
        if (isnan(spot) && (rc = prices_last(st, names[i], DATE_NONE, &at, &spot, err)) != 0) {
            tradelist_free(tl);
            return rc;
        }
        q = w[i] * capital / spot - held;
        q = num_mul_step(round(q / lot), lot);
        if (q == 0)
            continue;
        memset(&t, 0, sizeof t);
        position_init(&t.inst);
        t.inst.kind = INST_SPOT;
        str_copy(t.inst.instrument, sizeof t.inst.instrument, names[i]);
        str_copy(t.inst.underlying, sizeof t.inst.underlying, names[i]);
        t.side = q > 0 ? TRADE_BUY : TRADE_SELL;
        t.quantity = fabs(q);
        t.price = spot;
        t.notional_usd = fabs(q) * spot;
        t.fee_usd = t.notional_usd * fee_rate;
        tradelist_add_trade(tl, &t);
    }
    *out = tl;
    return ALLOT_OK;
}
