/* Tests for io/feedline.c: each line form, blanks and comments, every
 * error with its 1-based column (counted by hand in each case), and the
 * format/parse round trip. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include "io/feedline.h"
#include "util/date.h"

static int parse(const char *s, struct feed_quote *q, struct allot_err *err)
{
    err_clear(err);
    return feedline_parse(s, strlen(s), q, err);
}

static void test_forms(void **state)
{
    struct feed_quote q;
    struct allot_err err;
    (void)state;

    assert_int_equal(parse("BTC,65000.5\n", &q, &err), 1);
    assert_string_equal(q.symbol, "BTC");
    assert_true(q.price == 65000.5);
    assert_true(isnan(q.iv));
    assert_true(q.ts_ms == FEEDLINE_TS_NONE);
    assert_int_equal(q.is_instrument, 0);

    /* symbol,price,iv: BTC is no timestamp */
    assert_int_equal(parse("BTC,65000,0.55\r\n", &q, &err), 1);
    assert_true(q.iv == 0.55);
    assert_true(q.ts_ms == FEEDLINE_TS_NONE);

    /* timestamp,symbol,price: ISO 8601, the instant computed by hand:
     * 2024-12-06 is day 20063 since 1970-01-01 */
    assert_int_equal(parse("2024-12-06T10:00:01.250Z,ETH,3800", &q, &err), 1);
    assert_string_equal(q.symbol, "ETH");
    assert_true(q.ts_ms == INT64_C(20063) * 86400000 + 36001250);
    assert_true(isnan(q.iv));

    /* Unix seconds, and an ISO instant with a zone and a blank */
    assert_int_equal(parse("1733479201,SOL,230", &q, &err), 1);
    assert_true(q.ts_ms == INT64_C(1733479201000));
    assert_int_equal(parse("2024-12-06 11:00:01+01:00,SOL,230", &q, &err), 1);
    assert_true(q.ts_ms == INT64_C(20063) * 86400000 + 36001000);

    /* four fields, an option by its exchange name, its mark in coin */
    assert_int_equal(parse("1733479201,BTC-27JUN25-60000-C,0.0415,0.62", &q, &err), 1);
    assert_string_equal(q.symbol, "BTC-27JUN25-60000-C");
    assert_int_equal(q.is_instrument, 1);
    assert_true(q.price == 0.0415);
    assert_true(q.iv == 0.62);

    /* the iv as an explicit percentage, an empty iv, 1INCH is a symbol */
    assert_int_equal(parse("BTC-27JUN25-60000-C,0.04,65%", &q, &err), 1);
    assert_close(q.iv, 0.65, 0, 1e-15);   /* 65 / 100 rounds once */
    assert_int_equal(parse("1733479201,BTC,1,", &q, &err), 1);
    assert_true(isnan(q.iv));
    assert_int_equal(parse("1INCH,0.35,0.9", &q, &err), 1);
    assert_string_equal(q.symbol, "1INCH");
    assert_true(q.iv == 0.9);
    /* 10 is allowed, as for positions */
    assert_int_equal(parse("X,1,10", &q, &err), 1);
    /* a 31-byte asset and a 63-byte instrument name are the longest */
    assert_int_equal(parse("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDE,1", &q, &err), 1);
    assert_int_equal(parse("BTC-27JUN25-60000-C,1", &q, &err), 1);

    /* the parser reads only len bytes: no NUL needed */
    assert_int_equal(feedline_parse("BTC,2XYZ", 5, &q, &err), 1);
    assert_true(q.price == 2);
}

static void test_blank_and_comments(void **state)
{
    struct feed_quote q;
    struct allot_err err;
    const char *none[] = { "", "\n", "\r\n", "   \t ", "# BTC,1", "   # x,y,z,w,v,u", "#" };
    (void)state;
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        assert_int_equal(parse(none[i], &q, &err), 0);
}

/* The error of line s is at column col and its message contains want. */
static void expect_err(const char *s, size_t len, long col, const char *want)
{
    struct feed_quote q;
    struct allot_err err;
    err_clear(&err);
    int rc = feedline_parse(s, len == 0 ? strlen(s) : len, &q, &err);
    if (rc != ALLOT_E_INPUT || err.col != col || strstr(err.msg, want) == NULL) {
        print_error("line \"%s\": rc %d col %ld msg \"%s\"; want col %ld and \"%s\"\n", s, rc,
                    err.col, err.msg, col, want);
        fail();
    }
}

static void test_errors(void **state)
{
    (void)state;
    expect_err("BTC", 0, 4, "one field only");
    expect_err("a,b,c,d,e", 0, 9, "too many fields");
    expect_err("BTC,", 0, 5, "price: expected");
    expect_err("BTC,abc", 0, 5, "price: expected");
    expect_err("BTC,12x", 0, 7, "price: expected");       /* offset 2 into the field */
    expect_err("BTC,1e400", 0, 5, "price: expected");
    expect_err("BTC,nan", 0, 5, "price: expected");
    expect_err("BTC, 1", 0, 5, "price: expected");        /* strict: no blanks */
    expect_err("BTC,1,000", 0, 7, "iv: must be greater than 0");
    expect_err("BTC,0", 0, 5, "price: must be greater than 0");
    expect_err("BTC,-3", 0, 5, "price: must be greater than 0");
    expect_err(",5", 0, 1, "symbol: empty");
    expect_err("B C,5", 0, 2, "printable ASCII");
    expect_err("B\"C,5", 0, 2, "printable ASCII");
    expect_err("BT\x01,5", 0, 3, "printable ASCII");
    expect_err("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF,1", 0, 1, "at most 31 bytes for an asset");
    expect_err("BTC-27JUN25-60000-C-ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTU,1", 0, 1,
               "too long");
    expect_err("BTC,5,65", 0, 7, "65%");                  /* the hint about percentages */
    expect_err("BTC,5,10.5", 0, 7, "not an annual decimal");
    expect_err("BTC,5,-0.5", 0, 7, "iv: must be greater than 0");
    expect_err("BTC,5,0%", 0, 7, "iv: must be greater than 0");
    expect_err("BTC,5,%", 0, 7, "iv: expected");
    expect_err("BTC,5,0.5x", 0, 10, "iv: expected");
    expect_err("2024-13-01,BTC,5", 0, 6, "timestamp: expected");   /* month 13 at offset 5 */
    expect_err("2024-12-06T25:00:00Z,BTC,5", 0, 12, "timestamp: expected");
    expect_err("BTC,ETH,1,0.5", 0, 1, "timestamp: expected");  /* four fields need a time */
    expect_err("1234567890123,BTC,5", 0, 13, "timestamp: expected");   /* 13 digits */
    expect_err("2024-12-06,B C,5", 0, 13, "printable ASCII");
    expect_err("1733479201,BTC,x", 0, 16, "price: expected");
    /* a NUL byte inside a number */
    expect_err("BTC,1\0002", 7, 6, "NUL byte");
    expect_err("BTC,123456789012345678901234567890123456789012345678901234567890123456", 0, 5,
               "too long");
}

static void test_format_round_trip(void **state)
{
    struct feed_quote q, back;
    struct allot_err err;
    char buf[160];
    (void)state;

    memset(&q, 0, sizeof q);
    strcpy(q.symbol, "ETH");
    q.price = 3812.123456;
    q.iv = NAN;
    q.ts_ms = INT64_C(20063) * 86400000 + 500;
    assert_int_equal(feedline_format(&q, buf, sizeof buf),
                     (int)strlen("2024-12-06T00:00:00.500Z,ETH,3812.123456\n"));
    assert_string_equal(buf, "2024-12-06T00:00:00.500Z,ETH,3812.123456\n");
    assert_int_equal(feedline_parse(buf, strlen(buf), &back, &err), 1);
    assert_true(back.ts_ms == q.ts_ms && back.price == q.price && isnan(back.iv));

    q.ts_ms = FEEDLINE_TS_NONE;
    q.iv = 0.65;
    feedline_format(&q, buf, sizeof buf);
    assert_string_equal(buf, "ETH,3812.123456,0.65\n");
    /* too small a buffer: the needed length, as snprintf */
    assert_int_equal(feedline_format(&q, buf, 4), (int)strlen("ETH,3812.123456,0.65\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_blank_and_comments),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_format_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
