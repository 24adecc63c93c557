/* Tests for engine/risk/bookvar.c: delta-normal against Hull's published
 * two-asset example, Monte-Carlo (normal and Student-t) against closed
 * forms within stated sampling errors, historical simulation against a
 * brute-force loop on real BTC/ETH closes, full revaluation of a long put
 * against the delta approximation, reproducibility, not-PD covariance and
 * cancellation. Books are the test doubles of testbooks.h. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>

#include "engine/risk/bookvar.h"
#include "testbooks.h"

#define N_SIGMA 4.0     /* sampling tolerance in standard errors: with a fixed
                         * seed the result is deterministic; 4 SE would fail
                         * for fewer than 1 seed in 10,000 */

static gsl_matrix *cov_from(size_t n, const double *vol, const double *rho)
{
    gsl_matrix *m = gsl_matrix_alloc(n, n);
    assert_non_null(m);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            gsl_matrix_set(m, i, j, rho[i * n + j] * vol[i] * vol[j]);
        }
    }
    return m;
}

/* Hull, Risk Management and Financial Institutions (3rd ed., 2012),
 * chapter 15 ("Market risk VaR: the model-building approach"), and
 * Options, Futures, and Other Derivatives, chapter "Value at risk": $10m
 * in Microsoft (daily vol 2 %) and $5m in AT&T (daily vol 1 %), correlation
 * 0.3. Daily SDs $200,000 and $50,000; portfolio daily SD
 * sqrt(200,000^2 + 50,000^2 + 2 x 0.3 x 200,000 x 50,000) = $220,227;
 * 10-day 99 % VaR = 220,227 x sqrt(10) x 2.33 = $1,622,657 (Hull rounds z
 * to 2.33); alone, Microsoft $1,473,621 and AT&T $368,405, so the benefit of
 * diversification is $219,369. With z = 2.3263478740 the VaR is
 * $1,620,113.82. */
static void test_hull_two_asset(void **state)
{
    const double value[2] = { 10e6, 5e6 };
    const double vol[2] = { 0.02, 0.01 };
    const double rho[4] = { 1, 0.3, 0.3, 1 };
    const double hull_z = 2.33;
    struct tb_linear book = { 2, value };
    struct bookvar_opts o;
    struct bookvar_result r;
    struct allot_err err;
    double d[2], z;
    (void)state;

    gsl_matrix *cov = cov_from(2, vol, rho);
    bookvar_opts_init(&o);
    o.horizon_days = 10;
    o.conf = 0.99;
    assert_int_equal(bookvar_normal(tb_linear_reval, &book, 2, cov, &o, &r, d, &err), 0);
    /* the linear book's USD delta is its value; the central difference of a
     * linear function is exact up to rounding of (1 +- 1e-4) - 1 */
    assert_close(d[0], 10e6, 0.0, 1e-10);
    assert_close(d[1], 5e6, 0.0, 1e-10);
    assert_int_equal(var_normal_z(0.99, &z, &err), 0);
    /* daily SD 220,227 (Hull, to the dollar): sd / sqrt(10) */
    assert_close(r.est.sd / sqrt(10.0), 220227.0, 0.5, 0.0);
    /* Hull's 10-day VaR with his z = 2.33, to the dollar */
    assert_close(r.est.var / z * hull_z, 1622657.0, 1.0, 0.0);
    /* with the exact z (30-digit reference), to the cent */
    assert_close(r.est.var, 1620113.82, 0.01, 0.0);
    assert_close(r.est.mean, 0.0, 0.0, 0.0);
    assert_int_equal(r.horizon_days, 10);

    /* each asset alone, then the diversification benefit, Hull's z */
    double alone[2];
    for (int a = 0; a < 2; a++) {
        double v1[2] = { a == 0 ? value[0] : 0.0, a == 1 ? value[1] : 0.0 };
        struct tb_linear one = { 2, v1 };
        assert_int_equal(bookvar_normal(tb_linear_reval, &one, 2, cov, &o, &r, NULL, &err), 0);
        alone[a] = r.est.var / z * hull_z;
    }
    assert_close(alone[0], 1473621.0, 1.0, 0.0);
    assert_close(alone[1], 368405.0, 1.0, 0.0);
    /* three figures each rounded to the dollar by Hull: within $2 */
    assert_close(alone[0] + alone[1] - 1622657.0, 219369.0, 2.0, 0.0);

    /* a daily mean return shifts the VaR by the mean PnL d' mu h:
     * 10e6 x 0.001 x 10 + 5e6 x 0.0005 x 10 = 125,000 */
    const double mu[2] = { 0.001, 0.0005 };
    o.mean_daily = mu;
    assert_int_equal(bookvar_normal(tb_linear_reval, &book, 2, cov, &o, &r, NULL, &err), 0);
    assert_close(r.est.mean, 125000.0, 1e-6, 0.0);
    assert_close(r.est.var, 1620113.82 - 125000.0, 0.01, 0.0);
    gsl_matrix_free(cov);
}

/* Three assets, daily vols 4 %, 5 %, 1 %, correlations 0.7, 0.2, -0.1. */
static gsl_matrix *cov3(void)
{
    const double vol[3] = { 0.04, 0.05, 0.01 };
    const double rho[9] = { 1, 0.7, 0.2, 0.7, 1, -0.1, 0.2, -0.1, 1 };
    return cov_from(3, vol, rho);
}

/* sqrt(d' Sigma d h), by a plain loop */
static double book_sd(const double *d, const gsl_matrix *cov, double h)
{
    double q = 0.0;
    for (size_t i = 0; i < cov->size1; i++) {
        for (size_t j = 0; j < cov->size2; j++) {
            q += d[i] * gsl_matrix_get(cov, i, j) * d[j];
        }
    }
    return sqrt(q * h);
}

/* Asymptotic standard errors of the sample VaR and CVaR (tail probability
 * p, n draws) of a PnL whose loss has density f_q at the VaR q, tail mean
 * es and tail variance var_tail: SE(VaR) = sqrt(p (1 - p) / n) / f_q;
 * SE(CVaR) = sqrt((var_tail + (1 - p)(es - q)^2) / (n p)). */
static double se_var(double p, double n, double f_q)
{
    return sqrt(p * (1.0 - p) / n) / f_q;
}

static double se_cvar(double p, double n, double q, double es, double var_tail)
{
    return sqrt((var_tail + (1.0 - p) * (es - q) * (es - q)) / (n * p));
}

/* A book linear in log returns has an exactly normal PnL under the normal
 * model: Monte-Carlo VaR/CVaR must agree with var_normal's closed form
 * within sampling error. */
static void test_mc_normal_converges(void **state)
{
    const double d[3] = { 1e6, -4e5, 2.5e5 };
    struct tb_linear book = { 3, d };
    struct bookvar_opts o;
    struct bookvar_result r;
    struct allot_err err;
    double z;
    (void)state;
    gsl_matrix *cov = cov3();
    bookvar_opts_init(&o);
    o.horizon_days = 5;
    o.n_paths = 100000;
    o.seed = 20240601;
    assert_int_equal(bookvar_mc(tb_loglin_reval, &book, 3, cov, BOOKVAR_NORMAL, &o, &r, NULL,
                                &err), 0);
    double sd = book_sd(d, cov, 5.0), p = 0.01, n = 1e5;
    assert_int_equal(var_normal_z(0.99, &z, &err), 0);
    double phi = gsl_ran_ugaussian_pdf(z), es = phi / p;
    double var_tail = 1.0 + z * es - es * es;     /* truncated standard normal */
    assert_int_equal(r.est.n, 100000);
    assert_int_equal(r.est.k, 1000);
    assert_int_equal(r.seed, 20240601);
    assert_close(r.est.var, sd * z, N_SIGMA * sd * se_var(p, n, phi), 0.0);
    assert_close(r.est.cvar, sd * es, N_SIGMA * sd * se_cvar(p, n, z, es, var_tail), 0.0);
    /* sample moments: SE of the mean sd / sqrt(n), of the sd sd / sqrt(2n) */
    assert_close(r.est.mean, 0.0, N_SIGMA * sd / sqrt(n), 0.0);
    assert_close(r.est.sd, sd, N_SIGMA * sd / sqrt(2.0 * n), 0.0);
    /* and the delta-normal method gives the closed form exactly (the
     * log-linear book's delta is d, up to the central difference's
     * O(bump^2) = 1e-8 relative) */
    assert_int_equal(bookvar_normal(tb_loglin_reval, &book, 3, cov, &o, &r, NULL, &err), 0);
    assert_close(r.est.var, sd * z, 0.0, 1e-7);
    gsl_matrix_free(cov);
}

/* A long spot position: PnL = V (e^x - 1) is increasing in x, so its VaR
 * is exactly V (1 - exp(-z sigma sqrt h)) under the lognormal model. */
static void test_mc_normal_lognormal_spot(void **state)
{
    const double value[1] = { 1e6 };
    const double vol[1] = { 0.04 }, rho[1] = { 1 };
    struct tb_linear book = { 1, value };
    struct bookvar_opts o;
    struct bookvar_result r;
    struct allot_err err;
    double z;
    (void)state;
    gsl_matrix *cov = cov_from(1, vol, rho);
    bookvar_opts_init(&o);
    o.horizon_days = 10;
    o.seed = 7;
    assert_int_equal(bookvar_mc(tb_linear_reval, &book, 1, cov, BOOKVAR_NORMAL, &o, &r, NULL,
                                &err), 0);
    assert_int_equal(var_normal_z(0.99, &z, &err), 0);
    double s = 0.04 * sqrt(10.0), xq = -z * s;
    double want = 1e6 * (1.0 - exp(xq));
    /* density of the PnL at its quantile: phi(z) / (s V e^xq) */
    double f_q = gsl_ran_ugaussian_pdf(z) / (s * 1e6 * exp(xq));
    assert_close(r.est.var, want, N_SIGMA * se_var(0.01, 1e5, f_q), 0.0);
    gsl_matrix_free(cov);
}

/* Records the mean of x_i x_j over the paths, x = ln(spot_mult). */
struct recorder {
    size_t n;
    double sxx[9];
    size_t count;
};

static int recorder_reval(void *ctx, const struct scenario *s, double *pnl,
                          struct allot_err *err)
{
    struct recorder *rec = ctx;
    (void)err;
    for (size_t i = 0; i < rec->n; i++) {
        for (size_t j = 0; j < rec->n; j++) {
            rec->sxx[i * rec->n + j] += log(s->spot_mult[i]) * log(s->spot_mult[j]);
        }
    }
    rec->count++;
    *pnl = log(s->spot_mult[0]);
    return 0;
}

static void test_mc_t_covariance(void **state)
{
    struct recorder rec;
    struct bookvar_opts o;
    struct bookvar_result r;
    struct allot_err err;
    (void)state;
    gsl_matrix *cov = cov3();
    memset(&rec, 0, sizeof rec);
    rec.n = 3;
    bookvar_opts_init(&o);
    o.nu = 8.0;
    o.seed = 99;
    o.horizon_days = 1;
    assert_int_equal(bookvar_mc(recorder_reval, &rec, 3, cov, BOOKVAR_STUDENT_T, &o, &r, NULL,
                                &err), 0);
    assert_int_equal(rec.count, 100000);
    /* x = sqrt((nu - 2) / W) y with y ~ N(0, Sigma), W ~ chi2(nu):
     * E[x_i x_j] = Sigma_ij, and E[x_i^2 x_j^2] = kappa (S_ii S_jj + 2 S_ij^2)
     * with kappa = (nu - 2) / (nu - 4) (E[1/W^2] = 1 / ((nu - 2)(nu - 4))),
     * so SE = sqrt((kappa (S_ii S_jj + 2 S_ij^2) - S_ij^2) / n) */
    double kappa = (8.0 - 2.0) / (8.0 - 4.0), n = (double)rec.count;
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < 3; j++) {
            double sij = gsl_matrix_get(cov, i, j), sii = gsl_matrix_get(cov, i, i);
            double sjj = gsl_matrix_get(cov, j, j);
            double se = sqrt((kappa * (sii * sjj + 2 * sij * sij) - sij * sij) / n);
            assert_close(rec.sxx[i * 3 + j] / n, sij, N_SIGMA * se, 0.0);
        }
    }
    gsl_matrix_free(cov);
}

static void test_mc_t_tails(void **state)
{
    const double d[3] = { 1e6, -4e5, 2.5e5 };
    struct tb_linear book = { 3, d };
    struct bookvar_opts o;
    struct bookvar_result rt, rn;
    struct allot_err err;
    (void)state;
    gsl_matrix *cov = cov3();
    double sd = book_sd(d, cov, 1.0);
    bookvar_opts_init(&o);
    o.nu = 5.0;
    o.seed = 5;
    /* d' x is Student-t with nu dof and scale s = sd sqrt((nu - 2) / nu):
     * VaR = s t_nu^-1(c) (GSL's t quantile, independent of the code here) */
    assert_int_equal(bookvar_mc(tb_loglin_reval, &book, 3, cov, BOOKVAR_STUDENT_T, &o, &rt,
                                NULL, &err), 0);
    double s = sd * sqrt(3.0 / 5.0), tq = gsl_cdf_tdist_Qinv(0.01, 5.0);
    double f_q = gsl_ran_tdist_pdf(tq, 5.0) / s;
    assert_close(rt.est.var, s * tq, N_SIGMA * se_var(0.01, 1e5, f_q), 0.0);
    /* the sample sd is the covariance's (t scaling), within 4 SE of an sd
     * estimate under kurtosis: var(x^2) = (3 kappa - 1) sd^4, kappa = 3 */
    assert_close(rt.est.sd, sd, N_SIGMA * sd * sqrt((3.0 * 3.0 - 1.0) / 4.0 / 1e5), 0.0);

    /* fatter tails at 99.9 %: t VaR well above the normal one (4.57 sd
     * against 3.09 sd; the sampling errors are ~0.1 sd) */
    o.conf = 0.999;
    assert_int_equal(bookvar_mc(tb_loglin_reval, &book, 3, cov, BOOKVAR_STUDENT_T, &o, &rt,
                                NULL, &err), 0);
    assert_int_equal(bookvar_mc(tb_loglin_reval, &book, 3, cov, BOOKVAR_NORMAL, &o, &rn, NULL,
                                &err), 0);
    assert_true(rt.est.var > rn.est.var + 0.5 * sd);
    assert_true(rt.est.cvar > rn.est.cvar + 0.5 * sd);

    o.nu = 2.0;
    assert_int_equal(bookvar_mc(tb_loglin_reval, &book, 3, cov, BOOKVAR_STUDENT_T, &o, &rt,
                                NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "degrees of freedom"));
    gsl_matrix_free(cov);
}

static void test_mc_reproducible(void **state)
{
    const double d[3] = { 1e6, -4e5, 2.5e5 };
    struct tb_linear book = { 3, d };
    struct bookvar_opts o;
    struct bookvar_result r1, r2;
    struct allot_err err;
    (void)state;
    gsl_matrix *cov = cov3();
    double *p1 = malloc(20000 * sizeof *p1), *p2 = malloc(20000 * sizeof *p2);
    assert_non_null(p1);
    assert_non_null(p2);
    bookvar_opts_init(&o);
    o.n_paths = 20000;
    o.seed = 123456789;
    for (int dist = BOOKVAR_NORMAL; dist <= BOOKVAR_STUDENT_T; dist++) {
        assert_int_equal(bookvar_mc(tb_linear_reval, &book, 3, cov, (enum bookvar_dist)dist, &o,
                                    &r1, p1, &err), 0);
        assert_int_equal(bookvar_mc(tb_linear_reval, &book, 3, cov, (enum bookvar_dist)dist, &o,
                                    &r2, p2, &err), 0);
        /* the same seed: the same paths, bit for bit */
        assert_memory_equal(p1, p2, 20000 * sizeof *p1);
        assert_memory_equal(&r1.est, &r2.est, sizeof r1.est);
        o.seed++;
        assert_int_equal(bookvar_mc(tb_linear_reval, &book, 3, cov, (enum bookvar_dist)dist, &o,
                                    &r2, p2, &err), 0);
        assert_true(r1.est.var != r2.est.var);
        o.seed--;
    }
    free(p1);
    free(p2);
    gsl_matrix_free(cov);
}

static void test_mc_not_pd(void **state)
{
    const double d[3] = { 1e6, -4e5, 2.5e5 };
    const double vol[3] = { 0.04, 0.05, 0.01 };
    /* leading minors 1, 0.19, -2.888: not positive definite at minor 3 */
    const double rho[9] = { 1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1 };
    struct tb_linear book = { 3, d };
    struct bookvar_opts o;
    struct bookvar_result r;
    struct allot_err err;
    (void)state;
    gsl_matrix *cov = cov_from(3, vol, rho);
    bookvar_opts_init(&o);
    o.n_paths = 1000;
    assert_int_equal(bookvar_mc(tb_linear_reval, &book, 3, cov, BOOKVAR_NORMAL, &o, &r, NULL,
                                &err), ALLOT_E_NUMERIC);
    assert_string_equal(err.msg, "covariance is not positive definite (leading minor 3)");
    /* the opt-in clip runs and says how many eigenvalues it raised: the
     * correlation matrix has one negative eigenvalue (its determinant is
     * negative and its 2 x 2 leading block is positive definite) */
    o.allow_clip = 1;
    assert_int_equal(bookvar_mc(tb_linear_reval, &book, 3, cov, BOOKVAR_NORMAL, &o, &r, NULL,
                                &err), 0);
    assert_int_equal(r.n_clipped, 1);
    gsl_matrix_free(cov);
}

struct progress_log {
    int calls;
    size_t last_done, last_total;
    int stop_at;        /* return non-zero on this call (1-based); 0: never */
};

static int progress_cb(void *user, size_t done, size_t total)
{
    struct progress_log *l = user;
    l->calls++;
    l->last_done = done;
    l->last_total = total;
    return l->stop_at != 0 && l->calls >= l->stop_at;
}

static void test_progress_cancel(void **state)
{
    const double d[1] = { 1e6 };
    const double vol[1] = { 0.04 }, rho[1] = { 1 };
    struct tb_linear book = { 1, d };
    struct bookvar_opts o;
    struct bookvar_result r;
    struct allot_err err;
    struct progress_log log = { 0, 0, 0, 0 };
    (void)state;
    gsl_matrix *cov = cov_from(1, vol, rho);
    bookvar_opts_init(&o);
    o.n_paths = 10000;
    o.progress = progress_cb;
    o.progress_user = &log;
    /* called at 4096, 8192 and 10000 */
    assert_int_equal(bookvar_mc(tb_linear_reval, &book, 1, cov, BOOKVAR_NORMAL, &o, &r, NULL,
                                &err), 0);
    assert_int_equal(log.calls, 3);
    assert_int_equal(log.last_done, 10000);
    assert_int_equal(log.last_total, 10000);
    log.calls = 0;
    log.stop_at = 2;
    assert_int_equal(bookvar_mc(tb_linear_reval, &book, 1, cov, BOOKVAR_NORMAL, &o, &r, NULL,
                                &err), ALLOT_E_CANCEL);
    assert_string_equal(err.msg, "cancelled after 8192 of 10000 paths");
    gsl_matrix_free(cov);
}

/* Daily closes of BTC and ETH, 2019-01-01 .. 2021-12-31, from the test
 * data (crypto_daily.csv, sorted by date then symbol); returns the number
 * of days. */
static size_t load_btc_eth(double **btc, double **eth)
{
    const char *top = getenv("top_srcdir");
    char path[4096], line[256];
    snprintf(path, sizeof path, "%s/tests/data/crypto_daily.csv",
             top != NULL ? top : ".");
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fail_msg("cannot open %s (is top_srcdir set?)", path);
    }
    size_t cap = 2048, n = 0;
    *btc = malloc(cap * sizeof **btc);
    *eth = malloc(cap * sizeof **eth);
    assert_non_null(*btc);
    assert_non_null(*eth);
    char last_date[16] = "";
    assert_non_null(fgets(line, sizeof line, f));       /* header */
    while (fgets(line, sizeof line, f) != NULL) {
        char date[16], sym[16];
        double close;
        assert_int_equal(sscanf(line, "%15[^,],%15[^,],%lf", date, sym, &close), 3);
        if (strcmp(date, "2019-01-01") < 0 || strcmp(date, "2021-12-31") > 0 ||
            (strcmp(sym, "BTC") != 0 && strcmp(sym, "ETH") != 0))
            continue;
        if (strcmp(sym, "BTC") == 0) {
            assert_true(n < cap);
            (*btc)[n] = close;
            strcpy(last_date, date);
        } else {
            /* rows are sorted by date then symbol: ETH follows BTC's day */
            assert_string_equal(sym, "ETH");
            assert_string_equal(date, last_date);
            (*eth)[n++] = close;
        }
    }
    fclose(f);
    return n;
}

/* T x n matrix of daily log returns */
static gsl_matrix *log_returns(const double *const *px, size_t n_assets, size_t n_days)
{
    gsl_matrix *m = gsl_matrix_alloc(n_days - 1, n_assets);
    assert_non_null(m);
    for (size_t t = 1; t < n_days; t++) {
        for (size_t i = 0; i < n_assets; i++) {
            gsl_matrix_set(m, t - 1, i, log(px[i][t] / px[i][t - 1]));
        }
    }
    return m;
}

static int cmp_asc(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

static void test_historical_linear_brute_force(void **state)
{
    double *btc, *eth;
    (void)state;
    size_t n_days = load_btc_eth(&btc, &eth);
    assert_int_equal(n_days, 1096);     /* 2019-01-01 .. 2021-12-31 */
    const double *px[2] = { btc, eth };
    gsl_matrix *ret = log_returns(px, 2, n_days);
    size_t t_days = n_days - 1;
    const double value[2] = { 1e6, -3e5 };      /* long BTC, short ETH */
    struct tb_linear book = { 2, value };
    struct bookvar_opts o;
    struct bookvar_result r;
    struct allot_err err;
    bookvar_opts_init(&o);

    static const unsigned horizons[] = { 1, 10 };
    for (size_t hi = 0; hi < 2; hi++) {
        unsigned h = horizons[hi];
        size_t n_win = t_days - h + 1;
        double *got = malloc(n_win * sizeof *got), *want = malloc(n_win * sizeof *want);
        assert_non_null(got);
        assert_non_null(want);
        o.horizon_days = h;
        assert_int_equal(bookvar_historical(tb_linear_reval, &book, 2, ret, &o, &r, got, &err),
                         0);
        /* overlapping windows: T - h + 1 of them */
        assert_int_equal(r.est.n, n_win);
        assert_close(r.dt_years, h / 365.0, 0.0, 1e-15);
        /* brute force: the window's move is the price ratio over h days */
        for (size_t w = 0; w < n_win; w++) {
            want[w] = value[0] * (btc[w + h] / btc[w] - 1.0) +
                      value[1] * (eth[w + h] / eth[w] - 1.0);
            /* exp(sum of log returns) vs the price ratio: ~1e-15 relative
             * per day on a PnL of size 1e6 */
            assert_close(got[w], want[w], 1e-6, 0.0);
        }
        /* k = ceil(n / 100) at 99 %, by integer division; then a full sort */
        size_t k = (n_win + 99) / 100;
        qsort(want, n_win, sizeof *want, cmp_asc);
        double tail = 0.0;
        for (size_t i = 0; i < k; i++) {
            tail += want[i];
        }
        assert_int_equal(r.est.k, k);
        assert_close(r.est.var, -want[k - 1], 1e-6, 0.0);
        assert_close(r.est.cvar, -tail / (double)k, 1e-6, 0.0);
        free(got);
        free(want);
    }
    free(btc);
    free(eth);
    gsl_matrix_free(ret);
}

/* Long 1 BTC and long 1 at-the-money 30-day put (vol 70 %), a protective
 * put: convex in the spot. */
static const double put_spot[1] = { 50000.0 };
static const double put_spot_qty[1] = { 1.0 };
static const struct tb_option put_opt[1] = { { 0, 1.0, 50000.0, 30.0 / 365.0, 0.70, 0 } };

static void test_delta_finite_difference(void **state)
{
    struct tb_optbook book = { 1, put_spot, put_spot_qty, 1, put_opt, 0 };
    struct allot_err err;
    double d;
    (void)state;
    assert_int_equal(bookvar_delta(tb_optbook_reval, &book, 1, 0.0, &d, &err), 0);
    assert_int_equal(book.calls, 2);
    /* USD delta = S (1 + N(d1) - 1), the closed-form Black-Scholes delta;
     * the central difference errs by bump^2 S^3 V''' / 6, ~1e-8 relative */
    double want = 50000.0 * (1.0 + tb_bs_delta(50000.0, 50000.0, 30.0 / 365.0, 0.70, 0));
    assert_close(d, want, 0.0, 1e-7);
    assert_int_equal(bookvar_delta(tb_optbook_reval, &book, 1, 0.6, &d, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "bump"));
}

static void test_historical_option_convexity(void **state)
{
    double *btc, *eth;
    (void)state;
    size_t n_days = load_btc_eth(&btc, &eth);
    const double *px[1] = { btc };
    gsl_matrix *ret = log_returns(px, 1, n_days);
    size_t n_win = n_days - 1;
    struct tb_optbook book = { 1, put_spot, put_spot_qty, 1, put_opt, 0 };
    struct bookvar_opts o;
    struct bookvar_result full, lin;
    struct allot_err err;
    double d;
    double *pf = malloc(n_win * sizeof *pf), *pl = malloc(n_win * sizeof *pl);
    double *pd = malloc(n_win * sizeof *pd);
    assert_non_null(pf);
    assert_non_null(pl);
    assert_non_null(pd);
    bookvar_opts_init(&o);
    o.time_decay = 0;
    assert_int_equal(bookvar_historical(tb_optbook_reval, &book, 1, ret, &o, &full, pf, &err),
                     0);
    assert_close(full.dt_years, 0.0, 0.0, 0.0);
    /* the delta-only book: PnL = d (m - 1) with the same USD delta */
    assert_int_equal(bookvar_delta(tb_optbook_reval, &book, 1, 0.0, &d, &err), 0);
    struct tb_linear delta_book = { 1, &d };
    assert_int_equal(bookvar_historical(tb_linear_reval, &delta_book, 1, ret, &o, &lin, pl,
                                        &err), 0);
    /* convexity: V(S m) - V(S) >= V'(S) S (m - 1) on every day; 1e-3 USD
     * covers the delta's finite-difference error (~1e-8 relative) */
    size_t worst = 0;
    for (size_t w = 0; w < n_win; w++) {
        assert_true(pf[w] >= pl[w] - 1e-3);
        if (pl[w] < pl[worst]) {
            worst = w;
        }
    }
    /* the worst day of the delta book is 2020-03-12 (BTC 7911.43 to
     * 4970.788, -37 %); the put pays there: the full loss is far below
     * the delta one */
    assert_close(btc[worst + 1], 4970.788, 0.0, 0.0);
    assert_true(-pf[worst] < 0.5 * -pl[worst]);
    /* and so the full-revaluation VaR and CVaR are below the delta ones */
    assert_true(full.est.var < lin.est.var);
    assert_true(full.est.cvar < lin.est.cvar);

    /* time decay h / 365 of a long option at r = 0 costs on every window */
    o.time_decay = 1;
    assert_int_equal(bookvar_historical(tb_optbook_reval, &book, 1, ret, &o, &full, pd, &err),
                     0);
    assert_close(full.dt_years, 1.0 / 365.0, 0.0, 1e-15);
    for (size_t w = 0; w < n_win; w++) {
        assert_true(pd[w] < pf[w]);
    }
    free(pd);
    free(pl);
    free(pf);
    free(btc);
    free(eth);
    gsl_matrix_free(ret);
}

static void test_historical_errors(void **state)
{
    const double value[2] = { 1.0, 1.0 };
    struct tb_linear book = { 2, value };
    struct bookvar_opts o;
    struct bookvar_result r;
    struct allot_err err;
    (void)state;
    gsl_matrix *ret = gsl_matrix_calloc(5, 2);
    assert_non_null(ret);
    bookvar_opts_init(&o);
    o.horizon_days = 6;
    assert_int_equal(bookvar_historical(tb_linear_reval, &book, 2, ret, &o, &r, NULL, &err),
                     ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "fewer than the horizon"));
    o.horizon_days = 5;     /* T = h: one window */
    assert_int_equal(bookvar_historical(tb_linear_reval, &book, 2, ret, &o, &r, NULL, &err), 0);
    assert_int_equal(r.est.n, 1);
    assert_int_equal(bookvar_historical(tb_linear_reval, &book, 3, ret, &o, &r, NULL, &err),
                     ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "2 columns"));
    gsl_matrix_set(ret, 3, 1, NAN);
    assert_int_equal(bookvar_historical(tb_linear_reval, &book, 2, ret, &o, &r, NULL, &err),
                     ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "row 3, asset 1"));
    o.conf = 1.0;
    assert_int_equal(bookvar_historical(tb_linear_reval, &book, 2, ret, &o, &r, NULL, &err),
                     ALLOT_E_INPUT);
    gsl_matrix_free(ret);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hull_two_asset),
        cmocka_unit_test(test_mc_normal_converges),
        cmocka_unit_test(test_mc_normal_lognormal_spot),
        cmocka_unit_test(test_mc_t_covariance),
        cmocka_unit_test(test_mc_t_tails),
        cmocka_unit_test(test_mc_reproducible),
        cmocka_unit_test(test_mc_not_pd),
        cmocka_unit_test(test_progress_cancel),
        cmocka_unit_test(test_historical_linear_brute_force),
        cmocka_unit_test(test_delta_finite_difference),
        cmocka_unit_test(test_historical_option_convexity),
        cmocka_unit_test(test_historical_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
