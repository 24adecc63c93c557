#include <config.h>
#include "tui/vm_corr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "engine/stats/corr.h"
#include "engine/stats/cov.h"
#include "engine/stats/diversify.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

const size_t vm_corr_windows[VM_CORR_NWINDOWS] = { 0, 365, 90, 30 };

static const char *const regime_names[VMC_NREGIME] = {
    [VMC_ALLDAYS] = "all days", [VMC_STRESSED] = "stressed", [VMC_BLEND] = "blend 50%",
    [VMC_CALM] = "calm",
};

const char *vm_corr_regime_name(enum vm_corr_regime r)
{
    return (int)r >= 0 && r < VMC_NREGIME ? regime_names[r] : "?";
}

void vm_corr_init(struct vm_corr *v)
{
    memset(v, 0, sizeof *v);
    series_set_init(&v->set);
    v->ra = v->rb = -1;
    v->intensity = v->rank_calm = v->rank_stress = v->rank_shown = NAN;
}

static void drop_matrix(struct vm_corr *v)
{
    free(v->sym);
    free(v->labels);
    free(v->is_crypto);
    free(v->corr);
    v->sym = NULL;
    v->labels = NULL;
    v->is_crypto = NULL;
    v->corr = NULL;
    v->n = v->t = 0;
    v->ok = 0;
    v->error[0] = v->rank_note[0] = '\0';
    v->intensity = v->rank_calm = v->rank_stress = v->rank_shown = NAN;
    v->n_stress = v->n_days = 0;
}

static void drop_rolling(struct vm_corr *v)
{
    free(v->roll);
    free(v->roll_x);
    v->roll = v->roll_x = NULL;
    v->nroll = 0;
    v->ra = v->rb = -1;
    v->roll_error[0] = '\0';
}

static void drop_full(struct vm_corr *v)
{
    if (v->have_full)
        returns_done(&v->full);
    v->have_full = 0;
    drop_rolling(v);
}

void vm_corr_done(struct vm_corr *v)
{
    drop_matrix(v);
    drop_full(v);
    series_set_done(&v->set);
    free(v->book);
    v->book = NULL;
    v->nbook = 0;
}

static int cmp_sym(const void *a, const void *b)
{
    return strcmp(a, b);
}

int vm_corr_load(struct vm_corr *v, store_t *st, const char *const *book, size_t nbook,
                 struct allot_err *err)
{
    int rc;
    series_set_done(&v->set);
    series_set_init(&v->set);
    free(v->book);
    v->book = xcalloc(nbook ? nbook : 1, sizeof *v->book);
    for (size_t i = 0; i < nbook; i++)
        str_copy(v->book[i], sizeof v->book[i], book[i]);
    v->nbook = nbook;
    qsort(v->book, nbook, sizeof *v->book, cmp_sym);
    drop_full(v);
    if ((rc = prices_load(st, NULL, 0, DATE_NONE, DATE_NONE, &v->set, err)) != 0)
        return rc;
    series_set_sort(&v->set);
    return vm_corr_compute(v, st, err);
}

/* The universe's symbols (pointers into v), *n of them. */
static const char **universe(const struct vm_corr *v, size_t *n)
{
    const char **syms;
    if (v->universe == VMC_BOOK) {
        *n = v->nbook;
        syms = xcalloc(*n ? *n : 1, sizeof *syms);
        for (size_t i = 0; i < *n; i++)
            syms[i] = v->book[i];
    } else {
        *n = v->set.n;
        syms = xcalloc(*n ? *n : 1, sizeof *syms);
        for (size_t i = 0; i < *n; i++)
            syms[i] = v->set.s[i].symbol;
    }
    return syms;
}

/* The failures of statistics are the screen's message, not errors. */
static int soft(int rc)
{
    return rc == ALLOT_E_INPUT || rc == ALLOT_E_NOTFOUND || rc == ALLOT_E_NUMERIC;
}

static void copy_matrix(struct vm_corr *v, const gsl_matrix *m)
{
    for (size_t i = 0; i < v->n; i++)
        for (size_t j = 0; j < v->n; j++)
            v->corr[i * v->n + j] = gsl_matrix_get(m, i, j);
}

/* The diversification figures, and the stressed matrices when wanted. */
static int stressed(struct vm_corr *v, const struct returns *ret, gsl_matrix *shown)
{
    struct corr_stress_opts so;
    struct corr_stress_info info;
    struct allot_err e;
    gsl_matrix *stress = gsl_matrix_alloc(v->n, v->n), *calm = gsl_matrix_alloc(v->n, v->n);
    int rc;

    corr_stress_opts_init(&so);
    so.kind = ret->kind;
    err_clear(&e);
    rc = corr_stressed(ret->r, &so, stress, calm, &info, &e);
    if (rc == 0) {
        v->n_stress = info.n_stress;
        v->n_days = info.n_days;
        if (diversify_effective_rank(calm, &v->rank_calm, &e) != 0)
            v->rank_calm = NAN;
        if (diversify_effective_rank(stress, &v->rank_stress, &e) != 0)
            v->rank_stress = NAN;
        if (v->regime == VMC_STRESSED)
            gsl_matrix_memcpy(shown, stress);
        else if (v->regime == VMC_CALM)
            rc = corr_blend(calm, stress, 0, shown, &e);
        else if (v->regime == VMC_BLEND)
            rc = corr_blend(calm, stress, VM_CORR_BLEND, shown, &e);
    }
    if (rc != 0) {
        str_copy(v->rank_note, sizeof v->rank_note, e.msg);
        if (v->regime != VMC_ALLDAYS)
            str_copy(v->error, sizeof v->error, e.msg);
    }
    gsl_matrix_free(stress);
    gsl_matrix_free(calm);
    return rc;
}

int vm_corr_compute(struct vm_corr *v, store_t *st, struct allot_err *err)
{
    size_t n;
    const char **syms = universe(v, &n);
    struct returns_opts ro;
    struct returns ret;
    struct allot_err e;
    double *days = NULL;
    gsl_matrix *m = NULL, *cov = NULL;
    int rc;

    drop_matrix(v);
    if (n == 0) {
        free(syms);
        str_copy(v->error, sizeof v->error, v->universe == VMC_BOOK
                 ? "the book holds nothing to correlate" : "no prices stored");
        return ALLOT_OK;
    }
    returns_opts_init(&ro);
    ro.last_n = vm_corr_windows[v->window];
    err_clear(&e);
    rc = statsdata_align(st, &v->set, syms, n, &ro, &ret, &days, &e);
    if (rc != 0) {
        free(syms);
        if (!soft(rc))
            return *err = e, rc;
        str_copy(v->error, sizeof v->error, e.msg);
        drop_full(v);
        return ALLOT_OK;
    }
    v->n = n;
    v->sym = xcalloc(n, sizeof *v->sym);
    v->labels = xcalloc(n, sizeof *v->labels);
    v->is_crypto = xcalloc(n, sizeof *v->is_crypto);
    v->corr = xcalloc(n * n, sizeof *v->corr);
    for (size_t i = 0; i < n; i++) {
        struct asset_info a;
        str_copy(v->sym[i], sizeof v->sym[i], ret.symbol[i]);
        v->labels[i] = v->sym[i];
        if ((rc = assets_get(st, v->sym[i], &a, &e)) != 0) {
            free(syms);
            free(days);
            returns_done(&ret);
            drop_matrix(v);
            return *err = e, rc;
        }
        v->is_crypto[i] = strcmp(a.klass, "crypto") == 0;
    }
    v->t = ret.t;
    v->first_day = ret.start_day[0];
    v->last_day = ret.end_day[ret.t - 1];
    m = gsl_matrix_alloc(n, n);
    rc = stressed(v, &ret, m);
    if (v->regime == VMC_ALLDAYS) {
        struct shrink_info si;
        err_clear(&e);
        rc = statsdata_cov(v->method, COV_EWMA_LAMBDA, &ret, days, 0, &cov, &si, &e);
        if (rc == 0)
            rc = corr_from_cov(cov, m, &e);
        if (rc != 0)
            str_copy(v->error, sizeof v->error, e.msg);
        else if (v->method == COVM_LW_IDENTITY || v->method == COVM_LW_CONSTCORR)
            v->intensity = si.intensity;
        if (cov != NULL)
            gsl_matrix_free(cov);
    }
    if (rc == 0) {
        copy_matrix(v, m);
        if (diversify_effective_rank(m, &v->rank_shown, &e) != 0)
            v->rank_shown = NAN;
        v->ok = 1;
    }
    gsl_matrix_free(m);
    returns_done(&ret);
    free(days);

    /* the whole common history of the universe, for the rolling chart */
    if (!v->have_full || v->full_universe != v->universe) {
        drop_full(v);
        v->full_universe = v->universe;
        ro.last_n = 0;
        err_clear(&e);
        if (statsdata_align(st, &v->set, syms, n, &ro, &v->full, &days, &e) == 0) {
            v->have_full = 1;
            free(days);
        }
    }
    free(syms);
    return ALLOT_OK;
}

void vm_corr_pair(struct vm_corr *v, size_t a, size_t b)
{
    struct allot_err e;
    gsl_vector *out;
    int32_t *end;
    size_t nn, n;

    if ((long)a == v->ra && (long)b == v->rb)
        return;
    drop_rolling(v);
    v->ra = (long)a;
    v->rb = (long)b;
    if (a == b) {
        snprintf(v->roll_error, sizeof v->roll_error, "an asset with itself: move the cursor "
                 "off the diagonal");
        return;
    }
    if (!v->have_full || a >= v->full.n || b >= v->full.n) {
        snprintf(v->roll_error, sizeof v->roll_error, "no common history");
        return;
    }
    if (v->full.t < VM_CORR_ROLLING) {
        snprintf(v->roll_error, sizeof v->roll_error, "%zu common returns: the rolling window "
                 "needs %d", v->full.t, VM_CORR_ROLLING);
        return;
    }
    n = v->full.t - VM_CORR_ROLLING + 1;
    out = gsl_vector_alloc(n);
    end = xcalloc(n, sizeof *end);
    err_clear(&e);
    if (corr_rolling_returns(&v->full, a, b, VM_CORR_ROLLING, out, end, &nn, &e) != 0) {
        str_copy(v->roll_error, sizeof v->roll_error, e.msg);
    } else {
        v->roll = xcalloc(n, sizeof *v->roll);
        v->roll_x = xcalloc(n, sizeof *v->roll_x);
        for (size_t i = 0; i < n; i++) {
            v->roll[i] = gsl_vector_get(out, i);
            v->roll_x[i] = end[i];
        }
        v->nroll = n;
    }
    gsl_vector_free(out);
    free(end);
}
