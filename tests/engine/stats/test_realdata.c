/* Tests of engine/stats on real market data (tests/data/crypto_daily.csv,
 * Yahoo Finance daily closes): BTC-ETH correlation in the COVID crash
 * against the whole history, stressed versus calm correlation of seven
 * coins, the mixed-calendar annualisation rule, and shrinkage and
 * pairwise correlation on real histories of unequal length. Reference
 * numbers come from numpy (script in the comment of each case). */
#include <config.h>
#include "stats_test.h"

#include <stdlib.h>
#include <string.h>

#include "engine/stats/corr.h"
#include "engine/stats/diversify.h"
#include "engine/stats/pairwise.h"
#include "engine/stats/returns.h"
#include "engine/stats/shrink.h"
#include "util/str.h"

/* numpy and we compute the same log returns and Pearson correlation with
 * different summation orders over <= 2,600 terms: agreement to ~1e-14;
 * 1e-12 leaves room. */
#define NUMPY_TOL 1e-12

static struct series_set set;

/* Read the long CSV date,symbol,close. Fails the test on any bad line. */
static int load(void **state)
{
    const char *top = getenv("top_srcdir");
    char path[1024], line[256];
    FILE *f;
    long n = 0;
    (void)state;

    snprintf(path, sizeof path, "%s/tests/data/crypto_daily.csv", top ? top : "..");
    f = fopen(path, "r");
    if (f == NULL) {
        print_error("cannot open %s (is top_srcdir set?)\n", path);
        return -1;
    }
    series_set_init(&set);
    if (fgets(line, sizeof line, f) == NULL || strcmp(line, "date,symbol,close\n") != 0) {
        fclose(f);
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *sym = strchr(line, ','), *close, *end;
        const char *what;
        size_t off;
        int32_t day;
        double c;
        n++;
        if (sym == NULL || (close = strchr(sym + 1, ',')) == NULL)
            break;
        *sym++ = '\0';
        *close++ = '\0';
        c = strtod(close, &end);
        if (date_parse_day(line, &day, &what, &off) != 0 || end == close || !(c > 0))
            break;
        series_push(series_set_get(&set, sym), day, c);
    }
    if (!feof(f) || n != 27320) {
        print_error("%s: bad line %ld\n", path, n);
        fclose(f);
        return -1;
    }
    fclose(f);
    return series_set_sort(&set) == 0 ? 0 : -1;
}

static int unload(void **state)
{
    (void)state;
    series_set_done(&set);
    return 0;
}

static double pair_corr(const char *a, const char *b, const struct returns_opts *o,
                        size_t *t)
{
    const char *sym[2] = { a, b };
    struct returns r;
    struct allot_err err;
    gsl_matrix *c = gsl_matrix_alloc(2, 2);
    double v;

    assert_int_equal(returns_align(&set, sym, 2, o, &r, &err), 0);
    assert_int_equal(corr_sample(r.r, c, &err), 0);
    v = gsl_matrix_get(c, 0, 1);
    *t = r.t;
    returns_done(&r);
    gsl_matrix_free(c);
    return v;
}

/* numpy (d[sym][date] = close from the CSV):
 *   days = sorted(set(d['BTC']) & set(d['ETH'])), optionally windowed
 *   P = np.array([[d[s][x] for s in ('BTC', 'ETH')] for x in days])
 *   np.corrcoef(np.diff(np.log(P), axis=0).T)[0, 1]
 * whole common history: 0.7922856603903945 over 2584 returns;
 * 2020-02-20 .. 2020-04-15 (the COVID crash, 2020-03-09 .. 03-23, with
 * room on both sides for enough returns): 0.9696623397767362 over 55. */
static void test_covid_btc_eth(void **state)
{
    struct returns_opts o;
    size_t t;
    double all, covid;
    (void)state;

    returns_opts_init(&o);
    all = pair_corr("BTC", "ETH", &o, &t);
    assert_int_equal(t, 2584);
    assert_close(all, 0.7922856603903945, NUMPY_TOL, 0);
    o.from_day = ymd(2020, 2, 20);
    o.to_day = ymd(2020, 4, 15);
    covid = pair_corr("BTC", "ETH", &o, &t);
    assert_int_equal(t, 55);
    assert_close(covid, 0.9696623397767362, NUMPY_TOL, 0);
    assert_true(covid > all);
}

/* numpy, seven non-stable coins, worst 5 % of equal-weight basket days:
 *   r = log returns on the common dates (2584 rows)
 *   b = np.mean(np.expm1(r), axis=1); k = math.ceil(T*5/100)   # 130
 *   idx = np.lexsort((np.arange(T), b))[:k]; m[idx] = True
 *   cs = np.corrcoef(r[m].T); cc = np.corrcoef(r[~m].T)
 *   mean of the upper triangles: stress 0.6097541850396,
 *   calm (the other 2454 days) 0.4395943175238195;
 *   BTC-ETH: stress 0.8037824602976408, calm 0.7068166132071786;
 *   worst-day cutoff: b[idx].max() = -0.0650551758776424. */
static void test_stressed_vs_calm(void **state)
{
    const char *sym[7] = { "BTC", "ETH", "XRP", "ADA", "BNB", "DOGE", "LINK" };
    struct returns r;
    struct corr_stress_opts o;
    struct corr_stress_info info;
    struct allot_err err;
    gsl_matrix *s = gsl_matrix_alloc(7, 7), *c = gsl_matrix_alloc(7, 7);
    gsl_matrix *b = gsl_matrix_alloc(7, 7);
    double ms = 0, mc = 0, enb_calm, enb_stress;
    (void)state;

    assert_int_equal(returns_align(&set, sym, 7, NULL, &r, &err), 0);
    assert_int_equal(r.t, 2584);
    corr_stress_opts_init(&o);      /* worst 5 % of basket days, log input */
    assert_int_equal(corr_stressed(r.r, &o, s, c, &info, &err), 0);
    assert_int_equal(info.n_stress, 130);
    assert_int_equal(info.n_calm, 2454);
    assert_close(info.index_cutoff, -0.0650551758776424, NUMPY_TOL, 0);
    for (size_t i = 0; i < 7; i++) {
        for (size_t j = i + 1; j < 7; j++) {
            ms += gsl_matrix_get(s, i, j) / 21;
            mc += gsl_matrix_get(c, i, j) / 21;
        }
    }
    assert_close(ms, 0.6097541850396, NUMPY_TOL, 0);
    assert_close(mc, 0.4395943175238195, NUMPY_TOL, 0);
    assert_close(gsl_matrix_get(s, 0, 1), 0.8037824602976408, NUMPY_TOL, 0);
    assert_close(gsl_matrix_get(c, 0, 1), 0.7068166132071786, NUMPY_TOL, 0);
    assert_true(ms > mc);
    /* diversification shrinks in stress (equal weights; the equal-weight
     * basket is nearly the first principal portfolio, so both are ~1) */
    assert_int_equal(diversify_enb(c, NULL, &enb_calm, NULL, &err), 0);
    assert_int_equal(diversify_enb(s, NULL, &enb_stress, NULL, &err), 0);
    /* exp of an entropy of eigen-solver output (~1e-14 accurate) */
    assert_close(enb_calm, 1.0214379470495922, 1e-10, 0);
    assert_close(enb_stress, 1.00894031057762, 1e-10, 0);
    assert_true(enb_stress < enb_calm);
    /* the weight-free effective rank shows it far better; numpy:
     *   l = np.linalg.eigvalsh(C); q = l / l.sum(); exp(-(q * log q).sum())
     * calm 4.539759069812064, stress 3.2378702222972455 (of 7) */
    assert_int_equal(diversify_effective_rank(c, &enb_calm, &err), 0);
    assert_int_equal(diversify_effective_rank(s, &enb_stress, &err), 0);
    assert_close(enb_calm, 4.539759069812064, 1e-10, 0);
    assert_close(enb_stress, 3.2378702222972455, 1e-10, 0);
    /* a 25 % stress blend lies between, entry by entry, and is valid */
    assert_int_equal(corr_blend(c, s, 0.25, b, &err), 0);
    assert_corr_shape(b);
    assert_psd(b, 0);

    /* the threshold rule: basket down more than 10 % */
    o.rule = CORR_STRESS_THRESHOLD;
    o.threshold = -0.10;
    assert_int_equal(corr_stressed(r.r, &o, s, NULL, &info, &err), 0);
    assert_true(info.n_stress >= 10 && info.n_stress < 130);
    returns_done(&r);
    gsl_matrix_free(s);
    gsl_matrix_free(c);
    gsl_matrix_free(b);
}

/* Mixed calendars. "ETHWK" is ETH on weekdays only, standing in for an
 * equity (calendar 252). Aligned with BTC (365), every row is a weekday
 * return (Monday's spans the weekend), about 252-261 rows a year, so the
 * annualisation factor is returns_ann_factor = min(365, 252) = 252.
 * numpy over 2018-01-01 .. 2024-12-06: BTC daily variance x 365 =
 * 0.4669; aligned x 252 = 0.4528 (vol ratio 0.985); aligned x 365 would
 * be 0.6559, i.e. vol overstated by 18.5 %. */
static void test_mixed_calendar(void **state)
{
    const char *both[2] = { "BTC", "ETHWK" };
    const double cal[2] = { RETURNS_DAYS_CRYPTO, RETURNS_DAYS_EQUITY };
    struct series_set mix;
    struct series *eth = series_set_find(&set, "ETH"), *btc = series_set_find(&set, "BTC");
    struct returns_opts o;
    struct returns rd, ra;
    struct allot_err err;
    gsl_matrix *cd = gsl_matrix_alloc(1, 1), *ca = gsl_matrix_alloc(2, 2);
    double f, var_daily, var_aligned;
    (void)state;

    series_set_init(&mix);
    for (size_t k = 0; k < btc->n; k++)
        series_push(series_set_get(&mix, "BTC"), btc->day[k], btc->close[k]);
    for (size_t k = 0; k < eth->n; k++) {
        int dow = (int)(((eth->day[k] % 7) + 7 + 3) % 7);  /* 1970-01-01 was a Thursday */
        if (dow < 5)    /* Monday = 0 .. Friday = 4 */
            series_push(series_set_get(&mix, "ETHWK"), eth->day[k], eth->close[k]);
    }
    returns_opts_init(&o);
    o.from_day = ymd(2018, 1, 1);
    o.to_day = ymd(2024, 12, 6);
    assert_int_equal(returns_align(&mix, both, 1, &o, &rd, &err), 0);
    assert_int_equal(returns_align(&mix, both, 2, &o, &ra, &err), 0);
    assert_int_equal(rd.t, 2531);
    assert_int_equal(ra.t, 1809);
    /* a Monday row spans Friday to Monday */
    for (size_t k = 0; k < ra.t; k++)
        assert_true(ra.end_day[k] - ra.start_day[k] == 1 || ra.end_day[k] - ra.start_day[k] == 3);
    {
        gsl_matrix_const_view v = gsl_matrix_const_submatrix(rd.r, 0, 0, rd.t, 1);
        assert_int_equal(cov_sample(&v.matrix, cd, &err), 0);
    }
    assert_int_equal(cov_sample(ra.r, ca, &err), 0);
    assert_int_equal(returns_ann_factor(cal, 1, &f, &err), 0);
    assert_int_equal(cov_annualise(cd, f, &err), 0);
    assert_int_equal(returns_ann_factor(cal, 2, &f, &err), 0);
    assert_true(f == 252);
    assert_int_equal(cov_annualise(ca, f, &err), 0);
    var_daily = gsl_matrix_get(cd, 0, 0);
    var_aligned = gsl_matrix_get(ca, 0, 0);
    assert_close(var_daily, 0.4669047335951052, 0, 1e-12);
    assert_close(var_aligned, 0.4528412884735329, 0, 1e-12);
    /* the rule keeps BTC's annual vol within 5 % of its daily estimate;
     * scaling the aligned rows by BTC's own 365 would overshoot by >15 % */
    assert_true(fabs(sqrt(var_aligned / var_daily) - 1) < 0.05);
    assert_true(sqrt(var_aligned / f * RETURNS_DAYS_CRYPTO / var_daily) > 1.15);
    returns_done(&rd);
    returns_done(&ra);
    gsl_matrix_free(cd);
    gsl_matrix_free(ca);
    series_set_done(&mix);
}

/* Shrinkage on the 11 coins' common history (since 2020-09-22, AVAX's
 * start; USDT and USDC included, nearly uncorrelated with the rest):
 * intensities in [0, 1], results PSD; and the sample covariance is the
 * intensity-0 end point times T/(T-1). */
static void test_shrink_real(void **state)
{
    const char *sym[11] = { "ADA", "AVAX", "BNB", "BTC", "DOGE", "ETH",
                            "LINK", "SOL", "USDC", "USDT", "XRP" };
    struct returns r;
    struct shrink_info si, sc;
    struct allot_err err;
    gsl_matrix *a = gsl_matrix_alloc(11, 11), *b = gsl_matrix_alloc(11, 11);
    (void)state;

    assert_int_equal(returns_align(&set, sym, 11, NULL, &r, &err), 0);
    assert_int_equal(r.start_day[0], ymd(2020, 9, 22));
    assert_int_equal(shrink_lw_identity(r.r, a, &si, &err), 0);
    assert_int_equal(shrink_lw_constcorr(r.r, b, &sc, &err), 0);
    assert_true(si.intensity >= 0 && si.intensity <= 1);
    assert_true(sc.intensity >= 0 && sc.intensity <= 1);
    /* real returns: a mean variance and a mean correlation that make sense */
    assert_true(si.target > 0);
    assert_true(sc.target > 0.2 && sc.target < 0.9);
    /* PSD up to rounding relative to the matrix scale (~1e-3) */
    assert_psd(a, 1e-18);
    assert_psd(b, 1e-18);
    returns_done(&r);
    gsl_matrix_free(a);
    gsl_matrix_free(b);
}

/* Pairwise over unequal histories (BTC since 2014, SOL since 2020-04,
 * AVAX since 2020-09): each entry is the pair's own aligned correlation,
 * and the result is a valid correlation matrix. */
static void test_pairwise_real(void **state)
{
    const char *sym[4] = { "BTC", "ETH", "SOL", "AVAX" };
    struct returns_opts o;
    struct pairwise_info info;
    struct allot_err err;
    gsl_matrix *c = gsl_matrix_alloc(4, 4), *raw = gsl_matrix_alloc(4, 4);
    size_t pt[16], t;
    (void)state;

    assert_int_equal(pairwise_corr(&set, sym, 4, NULL, c, raw, pt, &info, &err), 0);
    returns_opts_init(&o);
    assert_close(gsl_matrix_get(raw, 0, 1), pair_corr("BTC", "ETH", &o, &t), 1e-15, 0);
    assert_int_equal(pt[0 * 4 + 1], t);
    assert_close(gsl_matrix_get(raw, 2, 3), pair_corr("SOL", "AVAX", &o, &t), 1e-15, 0);
    assert_int_equal(pt[2 * 4 + 3], t);
    assert_int_equal(pt[0], 3733);     /* BTC's own 3,734 closes */
    assert_corr_shape(c);
    assert_psd(c, 1e-14);
    assert_int_equal(info.min_pair_returns, pt[1 * 4 + 3]); /* a pair with AVAX */
    gsl_matrix_free(c);
    gsl_matrix_free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_covid_btc_eth),
        cmocka_unit_test(test_stressed_vs_calm),
        cmocka_unit_test(test_mixed_calendar),
        cmocka_unit_test(test_shrink_real),
        cmocka_unit_test(test_pairwise_real),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, load, unload);
}
