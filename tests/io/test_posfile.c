/* Tests for io/posfile.c: every kind read from a positions file, names
 * in Deribit form filling option fields, errors located, and a written
 * file reading back the same positions. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include "io/posfile.h"
#include "util/date.h"
#include "writefile.h"

struct got {
    struct position p[16];
    char pf[16][72];
    size_t n;
};

static int collect(void *ctx, const char *portfolio, struct position *p,
                   const struct csv_rec *rec, struct allot_err *err)
{
    struct got *g = ctx;
    (void)rec;
    (void)err;
    if (g->n < 16) {
        g->p[g->n] = *p;
        snprintf(g->pf[g->n], sizeof g->pf[0], "%s", portfolio);
        g->n++;
    }
    return 0;
}

static const char book[] =
    "kind,instrument,quantity,entry_price,fee_usd,expiry,strike,type,multiplier,iv,portfolio\n"
    "spot,BTC,1.5,42000,10,,,,,,\n"
    "perp,ETH-PERP,-20,2300,,,,,,,hedge\n"
    "inverse-perp,BTC-PERPETUAL,-50000,41000,,,,,,,\n"
    "future,ETH-29MAR24,5,2400,,,,,,,\n"
    "coin-option,BTC-29MAR24-50000-C,2,0.05,,,,,,0.65,\n"
    "option,SPY,10,5.5,,2024-06-21,480,put,100,0.2,\n";

static void test_read(void **state)
{
    struct got g = { .n = 0 };
    struct allot_err err;
    (void)state;

    assert_int_equal(posfile_read(write_file("book.csv", book, (size_t)-1), "main", 0,
                                  collect, &g, NULL, &err), 0);
    assert_int_equal(g.n, 6);
    assert_string_equal(g.pf[0], "main");
    assert_string_equal(g.pf[1], "hedge");
    assert_int_equal(g.p[0].kind, INST_SPOT);
    assert_string_equal(g.p[0].underlying, "BTC");
    assert_true(g.p[0].fee_usd == 10);
    assert_string_equal(g.p[1].underlying, "ETH");
    assert_int_equal(g.p[2].kind, INST_INV_PERP);
    assert_true(g.p[2].quantity == -50000);
    assert_int_equal(g.p[3].kind, INST_FUTURE);
    /* 2024-03-29T08:00:00Z from the name */
    assert_true(g.p[3].expiry_ms == INT64_C(1711699200000));
    assert_int_equal(g.p[4].kind, INST_COIN_OPTION);
    assert_true(g.p[4].strike == 50000);
    assert_int_equal(g.p[4].is_call, 1);
    assert_true(g.p[4].iv == 0.65);
    assert_true(g.p[5].multiplier == 100);
    assert_int_equal(g.p[5].is_call, 0);
    assert_true(g.p[5].expiry_ms == INT64_C(1718956800000));   /* 2024-06-21T08:00Z */
}

static void expect_err(const char *data, int64_t now, long line, long col, const char *want)
{
    struct got g = { .n = 0 };
    struct allot_err err;
    int rc;
    err_clear(&err);
    rc = posfile_read(write_file("bad.csv", data, (size_t)-1), "main", now, collect, &g, NULL,
                      &err);
    if (rc != ALLOT_E_INPUT || err.line != line || err.col != col ||
        strstr(err.msg, want) == NULL) {
        print_error("input:\n%s\ngot rc %d at %ld:%ld: %s\nwant %ld:%ld: ...%s...\n", data, rc,
                    err.line, err.col, err.msg, line, col, want);
        fail();
    }
}

static void test_errors(void **state)
{
    (void)state;
    expect_err("kind,instrument,quantity\nspot,BTC,1\n", 0, 1, 1, "entry_price");
    expect_err("kind,instrument,quantity,entry_price,colour\n", 0, 1, 38, "unknown column");
    expect_err("kind,instrument,quantity,entry_price\nswap,BTC,1,1\n", 0, 2, 1, "a kind");
    expect_err("kind,instrument,quantity,entry_price\nspot,BTC,0,1\n", 0, 2, 10, "not be 0");
    expect_err("kind,instrument,quantity,entry_price\nspot,BTC,1,-3\n", 0, 2, 12,
               "greater than 0");
    expect_err("kind,instrument,quantity,entry_price\nspot,BTC,1.2.3,3\n", 0, 2, 13,
               "expected a number");
    expect_err("kind,instrument,quantity,entry_price\noption,BTC,1,3\n", 0, 2, 8,
               "needs an expiry");
    expect_err("kind,instrument,quantity,entry_price,expiry\noption,BTC,1,3,2030-01-01\n", 0,
               2, 8, "strike");
    expect_err("kind,instrument,quantity,entry_price,expiry,strike,type\n"
               "option,BTC,1,3,2030-01-01,-5,call\n", 0, 2, 27, "strike");
    expect_err("kind,instrument,quantity,entry_price,iv\n"
               "coin-option,BTC-29MAR24-50000-C,1,0.1,65\n", 0, 2, 39, "annual decimal");
    expect_err("kind,instrument,quantity,entry_price\n"
               "coin-option,BTC-29MAR24-50000-C,1,0.1\n",
               INT64_C(1711699200000) + 1, 2, 13, "in the past");
    expect_err("kind,instrument,quantity,entry_price,expiry\nperp,BTC-PERP,1,3,2030-01-01\n", 0,
               2, 19, "no expiry");
    expect_err("kind,instrument,quantity,entry_price\nspot,BTC,1\n", 0, 2, 11,
               "expected 4 fields");
    expect_err("kind,instrument,quantity,entry_price\n", 0, 0, 0, "no positions");
}

static void test_write_read_back(void **state)
{
    struct got a = { .n = 0 }, b = { .n = 0 };
    struct allot_err err;
    char path[320];
    FILE *f;
    (void)state;

    assert_int_equal(posfile_read(write_file("book.csv", book, (size_t)-1), "main", 0,
                                  collect, &a, NULL, &err), 0);
    f = fopen(tmpdir_file(path, sizeof path, "out.csv"), "w");
    posfile_write_header(f);
    for (size_t i = 0; i < a.n; i++)
        posfile_write_row(f, a.pf[i], &a.p[i]);
    fclose(f);
    assert_int_equal(posfile_read(path, "x", 0, collect, &b, NULL, &err), 0);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.pf[i], b.pf[i]);
        assert_int_equal(a.p[i].kind, b.p[i].kind);
        assert_string_equal(a.p[i].instrument, b.p[i].instrument);
        assert_true(a.p[i].quantity == b.p[i].quantity);
        assert_true(a.p[i].expiry_ms == b.p[i].expiry_ms);
        assert_true(a.p[i].strike == b.p[i].strike);
        assert_int_equal(a.p[i].is_call, b.p[i].is_call);
        assert_true(a.p[i].multiplier == b.p[i].multiplier);
        assert_true(isnan(a.p[i].iv) ? isnan(b.p[i].iv) : a.p[i].iv == b.p[i].iv);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_write_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
