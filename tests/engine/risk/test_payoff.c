/* Tests for engine/risk/payoff.c: a long call at expiry is
 * max(S - K, 0) - premium, earlier dates follow Black-Scholes, a book of
 * two expiries at its first expiry has the first at intrinsic and the
 * second with its remaining time, and the first/last expiry lookup. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include <gsl/gsl_errno.h>

#include "engine/portfolio/instrument.h"
#include "engine/risk/payoff.h"
#include "testbooks.h"
#include "util/date.h"
#include "util/str.h"

#define M 18    /* 0.3 .. 2.0 in steps of 0.1 */

static void test_long_call_at_expiry(void **state)
{
    const double spot[2] = { 100.0, 3000.0 };
    const double spot_qty[2] = { 0.0, 2.0 };    /* asset 1 held, never moved */
    const struct tb_option call[1] = { { 0, 1.0, 110.0, 0.25, 0.5, 1 } };
    struct tb_optbook book = { 2, spot, spot_qty, 1, call, 0 };
    const double dt[3] = { 0.0, 0.1, 0.25 };
    double m[M], pnl[3 * M];
    struct allot_err err;
    (void)state;
    assert_int_equal(payoff_curves(tb_optbook_reval, &book, 2, 0, PAYOFF_DEFAULT_LO,
                                   PAYOFF_DEFAULT_HI, M, dt, 3, m, pnl, &err), 0);
    assert_int_equal(book.calls, 3 * M);
    double premium = tb_bs(100.0, 110.0, 0.25, 0.5, 1);
    assert_true(m[0] == 0.3);
    assert_true(m[M - 1] == 2.0);
    for (size_t j = 0; j < M; j++) {
        double s = 100.0 * m[j];
        /* points 0.3 + 0.1 j, to rounding */
        assert_close(m[j], 0.3 + 0.1 * (double)j, 1e-15, 0.0);
        /* now: the value change of the call alone */
        assert_close(pnl[j], tb_bs(s, 110.0, 0.25, 0.5, 1) - premium, 1e-12, 1e-12);
        /* an earlier date, 0.1 years on: 0.15 years left */
        assert_close(pnl[M + j], tb_bs(s, 110.0, 0.15, 0.5, 1) - premium, 1e-12, 1e-12);
        /* at expiry: max(S - K, 0) - premium, the hockey stick */
        assert_close(pnl[2 * M + j], fmax(s - 110.0, 0.0) - premium, 1e-12, 1e-12);
    }
    /* the hockey stick's kink: flat at -premium below K = 110 (m < 1.1) */
    assert_close(pnl[2 * M + 7], -premium, 1e-12, 0.0);     /* S = 100 */
    /* no move now: zero PnL (j = 7 is spot x 1.0 up to rounding of
     * 0.3 + 1.7 x 7 / 17) */
    assert_close(pnl[7], 0.0, 1e-10, 0.0);
}

static void test_first_expiry_of_two(void **state)
{
    /* a call expiring in 0.1 y and a put in 0.3 y, both on asset 0 */
    const double spot[1] = { 100.0 };
    const struct tb_option opts[2] = {
        { 0, 1.0, 100.0, 0.1, 0.6, 1 },
        { 0, 1.0, 90.0, 0.3, 0.6, 0 },
    };
    struct tb_optbook book = { 1, spot, NULL, 2, opts, 0 };
    struct position pos[5];
    const int64_t now = INT64_C(1700000000000);
    const double ms_per_year = 365.0 * 86400.0 * 1000.0;
    struct allot_err err;
    double first, last;
    (void)state;
    for (int i = 0; i < 5; i++) {
        position_init(&pos[i]);
        pos[i].kind = INST_OPTION;
        str_copy(pos[i].underlying, sizeof pos[i].underlying, "BTC");
        pos[i].quantity = 1;
        pos[i].entry_price = 1;
        pos[i].strike = 100;
    }
    pos[0].expiry_ms = now + (int64_t)(0.1 * ms_per_year);
    pos[1].expiry_ms = now + (int64_t)(0.3 * ms_per_year);
    pos[2].expiry_ms = now - 1000;                          /* expired: ignored */
    pos[3].kind = INST_FUTURE;                              /* not an option */
    pos[3].expiry_ms = now + (int64_t)(0.05 * ms_per_year);
    pos[4].expiry_ms = now + (int64_t)(0.02 * ms_per_year);
    str_copy(pos[4].underlying, sizeof pos[4].underlying, "ETH");
    assert_int_equal(payoff_expiries(pos, 5, "BTC", now, &first, &last, &err), 0);
    /* whole milliseconds of 0.1 y and 0.3 y: within 1 ms = 3e-11 y */
    assert_close(first, 0.1, 1e-10, 0.0);
    assert_close(last, 0.3, 1e-10, 0.0);
    assert_int_equal(payoff_expiries(pos, 5, NULL, now, &first, &last, &err), 0);
    assert_close(first, 0.02, 1e-10, 0.0);      /* the ETH option counts */
    assert_int_equal(payoff_expiries(pos, 5, "SOL", now, &first, &last, &err),
                     ALLOT_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "SOL"));

    /* at the first expiry: the call is intrinsic, the put keeps 0.2 y */
    const double dt[1] = { 0.1 };
    double m[M], pnl[M];
    assert_int_equal(payoff_curves(tb_optbook_reval, &book, 1, 0, 0.3, 2.0, M, dt, 1, m, pnl,
                                   &err), 0);
    double v0 = tb_bs(100.0, 100.0, 0.1, 0.6, 1) + tb_bs(100.0, 90.0, 0.3, 0.6, 0);
    for (size_t j = 0; j < M; j++) {
        double s = 100.0 * m[j];
        double want = fmax(s - 100.0, 0.0) + tb_bs(s, 90.0, 0.2, 0.6, 0) - v0;
        assert_close(pnl[j], want, 1e-12, 1e-12);
    }
}

static void test_errors(void **state)
{
    const double value[1] = { 1.0 };
    struct tb_linear book = { 1, value };
    const double dt[1] = { 0.0 }, bad_dt[1] = { -0.1 };
    double m[M], pnl[M];
    struct allot_err err;
    (void)state;
    assert_int_equal(payoff_curves(tb_linear_reval, &book, 1, 1, 0.3, 2.0, M, dt, 1, m, pnl,
                                   &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "asset 1"));
    assert_int_equal(payoff_curves(tb_linear_reval, &book, 1, 0, 0.0, 2.0, M, dt, 1, m, pnl,
                                   &err), ALLOT_E_INPUT);
    assert_int_equal(payoff_curves(tb_linear_reval, &book, 1, 0, 2.0, 2.0, M, dt, 1, m, pnl,
                                   &err), ALLOT_E_INPUT);
    assert_int_equal(payoff_curves(tb_linear_reval, &book, 1, 0, 0.3, 2.0, 1, dt, 1, m, pnl,
                                   &err), ALLOT_E_INPUT);
    assert_int_equal(payoff_curves(tb_linear_reval, &book, 1, 0, 0.3, 2.0, M, bad_dt, 1, m,
                                   pnl, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "date 0"));
    /* a linear book's payoff is a straight line through 0 at m = 1 */
    assert_int_equal(payoff_curves(tb_linear_reval, &book, 1, 0, 0.5, 1.5, 3, dt, 1, m, pnl,
                                   &err), 0);
    assert_close(pnl[0], -0.5, 1e-15, 0.0);
    assert_close(pnl[1], 0.0, 1e-15, 0.0);
    assert_close(pnl[2], 0.5, 1e-15, 0.0);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_call_at_expiry),
        cmocka_unit_test(test_first_expiry_of_two),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
