/* simload.h: a simulated market built from the store, for `allot
 * feed-sim` and `watch --simulate`: the symbols (given, or the underlyings
 * of a portfolio, or every stored symbol), their last closes, the daily
 * covariance of their last year of aligned log returns
 * (sim_cov_from_series, each asset's calendar from the store) and the
 * quote stream over the simulator (io/feedsim.h). */
#ifndef ALLOT_CLI_SIMLOAD_H
#define ALLOT_CLI_SIMLOAD_H

#include "io/feedsim.h"
#include "store/db.h"
#include "util/err.h"

struct simload_opts {
    const char *portfolio;          /* default symbols: its underlyings; NULL: main, and
                                     * every stored symbol when main holds nothing */
    const char *symbols;            /* "A,B,..." or NULL */
    unsigned long seed;
    double stress;                  /* [0, 1] */
    double jump_rate_per_year;      /* 0: no jumps */
    double jump_mean_log, jump_sd_log;
    struct feedsim_opts stream;     /* rate, speed, count; start_ms 0: the store's
                                     * valuation time */
};

/* Defaults: no symbols given, seed from the clock, no stress, no jumps
 * (with sim.h's default jump size), feedsim's defaults. */
void simload_opts_init(struct simload_opts *o);

/* Build the stream. On success *out is set (feedsim_free) and, if names
 * is not NULL, *names a malloc'd "A,B,..." of the symbols in order.
 * Errors name the symbol or option: ALLOT_E_INPUT (a bad symbol list, too
 * little history), ALLOT_E_NOTFOUND (a symbol without prices, an unknown
 * portfolio). */
int simload(store_t *st, const struct simload_opts *o, struct feedsim **out, char **names,
            struct allot_err *err);

#endif
