/* cmd_risk.c: `allot stress`: the book's PnL on a spot-move x vol-move
 * grid and under named scenarios, by full revaluation. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/bookload.h"
#include "cli/cmds.h"
#include "cli/table.h"
#include "cli/statsload.h"
#include "engine/risk/bookvar.h"
#include "engine/risk/stress.h"
#include "engine/risk/var.h"
#include "util/date.h"
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
    if ((rc = cli_open_book(env, portfolio, &st, &lb)) != 0)
        return rc;
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
    cli_close_book(st, &lb);
    return rc == 0 ? CLI_OK : cli_fail(env, &err);
}

/* ---- risk: VaR and CVaR of the book ---- */

enum risk_method { RISK_HISTORICAL, RISK_NORMAL, RISK_MC_NORMAL, RISK_MC_T };
static const char *const risk_methods[] = { "historical", "normal", "mc-normal", "mc-t" };

int cmd_risk(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        STATS_LONGOPTS,
        { "portfolio", required_argument, NULL, 'p' },
        { "confidence", required_argument, NULL, 'C' },
        { "horizon", required_argument, NULL, 'h' },
        { "paths", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },
        { "df", required_argument, NULL, 'f' },
        { "no-decay", no_argument, NULL, 'D' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL;
    enum risk_method method = RISK_HISTORICAL;
    struct bookvar_opts bo;
    struct stats_req q;
    int c, rc = CLI_OK, reset = 1, csv = 0, method_set = 0;
    long l;
    double v;

    bookvar_opts_init(&bo);
    stats_req_init(&q);
    q.use_db = 1;
    while ((c = cli_getopt(env, "risk", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            rc = CLI_USAGE;
            break;
        case 'p':
            portfolio = optarg;
            break;
        case 'C':
            rc = cli_num(env, "risk", "--confidence", optarg, &bo.conf);
            break;
        case 'h':
            if ((rc = cli_long(env, "risk", "--horizon", optarg, 1, 3650, &l)) == 0)
                bo.horizon_days = (unsigned)l;
            break;
        case 'n':
            if ((rc = cli_long(env, "risk", "--paths", optarg, 100, 100000000L, &l)) == 0)
                bo.n_paths = (size_t)l;
            break;
        case 's':
            if ((rc = cli_long(env, "risk", "--seed", optarg, 0, 2147483647L, &l)) == 0)
                bo.seed = (unsigned long)l;
            break;
        case 'f':
            if ((rc = cli_num(env, "risk", "--df", optarg, &v)) == 0) {
                if (!(v > 2 && v <= 1000))
                    rc = cli_usage_error(env, "risk", "--df: degrees of freedom above 2");
                bo.nu = v;
            }
            break;
        case 'D':
            bo.time_decay = 0;
            break;
        case 'c':
            csv = 1;
            break;
        default:
            if (c == STATS_OPT_BASE + 3 && !method_set) {
                /* --method: the VaR method, or the covariance estimator */
                size_t i;
                for (i = 0; i < 4 && strcmp(optarg, risk_methods[i]) != 0; i++)
                    ;
                if (i < 4) {
                    method = (enum risk_method)i;
                    method_set = 1;
                    break;
                }
            }
            if (c == STATS_OPT_BASE + 0 || c == STATS_OPT_BASE + 1 || c == STATS_OPT_BASE + 2) {
                rc = cli_usage_error(env, "risk", "risk values the book on the store's prices; "
                                     "--prices, --db and --symbols do not apply");
                break;
            }
            if (stats_opt(env, "risk", c, optarg, &q) != 1)
                rc = CLI_USAGE;
        }
        if (rc != 0) {
            stats_req_done(&q);
            return rc;
        }
    }
    if (optind != argc) {
        stats_req_done(&q);
        return cli_usage_error(env, "risk", "unexpected argument \"%s\"", argv[optind]);
    }
    if (method == RISK_HISTORICAL && q.kind != RETURNS_LOG) {
        stats_req_done(&q);
        return cli_usage_error(env, "risk", "historical revaluation uses log returns");
    }
    q.kind = RETURNS_LOG;

    struct allot_err err;
    struct loaded_book lb;
    struct series_set set;
    struct returns ret;
    struct bookvar_result res;
    double *days = NULL;
    gsl_matrix *cov = NULL;
    store_t *st;
    err_clear(&err);
    series_set_init(&set);
    memset(&ret, 0, sizeof ret);
    if ((rc = cli_open_book(env, portfolio, &st, &lb)) != 0) {
        stats_req_done(&q);
        return rc;
    }
    /* the returns of the book's assets, in the book's universe order */
    size_t na = book_n_assets(lb.book);
    size_t len = 1;
    for (size_t k = 0; k < na; k++)
        len += strlen(book_asset_symbol(lb.book, k)) + 1;
    q.symbols = xcalloc(len, 1);
    for (size_t k = 0; k < na; k++) {
        if (k)
            strcat(q.symbols, ",");
        strcat(q.symbols, book_asset_symbol(lb.book, k));
    }
    if (lb.mkt.n_assets != na) {
        err_setf(&err, ALLOT_E_NUMERIC, "internal: the book's universe does not match");
        rc = cli_fail(env, &err);
        goto out;
    }
    store_close(st);
    st = NULL;
    if ((rc = stats_returns(env, "risk", &q, &set, &ret, &days)) != 0)
        goto out;
    switch (method) {
    case RISK_HISTORICAL:
        if (bookvar_historical(book_reval, lb.book, na, ret.r, &bo, &res, NULL, &err) != 0)
            rc = cli_fail(env, &err);
        break;
    default: {
        struct shrink_info si;
        q.annualize = 0;    /* the engine scales a daily covariance by the horizon */
        if (stats_cov(&q, &ret, days, &cov, &si, &err) != 0) {
            rc = cli_fail(env, &err);
            break;
        }
        if (method == RISK_NORMAL)
            rc = bookvar_normal(book_reval, lb.book, na, cov, &bo, &res, NULL, &err);
        else
            rc = bookvar_mc(book_reval, lb.book, na, cov,
                            method == RISK_MC_T ? BOOKVAR_STUDENT_T : BOOKVAR_NORMAL, &bo, &res,
                            NULL, &err);
        if (rc != 0)
            rc = cli_fail(env, &err);
    }
    }
    if (rc == 0) {
        static const char *const heads[] = { "method", "confidence", "horizon_days", "n", "k",
                                             "var_usd", "cvar_usd", "seed" };
        struct table *t = table_new(8, heads, "lrrrrrrr");
        int mc = method == RISK_MC_NORMAL || method == RISK_MC_T;
        table_row(t);
        table_str(t, risk_methods[method]);
        table_num(t, res.est.conf, -1);
        table_int(t, res.horizon_days);
        if (method == RISK_NORMAL) {
            table_str(t, "");
            table_str(t, "");
        } else {
            table_int(t, (long long)res.est.n);
            table_int(t, (long long)res.est.k);
        }
        table_numg(t, res.est.var, csv ? -1 : 0);
        table_numg(t, res.est.cvar, csv ? -1 : 0);
        if (mc)
            table_int(t, (long long)res.seed);
        else
            table_str(t, "");
        table_print(t, env->out, csv);
        table_free(t);
        if (!csv) {
            char d1[11], d2[11];
            date_format_day(ret.start_day[0], d1);
            date_format_day(ret.end_day[ret.t - 1], d2);
            fprintf(env->out, "losses in USD over %u day%s at %.4g %% confidence; %s on %zu "
                    "daily log returns of %zu assets, %s to %s%s\n", res.horizon_days,
                    res.horizon_days == 1 ? "" : "s", 100 * res.est.conf,
                    method == RISK_HISTORICAL ? "the book revalued on each past move"
                    : method == RISK_NORMAL ? "delta-normal with the covariance"
                                            : "the book revalued on simulated moves",
                    ret.t, ret.n, d1, d2,
                    bo.time_decay && method != RISK_NORMAL ? ", with time decay" : "");
            if (mc && res.n_clipped)
                fprintf(env->out, "the covariance was not positive definite: %zu eigenvalues "
                        "raised\n", res.n_clipped);
        }
        rc = CLI_OK;
    }
out:
    if (cov)
        gsl_matrix_free(cov);
    returns_done(&ret);
    free(days);
    series_set_done(&set);
    cli_close_book(st, &lb);
    stats_req_done(&q);
    return rc;
}
