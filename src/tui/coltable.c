#include <config.h>
#include "tui/coltable.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/screen.h"
#include "util/str.h"
#include "util/xalloc.h"

#define CT_MAXCOLS 64
#define CT_GAP 1            /* blank columns between two columns */
#define CT_MIN_CUT 4        /* a column is shown cut only if this many columns remain */
#define CT_SCROLL_ROWS 3

void coltable_init(struct coltable *t, const struct coltable_col *cols, int ncols, int freeze)
{
    memset(t, 0, sizeof *t);
    if (ncols > CT_MAXCOLS)
        ncols = CT_MAXCOLS;
    t->cols = cols;
    t->ncols = ncols;
    t->freeze = freeze < ncols ? freeze : ncols;
    t->hscroll = t->freeze;
    t->width = xcalloc((size_t)ncols, sizeof *t->width);
    t->sort_col = -1;
    t->empty_text = "no rows";
}

static void free_cells(struct coltable *t)
{
    for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
        free(t->cells[i].text);
    t->nrows = 0;
}

void coltable_done(struct coltable *t)
{
    free_cells(t);
    free(t->cells);
    free(t->ids);
    free(t->view);
    free(t->width);
    memset(t, 0, sizeof *t);
}

void coltable_clear(struct coltable *t)
{
    free_cells(t);
    t->nview = 0;
}

size_t coltable_add_row(struct coltable *t, int64_t id)
{
    size_t r = t->nrows;
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->cells = xreallocarray(t->cells, t->cap * (size_t)t->ncols, sizeof *t->cells);
        t->ids = xreallocarray(t->ids, t->cap, sizeof *t->ids);
        t->view = xreallocarray(t->view, t->cap, sizeof *t->view);
    }
    for (int c = 0; c < t->ncols; c++) {
        struct ct_cell *cell = &t->cells[r * (size_t)t->ncols + (size_t)c];
        cell->text = xstrdup("");
        cell->num = NAN;
        cell->role = ROLE_NORMAL;
    }
    t->ids[r] = id;
    t->nrows++;
    return r;
}

void coltable_set(struct coltable *t, size_t row, int col, const char *text, double num,
                  int role)
{
    struct ct_cell *cell;
    if (row >= t->nrows || col < 0 || col >= t->ncols)
        return;
    cell = &t->cells[row * (size_t)t->ncols + (size_t)col];
    free(cell->text);
    cell->text = xstrdup(text ? text : "");
    cell->num = num;
    cell->role = role;
}

static const struct ct_cell *cell_at(const struct coltable *t, size_t row, int col)
{
    return &t->cells[row * (size_t)t->ncols + (size_t)col];
}

static int row_matches(const struct coltable *t, size_t row)
{
    if (t->filter[0] == '\0')
        return 1;
    for (int c = 0; c < t->ncols; c++)
        if (strcasestr(cell_at(t, row, c)->text, t->filter) != NULL)
            return 1;
    return 0;
}

/* <0, 0, >0 as row a sorts before, with, after row b */
static int cmp_rows(const struct coltable *t, size_t a, size_t b)
{
    const struct ct_cell *x = cell_at(t, a, t->sort_col), *y = cell_at(t, b, t->sort_col);
    int ex = x->text[0] == '\0', ey = y->text[0] == '\0', r;
    /* empty cells last whatever the direction */
    if (ex != ey)
        return ex - ey;
    if (ex)
        r = 0;
    else if (!isnan(x->num) && !isnan(y->num))
        r = x->num < y->num ? -1 : x->num > y->num ? 1 : 0;
    else if (isnan(x->num) != isnan(y->num))
        r = isnan(x->num) ? 1 : -1;
    else
        r = strcasecmp(x->text, y->text);
    if (t->sort_desc)
        r = -r;
    if (r == 0)
        r = a < b ? -1 : a > b ? 1 : 0;
    return r;
}

/* A stable merge sort of the view (qsort has no context argument). */
static void sort_view(struct coltable *t)
{
    size_t n = t->nview;
    size_t *tmp;
    if (t->sort_col < 0 || n < 2) {
        if (t->sort_col < 0) {
            /* insertion order: the view was built in row order */
        }
        return;
    }
    tmp = xreallocarray(NULL, n, sizeof *tmp);
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = cmp_rows(t, t->view[i], t->view[j]) <= 0 ? t->view[i++] : t->view[j++];
            while (i < mid)
                tmp[k++] = t->view[i++];
            while (j < hi)
                tmp[k++] = t->view[j++];
        }
        memcpy(t->view, tmp, n * sizeof *tmp);
    }
    free(tmp);
}

static void fix_scroll(struct coltable *t)
{
    size_t page = t->page > 0 ? (size_t)t->page : 1;
    if (t->nview == 0) {
        t->cur = t->top = 0;
        return;
    }
    if (t->cur >= t->nview)
        t->cur = t->nview - 1;
    if (t->cur < t->top)
        t->top = t->cur;
    if (t->cur >= t->top + page)
        t->top = t->cur - page + 1;
    if (t->top + page > t->nview)
        t->top = t->nview > page ? t->nview - page : 0;
    t->cur_id = t->ids[t->view[t->cur]];
}

static void rebuild_view(struct coltable *t)
{
    int64_t keep = t->cur_id;
    t->nview = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (row_matches(t, r))
            t->view[t->nview++] = r;
    sort_view(t);
    for (size_t i = 0; i < t->nview; i++) {
        if (t->ids[t->view[i]] == keep) {
            t->cur = i;
            break;
        }
    }
    fix_scroll(t);
}

void coltable_commit(struct coltable *t)
{
    for (int c = 0; c < t->ncols; c++) {
        int w = text_width(t->cols[c].title) + (c == t->sort_col ? 1 : 0);
        for (size_t r = 0; r < t->nrows; r++) {
            int cw = text_width(cell_at(t, r, c)->text);
            if (cw > w)
                w = cw;
        }
        if (w < t->cols[c].min_w)
            w = t->cols[c].min_w;
        if (t->cols[c].max_w > 0 && w > t->cols[c].max_w)
            w = t->cols[c].max_w;
        t->width[c] = w;
    }
    rebuild_view(t);
}

void coltable_set_filter(struct coltable *t, const char *text)
{
    str_copy(t->filter, sizeof t->filter, text);
    rebuild_view(t);
}

void coltable_sort(struct coltable *t, int col, int desc)
{
    t->sort_col = col >= 0 && col < t->ncols ? col : -1;
    t->sort_desc = desc;
    coltable_commit(t);
}

int64_t coltable_selected_id(const struct coltable *t)
{
    return t->nview ? t->ids[t->view[t->cur]] : 0;
}

int coltable_select_id(struct coltable *t, int64_t id)
{
    for (size_t i = 0; i < t->nview; i++) {
        if (t->ids[t->view[i]] == id) {
            t->cur = i;
            fix_scroll(t);
            return 1;
        }
    }
    t->cur_id = id;
    return 0;
}

const char *coltable_text(const struct coltable *t, size_t vrow, int col)
{
    if (vrow >= t->nview || col < 0 || col >= t->ncols)
        return NULL;
    return cell_at(t, t->view[vrow], col)->text;
}

/* Width used by the frozen columns and those from first to last. */
static int span_width(const struct coltable *t, int first, int last)
{
    int w = 0;
    for (int c = 0; c < t->freeze; c++)
        w += t->width[c] + CT_GAP;
    for (int c = first; c <= last; c++)
        w += t->width[c] + CT_GAP;
    return w - CT_GAP;
}

/* Scroll as little as needed for the column cursor to show: the same
 * cursor always gives the same view, whatever the width was before. */
static void show_column(struct coltable *t)
{
    t->hscroll = t->freeze;
    if (t->ccol < t->freeze || t->area.w <= 0)
        return;
    while (t->hscroll < t->ccol && span_width(t, t->hscroll, t->ccol) > t->area.w)
        t->hscroll++;
}

static void move_rows(struct coltable *t, long delta)
{
    long c;
    if (t->nview == 0)
        return;
    c = (long)t->cur + delta;
    if (c < 0)
        c = 0;
    if (c >= (long)t->nview)
        c = (long)t->nview - 1;
    t->cur = (size_t)c;
    fix_scroll(t);
}

static int click(struct coltable *t, const struct tui_event *ev)
{
    struct rect a = t->area;
    if (ev->mx < a.x || ev->mx >= a.x + a.w || ev->my < a.y || ev->my >= a.y + a.h)
        return REACT_NONE;
    if (ev->my == a.y) {    /* header: sort by that column */
        for (int c = t->ncols - 1; c >= 0; c--) {
            if (t->colx[c] >= 0 && ev->mx >= t->colx[c]) {
                if (t->sort_col == c)
                    coltable_sort(t, c, !t->sort_desc);
                else
                    coltable_sort(t, c, 0);
                t->ccol = c;
                return REACT_REDRAW;
            }
        }
        return REACT_NONE;
    }
    if (ev->my - a.y - 1 < t->page) {
        size_t row = t->top + (size_t)(ev->my - a.y - 1);
        if (row < t->nview) {
            t->cur = row;
            fix_scroll(t);
            return REACT_REDRAW;
        }
    }
    return REACT_NONE;
}

int coltable_action(struct coltable *t, int action, const struct tui_event *ev)
{
    long page = t->page > 1 ? t->page - 1 : 1;
    switch (action) {
    case A_DOWN:
        move_rows(t, 1);
        break;
    case A_UP:
        move_rows(t, -1);
        break;
    case A_PAGE_DOWN:
        move_rows(t, page);
        break;
    case A_PAGE_UP:
        move_rows(t, -page);
        break;
    case A_TOP:
        move_rows(t, -(long)t->nview);
        break;
    case A_BOTTOM:
        move_rows(t, (long)t->nview);
        break;
    case A_SCROLL_DOWN:
        move_rows(t, CT_SCROLL_ROWS);
        break;
    case A_SCROLL_UP:
        move_rows(t, -CT_SCROLL_ROWS);
        break;
    case A_LEFT:
        if (t->ccol > 0)
            t->ccol--;
        show_column(t);
        break;
    case A_RIGHT:
        if (t->ccol < t->ncols - 1)
            t->ccol++;
        show_column(t);
        break;
    case A_SORT:
        coltable_sort(t, t->ccol, t->sort_col == t->ccol ? !t->sort_desc : 0);
        break;
    case A_CLICK:
        return ev != NULL ? click(t, ev) : REACT_NONE;
    default:
        return REACT_NONE;
    }
    return REACT_REDRAW;
}

/* Draw text in w columns aligned, cut with an ellipsis when too wide. */
static void draw_cell(struct grid *g, int x, int y, int w, const char *text, int align,
                      int role, const struct theme *th)
{
    int tw = text_width(text);
    if (tw > w) {
        char buf[512];
        size_t k = text_fit(text, w - 1);
        if (k >= sizeof buf)
            k = sizeof buf - 1;
        memcpy(buf, text, k);
        buf[k] = '\0';
        int used = grid_text(g, x, y, w - 1, buf, role);
        grid_put(g, NULL, x + used, y, theme_glyph(th, G_ELLIPSIS), role);
        return;
    }
    grid_text(g, align == CT_RIGHT ? x + w - tw : x, y, tw, text, role);
}

/* Where each column goes in area (x, width); -1 for hidden. Returns the
 * number of scrolling columns hidden on the right. */
static int place(struct coltable *t, struct rect area, int *cw)
{
    int x = area.x, right = area.x + area.w, hidden = 0;
    for (int c = 0; c < t->ncols; c++) {
        t->colx[c] = -1;
        cw[c] = 0;
    }
    for (int c = 0; c < t->ncols; c++) {
        int w = t->width[c];
        if (c >= t->freeze && c < t->hscroll)
            continue;
        if (x >= right) {
            hidden += c >= t->freeze;
            continue;
        }
        if (x + w > right) {
            if (right - x < CT_MIN_CUT && right - x < w) {
                hidden += c >= t->freeze;
                x = right;
                continue;
            }
            w = right - x;
        }
        t->colx[c] = x;
        cw[c] = w;
        x += w + CT_GAP;
    }
    return hidden;
}

void coltable_render(struct coltable *t, struct grid *g, struct rect area,
                     const struct theme *th)
{
    int cw[CT_MAXCOLS], hidden_right, body;
    char foot[256];
    size_t n;

    t->area = area;
    if (area.w <= 0 || area.h <= 0)
        return;
    body = area.h - (area.h >= 3 ? 2 : 1);
    t->page = body > 0 ? body : 0;
    fix_scroll(t);
    show_column(t);
    hidden_right = place(t, area, cw);

    /* header */
    for (int c = 0; c < t->ncols; c++) {
        char title[128];
        int role = c == t->ccol ? ROLE_HEADER_SEL : ROLE_HEADER;
        if (t->colx[c] < 0)
            continue;
        snprintf(title, sizeof title, "%s", t->cols[c].title);
        grid_fill(g, (struct rect){ t->colx[c], area.y, cw[c], 1 }, ' ', role);
        if (c == t->sort_col) {
            char arrow[8];
            utf8_put(theme_glyph(th, t->sort_desc ? G_ARROW_DOWN : G_ARROW_UP), arrow);
            if (strlen(title) + strlen(arrow) < sizeof title)
                strcat(title, arrow);
        }
        draw_cell(g, t->colx[c], area.y, cw[c], title, t->cols[c].align, role, th);
    }

    /* rows */
    if (t->nview == 0 && body > 0) {
        char msg[192];
        if (t->nrows > 0)
            snprintf(msg, sizeof msg, "no row matches \"%s\" (Esc clears the filter)",
                     t->filter);
        else
            snprintf(msg, sizeof msg, "%s", t->empty_text);
        grid_text(g, area.x + 1, area.y + 1, area.w - 1, msg, ROLE_DIM);
    }
    for (int i = 0; i < body && t->top + (size_t)i < t->nview; i++) {
        size_t vr = t->top + (size_t)i, r = t->view[vr];
        int y = area.y + 1 + i, sel = vr == t->cur;
        if (sel)
            grid_fill(g, (struct rect){ area.x, y, area.w, 1 }, ' ', ROLE_SELECT);
        for (int c = 0; c < t->ncols; c++) {
            const struct ct_cell *cell = cell_at(t, r, c);
            if (t->colx[c] < 0)
                continue;
            draw_cell(g, t->colx[c], y, cw[c], cell->text, t->cols[c].align,
                      sel ? ROLE_SELECT : cell->role, th);
        }
    }

    /* footer */
    if (area.h < 3)
        return;
    n = (size_t)snprintf(foot, sizeof foot, "%zu/%zu", t->nview ? t->cur + 1 : 0, t->nview);
    if (t->nview != t->nrows && n < sizeof foot)
        n += (size_t)snprintf(foot + n, sizeof foot - n, " of %zu", t->nrows);
    if (t->filter[0] && n < sizeof foot)
        n += (size_t)snprintf(foot + n, sizeof foot - n, "  filter \"%s\"", t->filter);
    if (t->sort_col >= 0 && n < sizeof foot)
        n += (size_t)snprintf(foot + n, sizeof foot - n, "  sorted by %s%s",
                              t->cols[t->sort_col].title, t->sort_desc ? ", descending" : "");
    if ((t->hscroll > t->freeze || hidden_right > 0) && n < sizeof foot)
        snprintf(foot + n, sizeof foot - n, "  %d column%s off screen",
                 t->hscroll - t->freeze + hidden_right,
                 t->hscroll - t->freeze + hidden_right == 1 ? "" : "s");
    grid_text(g, area.x, area.y + area.h - 1, area.w, foot, ROLE_DIM);
}
