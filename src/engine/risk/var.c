#include <config.h>

#include "engine/risk/var.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "util/xalloc.h"

int var_conf_ppb(double conf, long long *c_ppb, struct allot_err *err)
{
    if (!isfinite(conf) || !(conf > 0.0 && conf < 1.0)) {
        return err_setf(err, ALLOT_E_INPUT, "confidence %g is not in (0, 1)", conf);
    }
    long long ppb = llround(conf * (double)VAR_PPB);
    if (ppb <= 0 || ppb >= VAR_PPB) {
        return err_setf(err, ALLOT_E_INPUT,
                        "confidence %.12g rounds to %s at the resolution of 1e-9", conf,
                        ppb <= 0 ? "0" : "1");
    }
    *c_ppb = ppb;
    return 0;
}

int var_tail_count(size_t n, double conf, size_t *k, struct allot_err *err)
{
    long long c_ppb = 0;
    int rc = var_conf_ppb(conf, &c_ppb, err);
    if (rc) {
        return rc;
    }
    if (n == 0) {
        return err_setf(err, ALLOT_E_INPUT, "the PnL sample is empty (n = 0)");
    }
    /* k = ceil(n * a / B) with a = B - c_ppb, B = 1e9; split n = q B + r so
     * that no product exceeds B * B < 2^63 */
    unsigned long long b = (unsigned long long)VAR_PPB;
    unsigned long long a = b - (unsigned long long)c_ppb;
    unsigned long long q = (unsigned long long)n / b;
    unsigned long long r = (unsigned long long)n % b;
    unsigned long long ra = r * a;
    *k = (size_t)(q * a + ra / b + (ra % b != 0));
    return 0;
}

static void swap_d(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

static int cmp_asc(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Rearrange x[0..n-1] so that x[k] holds what an ascending sort would put
 * there, every x[i < k] <= x[k] and every x[i > k] >= x[k] (Hoare's FIND,
 * with a median-of-three pivot value). After a budget of 2 log2(n) + 4
 * partitions the remaining range is sorted, bounding the worst case at
 * O(n log n). */
static void select_asc(double *x, size_t n, size_t k)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    int budget = 4;
    for (size_t m = n; m > 1; m >>= 1) {
        budget += 2;
    }
    while (lo < hi) {
        if (budget-- <= 0) {
            qsort(x + lo, (size_t)(hi - lo + 1), sizeof *x, cmp_asc);
            return;
        }
        ptrdiff_t mid = lo + (hi - lo) / 2;
        if (x[mid] < x[lo]) {
            swap_d(&x[mid], &x[lo]);
        }
        if (x[hi] < x[lo]) {
            swap_d(&x[hi], &x[lo]);
        }
        if (x[hi] < x[mid]) {
            swap_d(&x[hi], &x[mid]);
        }
        double p = x[mid];
        ptrdiff_t i = lo, j = hi;
        do {
            while (x[i] < p) {
                i++;
            }
            while (p < x[j]) {
                j--;
            }
            if (i <= j) {
                swap_d(&x[i], &x[j]);
                i++;
                j--;
            }
        } while (i <= j);
        /* now x[lo..j] <= p, x[i..hi] >= p, and x[j+1..i-1] == p */
        if (j < kk) {
            lo = i;
        }
        if (kk < i) {
            hi = j;
        }
    }
}

/* Sample mean and standard deviation (n - 1 divisor) by Welford's update. */
static void mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    double m = 0.0, s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - m;
        m += d / (double)(i + 1);
        s += d * (x[i] - m);
    }
    *mean = m;
    *sd = n > 1 ? sqrt(s / (double)(n - 1)) : 0.0;
}

int var_sample_inplace(double *pnl, size_t n, double conf, struct var_est *out,
                       struct allot_err *err)
{
    size_t k;
    long long c_ppb = 0;
    int rc = var_tail_count(n, conf, &k, err);
    if (rc) {
        return rc;
    }
    var_conf_ppb(conf, &c_ppb, NULL);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(pnl[i])) {
            return err_setf(err, ALLOT_E_INPUT, "PnL %zu of the sample is not finite (%g)", i,
                            pnl[i]);
        }
    }
    struct var_est e;
    memset(&e, 0, sizeof e);
    mean_sd(pnl, n, &e.mean, &e.sd);
    select_asc(pnl, n, k - 1);
    double tail = 0.0;
    for (size_t i = 0; i < k; i++) {
        tail += pnl[i];
    }
    e.var = -pnl[k - 1];
    e.cvar = -tail / (double)k;
    e.conf = (double)c_ppb / (double)VAR_PPB;
    e.n = n;
    e.k = k;
    *out = e;
    return 0;
}

int var_sample(const double *pnl, size_t n, double conf, struct var_est *out,
               struct allot_err *err)
{
    size_t k;
    int rc = var_tail_count(n, conf, &k, err);
    if (rc) {
        return rc;
    }
    double *copy = xreallocarray(NULL, n, sizeof *copy);
    memcpy(copy, pnl, n * sizeof *copy);
    rc = var_sample_inplace(copy, n, conf, out, err);
    free(copy);
    return rc;
}

int var_normal_z(double conf, double *z, struct allot_err *err)
{
    long long c_ppb = 0;
    int rc = var_conf_ppb(conf, &c_ppb, err);
    if (rc) {
        return rc;
    }
    /* the upper tail probability, exact in ppb: more accurate than Pinv(c)
     * for c near 1 */
    double tail = (double)(VAR_PPB - c_ppb) / (double)VAR_PPB;
    *z = gsl_cdf_ugaussian_Qinv(tail);
    return 0;
}

int var_normal(double mean, double sd, double conf, struct var_est *out,
               struct allot_err *err)
{
    long long c_ppb = 0;
    double z = 0.0;
    int rc = var_conf_ppb(conf, &c_ppb, err);
    if (rc) {
        return rc;
    }
    if (!isfinite(mean)) {
        return err_setf(err, ALLOT_E_INPUT, "mean %g is not finite", mean);
    }
    if (!isfinite(sd) || sd < 0.0) {
        return err_setf(err, ALLOT_E_INPUT, "standard deviation %g is not >= 0", sd);
    }
    var_normal_z(conf, &z, NULL);
    double tail = (double)(VAR_PPB - c_ppb) / (double)VAR_PPB;
    struct var_est e;
    memset(&e, 0, sizeof e);
    e.var = -mean + sd * z;
    e.cvar = -mean + sd * gsl_ran_ugaussian_pdf(z) / tail;
    e.mean = mean;
    e.sd = sd;
    e.conf = (double)c_ppb / (double)VAR_PPB;
    *out = e;
    return 0;
}
