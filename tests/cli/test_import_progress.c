/* Tests for the progress of `allot import` (cli_env.progress, as the
 * interactive screen's `:import` passes it): on a normal import the
 * callback hears "reading FILE" with done rising to total (the file's
 * size), then "storing N prices" rising to N; a callback that cancels
 * half-way through reading prices, storing prices, reading positions or
 * reading a chain makes the command fail with "import cancelled; nothing
 * was stored" (import_* return ALLOT_E_CANCEL) and leaves every table of
 * the store, the journal included, as it was. Runs on a fresh demo store
 * (needs ALLOT_SHARE, which make check exports). */
#include <config.h>
#include "cmocka_wrap.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "cli/import.h"
#include "store/db.h"
#include "util/xalloc.h"

#include "tmpdir.h"

#define NPRICES 40000       /* rows of the price file: about 1 MB */
#define NPOSITIONS 3000     /* about 150 KB */
#define NCHAIN 2000         /* about 250 KB */
#define MAX_CALLS 4096

static char db_path[4096], db_dir[4096];

struct call {
    char what[96];
    size_t done, total;
};

/* What the callback heard, and when it cancels. */
struct rec {
    struct call calls[MAX_CALLS];
    size_t n;
    const char *cancel_in;  /* a prefix of what; NULL: never cancel */
    int cancelled;
};

static int on_progress(void *ctx, const char *what, size_t done, size_t total)
{
    struct rec *r = ctx;
    if (r->n < MAX_CALLS) {
        struct call *c = &r->calls[r->n++];
        snprintf(c->what, sizeof c->what, "%s", what);
        c->done = done;
        c->total = total;
    }
    if (r->cancel_in != NULL && strncmp(what, r->cancel_in, strlen(r->cancel_in)) == 0 &&
        total > 0 && 2 * done >= total) {
        r->cancelled++;
        return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every row of every table of the store as text, each table's rows
 * sorted: equal dumps, equal stores. */
static char *dump_store(void)
{
    sqlite3 *db;
    sqlite3_stmt *tabs, *q;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);

    assert_non_null(out);
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = "
                                        "'table' ORDER BY name", -1, &tabs, NULL), SQLITE_OK);
    while (sqlite3_step(tabs) == SQLITE_ROW) {
        char sql[256], **rows = NULL;
        size_t n = 0, cap = 0;
        const char *name = (const char *)sqlite3_column_text(tabs, 0);
        fprintf(out, "table %s\n", name);
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
        while (sqlite3_step(q) == SQLITE_ROW) {
            char *line = NULL;
            size_t ll = 0;
            FILE *lf = open_memstream(&line, &ll);
            for (int i = 0; i < sqlite3_column_count(q); i++) {
                const unsigned char *v = sqlite3_column_text(q, i);
                fprintf(lf, "%s|", v ? (const char *)v : "NULL");
            }
            fclose(lf);
            if (n == cap) {     /* doubling: one row at a time is quadratic under ASan */
                cap = cap ? 2 * cap : 1024;
                rows = xreallocarray(rows, cap, sizeof *rows);
            }
            rows[n++] = line;
        }
        sqlite3_finalize(q);
        if (n > 1)      /* qsort(NULL, 0, ...) is undefined */
            qsort(rows, n, sizeof *rows, cmp_str);
        for (size_t i = 0; i < n; i++) {
            fprintf(out, "%s\n", rows[i]);
            free(rows[i]);
        }
        free(rows);
    }
    sqlite3_finalize(tabs);
    sqlite3_close(db);
    fclose(out);
    return text;
}

static long count_rows(const char *table)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    char sql[128];
    long n;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

/* Run `allot -d DB import WORDS...` with the progress callback r;
 * returns the exit status, its stderr in *errtext (free it). */
static int run_import(struct rec *r, char **errtext, const char *w1, const char *w2)
{
    char *out = NULL;
    size_t olen = 0, elen = 0;
    FILE *fo = open_memstream(&out, &olen), *fe = open_memstream(errtext, &elen);
    struct cli_env env = { fo, fe, db_path, NULL, on_progress, r };
    char *argv[] = { (char *)"import", (char *)w1, (char *)w2, NULL };
    int rc = cli_run(&env, 3, argv);
    fclose(fo);
    fclose(fe);
    free(out);
    return rc;
}

static size_t size_of(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return (size_t)sb.st_size;
}

static const char *prices_file(void)
{
    static char path[512];
    if (path[0] == '\0') {
        FILE *f = fopen(tmpdir_file(path, sizeof path, "prices.csv"), "w");
        assert_non_null(f);
        fprintf(f, "date,symbol,close\n");
        for (int i = 0; i < NPRICES; i++) {
            int s = i % 4, d = i / 4;
            fprintf(f, "%04d-%02d-%02d,ZZ%c,%.6f\n", 1990 + d / 336, 1 + d / 28 % 12,
                    1 + d % 28, 'A' + s, 100.0 + s + 0.001 * d);
        }
        fclose(f);
    }
    return path;
}

static const char *positions_file(void)
{
    static char path[512];
    if (path[0] == '\0') {
        FILE *f = fopen(tmpdir_file(path, sizeof path, "positions.csv"), "w");
        assert_non_null(f);
        fprintf(f, "portfolio,kind,instrument,quantity,entry_price,fee_usd,open_date,note\n");
        for (int i = 0; i < NPOSITIONS; i++)
            fprintf(f, "progress,spot,P%05d,1.5,%d,0.25,2024-08-01,a test position\n", i,
                    100 + i);
        fclose(f);
    }
    return path;
}

static const char *chain_file(void)
{
    static char path[512];
    if (path[0] == '\0') {
        FILE *f = fopen(tmpdir_file(path, sizeof path, "chain.csv"), "w");
        assert_non_null(f);
        fprintf(f, "snapshot_time_utc,instrument_name,underlying,expiry_utc,strike,option_type,"
                "underlying_price,index_price,mark_price,mark_iv,bid_price,ask_price\n");
        for (int i = 0; i < NCHAIN; i++)
            fprintf(f, "2024-12-06T23:59:59Z,ZZC-13DEC24-%d-C,ZZC,2024-12-13T08:00:00Z,%d,call,"
                    "99920.71,99920.71,0.05,60.5,0.04,0.06\n", 50000 + 10 * i, 50000 + 10 * i);
        fclose(f);
    }
    return path;
}

/* Within each step (a run of calls with the same what) done never
 * falls and stays within total; the step's last call has done == total. */
static void check_steps(const struct rec *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct call *c = &r->calls[i];
        assert_true(c->done <= c->total);
        if (i > 0 && strcmp(r->calls[i - 1].what, c->what) == 0) {
            assert_true(c->done >= r->calls[i - 1].done);
            assert_int_equal(c->total, r->calls[i - 1].total);
        }
        if (i + 1 == r->n || strcmp(r->calls[i + 1].what, c->what) != 0)
            assert_int_equal(c->done, c->total);
    }
}

static void normal_prices(void **state)
{
    static struct rec r;
    char *errt = NULL, want[600];
    const char *path = prices_file();
    size_t nread = 0;
    (void)state;

    memset(&r, 0, sizeof r);
    assert_int_equal(run_import(&r, &errt, "prices", path), CLI_OK);
    free(errt);
    check_steps(&r);
    /* reading: every 64 KiB of a 1 MB file, then at its end */
    snprintf(want, sizeof want, "reading %s", path);
    for (size_t i = 0; i < r.n; i++)
        if (strcmp(r.calls[i].what, want) == 0)
            nread++;
    assert_true(nread >= size_of(path) / CSVIN_PROGRESS_BYTES);
    assert_string_equal(r.calls[0].what, want);
    assert_int_equal(r.calls[nread - 1].done, size_of(path));
    assert_int_equal(r.calls[nread - 1].total, size_of(path));
    /* storing: every IMPORT_PROGRESS_ROWS rows, then at the end */
    assert_true(r.n - nread >= NPRICES / IMPORT_PROGRESS_ROWS + 1);
    assert_string_equal(r.calls[r.n - 1].what, "storing 40000 prices");
    assert_int_equal(r.calls[r.n - 1].done, NPRICES);
    assert_int_equal(r.calls[r.n - 1].total, NPRICES);
}

/* Cancel in the step starting with cancel_in: the command fails with the
 * one-line message, the store is as before. */
static void cancel_case(const char *cancel_in, const char *what, const char *file)
{
    static struct rec r;
    char *before, *after, *errt = NULL;

    memset(&r, 0, sizeof r);
    r.cancel_in = cancel_in;
    before = dump_store();
    assert_int_equal(run_import(&r, &errt, what, file), CLI_FAIL);
    assert_int_equal(r.cancelled, 1);
    assert_string_equal(errt, "allot: " IMPORT_CANCELLED "\n");
    after = dump_store();
    assert_true(strlen(before) > 1000);
    assert_string_equal(after, before);
    free(before);
    free(after);
    free(errt);
}

static void cancel_reading_prices(void **state)
{
    long n = count_rows("prices");
    (void)state;
    cancel_case("reading", "prices", prices_file());
    assert_int_equal(count_rows("prices"), n);
}

/* the transaction is half-written when this one cancels */
static void cancel_storing_prices(void **state)
{
    long n = count_rows("prices");
    (void)state;
    prices_file();
    /* a fresh set of symbols: the first import stored ZZA..ZZD */
    static char path[512];
    FILE *f = fopen(tmpdir_file(path, sizeof path, "prices2.csv"), "w");
    assert_non_null(f);
    fprintf(f, "date,symbol,close\n");
    for (int i = 0; i < NPRICES; i++)
        fprintf(f, "%04d-%02d-%02d,YY%c,%.6f\n", 1990 + i / 336, 1 + i / 28 % 12, 1 + i % 28,
                'A', 50.0 + 0.001 * i);
    fclose(f);
    cancel_case("storing", "prices", path);
    assert_int_equal(count_rows("prices"), n);
}

static void cancel_positions(void **state)
{
    long nj = count_rows("journal"), np = count_rows("positions");
    (void)state;
    cancel_case("reading", "positions", positions_file());
    assert_int_equal(count_rows("journal"), nj);
    assert_int_equal(count_rows("positions"), np);
}

static void cancel_chain(void **state)
{
    (void)state;
    cancel_case("reading", "chain", chain_file());
}

/* the same imports without cancelling do store (the cases above are not
 * vacuous), and the API says ALLOT_E_CANCEL */
static void normal_positions_chain_and_api(void **state)
{
    static struct rec r;
    struct import_progress pg = { on_progress, &r };
    struct import_chain_result cr;
    struct allot_err err;
    char *errt = NULL;
    long nj = count_rows("journal"), np = count_rows("positions");
    store_t *st;
    long added, replaced;
    (void)state;

    memset(&r, 0, sizeof r);
    assert_int_equal(run_import(&r, &errt, "positions", positions_file()), CLI_OK);
    free(errt);
    check_steps(&r);
    assert_int_equal(r.calls[r.n - 1].total, size_of(positions_file()));
    assert_int_equal(count_rows("journal"), nj + 1);
    assert_int_equal(count_rows("positions"), np + NPOSITIONS);

    err_clear(&err);
    assert_int_equal(store_open(db_path, 0, &st, &err), 0);
    memset(&r, 0, sizeof r);
    r.cancel_in = "reading";
    assert_int_equal(import_chain(st, chain_file(), &pg, &cr, &err), ALLOT_E_CANCEL);
    assert_int_equal(err.code, ALLOT_E_CANCEL);
    assert_string_equal(err.msg, IMPORT_CANCELLED);
    assert_int_equal(err.line, 0);
    memset(&r, 0, sizeof r);
    r.cancel_in = "reading";
    assert_int_equal(import_positions(st, positions_file(), NULL, 1, &pg, &added, &replaced,
                                      &err), ALLOT_E_CANCEL);
    memset(&r, 0, sizeof r);
    assert_int_equal(import_chain(st, chain_file(), &pg, &cr, &err), 0);
    check_steps(&r);
    assert_int_equal(cr.rows, NCHAIN);
    free(cr.underlyings);
    store_close(st);
}

static int setup(void **state)
{
    struct allot_err err;
    (void)state;
    err_clear(&err);
    if (demo_create(db_path, db_dir, sizeof db_path, &err) != 0) {
        fprintf(stderr, "demo store: %s (set ALLOT_SHARE)\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    demo_remove(db_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normal_prices),
        cmocka_unit_test(cancel_reading_prices),
        cmocka_unit_test(cancel_storing_prices),
        cmocka_unit_test(cancel_positions),
        cmocka_unit_test(cancel_chain),
        cmocka_unit_test(normal_positions_chain_and_api),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
