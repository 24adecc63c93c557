/* Tests for engine/stats/corr.c: correlation identities, rolling windows
 * against a per-window brute force, the worst-X% count convention, the
 * basket and threshold stress rules worked by hand, stressed and calm
 * matrices against the rows they claim to use, and the blend. */
#include <config.h>
#include "stats_test.h"

#include <string.h>

#include "engine/stats/corr.h"

/* Pearson correlation computed two ways (BLAS cross-product vs plain
 * loop) over <= 300 terms: agreement to ~1e-14; 1e-13 leaves room. */
#define CORR_TOL 1e-13

static void test_identities(void **state)
{
    const size_t T = 300, N = 8;
    gsl_matrix *r = random_returns(T, N, 1.0, 21), *c = gsl_matrix_alloc(N, N);
    struct allot_err err;
    (void)state;

    assert_int_equal(corr_sample(r, c, &err), 0);
    assert_corr_shape(c);   /* diagonal exactly 1, symmetric, |c| <= 1 */
    assert_psd(c, 0);       /* full rank, T > N: no rounding slack needed */
    /* correlation is scale free: multiplying a column leaves it alone */
    {
        gsl_matrix *r2 = gsl_matrix_alloc(T, N), *c2 = gsl_matrix_alloc(N, N);
        gsl_matrix_memcpy(r2, r);
        gsl_vector_view col = gsl_matrix_column(r2, 3);
        gsl_vector_scale(&col.vector, 7.5);
        assert_int_equal(corr_sample(r2, c2, &err), 0);
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < N; j++)
                assert_close(gsl_matrix_get(c2, i, j), gsl_matrix_get(c, i, j), CORR_TOL, 0);
        gsl_matrix_free(r2);
        gsl_matrix_free(c2);
    }
    /* a constant column has no correlation */
    for (size_t t = 0; t < T; t++)
        gsl_matrix_set(r, t, 5, 0.001);
    assert_int_equal(corr_sample(r, c, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "asset 5"));
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

/* Plain two-pass Pearson over rows [from, from + n) of columns i, j. */
static double brute_corr(const gsl_matrix *r, size_t from, size_t n, size_t i, size_t j)
{
    double mi = 0, mj = 0, sii = 0, sjj = 0, sij = 0;
    for (size_t t = from; t < from + n; t++) {
        mi += gsl_matrix_get(r, t, i) / (double)n;
        mj += gsl_matrix_get(r, t, j) / (double)n;
    }
    for (size_t t = from; t < from + n; t++) {
        double a = gsl_matrix_get(r, t, i) - mi, b = gsl_matrix_get(r, t, j) - mj;
        sii += a * a;
        sjj += b * b;
        sij += a * b;
    }
    return sij / sqrt(sii * sjj);
}

static void test_rolling(void **state)
{
    const size_t T = 120, W = 30;
    gsl_matrix *r = random_returns(T, 2, 1.0, 8);
    gsl_vector *out = gsl_vector_alloc(T - W + 1);
    gsl_vector_view a = gsl_matrix_column(r, 0), b = gsl_matrix_column(r, 1);
    size_t nan;
    struct allot_err err;
    (void)state;

    assert_int_equal(corr_rolling(&a.vector, &b.vector, W, out, &nan, &err), 0);
    assert_int_equal(nan, 0);
    for (size_t k = 0; k + W <= T; k++)
        assert_close(gsl_vector_get(out, k), brute_corr(r, k, W, 0, 1), CORR_TOL, 0);
    /* a window of all rows is the full-sample correlation */
    {
        gsl_vector *one = gsl_vector_alloc(1);
        assert_int_equal(corr_rolling(&a.vector, &b.vector, T, one, NULL, &err), 0);
        assert_close(gsl_vector_get(one, 0), brute_corr(r, 0, T, 0, 1), CORR_TOL, 0);
        gsl_vector_free(one);
    }
    /* b flat over rows 40..79: the windows lying inside are NAN */
    for (size_t t = 40; t < 80; t++)
        gsl_matrix_set(r, t, 1, 0.0);
    assert_int_equal(corr_rolling(&a.vector, &b.vector, W, out, &nan, &err), 0);
    assert_int_equal(nan, 80 - 40 - W + 1);
    assert_true(isnan(gsl_vector_get(out, 40)));
    assert_false(isnan(gsl_vector_get(out, 39)));
    /* errors: window too short, wrong out size */
    assert_int_equal(corr_rolling(&a.vector, &b.vector, 2, out, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "window"));
    assert_int_equal(corr_rolling(&a.vector, &b.vector, W + 1, out, NULL, &err),
                     ALLOT_E_INPUT);
    gsl_matrix_free(r);
    gsl_vector_free(out);
}

/* The dated wrapper: window k ends on the end date of its last row. */
static void test_rolling_dates(void **state)
{
    struct series_set set;
    struct returns r;
    struct allot_err err;
    const char *sym[2] = { "A", "B" };
    int32_t day[10], end[8];
    double a[10], b[10];
    gsl_vector *out = gsl_vector_alloc(8);
    (void)state;

    for (int k = 0; k < 10; k++) {
        day[k] = ymd(2024, 3, 1 + 2 * k);   /* every other day */
        a[k] = 100 + k * k;
        b[k] = 50 + (k % 3);
    }
    series_set_init(&set);
    add_series(&set, "A", day, a, 10);
    add_series(&set, "B", day, b, 10);
    assert_int_equal(returns_align(&set, sym, 2, NULL, &r, &err), 0);
    assert_int_equal(r.t, 9);
    /* 9 returns make 7 windows of 3: an out of 8 is refused */
    assert_int_equal(corr_rolling_returns(&r, 0, 1, 3, out, end, NULL, &err), ALLOT_E_INPUT);
    gsl_vector_free(out);
    out = gsl_vector_alloc(7);
    assert_int_equal(corr_rolling_returns(&r, 0, 1, 3, out, end, NULL, &err), 0);
    for (size_t k = 0; k < 7; k++) {
        assert_int_equal(end[k], ymd(2024, 3, 1 + 2 * (int)(k + 3)));
        assert_close(gsl_vector_get(out, k), brute_corr(r.r, k, 3, 0, 1), CORR_TOL, 0);
    }
    assert_int_equal(corr_rolling_returns(&r, 0, 2, 3, out, end, NULL, &err), ALLOT_E_INPUT);
    returns_done(&r);
    series_set_done(&set);
    gsl_vector_free(out);
}

static void test_worst_count(void **state)
{
    size_t c;
    struct allot_err err;
    (void)state;

    /* The trap: in doubles 7/100 is 0.07000000000000000666, so
     * ceil(100 * (7/100.0)) is 8; the rule must give 7. */
    assert_true(ceil(100 * (7 / 100.0)) == 8);
    assert_int_equal(corr_worst_count(100, 7, &c, &err), 0);
    assert_int_equal(c, 7);
    /* likewise 0.1 % of 1000 days is exactly 1, and 5 % of 2584 is
     * ceil(129.2) = 130 */
    assert_int_equal(corr_worst_count(1000, 0.1, &c, &err), 0);
    assert_int_equal(c, 1);
    assert_int_equal(corr_worst_count(2584, 5, &c, &err), 0);
    assert_int_equal(c, 130);
    /* partial days round up: 5 % of 19 = 0.95 -> 1; 5 % of 21 -> 2 */
    assert_int_equal(corr_worst_count(19, 5, &c, &err), 0);
    assert_int_equal(c, 1);
    assert_int_equal(corr_worst_count(21, 5, &c, &err), 0);
    assert_int_equal(c, 2);
    assert_int_equal(corr_worst_count(8, 12.5, &c, &err), 0);
    assert_int_equal(c, 1);
    assert_int_equal(corr_worst_count(3, 100, &c, &err), 0);
    assert_int_equal(c, 3);
    assert_int_equal(corr_worst_count(10, 0, &c, &err), ALLOT_E_INPUT);
    assert_int_equal(corr_worst_count(10, 100.5, &c, &err), ALLOT_E_INPUT);
    assert_int_equal(corr_worst_count(10, 1e-9, &c, &err), ALLOT_E_INPUT);
}

/* Two assets, log returns. Row 0 is ln(0.60) and ln(1.32): the basket of
 * simple returns is (-0.40 + 0.32)/2 = -4 %, not a stress day at -5 %,
 * although the mean LOG return (-0.5108 + 0.2776)/2 = -11.7 % would be.
 * Row 1: ln(0.90), ln(0.98): basket -6 % -> stress.
 * Row 2: ln(1.01), ln(1.02): basket +1.5 %.
 * Row 3: ln(0.97), ln(0.80): basket -11.5 % -> stress. */
static void test_basket_threshold(void **state)
{
    const double v[8] = { log(0.60), log(1.32), log(0.90), log(0.98),
                          log(1.01), log(1.02), log(0.97), log(0.80) };
    gsl_matrix *r = mat_from(4, 2, v);
    gsl_vector *idx = gsl_vector_alloc(4);
    unsigned char st[4];
    size_t n;
    struct corr_stress_opts o;
    struct allot_err err;
    (void)state;

    corr_stress_opts_init(&o);
    o.rule = CORR_STRESS_THRESHOLD;
    assert_true(o.threshold == -0.05);
    assert_int_equal(corr_stress_index(r, &o, idx, &err), 0);
    /* expm1(log(x)) is x - 1 to an ulp or two */
    assert_close(gsl_vector_get(idx, 0), -0.04, 1e-15, 0);
    assert_close(gsl_vector_get(idx, 3), -0.115, 1e-15, 0);
    assert_int_equal(corr_stress_days(r, &o, st, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st[0], 0);
    assert_int_equal(st[1], 1);
    assert_int_equal(st[2], 0);
    assert_int_equal(st[3], 1);
    /* index = asset 1 alone: rows 3 (-20 %) only */
    o.index_col = 1;
    assert_int_equal(corr_stress_days(r, &o, st, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(st[3], 1);
    /* simple returns are taken as they are */
    o.kind = RETURNS_SIMPLE;
    o.index_col = CORR_STRESS_BASKET;
    o.threshold = -0.2;     /* row means: -11.7, -6.3, +1.5, -12.7 % */
    assert_int_equal(corr_stress_days(r, &o, st, &n, &err), 0);
    assert_int_equal(n, 0);
    o.threshold = -0.1;
    assert_int_equal(corr_stress_days(r, &o, st, &n, &err), 0);
    assert_int_equal(n, 2);     /* rows 0 (-11.7 %) and 3 (-12.7 %) */
    assert_int_equal(st[0], 1);
    o.index_col = 2;
    assert_int_equal(corr_stress_days(r, &o, st, &n, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "index column 2"));
    gsl_matrix_free(r);
    gsl_vector_free(idx);
}

/* Worst 40 % of 5 days = 2 days; rows 1, 3 and 4 tie at -3 %: the
 * earlier rows 1 and 3 are taken. */
static void test_worst_ties(void **state)
{
    const double v[5] = { 0.01, -0.03, 0.02, -0.03, -0.03 };
    gsl_matrix *r = mat_from(5, 1, v);
    unsigned char st[5];
    size_t n;
    struct corr_stress_opts o;
    struct allot_err err;
    (void)state;

    corr_stress_opts_init(&o);
    o.kind = RETURNS_SIMPLE;
    o.worst_pct = 40;
    assert_int_equal(corr_stress_days(r, &o, st, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st[1] + st[3], 2);
    assert_int_equal(st[4], 0);
    gsl_matrix_free(r);
}

static void test_stressed_matches_rows(void **state)
{
    const size_t T = 400, N = 4;
    gsl_matrix *r = random_returns(T, N, 1.0, 33);
    gsl_matrix *s = gsl_matrix_alloc(N, N), *c = gsl_matrix_alloc(N, N);
    unsigned char st[400];
    size_t n;
    struct corr_stress_opts o;
    struct corr_stress_info info;
    struct allot_err err;
    (void)state;

    corr_stress_opts_init(&o);
    o.kind = RETURNS_SIMPLE;
    o.worst_pct = 10;
    assert_int_equal(corr_stressed(r, &o, s, c, &info, &err), 0);
    assert_int_equal(info.n_days, T);
    assert_int_equal(info.n_stress, 40);
    assert_int_equal(info.n_calm, 360);
    assert_corr_shape(s);
    assert_corr_shape(c);
    assert_int_equal(corr_stress_days(r, &o, st, &n, &err), 0);
    /* brute force: gather the rows by hand and correlate them */
    for (int want = 0; want <= 1; want++) {
        gsl_matrix *sub = gsl_matrix_alloc(want ? 40 : 360, N);
        size_t k = 0;
        for (size_t t = 0; t < T; t++) {
            if (st[t] != want)
                continue;
            for (size_t j = 0; j < N; j++)
                gsl_matrix_set(sub, k, j, gsl_matrix_get(r, t, j));
            k++;
        }
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < N; j++)
                assert_close(gsl_matrix_get(want ? s : c, i, j),
                             brute_corr(sub, 0, k, i, j), CORR_TOL, 0);
        gsl_matrix_free(sub);
    }
    /* every stress day's basket is at or below the cutoff */
    {
        gsl_vector *idx = gsl_vector_alloc(T);
        assert_int_equal(corr_stress_index(r, &o, idx, &err), 0);
        for (size_t t = 0; t < T; t++)
            assert_true(st[t] ? gsl_vector_get(idx, t) <= info.index_cutoff
                              : gsl_vector_get(idx, t) >= info.index_cutoff);
        gsl_vector_free(idx);
    }
    /* too few: 1 % of 400 = 4 days < the default minimum max(N+1, 10) */
    o.worst_pct = 1;
    assert_int_equal(corr_stressed(r, &o, s, NULL, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "4 stress days of 400; need at least 10"));
    o.min_days = 4;
    assert_int_equal(corr_stressed(r, &o, s, NULL, NULL, &err), 0);
    /* the calm side has its minimum too */
    o.worst_pct = 99;
    o.min_days = 0;
    assert_int_equal(corr_stressed(r, &o, s, c, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "calm"));
    gsl_matrix_free(r);
    gsl_matrix_free(s);
    gsl_matrix_free(c);
}

static void test_blend(void **state)
{
    const double calm[9] = { 1, 0.2, 0.1, 0.2, 1, 0.3, 0.1, 0.3, 1 };
    const double stress[9] = { 1, 0.9, 0.8, 0.9, 1, 0.85, 0.8, 0.85, 1 };
    gsl_matrix *c = mat_from(3, 3, calm), *s = mat_from(3, 3, stress);
    gsl_matrix *out = gsl_matrix_alloc(3, 3);
    struct allot_err err;
    (void)state;

    assert_int_equal(corr_blend(c, s, 0.3, out, &err), 0);
    /* 0.7 * 0.2 + 0.3 * 0.9 = 0.41, 0.7 * 0.3 + 0.3 * 0.85 = 0.465 */
    assert_close(gsl_matrix_get(out, 0, 1), 0.41, 1e-15, 0);
    assert_close(gsl_matrix_get(out, 1, 2), 0.465, 1e-15, 0);
    assert_corr_shape(out);
    assert_psd(out, 0);     /* convex blend of two PD matrices is PD */
    assert_int_equal(corr_blend(c, s, 0, out, &err), 0);
    assert_true(gsl_matrix_equal(out, c));
    assert_int_equal(corr_blend(c, s, 1, out, &err), 0);
    assert_true(gsl_matrix_equal(out, s));
    assert_int_equal(corr_blend(c, s, 1.2, out, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "w = 1.2"));
    gsl_matrix_free(c);
    gsl_matrix_free(s);
    gsl_matrix_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identities),
        cmocka_unit_test(test_rolling),
        cmocka_unit_test(test_rolling_dates),
        cmocka_unit_test(test_worst_count),
        cmocka_unit_test(test_basket_threshold),
        cmocka_unit_test(test_worst_ties),
        cmocka_unit_test(test_stressed_matches_rows),
        cmocka_unit_test(test_blend),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
