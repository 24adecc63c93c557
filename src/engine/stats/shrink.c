#include <config.h>
#include "engine/stats/shrink.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include "engine/stats/cov.h"
#include "util/xalloc.h"

/* The papers' ingredients, in the N x T layout (see cov_center_t). */
struct work {
    size_t t, n;
    gsl_matrix *xt;     /* N x T: row i is asset i's demeaned returns */
    gsl_matrix *s;      /* N x N, x'x / T, full */
};

static void work_free(struct work *w)
{
    gsl_matrix_free(w->xt);
    gsl_matrix_free(w->s);
}

static int blas_failed(int status, const char *what, struct allot_err *err)
{
    return err_setf(err, ALLOT_E_NUMERIC, "%s: BLAS failed: %s", what, gsl_strerror(status));
}

/* Check sizes, demean r into w->xt and form S with divisor T (the papers'). */
static int work_init(struct work *w, const gsl_matrix *r, const gsl_matrix *cov,
                     const char *what, struct allot_err *err)
{
    int rc;

    w->xt = w->s = NULL;
    if (r == NULL || r->size2 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: the return matrix has no columns", what);
    if (r->size1 < 2)
        return err_setf(err, ALLOT_E_INPUT, "%s: %zu return%s; need at least 2", what,
                        r->size1, r->size1 == 1 ? "" : "s");
    w->t = r->size1;
    w->n = r->size2;
    if (cov == NULL || cov->size1 != w->n || cov->size2 != w->n)
        return err_setf(err, ALLOT_E_INPUT, "%s: cov must be %zu x %zu", what, w->n, w->n);
    w->xt = gsl_matrix_alloc(w->n, w->t);
    w->s = gsl_matrix_alloc(w->n, w->n);
    if (w->xt == NULL || w->s == NULL) {
        work_free(w);
        return err_setf(err, ALLOT_E_NOMEM, "%s: no memory", what);
    }
    if ((rc = cov_center_t(r, w->xt, err)) < 0 ||
        (rc = cov_gram_t(w->xt, 1.0 / (double)w->t, 0.0, w->s, err)) < 0) {
        err_prefix(err, "%s: ", what);
        work_free(w);
    }
    return rc;
}

int shrink_lw_identity(const gsl_matrix *r, gsl_matrix *cov, struct shrink_info *info,
                       struct allot_err *err)
{
    const char *what = "Ledoit-Wolf (identity)";
    struct work w;
    double mu = 0, d2 = 0, fro2 = 0, sum4 = 0, bbar2, b2, delta, *q;
    int rc;

    if ((rc = work_init(&w, r, cov, what, err)) < 0)
        return rc;
    for (size_t i = 0; i < w.n; i++)
        mu += gsl_matrix_get(w.s, i, i);
    mu /= (double)w.n;
    for (size_t i = 0; i < w.n; i++) {
        for (size_t j = 0; j < w.n; j++) {
            double s = gsl_matrix_get(w.s, i, j);
            double e = i == j ? s - mu : s;
            fro2 += s * s;
            d2 += e * e;
        }
    }
    /* sum_t ||x_t x_t' - S||_F^2 = sum_t ||x_t||^4 - T ||S||_F^2, because
     * sum_t x_t' S x_t = T tr(S S); both norms then get the paper's 1/N. */
    q = xcalloc(w.t, sizeof *q);
    for (size_t j = 0; j < w.n; j++) {
        const double *row = w.xt->data + j * w.xt->tda;
        for (size_t t = 0; t < w.t; t++)
            q[t] += row[t] * row[t];
    }
    for (size_t t = 0; t < w.t; t++)
        sum4 += q[t] * q[t];
    free(q);
    d2 /= (double)w.n;
    bbar2 = (sum4 - (double)w.t * fro2) / ((double)w.t * (double)w.t * (double)w.n);
    if (bbar2 < 0)      /* rounding only: each term of the sum is >= 0 */
        bbar2 = 0;
    b2 = bbar2 < d2 ? bbar2 : d2;
    delta = d2 > 0 ? b2 / d2 : 0;
    for (size_t i = 0; i < w.n; i++)
        for (size_t j = 0; j < w.n; j++)
            gsl_matrix_set(cov, i, j,
                           (1 - delta) * gsl_matrix_get(w.s, i, j) + (i == j ? delta * mu : 0));
    if (info != NULL) {
        info->intensity = delta;
        info->target = mu;
    }
    work_free(&w);
    return 0;
}

/* pi = sum_ij pi_ij and sum_i pi_ii, from P = (x.x)'(x.x)/T - S.S, where
 * "." is the elementwise product: pi_ij = (1/T) sum_t x_ti^2 x_tj^2 - s_ij^2.
 * Leaves (x.x)' in yt. */
static int lw_pi(const struct work *w, gsl_matrix *yt, gsl_matrix *p, double *pi,
                 double *pi_diag, const char *what, struct allot_err *err)
{
    int rc;

    gsl_matrix_memcpy(yt, w->xt);
    gsl_matrix_mul_elements(yt, w->xt);
    if ((rc = cov_gram_t(yt, 1.0 / (double)w->t, 0.0, p, err)) < 0)
        return err_prefix(err, "%s: ", what);
    *pi = *pi_diag = 0;
    for (size_t i = 0; i < w->n; i++) {
        for (size_t j = 0; j <= i; j++) {
            double s = gsl_matrix_get(w->s, i, j);
            double v = gsl_matrix_get(p, i, j) - s * s;
            *pi += i == j ? v : 2 * v;
            if (i == j)
                *pi_diag += v;
        }
    }
    return 0;
}

/* Theta_ij = theta_ii,ij = (1/T) sum_t x_ti^3 x_tj - s_ii s_ij, expanding
 * the paper's (1/T) sum_t (x_ti^2 - s_ii)(x_ti x_tj - s_ij) with
 * sum_t x_ti^2 = T s_ii and sum_t x_ti x_tj = T s_ij. yt holds (x.x)'. */
static int lw_theta(const struct work *w, gsl_matrix *yt, gsl_matrix *theta, const char *what,
                    struct allot_err *err)
{
    int status;

    gsl_matrix_mul_elements(yt, w->xt);     /* (x.x.x)' */
    status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0 / (double)w->t, yt, w->xt, 0.0,
                            theta);
    if (status != GSL_SUCCESS)
        return blas_failed(status, what, err);
    for (size_t i = 0; i < w->n; i++)
        for (size_t j = 0; j < w->n; j++)
            *gsl_matrix_ptr(theta, i, j) -=
                gsl_matrix_get(w->s, i, i) * gsl_matrix_get(w->s, i, j);
    return 0;
}

/* One value only: its variance is then rounding noise, not > 0 reliably. */
static int constant_column(const gsl_matrix *r, size_t j)
{
    for (size_t t = 1; t < r->size1; t++)
        if (gsl_matrix_get(r, t, j) != gsl_matrix_get(r, 0, j))
            return 0;
    return 1;
}

int shrink_lw_constcorr(const gsl_matrix *r, gsl_matrix *cov, struct shrink_info *info,
                        struct allot_err *err)
{
    const char *what = "Ledoit-Wolf (constant correlation)";
    struct work w;
    gsl_matrix *y = NULL, *p = NULL, *theta = NULL;
    gsl_vector *sd = NULL;
    double rbar = 0, pi = 0, pi_diag = 0, rho = 0, gamma = 0, delta = 0;
    int rc;

    if (r != NULL && r->size2 == 1)
        return err_setf(err, ALLOT_E_INPUT, "%s: needs at least 2 assets", what);
    if ((rc = work_init(&w, r, cov, what, err)) < 0)
        return rc;
    y = gsl_matrix_alloc(w.n, w.t);
    p = gsl_matrix_alloc(w.n, w.n);
    theta = gsl_matrix_alloc(w.n, w.n);
    sd = gsl_vector_alloc(w.n);
    if (y == NULL || p == NULL || theta == NULL || sd == NULL) {
        rc = err_setf(err, ALLOT_E_NOMEM, "%s: no memory", what);
        goto done;
    }
    for (size_t i = 0; i < w.n; i++) {
        double v = gsl_matrix_get(w.s, i, i);
        if (!(v > 0) || constant_column(r, i)) {
            rc = err_setf(err, ALLOT_E_INPUT, "%s: column %zu has zero variance", what, i);
            goto done;
        }
        gsl_vector_set(sd, i, sqrt(v));
    }
    for (size_t i = 0; i < w.n; i++)
        for (size_t j = 0; j < i; j++)
            rbar += gsl_matrix_get(w.s, i, j) / (gsl_vector_get(sd, i) * gsl_vector_get(sd, j));
    rbar /= (double)w.n * (double)(w.n - 1) / 2;

    if ((rc = lw_pi(&w, y, p, &pi, &pi_diag, what, err)) < 0 ||
        (rc = lw_theta(&w, y, theta, what, err)) < 0)
        goto done;
    rho = pi_diag;
    for (size_t i = 0; i < w.n; i++) {
        for (size_t j = 0; j < w.n; j++) {
            if (i == j)
                continue;
            double si = gsl_vector_get(sd, i), sj = gsl_vector_get(sd, j);
            double f = rbar * si * sj - gsl_matrix_get(w.s, i, j);
            /* the (i,j) and (j,i) halves of the paper's symmetric term
             * each appear once in this loop over ordered pairs */
            rho += rbar * (sj / si) * gsl_matrix_get(theta, i, j);
            gamma += f * f;
        }
    }
    if (gamma > 0) {
        double kappa = (pi - rho) / gamma;
        delta = kappa / (double)w.t;
        delta = delta < 0 ? 0 : delta > 1 ? 1 : delta;
    }
    for (size_t i = 0; i < w.n; i++) {
        for (size_t j = 0; j <= i; j++) {
            double s = gsl_matrix_get(w.s, i, j);
            double f = i == j ? s : rbar * gsl_vector_get(sd, i) * gsl_vector_get(sd, j);
            gsl_matrix_set(cov, i, j, delta * f + (1 - delta) * s);
            gsl_matrix_set(cov, j, i, gsl_matrix_get(cov, i, j));
        }
    }
    if (info != NULL) {
        info->intensity = delta;
        info->target = rbar;
    }
done:
    gsl_matrix_free(y);
    gsl_matrix_free(p);
    gsl_matrix_free(theta);
    gsl_vector_free(sd);
    work_free(&w);
    return rc;
}
