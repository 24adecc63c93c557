/* Tests for tui/vm_corr.c: the Correlation screen's matrix equals
 * `allot corr --csv` with the matching options on the demo store, for
 * each estimator, window, stressed/blend/calm setting and both universes,
 * to the last bit; the calm and stressed effective ranks equal
 * diversify_effective_rank of the CLI's calm (--blend 0) and stressed
 * matrices; the rolling series equals `corr --rolling`; a window too short
 * for stressed days is a message, not a failure. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "engine/stats/diversify.h"
#include "tui/vm_corr.h"
#include "util/date.h"
#define VT_STORE_FIXTURE
#include "vmtest.h"

static const char *const book[] = { "SOL", "BTC", "ETH", "GLD", "LINK", "SPY", "USDC" };
#define BOOK_SYMS "BTC,ETH,GLD,LINK,SOL,SPY,USDC"
#define NBOOK 7

/* v's matrix equals the CSV matrix c (header row, then symbol,values...). */
static void same_matrix(const struct vm_corr *v, const struct vt_csv *c)
{
    assert_int_equal(c->rc, 0);
    assert_true(v->ok);
    assert_int_equal(c->nf[0], v->n + 1);
    for (size_t i = 0; i < v->n; i++) {
        assert_string_equal(c->rows[0][i + 1], v->sym[i]);
        assert_string_equal(c->rows[i + 1][0], v->sym[i]);
        for (size_t j = 0; j < v->n; j++) {
            double want = vt_num(c, i + 1, j + 1);
            if (v->corr[i * v->n + j] != want)
                print_error("%s/%s: %.17g, CLI %.17g\n", v->sym[i], v->sym[j],
                            v->corr[i * v->n + j], want);
            assert_true(v->corr[i * v->n + j] == want);
        }
    }
}

static void load(struct vm_corr *v)
{
    struct allot_err err;
    vm_corr_init(v);
    err_clear(&err);
    assert_int_equal(vm_corr_load(v, vt_st, book, NBOOK, &err), 0);
}

static void recompute(struct vm_corr *v)
{
    struct allot_err err;
    err_clear(&err);
    assert_int_equal(vm_corr_compute(v, vt_st, &err), 0);
}

static void test_estimators_and_windows(void **state)
{
    struct vm_corr v;
    struct vt_csv *c;
    (void)state;
    load(&v);
    /* the book's underlyings, sorted, sample, all returns */
    c = vt_run(&vt_demo, "corr", "--db", "--symbols", BOOK_SYMS, "--csv", (char *)NULL);
    same_matrix(&v, c);
    vt_free(c);
    assert_true(isnan(v.intensity));
    v.method = COVM_EWMA;
    v.window = 2;      /* 90 */
    recompute(&v);
    c = vt_run(&vt_demo, "corr", "--db", "--symbols", BOOK_SYMS, "--method", "ewma", "--window",
               "90", "--csv", (char *)NULL);
    same_matrix(&v, c);
    vt_free(c);
    assert_int_equal(v.t, 90);
    v.method = COVM_LW_IDENTITY;
    v.window = 1;      /* 365 */
    recompute(&v);
    c = vt_run(&vt_demo, "corr", "--db", "--symbols", BOOK_SYMS, "--method", "lw-identity",
               "--window", "365", "--csv", (char *)NULL);
    same_matrix(&v, c);
    vt_free(c);
    assert_true(v.intensity >= 0 && v.intensity <= 1);
    /* every stored symbol */
    v.universe = VMC_ALL;
    v.method = COVM_LW_CONSTCORR;
    v.window = 0;
    recompute(&v);
    c = vt_run(&vt_demo, "corr", "--db", "--method", "lw-constcorr", "--csv", (char *)NULL);
    same_matrix(&v, c);
    vt_free(c);
    assert_int_equal(v.n, 14);
    vm_corr_done(&v);
}

/* The effective rank of the CSV matrix c. */
static double rank_of(const struct vt_csv *c, size_t n)
{
    gsl_matrix *m = gsl_matrix_alloc(n, n);
    struct allot_err err;
    double r;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(m, i, j, vt_num(c, i + 1, j + 1));
    err_clear(&err);
    assert_int_equal(diversify_effective_rank(m, &r, &err), 0);
    gsl_matrix_free(m);
    return r;
}

static void test_stressed_blend_calm(void **state)
{
    struct vm_corr v;
    struct vt_csv *stress, *calm, *blend;
    (void)state;
    load(&v);
    stress = vt_run(&vt_demo, "corr", "--db", "--symbols", BOOK_SYMS, "--stressed", "--csv",
                    (char *)NULL);
    blend = vt_run(&vt_demo, "corr", "--db", "--symbols", BOOK_SYMS, "--stressed", "--blend",
                   "0.5", "--csv", (char *)NULL);
    calm = vt_run(&vt_demo, "corr", "--db", "--symbols", BOOK_SYMS, "--stressed", "--blend", "0",
                  "--csv", (char *)NULL);
    /* on all days the ranks are there too */
    assert_true(v.rank_calm == rank_of(calm, NBOOK));
    assert_true(v.rank_stress == rank_of(stress, NBOOK));
    v.regime = VMC_STRESSED;
    recompute(&v);
    same_matrix(&v, stress);
    assert_true(v.rank_shown == v.rank_stress);
    /* the worst 5 % of the days, rounded up */
    assert_int_equal(v.n_stress, (v.n_days * 5 + 99) / 100);
    v.regime = VMC_BLEND;
    recompute(&v);
    same_matrix(&v, blend);
    v.regime = VMC_CALM;
    recompute(&v);
    same_matrix(&v, calm);
    assert_true(v.rank_shown == v.rank_calm);
    /* stressed correlations rise: fewer independent bets */
    assert_true(v.rank_stress < v.rank_calm);
    vt_free(stress);
    vt_free(blend);
    vt_free(calm);
    /* 30 returns hold 2 stress days: too few, said, not failed */
    v.window = 3;
    v.regime = VMC_STRESSED;
    recompute(&v);
    assert_false(v.ok);
    assert_non_null(strstr(v.error, "stress"));
    v.regime = VMC_ALLDAYS;
    recompute(&v);
    assert_true(v.ok);
    assert_true(isnan(v.rank_calm));
    assert_true(v.rank_note[0] != '\0');
    vm_corr_done(&v);
}

static void test_rolling(void **state)
{
    struct vm_corr v;
    struct vt_csv *c;
    long eth, btc;
    double *keep;
    (void)state;
    load(&v);
    for (eth = 0; strcmp(v.sym[eth], "ETH") != 0; eth++)
        ;
    for (btc = 0; strcmp(v.sym[btc], "BTC") != 0; btc++)
        ;
    vm_corr_pair(&v, (size_t)eth, (size_t)btc);
    c = vt_run(&vt_demo, "corr", "--db", "--symbols", BOOK_SYMS, "--rolling", "ETH,BTC",
               "--window", "30", "--csv", (char *)NULL);
    assert_int_equal(c->rc, 0);
    assert_int_equal(v.nroll, c->n - 1);
    for (size_t i = 0; i < v.nroll; i++) {
        const char *what;
        size_t off;
        int32_t day;
        assert_int_equal(date_parse_day(c->rows[i + 1][0], &day, &what, &off), 0);
        assert_true(v.roll_x[i] == day);
        assert_true(v.roll[i] == vt_num(c, i + 1, 1));
    }
    vt_free(c);
    /* the same pair again is the cached series; the diagonal is refused */
    keep = v.roll;
    vm_corr_pair(&v, (size_t)eth, (size_t)btc);
    assert_ptr_equal(v.roll, keep);
    /* a setting change keeps the pair's series (same universe) */
    v.method = COVM_EWMA;
    recompute(&v);
    vm_corr_pair(&v, (size_t)eth, (size_t)btc);
    assert_ptr_equal(v.roll, keep);
    vm_corr_pair(&v, 1, 1);
    assert_int_equal(v.nroll, 0);
    assert_non_null(strstr(v.roll_error, "itself"));
    vm_corr_done(&v);
}

static void test_unknown_underlying(void **state)
{
    struct vm_corr v;
    struct allot_err err;
    const char *syms[] = { "BTC", "NOPE" };
    (void)state;
    vm_corr_init(&v);
    err_clear(&err);
    assert_int_equal(vm_corr_load(&v, vt_st, syms, 2, &err), 0);
    assert_false(v.ok);
    assert_non_null(strstr(v.error, "NOPE"));
    vm_corr_done(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_estimators_and_windows),
        cmocka_unit_test(test_stressed_blend_calm),
        cmocka_unit_test(test_rolling),
        cmocka_unit_test(test_unknown_underlying),
    };
    return cmocka_run_group_tests(tests, vt_setup, vt_teardown);
}
