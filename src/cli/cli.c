#include <config.h>
#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "util/num.h"

/* The one command table: name, handler, usage lines, summary. The man
 * page's SYNOPSIS repeats the usage lines; tests/cli/test_help.sh checks
 * that they agree. */
struct cli_cmd {
    const char *name;
    int (*run)(struct cli_env *env, int argc, char **argv);
    const char *usage;      /* one or more lines, each a full form */
    const char *summary;
};

static const struct cli_cmd commands[] = {
    { "init", cmd_init,
      "init [--demo]",
      "create the store (with --demo: filled with the demo book and prices)" },
    { "import", cmd_import,
      "import prices FILE... [--symbol SYM] [--format auto|long|wide|yahoo|fred] [--replace]\n"
      "import positions FILE [--portfolio P] [--replace]\n"
      "import chain FILE",
      "import daily prices, positions or an option chain from CSV files, all or nothing" },
    { "export", cmd_export,
      "export prices [--symbols A,B,...] [--from DATE] [--to DATE] [--csv] [-o FILE]\n"
      "export positions [--portfolio P] [--csv] [-o FILE]\n"
      "export journal [--csv] [-o FILE]",
      "write stored prices, positions or the journal as a table or CSV" },
    { "portfolio", cmd_portfolio,
      "portfolio new NAME\n"
      "portfolio list [--csv]\n"
      "portfolio rm NAME",
      "create, list or remove portfolios" },
    { "position", cmd_position,
      "position add INSTRUMENT --kind KIND --qty Q --price P [--portfolio P] [--underlying U]\n"
      "    [--expiry DATE] [--strike K] [--type call|put] [--multiplier M] [--iv V]\n"
      "    [--fee F] [--open-date DATE] [--note TEXT]\n"
      "position list [--portfolio P] [--csv]\n"
      "position rm ID|INSTRUMENT [--portfolio P]",
      "add, list or remove positions (every change is journaled)" },
    { "positions", cmd_positions,
      "positions [--portfolio P] [--csv]",
      "list the positions of a portfolio" },
    { "undo", cmd_undo,
      "undo [--list] [--csv]",
      "reverse the last change of positions, or list the journal" },
    { "greeks", cmd_greeks,
      "greeks --type call|put --spot S --strike K --years T --vol V [--rate R] [--div Q] [--csv]\n"
      "greeks --type call|put --forward F --strike K --years T --vol V [--rate R] [--csv]\n"
      "greeks --input FILE [--csv]",
      "price and greeks of European options (Black-Scholes-Merton or Black-76), raw units" },
    { "iv", cmd_iv,
      "iv --type call|put --spot S|--forward F --strike K --years T [--rate R] [--div Q]\n"
      "    --price P\n"
      "iv --input FILE [--csv]",
      "implied volatility from option prices" },
    { "exposure", cmd_exposure,
      "exposure [--portfolio P] [--spot SYM=PRICE ...] [--vol-shift PTS] [--at DATE] [--csv]",
      "value, PnL and greeks of the book per position, per underlying and in total" },
    { "cov", cmd_cov,
      "cov --prices FILE|--db [--symbols A,B,...] [--method sample|ewma|lw-identity|lw-constcorr]\n"
      "    [--lambda L] [--window N] [--returns log|simple] [--from DATE] [--to DATE]\n"
      "    [--annualize DAYS|auto] [--csv]",
      "covariance matrix of aligned returns" },
    { "corr", cmd_corr,
      "corr --prices FILE|--db [--symbols A,B,...] [--method M] [--lambda L] [--window N]\n"
      "    [--returns log|simple] [--from DATE] [--to DATE] [--csv]\n"
      "corr --stressed [--threshold PCT|--worst PCT] [--index SYM] [--blend W] ...\n"
      "corr --rolling A,B --window N ... [--csv]\n"
      "corr --pairwise ... [--csv]",
      "correlation matrix: calm, stressed, blended, rolling or pairwise" },
    { "hedge-ratio", cmd_hedge_ratio,
      "hedge-ratio --prices FILE|--db --asset A --hedge B [--returns log|simple] [--csv]",
      "minimum-variance hedge ratio of one asset by another, with R2 and variance removed" },
    { "stress", cmd_stress,
      "stress [--portfolio P] [--spot-range LO:HI:STEP] [--vol-range LO:HI:STEP] [--each] [--csv]\n"
      "stress [--portfolio P] --scenario NAME|all [--csv]",
      "the book's PnL on a spot x vol grid, or under named scenarios, by full revaluation" },
    { "risk", cmd_risk,
      "risk [--portfolio P] [--method historical|normal|mc-normal|mc-t] [--confidence C]\n"
      "    [--horizon DAYS] [--paths N] [--seed S] [--df NU] [--window N] [--no-decay] [--csv]",
      "VaR and CVaR of the book: historical or Monte-Carlo full revaluation, or delta-normal" },
    { "var", cmd_var,
      "var --pnl FILE [--confidence C] [--csv]\n"
      "var --mean M --sd S [--confidence C] [--csv]",
      "value at risk and expected shortfall of a PnL sample or a normal PnL" },
    { "optimize", cmd_optimize,
      "optimize riskparity --cov FILE [--budgets b1,b2,...|--budget-file FILE] [--csv]\n"
      "optimize riskparity --prices FILE|--db [--symbols A,B,...] [--method M] [--window N]\n"
      "    [--budgets ...|--budget-file FILE|--groups SPEC] [--vol-target V] [--max-gross G]\n"
      "    [--calendar 365|252] [--portfolio P [--capital USD] [--save NAME]] [--csv]\n"
      "optimize delta-neutral [--portfolio P] [--using perp|inverse-perp|spot]\n"
      "    [--target-delta D] [--underlying SYM] [--save NAME] [--csv]\n"
      "optimize hedge --asset A --hedge B [--estimator sample|ewma|stressed]\n"
      "    [--using perp|inverse-perp|spot] [--portfolio P] [--save NAME] [--csv]\n"
      "optimize delta-vega --underlying SYM [--expiry DATE] [--target-delta D] [--target-vega V]\n"
      "    [--using perp|inverse-perp|spot] [--portfolio P] [--save NAME] [--csv]\n"
      "optimize tail-hedge [--portfolio P] [--scenarios LIST] [--max-loss PCT] [--expiry DATE]\n"
      "    [--min-days N] [--max-contracts N] [--save NAME] [--csv]",
      "propose allocations and hedges as trade lists with before/after figures" },
    { "apply", cmd_apply,
      "apply NAME\n"
      "apply --list [--csv]",
      "write a saved proposal's trades to its portfolio (undo reverses it)" },
    { "watch", cmd_watch,
      "watch [--portfolio P] [--feed SPEC ...] [--feed-cmd CMD ...] [--feed-file PATH ...]\n"
      "    [--simulate [--seed S] [--speed X]] [--interval SECS] [--once] [--stale SECS]\n"
      "    [--jump-limit F] [--restart-delay SECS] [--csv]",
      "follow live quotes, store them in batches and print the book's exposure as it changes" },
    { "feed-sim", cmd_feed_sim,
      "feed-sim [--portfolio P] [--symbols A,B,...] [--rate HZ] [--seed S] [--speed X]\n"
      "    [--jumps RATE[:MEAN:SD]] [--stress S] [--count N]",
      "print a simulated market (correlated GBM from stored prices) as feed lines" },
    { "setting", cmd_setting,
      "setting list [--csv]\n"
      "setting set KEY VALUE\n"
      "setting unset KEY",
      "show or change the store's settings (rates, funding, fees, lots, valuation time)" },
    { "asset", cmd_asset,
      "asset list [--csv]\n"
      "asset set SYMBOL [--class CLASS] [--calendar 365|252]",
      "show or set each asset's class and annualisation calendar" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct cli_cmd *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int cli_is_command(const char *name)
{
    return find(name) != NULL;
}

static void print_usage_lines(FILE *out, const char *usage, const char *lead)
{
    const char *s = usage;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (strncmp(s, "    ", 4) == 0)
            fprintf(out, "%*s%.*s\n", (int)strlen(lead) + 6, "", (int)n - 4, s + 4);
        else
            fprintf(out, "%sallot %.*s\n", lead, (int)n, s);
        s += n + (nl ? 1 : 0);
    }
}

void cli_print_usage(FILE *out, const char *cmd)
{
    const struct cli_cmd *c = find(cmd);
    if (c == NULL)
        return;
    fprintf(out, "Usage:\n");
    print_usage_lines(out, c->usage, "  ");
    fprintf(out, "\n%s.\nSee man allot for every option.\n", c->summary);
}

void cli_print_help(FILE *out)
{
    fprintf(out,
            "allot: a terminal portfolio allocator for crypto books\n"
            "\n"
            "Usage:\n"
            "  allot [-d FILE] [--demo] [--no-color]        open the interactive screen\n"
            "  allot [-d FILE] [--demo] SUBCOMMAND [OPTIONS] run one batch subcommand\n"
            "  allot --help | --version\n"
            "\n"
            "Global options:\n"
            "  -d, --db FILE   the store (default $ALLOT_DB, else\n"
            "                  $XDG_DATA_HOME/allot/allot.db or ~/.local/share/allot/allot.db)\n"
            "  --demo          use a private demo store built from the bundled data\n"
            "  --no-color      no colours on the interactive screen (also NO_COLOR)\n"
            "  --script FILE   replay keys from FILE on the screen without a terminal\n"
            "  --dump-screen   with --script: print the final screen as text\n"
            "  --size WxH      with --script: the screen size (default 80x24)\n"
            "  --feed SPEC     live quotes from a command, a file, a FIFO or - (stdin);\n"
            "                  --feed-cmd CMD and --feed-file PATH force the kind\n"
            "  --simulate [--seed S] [--speed X]\n"
            "                  a simulated market instead of feeds\n"
            "                  (feed options: for watch and the interactive screen, which\n"
            "                  then shows the book moving with the quotes)\n"
            "  -h, --help      this help; allot SUBCOMMAND --help for one subcommand\n"
            "  -V, --version   print the version\n"
            "\n"
            "Subcommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        print_usage_lines(out, commands[i].usage, "  ");
    fprintf(out, "\nExit status: 0 ok, 1 bad input or failed computation, 2 usage error.\n"
                 "See man allot.\n");
}

int cli_fail(struct cli_env *env, const struct allot_err *err)
{
    char buf[ALLOT_ERR_FILE_MAX + ALLOT_ERR_MSG_MAX + 64];
    fputs("allot: ", env->err);
    /* file names and messages may hold bytes from input files */
    err_format(err, buf, sizeof buf);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < ' ' || *p == 0x7f)
            *p = '?';
    fputs(buf, env->err);
    fputc('\n', env->err);
    return err->code == ALLOT_E_USAGE ? CLI_USAGE : CLI_FAIL;
}

/* Write a formatted message with control characters as '?': messages
 * quote arguments and names, which may hold terminal escape sequences. */
static void vput_clean(FILE *out, const char *fmt, va_list ap)
{
    char buf[ALLOT_ERR_FILE_MAX + ALLOT_ERR_MSG_MAX + 64];
    vsnprintf(buf, sizeof buf, fmt, ap);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < ' ' || *p == 0x7f)
            *p = '?';
    fputs(buf, out);
}

int cli_usage_error(struct cli_env *env, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("allot: ", env->err);
    va_start(ap, fmt);
    vput_clean(env->err, fmt, ap);
    va_end(ap);
    fputc('\n', env->err);
    if (cmd != NULL)
        fprintf(env->err, "Try 'allot %s --help'.\n", cmd);
    else
        fputs("Try 'allot --help'.\n", env->err);
    return CLI_USAGE;
}

void cli_warn(struct cli_env *env, const char *fmt, ...)
{
    va_list ap;
    fputs("allot: warning: ", env->err);
    va_start(ap, fmt);
    vput_clean(env->err, fmt, ap);
    va_end(ap);
    fputc('\n', env->err);
}

int cli_open_store(struct cli_env *env, int create, store_t **st)
{
    char path[4096];
    struct allot_err err;

    err_clear(&err);
    if (env->db_path == NULL) {
        if (store_default_path(path, sizeof path, &err) != 0)
            return cli_fail(env, &err);
    } else {
        snprintf(path, sizeof path, "%s", env->db_path);
    }
    if (store_open(path, create ? STORE_CREATE : 0, st, &err) != 0)
        return cli_fail(env, &err);
    return CLI_OK;
}

int cli_load_book(struct cli_env *env, store_t *st, const char *portfolio,
                  const struct market_override *ov, size_t n_ov, struct loaded_book *lb)
{
    struct allot_err err;

    err_clear(&err);
    if (book_load(st, portfolio, ov, n_ov, lb, &err) != 0) {
        store_close(st);
        return cli_fail(env, &err);
    }
    return CLI_OK;
}

int cli_open_book(struct cli_env *env, const char *portfolio, store_t **st,
                  struct loaded_book *lb)
{
    int rc;

    if ((rc = cli_open_store(env, 0, st)) != 0)
        return rc;
    return cli_load_book(env, *st, portfolio, NULL, 0, lb);
}

void cli_close_book(store_t *st, struct loaded_book *lb)
{
    book_unload(lb);
    store_close(st);
}

int cli_num(struct cli_env *env, const char *cmd, const char *opt, const char *arg, double *out)
{
    const char *what;
    size_t off;
    if (num_parse(arg, out, &what, &off) == 0)
        return CLI_OK;
    return cli_usage_error(env, cmd, "%s: expected %s, found \"%s\"", opt, what, arg);
}

int cli_long(struct cli_env *env, const char *cmd, const char *opt, const char *arg, long lo,
             long hi, long *out)
{
    const char *what;
    size_t off;
    if (num_parse_long(arg, lo, hi, out, &what, &off) == 0)
        return CLI_OK;
    return cli_usage_error(env, cmd, "%s: expected %s (%ld to %ld), found \"%s\"", opt, what,
                           lo, hi, arg);
}

int cli_getopt(struct cli_env *env, const char *cmd, int argc, char **argv,
               const char *shortopts, const struct option *longopts, int reset)
{
    char spec[64];
    int c;

    if (reset)
        optind = 0;     /* GNU getopt: reinitialise fully */
    /* ':' first: a missing argument returns ':' rather than '?' */
    snprintf(spec, sizeof spec, ":%s", shortopts);
    opterr = 0;
    c = getopt_long(argc, argv, spec, longopts, NULL);
    if (c == '?') {
        if (optopt != 0)
            cli_usage_error(env, cmd, "unknown option -%c", optopt);
        else
            cli_usage_error(env, cmd, "unknown option %s", argv[optind > 1 ? optind - 1 : 1]);
        return -2;
    }
    if (c == ':') {
        cli_usage_error(env, cmd, "option %s needs a value", argv[optind - 1]);
        return -2;
    }
    return c;
}

int cli_list_opts(struct cli_env *env, const char *cmd, int argc, char **argv, int *list,
                  int *csv)
{
    static const struct option opts[] = {
        { "list", no_argument, NULL, 'l' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    int c, reset = 1;

    while ((c = cli_getopt(env, cmd, argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'l')
            *list = 1;
        else if (c == 'c')
            *csv = 1;
    }
    return CLI_OK;
}

int cli_run(struct cli_env *env, int argc, char **argv)
{
    const struct cli_cmd *c;

    if (argc < 1)
        return cli_usage_error(env, NULL, "no subcommand");
    c = find(argv[0]);
    if (c == NULL)
        return cli_usage_error(env, NULL, "unknown subcommand \"%s\"", argv[0]);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_print_usage(env->out, c->name);
            return CLI_OK;
        }
    }
    return c->run(env, argc, argv);
}
