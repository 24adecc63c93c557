/* stats_test.h: small helpers shared by the engine/stats tests: matrices
 * from literals, seeded random returns, series sets from arrays, and
 * matrix property assertions. Test code only. */
#ifndef ALLOT_TESTS_ENGINE_STATS_STATS_TEST_H
#define ALLOT_TESTS_ENGINE_STATS_STATS_TEST_H

#include "cmocka_wrap.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine/stats/cov.h"
#include "engine/stats/series.h"
#include "util/date.h"

/* A rows x cols matrix filled row-major from v. */
static inline gsl_matrix *mat_from(size_t rows, size_t cols, const double *v)
{
    gsl_matrix *m = gsl_matrix_alloc(rows, cols);
    assert_non_null(m);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            gsl_matrix_set(m, i, j, v[i * cols + j]);
    return m;
}

/* T x N returns with a common factor, so columns correlate: r_tj = vol_j
 * (beta f_t + e_tj), standard normal f and e, vol_j = 0.01 (j + 1). */
static inline gsl_matrix *random_returns(size_t t, size_t n, double beta, unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_matrix *m = gsl_matrix_alloc(t, n);
    assert_non_null(rng);
    assert_non_null(m);
    gsl_rng_set(rng, seed);
    for (size_t i = 0; i < t; i++) {
        double f = gsl_ran_gaussian(rng, 1.0);
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(m, i, j,
                           0.01 * (double)(j + 1) * (beta * f + gsl_ran_gaussian(rng, 1.0)));
    }
    gsl_rng_free(rng);
    return m;
}

/* Add a series sym with n closes on the given days. */
static inline void add_series(struct series_set *set, const char *sym, const int32_t *day,
                              const double *close, size_t n)
{
    struct series *s = series_set_get(set, sym);
    for (size_t k = 0; k < n; k++)
        series_push(s, day[k], close[k]);
}

static inline void assert_symmetric(const gsl_matrix *m)
{
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < m->size2; j++)
            assert_true(gsl_matrix_get(m, i, j) == gsl_matrix_get(m, j, i));
}

/* Unit diagonal (exactly) and entries in [-1, 1]. */
static inline void assert_corr_shape(const gsl_matrix *m)
{
    assert_symmetric(m);
    for (size_t i = 0; i < m->size1; i++) {
        assert_true(gsl_matrix_get(m, i, i) == 1.0);
        for (size_t j = 0; j < m->size2; j++)
            assert_true(fabs(gsl_matrix_get(m, i, j)) <= 1.0);
    }
}

/* Smallest eigenvalue >= -tol. */
static inline void assert_psd(const gsl_matrix *m, double tol)
{
    double l;
    struct allot_err err;
    assert_int_equal(cov_min_eigen(m, &l, &err), 0);
    if (l < -tol)
        print_error("smallest eigenvalue %.17g < -%g\n", l, tol);
    assert_true(l >= -tol);
}

static inline int32_t ymd(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

#endif
