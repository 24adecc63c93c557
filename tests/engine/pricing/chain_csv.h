/* chain_csv.h: a minimal reader of the Deribit option-chain snapshots in
 * tests/data/options (plain CSV: a header row, no quoting, no embedded
 * commas, empty fields for missing values), for the pricing tests only.
 * Include after cmocka_wrap.h. */
#ifndef ALLOT_TESTS_CHAIN_CSV_H
#define ALLOT_TESTS_CHAIN_CSV_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#define CHAIN_MAX_COLS 40
#define CHAIN_LINE_MAX 2048

struct chain {
    size_t n_rows, n_cols;
    char *names[CHAIN_MAX_COLS];
    char ***cells; /* cells[row][col], owned */
};

static char *chain_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    assert_non_null(d);
    memcpy(d, s, n);
    return d;
}

/* Split line (modified in place) at commas into at most max fields. */
static size_t chain_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line;;) {
        char *comma = strchr(p, ',');
        assert_true(n < max);
        fields[n++] = p;
        if (comma == NULL)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

/* Load tests/data/options/<file> from $top_srcdir (set by make check). */
static void chain_load(const char *file, struct chain *ch)
{
    const char *top = getenv("top_srcdir");
    char path[1024], line[CHAIN_LINE_MAX];
    char *fields[CHAIN_MAX_COLS];
    size_t cap = 0;

    snprintf(path, sizeof path, "%s/tests/data/options/%s", top ? top : ".", file);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open %s (is top_srcdir set?)", path);
    memset(ch, 0, sizeof *ch);
    assert_non_null(fgets(line, sizeof line, f));
    ch->n_cols = chain_split(line, fields, CHAIN_MAX_COLS);
    for (size_t i = 0; i < ch->n_cols; i++)
        ch->names[i] = chain_dup(fields[i]);
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '\n')
            continue;
        size_t n = chain_split(line, fields, CHAIN_MAX_COLS);
        assert_int_equal(n, ch->n_cols);
        if (ch->n_rows == cap) {
            cap = cap ? 2 * cap : 256;
            ch->cells = realloc(ch->cells, cap * sizeof *ch->cells);
            assert_non_null(ch->cells);
        }
        char **row = malloc(n * sizeof *row);
        assert_non_null(row);
        for (size_t i = 0; i < n; i++)
            row[i] = chain_dup(fields[i]);
        ch->cells[ch->n_rows++] = row;
    }
    fclose(f);
}

static void chain_free(struct chain *ch)
{
    for (size_t r = 0; r < ch->n_rows; r++) {
        for (size_t i = 0; i < ch->n_cols; i++)
            free(ch->cells[r][i]);
        free(ch->cells[r]);
    }
    free(ch->cells);
    for (size_t i = 0; i < ch->n_cols; i++)
        free(ch->names[i]);
    memset(ch, 0, sizeof *ch);
}

static const char *chain_str(const struct chain *ch, size_t row, const char *col)
{
    for (size_t i = 0; i < ch->n_cols; i++)
        if (strcmp(ch->names[i], col) == 0)
            return ch->cells[row][i];
    fail_msg("no column %s", col);
    return NULL;
}

/* A number, or NAN for an empty field. */
static double chain_num(const struct chain *ch, size_t row, const char *col)
{
    const char *s = chain_str(ch, row, col);
    char *end;
    if (*s == '\0')
        return NAN;
    double v = strtod(s, &end);
    assert_true(*end == '\0');
    return v;
}

/* Years from snapshot_time_utc to expiry_utc, calendar (365 days). */
static double chain_t_years(const struct chain *ch, size_t row)
{
    int64_t snap, exp;
    const char *what;
    size_t off;
    assert_int_equal(date_parse_ts(chain_str(ch, row, "snapshot_time_utc"), &snap, &what, &off),
                     0);
    assert_int_equal(date_parse_ts(chain_str(ch, row, "expiry_utc"), &exp, &what, &off), 0);
    return (double)(exp - snap) / 1000.0 / (365.0 * 86400.0);
}

#endif
