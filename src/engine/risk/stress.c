#include <config.h>

#include "engine/risk/stress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/risk/covfactor.h"
#include "util/num.h"
#include "util/xalloc.h"

#define PCT 100.0                   /* a percentage point per unit move */
#define SNAP_RTOL 1e-9              /* grid points this close (x step) snap to 0 or hi */
#define RANGE_FIELD_MAX 64

static const struct stress_scenario_def builtin[] = {
    { "crash", "crypto -40 %, vols x 2", -0.40, 2.0, 0.0 },
    { "crash-30", "crypto -30 %, vols x 1.5", -0.30, 1.5, 0.0 },
    { "crash-50", "crypto -50 %, vols x 2", -0.50, 2.0, 0.0 },
    { "crash-70", "crypto -70 %, vols x 3", -0.70, 3.0, 0.0 },
    { "rally", "crypto +30 %, vols x 1.25", 0.30, 1.25, 0.0 },
    { "rally-50", "crypto +50 %, vols x 1.5", 0.50, 1.5, 0.0 },
    { "vol-spike", "no spot move, vols x 2", 0.0, 2.0, 0.0 },
    { "vol-crush", "no spot move, vols x 0.5", 0.0, 0.5, 0.0 },
};

const struct stress_scenario_def *stress_builtin(size_t *count)
{
    *count = sizeof builtin / sizeof builtin[0];
    return builtin;
}

const struct stress_scenario_def *stress_builtin_find(const char *name)
{
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
        if (name != NULL && strcmp(name, builtin[i].name) == 0) {
            return &builtin[i];
        }
    }
    return NULL;
}

int stress_range_points(const struct stress_range *r, const char *what, double *pts,
                        size_t *n, struct allot_err *err)
{
    if (!isfinite(r->lo) || !isfinite(r->hi) || !isfinite(r->step)) {
        return err_setf(err, ALLOT_E_INPUT, "%s range has a non-finite bound or step", what);
    }
    if (!(r->step > 0.0)) {
        return err_setf(err, ALLOT_E_INPUT, "%s range step %g is not > 0", what, r->step);
    }
    if (r->lo > r->hi) {
        return err_setf(err, ALLOT_E_INPUT, "%s range low %g is above high %g", what, r->lo,
                        r->hi);
    }
    if (!(r->lo > -1.0)) {
        return err_setf(err, ALLOT_E_INPUT,
                        "%s range low %g is not above -1 (-100 %%): the multiplier must stay "
                        "positive", what, r->lo);
    }
    double span = (r->hi - r->lo) / r->step;
    if (!(span + 1.0 <= (double)STRESS_MAX_POINTS)) {
        return err_setf(err, ALLOT_E_INPUT, "%s range has more than %d points", what,
                        STRESS_MAX_POINTS);
    }
    size_t count = (size_t)floor(span + SNAP_RTOL) + 1;
    if (pts != NULL) {
        for (size_t i = 0; i < count; i++) {
            double x = r->lo + (double)i * r->step;
            if (fabs(x) < SNAP_RTOL * r->step) {
                x = 0.0;
            }
            if (fabs(x - r->hi) < SNAP_RTOL * r->step) {
                x = r->hi;
            }
            pts[i] = x;
        }
    }
    *n = count;
    return 0;
}

/* Parse one field of a range: a number with an optional '%' suffix. */
static int parse_field(const char *s, size_t len, const char *name, long col, double *out,
                       struct allot_err *err)
{
    char buf[RANGE_FIELD_MAX];
    int pct = 0;
    if (len > 0 && s[len - 1] == '%') {
        pct = 1;
        len--;
    }
    if (len == 0 || len >= sizeof buf) {
        err_setf(err, ALLOT_E_INPUT, "range %s is %s", name, len == 0 ? "empty" : "too long");
        return err_at(err, NULL, 0, col);
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    const char *what;
    size_t off;
    double x;
    if (num_parse(buf, &x, &what, &off) != 0) {
        err_setf(err, ALLOT_E_INPUT, "range %s \"%s\": %s", name, buf, what);
        return err_at(err, NULL, 0, col + (long)off);
    }
    *out = pct ? x / PCT : x;
    return 0;
}

int stress_range_parse(const char *s, struct stress_range *r, struct allot_err *err)
{
    static const char *const names[3] = { "low", "high", "step" };
    double v[3];
    const char *p = s;
    if (s == NULL) {
        return err_setf(err, ALLOT_E_INPUT, "range is missing (want LO:HI:STEP)");
    }
    for (int f = 0; f < 3; f++) {
        const char *end = strchr(p, ':');
        if (f < 2 && end == NULL) {
            err_setf(err, ALLOT_E_INPUT, "range \"%s\" is not LO:HI:STEP", s);
            return err_at(err, NULL, 0, (long)strlen(s) + 1);
        }
        if (f == 2) {
            if (end != NULL) {
                err_setf(err, ALLOT_E_INPUT, "range \"%s\" has more than three fields", s);
                return err_at(err, NULL, 0, (long)(end - s) + 1);
            }
            end = p + strlen(p);
        }
        int rc = parse_field(p, (size_t)(end - p), names[f], (long)(p - s) + 1, &v[f], err);
        if (rc) {
            return rc;
        }
        p = end + 1;
    }
    struct stress_range tmp = { v[0], v[1], v[2] };
    size_t n;
    int rc = stress_range_points(&tmp, "the", NULL, &n, err);
    if (rc) {
        return err_at(err, NULL, 0, 1);
    }
    *r = tmp;
    return 0;
}

void stress_grid_free(struct stress_grid *g)
{
    if (g == NULL) {
        return;
    }
    free(g->spot_move);
    free(g->vol_move);
    free(g->pnl_usd);
    memset(g, 0, sizeof *g);
}

int stress_grid_run(scenario_reval_fn reval, void *ctx, size_t n_assets,
                    const struct stress_range *spot, const struct stress_range *vol,
                    enum stress_mode mode, double dt_years, struct stress_grid *out,
                    struct allot_err *err)
{
    static const struct stress_range spot_default = STRESS_SPOT_DEFAULT;
    static const struct stress_range vol_default = STRESS_VOL_DEFAULT;
    struct stress_grid g;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&g, 0, sizeof g);
    if (reval == NULL || n_assets == 0) {
        return err_setf(err, ALLOT_E_INPUT, "no revaluation function or no assets");
    }
    if (mode != STRESS_TOGETHER && mode != STRESS_EACH) {
        return err_setf(err, ALLOT_E_INPUT, "unknown stress mode %d", (int)mode);
    }
    if (!isfinite(dt_years) || dt_years < 0.0) {
        return err_setf(err, ALLOT_E_INPUT, "time step %g years is not >= 0", dt_years);
    }
    spot = spot != NULL ? spot : &spot_default;
    vol = vol != NULL ? vol : &vol_default;
    rc = stress_range_points(spot, "spot", NULL, &g.n_spot, err);
    if (rc == 0) {
        rc = stress_range_points(vol, "vol", NULL, &g.n_vol, err);
    }
    if (rc) {
        return rc;
    }
    g.mode = mode;
    g.dt_years = dt_years;
    g.n_under = mode == STRESS_EACH ? n_assets : 1;
    g.spot_move = xreallocarray(NULL, g.n_spot, sizeof *g.spot_move);
    g.vol_move = xreallocarray(NULL, g.n_vol, sizeof *g.vol_move);
    g.pnl_usd = xreallocarray(NULL, g.n_under * g.n_spot, g.n_vol * sizeof *g.pnl_usd);
    stress_range_points(spot, "spot", g.spot_move, &g.n_spot, NULL);
    stress_range_points(vol, "vol", g.vol_move, &g.n_vol, NULL);

    double *m = xreallocarray(NULL, n_assets, sizeof *m);
    for (size_t u = 0; u < g.n_under && rc == 0; u++) {
        for (size_t i = 0; i < g.n_spot && rc == 0; i++) {
            for (size_t a = 0; a < n_assets; a++) {
                m[a] = (mode == STRESS_TOGETHER || a == u) ? 1.0 + g.spot_move[i] : 1.0;
            }
            for (size_t j = 0; j < g.n_vol && rc == 0; j++) {
                struct scenario s = { n_assets, m, 1.0 + g.vol_move[j], 0.0, dt_years };
                double *cell = &g.pnl_usd[(u * g.n_spot + i) * g.n_vol + j];
                rc = reval(ctx, &s, cell, err);
                if (rc && err != NULL && err->code == 0) {
                    err_setf(err, rc, "revaluation failed");
                }
                if (rc == 0 && !isfinite(*cell)) {
                    rc = err_setf(err, ALLOT_E_NUMERIC, "revaluation gave a non-finite PnL");
                }
                if (rc) {
                    if (mode == STRESS_EACH) {
                        err_prefix(err, "stress asset %zu, spot %+g %%, vol %+g %%: ", u,
                                   g.spot_move[i] * PCT, g.vol_move[j] * PCT);
                    } else {
                        err_prefix(err, "stress spot %+g %%, vol %+g %%: ",
                                   g.spot_move[i] * PCT, g.vol_move[j] * PCT);
                    }
                }
            }
        }
    }
    free(m);
    if (rc) {
        stress_grid_free(&g);
        return rc;
    }
    *out = g;
    return 0;
}

int stress_scenario_moves(const struct stress_scenario_def *def, size_t n_assets,
                          const int *is_crypto, const gsl_matrix *cov, double *spot_mult,
                          struct allot_err *err)
{
    if (def == NULL || n_assets == 0 || (is_crypto == NULL && def->crypto_move != 0.0)) {
        return err_setf(err, ALLOT_E_INPUT, "stress scenario, universe or crypto flags missing");
    }
    const char *name = def->name != NULL ? def->name : "(unnamed)";
    if (!isfinite(def->crypto_move) || !(def->crypto_move > -1.0)) {
        return err_setf(err, ALLOT_E_INPUT, "scenario %s: crypto move %g is not above -1",
                        name, def->crypto_move);
    }
    if (!isfinite(def->vol_mult) || !(def->vol_mult > 0.0) || !isfinite(def->vol_shift)) {
        return err_setf(err, ALLOT_E_INPUT, "scenario %s: vol multiplier %g is not > 0 or "
                        "vol shift %g is not finite", name, def->vol_mult, def->vol_shift);
    }
    for (size_t a = 0; a < n_assets; a++) {
        spot_mult[a] = 1.0;
    }
    if (def->crypto_move == 0.0) {
        return 0;       /* r_c = 0: every conditional expectation is 0 */
    }
    size_t n_c = 0;
    for (size_t a = 0; a < n_assets; a++) {
        n_c += is_crypto[a] != 0;
    }
    if (n_c == 0) {
        return err_setf(err, ALLOT_E_INPUT, "scenario %s moves crypto assets, but no asset "
                        "is flagged crypto", name);
    }
    for (size_t a = 0; a < n_assets; a++) {
        if (is_crypto[a]) {
            spot_mult[a] = 1.0 + def->crypto_move;
        }
    }
    if (cov == NULL || n_c == n_assets) {
        return 0;
    }
    int rc = covfactor_check(cov, n_assets, "stress covariance", err);
    if (rc) {
        return rc;
    }
    size_t *ci = xreallocarray(NULL, n_c, sizeof *ci);
    double *y = xreallocarray(NULL, n_c, sizeof *y);
    gsl_matrix *scc = gsl_matrix_alloc(n_c, n_c);
    if (scc == NULL) {
        free(y);
        free(ci);
        return err_setf(err, ALLOT_E_NOMEM, "out of memory for the crypto covariance block");
    }
    for (size_t a = 0, c = 0; a < n_assets; a++) {
        if (is_crypto[a]) {
            ci[c++] = a;
        }
    }
    for (size_t p = 0; p < n_c; p++) {
        for (size_t q = 0; q < n_c; q++) {
            gsl_matrix_set(scc, p, q, gsl_matrix_get(cov, ci[p], ci[q]));
        }
        y[p] = log1p(def->crypto_move);
    }
    struct covfactor cf;
    rc = covfactor_init(&cf, scc, n_c, "stress covariance of the crypto assets (in universe "
                        "order)", 0, err);
    if (rc == 0) {
        covfactor_solve(&cf, y, y);         /* y = Sigma_cc^-1 r_c */
        for (size_t a = 0; a < n_assets; a++) {
            if (is_crypto[a]) {
                continue;
            }
            double e = 0.0;
            for (size_t p = 0; p < n_c; p++) {
                e += gsl_matrix_get(cov, a, ci[p]) * y[p];
            }
            spot_mult[a] = exp(e);
        }
        covfactor_done(&cf);
    } else {
        err_prefix(err, "scenario %s: ", name);
    }
    gsl_matrix_free(scc);
    free(y);
    free(ci);
    return rc;
}

int stress_scenario_run(scenario_reval_fn reval, void *ctx, size_t n_assets,
                        const struct stress_scenario_def *def, const int *is_crypto,
                        const gsl_matrix *cov, double dt_years, double *spot_mult,
                        double *pnl_usd, struct allot_err *err)
{
    if (reval == NULL) {
        return err_setf(err, ALLOT_E_INPUT, "no revaluation function");
    }
    if (!isfinite(dt_years) || dt_years < 0.0) {
        return err_setf(err, ALLOT_E_INPUT, "time step %g years is not >= 0", dt_years);
    }
    double *m = xreallocarray(NULL, n_assets > 0 ? n_assets : 1, sizeof *m);
    int rc = stress_scenario_moves(def, n_assets, is_crypto, cov, m, err);
    if (rc == 0) {
        struct scenario s = { n_assets, m, def->vol_mult, def->vol_shift, dt_years };
        rc = reval(ctx, &s, pnl_usd, err);
        if (rc && err != NULL && err->code == 0) {
            err_setf(err, rc, "revaluation failed");
        }
        if (rc == 0 && !isfinite(*pnl_usd)) {
            rc = err_setf(err, ALLOT_E_NUMERIC, "revaluation gave a non-finite PnL");
        }
        if (rc) {
            err_prefix(err, "scenario %s: ", def->name != NULL ? def->name : "(unnamed)");
        }
    }
    if (rc == 0 && spot_mult != NULL) {
        memcpy(spot_mult, m, n_assets * sizeof *m);
    }
    free(m);
    return rc;
}
