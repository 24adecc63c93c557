#include <config.h>
#include "engine/stats/hedgeratio.h"

#include <math.h>

static int constant(const gsl_vector *v)
{
    for (size_t k = 1; k < v->size; k++)
        if (gsl_vector_get(v, k) != gsl_vector_get(v, 0))
            return 0;
    return 1;
}

int hedge_ratio(const gsl_vector *a, const gsl_vector *b, struct hedge_result *res,
                struct allot_err *err)
{
    const char *what = "hedge ratio";
    double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0, h, me = 0, see = 0;
    size_t n;

    if (a == NULL || b == NULL || a->size != b->size)
        return err_setf(err, ALLOT_E_INPUT, "%s: the two return series differ in length",
                        what);
    n = a->size;
    if (n < HEDGE_MIN_RETURNS)
        return err_setf(err, ALLOT_E_INPUT, "%s: %zu common return%s; need at least %d", what,
                        n, n == 1 ? "" : "s", HEDGE_MIN_RETURNS);
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(gsl_vector_get(a, k)) || !isfinite(gsl_vector_get(b, k)))
            return err_setf(err, ALLOT_E_INPUT, "%s: return %zu is not finite", what, k);
        ma += gsl_vector_get(a, k);
        mb += gsl_vector_get(b, k);
    }
    ma /= (double)n;
    mb /= (double)n;
    for (size_t k = 0; k < n; k++) {
        double x = gsl_vector_get(a, k) - ma, y = gsl_vector_get(b, k) - mb;
        saa += x * x;
        sbb += y * y;
        sab += x * y;
    }
    /* a constant series has variance 0; test the values, since the
     * rounding of the mean leaves a tiny positive sum of squares */
    if (!(sbb > 0) || constant(b))
        return err_setf(err, ALLOT_E_INPUT,
                        "%s: the hedge asset's returns are constant (variance 0); no hedge "
                        "ratio exists", what);
    if (!(saa > 0) || constant(a))
        return err_setf(err, ALLOT_E_INPUT,
                        "%s: the hedged asset's returns are constant (variance 0); there is "
                        "nothing to hedge", what);
    h = sab / sbb;
    /* the hedged series, measured rather than inferred from the identity */
    for (size_t k = 0; k < n; k++)
        me += gsl_vector_get(a, k) - h * gsl_vector_get(b, k);
    me /= (double)n;
    for (size_t k = 0; k < n; k++) {
        double e = gsl_vector_get(a, k) - h * gsl_vector_get(b, k) - me;
        see += e * e;
    }
    res->n = n;
    res->ratio = h;
    res->corr = sab / sqrt(saa * sbb);
    res->corr = res->corr > 1 ? 1 : res->corr < -1 ? -1 : res->corr;
    res->r2 = res->corr * res->corr;
    res->var_reduction = 1 - see / saa;
    res->vol_a = sqrt(saa / (double)(n - 1));
    res->vol_b = sqrt(sbb / (double)(n - 1));
    res->vol_hedged = sqrt(see / (double)(n - 1));
    return 0;
}
