#include <config.h>
#include "store/proposals.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/positions.h"
#include "util/date.h"
#include "util/str.h"

static int exec_bound(store_t *st, sqlite3_stmt *s, const char *ctx, struct allot_err *err)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? ALLOT_OK : st_fail(st, rc, err, ctx);
}

static int prepare(store_t *st, const char *sql, sqlite3_stmt **s, struct allot_err *err)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
    return rc == SQLITE_OK ? ALLOT_OK : st_fail(st, rc, err, "preparing a query");
}

/* The applied entry of a proposal and whether it still stands. */
static int applied_state(store_t *st, const char *name, int64_t *id, int64_t *jid, int *standing,
                         struct allot_err *err)
{
    sqlite3_stmt *s;
    int rc;
    if (prepare(st, "SELECT p.id, p.applied_journal, j.undone_by FROM proposals p "
                    "LEFT JOIN journal j ON j.id = p.applied_journal WHERE p.name = ?1",
                &s, err) != 0)
        return err->code;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        *jid = sqlite3_column_int64(s, 1);
        *standing = *jid != 0 && sqlite3_column_type(s, 2) == SQLITE_NULL;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return ALLOT_OK;
    if (rc == SQLITE_DONE)
        return err_setf(err, ALLOT_E_NOTFOUND, "no proposal named %.64s", name);
    return st_fail(st, rc, err, "reading proposals");
}

int proposal_save(store_t *st, const char *name, int64_t portfolio_id,
                  const struct tradelist *tl, struct allot_err *err)
{
    sqlite3_stmt *s;
    int64_t id, jid;
    int standing;
    char ts[32];
    struct allot_err e2;

    if (!st_name_ok(name))
        return err_setf(err, ALLOT_E_INPUT, "proposal name \"%.64s\" is not valid: use 1-64 "
                        "letters, digits, '-', '_' or '.'", name);
    err_clear(&e2);
    if (applied_state(st, name, &id, &jid, &standing, &e2) == 0) {
        if (standing)
            return err_setf(err, ALLOT_E_INPUT, "proposal %s is applied (journal entry %lld); "
                            "undo it or save under another name", name, (long long)jid);
        if (prepare(st, "DELETE FROM proposals WHERE id = ?1", &s, err) != 0)
            return err->code;
        sqlite3_bind_int64(s, 1, id);
        if (exec_bound(st, s, "replacing a proposal", err) != 0)
            return err->code;
    } else if (e2.code != ALLOT_E_NOTFOUND) {
        *err = e2;
        return err->code;
    }
    date_format_ts(date_now_ms() / 1000 * 1000, ts);
    if (prepare(st, "INSERT INTO proposals(name, created, portfolio_id, method, params) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)", &s, err) != 0)
        return err->code;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, ts, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, portfolio_id);
    sqlite3_bind_text(s, 4, tl->method, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, tl->params, -1, SQLITE_STATIC);
    if (exec_bound(st, s, "saving a proposal", err) != 0)
        return err->code;
    id = sqlite3_last_insert_rowid(st->db);
    for (size_t i = 0; i < tl->n_trades; i++) {
        const struct tradelist_trade *t = &tl->trades[i];
        char ex[32];
        if (prepare(st, "INSERT INTO proposal_trades(proposal_id, seq, side, quantity, price, "
                        "fee_usd, notional_usd, kind, instrument, underlying, expiry, strike, "
                        "option_type, multiplier, iv) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                        "?9, ?10, ?11, ?12, ?13, ?14, ?15)", &s, err) != 0)
            return err->code;
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        sqlite3_bind_text(s, 3, t->side == TRADE_BUY ? "buy" : "sell", -1, SQLITE_STATIC);
        sqlite3_bind_double(s, 4, t->quantity);
        sqlite3_bind_double(s, 5, t->price);
        sqlite3_bind_double(s, 6, t->fee_usd);
        sqlite3_bind_double(s, 7, t->notional_usd);
        sqlite3_bind_text(s, 8, inst_kind_name(t->inst.kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 9, t->inst.instrument, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 10, t->inst.underlying, -1, SQLITE_STATIC);
        if (t->inst.expiry_ms != 0) {
            date_format_ts(t->inst.expiry_ms, ex);
            sqlite3_bind_text(s, 11, ex, -1, SQLITE_STATIC);
        }
        if (inst_is_option(t->inst.kind)) {
            sqlite3_bind_double(s, 12, t->inst.strike);
            sqlite3_bind_text(s, 13, t->inst.is_call ? "call" : "put", -1, SQLITE_STATIC);
        }
        sqlite3_bind_double(s, 14, t->inst.multiplier);
        if (!isnan(t->inst.iv))
            sqlite3_bind_double(s, 15, t->inst.iv);
        if (exec_bound(st, s, "saving a proposal", err) != 0)
            return err->code;
    }
    for (size_t i = 0; i < tl->n_figures; i++) {
        const struct tradelist_figure *f = &tl->figures[i];
        if (prepare(st, "INSERT INTO proposal_figures(proposal_id, seq, name, before, after, "
                        "unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, err) != 0)
            return err->code;
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        sqlite3_bind_text(s, 3, f->name, -1, SQLITE_STATIC);
        if (isnan(f->before))
            sqlite3_bind_null(s, 4);
        else
            sqlite3_bind_double(s, 4, f->before);
        if (isnan(f->after))
            sqlite3_bind_null(s, 5);
        else
            sqlite3_bind_double(s, 5, f->after);
        sqlite3_bind_text(s, 6, f->unit, -1, SQLITE_STATIC);
        if (exec_bound(st, s, "saving a proposal", err) != 0)
            return err->code;
    }
    return ALLOT_OK;
}

int proposal_load(store_t *st, const char *name, struct tradelist **tlp,
                  struct proposal_info *info, struct allot_err *err)
{
    sqlite3_stmt *s;
    int64_t id, jid;
    int standing, rc;
    char method[TRADELIST_METHOD_MAX], params[TRADELIST_PARAMS_MAX];
    struct tradelist *tl;

    *tlp = NULL;
    if (applied_state(st, name, &id, &jid, &standing, err) != 0)
        return err->code;
    memset(info, 0, sizeof *info);
    str_copy(info->name, sizeof info->name, name);
    info->applied_journal = jid;
    info->applied = standing;
    if (prepare(st, "SELECT created, portfolio_id, method, params FROM proposals WHERE id = ?1",
                &s, err) != 0)
        return err->code;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        st_col_text(s, 0, info->created, sizeof info->created);
        info->portfolio_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, method, sizeof method);
        st_col_text(s, 3, params, sizeof params);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW)
        return st_fail(st, rc, err, "reading a proposal");
    str_copy(info->method, sizeof info->method, method);
    tl = tradelist_new(method, params);
    if (prepare(st, "SELECT side, quantity, price, fee_usd, notional_usd, kind, instrument, "
                    "underlying, expiry, strike, option_type, multiplier, iv FROM "
                    "proposal_trades WHERE proposal_id = ?1 ORDER BY seq", &s, err) != 0)
        goto fail;
    sqlite3_bind_int64(s, 1, id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct tradelist_trade t;
        char buf[64];
        const char *what;
        size_t off;
        memset(&t, 0, sizeof t);
        position_init(&t.inst);
        st_col_text(s, 0, buf, sizeof buf);
        t.side = strcmp(buf, "buy") == 0 ? TRADE_BUY : TRADE_SELL;
        t.quantity = sqlite3_column_double(s, 1);
        t.price = sqlite3_column_double(s, 2);
        t.fee_usd = sqlite3_column_double(s, 3);
        t.notional_usd = sqlite3_column_double(s, 4);
        st_col_text(s, 5, buf, sizeof buf);
        if (inst_kind_parse(buf, &t.inst.kind) != 0)
            t.inst.kind = INST_SPOT;
        st_col_text(s, 6, t.inst.instrument, sizeof t.inst.instrument);
        st_col_text(s, 7, t.inst.underlying, sizeof t.inst.underlying);
        st_col_text(s, 8, buf, sizeof buf);
        if (buf[0] != '\0' && date_parse_ts(buf, &t.inst.expiry_ms, &what, &off) != 0)
            t.inst.expiry_ms = 0;
        t.inst.strike = st_col_double(s, 9, 0.0);
        st_col_text(s, 10, buf, sizeof buf);
        t.inst.is_call = strcmp(buf, "call") == 0;
        t.inst.multiplier = sqlite3_column_double(s, 11);
        t.inst.iv = st_col_double(s, 12, NAN);
        tradelist_add_trade(tl, &t);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        st_fail(st, rc, err, "reading a proposal");
        goto fail;
    }
    info->n_trades = tl->n_trades;
    if (prepare(st, "SELECT name, before, after, unit FROM proposal_figures WHERE "
                    "proposal_id = ?1 ORDER BY seq", &s, err) != 0)
        goto fail;
    sqlite3_bind_int64(s, 1, id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char fname[TRADELIST_FIG_NAME_MAX], unit[TRADELIST_FIG_UNIT_MAX];
        st_col_text(s, 0, fname, sizeof fname);
        st_col_text(s, 3, unit, sizeof unit);
        tradelist_add_figure(tl, fname, st_col_double(s, 1, NAN), st_col_double(s, 2, NAN),
                             unit);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        st_fail(st, rc, err, "reading a proposal");
        goto fail;
    }
    *tlp = tl;
    return ALLOT_OK;
fail:
    tradelist_free(tl);
    return err->code;
}

int proposal_mark_applied(store_t *st, const char *name, int64_t jid, struct allot_err *err)
{
    sqlite3_stmt *s;
    if (prepare(st, "UPDATE proposals SET applied_journal = ?1 WHERE name = ?2", &s, err) != 0)
        return err->code;
    sqlite3_bind_int64(s, 1, jid);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    return exec_bound(st, s, "recording an applied proposal", err);
}

/* Two positions hold the same thing (the id aside). */
static int same(const struct position *a, const struct position *b)
{
    return a->kind == b->kind && a->quantity == b->quantity &&
           a->entry_price == b->entry_price && a->fee_usd == b->fee_usd &&
           a->open_day == b->open_day && a->expiry_ms == b->expiry_ms && a->strike == b->strike &&
           a->is_call == b->is_call && a->multiplier == b->multiplier &&
           (a->iv == b->iv || (isnan(a->iv) && isnan(b->iv))) &&
           strcmp(a->underlying, b->underlying) == 0 && strcmp(a->note, b->note) == 0;
}

/* Write the difference between the book before and after, by instrument. */
static int write_diff(store_t *st, int64_t jid, int64_t portfolio_id, const struct position *before,
                      size_t nb, struct position *after, size_t na, struct proposal_applied *out,
                      struct allot_err *err)
{
    for (size_t i = 0; i < nb; i++) {
        size_t j;
        for (j = 0; j < na && strcmp(after[j].instrument, before[i].instrument) != 0; j++)
            ;
        if (j == na) {
            if (positions_delete(st, jid, before[i].id, err) != 0)
                return err->code;
            out->closed++;
        } else if (!same(&before[i], &after[j])) {
            after[j].id = before[i].id;
            if (positions_update(st, jid, portfolio_id, &after[j], err) != 0)
                return err->code;
            out->changed++;
        }
    }
    for (size_t j = 0; j < na; j++) {
        size_t i;
        for (i = 0; i < nb && strcmp(after[j].instrument, before[i].instrument) != 0; i++)
            ;
        if (i < nb)
            continue;
        after[j].id = 0;
        /* a new position opens on the store's valuation date */
        if (after[j].open_day == DATE_NONE)
            after[j].open_day = (int32_t)(store_now_ms(st) / DATE_MS_PER_DAY);
        if (positions_insert(st, jid, portfolio_id, &after[j], err) != 0)
            return err->code;
        out->added++;
    }
    return ALLOT_OK;
}

int proposal_apply(store_t *st, const char *name, struct proposal_applied *out,
                   struct allot_err *err)
{
    struct tradelist *tl = NULL;
    struct proposal_info info;
    struct position *before = NULL, *after = NULL;
    size_t nb = 0, na = 0;
    char summary[128], action[80];
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = proposal_load(st, name, &tl, &info, err)) != 0)
        return rc;
    if (info.applied) {
        rc = err_setf(err, ALLOT_E_INPUT, "proposal %s is already applied (journal entry "
                      "%lld); allot undo reverses it", name, (long long)info.applied_journal);
        goto out;
    }
    if ((rc = positions_list(st, info.portfolio_id, &before, &nb, err)) != 0 ||
        (rc = tradelist_apply(tl, before, nb, &after, &na, err)) != 0)
        goto out;
    snprintf(summary, sizeof summary, "%s: %zu trade%s", tl->method, tl->n_trades,
             tl->n_trades == 1 ? "" : "s");
    snprintf(action, sizeof action, "apply %.64s", name);
    if ((rc = journal_begin(st, action, summary, &out->jid, err)) != 0 ||
        (rc = write_diff(st, out->jid, info.portfolio_id, before, nb, after, na, out, err)) != 0 ||
        (rc = proposal_mark_applied(st, name, out->jid, err)) != 0)
        goto out;
    str_copy(out->method, sizeof out->method, tl->method);
    out->n_trades = tl->n_trades;
out:
    tradelist_free(tl);
    free(before);
    free(after);
    return rc;
}

int proposal_list(store_t *st, struct proposal_info **out, size_t *n, struct allot_err *err)
{
    sqlite3_stmt *s;
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (prepare(st, "SELECT p.name, p.created, p.portfolio_id, p.method, "
                    "(SELECT count(*) FROM proposal_trades t WHERE t.proposal_id = p.id), "
                    "p.applied_journal, j.undone_by FROM proposals p LEFT JOIN journal j "
                    "ON j.id = p.applied_journal ORDER BY p.id DESC", &s, err) != 0)
        return err->code;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct proposal_info *p;
        *out = st_grow(*out, *n, &cap, sizeof **out, 16);
        p = &(*out)[(*n)++];
        memset(p, 0, sizeof *p);
        st_col_text(s, 0, p->name, sizeof p->name);
        st_col_text(s, 1, p->created, sizeof p->created);
        p->portfolio_id = sqlite3_column_int64(s, 2);
        st_col_text(s, 3, p->method, sizeof p->method);
        p->n_trades = (size_t)sqlite3_column_int64(s, 4);
        p->applied_journal = sqlite3_column_int64(s, 5);
        p->applied = p->applied_journal != 0 && sqlite3_column_type(s, 6) == SQLITE_NULL;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(st, rc, err, "listing proposals");
    }
    return ALLOT_OK;
}
