/* Tests for tui/fmt.c: shown numbers read back as the value (strtod),
 * grouping and compact forms written out by hand. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/fmt.h"

static void test_num(void **state)
{
    static const double xs[] = { 0.1, 0.012, 68000, 60000, -30000, 1.2, 1e-9, 1e20, 0.58,
                                 1.0 / 3, 97000.5, -0.035 };
    char buf[64];
    (void)state;
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        fmt_num(xs[i], buf, sizeof buf);
        assert_true(strtod(buf, NULL) == xs[i]);
    }
    assert_string_equal(fmt_num(60000, buf, sizeof buf), "60000");     /* never 6e+04 */
    assert_string_equal(fmt_num(0.1, buf, sizeof buf), "0.1");
    assert_string_equal(fmt_num(-0.035, buf, sizeof buf), "-0.035");
    assert_string_equal(fmt_num(NAN, buf, sizeof buf), "");
}

static void test_sig_grouped_compact(void **state)
{
    char buf[64];
    (void)state;
    assert_string_equal(fmt_sig(68000, 10, buf, sizeof buf), "68000");
    assert_string_equal(fmt_sig(0.0350000000001, 10, buf, sizeof buf), "0.035");
    assert_string_equal(fmt_sig(123456789012.0, 10, buf, sizeof buf), "123456789012");
    assert_string_equal(fmt_grouped(1234567.4, buf, sizeof buf), "1,234,567");
    assert_string_equal(fmt_grouped(-999.6, buf, sizeof buf), "-1,000");
    assert_string_equal(fmt_grouped(-0.2, buf, sizeof buf), "0");
    assert_string_equal(fmt_grouped(12, buf, sizeof buf), "12");
    /* with decimals: grouping stops at the point; a negative that rounds
     * to zero loses its sign */
    assert_string_equal(fmt_grouped_dec(-1234.56789, 4, buf, sizeof buf), "-1,234.5679");
    assert_string_equal(fmt_grouped_dec(20000, 4, buf, sizeof buf), "20,000.0000");
    assert_string_equal(fmt_grouped_dec(0.19, 2, buf, sizeof buf), "0.19");
    assert_string_equal(fmt_grouped_dec(-0.004, 2, buf, sizeof buf), "0.00");
    assert_string_equal(fmt_grouped_dec(999.996, 2, buf, sizeof buf), "1,000.00");
    assert_string_equal(fmt_grouped_dec(NAN, 2, buf, sizeof buf), "n/a");
    assert_string_equal(fmt_compact(950, buf, sizeof buf), "950");
    assert_string_equal(fmt_compact(12345, buf, sizeof buf), "12.3k");
    assert_string_equal(fmt_compact(-1500000, buf, sizeof buf), "-1.50M");
    assert_string_equal(fmt_compact(2.5e9, buf, sizeof buf), "2.50B");
    assert_string_equal(fmt_compact(0, buf, sizeof buf), "0");
    assert_string_equal(fmt_compact(0.25, buf, sizeof buf), "0.25");
    assert_string_equal(fmt_coef(0.834, buf, sizeof buf), "+0.83");
    assert_string_equal(fmt_coef(-1, buf, sizeof buf), "-1.00");
    assert_string_equal(fmt_coef(NAN, buf, sizeof buf), "n/a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_num),
        cmocka_unit_test(test_sig_grouped_compact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
