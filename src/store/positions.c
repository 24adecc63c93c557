#include <config.h>
#include "store/positions.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/date.h"
#include "util/str.h"

static void now_iso(store_t *st, char out[32])
{
    (void)st;
    date_format_ts(date_now_ms() / 1000 * 1000, out);
}

int portfolio_create(store_t *st, int64_t jid, const char *name, int64_t *id,
                     struct allot_err *err)
{
    sqlite3_stmt *s;
    char ts[32];
    int rc;

    (void)jid;
    if (!st_name_ok(name))
        return err_setf(err, ALLOT_E_INPUT,
                        "portfolio name \"%.64s\" is not valid: use 1-64 letters, digits, "
                        "'-', '_' or '.'", name);
    if (portfolio_find(st, name, id, err) == 0)
        return err_setf(err, ALLOT_E_INPUT, "portfolio %s already exists", name);
    if (err->code != ALLOT_E_NOTFOUND)
        return err->code;
    err_clear(err);
    s = st_stmt(st, STMT_PORTFOLIO_ADD, "INSERT INTO portfolios(name, created) VALUES (?1, ?2)",
                err);
    if (s == NULL)
        return err->code;
    now_iso(st, ts);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, ts, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "creating a portfolio");
    if (id != NULL)
        *id = sqlite3_last_insert_rowid(st->db);
    return ALLOT_OK;
}

int portfolio_find(store_t *st, const char *name, int64_t *id, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_PORTFOLIO_ID, "SELECT id FROM portfolios WHERE name = ?1",
                              err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (id != NULL)
            *id = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        return ALLOT_OK;
    }
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return err_setf(err, ALLOT_E_NOTFOUND, "no portfolio named %.64s", name);
    return st_fail(st, rc, err, "finding a portfolio");
}

int portfolio_list(store_t *st, struct portfolio_info **out, size_t *n, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_PORTFOLIO_LIST,
                              "SELECT p.id, p.name, p.created, "
                              "(SELECT count(*) FROM positions q WHERE q.portfolio_id = p.id) "
                              "FROM portfolios p ORDER BY p.name", err);
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (s == NULL)
        return err->code;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct portfolio_info *pi;
        *out = st_grow(*out, *n, &cap, sizeof **out, 8);
        pi = &(*out)[(*n)++];
        pi->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, pi->name, sizeof pi->name);
        st_col_text(s, 2, pi->created, sizeof pi->created);
        pi->n_positions = (long)sqlite3_column_int64(s, 3);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(st, rc, err, "listing portfolios");
    }
    return ALLOT_OK;
}

int portfolio_remove(store_t *st, int64_t jid, const char *name, struct allot_err *err)
{
    sqlite3_stmt *s;
    int64_t id;
    long npos;
    int rc;

    (void)jid;
    if (portfolio_find(st, name, &id, err) != 0)
        return err->code;
    s = st_stmt(st, STMT_PORTFOLIO_COUNT_POS,
                "SELECT count(*) FROM positions WHERE portfolio_id = ?1", err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    npos = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return st_fail(st, rc, err, "removing a portfolio");
    if (npos > 0)
        return err_setf(err, ALLOT_E_INPUT,
                        "portfolio %s still holds %ld position%s; remove them first "
                        "(allot position rm)", name, npos, npos == 1 ? "" : "s");
    s = st_stmt(st, STMT_PORTFOLIO_RM, "DELETE FROM portfolios WHERE id = ?1", err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "removing a portfolio");
    return ALLOT_OK;
}

/* ---- rows <-> struct position ---- */

#define POS_COLS "id, portfolio_id, kind, instrument, underlying, quantity, entry_price, " \
                 "fee_usd, open_date, expiry, strike, option_type, multiplier, iv, note"

/* Read a row selected with POS_COLS starting at column c0. */
static void row_to_position(sqlite3_stmt *s, int c0, struct position *p, int64_t *portfolio_id)
{
    char buf[64];
    const char *what;
    size_t off;

    position_init(p);
    p->id = sqlite3_column_int64(s, c0 + 0);
    if (portfolio_id != NULL)
        *portfolio_id = sqlite3_column_int64(s, c0 + 1);
    st_col_text(s, c0 + 2, buf, sizeof buf);
    if (inst_kind_parse(buf, &p->kind) != 0)
        p->kind = INST_SPOT;    /* the CHECK constraint makes this unreachable */
    st_col_text(s, c0 + 3, p->instrument, sizeof p->instrument);
    st_col_text(s, c0 + 4, p->underlying, sizeof p->underlying);
    p->quantity = sqlite3_column_double(s, c0 + 5);
    p->entry_price = sqlite3_column_double(s, c0 + 6);
    p->fee_usd = sqlite3_column_double(s, c0 + 7);
    st_col_text(s, c0 + 8, buf, sizeof buf);
    if (buf[0] == '\0' || date_parse_day(buf, &p->open_day, &what, &off) != 0)
        p->open_day = DATE_NONE;
    st_col_text(s, c0 + 9, buf, sizeof buf);
    if (buf[0] == '\0' || date_parse_ts(buf, &p->expiry_ms, &what, &off) != 0)
        p->expiry_ms = 0;
    p->strike = st_col_double(s, c0 + 10, 0.0);
    st_col_text(s, c0 + 11, buf, sizeof buf);
    p->is_call = strcmp(buf, "call") == 0;
    p->multiplier = st_col_double(s, c0 + 12, 1.0);
    p->iv = st_col_double(s, c0 + 13, NAN);
    st_col_text(s, c0 + 14, p->note, sizeof p->note);
}

/* Bind the columns after id and portfolio_id (kind .. note) from column
 * index b0 onwards. The text buffers must outlive the step. */
struct pos_text {
    char open_date[16], expiry[32];
};

static void bind_position(sqlite3_stmt *s, int b0, const struct position *p,
                          struct pos_text *t)
{
    sqlite3_bind_text(s, b0 + 0, inst_kind_name(p->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, b0 + 1, p->instrument, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, b0 + 2, p->underlying, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, b0 + 3, p->quantity);
    sqlite3_bind_double(s, b0 + 4, p->entry_price);
    sqlite3_bind_double(s, b0 + 5, p->fee_usd);
    if (p->open_day != DATE_NONE) {
        date_format_day(p->open_day, t->open_date);
        sqlite3_bind_text(s, b0 + 6, t->open_date, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(s, b0 + 6);
    }
    if (p->expiry_ms != 0) {
        date_format_ts(p->expiry_ms, t->expiry);
        sqlite3_bind_text(s, b0 + 7, t->expiry, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(s, b0 + 7);
    }
    if (inst_is_option(p->kind)) {
        sqlite3_bind_double(s, b0 + 8, p->strike);
        sqlite3_bind_text(s, b0 + 9, p->is_call ? "call" : "put", -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(s, b0 + 8);
        sqlite3_bind_null(s, b0 + 9);
    }
    sqlite3_bind_double(s, b0 + 10, p->multiplier);
    if (isnan(p->iv))
        sqlite3_bind_null(s, b0 + 11);
    else
        sqlite3_bind_double(s, b0 + 11, p->iv);
    sqlite3_bind_text(s, b0 + 12, p->note, -1, SQLITE_STATIC);
}

static int same_position(const struct position *a, const struct position *b)
{
    return a->kind == b->kind && strcmp(a->instrument, b->instrument) == 0 &&
           strcmp(a->underlying, b->underlying) == 0 && a->quantity == b->quantity &&
           a->entry_price == b->entry_price && a->fee_usd == b->fee_usd &&
           a->open_day == b->open_day && a->expiry_ms == b->expiry_ms &&
           a->strike == b->strike && (!inst_is_option(a->kind) || a->is_call == b->is_call) &&
           a->multiplier == b->multiplier &&
           (a->iv == b->iv || (isnan(a->iv) && isnan(b->iv))) && strcmp(a->note, b->note) == 0;
}

/* ---- journal rows ---- */



static int journal_row(store_t *st, int64_t jid, int64_t seq, const char *side,
                       int64_t portfolio_id, const struct position *p, struct allot_err *err)
{
    struct pos_text t;
    sqlite3_stmt *s = st_stmt(st, STMT_JOURNAL_ROW_ADD,
                              "INSERT INTO journal_rows(journal_id, seq, side, position_id, "
                              "portfolio_id, kind, instrument, underlying, quantity, "
                              "entry_price, fee_usd, open_date, expiry, strike, option_type, "
                              "multiplier, iv, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                              "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)", err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, jid);
    sqlite3_bind_int64(s, 2, seq);
    sqlite3_bind_text(s, 3, side, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, p->id);
    sqlite3_bind_int64(s, 5, portfolio_id);
    bind_position(s, 6, p, &t);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "writing the journal");
    return ALLOT_OK;
}

int journal_begin(store_t *st, const char *action, const char *summary, int64_t *jid,
                  struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_JOURNAL_ADD,
                              "INSERT INTO journal(ts, action, summary) VALUES (?1, ?2, ?3)",
                              err);
    char ts[32];
    int rc;
    if (s == NULL)
        return err->code;
    now_iso(st, ts);
    sqlite3_bind_text(s, 1, ts, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, summary ? summary : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "writing the journal");
    *jid = sqlite3_last_insert_rowid(st->db);
    st->journal_seq = 0;
    return ALLOT_OK;
}

int journal_set_summary(store_t *st, int64_t jid, const char *summary, struct allot_err *err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db, "UPDATE journal SET summary = ?1 WHERE id = ?2", -1, &s,
                                NULL);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, err, "writing the journal");
    sqlite3_bind_text(s, 1, summary, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, jid);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? ALLOT_OK : st_fail(st, rc, err, "writing the journal");
}

/* ---- positions ---- */

int positions_list(store_t *st, int64_t portfolio_id, struct position **out, size_t *n,
                   struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_POS_LIST,
                              "SELECT " POS_COLS " FROM positions WHERE portfolio_id = ?1 "
                              "ORDER BY underlying, kind, expiry, strike, instrument", err);
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, portfolio_id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = st_grow(*out, *n, &cap, sizeof **out, 16);
        row_to_position(s, 0, &(*out)[(*n)++], NULL);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(st, rc, err, "listing positions");
    }
    return ALLOT_OK;
}

int positions_get(store_t *st, int64_t portfolio_id, int64_t id, const char *name,
                  struct position *out, struct allot_err *err)
{
    sqlite3_stmt *s;
    int rc;

    if (id != 0) {
        s = st_stmt(st, STMT_POS_GET,
                    "SELECT " POS_COLS " FROM positions WHERE id = ?1 AND portfolio_id = ?2",
                    err);
        if (s == NULL)
            return err->code;
        sqlite3_bind_int64(s, 1, id);
    } else {
        s = st_stmt(st, STMT_POS_FIND,
                    "SELECT " POS_COLS " FROM positions WHERE instrument = ?1 "
                    "AND portfolio_id = ?2", err);
        if (s == NULL)
            return err->code;
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(s, 2, portfolio_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        row_to_position(s, 0, out, NULL);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return ALLOT_OK;
    if (rc == SQLITE_DONE) {
        if (id != 0)
            return err_setf(err, ALLOT_E_NOTFOUND, "no position with id %lld in this portfolio",
                            (long long)id);
        return err_setf(err, ALLOT_E_NOTFOUND, "no position in %.63s in this portfolio", name);
    }
    return st_fail(st, rc, err, "reading a position");
}

static int insert_row(store_t *st, int64_t portfolio_id, struct position *p, int keep_id,
                      struct allot_err *err)
{
    struct pos_text t;
    sqlite3_stmt *s;
    int rc;

    if (keep_id)
        s = st_stmt(st, STMT_POS_INSERT_ID,
                    "INSERT INTO positions(id, portfolio_id, kind, instrument, underlying, "
                    "quantity, entry_price, fee_usd, open_date, expiry, strike, option_type, "
                    "multiplier, iv, note) VALUES (?15, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                    "?10, ?11, ?12, ?13, ?14)", err);
    else
        s = st_stmt(st, STMT_POS_INSERT,
                    "INSERT INTO positions(portfolio_id, kind, instrument, underlying, "
                    "quantity, entry_price, fee_usd, open_date, expiry, strike, option_type, "
                    "multiplier, iv, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                    "?11, ?12, ?13, ?14)", err);
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, portfolio_id);
    bind_position(s, 2, p, &t);
    if (keep_id)
        sqlite3_bind_int64(s, 15, p->id);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_CONSTRAINT)
        return err_setf(err, ALLOT_E_INPUT, "the portfolio already holds a position in %s",
                        p->instrument);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "adding a position");
    if (!keep_id)
        p->id = sqlite3_last_insert_rowid(st->db);
    return ALLOT_OK;
}

int positions_insert(store_t *st, int64_t jid, int64_t portfolio_id, struct position *p,
                     struct allot_err *err)
{
    if (position_validate(p, err) != 0)
        return err->code;
    if (insert_row(st, portfolio_id, p, 0, err) != 0)
        return err->code;
    return journal_row(st, jid, ++st->journal_seq, "after", portfolio_id, p, err);
}

static int update_row(store_t *st, const struct position *p, struct allot_err *err)
{
    struct pos_text t;
    sqlite3_stmt *s = st_stmt(st, STMT_POS_UPDATE,
                              "UPDATE positions SET kind = ?2, instrument = ?3, underlying = ?4, "
                              "quantity = ?5, entry_price = ?6, fee_usd = ?7, open_date = ?8, "
                              "expiry = ?9, strike = ?10, option_type = ?11, multiplier = ?12, "
                              "iv = ?13, note = ?14 WHERE id = ?1", err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, p->id);
    bind_position(s, 2, p, &t);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_CONSTRAINT)
        return err_setf(err, ALLOT_E_INPUT, "the portfolio already holds a position in %s",
                        p->instrument);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "updating a position");
    if (sqlite3_changes(st->db) != 1)
        return err_setf(err, ALLOT_E_NOTFOUND, "no position with id %lld", (long long)p->id);
    return ALLOT_OK;
}

/* The stored row of position id regardless of portfolio. */
static int get_any(store_t *st, int64_t id, struct position *out, int64_t *portfolio_id,
                   struct allot_err *err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db, "SELECT " POS_COLS " FROM positions WHERE id = ?1", -1,
                                &s, NULL);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, err, "reading a position");
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        row_to_position(s, 0, out, portfolio_id);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return ALLOT_OK;
    if (rc == SQLITE_DONE)
        return err_setf(err, ALLOT_E_NOTFOUND, "no position with id %lld", (long long)id);
    return st_fail(st, rc, err, "reading a position");
}

int positions_update(store_t *st, int64_t jid, int64_t portfolio_id, const struct position *p,
                     struct allot_err *err)
{
    struct position before;
    int64_t pf;
    int64_t seq;

    if (position_validate(p, err) != 0)
        return err->code;
    if (get_any(st, p->id, &before, &pf, err) != 0)
        return err->code;
    if (pf != portfolio_id)
        return err_setf(err, ALLOT_E_NOTFOUND, "no position with id %lld in this portfolio",
                        (long long)p->id);
    if (update_row(st, p, err) != 0)
        return err->code;
    seq = ++st->journal_seq;
    if (journal_row(st, jid, seq, "before", portfolio_id, &before, err) != 0)
        return err->code;
    return journal_row(st, jid, seq, "after", portfolio_id, p, err);
}

static int delete_row(store_t *st, int64_t id, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_POS_DELETE, "DELETE FROM positions WHERE id = ?1", err);
    int rc;
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, err, "removing a position");
    return ALLOT_OK;
}

int positions_delete(store_t *st, int64_t jid, int64_t id, struct allot_err *err)
{
    struct position before;
    int64_t pf;

    if (get_any(st, id, &before, &pf, err) != 0)
        return err->code;
    if (delete_row(st, id, err) != 0)
        return err->code;
    return journal_row(st, jid, ++st->journal_seq, "before", pf, &before, err);
}

/* ---- journal reading and undo ---- */

int journal_list(store_t *st, size_t limit, struct journal_entry **out, size_t *n,
                 struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_JOURNAL_LIST,
                              "SELECT j.id, j.ts, j.action, j.summary, j.undoes, j.undone_by, "
                              "(SELECT count(DISTINCT seq) FROM journal_rows r "
                              " WHERE r.journal_id = j.id) "
                              "FROM journal j ORDER BY j.id DESC LIMIT ?1", err);
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, limit ? (sqlite3_int64)limit : -1);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct journal_entry *e;
        *out = st_grow(*out, *n, &cap, sizeof **out, 16);
        e = &(*out)[(*n)++];
        e->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, e->ts, sizeof e->ts);
        st_col_text(s, 2, e->action, sizeof e->action);
        st_col_text(s, 3, e->summary, sizeof e->summary);
        e->undoes = sqlite3_column_int64(s, 4);
        e->undone_by = sqlite3_column_int64(s, 5);
        e->n_changes = (long)sqlite3_column_int64(s, 6);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(st, rc, err, "reading the journal");
    }
    return ALLOT_OK;
}

struct change {
    int64_t seq, portfolio_id;
    int has_before, has_after;
    struct position before, after;
};

static int load_changes(store_t *st, int64_t jid, struct change **out, size_t *n,
                        struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_JOURNAL_ROWS,
                              "SELECT seq, side, position_id, portfolio_id, kind, instrument, "
                              "underlying, quantity, entry_price, fee_usd, open_date, expiry, "
                              "strike, option_type, multiplier, iv, note FROM journal_rows "
                              "WHERE journal_id = ?1 ORDER BY seq, side", err);
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (s == NULL)
        return err->code;
    sqlite3_bind_int64(s, 1, jid);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(s, 0);
        const char *side = (const char *)sqlite3_column_text(s, 1);
        struct change *c;
        if (*n == 0 || (*out)[*n - 1].seq != seq) {
            *out = st_grow(*out, *n, &cap, sizeof **out, 16);
            c = &(*out)[(*n)++];
            memset(c, 0, sizeof *c);
            c->seq = seq;
        }
        c = &(*out)[*n - 1];
        if (side != NULL && strcmp(side, "before") == 0) {
            row_to_position(s, 2, &c->before, &c->portfolio_id);
            c->has_before = 1;
        } else {
            row_to_position(s, 2, &c->after, &c->portfolio_id);
            c->has_after = 1;
        }
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        return st_fail(st, rc, err, "reading the journal");
    }
    return ALLOT_OK;
}

static int find_last_undoable(store_t *st, int64_t *jid, struct allot_err *err)
{
    sqlite3_stmt *s = st_stmt(st, STMT_JOURNAL_LAST,
                              "SELECT id FROM journal j WHERE undoes IS NULL AND "
                              "undone_by IS NULL AND EXISTS (SELECT 1 FROM journal_rows r "
                              "WHERE r.journal_id = j.id) ORDER BY id DESC LIMIT 1", err);
    int rc;
    if (s == NULL)
        return err->code;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *jid = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return ALLOT_OK;
    if (rc == SQLITE_DONE)
        return err_setf(err, ALLOT_E_NOTFOUND, "nothing to undo");
    return st_fail(st, rc, err, "reading the journal");
}

static int check_current(store_t *st, int64_t jid, const struct position *want,
                         struct allot_err *err)
{
    struct position cur;
    int64_t pf;
    struct allot_err e2;

    err_clear(&e2);
    if (get_any(st, want->id, &cur, &pf, &e2) != 0 || !same_position(&cur, want))
        return err_setf(err, ALLOT_E_INPUT,
                        "cannot undo journal entry %lld: position %lld (%s) changed since; "
                        "undo the later entries first (allot undo --list)", (long long)jid,
                        (long long)want->id, want->instrument);
    return ALLOT_OK;
}

int journal_undo(store_t *st, int64_t jid, int64_t *undone_jid, int64_t *undo_jid,
                 struct allot_err *err)
{
    struct change *ch = NULL;
    size_t n = 0;
    int64_t ujid;
    char summary[96];
    sqlite3_stmt *s;
    int rc;

    if (jid == 0 && find_last_undoable(st, &jid, err) != 0)
        return err->code;
    {
        struct journal_entry *all;
        size_t na, i;
        if (journal_list(st, 0, &all, &na, err) != 0)
            return err->code;
        for (i = 0; i < na && all[i].id != jid; i++)
            ;
        if (i == na) {
            free(all);
            return err_setf(err, ALLOT_E_NOTFOUND, "no journal entry %lld", (long long)jid);
        }
        if (all[i].undone_by != 0) {
            rc = err_setf(err, ALLOT_E_INPUT, "journal entry %lld was already undone by %lld",
                          (long long)jid, (long long)all[i].undone_by);
            free(all);
            return rc;
        }
        free(all);
    }
    if (load_changes(st, jid, &ch, &n, err) != 0)
        return err->code;
    if (n == 0) {
        free(ch);
        return err_setf(err, ALLOT_E_INPUT, "journal entry %lld changed no positions",
                        (long long)jid);
    }
    snprintf(summary, sizeof summary, "undo of entry %lld", (long long)jid);
    if (journal_begin(st, "undo", summary, &ujid, err) != 0)
        goto fail;
    /* Reverse order, so a later change of one position is undone first. */
    for (size_t k = n; k-- > 0;) {
        struct change *c = &ch[k];
        if (c->has_after && check_current(st, jid, &c->after, err) != 0)
            goto fail;
        if (c->has_after && c->has_before) {
            if (update_row(st, &c->before, err) != 0)
                goto fail;
            if (journal_row(st, ujid, ++st->journal_seq, "before", c->portfolio_id, &c->after,
                            err) != 0 ||
                journal_row(st, ujid, st->journal_seq, "after", c->portfolio_id, &c->before,
                            err) != 0)
                goto fail;
        } else if (c->has_after) {
            if (delete_row(st, c->after.id, err) != 0 ||
                journal_row(st, ujid, ++st->journal_seq, "before", c->portfolio_id, &c->after,
                            err) != 0)
                goto fail;
        } else {
            struct position p = c->before;
            if (insert_row(st, c->portfolio_id, &p, 1, err) != 0) {
                err_prefix(err, "cannot undo journal entry %lld: ", (long long)jid);
                goto fail;
            }
            if (journal_row(st, ujid, ++st->journal_seq, "after", c->portfolio_id, &p, err) != 0)
                goto fail;
        }
    }
    s = st_stmt(st, STMT_JOURNAL_MARK_UNDONE,
                "UPDATE journal SET undone_by = ?1 WHERE id = ?2", err);
    if (s == NULL)
        goto fail;
    sqlite3_bind_int64(s, 1, ujid);
    sqlite3_bind_int64(s, 2, jid);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        st_fail(st, rc, err, "writing the journal");
        goto fail;
    }
    rc = sqlite3_prepare_v2(st->db, "UPDATE journal SET undoes = ?1 WHERE id = ?2", -1, &s,
                            NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, jid);
        sqlite3_bind_int64(s, 2, ujid);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
    }
    if (rc != SQLITE_DONE) {
        st_fail(st, rc, err, "writing the journal");
        goto fail;
    }
    free(ch);
    if (undone_jid)
        *undone_jid = jid;
    if (undo_jid)
        *undo_jid = ujid;
    return ALLOT_OK;
fail:
    free(ch);
    return err->code ? err->code : ALLOT_E_STORE;
}
