/* cmd_risk.c: `allot stress`: the book's PnL on a spot-move x vol-move
 * grid and under named scenarios, by full revaluation. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/bookload.h"
#include "cli/cmds.h"
#include "cli/table.h"
#include "engine/risk/stress.h"
#include "store/prices.h"
#include "util/xalloc.h"

/* "-50%" or "+100%" for a decimal move */
static void pct_label(double v, char *out, size_t n)
{
    snprintf(out, n, "%+.4g%%", 100 * v);
}

static int print_grid(struct cli_env *env, const struct stress_grid *g,
                      const struct loaded_book *lb, int csv)
{
    if (csv) {
        static const char *const heads[] = { "underlying", "spot_move", "vol_move", "pnl_usd" };
        struct table *t = table_new(4, heads, "lrrr");
        for (size_t u = 0; u < g->n_under; u++)
            for (size_t i = 0; i < g->n_spot; i++)
                for (size_t j = 0; j < g->n_vol; j++) {
                    table_row(t);
                    table_str(t, g->mode == STRESS_EACH ? book_asset_symbol(lb->book, u)
                                                        : "all");
                    table_num(t, g->spot_move[i], -1);
                    table_num(t, g->vol_move[j], -1);
                    table_num(t, stress_grid_at(g, u, i, j), -1);
                }
        table_print(t, env->out, 1);
        table_free(t);
        return CLI_OK;
    }
    const char **heads = xcalloc(g->n_vol + 1, sizeof *heads);
    char (*labels)[24] = xcalloc(g->n_vol + 1, sizeof *labels);
    for (size_t j = 0; j < g->n_vol; j++) {
        char p[16];
        pct_label(g->vol_move[j], p, sizeof p);
        snprintf(labels[j + 1], sizeof labels[0], "vol %s", p);
        heads[j + 1] = labels[j + 1];
    }
    heads[0] = "spot";
    for (size_t u = 0; u < g->n_under; u++) {
        fprintf(env->out, "%sPnL USD, %s moved; vols moved relative to their level\n",
                u ? "\n" : "", g->mode == STRESS_EACH ? book_asset_symbol(lb->book, u)
                                                       : "every underlying");
        struct table *t = table_new(g->n_vol + 1, heads, NULL);
        for (size_t i = 0; i < g->n_spot; i++) {
            char p[16];
            pct_label(g->spot_move[i], p, sizeof p);
            table_row(t);
            table_str(t, p);
            for (size_t j = 0; j < g->n_vol; j++)
                table_numg(t, stress_grid_at(g, u, i, j), 0);
        }
        table_print(t, env->out, 0);
        table_free(t);
    }
    free(heads);
    free(labels);
    return CLI_OK;
}

static int scenarios(struct cli_env *env, store_t *st, const struct loaded_book *lb,
                     const char *which, int csv, struct allot_err *err)
{
    size_t nb, na = book_n_assets(lb->book);
    const struct stress_scenario_def *defs = stress_builtin(&nb);
    int *is_crypto = xcalloc(na ? na : 1, sizeof *is_crypto);
    double *mult = xcalloc(na ? na : 1, sizeof *mult);
    static const char *const heads[] = { "scenario", "pnl_usd", "description" };
    struct table *t = table_new(3, heads, "lrl");
    int rc = 0, found = 0;

    for (size_t k = 0; k < na; k++) {
        struct asset_info a;
        if ((rc = assets_get(st, book_asset_symbol(lb->book, k), &a, err)) != 0)
            goto out;
        is_crypto[k] = strcmp(a.klass, "crypto") == 0;
    }
    for (size_t i = 0; i < nb; i++) {
        double pnl;
        if (strcmp(which, "all") != 0 && strcmp(which, defs[i].name) != 0)
            continue;
        found = 1;
        if ((rc = stress_scenario_run(book_reval, lb->book, na, &defs[i], is_crypto, NULL, 0,
                                      mult, &pnl, err)) != 0)
            goto out;
        table_row(t);
        table_str(t, defs[i].name);
        table_numg(t, pnl, csv ? -1 : 0);
        table_str(t, defs[i].summary);
    }
    if (!found) {
        rc = err_setf(err, ALLOT_E_USAGE, "no scenario named %s; say all or one of the names "
                      "allot stress --scenario all lists", which);
        goto out;
    }
    table_print(t, env->out, csv);
out:
    table_free(t);
    free(is_crypto);
    free(mult);
    return rc;
}

int cmd_stress(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "spot-range", required_argument, NULL, 's' },
        { "vol-range", required_argument, NULL, 'v' },
        { "each", no_argument, NULL, 'e' },
        { "scenario", required_argument, NULL, 'n' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    struct stress_range spot = STRESS_SPOT_DEFAULT, vol = STRESS_VOL_DEFAULT;
    const char *portfolio = NULL, *scenario = NULL;
    int c, rc, reset = 1, csv = 0, each = 0;
    struct allot_err err;
    struct loaded_book lb;
    store_t *st;

    err_clear(&err);
    while ((c = cli_getopt(env, "stress", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p':
            portfolio = optarg;
            break;
        case 's':
        case 'v':
            if (stress_range_parse(optarg, c == 's' ? &spot : &vol, &err) != 0)
                return cli_usage_error(env, "stress", "--%s-range: %s", c == 's' ? "spot" : "vol",
                                       err.msg);
            break;
        case 'e':
            each = 1;
            break;
        case 'n':
            scenario = optarg;
            break;
        case 'c':
            csv = 1;
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "stress", "unexpected argument \"%s\"", argv[optind]);
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    if (book_load(st, portfolio, NULL, 0, &lb, &err) != 0) {
        store_close(st);
        return cli_fail(env, &err);
    }
    if (scenario != NULL) {
        rc = scenarios(env, st, &lb, scenario, csv, &err);
    } else {
        struct stress_grid g;
        rc = stress_grid_run(book_reval, lb.book, book_n_assets(lb.book), &spot, &vol,
                             each ? STRESS_EACH : STRESS_TOGETHER, 0, &g, &err);
        if (rc == 0) {
            print_grid(env, &g, &lb, csv);
            stress_grid_free(&g);
        }
    }
    book_unload(&lb);
    store_close(st);
    return rc == 0 ? CLI_OK : cli_fail(env, &err);
}
