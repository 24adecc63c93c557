/* statsload.h: the options every statistics command shares (`cov`,
 * `corr`, `hedge-ratio`, `risk`, `optimize riskparity`): where prices
 * come from (a file or the store), which symbols, which returns and which
 * estimator; and the aligned returns and covariance they give. */
#ifndef ALLOT_CLI_STATSLOAD_H
#define ALLOT_CLI_STATSLOAD_H

#include <getopt.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "cli/cli.h"
#include "engine/stats/returns.h"
#include "engine/stats/shrink.h"
#include "store/statsdata.h"

struct stats_req {
    const char *prices;         /* --prices FILE, or NULL */
    int use_db;                 /* --db: the store's prices */
    char *symbols;              /* --symbols A,B,... (owned) or NULL: all */
    enum cov_method method;
    double lambda;              /* EWMA */
    size_t window;              /* --window N: the last N returns; 0 all */
    enum returns_kind kind;
    int32_t from, to;           /* --from/--to price dates */
    double annualize;           /* 0: per day; > 0: times this; < 0: auto */
};

/* The long options, for a command's option table; their values are the
 * STATS_OPT_* codes below. */
#define STATS_OPT_BASE 0x1000
#define STATS_LONGOPTS \
    { "prices", required_argument, NULL, STATS_OPT_BASE + 0 }, \
    { "db", no_argument, NULL, STATS_OPT_BASE + 1 }, \
    { "symbols", required_argument, NULL, STATS_OPT_BASE + 2 }, \
    { "method", required_argument, NULL, STATS_OPT_BASE + 3 }, \
    { "lambda", required_argument, NULL, STATS_OPT_BASE + 4 }, \
    { "window", required_argument, NULL, STATS_OPT_BASE + 5 }, \
    { "returns", required_argument, NULL, STATS_OPT_BASE + 6 }, \
    { "from", required_argument, NULL, STATS_OPT_BASE + 7 }, \
    { "to", required_argument, NULL, STATS_OPT_BASE + 8 }, \
    { "annualize", required_argument, NULL, STATS_OPT_BASE + 9 }

void stats_req_init(struct stats_req *q);
void stats_req_done(struct stats_req *q);
/* Take option c (a STATS_OPT_* code) with its argument. Returns 1 when c
 * is one of them and was taken, 0 when it is not one of them, or the exit
 * status 2 after printing a usage error. */
int stats_opt(struct cli_env *env, const char *cmd, int c, const char *arg, struct stats_req *q);

/* The returns the request selects, with each asset's calendar (days a
 * year: the store's asset setting, or for a file 365 when the series has
 * weekend dates, else 252). On success *ret (returns_done) and *days
 * (free) belong to the caller. Prints errors; returns 0 or an exit status. */
int stats_returns(struct cli_env *env, const char *cmd, const struct stats_req *q,
                  struct series_set *set, struct returns *ret, double **days);

/* The covariance of ret by the request's method (per day unless
 * annualized); *m is allocated (gsl_matrix_free). info gets the shrinkage
 * intensity of the Ledoit-Wolf methods (else zeros). */
int stats_cov(const struct stats_req *q, const struct returns *ret, const double *days,
              gsl_matrix **m, struct shrink_info *info, struct allot_err *err);

/* Print a square symbol matrix: CSV header symbol,A,B,... with %.17g, or
 * an aligned table with `decimals` decimals. */
void stats_print_matrix(struct cli_env *env, const gsl_matrix *m,
                        const char (*names)[SERIES_SYMBOL_MAX], int csv, int decimals);

/* The estimator's name (statsdata_method_name). */
const char *stats_method_name(enum cov_method m);

#endif
