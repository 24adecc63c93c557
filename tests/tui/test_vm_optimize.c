/* Tests for tui/vm_optimize.c: for each of the five methods, the
 * proposal the Optimize screen builds from its default fields equals the
 * output of the batch command it shows (v->args, run in-process with
 * --csv) trade by trade and figure by figure; a bad field is refused with
 * the field named and the proposal under review kept; applying writes one
 * journal entry that moves the book's delta as the proposal's figures
 * said (`allot exposure`), and `allot undo` reverses it. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "tui/vm_optimize.h"
#include "vmtest.h"

/* optimize --csv: trades, an empty line, figures */
enum { T_INST, T_KIND, T_SIDE, T_QTY, T_PRICE, T_FEE, T_NOTIONAL };
enum { F_NAME, F_BEFORE, F_AFTER, F_UNIT };
/* exposure --csv: the row kind, underlying and delta in units */
enum { X_ROW = 0, X_UNDER = 3, X_DELTA = 9 };

static struct vt_demo demo;
static store_t *st;
static struct valuation val;

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
    return valuation_load(&val, st, "main", &err);
}

static int teardown(void **state)
{
    (void)state;
    valuation_done(&val);
    store_close(st);
    vt_demo_close(&demo);
    return 0;
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1, fmax(fabs(a), fabs(b)));
}

/* Run m with its defaults; the proposal equals the batch command's. */
static void check_method(enum vm_opt_method m)
{
    const struct vm_opt_method_def *def = vm_optimize_method(m);
    char values[VMO_MAX_FIELDS][VMO_VALUE_MAX];
    const char *vals[VMO_MAX_FIELDS];
    char *words[VMO_ARGS_MAX + 1];
    struct vm_optimize v;
    struct allot_err err;
    struct vt_csv *c;
    size_t r = 1, nw = 0;
    int rc;

    memset(values, 0, sizeof values);
    vm_optimize_defaults(m, st, &val, values);
    for (size_t k = 0; k < def->nfields; k++)
        vals[k] = values[k];
    vm_optimize_init(&v);
    err_clear(&err);
    rc = vm_optimize_run(&v, st, &val, m, vals, &err);
    if (rc != 0)
        print_error("%s: %s\n", def->name, err.msg);
    assert_int_equal(rc, 0);
    assert_non_null(v.tl);
    assert_string_equal(v.args[0], "optimize");
    assert_string_equal(v.args[1], def->name);
    for (size_t k = 0; k < v.nargs; k++)
        words[nw++] = v.args[k];
    words[nw++] = "--csv";
    c = vt_run_argv(&demo, words, nw);
    assert_int_equal(c->rc, 0);
    /* the trades */
    assert_string_equal(c->rows[0][T_INST], "instrument");
    for (size_t i = 0; i < v.tl->n_trades; i++, r++) {
        const struct tradelist_trade *t = &v.tl->trades[i];
        assert_true(r < c->n);
        assert_string_equal(c->rows[r][T_INST], t->inst.instrument);
        assert_string_equal(c->rows[r][T_SIDE], t->side == TRADE_BUY ? "buy" : "sell");
        assert_true(close_to(t->quantity, vt_num(c, r, T_QTY)));
        assert_true(close_to(t->price, vt_num(c, r, T_PRICE)));
        assert_true(close_to(t->fee_usd, vt_num(c, r, T_FEE)));
    }
    /* the demo book is within the tail hedge's default cap: no puts */
    assert_true(v.tl->n_trades > 0 || m == VMO_TAIL_HEDGE);
    /* then the figures, after an empty line */
    assert_int_equal(c->nf[r], 0);
    r++;
    assert_string_equal(c->rows[r++][F_NAME], "figure");
    for (size_t i = 0; i < v.tl->n_figures; i++, r++) {
        const struct tradelist_figure *f = &v.tl->figures[i];
        assert_true(r < c->n);
        assert_string_equal(c->rows[r][F_NAME], f->name);
        assert_true(close_to(f->before, vt_num(c, r, F_BEFORE)) ||
                    (isnan(f->before) && isnan(vt_num(c, r, F_BEFORE))));
        assert_true(close_to(f->after, vt_num(c, r, F_AFTER)) ||
                    (isnan(f->after) && isnan(vt_num(c, r, F_AFTER))));
    }
    assert_true(v.tl->n_figures > 0);
    vt_free(c);
    vm_optimize_done(&v);
}

static void test_riskparity(void **state)
{
    (void)state;
    check_method(VMO_RISKPARITY);
}

static void test_delta_neutral(void **state)
{
    (void)state;
    check_method(VMO_DELTA_NEUTRAL);
}

static void test_hedge(void **state)
{
    (void)state;
    check_method(VMO_HEDGE);
}

static void test_delta_vega(void **state)
{
    (void)state;
    check_method(VMO_DELTA_VEGA);
}

static void test_tail_hedge(void **state)
{
    (void)state;
    check_method(VMO_TAIL_HEDGE);
}

static void test_bad_field_keeps_proposal(void **state)
{
    const struct vm_opt_method_def *def = vm_optimize_method(VMO_TAIL_HEDGE);
    char values[VMO_MAX_FIELDS][VMO_VALUE_MAX];
    const char *vals[VMO_MAX_FIELDS];
    struct vm_optimize v;
    struct tradelist *kept;
    struct allot_err err;
    size_t maxloss = def->nfields;
    (void)state;
    memset(values, 0, sizeof values);
    vm_optimize_defaults(VMO_TAIL_HEDGE, st, &val, values);
    for (size_t k = 0; k < def->nfields; k++) {
        vals[k] = values[k];
        if (strcmp(def->fields[k].option, "--max-loss") == 0)
            maxloss = k;
    }
    assert_true(maxloss < def->nfields);
    vm_optimize_init(&v);
    err_clear(&err);
    assert_int_equal(vm_optimize_run(&v, st, &val, VMO_TAIL_HEDGE, vals, &err), 0);
    kept = v.tl;
    vals[maxloss] = "twenty";
    err_clear(&err);
    assert_int_equal(vm_optimize_run(&v, st, &val, VMO_TAIL_HEDGE, vals, &err), ALLOT_E_INPUT);
    assert_true(v.field_error[maxloss][0] != '\0');
    assert_true(err.msg[0] != '\0');
    assert_ptr_equal(v.tl, kept);
    vm_optimize_done(&v);
}

/* BTC delta in units from `allot exposure --csv`. */
static double btc_delta(void)
{
    struct vt_csv *c = vt_run(&demo, "exposure", "--csv", (char *)NULL);
    double d = NAN;
    for (size_t i = 1; i < c->n; i++)
        if (strcmp(c->rows[i][X_ROW], "underlying") == 0 &&
            strcmp(c->rows[i][X_UNDER], "BTC") == 0)
            d = vt_num(c, i, X_DELTA);
    vt_free(c);
    return d;
}

static void test_apply_and_undo(void **state)
{
    const struct vm_opt_method_def *def = vm_optimize_method(VMO_DELTA_NEUTRAL);
    char values[VMO_MAX_FIELDS][VMO_VALUE_MAX];
    const char *vals[VMO_MAX_FIELDS];
    struct vm_optimize v;
    struct allot_err err;
    struct vt_csv *c;
    double before = btc_delta(), before_fig = NAN, after_fig = NAN;
    (void)state;
    assert_false(isnan(before));
    memset(values, 0, sizeof values);
    vm_optimize_defaults(VMO_DELTA_NEUTRAL, st, &val, values);
    for (size_t k = 0; k < def->nfields; k++)
        vals[k] = values[k];
    vm_optimize_init(&v);
    err_clear(&err);
    assert_int_equal(vm_optimize_run(&v, st, &val, VMO_DELTA_NEUTRAL, vals, &err), 0);
    for (size_t i = 0; i < v.tl->n_figures; i++)
        if (strcmp(v.tl->figures[i].name, "BTC delta") == 0) {
            before_fig = v.tl->figures[i].before;
            after_fig = v.tl->figures[i].after;
        }
    assert_false(isnan(after_fig));
    assert_int_equal(vm_optimize_apply(&v, st, &val, &err), 0);
    assert_true(v.applied);
    assert_true(strncmp(v.applied_name, "ui-delta-neutral-", 17) == 0);
    assert_int_equal(v.done.n_trades, v.tl->n_trades);
    assert_true(v.done.jid > 0);
    /* the book moved as the proposal said. The figure is the plain delta
     * d value_usd / dS that the hedge neutralises, exposure shows coin
     * options premium-adjusted (book.h); the perps traded are linear, so
     * the two move by the same amount. */
    assert_true(fabs(after_fig) < 0.01);
    assert_true(fabs((btc_delta() - before) - (after_fig - before_fig)) <= 1e-9);
    /* undo reverses it, and the view-model sees that */
    c = vt_run(&demo, "undo", (char *)NULL);
    assert_int_equal(c->rc, 0);
    vt_free(c);
    vm_optimize_refresh(&v, st);
    assert_false(v.applied);
    assert_true(btc_delta() == before);
    vm_optimize_done(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_riskparity),
        cmocka_unit_test(test_delta_neutral),
        cmocka_unit_test(test_hedge),
        cmocka_unit_test(test_delta_vega),
        cmocka_unit_test(test_tail_hedge),
        cmocka_unit_test(test_bad_field_keeps_proposal),
        cmocka_unit_test(test_apply_and_undo),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
