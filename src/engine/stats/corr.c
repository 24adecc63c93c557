#include <config.h>
#include "engine/stats/corr.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine/stats/cov.h"
#include "util/xalloc.h"

#define PCT_FULL 100    /* a percentage of the whole */

static int check_square(const gsl_matrix *m, size_t n, const char *what, const char *arg,
                        struct allot_err *err)
{
    if (m == NULL || m->size1 != n || m->size2 != n)
        return err_setf(err, ALLOT_E_INPUT, "%s: %s must be %zu x %zu", what, arg, n, n);
    return 0;
}

int corr_from_cov(const gsl_matrix *cov, gsl_matrix *corr, struct allot_err *err)
{
    const char *what = "correlation";
    size_t n;
    double *inv;
    int rc;

    if (cov == NULL || cov->size1 != cov->size2 || cov->size1 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: cov must be square and not empty", what);
    n = cov->size1;
    if ((rc = check_square(corr, n, what, "corr", err)) < 0)
        return rc;
    inv = xcalloc(n, sizeof *inv);
    for (size_t i = 0; i < n; i++) {
        double v = gsl_matrix_get(cov, i, i);
        if (!(v > 0 && isfinite(v))) {
            free(inv);
            return err_setf(err, ALLOT_E_INPUT,
                            "%s: variance of asset %zu is %g; a correlation needs a "
                            "variance > 0 (is the series constant?)", what, i, v);
        }
        inv[i] = 1 / sqrt(v);
    }
    /* the lower triangle first, reading only cov's lower triangle and
     * diagonal (so corr may be cov), then mirrored */
    for (size_t i = 0; i < n; i++) {
        const double *in = cov->data + i * cov->tda;
        double *out = corr->data + i * corr->tda;
        for (size_t j = 0; j < i; j++) {
            double c = in[j] * inv[i] * inv[j];
            out[j] = c > 1 ? 1 : c < -1 ? -1 : c;
        }
        out[i] = 1.0;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            corr->data[j * corr->tda + i] = corr->data[i * corr->tda + j];
    free(inv);
    return 0;
}

/* Whether row j of xt (an asset's shifted returns) holds one value only.
 * Its sample variance would then be rounding noise (the mean of T copies
 * of x need not be x), so a constant series is caught here rather than by
 * var > 0. */
static int constant_row(const gsl_matrix *xt, size_t j)
{
    const double *row = xt->data + j * xt->tda;
    for (size_t t = 1; t < xt->size2; t++)
        if (row[t] != row[0])
            return 0;
    return 1;
}

int corr_sample(const gsl_matrix *r, gsl_matrix *corr, struct allot_err *err)
{
    const char *what = "correlation";
    gsl_matrix *xt;
    int rc;

    if (r == NULL || r->size2 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: the return matrix has no columns", what);
    if (r->size1 < 2)
        return err_setf(err, ALLOT_E_INPUT, "%s: %zu return%s; need at least 2", what,
                        r->size1, r->size1 == 1 ? "" : "s");
    if ((rc = check_square(corr, r->size2, what, "corr", err)) < 0)
        return rc;
    xt = gsl_matrix_alloc(r->size2, r->size1);
    if (xt == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "%s: no memory", what);
    /* the divisor cancels: the plain centred cross-product's lower
     * triangle (all corr_from_cov reads), normalised in place */
    if ((rc = cov_centered_gram(r, 1.0, corr, xt, err)) < 0) {
        err_prefix(err, "%s: ", what);
        goto done;
    }
    /* xt holds each asset's shifted returns: constant iff the asset is */
    for (size_t j = 0; j < r->size2; j++) {
        if (constant_row(xt, j)) {
            rc = err_setf(err, ALLOT_E_INPUT,
                          "%s: the returns of asset %zu are constant; a correlation needs "
                          "a variance > 0", what, j);
            goto done;
        }
    }
    rc = corr_from_cov(corr, corr, err);
done:
    gsl_matrix_free(xt);
    return rc;
}

static int constant(const double *a, size_t sa, size_t n)
{
    for (size_t k = 1; k < n; k++)
        if (a[k * sa] != a[0])
            return 0;
    return 1;
}

/* Pearson correlation of a[0..n-1] and b[0..n-1] (strides sa, sb), two
 * passes; NAN when either is constant. */
static double pearson(const double *a, size_t sa, const double *b, size_t sb, size_t n)
{
    double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0, c;

    for (size_t k = 0; k < n; k++) {
        ma += a[k * sa];
        mb += b[k * sb];
    }
    ma /= (double)n;
    mb /= (double)n;
    for (size_t k = 0; k < n; k++) {
        double x = a[k * sa] - ma, y = b[k * sb] - mb;
        saa += x * x;
        sbb += y * y;
        sab += x * y;
    }
    if (!(saa > 0 && sbb > 0) || constant(a, sa, n) || constant(b, sb, n))
        return NAN;
    c = sab / sqrt(saa * sbb);
    return c > 1 ? 1 : c < -1 ? -1 : c;
}

int corr_rolling(const gsl_vector *a, const gsl_vector *b, size_t window, gsl_vector *out,
                 size_t *n_nan, struct allot_err *err)
{
    const char *what = "rolling correlation";
    size_t t, nan = 0;

    if (a == NULL || b == NULL || a->size != b->size)
        return err_setf(err, ALLOT_E_INPUT, "%s: the two return series differ in length",
                        what);
    t = a->size;
    if (window < CORR_MIN_WINDOW || window > t)
        return err_setf(err, ALLOT_E_INPUT, "%s: window = %zu returns is outside [%d, %zu]",
                        what, window, CORR_MIN_WINDOW, t);
    if (out == NULL || out->size != t - window + 1)
        return err_setf(err, ALLOT_E_INPUT, "%s: out must have size %zu", what,
                        t - window + 1);
    for (size_t k = 0; k < t; k++)
        if (!isfinite(gsl_vector_get(a, k)) || !isfinite(gsl_vector_get(b, k)))
            return err_setf(err, ALLOT_E_INPUT, "%s: return %zu is not finite", what, k);
    for (size_t k = 0; k + window <= t; k++) {
        double c = pearson(a->data + k * a->stride, a->stride, b->data + k * b->stride,
                           b->stride, window);
        nan += isnan(c) ? 1 : 0;
        gsl_vector_set(out, k, c);
    }
    if (n_nan != NULL)
        *n_nan = nan;
    return 0;
}

int corr_rolling_returns(const struct returns *r, size_t a, size_t b, size_t window,
                         gsl_vector *out, int32_t *end_day, size_t *n_nan,
                         struct allot_err *err)
{
    int rc;

    if (r == NULL || r->r == NULL || a >= r->n || b >= r->n)
        return err_setf(err, ALLOT_E_INPUT, "rolling correlation: columns %zu and %zu are "
                        "not both in [0, %zu)", a, b, r != NULL ? r->n : 0);
    gsl_vector_const_view va = gsl_matrix_const_column(r->r, a);
    gsl_vector_const_view vb = gsl_matrix_const_column(r->r, b);
    if ((rc = corr_rolling(&va.vector, &vb.vector, window, out, n_nan, err)) < 0)
        return rc;
    for (size_t k = 0; k + window <= r->t; k++)
        end_day[k] = r->end_day[k + window - 1];
    return 0;
}

void corr_stress_opts_init(struct corr_stress_opts *o)
{
    o->rule = CORR_STRESS_WORST_PCT;
    o->kind = RETURNS_LOG;
    o->index_col = CORR_STRESS_BASKET;
    o->threshold = CORR_STRESS_THRESHOLD_DEF;
    o->worst_pct = CORR_STRESS_PCT_DEF;
    o->min_days = 0;
}

int corr_worst_count(size_t t, double pct, size_t *count, struct allot_err *err)
{
    const uint64_t whole = (uint64_t)PCT_FULL * CORR_PCT_PPM;
    uint64_t ppm;

    if (!(pct > 0 && pct <= PCT_FULL))
        return err_setf(err, ALLOT_E_INPUT, "worst-days percentage %g is outside (0, 100]",
                        pct);
    ppm = (uint64_t)llround(pct * CORR_PCT_PPM);
    if (ppm == 0)
        return err_setf(err, ALLOT_E_INPUT,
                        "worst-days percentage %g is below a millionth of a percent", pct);
    if (t > UINT64_MAX / whole)
        return err_setf(err, ALLOT_E_INPUT, "worst-days count: %zu days is too many", t);
    *count = (size_t)(((uint64_t)t * ppm + whole - 1) / whole);
    return 0;
}

static int check_stress_opts(const gsl_matrix *r, const struct corr_stress_opts *o,
                             struct allot_err *err)
{
    const char *what = "stress days";
    if (r == NULL || r->size2 == 0 || r->size1 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: the return matrix is empty", what);
    if (o->kind != RETURNS_LOG && o->kind != RETURNS_SIMPLE)
        return err_setf(err, ALLOT_E_INPUT, "%s: unknown return kind %d", what, (int)o->kind);
    if (o->index_col != CORR_STRESS_BASKET &&
        (o->index_col < 0 || (size_t)o->index_col >= r->size2))
        return err_setf(err, ALLOT_E_INPUT, "%s: index column %ld is not in [0, %zu)", what,
                        o->index_col, r->size2);
    if (o->rule == CORR_STRESS_THRESHOLD) {
        if (!(isfinite(o->threshold) && o->threshold > -1))
            return err_setf(err, ALLOT_E_INPUT,
                            "%s: threshold %g is not a simple return above -1", what,
                            o->threshold);
    } else if (o->rule != CORR_STRESS_WORST_PCT) {
        return err_setf(err, ALLOT_E_INPUT, "%s: unknown rule %d", what, (int)o->rule);
    }
    for (size_t t = 0; t < r->size1; t++)
        for (size_t j = 0; j < r->size2; j++)
            if (!isfinite(gsl_matrix_get(r, t, j)))
                return err_setf(err, ALLOT_E_INPUT, "%s: return (%zu, %zu) is not finite",
                                what, t, j);
    return 0;
}

static double to_simple(double x, enum returns_kind kind)
{
    return kind == RETURNS_LOG ? expm1(x) : x;
}

int corr_stress_index(const gsl_matrix *r, const struct corr_stress_opts *opts,
                      gsl_vector *index, struct allot_err *err)
{
    struct corr_stress_opts o;
    int rc;

    if (opts == NULL)
        corr_stress_opts_init(&o);
    else
        o = *opts;
    if ((rc = check_stress_opts(r, &o, err)) < 0)
        return rc;
    if (index == NULL || index->size != r->size1)
        return err_setf(err, ALLOT_E_INPUT, "stress index: index must have size %zu",
                        r->size1);
    for (size_t t = 0; t < r->size1; t++) {
        double v = 0;
        if (o.index_col == CORR_STRESS_BASKET) {
            for (size_t j = 0; j < r->size2; j++)
                v += to_simple(gsl_matrix_get(r, t, j), o.kind);
            v /= (double)r->size2;
        } else {
            v = to_simple(gsl_matrix_get(r, t, (size_t)o.index_col), o.kind);
        }
        gsl_vector_set(index, t, v);
    }
    return 0;
}

struct ranked {
    double v;
    size_t row;
};

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* As corr_stress_days, also returning the cutoff for corr_stress_info. */
static int mark_days(const gsl_matrix *r, const struct corr_stress_opts *o,
                     unsigned char *is_stress, size_t *n_stress, double *cutoff,
                     struct allot_err *err)
{
    size_t t_all = r != NULL ? r->size1 : 0, count = 0;
    gsl_vector *index;
    int rc;

    if (r == NULL || t_all == 0)
        return err_setf(err, ALLOT_E_INPUT, "stress days: the return matrix is empty");
    index = gsl_vector_alloc(t_all);
    if (index == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "stress days: no memory");
    if ((rc = corr_stress_index(r, o, index, err)) < 0)
        goto done;
    if (o->rule == CORR_STRESS_THRESHOLD) {
        for (size_t t = 0; t < t_all; t++) {
            is_stress[t] = gsl_vector_get(index, t) < o->threshold;
            count += is_stress[t];
        }
        *cutoff = o->threshold;
    } else {
        struct ranked *rk;
        if ((rc = corr_worst_count(t_all, o->worst_pct, &count, err)) < 0)
            goto done;
        rk = xcalloc(t_all, sizeof *rk);
        for (size_t t = 0; t < t_all; t++)
            rk[t] = (struct ranked){ gsl_vector_get(index, t), t };
        qsort(rk, t_all, sizeof *rk, cmp_ranked);
        for (size_t t = 0; t < t_all; t++)
            is_stress[t] = 0;
        for (size_t k = 0; k < count; k++)
            is_stress[rk[k].row] = 1;
        *cutoff = rk[count - 1].v;
        free(rk);
    }
    *n_stress = count;
done:
    gsl_vector_free(index);
    return rc;
}

int corr_stress_days(const gsl_matrix *r, const struct corr_stress_opts *opts,
                     unsigned char *is_stress, size_t *n_stress, struct allot_err *err)
{
    struct corr_stress_opts o;
    double cutoff;

    if (opts == NULL)
        corr_stress_opts_init(&o);
    else
        o = *opts;
    return mark_days(r, &o, is_stress, n_stress, &cutoff, err);
}

/* Sample correlation of the rows t with is_stress[t] == want. */
static int corr_of_rows(const gsl_matrix *r, const unsigned char *is_stress, int want,
                        size_t count, gsl_matrix *corr, const char *which,
                        struct allot_err *err)
{
    gsl_matrix *sub = gsl_matrix_alloc(count, r->size2);
    size_t k = 0;
    int rc;

    if (sub == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "stressed correlation: no memory");
    for (size_t t = 0; t < r->size1; t++) {
        if ((is_stress[t] != 0) != want)
            continue;
        gsl_vector_const_view row = gsl_matrix_const_row(r, t);
        gsl_matrix_set_row(sub, k++, &row.vector);
    }
    if ((rc = corr_sample(sub, corr, err)) < 0)
        err_prefix(err, "%s days: ", which);
    gsl_matrix_free(sub);
    return rc;
}

int corr_stressed(const gsl_matrix *r, const struct corr_stress_opts *opts,
                  gsl_matrix *stress, gsl_matrix *calm, struct corr_stress_info *info,
                  struct allot_err *err)
{
    const char *what = "stressed correlation";
    struct corr_stress_opts o;
    unsigned char *is_stress;
    size_t n_stress = 0, n_calm, min_days;
    double cutoff = 0;
    int rc;

    if (opts == NULL)
        corr_stress_opts_init(&o);
    else
        o = *opts;
    if (r == NULL || r->size1 == 0 || r->size2 == 0)
        return err_setf(err, ALLOT_E_INPUT, "%s: the return matrix is empty", what);
    if ((rc = check_square(stress, r->size2, what, "stress", err)) < 0 ||
        (calm != NULL && (rc = check_square(calm, r->size2, what, "calm", err)) < 0))
        return rc;
    min_days = o.min_days;
    if (min_days == 0)
        min_days = r->size2 + 1 > CORR_STRESS_MIN_DAYS ? r->size2 + 1 : CORR_STRESS_MIN_DAYS;
    if (min_days < 2)
        min_days = 2;

    is_stress = xcalloc(r->size1, 1);
    if ((rc = mark_days(r, &o, is_stress, &n_stress, &cutoff, err)) < 0)
        goto done;
    n_calm = r->size1 - n_stress;
    if (n_stress < min_days) {
        rc = err_setf(err, ALLOT_E_INPUT,
                      "%s: %zu stress day%s of %zu; need at least %zu (loosen the "
                      "threshold or widen the window)", what, n_stress,
                      n_stress == 1 ? "" : "s", r->size1, min_days);
        goto done;
    }
    if (calm != NULL && n_calm < min_days) {
        rc = err_setf(err, ALLOT_E_INPUT, "%s: %zu calm day%s of %zu; need at least %zu",
                      what, n_calm, n_calm == 1 ? "" : "s", r->size1, min_days);
        goto done;
    }
    if ((rc = corr_of_rows(r, is_stress, 1, n_stress, stress, "stress", err)) < 0)
        goto done;
    if (calm != NULL && (rc = corr_of_rows(r, is_stress, 0, n_calm, calm, "calm", err)) < 0)
        goto done;
    if (info != NULL) {
        info->n_days = r->size1;
        info->n_stress = n_stress;
        info->n_calm = n_calm;
        info->index_cutoff = cutoff;
    }
done:
    free(is_stress);
    return rc;
}

int corr_blend(const gsl_matrix *calm, const gsl_matrix *stress, double w, gsl_matrix *out,
               struct allot_err *err)
{
    const char *what = "correlation blend";
    int rc;

    if (!(w >= 0 && w <= 1))
        return err_setf(err, ALLOT_E_INPUT, "%s: stress weight w = %g is outside [0, 1]",
                        what, w);
    if (calm == NULL || calm->size1 != calm->size2)
        return err_setf(err, ALLOT_E_INPUT, "%s: calm must be square", what);
    if ((rc = check_square(stress, calm->size1, what, "stress", err)) < 0 ||
        (rc = check_square(out, calm->size1, what, "out", err)) < 0)
        return rc;
    for (size_t i = 0; i < calm->size1; i++) {
        for (size_t j = 0; j < calm->size2; j++) {
            /* equal inputs (the unit diagonal) and w = 0 or 1 stay exact */
            double c = gsl_matrix_get(calm, i, j), s = gsl_matrix_get(stress, i, j);
            gsl_matrix_set(out, i, j, c == s ? c : (1 - w) * c + w * s);
        }
    }
    return 0;
}
