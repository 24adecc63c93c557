#include <config.h>
#include "engine/stats/pairwise.h"

#include <stdint.h>
#include <string.h>

#include "engine/stats/corr.h"

void pairwise_opts_init(struct pairwise_opts *o)
{
    returns_opts_init(&o->ret);
    o->min_returns = 0;
    o->repair = 1;
    nearcorr_opts_init(&o->near);
}

static int check_symbols(const struct series_set *set, const char *const *symbols, size_t n,
                         struct allot_err *err)
{
    if (n == 0)
        return err_setf(err, ALLOT_E_INPUT, "pairwise correlation: no symbols selected");
    for (size_t i = 0; i < n; i++) {
        if (series_set_find(set, symbols[i]) == NULL)
            return err_setf(err, ALLOT_E_NOTFOUND, "unknown symbol \"%s\"", symbols[i]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(symbols[i], symbols[j]) == 0)
                return err_setf(err, ALLOT_E_INPUT, "symbol %s is selected twice",
                                symbols[i]);
    }
    return 0;
}

/* Correlation of one pair on its own common dates; *t gets its returns. */
static int pair_corr(const struct series_set *set, const char *a, const char *b,
                     const struct pairwise_opts *o, size_t min_returns, double *c, size_t *t,
                     struct allot_err *err)
{
    const char *sym[2] = { a, b };
    struct returns r;
    gsl_matrix *m = NULL;
    int rc;

    if ((rc = returns_align(set, sym, 2, &o->ret, &r, err)) < 0)
        return rc;
    *t = r.t;
    if (r.t < min_returns) {
        rc = err_setf(err, ALLOT_E_INPUT,
                      "pair %s/%s: %zu common return%s; need at least %zu", a, b, r.t,
                      r.t == 1 ? "" : "s", min_returns);
        goto done;
    }
    m = gsl_matrix_alloc(2, 2);
    if (m == NULL) {
        rc = err_setf(err, ALLOT_E_NOMEM, "pairwise correlation: no memory");
        goto done;
    }
    if ((rc = corr_sample(r.r, m, err)) < 0) {
        err_prefix(err, "pair %s/%s: ", a, b);
        goto done;
    }
    *c = gsl_matrix_get(m, 0, 1);
done:
    gsl_matrix_free(m);
    returns_done(&r);
    return rc;
}

/* Each asset's own return count, for the diagonal of pair_t. */
static int own_count(const struct series_set *set, const char *a,
                     const struct pairwise_opts *o, size_t *t, struct allot_err *err)
{
    struct returns r;
    int rc = returns_align(set, &a, 1, &o->ret, &r, err);
    if (rc == 0)
        *t = r.t;
    returns_done(&r);
    return rc;
}

int pairwise_corr(const struct series_set *set, const char *const *symbols, size_t n,
                  const struct pairwise_opts *opts, gsl_matrix *corr, gsl_matrix *raw,
                  size_t *pair_t, struct pairwise_info *info, struct allot_err *err)
{
    struct pairwise_opts o;
    struct pairwise_info in = { 0 };
    gsl_matrix *m = NULL;
    size_t min_returns;
    int rc, psd;

    if (opts == NULL)
        pairwise_opts_init(&o);
    else
        o = *opts;
    min_returns = o.min_returns > PAIRWISE_MIN_RETURNS ? o.min_returns : PAIRWISE_MIN_RETURNS;
    if ((rc = check_symbols(set, symbols, n, err)) < 0)
        return rc;
    if (corr == NULL || corr->size1 != n || corr->size2 != n ||
        (raw != NULL && (raw->size1 != n || raw->size2 != n)))
        return err_setf(err, ALLOT_E_INPUT, "pairwise correlation: corr and raw must be "
                        "%zu x %zu", n, n);
    m = gsl_matrix_alloc(n, n);
    if (m == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "pairwise correlation: no memory");

    in.min_pair_returns = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        gsl_matrix_set(m, i, i, 1.0);
        if (pair_t != NULL && (rc = own_count(set, symbols[i], &o, &pair_t[i * n + i], err)) < 0)
            goto done;
        for (size_t j = 0; j < i; j++) {
            double c = 0;
            size_t t = 0;
            if ((rc = pair_corr(set, symbols[j], symbols[i], &o, min_returns, &c, &t, err)) < 0)
                goto done;
            gsl_matrix_set(m, i, j, c);
            gsl_matrix_set(m, j, i, c);
            if (pair_t != NULL)
                pair_t[i * n + j] = pair_t[j * n + i] = t;
            if (t < in.min_pair_returns) {
                in.min_pair_returns = t;
                in.min_pair_i = j;
                in.min_pair_j = i;
            }
        }
    }
    if (n == 1)
        in.min_pair_returns = 0;

    if ((rc = nearcorr_is_psd(m, &psd, &in.min_eig_before, err)) < 0)
        goto done;
    in.was_psd = psd;
    in.min_eig_after = in.min_eig_before;
    if (raw != NULL)
        gsl_matrix_memcpy(raw, m);
    if (psd || !o.repair) {
        gsl_matrix_memcpy(corr, m);
    } else {
        struct nearcorr_info ni;
        if ((rc = nearcorr_higham(m, corr, &o.near, &ni, err)) < 0) {
            err_prefix(err, "repairing the pairwise correlation matrix: ");
            goto done;
        }
        in.repaired = 1;
        in.min_eig_after = ni.min_eig_after;
        in.max_abs_change = ni.max_abs_change;
        in.iterations = ni.iterations;
    }
    if (info != NULL)
        *info = in;
done:
    gsl_matrix_free(m);
    return rc;
}
