/* cmd_hedge.c: the hedging optimizers on the book (computed by store/hedgerun.h): `optimize delta-neutral`
 * (same-asset hedges in a perp, inverse perp or spot), `optimize hedge`
 * (cross-asset minimum variance) and `optimize delta-vega` (an option of
 * the chain and the perp). Each prints a proposal and saves it with
 * --save NAME for `allot apply`. */
#include <config.h>

#include <getopt.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/proposal.h"
#include "engine/stats/series.h"
#include "store/hedgerun.h"
#include "util/date.h"

/* The optimizers as proposal_fn (cli/proposal.h). */
static int run_delta_neutral(store_t *st, const struct loaded_book *lb, const void *p,
                             struct tradelist **out, struct allot_err *err)
{
    return hedgerun_delta_neutral(st, lb, p, out, err);
}

static int run_cross(store_t *st, const struct loaded_book *lb, const void *p,
                     struct tradelist **out, struct allot_err *err)
{
    return hedgerun_cross(st, lb, p, out, err);
}

static int run_delta_vega(store_t *st, const struct loaded_book *lb, const void *p,
                          struct tradelist **out, struct allot_err *err)
{
    return hedgerun_delta_vega(st, lb, p, out, err);
}

/* ---- delta-neutral ---- */

int cmd_delta_neutral(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "using", required_argument, NULL, 'u' },
        { "target-delta", required_argument, NULL, 't' },
        { "underlying", required_argument, NULL, 'U' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL, *save = NULL, *only = NULL;
    enum inst_kind using = INST_PERP;
    double target = 0;
    int c, rc, reset = 1, csv = 0;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "optimize", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p':
            portfolio = optarg;
            break;
        case 'u':
            if (hedgerun_parse_using(optarg, &using) != 0)
                return cli_usage_error(env, "optimize", "--using: expected perp, inverse-perp "
                                       "or spot, found \"%s\"", optarg);
            break;
        case 't':
            if ((rc = cli_num(env, "optimize", "--target-delta", optarg, &target)) != 0)
                return rc;
            break;
        case 'U':
            only = optarg;
            break;
        case 's':
            save = optarg;
            break;
        case 'c':
            csv = 1;
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "optimize", "unexpected argument \"%s\"", argv[optind]);
    struct hedgerun_dn dn = { using, target, only };
    return proposal_run(env, portfolio, run_delta_neutral, &dn, save, csv);
}

/* ---- cross-asset minimum-variance hedge ---- */

int cmd_cross_hedge(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "asset", required_argument, NULL, 'a' },
        { "hedge", required_argument, NULL, 'h' },
        { "estimator", required_argument, NULL, 'e' },
        { "using", required_argument, NULL, 'u' },
        { "window", required_argument, NULL, 'w' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL, *save = NULL, *asset = NULL, *hedge = NULL, *est = "sample";
    enum inst_kind using = INST_PERP;
    long window = 0;
    int c, rc, reset = 1, csv = 0;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "optimize", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p': portfolio = optarg; break;
        case 'a': asset = optarg; break;
        case 'h': hedge = optarg; break;
        case 'e': est = optarg; break;
        case 's': save = optarg; break;
        case 'c': csv = 1; break;
        case 'u':
            if (hedgerun_parse_using(optarg, &using) != 0)
                return cli_usage_error(env, "optimize", "--using: expected perp, inverse-perp "
                                       "or spot, found \"%s\"", optarg);
            break;
        case 'w':
            if ((rc = cli_long(env, "optimize", "--window", optarg, 3, 100000000L, &window)))
                return rc;
            break;
        }
    }
    if (optind != argc || asset == NULL || hedge == NULL || strcmp(asset, hedge) == 0 ||
        strlen(asset) >= SERIES_SYMBOL_MAX || strlen(hedge) >= SERIES_SYMBOL_MAX)
        return cli_usage_error(env, "optimize", "hedge needs --asset A --hedge B, two symbols");
    if (strcmp(est, "sample") && strcmp(est, "ewma") && strcmp(est, "stressed"))
        return cli_usage_error(env, "optimize", "--estimator: expected sample, ewma or "
                               "stressed, found \"%s\"", est);
    struct hedgerun_cross cx = { asset, hedge, est, using, (size_t)window };
    return proposal_run(env, portfolio, run_cross, &cx, save, csv);
}

/* ---- delta-vega ---- */

int cmd_delta_vega(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "underlying", required_argument, NULL, 'U' },
        { "expiry", required_argument, NULL, 'e' },
        { "target-delta", required_argument, NULL, 't' },
        { "target-vega", required_argument, NULL, 'v' },
        { "using", required_argument, NULL, 'u' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL, *save = NULL, *sym = NULL, *w;
    enum inst_kind using = INST_PERP;
    double td = 0, tv = 0;
    int64_t expiry = 0;
    size_t off;
    int c, rc, reset = 1, csv = 0;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "optimize", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p': portfolio = optarg; break;
        case 'U': sym = optarg; break;
        case 's': save = optarg; break;
        case 'c': csv = 1; break;
        case 'e':
            if (date_parse_ts(optarg, &expiry, &w, &off) != 0)
                return cli_usage_error(env, "optimize", "--expiry: expected %s, found \"%s\"",
                                       w, optarg);
            break;
        case 't':
            if ((rc = cli_num(env, "optimize", "--target-delta", optarg, &td)) != 0)
                return rc;
            break;
        case 'v':
            if ((rc = cli_num(env, "optimize", "--target-vega", optarg, &tv)) != 0)
                return rc;
            break;
        case 'u':
            if (hedgerun_parse_using(optarg, &using) != 0)
                return cli_usage_error(env, "optimize", "--using: expected perp, inverse-perp "
                                       "or spot, found \"%s\"", optarg);
            break;
        }
    }
    if (optind != argc || sym == NULL)
        return cli_usage_error(env, "optimize", "delta-vega needs --underlying SYM");
    struct hedgerun_dv dv = { sym, expiry, td, tv, using };
    return proposal_run(env, portfolio, run_delta_vega, &dv, save, csv);
}
