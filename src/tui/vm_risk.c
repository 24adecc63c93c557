#include <config.h>
#include "tui/vm_risk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/risk/payoff.h"
#include "engine/stats/cov.h"
#include "engine/stats/returns.h"
#include "store/statsdata.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MS_PER_YEAR (PAYOFF_DAYS_PER_YEAR * 86400.0 * 1000.0)

static const char *const method_names[VMR_NMETHODS] = {
    "historical", "normal", "mc-normal", "mc-t"
};

const char *vm_risk_method_name(enum vm_var_method m)
{
    return (int)m >= 0 && m < VMR_NMETHODS ? method_names[m] : "?";
}

void vm_risk_init(struct vm_risk *v)
{
    memset(v, 0, sizeof *v);
    bookvar_opts_init(&v->bo);
}

static void drop_payoff(struct vm_risk *v)
{
    free(v->pay_price);
    free(v->pay_now);
    free(v->pay_expiry);
    v->pay_price = v->pay_now = v->pay_expiry = NULL;
    v->have_payoff = 0;
    v->pay_error[0] = '\0';
}

static void drop(struct vm_risk *v)
{
    if (v->cov != NULL)
        gsl_matrix_free(v->cov);
    v->cov = NULL;
    if (v->have_grid)
        stress_grid_free(&v->grid);
    v->have_grid = 0;
    drop_payoff(v);
    free(v->assets);
    v->assets = NULL;
    v->nassets = 0;
    memset(v->var, 0, sizeof v->var);
    v->ok = 0;
    v->error[0] = v->grid_error[0] = v->returns_error[0] = '\0';
    v->t = 0;
}

void vm_risk_done(struct vm_risk *v)
{
    drop(v);
}

static void row_error(struct vm_var_row *r, const struct allot_err *e)
{
    r->state = VMR_ERROR;
    str_copy(r->error, sizeof r->error, e->msg);
}

/* Historical and delta-normal VaR, and the covariance Monte-Carlo uses. */
static int var_figures(struct vm_risk *v, store_t *st, const struct valuation *val,
                       struct allot_err *err)
{
    size_t na = v->nassets;
    const char **syms = xcalloc(na ? na : 1, sizeof *syms);
    struct series_set set;
    struct returns ret;
    struct returns_opts ro;
    struct bookvar_result res;
    struct shrink_info si;
    struct allot_err e;
    double *days = NULL;
    int rc;

    for (size_t k = 0; k < na; k++)
        syms[k] = v->assets[k];
    series_set_init(&set);
    returns_opts_init(&ro);
    err_clear(&e);
    rc = statsdata_returns(st, syms, na, &ro, &set, &ret, &days, &e);
    free(syms);
    if (rc != 0) {
        series_set_done(&set);
        if (rc == ALLOT_E_STORE || rc == ALLOT_E_BUSY)
            return *err = e, rc;
        str_copy(v->returns_error, sizeof v->returns_error, e.msg);
        for (int m = 0; m < VMR_NMETHODS; m++)
            row_error(&v->var[m], &e);
        return ALLOT_OK;
    }
    v->t = ret.t;
    v->first_day = ret.start_day[0];
    v->last_day = ret.end_day[ret.t - 1];
    err_clear(&e);
    if (bookvar_historical(book_reval, val->lb.book, na, ret.r, &v->bo, &res, NULL, &e) == 0) {
        v->var[VMR_HIST].state = VMR_OK;
        v->var[VMR_HIST].est = res.est;
    } else {
        row_error(&v->var[VMR_HIST], &e);
    }
    err_clear(&e);
    if (statsdata_cov(COVM_SAMPLE, COV_EWMA_LAMBDA, &ret, days, 0, &v->cov, &si, &e) != 0) {
        v->cov = NULL;
        for (int m = VMR_NORMAL; m < VMR_NMETHODS; m++)
            row_error(&v->var[m], &e);
    } else if (bookvar_normal(book_reval, val->lb.book, na, v->cov, &v->bo, &res, NULL, &e)
               == 0) {
        v->var[VMR_NORMAL].state = VMR_OK;
        v->var[VMR_NORMAL].est = res.est;
    } else {
        row_error(&v->var[VMR_NORMAL], &e);
    }
    returns_done(&ret);
    free(days);
    series_set_done(&set);
    return ALLOT_OK;
}

void vm_risk_payoff(struct vm_risk *v, const struct valuation *val, size_t i)
{
    double dt[2], first, last, *mult;
    size_t np = VM_RISK_PAYOFF_POINTS, nc;
    struct allot_err e;
    int rc;

    drop_payoff(v);
    if (!v->ok || i >= v->nassets)
        return;
    v->pay_asset = i;
    v->pay_spot_usd = val->lb.mkt.assets[i].spot_usd;
    err_clear(&e);
    /* the underlying's first expiry, else the book's */
    rc = payoff_expiries(val->lb.pos, val->lb.n, v->assets[i], val->lb.now_ms, &first, &last, &e);
    if (rc != 0)
        rc = payoff_expiries(val->lb.pos, val->lb.n, NULL, val->lb.now_ms, &first, &last, &e);
    if (rc == 0 && v->pay_at_years > 0) {
        /* the date asked for, within a day from now and the last expiry */
        first = v->pay_at_years;
        if (first > last)
            first = last;
        if (first < 1.0 / PAYOFF_DAYS_PER_YEAR)
            first = 1.0 / PAYOFF_DAYS_PER_YEAR;
    }
    dt[0] = 0;
    dt[1] = first;
    nc = rc == 0 ? 2 : 1;
    v->pay_expiry_years = rc == 0 ? first : 0;
    v->pay_last_years = rc == 0 ? last : 0;
    v->pay_expiry_ms = rc == 0 ? val->lb.now_ms + (int64_t)llround(first * MS_PER_YEAR) : 0;
    mult = xcalloc(np, sizeof *mult);
    v->pay_price = xcalloc(np, sizeof *v->pay_price);
    v->pay_now = xcalloc(np * nc, sizeof *v->pay_now);
    err_clear(&e);
    if (payoff_curves(book_reval, val->lb.book, v->nassets, i, PAYOFF_DEFAULT_LO,
                      PAYOFF_DEFAULT_HI, np, dt, nc, mult, v->pay_now, &e) != 0) {
        free(mult);
        drop_payoff(v);
        str_copy(v->pay_error, sizeof v->pay_error, e.msg);
        return;
    }
    for (size_t j = 0; j < np; j++)
        v->pay_price[j] = mult[j] * v->pay_spot_usd;
    if (nc == 2) {
        v->pay_expiry = xcalloc(np, sizeof *v->pay_expiry);
        memcpy(v->pay_expiry, v->pay_now + np, np * sizeof *v->pay_expiry);
    }
    free(mult);
    v->have_payoff = 1;
}

void vm_risk_payoff_at(struct vm_risk *v, const struct valuation *val, double years)
{
    v->pay_at_years = years > 0 ? years : 0;
    vm_risk_payoff(v, val, v->pay_asset);
}

int vm_risk_sync(struct vm_risk *v, store_t *st, const struct valuation *val, int force,
                 struct allot_err *err)
{
    char keep[INST_SYMBOL_MAX] = "";
    struct allot_err e;
    size_t sel = 0;
    int rc;

    if (!force && v->gen != 0 && v->gen == val->generation && v->ok == val->ok)
        return 0;
    if (v->ok && v->pay_asset < v->nassets)
        str_copy(keep, sizeof keep, v->assets[v->pay_asset]);
    drop(v);
    v->gen = val->generation;
    if (!val->ok) {
        str_copy(v->error, sizeof v->error, val->error);
        return 1;
    }
    v->ok = 1;
    v->nassets = val->lb.mkt.n_assets;
    v->assets = xcalloc(v->nassets ? v->nassets : 1, sizeof *v->assets);
    for (size_t k = 0; k < v->nassets; k++) {
        str_copy(v->assets[k], sizeof v->assets[k], val->lb.mkt.assets[k].symbol);
        if (strcmp(keep, v->assets[k]) == 0)
            sel = k;
    }
    if ((rc = var_figures(v, st, val, err)) != 0)
        return rc;
    err_clear(&e);
    if (stress_grid_run(book_reval, val->lb.book, v->nassets, NULL, NULL, STRESS_TOGETHER, 0,
                        &v->grid, &e) == 0)
        v->have_grid = 1;
    else
        str_copy(v->grid_error, sizeof v->grid_error, e.msg);
    vm_risk_payoff(v, val, sel);
    return 1;
}

void vm_risk_mc(struct vm_risk *v, const struct valuation *val, enum vm_var_method m,
                bookvar_progress_fn progress, void *user)
{
    struct vm_var_row *r = &v->var[m];
    struct bookvar_opts bo = v->bo;
    struct bookvar_result res;
    struct allot_err e;
    int rc;

    if (m != VMR_MC_NORMAL && m != VMR_MC_T)
        return;
    if (!v->ok || v->cov == NULL) {
        if (r->state != VMR_ERROR) {
            r->state = VMR_ERROR;
            str_copy(r->error, sizeof r->error, v->ok ? v->returns_error : v->error);
        }
        return;
    }
    bo.progress = progress;
    bo.progress_user = user;
    err_clear(&e);
    rc = bookvar_mc(book_reval, val->lb.book, v->nassets, v->cov,
                    m == VMR_MC_T ? BOOKVAR_STUDENT_T : BOOKVAR_NORMAL, &bo, &res, NULL, &e);
    if (rc == 0) {
        r->state = VMR_OK;
        r->est = res.est;
        r->error[0] = '\0';
    } else if (rc == ALLOT_E_CANCEL) {
        r->state = VMR_CANCELLED;
        str_copy(r->error, sizeof r->error, "cancelled");
    } else {
        row_error(r, &e);
    }
}
