/* chart.h: line charts and sparklines drawn into a grid: payoff curves,
 * rolling correlations, histories. Lines are plotted on braille dots
 * (2 x 4 per cell) when the theme is UTF-8, else on ASCII marks (1 x 3
 * per cell: ' - .). Axes carry min/mid/max labels. The caller owns the
 * data; nothing is kept. No curses. */
#ifndef ALLOT_TUI_CHART_H
#define ALLOT_TUI_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "tui/grid.h"
#include "tui/theme.h"

struct chart_series {
    const double *x;        /* n abscissas, increasing; NULL: 0, 1, ..., n-1 */
    const double *y;        /* n ordinates; a NAN breaks the line */
    size_t n;
    int role;               /* ROLE_CHART1.. */
    const char *label;      /* legend text, or NULL */
};

struct chart {
    const struct chart_series *series;
    size_t nseries;
    double xmin, xmax, ymin, ymax;  /* NAN: from the data */
    int has_cursor;                 /* draw a vertical cursor at cursor_x */
    double cursor_x;
    const char *xlabel_lo, *xlabel_hi;  /* the x axis labels; NULL: the compact numbers */
};

/* Draw c into area: y labels on the left, the plot, x labels on the
 * last row, a legend on the top row when a series has a label. A chart
 * with no finite point shows "no data". */
void chart_render(const struct chart *c, struct grid *g, struct rect area,
                  const struct theme *th);

/* Braille helpers (exposed for tests): the code point of a cell whose
 * dots are set in bits (dot (col, row), col 0..1, row 0..3). */
uint32_t chart_braille(unsigned bits);
unsigned chart_braille_bit(int col, int row);

/* y at x on the polyline of s (linear between points); NAN outside. */
double chart_value_at(const struct chart_series *s, double x);

/* A sparkline of the last w values of v (n of them) at (x, y), scaled
 * between lo and hi (NAN: the min and max shown), eight levels; NAN
 * values are blank. */
void sparkline_render(struct grid *g, int x, int y, int w, const double *v, size_t n,
                      double lo, double hi, int role, const struct theme *th);

#endif
