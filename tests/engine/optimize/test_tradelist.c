/* Tests for engine/optimize/tradelist.c: building a proposal, and applying
 * trade lists: add with a quantity-weighted (linear) or harmonic (inverse)
 * entry checked against the PnL it must preserve, reduce, close, flip, new
 * instruments, bad trades; and round trips (a list followed by its
 * opposite list restores the quantities). */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "engine/optimize/tradelist.h"
#include "util/str.h"

static struct position make(enum inst_kind k, const char *name, double q, double e)
{
    struct position p;
    position_init(&p);
    p.kind = k;
    str_copy(p.instrument, sizeof p.instrument, name);
    str_copy(p.underlying, sizeof p.underlying, "BTC");
    p.quantity = q;
    p.entry_price = e;
    p.id = 42;
    return p;
}

static struct tradelist_trade trade(const struct position *inst, enum trade_side side, double q,
                                    double price, double fee)
{
    struct tradelist_trade t;
    memset(&t, 0, sizeof t);
    t.inst = *inst;
    t.side = side;
    t.quantity = q;
    t.price = price;
    t.fee_usd = fee;
    t.notional_usd = q * price;
    return t;
}

static void test_build(void **state)
{
    (void)state;
    struct tradelist *tl = tradelist_new("delta-neutral", "target=0");
    struct position perp = make(INST_PERP, "BTC-PERP", 1, 60000);
    for (int i = 0; i < 20; i++) {
        struct tradelist_trade t = trade(&perp, TRADE_SELL, 0.1 * (i + 1), 60000, 1);
        tradelist_add_trade(tl, &t);
    }
    tradelist_add_figure(tl, "BTC delta", 3.2, 0.0, "BTC");
    assert_int_equal(tl->n_trades, 20);
    assert_close(tl->trades[19].quantity, 2.0, 1e-15, 0);
    assert_string_equal(tl->figures[0].unit, "BTC");
    assert_string_equal(tl->method, "delta-neutral");
    tradelist_free(tl);
    tradelist_free(NULL);
}

static void test_apply_rules(void **state)
{
    (void)state;
    struct position book[3] = {
        make(INST_PERP, "BTC-PERP", 2, 50000),
        make(INST_INV_PERP, "BTC-USD-INV", 10000, 40000),
        make(INST_SPOT, "BTC", 1, 30000),
    };
    struct tradelist *tl = tradelist_new("test", "");
    struct tradelist_trade t;
    t = trade(&book[0], TRADE_BUY, 1, 62000, 3); /* add: (2*50000 + 62000)/3 = 54000 */
    tradelist_add_trade(tl, &t);
    t = trade(&book[1], TRADE_BUY, 30000, 60000, 2); /* add, harmonic */
    tradelist_add_trade(tl, &t);
    t = trade(&book[2], TRADE_SELL, 1, 31000, 0); /* close */
    tradelist_add_trade(tl, &t);
    struct position eth = make(INST_SPOT, "ETH", 1, 1);
    str_copy(eth.underlying, sizeof eth.underlying, "ETH");
    t = trade(&eth, TRADE_SELL, 5, 3000, 1.5); /* new short */
    tradelist_add_trade(tl, &t);
    struct position *out;
    size_t n;
    struct allot_err err;
    assert_int_equal(tradelist_apply(tl, book, 3, &out, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(out[0].instrument, "BTC-PERP");
    assert_close(out[0].quantity, 3, 0, 0);
    assert_close(out[0].entry_price, 54000, 1e-9, 0);
    /* linear: PnL at any S of the merged position equals the sum */
    double s = 57000;
    assert_close(3 * (s - out[0].entry_price), 2 * (s - 50000) + 1 * (s - 62000), 1e-6, 0);
    /* inverse: coin PnL N (1/E - 1/S) of the merged equals the sum */
    double coin = out[1].quantity * (1 / out[1].entry_price - 1 / s);
    double want = 10000 * (1 / 40000.0 - 1 / s) + 30000 * (1 / 60000.0 - 1 / s);
    assert_close(coin, want, 1e-15, 1e-12);
    assert_close(out[1].fee_usd, 2, 0, 0);
    assert_string_equal(out[2].instrument, "ETH"); /* BTC spot closed, ETH appended */
    assert_close(out[2].quantity, -5, 0, 0);
    assert_close(out[2].entry_price, 3000, 0, 0);
    assert_true(out[2].id == 0);
    free(out);
    tradelist_free(tl);

    /* reduce keeps entry; flip opens the rest at the trade price */
    tl = tradelist_new("test", "");
    t = trade(&book[0], TRADE_SELL, 0.5, 70000, 1);
    tradelist_add_trade(tl, &t);
    assert_int_equal(tradelist_apply(tl, book, 1, &out, &n, &err), 0);
    assert_close(out[0].quantity, 1.5, 0, 0);
    assert_close(out[0].entry_price, 50000, 0, 0);
    free(out);
    tl->trades[0].quantity = 5; /* 2 long - 5 = 3 short at 70000 */
    tl->trades[0].fee_usd = 10;
    assert_int_equal(tradelist_apply(tl, book, 1, &out, &n, &err), 0);
    assert_close(out[0].quantity, -3, 0, 0);
    assert_close(out[0].entry_price, 70000, 0, 0);
    assert_close(out[0].fee_usd, 6, 1e-12, 0); /* 3/5 of the fee */
    free(out);
    tl->trades[0].quantity = -1;
    assert_int_equal(tradelist_apply(tl, book, 1, &out, &n, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "trade 0 (BTC-PERP)"));
    assert_null(out);
    tradelist_free(tl);

    /* a new option without an expiry fails validation, naming the trade */
    tl = tradelist_new("test", "");
    struct position opt = make(INST_OPTION, "BTC-X-60000-P", 1, 1);
    opt.strike = 60000;
    t = trade(&opt, TRADE_BUY, 1, 1500, 0);
    tradelist_add_trade(tl, &t);
    assert_int_equal(tradelist_apply(tl, book, 3, &out, &n, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "trade 0"));
    assert_non_null(strstr(err.msg, "expiry"));
    tradelist_free(tl);
}

/* Round trip: apply a list, then the list with every side reversed: the
 * quantities and the set of positions come back; entries follow the
 * stated rules (an undo that must restore entries exactly restores the
 * stored book instead). */
static void test_round_trip(void **state)
{
    (void)state;
    struct position book[2] = {
        make(INST_PERP, "BTC-PERP", 2, 50000),
        make(INST_SPOT, "BTC", 1.5, 30000),
    };
    struct position sol = make(INST_SPOT, "SOL", 1, 1);
    struct tradelist *tl = tradelist_new("rt", ""), *back = tradelist_new("rt-undo", "");
    struct tradelist_trade ts[3] = {
        trade(&book[0], TRADE_SELL, 0.7, 61000, 1),
        trade(&book[1], TRADE_BUY, 0.25, 62000, 1),
        trade(&sol, TRADE_BUY, 10, 150, 0.2),
    };
    for (int i = 0; i < 3; i++) {
        tradelist_add_trade(tl, &ts[i]);
        ts[i].side = ts[i].side == TRADE_BUY ? TRADE_SELL : TRADE_BUY;
        tradelist_add_trade(back, &ts[i]);
    }
    struct position *mid, *end;
    size_t nm, ne;
    struct allot_err err;
    assert_int_equal(tradelist_apply(tl, book, 2, &mid, &nm, &err), 0);
    assert_int_equal(nm, 3);
    assert_int_equal(tradelist_apply(back, mid, nm, &end, &ne, &err), 0);
    assert_int_equal(ne, 2); /* SOL opened then closed */
    for (int i = 0; i < 2; i++) {
        assert_string_equal(end[i].instrument, book[i].instrument);
        assert_close(end[i].quantity, book[i].quantity, 1e-12, 0);
    }
    /* reduced (entry kept), then re-added at 61000: weighted average */
    assert_close(end[0].entry_price, (1.3 * 50000 + 0.7 * 61000) / 2, 1e-9, 0);
    /* added at 62000, then reduced: the averaged entry stays */
    assert_close(end[1].entry_price, (1.5 * 30000 + 0.25 * 62000) / 1.75, 1e-9, 0);
    free(mid);
    free(end);
    tradelist_free(tl);
    tradelist_free(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_apply_rules),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
