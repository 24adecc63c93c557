/* Tests for store/quotebatch.c: the latest quote per symbol written in one
 * transaction per batch; batches cut by time, by count and by the quotes'
 * own clock; the jump rule worked through by hand; a busy store keeps the
 * batch for a retry. References: the rule as stated in quotebatch.h,
 * applied step by step in each case. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "store/quotebatch.h"
#include "tmpdir.h"

static store_t *fresh(const char *name)
{
    char path[300];
    store_t *st;
    struct allot_err err;
    tmpdir_file(path, sizeof path, name);
    remove(path);
    assert_int_equal(store_open(path, STORE_CREATE, &st, &err), 0);
    return st;
}

static struct quote mk(const char *sym, double price, int64_t ts)
{
    struct quote q;
    memset(&q, 0, sizeof q);
    strcpy(q.symbol, sym);
    q.price = price;
    q.iv = NAN;
    q.ts_ms = ts;
    strcpy(q.source, "test");
    return q;
}

static double stored(store_t *st, const char *sym)
{
    struct quote q;
    struct allot_err err;
    if (quotes_get(st, sym, &q, &err) != 0)
        return NAN;
    return q.price;
}

static void test_coalesce(void **state)
{
    store_t *st = fresh("c.db");
    struct qbatch *b = qbatch_new(st, NULL);
    struct qbatch_stats s;
    struct allot_err err;
    struct quote q;
    int fl;
    (void)state;

    q = mk("BTC", 100, 1000);
    assert_int_equal(qbatch_add(b, &q, 1, 0, &fl, &err), QBATCH_ACCEPTED);
    assert_int_equal(fl, 0);
    q = mk("ETH", 10, 1001);
    qbatch_add(b, &q, 1, 1, &fl, &err);
    q = mk("BTC", 101, 1002);
    qbatch_add(b, &q, 1, 2, &fl, &err);
    /* an older quote of a symbol changes nothing */
    q = mk("BTC", 99, 900);
    qbatch_add(b, &q, 1, 3, &fl, &err);
    qbatch_stats(b, &s);
    assert_int_equal(s.pending, 2);
    assert_true(isnan(stored(st, "BTC")));      /* nothing written yet */
    assert_int_equal(qbatch_deadline(b), 0 + QBATCH_MS);
    assert_int_equal(qbatch_tick(b, QBATCH_MS - 1, &err), 0);
    assert_int_equal(qbatch_tick(b, QBATCH_MS, &err), 1);
    qbatch_stats(b, &s);
    assert_int_equal(s.received, 4);
    assert_int_equal(s.written, 2);             /* the latest BTC and ETH */
    assert_int_equal(s.batches, 1);
    assert_int_equal(s.pending, 0);
    assert_true(s.newest_ts_ms == 1002);
    assert_true(stored(st, "BTC") == 101);
    assert_true(stored(st, "ETH") == 10);
    assert_true(qbatch_deadline(b) == INT64_MAX);
    assert_int_equal(qbatch_flush(b, &err), 0);     /* nothing pending */
    qbatch_free(b);
    store_close(st);
}

static void test_cut_by_count_and_clock(void **state)
{
    store_t *st = fresh("n.db");
    struct qbatch_opts o;
    struct qbatch *b;
    struct qbatch_stats s;
    struct allot_err err;
    struct quote q;
    int fl;
    char sym[8];
    (void)state;

    qbatch_opts_init(&o);
    o.batch_max = 5;
    b = qbatch_new(st, &o);
    for (int i = 0; i < 5; i++) {
        snprintf(sym, sizeof sym, "S%d", i);
        q = mk(sym, 1 + i, 1000);
        qbatch_add(b, &q, 1, 0, &fl, &err);
        assert_int_equal(fl, i == 4);           /* the fifth quote writes the batch */
    }
    qbatch_stats(b, &s);
    assert_int_equal(s.batches, 1);
    assert_int_equal(s.written, 5);

    /* a quote stamped batch_ms after the batch's first closes it first */
    q = mk("BTC", 100, 10000);
    qbatch_add(b, &q, 1, 0, &fl, &err);
    q = mk("BTC", 100.5, 10000 + QBATCH_MS - 1);
    qbatch_add(b, &q, 1, 0, &fl, &err);
    assert_int_equal(fl, 0);
    q = mk("BTC", 101, 10000 + QBATCH_MS);
    qbatch_add(b, &q, 1, 0, &fl, &err);
    assert_int_equal(fl, 1);
    qbatch_stats(b, &s);
    assert_int_equal(s.batches, 2);
    assert_int_equal(s.pending, 1);
    assert_true(stored(st, "BTC") == 100.5);
    assert_int_equal(qbatch_flush(b, &err), 1);
    assert_true(stored(st, "BTC") == 101);
    qbatch_free(b);
    store_close(st);
}

static void test_jumps(void **state)
{
    store_t *st = fresh("j.db");
    struct qbatch *b = qbatch_new(st, NULL);
    struct qbatch_stats s;
    struct allot_err err;
    struct quote q;
    int64_t ts = 1000;
    (void)state;

#define ADD(sym, p, chk) (q = mk(sym, p, ts++), qbatch_add(b, &q, chk, 0, NULL, &err))
    assert_int_equal(ADD("BTC", 100, 1), QBATCH_ACCEPTED);     /* first: accepted */
    assert_int_equal(ADD("BTC", 125, 1), QBATCH_ACCEPTED);     /* +25 % is at the limit */
    assert_int_equal(ADD("BTC", 160, 1), QBATCH_HELD);         /* +28 % from 125 */
    qbatch_stats(b, &s);
    assert_string_equal(s.last_held.symbol, "BTC");
    assert_true(s.last_held.price == 160 && s.last_held_from == 125);
    assert_int_equal(ADD("BTC", 126, 1), QBATCH_ACCEPTED);     /* back: 160 dropped */
    assert_int_equal(ADD("BTC", 170, 1), QBATCH_HELD);         /* +35 % from 126 */
    assert_int_equal(ADD("BTC", 90, 1), QBATCH_HELD);          /* -29 %, and -47 % from 170 */
    assert_int_equal(ADD("BTC", 91, 1), QBATCH_CONFIRMED);     /* within 25 % of 90 */
    assert_int_equal(ADD("BTC", 100, 1), QBATCH_ACCEPTED);     /* +10 % from 91 */
    /* not checked (an option's mark), and the rule is per symbol */
    assert_int_equal(ADD("BTC-27JUN25-60000-C", 0.01, 0), QBATCH_ACCEPTED);
    assert_int_equal(ADD("BTC-27JUN25-60000-C", 0.05, 0), QBATCH_ACCEPTED);
    assert_int_equal(ADD("ETH", 1, 1), QBATCH_ACCEPTED);
#undef ADD
    qbatch_stats(b, &s);
    assert_int_equal(s.received, 11);
    assert_int_equal(s.held, 3);
    assert_int_equal(s.confirmed, 1);
    assert_int_equal(s.accepted, 8);
    assert_string_equal(s.last_held.symbol, "BTC");
    assert_true(s.last_held.price == 90 && s.last_held_from == 126);
    assert_int_equal(qbatch_flush(b, &err), 3);
    assert_true(stored(st, "BTC") == 100);
    assert_true(stored(st, "BTC-27JUN25-60000-C") == 0.05);
    qbatch_free(b);

    /* limit 0: nothing is held */
    {
        struct qbatch_opts o;
        qbatch_opts_init(&o);
        o.jump_limit = 0;
        b = qbatch_new(st, &o);
        q = mk("XRP", 1, ts++);
        qbatch_add(b, &q, 1, 0, NULL, &err);
        q = mk("XRP", 10, ts++);
        assert_int_equal(qbatch_add(b, &q, 1, 0, NULL, &err), QBATCH_ACCEPTED);
        qbatch_free(b);
    }
    store_close(st);
}

/* Many symbols: the table grows and every one is written. */
static void test_many_symbols(void **state)
{
    store_t *st = fresh("m.db");
    struct qbatch_opts o;
    struct qbatch *b;
    struct allot_err err;
    struct quote q;
    char sym[16];
    (void)state;

    qbatch_opts_init(&o);
    o.batch_max = 100000;
    b = qbatch_new(st, &o);
    for (int r = 0; r < 2; r++) {
        for (int i = 0; i < 3000; i++) {
            snprintf(sym, sizeof sym, "SYM%d", i);
            q = mk(sym, 100 + i + r, 1000 + r);
            assert_int_equal(qbatch_add(b, &q, 1, 0, NULL, &err), QBATCH_ACCEPTED);
        }
    }
    assert_int_equal(qbatch_flush(b, &err), 3000);
    assert_true(stored(st, "SYM0") == 101);
    assert_true(stored(st, "SYM2999") == 3100);
    qbatch_free(b);
    store_close(st);
}

/* A busy store: the batch is kept, nothing half-written, and written on
 * the retry once the other writer is done. */
static void test_busy_keeps_batch(void **state)
{
    char path[300];
    store_t *st, *other;
    struct qbatch *b;
    struct qbatch_stats s;
    struct allot_err err;
    struct quote q;
    (void)state;

    st = fresh("b.db");
    tmpdir_file(path, sizeof path, "b.db");
    assert_int_equal(store_open(path, 0, &other, &err), 0);
    store_set_busy_timeout(st, 10);
    b = qbatch_new(st, NULL);
    q = mk("BTC", 100, 1000);
    qbatch_add(b, &q, 1, 0, NULL, &err);
    q = mk("ETH", 10, 1000);
    qbatch_add(b, &q, 1, 0, NULL, &err);
    assert_int_equal(store_begin(other, &err), 0);
    assert_int_equal(qbatch_tick(b, QBATCH_MS, &err), ALLOT_E_BUSY);
    qbatch_stats(b, &s);
    assert_int_equal(s.pending, 2);
    assert_int_equal(s.batches, 0);
    /* retried a batch interval later, not at once */
    assert_int_equal(qbatch_tick(b, QBATCH_MS + 1, &err), 0);
    store_rollback(other);
    assert_int_equal(qbatch_tick(b, 2 * QBATCH_MS, &err), 1);
    assert_true(stored(other, "BTC") == 100 && stored(other, "ETH") == 10);
    qbatch_free(b);
    store_close(other);
    store_close(st);
}

/* In memory (no store): batches close the same way, the latest written
 * quote of each symbol is kept. */
static void test_memory(void **state)
{
    struct qbatch *b = qbatch_new(NULL, NULL);
    struct qbatch_stats s;
    struct allot_err err;
    struct quote q, got;
    (void)state;

    q = mk("BTC", 100, 1000);
    qbatch_add(b, &q, 1, 0, NULL, &err);
    assert_int_equal(qbatch_latest(b, "BTC", &got), ALLOT_E_NOTFOUND);   /* pending */
    q = mk("BTC", 101, 1001);
    qbatch_add(b, &q, 1, 0, NULL, &err);
    assert_int_equal(qbatch_tick(b, QBATCH_MS, &err), 1);
    assert_int_equal(qbatch_latest(b, "BTC", &got), 0);
    assert_true(got.price == 101 && got.ts_ms == 1001);
    assert_int_equal(qbatch_latest(b, "ETH", &got), ALLOT_E_NOTFOUND);
    qbatch_stats(b, &s);
    assert_int_equal(s.batches, 1);
    assert_int_equal(s.written, 1);
    assert_true(s.newest_ts_ms == 1001);
    qbatch_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coalesce),
        cmocka_unit_test(test_cut_by_count_and_clock),
        cmocka_unit_test(test_jumps),
        cmocka_unit_test(test_many_symbols),
        cmocka_unit_test(test_busy_keeps_batch),
        cmocka_unit_test(test_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
