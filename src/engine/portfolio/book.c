#include <config.h>
#include "engine/portfolio/book.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pricing/bsm.h"
#include "util/xalloc.h"

/* Calendar: option time and funding days (instrument.h). */
#define DAYS_PER_YEAR 365.0
#define MS_PER_YEAR (1000.0 * 86400.0 * DAYS_PER_YEAR)
/* Display units (instrument.h): a 1 % move, a vol point, a 1 % rate. */
#define PCT 100.0
#define VOLPT 100.0

/* A position as the book prices it, resolved once by book_new. */
struct rec {
    enum inst_kind kind;
    size_t asset;
    double q;           /* quantity (USD notional N for inverse kinds) */
    double qm;          /* quantity * multiplier for options, else quantity */
    double entry;       /* entry price (coin for a coin option) */
    double fee;
    double strike;
    int is_call;
    double t_years;     /* now */
    double vol;         /* options */
    double rate, carry; /* options: carry may be implied by a forward */
    double fwd_ratio;   /* dated futures: F / S, 1 when none */
    double value0;      /* value_usd now */
    double carry0;      /* carry_usd_per_day now */
};

struct book {
    size_t n, n_assets;
    struct rec *recs;
    struct book_asset *assets;
    double max_vol;     /* largest option vol, to check scenarios */
};

double book_t_years(int64_t now_ms, int64_t expiry_ms)
{
    double t = (double)(expiry_ms - now_ms) / MS_PER_YEAR;
    return t > 0.0 ? t : 0.0;
}

/* value_usd of a position at this spot, time to expiry and vol. */
static double rec_value(const struct rec *r, double spot, double t, double vol)
{
    switch (r->kind) {
    case INST_SPOT:
        return r->q * spot;
    case INST_PERP:
    case INST_FUTURE:
        return r->q * (spot * r->fwd_ratio - r->entry);
    case INST_INV_PERP:
    case INST_INV_FUTURE:
        /* S * N (1/entry - 1/F) with F = S * ratio */
        return r->q * (spot / r->entry - 1.0 / r->fwd_ratio);
    case INST_OPTION:
    case INST_COIN_OPTION:
        return r->qm * bsm_price_unchecked(spot, r->strike, t, vol, r->rate, r->carry,
                                           r->is_call);
    case INST_KIND_COUNT:
        break;
    }
    return 0.0;
}

static double rec_carry(const struct rec *r, const struct book_asset *a)
{
    if (r->kind == INST_PERP)
        return -r->q * a->spot_usd * a->funding_per_day;
    if (r->kind == INST_INV_PERP)
        return -r->q * a->funding_per_day;
    return 0.0;
}

/* The exposure of one position at this spot, t and vol. */
static void rec_expo(const struct rec *r, double spot, double t, double vol,
                     struct book_expo *x)
{
    memset(x, 0, sizeof *x);
    x->fee_usd = r->fee;
    x->carry_usd_per_day = r->carry0;
    switch (r->kind) {
    case INST_SPOT:
        x->value_usd = r->q * spot;
        x->notional_usd = r->q * spot;
        x->pnl_usd = r->q * (spot - r->entry);
        x->delta_plain_units = r->q;
        break;
    case INST_PERP:
    case INST_FUTURE: {
        double f = spot * r->fwd_ratio;
        x->value_usd = r->q * (f - r->entry);
        x->notional_usd = r->q * f;
        x->pnl_usd = x->value_usd;
        x->delta_plain_units = r->q * r->fwd_ratio;
        break;
    }
    case INST_INV_PERP:
    case INST_INV_FUTURE: {
        double f = spot * r->fwd_ratio;
        x->pnl_coin = r->q * (1.0 / r->entry - 1.0 / f);
        x->value_coin = x->pnl_coin;
        x->pnl_usd = spot * x->pnl_coin;
        x->value_usd = x->pnl_usd;
        x->notional_usd = r->q;
        x->delta_plain_units = r->q / r->entry;
        x->delta_coin_units = r->q / f;
        break;
    }
    case INST_OPTION:
    case INST_COIN_OPTION: {
        struct opt_greeks g;
        bsm_greeks_unchecked(spot, r->strike, t, vol, r->rate, r->carry, r->is_call, &g);
        double qm = r->qm;
        x->value_usd = qm * g.price;
        x->notional_usd = qm * spot;
        x->delta_plain_units = qm * g.delta;
        x->gamma_usd_per_pct = qm * g.gamma * spot * spot / PCT;
        x->vega_usd_per_volpt = qm * g.vega / VOLPT;
        x->theta_usd_per_day = qm * g.theta / DAYS_PER_YEAR;
        x->rho_usd_per_pct = qm * g.rho / PCT;
        x->vanna_usd_per_volpt = qm * g.vanna * spot / VOLPT;
        x->volga_usd_per_volpt = qm * g.volga / VOLPT / VOLPT;
        if (r->kind == INST_OPTION) {
            x->pnl_usd = qm * (g.price - r->entry);
        } else {
            x->value_coin = qm * g.price / spot;
            x->pnl_coin = qm * (g.price / spot - r->entry);
            x->pnl_usd = spot * x->pnl_coin;
            /* premium-adjusted: S d(qm V/S)/dS */
            x->delta_coin_units = qm * (g.delta - g.price / spot);
        }
        break;
    }
    case INST_KIND_COUNT:
        break;
    }
    x->delta_units = r->kind == INST_COIN_OPTION ? x->delta_coin_units : x->delta_plain_units;
    x->delta_usd = x->delta_units * spot;
}

static int fail_pos(struct allot_err *err, size_t i, const struct position *p)
{
    return err_prefix(err, "position %zu (%s): ", i, p->instrument);
}

int book_new(const struct position *pos, size_t n, const struct book_market *mkt,
             struct book **out, struct allot_err *err)
{
    *out = NULL;
    for (size_t a = 0; a < mkt->n_assets; a++) {
        const struct book_asset *as = &mkt->assets[a];
        if (!(as->spot_usd >= BSM_MIN_PRICE && as->spot_usd <= BSM_MAX_PRICE))
            return err_setf(err, ALLOT_E_INPUT, "asset %s: spot %g is not a positive price",
                            as->symbol, as->spot_usd);
        if (!isfinite(as->rate) || !isfinite(as->carry) || !isfinite(as->funding_per_day))
            return err_setf(err, ALLOT_E_INPUT,
                            "asset %s: rate, carry and funding must be finite numbers",
                            as->symbol);
    }

    struct book *b = xcalloc(1, sizeof *b);
    b->n = n;
    b->n_assets = mkt->n_assets;
    b->recs = xcalloc(n ? n : 1, sizeof *b->recs);
    b->assets = xcalloc(mkt->n_assets ? mkt->n_assets : 1, sizeof *b->assets);
    if (mkt->n_assets)
        memcpy(b->assets, mkt->assets, mkt->n_assets * sizeof *b->assets);

    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct position *p = &pos[i];
        struct rec *r = &b->recs[i];
        if ((rc = position_validate(p, err)) != 0) {
            rc = fail_pos(err, i, p);
            break;
        }
        size_t a = 0;
        while (a < mkt->n_assets && strcmp(mkt->assets[a].symbol, p->underlying) != 0)
            a++;
        if (a == mkt->n_assets) {
            err_setf(err, ALLOT_E_INPUT, "underlying %s is not in the market's assets",
                     p->underlying);
            rc = fail_pos(err, i, p);
            break;
        }
        const struct book_asset *as = &mkt->assets[a];
        double fwd = mkt->pos_forward_usd ? mkt->pos_forward_usd[i] : NAN;
        if (!isnan(fwd) && !(fwd >= BSM_MIN_PRICE && fwd <= BSM_MAX_PRICE)) {
            err_setf(err, ALLOT_E_INPUT, "forward %g is not a positive price", fwd);
            rc = fail_pos(err, i, p);
            break;
        }
        r->kind = p->kind;
        r->asset = a;
        r->q = p->quantity;
        r->qm = p->quantity;
        r->entry = p->entry_price;
        r->fee = p->fee_usd;
        r->fwd_ratio = 1.0;
        r->t_years = inst_has_expiry(p->kind) ? book_t_years(mkt->now_ms, p->expiry_ms) : 0.0;
        if ((p->kind == INST_FUTURE || p->kind == INST_INV_FUTURE) && !isnan(fwd))
            r->fwd_ratio = fwd / as->spot_usd;
        if (inst_is_option(p->kind)) {
            r->qm = p->quantity * p->multiplier;
            r->strike = p->strike;
            r->is_call = p->is_call != 0;
            r->rate = as->rate;
            r->carry = as->carry;
            if (!isnan(fwd) && r->t_years > 0.0) {
                double basis_rate = log(fwd / as->spot_usd) / r->t_years;
                if (p->kind == INST_COIN_OPTION) {
                    /* Deribit's convention: the basis is the USD rate and
                     * the coin carries nothing, so value_coin = V/S is
                     * Black-76(F, r = 0) / F, the exchange's mark */
                    r->rate = basis_rate;
                    r->carry = 0.0;
                } else {
                    r->carry = as->rate - basis_rate;
                }
            }
            r->vol = p->iv;
            if (isnan(r->vol) && mkt->pos_vol_ann)
                r->vol = mkt->pos_vol_ann[i];
            if (isnan(r->vol))
                r->vol = as->vol_ann;
            if (isnan(r->vol)) {
                err_setf(err, ALLOT_E_INPUT,
                         "no implied vol: the position has none, and the market gives none "
                         "for it or for %s",
                         as->symbol);
                rc = fail_pos(err, i, p);
                break;
            }
            struct bsm_in in = {as->spot_usd, r->strike, r->t_years, r->vol,
                                r->rate,      r->carry,  r->is_call};
            if ((rc = bsm_check(&in, err)) != 0) {
                rc = fail_pos(err, i, p);
                break;
            }
            if (r->vol > b->max_vol)
                b->max_vol = r->vol;
        }
        r->value0 = rec_value(r, as->spot_usd, r->t_years, r->vol);
        r->carry0 = rec_carry(r, as);
    }
    if (rc != 0) {
        book_free(b);
        return rc;
    }
    *out = b;
    return 0;
}

void book_free(struct book *b)
{
    if (b == NULL)
        return;
    free(b->recs);
    free(b->assets);
    free(b);
}

size_t book_n_positions(const struct book *b)
{
    return b->n;
}

size_t book_n_assets(const struct book *b)
{
    return b->n_assets;
}

const char *book_asset_symbol(const struct book *b, size_t i)
{
    return i < b->n_assets ? b->assets[i].symbol : NULL;
}

static int scenario_check(const struct book *b, const struct scenario *s,
                          struct allot_err *err)
{
    if (s->spot_mult != NULL) {
        if (s->n_assets != b->n_assets)
            return err_setf(err, ALLOT_E_INPUT,
                            "scenario has %zu assets, the book's universe has %zu",
                            s->n_assets, b->n_assets);
        for (size_t a = 0; a < b->n_assets; a++) {
            double sp = b->assets[a].spot_usd * s->spot_mult[a];
            if (!(s->spot_mult[a] > 0.0 && sp >= BSM_MIN_PRICE && sp <= BSM_MAX_PRICE))
                return err_setf(err, ALLOT_E_INPUT,
                                "scenario spot multiplier %g of %s is not a positive factor",
                                s->spot_mult[a], b->assets[a].symbol);
        }
    }
    if (!(s->dt_years >= 0.0 && s->dt_years <= BSM_MAX_T_YEARS))
        return err_setf(err, ALLOT_E_INPUT, "scenario dt_years %g is not in [0, %g]",
                        s->dt_years, BSM_MAX_T_YEARS);
    if (!(s->vol_mult >= 0.0 && isfinite(s->vol_mult) && isfinite(s->vol_shift)))
        return err_setf(err, ALLOT_E_INPUT,
                        "scenario vol_mult %g must be >= 0 and vol_shift %g finite", s->vol_mult,
                        s->vol_shift);
    if (b->max_vol * s->vol_mult + s->vol_shift > BSM_MAX_VOL)
        return err_setf(err, ALLOT_E_INPUT, "scenario vols exceed %g (vol_mult %g, vol_shift %g)",
                        BSM_MAX_VOL, s->vol_mult, s->vol_shift);
    return 0;
}

static double scen_vol(double vol, const struct scenario *s)
{
    double v = vol * s->vol_mult + s->vol_shift;
    return v > BOOK_VOL_FLOOR ? v : BOOK_VOL_FLOOR;
}

int book_reval(void *ctx, const struct scenario *s, double *pnl_usd, struct allot_err *err)
{
    const struct book *b = ctx;
    int rc = scenario_check(b, s, err);
    if (rc != 0)
        return rc;
    const double days = s->dt_years * DAYS_PER_YEAR;
    double pnl = 0.0;
    for (size_t i = 0; i < b->n; i++) {
        const struct rec *r = &b->recs[i];
        double spot = b->assets[r->asset].spot_usd;
        if (s->spot_mult != NULL)
            spot *= s->spot_mult[r->asset];
        double v;
        if (inst_is_option(r->kind)) {
            double t = r->t_years - s->dt_years;
            v = rec_value(r, spot, t > 0.0 ? t : 0.0, scen_vol(r->vol, s));
        } else {
            v = rec_value(r, spot, 0.0, 0.0);
        }
        pnl += (v - r->value0) + r->carry0 * days;
    }
    *pnl_usd = pnl;
    return 0;
}

/* Add the fields of x into sum; units and coin fields too if units. */
static void expo_add(struct book_expo *sum, const struct book_expo *x, int units)
{
    sum->value_usd += x->value_usd;
    sum->notional_usd += x->notional_usd;
    sum->pnl_usd += x->pnl_usd;
    sum->fee_usd += x->fee_usd;
    sum->scen_pnl_usd += x->scen_pnl_usd;
    sum->delta_usd += x->delta_usd;
    sum->gamma_usd_per_pct += x->gamma_usd_per_pct;
    sum->vega_usd_per_volpt += x->vega_usd_per_volpt;
    sum->theta_usd_per_day += x->theta_usd_per_day;
    sum->rho_usd_per_pct += x->rho_usd_per_pct;
    sum->vanna_usd_per_volpt += x->vanna_usd_per_volpt;
    sum->volga_usd_per_volpt += x->volga_usd_per_volpt;
    sum->carry_usd_per_day += x->carry_usd_per_day;
    if (units) {
        sum->value_coin += x->value_coin;
        sum->pnl_coin += x->pnl_coin;
        sum->delta_units += x->delta_units;
        sum->delta_plain_units += x->delta_plain_units;
        sum->delta_coin_units += x->delta_coin_units;
    }
}

int book_exposure(const struct book *b, const struct scenario *s, struct book_line *lines,
                  struct book_expo *per_asset, struct book_expo *total, struct allot_err *err)
{
    static const struct scenario none = SCENARIO_NONE;
    if (s == NULL)
        s = &none;
    int rc = scenario_check(b, s, err);
    if (rc != 0)
        return rc;
    if (per_asset != NULL)
        memset(per_asset, 0, b->n_assets * sizeof *per_asset);
    if (total != NULL) {
        memset(total, 0, sizeof *total);
        total->value_coin = total->pnl_coin = NAN;
        total->delta_units = total->delta_plain_units = total->delta_coin_units = NAN;
    }
    const double days = s->dt_years * DAYS_PER_YEAR;
    for (size_t i = 0; i < b->n; i++) {
        const struct rec *r = &b->recs[i];
        struct book_line ln;
        ln.asset = r->asset;
        ln.spot_usd = b->assets[r->asset].spot_usd;
        if (s->spot_mult != NULL)
            ln.spot_usd *= s->spot_mult[r->asset];
        ln.t_years = r->t_years - s->dt_years;
        if (ln.t_years < 0.0)
            ln.t_years = 0.0;
        ln.vol_ann = inst_is_option(r->kind) ? scen_vol(r->vol, s) : NAN;
        rec_expo(r, ln.spot_usd, ln.t_years, ln.vol_ann, &ln.x);
        ln.x.scen_pnl_usd = ln.x.value_usd - r->value0 + r->carry0 * days;
        if (lines != NULL)
            lines[i] = ln;
        if (per_asset != NULL)
            expo_add(&per_asset[r->asset], &ln.x, 1);
        if (total != NULL)
            expo_add(total, &ln.x, 0);
    }
    return 0;
}
