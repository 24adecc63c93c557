/* cmd_var.c: `allot var`: VaR and CVaR of a PnL sample file (historical)
 * or of a normal PnL (parametric). Losses are positive numbers. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>

#include "cli/cmds.h"
#include "cli/table.h"
#include "engine/risk/var.h"
#include "io/tabfile.h"

#define VAR_DEFAULT_CONFIDENCE 0.99

void cli_print_var(struct cli_env *env, const char *method, const struct var_est *e, int csv)
{
    static const char *const heads[] = { "method", "confidence", "n", "k", "var", "cvar",
                                         "mean", "sd" };
    struct table *t = table_new(8, heads, "lrrrrrrr");
    table_row(t);
    table_str(t, method);
    table_num(t, e->conf, -1);
    if (e->n > 0) {
        table_int(t, (long long)e->n);
        table_int(t, (long long)e->k);
    } else {
        table_str(t, "");
        table_str(t, "");
    }
    table_numg(t, e->var, 2);
    table_numg(t, e->cvar, 2);
    table_numg(t, e->mean, 2);
    table_numg(t, e->sd, 2);
    table_print(t, env->out, csv);
    table_free(t);
}

int cmd_var(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "pnl", required_argument, NULL, 'p' },
        { "mean", required_argument, NULL, 'm' },
        { "sd", required_argument, NULL, 's' },
        { "confidence", required_argument, NULL, 'c' },
        { "csv", no_argument, NULL, 'C' },
        { 0 }
    };
    const char *pnl = NULL;
    double mean = NAN, sd = NAN, conf = VAR_DEFAULT_CONFIDENCE;
    int c, rc, reset = 1, csv = 0;
    struct allot_err err;
    struct var_est e;

    while ((c = cli_getopt(env, "var", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p':
            pnl = optarg;
            break;
        case 'm':
            if ((rc = cli_num(env, "var", "--mean", optarg, &mean)) != 0)
                return rc;
            break;
        case 's':
            if ((rc = cli_num(env, "var", "--sd", optarg, &sd)) != 0)
                return rc;
            break;
        case 'c':
            if ((rc = cli_num(env, "var", "--confidence", optarg, &conf)) != 0)
                return rc;
            break;
        case 'C':
            csv = 1;
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "var", "unexpected argument \"%s\"", argv[optind]);
    if ((pnl != NULL) == (!isnan(mean) || !isnan(sd)))
        return cli_usage_error(env, "var", "give either --pnl FILE or --mean M --sd S");
    if (pnl == NULL && (isnan(mean) || isnan(sd)))
        return cli_usage_error(env, "var", "the normal model needs both --mean and --sd");
    err_clear(&err);
    if (pnl != NULL) {
        double *v;
        size_t n;
        if (tabfile_column(pnl, &v, &n, &err) != 0)
            return cli_fail(env, &err);
        rc = var_sample_inplace(v, n, conf, &e, &err);
        free(v);
        if (rc != 0)
            return cli_fail(env, &err);
        cli_print_var(env, "historical", &e, csv);
        return CLI_OK;
    }
    if (var_normal(mean, sd, conf, &e, &err) != 0)
        return cli_fail(env, &err);
    cli_print_var(env, "normal", &e, csv);
    return CLI_OK;
}
