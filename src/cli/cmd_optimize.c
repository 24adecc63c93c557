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
#include "io/tabfile.h"
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

static int riskparity(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "cov", required_argument, NULL, 'v' },
        { "budgets", required_argument, NULL, 'b' },
        { "budget-file", required_argument, NULL, 'B' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    static const char *const heads[] = { "symbol", "weight", "risk_contribution" };
    const char *cov_path = NULL, *budgets = NULL, *budget_file = NULL;
    int c, rc, reset = 1, csv = 0;
    struct allot_err err;
    gsl_matrix *cov;
    char (*names)[TABFILE_NAME_MAX];
    size_t n;
    double *b = NULL;
    struct rp_result res;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "optimize", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'v')
            cov_path = optarg;
        else if (c == 'b')
            budgets = optarg;
        else if (c == 'B')
            budget_file = optarg;
        else if (c == 'c')
            csv = 1;
    }
    if (optind != argc)
        return cli_usage_error(env, "optimize", "unexpected argument \"%s\"", argv[optind]);
    if (cov_path == NULL)
        return cli_usage_error(env, "optimize", "riskparity needs --cov FILE");
    if (budgets != NULL && budget_file != NULL)
        return cli_usage_error(env, "optimize", "give --budgets or --budget-file, not both");
    err_clear(&err);
    if (tabfile_matrix(cov_path, 1, &cov, &names, &n, &err) != 0)
        return cli_fail(env, &err);
    const char **nm = xcalloc(n, sizeof *nm);
    for (size_t i = 0; i < n; i++)
        nm[i] = names[i];
    if (budgets != NULL || budget_file != NULL) {
        b = xcalloc(n, sizeof *b);
        if (budgets != NULL)
            rc = parse_list(env, "optimize", "--budgets", budgets, n, b);
        else if ((rc = tabfile_pairs(budget_file, (const char (*)[TABFILE_NAME_MAX])names, n, b,
                                     &err)) != 0)
            rc = cli_fail(env, &err);
        if (rc != 0)
            goto out;
    }
    struct rp_options opt = RP_OPTIONS_DEFAULT;
    opt.names = nm;
    if (rp_solve(cov, b, &opt, &res, &err) != 0) {
        rc = cli_fail(env, &err);
        goto out;
    }
    struct table *t = table_new(3, heads, "lrr");
    for (size_t i = 0; i < n; i++) {
        table_row(t);
        table_str(t, names[i]);
        table_num(t, res.weight[i], 6);
        table_num(t, res.rc_rel[i], 6);
    }
    table_print(t, env->out, csv);
    table_free(t);
    if (!csv)
        fprintf(env->out, "portfolio vol %.6g (per period of the covariance); max |RC - budget| "
                "%.1e after %d %s\n", res.vol, res.max_rc_err, res.iterations,
                res.method_used == RP_METHOD_NEWTON ? "Newton steps" : "CCD sweeps");
    rp_result_done(&res);
    rc = CLI_OK;
out:
    free(b);
    free(nm);
    free(names);
    gsl_matrix_free(cov);
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
