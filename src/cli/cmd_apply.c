/* cmd_apply.c: `allot apply NAME`: write a saved proposal's trades to its
 * portfolio in one transaction, as one journal entry that `allot undo`
 * reverses; `allot apply --list` shows the saved proposals. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/table.h"
#include "store/positions.h"
#include "store/proposals.h"
#include "util/date.h"

static int same(const struct position *a, const struct position *b)
{
    return a->kind == b->kind && a->quantity == b->quantity &&
           a->entry_price == b->entry_price && a->fee_usd == b->fee_usd &&
           a->open_day == b->open_day && a->expiry_ms == b->expiry_ms && a->strike == b->strike &&
           a->is_call == b->is_call && a->multiplier == b->multiplier &&
           (a->iv == b->iv || (isnan(a->iv) && isnan(b->iv))) &&
           strcmp(a->underlying, b->underlying) == 0 && strcmp(a->note, b->note) == 0;
}

static int list(struct cli_env *env, store_t *st, int csv)
{
    static const char *const heads[] = { "proposal", "method", "trades", "created", "state" };
    struct proposal_info *pi;
    struct allot_err err;
    size_t n;
    err_clear(&err);
    if (proposal_list(st, &pi, &n, &err) != 0)
        return cli_fail(env, &err);
    struct table *t = table_new(5, heads, "llrll");
    for (size_t i = 0; i < n; i++) {
        char state[48];
        if (pi[i].applied)
            snprintf(state, sizeof state, "applied (journal %lld)",
                     (long long)pi[i].applied_journal);
        else
            snprintf(state, sizeof state, "%s", pi[i].applied_journal ? "undone" : "not applied");
        table_row(t);
        table_str(t, pi[i].name);
        table_str(t, pi[i].method);
        table_int(t, (long long)pi[i].n_trades);
        table_str(t, pi[i].created);
        table_str(t, state);
    }
    table_print(t, env->out, csv);
    table_free(t);
    free(pi);
    return CLI_OK;
}

int cmd_apply(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "list", no_argument, NULL, 'l' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    struct allot_err err;
    struct tradelist *tl = NULL;
    struct proposal_info info;
    struct position *before = NULL, *after = NULL;
    size_t nb = 0, na = 0;
    store_t *st;
    int c, rc, reset = 1, do_list = 0, csv = 0;
    int64_t jid;
    long added = 0, changed = 0, closed = 0;

    while ((c = cli_getopt(env, "apply", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'l')
            do_list = 1;
        else if (c == 'c')
            csv = 1;
    }
    if (do_list ? optind != argc : optind + 1 != argc)
        return cli_usage_error(env, "apply", "apply takes one proposal NAME, or --list");
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    if (do_list) {
        rc = list(env, st, csv);
        store_close(st);
        return rc;
    }
    const char *name = argv[optind];
    err_clear(&err);
    if (store_begin(st, &err) != 0 || proposal_load(st, name, &tl, &info, &err) != 0)
        goto fail;
    if (info.applied) {
        err_setf(&err, ALLOT_E_INPUT, "proposal %s is already applied (journal entry %lld); "
                 "allot undo reverses it", name, (long long)info.applied_journal);
        goto fail;
    }
    if (positions_list(st, info.portfolio_id, &before, &nb, &err) != 0 ||
        tradelist_apply(tl, before, nb, &after, &na, &err) != 0)
        goto fail;
    char summary[128];
    snprintf(summary, sizeof summary, "%s: %zu trade%s", tl->method, tl->n_trades,
             tl->n_trades == 1 ? "" : "s");
    char action[80];
    snprintf(action, sizeof action, "apply %.64s", name);
    if (journal_begin(st, action, summary, &jid, &err) != 0)
        goto fail;
    /* write the difference between the book before and after, by instrument */
    for (size_t i = 0; i < nb; i++) {
        size_t j;
        for (j = 0; j < na && strcmp(after[j].instrument, before[i].instrument) != 0; j++)
            ;
        if (j == na) {
            if (positions_delete(st, jid, before[i].id, &err) != 0)
                goto fail;
            closed++;
        } else if (!same(&before[i], &after[j])) {
            after[j].id = before[i].id;
            if (positions_update(st, jid, info.portfolio_id, &after[j], &err) != 0)
                goto fail;
            changed++;
        }
    }
    for (size_t j = 0; j < na; j++) {
        size_t i;
        for (i = 0; i < nb && strcmp(after[j].instrument, before[i].instrument) != 0; i++)
            ;
        if (i == nb) {
            after[j].id = 0;
            /* a new position opens on the store's valuation date */
            if (after[j].open_day == DATE_NONE) {
                int64_t now = store_now_ms(st);
                after[j].open_day = (int32_t)(now / DATE_MS_PER_DAY);
            }
            if (positions_insert(st, jid, info.portfolio_id, &after[j], &err) != 0)
                goto fail;
            added++;
        }
    }
    if (proposal_mark_applied(st, name, jid, &err) != 0 || store_commit(st, &err) != 0)
        goto fail;
    fprintf(env->out, "applied %s (%s): %ld position%s added, %ld changed, %ld closed; journal "
            "entry %lld (allot undo reverses it)\n", name, tl->method, added,
            added == 1 ? "" : "s", changed, closed, (long long)jid);
    tradelist_free(tl);
    free(before);
    free(after);
    store_close(st);
    return CLI_OK;
fail:
    store_rollback(st);
    tradelist_free(tl);
    free(before);
    free(after);
    rc = cli_fail(env, &err);
    store_close(st);
    return rc;
}
