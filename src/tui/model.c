#include <config.h>
#include "tui/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/prices.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

static void free_data(struct model *m)
{
    free(m->pf);
    free(m->pos);
    free(m->closes);
    m->pf = NULL;
    m->pos = NULL;
    m->closes = NULL;
    m->npf = m->npos = m->ncloses = 0;
}

static int load_closes(struct model *m, struct allot_err *err)
{
    m->closes = xcalloc(m->npos ? m->npos : 1, sizeof *m->closes);
    m->ncloses = 0;
    m->spot_value_usd = 0;
    m->spot_ok = 1;
    m->nspot = 0;
    for (size_t i = 0; i < m->npos; i++) {
        const struct position *p = &m->pos[i];
        const struct model_close *c = model_last_close(m, p->underlying);
        if (c == NULL) {
            struct model_close *nc = &m->closes[m->ncloses++];
            str_copy(nc->symbol, sizeof nc->symbol, p->underlying);
            err_clear(err);
            int rc = prices_last(m->st, p->underlying, DATE_NONE, &nc->day, &nc->close, err);
            if (rc == 0)
                nc->have = 1;
            else if (rc != ALLOT_E_NOTFOUND)
                return rc;
            c = nc;
        }
        if (p->kind == INST_SPOT) {
            m->nspot++;
            if (c->have)
                m->spot_value_usd += p->quantity * c->close;
            else
                m->spot_ok = 0;
        }
    }
    err_clear(err);
    return 0;
}

static int load(struct model *m, int64_t want_id, const char *want_name, struct allot_err *err)
{
    int rc;
    free_data(m);
    m->cur = -1;
    if ((rc = portfolio_list(m->st, &m->pf, &m->npf, err)) != 0)
        return rc;
    for (size_t i = 0; i < m->npf; i++) {
        if ((want_id != 0 && m->pf[i].id == want_id) ||
            (want_id == 0 && want_name != NULL && strcmp(m->pf[i].name, want_name) == 0))
            m->cur = (long)i;
    }
    if (m->cur < 0) {
        for (size_t i = 0; i < m->npf; i++)
            if (strcmp(m->pf[i].name, PORTFOLIO_DEFAULT) == 0)
                m->cur = (long)i;
        if (m->cur < 0 && m->npf > 0)
            m->cur = 0;
    }
    m->asof_ms = store_now_ms(m->st);
    if (m->cur >= 0 &&
        (rc = positions_list(m->st, m->pf[m->cur].id, &m->pos, &m->npos, err)) != 0)
        return rc;
    if ((rc = load_closes(m, err)) != 0)
        return rc;
    if ((rc = valuation_load(&m->val, m->st, m->cur >= 0 ? m->pf[m->cur].name : NULL, err)))
        return rc;
    m->generation++;
    return 0;
}

int model_open(struct model *m, const char *path, const char *portfolio,
               struct allot_err *err)
{
    int rc;
    memset(m, 0, sizeof *m);
    m->cur = -1;
    valuation_init(&m->val);
    if ((rc = store_open(path, 0, &m->st, err)) != 0)
        return rc;
    if ((rc = load(m, 0, portfolio ? portfolio : PORTFOLIO_DEFAULT, err)) != 0) {
        model_close(m);
        return rc;
    }
    return 0;
}

void model_close(struct model *m)
{
    free_data(m);
    valuation_done(&m->val);
    store_close(m->st);
    m->st = NULL;
}

int model_reload(struct model *m, struct allot_err *err)
{
    int64_t id = m->cur >= 0 ? m->pf[m->cur].id : 0;
    return load(m, id, NULL, err);
}

int model_select(struct model *m, size_t i, struct allot_err *err)
{
    if (i >= m->npf)
        return err_setf(err, ALLOT_E_NOTFOUND, "no portfolio number %zu", i + 1);
    return load(m, m->pf[i].id, NULL, err);
}

int model_select_name(struct model *m, const char *name, struct allot_err *err)
{
    for (size_t i = 0; i < m->npf; i++)
        if (strcmp(m->pf[i].name, name) == 0)
            return model_select(m, i, err);
    return err_setf(err, ALLOT_E_NOTFOUND, "no portfolio named %s", name);
}

int model_reval(struct model *m, const struct valuation_spot *spots, size_t n,
                const struct valuation_vol *vols, size_t nv, int64_t now_ms, size_t *skipped,
                struct allot_err *err)
{
    return valuation_reval(&m->val, spots, n, vols, nv, now_ms, skipped, err);
}

const struct portfolio_info *model_portfolio(const struct model *m)
{
    return m->cur >= 0 ? &m->pf[m->cur] : NULL;
}

const struct position *model_position(const struct model *m, int64_t id)
{
    for (size_t i = 0; i < m->npos; i++)
        if (m->pos[i].id == id)
            return &m->pos[i];
    return NULL;
}

const struct model_close *model_last_close(const struct model *m, const char *symbol)
{
    for (size_t i = 0; i < m->ncloses; i++)
        if (strcmp(m->closes[i].symbol, symbol) == 0)
            return &m->closes[i];
    return NULL;
}

store_t *model_store(const struct model *m)
{
    return m->st;
}

static int fail(struct model *m, struct allot_err *err)
{
    store_rollback(m->st);
    return err->code ? err->code : ALLOT_E_STORE;
}

int model_save_position(struct model *m, struct position *p, struct allot_err *err)
{
    const struct portfolio_info *pi = model_portfolio(m);
    int64_t jid;
    int rc;
    err_clear(err);
    if (pi == NULL)
        return err_setf(err, ALLOT_E_NOTFOUND, "no portfolio: create one with "
                        ":portfolio new NAME");
    if ((rc = position_validate(p, err)) != 0)
        return rc;
    if (p->expiry_ms != 0 && p->expiry_ms <= m->asof_ms) {
        char when[32], now[32];
        date_format_ts(p->expiry_ms, when);
        date_format_ts(m->asof_ms, now);
        return err_setf(err, ALLOT_E_INPUT, "expiry %s is not after the valuation time %s",
                        when, now);
    }
    if (store_begin(m->st, err) != 0)
        return err->code;
    if (p->id == 0) {
        if (journal_begin(m->st, "position add", p->instrument, &jid, err) != 0 ||
            positions_insert(m->st, jid, pi->id, p, err) != 0)
            return fail(m, err);
    } else {
        if (journal_begin(m->st, "position edit", p->instrument, &jid, err) != 0 ||
            positions_update(m->st, jid, pi->id, p, err) != 0)
            return fail(m, err);
    }
    if (store_commit(m->st, err) != 0)
        return fail(m, err);
    return 0;
}

int model_delete_position(struct model *m, int64_t id, struct allot_err *err)
{
    const struct position *p = model_position(m, id);
    int64_t jid;
    err_clear(err);
    if (p == NULL)
        return err_setf(err, ALLOT_E_NOTFOUND, "no position %lld", (long long)id);
    if (store_begin(m->st, err) != 0)
        return err->code;
    if (journal_begin(m->st, "position rm", p->instrument, &jid, err) != 0 ||
        positions_delete(m->st, jid, id, err) != 0 || store_commit(m->st, err) != 0)
        return fail(m, err);
    return 0;
}

int model_undo(struct model *m, int64_t *undone, char *what, size_t n, struct allot_err *err)
{
    int64_t ujid;
    struct journal_entry *je;
    size_t nje;
    err_clear(err);
    if (store_begin(m->st, err) != 0)
        return err->code;
    if (journal_undo(m->st, 0, undone, &ujid, err) != 0 || store_commit(m->st, err) != 0)
        return fail(m, err);
    what[0] = '\0';
    /* name what was undone, for the status line */
    if (journal_list(m->st, 0, &je, &nje, err) == 0) {
        for (size_t i = 0; i < nje; i++)
            if (je[i].id == *undone)
                snprintf(what, n, "%s %s", je[i].action, je[i].summary);
        free(je);
    }
    err_clear(err);
    return 0;
}
