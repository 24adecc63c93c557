#include <config.h>
#include "tui/vm_optimize.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/stats/cov.h"
#include "store/hedgerun.h"
#include "store/prices.h"
#include "store/propfigs.h"
#include "store/rprun.h"
#include "store/statsdata.h"
#include "store/tailrun.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAX_VOL_TARGET 10.0         /* as the batch command accepts */
#define MAX_WINDOW 100000000L
#define MIN_WINDOW 3
#define MAX_MIN_DAYS 3650L
#define PCT 100.0
#define CAPPED_RP_SYMBOLS 64

static const char *const estimators[] = { "sample", "ewma", "lw-identity", "lw-constcorr" };
static const char *const hedge_estimators[] = { "sample", "ewma", "stressed" };
static const char *const usings[] = { "perp", "inverse-perp", "spot" };
#define N(a) (sizeof a / sizeof a[0])

static const struct vm_opt_method_def defs[VMO_NMETHODS] = {
    [VMO_RISKPARITY] = {
        "riskparity", "Risk parity",
        "Spot weights with equal risk contributions, from the stored closes; trades move "
        "the book's spot holdings of these assets to them.",
        {
            { "symbols", "--symbols", "comma-separated assets", NULL, 0 },
            { "estimator", "--method", "covariance of daily returns", estimators,
              N(estimators) },
            { "window", "--window", "last N daily returns; empty: all", NULL, 0 },
            { "vol target", "--vol-target", "annual decimal (0.2); empty: none",
              NULL, 0 },
            { "max gross", "--max-gross", "gross cap with a vol target (x)",
              NULL, 0 },
            { "capital USD", "--capital", "USD; empty: the book's value", NULL,
              0 },
        },
        6,
    },
    [VMO_DELTA_NEUTRAL] = {
        "delta-neutral", "Delta-neutral",
        "Hedge each crypto underlying's delta to the target with a perp, an inverse perp "
        "or spot.",
        {
            { "using", "--using", "the hedge instrument", usings, N(usings) },
            { "target delta", "--target-delta", "delta wanted per underlying, units", NULL,
              0 },
            { "underlying", "--underlying", "one; empty: every crypto one", NULL,
              0 },
        },
        3,
    },
    [VMO_HEDGE] = {
        "hedge", "Cross-asset hedge",
        "Minimum-variance hedge of the book's USD delta to one asset with another.",
        {
            { "asset", "--asset", "the exposure to hedge", NULL, 0 },
            { "hedge", "--hedge", "what to trade", NULL, 0 },
            { "estimator", "--estimator", "covariance of daily returns", hedge_estimators,
              N(hedge_estimators) },
            { "using", "--using", "the hedge instrument", usings, N(usings) },
            { "window", "--window", "last N daily returns; empty: all", NULL, 0 },
        },
        5,
    },
    [VMO_DELTA_VEGA] = {
        "delta-vega", "Delta-vega",
        "The nearest-ATM call of the stored chain and the perp, sized to both targets.",
        {
            { "underlying", "--underlying", "the underlying to hedge", NULL, 0 },
            { "expiry", "--expiry", "YYYY-MM-DD; empty: first a week out", NULL, 0 },
            { "target delta", "--target-delta", "units", NULL, 0 },
            { "target vega", "--target-vega", "USD per vol point", NULL, 0 },
            { "using", "--using", "the delta leg", usings, N(usings) },
        },
        5,
    },
    [VMO_TAIL_HEDGE] = {
        "tail-hedge", "Tail hedge with puts",
        "The cheapest puts of the stored chain that cap the loss in each crash.",
        {
            { "max loss %", "--max-loss", "largest loss, % of the book's value",
              NULL, 0 },
            { "scenarios", "--scenarios", "MOVE%:VOLx, e.g. -30:1.5,-50:2",
              NULL, 0 },
            { "min days", "--min-days", "puts at least this many days out", NULL,
              0 },
            { "expiry", "--expiry", "YYYY-MM-DD only; empty: any", NULL, 0 },
            { "max contracts", "--max-contracts", "per put; empty: no limit", NULL, 0 },
        },
        5,
    },
};

const struct vm_opt_method_def *vm_optimize_method(enum vm_opt_method m)
{
    return (int)m >= 0 && m < VMO_NMETHODS ? &defs[m] : &defs[0];
}

void vm_optimize_init(struct vm_optimize *v)
{
    memset(v, 0, sizeof *v);
}

void vm_optimize_done(struct vm_optimize *v)
{
    tradelist_free(v->tl);
    memset(v, 0, sizeof *v);
}

void vm_optimize_discard(struct vm_optimize *v)
{
    tradelist_free(v->tl);
    v->tl = NULL;
    v->applied = 0;
    v->applied_name[0] = '\0';
    v->nargs = 0;
}

/* ---- defaults ---- */

static int is_crypto(store_t *st, const char *sym)
{
    struct asset_info a;
    struct allot_err e;
    err_clear(&e);
    return assets_get(st, sym, &a, &e) == 0 && strcmp(a.klass, "crypto") == 0;
}

/* The crypto underlying with the largest |figure| (skip: one to pass over). */
static const char *largest(store_t *st, const struct valuation *val, int vega, const char *skip)
{
    const char *best = NULL;
    double bv = -1;
    for (size_t k = 0; val->ok && k < val->lb.mkt.n_assets; k++) {
        const char *sym = val->lb.mkt.assets[k].symbol;
        double x = fabs(vega ? val->per_asset[k].vega_usd_per_volpt
                             : val->per_asset[k].delta_usd);
        if ((skip != NULL && strcmp(sym, skip) == 0) || !is_crypto(st, sym))
            continue;
        if (x > bv) {
            bv = x;
            best = sym;
        }
    }
    return best;
}

void vm_optimize_defaults(enum vm_opt_method m, store_t *st, const struct valuation *val,
                          char (*values)[VMO_VALUE_MAX])
{
    const struct vm_opt_method_def *d = vm_optimize_method(m);
    const char *a, *b;
    for (size_t i = 0; i < d->nfields; i++)
        values[i][0] = '\0';
    for (size_t i = 0; i < d->nfields; i++)
        if (d->fields[i].choices != NULL)
            str_copy(values[i], VMO_VALUE_MAX, d->fields[i].choices[0]);
    switch (m) {
    case VMO_RISKPARITY: {
        size_t len = 0;
        for (size_t k = 0; val->ok && k < val->lb.mkt.n_assets; k++) {
            const char *sym = val->lb.mkt.assets[k].symbol;
            if (!is_crypto(st, sym) || len + strlen(sym) + 2 >= VMO_VALUE_MAX)
                continue;
            len += (size_t)snprintf(values[0] + len, VMO_VALUE_MAX - len, "%s%s",
                                    len ? "," : "", sym);
        }
        str_copy(values[4], VMO_VALUE_MAX, "1");
        break;
    }
    case VMO_DELTA_NEUTRAL:
        str_copy(values[1], VMO_VALUE_MAX, "0");
        break;
    case VMO_HEDGE:
        b = valuation_asset(val, "BTC") >= 0 ? "BTC" : largest(st, val, 0, NULL);
        a = largest(st, val, 0, b);
        str_copy(values[0], VMO_VALUE_MAX, a ? a : "");
        str_copy(values[1], VMO_VALUE_MAX, b ? b : "");
        break;
    case VMO_DELTA_VEGA:
        a = largest(st, val, 1, NULL);
        str_copy(values[0], VMO_VALUE_MAX, a ? a : "");
        str_copy(values[2], VMO_VALUE_MAX, "0");
        str_copy(values[3], VMO_VALUE_MAX, "0");
        break;
    case VMO_TAIL_HEDGE:
        snprintf(values[0], VMO_VALUE_MAX, "%g", TAILRUN_DEFAULT_MAX_LOSS_PCT);
        str_copy(values[1], VMO_VALUE_MAX, TAILRUN_DEFAULT_SCENARIOS);
        snprintf(values[2], VMO_VALUE_MAX, "%d", TAILRUN_DEFAULT_MIN_DAYS);
        break;
    default:
        break;
    }
}

/* ---- checking the fields ---- */

struct check {
    struct vm_optimize *v;
    const struct vm_opt_method_def *d;
    const char *const *values;
    int bad;                        /* fields in error */
    char args[VMO_ARGS_MAX][VMO_VALUE_MAX];
    size_t nargs;
};

static void fail_field(struct check *c, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_field(struct check *c, size_t i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->v->field_error[i], VMO_ERR_MAX, fmt, ap);
    va_end(ap);
    c->bad++;
}

static void arg(struct check *c, const char *word)
{
    if (c->nargs < VMO_ARGS_MAX)
        str_copy(c->args[c->nargs++], VMO_VALUE_MAX, word);
}

/* The field's option and value as batch arguments. */
static void arg_field(struct check *c, size_t i)
{
    arg(c, c->d->fields[i].option);
    arg(c, c->values[i]);
}

/* A number in field i: required, or empty -> dflt (and no argument). */
static int num_field(struct check *c, size_t i, int required, double dflt, double *out)
{
    const char *what;
    size_t off;
    if (c->values[i][0] == '\0') {
        if (required)
            fail_field(c, i, "needs a number");
        *out = dflt;
        return !required;
    }
    if (num_parse(c->values[i], out, &what, &off) != 0) {
        snprintf(c->v->field_error[i], VMO_ERR_MAX, "expected %s, found \"%.60s\"", what,
                 c->values[i]);
        c->bad++;
        return 0;
    }
    arg_field(c, i);
    return 1;
}

static int long_field(struct check *c, size_t i, long lo, long hi, long dflt, long *out)
{
    const char *what;
    size_t off;
    if (c->values[i][0] == '\0') {
        *out = dflt;
        return 1;
    }
    if (num_parse_long(c->values[i], lo, hi, out, &what, &off) != 0) {
        snprintf(c->v->field_error[i], VMO_ERR_MAX, "expected %s (%ld to %ld), found \"%.40s\"",
                 what, lo, hi, c->values[i]);
        c->bad++;
        return 0;
    }
    arg_field(c, i);
    return 1;
}

static int date_field(struct check *c, size_t i, int64_t *out)
{
    const char *what;
    size_t off;
    *out = 0;
    if (c->values[i][0] == '\0')
        return 1;
    if (date_parse_ts(c->values[i], out, &what, &off) != 0) {
        snprintf(c->v->field_error[i], VMO_ERR_MAX, "expected %s, found \"%.60s\"", what,
                 c->values[i]);
        c->bad++;
        return 0;
    }
    arg_field(c, i);
    return 1;
}

static int using_field(struct check *c, size_t i, enum inst_kind *k)
{
    if (hedgerun_parse_using(c->values[i], k) != 0) {
        fail_field(c, i, "expected perp, inverse-perp or spot, found \"%.40s\"", c->values[i]);
        return 0;
    }
    arg_field(c, i);
    return 1;
}

static int symbol_field(struct check *c, size_t i, int required)
{
    if (required && c->values[i][0] == '\0') {
        fail_field(c, i, "name an underlying");
        return 0;
    }
    if (strlen(c->values[i]) >= INST_SYMBOL_MAX || strpbrk(c->values[i], " ,") != NULL) {
        fail_field(c, i, "one symbol, found \"%.40s\"", c->values[i]);
        return 0;
    }
    if (c->values[i][0] != '\0')
        arg_field(c, i);
    return 1;
}

/* ---- the methods ---- */

static int run_rp(struct check *c, store_t *st, const struct valuation *val,
                  struct tradelist **tl, struct allot_err *err)
{
    char *copy = xstrdup(c->values[0]), *save = NULL;
    const char *syms[CAPPED_RP_SYMBOLS];
    size_t n = 0;
    enum cov_method method = COVM_SAMPLE;
    long window;
    double vt, gross, capital;
    int rc;

    for (char *t = strtok_r(copy, ", ", &save); t && n < CAPPED_RP_SYMBOLS;
         t = strtok_r(NULL, ", ", &save))
        syms[n++] = t;
    if (n < 2)
        fail_field(c, 0, "name at least two assets, comma-separated");
    if (statsdata_method_parse(c->values[1], &method) != 0)
        fail_field(c, 1, "unknown estimator \"%.40s\"", c->values[1]);
    arg(c, "--db");
    arg(c, "--symbols");
    {
        char list[VMO_VALUE_MAX] = "";
        size_t len = 0;
        for (size_t k = 0; k < n; k++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? "," : "",
                                    syms[k]);
        arg(c, list);
    }
    arg_field(c, 1);
    long_field(c, 2, MIN_WINDOW, MAX_WINDOW, 0, &window);
    if (num_field(c, 3, 0, 0, &vt) && c->values[3][0] && !(vt > 0 && vt <= MAX_VOL_TARGET))
        fail_field(c, 3, "an annual vol as a decimal in (0, 10], e.g. 0.2");
    gross = 1;
    if (vt > 0) {
        if (num_field(c, 4, 1, 1, &gross) && !(gross > 0))
            fail_field(c, 4, "a multiple of capital > 0");
    } else if (c->values[4][0] != '\0') {
        const char *what;
        size_t off;
        if (num_parse(c->values[4], &gross, &what, &off) != 0 || !(gross > 0))
            fail_field(c, 4, "a multiple of capital > 0");
    }
    if (num_field(c, 5, 0, 0, &capital) && c->values[5][0] && !(capital > 0))
        fail_field(c, 5, "USD > 0");
    if (c->bad) {
        free(copy);
        return ALLOT_E_INPUT;
    }
    {
        struct series_set set;
        struct returns ret;
        struct returns_opts ro;
        struct shrink_info si;
        struct rprun_solution sol;
        gsl_matrix *cov = NULL;
        double *days = NULL, periods;
        const char *names[CAPPED_RP_SYMBOLS];

        series_set_init(&set);
        returns_opts_init(&ro);
        ro.last_n = (size_t)window;
        rc = statsdata_returns(st, syms, n, &ro, &set, &ret, &days, err);
        if (rc == ALLOT_E_NOTFOUND)
            str_copy(c->v->field_error[0], VMO_ERR_MAX, err->msg);
        if (rc == 0) {
            rc = statsdata_cov(method, COV_EWMA_LAMBDA, &ret, days, 0, &cov, &si, err);
            if (rc == 0)
                rc = returns_ann_factor(days, ret.n, &periods, err);
            for (size_t k = 0; k < ret.n; k++)
                names[k] = ret.symbol[k];
            if (rc == 0)
                rc = rprun_solve(cov, NULL, 0, names, periods, vt, gross, &sol, err);
            if (rc == 0) {
                rc = rprun_trades(st, &val->lb, sol.rp.weight, names, ret.n, capital,
                                  sol.params, tl, err);
                rprun_done(&sol);
            }
            if (cov != NULL)
                gsl_matrix_free(cov);
            returns_done(&ret);
        }
        free(days);
        series_set_done(&set);
    }
    free(copy);
    return rc;
}

static int run_method(struct check *c, store_t *st, const struct valuation *val,
                      enum vm_opt_method m, struct tradelist **tl, struct allot_err *err)
{
    const char *const *vals = c->values;
    switch (m) {
    case VMO_RISKPARITY:
        return run_rp(c, st, val, tl, err);
    case VMO_DELTA_NEUTRAL: {
        struct hedgerun_dn p = { INST_PERP, 0, NULL };
        using_field(c, 0, &p.using);
        num_field(c, 1, 1, 0, &p.target_units);
        symbol_field(c, 2, 0);
        p.underlying = vals[2][0] ? vals[2] : NULL;
        if (c->bad)
            return ALLOT_E_INPUT;
        return hedgerun_delta_neutral(st, &val->lb, &p, tl, err);
    }
    case VMO_HEDGE: {
        struct hedgerun_cross p = { vals[0], vals[1], vals[2], INST_PERP, 0 };
        long w;
        symbol_field(c, 0, 1);
        symbol_field(c, 1, 1);
        if (c->bad == 0 && strcmp(vals[0], vals[1]) == 0)
            fail_field(c, 1, "hedge with another asset than %.40s", vals[0]);
        arg_field(c, 2);
        using_field(c, 3, &p.using);
        long_field(c, 4, MIN_WINDOW, MAX_WINDOW, 0, &w);
        p.window = (size_t)w;
        if (c->bad)
            return ALLOT_E_INPUT;
        return hedgerun_cross(st, &val->lb, &p, tl, err);
    }
    case VMO_DELTA_VEGA: {
        struct hedgerun_dv p = { vals[0], 0, 0, 0, INST_PERP };
        symbol_field(c, 0, 1);
        date_field(c, 1, &p.expiry_ms);
        num_field(c, 2, 1, 0, &p.target_delta_units);
        num_field(c, 3, 1, 0, &p.target_vega_usd_per_volpt);
        using_field(c, 4, &p.using);
        if (c->bad)
            return ALLOT_E_INPUT;
        return hedgerun_delta_vega(st, &val->lb, &p, tl, err);
    }
    case VMO_TAIL_HEDGE: {
        struct tailrun_scen sc[TAILRUN_MAX_SCEN];
        struct tailrun_params p = { sc, 0, vals[1], 0, 0, 0, INFINITY };
        struct allot_err e;
        if (num_field(c, 0, 1, 0, &p.max_loss_pct) && !(p.max_loss_pct >= 0 &&
                                                          p.max_loss_pct < PCT))
            fail_field(c, 0, "a percentage of equity in [0, 100)");
        err_clear(&e);
        if (tailrun_parse_scenarios(vals[1], sc, &p.n_scen, &e) != 0)
            fail_field(c, 1, "%.190s", e.msg);
        else
            arg_field(c, 1);
        long_field(c, 2, 0, MAX_MIN_DAYS, TAILRUN_DEFAULT_MIN_DAYS, &p.min_days);
        date_field(c, 3, &p.expiry_ms);
        if (num_field(c, 4, 0, INFINITY, &p.max_contracts) && !(p.max_contracts > 0))
            fail_field(c, 4, "must be > 0");
        if (c->bad)
            return ALLOT_E_INPUT;
        return tailrun_solve(st, &val->lb, &p, tl, err);
    }
    default:
        return err_setf(err, ALLOT_E_INPUT, "no such method");
    }
}

int vm_optimize_run(struct vm_optimize *v, store_t *st, const struct valuation *val,
                    enum vm_opt_method m, const char *const *values, struct allot_err *err)
{
    struct check c;
    struct tradelist *tl = NULL;
    int rc;

    memset(&c, 0, sizeof c);
    c.v = v;
    c.d = vm_optimize_method(m);
    c.values = values;
    memset(v->field_error, 0, sizeof v->field_error);
    if (!val->ok)
        return err_setf(err, ALLOT_E_INPUT, "no book to optimize: %s", val->error);
    arg(&c, "optimize");
    arg(&c, c.d->name);
    rc = run_method(&c, st, val, m, &tl, err);
    arg(&c, "--portfolio");
    arg(&c, val->portfolio);
    if (rc == ALLOT_E_INPUT && c.bad) {
        for (size_t i = 0; i < c.d->nfields; i++)
            if (v->field_error[i][0]) {
                err_setf(err, ALLOT_E_INPUT, "%s: %s", c.d->fields[i].label, v->field_error[i]);
                break;
            }
        return rc;
    }
    if (rc == 0)
        rc = propfigs_add(st, &val->lb, tl, err);
    if (rc != 0) {
        tradelist_free(tl);
        return rc;
    }
    vm_optimize_discard(v);
    v->tl = tl;
    v->method = m;
    memcpy(v->args, c.args, sizeof c.args);
    v->nargs = c.nargs;
    return ALLOT_OK;
}

int vm_optimize_apply(struct vm_optimize *v, store_t *st, const struct valuation *val,
                      struct allot_err *err)
{
    struct proposal_info *pi;
    size_t npi;
    long k = 0;
    char prefix[64], name[65];
    int rc;

    if (v->tl == NULL)
        return err_setf(err, ALLOT_E_INPUT, "no proposal to apply");
    if (v->applied)
        return err_setf(err, ALLOT_E_INPUT, "proposal %s is applied already; u undoes it",
                        v->applied_name);
    if (!val->ok)
        return err_setf(err, ALLOT_E_INPUT, "no book: %s", val->error);
    if ((rc = proposal_list(st, &pi, &npi, err)) != 0)
        return rc;
    snprintf(prefix, sizeof prefix, "ui-%s-", vm_optimize_method(v->method)->name);
    for (size_t i = 0; i < npi; i++) {
        char *end;
        long x;
        if (strncmp(pi[i].name, prefix, strlen(prefix)) != 0)
            continue;
        x = strtol(pi[i].name + strlen(prefix), &end, 10);
        if (*end == '\0' && x > k)
            k = x;
    }
    free(pi);
    snprintf(name, sizeof name, "%s%ld", prefix, k + 1);
    if ((rc = store_begin(st, err)) != 0)
        return rc;
    if ((rc = proposal_save(st, name, val->lb.portfolio_id, v->tl, err)) != 0 ||
        (rc = proposal_apply(st, name, &v->done, err)) != 0 ||
        (rc = store_commit(st, err)) != 0) {
        store_rollback(st);
        return rc;
    }
    v->applied = 1;
    str_copy(v->applied_name, sizeof v->applied_name, name);
    return ALLOT_OK;
}

void vm_optimize_refresh(struct vm_optimize *v, store_t *st)
{
    struct tradelist *tl;
    struct proposal_info info;
    struct allot_err e;
    if (v->applied_name[0] == '\0')
        return;
    err_clear(&e);
    if (proposal_load(st, v->applied_name, &tl, &info, &e) == 0) {
        v->applied = info.applied;
        tradelist_free(tl);
    }
}
