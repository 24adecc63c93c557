#include <config.h>
#include "cli/proposal.h"

#include "cli/table.h"
#include "store/proposals.h"

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
    if (propfigs_add(st, lb, tl, &err) != 0)
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

int proposal_run(struct cli_env *env, const char *portfolio, proposal_fn *fn,
                 const void *params, const char *save_name, int csv)
{
    struct allot_err err;
    struct loaded_book lb;
    struct tradelist *tl;
    store_t *st;
    int rc;

    if ((rc = cli_open_book(env, portfolio, &st, &lb)) != 0)
        return rc;
    err_clear(&err);
    if (fn(st, &lb, params, &tl, &err) != 0) {
        rc = cli_fail(env, &err);
    } else {
        rc = proposal_finish(env, st, &lb, tl, save_name, csv);
        tradelist_free(tl);
    }
    cli_close_book(st, &lb);
    return rc;
}
