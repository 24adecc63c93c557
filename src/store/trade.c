#include <config.h>
#include "store/trade.h"

#include <math.h>
#include <stdio.h>


int trade_fee_rate(store_t *st, enum inst_kind k, double *rate, struct allot_err *err)
{
    char key[48];
    double dflt = k == INST_SPOT ? 0.001 : inst_is_option(k) ? 0.0003 : 0.0005;
    snprintf(key, sizeof key, "fee.%s", inst_kind_name(k));
    return store_setting_num(st, key, dflt, 0.0, rate, err);
}

int trade_lot(store_t *st, enum inst_kind k, double *lot, struct allot_err *err)
{
    char key[48];
    double dflt = inst_is_inverse(k) ? 10 : k == INST_SPOT ? 1e-8 : inst_is_option(k) ? 0.1
                                                                                        : 0.001;
    snprintf(key, sizeof key, "lot.%s", inst_kind_name(k));
    return store_setting_num(st, key, dflt, 0.0, lot, err);
}

int trade_min_qty(store_t *st, enum inst_kind k, double *min_qty, struct allot_err *err)
{
    char key[48];
    snprintf(key, sizeof key, "min.%s", inst_kind_name(k));
    return store_setting_num(st, key, 0.0, 0.0, min_qty, err);
}

double option_fee_usd(double underlying_notional_usd, double premium_usd, double rate)
{
    double fee = fabs(underlying_notional_usd) * rate, cap = OPTION_FEE_CAP * fabs(premium_usd);
    return fee < cap ? fee : cap;
}
