#include <config.h>
#include "io/tabfile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/csvin.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Parse field i of rec as a finite number, or locate an error. */
static int field_num(const struct csvin *r, const struct csv_rec *rec, size_t i, double *out,
                     struct allot_err *err)
{
    const char *what;
    size_t off;
    if (num_parse(rec->f[i], out, &what, &off) != 0)
        return csvin_fail(r, rec, i, off, err, ALLOT_E_INPUT, "expected %s, found \"%.40s\"",
                          what, rec->f[i]);
    return 0;
}

static int empty_file(const char *path, const char *what, struct allot_err *err)
{
    err_setf(err, ALLOT_E_INPUT, "the file is empty: expected %s", what);
    return err_at(err, path, 0, 0);
}

int tabfile_matrix(const char *path, int symmetric, gsl_matrix **m,
                   char (**names)[TABFILE_NAME_MAX], size_t *n, struct allot_err *err)
{
    struct csvin *r;
    struct csv_rec *rec;
    gsl_matrix *a = NULL;
    char (*nm)[TABFILE_NAME_MAX] = NULL;
    size_t dim = 0, row = 0;
    int rc;

    *m = NULL;
    *names = NULL;
    *n = 0;
    if (csvin_open(path, &r, err) != 0)
        return err->code;
    rc = csvin_next(r, &rec, err);
    if (rc == 0)
        rc = empty_file(path, "a header symbol,A,B,...", err);
    if (rc < 0)
        goto done;
    if (rec->n < 2) {
        rc = csvin_fail(r, rec, 0, 0, err, ALLOT_E_INPUT,
                        "expected a header symbol,A,B,... naming the columns");
        goto done;
    }
    dim = rec->n - 1;
    nm = xcalloc(dim, sizeof *nm);
    for (size_t j = 0; j < dim; j++) {
        if (rec->len[j + 1] == 0 || str_copy(nm[j], TABFILE_NAME_MAX, rec->f[j + 1])) {
            rc = csvin_fail(r, rec, j + 1, 0, err, ALLOT_E_INPUT,
                            "expected a symbol of 1-31 characters");
            goto done;
        }
        for (size_t k = 0; k < j; k++)
            if (strcmp(nm[k], nm[j]) == 0) {
                rc = csvin_fail(r, rec, j + 1, 0, err, ALLOT_E_INPUT,
                                "symbol %s appears twice in the header", nm[j]);
                goto done;
            }
    }
    a = gsl_matrix_alloc(dim, dim);
    while ((rc = csvin_next(r, &rec, err)) > 0) {
        if (row == dim) {
            rc = csvin_fail(r, rec, 0, 0, err, ALLOT_E_INPUT,
                            "more rows than the %zu columns of a square matrix", dim);
            goto done;
        }
        if (rec->n != dim + 1) {
            size_t at = rec->n < dim + 1 ? rec->n - 1 : dim + 1;
            rc = csvin_fail(r, rec, at, 0, err, ALLOT_E_INPUT,
                            "expected %zu fields as in the header, found %zu", dim + 1, rec->n);
            goto done;
        }
        if (strcmp(rec->f[0], nm[row]) != 0) {
            rc = csvin_fail(r, rec, 0, 0, err, ALLOT_E_INPUT,
                            "expected row %zu to be %s (the order of the header), found "
                            "\"%.31s\"", row + 1, nm[row], rec->f[0]);
            goto done;
        }
        for (size_t j = 0; j < dim; j++) {
            double v;
            if ((rc = field_num(r, rec, j + 1, &v, err)) != 0)
                goto done;
            gsl_matrix_set(a, row, j, v);
            if (symmetric && j < row) {
                double u = gsl_matrix_get(a, j, row);
                double scale = fmax(fmax(fabs(u), fabs(v)), 1e-300);
                if (fabs(u - v) > 1e-12 * scale) {
                    rc = csvin_fail(r, rec, j + 1, 0, err, ALLOT_E_INPUT,
                                    "the matrix is not symmetric: %s,%s is %.17g but %s,%s is "
                                    "%.17g", nm[row], nm[j], v, nm[j], nm[row], u);
                    goto done;
                }
            }
        }
        row++;
    }
    if (rc < 0)
        goto done;
    if (row != dim) {
        err_setf(err, ALLOT_E_INPUT, "expected %zu rows for a square matrix, found %zu", dim,
                 row);
        rc = err_at(err, path, 0, 0);
        goto done;
    }
    *m = a;
    *names = nm;
    *n = dim;
    a = NULL;
    nm = NULL;
    rc = 0;
done:
    if (a != NULL)
        gsl_matrix_free(a);
    free(nm);
    csvin_close(r);
    return rc;
}

int tabfile_column(const char *path, double **v, size_t *n, struct allot_err *err)
{
    struct csvin *r;
    struct csv_rec *rec;
    size_t cap = 0;
    int rc, first = 1;

    *v = NULL;
    *n = 0;
    if (csvin_open(path, &r, err) != 0)
        return err->code;
    while ((rc = csvin_next(r, &rec, err)) > 0) {
        double x;
        const char *what;
        size_t off;
        if (rec->n != 1) {
            rc = csvin_fail(r, rec, 1, 0, err, ALLOT_E_INPUT,
                            "expected one column of numbers, found %zu fields", rec->n);
            break;
        }
        if (first && num_parse(rec->f[0], &x, &what, &off) != 0) {
            first = 0;      /* a header */
            continue;
        }
        first = 0;
        if ((rc = field_num(r, rec, 0, &x, err)) != 0)
            break;
        if (*n == cap) {
            cap = cap ? 2 * cap : 1024;
            *v = xreallocarray(*v, cap, sizeof **v);
        }
        (*v)[(*n)++] = x;
    }
    csvin_close(r);
    if (rc < 0) {
        free(*v);
        *v = NULL;
        *n = 0;
        return rc;
    }
    if (*n == 0)
        return empty_file(path, "one column of numbers", err);
    return 0;
}

int tabfile_pairs(const char *path, const char (*names)[TABFILE_NAME_MAX], size_t n,
                  double *out, struct allot_err *err)
{
    struct csvin *r;
    struct csv_rec *rec;
    char *seen = xcalloc(n ? n : 1, 1);
    int rc, first = 1;

    if (csvin_open(path, &r, err) != 0) {
        free(seen);
        return err->code;
    }
    while ((rc = csvin_next(r, &rec, err)) > 0) {
        double x;
        const char *what;
        size_t off, i;
        if (rec->n != 2) {
            rc = csvin_fail(r, rec, rec->n > 2 ? 2 : 0, 0, err, ALLOT_E_INPUT,
                            "expected symbol,value, found %zu fields", rec->n);
            break;
        }
        if (first && num_parse(rec->f[1], &x, &what, &off) != 0) {
            first = 0;
            continue;
        }
        first = 0;
        if ((rc = field_num(r, rec, 1, &x, err)) != 0)
            break;
        for (i = 0; i < n && strcmp(names[i], rec->f[0]) != 0; i++)
            ;
        if (i == n) {
            rc = csvin_fail(r, rec, 0, 0, err, ALLOT_E_INPUT,
                            "symbol \"%.31s\" is not in the matrix", rec->f[0]);
            break;
        }
        if (seen[i]) {
            rc = csvin_fail(r, rec, 0, 0, err, ALLOT_E_INPUT, "symbol %s appears twice",
                            names[i]);
            break;
        }
        seen[i] = 1;
        out[i] = x;
    }
    csvin_close(r);
    if (rc >= 0) {
        rc = 0;
        for (size_t i = 0; i < n; i++)
            if (!seen[i]) {
                err_setf(err, ALLOT_E_INPUT, "no value for %s", names[i]);
                rc = err_at(err, path, 0, 0);
                break;
            }
    }
    free(seen);
    return rc;
}
