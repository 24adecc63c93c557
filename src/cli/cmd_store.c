/* cmd_store.c: the subcommands that manage the store's contents by hand:
 * init, portfolio, position, positions, undo, asset. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/demo.h"
#include "cli/table.h"
#include "io/posfile.h"
#include "store/positions.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"

/* ---- init ---- */

int cmd_init(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = { { "demo", no_argument, NULL, 'D' }, { 0 } };
    struct allot_err err;
    store_t *st;
    int c, demo = 0, rc, reset = 1;
    int64_t id, jid;

    while ((c = cli_getopt(env, "init", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'D')
            demo = 1;
    }
    if (optind < argc)
        return cli_usage_error(env, "init", "unexpected argument \"%s\"", argv[optind]);
    if ((rc = cli_open_store(env, 1, &st)) != 0)
        return rc;
    err_clear(&err);
    if (portfolio_find(st, PORTFOLIO_DEFAULT, &id, &err) == ALLOT_E_NOTFOUND) {
        if (store_begin(st, &err) != 0 ||
            journal_begin(st, "portfolio new", PORTFOLIO_DEFAULT, &jid, &err) != 0 ||
            portfolio_create(st, jid, PORTFOLIO_DEFAULT, &id, &err) != 0 ||
            store_commit(st, &err) != 0) {
            store_rollback(st);
            rc = cli_fail(env, &err);
            store_close(st);
            return rc;
        }
    }
    if (demo && demo_fill(st, NULL, &err) != 0) {
        rc = cli_fail(env, &err);
        store_close(st);
        return rc;
    }
    fputs("store ", env->out);
    table_puts_safe(env->out, store_path(st));     /* the path may hold anything */
    fprintf(env->out, " ready (schema version %d)%s\n", STORE_SCHEMA_VERSION,
            demo ? " with the demo book" : "");
    store_close(st);
    return CLI_OK;
}

/* ---- portfolio ---- */

static int fail_close(struct cli_env *env, store_t *st, struct allot_err *err)
{
    int rc;
    store_rollback(st);
    rc = cli_fail(env, err);
    store_close(st);
    return rc;
}

int cmd_portfolio(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = { { "csv", no_argument, NULL, 'c' }, { 0 } };
    struct allot_err err;
    store_t *st;
    const char *verb;
    int c, csv = 0, rc, reset = 1;
    int64_t id, jid;

    while ((c = cli_getopt(env, "portfolio", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'c')
            csv = 1;
    }
    if (optind >= argc)
        return cli_usage_error(env, "portfolio", "say new, list or rm");
    verb = argv[optind];
    err_clear(&err);
    if (strcmp(verb, "list") == 0) {
        struct portfolio_info *pi;
        size_t n;
        static const char *const heads[] = { "portfolio", "positions", "created" };
        if (optind + 1 != argc)
            return cli_usage_error(env, "portfolio", "portfolio list takes no argument");
        if ((rc = cli_open_store(env, 0, &st)) != 0)
            return rc;
        if (portfolio_list(st, &pi, &n, &err) != 0)
            return fail_close(env, st, &err);
        struct table *t = table_new(3, heads, "lrl");
        for (size_t i = 0; i < n; i++) {
            table_row(t);
            table_str(t, pi[i].name);
            table_int(t, pi[i].n_positions);
            table_str(t, pi[i].created);
        }
        table_print(t, env->out, csv);
        table_free(t);
        free(pi);
        store_close(st);
        return CLI_OK;
    }
    if (strcmp(verb, "new") != 0 && strcmp(verb, "rm") != 0)
        return cli_usage_error(env, "portfolio", "unknown verb \"%s\": say new, list or rm",
                               verb);
    if (optind + 2 != argc)
        return cli_usage_error(env, "portfolio", "portfolio %s takes one NAME", verb);
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    if (store_begin(st, &err) != 0)
        return fail_close(env, st, &err);
    if (strcmp(verb, "new") == 0) {
        if (journal_begin(st, "portfolio new", argv[optind + 1], &jid, &err) != 0 ||
            portfolio_create(st, jid, argv[optind + 1], &id, &err) != 0)
            return fail_close(env, st, &err);
    } else {
        if (journal_begin(st, "portfolio rm", argv[optind + 1], &jid, &err) != 0 ||
            portfolio_remove(st, jid, argv[optind + 1], &err) != 0)
            return fail_close(env, st, &err);
    }
    if (store_commit(st, &err) != 0)
        return fail_close(env, st, &err);
    fprintf(env->out, "portfolio %s %s\n", argv[optind + 1],
            strcmp(verb, "new") == 0 ? "created" : "removed");
    store_close(st);
    return CLI_OK;
}

/* ---- positions listing ---- */

static int find_portfolio(struct cli_env *env, store_t *st, const char *name, int64_t *id)
{
    struct allot_err err;
    err_clear(&err);
    if (portfolio_find(st, name ? name : PORTFOLIO_DEFAULT, id, &err) != 0) {
        if (name == NULL)
            err_setf(&err, ALLOT_E_NOTFOUND, "no portfolio named %s; create it with "
                     "allot portfolio new %s, or name one with --portfolio",
                     PORTFOLIO_DEFAULT, PORTFOLIO_DEFAULT);
        return cli_fail(env, &err);
    }
    return CLI_OK;
}

static void format_expiry(int64_t ms, char out[32])
{
    if (ms == 0) {
        out[0] = '\0';
        return;
    }
    date_format_ts(ms, out);
    /* 08:00 UTC is the usual expiry time: show the date alone then */
    if (strcmp(out + 10, "T08:00:00Z") == 0)
        out[10] = '\0';
}

static int list_positions(struct cli_env *env, const char *cmd, int argc, char **argv, int first)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    static const char *const heads[] = {
        "id", "kind", "instrument", "underlying", "quantity", "entry_price", "fee_usd",
        "expiry", "strike", "type", "multiplier", "iv", "open_date", "note"
    };
    struct allot_err err;
    const char *portfolio = NULL;
    store_t *st;
    struct position *pos;
    size_t n;
    int64_t pf;
    int c, csv = 0, rc, reset = 1;

    while ((c = cli_getopt(env, cmd, argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'p')
            portfolio = optarg;
        else if (c == 'c')
            csv = 1;
    }
    if (optind + first != argc)
        return cli_usage_error(env, cmd, "unexpected argument \"%s\"", argv[optind + first]);
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    if ((rc = find_portfolio(env, st, portfolio, &pf)) != 0) {
        store_close(st);
        return rc;
    }
    err_clear(&err);
    if (positions_list(st, pf, &pos, &n, &err) != 0)
        return fail_close(env, st, &err);
    struct table *t = table_new(14, heads, "rlllrrrlrlrrll");
    for (size_t i = 0; i < n; i++) {
        const struct position *p = &pos[i];
        char ex[32], od[11] = "";
        format_expiry(p->expiry_ms, ex);
        if (p->open_day != DATE_NONE)
            date_format_day(p->open_day, od);
        table_row(t);
        table_int(t, p->id);
        table_str(t, inst_kind_name(p->kind));
        table_str(t, p->instrument);
        table_str(t, p->underlying);
        table_numg(t, p->quantity, -1);
        table_numg(t, p->entry_price, -1);
        table_num(t, p->fee_usd, 2);
        table_str(t, ex);
        table_numg(t, inst_is_option(p->kind) ? p->strike : NAN, 0);
        table_str(t, inst_is_option(p->kind) ? (p->is_call ? "call" : "put") : "");
        table_num(t, p->multiplier, -1);
        table_num(t, inst_is_option(p->kind) ? p->iv : NAN, -1);
        table_str(t, od);
        table_str(t, p->note);
    }
    table_print(t, env->out, csv);
    table_free(t);
    free(pos);
    store_close(st);
    return CLI_OK;
}

int cmd_positions(struct cli_env *env, int argc, char **argv)
{
    return list_positions(env, "positions", argc, argv, 0);
}

/* ---- position add / rm ---- */

static int position_add(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "kind", required_argument, NULL, 'k' },
        { "qty", required_argument, NULL, 'q' },
        { "quantity", required_argument, NULL, 'q' },
        { "price", required_argument, NULL, 'P' },
        { "underlying", required_argument, NULL, 'u' },
        { "expiry", required_argument, NULL, 'e' },
        { "strike", required_argument, NULL, 's' },
        { "type", required_argument, NULL, 't' },
        { "multiplier", required_argument, NULL, 'm' },
        { "iv", required_argument, NULL, 'v' },
        { "fee", required_argument, NULL, 'f' },
        { "open-date", required_argument, NULL, 'o' },
        { "note", required_argument, NULL, 'n' },
        { 0 }
    };
    const char *cmd = "position";
    struct position p;
    struct allot_err err;
    const char *portfolio = NULL, *what;
    size_t off;
    int c, rc, reset = 1, have_kind = 0, have_qty = 0, have_price = 0, have_type = 0;
    enum inst_kind hint = INST_SPOT;
    int named = 0;
    store_t *st;
    int64_t pf, jid;

    position_init(&p);
    /* argv[0] "position", argv[1] "add": parse from "add" on */
    argc--;
    argv++;
    while ((c = cli_getopt(env, cmd, argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            return CLI_USAGE;
        case 'p':
            portfolio = optarg;
            break;
        case 'k':
            if (posfile_parse_kind(optarg, &p.kind, &what, &off) != 0)
                return cli_usage_error(env, cmd, "--kind: expected %s, found \"%s\"", what,
                                       optarg);
            have_kind = 1;
            break;
        case 'q':
            if ((rc = cli_num(env, cmd, "--qty", optarg, &p.quantity)) != 0)
                return rc;
            have_qty = 1;
            break;
        case 'P':
            if ((rc = cli_num(env, cmd, "--price", optarg, &p.entry_price)) != 0)
                return rc;
            have_price = 1;
            break;
        case 'u':
            if (!posfile_name_ok(optarg, INST_SYMBOL_MAX))
                return cli_usage_error(env, cmd, "--underlying: not a valid symbol");
            str_copy(p.underlying, sizeof p.underlying, optarg);
            break;
        case 'e':
            if (posfile_parse_expiry(optarg, &p.expiry_ms, &what, &off) != 0)
                return cli_usage_error(env, cmd, "--expiry: expected %s, found \"%s\"", what,
                                       optarg);
            break;
        case 's':
            if ((rc = cli_num(env, cmd, "--strike", optarg, &p.strike)) != 0)
                return rc;
            break;
        case 't':
            if (posfile_parse_type(optarg, &p.is_call, &what, &off) != 0)
                return cli_usage_error(env, cmd, "--type: expected %s, found \"%s\"", what,
                                       optarg);
            have_type = 1;
            break;
        case 'm':
            if ((rc = cli_num(env, cmd, "--multiplier", optarg, &p.multiplier)) != 0)
                return rc;
            break;
        case 'v':
            if (posfile_parse_iv(optarg, &p.iv, &what, &off) != 0)
                return cli_usage_error(env, cmd, "--iv: expected %s, found \"%s\"", what,
                                       optarg);
            break;
        case 'f':
            if ((rc = cli_num(env, cmd, "--fee", optarg, &p.fee_usd)) != 0)
                return rc;
            break;
        case 'o':
            if (date_parse_day(optarg, &p.open_day, &what, &off) != 0)
                return cli_usage_error(env, cmd, "--open-date: expected %s, found \"%s\"",
                                       what, optarg);
            break;
        case 'n':
            if (str_copy(p.note, sizeof p.note, optarg))
                return cli_usage_error(env, cmd, "--note is longer than %d bytes",
                                       INST_NOTE_MAX - 1);
            for (const char *q = optarg; *q; q++)
                if ((unsigned char)*q < ' ')
                    return cli_usage_error(env, cmd, "--note holds a control character");
            break;
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error(env, cmd, "position add takes one INSTRUMENT");
    if (!posfile_name_ok(argv[optind], INST_NAME_MAX))
        return cli_usage_error(env, cmd, "instrument \"%s\" is not valid: use 1-63 printable "
                               "characters without blanks, commas or quotes", argv[optind]);
    str_copy(p.instrument, sizeof p.instrument, argv[optind]);
    {
        /* An exchange name fills what the options did not. */
        struct position q;
        position_init(&q);
        if (inst_parse_name(p.instrument, &q, &hint) == 0) {
            named = 1;
            if (p.underlying[0] == '\0')
                str_copy(p.underlying, sizeof p.underlying, q.underlying);
            if (p.expiry_ms == 0)
                p.expiry_ms = q.expiry_ms;
            if (p.strike == 0)
                p.strike = q.strike;
            if (!have_type)
                p.is_call = q.is_call;
        }
    }
    if (!have_kind) {
        if (strchr(p.instrument, '-') == NULL)
            p.kind = INST_SPOT;
        else
            return cli_usage_error(env, cmd, "say which kind %s is with --kind (spot, perp, "
                                   "future, inverse-perp, inverse-future, option, "
                                   "coin-option)", p.instrument);
    }
    if (!have_qty || !have_price)
        return cli_usage_error(env, cmd, "--qty and --price are required");
    if (p.underlying[0] == '\0') {
        const char *dash = strchr(p.instrument, '-');
        size_t n = dash ? (size_t)(dash - p.instrument) : strlen(p.instrument);
        if (n >= sizeof p.underlying)
            n = sizeof p.underlying - 1;
        memcpy(p.underlying, p.instrument, n);
        p.underlying[n] = '\0';
    }
    if (!inst_has_expiry(p.kind))
        p.expiry_ms = named && hint != INST_PERP ? p.expiry_ms : 0;
    if (!inst_is_option(p.kind) && !have_type && named)
        p.strike = 0;
    if (inst_is_option(p.kind) && !have_type && !(named && hint == INST_OPTION))
        return cli_usage_error(env, cmd, "an option needs --type call|put");
    err_clear(&err);
    if (position_validate(&p, &err) != 0)
        return cli_fail(env, &err);
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    if (p.expiry_ms != 0 && p.expiry_ms <= store_now_ms(st)) {
        char when[32];
        date_format_ts(p.expiry_ms, when);
        err_setf(&err, ALLOT_E_INPUT, "expiry %s is in the past", when);
        return fail_close(env, st, &err);
    }
    if ((rc = find_portfolio(env, st, portfolio, &pf)) != 0) {
        store_close(st);
        return rc;
    }
    if (store_begin(st, &err) != 0 ||
        journal_begin(st, "position add", p.instrument, &jid, &err) != 0 ||
        positions_insert(st, jid, pf, &p, &err) != 0 || store_commit(st, &err) != 0)
        return fail_close(env, st, &err);
    fprintf(env->out, "added position %lld: %s %s %.17g\n", (long long)p.id,
            inst_kind_name(p.kind), p.instrument, p.quantity);
    store_close(st);
    return CLI_OK;
}

static int position_rm(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { 0 }
    };
    struct allot_err err;
    const char *portfolio = NULL, *what;
    struct position p;
    store_t *st;
    int64_t pf, jid;
    long id = 0;
    size_t off;
    int c, rc, reset = 1;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "position", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'p')
            portfolio = optarg;
    }
    if (optind + 1 != argc)
        return cli_usage_error(env, "position", "position rm takes one ID or INSTRUMENT");
    if (num_parse_long(argv[optind], 1, 2147483647L, &id, &what, &off) != 0)
        id = 0;
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    if ((rc = find_portfolio(env, st, portfolio, &pf)) != 0) {
        store_close(st);
        return rc;
    }
    err_clear(&err);
    if (positions_get(st, pf, id, argv[optind], &p, &err) != 0)
        return fail_close(env, st, &err);
    if (store_begin(st, &err) != 0 ||
        journal_begin(st, "position rm", p.instrument, &jid, &err) != 0 ||
        positions_delete(st, jid, p.id, &err) != 0 || store_commit(st, &err) != 0)
        return fail_close(env, st, &err);
    fprintf(env->out, "removed position %lld: %s ", (long long)p.id, inst_kind_name(p.kind));
    table_puts_safe(env->out, p.instrument);       /* from the store, which may be edited */
    fputc('\n', env->out);
    store_close(st);
    return CLI_OK;
}

int cmd_position(struct cli_env *env, int argc, char **argv)
{
    const char *verb = argc > 1 ? argv[1] : NULL;
    if (verb == NULL || verb[0] == '-')
        return cli_usage_error(env, "position", "say add, list or rm");
    if (strcmp(verb, "add") == 0)
        return position_add(env, argc, argv);
    if (strcmp(verb, "rm") == 0)
        return position_rm(env, argc, argv);
    if (strcmp(verb, "list") == 0)
        return list_positions(env, "position", argc - 1, argv + 1, 0);
    return cli_usage_error(env, "position", "unknown verb \"%s\": say add, list or rm", verb);
}

/* ---- undo ---- */

int cmd_undo(struct cli_env *env, int argc, char **argv)
{
    struct allot_err err;
    store_t *st;
    int rc, list = 0, csv = 0;

    if ((rc = cli_list_opts(env, "undo", argc, argv, &list, &csv)) != 0)
        return rc;
    if (optind != argc)
        return cli_usage_error(env, "undo", "unexpected argument \"%s\"", argv[optind]);
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (list) {
        static const char *const heads[] = { "id", "time", "action", "changes", "state",
                                             "summary" };
        struct journal_entry *je;
        size_t n;
        if (journal_list(st, 0, &je, &n, &err) != 0)
            return fail_close(env, st, &err);
        struct table *t = table_new(6, heads, "rllrll");
        for (size_t i = 0; i < n; i++) {
            char state[48] = "";
            if (je[i].undone_by)
                snprintf(state, sizeof state, "undone by %lld", (long long)je[i].undone_by);
            else if (je[i].undoes)
                snprintf(state, sizeof state, "undid %lld", (long long)je[i].undoes);
            table_row(t);
            table_int(t, je[i].id);
            table_str(t, je[i].ts);
            table_str(t, je[i].action);
            table_int(t, je[i].n_changes);
            table_str(t, state);
            table_str(t, je[i].summary);
        }
        table_print(t, env->out, csv);
        table_free(t);
        free(je);
        store_close(st);
        return CLI_OK;
    }
    int64_t undone, ujid;
    if (store_begin(st, &err) != 0 || journal_undo(st, 0, &undone, &ujid, &err) != 0 ||
        store_commit(st, &err) != 0)
        return fail_close(env, st, &err);
    fprintf(env->out, "undid journal entry %lld (recorded as entry %lld)\n", (long long)undone,
            (long long)ujid);
    store_close(st);
    return CLI_OK;
}

/* ---- asset ---- */

int cmd_asset(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "class", required_argument, NULL, 'k' },
        { "calendar", required_argument, NULL, 'y' },
        { "csv", no_argument, NULL, 'c' },
        { 0 }
    };
    struct allot_err err;
    const char *klass = NULL;
    long cal = 0;
    store_t *st;
    int c, rc, reset = 1, csv = 0;

    while ((c = cli_getopt(env, "asset", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'k')
            klass = optarg;
        else if (c == 'y') {
            if ((rc = cli_long(env, "asset", "--calendar", optarg, 1, 366, &cal)) != 0)
                return rc;
            if (cal != 365 && cal != 252)
                return cli_usage_error(env, "asset", "--calendar: 365 or 252 days a year");
        } else if (c == 'c')
            csv = 1;
    }
    if (optind >= argc)
        return cli_usage_error(env, "asset", "say list or set");
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (strcmp(argv[optind], "list") == 0 && optind + 1 == argc) {
        static const char *const heads[] = { "symbol", "class", "days_per_year", "rows",
                                             "first", "last", "last_close" };
        struct price_symbol_info *ps;
        size_t n;
        if (prices_symbols(st, &ps, &n, &err) != 0)
            return fail_close(env, st, &err);
        struct table *t = table_new(7, heads, "llrrllr");
        for (size_t i = 0; i < n; i++) {
            struct asset_info a;
            char d1[11], d2[11];
            if (assets_get(st, ps[i].symbol, &a, &err) != 0) {
                free(ps);
                table_free(t);
                return fail_close(env, st, &err);
            }
            date_format_day(ps[i].first, d1);
            date_format_day(ps[i].last, d2);
            table_row(t);
            table_str(t, ps[i].symbol);
            table_str(t, a.klass);
            table_int(t, a.days_per_year);
            table_int(t, ps[i].rows);
            table_str(t, d1);
            table_str(t, d2);
            table_numg(t, ps[i].last_close, -1);
        }
        table_print(t, env->out, csv);
        table_free(t);
        free(ps);
        store_close(st);
        return CLI_OK;
    }
    if (strcmp(argv[optind], "set") == 0 && optind + 2 == argc) {
        if (klass == NULL && cal == 0) {
            store_close(st);
            return cli_usage_error(env, "asset", "asset set needs --class or --calendar");
        }
        if (store_begin(st, &err) != 0 ||
            assets_set(st, argv[optind + 1], klass, (int)cal, &err) != 0 ||
            store_commit(st, &err) != 0)
            return fail_close(env, st, &err);
        store_close(st);
        return CLI_OK;
    }
    store_close(st);
    return cli_usage_error(env, "asset", "say list, or set SYMBOL");
}

/* ---- setting ---- */

/* The settings allot reads, by key pattern: NAME or NAME.SUFFIX. */
static const struct {
    const char *key;
    int per_symbol;         /* takes .SYMBOL or .KIND */
    const char *help;
} known_settings[] = {
    { "rate", 0, "risk-free rate for options, annual decimal (default 0)" },
    { "carry", 1, "carry or dividend yield of an asset, annual decimal (default 0)" },
    { "funding", 1, "perp funding rate of an asset per day, a fraction (default 0)" },
    { "fee", 1, "fee of a trade of a kind, fraction of notional" },
    { "lot", 1, "contract step of a kind" },
    { "min", 1, "minimum order of a kind" },
    { "asof", 0, "the store's valuation time, ISO 8601 (default: the clock)" },
};
#define NKNOWN (sizeof known_settings / sizeof known_settings[0])

static int setting_check(struct cli_env *env, const char *key, const char *value)
{
    const char *dot = strchr(key, '.'), *what;
    size_t len = dot ? (size_t)(dot - key) : strlen(key), off;
    for (size_t i = 0; i < NKNOWN; i++) {
        if (strlen(known_settings[i].key) != len || strncmp(key, known_settings[i].key, len))
            continue;
        if (known_settings[i].per_symbol != (dot != NULL) ||
            (dot != NULL && !posfile_name_ok(dot + 1, INST_SYMBOL_MAX)))
            return cli_usage_error(env, "setting", "%s %s", key, known_settings[i].per_symbol
                                   ? "needs a .SYMBOL or .KIND suffix"
                                   : "takes no suffix");
        if (value == NULL)
            return CLI_OK;
        if (strcmp(known_settings[i].key, "asof") == 0) {
            int64_t ms;
            if (date_parse_ts(value, &ms, &what, &off) != 0)
                return cli_usage_error(env, "setting", "asof: expected %s, found \"%s\"", what,
                                       value);
            return CLI_OK;
        }
        double v;
        if (num_parse(value, &v, &what, &off) != 0)
            return cli_usage_error(env, "setting", "%s: expected %s, found \"%s\"", key, what,
                                   value);
        if ((strcmp(known_settings[i].key, "fee") == 0 || strcmp(known_settings[i].key, "lot") == 0
             || strcmp(known_settings[i].key, "min") == 0) && !(v >= 0))
            return cli_usage_error(env, "setting", "%s must be 0 or more", key);
        return CLI_OK;
    }
    return cli_usage_error(env, "setting", "unknown setting \"%s\": allot setting list shows "
                           "them", key);
}

int cmd_setting(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = { { "csv", no_argument, NULL, 'c' }, { 0 } };
    struct allot_err err;
    store_t *st;
    int c, rc, reset = 1, csv = 0;

    while ((c = cli_getopt(env, "setting", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'c')
            csv = 1;
    }
    const char *verb = optind < argc ? argv[optind] : "list";
    int nargs = argc - optind - 1;
    if (strcmp(verb, "set") == 0 ? nargs != 2 : strcmp(verb, "unset") == 0 ? nargs != 1
        : strcmp(verb, "list") == 0 ? nargs > 0 : 1)
        return cli_usage_error(env, "setting", "say list, set KEY VALUE or unset KEY");
    if (strcmp(verb, "list") != 0 &&
        (rc = setting_check(env, argv[optind + 1], nargs == 2 ? argv[optind + 2] : NULL)) != 0)
        return rc;
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (strcmp(verb, "list") == 0) {
        static const char *const heads[] = { "setting", "value", "meaning" };
        struct table *t = table_new(3, heads, "lrl");
        for (size_t i = 0; i < NKNOWN; i++) {
            char val[128];
            if (known_settings[i].per_symbol) {
                table_row(t);
                char k[48];
                snprintf(k, sizeof k, "%s.*", known_settings[i].key);
                table_str(t, k);
                table_str(t, "");
                table_str(t, known_settings[i].help);
                continue;
            }
            table_row(t);
            table_str(t, known_settings[i].key);
            table_str(t, store_setting_get(st, known_settings[i].key, val, sizeof val, &err) == 0
                             ? val : "");
            table_str(t, known_settings[i].help);
        }
        struct setting_kv *kv;
        size_t n;
        if (store_setting_list(st, &kv, &n, &err) == 0) {
            for (size_t i = 0; i < n; i++) {
                if (strchr(kv[i].key, '.') == NULL)
                    continue;
                table_row(t);
                table_str(t, kv[i].key);
                table_str(t, kv[i].value);
                table_str(t, "");
            }
            free(kv);
        }
        table_print(t, env->out, csv);
        table_free(t);
        store_close(st);
        return CLI_OK;
    }
    if (store_setting_set(st, argv[optind + 1], nargs == 2 ? argv[optind + 2] : NULL, &err)) {
        rc = cli_fail(env, &err);
        store_close(st);
        return rc;
    }
    store_close(st);
    return CLI_OK;
}
