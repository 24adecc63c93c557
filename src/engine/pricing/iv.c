#include <config.h>
#include "engine/pricing/iv.h"

#include <float.h>
#include <math.h>

#include "engine/pricing/normal.h"

/* Stop when a Newton step moves s by at most this many ulp of s. */
#define STEP_TOL_ULP 4.0
/* From the third step on, a step that is not at most half the previous
 * one while already below this relative size means the evaluation noise
 * floor is reached: the iterate is as good as the function allows. */
#define NOISE_REL 1e-9

/* The normalised out-of-the-money call c(x, s), x <= 0 (iv.h). */
struct nb {
    double x;       /* -|ln(a/b)| */
    double ep;      /* e^{x/2}: the upper bound of c */
    double em;      /* e^{-x/2} */
    double ep_em;   /* e^{x/2} - e^{-x/2} <= 0, without cancellation */
};

static double nb_price(const struct nb *p, double s)
{
    const double h = p->x / s, t = 0.5 * s;
    if (-h < t) {
        /* h + t > 0 > h - t: split as e^{x/2}(N(h+t) - N(h-t)) +
         * (e^{x/2} - e^{-x/2}) N(h-t); the difference of N is a sum of
         * two erf of opposite signs, so nothing cancels even for tiny s */
        double dn = 0.5 * (erf((h + t) * NORMAL_SQRT1_2) - erf((h - t) * NORMAL_SQRT1_2));
        return p->ep * dn + p->ep_em * normal_cdf(h - t);
    }
    return p->ep * normal_cdf(h + t) - p->em * normal_cdf(h - t);
}

/* e^{x/2} - c(x, s), a sum of two positive terms. */
static double nb_complement(const struct nb *p, double s)
{
    const double h = p->x / s, t = 0.5 * s;
    return p->ep * normal_cdf(-(h + t)) + p->em * normal_cdf(h - t);
}

/* dc/ds = e^{x/2} n(h + t) = n(0) e^{-(h^2 + t^2)/2}, free of overflow. */
static double nb_vega(const struct nb *p, double s)
{
    const double h = p->x / s, t = 0.5 * s;
    return NORMAL_INV_SQRT_2PI * exp(-0.5 * (h * h + t * t));
}

enum region { REG_LOW, REG_MID, REG_HIGH };

/* Solve c(x, s) = beta for s, given x <= 0 and 0 < beta < e^{x/2}.
 * Returns 0 with *s_out, or -1 when the iteration limit is hit. */
static int solve(double x, double beta, double *s_out, int *iters)
{
    struct nb p = {x, exp(0.5 * x), exp(-0.5 * x), 0};
    p.ep_em = p.em * expm1(x);
    const double sc = sqrt(-2.0 * x);
    const double bc = x < 0.0 ? nb_price(&p, sc) : 0.0;
    double lo = 0.0, hi = INFINITY, s;
    enum region reg;

    if (beta <= bc) {
        /* ln c ~ -(x^2/s^2 + s^2/4)/2 below s_c: solve that quadratic
         * in s^2 for the first guess (its smaller root) */
        reg = REG_LOW;
        hi = sc;
        double l = -log(beta);
        s = sqrt(2.0 * x * x / (2.0 * l + sqrt(4.0 * l * l - x * x)));
        /* and since dc/ds <= n(0), c(s) <= s n(0): the root is at least
         * beta / n(0), which is the better guess near the money */
        lo = beta / NORMAL_INV_SQRT_2PI * (1.0 - 4.0 * DBL_EPSILON);
        s = fmax(s, lo * 1.5);
    } else if (beta <= 0.5 * p.ep) {
        /* concave part: the tangent at s_c lies above c, so one Newton
         * step from s_c lands left of the root; at x = 0, c ~ s n(0) */
        reg = REG_MID;
        lo = sc;
        s = x < 0.0 ? sc + (beta - bc) / nb_vega(&p, sc) : beta / NORMAL_INV_SQRT_2PI;
    } else {
        /* near the bound e^{x/2} - c ~ (e^{x/2} + e^{-x/2}) N(-s/2) */
        reg = REG_HIGH;
        lo = sc;
        s = -2.0 * normal_quantile((p.ep - beta) / (p.ep + p.em));
    }
    if (!(s > lo && s < hi))
        s = isinf(hi) ? fmax(2.0 * lo, 1.0) : 0.5 * (lo + hi);

    const double l_beta = reg == REG_LOW ? 1.0 / log(beta) : 0.0;
    const double l_comp = reg == REG_HIGH ? log(p.ep - beta) : 0.0;
    double prev_step = INFINITY;
    for (int it = 1; it <= IV_MAX_ITER; it++) {
        double f, fprime;
        int too_low;
        double vega = nb_vega(&p, s);
        if (reg == REG_LOW) {
            double c = nb_price(&p, s);
            double lc = log(c);
            f = 1.0 / lc - l_beta;
            fprime = -vega / (c * lc * lc);
            too_low = c < beta;
        } else if (reg == REG_MID) {
            double c = nb_price(&p, s);
            f = c - beta;
            fprime = vega;
            too_low = c < beta;
        } else {
            double cc = nb_complement(&p, s);
            f = log(cc) - l_comp;
            fprime = -vega / cc;
            too_low = f > 0.0;
        }
        if (f == 0.0) {
            *s_out = s;
            *iters = it;
            return 0;
        }
        if (too_low)
            lo = fmax(lo, s);
        else
            hi = fmin(hi, s);

        double next = s - f / fprime;
        if (fabs(next - s) <= STEP_TOL_ULP * DBL_EPSILON * s) {
            /* converged; checked before the bracket, which s itself may
             * have just become an end of */
            *s_out = next;
            *iters = it;
            return 0;
        }
        if (!(next > lo && next < hi)) {
            /* the step left the bracket (or was not a number). In a
             * bracket this narrow that means the evaluation noise: stop
             * at its middle */
            if (hi - lo <= NOISE_REL * s) {
                *s_out = 0.5 * (lo + hi);
                *iters = it;
                return 0;
            }
            /* else bisect, geometrically when the bracket spans orders
             * of magnitude */
            if (isinf(hi))
                next = 2.0 * s;
            else if (lo > 0.0 && hi > 4.0 * lo)
                next = sqrt(lo * hi);
            else
                next = 0.5 * (lo + hi);
        }
        double step = fabs(next - s);
        s = next;
        if (step <= STEP_TOL_ULP * DBL_EPSILON * s || hi - lo <= STEP_TOL_ULP * DBL_EPSILON * s ||
            (it >= 3 && step > 0.5 * prev_step && step < NOISE_REL * s)) {
            *s_out = s;
            *iters = it;
            return 0;
        }
        prev_step = step;
    }
    *iters = IV_MAX_ITER;
    return -1;
}

const char *iv_status_name(enum iv_status st)
{
    switch (st) {
    case IV_OK:
        return "ok";
    case IV_AT_LOWER_BOUND:
        return "at lower bound";
    case IV_BELOW_LOWER_BOUND:
        return "below lower bound";
    case IV_ABOVE_UPPER_BOUND:
        return "above upper bound";
    case IV_BAD_INPUT:
        return "bad input";
    case IV_NO_CONVERGENCE:
        return "no convergence";
    }
    return "?";
}

/* What the bounds are called in messages, per model and option type. */
struct bound_names {
    const char *lower;
    const char *upper;
};

/* The model-free part: a = S e^-qT or F e^-rT, b = K e^-rT. */
static int solve_price(double price, double a, double b, double t, int is_call,
                       const struct bound_names *names, struct iv_result *res,
                       struct allot_err *err)
{
    const double w = is_call ? 1.0 : -1.0;
    const double lower = fmax(w * (a - b), 0.0);
    const double upper = is_call ? a : b;
    /* the lower bound is a difference of a and b when in the money */
    const double tol = IV_BOUND_TOL_ULP * DBL_EPSILON * (fabs(price) + (lower > 0 ? a + b : 0));

    res->lower_bound = lower;
    res->upper_bound = upper;
    if (!isfinite(price)) {
        res->status = IV_BAD_INPUT;
        return err_setf(err, ALLOT_E_INPUT, "price %g is not a finite number", price);
    }
    if (price < lower - tol) {
        res->status = IV_BELOW_LOWER_BOUND;
        return err_setf(err, ALLOT_E_INPUT,
                        "no implied vol: price %.10g is below the lower bound %.10g (%s)", price,
                        lower, names->lower);
    }
    if (price <= lower + tol) {
        res->status = IV_AT_LOWER_BOUND;
        return err_setf(err, ALLOT_E_INPUT,
                        "no implied vol: price %.10g is at the lower bound %.10g (%s), so the "
                        "option has no time value",
                        price, lower, names->lower);
    }
    if (t == 0.0) {
        res->status = IV_ABOVE_UPPER_BOUND;
        return err_setf(err, ALLOT_E_INPUT,
                        "no implied vol: at expiry (t_years 0) the option is worth its "
                        "intrinsic value %.10g, not %.10g",
                        lower, price);
    }
    const double sab = sqrt(a) * sqrt(b);
    const double x = -fabs(log(a / b));
    const double beta = (price - lower) / sab;
    if (price >= upper * (1.0 - IV_BOUND_TOL_ULP * DBL_EPSILON) ||
        beta >= exp(0.5 * x) * (1.0 - IV_BOUND_TOL_ULP * DBL_EPSILON)) {
        res->status = IV_ABOVE_UPPER_BOUND;
        return err_setf(err, ALLOT_E_INPUT,
                        "no implied vol: price %.10g is %s the upper bound %.10g (%s)", price,
                        price > upper ? "above" : "at", upper, names->upper);
    }
    double s;
    if (solve(x, beta, &s, &res->iterations) != 0) {
        res->status = IV_NO_CONVERGENCE;
        return err_setf(err, ALLOT_E_NUMERIC,
                        "implied vol did not converge in %d steps (price %.17g, bounds %.17g "
                        "and %.17g)",
                        IV_MAX_ITER, price, lower, upper);
    }
    res->status = IV_OK;
    res->vol_ann = s / sqrt(t);
    return 0;
}

static void result_init(struct iv_result *res)
{
    res->status = IV_BAD_INPUT;
    res->vol_ann = NAN;
    res->lower_bound = NAN;
    res->upper_bound = NAN;
    res->iterations = 0;
}

int iv_bsm(const struct bsm_in *in, double price, struct iv_result *res,
           struct allot_err *err)
{
    static const struct bound_names call_names = {
        "the discounted intrinsic value max(S e^-qT - K e^-rT, 0) of a call",
        "S e^-qT for a call"};
    static const struct bound_names put_names = {
        "the discounted intrinsic value max(K e^-rT - S e^-qT, 0) of a put",
        "K e^-rT for a put"};
    struct bsm_in chk = *in;

    result_init(res);
    chk.vol_ann = 0.0;
    int rc = bsm_check(&chk, err);
    if (rc != 0)
        return rc;
    double a = in->spot * exp(-in->carry * in->t_years);
    double b = in->strike * exp(-in->rate * in->t_years);
    return solve_price(price, a, b, in->t_years, in->is_call,
                       in->is_call ? &call_names : &put_names, res, err);
}

int iv_black76(const struct black76_in *in, double price, struct iv_result *res,
               struct allot_err *err)
{
    static const struct bound_names call_names = {
        "the discounted intrinsic value max(F - K, 0) e^-rT of a call", "F e^-rT for a call"};
    static const struct bound_names put_names = {
        "the discounted intrinsic value max(K - F, 0) e^-rT of a put", "K e^-rT for a put"};
    struct black76_in chk = *in;

    result_init(res);
    chk.vol_ann = 0.0;
    int rc = black76_check(&chk, err);
    if (rc != 0)
        return rc;
    double df = exp(-in->rate * in->t_years);
    return solve_price(price, in->forward * df, in->strike * df, in->t_years, in->is_call,
                       in->is_call ? &call_names : &put_names, res, err);
}
