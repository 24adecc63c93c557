/* bench_risk.c: timings of the risk engine (make bench). One line per
 * figure: what, value, unit, target, PASS/FAIL. Books are callbacks
 * written here (a linear spot book and books of Black-Scholes options,
 * r = 0); returns and covariance are synthetic (timing only). Each figure
 * is the best of BENCH_REPEAT runs. Exits 1 when a figure misses its
 * target or an engine call fails. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine/portfolio/scenario.h"
#include "engine/risk/bookvar.h"
#include "engine/risk/stress.h"
#include "engine/risk/var.h"

#define N_ASSETS 20
#define BENCH_REPEAT 3
#define HIST_DAYS 2500
#define BIG_BOOK 500

struct option_leg {
    size_t asset;
    double qty, strike, t_years, vol;
    int is_call;
    double value0;
};

struct book {
    double spot[N_ASSETS];
    double value_usd[N_ASSETS];     /* linear part: q S */
    size_t n_opt;
    struct option_leg *opt;
};

static double ncdf(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

static double bs(double s, double k, double t, double vol, int is_call)
{
    if (t <= 0.0) {
        return is_call ? fmax(s - k, 0.0) : fmax(k - s, 0.0);
    }
    double sd = vol * sqrt(t);
    double d1 = (log(s / k) + 0.5 * sd * sd) / sd, d2 = d1 - sd;
    return is_call ? s * ncdf(d1) - k * ncdf(d2) : k * ncdf(-d2) - s * ncdf(-d1);
}

static int linear_reval(void *ctx, const struct scenario *s, double *pnl, struct allot_err *err)
{
    const struct book *b = ctx;
    (void)err;
    double p = 0.0;
    for (size_t i = 0; i < s->n_assets; i++) {
        p += b->value_usd[i] * (s->spot_mult[i] - 1.0);
    }
    *pnl = p;
    return 0;
}

static int option_reval(void *ctx, const struct scenario *s, double *pnl, struct allot_err *err)
{
    const struct book *b = ctx;
    (void)err;
    double p = 0.0;
    for (size_t j = 0; j < b->n_opt; j++) {
        const struct option_leg *o = &b->opt[j];
        double m = s->spot_mult != NULL ? s->spot_mult[o->asset] : 1.0;
        double v = fmax(o->vol * s->vol_mult + s->vol_shift, 1e-8);
        p += o->qty * (bs(b->spot[o->asset] * m, o->strike, o->t_years - s->dt_years, v,
                          o->is_call) - o->value0);
    }
    *pnl = p;
    return 0;
}

static void make_options(struct book *b, size_t n, gsl_rng *r)
{
    b->n_opt = n;
    b->opt = calloc(n, sizeof *b->opt);
    if (b->opt == NULL) {
        fputs("bench_risk: out of memory\n", stderr);
        exit(1);
    }
    for (size_t j = 0; j < n; j++) {
        struct option_leg *o = &b->opt[j];
        o->asset = j % N_ASSETS;
        o->qty = gsl_rng_uniform(r) < 0.7 ? 1.0 + gsl_rng_uniform_int(r, 5) : -1.0;
        o->strike = b->spot[o->asset] * (0.7 + 0.6 * gsl_rng_uniform(r));
        o->t_years = (7.0 + gsl_rng_uniform_int(r, 180)) / 365.0;
        o->vol = 0.4 + 0.6 * gsl_rng_uniform(r);
        o->is_call = (int)gsl_rng_uniform_int(r, 2);
        o->value0 = bs(b->spot[o->asset], o->strike, o->t_years, o->vol, o->is_call);
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int failures;

static void report(const char *what, double secs, double target_s)
{
    int ok = secs <= target_s;
    failures += !ok;
    printf("%-64s %8.4f s   target < %g s   %s\n", what, secs, target_s, ok ? "PASS" : "FAIL");
}

static void check(int rc, const struct allot_err *err, const char *what)
{
    if (rc) {
        fprintf(stderr, "bench_risk: %s: %s\n", what, err->msg);
        exit(1);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    struct allot_err err;
    struct book lin, opt, big;
    gsl_matrix *cov = gsl_matrix_alloc(N_ASSETS, N_ASSETS);
    if (r == NULL || cov == NULL) {
        fputs("bench_risk: out of memory\n", stderr);
        return 1;
    }
    gsl_rng_set(r, 2024);
    memset(&lin, 0, sizeof lin);
    double vol[N_ASSETS];
    for (size_t i = 0; i < N_ASSETS; i++) {
        lin.spot[i] = 10.0 + 1000.0 * gsl_rng_uniform(r);
        lin.value_usd[i] = 1e5 * (gsl_rng_uniform(r) - 0.3);
        vol[i] = 0.02 + 0.04 * gsl_rng_uniform(r);
    }
    for (size_t i = 0; i < N_ASSETS; i++) {
        for (size_t j = 0; j < N_ASSETS; j++) {
            double rho = i == j ? 1.0 : 0.5;    /* equicorrelation: positive definite */
            gsl_matrix_set(cov, i, j, rho * vol[i] * vol[j]);
        }
    }
    opt = lin;
    big = lin;
    make_options(&opt, N_ASSETS, r);
    make_options(&big, BIG_BOOK, r);

    printf("risk engine, %d assets (best of %d runs)\n", N_ASSETS, BENCH_REPEAT);

    struct bookvar_opts o;
    struct bookvar_result res;
    bookvar_opts_init(&o);
    o.n_paths = 100000;
    o.conf = 0.99;
    const struct {
        const char *what;
        struct book *b;
        scenario_reval_fn fn;
        enum bookvar_dist dist;
    } mc[] = {
        { "MC normal CVaR, 100,000 paths x 20 assets, linear book", &lin, linear_reval,
          BOOKVAR_NORMAL },
        { "MC Student-t CVaR, 100,000 paths x 20 assets, linear book", &lin, linear_reval,
          BOOKVAR_STUDENT_T },
        { "MC normal CVaR, 100,000 paths x 20 assets, 20-option book", &opt, option_reval,
          BOOKVAR_NORMAL },
        { "MC Student-t CVaR, 100,000 paths x 20 assets, 20-option book", &opt, option_reval,
          BOOKVAR_STUDENT_T },
    };
    for (size_t c = 0; c < sizeof mc / sizeof mc[0]; c++) {
        double best = INFINITY;
        for (int k = 0; k < BENCH_REPEAT; k++) {
            double t0 = now_s();
            check(bookvar_mc(mc[c].fn, mc[c].b, N_ASSETS, cov, mc[c].dist, &o, &res, NULL, &err),
                  &err, mc[c].what);
            best = fmin(best, now_s() - t0);
        }
        report(mc[c].what, best, 1.0);
    }

    /* historical: 2,500 days of synthetic returns with the covariance */
    gsl_matrix *ret = gsl_matrix_alloc(HIST_DAYS, N_ASSETS);
    if (ret == NULL) {
        return 1;
    }
    for (size_t t = 0; t < HIST_DAYS; t++) {
        for (size_t i = 0; i < N_ASSETS; i++) {
            gsl_matrix_set(ret, t, i, vol[i] * gsl_ran_gaussian_ziggurat(r, 1.0));
        }
    }
    o.horizon_days = 10;
    const struct {
        const char *what;
        struct book *b;
        scenario_reval_fn fn;
    } hist[] = {
        { "historical VaR, 2,500 days, h = 10, linear book", &lin, linear_reval },
        { "historical VaR, 2,500 days, h = 10, 20-option book", &opt, option_reval },
        { "historical VaR, 2,500 days, h = 10, 500-option book", &big, option_reval },
    };
    for (size_t c = 0; c < sizeof hist / sizeof hist[0]; c++) {
        double best = INFINITY;
        for (int k = 0; k < BENCH_REPEAT; k++) {
            double t0 = now_s();
            check(bookvar_historical(hist[c].fn, hist[c].b, N_ASSETS, ret, &o, &res, NULL, &err),
                  &err, hist[c].what);
            best = fmin(best, now_s() - t0);
        }
        report(hist[c].what, best, 0.1);
    }

    /* stress grid 11 x 6 on the 500-option book, together and per asset */
    static const enum stress_mode modes[2] = { STRESS_TOGETHER, STRESS_EACH };
    static const char *const mode_what[2] = {
        "stress grid 11 x 6, 500-option book, all assets together",
        "stress grid 11 x 6 x 20 assets, 500-option book, one at a time",
    };
    for (int mi = 0; mi < 2; mi++) {
        double best = INFINITY;
        for (int k = 0; k < BENCH_REPEAT; k++) {
            struct stress_grid g;
            double t0 = now_s();
            check(stress_grid_run(option_reval, &big, N_ASSETS, NULL, NULL, modes[mi], 0.0, &g,
                                  &err), &err, mode_what[mi]);
            best = fmin(best, now_s() - t0);
            stress_grid_free(&g);
        }
        report(mode_what[mi], best, mi == 0 ? 0.1 : 1.0);
    }

    /* sample VaR by selection on 10^6 PnLs */
    size_t n = 1000000;
    double *x = malloc(n * sizeof *x);
    if (x == NULL) {
        return 1;
    }
    double best = INFINITY;
    for (int k = 0; k < BENCH_REPEAT; k++) {
        struct var_est e;
        for (size_t i = 0; i < n; i++) {
            x[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
        }
        double t0 = now_s();
        check(var_sample_inplace(x, n, 0.99, &e, &err), &err, "var_sample");
        best = fmin(best, now_s() - t0);
    }
    report("sample VaR + CVaR by selection, 1,000,000 PnLs", best, 0.1);

    free(x);
    free(opt.opt);
    free(big.opt);
    gsl_matrix_free(ret);
    gsl_matrix_free(cov);
    gsl_rng_free(r);
    return failures ? 1 : 0;
}
