/* Tests for tui/model.c: the UI's view of a store. Loads portfolios and
 * positions, computes the spot value as the sum written out here, saves,
 * edits and deletes positions as journaled changes, and undoes them, the
 * store then holding what it held before. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <string.h>

#include "store/prices.h"
#include "tmpdir.h"
#include "tui/model.h"
#include "util/date.h"
#include "util/str.h"

static void make_store(const char *path)
{
    struct allot_err err;
    store_t *st;
    int64_t jid, id;
    int32_t d1 = date_from_ymd(2024, 12, 5), d2 = date_from_ymd(2024, 12, 6);
    double existing;
    assert_int_equal(store_open(path, STORE_CREATE, &st, &err), 0);
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(journal_begin(st, "portfolio new", "main", &jid, &err), 0);
    assert_int_equal(portfolio_create(st, jid, "main", &id, &err), 0);
    assert_int_equal(portfolio_create(st, jid, "alt", &id, &err), 0);
    assert_true(prices_put(st, "BTC", d1, 97000, 0, &existing, &err) >= 0);
    assert_true(prices_put(st, "BTC", d2, 99000, 0, &existing, &err) >= 0);
    assert_true(prices_put(st, "ETH", d2, 3900, 0, &existing, &err) >= 0);
    assert_int_equal(store_setting_set(st, "asof", "2024-12-06T23:59:59Z", &err), 0);
    assert_int_equal(store_commit(st, &err), 0);
    store_close(st);
}

static struct position spot(const char *sym, double q, double px)
{
    struct position p;
    position_init(&p);
    str_copy(p.instrument, sizeof p.instrument, sym);
    str_copy(p.underlying, sizeof p.underlying, sym);
    p.quantity = q;
    p.entry_price = px;
    return p;
}

static void test_missing_store(void **state)
{
    struct model m;
    struct allot_err err;
    char path[300];
    (void)state;
    err_clear(&err);
    assert_int_equal(model_open(&m, tmpdir_file(path, sizeof path, "none.db"), NULL, &err),
                     ALLOT_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "no store at"));
    assert_non_null(strstr(err.msg, "init"));
}

static void test_load_save_undo(void **state)
{
    struct model m;
    struct allot_err err;
    char path[300], what[320];
    struct position p;
    int64_t undone, btc_id;
    (void)state;
    make_store(tmpdir_file(path, sizeof path, "m.db"));
    err_clear(&err);
    assert_int_equal(model_open(&m, path, NULL, &err), 0);
    assert_int_equal(m.npf, 2);
    assert_string_equal(model_portfolio(&m)->name, "main");    /* main first */
    assert_int_equal(m.npos, 0);
    assert_int_equal(m.asof_ms, INT64_C(1733529599000));

    p = spot("BTC", 1.5, 68000);
    assert_int_equal(model_save_position(&m, &p, &err), 0);
    btc_id = p.id;
    assert_true(btc_id > 0);
    p = spot("ETH", -2, 2600);
    assert_int_equal(model_save_position(&m, &p, &err), 0);
    p = spot("DOGE", 1000, 0.1);   /* no close stored */
    assert_int_equal(model_save_position(&m, &p, &err), 0);
    assert_int_equal(model_reload(&m, &err), 0);
    assert_int_equal(m.npos, 3);
    /* BTC at its last close 99000, ETH 3900; DOGE has none */
    assert_close(model_last_close(&m, "BTC")->close, 99000, 0, 0);
    assert_int_equal(model_last_close(&m, "BTC")->day, date_from_ymd(2024, 12, 6));
    assert_false(model_last_close(&m, "DOGE")->have);
    assert_int_equal(m.nspot, 3);
    assert_false(m.spot_ok);
    assert_close(m.spot_value_usd, 1.5 * 99000 + -2 * 3900, 0, 0);

    /* a second BTC position in the portfolio is refused by the store */
    p = spot("BTC", 1, 1);
    assert_int_equal(model_save_position(&m, &p, &err), ALLOT_E_INPUT);

    /* edit, then undo the edit: the old quantity is back */
    p = *model_position(&m, btc_id);
    p.quantity = 3;
    assert_int_equal(model_save_position(&m, &p, &err), 0);
    assert_int_equal(model_reload(&m, &err), 0);
    assert_close(model_position(&m, btc_id)->quantity, 3, 0, 0);
    assert_int_equal(model_undo(&m, &undone, what, sizeof what, &err), 0);
    assert_string_equal(what, "position edit BTC");
    assert_int_equal(model_reload(&m, &err), 0);
    assert_close(model_position(&m, btc_id)->quantity, 1.5, 0, 0);

    /* delete and undo */
    assert_int_equal(model_delete_position(&m, btc_id, &err), 0);
    assert_int_equal(model_reload(&m, &err), 0);
    assert_null(model_position(&m, btc_id));
    assert_int_equal(model_undo(&m, &undone, what, sizeof what, &err), 0);
    assert_string_equal(what, "position rm BTC");
    assert_int_equal(model_reload(&m, &err), 0);
    assert_non_null(model_position(&m, btc_id));

    /* an option expiring before the valuation time is refused */
    position_init(&p);
    p.kind = INST_OPTION;
    strcpy(p.instrument, "X");
    strcpy(p.underlying, "BTC");
    p.quantity = 1;
    p.entry_price = 1;
    p.strike = 1;
    p.expiry_ms = m.asof_ms;
    assert_int_equal(model_save_position(&m, &p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "not after the valuation time"));

    /* switching portfolio */
    assert_int_equal(model_select_name(&m, "alt", &err), 0);
    assert_int_equal(m.npos, 0);
    assert_int_equal(m.nspot, 0);
    assert_int_equal(model_select_name(&m, "nope", &err), ALLOT_E_NOTFOUND);
    assert_int_equal(model_reload(&m, &err), 0);
    assert_string_equal(model_portfolio(&m)->name, "alt");     /* kept across reloads */
    model_close(&m);
}

static void test_undo_nothing(void **state)
{
    struct model m;
    struct allot_err err;
    char path[300], what[64];
    int64_t undone;
    (void)state;
    make_store(tmpdir_file(path, sizeof path, "n.db"));
    assert_int_equal(model_open(&m, path, "alt", &err), 0);
    assert_string_equal(model_portfolio(&m)->name, "alt");
    assert_int_equal(model_undo(&m, &undone, what, sizeof what, &err), ALLOT_E_NOTFOUND);
    model_close(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_store),
        cmocka_unit_test(test_load_save_undo),
        cmocka_unit_test(test_undo_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
