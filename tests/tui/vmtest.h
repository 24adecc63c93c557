/* vmtest.h: what the view-model tests share: a fresh demo store, the
 * batch command run in-process on it (cli_run, its stdout captured), and
 * its CSV split into rows and fields, so a test compares a view-model's
 * numbers with the CLI's on the same store. */
#ifndef ALLOT_TESTS_TUI_VMTEST_H
#define ALLOT_TESTS_TUI_VMTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "util/num.h"
#include "util/str.h"
#include "util/xalloc.h"

#define VT_MAX_ROWS 4096
#define VT_MAX_FIELDS 32

struct vt_demo {
    char path[4096], dir[4096];
};

/* A fresh demo store (needs ALLOT_SHARE, which make check exports). */
static inline void vt_demo_open(struct vt_demo *d)
{
    struct allot_err err;
    err_clear(&err);
    if (demo_create(d->path, d->dir, sizeof d->path, &err) != 0) {
        fprintf(stderr, "demo store: %s (set ALLOT_SHARE)\n", err.msg);
        exit(1);
    }
}

static inline void vt_demo_close(struct vt_demo *d)
{
    demo_remove(d->dir);
}

/* The fixture most view-model tests share: a fresh demo store, open.
 * A test file defining VT_STORE_FIXTURE gets vt_demo, vt_st and
 * vt_setup/vt_teardown for cmocka_run_group_tests. */
#ifdef VT_STORE_FIXTURE
#include <gsl/gsl_errno.h>
#include "store/db.h"

static struct vt_demo vt_demo;
static store_t *vt_st;

static int vt_setup(void **state)
{
    struct allot_err err;
    (void)state;
    gsl_set_error_handler_off();
    vt_demo_open(&vt_demo);
    err_clear(&err);
    return store_open(vt_demo.path, 0, &vt_st, &err);
}

static int vt_teardown(void **state)
{
    (void)state;
    store_close(vt_st);
    vt_demo_close(&vt_demo);
    return 0;
}
#endif

/* CSV rows of one command's stdout; rows[i][j] point into text. */
struct vt_csv {
    char *text;
    size_t n;
    char *rows[VT_MAX_ROWS][VT_MAX_FIELDS];
    size_t nf[VT_MAX_ROWS];
    int rc;
};

/* Run `allot -d DB WORDS...` (NULL-terminated) and split its stdout at
 * commas (the CLI quotes no field of the outputs compared here). An
 * empty line is kept as a row of no fields (it separates CSV blocks). */
static inline struct vt_csv *vt_run(const struct vt_demo *d, const char *first, ...)
{
    struct vt_csv *c = xcalloc(1, sizeof *c);
    char *argv[64], *out = NULL, *errt = NULL;
    size_t olen = 0, elen = 0;
    int argc = 0;
    FILE *fo = open_memstream(&out, &olen), *fe = open_memstream(&errt, &elen);
    struct cli_env env = { fo, fe, d->path, NULL, NULL, NULL };
    va_list ap;
    va_start(ap, first);
    for (const char *w = first; w != NULL && argc < 63; w = va_arg(ap, const char *))
        argv[argc++] = xstrdup(w);
    va_end(ap);
    argv[argc] = NULL;
    c->rc = cli_run(&env, argc, argv);
    fclose(fo);
    fclose(fe);
    if (c->rc != 0)
        fprintf(stderr, "cli %s: exit %d: %s\n", first, c->rc, errt);
    free(errt);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    c->text = out;
    for (char *p = out, *nl; p != NULL && *p != '\0' && c->n < VT_MAX_ROWS; p = nl) {
        nl = strchr(p, '\n');
        if (nl != NULL)
            *nl++ = '\0';
        c->nf[c->n] = 0;
        /* empty fields are kept: "a,,b" is three */
        for (char *f = p; *p != '\0' && c->nf[c->n] < VT_MAX_FIELDS;) {
            char *comma = strchr(f, ',');
            c->rows[c->n][c->nf[c->n]++] = f;
            if (comma == NULL)
                break;
            *comma = '\0';
            f = comma + 1;
        }
        c->n++;
    }
    return c;
}

/* The same with an argv array (a view-model's equivalent command). */
static inline struct vt_csv *vt_run_argv(const struct vt_demo *d, char **words, size_t n)
{
    const char *w[64] = { 0 };
    for (size_t i = 0; i < n && i < 60; i++)
        w[i] = words[i];
    return vt_run(d, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10], w[11],
                  w[12], w[13], w[14], w[15], w[16], w[17], w[18], w[19], w[20], w[21], w[22],
                  w[23], w[24], w[25], w[26], w[27], (const char *)NULL);
}

static inline void vt_free(struct vt_csv *c)
{
    free(c->text);
    free(c);
}

/* Field j of row i as a number (an empty field is NAN). */
static inline double vt_num(const struct vt_csv *c, size_t i, size_t j)
{
    double x;
    const char *what;
    size_t off;
    if (i >= c->n || j >= c->nf[i] || c->rows[i][j][0] == '\0')
        return NAN;
    if (num_parse(c->rows[i][j], &x, &what, &off) != 0)
        return NAN;
    return x;
}

/* The first row whose field j equals s, or -1. */
static inline long vt_find(const struct vt_csv *c, size_t j, const char *s)
{
    for (size_t i = 0; i < c->n; i++)
        if (j < c->nf[i] && strcmp(c->rows[i][j], s) == 0)
            return (long)i;
    return -1;
}

#endif
