/* Tests for tui/vm_risk.c: the Risk screen's VaR rows equal `allot risk
 * --method M --csv` on the demo store (historical and delta-normal to
 * the last bit, Monte-Carlo with the same seed and paths to 1e-9
 * relative); the stress grid equals `allot stress --csv` cell by cell;
 * the payoff curve passes through zero at today's spot and equals
 * `allot stress --each` where the two grids meet (BTC -50 %, vol
 * unchanged); a progress callback that returns non-zero cancels a
 * Monte-Carlo run; the view-model recomputes only when the valuation's
 * generation moves. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "engine/risk/payoff.h"
#include "tui/vm_risk.h"
#include "util/date.h"
#include "vmtest.h"

/* risk --csv columns */
enum { R_METHOD, R_CONF, R_HORIZON, R_N, R_K, R_VAR, R_CVAR, R_SEED };

static struct vt_demo demo;
static store_t *st;
static struct valuation val;
static struct vm_risk vm;

static int setup(void **state)
{
    struct allot_err err;
    (void)state;
    gsl_set_error_handler_off();
    vt_demo_open(&demo);
    err_clear(&err);
    if (store_open(demo.path, 0, &st, &err) != 0)
        return -1;
    valuation_init(&val);
    vm_risk_init(&vm);
    if (valuation_load(&val, st, "main", &err) != 0)
        return -1;
    return vm_risk_sync(&vm, st, &val, 0, &err) == 1 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vm_risk_done(&vm);
    valuation_done(&val);
    store_close(st);
    vt_demo_close(&demo);
    return 0;
}

static void same_var(enum vm_var_method m, double rel)
{
    struct vt_csv *c = vt_run(&demo, "risk", "--method", vm_risk_method_name(m), "--csv",
                              (char *)NULL);
    const struct vm_var_row *r = &vm.var[m];
    double want_var, want_cvar;
    assert_int_equal(c->rc, 0);
    assert_int_equal(c->n, 2);
    assert_string_equal(c->rows[1][R_METHOD], vm_risk_method_name(m));
    assert_int_equal(r->state, VMR_OK);
    want_var = vt_num(c, 1, R_VAR);
    want_cvar = vt_num(c, 1, R_CVAR);
    if (fabs(r->est.var - want_var) > rel * fabs(want_var) ||
        fabs(r->est.cvar - want_cvar) > rel * fabs(want_cvar))
        print_error("%s: VaR %.17g CVaR %.17g, CLI %.17g %.17g\n", vm_risk_method_name(m),
                    r->est.var, r->est.cvar, want_var, want_cvar);
    assert_true(fabs(r->est.var - want_var) <= rel * fabs(want_var));
    assert_true(fabs(r->est.cvar - want_cvar) <= rel * fabs(want_cvar));
    /* a loss, and the tail mean beyond the quantile */
    assert_true(r->est.var > 0);
    assert_true(r->est.cvar >= r->est.var);
    vt_free(c);
}

static void test_var_matches_cli(void **state)
{
    (void)state;
    assert_true(vm.ok);
    same_var(VMR_HIST, 0);
    same_var(VMR_NORMAL, 0);
    assert_int_equal(vm.var[VMR_MC_NORMAL].state, VMR_NONE);   /* only on request */
    vm_risk_mc(&vm, &val, VMR_MC_NORMAL, NULL, NULL);
    same_var(VMR_MC_NORMAL, 1e-9);
}

static int cancel_half(void *user, size_t done, size_t total)
{
    int *calls = user;
    ++*calls;
    return done * 2 >= total;
}

static void test_mc_cancel(void **state)
{
    int calls = 0;
    (void)state;
    vm_risk_mc(&vm, &val, VMR_MC_T, cancel_half, &calls);
    assert_true(calls > 0);
    assert_int_equal(vm.var[VMR_MC_T].state, VMR_CANCELLED);
    assert_string_equal(vm.var[VMR_MC_T].error, "cancelled");
    /* the other rows are untouched */
    assert_int_equal(vm.var[VMR_HIST].state, VMR_OK);
}

static void test_grid_matches_cli(void **state)
{
    struct vt_csv *c = vt_run(&demo, "stress", "--csv", (char *)NULL);
    size_t cells = 0;
    (void)state;
    assert_int_equal(c->rc, 0);
    assert_true(vm.have_grid);
    assert_int_equal(vm.grid.n_under, 1);
    for (size_t r = 1; r < c->n; r++) {
        double s = vt_num(c, r, 1), w = vt_num(c, r, 2), p = vt_num(c, r, 3);
        size_t i, j;
        assert_string_equal(c->rows[r][0], "all");
        for (i = 0; i < vm.grid.n_spot && vm.grid.spot_move[i] != s; i++)
            ;
        for (j = 0; j < vm.grid.n_vol && vm.grid.vol_move[j] != w; j++)
            ;
        assert_true(i < vm.grid.n_spot);
        assert_true(j < vm.grid.n_vol);
        assert_true(stress_grid_at(&vm.grid, 0, i, j) == p);
        cells++;
    }
    assert_int_equal(cells, vm.grid.n_spot * vm.grid.n_vol);
    assert_true(cells >= 60);
    vt_free(c);
}

static void test_payoff(void **state)
{
    struct vt_csv *c = vt_run(&demo, "stress", "--each", "--csv", (char *)NULL);
    long row = -1;
    size_t btc = vm.nassets;
    (void)state;
    assert_int_equal(c->rc, 0);
    for (size_t k = 0; k < vm.nassets; k++)
        if (strcmp(vm.assets[k], "BTC") == 0)
            btc = k;
    assert_true(btc < vm.nassets);
    vm_risk_payoff(&vm, &val, btc);
    assert_true(vm.have_payoff);
    assert_int_equal(vm.pay_asset, btc);
    /* point 42 is today's spot: no move, no PnL */
    assert_true(fabs(vm.pay_price[42] - vm.pay_spot_usd) <= 1e-9 * vm.pay_spot_usd);
    assert_true(fabs(vm.pay_now[42]) < 1e-6);
    /* point 12 is a 50 % fall: 0.3 + 1.7 x 12 / 102 = 0.5 */
    assert_true(fabs(vm.pay_price[12] - 0.5 * vm.pay_spot_usd) <= 1e-9 * vm.pay_spot_usd);
    for (size_t r = 1; r < c->n; r++)
        if (strcmp(c->rows[r][0], "BTC") == 0 && vt_num(c, r, 1) == -0.5 &&
            vt_num(c, r, 2) == 0)
            row = (long)r;
    assert_true(row > 0);
    if (fabs(vm.pay_now[12] - vt_num(c, (size_t)row, 3)) > 1e-6)
        print_error("payoff at -50 %%: %.17g, stress --each %.17g\n", vm.pay_now[12],
                    vt_num(c, (size_t)row, 3));
    assert_true(fabs(vm.pay_now[12] - vt_num(c, (size_t)row, 3)) <= 1e-6);
    /* the demo book holds BTC options: there is an expiry curve */
    assert_non_null(vm.pay_expiry);
    assert_true(vm.pay_expiry_years > 0);
    vt_free(c);
}

/* Total value of `allot exposure [--spot BTC=X --at WHEN] --csv`, USD. */
static double total_value(const char *spot_arg, const char *at)
{
    struct vt_csv *c = spot_arg != NULL
                           ? vt_run(&demo, "exposure", "--spot", spot_arg, "--at", at, "--csv",
                                    (char *)NULL)
                           : vt_run(&demo, "exposure", "--csv", (char *)NULL);
    long r = vt_find(c, 0, "total");
    double v;
    assert_int_equal(c->rc, 0);
    assert_true(r > 0);
    v = vt_num(c, (size_t)r, 7);    /* value_usd */
    vt_free(c);
    return v;
}

/* The second curve at a chosen date: a week out it is the book revalued
 * a week later with BTC moved, as `allot exposure --spot --at` has it;
 * the date stays within a day and the last expiry. */
static void test_payoff_at_date(void **state)
{
    char at[32], spot[64];
    size_t btc = vm.nassets;
    double week = 7.0 / PAYOFF_DAYS_PER_YEAR, want;
    (void)state;
    for (size_t k = 0; k < vm.nassets; k++)
        if (strcmp(vm.assets[k], "BTC") == 0)
            btc = k;
    assert_true(btc < vm.nassets);
    vm_risk_payoff(&vm, &val, btc);
    assert_non_null(vm.pay_expiry);
    assert_true(vm.pay_expiry_years > week);      /* the first expiry is further out */
    vm_risk_payoff_at(&vm, &val, week);
    assert_non_null(vm.pay_expiry);
    assert_true(fabs(vm.pay_expiry_years - week) < 1e-15);
    assert_int_equal(vm.pay_expiry_ms, val.lb.now_ms + 7 * 86400000LL);
    date_format_ts(vm.pay_expiry_ms, at);
    snprintf(spot, sizeof spot, "BTC=%.17g", vm.pay_price[12]);
    want = total_value(spot, at) - total_value(NULL, NULL);
    if (fabs(vm.pay_expiry[12] - want) > 1e-6 * fmax(1, fabs(want)))
        print_error("payoff at %s, BTC %s: %.17g, exposure %.17g\n", at, spot, vm.pay_expiry[12],
                    want);
    assert_true(fabs(vm.pay_expiry[12] - want) <= 1e-6 * fmax(1, fabs(want)));
    /* held within bounds, and back to the first expiry */
    vm_risk_payoff_at(&vm, &val, 100.0);
    assert_true(vm.pay_expiry_years == vm.pay_last_years);
    vm_risk_payoff_at(&vm, &val, 1e-9);
    assert_true(fabs(vm.pay_expiry_years - 1 / PAYOFF_DAYS_PER_YEAR) < 1e-15);
    vm_risk_payoff_at(&vm, &val, 0);
    vm_risk_payoff(&vm, &val, btc);
    assert_true(vm.pay_expiry_years > week);
}

static void test_sync_follows_generation(void **state)
{
    struct allot_err err;
    struct valuation_spot q = { "BTC", 90000 };
    double var_before = vm.var[VMR_NORMAL].est.var;
    (void)state;
    err_clear(&err);
    assert_int_equal(vm_risk_sync(&vm, st, &val, 0, &err), 0);
    assert_int_equal(valuation_reval(&val, &q, 1, NULL, 0, 0, NULL, &err), 0);
    assert_int_equal(vm_risk_sync(&vm, st, &val, 0, &err), 1);
    /* a new spot moves the book's delta-normal VaR; Monte-Carlo is dropped */
    assert_true(vm.var[VMR_NORMAL].est.var != var_before);
    assert_int_equal(vm.var[VMR_MC_NORMAL].state, VMR_NONE);
    /* the payoff keeps its underlying */
    assert_string_equal(vm.assets[vm.pay_asset], "BTC");
    assert_true(vm.pay_spot_usd == 90000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_var_matches_cli),
        cmocka_unit_test(test_mc_cancel),
        cmocka_unit_test(test_grid_matches_cli),
        cmocka_unit_test(test_payoff),
        cmocka_unit_test(test_payoff_at_date),
        cmocka_unit_test(test_sync_follows_generation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
