/* internal.h: what the store's own modules share: the store struct, a
 * statement cache and the mapping of SQLite codes to allot errors. Never
 * included outside src/store. */
#ifndef ALLOT_STORE_INTERNAL_H
#define ALLOT_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/db.h"

/* Cached statements, one slot per query of the store modules. */
enum stmt_id {
    STMT_SETTING_GET, STMT_SETTING_SET, STMT_SETTING_DEL,
    STMT_PORTFOLIO_ID, STMT_PORTFOLIO_ADD, STMT_PORTFOLIO_LIST, STMT_PORTFOLIO_RM,
    STMT_PORTFOLIO_COUNT_POS,
    STMT_POS_LIST, STMT_POS_GET, STMT_POS_FIND, STMT_POS_INSERT, STMT_POS_INSERT_ID,
    STMT_POS_UPDATE, STMT_POS_DELETE,
    STMT_JOURNAL_ADD, STMT_JOURNAL_ROW_ADD, STMT_JOURNAL_LIST, STMT_JOURNAL_ROWS,
    STMT_JOURNAL_LAST, STMT_JOURNAL_MARK_UNDONE,
    STMT_PRICE_INSERT, STMT_PRICE_BATCH, STMT_PRICE_REPLACE, STMT_PRICE_GET, STMT_PRICE_LOAD_SYM,
    STMT_PRICE_SYMBOLS, STMT_PRICE_LAST,
    STMT_ASSET_GET, STMT_ASSET_PUT_DEFAULT, STMT_ASSET_SET,
    STMT_QUOTE_PUT, STMT_QUOTE_GET, STMT_QUOTE_LIST,
    STMT_CHAIN_PUT, STMT_CHAIN_GET, STMT_CHAIN_LIST,
    STMT_COUNT
};

struct store {
    sqlite3 *db;
    char *path;
    int readonly;
    int in_tx;
    int busy_ms;
    int64_t journal_seq;        /* rows written into the open journal entry */
    sqlite3_stmt *stmt[STMT_COUNT];
};

/* The cached statement for id, prepared from sql on first use and reset
 * (bindings cleared) on every call. Returns NULL with err set on failure. */
sqlite3_stmt *st_stmt(store_t *st, enum stmt_id id, const char *sql, struct allot_err *err);

/* Map a SQLite result code to an allot error, with context ("adding a
 * position") and SQLite's message. BUSY/LOCKED become ALLOT_E_BUSY,
 * READONLY "store is read-only", CORRUPT/NOTADB "store is corrupt". */
int st_fail(store_t *st, int rc, struct allot_err *err, const char *context);

/* Column helpers: a NULL column reads as the given default. */
double st_col_double(sqlite3_stmt *s, int col, double dflt);
void st_col_text(sqlite3_stmt *s, int col, char *out, size_t n);

/* 1 if name can name a portfolio or a proposal (typed on command lines
 * and printed): 1-64 letters, digits, '-', '_' or '.'; else 0. */
int st_name_ok(const char *name);

/* Room for element n of arr (capacity *cap, of size bytes each): the
 * array, grown (to first, then doubling) when n == *cap. */
void *st_grow(void *arr, size_t n, size_t *cap, size_t size, size_t first);

#endif
