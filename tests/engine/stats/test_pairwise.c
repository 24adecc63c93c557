/* Tests for engine/stats/pairwise.c: three assets with staggered histories
 * whose pairwise correlations (each on its own common dates) cannot all
 * hold at once; the raw entries against a direct computation from the
 * closes, the repair flag, its size and the PSD result; and a set of equal
 * histories that needs no repair. */
#include <config.h>
#include "stats_test.h"

#include <string.h>

#include "engine/stats/corr.h"
#include "engine/stats/pairwise.h"

/* Pearson of two short series computed two ways: ~1e-15; 1e-13 margin. */
#define CORR_TOL 1e-13
#define DAY0 19000

/* Log returns ending on day d = 1..60 (prices on days 0..60):
 *   d  1..20: A = 2u + e1, B = 2u            (A, B only; C starts on day 20)
 *   d 21..40: A = 0.1u + e1, B = 0.1u, C = -0.1u + e2  (A = -C, small)
 *   d 41..60: B = 2v, C = 2v + e2            (A ended on day 40)
 * with u, v standard normal and e small noise. So A-B (days 0..40) and
 * B-C (20..60, dominated by 41..60) correlate near +1 while A-C (20..40)
 * is near -1: no correlation matrix has all three. */
static void build(struct series_set *set)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double pa = 100, pb = 100, pc = 100;
    struct series *a, *b, *c, *d;

    gsl_rng_set(rng, 2024);
    series_set_init(set);
    a = series_set_get(set, "A");
    series_push(a, DAY0, pa);
    b = series_set_get(set, "B");
    series_push(b, DAY0, pb);
    for (int k = 1; k <= 60; k++) {
        double u = gsl_ran_gaussian(rng, 1), v = gsl_ran_gaussian(rng, 1);
        double e1 = 0.05 * gsl_ran_gaussian(rng, 1), e2 = 0.05 * gsl_ran_gaussian(rng, 1);
        double ra, rb, rc;
        if (k <= 20) {
            ra = 0.02 * u + 0.01 * e1;
            rb = 0.02 * u;
            rc = 0;
        } else if (k <= 40) {
            ra = 0.001 * u + 0.0001 * e1;
            rb = 0.001 * u;
            rc = -0.001 * u + 0.0001 * e2;
        } else {
            ra = 0;
            rb = 0.02 * v;
            rc = 0.02 * v + 0.01 * e2;
        }
        if (k <= 40) {
            pa *= exp(ra);
            a = series_set_get(set, "A");
            series_push(a, DAY0 + k, pa);
        }
        if (k >= 20) {
            if (k > 20)
                pc *= exp(rc);
            c = series_set_get(set, "C");
            series_push(c, DAY0 + k, pc);
        }
        pb *= exp(rb);
        b = series_set_get(set, "B");
        series_push(b, DAY0 + k, pb);
        /* D: full history, independent, for the no-repair case */
        d = series_set_get(set, "D");
        if (k == 1)
            series_push(d, DAY0, 50);
        series_push(d, DAY0 + k, 50 * exp(0.01 * gsl_ran_gaussian(rng, 1) + 0.001 * k));
    }
    gsl_rng_free(rng);
    assert_int_equal(series_set_sort(set), 0);
}

/* Correlation of the log returns of x and y between days lo..hi (both
 * series have every day there), straight from the closes. */
static double direct(const struct series_set *set, const char *x, const char *y, int lo,
                     int hi)
{
    const struct series *s[2] = { series_set_find(set, x), series_set_find(set, y) };
    double r[2][64], m[2] = { 0, 0 }, sxx = 0, syy = 0, sxy = 0;
    int n = hi - lo;

    for (int i = 0; i < 2; i++) {
        size_t k0 = (size_t)(DAY0 + lo - s[i]->day[0]);
        for (int k = 0; k < n; k++) {
            assert_int_equal(s[i]->day[k0 + (size_t)k + 1], DAY0 + lo + k + 1);
            r[i][k] = log(s[i]->close[k0 + (size_t)k + 1] / s[i]->close[k0 + (size_t)k]);
            m[i] += r[i][k] / n;
        }
    }
    for (int k = 0; k < n; k++) {
        sxx += (r[0][k] - m[0]) * (r[0][k] - m[0]);
        syy += (r[1][k] - m[1]) * (r[1][k] - m[1]);
        sxy += (r[0][k] - m[0]) * (r[1][k] - m[1]);
    }
    return sxy / sqrt(sxx * syy);
}

static void test_repair(void **state)
{
    struct series_set set;
    const char *sym[3] = { "A", "B", "C" };
    gsl_matrix *c = gsl_matrix_alloc(3, 3), *raw = gsl_matrix_alloc(3, 3);
    size_t pt[9];
    struct pairwise_info info;
    struct allot_err err;
    double ab, bc, ac, max = 0;
    (void)state;

    build(&set);
    assert_int_equal(pairwise_corr(&set, sym, 3, NULL, c, raw, pt, &info, &err), 0);
    ab = direct(&set, "A", "B", 0, 40);
    bc = direct(&set, "B", "C", 20, 60);
    ac = direct(&set, "A", "C", 20, 40);
    assert_true(ab > 0.9 && bc > 0.9 && ac < -0.9);     /* the design holds */
    assert_close(gsl_matrix_get(raw, 0, 1), ab, CORR_TOL, 0);
    assert_close(gsl_matrix_get(raw, 1, 2), bc, CORR_TOL, 0);
    assert_close(gsl_matrix_get(raw, 0, 2), ac, CORR_TOL, 0);
    assert_corr_shape(raw);
    /* each pair's own return count; the diagonal holds each asset's */
    assert_int_equal(pt[0 * 3 + 1], 40);
    assert_int_equal(pt[1 * 3 + 2], 40);
    assert_int_equal(pt[0 * 3 + 2], 20);
    assert_int_equal(pt[2 * 3 + 0], 20);
    assert_int_equal(pt[1 * 3 + 1], 60);
    assert_int_equal(info.min_pair_returns, 20);
    assert_int_equal(info.min_pair_i, 0);
    assert_int_equal(info.min_pair_j, 2);

    assert_int_equal(info.was_psd, 0);
    assert_int_equal(info.repaired, 1);
    assert_true(info.min_eig_before < -0.1);
    assert_corr_shape(c);
    assert_psd(c, 1e-14);   /* eigen-solver rounding of a norm-3 matrix */
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            max = fmax(max, fabs(gsl_matrix_get(c, i, j) - gsl_matrix_get(raw, i, j)));
    assert_close(info.max_abs_change, max, 0, 0);
    assert_true(info.max_abs_change > 0.1);
    assert_true(info.min_eig_after >= -1e-14);

    /* without repair the raw matrix comes back, flagged */
    {
        struct pairwise_opts o;
        pairwise_opts_init(&o);
        o.repair = 0;
        assert_int_equal(pairwise_corr(&set, sym, 3, &o, c, NULL, NULL, &info, &err), 0);
        assert_true(gsl_matrix_equal(c, raw));
        assert_int_equal(info.was_psd, 0);
        assert_int_equal(info.repaired, 0);
    }
    gsl_matrix_free(c);
    gsl_matrix_free(raw);
    series_set_done(&set);
}

/* Equal histories: pairwise is the aligned sample correlation, no repair. */
static void test_equal_histories(void **state)
{
    struct series_set set;
    const char *sym[2] = { "B", "D" };
    gsl_matrix *c = gsl_matrix_alloc(2, 2), *k = gsl_matrix_alloc(2, 2);
    struct returns r;
    struct pairwise_info info;
    struct allot_err err;
    (void)state;

    build(&set);
    assert_int_equal(pairwise_corr(&set, sym, 2, NULL, c, NULL, NULL, &info, &err), 0);
    assert_int_equal(info.was_psd, 1);
    assert_int_equal(info.repaired, 0);
    assert_true(info.max_abs_change == 0);
    assert_int_equal(returns_align(&set, sym, 2, NULL, &r, &err), 0);
    assert_int_equal(corr_sample(r.r, k, &err), 0);
    assert_close(gsl_matrix_get(c, 0, 1), gsl_matrix_get(k, 0, 1), CORR_TOL, 0);
    assert_close(gsl_matrix_get(c, 0, 1), direct(&set, "B", "D", 0, 60), CORR_TOL, 0);
    returns_done(&r);
    gsl_matrix_free(c);
    gsl_matrix_free(k);
    series_set_done(&set);
}

static void test_errors(void **state)
{
    struct series_set set;
    const char *sym[3] = { "A", "B", "C" };
    const char *bad[2] = { "A", "ZZZ" };
    gsl_matrix *c = gsl_matrix_alloc(3, 3), *c2 = gsl_matrix_alloc(2, 2);
    struct pairwise_opts o;
    struct allot_err err;
    (void)state;

    build(&set);
    pairwise_opts_init(&o);
    o.min_returns = 25;
    assert_int_equal(pairwise_corr(&set, sym, 3, &o, c, NULL, NULL, NULL, &err),
                     ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "pair A/C: 20 common returns; need at least 25"));
    assert_int_equal(pairwise_corr(&set, bad, 2, NULL, c2, NULL, NULL, NULL, &err),
                     ALLOT_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "ZZZ"));
    /* a window that leaves A and B one common date (day 40) */
    pairwise_opts_init(&o);
    o.ret.from_day = DAY0 + 40;
    assert_int_equal(pairwise_corr(&set, sym, 3, &o, c, NULL, NULL, NULL, &err),
                     ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "A, B: 1 common date in the date window"));
    gsl_matrix_free(c);
    gsl_matrix_free(c2);
    series_set_done(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_equal_histories),
        cmocka_unit_test(test_errors),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
