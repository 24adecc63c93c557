/* cmd_stats.c: `allot cov`, `allot corr` and `allot hedge-ratio`: the
 * statistics engine on prices from a file or the store. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/statsload.h"
#include "cli/table.h"
#include "engine/stats/corr.h"
#include "engine/stats/cov.h"
#include "engine/stats/diversify.h"
#include "engine/stats/hedgeratio.h"
#include "engine/stats/pairwise.h"
#include "util/date.h"
#include "util/xalloc.h"

int cmd_cov(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = { STATS_LONGOPTS, { "csv", no_argument, NULL, 'c' },
                                          { 0 } };
    struct stats_req q;
    struct series_set set;
    struct returns ret;
    struct allot_err err;
    struct shrink_info info;
    double *days = NULL;
    gsl_matrix *cov;
    int c, rc, reset = 1, csv = 0;

    stats_req_init(&q);
    while ((c = cli_getopt(env, "cov", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2 || (c != 'c' && (rc = stats_opt(env, "cov", c, optarg, &q)) != 1)) {
            stats_req_done(&q);
            return CLI_USAGE;
        }
        if (c == 'c')
            csv = 1;
    }
    if (optind != argc) {
        stats_req_done(&q);
        return cli_usage_error(env, "cov", "unexpected argument \"%s\"", argv[optind]);
    }
    series_set_init(&set);
    err_clear(&err);
    rc = stats_returns(env, "cov", &q, &set, &ret, &days);
    if (rc == 0) {
        if (stats_cov(&q, &ret, days, &cov, &info, &err) != 0) {
            rc = cli_fail(env, &err);
        } else {
            stats_print_matrix(env, cov, (const char (*)[SERIES_SYMBOL_MAX])ret.symbol, csv, -1);
            if (!csv) {
                char d1[11], d2[11];
                date_format_day(ret.start_day[0], d1);
                date_format_day(ret.end_day[ret.t - 1], d2);
                fprintf(env->out, "%s covariance of %zu %s returns, %s to %s, %s",
                        stats_method_name(q.method), ret.t,
                        q.kind == RETURNS_LOG ? "log" : "simple", d1, d2,
                        q.annualize != 0 ? "annualised" : "per day");
                if (q.method == COVM_LW_IDENTITY || q.method == COVM_LW_CONSTCORR)
                    fprintf(env->out, "; shrinkage intensity %.6g", info.intensity);
                fputc('\n', env->out);
            }
            gsl_matrix_free(cov);
        }
        returns_done(&ret);
    }
    free(days);
    series_set_done(&set);
    stats_req_done(&q);
    return rc;
}

static int rolling(struct cli_env *env, const struct returns *ret, const char *pair,
                   size_t window, int csv)
{
    char a[SERIES_SYMBOL_MAX], b[SERIES_SYMBOL_MAX];
    const char *comma = strchr(pair, ',');
    struct allot_err err;
    long ia, ib;
    size_t nn;

    if (comma == NULL || comma == pair || strlen(comma + 1) == 0 ||
        (size_t)(comma - pair) >= sizeof a || strlen(comma + 1) >= sizeof b)
        return cli_usage_error(env, "corr", "--rolling: expected A,B, found \"%s\"", pair);
    memcpy(a, pair, (size_t)(comma - pair));
    a[comma - pair] = '\0';
    strcpy(b, comma + 1);
    ia = returns_column(ret, a);
    ib = returns_column(ret, b);
    if (ia < 0 || ib < 0)
        return cli_usage_error(env, "corr", "--rolling: %s is not among the symbols",
                               ia < 0 ? a : b);
    if (window < CORR_MIN_WINDOW || window > ret->t)
        return cli_usage_error(env, "corr", "--rolling needs --window N with %d <= N <= %zu "
                               "(the returns available)", CORR_MIN_WINDOW, ret->t);
    size_t n = ret->t - window + 1;
    gsl_vector *out = gsl_vector_alloc(n);
    int32_t *end = xcalloc(n, sizeof *end);
    err_clear(&err);
    if (corr_rolling_returns(ret, (size_t)ia, (size_t)ib, window, out, end, &nn, &err) != 0) {
        gsl_vector_free(out);
        free(end);
        return cli_fail(env, &err);
    }
    static const char *const heads[] = { "date", "corr" };
    struct table *t = table_new(2, heads, "lr");
    for (size_t i = 0; i < n; i++) {
        char d[11];
        date_format_day(end[i], d);
        table_row(t);
        table_str(t, d);
        table_num(t, gsl_vector_get(out, i), csv ? -1 : 4);
    }
    table_print(t, env->out, csv);
    table_free(t);
    gsl_vector_free(out);
    free(end);
    return CLI_OK;
}

int cmd_corr(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        STATS_LONGOPTS,
        { "csv", no_argument, NULL, 'c' },
        { "stressed", no_argument, NULL, 's' },
        { "threshold", required_argument, NULL, 't' },
        { "worst", required_argument, NULL, 'w' },
        { "index", required_argument, NULL, 'i' },
        { "blend", required_argument, NULL, 'b' },
        { "rolling", required_argument, NULL, 'r' },
        { "pairwise", no_argument, NULL, 'p' },
        { 0 }
    };
    struct stats_req q;
    struct series_set set;
    struct returns ret;
    struct allot_err err;
    struct corr_stress_opts so;
    double *days = NULL, blend = -1, v;
    const char *index = NULL, *pair = NULL;
    int c, rc = CLI_OK, reset = 1, csv = 0, stressed = 0, pairwise = 0, have_thr = 0,
           have_worst = 0;

    stats_req_init(&q);
    corr_stress_opts_init(&so);
    while ((c = cli_getopt(env, "corr", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            rc = CLI_USAGE;
            break;
        case 'c':
            csv = 1;
            break;
        case 's':
            stressed = 1;
            break;
        case 't':
        case 'w':
            if ((rc = cli_num(env, "corr", c == 't' ? "--threshold" : "--worst", optarg, &v)))
                break;
            if (!(v > 0 && v <= 100)) {
                rc = cli_usage_error(env, "corr", "--%s: expected a percentage in (0, 100], "
                                     "found %s", c == 't' ? "threshold" : "worst", optarg);
                break;
            }
            if (c == 't') {
                so.rule = CORR_STRESS_THRESHOLD;
                so.threshold = -v / 100;
                have_thr = 1;
            } else {
                so.rule = CORR_STRESS_WORST_PCT;
                so.worst_pct = v;
                have_worst = 1;
            }
            break;
        case 'i':
            index = optarg;
            break;
        case 'b':
            if ((rc = cli_num(env, "corr", "--blend", optarg, &blend)) != 0)
                break;
            if (!(blend >= 0 && blend <= 1))
                rc = cli_usage_error(env, "corr", "--blend: expected a weight in [0, 1]");
            break;
        case 'r':
            pair = optarg;
            break;
        case 'p':
            pairwise = 1;
            break;
        default:
            if (stats_opt(env, "corr", c, optarg, &q) != 1)
                rc = CLI_USAGE;
        }
        if (rc != 0) {
            stats_req_done(&q);
            return rc;
        }
    }
    if (optind != argc)
        rc = cli_usage_error(env, "corr", "unexpected argument \"%s\"", argv[optind]);
    else if (have_thr && have_worst)
        rc = cli_usage_error(env, "corr", "give --threshold or --worst, not both");
    else if ((have_thr || have_worst || index != NULL || blend >= 0) && !stressed)
        rc = cli_usage_error(env, "corr", "--threshold, --worst, --index and --blend go with "
                             "--stressed");
    else if (pairwise && (stressed || pair != NULL))
        rc = cli_usage_error(env, "corr", "--pairwise goes with neither --stressed nor "
                             "--rolling");
    if (rc != 0) {
        stats_req_done(&q);
        return rc;
    }
    series_set_init(&set);
    err_clear(&err);
    if (pair != NULL) {
        size_t window = q.window;
        q.window = 0;   /* --window is the rolling window here, not a cut of the history */
        if ((rc = stats_returns(env, "corr", &q, &set, &ret, &days)) == 0) {
            rc = rolling(env, &ret, pair, window, csv);
            returns_done(&ret);
        }
        goto out;
    }
    if (pairwise) {
        /* each pair over its own common dates; needs the loaded series */
        if ((rc = stats_returns(env, "corr", &q, &set, &ret, &days)) != 0)
            goto out;
        struct pairwise_opts po;
        struct pairwise_info pi;
        const char **syms = xcalloc(ret.n, sizeof *syms);
        gsl_matrix *m = gsl_matrix_alloc(ret.n, ret.n);
        pairwise_opts_init(&po);
        po.ret.kind = q.kind;
        po.ret.from_day = q.from;
        po.ret.to_day = q.to;
        for (size_t i = 0; i < ret.n; i++)
            syms[i] = ret.symbol[i];
        if (pairwise_corr(&set, syms, ret.n, &po, m, NULL, NULL, &pi, &err) != 0) {
            rc = cli_fail(env, &err);
        } else {
            stats_print_matrix(env, m, (const char (*)[SERIES_SYMBOL_MAX])ret.symbol, csv,
                               csv ? -1 : 4);
            if (pi.repaired)
                cli_warn(env, "the pairwise correlations were not a valid correlation matrix "
                         "(smallest eigenvalue %.3g); shown is the nearest valid one, which "
                         "moved an entry by up to %.3g", pi.min_eig_before, pi.max_abs_change);
        }
        free(syms);
        gsl_matrix_free(m);
        returns_done(&ret);
        goto out;
    }
    if ((rc = stats_returns(env, "corr", &q, &set, &ret, &days)) != 0)
        goto out;
    gsl_matrix *m = gsl_matrix_alloc(ret.n, ret.n);
    if (stressed) {
        struct corr_stress_info info;
        gsl_matrix *calm = gsl_matrix_alloc(ret.n, ret.n);
        so.kind = q.kind;
        if (index != NULL) {
            long col = returns_column(&ret, index);
            if (col < 0) {
                rc = cli_usage_error(env, "corr", "--index %s is not among the symbols", index);
                gsl_matrix_free(calm);
                gsl_matrix_free(m);
                returns_done(&ret);
                goto out;
            }
            so.index_col = col;
        }
        if (corr_stressed(ret.r, &so, m, calm, &info, &err) != 0 ||
            (blend >= 0 && corr_blend(calm, m, blend, m, &err) != 0)) {
            rc = cli_fail(env, &err);
        } else {
            stats_print_matrix(env, m, (const char (*)[SERIES_SYMBOL_MAX])ret.symbol, csv,
                               csv ? -1 : 4);
            if (!csv) {
                double r1, r2;
                fprintf(env->out, "%s correlation on %zu stress days of %zu (%s %s)",
                        blend >= 0 ? "blended" : "stressed", info.n_stress, info.n_days,
                        index ? index : "equal-weight basket",
                        so.rule == CORR_STRESS_THRESHOLD ? "falling more than the threshold"
                                                         : "worst days");
                if (blend >= 0)
                    fprintf(env->out, ", weight %g on stress", blend);
                if (diversify_effective_rank(calm, &r1, &err) == 0 &&
                    diversify_effective_rank(m, &r2, &err) == 0)
                    fprintf(env->out, "; effective number of independent bets %.2f calm, "
                            "%.2f here", r1, r2);
                fputc('\n', env->out);
            }
        }
        gsl_matrix_free(calm);
    } else {
        struct shrink_info info;
        gsl_matrix *cov;
        if (stats_cov(&q, &ret, days, &cov, &info, &err) != 0 ||
            corr_from_cov(cov, m, &err) != 0) {
            rc = cli_fail(env, &err);
        } else {
            gsl_matrix_free(cov);
            stats_print_matrix(env, m, (const char (*)[SERIES_SYMBOL_MAX])ret.symbol, csv,
                               csv ? -1 : 4);
            if (!csv) {
                char d1[11], d2[11];
                date_format_day(ret.start_day[0], d1);
                date_format_day(ret.end_day[ret.t - 1], d2);
                fprintf(env->out, "%s correlation of %zu %s returns, %s to %s",
                        stats_method_name(q.method), ret.t,
                        q.kind == RETURNS_LOG ? "log" : "simple", d1, d2);
                if (q.method == COVM_LW_IDENTITY || q.method == COVM_LW_CONSTCORR)
                    fprintf(env->out, "; shrinkage intensity %.6g", info.intensity);
                fputc('\n', env->out);
            }
        }
    }
    gsl_matrix_free(m);
    returns_done(&ret);
out:
    free(days);
    series_set_done(&set);
    stats_req_done(&q);
    return rc;
}

int cmd_hedge_ratio(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        STATS_LONGOPTS,
        { "asset", required_argument, NULL, 'a' },
        { "hedge", required_argument, NULL, 'h' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    struct stats_req q;
    struct series_set set;
    struct returns ret;
    struct allot_err err;
    struct hedge_result hr;
    const char *asset = NULL, *hedge = NULL;
    double *days = NULL;
    char syms[2 * SERIES_SYMBOL_MAX + 2];
    int c, rc = CLI_OK, reset = 1, csv = 0;

    stats_req_init(&q);
    while ((c = cli_getopt(env, "hedge-ratio", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == 'a')
            asset = optarg;
        else if (c == 'h')
            hedge = optarg;
        else if (c == 'c')
            csv = 1;
        else if (c == -2 || stats_opt(env, "hedge-ratio", c, optarg, &q) != 1) {
            stats_req_done(&q);
            return CLI_USAGE;
        }
    }
    if (optind != argc || asset == NULL || hedge == NULL || strcmp(asset, hedge) == 0 ||
        strlen(asset) >= SERIES_SYMBOL_MAX || strlen(hedge) >= SERIES_SYMBOL_MAX) {
        stats_req_done(&q);
        return cli_usage_error(env, "hedge-ratio", "give --asset A and --hedge B, two "
                               "different symbols");
    }
    snprintf(syms, sizeof syms, "%s,%s", asset, hedge);
    free(q.symbols);
    q.symbols = xstrdup(syms);
    series_set_init(&set);
    err_clear(&err);
    if ((rc = stats_returns(env, "hedge-ratio", &q, &set, &ret, &days)) == 0) {
        gsl_vector_view a = gsl_matrix_column(ret.r, 0), b = gsl_matrix_column(ret.r, 1);
        if (hedge_ratio(&a.vector, &b.vector, &hr, &err) != 0) {
            err_prefix(&err, "hedging %s with %s: ", asset, hedge);
            rc = cli_fail(env, &err);
        } else {
            static const char *const heads[] = { "asset", "hedge", "returns", "ratio", "corr",
                                                 "r2", "variance_reduction" };
            struct table *t = table_new(7, heads, "llrrrrr");
            table_row(t);
            table_str(t, asset);
            table_str(t, hedge);
            table_int(t, (long long)hr.n);
            table_num(t, hr.ratio, csv ? -1 : 6);
            table_num(t, hr.corr, csv ? -1 : 6);
            table_num(t, hr.r2, csv ? -1 : 6);
            table_num(t, hr.var_reduction, csv ? -1 : 6);
            table_print(t, env->out, csv);
            table_free(t);
            if (!csv)
                fprintf(env->out, "to hedge 1 USD of %s, short %.6g USD of %s\n", asset,
                        hr.ratio, hedge);
        }
        returns_done(&ret);
    }
    free(days);
    series_set_done(&set);
    stats_req_done(&q);
    return rc;
}
