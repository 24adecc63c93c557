#include <config.h>
#include "engine/pricing/bsm.h"

#include <math.h>

#include "engine/pricing/normal.h"

/* N(w d) in the degenerate case, where d is +-infinity with the sign of
 * x = ln(F/K), or 0 when F = K. */
static inline double step_cdf(double w, double x)
{
    if (x == 0.0)
        return 0.5;
    return (w * x > 0.0) ? 1.0 : 0.0;
}

/* The one kernel behind every entry point; see bsm.h for the formulas.
 * One log, one sqrt, three exp and two erfc per option. */
static inline void kernel(double spot, double strike, double t, double vol, double r,
                          double q, int is_call, struct opt_greeks *o)
{
    const double w = is_call ? 1.0 : -1.0;
    const double sqrt_t = sqrt(t);
    const double s = vol * sqrt_t;
    const double dq = exp(-q * t);
    const double df = exp(-r * t);
    const double s_dq = spot * dq;
    const double k_df = strike * df;
    /* ln(F/K); r*t and q*t are bounded by bsm_check, (r-q) might not be */
    const double x = log(spot / strike) + (r * t - q * t);

    if (s >= BSM_S_MIN) {
        const double inv_s = 1.0 / s;
        const double d1 = x * inv_s + 0.5 * s;
        const double d2 = d1 - s;
        const double nd1 = NORMAL_INV_SQRT_2PI * exp(-0.5 * d1 * d1);
        const double n1 = 0.5 * erfc(-w * d1 * NORMAL_SQRT1_2);
        const double n2 = 0.5 * erfc(-w * d2 * NORMAL_SQRT1_2);
        const double s_dq_nd1 = s_dq * nd1;
        const double price = w * (s_dq * n1 - k_df * n2);
        const double vega = s_dq_nd1 * sqrt_t;
        /* 1/vol = sqrt(T)/s and 1/sqrt(T) = vol/s: no second division */
        const double sqrt_t_inv_s = sqrt_t * inv_s;

        o->price = price > 0.0 ? price : 0.0;
        o->delta = w * dq * n1;
        o->gamma = dq * nd1 * inv_s / spot;
        o->vega = vega;
        o->theta = -0.5 * s_dq_nd1 * vol * vol * inv_s - w * r * k_df * n2 + w * q * s_dq * n1;
        o->rho = w * t * k_df * n2;
        o->vanna = -dq * nd1 * d2 * sqrt_t_inv_s;
        o->volga = vega * d1 * d2 * sqrt_t_inv_s;
        return;
    }

    /* s = 0 (or below BSM_S_MIN): the limits documented in bsm.h */
    const double n = step_cdf(w, x);
    const double intrinsic = w * (s_dq - k_df);
    o->price = (n == 1.0 && intrinsic > 0.0) ? intrinsic : 0.0;
    o->delta = w * dq * n;
    o->gamma = 0.0;
    o->vega = (x == 0.0) ? s_dq * NORMAL_INV_SQRT_2PI * sqrt_t : 0.0;
    o->theta = (t > 0.0) ? w * n * (q * s_dq - r * k_df) : 0.0;
    o->rho = w * t * k_df * n;
    o->vanna = 0.0;
    o->volga = 0.0;
}

static inline double kernel_price(double spot, double strike, double t, double vol,
                                  double r, double q, int is_call)
{
    const double w = is_call ? 1.0 : -1.0;
    const double s = vol * sqrt(t);
    const double s_dq = spot * exp(-q * t);
    const double k_df = strike * exp(-r * t);
    const double x = log(spot / strike) + (r * t - q * t);

    if (s >= BSM_S_MIN) {
        const double d1 = x / s + 0.5 * s;
        const double d2 = d1 - s;
        const double price = w * (s_dq * 0.5 * erfc(-w * d1 * NORMAL_SQRT1_2) -
                                  k_df * 0.5 * erfc(-w * d2 * NORMAL_SQRT1_2));
        return price > 0.0 ? price : 0.0;
    }
    const double intrinsic = w * (s_dq - k_df);
    return (step_cdf(w, x) == 1.0 && intrinsic > 0.0) ? intrinsic : 0.0;
}

/* The validity test of bsm_check without the message, for the batch. */
static inline int valid(const struct bsm_in *in)
{
    return in->spot >= BSM_MIN_PRICE && in->spot <= BSM_MAX_PRICE &&
           in->strike >= BSM_MIN_PRICE && in->strike <= BSM_MAX_PRICE &&
           in->t_years >= 0.0 && in->t_years <= BSM_MAX_T_YEARS &&
           in->vol_ann >= 0.0 && in->vol_ann <= BSM_MAX_VOL &&
           fabs(in->rate) <= BSM_MAX_RATE && fabs(in->carry) <= BSM_MAX_RATE &&
           fabs(in->rate * in->t_years) <= BSM_MAX_RATE_TIME &&
           fabs(in->carry * in->t_years) <= BSM_MAX_RATE_TIME;
}

static void set_nan(struct opt_greeks *o)
{
    o->price = o->delta = o->gamma = o->vega = NAN;
    o->theta = o->rho = o->vanna = o->volga = NAN;
}

int bsm_check(const struct bsm_in *in, struct allot_err *err)
{
    if (!(in->spot >= BSM_MIN_PRICE && in->spot <= BSM_MAX_PRICE))
        return err_setf(err, ALLOT_E_INPUT, "spot %g is not in [%g, %g]", in->spot,
                        BSM_MIN_PRICE, BSM_MAX_PRICE);
    if (!(in->strike >= BSM_MIN_PRICE && in->strike <= BSM_MAX_PRICE))
        return err_setf(err, ALLOT_E_INPUT, "strike %g is not in [%g, %g]", in->strike,
                        BSM_MIN_PRICE, BSM_MAX_PRICE);
    if (!(in->t_years >= 0.0 && in->t_years <= BSM_MAX_T_YEARS))
        return err_setf(err, ALLOT_E_INPUT, "t_years %g is not in [0, %g]", in->t_years,
                        BSM_MAX_T_YEARS);
    if (!(in->vol_ann >= 0.0 && in->vol_ann <= BSM_MAX_VOL))
        return err_setf(err, ALLOT_E_INPUT, "vol_ann %g is not in [0, %g]", in->vol_ann,
                        BSM_MAX_VOL);
    if (!(fabs(in->rate) <= BSM_MAX_RATE && fabs(in->rate * in->t_years) <= BSM_MAX_RATE_TIME))
        return err_setf(err, ALLOT_E_INPUT,
                        "rate %g is out of range (|rate| <= %g, |rate * t_years| <= %g)",
                        in->rate, BSM_MAX_RATE, BSM_MAX_RATE_TIME);
    if (!(fabs(in->carry) <= BSM_MAX_RATE &&
          fabs(in->carry * in->t_years) <= BSM_MAX_RATE_TIME))
        return err_setf(err, ALLOT_E_INPUT,
                        "carry %g is out of range (|carry| <= %g, |carry * t_years| <= %g)",
                        in->carry, BSM_MAX_RATE, BSM_MAX_RATE_TIME);
    return 0;
}

int bsm_greeks(const struct bsm_in *in, struct opt_greeks *out, struct allot_err *err)
{
    int rc = bsm_check(in, err);
    if (rc != 0) {
        set_nan(out);
        return rc;
    }
    kernel(in->spot, in->strike, in->t_years, in->vol_ann, in->rate, in->carry, in->is_call,
           out);
    return 0;
}

double bsm_price(const struct bsm_in *in)
{
    if (!valid(in))
        return NAN;
    return kernel_price(in->spot, in->strike, in->t_years, in->vol_ann, in->rate, in->carry,
                        in->is_call);
}

int bsm_greeks_batch(const struct bsm_in *in, struct opt_greeks *out, size_t n,
                     struct allot_err *err)
{
    size_t first_bad = n;
    for (size_t i = 0; i < n; i++) {
        const struct bsm_in *p = &in[i];
        if (valid(p)) {
            kernel(p->spot, p->strike, p->t_years, p->vol_ann, p->rate, p->carry, p->is_call,
                   &out[i]);
        } else {
            set_nan(&out[i]);
            if (first_bad == n)
                first_bad = i;
        }
    }
    if (first_bad == n)
        return 0;
    bsm_check(&in[first_bad], err);
    return err_prefix(err, "option %zu: ", first_bad);
}

void bsm_greeks_unchecked(double spot, double strike, double t_years, double vol_ann,
                          double rate, double carry, int is_call, struct opt_greeks *out)
{
    kernel(spot, strike, t_years, vol_ann, rate, carry, is_call, out);
}

double bsm_price_unchecked(double spot, double strike, double t_years, double vol_ann,
                           double rate, double carry, int is_call)
{
    return kernel_price(spot, strike, t_years, vol_ann, rate, carry, is_call);
}
