#include <config.h>
#include "engine/stats/cov.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>

#include "util/xalloc.h"

#define BLOCK 8      /* rows per block of the cache-friendly transposition
                      * (8 doubles: one cache line of each row read) */
#define SHIFT_ROWS 64   /* rows averaged for the shift of cov_centered_gram */

/* r: at least t_min rows and one column. */
static int check_shape(const gsl_matrix *r, size_t t_min, const char *what,
                       struct allot_err *err)
{
    if (r == NULL || r->size2 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: the return matrix has no columns", what);
    if (r->size1 < t_min)
        return err_setf(err, ALLOT_E_INPUT, "%s: %zu return%s; need at least %zu", what,
                        r->size1, r->size1 == 1 ? "" : "s", t_min);
    return 0;
}

/* The first non-finite entry of r, as an error. */
static int report_nonfinite(const gsl_matrix *r, const char *what, struct allot_err *err)
{
    for (size_t t = 0; t < r->size1; t++) {
        const double *row = r->data + t * r->tda;
        for (size_t j = 0; j < r->size2; j++)
            if (!isfinite(row[j]))
                return err_setf(err, ALLOT_E_INPUT, "%s: return (%zu, %zu) is not finite",
                                what, t, j);
    }
    return err_setf(err, ALLOT_E_INPUT, "%s: the returns are too large to sum", what);
}

/* check_shape, and every entry finite. */
static int check_returns(const gsl_matrix *r, size_t t_min, const char *what,
                         struct allot_err *err)
{
    int rc = check_shape(r, t_min, what, err);
    if (rc < 0)
        return rc;
    for (size_t t = 0; t < r->size1; t++) {
        const double *row = r->data + t * r->tda;
        for (size_t j = 0; j < r->size2; j++)
            if (!isfinite(row[j]))
                return report_nonfinite(r, what, err);
    }
    return 0;
}

static int check_square(const gsl_matrix *m, size_t n, const char *what, const char *arg,
                        struct allot_err *err)
{
    if (m == NULL || m->size1 != n || m->size2 != n)
        return err_setf(err, ALLOT_E_INPUT, "%s: %s must be %zu x %zu", what, arg, n, n);
    return 0;
}

/* Copy the lower triangle onto the upper one, in tiles so that the
 * column-wise writes stay in cache. */
static void mirror_lower(gsl_matrix *m)
{
    const size_t tile = 32;
    for (size_t i0 = 0; i0 < m->size1; i0 += tile) {
        for (size_t j0 = 0; j0 <= i0; j0 += tile) {
            size_t i1 = i0 + tile < m->size1 ? i0 + tile : m->size1;
            for (size_t i = i0; i < i1; i++) {
                size_t j1 = j0 + tile < i ? j0 + tile : i;
                for (size_t j = j0; j < j1; j++)
                    m->data[j * m->tda + i] = m->data[i * m->tda + j];
            }
        }
    }
}

static int blas_failed(int status, const char *what, struct allot_err *err)
{
    return err_setf(err, ALLOT_E_NUMERIC, "%s: BLAS failed: %s", what, gsl_strerror(status));
}

/* Sum of the rows of r into sum (size2 entries), row by row. */
static void column_sums(const gsl_matrix *r, double *sum)
{
    for (size_t j = 0; j < r->size2; j++)
        sum[j] = 0;
    for (size_t t = 0; t < r->size1; t++) {
        const double *row = r->data + t * r->tda;
        for (size_t j = 0; j < r->size2; j++)
            sum[j] += row[j];
    }
}

int cov_means(const gsl_matrix *r, gsl_vector *mean, struct allot_err *err)
{
    int rc;
    if ((rc = check_returns(r, 1, "column means", err)) < 0)
        return rc;
    if (mean == NULL || mean->size != r->size2 || mean->stride != 1)
        return err_setf(err, ALLOT_E_INPUT, "column means: mean must have size %zu, stride 1",
                        r->size2);
    column_sums(r, mean->data);
    gsl_vector_scale(mean, 1.0 / (double)r->size1);
    return 0;
}

/* xt(j, t) = scale(t) * (r(t, j) - mean(j)) for t in [first, T), written
 * into row j, column t - first of xt, in row blocks so both sides stay in
 * cache. scale NULL means 1, mean NULL means 0. */
static void transpose_into(const gsl_matrix *r, size_t first, const double *mean,
                           const double *scale, gsl_matrix *xt)
{
    size_t t_all = r->size1, n = r->size2, tda = r->tda;
    for (size_t t0 = first; t0 < t_all; t0 += BLOCK) {
        size_t t1 = t0 + BLOCK < t_all ? t0 + BLOCK : t_all;
        for (size_t j = 0; j < n; j++) {
            const double m = mean ? mean[j] : 0, *in = r->data + j;
            double *out = xt->data + j * xt->tda - first;
            if (scale == NULL) {
                for (size_t t = t0; t < t1; t++)
                    out[t] = in[t * tda] - m;
            } else {
                for (size_t t = t0; t < t1; t++)
                    out[t] = (in[t * tda] - m) * scale[t];
            }
        }
    }
}

int cov_center_t(const gsl_matrix *r, gsl_matrix *xt, struct allot_err *err)
{
    const char *what = "centering";
    double *mean;
    int rc;

    if ((rc = check_shape(r, 1, what, err)) < 0)
        return rc;
    if (xt == NULL || xt->size1 != r->size2 || xt->size2 != r->size1)
        return err_setf(err, ALLOT_E_INPUT, "%s: xt must be %zu x %zu", what, r->size2,
                        r->size1);
    mean = xcalloc(r->size2, sizeof *mean);
    column_sums(r, mean);
    /* a NaN or infinity anywhere makes its column's sum non-finite: one
     * pass checks and sums */
    for (size_t j = 0; j < r->size2; j++) {
        if (!isfinite(mean[j])) {
            free(mean);
            return report_nonfinite(r, what, err);
        }
        mean[j] /= (double)r->size1;
    }
    transpose_into(r, 0, mean, NULL, xt);
    free(mean);
    return 0;
}

int cov_gram_t(const gsl_matrix *xt, double alpha, double beta, gsl_matrix *c,
               struct allot_err *err)
{
    int status;
    if (xt == NULL || c == NULL || c->size1 != xt->size1 || c->size2 != xt->size1)
        return err_setf(err, ALLOT_E_INPUT, "cross-product: sizes do not match");
    /* x' x as (x')(x')': the NoTrans form reads rows of x' contiguously,
     * about twice as fast as the Trans form on both GSL's CBLAS and
     * OpenBLAS for T x N = 2520 x 500 */
    status = gsl_blas_dsyrk(CblasLower, CblasNoTrans, alpha, xt, beta, c);
    if (status != GSL_SUCCESS)
        return blas_failed(status, "cross-product", err);
    mirror_lower(c);
    return 0;
}

/* xt(j, t) = r(t, j) - shift(j), in row blocks (as transpose_into), with
 * the column sums of the shifted values accumulated on the way. */
static void shifted_transpose(const gsl_matrix *r, const double *shift, gsl_matrix *xt,
                              double *sum)
{
    size_t t_all = r->size1, n = r->size2, tda = r->tda;
    for (size_t j = 0; j < n; j++)
        sum[j] = 0;
    for (size_t t0 = 0; t0 < t_all; t0 += BLOCK) {
        size_t t1 = t0 + BLOCK < t_all ? t0 + BLOCK : t_all;
        for (size_t j = 0; j < n; j++) {
            const double m = shift[j], *in = r->data + j;
            double *out = xt->data + j * xt->tda, acc = 0;
            for (size_t t = t0; t < t1; t++) {
                out[t] = in[t * tda] - m;
                acc += out[t];
            }
            sum[j] += acc;
        }
    }
}

int cov_centered_gram(const gsl_matrix *r, double alpha, gsl_matrix *c, gsl_matrix *xt,
                      struct allot_err *err)
{
    const char *what = "cross-product";
    size_t t_all, n, k;
    double *shift, *d;
    int rc, status;

    if ((rc = check_shape(r, 1, what, err)) < 0 ||
        (rc = check_square(c, r->size2, what, "c", err)) < 0)
        return rc;
    if (xt == NULL || xt->size1 != r->size2 || xt->size2 != r->size1)
        return err_setf(err, ALLOT_E_INPUT, "%s: xt must be %zu x %zu", what, r->size2,
                        r->size1);
    t_all = r->size1;
    n = r->size2;
    k = t_all < SHIFT_ROWS ? t_all : SHIFT_ROWS;
    shift = xcalloc(n, sizeof *shift);
    d = xcalloc(n, sizeof *d);
    for (size_t t = 0; t < k; t++)
        for (size_t j = 0; j < n; j++)
            shift[j] += r->data[t * r->tda + j] / (double)k;
    /* one pass shifts, transposes, sums and (via the sums) checks */
    shifted_transpose(r, shift, xt, d);
    for (size_t j = 0; j < n; j++) {
        if (!isfinite(d[j]) || !isfinite(shift[j])) {
            rc = report_nonfinite(r, what, err);
            goto done;
        }
        d[j] /= (double)t_all;
    }
    status = gsl_blas_dsyrk(CblasLower, CblasNoTrans, 1.0, xt, 0.0, c);
    if (status != GSL_SUCCESS) {
        rc = blas_failed(status, what, err);
        goto done;
    }
    /* sum_t (x - m)(y - m') = sum_t (x - s)(y - s') - T d d', d = m - s:
     * with s the mean of the first rows, d is small next to the spread,
     * so the subtraction loses nothing (the shifted-data algorithm) */
    for (size_t i = 0; i < n; i++) {
        double *row = c->data + i * c->tda;
        for (size_t j = 0; j <= i; j++)
            row[j] = alpha * (row[j] - (double)t_all * d[i] * d[j]);
    }
done:
    free(shift);
    free(d);
    return rc;
}

int cov_sample(const gsl_matrix *r, gsl_matrix *cov, struct allot_err *err)
{
    const char *what = "sample covariance";
    gsl_matrix *xt;
    int rc;

    if ((rc = check_shape(r, 2, what, err)) < 0 ||
        (rc = check_square(cov, r->size2, what, "cov", err)) < 0)
        return rc;
    xt = gsl_matrix_alloc(r->size2, r->size1);
    if (xt == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "%s: no memory", what);
    rc = cov_centered_gram(r, 1.0 / (double)(r->size1 - 1), cov, xt, err);
    if (rc == 0)
        mirror_lower(cov);
    else
        err_prefix(err, "%s: ", what);
    gsl_matrix_free(xt);
    return rc;
}

void cov_ewma_opts_init(struct cov_ewma_opts *o)
{
    o->lambda = COV_EWMA_LAMBDA;
    o->form = COV_EWMA_WEIGHTS;
    o->init_n = 0;
}

/* xt = rows [first, T) of r, transposed, row t scaled by sqrt(weight(t)),
 * weight(t) = scale * lambda^(T-1-t) (0-based t: the last row has weight
 * scale). Returns the sum of the weights, added in the order made. */
static double scaled_rows(const gsl_matrix *r, size_t first, double lambda, double scale,
                          gsl_matrix *xt)
{
    double *s = xcalloc(r->size1, sizeof *s);
    double w = scale, sum = 0;
    for (size_t t = r->size1; t-- > first;) {
        s[t] = sqrt(w);
        sum += w;
        w *= lambda;
    }
    transpose_into(r, first, NULL, s, xt);
    free(s);
    return sum;
}

static int ewma_weights(const gsl_matrix *r, double lambda, gsl_matrix *cov,
                        struct allot_err *err)
{
    gsl_matrix *xt = gsl_matrix_alloc(r->size2, r->size1);
    double sum;
    int rc;

    if (xt == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "EWMA covariance: no memory");
    /* unnormalised weights lambda^(T-t); dividing the product by their sum
     * makes the weights add up to 1 */
    sum = scaled_rows(r, 0, lambda, 1.0, xt);
    rc = cov_gram_t(xt, 1.0 / sum, 0.0, cov, err);
    gsl_matrix_free(xt);
    return rc;
}

static int ewma_recursive(const gsl_matrix *r, double lambda, size_t k, gsl_matrix *cov,
                          struct allot_err *err)
{
    size_t t_all = r->size1;
    gsl_matrix_const_view seed = gsl_matrix_const_submatrix(r, 0, 0, k, r->size2);
    gsl_matrix *xt;
    double decay = 1;
    int rc;

    if ((rc = cov_sample(&seed.matrix, cov, err)) < 0)
        return rc;
    if (k == t_all)
        return 0;
    /* S_T = lambda^(T-k) S_k + (1-lambda) sum_{t=k+1..T} lambda^(T-t) r_t r_t':
     * the recursion unrolled, one rank-(T-k) update instead of T-k rank-1. */
    for (size_t t = k; t < t_all; t++)
        decay *= lambda;
    xt = gsl_matrix_alloc(r->size2, t_all - k);
    if (xt == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "EWMA covariance: no memory");
    scaled_rows(r, k, lambda, 1.0 - lambda, xt);
    rc = cov_gram_t(xt, 1.0, decay, cov, err);
    gsl_matrix_free(xt);
    return rc;
}

int cov_ewma(const gsl_matrix *r, const struct cov_ewma_opts *opts, gsl_matrix *cov,
             struct allot_err *err)
{
    const char *what = "EWMA covariance";
    struct cov_ewma_opts o;
    int rc;

    if (opts == NULL)
        cov_ewma_opts_init(&o);
    else
        o = *opts;
    if (!(o.lambda > 0 && o.lambda < 1))
        return err_setf(err, ALLOT_E_INPUT, "%s: lambda = %g is outside (0, 1)", what,
                        o.lambda);
    if (o.form != COV_EWMA_WEIGHTS && o.form != COV_EWMA_RECURSIVE)
        return err_setf(err, ALLOT_E_INPUT, "%s: unknown form %d", what, (int)o.form);
    if ((rc = check_returns(r, o.form == COV_EWMA_RECURSIVE ? 2 : 1, what, err)) < 0 ||
        (rc = check_square(cov, r->size2, what, "cov", err)) < 0)
        return rc;
    if (o.form == COV_EWMA_WEIGHTS)
        return ewma_weights(r, o.lambda, cov, err);
    if (o.init_n == 0)
        o.init_n = r->size1 < COV_EWMA_INIT_N ? r->size1 : COV_EWMA_INIT_N;
    if (o.init_n < 2 || o.init_n > r->size1)
        return err_setf(err, ALLOT_E_INPUT, "%s: init_n = %zu is outside [2, %zu]", what,
                        o.init_n, r->size1);
    return ewma_recursive(r, o.lambda, o.init_n, cov, err);
}

int cov_annualise(gsl_matrix *cov, double periods_per_year, struct allot_err *err)
{
    if (!(isfinite(periods_per_year) && periods_per_year > 0))
        return err_setf(err, ALLOT_E_INPUT,
                        "annualisation: periods_per_year = %g is not a number > 0",
                        periods_per_year);
    if (cov == NULL || cov->size1 != cov->size2)
        return err_setf(err, ALLOT_E_INPUT, "annualisation: cov must be square");
    gsl_matrix_scale(cov, periods_per_year);
    return 0;
}

int cov_annualise_pairwise(gsl_matrix *cov, const double *days_per_year,
                           struct allot_err *err)
{
    if (cov == NULL || cov->size1 != cov->size2)
        return err_setf(err, ALLOT_E_INPUT, "annualisation: cov must be square");
    for (size_t i = 0; i < cov->size1; i++)
        if (!(isfinite(days_per_year[i]) && days_per_year[i] > 0))
            return err_setf(err, ALLOT_E_INPUT,
                            "annualisation: days_per_year[%zu] = %g is not a number > 0", i,
                            days_per_year[i]);
    for (size_t i = 0; i < cov->size1; i++)
        for (size_t j = 0; j < cov->size2; j++)
            *gsl_matrix_ptr(cov, i, j) *= fmin(days_per_year[i], days_per_year[j]);
    return 0;
}

int cov_from_corr(const gsl_matrix *corr, const gsl_vector *vol, gsl_matrix *cov,
                  struct allot_err *err)
{
    const char *what = "covariance from correlation";
    int rc;

    if (corr == NULL || corr->size1 != corr->size2)
        return err_setf(err, ALLOT_E_INPUT, "%s: corr must be square", what);
    if ((rc = check_square(cov, corr->size1, what, "cov", err)) < 0)
        return rc;
    if (vol == NULL || vol->size != corr->size1)
        return err_setf(err, ALLOT_E_INPUT, "%s: vol must have size %zu", what, corr->size1);
    for (size_t i = 0; i < vol->size; i++)
        if (!(isfinite(gsl_vector_get(vol, i)) && gsl_vector_get(vol, i) >= 0))
            return err_setf(err, ALLOT_E_INPUT, "%s: vol[%zu] = %g is not a number >= 0",
                            what, i, gsl_vector_get(vol, i));
    for (size_t i = 0; i < corr->size1; i++)
        for (size_t j = 0; j < corr->size2; j++)
            gsl_matrix_set(cov, i, j, gsl_matrix_get(corr, i, j) * gsl_vector_get(vol, i) *
                                          gsl_vector_get(vol, j));
    return 0;
}

int cov_min_eigen(const gsl_matrix *a, double *lambda_min, struct allot_err *err)
{
    const char *what = "smallest eigenvalue";
    gsl_matrix *work = NULL;
    gsl_vector *eval = NULL;
    gsl_eigen_symm_workspace *ws = NULL;
    size_t n;
    int rc = 0, status;

    if (a == NULL || a->size1 != a->size2 || a->size1 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: the matrix must be square and not empty",
                        what);
    n = a->size1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++)
            if (!isfinite(gsl_matrix_get(a, i, j)))
                return err_setf(err, ALLOT_E_INPUT, "%s: entry (%zu, %zu) is not finite",
                                what, i, j);
    work = gsl_matrix_alloc(n, n);
    eval = gsl_vector_alloc(n);
    ws = gsl_eigen_symm_alloc(n);
    if (work == NULL || eval == NULL || ws == NULL) {
        rc = err_setf(err, ALLOT_E_NOMEM, "%s: no memory", what);
        goto done;
    }
    gsl_matrix_memcpy(work, a);   /* gsl_eigen_symm destroys its input */
    status = gsl_eigen_symm(work, eval, ws);
    if (status != GSL_SUCCESS) {
        rc = err_setf(err, ALLOT_E_NUMERIC, "%s: eigen solver failed: %s", what,
                      gsl_strerror(status));
        goto done;
    }
    *lambda_min = gsl_vector_min(eval);
done:
    gsl_eigen_symm_free(ws);
    gsl_vector_free(eval);
    gsl_matrix_free(work);
    return rc;
}
