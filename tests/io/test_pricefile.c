/* Tests for io/pricefile.c: each format detected from its header, missing
 * values skipped and counted, and every bad row refused at FILE:LINE:COL. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include "io/pricefile.h"
#include "util/date.h"
#include "writefile.h"

static int load(const char *name, const char *data, enum price_format fmt, const char *sym,
                struct series_set *set, struct price_read_stats *st, struct allot_err *err)
{
    series_set_init(set);
    err_clear(err);
    return pricefile_load(write_file(name, data, (size_t)-1), fmt, sym, set, st, err);
}

static void test_long(void **state)
{
    struct series_set set;
    struct price_read_stats st;
    struct allot_err err;
    (void)state;

    assert_int_equal(load("long.csv", "date,symbol,close\n2024-01-02,BTC,42000.5\n"
                          "2024-01-02,ETH,2300\n2024-01-03,BTC,43000\n"
                          "2024-01-03,ETH,\n",
                          PRICE_FMT_AUTO, NULL, &set, &st, &err), 0);
    assert_int_equal(st.format, PRICE_FMT_LONG);
    assert_int_equal(st.records, 4);
    assert_int_equal(st.prices, 3);
    assert_int_equal(st.missing, 1);
    assert_int_equal(set.n, 2);
    assert_string_equal(set.s[0].symbol, "BTC");
    assert_int_equal(set.s[0].n, 2);
    assert_true(set.s[0].close[0] == 42000.5);
    assert_int_equal(set.s[0].day[1], date_from_ymd(2024, 1, 3));
    series_set_done(&set);
}

static void test_wide_and_timestamps(void **state)
{
    struct series_set set;
    struct price_read_stats st;
    struct allot_err err;
    (void)state;

    assert_int_equal(load("wide.csv", "Date,BTC,SPY\r\n2024-01-05T00:00:00Z,44000,470\r\n"
                          "2024-01-06 00:00:00+00:00,43900,\r\n",
                          PRICE_FMT_AUTO, NULL, &set, &st, &err), 0);
    assert_int_equal(st.format, PRICE_FMT_WIDE);
    assert_int_equal(st.prices, 3);
    assert_int_equal(st.missing, 1);
    assert_int_equal(set.s[0].n, 2);   /* BTC */
    assert_int_equal(set.s[1].n, 1);   /* SPY */
    series_set_done(&set);
}

static void test_yahoo(void **state)
{
    struct series_set set;
    struct price_read_stats st;
    struct allot_err err;
    (void)state;

    assert_int_equal(load("BTC-USD.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n"
                          "2024-01-02,1,2,0.5,45000,45000,100\n"
                          "2024-01-03,null,null,null,null,null,null\n",
                          PRICE_FMT_AUTO, NULL, &set, &st, &err), 0);
    assert_int_equal(st.format, PRICE_FMT_YAHOO);
    assert_string_equal(set.s[0].symbol, "BTC-USD");    /* from the file name */
    assert_true(set.s[0].close[0] == 45000);
    assert_int_equal(st.missing, 1);
    series_set_done(&set);

    assert_int_equal(load("x.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n"
                          "2024-01-02,1,2,0.5,45000,45000,100\n",
                          PRICE_FMT_YAHOO, "BTC", &set, &st, &err), 0);
    assert_string_equal(set.s[0].symbol, "BTC");
    series_set_done(&set);

    /* yfinance >= 0.2.51: three header rows, one Close column per ticker */
    assert_int_equal(load("yf.csv", "Price,Close,Close,High,High\n"
                          "Ticker,AAPL,MSFT,AAPL,MSFT\n"
                          "Date,,,,\n"
                          "2024-01-02,185.5,370.1,186,371\n"
                          "2024-01-03,184.2,,185,372\n",
                          PRICE_FMT_AUTO, NULL, &set, &st, &err), 0);
    assert_int_equal(st.format, PRICE_FMT_YAHOO);
    assert_int_equal(set.n, 2);
    assert_string_equal(set.s[0].symbol, "AAPL");
    assert_int_equal(set.s[0].n, 2);
    assert_string_equal(set.s[1].symbol, "MSFT");
    assert_int_equal(set.s[1].n, 1);
    assert_true(set.s[1].close[0] == 370.1);
    series_set_done(&set);
}

static void test_fred(void **state)
{
    struct series_set set;
    struct price_read_stats st;
    struct allot_err err;
    (void)state;

    assert_int_equal(load("DGS10.csv", "observation_date,DGS10\n2024-01-01,\n"
                          "2024-01-02,3.95\n2024-01-03,.\n2024-01-04,3.99\n",
                          PRICE_FMT_AUTO, NULL, &set, &st, &err), 0);
    assert_int_equal(st.format, PRICE_FMT_FRED);
    assert_string_equal(set.s[0].symbol, "DGS10");
    assert_int_equal(set.s[0].n, 2);
    assert_int_equal(st.missing, 2);
    series_set_done(&set);

    assert_int_equal(load("f.csv", "DATE,DTWEXBGS\n2024-01-02,120.1\n",
                          PRICE_FMT_AUTO, "USD_BROAD", &set, &st, &err), 0);
    assert_string_equal(set.s[0].symbol, "USD_BROAD");
    series_set_done(&set);
}

/* Expect an error at line:col whose message contains want. */
static void expect_err(const char *data, enum price_format fmt, const char *sym, int code,
                       long line, long col, const char *want)
{
    struct series_set set;
    struct price_read_stats st;
    struct allot_err err;
    int rc = load("bad.csv", data, fmt, sym, &set, &st, &err);
    series_set_done(&set);
    if (rc != code || err.line != line || err.col != col || strstr(err.msg, want) == NULL) {
        print_error("input:\n%s\ngot rc %d at %ld:%ld: %s\nwant rc %d at %ld:%ld: ...%s...\n",
                    data, rc, err.line, err.col, err.msg, code, line, col, want);
        fail();
    }
    assert_string_equal(strrchr(err.file, '/') + 1, "bad.csv");
}

static void test_errors(void **state)
{
    (void)state;
    expect_err("date,symbol,close\n2024-01-02,BTC,1,5\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT,
               2, 18, "expected 3 fields");
    expect_err("date,symbol,close\n2024-01-02,BTC\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT, 2,
               15, "expected 3 fields");
    expect_err("date,symbol,close\n2024-01-02,BTC,1O0\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT,
               2, 17, "expected a number, found \"1O0\"");
    expect_err("date,symbol,close\n2024-01-02,BTC,-5\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT,
               2, 16, "greater than 0");
    expect_err("date,symbol,close\n2024-01-02,BTC,0\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT,
               2, 16, "greater than 0");
    expect_err("date,symbol,close\n2024-01-02,BTC,NaN\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT,
               2, 16, "a number");
    expect_err("date,symbol,close\n2024-01-02,BTC,1e400\n", PRICE_FMT_AUTO, NULL,
               ALLOT_E_INPUT, 2, 16, "range");
    expect_err("date,symbol,close\n2024-02-30,BTC,1\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT,
               2, 9, "a day that exists");
    expect_err("date,symbol,close\n02/01/2024,BTC,1\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT,
               2, 3, "YYYY-MM-DD");
    expect_err("date,symbol,close\n2024-01-02,BT C,1\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT,
               2, 12, "not valid");
    expect_err("day,open,shut\n2024-01-02,1,2\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT, 1, 1,
               "unrecognised header");
    expect_err("", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT, 0, 0, "empty");
    expect_err("date,symbol,close\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT, 0, 0,
               "no data rows");
    expect_err("date,symbol,close\n2024-01-02,BTC,1\n", PRICE_FMT_AUTO, "BTC", ALLOT_E_USAGE,
               0, 0, "--symbol");
    expect_err("date,BTC,BTC\n2024-01-02,1,2\n", PRICE_FMT_AUTO, NULL, ALLOT_E_INPUT, 1, 10,
               "twice");
    expect_err("date,symbol,close\n2024-01-02,BTC,1\n2024-01-02,BTC,2\n", PRICE_FMT_AUTO,
               NULL, ALLOT_E_INPUT, 3, 16, "line 2");
    expect_err("date,symbol,close\n2024-01-02,BTC,1\n", PRICE_FMT_FRED, NULL, ALLOT_E_INPUT, 1,
               1, "DATE,SERIES");
    expect_err("Date,Open,High,Low,Close\n2024-01-02,1,1,1,null2\n", PRICE_FMT_AUTO, "X",
               ALLOT_E_INPUT, 2, 18, "a number");
}

static void test_same_duplicate_kept_once(void **state)
{
    struct series_set set;
    struct price_read_stats st;
    struct allot_err err;
    (void)state;
    assert_int_equal(load("dup.csv", "date,symbol,close\n2024-01-03,BTC,2\n2024-01-02,BTC,1\n"
                          "2024-01-03,BTC,2\n", PRICE_FMT_AUTO, NULL, &set, &st, &err), 0);
    assert_int_equal(set.s[0].n, 2);
    assert_int_equal(set.s[0].day[0], date_from_ymd(2024, 1, 2));
    series_set_done(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_wide_and_timestamps),
        cmocka_unit_test(test_yahoo),
        cmocka_unit_test(test_fred),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_same_duplicate_kept_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
