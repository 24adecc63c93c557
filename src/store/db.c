#include <config.h>
#include "store/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/internal.h"
#include "store/migrate.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

int store_default_path(char *out, size_t n, struct allot_err *err)
{
    const char *env = getenv("ALLOT_DB");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int trunc;

    if (env != NULL && env[0] != '\0')
        trunc = str_copy(out, n, env);
    else if (xdg != NULL && xdg[0] == '/')
        trunc = snprintf(out, n, "%s/allot/allot.db", xdg) >= (int)n;
    else if (home != NULL && home[0] == '/')
        trunc = snprintf(out, n, "%s/.local/share/allot/allot.db", home) >= (int)n;
    else
        return err_setf(err, ALLOT_E_INPUT,
                        "no store path: HOME and XDG_DATA_HOME are unset; "
                        "name the store with -d FILE or ALLOT_DB");
    if (trunc)
        return err_setf(err, ALLOT_E_INPUT, "store path is too long");
    return ALLOT_OK;
}

/* Create the parent directories of path with mode 0700 (existing ones are
 * left as they are). */
static int make_parents(const char *path, struct allot_err *err)
{
    char *dir = xstrdup(path);
    int rc = ALLOT_OK;

    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            rc = err_setf(err, ALLOT_E_IO, "cannot create directory %s: %s", dir,
                          strerror(errno));
            break;
        }
        *p = '/';
    }
    free(dir);
    return rc;
}

int st_fail(store_t *st, int rc, struct allot_err *err, const char *context)
{
    const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    const char *path = st && st->path ? st->path : "";

    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return err_setf(err, ALLOT_E_BUSY,
                        "store busy: another process holds the lock on %s "
                        "(waited %.1f s); try again", path,
                        (st ? st->busy_ms : STORE_BUSY_TIMEOUT_MS) / 1000.0);
    case SQLITE_READONLY:
        return err_setf(err, ALLOT_E_STORE, "%s: store is read-only (%s)", context, path);
    case SQLITE_CORRUPT:
        return err_setf(err, ALLOT_E_STORE, "store %s is corrupt (%s)", path, msg);
    case SQLITE_NOTADB:
        return err_setf(err, ALLOT_E_STORE, "%s is not an allot store (not a SQLite database)",
                        path);
    case SQLITE_FULL:
        return err_setf(err, ALLOT_E_IO, "%s: disk full writing %s; nothing was changed",
                        context, path);
    case SQLITE_IOERR:
        return err_setf(err, ALLOT_E_IO, "%s: I/O error on %s (%s); nothing was changed",
                        context, path, msg);
    case SQLITE_CONSTRAINT:
        return err_setf(err, ALLOT_E_INPUT, "%s: %s", context, msg);
    default:
        return err_setf(err, ALLOT_E_STORE, "%s: %s", context, msg);
    }
}

sqlite3_stmt *st_stmt(store_t *st, enum stmt_id id, const char *sql, struct allot_err *err)
{
    sqlite3_stmt *s = st->stmt[id];
    if (s == NULL) {
        int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
        if (rc != SQLITE_OK) {
            st_fail(st, rc, err, "preparing a query");
            return NULL;
        }
        st->stmt[id] = s;
    } else {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
    return s;
}

double st_col_double(sqlite3_stmt *s, int col, double dflt)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ? dflt : sqlite3_column_double(s, col);
}

void st_col_text(sqlite3_stmt *s, int col, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    str_copy(out, n, t ? (const char *)t : "");
}

int st_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

void *st_grow(void *arr, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap)
        return arr;
    *cap = *cap ? 2 * *cap : first;
    return xreallocarray(arr, *cap, size);
}

/* Run one pragma or statement that returns at most one row; copy the first
 * column of that row as text into out (may be NULL). */
static int exec1(store_t *st, const char *sql, char *out, size_t n, struct allot_err *err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, err, "opening the store");
    rc = sqlite3_step(s);
    if (out != NULL && n > 0)
        out[0] = '\0';
    if (rc == SQLITE_ROW && out != NULL)
        st_col_text(s, 0, out, n);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? ALLOT_OK : st_fail(st, rc, err, "opening the store");
}

static long exec_long(store_t *st, const char *sql, struct allot_err *err, int *rc)
{
    char buf[32];
    *rc = exec1(st, sql, buf, sizeof buf, err);
    return *rc == 0 ? strtol(buf, NULL, 10) : 0;
}

/* The busy timeout: STORE_BUSY_TIMEOUT_MS, or $ALLOT_BUSY_TIMEOUT_MS when
 * set (tests make lock conflicts quick with it). */
static int busy_timeout_env(int *ms, struct allot_err *err)
{
    const char *env = getenv("ALLOT_BUSY_TIMEOUT_MS"), *what;
    size_t off;
    long v;

    *ms = STORE_BUSY_TIMEOUT_MS;
    if (env == NULL || env[0] == '\0')
        return ALLOT_OK;
    if (num_parse_long(env, 0, STORE_BUSY_TIMEOUT_MAX_MS, &v, &what, &off) != 0)
        return err_setf(err, ALLOT_E_USAGE, "ALLOT_BUSY_TIMEOUT_MS=%.20s: expected "
                        "milliseconds from 0 to %d", env, STORE_BUSY_TIMEOUT_MAX_MS);
    *ms = (int)v;
    return ALLOT_OK;
}

int store_open(const char *path, int flags, store_t **out, struct allot_err *err)
{
    struct stat sb;
    store_t *st;
    int exists = stat(path, &sb) == 0, rc, ro = 0, oflags;
    long version, appid, ntables;
    int busy_ms;
    char mode[16];

    *out = NULL;
    if (exists && S_ISDIR(sb.st_mode))
        return err_setf(err, ALLOT_E_INPUT, "%s is a directory, not a store file", path);
    if (!exists && !(flags & STORE_CREATE))
        return err_setf(err, ALLOT_E_NOTFOUND, "no store at %s; create one with: allot%s%s init",
                        path, getenv("ALLOT_DB") ? "" : " -d ", getenv("ALLOT_DB") ? "" : path);
    if (!exists && make_parents(path, err) != 0)
        return err->code;
    if (exists && access(path, W_OK) != 0)
        ro = 1;

    st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    st->readonly = ro;
    /* One connection per thread: no SQLite mutexes needed. */
    oflags = (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
             SQLITE_OPEN_NOMUTEX;
    {
        mode_t old = umask(077);    /* the file, -wal and -shm are 0600 */
        rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
        umask(old);
    }
    if (rc != SQLITE_OK) {
        err_setf(err, ALLOT_E_STORE, "cannot open store %s: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        store_close(st);
        return err->code;
    }
    sqlite3_extended_result_codes(st->db, 0);
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    if (busy_timeout_env(&busy_ms, err) != 0)
        goto fail;
    store_set_busy_timeout(st, busy_ms);

    /* The first read tells whether this is SQLite at all. */
    appid = exec_long(st, "PRAGMA application_id", err, &rc);
    if (rc != 0)
        goto fail;
    ntables = exec_long(st, "SELECT count(*) FROM sqlite_schema", err, &rc);
    if (rc != 0)
        goto fail;
    version = exec_long(st, "PRAGMA user_version", err, &rc);
    if (rc != 0)
        goto fail;
    if (ntables > 0 && appid != STORE_APPLICATION_ID) {
        err_setf(err, ALLOT_E_STORE,
                 "%s is not an allot store (a SQLite database of another program)", path);
        goto fail;
    }
    if (ntables == 0 && !(flags & STORE_CREATE)) {
        err_setf(err, ALLOT_E_STORE, "%s is not an allot store (%s); create one with allot init",
                 path, sb.st_size > 0 ? "no schema" : "an empty file");
        goto fail;
    }
    if (version > STORE_SCHEMA_VERSION) {
        err_setf(err, ALLOT_E_SCHEMA,
                 "store %s has schema version %ld, newer than this allot knows (%d); "
                 "upgrade allot", path, version, STORE_SCHEMA_VERSION);
        goto fail;
    }
    if (!ro) {
        if (exec1(st, "PRAGMA journal_mode=WAL", mode, sizeof mode, err) != 0)
            goto fail;
        if (strcmp(mode, "wal") != 0) {
            err_setf(err, ALLOT_E_STORE, "store %s: cannot switch to WAL mode (got %s)", path,
                     mode);
            goto fail;
        }
        /* In WAL mode NORMAL loses at most the last commits on power loss,
         * never consistency. */
        if (exec1(st, "PRAGMA synchronous=NORMAL", NULL, 0, err) != 0)
            goto fail;
    }
    if (exec1(st, "PRAGMA foreign_keys=ON", NULL, 0, err) != 0)
        goto fail;
    if (version < STORE_SCHEMA_VERSION) {
        if (ro) {
            err_setf(err, ALLOT_E_STORE, "store %s is read-only and needs a schema upgrade "
                     "(version %ld to %d)", path, version, STORE_SCHEMA_VERSION);
            goto fail;
        }
        if (migrate_run(st, err) != 0)
            goto fail;
    }
    *out = st;
    return ALLOT_OK;
fail:
    store_close(st);
    return err->code ? err->code : ALLOT_E_STORE;
}

void store_close(store_t *st)
{
    if (st == NULL)
        return;
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    if (st->db != NULL)
        sqlite3_close(st->db);
    free(st->path);
    free(st);
}

void store_set_busy_timeout(store_t *st, int ms)
{
    sqlite3_busy_timeout(st->db, ms);
    st->busy_ms = ms;
}

const char *store_path(const store_t *st)
{
    return st->path;
}

int store_is_readonly(const store_t *st)
{
    return st->readonly;
}

int store_begin(store_t *st, struct allot_err *err)
{
    int rc;
    if (st->readonly)
        return err_setf(err, ALLOT_E_STORE, "store %s is read-only", st->path);
    rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, err, "starting a write");
    st->in_tx = 1;
    return ALLOT_OK;
}

int store_commit(store_t *st, struct allot_err *err)
{
    int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        st_fail(st, rc, err, "committing");
        store_rollback(st);
        return err->code;
    }
    st->in_tx = 0;
    return ALLOT_OK;
}

void store_rollback(store_t *st)
{
    if (st == NULL)
        return;
    for (int i = 0; i < STMT_COUNT; i++)
        if (st->stmt[i])
            sqlite3_reset(st->stmt[i]);
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_tx = 0;
}

int store_setting_get(store_t *st, const char *key, char *out, size_t n,
                      struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_SETTING_GET,
                              "SELECT value FROM settings WHERE key = ?1", err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        st_col_text(s, 0, out, n);
        sqlite3_reset(s);
        return ALLOT_OK;
    }
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return err_setf(err, ALLOT_E_NOTFOUND, "setting %s is not set", key);
    return st_fail(st, rc, err, "reading a setting");
}

int store_setting_num(store_t *st, const char *key, double dflt, double min, double *out,
                      struct allot_err *err)
{
    char buf[64];
    const char *what;
    size_t off;
    struct allot_err e2;

    err_clear(&e2);
    if (store_setting_get(st, key, buf, sizeof buf, &e2) != 0) {
        if (e2.code != ALLOT_E_NOTFOUND) {
            *err = e2;
            return err->code;
        }
        *out = dflt;
        return ALLOT_OK;
    }
    if (num_parse(buf, out, &what, &off) != 0)
        return err_setf(err, ALLOT_E_INPUT, "setting %s is \"%s\": expected %s", key, buf, what);
    if (!(*out >= min))
        return err_setf(err, ALLOT_E_INPUT, "setting %s is \"%s\": expected a number >= %g", key,
                        buf, min);
    return ALLOT_OK;
}

int store_setting_set(store_t *st, const char *key, const char *value,
                      struct allot_err *err)
{
    sqlite3_stmt *s;
    int rc;

    if (value != NULL)
        s = st_stmt(st, STMT_SETTING_SET,
                    "INSERT INTO settings(key, value) VALUES (?1, ?2) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
    else
        s = st_stmt(st, STMT_SETTING_DEL, "DELETE FROM settings WHERE key = ?1", err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (value != NULL)
        sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "writing a setting");
    return ALLOT_OK;
}

int store_setting_list(store_t *st, struct setting_kv **out, size_t *n, struct allot_err *err)
{
    sqlite3_stmt *s;
    size_t cap = 0;
    int rc = sqlite3_prepare_v2(st->db, "SELECT key, value FROM settings ORDER BY key", -1, &s,
                                NULL);
    *out = NULL;
    *n = 0;
    if (rc != SQLITE_OK)
        return st_fail(st, rc, err, "listing settings");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = st_grow(*out, *n, &cap, sizeof **out, 16);
        st_col_text(s, 0, (*out)[*n].key, sizeof (*out)[*n].key);
        st_col_text(s, 1, (*out)[*n].value, sizeof (*out)[*n].value);
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(st, rc, err, "listing settings");
    }
    return ALLOT_OK;
}

int64_t store_now_ms(store_t *st)
{
    char buf[64];
    struct allot_err err;
    int64_t ms;
    const char *what;
    size_t off;

    if (store_setting_get(st, "asof", buf, sizeof buf, &err) == 0 &&
        date_parse_ts(buf, &ms, &what, &off) == 0)
        return ms;
    return date_now_ms();
}
