/* Tests for store/prices.c: insert, same-value re-import, conflicts,
 * replace, loading back into series, symbol summaries, assets, quotes. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "store/prices.h"
#include "util/date.h"
#include "tmpdir.h"

static void test_put_and_load(void **state)
{
    char path[300];
    struct allot_err err;
    store_t *st;
    double existing;
    int32_t d0 = date_from_ymd(2024, 1, 1);
    (void)state;

    assert_int_equal(store_open(tmpdir_file(path, sizeof path, "p.db"), STORE_CREATE, &st,
                                &err), 0);
    assert_int_equal(store_begin(st, &err), 0);
    for (int i = 0; i < 10; i++)
        assert_int_equal(prices_put(st, "BTC", d0 + i, 100.0 + i, 0, &existing, &err),
                         PRICE_INSERTED);
    assert_int_equal(prices_put(st, "ETH", d0, 5.5, 0, &existing, &err), PRICE_INSERTED);
    assert_int_equal(prices_put(st, "BTC", d0 + 3, 103.0, 0, &existing, &err), PRICE_SAME);
    assert_int_equal(prices_put(st, "BTC", d0 + 3, 999.0, 0, &existing, &err), ALLOT_E_INPUT);
    assert_true(existing == 103.0);
    assert_non_null(strstr(err.msg, "--replace"));
    assert_non_null(strstr(err.msg, "2024-01-04"));
    assert_int_equal(prices_put(st, "BTC", d0 + 3, 999.0, 1, &existing, &err), PRICE_REPLACED);
    assert_int_equal(store_commit(st, &err), 0);

    {
        struct series_set set;
        const char *syms[] = { "BTC" };
        series_set_init(&set);
        assert_int_equal(prices_load(st, syms, 1, d0 + 2, d0 + 5, &set, &err), 0);
        assert_int_equal(set.n, 1);
        assert_int_equal(set.s[0].n, 4);
        assert_int_equal(set.s[0].day[0], d0 + 2);
        assert_true(set.s[0].close[1] == 999.0);
        series_set_done(&set);
        series_set_init(&set);
        syms[0] = "DOGE";
        assert_int_equal(prices_load(st, syms, 1, DATE_NONE, DATE_NONE, &set, &err),
                         ALLOT_E_NOTFOUND);
        assert_non_null(strstr(err.msg, "DOGE"));
        series_set_done(&set);
    }
    {
        struct price_symbol_info *info;
        size_t n;
        assert_int_equal(prices_symbols(st, &info, &n, &err), 0);
        assert_int_equal(n, 2);
        assert_string_equal(info[0].symbol, "BTC");
        assert_int_equal(info[0].rows, 10);
        assert_int_equal(info[0].first, d0);
        assert_int_equal(info[0].last, d0 + 9);
        assert_true(info[0].last_close == 109.0);
        free(info);
    }
    {
        int32_t at;
        double c;
        assert_int_equal(prices_last(st, "BTC", d0 + 4, &at, &c, &err), 0);
        assert_int_equal(at, d0 + 4);
        assert_true(c == 104.0);
    }
    store_close(st);
}

static void test_rollback_leaves_nothing(void **state)
{
    char path[300];
    struct allot_err err;
    store_t *st;
    double existing;
    struct price_symbol_info *info;
    size_t n;
    (void)state;

    assert_int_equal(store_open(tmpdir_file(path, sizeof path, "rb.db"), STORE_CREATE, &st,
                                &err), 0);
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(prices_put(st, "BTC", 1, 1.0, 0, &existing, &err), PRICE_INSERTED);
    store_rollback(st);
    assert_int_equal(prices_symbols(st, &info, &n, &err), 0);
    assert_int_equal(n, 0);
    free(info);
    store_close(st);
}

static void test_assets_and_quotes(void **state)
{
    char path[300];
    struct allot_err err;
    store_t *st;
    struct asset_info a;
    struct quote q = { "BTC", 50000, NAN, INT64_C(1700000000000), "test" }, got;
    (void)state;

    assert_int_equal(store_open(tmpdir_file(path, sizeof path, "aq.db"), STORE_CREATE, &st,
                                &err), 0);
    assert_int_equal(assets_note(st, "SPY", 0, &err), 0);
    assert_int_equal(assets_note(st, "BTC", 1, &err), 0);
    assert_int_equal(assets_note(st, "SPY", 1, &err), 0);    /* first note wins */
    assert_int_equal(assets_get(st, "SPY", &a, &err), 0);
    assert_int_equal(a.days_per_year, 252);
    assert_string_equal(a.klass, "equity");
    assert_int_equal(assets_set(st, "SPY", NULL, 365, &err), 0);
    assert_int_equal(assets_get(st, "SPY", &a, &err), 0);
    assert_int_equal(a.days_per_year, 365);
    assert_int_equal(assets_set(st, "SPY", NULL, 300, &err), ALLOT_E_INPUT);

    assert_int_equal(quotes_get(st, "BTC", &got, &err), ALLOT_E_NOTFOUND);
    assert_int_equal(quotes_put(st, &q, &err), 0);
    q.price = 49000;
    q.ts_ms -= 1000;    /* older: ignored */
    assert_int_equal(quotes_put(st, &q, &err), 1);
    assert_int_equal(quotes_get(st, "BTC", &got, &err), 0);
    assert_true(got.price == 50000);
    assert_true(isnan(got.iv));
    assert_true(got.ts_ms == INT64_C(1700000000000));
    /* instants compare as instants, not as text: "...:20.5Z" is after
     * "...:20Z" though '.' sorts before 'Z' */
    q.price = 51000;
    q.ts_ms = INT64_C(1700000000500);
    assert_int_equal(quotes_put(st, &q, &err), 0);
    q.price = 48000;
    q.ts_ms = INT64_C(1699999999999);
    assert_int_equal(quotes_put(st, &q, &err), 1);
    assert_int_equal(quotes_get(st, "BTC", &got, &err), 0);
    assert_true(got.price == 51000);
    assert_true(got.ts_ms == INT64_C(1700000000500));
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_and_load),
        cmocka_unit_test(test_rollback_leaves_nothing),
        cmocka_unit_test(test_assets_and_quotes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
