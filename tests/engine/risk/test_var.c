/* Tests for engine/risk/var.c: the exact tail count k = ceil(n (1 - c)),
 * historical VaR/CVaR by selection against hand-worked cases and a full
 * sort, and the parametric normal VaR/CVaR against the closed form. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "engine/risk/var.h"

/* Losses 1..100 (PnL -1..-100) in a scrambled order (37 is prime to 100,
 * so i -> 37 i mod 100 is a permutation). */
static void scrambled_1_100(double *pnl)
{
    for (int i = 0; i < 100; i++) {
        pnl[i] = -(double)((37 * i) % 100 + 1);
    }
}

static void test_hand_1_to_100(void **state)
{
    double pnl[100];
    struct var_est e;
    struct allot_err err;
    (void)state;
    scrambled_1_100(pnl);

    /* c = 95 %: k = ceil(100 x 0.05) = 5. The 5 worst losses are 100, 99,
     * 98, 97, 96: VaR = 96, CVaR = (100 + 99 + 98 + 97 + 96) / 5 = 490 / 5
     * = 98. Exact small integers: compare exactly (tolerance 0). */
    assert_int_equal(var_sample(pnl, 100, 0.95, &e, &err), 0);
    assert_int_equal(e.k, 5);
    assert_int_equal(e.n, 100);
    assert_close(e.var, 96.0, 0.0, 0.0);
    assert_close(e.cvar, 98.0, 0.0, 0.0);
    /* the mean PnL is -(1 + ... + 100) / 100 = -50.5 */
    assert_close(e.mean, -50.5, 1e-12, 0.0);

    /* c = 97.5 %: k = ceil(2.5) = 3: VaR = 98, CVaR = (100 + 99 + 98) / 3 = 99 */
    assert_int_equal(var_sample(pnl, 100, 0.975, &e, &err), 0);
    assert_int_equal(e.k, 3);
    assert_close(e.var, 98.0, 0.0, 0.0);
    assert_close(e.cvar, 99.0, 0.0, 0.0);

    /* c = 99 %: k = 1: VaR = CVaR = the worst loss, 100 */
    assert_int_equal(var_sample(pnl, 100, 0.99, &e, &err), 0);
    assert_int_equal(e.k, 1);
    assert_close(e.var, 100.0, 0.0, 0.0);
    assert_close(e.cvar, 100.0, 0.0, 0.0);

    /* var_sample left the caller's array alone */
    double again[100];
    scrambled_1_100(again);
    assert_memory_equal(pnl, again, sizeof pnl);
}

/* k = ceil(n (1 - c)) at the usual confidences, worked by hand; where the
 * naive double expression ceil(n * (1.0 - c)) is one too many, show it. */
static void test_k_convention(void **state)
{
    static const struct {
        double conf;
        size_t n;
        size_t k;       /* by hand: n (1 - c) rounded up */
        int naive_off;  /* 1 when ceil(n * (1.0 - c)) in double gives k + 1 */
    } cases[] = {
        { 0.99, 100, 1, 1 },     /* 1 - 0.99 = 0.010000000000000009 in binary */
        { 0.99, 250, 3, 0 },     /* 2.5 -> 3 */
        { 0.99, 1000, 10, 1 },
        { 0.95, 100, 5, 1 },     /* 1 - 0.95 = 0.050000000000000044 */
        { 0.95, 250, 13, 0 },    /* 12.5 -> 13 */
        { 0.95, 1000, 50, 1 },
        { 0.975, 100, 3, 0 },    /* 2.5 -> 3 */
        { 0.975, 250, 7, 0 },    /* 6.25 -> 7 */
        { 0.975, 1000, 25, 1 },  /* 1 - 0.975 = 0.025000000000000022 */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t k;
        struct allot_err err;
        volatile double c = cases[i].conf, n = (double)cases[i].n;
        size_t naive = (size_t)ceil(n * (1.0 - c));
        assert_int_equal(var_tail_count(cases[i].n, cases[i].conf, &k, &err), 0);
        assert_int_equal(k, cases[i].k);
        assert_int_equal(naive, cases[i].k + (size_t)cases[i].naive_off);
    }
}

static void test_k_edges(void **state)
{
    size_t k;
    struct allot_err err;
    (void)state;
    /* n = 1: the only outcome is the tail, whatever c */
    assert_int_equal(var_tail_count(1, 0.5, &k, &err), 0);
    assert_int_equal(k, 1);
    assert_int_equal(var_tail_count(1, 0.999999999, &k, &err), 0);
    assert_int_equal(k, 1);
    /* c = 0.999999999 (1e-9 below 1) and n = 1e9 + 1: k = ceil(1.000000001) = 2 */
    assert_int_equal(var_tail_count(1000000001u, 0.999999999, &k, &err), 0);
    assert_int_equal(k, 2);
    /* the largest n: k = ceil(n / 100), no overflow */
    size_t big = SIZE_MAX;
    assert_int_equal(var_tail_count(big, 0.99, &k, &err), 0);
    assert_true(k == big / 100 + (big % 100 != 0));

    /* refused: c outside (0, 1), not finite, rounding to 0 or 1, n = 0 */
    const double bad[] = { 0.0, 1.0, -0.5, 1.5, NAN, INFINITY, 1.0 - 1e-10, 1e-10 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&err);
        assert_int_equal(var_tail_count(100, bad[i], &k, &err), ALLOT_E_INPUT);
        assert_non_null(strstr(err.msg, "confidence"));
    }
    assert_int_equal(var_tail_count(0, 0.99, &k, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "n = 0"));
}

static int cmp_asc(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Check var_sample against a full sort of the same sample. */
static void check_against_sort(const double *pnl, size_t n, double conf)
{
    struct var_est e;
    struct allot_err err;
    size_t k = 0;
    double *sorted = malloc(n * sizeof *sorted);
    assert_non_null(sorted);
    memcpy(sorted, pnl, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_asc);
    assert_int_equal(var_tail_count(n, conf, &k, &err), 0);
    double tail = 0.0;
    for (size_t i = 0; i < k; i++) {
        tail += sorted[i];
    }
    assert_int_equal(var_sample(pnl, n, conf, &e, &err), 0);
    assert_int_equal(e.k, k);
    /* the k-th worst is one of the sample's numbers: exact */
    assert_close(e.var, -sorted[k - 1], 0.0, 0.0);
    /* the same k numbers summed in another order: a few ulps per term */
    assert_close(e.cvar, -tail / (double)k, 1e-300, 1e-12);
    free(sorted);
}

static void test_select_matches_sort(void **state)
{
    static const size_t sizes[] = { 1, 2, 3, 7, 10, 100, 1000, 4097, 100001 };
    static const double confs[] = { 0.5, 0.9, 0.95, 0.975, 0.99, 0.999 };
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 42);
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        double *x = malloc(n * sizeof *x);
        assert_non_null(x);
        for (int pattern = 0; pattern < 6; pattern++) {
            for (size_t i = 0; i < n; i++) {
                switch (pattern) {
                case 0: x[i] = gsl_rng_uniform(r) - 0.5; break;             /* distinct */
                case 1: x[i] = (double)gsl_rng_uniform_int(r, 7); break;    /* many ties */
                case 2: x[i] = (double)i; break;                            /* ascending */
                case 3: x[i] = -(double)i; break;                           /* descending */
                case 4: x[i] = 3.0; break;                                  /* all equal */
                default: x[i] = (double)(i < n / 2 ? i : n - i); break;     /* organ pipe */
                }
            }
            for (size_t c = 0; c < sizeof confs / sizeof confs[0]; c++) {
                check_against_sort(x, n, confs[c]);
            }
        }
        free(x);
    }
    gsl_rng_free(r);
}

static void test_inplace_layout(void **state)
{
    double pnl[100];
    struct var_est e;
    struct allot_err err;
    (void)state;
    scrambled_1_100(pnl);
    assert_int_equal(var_sample_inplace(pnl, 100, 0.9, &e, &err), 0);
    /* k = 10: the first 10 are the 10 worst (-100..-91), pnl[9] = -91 */
    assert_int_equal(e.k, 10);
    assert_close(pnl[9], -91.0, 0.0, 0.0);
    for (int i = 0; i < 10; i++) {
        assert_true(pnl[i] <= -91.0);
    }
    for (int i = 10; i < 100; i++) {
        assert_true(pnl[i] > -91.0);
    }
}

static void test_sample_errors_and_moments(void **state)
{
    double pnl[5] = { 1.0, -2.0, 3.0, NAN, 5.0 };
    struct var_est e;
    struct allot_err err;
    (void)state;
    assert_int_equal(var_sample(pnl, 5, 0.95, &e, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "PnL 3"));
    assert_int_equal(var_sample(pnl, 0, 0.95, &e, &err), ALLOT_E_INPUT);

    /* moments by the two-pass textbook formula */
    pnl[3] = -4.0;
    double mean = (1.0 - 2.0 + 3.0 - 4.0 + 5.0) / 5.0, ss = 0.0;
    for (int i = 0; i < 5; i++) {
        ss += (pnl[i] - mean) * (pnl[i] - mean);
    }
    assert_int_equal(var_sample(pnl, 5, 0.95, &e, &err), 0);
    assert_close(e.mean, mean, 1e-15, 0.0);             /* a few ulps of 1 */
    assert_close(e.sd, sqrt(ss / 4.0), 0.0, 1e-14);     /* Welford vs two-pass */
    /* only gains: VaR is negative (not floored) */
    double gains[3] = { 1.0, 2.0, 3.0 };
    assert_int_equal(var_sample(gains, 3, 0.5, &e, &err), 0);
    /* k = ceil(1.5) = 2: worst two are 1 and 2: VaR = -2, CVaR = -1.5 */
    assert_close(e.var, -2.0, 0.0, 0.0);
    assert_close(e.cvar, -1.5, 0.0, 0.0);
}

/* Standard normal quantiles and expected shortfalls phi(z)/(1-c), to 17
 * digits from the inverse error function in 30-digit arithmetic; they match
 * the printed tables (z_0.99 = 2.3263, ES_0.975 = 2.3378 as in Basel's
 * FRTB comparison of 97.5 % ES with 99 % VaR). */
static void test_normal_closed_form(void **state)
{
    static const struct {
        double conf, z, es;
    } ref[] = {
        { 0.95, 1.6448536269514727, 2.0627128075074260 },
        { 0.975, 1.9599639845400542, 2.3378027922014144 },
        { 0.99, 2.3263478740408411, 2.6652142203458048 },
        { 0.999, 3.0902323061678135, 3.3670900770639904 },
    };
    struct var_est e;
    struct allot_err err;
    (void)state;
    for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++) {
        double z;
        assert_int_equal(var_normal_z(ref[i].conf, &z, &err), 0);
        /* AS 241 is accurate to about 1e-16 relative */
        assert_close(z, ref[i].z, 0.0, 1e-14);
        /* mean 1000, sd 250 over the horizon */
        assert_int_equal(var_normal(1000.0, 250.0, ref[i].conf, &e, &err), 0);
        assert_close(e.var, -1000.0 + 250.0 * ref[i].z, 0.0, 1e-13);
        assert_close(e.cvar, -1000.0 + 250.0 * ref[i].es, 0.0, 1e-13);
        assert_int_equal(e.n, 0);
        assert_int_equal(e.k, 0);
    }
    /* sd = 0: the loss is the negative mean */
    assert_int_equal(var_normal(-5.0, 0.0, 0.99, &e, &err), 0);
    assert_close(e.var, 5.0, 0.0, 0.0);
    assert_close(e.cvar, 5.0, 0.0, 0.0);
    assert_int_equal(var_normal(0.0, -1.0, 0.99, &e, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "standard deviation"));
    assert_int_equal(var_normal(NAN, 1.0, 0.99, &e, &err), ALLOT_E_INPUT);
    assert_int_equal(var_normal(0.0, 1.0, 1.0, &e, &err), ALLOT_E_INPUT);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_1_to_100),
        cmocka_unit_test(test_k_convention),
        cmocka_unit_test(test_k_edges),
        cmocka_unit_test(test_select_matches_sort),
        cmocka_unit_test(test_inplace_layout),
        cmocka_unit_test(test_sample_errors_and_moments),
        cmocka_unit_test(test_normal_closed_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
