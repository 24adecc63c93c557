/* returns.h: aligned return matrices built from daily price series: the
 * dates on which every selected asset has a price, log or simple returns
 * between consecutive such dates, an optional date window and "last N"
 * cut, and the annualisation factor of a mixed-calendar selection.
 * Pure math: no I/O; estimators live in cov.h, shrink.h and corr.h. */
#ifndef ALLOT_ENGINE_STATS_RETURNS_H
#define ALLOT_ENGINE_STATS_RETURNS_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_matrix.h>

#include "engine/stats/series.h"
#include "util/err.h"

/* Calendars (see engine/portfolio/instrument.h): return periods a year. */
#define RETURNS_DAYS_CRYPTO 365.0
#define RETURNS_DAYS_EQUITY 252.0

enum returns_kind {
    RETURNS_LOG = 0,    /* ln(p_t / p_{t-1}), the default */
    RETURNS_SIMPLE = 1  /* p_t / p_{t-1} - 1 */
};

struct returns_opts {
    enum returns_kind kind;     /* RETURNS_LOG by default */
    int32_t from_day;           /* first price date used (days since epoch),
                                 * or DATE_NONE for no lower bound */
    int32_t to_day;             /* last price date used, or DATE_NONE */
    size_t last_n;              /* keep at most the last N returns; 0: all */
};

/* An aligned T x N return matrix. Row k is the return of every asset from
 * start_day[k] to end_day[k], two consecutive common dates: with a
 * weekday-only series next to a daily one, Monday's row spans Friday to
 * Monday for both. */
struct returns {
    enum returns_kind kind;
    size_t t, n;                        /* t rows (returns), n columns */
    gsl_matrix *r;                      /* t x n, owned */
    int32_t *start_day;                 /* t dates, owned */
    int32_t *end_day;                   /* t dates, owned */
    char (*symbol)[SERIES_SYMBOL_MAX];  /* n names in the caller's order */
};

/* Defaults: log returns, no window, all returns. */
void returns_opts_init(struct returns_opts *o);

/* Align the series named symbols[0..n-1] of set and compute their returns.
 *
 * The common dates are those on which every selected series has a close;
 * with a window, only common dates in [from_day, to_day] are used (so the
 * first return ends on the second common date in the window). Returns are
 * taken between consecutive common dates; then, when last_n > 0, only the
 * last min(last_n, T) rows are kept.
 *
 * Returns 0 and fills *out (release with returns_done). On failure returns
 * ALLOT_E_NOTFOUND (a symbol is not in set), ALLOT_E_INPUT (n == 0, a
 * symbol given twice, a series unsorted or with a close that is not a
 * positive finite number, from_day > to_day, fewer than 2 common dates)
 * or ALLOT_E_NOMEM, sets err naming the symbol or option, and leaves *out
 * empty (returns_done on it is harmless). */
int returns_align(const struct series_set *set, const char *const *symbols, size_t n,
                  const struct returns_opts *opts, struct returns *out,
                  struct allot_err *err);

/* Release what returns_align allocated and zero *r; NULL is a no-op. */
void returns_done(struct returns *r);

/* Column of sym in r, or -1. */
long returns_column(const struct returns *r, const char *sym);

/* Pairwise helper: the dates on which both a and b have a close, within
 * [from_day, to_day] (DATE_NONE for an open end). Returns 0 with *days a
 * new array of *n_days dates (free() it; NULL when there are none), or
 * ALLOT_E_INPUT when a series is unsorted or from_day > to_day. */
int returns_common_days(const struct series *a, const struct series *b, int32_t from_day,
                        int32_t to_day, int32_t **days, size_t *n_days,
                        struct allot_err *err);

/* Return periods a year of an aligned matrix whose columns follow the
 * calendars days_per_year[0..n-1] (365 crypto, 252 equities): the
 * intersection of the calendars is the sparsest one, so this is the
 * smallest entry. Multiply a covariance of the aligned rows by it (see
 * cov_annualise). Returns 0 and sets *periods, or ALLOT_E_INPUT when n is
 * 0 or an entry is not a finite number > 0. */
int returns_ann_factor(const double *days_per_year, size_t n, double *periods,
                       struct allot_err *err);

#endif
