#include <config.h>
#include "engine/stats/diversify.h"

#include <math.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort_vector.h>

static int check_args(const gsl_matrix *sigma, const gsl_vector *w, const gsl_vector *p,
                      struct allot_err *err)
{
    const char *what = "effective number of bets";
    size_t n;

    if (sigma == NULL || sigma->size1 != sigma->size2 || sigma->size1 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: sigma must be square and not empty", what);
    n = sigma->size1;
    if ((w != NULL && w->size != n) || (p != NULL && p->size != n))
        return err_setf(err, ALLOT_E_INPUT, "%s: w and p must have size %zu", what, n);
    for (size_t i = 0; i < n; i++) {
        if (w != NULL && !isfinite(gsl_vector_get(w, i)))
            return err_setf(err, ALLOT_E_INPUT, "%s: w[%zu] is not finite", what, i);
        for (size_t j = 0; j <= i; j++)
            if (!isfinite(gsl_matrix_get(sigma, i, j)))
                return err_setf(err, ALLOT_E_INPUT, "%s: sigma (%zu, %zu) is not finite",
                                what, i, j);
    }
    return 0;
}

/* Eigenvalues of sigma in descending order (and the eigenvectors when
 * evec is not NULL), refusing a matrix that is not PSD. */
static int spectrum(const gsl_matrix *sigma, gsl_vector *eval, gsl_matrix *evec,
                    struct allot_err *err)
{
    const char *what = "effective number of bets";
    size_t n = sigma->size1;
    gsl_matrix *work = gsl_matrix_alloc(n, n);
    gsl_eigen_symmv_workspace *wv = NULL;
    gsl_eigen_symm_workspace *ws = NULL;
    double lmax;
    int rc = 0, status;

    if (evec != NULL)
        wv = gsl_eigen_symmv_alloc(n);
    else
        ws = gsl_eigen_symm_alloc(n);
    if (work == NULL || (wv == NULL && ws == NULL)) {
        rc = err_setf(err, ALLOT_E_NOMEM, "%s: no memory", what);
        goto done;
    }
    gsl_matrix_memcpy(work, sigma);     /* the eigen solvers destroy their input */
    if (evec != NULL) {
        status = gsl_eigen_symmv(work, eval, evec, wv);
        if (status == GSL_SUCCESS)
            status = gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_DESC);
    } else {
        status = gsl_eigen_symm(work, eval, ws);
        if (status == GSL_SUCCESS) {
            gsl_sort_vector(eval);
            status = gsl_vector_reverse(eval);
        }
    }
    if (status != GSL_SUCCESS) {
        rc = err_setf(err, ALLOT_E_NUMERIC, "%s: eigen solver failed: %s", what,
                      gsl_strerror(status));
        goto done;
    }
    lmax = gsl_vector_get(eval, 0);
    if (gsl_vector_get(eval, n - 1) < -DIVERSIFY_PSD_TOL * fmax(lmax, 0.0) || !(lmax > 0))
        rc = err_setf(err, ALLOT_E_INPUT,
                      "%s: sigma is not positive semi-definite (eigenvalues %g .. %g); "
                      "repair it first", what, gsl_vector_get(eval, n - 1), lmax);
done:
    gsl_matrix_free(work);
    gsl_eigen_symmv_free(wv);
    gsl_eigen_symm_free(ws);
    return rc;
}

/* exp(-sum q ln q) of the shares q_k = v_k / sum v (v >= 0, sum > 0). */
static double exp_entropy(const gsl_vector *v, double total, gsl_vector *shares)
{
    double h = 0;
    for (size_t k = 0; k < v->size; k++) {
        double q = gsl_vector_get(v, k) / total;
        if (q > 0)
            h -= q * log(q);
        if (shares != NULL)
            gsl_vector_set(shares, k, q);
    }
    return exp(h);
}

int diversify_effective_rank(const gsl_matrix *sigma, double *rank, struct allot_err *err)
{
    gsl_vector *eval;
    double total = 0;
    int rc;

    if ((rc = check_args(sigma, NULL, NULL, err)) < 0)
        return rc;
    eval = gsl_vector_alloc(sigma->size1);
    if (eval == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "effective rank: no memory");
    if ((rc = spectrum(sigma, eval, NULL, err)) == 0) {
        for (size_t k = 0; k < eval->size; k++) {
            gsl_vector_set(eval, k, fmax(gsl_vector_get(eval, k), 0.0));
            total += gsl_vector_get(eval, k);
        }
        *rank = exp_entropy(eval, total, NULL);
    } else {
        err_prefix(err, "effective rank: ");
    }
    gsl_vector_free(eval);
    return rc;
}

int diversify_enb(const gsl_matrix *sigma, const gsl_vector *w, double *enb, gsl_vector *p,
                  struct allot_err *err)
{
    const char *what = "effective number of bets";
    gsl_matrix *evec = NULL;
    gsl_vector *eval = NULL, *wt = NULL, *v = NULL;
    double total = 0;
    size_t n;
    int rc, status;

    if ((rc = check_args(sigma, w, p, err)) < 0)
        return rc;
    n = sigma->size1;
    evec = gsl_matrix_alloc(n, n);
    eval = gsl_vector_alloc(n);
    wt = gsl_vector_alloc(n);
    v = gsl_vector_alloc(n);
    if (!evec || !eval || !wt || !v) {
        rc = err_setf(err, ALLOT_E_NOMEM, "%s: no memory", what);
        goto done;
    }
    if (w != NULL)
        gsl_vector_memcpy(wt, w);
    else
        gsl_vector_set_all(wt, 1.0 / (double)n);
    if ((rc = spectrum(sigma, eval, evec, err)) < 0)
        goto done;
    /* v_k = e_k' w: the weights of the principal portfolios ... */
    status = gsl_blas_dgemv(CblasTrans, 1.0, evec, wt, 0.0, v);
    if (status != GSL_SUCCESS) {
        rc = err_setf(err, ALLOT_E_NUMERIC, "%s: BLAS failed: %s", what, gsl_strerror(status));
        goto done;
    }
    /* ... then their variances (e_k' w)^2 lambda_k */
    for (size_t k = 0; k < n; k++) {
        double e = gsl_vector_get(v, k), l = fmax(gsl_vector_get(eval, k), 0.0);
        gsl_vector_set(v, k, e * e * l);
        total += e * e * l;
    }
    if (!(total > 0)) {
        rc = err_setf(err, ALLOT_E_INPUT, "%s: the portfolio has variance 0", what);
        goto done;
    }
    *enb = exp_entropy(v, total, p);
done:
    gsl_matrix_free(evec);
    gsl_vector_free(eval);
    gsl_vector_free(wt);
    gsl_vector_free(v);
    return rc;
}
