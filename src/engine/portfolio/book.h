/* book.h: valuation and exposure of a book of positions (instrument.h)
 * against a market: value, PnL since entry, greeks in display units per
 * position, per underlying and in total, now or under a scenario
 * (scenario.h), and the cheap revaluation that risk and optimize call
 * many times. Built once, then read-only. Pure math: no I/O, no store;
 * resolving IVs from a chain or quotes is the caller's job.
 *
 * Models and conventions (units as in instrument.h):
 *  - t_years = (expiry_ms - now_ms) / 1000 / (365 * 86400), clamped at 0:
 *    an expired option is worth its intrinsic value.
 *  - spot: value q S, PnL q (S - entry), delta q.
 *  - perp (linear): value = PnL = q (S - entry), delta q; funding carry
 *    -q S f USD per day (f = the asset's funding rate per day; longs
 *    pay when f > 0). future (linear): marked at F = the position's
 *    forward if given, else S; value = PnL = q (F - entry), delta
 *    q F/S (q when no forward is given): the ratio F/S is held fixed
 *    when S moves; no carry.
 *  - inverse perp/future, quantity N USD (coin margined): PnL in coin
 *    N (1/entry - 1/F) with F = S for a perp (the forward, F/S held, for
 *    a future), PnL in USD = S * PnL_coin (the coin valued at spot),
 *    which is N (S/entry - S/F): linear in S. value = that PnL. USD
 *    delta d(PnL_usd)/dS = N / entry exactly. Coin delta
 *    S d(PnL_coin)/dS = N / F, N / S for a perp: the position's size in
 *    coin, as Deribit shows it. Funding carry -N f USD per day.
 *  - option (USD settled): Black-Scholes-Merton on spot (bsm.h) with the
 *    asset's rate r and carry q; if the position has a forward F, q is
 *    replaced by the implied carry r - ln(F/S)/T, so that the price is
 *    exactly Black-76 on F and stays so as S moves (F moves with S).
 *    value = qm V with qm = quantity * multiplier; PnL = qm (V - entry).
 *  - coin option (premium in the coin): the same V, except that with a
 *    forward F the basis ln(F/S)/T is read as the USD rate and the coin
 *    carry is 0 (Deribit's convention: its mark in coin is Black-76 on F
 *    with r = 0, divided by F, which this reproduces); value_coin = qm V/S,
 *    PnL in coin qm (V/S - entry_coin), PnL in USD = S * PnL_coin. The
 *    delta shown (delta_units) is premium-adjusted, as Deribit shows
 *    positions: qm (delta - V/S) = S d(value_coin)/dS; the plain delta
 *    qm * delta (Deribit's ticker delta) is delta_plain_units.
 *  - An option's vol: the position's iv; if NAN, the market's per-position
 *    vol; if NAN, the asset's default vol; else book_new fails naming the
 *    instrument.
 *  - Greeks in display units, times qm: delta_usd = delta_units * S;
 *    gamma_usd_per_pct = gamma S^2 / 100; vega_usd_per_volpt = vega/100;
 *    theta_usd_per_day = theta / 365; rho_usd_per_pct = rho / 100;
 *    vanna_usd_per_volpt = vanna S / 100 (USD delta change per vol
 *    point); volga_usd_per_volpt = volga / 100 / 100 (vega change per
 *    vol point). Linear and inverse positions have only delta (and carry).
 *  - Scenarios (scenario.h): spot' = spot * spot_mult[asset]; vol' =
 *    vol * vol_mult + vol_shift, floored at BOOK_VOL_FLOOR; t' = max(t -
 *    dt_years, 0); rates, carries, F/S ratios and implied carries held; perp
 *    funding accrues carry_usd_per_day * dt_years * 365 at today's spot.
 */
#ifndef ALLOT_ENGINE_PORTFOLIO_BOOK_H
#define ALLOT_ENGINE_PORTFOLIO_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "engine/portfolio/instrument.h"
#include "engine/portfolio/scenario.h"
#include "util/err.h"

/* The floor of a scenario's vol: 1e-6, "just above 0" (scenario.h). */
#define BOOK_VOL_FLOOR 1e-6

/* One underlying of the universe, with its market. */
struct book_asset {
    char symbol[INST_SYMBOL_MAX];   /* matched to position.underlying */
    double spot_usd;                /* > 0 */
    double rate;                    /* r, continuously compounded */
    double carry;                   /* q, continuous carry/dividend yield */
    double funding_per_day;         /* perp funding, fraction of notional per
                                     * day paid by longs (0 when none) */
    double vol_ann;                 /* default vol for options with no IV, or NAN */
};

/* The market a book is built against. Arrays indexed by position may be
 * NULL; a NAN entry means "none". */
struct book_market {
    int64_t now_ms;                 /* Unix ms UTC */
    size_t n_assets;
    const struct book_asset *assets;    /* the universe: scenario index i is assets[i] */
    const double *pos_vol_ann;      /* per position: vol for an option whose iv is NAN */
    const double *pos_forward_usd;  /* per position: forward of a dated future or option */
};

/* Value, PnL and exposure in display units (see above). Per position,
 * per underlying (sums) and in total (sums of the USD figures; the
 * fields in units or coin are NAN there). */
struct book_expo {
    double value_usd;           /* spot q S; derivatives their mark-to-market */
    double notional_usd;        /* |exposure| size: q S, N, qm S (signed) */
    double pnl_usd;             /* since entry, before fees */
    double fee_usd;             /* fees paid to open */
    double scen_pnl_usd;        /* value change from now to the scenario (0 with none) */
    double value_coin;          /* coin-margined kinds: value in the coin; else 0 */
    double pnl_coin;            /* coin-margined kinds: PnL in the coin; else 0 */
    double delta_units;         /* the delta shown (premium-adjusted for coin options) */
    double delta_plain_units;   /* d value_usd / dS */
    double delta_coin_units;    /* coin-margined kinds: S d(value_coin)/dS; else 0 */
    double delta_usd;           /* delta_units * S */
    double gamma_usd_per_pct;
    double vega_usd_per_volpt;
    double theta_usd_per_day;
    double rho_usd_per_pct;
    double vanna_usd_per_volpt;
    double volga_usd_per_volpt;
    double carry_usd_per_day;   /* perp funding */
};

/* One position's line: its inputs as used, and its exposure. */
struct book_line {
    size_t asset;               /* index in the universe */
    double spot_usd;            /* the spot used (after the scenario) */
    double t_years;             /* time to expiry used, 0 for none */
    double vol_ann;             /* the vol used (options), else NAN */
    struct book_expo x;
};

struct book;

/* Build a book from n positions (copied; n may be 0) and a market (the
 * per-position arrays are read now and not kept). Each position is
 * validated (position_validate) and priced once. Returns 0 with *out set
 * (free with book_free), or ALLOT_E_INPUT with a message naming the
 * position ("position 3 (BTC-27JUN25-60000-C): no implied vol: ..."):
 * an unknown underlying, an option with no vol, an asset with spot <= 0,
 * inputs the pricers refuse. */
int book_new(const struct position *pos, size_t n, const struct book_market *mkt,
             struct book **out, struct allot_err *err);

/* Free a book; NULL is a no-op. */
void book_free(struct book *b);

size_t book_n_positions(const struct book *b);
size_t book_n_assets(const struct book *b);
/* The universe's symbol i (owned by the book). */
const char *book_asset_symbol(const struct book *b, size_t i);

/* A scenario_reval_fn (scenario.h): ctx is a struct book. Sets *pnl_usd
 * to the book's value change under s (including perp funding over
 * s->dt_years). Reads the book only, so calls may run concurrently.
 * Returns 0, or ALLOT_E_INPUT when s does not fit the book (n_assets
 * differs while spot_mult is set, a multiplier <= 0 or not finite, a
 * negative dt, a vol beyond the pricers' range). */
int book_reval(void *ctx, const struct scenario *s, double *pnl_usd, struct allot_err *err);

/* The full exposure, now (s NULL) or under s, for `allot exposure` and
 * the screens. lines (book_n_positions entries), per_asset
 * (book_n_assets entries) and total may each be NULL. Returns 0, or
 * ALLOT_E_INPUT as book_reval. */
int book_exposure(const struct book *b, const struct scenario *s, struct book_line *lines,
                  struct book_expo *per_asset, struct book_expo *total, struct allot_err *err);

/* Calendar years from now_ms to expiry_ms, clamped at 0. */
double book_t_years(int64_t now_ms, int64_t expiry_ms);

#endif
