/* Tests for engine/portfolio/instrument.c: kind names round-trip and
 * validation names the missing or impossible field. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include "engine/portfolio/instrument.h"
#include "util/str.h"

static void test_kind_names(void **state)
{
    (void)state;
    for (int k = 0; k < INST_KIND_COUNT; k++) {
        enum inst_kind got;
        assert_int_equal(inst_kind_parse(inst_kind_name((enum inst_kind)k), &got), 0);
        assert_int_equal(got, k);
    }
    enum inst_kind dummy;
    assert_int_equal(inst_kind_parse("swap", &dummy), -1);
}

static struct position option(void)
{
    struct position p;
    position_init(&p);
    p.kind = INST_COIN_OPTION;
    str_copy(p.instrument, sizeof p.instrument, "BTC-26JUN20-9000-C");
    str_copy(p.underlying, sizeof p.underlying, "BTC");
    p.quantity = 2;
    p.entry_price = 0.08;
    p.strike = 9000;
    p.is_call = 1;
    p.expiry_ms = INT64_C(1593158400000);
    return p;
}

static void test_validate(void **state)
{
    struct allot_err err;
    struct position p = option();
    (void)state;

    assert_int_equal(position_validate(&p, &err), 0);
    p.quantity = 0;
    assert_int_equal(position_validate(&p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "quantity"));
    p = option();
    p.strike = -1;
    assert_int_equal(position_validate(&p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "strike"));
    p = option();
    p.expiry_ms = 0;
    assert_int_equal(position_validate(&p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "expiry"));
    p = option();
    p.iv = 65; /* a percentage, not a decimal */
    assert_int_equal(position_validate(&p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "vol"));
    p = option();
    p.kind = INST_PERP;
    assert_int_equal(position_validate(&p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "no expiry"));
    p.expiry_ms = 0;
    assert_int_equal(position_validate(&p, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "no strike"));
    p.strike = 0;
    assert_int_equal(position_validate(&p, &err), 0);
}

static void test_parse_name(void **state)
{
    struct position p;
    enum inst_kind k;
    (void)state;

    position_init(&p);
    assert_int_equal(inst_parse_name("BTC-27JUN25-60000-C", &p, &k), 0);
    assert_int_equal(k, INST_OPTION);
    assert_string_equal(p.underlying, "BTC");
    assert_true(p.strike == 60000);
    assert_int_equal(p.is_call, 1);
    /* 2025-06-27T08:00:00Z = 1751011200 s */
    assert_true(p.expiry_ms == INT64_C(1751011200000));
    assert_int_equal(inst_parse_name("ETH-5JUN20-220-P", &p, &k), 0);
    assert_int_equal(p.is_call, 0);
    assert_true(p.strike == 220);
    assert_int_equal(inst_parse_name("XRP-27DEC24-0d55-C", &p, &k), 0);
    assert_true(p.strike == 0.55);
    position_init(&p);
    assert_int_equal(inst_parse_name("BTC-PERPETUAL", &p, &k), 0);
    assert_int_equal(k, INST_PERP);
    assert_true(p.expiry_ms == 0);
    assert_int_equal(inst_parse_name("ETH-29MAR24", &p, &k), 0);
    assert_int_equal(k, INST_FUTURE);
    assert_string_equal(p.underlying, "ETH");
    position_init(&p);
    assert_int_equal(inst_parse_name("BTC", &p, &k), -1);
    assert_int_equal(inst_parse_name("BTC-31FEB25", &p, &k), -1);
    assert_int_equal(inst_parse_name("BTC-27JUN25-abc-C", &p, &k), -1);
    assert_int_equal(inst_parse_name("BTC-27JUN25-100-X", &p, &k), -1);
    assert_int_equal(inst_parse_name("-27JUN25", &p, &k), -1);
    assert_string_equal(p.underlying, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_parse_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
