#include <config.h>
#include "store/prices.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/date.h"
#include "util/str.h"

/* Bind (symbol, ymd, close) to the insert or update s, run it and reset
 * it. Returns 0, or the error with err set. */
static int put_row(store_t *st, sqlite3_stmt *s, const char *symbol, int32_t ymd,
                   double close, struct allot_err *err)
{
    int rc;

    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, ymd);
    sqlite3_bind_double(s, 3, close);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "storing prices");
    return 0;
}

int prices_put(store_t *st, const char *symbol, int32_t day, double close, int replace,
               double *existing, struct allot_err *err)
{
    char date[11];
    int32_t ymd = date_to_yyyymmdd(day);
    sqlite3_stmt *s = st->stmt[STMT_PRICE_INSERT];
    int rc;

    /* The hot path of every import: bind over the previous values rather
     * than clearing them (all three are rebound). */
    if (s == NULL &&
        (s = st_stmt(st, STMT_PRICE_INSERT,
                     "INSERT INTO prices(symbol, date, close) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT(symbol, date) DO NOTHING", err)) == NULL)
        return err->code;
    if ((rc = put_row(st, s, symbol, ymd, close, err)) != 0)
        return rc;
    if (sqlite3_changes(st->db) == 1)
        return PRICE_INSERTED;

    /* (symbol, date) was there: same value, or a conflict. */
    s = st_stmt(st, STMT_PRICE_GET, "SELECT close FROM prices WHERE symbol = ?1 AND date = ?2",
                err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, ymd);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *existing = sqlite3_column_double(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return st_fail(st, rc, err, "storing prices");
    if (*existing == close)
        return PRICE_SAME;
    date_format_day(day, date);
    if (!replace)
        return err_setf(err, ALLOT_E_INPUT,
                        "%s on %s is already stored as %.17g, this row says %.17g "
                        "(use --replace to overwrite)", symbol, date, *existing, close);
    s = st_stmt(st, STMT_PRICE_REPLACE,
                "UPDATE prices SET close = ?3 WHERE symbol = ?1 AND date = ?2", err);
    if (s == NULL)
        return err->code;
    if ((rc = put_row(st, s, symbol, ymd, close, err)) != 0)
        return rc;
    return PRICE_REPLACED;
}

int prices_put_batch(store_t *st, const char *symbol, const int32_t *day, const double *close,
                     size_t n, unsigned char *inserted, struct allot_err *err)
{
    sqlite3_stmt *s = st->stmt[STMT_PRICE_BATCH];
    int rc, count = 0;

    if (n != PRICES_BATCH) {
        /* a short batch: one row at a time */
        for (size_t i = 0; i < n; i++) {
            double existing;
            sqlite3_stmt *one = st->stmt[STMT_PRICE_INSERT];
            if (one == NULL &&
                (one = st_stmt(st, STMT_PRICE_INSERT,
                               "INSERT INTO prices(symbol, date, close) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT(symbol, date) DO NOTHING", err)) == NULL)
                return err->code;
            (void)existing;
            sqlite3_bind_text(one, 1, symbol, -1, SQLITE_STATIC);
            sqlite3_bind_int(one, 2, date_to_yyyymmdd(day[i]));
            sqlite3_bind_double(one, 3, close[i]);
            rc = sqlite3_step(one);
            sqlite3_reset(one);
            if (rc != SQLITE_DONE)
                return st_fail(st, rc, err, "storing prices");
            inserted[i] = sqlite3_changes(st->db) == 1;
            count += inserted[i];
        }
        return count;
    }
    if (s == NULL) {
        /* VALUES (?1,?2,?3),(?1,?4,?5),...: the symbol is bound once. Only
         * placeholders are formatted here, never data (sql-build-ok). */
        char sql[64 + PRICES_BATCH * 24];
        size_t len = (size_t)snprintf(sql, sizeof sql,
                                      "INSERT INTO prices(symbol, date, close) VALUES ");
        for (int i = 0; i < PRICES_BATCH; i++)
            len += (size_t)snprintf(sql + len, sizeof sql - len, "%s(?1,?%d,?%d)",
                                    i ? "," : "", 2 + 2 * i, 3 + 2 * i);
        snprintf(sql + len, sizeof sql - len,
                 " ON CONFLICT(symbol, date) DO NOTHING RETURNING date");
        if ((s = st_stmt(st, STMT_PRICE_BATCH, sql, err)) == NULL)
            return err->code;
    }
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int(s, 2 + 2 * (int)i, date_to_yyyymmdd(day[i]));
        sqlite3_bind_double(s, 3 + 2 * (int)i, close[i]);
        inserted[i] = 0;
    }
    /* RETURNING gives the dates actually inserted, in order */
    size_t at = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int32_t ymd = sqlite3_column_int(s, 0);
        while (at < n && date_to_yyyymmdd(day[at]) != ymd)
            at++;
        if (at < n) {
            inserted[at++] = 1;
            count++;
        }
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "storing prices");
    return count;
}

static int load_symbol(store_t *st, const char *sym, int32_t from, int32_t to,
                       struct series_set *out, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_PRICE_LOAD_SYM,
                              "SELECT date, close FROM prices WHERE symbol = ?1 "
                              "AND date >= ?2 AND date <= ?3 ORDER BY date", err);
    struct series *ser;
    int rc;

    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, sym, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, from == DATE_NONE ? 10000101 : date_to_yyyymmdd(from));
    sqlite3_bind_int(s, 3, to == DATE_NONE ? 99991231 : date_to_yyyymmdd(to));
    ser = series_set_get(out, sym);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int32_t day = date_from_yyyymmdd(sqlite3_column_int(s, 0));
        if (day == DATE_NONE)
            continue;   /* the schema's CHECK and writers store valid dates only */
        series_push(ser, day, sqlite3_column_double(s, 1));
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "loading prices");
    return ALLOT_OK;
}

int prices_load(store_t *st, const char *const *symbols, size_t n, int32_t from, int32_t to,
                struct series_set *out, struct allot_err *err)
{
    if (n == 0) {
        struct price_symbol_info *all;
        size_t na;
        int rc = prices_symbols(st, &all, &na, err);
        if (rc != 0)
            return rc;
        for (size_t i = 0; i < na && rc == 0; i++)
            rc = load_symbol(st, all[i].symbol, from, to, out, err);
        free(all);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        struct series *ser;
        if (load_symbol(st, symbols[i], from, to, out, err) != 0)
            return err->code;
        ser = series_set_find(out, symbols[i]);
        if (ser == NULL || ser->n == 0) {
            int32_t at;
            double c;
            struct allot_err e2;
            if (prices_last(st, symbols[i], DATE_NONE, &at, &c, &e2) != 0)
                return err_setf(err, ALLOT_E_NOTFOUND, "no prices stored for %s", symbols[i]);
        }
    }
    return ALLOT_OK;
}

int prices_symbols(store_t *st, struct price_symbol_info **out, size_t *n,
                   struct allot_err *err)
{
    /* The max(date) row's close comes along by SQLite's bare-column rule. */
    sqlite3_stmt *s = st_stmt(st, STMT_PRICE_SYMBOLS,
                              "SELECT symbol, count(*), min(date), max(date), close "
                              "FROM prices GROUP BY symbol ORDER BY symbol", err);
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (s == NULL)
        return err->code;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct price_symbol_info *p;
        *out = st_grow(*out, *n, &cap, sizeof **out, 32);
        p = &(*out)[(*n)++];
        st_col_text(s, 0, p->symbol, sizeof p->symbol);
        p->rows = (long)sqlite3_column_int64(s, 1);
        p->first = date_from_yyyymmdd(sqlite3_column_int(s, 2));
        p->last = date_from_yyyymmdd(sqlite3_column_int(s, 3));
        p->last_close = sqlite3_column_double(s, 4);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(st, rc, err, "listing prices");
    }
    return ALLOT_OK;
}

int prices_last(store_t *st, const char *symbol, int32_t day, int32_t *at, double *close,
                struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_PRICE_LAST,
                              "SELECT date, close FROM prices WHERE symbol = ?1 AND date <= ?2 "
                              "ORDER BY date DESC LIMIT 1", err);
    int rc;

    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, day == DATE_NONE ? 99991231 : date_to_yyyymmdd(day));
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *at = date_from_yyyymmdd(sqlite3_column_int(s, 0));
        *close = sqlite3_column_double(s, 1);
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return ALLOT_OK;
    if (rc == SQLITE_DONE)
        return err_setf(err, ALLOT_E_NOTFOUND, "no price stored for %s", symbol);
    return st_fail(st, rc, err, "reading prices");
}

/* ---- assets ---- */

/* Known USD stablecoins: class stablecoin, which crash scenarios do not move. */
static int is_stablecoin(const char *sym)
{
    static const char *const known[] = { "USDT", "USDC", "DAI", "BUSD", "TUSD", "FDUSD",
                                         "PYUSD", "USDP", "GUSD", "USDE" };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(sym, known[i]) == 0)
            return 1;
    return 0;
}

int assets_note(store_t *st, const char *symbol, int has_weekends, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_ASSET_PUT_DEFAULT,
                              "INSERT INTO assets(symbol, class, days_per_year) "
                              "VALUES (?1, ?2, ?3) ON CONFLICT(symbol) DO NOTHING", err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, is_stablecoin(symbol) ? "stablecoin"
                            : has_weekends ? "crypto" : "equity", -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, has_weekends ? 365 : 252);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? ALLOT_OK : st_fail(st, rc, err, "recording an asset");
}

int assets_get(store_t *st, const char *symbol, struct asset_info *out, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_ASSET_GET,
                              "SELECT class, days_per_year FROM assets WHERE symbol = ?1", err);
    int rc;
    if (s == NULL)
        return err->code;
    str_copy(out->symbol, sizeof out->symbol, symbol);
    str_copy(out->klass, sizeof out->klass, "crypto");
    out->days_per_year = 365;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        st_col_text(s, 0, out->klass, sizeof out->klass);
        out->days_per_year = sqlite3_column_int(s, 1);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, rc, err, "reading an asset");
    return ALLOT_OK;
}

int assets_set(store_t *st, const char *symbol, const char *klass, int days_per_year,
               struct allot_err *err)
{
    struct asset_info cur;
    sqlite3_stmt *s;
    int rc;

    if (assets_get(st, symbol, &cur, err) != 0)
        return err->code;
    s = st_stmt(st, STMT_ASSET_SET,
                "INSERT INTO assets(symbol, class, days_per_year) VALUES (?1, ?2, ?3) "
                "ON CONFLICT(symbol) DO UPDATE SET class = excluded.class, "
                "days_per_year = excluded.days_per_year", err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, klass ? klass : cur.klass, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, days_per_year ? days_per_year : cur.days_per_year);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_CONSTRAINT)
        return err_setf(err, ALLOT_E_INPUT,
                        "asset class must be crypto, stablecoin, equity, fx, rate, index or "
                        "other, and the calendar 365 or 252 days");
    return rc == SQLITE_DONE ? ALLOT_OK : st_fail(st, rc, err, "setting an asset");
}

/* ---- quotes ---- */

int quotes_put(store_t *st, const struct quote *q, struct allot_err *err)
{
    char ts[32];
    sqlite3_stmt *s = st_stmt(st, STMT_QUOTE_PUT,
                              "INSERT INTO quotes(symbol, price, iv, ts, source) "
                              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(symbol) DO UPDATE SET "
                              "price = excluded.price, iv = excluded.iv, ts = excluded.ts, "
                              "source = excluded.source "
                              "WHERE julianday(excluded.ts) >= julianday(quotes.ts)", err);
    int rc;
    if (s == NULL)
        return err->code;
    date_format_ts(q->ts_ms, ts);
    sqlite3_bind_text(s, 1, q->symbol, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 2, q->price);
    if (isnan(q->iv))
        sqlite3_bind_null(s, 3);
    else
        sqlite3_bind_double(s, 3, q->iv);
    sqlite3_bind_text(s, 4, ts, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, q->source, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "storing a quote");
    return sqlite3_changes(st->db) == 1 ? 0 : 1;
}

int quotes_get(store_t *st, const char *symbol, struct quote *out, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_QUOTE_GET,
                              "SELECT price, iv, ts, source FROM quotes WHERE symbol = ?1", err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        char ts[40];
        const char *what;
        size_t off;
        str_copy(out->symbol, sizeof out->symbol, symbol);
        out->price = sqlite3_column_double(s, 0);
        out->iv = st_col_double(s, 1, NAN);
        st_col_text(s, 2, ts, sizeof ts);
        if (date_parse_ts(ts, &out->ts_ms, &what, &off) != 0)
            out->ts_ms = 0;
        st_col_text(s, 3, out->source, sizeof out->source);
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return ALLOT_OK;
    if (rc == SQLITE_DONE)
        return err_setf(err, ALLOT_E_NOTFOUND, "no quote for %s", symbol);
    return st_fail(st, rc, err, "reading a quote");
}
