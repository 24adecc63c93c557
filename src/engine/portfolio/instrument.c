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

/* Parse "27JUN25" or "5JUN20" into a day; -1 if not of that form. */
static int parse_ddmmmyy(const char *s, size_t n, int32_t *day)
{
    static const char months[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    size_t i = 0;
    int d = 0, y = 0, m = -1;

    while (i < n && i < 2 && s[i] >= '0' && s[i] <= '9')
        d = d * 10 + (s[i++] - '0');
    if (i == 0 || n != i + 5)
        return -1;
    for (int k = 0; k < 12; k++)
        if (strncmp(s + i, months + 3 * k, 3) == 0)
            m = k + 1;
    if (m < 0 || s[i + 3] < '0' || s[i + 3] > '9' || s[i + 4] < '0' || s[i + 4] > '9')
        return -1;
    y = 2000 + (s[i + 3] - '0') * 10 + (s[i + 4] - '0');
    *day = date_from_ymd(y, m, d);
    return *day == DATE_NONE ? -1 : 0;
}

int inst_parse_name(const char *name, struct position *p, enum inst_kind *kind_hint)
{
    const char *part[5];
    size_t len[5], np = 0;
    const char *s = name;
    int32_t day;

    while (np < 5) {
        const char *dash = strchr(s, '-');
        part[np] = s;
        len[np] = dash ? (size_t)(dash - s) : strlen(s);
        np++;
        if (dash == NULL)
            break;
        s = dash + 1;
    }
    if (np < 2 || len[0] == 0 || len[0] >= INST_SYMBOL_MAX)
        return -1;
    if (np == 2 && ((len[1] == 9 && strncmp(part[1], "PERPETUAL", 9) == 0) ||
                    (len[1] == 4 && strncmp(part[1], "PERP", 4) == 0))) {
        *kind_hint = INST_PERP;
    } else if (np == 2 && parse_ddmmmyy(part[1], len[1], &day) == 0) {
        *kind_hint = INST_FUTURE;
        p->expiry_ms = (int64_t)day * 86400000 + (int64_t)INST_EXPIRY_HOUR_UTC * 3600000;
    } else if (np == 4 && parse_ddmmmyy(part[1], len[1], &day) == 0 && len[3] == 1 &&
               (part[3][0] == 'C' || part[3][0] == 'P')) {
        double k = 0, div = 1;
        int frac = 0;
        for (size_t i = 0; i < len[2]; i++) {
            char c = part[2][i];
            if (c == 'd' || c == '.') {     /* Deribit writes 0.5 as "0d5" */
                if (frac)
                    return -1;
                frac = 1;
            } else if (c >= '0' && c <= '9' && i < 15) {
                if (frac)
                    div *= 10;
                k = k * 10 + (c - '0');
            } else {
                return -1;
            }
        }
        k /= div;   /* an exact power of ten: the quotient is correctly rounded */
        if (len[2] == 0 || k <= 0)
            return -1;
        *kind_hint = INST_OPTION;
        p->expiry_ms = (int64_t)day * 86400000 + (int64_t)INST_EXPIRY_HOUR_UTC * 3600000;
        p->strike = k;
        p->is_call = part[3][0] == 'C';
    } else {
        return -1;
    }
    memcpy(p->underlying, part[0], len[0]);
    p->underlying[len[0]] = '\0';
    return 0;
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
