#include <config.h>
#include "tui/heatmap.h"

#include <math.h>
#include <stdio.h>

#include "tui/fmt.h"
#include "tui/screen.h"

#define HM_LABEL_MAX 8      /* columns of a row label at most */
#define HM_CELL_MIN 2
#define HM_CELL_MAX 6

enum glyph heatmap_glyph(double v)
{
    double a = fabs(v);
    if (isnan(v))
        return G_SHADE0;
    return a < 0.2 ? G_SHADE1 : a < 0.5 ? G_SHADE2 : a < 0.8 ? G_SHADE3 : G_SHADE4;
}

int heatmap_action(struct heatmap *h, int action)
{
    size_t r = h->cr, c = h->cc;
    if (h->rows == 0 || h->cols == 0)
        return REACT_NONE;
    switch (action) {
    case A_DOWN:
        r = r + 1 < h->rows ? r + 1 : r;
        break;
    case A_UP:
        r = r > 0 ? r - 1 : 0;
        break;
    case A_RIGHT:
        c = c + 1 < h->cols ? c + 1 : c;
        break;
    case A_LEFT:
        c = c > 0 ? c - 1 : 0;
        break;
    case A_TOP:
        r = 0;
        break;
    case A_BOTTOM:
        r = h->rows - 1;
        break;
    case A_PAGE_UP:
        c = 0;
        break;
    case A_PAGE_DOWN:
        c = h->cols - 1;
        break;
    default:
        return REACT_NONE;
    }
    h->cr = r;
    h->cc = c;
    return REACT_REDRAW;
}

/* First index to show so that cur is inside a window of n. */
static size_t first_shown(size_t cur, size_t total, size_t n)
{
    if (n == 0 || total <= n || cur < n)
        return 0;
    return cur - n + 1;
}

void heatmap_render(const struct heatmap *h, struct grid *g, struct rect area,
                    const struct theme *th)
{
    int lw = 0, cw, ncols_fit, nrows_fit;
    size_t c0, r0;
    char line[128], val[16];
    if (area.w <= 0 || area.h < 3 || h->rows == 0 || h->cols == 0)
        return;
    for (size_t r = 0; r < h->rows; r++) {
        int w = text_width(h->rlabels[r]);
        if (w > lw)
            lw = w;
    }
    if (lw > HM_LABEL_MAX)
        lw = HM_LABEL_MAX;
    cw = (area.w - lw - 1) / (int)h->cols;
    if (cw > HM_CELL_MAX)
        cw = HM_CELL_MAX;
    if (cw < HM_CELL_MIN)
        cw = HM_CELL_MIN;
    ncols_fit = (area.w - lw - 1) / cw;
    nrows_fit = area.h - 2;         /* column labels and the value line */
    if (ncols_fit < 1 || nrows_fit < 1)
        return;
    c0 = first_shown(h->cc, h->cols, (size_t)ncols_fit);
    r0 = first_shown(h->cr, h->rows, (size_t)nrows_fit);

    for (int j = 0; j < ncols_fit && c0 + (size_t)j < h->cols; j++) {
        size_t c = c0 + (size_t)j;
        grid_text(g, area.x + lw + 1 + j * cw, area.y, cw - 1, h->clabels[c],
                  c == h->cc ? ROLE_HEADER_SEL : ROLE_HEADER);
    }
    for (int i = 0; i < nrows_fit && r0 + (size_t)i < h->rows; i++) {
        size_t r = r0 + (size_t)i;
        int y = area.y + 1 + i;
        grid_text(g, area.x, y, lw, h->rlabels[r], r == h->cr ? ROLE_HEADER_SEL : ROLE_HEADER);
        for (int j = 0; j < ncols_fit && c0 + (size_t)j < h->cols; j++) {
            size_t c = c0 + (size_t)j;
            double v = h->v[r * h->cols + c];
            int x = area.x + lw + 1 + j * cw;
            int cursor = r == h->cr && c == h->cc;
            int role = cursor ? ROLE_CURSOR : theme_heat_role(v);
            uint32_t glyph = theme_glyph(th, heatmap_glyph(v));
            for (int k = 0; k < cw - 1; k++)
                grid_put(g, NULL, x + k, y, glyph, role);
            if (isnan(v))
                grid_put(g, NULL, x, y, '?', cursor ? ROLE_CURSOR : ROLE_DIM);
        }
    }
    fmt_coef(h->v[h->cr * h->cols + h->cc], val, sizeof val);
    snprintf(line, sizeof line, "%s / %s  %s", h->rlabels[h->cr], h->clabels[h->cc], val);
    grid_text(g, area.x, area.y + area.h - 1, area.w, line, ROLE_NORMAL);
}
