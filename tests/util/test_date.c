/* Tests for util/date.c: civil-day arithmetic against known day numbers,
 * strict parsing (2024-02-30 refused), time zones and formatting. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include "util/date.h"

static void test_known_days(void **state)
{
    (void)state;
    /* Day numbers checked against `date -u -d ... +%s` / 86400. */
    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
    assert_int_equal(date_from_ymd(2024, 2, 29), 19782);
    assert_int_equal(date_from_ymd(1969, 12, 31), -1);
    assert_int_equal(date_from_ymd(2023, 2, 29), DATE_NONE);
    assert_int_equal(date_from_ymd(2024, 13, 1), DATE_NONE);
}

static void test_round_trip(void **state)
{
    (void)state;
    /* Every day from 1900 to 2100 maps back to itself. */
    for (int32_t d = date_from_ymd(1900, 1, 1); d <= date_from_ymd(2100, 12, 31); d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        assert_int_equal(date_from_ymd(y, m, dd), d);
    }
}

static void test_parse_day(void **state)
{
    int32_t day;
    const char *what;
    size_t off;
    (void)state;

    assert_int_equal(date_parse_day("2024-01-02", &day, &what, &off), 0);
    assert_int_equal(day, date_from_ymd(2024, 1, 2));
    /* yfinance style: the date as written, whatever the zone */
    assert_int_equal(date_parse_day("2024-01-02 00:00:00-05:00", &day, &what, &off), 0);
    assert_int_equal(day, date_from_ymd(2024, 1, 2));
    assert_int_equal(date_parse_day("2024-01-02T23:59:59Z", &day, &what, &off), 0);
    assert_int_equal(day, date_from_ymd(2024, 1, 2));
    assert_int_equal(date_parse_day("2024-01-02 00:00:00+00:00", &day, &what, &off), 0);

    assert_int_equal(date_parse_day("2024-02-30", &day, &what, &off), -1);
    assert_int_equal(off, 8);
    assert_non_null(strstr(what, "day"));
    assert_int_equal(date_parse_day("2024-13-01", &day, &what, &off), -1);
    assert_int_equal(off, 5);
    assert_int_equal(date_parse_day("2024/01/02", &day, &what, &off), -1);
    assert_int_equal(off, 4);
    assert_int_equal(date_parse_day("01/02/2024", &day, &what, &off), -1);
    assert_int_equal(off, 2);
    assert_int_equal(date_parse_day("", &day, &what, &off), -1);
    assert_int_equal(date_parse_day("2024-01-02x", &day, &what, &off), -1);
    assert_int_equal(off, 10);
    assert_int_equal(date_parse_day("2024-01-02 25:00", &day, &what, &off), -1);
    assert_int_equal(off, 11);
}

static void test_parse_ts(void **state)
{
    int64_t ms;
    const char *what;
    size_t off;
    (void)state;

    assert_int_equal(date_parse_ts("2020-05-14T08:00:00Z", &ms, &what, &off), 0);
    assert_true(ms == INT64_C(1589443200000));
    assert_int_equal(date_parse_ts("2020-05-14T05:43:53.445Z", &ms, &what, &off), 0);
    assert_true(ms == INT64_C(1589435033445));
    assert_int_equal(date_parse_ts("2020-05-14T10:00:00+02:00", &ms, &what, &off), 0);
    assert_true(ms == INT64_C(1589443200000));
    assert_int_equal(date_parse_ts("1589443200", &ms, &what, &off), 0);
    assert_true(ms == INT64_C(1589443200000));
    assert_int_equal(date_parse_ts("1589443200.5", &ms, &what, &off), 0);
    assert_true(ms == INT64_C(1589443200500));
    assert_int_equal(date_parse_ts("2020-05-14", &ms, &what, &off), 0);
    assert_true(ms == INT64_C(1589414400000));
    assert_int_equal(date_parse_ts("12ab", &ms, &what, &off), -1);
    assert_int_equal(off, 2);
    assert_int_equal(date_parse_ts("2020-05-14T08:00:00Q", &ms, &what, &off), -1);
    assert_int_equal(off, 19);
}

/* Instants outside what date_format_ts writes (years 1-9999) are refused:
 * before, "999945678901" read as the year 33658 and was written as 3657,
 * and an expiry of 9999-12-31T23:00:00-18:00 was stored as year 0000 (found
 * by fuzzing, tests/fuzz/datenum/crash-ts-beyond-9999). The bounds are the
 * well-known -62135596800 s (0001-01-01) and 253402300800 s (10000-01-01). */
static void test_parse_ts_range(void **state)
{
    int64_t ms;
    const char *what;
    size_t off;
    char buf[32];
    (void)state;

    assert_int_equal(date_parse_ts("253402300799.999", &ms, &what, &off), 0);
    assert_true(ms == INT64_C(253402300799999));
    date_format_ts(ms, buf);
    assert_string_equal(buf, "9999-12-31T23:59:59.999Z");
    assert_int_equal(date_parse_ts("253402300800", &ms, &what, &off), -1);
    assert_int_equal(date_parse_ts("999945678901", &ms, &what, &off), -1);
    assert_int_equal(off, 0);
    assert_int_equal(date_parse_ts("9999-12-31T23:00:00-18:00", &ms, &what, &off), -1);
    assert_int_equal(off, 10);
    assert_int_equal(date_parse_ts("9999-12-31T23:00:00+18:00", &ms, &what, &off), 0);
    assert_int_equal(date_parse_ts("0001-01-01T00:00:00Z", &ms, &what, &off), 0);
    assert_true(ms == INT64_C(-62135596800000));
    date_format_ts(ms, buf);
    assert_string_equal(buf, "0001-01-01T00:00:00Z");
    assert_int_equal(date_parse_ts("0001-01-01T00:00:00+00:01", &ms, &what, &off), -1);
}

static void test_format(void **state)
{
    char buf[32];
    (void)state;
    date_format_day(date_from_ymd(2024, 2, 29), buf);
    assert_string_equal(buf, "2024-02-29");
    date_format_ts(INT64_C(1589435033445), buf);
    assert_string_equal(buf, "2020-05-14T05:43:53.445Z");
    date_format_ts(INT64_C(1589443200000), buf);
    assert_string_equal(buf, "2020-05-14T08:00:00Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_days),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_parse_day),
        cmocka_unit_test(test_parse_ts),
        cmocka_unit_test(test_parse_ts_range),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
