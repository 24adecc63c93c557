#include <config.h>
#include "engine/optimize/hedge.h"

#include <math.h>
#include <string.h>

#include "util/num.h"

static double round_lot(double x, double lot)
{
    return lot > 0.0 ? num_mul_step(round(x / lot), lot) : x;
}

int hedge_delta(const struct hedge_delta_in *in, struct hedge_delta_out *out,
                struct allot_err *err)
{
    memset(out, 0, sizeof *out);
    int inverse = inst_is_inverse(in->kind);
    if (!inverse && in->kind != INST_SPOT && in->kind != INST_PERP && in->kind != INST_FUTURE)
        return err_setf(err, ALLOT_E_INPUT,
                        "delta hedge instrument must be spot, perp, future or inverse, not %s",
                        inst_kind_name(in->kind));
    if (!isfinite(in->delta_units) || !isfinite(in->target_units))
        return err_setf(err, ALLOT_E_INPUT, "delta and target must be numbers");
    if (!isfinite(in->price_usd) || in->price_usd <= 0.0)
        return err_setf(err, ALLOT_E_INPUT, "hedge price must be > 0 (got %g)", in->price_usd);
    if (!isfinite(in->lot) || in->lot < 0.0 || !isfinite(in->min_qty) || in->min_qty < 0.0)
        return err_setf(err, ALLOT_E_INPUT, "lot and minimum quantity must be >= 0");
    if (!isfinite(in->fee_rate) || in->fee_rate < 0.0)
        return err_setf(err, ALLOT_E_INPUT, "fee rate must be >= 0 (got %g)", in->fee_rate);

    double need = in->target_units - in->delta_units; /* delta to add, units */
    /* inverse: d PnL_usd / dS = N / S0, so N = need * S0 (see hedge.h) */
    out->qty_raw = inverse ? need * in->price_usd : need;
    double q = round_lot(out->qty_raw, in->lot);
    if (q != 0.0 && fabs(q) < in->min_qty) {
        if (fabs(out->qty_raw) >= 0.5 * in->min_qty) {
            q = copysign(in->min_qty, out->qty_raw);
        } else {
            q = 0.0;
            out->below_min = 1;
        }
    } else if (q == 0.0 && out->qty_raw != 0.0 && in->min_qty > 0.0 &&
               fabs(out->qty_raw) < 0.5 * in->min_qty) {
        out->below_min = 1;
    }
    out->qty = q;
    out->notional_usd = inverse ? fabs(q) : fabs(q) * in->price_usd;
    out->fee_usd = out->notional_usd * in->fee_rate;
    out->delta_change_units = inverse ? q / in->price_usd : q;
    out->delta_after_units = in->delta_units + out->delta_change_units;
    return 0;
}

int hedge_min_variance(const gsl_matrix *cov, size_t ia, size_t ib, double exposure_a_usd,
                       struct hedge_mv_out *out, struct allot_err *err)
{
    memset(out, 0, sizeof *out);
    size_t n = cov->size1;
    if (cov->size2 != n || ia >= n || ib >= n)
        return err_setf(err, ALLOT_E_INPUT, "asset index out of range (%zu, %zu of %zu)", ia, ib,
                        n);
    if (ia == ib)
        return err_setf(err, ALLOT_E_INPUT, "an asset cannot hedge itself across assets");
    if (!isfinite(exposure_a_usd) || exposure_a_usd == 0.0)
        return err_setf(err, ALLOT_E_INPUT, "exposure to hedge must be a non-zero number");
    double va = gsl_matrix_get(cov, ia, ia), vb = gsl_matrix_get(cov, ib, ib);
    double cab = gsl_matrix_get(cov, ia, ib);
    if (!isfinite(va) || va <= 0.0 || !isfinite(vb) || vb <= 0.0 || !isfinite(cab))
        return err_setf(err, ALLOT_E_INPUT, "variances must be > 0 and the covariance finite");
    double rho = cab / sqrt(va * vb);
    if (fabs(rho) > 1.0 + 1e-12)
        return err_setf(err, ALLOT_E_NUMERIC,
                        "correlation %g is outside [-1, 1]: the covariance is not positive "
                        "semi-definite",
                        rho);
    double h = cab / vb, e = exposure_a_usd, x = -h * e;
    out->ratio = h;
    out->hedge_usd = x;
    out->rho = rho;
    out->var_before = e * e * va;
    /* var(e r_a + x r_b) = e^2 va + 2 e x cab + x^2 vb = e^2 (va - cab^2 / vb) */
    out->var_after = e * e * va + 2.0 * e * x * cab + x * x * vb;
    if (out->var_after < 0.0)
        out->var_after = 0.0;
    out->frac_left = out->var_after / out->var_before;
    return 0;
}

int hedge_delta_vega(double delta_units, double vega_usd_per_volpt, double target_delta_units,
                     double target_vega_usd_per_volpt, const struct hedge_dv_inst *i1,
                     const struct hedge_dv_inst *i2, double book_gross_usd,
                     struct hedge_dv_out *out, struct allot_err *err)
{
    memset(out, 0, sizeof *out);
    const struct hedge_dv_inst *in[2] = { i1, i2 };
    if (!isfinite(delta_units) || !isfinite(vega_usd_per_volpt) ||
        !isfinite(target_delta_units) || !isfinite(target_vega_usd_per_volpt))
        return err_setf(err, ALLOT_E_INPUT, "book delta, vega and targets must be numbers");
    for (int k = 0; k < 2; k++) {
        if (!isfinite(in[k]->delta_units) || !isfinite(in[k]->vega_usd_per_volpt) ||
            !isfinite(in[k]->notional_usd) || in[k]->notional_usd <= 0.0 ||
            !isfinite(in[k]->lot) || in[k]->lot < 0.0)
            return err_setf(err, ALLOT_E_INPUT,
                            "hedge instrument %d: greeks must be numbers, notional > 0, lot >= 0",
                            k + 1);
    }
    /* rows scaled to unit max so delta (units) and vega (USD) compare */
    double d1 = i1->delta_units, d2 = i2->delta_units;
    double v1 = i1->vega_usd_per_volpt, v2 = i2->vega_usd_per_volpt;
    double rd = fmax(fabs(d1), fabs(d2)), rv = fmax(fabs(v1), fabs(v2));
    double sine = 0.0;
    if (rd > 0.0 && rv > 0.0) {
        double a = d1 / rd, b = d2 / rd, c = v1 / rv, d = v2 / rv;
        double n1 = hypot(a, c), n2 = hypot(b, d);
        sine = fabs(a * d - b * c) / (n1 * n2);
    }
    out->sine = sine;
    if (!(sine >= HEDGE_DV_MIN_SINE))
        return err_setf(err, ALLOT_E_NUMERIC,
                        "delta-vega hedge refused: the two instruments' (delta, vega) are %s "
                        "(|sin| of their angle %.3g < %.0e); choose instruments with different "
                        "vega per delta, e.g. an option and the perp",
                        (rv == 0.0 ? "both without vega" : rd == 0.0 ? "both without delta"
                                                                     : "nearly proportional"),
                        sine, HEDGE_DV_MIN_SINE);
    double rhs_d = target_delta_units - delta_units, rhs_v = target_vega_usd_per_volpt -
                                                             vega_usd_per_volpt;
    double det = d1 * v2 - d2 * v1;
    out->qty_raw[0] = (rhs_d * v2 - d2 * rhs_v) / det;
    out->qty_raw[1] = (d1 * rhs_v - rhs_d * v1) / det;
    out->gross_usd = fabs(out->qty_raw[0]) * i1->notional_usd +
                     fabs(out->qty_raw[1]) * i2->notional_usd;
    if (book_gross_usd > 0.0 && out->gross_usd > HEDGE_DV_MAX_GROSS_MULT * book_gross_usd)
        return err_setf(err, ALLOT_E_NUMERIC,
                        "delta-vega hedge refused: it needs %.0f USD of gross notional, more "
                        "than %.0f x the book's %.0f USD",
                        out->gross_usd, HEDGE_DV_MAX_GROSS_MULT, book_gross_usd);
    for (int k = 0; k < 2; k++)
        out->qty[k] = round_lot(out->qty_raw[k], in[k]->lot);
    out->delta_after_units = delta_units + out->qty[0] * d1 + out->qty[1] * d2;
    out->vega_after_usd_per_volpt = vega_usd_per_volpt + out->qty[0] * v1 + out->qty[1] * v2;
    return 0;
}

size_t hedge_nearest_atm(const double *strikes, size_t n, double spot)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
        if (best == n)
            best = i;
        double di = fabs(strikes[i] - spot), db = fabs(strikes[best] - spot);
        if (di < db || (di == db && strikes[i] < strikes[best]))
            best = i;
    }
    return best;
}
