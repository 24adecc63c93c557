#include <config.h>

#include "engine/risk/payoff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int payoff_curves(scenario_reval_fn reval, void *ctx, size_t n_assets, size_t asset,
                  double lo, double hi, size_t n_points, const double *dt_years,
                  size_t n_curves, double *spot_mult, double *pnl_usd, struct allot_err *err)
{
    if (reval == NULL || n_assets == 0) {
        return err_setf(err, ALLOT_E_INPUT, "no revaluation function or no assets");
    }
    if (asset >= n_assets) {
        return err_setf(err, ALLOT_E_INPUT, "asset %zu is not in the universe of %zu assets",
                        asset, n_assets);
    }
    if (!isfinite(lo) || !isfinite(hi) || !(lo > 0.0) || !(hi > lo)) {
        return err_setf(err, ALLOT_E_INPUT, "spot range %g .. %g is not 0 < low < high", lo,
                        hi);
    }
    if (n_points < 2 || n_points > PAYOFF_MAX_POINTS) {
        return err_setf(err, ALLOT_E_INPUT, "number of points %zu is not in 2 .. %d",
                        n_points, PAYOFF_MAX_POINTS);
    }
    if (n_curves < 1 || dt_years == NULL) {
        return err_setf(err, ALLOT_E_INPUT, "no dates to draw");
    }
    for (size_t c = 0; c < n_curves; c++) {
        if (!isfinite(dt_years[c]) || dt_years[c] < 0.0) {
            return err_setf(err, ALLOT_E_INPUT, "date %zu: time step %g years is not >= 0", c,
                            dt_years[c]);
        }
    }
    for (size_t j = 0; j < n_points; j++) {
        spot_mult[j] = j + 1 == n_points
                           ? hi
                           : lo + (hi - lo) * (double)j / (double)(n_points - 1);
    }
    double *m = xreallocarray(NULL, n_assets, sizeof *m);
    int rc = 0;
    for (size_t a = 0; a < n_assets; a++) {
        m[a] = 1.0;
    }
    for (size_t c = 0; c < n_curves && rc == 0; c++) {
        for (size_t j = 0; j < n_points && rc == 0; j++) {
            struct scenario s = { n_assets, m, 1.0, 0.0, dt_years[c] };
            double *out = &pnl_usd[c * n_points + j];
            m[asset] = spot_mult[j];
            rc = reval(ctx, &s, out, err);
            if (rc && err != NULL && err->code == 0) {
                err_setf(err, rc, "revaluation failed");
            }
            if (rc == 0 && !isfinite(*out)) {
                rc = err_setf(err, ALLOT_E_NUMERIC, "revaluation gave a non-finite PnL");
            }
            if (rc) {
                err_prefix(err, "payoff date %zu, spot x %g: ", c, spot_mult[j]);
            }
        }
    }
    free(m);
    return rc;
}

int payoff_expiries(const struct position *pos, size_t n, const char *underlying,
                    int64_t now_ms, double *first_years, double *last_years,
                    struct allot_err *err)
{
    int64_t first = 0, last = 0;
    int found = 0;
    *first_years = 0.0;
    *last_years = 0.0;
    for (size_t i = 0; i < n; i++) {
        const struct position *p = &pos[i];
        if (!inst_is_option(p->kind) || p->expiry_ms <= now_ms) {
            continue;
        }
        if (underlying != NULL && strcmp(underlying, p->underlying) != 0) {
            continue;
        }
        if (!found || p->expiry_ms < first) {
            first = p->expiry_ms;
        }
        if (!found || p->expiry_ms > last) {
            last = p->expiry_ms;
        }
        found = 1;
    }
    if (!found) {
        return err_setf(err, ALLOT_E_NOTFOUND, "no unexpired option%s%s in the book",
                        underlying != NULL ? " on " : "", underlying != NULL ? underlying : "");
    }
    double ms_per_year = PAYOFF_DAYS_PER_YEAR * (double)DATE_MS_PER_DAY;
    *first_years = (double)(first - now_ms) / ms_per_year;
    *last_years = (double)(last - now_ms) / ms_per_year;
    return 0;
}
