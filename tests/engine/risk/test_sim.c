/* Tests for engine/risk/sim.c against the model's closed forms: the
 * sample covariance of simulated log returns is the input covariance
 * times dt, stress 1 gives correlation 1 and stress s the blend, jumps
 * give Merton's excess kurtosis, prices are martingales, a seed fixes the
 * path; and the covariance estimated from series against a direct loop.
 *
 * Statistical tolerances are 5 standard errors of the estimator, computed
 * from the closed form or from the sample itself (delta method): a correct
 * simulator fails one by chance with probability below 1e-6 per check,
 * whatever the seed. The seeds are fixed, so runs are reproducible. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "engine/risk/sim.h"
#include "util/date.h"

#define NSE 5.0     /* tolerance in standard errors, see above */

static const double vol3[3] = { 0.04, 0.03, 0.02 };
static const double corr3[3][3] = { { 1, 0.8, 0.3 }, { 0.8, 1, 0.5 }, { 0.3, 0.5, 1 } };

static gsl_matrix *cov3(void)
{
    gsl_matrix *c = gsl_matrix_alloc(3, 3);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            gsl_matrix_set(c, i, j, corr3[i][j] * vol3[i] * vol3[j]);
    return c;
}

/* Simulate T steps and return the T x n log returns (malloc'd). */
static double *simulate(const struct sim_params *p, size_t T)
{
    struct sim *s;
    struct allot_err err;
    size_t n = p->n;
    double *r = malloc(T * n * sizeof *r), *prev = malloc(n * sizeof *prev);
    double *cur = malloc(n * sizeof *cur);
    assert_int_equal(sim_new(p, &s, &err), 0);
    memcpy(prev, p->spot0, n * sizeof *prev);
    for (size_t t = 0; t < T; t++) {
        sim_step(s, cur);
        for (size_t i = 0; i < n; i++) {
            r[t * n + i] = log(cur[i] / prev[i]);
            prev[i] = cur[i];
        }
    }
    assert_int_equal(sim_steps(s), T);
    sim_free(s);
    free(prev);
    free(cur);
    return r;
}

/* Sample covariance (divisor T - 1) of columns i and j, by a direct loop. */
static double sample_cov(const double *r, size_t T, size_t n, size_t i, size_t j)
{
    double mi = 0, mj = 0, s = 0;
    for (size_t t = 0; t < T; t++) {
        mi += r[t * n + i];
        mj += r[t * n + j];
    }
    mi /= T;
    mj /= T;
    for (size_t t = 0; t < T; t++)
        s += (r[t * n + i] - mi) * (r[t * n + j] - mj);
    return s / (T - 1);
}

static void test_covariance_matches(void **state)
{
    const size_t T = 100000;
    const double spot[3] = { 100, 50, 10 };
    const double dt = 0.25;
    struct sim_params p;
    gsl_matrix *c = cov3();
    (void)state;

    sim_params_init(&p);
    p.n = 3;
    p.spot0 = spot;
    p.cov_daily = c;
    p.dt_days = dt;
    p.seed = 7;
    double *r = simulate(&p, T);
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j <= i; j++) {
            double want = gsl_matrix_get(c, i, j) * dt;
            double vii = gsl_matrix_get(c, i, i) * dt, vjj = gsl_matrix_get(c, j, j) * dt;
            /* Wishart: Var(S_ij) = (Sigma_ij^2 + Sigma_ii Sigma_jj) / (T - 1) */
            double se = sqrt((want * want + vii * vjj) / (T - 1));
            assert_close(sample_cov(r, T, 3, i, j), want, NSE * se, 0);
        }
    }
    /* the log drift is -sigma^2/2 per day: mean of r_0 within 5 SE */
    {
        double m = 0, v0 = gsl_matrix_get(c, 0, 0) * dt;
        for (size_t t = 0; t < T; t++)
            m += r[t * 3];
        assert_close(m / T, -0.5 * v0, NSE * sqrt(v0 / T), 0);
    }
    free(r);
    gsl_matrix_free(c);
}

static double sample_corr(const double *r, size_t T, size_t n, size_t i, size_t j)
{
    return sample_cov(r, T, n, i, j) /
           sqrt(sample_cov(r, T, n, i, i) * sample_cov(r, T, n, j, j));
}

static void test_stress(void **state)
{
    const size_t T = 50000;
    const double spot[3] = { 100, 50, 10 };
    struct sim_params p;
    gsl_matrix *c = cov3(), *st = gsl_matrix_alloc(3, 3);
    struct allot_err err;
    (void)state;

    /* the blend itself, entry by entry against its formula */
    assert_int_equal(sim_stress_cov(c, 0.4, st, &err), 0);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            assert_close(gsl_matrix_get(st, i, j),
                         vol3[i] * vol3[j] * (i == j ? 1 : 0.6 * corr3[i][j] + 0.4), 0, 1e-14);
    assert_int_equal(sim_stress_cov(c, 1.5, st, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "stress"));

    sim_params_init(&p);
    p.n = 3;
    p.spot0 = spot;
    p.cov_daily = c;
    p.stress = 1;
    p.seed = 3;
    double *r = simulate(&p, T);
    /* s = 1: every return is the same normal draw times its vol, so the
     * correlation is 1 up to rounding in the factor (1e-9 is far above it) */
    assert_close(sample_corr(r, T, 3, 0, 1), 1, 1e-9, 0);
    assert_close(sample_corr(r, T, 3, 0, 2), 1, 1e-9, 0);
    /* vols kept: Var(S_ii) = 2 Sigma_ii^2 / (T - 1) */
    for (size_t i = 0; i < 3; i++) {
        double v = vol3[i] * vol3[i];
        assert_close(sample_cov(r, T, 3, i, i), v, NSE * v * sqrt(2.0 / (T - 1)), 0);
    }
    free(r);

    /* s = 0.5: the sample correlation is the blend, within 5 SE of a
     * correlation, (1 - rho^2) / sqrt(T) */
    p.stress = 0.5;
    r = simulate(&p, T);
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < i; j++) {
            double rho = 0.5 * corr3[i][j] + 0.5;
            assert_close(sample_corr(r, T, 3, i, j), rho, NSE * (1 - rho * rho) / sqrt(T), 0);
        }
    }
    free(r);

    /* changing the stress of a running simulator */
    {
        struct sim *s;
        double a[3], b[3];
        p.stress = 0;
        assert_int_equal(sim_new(&p, &s, &err), 0);
        assert_int_equal(sim_set_stress(s, 1, &err), 0);
        memcpy(a, sim_prices(s), sizeof a);
        sim_step(s, b);
        /* with correlation 1 the standardised moves are equal: (ln b/a +
         * sigma^2/2) / sigma is the same for every asset. The factor of the
         * rank-1 matrix keeps rounding-sized eigenvalues (~eps * 3e-3), whose
         * square roots (~1e-9) over a vol of 0.02 leave ~1e-7: hence 1e-6 */
        double z0 = (log(b[0] / a[0]) + 0.5 * vol3[0] * vol3[0]) / vol3[0];
        for (size_t i = 1; i < 3; i++)
            assert_close((log(b[i] / a[i]) + 0.5 * vol3[i] * vol3[i]) / vol3[i], z0, 1e-6, 0);
        assert_int_equal(sim_set_stress(s, -1, &err), ALLOT_E_INPUT);
        sim_free(s);
    }
    gsl_matrix_free(st);
    gsl_matrix_free(c);
}

/* Excess kurtosis of x and its standard error by the delta method (the
 * influence function of m4 / m2^2). */
static void kurtosis(const double *x, size_t T, double *kurt, double *se)
{
    double m = 0, m2 = 0, m4 = 0, s = 0, s2 = 0;
    for (size_t t = 0; t < T; t++)
        m += x[t];
    m /= T;
    for (size_t t = 0; t < T; t++) {
        double d = x[t] - m;
        m2 += d * d;
        m4 += d * d * d * d;
    }
    m2 /= T;
    m4 /= T;
    for (size_t t = 0; t < T; t++) {
        double d = x[t] - m;
        double inf = (d * d * d * d - m4) / (m2 * m2) - 2 * m4 * (d * d - m2) / (m2 * m2 * m2);
        s += inf;
        s2 += inf * inf;
    }
    *kurt = m4 / (m2 * m2) - 3;
    *se = sqrt((s2 / T - (s / T) * (s / T)) / T);
}

static void test_jumps(void **state)
{
    const size_t T = 200000;
    const double spot[1] = { 100 };
    const double sig = 0.02, lambda_year = 36.5, muj = 0.0, sdj = 0.1;
    gsl_matrix *c = gsl_matrix_alloc(1, 1);
    struct sim_params p;
    double k, se;
    (void)state;

    gsl_matrix_set(c, 0, 0, sig * sig);
    sim_params_init(&p);
    p.n = 1;
    p.spot0 = spot;
    p.cov_daily = c;
    p.seed = 11;

    /* no jumps: normal returns, excess kurtosis 0 */
    double *r = simulate(&p, T);
    kurtosis(r, T, &k, &se);
    assert_close(k, 0, NSE * se, 0);
    free(r);

    /* Merton: over dt with l = lambda dt jumps of N(mu, s^2),
     * k2 = sig^2 dt + l (mu^2 + s^2), k4 = l (mu^4 + 6 mu^2 s^2 + 3 s^4),
     * excess kurtosis k4 / k2^2 (here 15.3) */
    p.jump_rate_per_year = lambda_year;
    p.jump_mean_log = muj;
    p.jump_sd_log = sdj;
    r = simulate(&p, T);
    kurtosis(r, T, &k, &se);
    double l = lambda_year / 365.0;
    double k2 = sig * sig + l * (muj * muj + sdj * sdj);
    double k4 = l * (pow(muj, 4) + 6 * muj * muj * sdj * sdj + 3 * pow(sdj, 4));
    assert_close(k, k4 / (k2 * k2), NSE * se, 0);
    assert_true(k > 10);   /* and far from the normal's 0 */
    free(r);

    /* with the default jump size (mean -5 %) prices stay martingales:
     * E[exp(r)] = 1 within 5 SE */
    p.jump_mean_log = SIM_JUMP_MEAN_LOG;
    p.jump_sd_log = SIM_JUMP_SD_LOG;
    r = simulate(&p, T);
    {
        double m = 0, m2 = 0;
        for (size_t t = 0; t < T; t++) {
            double g = exp(r[t]);
            m += g;
            m2 += g * g;
        }
        m /= T;
        double sd = sqrt(m2 / T - m * m);
        assert_close(m, 1, NSE * sd / sqrt(T), 0);
    }
    free(r);
    gsl_matrix_free(c);
}

static void test_seed(void **state)
{
    const double spot[3] = { 100, 50, 10 };
    struct sim_params p;
    gsl_matrix *c = cov3();
    (void)state;

    sim_params_init(&p);
    p.n = 3;
    p.spot0 = spot;
    p.cov_daily = c;
    p.jump_rate_per_year = 50;
    p.seed = 42;
    double *a = simulate(&p, 1000), *b = simulate(&p, 1000);
    assert_memory_equal(a, b, 1000 * 3 * sizeof *a);
    p.seed = 43;
    double *d = simulate(&p, 1000);
    assert_true(memcmp(a, d, 1000 * 3 * sizeof *a) != 0);
    free(a);
    free(b);
    free(d);
    gsl_matrix_free(c);
}

static void test_bad_params(void **state)
{
    const double spot[3] = { 100, 50, 10 }, bad_spot[3] = { 100, 0, 10 };
    struct sim_params p;
    struct sim *s;
    struct allot_err err;
    gsl_matrix *c = cov3();
    (void)state;

    sim_params_init(&p);
    assert_int_equal(sim_new(&p, &s, &err), ALLOT_E_INPUT);
    p.n = 3;
    p.spot0 = bad_spot;
    p.cov_daily = c;
    assert_int_equal(sim_new(&p, &s, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "start price 1"));
    p.spot0 = spot;
    p.dt_days = 0;
    assert_int_equal(sim_new(&p, &s, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "dt_days"));
    p.dt_days = 1;
    p.jump_rate_per_year = -1;
    assert_int_equal(sim_new(&p, &s, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "jump rate"));
    p.jump_rate_per_year = 0;
    p.stress = 2;
    assert_int_equal(sim_new(&p, &s, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "stress"));
    p.stress = 0;
    gsl_matrix_set(c, 0, 1, 1.0);   /* not symmetric */
    assert_int_equal(sim_new(&p, &s, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "symmetric"));
    gsl_matrix_free(c);
}

static void push(struct series_set *set, const char *sym, const double *px, size_t n,
                 int32_t d0)
{
    struct series *s = series_set_get(set, sym);
    for (size_t i = 0; i < n; i++)
        series_push(s, d0 + (int32_t)i, px[i]);
}

static void test_cov_from_series(void **state)
{
    const double a[] = { 100, 102, 99, 101, 104, 103, 107 };
    const double b[] = { 10, 10.1, 10.3, 10.2, 10.0, 10.4, 10.5 };
    const char *syms[] = { "AAA", "BBB" };
    const double crypto[2] = { 365, 365 }, mixed[2] = { 365, 252 };
    struct series_set set;
    gsl_matrix *c = gsl_matrix_alloc(2, 2), *c2 = gsl_matrix_alloc(2, 2);
    double last[2], ra[6], rb[6], want[2][2];
    struct allot_err err;
    int32_t d0 = date_from_ymd(2024, 1, 1);
    (void)state;

    series_set_init(&set);
    push(&set, "AAA", a, 7, d0);
    push(&set, "BBB", b, 7, d0);
    series_set_sort(&set);
    /* the reference: log returns and their sample covariance by hand */
    for (size_t t = 0; t < 6; t++) {
        ra[t] = log(a[t + 1] / a[t]);
        rb[t] = log(b[t + 1] / b[t]);
    }
    {
        double *rr[2] = { ra, rb };
        for (size_t i = 0; i < 2; i++) {
            for (size_t j = 0; j < 2; j++) {
                double mi = 0, mj = 0, s = 0;
                for (size_t t = 0; t < 6; t++) {
                    mi += rr[i][t] / 6;
                    mj += rr[j][t] / 6;
                }
                for (size_t t = 0; t < 6; t++)
                    s += (rr[i][t] - mi) * (rr[j][t] - mj);
                want[i][j] = s / 5;
            }
        }
    }
    assert_int_equal(sim_cov_from_series(&set, syms, 2, crypto, 0, c, last, &err), 0);
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++)
            assert_close(gsl_matrix_get(c, i, j), want[i][j], 0, 1e-12);
    assert_true(last[0] == 107 && last[1] == 10.5);
    /* with an equity the aligned rows are annualised by 252 and the result
     * spread over 365 calendar days */
    assert_int_equal(sim_cov_from_series(&set, syms, 2, mixed, 0, c2, last, &err), 0);
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++)
            assert_close(gsl_matrix_get(c2, i, j), want[i][j] * 252.0 / 365.0, 0, 1e-12);
    /* last_n: only the last 3 returns */
    assert_int_equal(sim_cov_from_series(&set, syms, 2, crypto, 3, c, last, &err), 0);
    {
        double m = (ra[3] + ra[4] + ra[5]) / 3, s = 0;
        for (size_t t = 3; t < 6; t++)
            s += (ra[t] - m) * (ra[t] - m);
        assert_close(gsl_matrix_get(c, 0, 0), s / 2, 0, 1e-12);
    }
    syms[1] = "CCC";
    assert_int_equal(sim_cov_from_series(&set, syms, 2, crypto, 0, c, last, &err),
                     ALLOT_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "CCC"));
    series_set_done(&set);
    gsl_matrix_free(c);
    gsl_matrix_free(c2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_covariance_matches),
        cmocka_unit_test(test_stress),
        cmocka_unit_test(test_jumps),
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_cov_from_series),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
