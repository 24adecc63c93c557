/* testbooks.h: test doubles of a revaluing book for the risk tests (the
 * pricing engine is not used): a linear book of spot positions, a book
 * linear in log returns, and a book of spot plus European options priced
 * by a small Black-Scholes formula written here (r = 0, no dividends).
 * Static inline functions only; each test binary includes what it uses. */
#ifndef ALLOT_TESTS_ENGINE_RISK_TESTBOOKS_H
#define ALLOT_TESTS_ENGINE_RISK_TESTBOOKS_H

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "engine/portfolio/scenario.h"
#include "util/err.h"

#define TB_VOL_FLOOR 1e-8       /* scenario.h: vols are floored just above 0 */

/* Linear spot book: PnL = sum_i value_usd[i] (m_i - 1), value = q_i S_i. */
struct tb_linear {
    size_t n;
    const double *value_usd;
};

static inline double tb_mult(const struct scenario *s, size_t i)
{
    return s->spot_mult != NULL ? s->spot_mult[i] : 1.0;
}

static inline int tb_linear_reval(void *ctx, const struct scenario *s, double *pnl,
                                  struct allot_err *err)
{
    const struct tb_linear *b = ctx;
    (void)err;
    double p = 0.0;
    for (size_t i = 0; i < b->n; i++) {
        p += b->value_usd[i] * (tb_mult(s, i) - 1.0);
    }
    *pnl = p;
    return 0;
}

/* Log-linear book: PnL = sum_i d_usd[i] ln(m_i), exactly normal when the
 * log returns are, with USD delta d_usd at m = 1. */
static inline int tb_loglin_reval(void *ctx, const struct scenario *s, double *pnl,
                                  struct allot_err *err)
{
    const struct tb_linear *b = ctx;
    (void)err;
    double p = 0.0;
    for (size_t i = 0; i < b->n; i++) {
        p += b->value_usd[i] * log(tb_mult(s, i));
    }
    *pnl = p;
    return 0;
}

/* Standard normal cdf. */
static inline double tb_ncdf(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

/* Black-Scholes price with r = q = 0; intrinsic value at t <= 0. */
static inline double tb_bs(double s, double k, double t_years, double vol, int is_call)
{
    if (t_years <= 0.0) {
        return is_call ? fmax(s - k, 0.0) : fmax(k - s, 0.0);
    }
    double sd = vol * sqrt(t_years);
    double d1 = (log(s / k) + 0.5 * sd * sd) / sd, d2 = d1 - sd;
    return is_call ? s * tb_ncdf(d1) - k * tb_ncdf(d2) : k * tb_ncdf(-d2) - s * tb_ncdf(-d1);
}

/* Black-Scholes delta (per unit of the underlying), r = q = 0. */
static inline double tb_bs_delta(double s, double k, double t_years, double vol, int is_call)
{
    double sd = vol * sqrt(t_years);
    double d1 = (log(s / k) + 0.5 * sd * sd) / sd;
    return is_call ? tb_ncdf(d1) : tb_ncdf(d1) - 1.0;
}

struct tb_option {
    size_t asset;
    double qty;             /* units of the underlying, long > 0 */
    double strike;
    double t_years;
    double vol;
    int is_call;
};

/* Spot positions plus options on a universe of n assets with spots spot[]. */
struct tb_optbook {
    size_t n;
    const double *spot;         /* n */
    const double *spot_qty;     /* n units held, or NULL */
    size_t n_opt;
    const struct tb_option *opt;
    long calls;                 /* revaluations so far */
};

static inline int tb_optbook_reval(void *ctx, const struct scenario *s, double *pnl,
                                   struct allot_err *err)
{
    struct tb_optbook *b = ctx;
    (void)err;
    double p = 0.0;
    b->calls++;
    for (size_t i = 0; i < b->n && b->spot_qty != NULL; i++) {
        p += b->spot_qty[i] * b->spot[i] * (tb_mult(s, i) - 1.0);
    }
    for (size_t j = 0; j < b->n_opt; j++) {
        const struct tb_option *o = &b->opt[j];
        double s0 = b->spot[o->asset], s1 = s0 * tb_mult(s, o->asset);
        double v1 = fmax(o->vol * s->vol_mult + s->vol_shift, TB_VOL_FLOOR);
        double now = tb_bs(s0, o->strike, o->t_years, o->vol, o->is_call);
        double then = tb_bs(s1, o->strike, o->t_years - s->dt_years, v1, o->is_call);
        p += o->qty * (then - now);
    }
    *pnl = p;
    return 0;
}

#endif
