/* cmd_tailhedge.c: `allot optimize tail-hedge`: the cheapest protective
 * puts from the stored option chain that cap the book's loss in each crash
 * scenario (store/tailrun.h); options, printing and saving here. */
#include <config.h>

#include <getopt.h>
#include <math.h>

#include "cli/cmds.h"
#include "cli/proposal.h"
#include "store/tailrun.h"
#include "util/date.h"

/* tailrun_solve as a proposal_fn (cli/proposal.h). */
static int solve(store_t *st, const struct loaded_book *lb, const void *p,
                 struct tradelist **out, struct allot_err *err)
{
    return tailrun_solve(st, lb, p, out, err);
}

int cmd_tail_hedge(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "scenarios", required_argument, NULL, 'S' },
        { "max-loss", required_argument, NULL, 'm' },
        { "expiry", required_argument, NULL, 'e' },
        { "min-days", required_argument, NULL, 'd' },
        { "max-contracts", required_argument, NULL, 'x' },
        { "save", required_argument, NULL, 's' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    const char *portfolio = NULL, *save = NULL, *scen_arg = TAILRUN_DEFAULT_SCENARIOS, *w;
    double max_loss_pct = TAILRUN_DEFAULT_MAX_LOSS_PCT, max_contracts = INFINITY;
    long min_days = TAILRUN_DEFAULT_MIN_DAYS;
    int64_t expiry = 0;
    size_t off, ns;
    struct tailrun_scen sc[TAILRUN_MAX_SCEN];
    int c, rc, reset = 1, csv = 0;
    struct allot_err err;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "optimize", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p': portfolio = optarg; break;
        case 'S': scen_arg = optarg; break;
        case 's': save = optarg; break;
        case 'c': csv = 1; break;
        case 'm':
            if ((rc = cli_num(env, "optimize", "--max-loss", optarg, &max_loss_pct)) != 0)
                return rc;
            if (!(max_loss_pct >= 0 && max_loss_pct < 100))
                return cli_usage_error(env, "optimize", "--max-loss: a percentage of equity "
                                       "in [0, 100)");
            break;
        case 'e':
            if (date_parse_ts(optarg, &expiry, &w, &off) != 0)
                return cli_usage_error(env, "optimize", "--expiry: expected %s, found \"%s\"",
                                       w, optarg);
            break;
        case 'd':
            if ((rc = cli_long(env, "optimize", "--min-days", optarg, 0, 3650, &min_days)))
                return rc;
            break;
        case 'x':
            if ((rc = cli_num(env, "optimize", "--max-contracts", optarg, &max_contracts)))
                return rc;
            if (!(max_contracts > 0))
                return cli_usage_error(env, "optimize", "--max-contracts must be > 0");
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(env, "optimize", "unexpected argument \"%s\"", argv[optind]);
    err_clear(&err);
    if (tailrun_parse_scenarios(scen_arg, sc, &ns, &err) != 0)
        return cli_usage_error(env, "optimize", "--scenarios: %s", err.msg);

    struct tailrun_params tp = { sc, ns, scen_arg, max_loss_pct, expiry, min_days,
                                 max_contracts };
    return proposal_run(env, portfolio, solve, &tp, save, csv);
}
