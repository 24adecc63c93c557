#include <config.h>
#include "engine/portfolio/instrument.h"

#include <math.h>
#include <string.h>

#include "util/date.h"

static const char *const kind_names[INST_KIND_COUNT] = {
    [INST_SPOT] = "spot",
    [INST_PERP] = "perp",
    [INST_FUTURE] = "future",
    [INST_INV_PERP] = "inverse-perp",
    [INST_INV_FUTURE] = "inverse-future",
    [INST_OPTION] = "option",
    [INST_COIN_OPTION] = "coin-option",
};

const char *inst_kind_name(enum inst_kind kind)
{
    if ((int)kind < 0 || kind >= INST_KIND_COUNT)
        return "?";
    return kind_names[kind];
}

int inst_kind_parse(const char *s, enum inst_kind *kind)
{
    for (int k = 0; k < INST_KIND_COUNT; k++) {
        if (strcmp(s, kind_names[k]) == 0) {
            *kind = (enum inst_kind)k;
            return 0;
        }
    }
    return -1;
}

int inst_is_option(enum inst_kind kind)
{
    return kind == INST_OPTION || kind == INST_COIN_OPTION;
}

int inst_is_inverse(enum inst_kind kind)
{
    return kind == INST_INV_PERP || kind == INST_INV_FUTURE;
}

int inst_has_expiry(enum inst_kind kind)
{
    return kind == INST_FUTURE || kind == INST_INV_FUTURE || inst_is_option(kind);
}

void position_init(struct position *p)
{
    memset(p, 0, sizeof *p);
    p->open_day = DATE_NONE;
    p->multiplier = 1.0;
    p->iv = NAN;
}

/* Largest vol accepted as input: 1000 % a year. */
#define INST_VOL_MAX 10.0

int position_validate(const struct position *p, struct allot_err *err)
{
    if (p->instrument[0] == '\0')
        return err_setf(err, ALLOT_E_INPUT, "instrument name is empty");
    if (p->underlying[0] == '\0')
        return err_setf(err, ALLOT_E_INPUT, "underlying is empty");
    if (!isfinite(p->quantity) || p->quantity == 0.0)
        return err_setf(err, ALLOT_E_INPUT, "quantity must be a non-zero number");
    if (!isfinite(p->entry_price) || p->entry_price <= 0.0)
        return err_setf(err, ALLOT_E_INPUT, "entry price must be greater than 0");
    if (!isfinite(p->fee_usd) || p->fee_usd < 0.0)
        return err_setf(err, ALLOT_E_INPUT, "fee must be 0 or more");
    if (inst_has_expiry(p->kind) && p->expiry_ms == 0)
        return err_setf(err, ALLOT_E_INPUT, "a %s needs an expiry", inst_kind_name(p->kind));
    if (!inst_has_expiry(p->kind) && p->expiry_ms != 0)
        return err_setf(err, ALLOT_E_INPUT, "a %s has no expiry", inst_kind_name(p->kind));
    if (inst_is_option(p->kind)) {
        if (!isfinite(p->strike) || p->strike <= 0.0)
            return err_setf(err, ALLOT_E_INPUT, "an option needs a strike greater than 0");
        if (!isfinite(p->multiplier) || p->multiplier <= 0.0)
            return err_setf(err, ALLOT_E_INPUT, "an option needs a multiplier greater than 0");
        if (!isnan(p->iv) && !(p->iv > 0.0 && p->iv <= INST_VOL_MAX))
            return err_setf(err, ALLOT_E_INPUT,
                            "implied vol must be an annual decimal in (0, 10], e.g. 0.65");
    } else if (p->strike != 0.0) {
        return err_setf(err, ALLOT_E_INPUT, "a %s has no strike", inst_kind_name(p->kind));
    }
    return ALLOT_OK;
}
