#include <config.h>
#include "engine/stats/returns.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

void returns_opts_init(struct returns_opts *o)
{
    o->kind = RETURNS_LOG;
    o->from_day = DATE_NONE;
    o->to_day = DATE_NONE;
    o->last_n = 0;
}

void returns_done(struct returns *r)
{
    if (r == NULL)
        return;
    gsl_matrix_free(r->r);
    free(r->start_day);
    free(r->end_day);
    free(r->symbol);
    memset(r, 0, sizeof *r);
}

long returns_column(const struct returns *r, const char *sym)
{
    for (size_t j = 0; j < r->n; j++)
        if (strcmp(r->symbol[j], sym) == 0)
            return (long)j;
    return -1;
}

static int check_sorted(const struct series *s, struct allot_err *err)
{
    for (size_t k = 1; k < s->n; k++) {
        if (s->day[k] <= s->day[k - 1]) {
            char d[11];
            date_format_day(s->day[k], d);
            return err_setf(err, ALLOT_E_INPUT,
                            "series %s: date %s is not after the one before it "
                            "(sort the set with series_set_sort)", s->symbol, d);
        }
    }
    return 0;
}

static int check_window(int32_t from_day, int32_t to_day, struct allot_err *err)
{
    if (from_day != DATE_NONE && to_day != DATE_NONE && from_day > to_day) {
        char a[11], b[11];
        date_format_day(from_day, a);
        date_format_day(to_day, b);
        return err_setf(err, ALLOT_E_INPUT, "date window: from %s is after to %s", a, b);
    }
    return 0;
}

static int in_window(int32_t day, int32_t from_day, int32_t to_day)
{
    return (from_day == DATE_NONE || day >= from_day) && (to_day == DATE_NONE || day <= to_day);
}

/* k-way intersection of the day arrays of s[0..n-1] within the window.
 * Fills rows (a new array of *count * n indices into each series' arrays,
 * row-major: rows[c * n + i] is series i's index of common date c). */
static void intersect(const struct series *const *s, size_t n, int32_t from_day,
                      int32_t to_day, size_t **rows, size_t *count)
{
    size_t *idx = xcalloc(n, sizeof *idx);
    size_t cap = 0, c = 0;
    size_t *out = NULL;

    for (;;) {
        int32_t target = INT32_MIN;
        int done = 0, equal = 1;

        for (size_t i = 0; i < n; i++) {
            if (idx[i] >= s[i]->n) {
                done = 1;
                break;
            }
            if (s[i]->day[idx[i]] > target)
                target = s[i]->day[idx[i]];
        }
        if (done)
            break;
        for (size_t i = 0; i < n && !done; i++) {
            while (idx[i] < s[i]->n && s[i]->day[idx[i]] < target)
                idx[i]++;
            if (idx[i] >= s[i]->n)
                done = 1;
            else if (s[i]->day[idx[i]] != target)
                equal = 0;
        }
        if (done || (to_day != DATE_NONE && target > to_day))
            break;
        if (!equal)
            continue;
        if (in_window(target, from_day, to_day)) {
            if (c == cap) {
                cap = cap ? cap * 2 : 256;
                out = xreallocarray(out, cap, n * sizeof *out);
            }
            for (size_t i = 0; i < n; i++)
                out[c * n + i] = idx[i];
            c++;
        }
        for (size_t i = 0; i < n; i++)
            idx[i]++;
    }
    free(idx);
    *rows = out;
    *count = c;
}

/* "BTC, ETH and 3 more" style list of the selection for messages. */
static void name_list(const struct series *const *s, size_t n, char *buf, size_t size)
{
    const size_t shown = 4;
    struct strbuf b = { 0 };
    for (size_t i = 0; i < n && i < shown; i++)
        strbuf_printf(&b, "%s%s", i ? ", " : "", s[i]->symbol);
    if (n > shown)
        strbuf_printf(&b, " and %zu more", n - shown);
    str_copy(buf, size, strbuf_str(&b));
    strbuf_free(&b);
}

static int check_close(const struct series *s, size_t k, struct allot_err *err)
{
    double p = s->close[k];
    if (!(isfinite(p) && p > 0)) {
        char d[11];
        date_format_day(s->day[k], d);
        return err_setf(err, ALLOT_E_INPUT,
                        "series %s: close %g on %s is not a positive number", s->symbol, p, d);
    }
    return 0;
}

static int fill(struct returns *out, const struct series *const *s, const size_t *rows,
                size_t count, const struct returns_opts *o, struct allot_err *err)
{
    size_t n = out->n, t_all = count - 1;
    size_t t = (o->last_n > 0 && o->last_n < t_all) ? o->last_n : t_all;
    size_t first = t_all - t;   /* index of the first return kept */

    out->t = t;
    out->r = gsl_matrix_alloc(t, n);
    if (out->r == NULL)
        return err_setf(err, ALLOT_E_NOMEM, "returns: no memory for a %zu x %zu matrix", t, n);
    out->start_day = xcalloc(t, sizeof *out->start_day);
    out->end_day = xcalloc(t, sizeof *out->end_day);
    for (size_t k = 0; k < t; k++) {
        const size_t *r0 = &rows[(first + k) * n], *r1 = &rows[(first + k + 1) * n];
        out->start_day[k] = s[0]->day[r0[0]];
        out->end_day[k] = s[0]->day[r1[0]];
        for (size_t i = 0; i < n; i++) {
            int rc;
            if ((rc = check_close(s[i], r0[i], err)) < 0 ||
                (rc = check_close(s[i], r1[i], err)) < 0)
                return rc;
            double ratio = s[i]->close[r1[i]] / s[i]->close[r0[i]];
            double x = o->kind == RETURNS_SIMPLE ? ratio - 1.0 : log(ratio);
            gsl_matrix_set(out->r, k, i, x);
        }
    }
    return 0;
}

int returns_align(const struct series_set *set, const char *const *symbols, size_t n,
                  const struct returns_opts *opts, struct returns *out,
                  struct allot_err *err)
{
    struct returns_opts defaults;
    const struct series **s = NULL;
    size_t *rows = NULL, count = 0;
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (opts == NULL) {
        returns_opts_init(&defaults);
        opts = &defaults;
    }
    if (n == 0)
        return err_setf(err, ALLOT_E_INPUT, "returns: no symbols selected");
    if (opts->kind != RETURNS_LOG && opts->kind != RETURNS_SIMPLE)
        return err_setf(err, ALLOT_E_INPUT, "returns: unknown return kind %d", (int)opts->kind);
    if ((rc = check_window(opts->from_day, opts->to_day, err)) < 0)
        return rc;

    s = xcalloc(n, sizeof *s);
    for (size_t i = 0; i < n && rc == 0; i++) {
        s[i] = series_set_find(set, symbols[i]);
        if (s[i] == NULL) {
            rc = err_setf(err, ALLOT_E_NOTFOUND, "unknown symbol \"%s\"", symbols[i]);
            break;
        }
        for (size_t j = 0; j < i; j++)
            if (s[j] == s[i])
                rc = err_setf(err, ALLOT_E_INPUT, "symbol %s is selected twice", symbols[i]);
        if (rc == 0)
            rc = check_sorted(s[i], err);
    }
    if (rc < 0)
        goto done;

    intersect(s, n, opts->from_day, opts->to_day, &rows, &count);
    if (count < 2) {
        char names[160];
        name_list(s, n, names, sizeof names);
        rc = err_setf(err, ALLOT_E_INPUT,
                      "%s: %zu common date%s%s; returns need at least 2", names, count,
                      count == 1 ? "" : "s",
                      opts->from_day != DATE_NONE || opts->to_day != DATE_NONE
                          ? " in the date window" : "");
        goto done;
    }

    out->kind = opts->kind;
    out->n = n;
    out->symbol = xcalloc(n, sizeof *out->symbol);
    for (size_t i = 0; i < n; i++)
        str_copy(out->symbol[i], sizeof out->symbol[i], s[i]->symbol);
    rc = fill(out, s, rows, count, opts, err);

done:
    free(rows);
    free(s);
    if (rc < 0)
        returns_done(out);
    return rc;
}

int returns_common_days(const struct series *a, const struct series *b, int32_t from_day,
                        int32_t to_day, int32_t **days, size_t *n_days,
                        struct allot_err *err)
{
    const struct series *s[2] = { a, b };
    size_t *rows = NULL, count = 0;
    int rc;

    *days = NULL;
    *n_days = 0;
    if ((rc = check_window(from_day, to_day, err)) < 0 || (rc = check_sorted(a, err)) < 0 ||
        (rc = check_sorted(b, err)) < 0)
        return rc;
    intersect(s, 2, from_day, to_day, &rows, &count);
    if (count > 0) {
        *days = xcalloc(count, sizeof **days);
        for (size_t c = 0; c < count; c++)
            (*days)[c] = a->day[rows[2 * c]];
    }
    *n_days = count;
    free(rows);
    return 0;
}

int returns_ann_factor(const double *days_per_year, size_t n, double *periods,
                       struct allot_err *err)
{
    double m = INFINITY;

    if (n == 0)
        return err_setf(err, ALLOT_E_INPUT, "annualisation: no calendars given");
    for (size_t i = 0; i < n; i++) {
        if (!(isfinite(days_per_year[i]) && days_per_year[i] > 0))
            return err_setf(err, ALLOT_E_INPUT,
                            "annualisation: days_per_year[%zu] = %g is not a number > 0", i,
                            days_per_year[i]);
        if (days_per_year[i] < m)
            m = days_per_year[i];
    }
    *periods = m;
    return 0;
}
