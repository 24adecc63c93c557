/* cmd_export.c: `allot export prices|positions|journal`: stored data as a
 * table or CSV on stdout, or atomically into a file with -o. */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/table.h"
#include "io/csvout.h"
#include "io/posfile.h"
#include "store/positions.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/num.h"
#include "util/xalloc.h"

struct export_opts {
    int csv;
    const char *out_path;
    const char *portfolio;
    char *symbols;          /* comma-separated, owned */
    int32_t from, to;
};

static int export_prices(store_t *st, const struct export_opts *o, FILE *out,
                         struct allot_err *err)
{
    struct series_set set;
    const char **syms = NULL;
    size_t n = 0;
    int rc;

    series_set_init(&set);
    if (o->symbols != NULL) {
        for (char *tok = strtok(o->symbols, ","); tok; tok = strtok(NULL, ",")) {
            syms = xreallocarray(syms, n + 1, sizeof *syms);
            syms[n++] = tok;
        }
    }
    rc = prices_load(st, syms, n, o->from, o->to, &set, err);
    free(syms);
    if (rc != 0) {
        series_set_done(&set);
        return rc;
    }
    series_set_sort(&set);
    /* long format, by date then symbol, as allot import prices reads it */
    size_t *at = xcalloc(set.n ? set.n : 1, sizeof *at);
    if (o->csv)
        fputs("date,symbol,close\n", out);
    else
        fputs("date        symbol      close\n", out);
    for (;;) {
        int32_t day = INT32_MAX;
        for (size_t k = 0; k < set.n; k++)
            if (at[k] < set.s[k].n && set.s[k].day[at[k]] < day)
                day = set.s[k].day[at[k]];
        if (day == INT32_MAX)
            break;
        for (size_t k = 0; k < set.n; k++) {
            if (at[k] < set.s[k].n && set.s[k].day[at[k]] == day) {
                char d[11], v[32];
                date_format_day(day, d);
                num_format_exact(set.s[k].close[at[k]], v);
                if (o->csv) {
                    const char *row[3] = { d, set.s[k].symbol, v };
                    csvout_row(out, row, 3);
                } else {
                    /* a symbol from the store, which may be edited: no control bytes */
                    fprintf(out, "%s  ", d);
                    table_puts_safe(out, set.s[k].symbol);
                    fprintf(out, "%*s  %s\n", (int)(strlen(set.s[k].symbol) < 10
                                                     ? 10 - strlen(set.s[k].symbol) : 0), "", v);
                }
                at[k]++;
            }
        }
    }
    free(at);
    series_set_done(&set);
    return ALLOT_OK;
}

static int export_positions(store_t *st, const struct export_opts *o, FILE *out,
                            struct allot_err *err)
{
    struct portfolio_info *pi;
    size_t npf;

    if (portfolio_list(st, &pi, &npf, err) != 0)
        return err->code;
    if (o->portfolio != NULL) {
        size_t i;
        for (i = 0; i < npf && strcmp(pi[i].name, o->portfolio) != 0; i++)
            ;
        if (i == npf) {
            free(pi);
            return err_setf(err, ALLOT_E_NOTFOUND, "no portfolio named %s", o->portfolio);
        }
    }
    /* The same columns as allot import positions reads: the CSV round-trips. */
    struct table *t = table_new(POSFILE_NCOLS, posfile_columns, "llllrrrllrlrrl");
    for (size_t i = 0; i < npf; i++) {
        struct position *pos;
        size_t n;
        if (o->portfolio != NULL && strcmp(pi[i].name, o->portfolio) != 0)
            continue;
        if (positions_list(st, pi[i].id, &pos, &n, err) != 0) {
            table_free(t);
            free(pi);
            return err->code;
        }
        for (size_t k = 0; k < n; k++) {
            struct posfile_row r;
            posfile_row_fields(pi[i].name, &pos[k], &r);
            table_row(t);
            for (size_t c = 0; c < POSFILE_NCOLS; c++)
                table_str(t, r.f[c]);
        }
        free(pos);
    }
    free(pi);
    table_print(t, out, o->csv);
    table_free(t);
    return ALLOT_OK;
}

static int export_journal(store_t *st, const struct export_opts *o, FILE *out,
                          struct allot_err *err)
{
    static const char *const heads[] = { "id", "time", "action", "changes", "undoes",
                                         "undone_by", "summary" };
    struct journal_entry *je;
    size_t n;
    if (journal_list(st, 0, &je, &n, err) != 0)
        return err->code;
    struct table *t = table_new(7, heads, "rllrrrl");
    for (size_t i = n; i-- > 0;) {
        table_row(t);
        table_int(t, je[i].id);
        table_str(t, je[i].ts);
        table_str(t, je[i].action);
        table_int(t, je[i].n_changes);
        if (je[i].undoes)
            table_int(t, je[i].undoes);
        else
            table_str(t, "");
        if (je[i].undone_by)
            table_int(t, je[i].undone_by);
        else
            table_str(t, "");
        table_str(t, je[i].summary);
    }
    table_print(t, out, o->csv);
    table_free(t);
    free(je);
    return ALLOT_OK;
}

int cmd_export(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "csv", no_argument, NULL, 'c' },
        { "output", required_argument, NULL, 'o' },
        { "portfolio", required_argument, NULL, 'p' },
        { "symbols", required_argument, NULL, 's' },
        { "from", required_argument, NULL, 'F' },
        { "to", required_argument, NULL, 'T' },
        { 0 }
    };
    struct export_opts o = { 0, NULL, NULL, NULL, DATE_NONE, DATE_NONE };
    struct allot_err err;
    struct atomic_file af;
    const char *what, *w;
    size_t off;
    store_t *st;
    FILE *out;
    int c, rc, reset = 1;

    if (argc < 2 || argv[1][0] == '-')
        return cli_usage_error(env, "export", "say what to export: prices, positions or "
                               "journal");
    what = argv[1];
    argc--;
    argv++;
    while ((c = cli_getopt(env, "export", argc, argv, "o:p:", opts, reset)) != -1) {
        reset = 0;
        switch (c) {
        case -2:
            free(o.symbols);
            return CLI_USAGE;
        case 'c':
            o.csv = 1;
            break;
        case 'o':
            o.out_path = optarg;
            break;
        case 'p':
            o.portfolio = optarg;
            break;
        case 's':
            free(o.symbols);
            o.symbols = xstrdup(optarg);
            break;
        case 'F':
        case 'T':
            if (date_parse_day(optarg, c == 'F' ? &o.from : &o.to, &w, &off) != 0) {
                free(o.symbols);
                return cli_usage_error(env, "export", "--%s: expected %s, found \"%s\"",
                                       c == 'F' ? "from" : "to", w, optarg);
            }
            break;
        }
    }
    if (optind != argc) {
        free(o.symbols);
        return cli_usage_error(env, "export", "unexpected argument \"%s\"", argv[optind]);
    }
    if (strcmp(what, "prices") != 0 && strcmp(what, "positions") != 0 &&
        strcmp(what, "journal") != 0) {
        free(o.symbols);
        return cli_usage_error(env, "export", "cannot export \"%s\": say prices, positions "
                               "or journal", what);
    }
    if ((rc = cli_open_store(env, 0, &st)) != 0) {
        free(o.symbols);
        return rc;
    }
    err_clear(&err);
    out = env->out;
    if (o.out_path != NULL) {
        if (atomic_open(&af, o.out_path, 0, &err) != 0) {
            free(o.symbols);
            store_close(st);
            return cli_fail(env, &err);
        }
        out = af.fp;
    }
    if (strcmp(what, "prices") == 0)
        rc = export_prices(st, &o, out, &err);
    else if (strcmp(what, "positions") == 0)
        rc = export_positions(st, &o, out, &err);
    else
        rc = export_journal(st, &o, out, &err);
    if (o.out_path != NULL) {
        if (rc == 0)
            rc = atomic_commit(&af, &err);
        else
            atomic_abort(&af);
    }
    free(o.symbols);
    store_close(st);
    return rc == 0 ? CLI_OK : cli_fail(env, &err);
}
