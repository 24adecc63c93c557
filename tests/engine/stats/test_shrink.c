/* Tests for engine/stats/shrink.c: both Ledoit-Wolf estimators against a
 * straightforward long double transcription of the papers' formulas (no
 * algebraic shortcuts: every sum over t is taken as written), against
 * numbers computed independently with numpy, and for the properties a
 * caller relies on (PSD, intensity in [0, 1], trace or diagonal kept). */
#include <config.h>
#include "stats_test.h"

#include <string.h>

#include "engine/stats/shrink.h"

/* The code uses BLAS cross-products and the expansions
 * sum_t ||x_t x_t' - S||^2 = sum_t ||x_t||^4 - T ||S||^2 and
 * theta = (x^3)'x/T - s_ii s_ij, the reference sums term by term: the two
 * differ by the rounding of O(T N) double terms, relative 1e-12 at most
 * for the sizes used (T <= 250). */
#define REF_RTOL 1e-10
/* numpy reference: same formulas in float64 with a different summation
 * order, and libm sin may differ by an ulp: agreement to ~1e-13. */
#define NUMPY_RTOL 1e-11

typedef long double ld;

struct ref {
    size_t t, n;
    ld x[256][12];      /* demeaned returns */
    ld s[12][12];       /* divisor T */
};

static void ref_init(struct ref *f, const gsl_matrix *r)
{
    f->t = r->size1;
    f->n = r->size2;
    assert_true(f->t <= 256 && f->n <= 12);
    for (size_t j = 0; j < f->n; j++) {
        ld m = 0;
        for (size_t t = 0; t < f->t; t++)
            m += gsl_matrix_get(r, t, j);
        m /= f->t;
        for (size_t t = 0; t < f->t; t++)
            f->x[t][j] = gsl_matrix_get(r, t, j) - m;
    }
    for (size_t i = 0; i < f->n; i++) {
        for (size_t j = 0; j < f->n; j++) {
            ld s = 0;
            for (size_t t = 0; t < f->t; t++)
                s += f->x[t][i] * f->x[t][j];
            f->s[i][j] = s / f->t;
        }
    }
}

/* Ledoit & Wolf (2004, JMVA), section 3.1 / lemma 3.2-3.4 as written:
 * m = <S, I>, d^2 = ||S - mI||^2, bbar^2 = T^-2 sum_t ||x_t x_t' - S||^2,
 * b^2 = min(bbar^2, d^2), a^2 = d^2 - b^2, S* = (b^2/d^2) m I + (a^2/d^2) S,
 * with <A, B> = tr(AB')/N. */
static ld ref_identity(const struct ref *f, ld out[12][12])
{
    size_t n = f->n, T = f->t;
    ld m = 0, d2 = 0, bbar2 = 0, b2, a2;

    for (size_t i = 0; i < n; i++)
        m += f->s[i][i];
    m /= n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            d2 += powl(f->s[i][j] - (i == j ? m : 0), 2);
    d2 /= n;
    for (size_t t = 0; t < T; t++) {
        ld z = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                z += powl(f->x[t][i] * f->x[t][j] - f->s[i][j], 2);
        bbar2 += z / n;
    }
    bbar2 /= (ld)T * T;
    b2 = bbar2 < d2 ? bbar2 : d2;
    a2 = d2 - b2;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            out[i][j] = b2 / d2 * m * (i == j) + a2 / d2 * f->s[i][j];
    return b2 / d2;
}

/* Ledoit & Wolf (2004, JPM), appendix A-B as written (y demeaned = x). */
static ld ref_constcorr(const struct ref *f, ld out[12][12])
{
    size_t n = f->n, T = f->t;
    ld rbar = 0, pi = 0, rho = 0, gamma = 0, kappa, delta;
    static ld fm[12][12];

    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            rbar += f->s[i][j] / sqrtl(f->s[i][i] * f->s[j][j]);
    rbar *= 2.0L / ((ld)(n - 1) * n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            fm[i][j] = i == j ? f->s[i][i] : rbar * sqrtl(f->s[i][i] * f->s[j][j]);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            ld p = 0, th_ii = 0, th_jj = 0;
            for (size_t t = 0; t < T; t++) {
                ld c = f->x[t][i] * f->x[t][j] - f->s[i][j];
                p += c * c;
                th_ii += (f->x[t][i] * f->x[t][i] - f->s[i][i]) * c;
                th_jj += (f->x[t][j] * f->x[t][j] - f->s[j][j]) * c;
            }
            p /= T;
            th_ii /= T;
            th_jj /= T;
            pi += p;
            if (i == j)
                rho += p;
            else
                rho += rbar / 2 * (sqrtl(f->s[j][j] / f->s[i][i]) * th_ii +
                                   sqrtl(f->s[i][i] / f->s[j][j]) * th_jj);
            gamma += powl(fm[i][j] - f->s[i][j], 2);
        }
    }
    kappa = (pi - rho) / gamma;
    delta = kappa / T;
    delta = delta < 0 ? 0 : delta > 1 ? 1 : delta;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            out[i][j] = delta * fm[i][j] + (1 - delta) * f->s[i][j];
    return delta;
}

static void check_against_ref(size_t T, size_t N, double beta, unsigned long seed)
{
    gsl_matrix *r = random_returns(T, N, beta, seed), *c = gsl_matrix_alloc(N, N);
    static struct ref f;
    static ld want[12][12];
    struct shrink_info info;
    struct allot_err err;
    ld delta;

    ref_init(&f, r);
    delta = ref_identity(&f, want);
    assert_int_equal(shrink_lw_identity(r, c, &info, &err), 0);
    assert_close(info.intensity, (double)delta, 1e-14, REF_RTOL);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            assert_close(gsl_matrix_get(c, i, j), (double)want[i][j], 1e-19, REF_RTOL);
    assert_symmetric(c);
    assert_true(info.intensity >= 0 && info.intensity <= 1);
    /* shrinking towards mu I keeps the trace, and (delta > 0 here) makes
     * the result positive definite even when T < N */
    assert_true(info.intensity > 0);
    assert_psd(c, 0);

    delta = ref_constcorr(&f, want);
    assert_int_equal(shrink_lw_constcorr(r, c, &info, &err), 0);
    assert_close(info.intensity, (double)delta, 1e-14, REF_RTOL);
    for (size_t i = 0; i < N; i++) {
        /* the target keeps the sample variances: diagonal = s_ii (div T) */
        assert_close(gsl_matrix_get(c, i, i), (double)f.s[i][i], 0, REF_RTOL);
        for (size_t j = 0; j < N; j++)
            assert_close(gsl_matrix_get(c, i, j), (double)want[i][j], 1e-19, REF_RTOL);
    }
    assert_symmetric(c);
    assert_true(info.intensity >= 0 && info.intensity <= 1);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

static void test_against_papers(void **state)
{
    (void)state;
    check_against_ref(40, 6, 1.0, 1);       /* T > N */
    check_against_ref(250, 12, 0.3, 2);     /* long, weak factor */
    check_against_ref(8, 10, 0.5, 3);       /* T < N: S singular */
    check_against_ref(120, 3, 3.0, 4);      /* strong factor */
}

/* numpy, identity target, interior intensity (T = 8, N = 3):
 *   r = np.array(HAND); T, N = r.shape; x = r - r.mean(axis=0)
 *   S = x.T @ x / T; m = np.trace(S) / N
 *   d2 = np.sum((S - m*np.eye(N))**2) / N
 *   bb2 = sum(np.sum((np.outer(xt, xt) - S)**2) / N for xt in x) / T**2
 *   di = min(bb2, d2) / d2; Si = di*m*np.eye(N) + (1-di)*S
 * and the constant-correlation intensity, clamped at 1 for this short
 * sample (formulas as in ref_constcorr, vectorised with einsum). */
static const double hand[24] = {
    0.010,  -0.020, 0.005,  -0.015, 0.012, -0.007, 0.022,  0.018,
    0.011,  -0.003, -0.025, 0.002,  0.007, 0.004,  -0.012, -0.018,
    -0.009, 0.015,  0.013,  0.021,  0.006, 0.001,  -0.006, -0.004,
};

static void test_numpy_hand(void **state)
{
    gsl_matrix *r = mat_from(8, 3, hand), *c = gsl_matrix_alloc(3, 3);
    struct shrink_info info;
    struct allot_err err;
    (void)state;

    assert_int_equal(shrink_lw_identity(r, c, &info, &err), 0);
    assert_close(info.intensity, 0.8720672333641246, 0, NUMPY_RTOL);
    assert_close(info.target, 0.00016569791666666664, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 0, 0), 1.6568658928628742e-04, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 0, 1), 8.9333052202457340e-06, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 1, 2), -9.4350415393958133e-07, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 2, 2), 1.5390278210943608e-04, 0, NUMPY_RTOL);

    assert_int_equal(shrink_lw_constcorr(r, c, &info, &err), 0);
    assert_true(info.intensity == 1.0);
    assert_close(info.target, 0.12383556078133302, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 0, 1), 2.5596732859945906e-05, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 1, 2), 1.7052409228275902e-05, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 2, 2), 7.3499999999999984e-05, 0, NUMPY_RTOL);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

/* numpy, both intensities interior (T = 120, N = 4):
 *   t = np.arange(T)[:, None]; j = np.arange(N)[None, :]
 *   r = 0.01*np.sin(0.7*t*(j+1) + j) + 0.01*(1.5 - j)*np.sin(1.3*t)
 * then the formulas of test_numpy_hand. */
static void test_numpy_formula(void **state)
{
    const size_t T = 120, N = 4;
    gsl_matrix *r = gsl_matrix_alloc(T, N), *c = gsl_matrix_alloc(N, N);
    struct shrink_info info;
    struct allot_err err;
    (void)state;

    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < N; j++)
            gsl_matrix_set(r, t, j,
                           0.01 * sin(0.7 * (double)t * (double)(j + 1) + (double)j) +
                               0.01 * (1.5 - (double)j) * sin(1.3 * (double)t));
    assert_int_equal(shrink_lw_identity(r, c, &info, &err), 0);
    assert_close(info.intensity, 0.03449647353651041, 0, NUMPY_RTOL);
    assert_close(info.target, 0.00011218854069302006, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 0, 0), 0.00016103095059477585, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 0, 1), 3.300054680059732e-05, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 2, 3), 3.6812555689036065e-05, 0, NUMPY_RTOL);
    assert_int_equal(shrink_lw_constcorr(r, c, &info, &err), 0);
    assert_close(info.intensity, 0.035271267383746925, 0, NUMPY_RTOL);
    assert_close(info.target, -0.14879261929460605, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 0, 0), 0.0001627760409589787, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 0, 1), 3.2452200549981556e-05, 0, NUMPY_RTOL);
    assert_close(gsl_matrix_get(c, 2, 3), 3.625181394904108e-05, 0, NUMPY_RTOL);
    gsl_matrix_free(r);
    gsl_matrix_free(c);
}

static void test_errors(void **state)
{
    gsl_matrix *r = mat_from(8, 3, hand), *c = gsl_matrix_alloc(3, 3);
    gsl_matrix *c1 = gsl_matrix_alloc(1, 1);
    struct allot_err err;
    (void)state;

    gsl_matrix_const_view one = gsl_matrix_const_submatrix(r, 0, 0, 1, 3);
    assert_int_equal(shrink_lw_identity(&one.matrix, c, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "need at least 2"));
    gsl_matrix_const_view col = gsl_matrix_const_submatrix(r, 0, 0, 8, 1);
    assert_int_equal(shrink_lw_constcorr(&col.matrix, c1, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "2 assets"));
    /* one asset: S is its own target, intensity reported as 0 */
    {
        struct shrink_info info;
        assert_int_equal(shrink_lw_identity(&col.matrix, c1, &info, &err), 0);
        assert_true(info.intensity == 0);
    }
    for (size_t t = 0; t < 8; t++)
        gsl_matrix_set(r, t, 1, 0.5);
    assert_int_equal(shrink_lw_constcorr(r, c, NULL, &err), ALLOT_E_INPUT);
    assert_non_null(strstr(err.msg, "column 1"));
    gsl_matrix_free(r);
    gsl_matrix_free(c);
    gsl_matrix_free(c1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_papers),
        cmocka_unit_test(test_numpy_hand),
        cmocka_unit_test(test_numpy_formula),
        cmocka_unit_test(test_errors),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
