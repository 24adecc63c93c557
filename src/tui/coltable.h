/* coltable.h: the one column table of the interactive screens. A screen
 * fills rows of cell texts (with a number to sort by and a colour role)
 * and an id per row; the table sizes its columns from the content,
 * filters rows by a search text, sorts by any column, keeps the selected
 * row by id across refills, scrolls both ways (leading columns can stay
 * frozen) and maps mouse clicks to rows. No two screens draw tables
 * with their own code: they feed this. Knows no curses, no store. */
#ifndef ALLOT_TUI_COLTABLE_H
#define ALLOT_TUI_COLTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "tui/grid.h"
#include "tui/keymap.h"
#include "tui/theme.h"

enum { CT_LEFT = 0, CT_RIGHT = 1 };

struct coltable_col {
    const char *title;      /* header; may carry the unit: "entry USD" */
    int align;              /* CT_LEFT or CT_RIGHT (numbers) */
    int min_w, max_w;       /* column width bounds; max_w 0: no bound */
};

struct ct_cell {
    char *text;             /* malloc'd, "" when empty */
    double num;             /* sort key; NAN: sort by text */
    int role;
};

struct coltable {
    const struct coltable_col *cols;
    int ncols;
    int freeze;             /* leading columns that never scroll away */
    const char *empty_text; /* shown when there are no rows at all */

    struct ct_cell *cells;  /* nrows x ncols */
    int64_t *ids;
    size_t nrows, cap;
    int *width;             /* natural width of each column */

    size_t *view;           /* rows shown (filtered, sorted): indices into cells */
    size_t nview;
    size_t cur, top;        /* selected and first shown, indices into view */
    int64_t cur_id;         /* the selected row's id, kept across refills */
    int ccol;               /* the column cursor */
    int hscroll;            /* first scrolling column shown */
    int sort_col;           /* -1: insertion order */
    int sort_desc;
    char filter[128];

    int page;               /* body rows at the last render */
    struct rect area;       /* last render area, for clicks */
    int colx[64];           /* screen x of each shown column at the last render, -1 hidden */
};

/* Set up t for ncols columns (at most 64); freeze leading columns. */
void coltable_init(struct coltable *t, const struct coltable_col *cols, int ncols, int freeze);
void coltable_done(struct coltable *t);

/* Refill: coltable_clear drops the rows (keeping selection, sort, filter,
 * scroll); coltable_add_row appends a row of blank cells with an id and
 * returns its index; coltable_set fills one cell; coltable_commit sizes
 * the columns, filters, sorts and restores the selection by id. */
void coltable_clear(struct coltable *t);
size_t coltable_add_row(struct coltable *t, int64_t id);
void coltable_set(struct coltable *t, size_t row, int col, const char *text, double num,
                  int role);
void coltable_commit(struct coltable *t);

/* Filter rows to those containing text (case-insensitive, any cell);
 * "" shows all. */
void coltable_set_filter(struct coltable *t, const char *text);
/* Sort by col (-1: insertion order), descending when desc. */
void coltable_sort(struct coltable *t, int col, int desc);

/* The selected row's id, or 0 when the view is empty. */
int64_t coltable_selected_id(const struct coltable *t);
/* Select the row with this id; returns 1 if it is shown. */
int coltable_select_id(struct coltable *t, int64_t id);
/* The text of a shown cell (view row, column), or NULL. */
const char *coltable_text(const struct coltable *t, size_t vrow, int col);

/* Navigation: down/up/page/top/bottom, left/right (column cursor),
 * sort (by the cursor's column; again reverses), scroll, click (row or
 * header). Returns REACT_REDRAW when something changed, REACT_NONE when
 * the action is not a table action. */
int coltable_action(struct coltable *t, int action, const struct tui_event *ev);

/* Draw into area: a header row, the rows, and a footer line (position,
 * sort and filter) on the last row of area. */
void coltable_render(struct coltable *t, struct grid *g, struct rect area,
                     const struct theme *th);

#endif
