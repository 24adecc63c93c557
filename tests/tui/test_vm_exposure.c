/* Tests for tui/vm_exposure.c: every row of the Exposure screen's
 * view-model (per underlying, total, per position) equals the matching
 * row of `allot exposure --csv` on the demo store, field by field and to
 * the last bit (same engine, same inputs); the view-model rebuilds only
 * when the valuation's generation moves, and then carries the history. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "tui/vm_exposure.h"
#define VT_STORE_FIXTURE
#include "vmtest.h"

/* exposure --csv columns */
enum { X_ROW, X_INST, X_KIND, X_UNDER, X_QTY, X_SPOT, X_VOL, X_VALUE, X_PNL, X_DELTA,
       X_DELTA_USD, X_GAMMA, X_VEGA, X_THETA, X_RHO, X_VANNA, X_VOLGA, X_CARRY };

/* x equals the CSV row's figures exactly (NAN fields: both NAN). */
static void same(const struct vt_csv *c, size_t i, const struct book_expo *x)
{
    const double want[] = { vt_num(c, i, X_VALUE), vt_num(c, i, X_PNL),
                            vt_num(c, i, X_DELTA), vt_num(c, i, X_DELTA_USD),
                            vt_num(c, i, X_GAMMA), vt_num(c, i, X_VEGA),
                            vt_num(c, i, X_THETA), vt_num(c, i, X_RHO),
                            vt_num(c, i, X_VANNA), vt_num(c, i, X_VOLGA),
                            vt_num(c, i, X_CARRY) };
    const double got[] = { x->value_usd, x->pnl_usd, x->delta_units, x->delta_usd,
                           x->gamma_usd_per_pct, x->vega_usd_per_volpt, x->theta_usd_per_day,
                           x->rho_usd_per_pct, x->vanna_usd_per_volpt, x->volga_usd_per_volpt,
                           x->carry_usd_per_day };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        if (isnan(want[k])) {
            assert_true(isnan(got[k]));
            continue;
        }
        if (got[k] != want[k])
            print_error("row %zu (%s) figure %zu: %.17g, CLI %.17g\n", i, c->rows[i][X_UNDER],
                        k, got[k], want[k]);
        assert_true(got[k] == want[k]);
    }
}

static void test_rows_match_cli(void **state)
{
    struct valuation val;
    struct vm_exposure v;
    struct allot_err err;
    struct vt_csv *c = vt_run(&vt_demo, "exposure", "--csv", (char *)NULL);
    size_t nu = 0, np = 0;
    (void)state;
    assert_int_equal(c->rc, 0);
    valuation_init(&val);
    vm_exposure_init(&v);
    err_clear(&err);
    assert_int_equal(valuation_load(&val, vt_st, "main", &err), 0);
    assert_int_equal(vm_exposure_sync(&v, &val, 0), 1);
    assert_true(v.ok);
    for (size_t i = 1; i < c->n; i++) {
        if (strcmp(c->rows[i][X_ROW], "underlying") == 0) {
            const struct vm_expo_row *r = NULL;
            for (size_t k = 0; k < v.n_under; k++)
                if (strcmp(v.rows[k].symbol, c->rows[i][X_UNDER]) == 0)
                    r = &v.rows[k];
            assert_non_null(r);
            assert_true(r->spot_usd == vt_num(c, i, X_SPOT));
            same(c, i, &r->x);
            nu++;
        } else if (strcmp(c->rows[i][X_ROW], "position") == 0) {
            const struct vm_expo_pos *q = NULL;
            for (size_t k = 0; k < v.npos; k++)
                if (strcmp(v.pos[k].instrument, c->rows[i][X_INST]) == 0)
                    q = &v.pos[k];
            assert_non_null(q);
            assert_true(q->quantity == vt_num(c, i, X_QTY));
            if (!isnan(q->vol_ann))
                assert_true(q->vol_ann == vt_num(c, i, X_VOL));
            same(c, i, &q->x);
            np++;
        } else if (strcmp(c->rows[i][X_ROW], "total") == 0) {
            assert_string_equal(vm_exposure_total(&v)->symbol, "total");
            same(c, i, &vm_exposure_total(&v)->x);
        }
    }
    assert_int_equal(nu, v.n_under);
    assert_int_equal(nu, 7);
    assert_int_equal(np, v.npos);
    assert_int_equal(np, 16);
    vt_free(c);
    vm_exposure_done(&v);
    valuation_done(&val);
}

static void test_sync_follows_generation(void **state)
{
    struct valuation val;
    struct vm_exposure v;
    struct allot_err err;
    struct valuation_spot q = { "ETH", 4400 };
    (void)state;
    valuation_init(&val);
    vm_exposure_init(&v);
    err_clear(&err);
    assert_int_equal(valuation_load(&val, vt_st, "main", &err), 0);
    assert_int_equal(vm_exposure_sync(&v, &val, 0), 1);
    assert_int_equal(vm_exposure_sync(&v, &val, 0), 0);     /* nothing moved */
    assert_int_equal(v.nhist, 1);
    assert_int_equal(valuation_reval(&val, &q, 1, NULL, 0, 0, NULL, &err), 0);
    assert_int_equal(vm_exposure_sync(&v, &val, 0), 1);
    assert_int_equal(v.nhist, 2);
    /* the copies are the valuation's numbers, not pointers into them */
    assert_true(v.hist_equity_usd[1] == val.total.value_usd);
    assert_true(v.hist_delta_usd[1] == val.total.delta_usd);
    assert_true(vm_exposure_total(&v)->x.value_usd == val.total.value_usd);
    valuation_done(&val);
    assert_true(v.ok);
    assert_true(isfinite(vm_exposure_total(&v)->x.value_usd));
    /* a valuation without a book empties the view-model, with the reason */
    valuation_init(&val);
    str_copy(val.error, sizeof val.error, "portfolio x holds no positions");
    assert_int_equal(vm_exposure_sync(&v, &val, 0), 1);
    assert_false(v.ok);
    assert_null(vm_exposure_total(&v));
    assert_string_equal(v.error, "portfolio x holds no positions");
    vm_exposure_done(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_match_cli),
        cmocka_unit_test(test_sync_follows_generation),
    };
    return cmocka_run_group_tests(tests, vt_setup, vt_teardown);
}
