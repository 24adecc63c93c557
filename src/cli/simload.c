#include <config.h>
#include "cli/simload.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/pricefile.h"
#include "store/positions.h"
#include "store/prices.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

void simload_opts_init(struct simload_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = (unsigned long)date_now_ms() ^ ((unsigned long)getpid() << 16);
    o->jump_mean_log = SIM_JUMP_MEAN_LOG;
    o->jump_sd_log = SIM_JUMP_SD_LOG;
    feedsim_opts_init(&o->stream);
}

struct names {
    char (*s)[SERIES_SYMBOL_MAX];
    size_t n, cap;
};

static int add_name(struct names *nm, const char *sym, size_t len, struct allot_err *err)
{
    char buf[SERIES_SYMBOL_MAX];
    if (len == 0 || len >= sizeof buf)
        return err_setf(err, ALLOT_E_INPUT, "--symbols: \"%.*s\" is not a symbol (1 to 31 "
                        "printable characters)", (int)(len > 40 ? 40 : len), sym);
    memcpy(buf, sym, len);
    buf[len] = '\0';
    if (!pricefile_symbol_ok(buf))
        return err_setf(err, ALLOT_E_INPUT, "--symbols: \"%s\" is not a symbol (1 to 31 "
                        "printable characters without blanks, commas or quotes)", buf);
    for (size_t i = 0; i < nm->n; i++)
        if (strcmp(nm->s[i], buf) == 0)
            return err_setf(err, ALLOT_E_INPUT, "--symbols: %s is given twice", buf);
    if (nm->n == nm->cap) {
        nm->cap = nm->cap ? 2 * nm->cap : 16;
        nm->s = xreallocarray(nm->s, nm->cap, sizeof *nm->s);
    }
    memcpy(nm->s[nm->n++], buf, sizeof buf);
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The symbols: given, else the portfolio's underlyings, else all stored. */
static int pick_symbols(store_t *st, const struct simload_opts *o, struct names *nm,
                        struct allot_err *err)
{
    if (o->symbols != NULL) {
        const char *p = o->symbols;
        for (;;) {
            const char *c = strchr(p, ',');
            size_t len = c ? (size_t)(c - p) : strlen(p);
            if (add_name(nm, p, len, err) != 0)
                return err->code;
            if (c == NULL)
                break;
            p = c + 1;
        }
        return 0;
    }
    {
        int64_t pid;
        struct position *pos = NULL;
        size_t n = 0;
        struct allot_err e2;
        const char *name = o->portfolio ? o->portfolio : PORTFOLIO_DEFAULT;
        err_clear(&e2);
        if (portfolio_find(st, name, &pid, &e2) == 0 &&
            positions_list(st, pid, &pos, &n, &e2) == 0) {
            for (size_t i = 0; i < n; i++) {
                size_t k;
                for (k = 0; k < nm->n && strcmp(nm->s[k], pos[i].underlying) != 0; k++)
                    ;
                if (k == nm->n &&
                    add_name(nm, pos[i].underlying, strlen(pos[i].underlying), err) != 0) {
                    free(pos);
                    return err->code;
                }
            }
            free(pos);
        } else if (o->portfolio != NULL || e2.code != ALLOT_E_NOTFOUND) {
            *err = e2;
            return err->code;
        }
    }
    if (nm->n == 0) {
        struct price_symbol_info *info;
        size_t n;
        if (prices_symbols(st, &info, &n, err) != 0)
            return err->code;
        for (size_t i = 0; i < n; i++)
            if (info[i].rows >= 2)
                add_name(nm, info[i].symbol, strlen(info[i].symbol), err);
        free(info);
        if (nm->n == 0)
            return err_setf(err, ALLOT_E_NOTFOUND, "no prices stored to simulate from: import "
                            "prices first, or use --demo");
    }
    qsort(nm->s, nm->n, sizeof *nm->s, cmp_name);
    return 0;
}

int simload(store_t *st, const struct simload_opts *o, struct feedsim **out, char **names,
            struct allot_err *err)
{
    struct names nm = { 0 };
    struct series_set set;
    const char **syms = NULL;
    double *dpy = NULL, *last = NULL;
    gsl_matrix *cov = NULL;
    struct sim_params p;
    struct sim *sim;
    struct feedsim_opts so = o->stream;
    int rc;

    *out = NULL;
    if (names != NULL)
        *names = NULL;
    series_set_init(&set);
    if ((rc = pick_symbols(st, o, &nm, err)) != 0)
        goto done;
    syms = xcalloc(nm.n, sizeof *syms);
    dpy = xcalloc(nm.n, sizeof *dpy);
    last = xcalloc(nm.n, sizeof *last);
    for (size_t i = 0; i < nm.n; i++) {
        struct asset_info ai;
        syms[i] = nm.s[i];
        if ((rc = assets_get(st, nm.s[i], &ai, err)) != 0)
            goto done;
        dpy[i] = ai.days_per_year;
    }
    if ((rc = prices_load(st, syms, nm.n, DATE_NONE, DATE_NONE, &set, err)) != 0)
        goto done;
    cov = gsl_matrix_alloc(nm.n, nm.n);
    if (cov == NULL) {
        rc = err_setf(err, ALLOT_E_NOMEM, "out of memory");
        goto done;
    }
    if ((rc = sim_cov_from_series(&set, syms, nm.n, dpy, 0, cov, last, err)) != 0) {
        err_prefix(err, "estimating the covariance: ");
        goto done;
    }
    if (so.start_ms == 0)
        so.start_ms = store_now_ms(st);
    if (!(so.rate_hz > 0) || !(so.speed > 0)) {
        rc = err_setf(err, ALLOT_E_INPUT, "rate and speed must be greater than 0");
        goto done;
    }
    sim_params_init(&p);
    p.n = nm.n;
    p.spot0 = last;
    p.cov_daily = cov;
    p.dt_days = feedsim_dt_days(&so);
    p.stress = o->stress;
    p.jump_rate_per_year = o->jump_rate_per_year;
    p.jump_mean_log = o->jump_mean_log;
    p.jump_sd_log = o->jump_sd_log;
    p.seed = o->seed;
    if ((rc = sim_new(&p, &sim, err)) != 0)
        goto done;
    if ((rc = feedsim_new(sim, syms, &so, out, err)) != 0)
        goto done;
    if (names != NULL) {
        struct strbuf b = { 0 };
        for (size_t i = 0; i < nm.n; i++) {
            if (i > 0)
                strbuf_puts(&b, ",");
            strbuf_puts(&b, nm.s[i]);
        }
        *names = xstrdup(strbuf_str(&b));
        strbuf_free(&b);
    }
done:
    gsl_matrix_free(cov);
    series_set_done(&set);
    free(syms);
    free(dpy);
    free(last);
    free(nm.s);
    return rc;
}
