/* vm_corr.h: the view-model of the Correlation screen: the correlation
 * matrix of the book's underlyings (or of every stored symbol) by an
 * estimator, over a window of returns, on all days, on stressed days
 * (the worst 5 % of the equal-weight basket), on calm days or a 50/50
 * blend; the effective number of independent bets calm and stressed;
 * and the rolling correlation of one pair. Each figure is the engine's
 * (store/statsdata.h, engine/stats), as `allot corr` prints it with the
 * matching options. Prices are loaded once per reload; a setting change
 * recomputes the matrix, a new pair the rolling series. No curses. */
#ifndef ALLOT_TUI_VM_CORR_H
#define ALLOT_TUI_VM_CORR_H

#include <stddef.h>
#include <stdint.h>

#include "engine/stats/returns.h"
#include "engine/stats/series.h"
#include "store/db.h"
#include "store/statsdata.h"

enum vm_corr_universe { VMC_BOOK = 0, VMC_ALL, VMC_NUNIVERSE };
/* The cycle of the regime key: all days, stressed, blend, calm. */
enum vm_corr_regime { VMC_ALLDAYS = 0, VMC_STRESSED, VMC_BLEND, VMC_CALM, VMC_NREGIME };

#define VM_CORR_NWINDOWS 4
extern const size_t vm_corr_windows[VM_CORR_NWINDOWS];  /* 0 (all), 365, 90, 30 returns */
#define VM_CORR_ROLLING 30          /* returns in each rolling window */
#define VM_CORR_BLEND 0.5           /* the blend's weight on stress */
#define VM_CORR_ERR_MAX 256

struct vm_corr {
    /* settings (change them, then vm_corr_compute) */
    enum vm_corr_universe universe;
    enum cov_method method;         /* used on all days; stressed regimes use sample */
    size_t window;                  /* index into vm_corr_windows */
    enum vm_corr_regime regime;

    /* inputs, loaded by vm_corr_load */
    struct series_set set;          /* every stored close */
    char (*book)[SERIES_SYMBOL_MAX];    /* the book's underlyings, sorted */
    size_t nbook;

    /* the matrix shown */
    int ok;                         /* 0: error says why */
    char error[VM_CORR_ERR_MAX];
    size_t n;
    char (*sym)[SERIES_SYMBOL_MAX]; /* n labels, the matrix's order */
    const char **labels;            /* n pointers into sym, for the heatmap */
    int *is_crypto;                 /* n: the store's asset class is crypto */
    double *corr;                   /* n x n, row-major */
    size_t t;                       /* returns used */
    int32_t first_day, last_day;    /* the first return's start, the last one's end */
    double intensity;               /* Ledoit-Wolf shrinkage intensity, else NAN */
    size_t n_stress, n_days;        /* stress days of the window (0 when not split) */
    double rank_calm, rank_stress, rank_shown;  /* effective rank; NAN: not available */
    char rank_note[VM_CORR_ERR_MAX];    /* why calm/stressed are n/a, or "" */

    /* the rolling correlation of one pair over the whole common history */
    struct returns full;
    int have_full;
    enum vm_corr_universe full_universe;
    long ra, rb;                    /* the pair computed (columns), -1 none */
    double *roll;                   /* nroll values (NAN where a window is flat) */
    double *roll_x;                 /* nroll window end days, as doubles (for charts) */
    size_t nroll;
    char roll_error[VM_CORR_ERR_MAX];
};

void vm_corr_init(struct vm_corr *v);
void vm_corr_done(struct vm_corr *v);

/* Load every stored close and remember the book's underlyings
 * (book[0..nbook-1], any order), then compute with the settings in force.
 * Returns 0, or a store error (err set). */
int vm_corr_load(struct vm_corr *v, store_t *st, const char *const *book, size_t nbook,
                 struct allot_err *err);

/* Recompute the matrix, the diversification figures and (when the pair
 * is still valid) the rolling series for the settings in force. A
 * failure of the statistics (too few days, a constant series) is not an
 * error of this call: v->ok is 0 and v->error says why. Returns 0, or a
 * store error. */
int vm_corr_compute(struct vm_corr *v, store_t *st, struct allot_err *err);

/* The rolling correlation of columns a and b (a != b) of the matrix
 * shown, over VM_CORR_ROLLING returns on the universe's whole common
 * history (as `allot corr --db --symbols ... --rolling A,B --window 30`);
 * cached, so calling it again for the same pair costs nothing. Sets
 * v->roll..., or v->roll_error. */
void vm_corr_pair(struct vm_corr *v, size_t a, size_t b);

/* Display names: "sample", "ewma", ...; "all days", "stressed", ... */
const char *vm_corr_regime_name(enum vm_corr_regime r);

#endif
