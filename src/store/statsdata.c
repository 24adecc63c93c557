#include <config.h>
#include "store/statsdata.h"

#include <stdlib.h>
#include <string.h>

#include "engine/stats/cov.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/xalloc.h"

static const char *const method_names[COVM_COUNT] = {
    "sample", "ewma", "lw-identity", "lw-constcorr"
};

const char *statsdata_method_name(enum cov_method m)
{
    return (int)m >= 0 && m < COVM_COUNT ? method_names[m] : "?";
}

int statsdata_method_parse(const char *s, enum cov_method *m)
{
    for (int i = 0; i < COVM_COUNT; i++)
        if (strcmp(s, method_names[i]) == 0) {
            *m = (enum cov_method)i;
            return 0;
        }
    return -1;
}

int statsdata_align(store_t *st, const struct series_set *set, const char *const *symbols,
                    size_t n, const struct returns_opts *opts, struct returns *ret,
                    double **days, struct allot_err *err)
{
    const char **syms = NULL;
    int rc;

    memset(ret, 0, sizeof *ret);
    *days = NULL;
    if (n == 0) {
        n = set->n;
        syms = xcalloc(n ? n : 1, sizeof *syms);
        for (size_t i = 0; i < n; i++)
            syms[i] = set->s[i].symbol;
        symbols = syms;
    }
    *days = xcalloc(n ? n : 1, sizeof **days);
    for (size_t i = 0; i < n; i++) {
        struct asset_info a;
        if (series_set_find(set, symbols[i]) == NULL) {
            rc = err_setf(err, ALLOT_E_NOTFOUND, "no prices for %s in the store", symbols[i]);
            goto fail;
        }
        if ((rc = assets_get(st, symbols[i], &a, err)) != 0)
            goto fail;
        (*days)[i] = a.days_per_year;
    }
    if ((rc = returns_align(set, symbols, n, opts, ret, err)) != 0)
        goto fail;
    free(syms);
    return ALLOT_OK;
fail:
    free(syms);
    free(*days);
    *days = NULL;
    return rc;
}

int statsdata_returns(store_t *st, const char *const *symbols, size_t n,
                      const struct returns_opts *opts, struct series_set *set,
                      struct returns *ret, double **days, struct allot_err *err)
{
    int rc;
    memset(ret, 0, sizeof *ret);
    *days = NULL;
    if ((rc = prices_load(st, symbols, n, DATE_NONE, DATE_NONE, set, err)) != 0)
        return rc;
    series_set_sort(set);
    return statsdata_align(st, set, symbols, n, opts, ret, days, err);
}

int statsdata_cov(enum cov_method method, double lambda, const struct returns *ret,
                  const double *days, double annualize, gsl_matrix **out,
                  struct shrink_info *info, struct allot_err *err)
{
    gsl_matrix *c = gsl_matrix_alloc(ret->n, ret->n);
    int rc;

    memset(info, 0, sizeof *info);
    switch (method) {
    case COVM_EWMA: {
        struct cov_ewma_opts eo;
        cov_ewma_opts_init(&eo);
        eo.lambda = lambda;
        rc = cov_ewma(ret->r, &eo, c, err);
        break;
    }
    case COVM_LW_IDENTITY:
        rc = shrink_lw_identity(ret->r, c, info, err);
        break;
    case COVM_LW_CONSTCORR:
        rc = shrink_lw_constcorr(ret->r, c, info, err);
        break;
    default:
        rc = cov_sample(ret->r, c, err);
        break;
    }
    if (rc == 0 && annualize != 0) {
        double periods = annualize;
        if (periods < 0)
            rc = returns_ann_factor(days, ret->n, &periods, err);
        if (rc == 0)
            rc = cov_annualise(c, periods, err);
    }
    if (rc != 0) {
        gsl_matrix_free(c);
        return rc;
    }
    *out = c;
    return ALLOT_OK;
}
