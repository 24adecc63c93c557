/* cmd_optimize.c: `allot optimize METHOD`: the optimizers, as proposals
 * with before/after figures. This file holds the dispatch and risk parity
 * on a given covariance. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/table.h"
#include "engine/optimize/rp.h"
#include "store/rprun.h"
#include "cli/proposal.h"
#include "cli/statsload.h"
#include "engine/stats/returns.h"
#include "io/tabfile.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Parse "b1,b2,..." into n numbers. */
static int parse_list(struct cli_env *env, const char *cmd, const char *opt, const char *s,
                      size_t n, double *out)
{
    char *copy = xstrdup(s), *save = NULL;
    size_t k = 0;
    int rc = CLI_OK;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (k == n) {
            k++;
            break;
        }
        if ((rc = cli_num(env, cmd, opt, tok, &out[k])) != 0)
            break;
        k++;
    }
    free(copy);
    if (rc == CLI_OK && k != n)
        rc = cli_usage_error(env, cmd, "%s: expected %zu values (one per asset of the matrix), "
                             "found %zu%s", opt, n, k, k > n ? " or more" : "");
    return rc;
}

/* Parse --groups "majors:BTC,ETH=0.6;alts:SOL,XRP=0.4" into a group per
 * asset and a budget per group. */
static int parse_groups(struct cli_env *env, const char *spec, char (*names)[TABFILE_NAME_MAX],
                        size_t n, size_t *group_of, double *gbudget, size_t *ngroups)
{
    char *copy = xstrdup(spec), *save = NULL;
    int rc = CLI_OK;
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        group_of[i] = (size_t)-1;
    for (char *g = strtok_r(copy, ";", &save); g && rc == 0; g = strtok_r(NULL, ";", &save)) {
        char *colon = strchr(g, ':'), *eq = strrchr(g, '='), *save2 = NULL;
        if (colon == NULL || eq == NULL || eq < colon) {
            rc = cli_usage_error(env, "optimize", "--groups: expected NAME:SYM,SYM=BUDGET;..., "
                                 "found \"%s\"", g);
            break;
        }
        *eq = '\0';
        if ((rc = cli_num(env, "optimize", "--groups", eq + 1, &gbudget[ng])) != 0)
            break;
        for (char *sym = strtok_r(colon + 1, ",", &save2); sym; sym = strtok_r(NULL, ",", &save2)) {
            size_t i;
            for (i = 0; i < n && strcmp(names[i], sym) != 0; i++)
                ;
            if (i == n) {
                rc = cli_usage_error(env, "optimize", "--groups: %s is not among the assets", sym);
                break;
            }
            if (group_of[i] != (size_t)-1) {
                rc = cli_usage_error(env, "optimize", "--groups: %s is in two groups", sym);
                break;
            }
            group_of[i] = ng;
        }
        ng++;
    }
    free(copy);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (group_of[i] == (size_t)-1)
            rc = cli_usage_error(env, "optimize", "--groups: %s is in no group", names[i]);
    *ngroups = ng;
    return rc;
}

/* The arguments of rprun_trades past the book, for proposal_run. */
struct rp_trade_args {
    const double *w;
    const char *const *names;
    size_t n;
    double capital;
    const char *params;
};

/* The trade list that moves the portfolio's spot holdings of the assets to
 * the weights w of capital (other positions untouched): rprun_trades as a
 * proposal_fn (cli/proposal.h). */
static int rp_trades(store_t *st, const struct loaded_book *lb, const void *p,
                     struct tradelist **out, struct allot_err *err)
{
    const struct rp_trade_args *a = p;
    return rprun_trades(st, lb, a->w, a->names, a->n, a->capital, a->params, out, err);
}

static int riskparity(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        STATS_LONGOPTS,
        { "cov", required_argument, NULL, 'v' },
        { "budgets", required_argument, NULL, 'b' },
        { "budget-file", required_argument, NULL, 'B' },
        { "groups", required_argument, NULL, 'g' },
        { "vol-target", required_argument, NULL, 't' },
        { "max-gross", required_argument, NULL, 'G' },
        { "calendar", required_argument, NULL, 'y' },
        { "portfolio", required_argument, NULL, 'p' },
        { "capital", required_argument, NULL, 'K' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    static const char *const heads[] = { "symbol", "weight", "risk_contribution" };
    const char *cov_path = NULL, *budgets = NULL, *budget_file = NULL, *groups = NULL;
    const char *portfolio = NULL, *save = NULL;
    double vol_target = 0, max_gross = 1, calendar = 0, capital = 0;
    int c, rc = CLI_OK, reset = 1, csv = 0;
    struct allot_err err;
    struct stats_req q;
    gsl_matrix *cov = NULL;
    char (*names)[TABFILE_NAME_MAX] = NULL;
    size_t n = 0;
    double *b = NULL;
    const char **nm = NULL;
    struct rprun_solution sol;
    int have_res = 0;

    stats_req_init(&q);
    argc--;
    argv++;
    while ((c = cli_getopt(env, "optimize", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2: rc = CLI_USAGE; break;
        case 'v': cov_path = optarg; break;
        case 'b': budgets = optarg; break;
        case 'B': budget_file = optarg; break;
        case 'g': groups = optarg; break;
        case 'p': portfolio = optarg; break;
        case 's': save = optarg; break;
        case 'c': csv = 1; break;
        case 't':
            if ((rc = cli_num(env, "optimize", "--vol-target", optarg, &vol_target)) == 0 &&
                !(vol_target > 0 && vol_target <= 10))
                rc = cli_usage_error(env, "optimize", "--vol-target: an annual vol as a "
                                     "decimal in (0, 10], e.g. 0.2");
            break;
        case 'G':
            if ((rc = cli_num(env, "optimize", "--max-gross", optarg, &max_gross)) == 0 &&
                !(max_gross > 0))
                rc = cli_usage_error(env, "optimize", "--max-gross: a multiple of capital > 0");
            break;
        case 'y':
            if ((rc = cli_num(env, "optimize", "--calendar", optarg, &calendar)) == 0 &&
                calendar != 365 && calendar != 252)
                rc = cli_usage_error(env, "optimize", "--calendar: 365 or 252 days a year");
            break;
        case 'K':
            if ((rc = cli_num(env, "optimize", "--capital", optarg, &capital)) == 0 &&
                !(capital > 0))
                rc = cli_usage_error(env, "optimize", "--capital: USD > 0");
            break;
        default:
            if (stats_opt(env, "optimize", c, optarg, &q) != 1)
                rc = CLI_USAGE;
        }
        if (rc != 0)
            goto out;
    }
    if (optind != argc) {
        rc = cli_usage_error(env, "optimize", "unexpected argument \"%s\"", argv[optind]);
        goto out;
    }
    if ((cov_path != NULL) + (q.prices != NULL) + (q.use_db != 0) != 1) {
        rc = cli_usage_error(env, "optimize", "riskparity needs one of --cov FILE, --prices FILE "
                             "or --db");
        goto out;
    }
    if ((budgets != NULL) + (budget_file != NULL) + (groups != NULL) > 1) {
        rc = cli_usage_error(env, "optimize", "give one of --budgets, --budget-file, --groups");
        goto out;
    }
    if ((save != NULL || capital > 0) && portfolio == NULL) {
        rc = cli_usage_error(env, "optimize", "--save and --capital go with --portfolio P");
        goto out;
    }
    err_clear(&err);
    if (cov_path != NULL) {
        if (tabfile_matrix(cov_path, 1, &cov, &names, &n, &err) != 0) {
            rc = cli_fail(env, &err);
            goto out;
        }
        if (calendar == 0)
            calendar = 365;
    } else {
        struct series_set set;
        struct returns ret;
        struct shrink_info si;
        double *days = NULL, periods;
        series_set_init(&set);
        q.annualize = 0;    /* daily; the vol target annualises */
        rc = stats_returns(env, "optimize", &q, &set, &ret, &days);
        if (rc == 0) {
            if (stats_cov(&q, &ret, days, &cov, &si, &err) != 0 ||
                returns_ann_factor(days, ret.n, &periods, &err) != 0) {
                rc = cli_fail(env, &err);
            } else {
                n = ret.n;
                names = xcalloc(n, sizeof *names);
                for (size_t i = 0; i < n; i++)
                    str_copy(names[i], TABFILE_NAME_MAX, ret.symbol[i]);
                if (calendar == 0)
                    calendar = periods;
            }
            returns_done(&ret);
        }
        free(days);
        series_set_done(&set);
        if (rc != 0)
            goto out;
    }
    nm = xcalloc(n, sizeof *nm);
    for (size_t i = 0; i < n; i++)
        nm[i] = names[i];
    if (budgets != NULL || budget_file != NULL || groups != NULL) {
        b = xcalloc(n, sizeof *b);
        if (budgets != NULL) {
            rc = parse_list(env, "optimize", "--budgets", budgets, n, b);
        } else if (budget_file != NULL) {
            if (tabfile_pairs(budget_file, (const char (*)[TABFILE_NAME_MAX])names, n, b, &err))
                rc = cli_fail(env, &err);
        } else {
            size_t *gof = xcalloc(n, sizeof *gof), ng;
            double *gb = xcalloc(n, sizeof *gb);
            rc = parse_groups(env, groups, names, n, gof, gb, &ng);
            if (rc == 0 && rp_group_budgets(n, gof, ng, gb, NULL, b, &err) != 0)
                rc = cli_fail(env, &err);
            free(gof);
            free(gb);
        }
        if (rc != 0)
            goto out;
    }
    if (rprun_solve(cov, b, groups != NULL, nm, calendar, vol_target, max_gross, &sol,
                    &err) != 0) {
        rc = cli_fail(env, &err);
        goto out;
    }
    have_res = 1;
    const struct rp_result *res = &sol.rp;
    const struct rp_vol_target *vt = &sol.vt;
    if (portfolio != NULL) {
        struct rp_trade_args a = { res->weight, nm, n, capital, sol.params };
        rc = proposal_run(env, portfolio, rp_trades, &a, save, csv);
        goto out;
    }
    struct table *t = table_new(3, heads, "lrr");
    for (size_t i = 0; i < n; i++) {
        table_row(t);
        table_str(t, names[i]);
        table_num(t, res->weight[i], csv ? -1 : 6);
        table_num(t, res->rc_rel[i], csv ? -1 : 6);
    }
    table_print(t, env->out, csv);
    table_free(t);
    if (!csv) {
        fprintf(env->out, "portfolio vol %.6g per period of the covariance (%.4g a year at %g "
                "periods); max |RC - budget| %.1e after %d %s\n", res->vol,
                res->vol * sqrt(calendar), calendar, res->max_rc_err, res->iterations,
                res->method_used == RP_METHOD_NEWTON ? "Newton steps" : "CCD sweeps");
        if (vol_target > 0)
            fprintf(env->out, "scaled by %.6g to %.4g a year (gross %.4g of capital)%s\n",
                    vt->scale, vt->vol_ann_after, vt->gross_after,
                    vt->capped ? "; the gross cap bound: the target was not reached" : "");
    }
    rc = CLI_OK;
out:
    if (have_res)
        rprun_done(&sol);
    free(b);
    free(nm);
    free(names);
    if (cov)
        gsl_matrix_free(cov);
    stats_req_done(&q);
    return rc;
}

int cmd_optimize(struct cli_env *env, int argc, char **argv)
{
    static const char methods[] = "riskparity, delta-neutral, hedge, delta-vega or tail-hedge";
    const char *method = argc > 1 ? argv[1] : NULL;
    if (method == NULL || method[0] == '-')
        return cli_usage_error(env, "optimize", "say which method: %s", methods);
    if (strcmp(method, "riskparity") == 0)
        return riskparity(env, argc, argv);
    if (strcmp(method, "delta-neutral") == 0)
        return cmd_delta_neutral(env, argc, argv);
    if (strcmp(method, "hedge") == 0)
        return cmd_cross_hedge(env, argc, argv);
    if (strcmp(method, "delta-vega") == 0)
        return cmd_delta_vega(env, argc, argv);
    if (strcmp(method, "tail-hedge") == 0)
        return cmd_tail_hedge(env, argc, argv);
    return cli_usage_error(env, "optimize", "unknown method \"%s\": say %s", method, methods);
}
