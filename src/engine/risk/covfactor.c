#include <config.h>

#include "engine/risk/covfactor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>

#include "util/xalloc.h"

int covfactor_check(const gsl_matrix *cov, size_t n, const char *what, struct allot_err *err)
{
    if (cov == NULL) {
        return err_setf(err, ALLOT_E_INPUT, "%s is missing", what);
    }
    if (cov->size1 != n || cov->size2 != n) {
        return err_setf(err, ALLOT_E_INPUT, "%s is %zu x %zu, the universe has %zu assets",
                        what, cov->size1, cov->size2, n);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double a = gsl_matrix_get(cov, i, j);
            if (!isfinite(a)) {
                return err_setf(err, ALLOT_E_INPUT, "%s entry (%zu, %zu) is not finite", what,
                                i, j);
            }
        }
        if (gsl_matrix_get(cov, i, i) < 0.0) {
            return err_setf(err, ALLOT_E_INPUT, "%s entry (%zu, %zu) is a negative variance",
                            what, i, i);
        }
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            double scale = sqrt(gsl_matrix_get(cov, i, i) * gsl_matrix_get(cov, j, j));
            double d = fabs(gsl_matrix_get(cov, i, j) - gsl_matrix_get(cov, j, i));
            if (d > COVFACTOR_SYM_RTOL * scale) {
                return err_setf(err, ALLOT_E_INPUT,
                                "%s is not symmetric: entries (%zu, %zu) and (%zu, %zu) differ",
                                what, i, j, j, i);
            }
        }
    }
    return 0;
}

/* Lower Cholesky factor of the lower triangle of cov into l (n x n,
 * row-major, upper part zeroed). Returns 0, or the 1-based index of the
 * leading minor whose pivot failed. */
static size_t cholesky(const gsl_matrix *cov, size_t n, double *l)
{
    memset(l, 0, n * n * sizeof *l);
    for (size_t j = 0; j < n; j++) {
        double ajj = gsl_matrix_get(cov, j, j);
        double d = ajj;
        for (size_t p = 0; p < j; p++) {
            d -= l[j * n + p] * l[j * n + p];
        }
        if (!(d > 0.0) || d <= COVFACTOR_PIVOT_RTOL * ajj) {
            return j + 1;
        }
        double ljj = sqrt(d);
        l[j * n + j] = ljj;
        for (size_t i = j + 1; i < n; i++) {
            double s = gsl_matrix_get(cov, i, j);
            for (size_t p = 0; p < j; p++) {
                s -= l[i * n + p] * l[j * n + p];
            }
            l[i * n + j] = s / ljj;
        }
    }
    return 0;
}

static int clipped_factor(struct covfactor *cf, const gsl_matrix *cov, size_t n,
                          const char *what, struct allot_err *err)
{
    gsl_matrix *a = gsl_matrix_alloc(n, n);
    gsl_matrix *v = gsl_matrix_alloc(n, n);
    gsl_vector *lambda = gsl_vector_alloc(n);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(n);
    int rc = 0;
    if (a == NULL || v == NULL || lambda == NULL || w == NULL) {
        rc = err_setf(err, ALLOT_E_NOMEM, "%s: out of memory for the eigen solver", what);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double s = 0.5 * (gsl_matrix_get(cov, i, j) + gsl_matrix_get(cov, j, i));
            gsl_matrix_set(a, i, j, s);
        }
    }
    if (gsl_eigen_symmv(a, lambda, v, w) != GSL_SUCCESS) {
        rc = err_setf(err, ALLOT_E_NUMERIC, "%s: the eigenvalue solver did not converge", what);
        goto done;
    }
    cf->n_clipped = 0;
    for (size_t p = 0; p < n; p++) {
        double lp = gsl_vector_get(lambda, p);
        if (!(lp > 0.0)) {
            cf->n_clipped++;
            lp = 0.0;
        }
        double s = sqrt(lp);
        for (size_t i = 0; i < n; i++) {
            cf->f[i * n + p] = gsl_matrix_get(v, i, p) * s;
        }
    }
    cf->is_cholesky = 0;
done:
    gsl_eigen_symmv_free(w);
    gsl_vector_free(lambda);
    gsl_matrix_free(v);
    gsl_matrix_free(a);
    return rc;
}

int covfactor_init(struct covfactor *cf, const gsl_matrix *cov, size_t n, const char *what,
                   int allow_clip, struct allot_err *err)
{
    memset(cf, 0, sizeof *cf);
    int rc = covfactor_check(cov, n, what, err);
    if (rc) {
        return rc;
    }
    if (n == 0) {
        return err_setf(err, ALLOT_E_INPUT, "%s is empty (0 assets)", what);
    }
    cf->n = n;
    cf->f = xreallocarray(NULL, n * n, sizeof *cf->f);
    size_t minor = cholesky(cov, n, cf->f);
    if (minor == 0) {
        cf->is_cholesky = 1;
        return 0;
    }
    if (allow_clip) {
        rc = clipped_factor(cf, cov, n, what, err);
    } else {
        rc = err_setf(err, ALLOT_E_NUMERIC, "%s is not positive definite (leading minor %zu)",
                      what, minor);
    }
    if (rc) {
        covfactor_done(cf);
    }
    return rc;
}

void covfactor_done(struct covfactor *cf)
{
    if (cf == NULL) {
        return;
    }
    free(cf->f);
    memset(cf, 0, sizeof *cf);
}

void covfactor_apply(const struct covfactor *cf, const double *z, double *y)
{
    size_t n = cf->n;
    for (size_t i = 0; i < n; i++) {
        const double *row = cf->f + i * n;
        size_t end = cf->is_cholesky ? i + 1 : n;
        double s = 0.0;
        for (size_t j = 0; j < end; j++) {
            s += row[j] * z[j];
        }
        y[i] = s;
    }
}

void covfactor_solve(const struct covfactor *cf, const double *b, double *x)
{
    size_t n = cf->n;
    const double *l = cf->f;
    if (x != b) {
        memcpy(x, b, n * sizeof *x);
    }
    for (size_t i = 0; i < n; i++) {          /* L y = b */
        double s = x[i];
        for (size_t j = 0; j < i; j++) {
            s -= l[i * n + j] * x[j];
        }
        x[i] = s / l[i * n + i];
    }
    for (size_t i = n; i-- > 0;) {            /* L' x = y */
        double s = x[i];
        for (size_t j = i + 1; j < n; j++) {
            s -= l[j * n + i] * x[j];
        }
        x[i] = s / l[i * n + i];
    }
}
