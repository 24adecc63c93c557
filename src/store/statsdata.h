/* statsdata.h: the aligned returns and the covariance that the
 * statistics commands and the screens share: the store's closes of
 * chosen symbols aligned into returns with each asset's calendar, and
 * the covariance by a named estimator (sample, EWMA, Ledoit-Wolf towards
 * identity or constant correlation). Reads the store, prints nothing. */
#ifndef ALLOT_STORE_STATSDATA_H
#define ALLOT_STORE_STATSDATA_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "engine/stats/returns.h"
#include "engine/stats/series.h"
#include "engine/stats/shrink.h"
#include "store/db.h"

enum cov_method { COVM_SAMPLE = 0, COVM_EWMA, COVM_LW_IDENTITY, COVM_LW_CONSTCORR };
#define COVM_COUNT 4

/* The estimator's name as the --method option takes it ("sample", "ewma",
 * "lw-identity", "lw-constcorr"). */
const char *statsdata_method_name(enum cov_method m);
/* The estimator named s; -1 when s names none, else 0 with *m set. */
int statsdata_method_parse(const char *s, enum cov_method *m);

/* The store's closes of symbols[0..n-1] (every stored symbol, by name,
 * when n == 0) loaded into set (initialised by the caller, sorted on
 * return), aligned into *ret with opts (returns.h), and each asset's
 * calendar (days a year, the store's asset setting) in *days, in the
 * order of ret's columns. Returns 0 with *ret (returns_done) and *days
 * (free) owned by the caller, or a negative ALLOT_E_* with err set
 * ("no prices for X in the store" for a symbol without closes) and
 * nothing to free but set. */
int statsdata_returns(store_t *st, const char *const *symbols, size_t n,
                      const struct returns_opts *opts, struct series_set *set,
                      struct returns *ret, double **days, struct allot_err *err);

/* As statsdata_returns on a set already loaded (prices_load, sorted):
 * the calendars of symbols[0..n-1] (every series of set when n == 0) and
 * their aligned returns. Errors and ownership as statsdata_returns. */
int statsdata_align(store_t *st, const struct series_set *set, const char *const *symbols,
                    size_t n, const struct returns_opts *opts, struct returns *ret,
                    double **days, struct allot_err *err);

/* The covariance of ret's columns by method (lambda: the EWMA decay),
 * per period of the returns, then multiplied by annualize when it is
 * > 0, or by the selection's periods a year (returns_ann_factor of
 * days) when it is < 0; 0 leaves it per period. *out is allocated
 * (gsl_matrix_free); info (not NULL) receives the Ledoit-Wolf intensity
 * and target, zeros for the other methods. Returns 0 or a negative
 * ALLOT_E_* with err set, *out then untouched. */
int statsdata_cov(enum cov_method method, double lambda, const struct returns *ret,
                  const double *days, double annualize, gsl_matrix **out,
                  struct shrink_info *info, struct allot_err *err);

#endif
