/* heatmap.h: a matrix of values in [-1, 1] (correlations) drawn as
 * shade glyphs in colour roles by sign and size, with row and column
 * labels, a cursor, and the value under the cursor printed on the last
 * line, so the number is there without colour. The caller owns the
 * values and labels; the widget keeps only the cursor. No curses. */
#ifndef ALLOT_TUI_HEATMAP_H
#define ALLOT_TUI_HEATMAP_H

#include <stddef.h>

#include "tui/grid.h"
#include "tui/keymap.h"
#include "tui/theme.h"

struct heatmap {
    size_t rows, cols;
    const double *v;                /* rows x cols, row-major; NAN: no value */
    const char *const *rlabels;     /* rows labels */
    const char *const *clabels;     /* cols labels */
    size_t cr, cc;                  /* the cursor */
};

/* Move the cursor (up/down/left/right, top/bottom, page keys); returns
 * REACT_REDRAW when it moved, REACT_NONE for other actions. */
int heatmap_action(struct heatmap *h, int action);
/* Draw into area: column labels, then one row per matrix row (label,
 * cells), then "ROW / COL  +0.83" on the last line. Scrolls to keep the
 * cursor shown. Cell width is 2 to 6 columns as space allows. */
void heatmap_render(const struct heatmap *h, struct grid *g, struct rect area,
                    const struct theme *th);
/* The shade glyph of a value: |v| below 0.2, 0.5, 0.8, and above. */
enum glyph heatmap_glyph(double v);

#endif
