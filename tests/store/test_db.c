/* Tests for store/db.c: creation modes, WAL, refusal of foreign, newer
 * and non-SQLite files, migration, busy writers and settings. */
#include <config.h>
#include "cmocka_wrap.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"
#include "tmpdir.h"

static void test_create_modes(void **state)
{
    char dir[300], path[320];
    struct allot_err err;
    struct stat sb;
    store_t *st;
    (void)state;

    tmpdir_file(dir, sizeof dir, "fresh/sub");
    snprintf(path, sizeof path, "%s/allot.db", dir);
    assert_int_equal(store_open(path, 0, &st, &err), ALLOT_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "init"));
    assert_int_equal(store_open(path, STORE_CREATE, &st, &err), 0);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(stat(dir, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    {
        char wal[340];
        snprintf(wal, sizeof wal, "%s-wal", path);
        assert_int_equal(stat(wal, &sb), 0);
        assert_int_equal(sb.st_mode & 0777, 0600);
    }
    store_close(st);
    /* reopening without STORE_CREATE works and keeps the schema */
    assert_int_equal(store_open(path, 0, &st, &err), 0);
    store_close(st);
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_refusals(void **state)
{
    char path[300];
    struct allot_err err;
    store_t *st;
    FILE *f;
    (void)state;

    /* a text file */
    tmpdir_file(path, sizeof path, "notes.txt");
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("date,symbol,close\n2024-01-01,BTC,42000\n", f);
    fclose(f);
    assert_int_not_equal(store_open(path, 0, &st, &err), 0);
    assert_non_null(strstr(err.msg, "not an allot store"));

    /* another program's SQLite database */
    tmpdir_file(path, sizeof path, "other.db");
    raw_exec(path, "CREATE TABLE t(x)");
    assert_int_not_equal(store_open(path, 0, &st, &err), 0);
    assert_non_null(strstr(err.msg, "another program"));

    /* a newer allot schema */
    tmpdir_file(path, sizeof path, "newer.db");
    assert_int_equal(store_open(path, STORE_CREATE, &st, &err), 0);
    store_close(st);
    raw_exec(path, "PRAGMA user_version=99");
    assert_int_equal(store_open(path, 0, &st, &err), ALLOT_E_SCHEMA);
    assert_non_null(strstr(err.msg, "version 99"));
    assert_non_null(strstr(err.msg, "upgrade allot"));

    /* a directory */
    tmpdir_file(path, sizeof path, "");
    assert_int_equal(store_open(path, 0, &st, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "directory"));
}

static void test_pragmas(void **state)
{
    char path[300];
    struct allot_err err;
    store_t *st;
    sqlite3 *db;
    sqlite3_stmt *s;
    (void)state;

    tmpdir_file(path, sizeof path, "pragmas.db");
    assert_int_equal(store_open(path, STORE_CREATE, &st, &err), 0);
    store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), STORE_SCHEMA_VERSION);
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE "
                                        "name IN ('portfolios','positions','prices','quotes',"
                                        "'option_chain','settings','journal','assets')",
                                        -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 8);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void test_busy(void **state)
{
    char path[300];
    struct allot_err err;
    store_t *a, *b;
    (void)state;

    tmpdir_file(path, sizeof path, "busy.db");
    assert_int_equal(store_open(path, STORE_CREATE, &a, &err), 0);
    assert_int_equal(store_open(path, 0, &b, &err), 0);
    store_set_busy_timeout(b, 50);
    assert_int_equal(store_begin(a, &err), 0);
    assert_int_equal(store_begin(b, &err), ALLOT_E_BUSY);
    assert_non_null(strstr(err.msg, "store busy"));
    store_commit(a, &err);
    assert_int_equal(store_begin(b, &err), 0);
    store_rollback(b);
    store_close(a);
    store_close(b);
}

static void test_settings(void **state)
{
    char path[300], buf[64];
    struct allot_err err;
    store_t *st;
    (void)state;

    tmpdir_file(path, sizeof path, "settings.db");
    assert_int_equal(store_open(path, STORE_CREATE, &st, &err), 0);
    assert_int_equal(store_setting_get(st, "asof", buf, sizeof buf, &err), ALLOT_E_NOTFOUND);
    assert_int_equal(store_setting_set(st, "asof", "2024-12-06T23:59:59Z", &err), 0);
    assert_int_equal(store_setting_get(st, "asof", buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "2024-12-06T23:59:59Z");
    assert_true(store_now_ms(st) == INT64_C(1733529599000));
    assert_int_equal(store_setting_set(st, "asof", NULL, &err), 0);
    assert_int_equal(store_setting_get(st, "asof", buf, sizeof buf, &err), ALLOT_E_NOTFOUND);
    store_close(st);
}

static void test_default_path(void **state)
{
    char buf[512];
    struct allot_err err;
    (void)state;

    setenv("ALLOT_DB", "/x/y.db", 1);
    assert_int_equal(store_default_path(buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "/x/y.db");
    unsetenv("ALLOT_DB");
    setenv("XDG_DATA_HOME", "/data", 1);
    assert_int_equal(store_default_path(buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "/data/allot/allot.db");
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/u", 1);
    assert_int_equal(store_default_path(buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "/home/u/.local/share/allot/allot.db");
    unsetenv("HOME");
    assert_int_equal(store_default_path(buf, sizeof buf, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "-d FILE"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_modes),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_pragmas),
        cmocka_unit_test(test_busy),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_default_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
