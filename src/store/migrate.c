#include <config.h>
#include "store/migrate.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/internal.h"

/* Version 1: the first schema. Instants are ISO 8601 UTC text
 * ("2024-01-02T08:00:00Z") and position dates ISO text, so the file reads
 * well in the sqlite3 shell; the prices table, which holds millions of
 * rows, keys its dates as the integer YYYYMMDD (20240102): still readable,
 * ordered, and a third of the key size. */
static const char schema_v1[] =
    "CREATE TABLE portfolios("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE CHECK(length(name) BETWEEN 1 AND 64),"
    "  created TEXT NOT NULL);"
    "CREATE TABLE positions("
    "  id INTEGER PRIMARY KEY,"
    "  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id),"
    "  kind TEXT NOT NULL CHECK(kind IN ('spot','perp','future','inverse-perp',"
    "    'inverse-future','option','coin-option')),"
    "  instrument TEXT NOT NULL CHECK(length(instrument) BETWEEN 1 AND 63),"
    "  underlying TEXT NOT NULL CHECK(length(underlying) BETWEEN 1 AND 31),"
    "  quantity REAL NOT NULL CHECK(quantity <> 0),"
    "  entry_price REAL NOT NULL CHECK(entry_price > 0),"
    "  fee_usd REAL NOT NULL DEFAULT 0 CHECK(fee_usd >= 0),"
    "  open_date TEXT,"
    "  expiry TEXT,"
    "  strike REAL,"
    "  option_type TEXT CHECK(option_type IN ('call','put')),"
    "  multiplier REAL NOT NULL DEFAULT 1 CHECK(multiplier > 0),"
    "  iv REAL CHECK(iv IS NULL OR (iv > 0 AND iv <= 10)),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  UNIQUE(portfolio_id, instrument));"
    "CREATE TABLE prices("
    "  symbol TEXT NOT NULL,"
    "  date INTEGER NOT NULL CHECK(date BETWEEN 10000101 AND 99991231),"
    "  close REAL NOT NULL CHECK(close > 0),"
    "  PRIMARY KEY(symbol, date)) WITHOUT ROWID;"
    "CREATE TABLE assets("
    "  symbol TEXT PRIMARY KEY,"
    "  class TEXT NOT NULL DEFAULT 'crypto'"
    "    CHECK(class IN ('crypto','stablecoin','equity','fx','rate','index','other')),"
    "  days_per_year INTEGER NOT NULL DEFAULT 365 CHECK(days_per_year IN (252, 365)));"
    "CREATE TABLE quotes("
    "  symbol TEXT PRIMARY KEY,"
    "  price REAL NOT NULL CHECK(price > 0),"
    "  iv REAL CHECK(iv IS NULL OR iv > 0),"
    "  ts TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE option_chain("
    "  instrument TEXT PRIMARY KEY,"
    "  underlying TEXT NOT NULL,"
    "  expiry TEXT NOT NULL,"
    "  strike REAL NOT NULL CHECK(strike > 0),"
    "  option_type TEXT NOT NULL CHECK(option_type IN ('call','put')),"
    "  settlement TEXT NOT NULL CHECK(settlement IN ('coin','usd')),"
    "  snapshot TEXT,"
    "  underlying_price REAL NOT NULL CHECK(underlying_price > 0),"
    "  index_price REAL, mark_price REAL, mark_iv REAL,"
    "  iv_solved INTEGER NOT NULL DEFAULT 0,"
    "  bid_price REAL, ask_price REAL, delta REAL, open_interest REAL);"
    "CREATE INDEX option_chain_underlying ON option_chain(underlying, expiry, strike);"
    "CREATE TABLE settings("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL);"
    "CREATE TABLE journal("
    "  id INTEGER PRIMARY KEY,"
    "  ts TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  summary TEXT NOT NULL DEFAULT '',"
    "  undoes INTEGER REFERENCES journal(id),"
    "  undone_by INTEGER REFERENCES journal(id));"
    "CREATE TABLE journal_rows("
    "  journal_id INTEGER NOT NULL REFERENCES journal(id),"
    "  seq INTEGER NOT NULL,"
    "  side TEXT NOT NULL CHECK(side IN ('before','after')),"
    "  position_id INTEGER NOT NULL,"
    "  portfolio_id INTEGER NOT NULL,"
    "  kind TEXT NOT NULL, instrument TEXT NOT NULL, underlying TEXT NOT NULL,"
    "  quantity REAL NOT NULL, entry_price REAL NOT NULL, fee_usd REAL NOT NULL,"
    "  open_date TEXT, expiry TEXT, strike REAL, option_type TEXT,"
    "  multiplier REAL NOT NULL, iv REAL, note TEXT NOT NULL,"
    "  PRIMARY KEY(journal_id, seq, side)) WITHOUT ROWID;"
    "CREATE TABLE proposals("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE CHECK(length(name) BETWEEN 1 AND 64),"
    "  created TEXT NOT NULL,"
    "  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id),"
    "  method TEXT NOT NULL,"
    "  params TEXT NOT NULL DEFAULT '',"
    "  applied_journal INTEGER REFERENCES journal(id));"
    "CREATE TABLE proposal_trades("
    "  proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  side TEXT NOT NULL CHECK(side IN ('buy','sell')),"
    "  quantity REAL NOT NULL CHECK(quantity > 0),"
    "  price REAL NOT NULL, fee_usd REAL NOT NULL, notional_usd REAL NOT NULL,"
    "  kind TEXT NOT NULL, instrument TEXT NOT NULL, underlying TEXT NOT NULL,"
    "  expiry TEXT, strike REAL, option_type TEXT, multiplier REAL NOT NULL, iv REAL,"
    "  PRIMARY KEY(proposal_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE proposal_figures("
    "  proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL, before REAL, after REAL, unit TEXT NOT NULL,"
    "  PRIMARY KEY(proposal_id, seq)) WITHOUT ROWID;";

static const char *const steps[STORE_SCHEMA_VERSION] = {
    schema_v1,
};

static int read_version(store_t *st, long *version, struct allot_err *err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, err, "reading the schema version");
    rc = sqlite3_step(s);
    *version = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? ALLOT_OK : st_fail(st, rc, err, "reading the schema version");
}

int migrate_run(store_t *st, struct allot_err *err)
{
    for (;;) {
        long version;
        char sql[128];
        int rc;

        if (store_begin(st, err) != 0)
            return err->code;
        if (read_version(st, &version, err) != 0)
            goto fail;
        if (version >= STORE_SCHEMA_VERSION) {
            store_rollback(st);
            return ALLOT_OK;
        }
        /* steps[] holds string constants (sql-build-ok) */
        rc = sqlite3_exec(st->db, steps[version], NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            st_fail(st, rc, err, "upgrading the store schema");
            goto fail;
        }
        /* PRAGMA takes no parameters: two integers formatted, never data
         * (sql-build-ok) */
        snprintf(sql, sizeof sql, "PRAGMA user_version=%ld; PRAGMA application_id=%d",
                 version + 1, STORE_APPLICATION_ID);
        rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            st_fail(st, rc, err, "upgrading the store schema");
            goto fail;
        }
        if (store_commit(st, err) != 0)
            return err->code;
    }
fail:
    store_rollback(st);
    return err->code;
}
