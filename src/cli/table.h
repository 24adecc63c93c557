/* table.h: the output of every batch command: an aligned text table by
 * default, or CSV (libcsv quoting, numbers as %.17g) with --csv. Cells are
 * kept as text twice: as shown, and as written to CSV. Control characters
 * are never written raw to a terminal (shown as '?'). */
#ifndef ALLOT_CLI_TABLE_H
#define ALLOT_CLI_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct table;

/* A table with n columns; align is a string of 'l'/'r' per column (NULL:
 * first left, the rest right). Headers carry units: "vega USD/volpt". */
struct table *table_new(size_t n, const char *const *headers, const char *align);
void table_free(struct table *t);

/* Start a new row; then add exactly n cells with the functions below. */
void table_row(struct table *t);
void table_str(struct table *t, const char *s);
/* A number shown with `decimals` decimals (-1: as many as it has, up to
 * 10 significant digits), thousands grouped by table_numg; written to CSV
 * as %.17g; NAN shows as empty. */
void table_num(struct table *t, double v, int decimals);
void table_numg(struct table *t, double v, int decimals);
void table_int(struct table *t, long long v);
/* A cell shown as `shown` but written to CSV as `csv`. */
void table_cell2(struct table *t, const char *shown, const char *csv);

size_t table_rows(const struct table *t);

/* Print as text (csv 0) or CSV (csv 1). */
void table_print(const struct table *t, FILE *out, int csv);

/* Write s for a terminal: control bytes become '?'. */
void table_puts_safe(FILE *out, const char *s);

#endif
