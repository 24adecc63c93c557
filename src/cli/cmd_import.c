/* cmd_import.c: `allot import prices|positions|chain`: files into the
 * store in one transaction each call, with a summary and warnings, and
 * progress (bytes read, rows stored) to env->progress, which may cancel. */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmds.h"
#include "cli/import.h"
#include "cli/table.h"
#include "engine/pricing/iv.h"
#include "io/chainfile.h"
#include "io/pricefile.h"
#include "io/posfile.h"
#include "store/chain.h"
#include "store/positions.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Warning thresholds of the import summary. */
#define IMPORT_GAP_DAYS 7           /* calendar days between two closes */
#define IMPORT_JUMP_FRACTION 0.5    /* |close / previous - 1| */
#define IMPORT_WARN_PER_SYMBOL 3    /* warnings shown per symbol and kind */

/* One price row from a file, kept until every file has been read. */
struct row {
    int32_t day;
    uint32_t line;
    double close;
    uint32_t seq;           /* order of reading, for a stable sort */
    uint16_t col, file;
};

struct sym_rows {
    struct row *r;
    size_t n, cap;
};

struct price_ctx {
    struct series_set names;    /* symbols only (no closes), for the index map */
    struct sym_rows *rows;      /* parallel to names.s */
    size_t rows_cap;
    uint16_t file;
    uint32_t seq;
    /* open-addressing map symbol -> index in names */
    long *slots;
    size_t nslots;
};

static size_t hash_str(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static size_t sym_index(struct price_ctx *c, const char *sym)
{
    if (c->names.n * 2 >= c->nslots) {
        size_t n = c->nslots ? c->nslots * 2 : 256;
        free(c->slots);
        c->slots = xreallocarray(NULL, n, sizeof *c->slots);
        for (size_t i = 0; i < n; i++)
            c->slots[i] = -1;
        c->nslots = n;
        for (size_t k = 0; k < c->names.n; k++) {
            size_t h = hash_str(c->names.s[k].symbol) & (n - 1);
            while (c->slots[h] >= 0)
                h = (h + 1) & (n - 1);
            c->slots[h] = (long)k;
        }
    }
    size_t h = hash_str(sym) & (c->nslots - 1);
    while (c->slots[h] >= 0) {
        if (strcmp(c->names.s[c->slots[h]].symbol, sym) == 0)
            return (size_t)c->slots[h];
        h = (h + 1) & (c->nslots - 1);
    }
    series_set_get(&c->names, sym);
    c->slots[h] = (long)(c->names.n - 1);
    if (c->names.n > c->rows_cap) {
        size_t old = c->rows_cap;
        c->rows_cap = c->names.cap;
        c->rows = xreallocarray(c->rows, c->rows_cap, sizeof *c->rows);
        memset(c->rows + old, 0, (c->rows_cap - old) * sizeof *c->rows);
    }
    return c->names.n - 1;
}

static int on_price(void *vctx, const struct price_row *row, struct allot_err *err)
{
    struct price_ctx *c = vctx;
    size_t k = sym_index(c, row->symbol);   /* may move c->rows: index first */
    struct sym_rows *sr = &c->rows[k];
    struct row *r;
    (void)err;

    if (sr->n == sr->cap) {
        sr->cap = sr->cap ? 2 * sr->cap : 1024;
        sr->r = xreallocarray(sr->r, sr->cap, sizeof *sr->r);
    }
    r = &sr->r[sr->n++];
    r->day = row->day;
    r->close = row->close;
    r->line = (uint32_t)row->rec->line;
    r->col = (uint16_t)(row->rec->col[row->field] > 65535 ? 0 : row->rec->col[row->field]);
    r->file = c->file;
    r->seq = c->seq++;
    return 0;
}

static int cmp_row(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static void locate(struct allot_err *err, const char *const *files, const struct row *r)
{
    err_at(err, files[r->file], (long)r->line, (long)r->col);
}

static int weekday_sat_or_sun(int32_t day)
{
    int wd = (int)(((long)day % 7 + 7 + 4) % 7);   /* 1970-01-01 was a Thursday: 0 = Sunday */
    return wd == 0 || wd == 6;
}

/* Warnings for one symbol's rows from the files: today, gaps, jumps. */
static void warn_series(struct cli_env *env, const struct series *s, int32_t today,
                        long *nwarn)
{
    int gaps = 0, jumps = 0;
    char d1[11], d2[11];

    if (s->n > 0 && s->day[s->n - 1] >= today) {
        date_format_day(s->day[s->n - 1], d1);
        cli_warn(env, "%s: the last row is dated %s, today or later (UTC): its close may be "
                 "partial", s->symbol, d1);
        (*nwarn)++;
    }
    for (size_t i = 1; i < s->n; i++) {
        int32_t gap = s->day[i] - s->day[i - 1];
        double jump = s->close[i] / s->close[i - 1] - 1.0;
        if (gap > IMPORT_GAP_DAYS) {
            if (gaps < IMPORT_WARN_PER_SYMBOL) {
                date_format_day(s->day[i - 1], d1);
                date_format_day(s->day[i], d2);
                cli_warn(env, "%s: %d-day gap from %s to %s", s->symbol, (int)gap, d1, d2);
            }
            gaps++;
        }
        if (fabs(jump) > IMPORT_JUMP_FRACTION) {
            if (jumps < IMPORT_WARN_PER_SYMBOL) {
                date_format_day(s->day[i], d1);
                cli_warn(env, "%s: close moved %+.1f%% on %s (from %.10g to %.10g)",
                         s->symbol, 100.0 * jump, d1, s->close[i - 1], s->close[i]);
            }
            jumps++;
        }
    }
    if (gaps > IMPORT_WARN_PER_SYMBOL)
        cli_warn(env, "%s: %d more gaps over %d days", s->symbol,
                 gaps - IMPORT_WARN_PER_SYMBOL, IMPORT_GAP_DAYS);
    if (jumps > IMPORT_WARN_PER_SYMBOL)
        cli_warn(env, "%s: %d more moves over %.0f%%", s->symbol,
                 jumps - IMPORT_WARN_PER_SYMBOL, 100 * IMPORT_JUMP_FRACTION);
    *nwarn += gaps + jumps;
}

/* ---- progress ---- */

/* The reading step of an import over one or more files: the bytes of the
 * files before the one being read, plus its own, of all of them. */
struct read_progress {
    const struct import_progress *pg;
    char what[ALLOT_ERR_FILE_MAX + 16];
    size_t before;          /* bytes read of the earlier files */
    size_t after;           /* sizes of the later files (0 if unknown) */
    size_t last;            /* bytes of the current file at its last report */
    int unknown;            /* some file's size is unknown */
};

static int on_read_progress(void *vctx, size_t done, size_t total)
{
    struct read_progress *rp = vctx;
    size_t all = rp->unknown || total == 0 ? 0 : rp->before + total + rp->after;
    rp->last = done;
    return rp->pg->fn(rp->pg->ctx, rp->what, rp->before + done, all);
}

static size_t file_size(const char *path, int *unknown)
{
    struct stat sb;
    if (strcmp(path, "-") == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *unknown = 1;
        return 0;
    }
    return (size_t)sb.st_size;
}

/* Start reading files[i] (of n): the csvin hook for it, or NULL when
 * nobody listens. */
static const struct csvin_progress *read_progress_next(struct read_progress *rp,
                                                       struct csvin_progress *hook,
                                                       const char *const *files, size_t n,
                                                       size_t i)
{
    if (rp->pg == NULL || rp->pg->fn == NULL)
        return NULL;
    rp->before += rp->last;
    rp->last = 0;
    rp->after = 0;
    for (size_t k = i + 1; k < n; k++)
        rp->after += file_size(files[k], &rp->unknown);
    if (i == 0)
        file_size(files[0], &rp->unknown);
    snprintf(rp->what, sizeof rp->what, "reading %s", files[i]);
    hook->fn = on_read_progress;
    hook->ctx = rp;
    return hook;
}

/* rc, with err's message made the one-line IMPORT_CANCELLED when rc
 * is a cancellation. */
static int cancelled(int rc, struct allot_err *err)
{
    if (rc != ALLOT_E_CANCEL)
        return rc;
    err_clear(err);
    return err_setf(err, ALLOT_E_CANCEL, IMPORT_CANCELLED);
}

/* env's progress callback as an import's, or NULL. */
static const struct import_progress *env_progress(const struct cli_env *env,
                                                  struct import_progress *pg)
{
    if (env->progress == NULL)
        return NULL;
    pg->fn = env->progress;
    pg->ctx = env->progress_ctx;
    return pg;
}

/* ---- prices ---- */

int import_prices(store_t *st, const char *const *files, size_t nfiles, enum price_format fmt,
                  const char *symbol, int replace, const struct import_progress *pg,
                  struct import_prices_result *res, struct allot_err *err)
{
    struct price_ctx c;
    struct read_progress rp;
    struct csvin_progress hook;
    char what[64];
    size_t nrows = 0, stored = 0, next_report = IMPORT_PROGRESS_ROWS;
    int rc = 0;

    memset(&c, 0, sizeof c);
    memset(&rp, 0, sizeof rp);
    rp.pg = pg;
    memset(res, 0, sizeof *res);
    series_set_init(&c.names);
    series_set_init(&res->seen);
    if (nfiles > UINT16_MAX)
        return err_setf(err, ALLOT_E_USAGE, "at most %d files at once", UINT16_MAX);
    /* 1. read and check every file, keeping the rows in memory */
    for (size_t i = 0; i < nfiles && rc == 0; i++) {
        struct price_read_stats stats;
        c.file = (uint16_t)i;
        rc = pricefile_read(files[i], fmt, symbol, on_price, &c, &stats,
                            read_progress_next(&rp, &hook, files, nfiles, i), err);
        res->records += stats.records;
        res->missing += stats.missing;
        res->last_format = stats.format;
    }
    /* 2. per symbol: sort by day (stable), refuse repeated days with another
     * close, keep one of repeated days with the same close */
    res->nsym = c.names.n;
    res->sym = xcalloc(c.names.n ? c.names.n : 1, sizeof *res->sym);
    for (size_t k = 0; k < c.names.n && rc == 0; k++) {
        struct sym_rows *sr = &c.rows[k];
        struct series *out = series_set_get(&res->seen, c.names.s[k].symbol);
        size_t w = 0;
        str_copy(res->sym[k].symbol, sizeof res->sym[k].symbol, c.names.s[k].symbol);
        int sorted = 1;
        for (size_t i = 1; i < sr->n && sorted; i++)
            sorted = sr->r[i].day > sr->r[i - 1].day;
        if (!sorted)
            qsort(sr->r, sr->n, sizeof *sr->r, cmp_row);
        for (size_t i = 0; i < sr->n; i++) {
            if (w > 0 && sr->r[i].day == sr->r[w - 1].day) {
                if (sr->r[i].close == sr->r[w - 1].close) {
                    res->sym[k].same++;
                    continue;
                }
                char d[11];
                date_format_day(sr->r[i].day, d);
                const struct row *a = &sr->r[w - 1], *b = &sr->r[i];
                const struct row *later = a->seq > b->seq ? a : b, *first = later == a ? b : a;
                err_setf(err, ALLOT_E_INPUT, "%s on %s appears again with another close (%.15g "
                         "on %s line %lu, %.15g here)", c.names.s[k].symbol, d, first->close,
                         files[first->file], (unsigned long)first->line, later->close);
                locate(err, files, later);
                rc = ALLOT_E_INPUT;
                break;
            }
            sr->r[w++] = sr->r[i];
        }
        sr->n = w;
        nrows += w;
        for (size_t i = 0; i < w; i++)
            series_push(out, sr->r[i].day, sr->r[i].close);
    }
    snprintf(what, sizeof what, "storing %zu price%s", nrows, nrows == 1 ? "" : "s");
    /* 3. write symbol by symbol in day order: appends, not random seeks */
    if (rc == 0)
        rc = store_begin(st, err);
    for (size_t k = 0; k < c.names.n && rc == 0; k++) {
        const struct sym_rows *sr = &c.rows[k];
        const char *sym = c.names.s[k].symbol;
        int wk = 0;
        for (size_t i0 = 0; i0 < sr->n && rc == 0; i0 += PRICES_BATCH) {
            size_t nb = sr->n - i0 < PRICES_BATCH ? sr->n - i0 : PRICES_BATCH;
            int32_t days[PRICES_BATCH];
            double closes[PRICES_BATCH];
            unsigned char fresh[PRICES_BATCH];
            for (size_t i = 0; i < nb; i++) {
                days[i] = sr->r[i0 + i].day;
                closes[i] = sr->r[i0 + i].close;
                wk = wk || weekday_sat_or_sun(days[i]);
            }
            int ins = prices_put_batch(st, sym, days, closes, nb, fresh, err);
            if (ins < 0) {
                rc = ins;
                break;
            }
            res->sym[k].new_rows += ins;
            stored += nb;
            if (pg != NULL && pg->fn != NULL && stored >= next_report) {
                next_report = stored + IMPORT_PROGRESS_ROWS;
                if (pg->fn(pg->ctx, what, stored, nrows) != 0) {
                    rc = ALLOT_E_CANCEL;
                    break;
                }
            }
            if ((size_t)ins == nb)
                continue;
            /* rows already stored: the same close, another one, or replace */
            for (size_t i = 0; i < nb; i++) {
                double existing;
                if (fresh[i])
                    continue;
                int r = prices_put(st, sym, days[i], closes[i], replace, &existing, err);
                if (r < 0) {
                    if (err->line == 0)
                        locate(err, files, &sr->r[i0 + i]);
                    rc = r;
                    break;
                }
                if (r == PRICE_SAME)
                    res->sym[k].same++;
                else if (r == PRICE_REPLACED)
                    res->sym[k].replaced++;
                else
                    res->sym[k].new_rows++;
            }
        }
        if (rc == 0)
            rc = assets_note(st, sym, wk, err);
    }
    if (rc == 0 && pg != NULL && pg->fn != NULL && pg->fn(pg->ctx, what, nrows, nrows) != 0)
        rc = ALLOT_E_CANCEL;
    if (rc == 0)
        rc = store_commit(st, err);
    if (rc != 0)
        store_rollback(st);
    rc = cancelled(rc, err);
    for (size_t k = 0; k < c.names.n; k++)
        free(c.rows[k].r);
    free(c.rows);
    free(c.slots);
    series_set_done(&c.names);
    if (rc != 0) {
        import_prices_done(res);
        return rc;
    }
    return ALLOT_OK;
}

static int cmp_import_symbol(const void *a, const void *b)
{
    return strcmp(((const struct import_symbol *)a)->symbol,
                  ((const struct import_symbol *)b)->symbol);
}

void import_prices_done(struct import_prices_result *res)
{
    free(res->sym);
    series_set_done(&res->seen);
    memset(res, 0, sizeof *res);
}

static int import_prices_cmd(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "symbol", required_argument, NULL, 's' },
        { "format", required_argument, NULL, 'f' },
        { "replace", no_argument, NULL, 'r' },
        { 0 }
    };
    static const char *const heads[] = { "symbol", "rows", "new", "unchanged", "replaced",
                                         "first", "last" };
    enum price_format fmt = PRICE_FMT_AUTO;
    const char *symbol = NULL;
    struct import_prices_result res;
    struct import_progress pg;
    struct allot_err err;
    store_t *st;
    int c, rc, reset = 1, replace = 0;
    long nwarn = 0;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "import", argc, argv, "", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 's') {
            if (!pricefile_symbol_ok(optarg))
                return cli_usage_error(env, "import", "--symbol: \"%s\" is not a valid symbol",
                                       optarg);
            symbol = optarg;
        } else if (c == 'f') {
            if (price_format_parse(optarg, &fmt) != 0)
                return cli_usage_error(env, "import", "--format: expected auto, long, wide, "
                                       "yahoo or fred, found \"%s\"", optarg);
        } else if (c == 'r') {
            replace = 1;
        }
    }
    if (optind >= argc)
        return cli_usage_error(env, "import", "import prices needs at least one FILE");
    if (symbol != NULL && argc - optind > 1)
        return cli_usage_error(env, "import", "--symbol names one series: give one FILE");
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (import_prices(st, (const char *const *)argv + optind, (size_t)(argc - optind), fmt,
                      symbol, replace, env_progress(env, &pg), &res, &err) != 0) {
        rc = cli_fail(env, &err);
        store_close(st);
        return rc;
    }
    /* res.sym and res.seen are parallel; sort both by symbol */
    if (res.nsym > 1)   /* qsort(NULL, 0, ...) is undefined */
        qsort(res.sym, res.nsym, sizeof *res.sym, cmp_import_symbol);
    series_set_sort(&res.seen);
    struct table *t = table_new(7, heads, "lrrrrll");
    long total_new = 0, total = 0;
    for (size_t k = 0; k < res.nsym; k++) {
        const struct series *s = &res.seen.s[k];
        char d1[11] = "", d2[11] = "";
        if (s->n > 0) {
            date_format_day(s->day[0], d1);
            date_format_day(s->day[s->n - 1], d2);
        }
        table_row(t);
        table_str(t, res.sym[k].symbol);
        table_int(t, (long long)s->n);
        table_int(t, res.sym[k].new_rows);
        table_int(t, res.sym[k].same);
        table_int(t, res.sym[k].replaced);
        table_str(t, d1);
        table_str(t, d2);
        total_new += res.sym[k].new_rows;
        total += (long)s->n;
    }
    table_print(t, env->out, 0);
    table_free(t);
    fprintf(env->out, "%ld price%s from %d file%s (%s format), %ld new; %ld missing value%s "
            "skipped (empty, null or .)\n", total, total == 1 ? "" : "s", argc - optind,
            argc - optind == 1 ? "" : "s", price_format_name(res.last_format), total_new,
            res.missing, res.missing == 1 ? "" : "s");
    int32_t today = date_today();
    for (size_t k = 0; k < res.seen.n; k++)
        warn_series(env, &res.seen.s[k], today, &nwarn);
    import_prices_done(&res);
    store_close(st);
    return CLI_OK;
}

/* ---- positions ---- */

struct pos_ctx {
    store_t *st;
    int64_t jid;
    int replace;
    long added, replaced;
    char last_pf[72];
    int64_t last_pf_id;
    long portfolios_created;
};

static int on_position(void *vctx, const char *portfolio, struct position *p,
                       const struct csv_rec *rec, struct allot_err *err)
{
    struct pos_ctx *c = vctx;
    struct position old;
    struct allot_err e2;
    (void)rec;

    if (strcmp(portfolio, c->last_pf) != 0 || c->last_pf_id == 0) {
        err_clear(&e2);
        if (portfolio_find(c->st, portfolio, &c->last_pf_id, &e2) != 0) {
            if (e2.code != ALLOT_E_NOTFOUND) {
                *err = e2;
                return err->code;
            }
            if (portfolio_create(c->st, c->jid, portfolio, &c->last_pf_id, err) != 0)
                return err->code;
            c->portfolios_created++;
        }
        str_copy(c->last_pf, sizeof c->last_pf, portfolio);
    }
    err_clear(&e2);
    if (positions_get(c->st, c->last_pf_id, 0, p->instrument, &old, &e2) == 0) {
        if (!c->replace)
            return err_setf(err, ALLOT_E_INPUT, "portfolio %s already holds a position in %s "
                            "(use --replace to overwrite it)", portfolio, p->instrument);
        p->id = old.id;
        if (positions_update(c->st, c->jid, c->last_pf_id, p, err) != 0)
            return err->code;
        c->replaced++;
        return 0;
    }
    if (e2.code != ALLOT_E_NOTFOUND) {
        *err = e2;
        return err->code;
    }
    if (positions_insert(c->st, c->jid, c->last_pf_id, p, err) != 0)
        return err->code;
    c->added++;
    return 0;
}

int import_positions(store_t *st, const char *file, const char *portfolio, int replace,
                     const struct import_progress *pg, long *added, long *replaced,
                     struct allot_err *err)
{
    struct pos_ctx c;
    struct read_progress rp;
    struct csvin_progress hook;
    char summary[160];

    memset(&c, 0, sizeof c);
    memset(&rp, 0, sizeof rp);
    rp.pg = pg;
    c.st = st;
    c.replace = replace;
    if (store_begin(st, err) != 0)
        return err->code;
    snprintf(summary, sizeof summary, "%.150s", file);
    if (journal_begin(st, "import positions", summary, &c.jid, err) != 0 ||
        posfile_read(file, portfolio ? portfolio : PORTFOLIO_DEFAULT, store_now_ms(st),
                     on_position, &c, read_progress_next(&rp, &hook, &file, 1, 0), err) != 0) {
        store_rollback(st);
        return cancelled(err->code, err);
    }
    snprintf(summary, sizeof summary, "%.100s: %ld added, %ld replaced", file, c.added,
             c.replaced);
    if (journal_set_summary(st, c.jid, summary, err) != 0 || store_commit(st, err) != 0) {
        store_rollback(st);
        return err->code;
    }
    *added = c.added;
    *replaced = c.replaced;
    return ALLOT_OK;
}

static int import_positions_cmd(struct cli_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "portfolio", required_argument, NULL, 'p' },
        { "replace", no_argument, NULL, 'r' },
        { 0 }
    };
    const char *portfolio = NULL;
    struct allot_err err;
    store_t *st;
    struct import_progress pg;
    long added, replaced;
    int c, rc, reset = 1, replace = 0;

    argc--;
    argv++;
    while ((c = cli_getopt(env, "import", argc, argv, "p:", opts, reset)) != -1) {
        reset = 0;
        if (c == -2)
            return CLI_USAGE;
        if (c == 'p')
            portfolio = optarg;
        else if (c == 'r')
            replace = 1;
    }
    if (optind + 1 != argc)
        return cli_usage_error(env, "import", "import positions takes one FILE");
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (import_positions(st, argv[optind], portfolio, replace, env_progress(env, &pg), &added,
                         &replaced, &err) != 0) {
        rc = cli_fail(env, &err);
        store_close(st);
        return rc;
    }
    fprintf(env->out, "%ld position%s added, %ld replaced (undo with: allot undo)\n", added,
            added == 1 ? "" : "s", replaced);
    store_close(st);
    return CLI_OK;
}

/* ---- option chain ---- */

#define MS_PER_YEAR (365.0 * 86400.0 * 1000.0)

struct chain_ctx {
    store_t *st;
    char (*cleared)[INST_SYMBOL_MAX];   /* underlyings whose old chain is gone */
    size_t ncleared;
    long rows, solved, unsolved, expired;
    int64_t last_snapshot;
    struct quote index;                 /* the latest index price seen */
};

/* Solve a missing mark IV from the mark: Black-76 on the row's forward
 * with r = 0 (the Deribit convention), the coin mark times the forward
 * being the USD price. */
static void solve_iv(struct chain_ctx *c, struct chain_quote *q)
{
    struct iv_result r;
    struct allot_err e2;
    double t;

    if (!isnan(q->mark_iv) || isnan(q->mark_price) || q->snapshot_ms == 0)
        return;
    t = (double)(q->expiry_ms - q->snapshot_ms) / MS_PER_YEAR;
    if (t <= 0) {
        c->expired++;
        return;
    }
    struct black76_in b = { q->underlying_price, q->strike, t, 0, 0, q->is_call };
    double price = q->coin_settled ? q->mark_price * q->underlying_price : q->mark_price;
    err_clear(&e2);
    if (iv_black76(&b, price, &r, &e2) == 0) {
        q->mark_iv = r.vol_ann;
        q->iv_implied = 1;
        c->solved++;
    } else {
        c->unsolved++;
    }
}

static int on_chain(void *vctx, struct chain_quote *q, const struct csv_rec *rec,
                    struct allot_err *err)
{
    struct chain_ctx *c = vctx;
    size_t k;
    (void)rec;

    for (k = 0; k < c->ncleared && strcmp(c->cleared[k], q->underlying) != 0; k++)
        ;
    if (k == c->ncleared) {
        if (chain_clear(c->st, q->underlying, err) != 0)
            return err->code;
        c->cleared = xreallocarray(c->cleared, c->ncleared + 1, sizeof *c->cleared);
        str_copy(c->cleared[c->ncleared++], INST_SYMBOL_MAX, q->underlying);
    }
    solve_iv(c, q);
    if (chain_put(c->st, q, err) != 0)
        return err->code;
    if (!isnan(q->index_price) && q->snapshot_ms >= c->index.ts_ms) {
        str_copy(c->index.symbol, sizeof c->index.symbol, q->underlying);
        c->index.price = q->index_price;
        c->index.iv = NAN;
        c->index.ts_ms = q->snapshot_ms;
        str_copy(c->index.source, sizeof c->index.source, "chain");
    }
    if (q->snapshot_ms > c->last_snapshot)
        c->last_snapshot = q->snapshot_ms;
    c->rows++;
    return 0;
}

int import_chain(store_t *st, const char *file, const struct import_progress *pg,
                 struct import_chain_result *res, struct allot_err *err)
{
    struct chain_ctx c;
    struct read_progress rp;
    struct csvin_progress hook;
    long rows;

    memset(&c, 0, sizeof c);
    memset(&rp, 0, sizeof rp);
    rp.pg = pg;
    memset(res, 0, sizeof *res);
    c.st = st;
    if (store_begin(st, err) != 0 ||
        chainfile_read(file, on_chain, &c, &rows, read_progress_next(&rp, &hook, &file, 1, 0),
                       err) != 0 ||
        (c.index.ts_ms != 0 && quotes_put(st, &c.index, err) < 0) ||
        store_commit(st, err) != 0) {
        store_rollback(st);
        free(c.cleared);
        return cancelled(err->code, err);
    }
    res->rows = c.rows;
    res->solved = c.solved;
    res->unsolved = c.unsolved;
    res->expired = c.expired;
    res->last_snapshot_ms = c.last_snapshot;
    res->underlyings = c.cleared;
    res->n_underlyings = c.ncleared;
    return ALLOT_OK;
}

static int import_chain_cmd(struct cli_env *env, int argc, char **argv)
{
    struct import_chain_result r;
    struct import_progress pg;
    struct allot_err err;
    store_t *st;
    int rc;

    if (argc != 3 || argv[2][0] == '-')
        return cli_usage_error(env, "import", "import chain takes one FILE");
    if ((rc = cli_open_store(env, 0, &st)) != 0)
        return rc;
    err_clear(&err);
    if (import_chain(st, argv[2], env_progress(env, &pg), &r, &err) != 0) {
        rc = cli_fail(env, &err);
        store_close(st);
        return rc;
    }
    char snap[32] = "unknown";
    if (r.last_snapshot_ms != 0)
        date_format_ts(r.last_snapshot_ms, snap);
    fprintf(env->out, "%ld options of %zu underlying%s (snapshot %s): the chain of ", r.rows,
            r.n_underlyings, r.n_underlyings == 1 ? "" : "s", snap);
    for (size_t k = 0; k < r.n_underlyings; k++)
        fprintf(env->out, "%s%s", k ? ", " : "", r.underlyings[k]);
    fprintf(env->out, " replaced\n");
    if (r.solved + r.unsolved + r.expired > 0)
        fprintf(env->out, "%ld implied vols solved from the marks; %ld marks at or outside "
                "the no-arbitrage band and %ld expired options left without one\n", r.solved,
                r.unsolved, r.expired);
    free(r.underlyings);
    store_close(st);
    return CLI_OK;
}

int cmd_import(struct cli_env *env, int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : NULL;
    if (what == NULL || what[0] == '-')
        return cli_usage_error(env, "import", "say what to import: prices, positions or chain");
    if (strcmp(what, "prices") == 0)
        return import_prices_cmd(env, argc, argv);
    if (strcmp(what, "positions") == 0)
        return import_positions_cmd(env, argc, argv);
    if (strcmp(what, "chain") == 0)
        return import_chain_cmd(env, argc, argv);
    return cli_usage_error(env, "import", "cannot import \"%s\": say prices, positions or "
                           "chain", what);
}
