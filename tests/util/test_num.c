/* Tests for util/num.c: strict decimal parsing (no inf, nan, hex,
 * separators or overflow) with the offset of the first bad byte. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts),
        cmocka_unit_test(test_refuses),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_format_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
