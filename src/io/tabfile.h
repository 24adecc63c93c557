/* tabfile.h: small numeric CSV files: a square matrix labelled by symbol
 * (what `allot cov --csv` writes: header symbol,A,B,... and one row per
 * symbol starting with its name), a one-column series of numbers (a PnL
 * file, header optional), and symbol,value pairs (risk budgets). Errors
 * are located FILE:LINE:COLUMN. */
#ifndef ALLOT_IO_TABFILE_H
#define ALLOT_IO_TABFILE_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "util/err.h"

#define TABFILE_NAME_MAX 32

/* Read a square matrix. The header is symbol (any first name) then the n
 * column symbols; row i starts with the i-th symbol of the header. Values
 * must be finite numbers; when symmetric is set, |a_ij - a_ji| must not
 * exceed 1e-12 * max(|a_ij|, |a_ji|, 1e-300) (a matrix printed with %.17g
 * reads back exactly symmetric). On success *m (gsl_matrix_free) and
 * *names (n strings in one block: free(*names)) belong to the caller. */
int tabfile_matrix(const char *path, int symmetric, gsl_matrix **m,
                   char (**names)[TABFILE_NAME_MAX], size_t *n, struct allot_err *err);

/* Read one column of finite numbers; a first line that is not a number is
 * a header. A file with more than one column is an error. *v is malloc'd. */
int tabfile_column(const char *path, double **v, size_t *n, struct allot_err *err);

/* Read symbol,value rows (an optional header whose second field is not a
 * number) and store the value of each of the n names into out in the
 * order of names. Every name must appear exactly once; an unknown symbol
 * is an error. */
int tabfile_pairs(const char *path, const char (*names)[TABFILE_NAME_MAX], size_t n,
                  double *out, struct allot_err *err);

#endif
