/* Tests for engine/optimize/hedge.c: delta after the trade equals the
 * target within a lot for linear and inverse perps (the inverse delta
 * checked by a central finite difference of the USD PnL formula), the
 * minimum-variance hedge against its closed form, the delta-vega 2x2
 * against a hand solution, and the refusals. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include <gsl/gsl_errno.h>

#include "engine/optimize/hedge.h"

static void test_linear(void **state)
{
    (void)state;
    struct hedge_delta_in in = { INST_PERP, 3.4567, 0.0, 60000, 0.001, 0.001, 0.0005 };
    struct hedge_delta_out out;
    struct allot_err err;
    assert_int_equal(hedge_delta(&in, &out, &err), 0);
    assert_close(out.qty_raw, -3.4567, 1e-15, 0);
    assert_close(out.qty, -3.457, 1e-12, 0); /* nearest 0.001 */
    assert_true(fabs(out.delta_after_units - in.target_units) <= in.lot);
    assert_close(out.notional_usd, 3.457 * 60000, 1e-6, 0);
    assert_close(out.fee_usd, 3.457 * 60000 * 0.0005, 1e-9, 0);
    /* target 1.5 with a 0.1 lot: short 1.96 -> 1.5 needs +3.46 -> 3.5 */
    in = (struct hedge_delta_in){ INST_SPOT, -1.96, 1.5, 3000, 0.1, 0.0, 0.001 };
    assert_int_equal(hedge_delta(&in, &out, &err), 0);
    assert_close(out.qty, 3.5, 1e-12, 0);
    assert_true(fabs(out.delta_after_units - 1.5) <= 0.1);
    /* under the minimum: 0.004 needed, min 0.01 -> no trade, flagged */
    in = (struct hedge_delta_in){ INST_PERP, -0.004, 0, 60000, 0.001, 0.01, 0 };
    assert_int_equal(hedge_delta(&in, &out, &err), 0);
    assert_close(out.qty, 0, 0, 0);
    assert_int_equal(out.below_min, 1);
    in.delta_units = -0.006; /* above half the minimum: trade the minimum */
    assert_int_equal(hedge_delta(&in, &out, &err), 0);
    assert_close(out.qty, 0.01, 1e-15, 0);
    in.kind = INST_OPTION;
    assert_int_equal(hedge_delta(&in, &out, &err), ALLOT_E_INPUT);
}

/* USD PnL of an inverse position of notional n opened at s0, at price s. */
static double inv_pnl_usd(double n, double s0, double s)
{
    double coin = n * (1.0 / s0 - 1.0 / s);
    return coin * s;
}

static void test_inverse(void **state)
{
    (void)state;
    /* book delta 2.3456 BTC, BTC inverse perp in 10 USD contracts */
    const double s0 = 61234.5, lot = 10;
    struct hedge_delta_in in = { INST_INV_PERP, 2.3456, 0.0, s0, lot, lot, 0.0005 };
    struct hedge_delta_out out;
    struct allot_err err;
    assert_int_equal(hedge_delta(&in, &out, &err), 0);
    assert_close(out.qty_raw, -2.3456 * s0, 1e-9, 0);
    assert_close(fmod(fabs(out.qty), lot), 0, 1e-9, 0);
    /* the hedge's delta by a central difference of its USD PnL at s0 */
    double h = s0 * 1e-5;
    double fd = (inv_pnl_usd(out.qty, s0, s0 + h) - inv_pnl_usd(out.qty, s0, s0 - h)) / (2 * h);
    /* PnL_usd is linear in s, so the difference is exact up to rounding */
    assert_close(fd, out.delta_change_units, 1e-9, 1e-9);
    double after = in.delta_units + fd;
    assert_true(fabs(after - in.target_units) <= lot / s0); /* within one lot */
    assert_close(out.notional_usd, fabs(out.qty), 0, 0);
    assert_close(out.fee_usd, fabs(out.qty) * 0.0005, 1e-9, 0);
}

static void test_min_variance(void **state)
{
    (void)state;
    /* daily vols 4 % (A) and 3 % (B), correlation 0.75 */
    const double sa = 0.04, sb = 0.03, rho = 0.75, e = 250000;
    gsl_matrix *c = gsl_matrix_alloc(3, 3);
    gsl_matrix_set_identity(c);
    gsl_matrix_set(c, 0, 0, sa * sa);
    gsl_matrix_set(c, 2, 2, sb * sb);
    gsl_matrix_set(c, 0, 2, rho * sa * sb);
    gsl_matrix_set(c, 2, 0, rho * sa * sb);
    struct hedge_mv_out out;
    struct allot_err err;
    assert_int_equal(hedge_min_variance(c, 0, 2, e, &out, &err), 0);
    /* closed form: h = rho sa / sb = 1, variance left 1 - rho^2 */
    assert_close(out.ratio, rho * sa / sb, 1e-15, 0);
    assert_close(out.hedge_usd, -e * rho * sa / sb, 1e-9, 0);
    assert_close(out.frac_left, 1 - rho * rho, 1e-12, 0);
    assert_close(out.var_after, e * e * sa * sa * (1 - rho * rho), 0, 1e-12);
    assert_close(out.rho, rho, 1e-15, 0);
    gsl_matrix_set(c, 0, 2, 1.1 * sa * sb);
    gsl_matrix_set(c, 2, 0, 1.1 * sa * sb);
    assert_int_equal(hedge_min_variance(c, 0, 2, e, &out, &err), ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "not positive semi-definite"));
    assert_int_equal(hedge_min_variance(c, 0, 3, e, &out, &err), ALLOT_E_INPUT);
    gsl_matrix_free(c);
}

static void test_delta_vega(void **state)
{
    (void)state;
    /* book: delta 5 BTC, vega 1200 USD/volpt. Option: delta 0.5, vega 60
     * per contract; perp: delta 1, vega 0. Vega: q1 = -1200/60 = -20;
     * delta: -20 * 0.5 + q2 = -5 -> q2 = 5. */
    struct hedge_dv_inst opt = { 0.5, 60, 60000, 0.1 }, perp = { 1, 0, 60000, 0.001 };
    struct hedge_dv_out out;
    struct allot_err err;
    assert_int_equal(hedge_delta_vega(5, 1200, 0, 0, &opt, &perp, 1e6, &out, &err), 0);
    assert_close(out.qty_raw[0], -20, 1e-12, 0);
    assert_close(out.qty_raw[1], 5, 1e-12, 0);
    assert_close(out.delta_after_units, 0, 1e-12, 0);
    assert_close(out.vega_after_usd_per_volpt, 0, 1e-9, 0);
    /* two options, hand solution of [0.5 -0.3; 60 45] q = [-5; -1200] with
     * targets 0: det = 22.5 + 18 = 40.5, q1 = (-225 - 360)/40.5,
     * q2 = (-600 + 300)/40.5 */
    struct hedge_dv_inst put = { -0.3, 45, 60000, 0.1 };
    assert_int_equal(hedge_delta_vega(5, 1200, 0, 0, &opt, &put, 0, &out, &err), 0);
    assert_close(out.qty_raw[0], -585 / 40.5, 1e-12, 0);
    assert_close(out.qty_raw[1], -300 / 40.5, 1e-12, 0);
    assert_close(out.qty[0], round(-585 / 40.5 / 0.1) * 0.1, 1e-12, 0);
    /* singular: two perps; proportional options */
    assert_int_equal(hedge_delta_vega(5, 1200, 0, 0, &perp, &perp, 0, &out, &err),
                     ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "without vega"));
    struct hedge_dv_inst twice = { 1.0, 120, 60000, 0.1 };
    assert_int_equal(hedge_delta_vega(5, 1200, 0, 0, &opt, &twice, 0, &out, &err),
                     ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "proportional"));
    /* nearly proportional but above the threshold: absurd size refused */
    struct hedge_dv_inst near = { 0.5, 60.001, 60000, 0.1 };
    assert_int_equal(hedge_delta_vega(5, 1200, 0, 0, &opt, &near, 1e6, &out, &err),
                     ALLOT_E_NUMERIC);
    assert_non_null(strstr(err.msg, "gross notional"));
}

static void test_nearest_atm(void **state)
{
    (void)state;
    const double k[5] = { 50000, 55000, 60000, 65000, 70000 };
    assert_int_equal(hedge_nearest_atm(k, 5, 61000), 2);
    assert_int_equal(hedge_nearest_atm(k, 5, 62500), 2); /* tie: lower strike */
    assert_int_equal(hedge_nearest_atm(k, 5, 99999), 4);
    assert_int_equal(hedge_nearest_atm(k, 0, 1), 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_inverse),
        cmocka_unit_test(test_min_variance),
        cmocka_unit_test(test_delta_vega),
        cmocka_unit_test(test_nearest_atm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
