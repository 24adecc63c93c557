#include <config.h>
#include "engine/stats/nearcorr.h"

#include <math.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>

#include "engine/stats/cov.h"

#define SYM_TOL 1e-12   /* |a_ij - a_ji| accepted as rounding */

void nearcorr_opts_init(struct nearcorr_opts *o)
{
    o->tol = NEARCORR_TOL;
    o->max_iter = NEARCORR_MAX_ITER;
}

int nearcorr_is_psd(const gsl_matrix *a, int *is_psd, double *min_eig,
                    struct allot_err *err)
{
    double m;
    int rc = cov_min_eigen(a, &m, err);
    if (rc < 0)
        return rc;
    *is_psd = m >= -(double)a->size1 * NEARCORR_PSD_TOL;
    if (min_eig != NULL)
        *min_eig = m;
    return 0;
}

struct proj {
    size_t n;
    gsl_matrix *work, *evec;
    gsl_vector *eval;
    gsl_eigen_symmv_workspace *ws;
};

static void proj_free(struct proj *p)
{
    gsl_matrix_free(p->work);
    gsl_matrix_free(p->evec);
    gsl_vector_free(p->eval);
    gsl_eigen_symmv_free(p->ws);
}

static int proj_alloc(struct proj *p, size_t n)
{
    p->n = n;
    p->work = gsl_matrix_alloc(n, n);
    p->evec = gsl_matrix_alloc(n, n);
    p->eval = gsl_vector_alloc(n);
    p->ws = gsl_eigen_symmv_alloc(n);
    return p->work && p->evec && p->eval && p->ws ? 0 : -1;
}

/* x = P_S(r): r's eigen-decomposition with negative eigenvalues set to 0,
 * rebuilt as B B' with B = V diag(sqrt(max(lambda, 0))), so x is PSD. */
static int project_psd(struct proj *p, const gsl_matrix *r, gsl_matrix *x,
                       struct allot_err *err)
{
    int status;

    gsl_matrix_memcpy(p->work, r);  /* gsl_eigen_symmv destroys its input */
    status = gsl_eigen_symmv(p->work, p->eval, p->evec, p->ws);
    if (status != GSL_SUCCESS)
        return err_setf(err, ALLOT_E_NUMERIC, "nearest correlation: eigen solver failed: %s",
                        gsl_strerror(status));
    for (size_t k = 0; k < p->n; k++) {
        double l = gsl_vector_get(p->eval, k);
        gsl_vector_view col = gsl_matrix_column(p->evec, k);
        gsl_vector_scale(&col.vector, l > 0 ? sqrt(l) : 0.0);
    }
    status = gsl_blas_dsyrk(CblasLower, CblasNoTrans, 1.0, p->evec, 0.0, x);
    if (status != GSL_SUCCESS)
        return err_setf(err, ALLOT_E_NUMERIC, "nearest correlation: BLAS failed: %s",
                        gsl_strerror(status));
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = 0; j < i; j++)
            gsl_matrix_set(x, j, i, gsl_matrix_get(x, i, j));
    return 0;
}

/* ||a - b||_F */
static double dist(const gsl_matrix *a, const gsl_matrix *b)
{
    double s = 0;
    for (size_t i = 0; i < a->size1; i++) {
        for (size_t j = 0; j < a->size2; j++) {
            double d = gsl_matrix_get(a, i, j) - gsl_matrix_get(b, i, j);
            s += d * d;
        }
    }
    return sqrt(s);
}

/* ||a||_F */
static double norm(const gsl_matrix *a)
{
    double s = 0;
    for (size_t i = 0; i < a->size1; i++)
        for (size_t j = 0; j < a->size2; j++)
            s += gsl_matrix_get(a, i, j) * gsl_matrix_get(a, i, j);
    return sqrt(s);
}

static int check_input(const gsl_matrix *a, const gsl_matrix *x, struct allot_err *err)
{
    const char *what = "nearest correlation";
    if (a == NULL || a->size1 != a->size2 || a->size1 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: the matrix must be square and not empty",
                        what);
    if (x == NULL || x->size1 != a->size1 || x->size2 != a->size1)
        return err_setf(err, ALLOT_E_INPUT, "%s: x must be %zu x %zu", what, a->size1,
                        a->size1);
    for (size_t i = 0; i < a->size1; i++) {
        for (size_t j = 0; j <= i; j++) {
            double u = gsl_matrix_get(a, i, j), v = gsl_matrix_get(a, j, i);
            if (!isfinite(u) || !isfinite(v))
                return err_setf(err, ALLOT_E_INPUT, "%s: entry (%zu, %zu) is not finite",
                                what, i, j);
            if (fabs(u - v) > SYM_TOL * fmax(1.0, fabs(u)))
                return err_setf(err, ALLOT_E_INPUT,
                                "%s: the matrix is not symmetric at (%zu, %zu)", what, i, j);
        }
    }
    return 0;
}

/* x = D^-1/2 xk D^-1/2, unit diagonal. */
static int unit_diag(const gsl_matrix *xk, gsl_matrix *x, struct allot_err *err)
{
    size_t n = xk->size1;
    for (size_t i = 0; i < n; i++)
        if (!(gsl_matrix_get(xk, i, i) > 0))
            return err_setf(err, ALLOT_E_NUMERIC,
                            "nearest correlation: diagonal %zu collapsed to %g", i,
                            gsl_matrix_get(xk, i, i));
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            double c = gsl_matrix_get(xk, i, j) /
                       sqrt(gsl_matrix_get(xk, i, i) * gsl_matrix_get(xk, j, j));
            c = c > 1 ? 1 : c < -1 ? -1 : c;
            gsl_matrix_set(x, i, j, c);
            gsl_matrix_set(x, j, i, c);
        }
        gsl_matrix_set(x, i, i, 1.0);
    }
    return 0;
}

struct iter {
    gsl_matrix *y, *y_old, *ds, *r, *xk, *x_old;
};

static void iter_free(struct iter *m)
{
    gsl_matrix_free(m->y);
    gsl_matrix_free(m->y_old);
    gsl_matrix_free(m->ds);
    gsl_matrix_free(m->r);
    gsl_matrix_free(m->xk);
    gsl_matrix_free(m->x_old);
}

static int iter_alloc(struct iter *m, size_t n)
{
    m->y = gsl_matrix_alloc(n, n);
    m->y_old = gsl_matrix_alloc(n, n);
    m->ds = gsl_matrix_calloc(n, n);
    m->r = gsl_matrix_alloc(n, n);
    m->xk = gsl_matrix_calloc(n, n);
    m->x_old = gsl_matrix_alloc(n, n);
    return m->y && m->y_old && m->ds && m->r && m->xk && m->x_old ? 0 : -1;
}

/* Run Algorithm 3.3 from y = sym(a); on success m->xk holds the last X. */
static int iterate(const gsl_matrix *a, struct iter *m, struct proj *p, double tol,
                   size_t max_iter, size_t *iterations, struct allot_err *err)
{
    size_t n = a->size1, k;
    double change = INFINITY;
    int rc;

    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(m->y, i, j,
                           (gsl_matrix_get(a, i, j) + gsl_matrix_get(a, j, i)) / 2);
    for (k = 1; k <= max_iter; k++) {
        double ny;
        gsl_matrix_memcpy(m->y_old, m->y);
        gsl_matrix_memcpy(m->x_old, m->xk);
        gsl_matrix_memcpy(m->r, m->y);
        gsl_matrix_sub(m->r, m->ds);                /* R = Y - dS */
        if ((rc = project_psd(p, m->r, m->xk, err)) < 0)
            return rc;                              /* X = P_S(R) */
        gsl_matrix_memcpy(m->ds, m->xk);
        gsl_matrix_sub(m->ds, m->r);                /* dS = X - R */
        gsl_matrix_memcpy(m->y, m->xk);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(m->y, i, i, 1.0);        /* Y = P_U(X) */
        ny = norm(m->y);
        change = fmax(fmax(dist(m->xk, m->x_old), dist(m->y, m->y_old)), dist(m->xk, m->y)) /
                 ny;
        if (change <= tol)
            break;
    }
    *iterations = k > max_iter ? max_iter : k;
    if (k > max_iter)
        return err_setf(err, ALLOT_E_NUMERIC,
                        "nearest correlation: no convergence in %zu iterations (relative "
                        "change %.3g, tolerance %.3g)", max_iter, change, tol);
    return 0;
}

int nearcorr_higham(const gsl_matrix *a, gsl_matrix *x, const struct nearcorr_opts *opts,
                    struct nearcorr_info *info, struct allot_err *err)
{
    struct nearcorr_opts o;
    struct proj p = { 0 };
    struct iter m = { 0 };
    size_t iterations = 0;
    int rc;

    if (opts == NULL)
        nearcorr_opts_init(&o);
    else
        o = *opts;
    if (!(o.tol > 0) || o.max_iter == 0)
        return err_setf(err, ALLOT_E_INPUT,
                        "nearest correlation: tol = %g and max_iter = %zu must be > 0", o.tol,
                        o.max_iter);
    if ((rc = check_input(a, x, err)) < 0)
        return rc;
    if (proj_alloc(&p, a->size1) < 0 || iter_alloc(&m, a->size1) < 0) {
        rc = err_setf(err, ALLOT_E_NOMEM, "nearest correlation: no memory");
        goto done;
    }
    if ((rc = iterate(a, &m, &p, o.tol, o.max_iter, &iterations, err)) < 0 ||
        (rc = unit_diag(m.xk, x, err)) < 0)
        goto done;
    if (info != NULL) {
        info->iterations = iterations;
        info->max_abs_change = 0;
        for (size_t i = 0; i < a->size1; i++)
            for (size_t j = 0; j < a->size2; j++)
                info->max_abs_change =
                    fmax(info->max_abs_change,
                         fabs(gsl_matrix_get(x, i, j) - gsl_matrix_get(a, i, j)));
        info->frobenius_change = dist(x, a);
        if ((rc = cov_min_eigen(a, &info->min_eig_before, err)) < 0 ||
            (rc = cov_min_eigen(x, &info->min_eig_after, err)) < 0)
            goto done;
    }
done:
    proj_free(&p);
    iter_free(&m);
    return rc;
}
