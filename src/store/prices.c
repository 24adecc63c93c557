#include <config.h>
#include "store/prices.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

int prices_put(store_t *st, const char *symbol, int32_t day, double close, int replace,
               double *existing, struct allot_err *err)
{
    char date[11];
    sqlite3_stmt *s;
    int rc;

    date_format_day(day, date);
    s = st_stmt(st, STMT_PRICE_INSERT,
                "INSERT INTO prices(symbol, date, close) VALUES (?1, ?2, ?3) "
                "ON CONFLICT(symbol, date) DO NOTHING", err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, date, 10, SQLITE_STATIC);
    sqlite3_bind_double(s, 3, close);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "storing prices");
    if (sqlite3_changes(st->db) == 1)
        return PRICE_INSERTED;

    /* (symbol, date) was there: same value, or a conflict. */
    s = st_stmt(st, STMT_PRICE_GET, "SELECT close FROM prices WHERE symbol = ?1 AND date = ?2",
                err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, date, 10, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *existing = sqlite3_column_double(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return st_fail(st, rc, err, "storing prices");
    if (*existing == close)
        return PRICE_SAME;
    if (!replace)
        return err_setf(err, ALLOT_E_INPUT,
                        "%s on %s is already stored as %.17g, this row says %.17g "
                        "(use --replace to overwrite)", symbol, date, *existing, close);
    s = st_stmt(st, STMT_PRICE_REPLACE,
                "UPDATE prices SET close = ?3 WHERE symbol = ?1 AND date = ?2", err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, date, 10, SQLITE_STATIC);
    sqlite3_bind_double(s, 3, close);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "storing prices");
    return PRICE_REPLACED;
}

static int load_symbol(store_t *st, const char *sym, int32_t from, int32_t to,
                       struct series_set *out, struct allot_err *err)
{
    char dfrom[11], dto[11];
    sqlite3_stmt *s = st_stmt(st, STMT_PRICE_LOAD_SYM,
                              "SELECT date, close FROM prices WHERE symbol = ?1 "
                              "AND date >= ?2 AND date <= ?3 ORDER BY date", err);
    struct series *ser;
    int rc;

    if (s == NULL)
        return err->code;
    date_format_day(from == DATE_NONE ? date_from_ymd(1, 1, 1) : from, dfrom);
    date_format_day(to == DATE_NONE ? date_from_ymd(9999, 12, 31) : to, dto);
    sqlite3_bind_text(s, 1, sym, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, dfrom, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, dto, -1, SQLITE_STATIC);
    ser = series_set_get(out, sym);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(s, 0);
        const char *what;
        size_t off;
        int32_t day;
        if (d == NULL || date_parse_day(d, &day, &what, &off) != 0)
            continue;   /* the schema's writers only store valid dates */
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
        char d[16];
        const char *what;
        size_t off;
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            *out = xreallocarray(*out, cap, sizeof **out);
        }
        p = &(*out)[(*n)++];
        st_col_text(s, 0, p->symbol, sizeof p->symbol);
        p->rows = (long)sqlite3_column_int64(s, 1);
        st_col_text(s, 2, d, sizeof d);
        if (date_parse_day(d, &p->first, &what, &off) != 0)
            p->first = DATE_NONE;
        st_col_text(s, 3, d, sizeof d);
        if (date_parse_day(d, &p->last, &what, &off) != 0)
            p->last = DATE_NONE;
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
    char d[11];
    sqlite3_stmt *s = st_stmt(st, STMT_PRICE_LAST,
                              "SELECT date, close FROM prices WHERE symbol = ?1 AND date <= ?2 "
                              "ORDER BY date DESC LIMIT 1", err);
    int rc;

    if (s == NULL)
        return err->code;
    date_format_day(day == DATE_NONE ? date_from_ymd(9999, 12, 31) : day, d);
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, d, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        char buf[16];
        const char *what;
        size_t off;
        st_col_text(s, 0, buf, sizeof buf);
        if (date_parse_day(buf, at, &what, &off) != 0)
            *at = DATE_NONE;
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

int assets_note(store_t *st, const char *symbol, int has_weekends, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_ASSET_PUT_DEFAULT,
                              "INSERT INTO assets(symbol, class, days_per_year) "
                              "VALUES (?1, ?2, ?3) ON CONFLICT(symbol) DO NOTHING", err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, has_weekends ? "crypto" : "equity", -1, SQLITE_STATIC);
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
                        "asset class must be crypto, equity, fx, rate, index or other, and "
                        "the calendar 365 or 252 days");
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
                              "source = excluded.source WHERE excluded.ts >= quotes.ts", err);
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
