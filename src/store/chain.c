#include <config.h>
#include "store/chain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/date.h"

#define CHAIN_COLS "instrument, underlying, expiry, strike, option_type, settlement, " \
                   "snapshot, underlying_price, index_price, mark_price, mark_iv, iv_solved, " \
                   "bid_price, ask_price, delta, open_interest"

static void bind_opt(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, v);
}

int chain_clear(store_t *st, const char *underlying, struct allot_err *err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db, "DELETE FROM option_chain WHERE underlying = ?1", -1, &s,
                                NULL);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, err, "replacing the option chain");
    sqlite3_bind_text(s, 1, underlying, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? ALLOT_OK : st_fail(st, rc, err, "replacing the option chain");
}

int chain_put(store_t *st, const struct chain_quote *q, struct allot_err *err)
{
    char expiry[32], snap[32];
    sqlite3_stmt *s = st_stmt(st, STMT_CHAIN_PUT,
                              "INSERT OR REPLACE INTO option_chain(" CHAIN_COLS ") VALUES (?1, "
                              "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                              err);
    int rc;
    if (s == NULL)
        return err->code;
    date_format_ts(q->expiry_ms, expiry);
    sqlite3_bind_text(s, 1, q->instrument, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, q->underlying, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, expiry, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 4, q->strike);
    sqlite3_bind_text(s, 5, q->is_call ? "call" : "put", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, q->coin_settled ? "coin" : "usd", -1, SQLITE_STATIC);
    if (q->snapshot_ms != 0) {
        date_format_ts(q->snapshot_ms, snap);
        sqlite3_bind_text(s, 7, snap, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(s, 7);
    }
    sqlite3_bind_double(s, 8, q->underlying_price);
    bind_opt(s, 9, q->index_price);
    bind_opt(s, 10, q->mark_price);
    bind_opt(s, 11, q->mark_iv);
    sqlite3_bind_int(s, 12, q->iv_implied);
    bind_opt(s, 13, q->bid_price);
    bind_opt(s, 14, q->ask_price);
    bind_opt(s, 15, q->delta);
    bind_opt(s, 16, q->open_interest);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? ALLOT_OK : st_fail(st, rc, err, "storing the option chain");
}

static void row_to_quote(sqlite3_stmt *s, struct chain_quote *q)
{
    char buf[40];
    const char *what;
    size_t off;
    memset(q, 0, sizeof *q);
    st_col_text(s, 0, q->instrument, sizeof q->instrument);
    st_col_text(s, 1, q->underlying, sizeof q->underlying);
    st_col_text(s, 2, buf, sizeof buf);
    if (date_parse_ts(buf, &q->expiry_ms, &what, &off) != 0)
        q->expiry_ms = 0;
    q->strike = sqlite3_column_double(s, 3);
    st_col_text(s, 4, buf, sizeof buf);
    q->is_call = strcmp(buf, "call") == 0;
    st_col_text(s, 5, buf, sizeof buf);
    q->coin_settled = strcmp(buf, "coin") == 0;
    st_col_text(s, 6, buf, sizeof buf);
    if (buf[0] == '\0' || date_parse_ts(buf, &q->snapshot_ms, &what, &off) != 0)
        q->snapshot_ms = 0;
    q->underlying_price = sqlite3_column_double(s, 7);
    q->index_price = st_col_double(s, 8, NAN);
    q->mark_price = st_col_double(s, 9, NAN);
    q->mark_iv = st_col_double(s, 10, NAN);
    q->iv_implied = sqlite3_column_int(s, 11);
    q->bid_price = st_col_double(s, 12, NAN);
    q->ask_price = st_col_double(s, 13, NAN);
    q->delta = st_col_double(s, 14, NAN);
    q->open_interest = st_col_double(s, 15, NAN);
}

int chain_get(store_t *st, const char *instrument, struct chain_quote *out,
              struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_CHAIN_GET,
                              "SELECT " CHAIN_COLS " FROM option_chain WHERE instrument = ?1",
                              err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, instrument, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        row_to_quote(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return ALLOT_OK;
    if (rc == SQLITE_DONE)
        return err_setf(err, ALLOT_E_NOTFOUND, "%s is not in the option chain", instrument);
    return st_fail(st, rc, err, "reading the option chain");
}

int chain_list(store_t *st, const char *underlying, int64_t after_ms, struct chain_quote **out,
               size_t *n, struct allot_err *err)
{
    char after[32];
    sqlite3_stmt *s = st_stmt(st, STMT_CHAIN_LIST,
                              "SELECT " CHAIN_COLS " FROM option_chain WHERE "
                              "(?1 IS NULL OR underlying = ?1) AND expiry > ?2 "
                              "ORDER BY underlying, expiry, strike, option_type", err);
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (s == NULL)
        return err->code;
    if (underlying != NULL)
        sqlite3_bind_text(s, 1, underlying, -1, SQLITE_STATIC);
    date_format_ts(after_ms / 1000 * 1000, after);   /* whole seconds, as expiries are */
    sqlite3_bind_text(s, 2, after, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = st_grow(*out, *n, &cap, sizeof **out, 128);
        row_to_quote(s, &(*out)[(*n)++]);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(st, rc, err, "reading the option chain");
    }
    return ALLOT_OK;
}
