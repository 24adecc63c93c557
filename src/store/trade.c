#include <config.h>
#include "store/trade.h"

#include <math.h>
#include <stdio.h>

#include "util/num.h"

static int setting_or(store_t *st, const char *key, double dflt, double *out,
                      struct allot_err *err)
{
    char buf[64];
    const char *what;
    size_t off;
    struct allot_err e2;
    err_clear(&e2);
    if (store_setting_get(st, key, buf, sizeof buf, &e2) != 0) {
        if (e2.code != ALLOT_E_NOTFOUND)
            return *err = e2, err->code;
        *out = dflt;
        return 0;
    }
    if (num_parse(buf, out, &what, &off) != 0 || !(*out >= 0))
        return err_setf(err, ALLOT_E_INPUT, "setting %s is \"%s\": expected a number >= 0", key,
                        buf);
    return 0;
}

int trade_fee_rate(store_t *st, enum inst_kind k, double *rate, struct allot_err *err)
{
    char key[48];
    double dflt = k == INST_SPOT ? 0.001 : inst_is_option(k) ? 0.0003 : 0.0005;
    snprintf(key, sizeof key, "fee.%s", inst_kind_name(k));
    return setting_or(st, key, dflt, rate, err);
}

int trade_lot(store_t *st, enum inst_kind k, double *lot, struct allot_err *err)
{
    char key[48];
    double dflt = inst_is_inverse(k) ? 10 : k == INST_SPOT ? 1e-8 : inst_is_option(k) ? 0.1
                                                                                        : 0.001;
    snprintf(key, sizeof key, "lot.%s", inst_kind_name(k));
    return setting_or(st, key, dflt, lot, err);
}

int trade_min_qty(store_t *st, enum inst_kind k, double *min_qty, struct allot_err *err)
{
    char key[48];
    snprintf(key, sizeof key, "min.%s", inst_kind_name(k));
    return setting_or(st, key, 0.0, min_qty, err);
}

double option_fee_usd(double underlying_notional_usd, double premium_usd, double rate)
{
    double fee = fabs(underlying_notional_usd) * rate, cap = OPTION_FEE_CAP * fabs(premium_usd);
    return fee < cap ? fee : cap;
}
