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
    struct allot_err err;
    store_t *st;
    int rc, do_list = 0, csv = 0;

    if ((rc = cli_list_opts(env, "apply", argc, argv, &do_list, &csv)) != 0)
        return rc;
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
    struct proposal_applied pa;
    err_clear(&err);
    if (store_begin(st, &err) != 0 || proposal_apply(st, name, &pa, &err) != 0 ||
        store_commit(st, &err) != 0)
        goto fail;
    fprintf(env->out, "applied %s (%s): %ld position%s added, %ld changed, %ld closed; journal "
            "entry %lld (allot undo reverses it)\n", name, pa.method, pa.added,
            pa.added == 1 ? "" : "s", pa.changed, pa.closed, (long long)pa.jid);
    store_close(st);
    return CLI_OK;
fail:
    store_rollback(st);
    rc = cli_fail(env, &err);
    store_close(st);
    return rc;
}
