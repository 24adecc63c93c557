/* Tests for util/num.c: strict decimal parsing (no inf, nan, hex,
 * separators or overflow) with the offset of the first bad byte. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "util/num.h"

static void test_accepts(void **state)
{
    double v;
    const char *what;
    size_t off;
    (void)state;
    assert_int_equal(num_parse("42", &v, &what, &off), 0);
    assert_true(v == 42.0);
    assert_int_equal(num_parse("-0.5", &v, &what, &off), 0);
    assert_true(v == -0.5);
    assert_int_equal(num_parse("+.25", &v, &what, &off), 0);
    assert_true(v == 0.25);
    assert_int_equal(num_parse("1.", &v, &what, &off), 0);
    assert_true(v == 1.0);
    assert_int_equal(num_parse("2.1E-7", &v, &what, &off), 0);
    assert_true(v == 2.1e-7);
    assert_int_equal(num_parse("4970.7880859375", &v, &what, &off), 0);
    assert_true(v == 4970.7880859375);
}

static void test_refuses(void **state)
{
    double v;
    const char *what;
    size_t off;
    (void)state;
    assert_int_equal(num_parse("", &v, &what, &off), -1);
    assert_int_equal(num_parse("1,5", &v, &what, &off), -1);
    assert_int_equal(off, 1);
    assert_int_equal(num_parse("nan", &v, &what, &off), -1);
    assert_int_equal(off, 0);
    assert_int_equal(num_parse("inf", &v, &what, &off), -1);
    assert_int_equal(num_parse("-Infinity", &v, &what, &off), -1);
    assert_int_equal(off, 1);
    assert_int_equal(num_parse("0x10", &v, &what, &off), -1);
    assert_int_equal(off, 1);
    assert_int_equal(num_parse("1e400", &v, &what, &off), -1);
    assert_int_equal(num_parse(" 1", &v, &what, &off), -1);
    assert_int_equal(num_parse("1 ", &v, &what, &off), -1);
    assert_int_equal(off, 1);
    assert_int_equal(num_parse("1e", &v, &what, &off), -1);
    assert_int_equal(off, 2);
    assert_int_equal(num_parse(".", &v, &what, &off), -1);
    assert_int_equal(num_parse("$5", &v, &what, &off), -1);
    assert_int_equal(off, 0);
}

static void test_long(void **state)
{
    long v;
    const char *what;
    size_t off;
    (void)state;
    assert_int_equal(num_parse_long("17", 0, 100, &v, &what, &off), 0);
    assert_int_equal(v, 17);
    assert_int_equal(num_parse_long("101", 0, 100, &v, &what, &off), -1);
    assert_int_equal(num_parse_long("1.5", 0, 100, &v, &what, &off), -1);
    assert_int_equal(off, 1);
}

static void test_format_exact(void **state)
{
    char buf[32];
    const double xs[] = { 0.1, 1.0 / 3.0, 4.76, -1e-300, 123456789.123456789 };
    (void)state;
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
        assert_true(strtod(num_format_exact(xs[i], buf), NULL) == xs[i]);
    assert_string_equal(num_format_exact(0.5, buf), "0.5");
}

/* The fast path must print what snprintf("%.17g") prints, to the byte. */
static void check_same(double x)
{
    char a[32], b[32];
    num_format_exact(x, a);
    snprintf(b, sizeof b, "%.17g", x);
    if (strcmp(a, b) != 0) {
        print_error("%a: num_format_exact gives %s, snprintf %s\n", x, a, b);
        fail();
    }
}

static void test_format_matches_printf(void **state)
{
    uint64_t s = 88172645463325252ULL;
    (void)state;
    /* edges: powers of ten and their neighbours, exact ties, range ends */
    for (int e = -12; e <= 18; e++) {
        double p = pow(10, e);
        check_same(p);
        check_same(-p);
        check_same(nextafter(p, 0));
        check_same(nextafter(p, INFINITY));
    }
    const double edge[] = { 0.0, -0.0, 1e-11, 9.9999999999999994e-12, 1e17, 99999999999999984.0,
                            0.5, 1.5, 2.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 123456789012345678.0,
                            4.76, 0.81, 9007199254740993.0, 1e16 + 1, 5e-324, 1.7976931348623157e308,
                            0.99999999999999989, 9.9999999999999995e16, 1234567.5,
                            0.000123456789012345678 };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
        check_same(edge[i]);
    /* random bit patterns over every exponent, and random values per decade */
    for (int i = 0; i < 2000000; i++) {
        double x;
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        if (i % 2 == 0) {
            uint64_t bits = s;
            memcpy(&x, &bits, sizeof x);
            if (!isfinite(x))
                continue;
        } else {
            double u = (double)(s >> 11) / 9007199254740992.0;
            x = (u + 0.1) * pow(10, (int)(s % 36) - 14);
        }
        check_same(x);
    }
    /* numbers with few digits, where trailing zeros are stripped */
    for (int i = -200000; i <= 200000; i++) {
        check_same(i / 8.0);
        check_same(i / 1000.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts),
        cmocka_unit_test(test_refuses),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_format_exact),
        cmocka_unit_test(test_format_matches_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
