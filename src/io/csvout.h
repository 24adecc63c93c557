/* csvout.h: writing CSV with libcsv's quoting (a field is quoted only
 * when it holds a comma, a quote, a line break or edge blanks), and
 * writing files atomically (temp file in the same directory, checked
 * close, rename). */
#ifndef ALLOT_IO_CSVOUT_H
#define ALLOT_IO_CSVOUT_H

#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

/* Write one field; first says whether it starts the line (no comma).
 * Control characters other than tab, CR and LF, and DEL, are written as
 * '?': CSV goes to terminals too, and must not carry escape sequences. */
void csvout_field(FILE *fp, const char *s, int first);
/* Write n fields and a newline. */
void csvout_row(FILE *fp, const char *const *fields, size_t n);

/* An output file written atomically. */
struct atomic_file {
    FILE *fp;
    char *path, *tmp;
};

/* Open a temporary file beside path (mode 0600 & ~umask unless private,
 * then 0600). Returns 0 or ALLOT_E_IO. */
int atomic_open(struct atomic_file *af, const char *path, int private_mode,
                struct allot_err *err);
/* Flush, fsync, close and rename over path. On failure the temporary is
 * removed, path is untouched, and ALLOT_E_IO returned. */
int atomic_commit(struct atomic_file *af, struct allot_err *err);
/* Abandon: close and remove the temporary. */
void atomic_abort(struct atomic_file *af);

#endif
