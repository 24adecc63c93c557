/* Tests for engine/stats/returns.c: alignment on common dates (weekday
 * equity next to daily crypto, worked by hand), windows, last N, the pair
 * helper against a brute-force intersection, annualisation factor, and
 * the errors a caller must see. */
#include <config.h>
#include "stats_test.h"

#include <stdlib.h>
#include <string.h>

#include "engine/stats/returns.h"

/* Exact comparisons: each expected value below is computed with the same
 * single libm call (log of one ratio) as the code must use, so a different
 * formula, not rounding, is what a mismatch means. The tolerance 1e-15
 * only allows log(a/b) vs log(a)-log(b) style reassociation. */
#define EXACT_TOL 1e-15

/* Wed 2024-01-03 .. Tue 2024-01-09. CR trades daily, EQ on weekdays:
 *   day   03   04   05(Fri) 06(Sat) 07(Sun) 08(Mon) 09
 *   CR   100  101  102     110     120     121     125
 *   EQ    50   51   50      -       -       52      53
 * Common dates: 03 04 05 08 09, so 4 returns; row 2 spans Fri -> Mon:
 * CR ln(121/102) (the weekend's 110 and 120 are skipped), EQ ln(52/50). */
static void build_week(struct series_set *set)
{
    int32_t cd[7], ed[5];
    const double cc[7] = { 100, 101, 102, 110, 120, 121, 125 };
    const double ec[5] = { 50, 51, 50, 52, 53 };
    const int edays[5] = { 3, 4, 5, 8, 9 };

    for (int k = 0; k < 7; k++)
        cd[k] = ymd(2024, 1, 3 + k);
    for (int k = 0; k < 5; k++)
        ed[k] = ymd(2024, 1, edays[k]);
    series_set_init(set);
    add_series(set, "CR", cd, cc, 7);
    add_series(set, "EQ", ed, ec, 5);
    assert_int_equal(series_set_sort(set), 0);
}

static void test_weekday_vs_daily(void **state)
{
    struct series_set set;
    struct returns r;
    struct allot_err err;
    const char *sym[2] = { "EQ", "CR" };    /* caller's order is kept */
    const double cr[4] = { log(101.0 / 100), log(102.0 / 101), log(121.0 / 102),
                           log(125.0 / 121) };
    const double eq[4] = { log(51.0 / 50), log(50.0 / 51), log(52.0 / 50), log(53.0 / 52) };
    const int start[4] = { 3, 4, 5, 8 }, end[4] = { 4, 5, 8, 9 };
    (void)state;

    build_week(&set);
    assert_int_equal(returns_align(&set, sym, 2, NULL, &r, &err), 0);
    assert_int_equal(r.t, 4);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.kind, RETURNS_LOG);
    assert_string_equal(r.symbol[0], "EQ");
    assert_string_equal(r.symbol[1], "CR");
    assert_int_equal(returns_column(&r, "CR"), 1);
    assert_int_equal(returns_column(&r, "XX"), -1);
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(r.start_day[k], ymd(2024, 1, start[k]));
        assert_int_equal(r.end_day[k], ymd(2024, 1, end[k]));
        assert_close(gsl_matrix_get(r.r, k, 0), eq[k], EXACT_TOL, 0);
        assert_close(gsl_matrix_get(r.r, k, 1), cr[k], EXACT_TOL, 0);
    }
    returns_done(&r);
    returns_done(&r);   /* harmless twice */

    /* CR alone keeps its weekend: 6 returns, Sat and Sun included */
    assert_int_equal(returns_align(&set, sym + 1, 1, NULL, &r, &err), 0);
    assert_int_equal(r.t, 6);
    assert_close(gsl_matrix_get(r.r, 3, 0), log(120.0 / 110), EXACT_TOL, 0);
    returns_done(&r);
    series_set_done(&set);
}

static void test_simple_window_last_n(void **state)
{
    struct series_set set;
    struct returns r;
    struct returns_opts o;
    struct allot_err err;
    const char *sym[2] = { "CR", "EQ" };
    (void)state;

    build_week(&set);
    returns_opts_init(&o);
    o.kind = RETURNS_SIMPLE;
    assert_int_equal(returns_align(&set, sym, 2, &o, &r, &err), 0);
    assert_int_equal(r.kind, RETURNS_SIMPLE);
    /* Fri -> Mon simple return of CR: 121/102 - 1 */
    assert_close(gsl_matrix_get(r.r, 2, 0), 121.0 / 102 - 1, EXACT_TOL, 0);
    returns_done(&r);

    /* window [04, 08]: prices on 04 05 08 only -> 2 returns, the first
     * ending on 05 (the 03 -> 04 return needs a price outside) */
    o.from_day = ymd(2024, 1, 4);
    o.to_day = ymd(2024, 1, 8);
    assert_int_equal(returns_align(&set, sym, 2, &o, &r, &err), 0);
    assert_int_equal(r.t, 2);
    assert_int_equal(r.start_day[0], ymd(2024, 1, 4));
    assert_int_equal(r.end_day[1], ymd(2024, 1, 8));
    assert_close(gsl_matrix_get(r.r, 0, 1), 50.0 / 51 - 1, EXACT_TOL, 0);
    returns_done(&r);

    /* last 2 of the full 4: rows ending 08 and 09 */
    returns_opts_init(&o);
    o.last_n = 2;
    assert_int_equal(returns_align(&set, sym, 2, &o, &r, &err), 0);
    assert_int_equal(r.t, 2);
    assert_int_equal(r.end_day[0], ymd(2024, 1, 8));
    assert_int_equal(r.end_day[1], ymd(2024, 1, 9));
    assert_close(gsl_matrix_get(r.r, 0, 0), log(121.0 / 102), EXACT_TOL, 0);
    returns_done(&r);

    /* last 10 of 4: at most N, so all 4 */
    o.last_n = 10;
    assert_int_equal(returns_align(&set, sym, 2, &o, &r, &err), 0);
    assert_int_equal(r.t, 4);
    returns_done(&r);
    series_set_done(&set);
}

static void test_errors(void **state)
{
    struct series_set set;
    struct returns r;
    struct returns_opts o;
    struct allot_err err;
    const char *unknown[2] = { "CR", "DOGE" };
    const char *twice[2] = { "CR", "CR" };
    const char *pair[2] = { "CR", "EQ" };
    (void)state;

    build_week(&set);
    assert_int_equal(returns_align(&set, unknown, 2, NULL, &r, &err), ALLOT_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "DOGE"));
    assert_null(r.r);
    assert_int_equal(returns_align(&set, twice, 2, NULL, &r, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "twice"));
    assert_int_equal(returns_align(&set, pair, 0, NULL, &r, &err), ALLOT_E_INPUT);

    returns_opts_init(&o);
    o.from_day = ymd(2024, 1, 9);
    o.to_day = ymd(2024, 1, 3);
    assert_int_equal(returns_align(&set, pair, 2, &o, &r, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "after"));

    /* a window holding one common date (Sat..Mon has only Mon for EQ) */
    o.from_day = ymd(2024, 1, 6);
    o.to_day = ymd(2024, 1, 8);
    assert_int_equal(returns_align(&set, pair, 2, &o, &r, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "1 common date"));
    assert_non_null(strstr(err.msg, "CR, EQ"));

    /* a bad close is reported with its symbol and date */
    set.s[0].close[2] = -1;     /* CR on 2024-01-05 */
    assert_int_equal(returns_align(&set, pair, 2, NULL, &r, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "2024-01-05"));
    set.s[0].close[2] = 102;

    /* an unsorted series is refused, not silently misaligned */
    set.s[1].day[0] = ymd(2024, 1, 20);
    assert_int_equal(returns_align(&set, pair, 2, NULL, &r, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "EQ"));
    series_set_done(&set);
}

/* The k-way intersection against a bitmap over random day subsets. */
static void test_intersection_brute_force(void **state)
{
    enum { SPAN = 400, NS = 3 };
    const double keep[NS] = { 0.9, 0.7, 0.5 };
    const char *sym[NS] = { "A", "B", "C" };
    unsigned char has[NS][SPAN];
    struct series_set set;
    struct returns r;
    struct allot_err err;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int32_t *days;
    size_t n_days, c = 0;
    (void)state;

    gsl_rng_set(rng, 7);
    series_set_init(&set);
    for (int i = 0; i < NS; i++) {
        struct series *s = series_set_get(&set, sym[i]);
        for (int d = 0; d < SPAN; d++) {
            has[i][d] = gsl_rng_uniform(rng) < keep[i];
            if (has[i][d])
                series_push(s, 18000 + d, 100 + d);
        }
    }
    assert_int_equal(returns_align(&set, sym, NS, NULL, &r, &err), 0);
    for (int d = 0; d < SPAN; d++) {
        if (!(has[0][d] && has[1][d] && has[2][d]))
            continue;
        /* common date number c is the start of row c and the end of c-1 */
        if (c < r.t)
            assert_int_equal(r.start_day[c], 18000 + d);
        if (c > 0)
            assert_int_equal(r.end_day[c - 1], 18000 + d);
        c++;
    }
    assert_int_equal(r.t + 1, c);
    /* each close is 100 + day offset, so a simple check of the values */
    for (size_t k = 0; k < r.t; k++) {
        double want = log((100.0 + (r.end_day[k] - 18000)) / (100.0 + (r.start_day[k] - 18000)));
        assert_close(gsl_matrix_get(r.r, k, 2), want, EXACT_TOL, 0);
    }
    returns_done(&r);

    /* the pair helper, with a window */
    assert_int_equal(returns_common_days(series_set_find(&set, "A"), series_set_find(&set, "C"),
                                         18000 + 100, 18000 + 199, &days, &n_days, &err),
                     0);
    c = 0;
    for (int d = 100; d < 200; d++) {
        if (has[0][d] && has[2][d]) {
            assert_true(c < n_days);
            assert_int_equal(days[c], 18000 + d);
            c++;
        }
    }
    assert_int_equal(c, n_days);
    free(days);

    /* disjoint windows give no dates and no error */
    assert_int_equal(returns_common_days(series_set_find(&set, "A"), series_set_find(&set, "C"),
                                         30000, DATE_NONE, &days, &n_days, &err),
                     0);
    assert_int_equal(n_days, 0);
    assert_null(days);
    gsl_rng_free(rng);
    series_set_done(&set);
}

static void test_ann_factor(void **state)
{
    const double mixed[3] = { RETURNS_DAYS_CRYPTO, RETURNS_DAYS_EQUITY, RETURNS_DAYS_CRYPTO };
    const double bad[2] = { 365, 0 };
    double f;
    struct allot_err err;
    (void)state;

    /* one equity in the selection puts every row on the 252-day calendar */
    assert_int_equal(returns_ann_factor(mixed, 3, &f, &err), 0);
    assert_true(f == 252.0);
    assert_int_equal(returns_ann_factor(mixed, 1, &f, &err), 0);
    assert_true(f == 365.0);
    assert_int_equal(returns_ann_factor(bad, 2, &f, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "days_per_year[1]"));
    assert_int_equal(returns_ann_factor(bad, 0, &f, &err), ALLOT_E_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday_vs_daily),
        cmocka_unit_test(test_simple_window_last_n),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_intersection_brute_force),
        cmocka_unit_test(test_ann_factor),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
