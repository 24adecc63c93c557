/* bench_stats.c: timings of the engine/stats estimators on a 2,520 x 500
 * return matrix (ten years of trading days, 500 assets; seeded random
 * one-factor data), and the correlation against numpy.corrcoef on the
 * same data in the same run. One line per figure: what, value, unit,
 * target, PASS/FAIL. Exit status 1 only when a result is wrong or a call
 * fails; a missed speed target is reported, not fatal. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engine/stats/corr.h"
#include "engine/stats/cov.h"
#include "engine/stats/shrink.h"
#include "util/err.h"

#define T_ROWS 2520
#define N_COLS 500
#define REPS 5
#define SEED 20240607UL
#define AGREE_TOL 1e-10     /* max |ours - numpy| accepted */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void line(const char *what, double value, const char *unit, const char *target,
                 int pass)
{
    printf("%-46s %10.4g %-3s target %-22s %s\n", what, value, unit, target,
           pass < 0 ? "-" : pass ? "PASS" : "FAIL");
}

static gsl_matrix *make_returns(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_matrix *r = gsl_matrix_alloc(T_ROWS, N_COLS);
    if (rng == NULL || r == NULL) {
        fprintf(stderr, "bench_stats: no memory\n");
        exit(1);
    }
    gsl_rng_set(rng, SEED);
    for (size_t t = 0; t < T_ROWS; t++) {
        double f = gsl_ran_gaussian(rng, 0.02);
        for (size_t j = 0; j < N_COLS; j++)
            gsl_matrix_set(r, t, j, (0.5 + (double)(j % 7) / 7) * f +
                                        gsl_ran_gaussian(rng, 0.03));
    }
    gsl_rng_free(rng);
    return r;
}

typedef int (*estimator)(const gsl_matrix *r, gsl_matrix *out, struct allot_err *err);

static int run_ewma_weights(const gsl_matrix *r, gsl_matrix *out, struct allot_err *err)
{
    return cov_ewma(r, NULL, out, err);
}

static int run_ewma_recursive(const gsl_matrix *r, gsl_matrix *out, struct allot_err *err)
{
    struct cov_ewma_opts o;
    cov_ewma_opts_init(&o);
    o.form = COV_EWMA_RECURSIVE;
    return cov_ewma(r, &o, out, err);
}

static int run_lw_identity(const gsl_matrix *r, gsl_matrix *out, struct allot_err *err)
{
    return shrink_lw_identity(r, out, NULL, err);
}

static int run_lw_constcorr(const gsl_matrix *r, gsl_matrix *out, struct allot_err *err)
{
    return shrink_lw_constcorr(r, out, NULL, err);
}

/* Best of REPS wall-clock seconds; -1 on failure (message printed). */
static double best_time(estimator f, const gsl_matrix *r, gsl_matrix *out, const char *name)
{
    double best = INFINITY;
    struct allot_err err;
    char buf[600];
    for (int k = 0; k < REPS; k++) {
        double t0 = now_s();
        if (f(r, out, &err) != 0) {
            fprintf(stderr, "bench_stats: %s: %s\n", name, err_format(&err, buf, sizeof buf));
            return -1;
        }
        best = fmin(best, now_s() - t0);
    }
    return best;
}

static const char *py_script =
    "import sys, time\n"
    "import numpy as np\n"
    "path, out, t, n, reps = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])\n"
    "x = np.fromfile(path, dtype=np.float64).reshape(t, n)\n"
    "best = float('inf')\n"
    "for _ in range(reps):\n"
    "    t0 = time.perf_counter()\n"
    "    c = np.corrcoef(x, rowvar=False)\n"
    "    best = min(best, time.perf_counter() - t0)\n"
    "np.ascontiguousarray(c, dtype=np.float64).tofile(out)\n"
    "print(repr(best))\n";

static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t w = fwrite(data, 1, size, f);
    return (fclose(f) == 0 && w == size) ? 0 : -1;
}

/* Run numpy on r; fills *secs and c_np. Returns 0, 1 when skipped (reason
 * printed), -1 on a broken run. */
static int run_numpy(const gsl_matrix *r, gsl_matrix *c_np, double *secs)
{
    const char *py = getenv("PYTHON3");
    const char *tmp = getenv("TMPDIR");
    char dir[512], data[600], out[600], script[600], cmd[2400];
    int rc = -1;
    FILE *p;

    if (py == NULL || *py == '\0') {
        printf("numpy comparison skipped: PYTHON3 is not set (configure found no python3)\n");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/bench_stats.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror("bench_stats: mkdtemp");
        return -1;
    }
    snprintf(data, sizeof data, "%s/r.f64", dir);
    snprintf(out, sizeof out, "%s/c.f64", dir);
    snprintf(script, sizeof script, "%s/corr.py", dir);
    if (write_file(data, r->data, sizeof(double) * T_ROWS * N_COLS) != 0 ||
        write_file(script, py_script, strlen(py_script)) != 0) {
        perror("bench_stats: writing the temp files");
        goto done;
    }
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' '%s' %d %d %d 2>&1", py, script, data, out,
             T_ROWS, N_COLS, REPS);
    p = popen(cmd, "r");
    if (p != NULL) {
        char buf[512] = "";
        size_t got = fread(buf, 1, sizeof buf - 1, p);
        int st = pclose(p);
        buf[got] = '\0';
        for (char *c = buf; *c != '\0'; c++)
            if (*c == '\n')
                *c = ' ';  /* one line per message */
        if (st != 0 || sscanf(buf, "%lf", secs) != 1) {
            printf("numpy comparison skipped: %s failed (no numpy?): %.300s\n", py, buf);
            rc = 1;
        } else {
            FILE *f = fopen(out, "rb");
            size_t n = f ? fread(c_np->data, sizeof(double), N_COLS * N_COLS, f) : 0;
            if (f)
                fclose(f);
            rc = n == N_COLS * N_COLS ? 0 : -1;
        }
    }
done:
    unlink(data);
    unlink(out);
    unlink(script);
    rmdir(dir);
    return rc;
}

int main(void)
{
    gsl_matrix *r, *c, *c_np;
    double t_ours, t_np = 0, diff = 0;
    char what[128], target[64];
    int rc = 0, np_rc;
    struct {
        const char *name;
        estimator f;
    } ests[] = {
        { "sample covariance (T-1)", cov_sample },
        { "EWMA covariance, weights", run_ewma_weights },
        { "EWMA covariance, recursive (k=20)", run_ewma_recursive },
        { "Ledoit-Wolf, identity target", run_lw_identity },
        { "Ledoit-Wolf, constant correlation", run_lw_constcorr },
    };

    gsl_set_error_handler_off();
    printf("engine/stats, %d x %d returns, best of %d, CBLAS: %s, OPENBLAS_NUM_THREADS=%s\n",
           T_ROWS, N_COLS, REPS, ALLOT_CBLAS_NAME,
           getenv("OPENBLAS_NUM_THREADS") ? getenv("OPENBLAS_NUM_THREADS") : "(unset)");
    r = make_returns();
    c = gsl_matrix_alloc(N_COLS, N_COLS);
    c_np = gsl_matrix_alloc(N_COLS, N_COLS);
    if (c == NULL || c_np == NULL)
        return 1;

    t_ours = best_time(corr_sample, r, c, "correlation");
    if (t_ours < 0)
        return 1;
    np_rc = run_numpy(r, c_np, &t_np);
    if (np_rc < 0) {
        fprintf(stderr, "bench_stats: the numpy run broke\n");
        rc = 1;
    }
    snprintf(what, sizeof what, "correlation %dx%d (%s CBLAS)", T_ROWS, N_COLS,
             ALLOT_CBLAS_NAME);
    if (np_rc == 0) {
        for (size_t i = 0; i < N_COLS * N_COLS; i++)
            diff = fmax(diff, fabs(c->data[i] - c_np->data[i]));
        snprintf(target, sizeof target, "<= numpy %.4f s", t_np);
        line(what, t_ours, "s", target, t_ours <= t_np);
        line("numpy.corrcoef, same data", t_np, "s", "(reference)", -1);
        line("  ratio ours / numpy", t_ours / t_np, "x", "<= 1", t_ours <= t_np);
        line("  max |ours - numpy|", diff, "", "<= 1e-10", diff <= AGREE_TOL);
        if (!(diff <= AGREE_TOL))
            rc = 1;
    } else {
        line(what, t_ours, "s", "(no numpy to compare)", -1);
    }
    /* the other estimators: interactive use wants a full recompute at this
     * size within a second */
    for (size_t k = 0; k < sizeof ests / sizeof ests[0]; k++) {
        double t = best_time(ests[k].f, r, c, ests[k].name);
        if (t < 0) {
            rc = 1;
            continue;
        }
        line(ests[k].name, t, "s", "<= 1 s", t <= 1.0);
    }
    gsl_matrix_free(r);
    gsl_matrix_free(c);
    gsl_matrix_free(c_np);
    return rc;
}
