/* fuzz_tabfile.c: the small numeric files (io/tabfile.c). The first byte
 * picks the reader: a square matrix (symmetric or not), one column, or
 * symbol,value pairs for the names A, B, C. Properties: a matrix read is
 * square with finite entries (symmetric within the stated tolerance when
 * asked) and distinct names; a column is finite; pairs fill every name. */
#include <config.h>

#include <math.h>

#include <gsl/gsl_matrix.h>

#include "fuzz.h"
#include "io/tabfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char names[3][TABFILE_NAME_MAX] = { "A", "B", "C" };
    struct allot_err err;
    const char *path;
    int rc, which;

    if (size < 1)
        return 0;
    which = data[0] % 4;
    path = fuzz_file(data + 1, size - 1);
    err_clear(&err);
    if (which <= 1) {
        gsl_matrix *m;
        char (*nm)[TABFILE_NAME_MAX];
        size_t n;
        rc = tabfile_matrix(path, which == 1, &m, &nm, &n, &err);
        if (rc == 0) {
            FUZZ_ASSERT(n > 0 && m->size1 == n && m->size2 == n);
            for (size_t i = 0; i < n; i++) {
                FUZZ_ASSERT(nm[i][0] != '\0' && strlen(nm[i]) < TABFILE_NAME_MAX);
                for (size_t j = 0; j < n; j++) {
                    double a = gsl_matrix_get(m, i, j), b = gsl_matrix_get(m, j, i);
                    FUZZ_ASSERT(isfinite(a));
                    if (which == 1)
                        FUZZ_ASSERT(fabs(a - b) <= 1e-12 * fmax(fmax(fabs(a), fabs(b)), 1e-300));
                    if (j < i)
                        FUZZ_ASSERT(strcmp(nm[i], nm[j]) != 0);
                }
            }
            gsl_matrix_free(m);
            free(nm);
        } else {
            FUZZ_ASSERT(m == NULL && nm == NULL && n == 0);
        }
    } else if (which == 2) {
        double *v;
        size_t n;
        rc = tabfile_column(path, &v, &n, &err);
        if (rc == 0) {
            FUZZ_ASSERT(n > 0);
            for (size_t i = 0; i < n; i++)
                FUZZ_ASSERT(isfinite(v[i]));
        } else {
            FUZZ_ASSERT(v == NULL && n == 0);
        }
        free(v);
    } else {
        double out[3] = { NAN, NAN, NAN };
        rc = tabfile_pairs(path, names, 3, out, &err);
        if (rc == 0)
            for (size_t i = 0; i < 3; i++)
                FUZZ_ASSERT(isfinite(out[i]));
    }
    if (rc != 0)
        FUZZ_ASSERT(rc < 0 && err.code == rc && err.msg[0] != '\0');
    return 0;
}
