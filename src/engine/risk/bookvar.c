#include <config.h>

#include "engine/risk/bookvar.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine/risk/covfactor.h"
#include "util/xalloc.h"

void bookvar_opts_init(struct bookvar_opts *o)
{
    memset(o, 0, sizeof *o);
    o->conf = BOOKVAR_DEFAULT_CONF;
    o->horizon_days = 1;
    o->time_decay = 1;
    o->mean_daily = NULL;
    o->bump_rel = BOOKVAR_DEFAULT_BUMP;
    o->n_paths = BOOKVAR_DEFAULT_PATHS;
    o->seed = BOOKVAR_DEFAULT_SEED;
    o->nu = BOOKVAR_DEFAULT_NU;
    o->allow_clip = 0;
    o->progress = NULL;
    o->progress_user = NULL;
}

/* Checks shared by the methods; sets *dt_years. */
static int check_common(scenario_reval_fn reval, size_t n_assets, const struct bookvar_opts *o,
                        double *dt_years, struct allot_err *err)
{
    long long c_ppb;
    if (reval == NULL) {
        return err_setf(err, ALLOT_E_INPUT, "no revaluation function");
    }
    if (n_assets == 0) {
        return err_setf(err, ALLOT_E_INPUT, "the universe has no assets");
    }
    int rc = var_conf_ppb(o->conf, &c_ppb, err);
    if (rc) {
        return rc;
    }
    if (o->horizon_days < 1) {
        return err_setf(err, ALLOT_E_INPUT, "horizon %u days is not >= 1", o->horizon_days);
    }
    if (o->mean_daily != NULL) {
        for (size_t i = 0; i < n_assets; i++) {
            if (!isfinite(o->mean_daily[i])) {
                return err_setf(err, ALLOT_E_INPUT, "mean return of asset %zu is not finite",
                                i);
            }
        }
    }
    *dt_years = o->time_decay ? (double)o->horizon_days / BOOKVAR_DAYS_PER_YEAR : 0.0;
    return 0;
}

/* Revalue under s; a non-finite PnL is an error. what/idx name the
 * scenario in messages. */
static int reval_one(scenario_reval_fn reval, void *ctx, const struct scenario *s,
                     double *pnl, const char *what, size_t idx, struct allot_err *err)
{
    int rc = reval(ctx, s, pnl, err);
    if (rc) {
        if (err != NULL && err->code == 0) {
            err_setf(err, rc, "revaluation failed");
        }
        err_prefix(err, "%s %zu: ", what, idx);
        return rc;
    }
    if (!isfinite(*pnl)) {
        return err_setf(err, ALLOT_E_NUMERIC, "%s %zu: revaluation gave a non-finite PnL (%g)",
                        what, idx, *pnl);
    }
    return 0;
}

static int progress(const struct bookvar_opts *o, size_t done, size_t total, const char *what,
                    struct allot_err *err)
{
    if (o->progress != NULL && o->progress(o->progress_user, done, total) != 0) {
        return err_setf(err, ALLOT_E_CANCEL, "cancelled after %zu of %zu %s", done, total,
                        what);
    }
    return 0;
}

static void fill_result(struct bookvar_result *res, const struct var_est *e,
                        const struct bookvar_opts *o, double dt_years)
{
    memset(res, 0, sizeof *res);
    res->est = *e;
    res->horizon_days = o->horizon_days;
    res->dt_years = dt_years;
}

int bookvar_delta(scenario_reval_fn reval, void *ctx, size_t n_assets, double bump_rel,
                  double *delta_usd, struct allot_err *err)
{
    if (reval == NULL || n_assets == 0) {
        return err_setf(err, ALLOT_E_INPUT, "no revaluation function or no assets");
    }
    if (bump_rel == 0.0) {
        bump_rel = BOOKVAR_DEFAULT_BUMP;
    }
    if (!(bump_rel > 0.0 && bump_rel < 0.5)) {
        return err_setf(err, ALLOT_E_INPUT, "delta bump %g is not in (0, 0.5)", bump_rel);
    }
    double *m = xreallocarray(NULL, n_assets, sizeof *m);
    int rc = 0;
    for (size_t i = 0; i < n_assets; i++) {
        m[i] = 1.0;
    }
    for (size_t i = 0; i < n_assets && rc == 0; i++) {
        struct scenario s = { n_assets, m, 1.0, 0.0, 0.0 };
        double up, down;
        m[i] = 1.0 + bump_rel;
        rc = reval_one(reval, ctx, &s, &up, "delta bump of asset", i, err);
        if (rc == 0) {
            m[i] = 1.0 - bump_rel;
            rc = reval_one(reval, ctx, &s, &down, "delta bump of asset", i, err);
        }
        m[i] = 1.0;
        if (rc == 0) {
            delta_usd[i] = (up - down) / (2.0 * bump_rel);
        }
    }
    free(m);
    return rc;
}

int bookvar_historical(scenario_reval_fn reval, void *ctx, size_t n_assets,
                       const gsl_matrix *logret_daily, const struct bookvar_opts *o,
                       struct bookvar_result *res, double *pnl_usd, struct allot_err *err)
{
    double dt_years;
    int rc = check_common(reval, n_assets, o, &dt_years, err);
    if (rc) {
        return rc;
    }
    if (logret_daily == NULL) {
        return err_setf(err, ALLOT_E_INPUT, "no return history");
    }
    size_t t_days = logret_daily->size1, h = o->horizon_days;
    if (logret_daily->size2 != n_assets) {
        return err_setf(err, ALLOT_E_INPUT,
                        "return history has %zu columns, the universe has %zu assets",
                        logret_daily->size2, n_assets);
    }
    if (t_days < h) {
        return err_setf(err, ALLOT_E_INPUT,
                        "return history has %zu days, fewer than the horizon of %zu days",
                        t_days, h);
    }
    for (size_t t = 0; t < t_days; t++) {
        for (size_t i = 0; i < n_assets; i++) {
            if (!isfinite(gsl_matrix_get(logret_daily, t, i))) {
                return err_setf(err, ALLOT_E_INPUT,
                                "return history row %zu, asset %zu is not finite", t, i);
            }
        }
    }
    size_t n_win = t_days - h + 1;
    double *pnl = xreallocarray(NULL, n_win, sizeof *pnl);
    double *m = xreallocarray(NULL, n_assets, sizeof *m);
    struct scenario s = { n_assets, m, 1.0, 0.0, dt_years };
    for (size_t w = 0; w < n_win && rc == 0; w++) {
        for (size_t i = 0; i < n_assets; i++) {
            double sum = 0.0;
            for (size_t t = w; t < w + h; t++) {
                sum += gsl_matrix_get(logret_daily, t, i);
            }
            m[i] = exp(sum);
        }
        rc = reval_one(reval, ctx, &s, &pnl[w], "historical window", w, err);
        if (rc == 0 && ((w + 1) % BOOKVAR_PROGRESS_EVERY == 0 || w + 1 == n_win)) {
            rc = progress(o, w + 1, n_win, "windows", err);
        }
    }
    if (rc == 0 && pnl_usd != NULL) {
        memcpy(pnl_usd, pnl, n_win * sizeof *pnl);
    }
    struct var_est e;
    if (rc == 0) {
        rc = var_sample_inplace(pnl, n_win, o->conf, &e, err);
    }
    if (rc == 0) {
        fill_result(res, &e, o, dt_years);
    }
    free(m);
    free(pnl);
    return rc;
}

int bookvar_normal(scenario_reval_fn reval, void *ctx, size_t n_assets,
                   const gsl_matrix *cov_daily, const struct bookvar_opts *o,
                   struct bookvar_result *res, double *delta_usd, struct allot_err *err)
{
    double dt_years;
    int rc = check_common(reval, n_assets, o, &dt_years, err);
    if (rc == 0) {
        rc = covfactor_check(cov_daily, n_assets, "covariance", err);
    }
    if (rc) {
        return rc;
    }
    double *d = xreallocarray(NULL, n_assets, sizeof *d);
    rc = bookvar_delta(reval, ctx, n_assets, o->bump_rel, d, err);
    double h = (double)o->horizon_days;
    double q = 0.0, qabs = 0.0, mean = 0.0;
    for (size_t i = 0; i < n_assets && rc == 0; i++) {
        for (size_t j = 0; j < n_assets; j++) {
            double t = d[i] * gsl_matrix_get(cov_daily, i, j) * d[j];
            q += t;
            qabs += fabs(t);
        }
        if (o->mean_daily != NULL) {
            mean += d[i] * o->mean_daily[i] * h;
        }
    }
    /* a slightly negative d' Sigma d within rounding of its terms is 0 */
    if (rc == 0 && q < 0.0) {
        if (q < -1e3 * DBL_EPSILON * qabs) {
            rc = err_setf(err, ALLOT_E_NUMERIC,
                          "covariance is not positive semidefinite: d' Sigma d = %g < 0 for "
                          "the book's deltas", q);
        }
        q = 0.0;
    }
    struct var_est e;
    if (rc == 0) {
        rc = var_normal(mean, sqrt(q * h), o->conf, &e, err);
    }
    if (rc == 0) {
        fill_result(res, &e, o, 0.0);
        if (delta_usd != NULL) {
            memcpy(delta_usd, d, n_assets * sizeof *d);
        }
    }
    free(d);
    return rc;
}

int bookvar_mc(scenario_reval_fn reval, void *ctx, size_t n_assets,
               const gsl_matrix *cov_daily, enum bookvar_dist dist,
               const struct bookvar_opts *o, struct bookvar_result *res, double *pnl_usd,
               struct allot_err *err)
{
    double dt_years;
    int rc = check_common(reval, n_assets, o, &dt_years, err);
    if (rc) {
        return rc;
    }
    if (dist != BOOKVAR_NORMAL && dist != BOOKVAR_STUDENT_T) {
        return err_setf(err, ALLOT_E_INPUT, "unknown Monte-Carlo distribution %d", (int)dist);
    }
    if (dist == BOOKVAR_STUDENT_T && !(isfinite(o->nu) && o->nu > 2.0)) {
        return err_setf(err, ALLOT_E_INPUT,
                        "Student-t degrees of freedom %g is not > 2 (the variance must exist)",
                        o->nu);
    }
    if (o->n_paths < 1) {
        return err_setf(err, ALLOT_E_INPUT, "number of paths is 0");
    }
    struct covfactor cf;
    rc = covfactor_init(&cf, cov_daily, n_assets, "covariance", o->allow_clip, err);
    if (rc) {
        return rc;
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (rng == NULL) {
        covfactor_done(&cf);
        return err_setf(err, ALLOT_E_NOMEM, "cannot allocate the random number generator");
    }
    gsl_rng_set(rng, o->seed);

    size_t n = n_assets, n_paths = o->n_paths;
    double h = (double)o->horizon_days, sqrt_h = sqrt(h);
    double *pnl = xreallocarray(NULL, n_paths, sizeof *pnl);
    double *z = xreallocarray(NULL, n, sizeof *z);
    double *y = xreallocarray(NULL, n, sizeof *y);
    double *mu = xreallocarray(NULL, n, sizeof *mu);
    double *m = xreallocarray(NULL, n, sizeof *m);
    for (size_t i = 0; i < n; i++) {
        mu[i] = o->mean_daily != NULL ? o->mean_daily[i] * h : 0.0;
    }
    struct scenario s = { n, m, 1.0, 0.0, dt_years };
    for (size_t p = 0; p < n_paths && rc == 0; p++) {
        for (size_t i = 0; i < n; i++) {
            z[i] = gsl_ran_gaussian_ziggurat(rng, 1.0);
        }
        double scale = sqrt_h;
        if (dist == BOOKVAR_STUDENT_T) {
            double w = gsl_ran_chisq(rng, o->nu);
            if (!(w > DBL_MIN)) {
                w = DBL_MIN;    /* probability ~0 for nu > 2; keeps the scale finite */
            }
            scale *= sqrt((o->nu - 2.0) / w);
        }
        covfactor_apply(&cf, z, y);
        for (size_t i = 0; i < n; i++) {
            m[i] = exp(mu[i] + scale * y[i]);
        }
        rc = reval_one(reval, ctx, &s, &pnl[p], "Monte-Carlo path", p, err);
        if (rc == 0 && ((p + 1) % BOOKVAR_PROGRESS_EVERY == 0 || p + 1 == n_paths)) {
            rc = progress(o, p + 1, n_paths, "paths", err);
        }
    }
    if (rc == 0 && pnl_usd != NULL) {
        memcpy(pnl_usd, pnl, n_paths * sizeof *pnl);
    }
    struct var_est e;
    if (rc == 0) {
        rc = var_sample_inplace(pnl, n_paths, o->conf, &e, err);
    }
    if (rc == 0) {
        fill_result(res, &e, o, dt_years);
        res->seed = o->seed;
        res->n_clipped = cf.n_clipped;
    }
    free(m);
    free(mu);
    free(y);
    free(z);
    free(pnl);
    gsl_rng_free(rng);
    covfactor_done(&cf);
    return rc;
}
