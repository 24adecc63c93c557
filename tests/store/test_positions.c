/* Tests for store/positions.c: portfolios, positions of every kind, and
 * the journal: every change undoable, undo refused when a later change
 * touched the same position, and apply/undo/redo leaving the store as it
 * was each time. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "store/positions.h"
#include "util/date.h"
#include "util/str.h"
#include "tmpdir.h"

static store_t *open_fresh(const char *name)
{
    char path[300];
    struct allot_err err;
    store_t *st;
    assert_int_equal(store_open(tmpdir_file(path, sizeof path, name), STORE_CREATE, &st, &err),
                     0);
    return st;
}

static struct position mk(enum inst_kind kind, const char *inst, double qty, double px)
{
    struct position p;
    position_init(&p);
    p.kind = kind;
    str_copy(p.instrument, sizeof p.instrument, inst);
    str_copy(p.underlying, sizeof p.underlying, "BTC");
    p.quantity = qty;
    p.entry_price = px;
    if (inst_has_expiry(kind))
        p.expiry_ms = INT64_C(1593158400000);
    if (inst_is_option(kind)) {
        p.strike = 9000;
        p.is_call = 0;
        p.iv = 0.75;
    }
    return p;
}

static void test_portfolios(void **state)
{
    struct allot_err err;
    store_t *st = open_fresh("pf.db");
    struct portfolio_info *pi;
    size_t n;
    int64_t id, jid;
    (void)state;

    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "portfolio new", "", &jid, &err), 0);
    assert_int_equal(portfolio_create(st, jid, "main", &id, &err), 0);
    assert_int_equal(portfolio_create(st, jid, "main", &id, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "already exists"));
    assert_int_equal(portfolio_create(st, jid, "bad name", &id, &err), ALLOT_E_INPUT);
    assert_int_equal(portfolio_create(st, jid, "", &id, &err), ALLOT_E_INPUT);
    assert_int_equal(portfolio_create(st, jid, "hedge-2", &id, &err), 0);
    assert_int_equal(store_commit(st, &err), 0);
    assert_int_equal(portfolio_list(st, &pi, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(pi[0].name, "hedge-2");
    assert_string_equal(pi[1].name, "main");
    free(pi);
    assert_int_equal(portfolio_find(st, "nope", &id, &err), ALLOT_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "nope"));
    store_close(st);
}

static void test_every_kind_round_trips(void **state)
{
    struct allot_err err;
    store_t *st = open_fresh("kinds.db");
    int64_t pf, jid;
    struct position in[INST_KIND_COUNT], *out;
    size_t n;
    (void)state;

    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "test", "", &jid, &err), 0);
    assert_int_equal(portfolio_create(st, jid, "main", &pf, &err), 0);
    for (int k = 0; k < INST_KIND_COUNT; k++) {
        char name[32];
        snprintf(name, sizeof name, "I%d", k);
        in[k] = mk((enum inst_kind)k, name, k % 2 ? -1.5 : 2.0, 100.0 + k);
        in[k].fee_usd = 0.25 * k;
        in[k].open_day = date_from_ymd(2024, 1, 1 + k);
        str_copy(in[k].note, sizeof in[k].note, "note");
        assert_int_equal(positions_insert(st, jid, pf, &in[k], &err), 0);
        assert_true(in[k].id > 0);
    }
    assert_int_equal(store_commit(st, &err), 0);
    assert_int_equal(positions_list(st, pf, &out, &n, &err), 0);
    assert_int_equal(n, INST_KIND_COUNT);
    for (size_t i = 0; i < n; i++) {
        const struct position *o = &out[i], *w = NULL;
        for (int k = 0; k < INST_KIND_COUNT; k++)
            if (in[k].id == o->id)
                w = &in[k];
        assert_non_null(w);
        assert_int_equal(o->kind, w->kind);
        assert_string_equal(o->instrument, w->instrument);
        assert_true(o->quantity == w->quantity);
        assert_true(o->entry_price == w->entry_price);
        assert_true(o->fee_usd == w->fee_usd);
        assert_int_equal(o->open_day, w->open_day);
        assert_true(o->expiry_ms == w->expiry_ms);
        assert_true(o->strike == w->strike);
        assert_int_equal(o->is_call, w->is_call);
        assert_true(isnan(o->iv) == isnan(w->iv));
        assert_string_equal(o->note, "note");
    }
    free(out);
    store_close(st);
}

static void test_validation_and_duplicates(void **state)
{
    struct allot_err err;
    store_t *st = open_fresh("dup.db");
    int64_t pf, jid;
    struct position p;
    (void)state;

    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "test", "", &jid, &err), 0);
    assert_int_equal(portfolio_create(st, jid, "main", &pf, &err), 0);
    p = mk(INST_SPOT, "BTC", 1, 40000);
    assert_int_equal(positions_insert(st, jid, pf, &p, &err), 0);
    p = mk(INST_SPOT, "BTC", 2, 41000);
    assert_int_equal(positions_insert(st, jid, pf, &p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "already holds"));
    p = mk(INST_OPTION, "BTC-X", 1, 100);
    p.strike = 0;
    assert_int_equal(positions_insert(st, jid, pf, &p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "strike"));
    store_rollback(st);
    store_close(st);
}

/* Count positions and return the quantity of instrument name (0 if absent). */
static double qty_of(store_t *st, int64_t pf, const char *name, size_t *count)
{
    struct allot_err err;
    struct position *all;
    size_t n;
    double q = 0;
    assert_int_equal(positions_list(st, pf, &all, &n, &err), 0);
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i].instrument, name) == 0)
            q = all[i].quantity;
    *count = n;
    free(all);
    return q;
}

static void test_journal_undo(void **state)
{
    struct allot_err err;
    store_t *st = open_fresh("undo.db");
    int64_t pf, j1, j2, j3, undone, ujid;
    struct position a, b;
    size_t n;
    (void)state;

    /* j1: add BTC spot and a perp */
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "import positions", "", &j1, &err), 0);
    assert_int_equal(portfolio_create(st, j1, "main", &pf, &err), 0);
    a = mk(INST_SPOT, "BTC", 1, 40000);
    b = mk(INST_PERP, "BTC-PERP", -0.5, 41000);
    assert_int_equal(positions_insert(st, j1, pf, &a, &err), 0);
    assert_int_equal(positions_insert(st, j1, pf, &b, &err), 0);
    assert_int_equal(store_commit(st, &err), 0);

    /* j2: change the perp, remove the spot */
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "apply hedge", "", &j2, &err), 0);
    b.quantity = -1.0;
    assert_int_equal(positions_update(st, j2, pf, &b, &err), 0);
    assert_int_equal(positions_delete(st, j2, a.id, &err), 0);
    assert_int_equal(store_commit(st, &err), 0);
    assert_true(qty_of(st, pf, "BTC-PERP", &n) == -1.0);
    assert_int_equal(n, 1);

    /* undo j2 restores both exactly, with the same ids */
    assert_int_equal(store_begin(st, &err), 0);
    if (journal_undo(st, 0, &undone, &ujid, &err) != 0)
        fail_msg("undo: %s", err.msg);
    assert_int_equal(store_commit(st, &err), 0);
    assert_true(undone == j2);
    assert_true(qty_of(st, pf, "BTC-PERP", &n) == -0.5);
    assert_true(qty_of(st, pf, "BTC", &n) == 1.0);
    assert_int_equal(n, 2);
    {
        struct position got;
        assert_int_equal(positions_get(st, pf, a.id, NULL, &got, &err), 0);
        assert_string_equal(got.instrument, "BTC");
    }

    /* the next undo takes j1 (the undo entry itself is not undone) */
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_undo(st, 0, &undone, &ujid, &err), 0);
    assert_int_equal(store_commit(st, &err), 0);
    assert_true(undone == j1);
    qty_of(st, pf, "BTC", &n);
    assert_int_equal(n, 0);

    /* nothing left */
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_undo(st, 0, &undone, &ujid, &err), ALLOT_E_NOTFOUND);
    store_rollback(st);

    /* re-apply: add, change, then undoing the older entry is refused */
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "position add", "", &j3, &err), 0);
    a = mk(INST_SPOT, "ETH", 10, 2000);
    assert_int_equal(positions_insert(st, j3, pf, &a, &err), 0);
    assert_int_equal(store_commit(st, &err), 0);
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "position edit", "", &j2, &err), 0);
    a.quantity = 11;
    assert_int_equal(positions_update(st, j2, pf, &a, &err), 0);
    assert_int_equal(store_commit(st, &err), 0);
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_undo(st, j3, &undone, &ujid, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "changed since"));
    store_rollback(st);
    assert_true(qty_of(st, pf, "ETH", &n) == 11);

    {
        struct journal_entry *je;
        size_t nj;
        assert_int_equal(journal_list(st, 0, &je, &nj, &err), 0);
        assert_true(nj >= 6);
        assert_string_equal(je[0].action, "position edit");
        assert_int_equal(je[0].n_changes, 1);
        free(je);
    }
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_portfolios),
        cmocka_unit_test(test_every_kind_round_trips),
        cmocka_unit_test(test_validation_and_duplicates),
        cmocka_unit_test(test_journal_undo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
