#include <config.h>
#include "engine/pricing/black76.h"

#include <math.h>

static struct bsm_in as_bsm(const struct black76_in *in)
{
    struct bsm_in b = {
        .spot = in->forward,
        .strike = in->strike,
        .t_years = in->t_years,
        .vol_ann = in->vol_ann,
        .rate = in->rate,
        .carry = in->rate,
        .is_call = in->is_call,
    };
    return b;
}

int black76_check(const struct black76_in *in, struct allot_err *err)
{
    struct bsm_in b = as_bsm(in);
    int rc = bsm_check(&b, err);
    if (rc != 0 && err != NULL && err->msg[0] == 's')
        /* bsm_check names the spot; here it is the forward */
        return err_setf(err, ALLOT_E_INPUT, "forward %g is not in [%g, %g]", in->forward,
                        BSM_MIN_PRICE, BSM_MAX_PRICE);
    return rc;
}

static inline void eval(const struct black76_in *in, struct opt_greeks *out)
{
    bsm_greeks_unchecked(in->forward, in->strike, in->t_years, in->vol_ann, in->rate, in->rate,
                         in->is_call, out);
    out->rho = -in->t_years * out->price;
}

int black76_greeks(const struct black76_in *in, struct opt_greeks *out, struct allot_err *err)
{
    int rc = black76_check(in, err);
    if (rc != 0) {
        out->price = out->delta = out->gamma = out->vega = NAN;
        out->theta = out->rho = out->vanna = out->volga = NAN;
        return rc;
    }
    eval(in, out);
    return 0;
}

double black76_price(const struct black76_in *in)
{
    if (black76_check(in, NULL) != 0)
        return NAN;
    return bsm_price_unchecked(in->forward, in->strike, in->t_years, in->vol_ann, in->rate,
                               in->rate, in->is_call);
}

int black76_greeks_batch(const struct black76_in *in, struct opt_greeks *out, size_t n,
                         struct allot_err *err)
{
    size_t first_bad = n;
    for (size_t i = 0; i < n; i++) {
        if (black76_check(&in[i], NULL) == 0) {
            eval(&in[i], &out[i]);
        } else {
            out[i].price = out[i].delta = out[i].gamma = out[i].vega = NAN;
            out[i].theta = out[i].rho = out[i].vanna = out[i].volga = NAN;
            if (first_bad == n)
                first_bad = i;
        }
    }
    if (first_bad == n)
        return 0;
    black76_check(&in[first_bad], err);
    return err_prefix(err, "option %zu: ", first_bad);
}
