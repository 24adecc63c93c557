/* Tests for tui/posform.c: the position form turns text fields into the
 * position a hand-written struct says it should, refuses bad values with
 * an error on the right field (same rules as the positions file), fills
 * fields from an exchange name, and an edit round-trips. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <string.h>

#include "tui/posform.h"
#include "util/date.h"

/* 2024-12-06T23:59:59Z, the demo's valuation time, in Unix ms */
#define NOW_MS INT64_C(1733529599000)

static void type_into(struct posform *pf, size_t field, const char *text)
{
    form_set_text(&pf->form, field, text);
}

static void test_spot(void **state)
{
    struct posform pf;
    struct position p;
    (void)state;
    posform_open_new(&pf);
    type_into(&pf, PF_INSTRUMENT, "BTC");
    type_into(&pf, PF_QUANTITY, "1.5");
    type_into(&pf, PF_ENTRY, "68000");
    type_into(&pf, PF_OPEN_DATE, "2024-08-01");
    type_into(&pf, PF_NOTE, "core");
    assert_int_equal(posform_build(&pf, NOW_MS, &p), 0);
    assert_int_equal(p.id, 0);
    assert_int_equal(p.kind, INST_SPOT);
    assert_string_equal(p.instrument, "BTC");
    assert_string_equal(p.underlying, "BTC");       /* from the name */
    assert_close(p.quantity, 1.5, 0, 0);
    assert_close(p.entry_price, 68000, 0, 0);
    assert_close(p.fee_usd, 0, 0, 0);
    assert_int_equal(p.open_day, date_from_ymd(2024, 8, 1));
    assert_int_equal(p.expiry_ms, 0);
    assert_string_equal(p.note, "core");
    /* a spot position has no expiry, strike, type, multiplier or iv fields */
    assert_false(pf.form.f[PF_EXPIRY].enabled);
    assert_false(pf.form.f[PF_STRIKE].enabled);
    assert_false(pf.form.f[PF_IV].enabled);
}

static void test_errors(void **state)
{
    struct posform pf;
    struct position p;
    (void)state;
    posform_open_new(&pf);
    assert_int_equal(posform_build(&pf, NOW_MS, &p), -1);
    assert_string_equal(pf.form.f[PF_INSTRUMENT].error, "required");
    assert_string_equal(pf.form.f[PF_QUANTITY].error, "required");
    assert_string_equal(pf.form.f[PF_ENTRY].error, "required");
    assert_int_equal(pf.form.focus, PF_INSTRUMENT);     /* the first bad field */

    type_into(&pf, PF_INSTRUMENT, "BTC PERP");
    type_into(&pf, PF_QUANTITY, "0");
    type_into(&pf, PF_ENTRY, "1,5");
    type_into(&pf, PF_FEE, "-1");
    type_into(&pf, PF_OPEN_DATE, "2024-02-30");
    assert_int_equal(posform_build(&pf, NOW_MS, &p), -1);
    assert_non_null(strstr(pf.form.f[PF_INSTRUMENT].error, "without blanks"));
    assert_non_null(strstr(pf.form.f[PF_QUANTITY].error, "must not be 0"));
    assert_non_null(strstr(pf.form.f[PF_ENTRY].error, "at character 2"));
    assert_non_null(strstr(pf.form.f[PF_FEE].error, "0 or more"));
    assert_true(pf.form.f[PF_OPEN_DATE].error[0] != '\0');

    /* a future needs an expiry after the valuation time */
    posform_open_new(&pf);
    form_set_choice(&pf.form, PF_KIND, INST_FUTURE);
    posform_sync(&pf);
    type_into(&pf, PF_INSTRUMENT, "ETHFUT");
    type_into(&pf, PF_QUANTITY, "2");
    type_into(&pf, PF_ENTRY, "4100");
    assert_int_equal(posform_build(&pf, NOW_MS, &p), -1);
    assert_string_equal(pf.form.f[PF_EXPIRY].error, "a future needs an expiry");
    type_into(&pf, PF_EXPIRY, "2024-12-06");    /* 08:00 UTC, before 23:59:59 */
    assert_int_equal(posform_build(&pf, NOW_MS, &p), -1);
    assert_non_null(strstr(pf.form.f[PF_EXPIRY].error, "after the valuation time"));
    type_into(&pf, PF_EXPIRY, "2025-03-28");
    assert_int_equal(posform_build(&pf, NOW_MS, &p), 0);
    assert_int_equal(p.expiry_ms, (int64_t)date_from_ymd(2025, 3, 28) * DATE_MS_PER_DAY +
                                      INT64_C(8) * 3600 * 1000);

    /* an option's iv as a percentage is refused, like the positions file */
    posform_open_new(&pf);
    form_set_choice(&pf.form, PF_KIND, INST_OPTION);
    posform_sync(&pf);
    type_into(&pf, PF_INSTRUMENT, "MYOPT");
    type_into(&pf, PF_QUANTITY, "1");
    type_into(&pf, PF_ENTRY, "100");
    type_into(&pf, PF_EXPIRY, "2025-06-27");
    type_into(&pf, PF_STRIKE, "0");
    type_into(&pf, PF_IV, "65");
    assert_int_equal(posform_build(&pf, NOW_MS, &p), -1);
    assert_non_null(strstr(pf.form.f[PF_STRIKE].error, "greater than 0"));
    assert_non_null(strstr(pf.form.f[PF_IV].error, "annual decimal"));
}

static void test_autofill(void **state)
{
    struct posform pf;
    struct position p;
    struct tui_event ev = { 0, -1, -1 };
    (void)state;
    posform_open_new(&pf);
    type_into(&pf, PF_INSTRUMENT, "BTC-27JUN25-60000-P");
    posform_action(&pf, A_NEXT_FIELD, &ev);     /* leaving the name fills the rest */
    assert_int_equal(form_choice(&pf.form, PF_KIND), INST_OPTION);
    assert_string_equal(form_text(&pf.form, PF_UNDERLYING), "BTC");
    assert_string_equal(form_text(&pf.form, PF_EXPIRY), "2025-06-27");
    assert_string_equal(form_text(&pf.form, PF_STRIKE), "60000");
    assert_string_equal(form_text(&pf.form, PF_TYPE), "put");
    assert_true(pf.form.f[PF_STRIKE].enabled);
    /* the user switches to coin-settled: the kind's first letter cycles */
    pf.form.focus = PF_KIND;
    ev.key = 'c';
    posform_action(&pf, A_INSERT, &ev);
    assert_int_equal(form_choice(&pf.form, PF_KIND), INST_COIN_OPTION);
    type_into(&pf, PF_QUANTITY, "-3");
    type_into(&pf, PF_ENTRY, "0.012");
    type_into(&pf, PF_IV, "0.65");
    assert_int_equal(posform_build(&pf, NOW_MS, &p), 0);
    assert_int_equal(p.kind, INST_COIN_OPTION);
    assert_close(p.strike, 60000, 0, 0);
    assert_int_equal(p.is_call, 0);
    assert_close(p.multiplier, 1, 0, 0);
    assert_close(p.iv, 0.65, 0, 0);
    assert_close(p.quantity, -3, 0, 0);
}

static void test_edit_roundtrip(void **state)
{
    struct posform pf;
    struct position in, out;
    (void)state;
    position_init(&in);
    in.id = 42;
    in.kind = INST_OPTION;
    strcpy(in.instrument, "SPY-17JAN25-580-P");
    strcpy(in.underlying, "SPY");
    in.quantity = 2;
    in.entry_price = 6.5;
    in.fee_usd = 1.3;
    in.open_day = date_from_ymd(2024, 11, 18);
    in.expiry_ms = (int64_t)date_from_ymd(2025, 1, 17) * DATE_MS_PER_DAY + INT64_C(21) * 3600000;
    in.strike = 580;
    in.is_call = 0;
    in.multiplier = 100;
    in.iv = 0.16;
    strcpy(in.note, "USD-settled equity put");
    posform_open_edit(&pf, &in);
    assert_false(pf.form.dirty);
    assert_int_equal(posform_build(&pf, NOW_MS, &out), 0);
    assert_int_equal(out.id, 42);
    assert_int_equal(out.kind, in.kind);
    assert_string_equal(out.instrument, in.instrument);
    assert_string_equal(out.underlying, in.underlying);
    /* numbers are shown with the digits that read back exactly */
    assert_true(out.quantity == in.quantity && out.entry_price == in.entry_price &&
                out.fee_usd == in.fee_usd && out.strike == in.strike &&
                out.multiplier == in.multiplier && out.iv == in.iv);
    assert_int_equal(out.open_day, in.open_day);
    assert_int_equal(out.expiry_ms, in.expiry_ms);
    assert_int_equal(out.is_call, in.is_call);
    assert_string_equal(out.note, in.note);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spot),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_autofill),
        cmocka_unit_test(test_edit_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
