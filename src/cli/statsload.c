#include <config.h>
#include "cli/statsload.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/table.h"
#include "engine/stats/cov.h"
#include "io/pricefile.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/xalloc.h"

const char *stats_method_name(enum cov_method m)
{
    return statsdata_method_name(m);
}

void stats_req_init(struct stats_req *q)
{
    memset(q, 0, sizeof *q);
    q->lambda = COV_EWMA_LAMBDA;
    q->kind = RETURNS_LOG;
    q->from = q->to = DATE_NONE;
}

void stats_req_done(struct stats_req *q)
{
    free(q->symbols);
    q->symbols = NULL;
}

int stats_opt(struct cli_env *env, const char *cmd, int c, const char *arg, struct stats_req *q)
{
    const char *what;
    size_t off;
    double v;
    long n;
    int rc;

    switch (c - STATS_OPT_BASE) {
    case 0:
        q->prices = arg;
        return 1;
    case 1:
        q->use_db = 1;
        return 1;
    case 2:
        free(q->symbols);
        q->symbols = xstrdup(arg);
        return 1;
    case 3:
        if (statsdata_method_parse(arg, &q->method) == 0)
            return 1;
        return cli_usage_error(env, cmd, "--method: expected sample, ewma, lw-identity or "
                               "lw-constcorr, found \"%s\"", arg);
    case 4:
        if ((rc = cli_num(env, cmd, "--lambda", arg, &v)) != 0)
            return rc;
        if (!(v > 0 && v < 1))
            return cli_usage_error(env, cmd, "--lambda: expected a decay in (0, 1), found %s",
                                   arg);
        q->lambda = v;
        return 1;
    case 5:
        if ((rc = cli_long(env, cmd, "--window", arg, 2, 100000000L, &n)) != 0)
            return rc;
        q->window = (size_t)n;
        return 1;
    case 6:
        if (strcmp(arg, "log") == 0)
            q->kind = RETURNS_LOG;
        else if (strcmp(arg, "simple") == 0)
            q->kind = RETURNS_SIMPLE;
        else
            return cli_usage_error(env, cmd, "--returns: expected log or simple, found \"%s\"",
                                   arg);
        return 1;
    case 7:
    case 8:
        if (date_parse_day(arg, c - STATS_OPT_BASE == 7 ? &q->from : &q->to, &what, &off) != 0)
            return cli_usage_error(env, cmd, "--%s: expected %s, found \"%s\"",
                                   c - STATS_OPT_BASE == 7 ? "from" : "to", what, arg);
        return 1;
    case 9:
        if (strcmp(arg, "auto") == 0) {
            q->annualize = -1;
            return 1;
        }
        if ((rc = cli_num(env, cmd, "--annualize", arg, &v)) != 0)
            return rc;
        if (!(v > 0 && v <= 366))
            return cli_usage_error(env, cmd, "--annualize: expected days a year (252, 365) or "
                                   "auto, found %s", arg);
        q->annualize = v;
        return 1;
    }
    return 0;
}

static int has_weekend(const struct series *s)
{
    for (size_t i = 0; i < s->n; i++) {
        int wd = (int)(((long)s->day[i] % 7 + 7 + 4) % 7);
        if (wd == 0 || wd == 6)
            return 1;
    }
    return 0;
}

int stats_returns(struct cli_env *env, const char *cmd, const struct stats_req *q,
                  struct series_set *set, struct returns *ret, double **days)
{
    struct allot_err err;
    const char **syms = NULL;
    size_t n = 0;
    store_t *st = NULL;
    char *copy = NULL;
    int rc = CLI_OK;

    err_clear(&err);
    memset(ret, 0, sizeof *ret);
    *days = NULL;
    if ((q->prices != NULL) == (q->use_db != 0))
        return cli_usage_error(env, cmd, "say where the prices are: --prices FILE or --db");
    if (q->symbols != NULL) {
        copy = xstrdup(q->symbols);
        for (char *save = NULL, *t = strtok_r(copy, ",", &save); t;
             t = strtok_r(NULL, ",", &save)) {
            syms = xreallocarray(syms, n + 1, sizeof *syms);
            syms[n++] = t;
        }
        if (n < 1) {
            free(copy);
            free(syms);
            return cli_usage_error(env, cmd, "--symbols: name at least one symbol");
        }
    }
    struct returns_opts ro;
    returns_opts_init(&ro);
    ro.kind = q->kind;
    ro.from_day = q->from;
    ro.to_day = q->to;
    ro.last_n = q->window;
    if (q->prices == NULL) {
        if ((rc = cli_open_store(env, 0, &st)) != 0)
            goto out;
        if (statsdata_returns(st, syms, n, &ro, set, ret, days, &err) != 0)
            goto fail;
        goto out;
    }
    {
        struct price_read_stats ps;
        if (pricefile_load(q->prices, PRICE_FMT_AUTO, NULL, set, &ps, &err) != 0)
            goto fail;
    }
    if (syms == NULL) {
        n = set->n;
        syms = xcalloc(n ? n : 1, sizeof *syms);
        for (size_t i = 0; i < n; i++)
            syms[i] = set->s[i].symbol;
    }
    *days = xcalloc(n ? n : 1, sizeof **days);
    for (size_t i = 0; i < n; i++) {
        const struct series *s = series_set_find(set, syms[i]);
        if (s == NULL) {
            err_setf(&err, ALLOT_E_NOTFOUND, "no prices for %s in %s", syms[i], q->prices);
            goto fail;
        }
        (*days)[i] = has_weekend(s) ? RETURNS_DAYS_CRYPTO : RETURNS_DAYS_EQUITY;
    }
    if (returns_align(set, syms, n, &ro, ret, &err) != 0)
        goto fail;
    goto out;
fail:
    rc = cli_fail(env, &err);
    free(*days);
    *days = NULL;
out:
    store_close(st);
    free(syms);
    free(copy);
    return rc;
}

int stats_cov(const struct stats_req *q, const struct returns *ret, const double *days,
              gsl_matrix **m, struct shrink_info *info, struct allot_err *err)
{
    return statsdata_cov(q->method, q->lambda, ret, days, q->annualize, m, info, err);
}

void stats_print_matrix(struct cli_env *env, const gsl_matrix *m,
                        const char (*names)[SERIES_SYMBOL_MAX], int csv, int decimals)
{
    size_t n = m->size1;
    const char **heads = xcalloc(n + 1, sizeof *heads);
    heads[0] = "symbol";
    for (size_t j = 0; j < n; j++)
        heads[j + 1] = names[j];
    struct table *t = table_new(n + 1, heads, NULL);
    for (size_t i = 0; i < n; i++) {
        table_row(t);
        table_str(t, names[i]);
        for (size_t j = 0; j < n; j++)
            table_num(t, gsl_matrix_get(m, i, j), decimals);
    }
    table_print(t, env->out, csv);
    table_free(t);
    free(heads);
}
