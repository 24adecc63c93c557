#include <config.h>
#include "engine/risk/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine/risk/covfactor.h"
#include "engine/stats/cov.h"
#include "engine/stats/returns.h"
#include "util/xalloc.h"

struct sim {
    size_t n;
    struct sim_params p;            /* pointers not kept */
    gsl_matrix *cov;                /* the unstressed covariance, a copy */
    struct covfactor cf;            /* of the stressed one */
    double *drift;                  /* per step, per asset */
    double *x;                      /* log prices */
    double *price;
    double *z, *y;                  /* scratch */
    double lambda_dt;               /* expected jumps per asset per step */
    gsl_rng *rng;
    unsigned long steps;
};

void sim_params_init(struct sim_params *p)
{
    memset(p, 0, sizeof *p);
    p->dt_days = 1.0;
    p->jump_mean_log = SIM_JUMP_MEAN_LOG;
    p->jump_sd_log = SIM_JUMP_SD_LOG;
    p->seed = 1;
}

int sim_stress_cov(const gsl_matrix *cov, double stress, gsl_matrix *out, struct allot_err *err)
{
    size_t n = cov->size1;
    if (cov->size2 != n || out->size1 != n || out->size2 != n)
        return err_setf(err, ALLOT_E_INPUT, "covariance: expected %zu x %zu matrices", n, n);
    if (!(stress >= 0 && stress <= 1))
        return err_setf(err, ALLOT_E_INPUT, "stress: expected a number in [0, 1], found %g",
                        stress);
    for (size_t i = 0; i < n; i++) {
        double vi = gsl_matrix_get(cov, i, i);
        if (!(vi >= 0) || !isfinite(vi))
            return err_setf(err, ALLOT_E_INPUT, "covariance: variance %zu is %g", i, vi);
    }
    for (size_t i = 0; i < n; i++) {
        double si = sqrt(gsl_matrix_get(cov, i, i));
        gsl_matrix_set(out, i, i, gsl_matrix_get(cov, i, i));
        for (size_t j = 0; j < i; j++) {
            double sj = sqrt(gsl_matrix_get(cov, j, j)), v = 0;
            if (si > 0 && sj > 0) {
                /* the lower triangle is the one read, as elsewhere */
                double c = gsl_matrix_get(cov, i, j) / (si * sj);
                v = si * sj * ((1 - stress) * c + stress);
            }
            gsl_matrix_set(out, i, j, v);
            gsl_matrix_set(out, j, i, v);
        }
    }
    return 0;
}

/* Factor Sigma' for stress s and set the per-step drift. */
static int refactor(struct sim *s, double stress, struct allot_err *err)
{
    struct covfactor cf;
    gsl_matrix *st = gsl_matrix_alloc(s->n, s->n);
    double k = exp(s->p.jump_mean_log + 0.5 * s->p.jump_sd_log * s->p.jump_sd_log) - 1;
    double lambda_day = s->p.jump_rate_per_year / SIM_DAYS_PER_YEAR;
    int rc;

    if (st == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "out of memory");
    rc = sim_stress_cov(s->cov, stress, st, err);
    if (rc == 0)
        rc = covfactor_init(&cf, st, s->n, "covariance", 1, err);
    if (rc == 0) {
        covfactor_done(&s->cf);
        s->cf = cf;
        s->p.stress = stress;
        for (size_t i = 0; i < s->n; i++)
            s->drift[i] = (-0.5 * gsl_matrix_get(st, i, i) - lambda_day * k) * s->p.dt_days;
    }
    gsl_matrix_free(st);
    return rc;
}

int sim_new(const struct sim_params *p, struct sim **out, struct allot_err *err)
{
    struct sim *s;
    int rc;

    *out = NULL;
    if (p->n == 0)
        return err_setf(err, ALLOT_E_INPUT, "simulation: no assets");
    if (p->spot0 == NULL || p->cov_daily == NULL)
        return err_setf(err, ALLOT_E_INPUT, "simulation: start prices or covariance missing");
    if (p->cov_daily->size1 != p->n || p->cov_daily->size2 != p->n)
        return err_setf(err, ALLOT_E_INPUT, "covariance: is %zu x %zu for %zu assets",
                        p->cov_daily->size1, p->cov_daily->size2, p->n);
    for (size_t i = 0; i < p->n; i++)
        if (!(p->spot0[i] > 0) || !isfinite(p->spot0[i]))
            return err_setf(err, ALLOT_E_INPUT, "start price %zu: expected a number > 0, "
                            "found %g", i, p->spot0[i]);
    if (!(p->dt_days > 0) || !isfinite(p->dt_days))
        return err_setf(err, ALLOT_E_INPUT, "dt_days: expected a number > 0, found %g",
                        p->dt_days);
    if (!(p->jump_rate_per_year >= 0) || !isfinite(p->jump_rate_per_year))
        return err_setf(err, ALLOT_E_INPUT, "jump rate: expected a number >= 0, found %g",
                        p->jump_rate_per_year);
    if (!isfinite(p->jump_mean_log) || !(p->jump_sd_log >= 0) || !isfinite(p->jump_sd_log))
        return err_setf(err, ALLOT_E_INPUT, "jump size: expected a finite mean and an sd "
                        ">= 0, found %g and %g", p->jump_mean_log, p->jump_sd_log);

    s = xcalloc(1, sizeof *s);
    s->n = p->n;
    s->p = *p;
    s->p.spot0 = NULL;
    s->p.cov_daily = NULL;
    s->cov = gsl_matrix_alloc(p->n, p->n);
    s->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (s->cov == NULL || s->rng == NULL) {
        sim_free(s);
        return err_setf(err, ALLOT_E_NOMEM, "out of memory");
    }
    gsl_matrix_memcpy(s->cov, p->cov_daily);
    gsl_rng_set(s->rng, p->seed);
    s->drift = xcalloc(p->n, sizeof *s->drift);
    s->x = xcalloc(p->n, sizeof *s->x);
    s->price = xcalloc(p->n, sizeof *s->price);
    s->z = xcalloc(p->n, sizeof *s->z);
    s->y = xcalloc(p->n, sizeof *s->y);
    s->lambda_dt = p->jump_rate_per_year / SIM_DAYS_PER_YEAR * p->dt_days;
    for (size_t i = 0; i < p->n; i++) {
        s->x[i] = log(p->spot0[i]);
        s->price[i] = p->spot0[i];
    }
    if ((rc = covfactor_check(s->cov, s->n, "covariance", err)) != 0 ||
        (rc = refactor(s, p->stress, err)) != 0) {
        sim_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void sim_free(struct sim *s)
{
    if (s == NULL)
        return;
    covfactor_done(&s->cf);
    gsl_matrix_free(s->cov);
    gsl_rng_free(s->rng);
    free(s->drift);
    free(s->x);
    free(s->price);
    free(s->z);
    free(s->y);
    free(s);
}

void sim_step(struct sim *s, double *prices)
{
    double sq = sqrt(s->p.dt_days);
    for (size_t i = 0; i < s->n; i++)
        s->z[i] = gsl_ran_ugaussian(s->rng);
    covfactor_apply(&s->cf, s->z, s->y);
    for (size_t i = 0; i < s->n; i++) {
        double dx = s->drift[i] + sq * s->y[i];
        if (s->lambda_dt > 0) {
            unsigned int nj = gsl_ran_poisson(s->rng, s->lambda_dt);
            if (nj > 0)
                dx += nj * s->p.jump_mean_log +
                      sqrt((double)nj) * s->p.jump_sd_log * gsl_ran_ugaussian(s->rng);
        }
        s->x[i] += dx;
        s->price[i] = exp(s->x[i]);
    }
    s->steps++;
    if (prices != NULL)
        memcpy(prices, s->price, s->n * sizeof *prices);
}

size_t sim_n(const struct sim *s)
{
    return s->n;
}

const double *sim_prices(const struct sim *s)
{
    return s->price;
}

unsigned long sim_steps(const struct sim *s)
{
    return s->steps;
}

int sim_set_stress(struct sim *s, double stress, struct allot_err *err)
{
    return refactor(s, stress, err);
}

int sim_cov_from_series(const struct series_set *set, const char *const *symbols, size_t n,
                        const double *days_per_year, size_t last_n, gsl_matrix *cov_daily,
                        double *last_close, struct allot_err *err)
{
    struct returns_opts o;
    struct returns r;
    double periods;
    int rc;

    if (cov_daily->size1 != n || cov_daily->size2 != n)
        return err_setf(err, ALLOT_E_INPUT, "covariance: expected %zu x %zu", n, n);
    returns_opts_init(&o);
    o.kind = RETURNS_LOG;
    o.last_n = last_n ? last_n : SIM_COV_RETURNS;
    if ((rc = returns_ann_factor(days_per_year, n, &periods, err)) != 0)
        return rc;
    if ((rc = returns_align(set, symbols, n, &o, &r, err)) != 0)
        return rc;
    if (r.t < 2) {
        rc = err_setf(err, ALLOT_E_INPUT, "%s: fewer than 3 common dates to estimate a "
                      "covariance", symbols[0]);
    } else if ((rc = cov_sample(r.r, cov_daily, err)) == 0) {
        gsl_matrix_scale(cov_daily, periods / SIM_DAYS_PER_YEAR);
        for (size_t i = 0; i < n; i++) {
            const struct series *ser = series_set_find(set, symbols[i]);
            last_close[i] = ser->close[ser->n - 1];
        }
    }
    returns_done(&r);
    return rc;
}
