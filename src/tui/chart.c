#include <config.h>
#include "tui/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/fmt.h"
#include "util/xalloc.h"

#define BRAILLE_BASE 0x2800u
#define SPARK_LEVELS 8

uint32_t chart_braille(unsigned bits)
{
    return BRAILLE_BASE + (bits & 0xffu);
}

unsigned chart_braille_bit(int col, int row)
{
    /* the Unicode braille order: dots 1-3 down the left column, 4-6 down
     * the right, then 7 and 8 on the bottom row */
    if (row == 3)
        return col ? 0x80u : 0x40u;
    return 1u << (row + (col ? 3 : 0));
}

static uint32_t ascii_mark(unsigned mask)
{
    static const char marks[8] = { ' ', '\'', '-', '|', '.', ':', '|', '|' };
    return (uint32_t)(unsigned char)marks[mask & 7];
}

static double xs(const struct chart_series *s, size_t i)
{
    return s->x ? s->x[i] : (double)i;
}

double chart_value_at(const struct chart_series *s, double x)
{
    for (size_t i = 0; i + 1 < s->n; i++) {
        double x0 = xs(s, i), x1 = xs(s, i + 1);
        if (x >= x0 && x <= x1) {
            if (x1 == x0)
                return s->y[i];
            return s->y[i] + (s->y[i + 1] - s->y[i]) * (x - x0) / (x1 - x0);
        }
    }
    if (s->n == 1 && x == xs(s, 0))
        return s->y[0];
    return NAN;
}

struct plot {
    int w, h;               /* in dots */
    int sx, sy;             /* dots per cell */
    int cw, ch;             /* in cells */
    unsigned char *mask;    /* per cell */
    unsigned char *role;    /* per cell */
};

static void dot(struct plot *p, int x, int y, int role)
{
    int cx, cy;
    unsigned bit;
    if (x < 0 || y < 0 || x >= p->w || y >= p->h)
        return;
    cx = x / p->sx;
    cy = y / p->sy;
    if (p->sx == 2)
        bit = chart_braille_bit(x % 2, y % 4);
    else
        bit = 1u << (y % 3);
    p->mask[cy * p->cw + cx] |= (unsigned char)bit;
    p->role[cy * p->cw + cx] = (unsigned char)role;
}

static void line(struct plot *p, int x0, int y0, int x1, int y1, int role)
{
    int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
    int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
    int e = dx + dy;
    for (;;) {
        dot(p, x0, y0, role);
        if (x0 == x1 && y0 == y1)
            break;
        int e2 = 2 * e;
        if (e2 >= dy) {
            e += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            e += dx;
            y0 += sy;
        }
    }
}

static int bounds(const struct chart *c, double *x0, double *x1, double *y0, double *y1)
{
    double ax = INFINITY, bx = -INFINITY, ay = INFINITY, by = -INFINITY;
    int any = 0;
    for (size_t k = 0; k < c->nseries; k++) {
        const struct chart_series *s = &c->series[k];
        for (size_t i = 0; i < s->n; i++) {
            double x = xs(s, i), y = s->y[i];
            if (!isfinite(x) || !isfinite(y))
                continue;
            any = 1;
            ax = x < ax ? x : ax;
            bx = x > bx ? x : bx;
            ay = y < ay ? y : ay;
            by = y > by ? y : by;
        }
    }
    if (!any)
        return 0;
    *x0 = isnan(c->xmin) ? ax : c->xmin;
    *x1 = isnan(c->xmax) ? bx : c->xmax;
    *y0 = isnan(c->ymin) ? ay : c->ymin;
    *y1 = isnan(c->ymax) ? by : c->ymax;
    /* a flat series still needs a scale: widen by one unit */
    if (*x1 <= *x0) {
        *x0 -= 1;
        *x1 += 1;
    }
    if (*y1 <= *y0) {
        *y0 -= 1;
        *y1 += 1;
    }
    return 1;
}

static int legend(const struct chart *c, struct grid *g, struct rect area,
                  const struct theme *th)
{
    int x = area.x, any = 0;
    for (size_t k = 0; k < c->nseries; k++) {
        const struct chart_series *s = &c->series[k];
        if (s->label == NULL)
            continue;
        any = 1;
        x += grid_put(g, NULL, x, area.y, theme_glyph(th, G_SHADE4), s->role);
        x += grid_text(g, x + 1, area.y, area.x + area.w - x - 1, s->label, ROLE_NORMAL) + 3;
    }
    return any;
}

void chart_render(const struct chart *c, struct grid *g, struct rect area,
                  const struct theme *th)
{
    double x0, x1, y0, y1;
    char top[32], mid[32], bot[32], xl[32], xr[32];
    int lw, top_y, ph, pw, px, axis_y;
    struct plot p;

    if (area.w <= 0 || area.h <= 0)
        return;
    if (!bounds(c, &x0, &x1, &y0, &y1)) {
        grid_text(g, area.x, area.y, area.w, "no data", ROLE_DIM);
        return;
    }
    top_y = area.y + (legend(c, g, area, th) ? 1 : 0);
    fmt_compact(y1, top, sizeof top);
    fmt_compact((y0 + y1) / 2, mid, sizeof mid);
    fmt_compact(y0, bot, sizeof bot);
    lw = text_width(top);
    lw = text_width(mid) > lw ? text_width(mid) : lw;
    lw = text_width(bot) > lw ? text_width(bot) : lw;
    ph = area.y + area.h - 2 - top_y;       /* x axis and x labels below */
    pw = area.w - lw - 1;
    px = area.x + lw + 1;
    axis_y = top_y + ph;
    if (ph < 2 || pw < 4)
        return;

    /* axes and labels */
    for (int y = top_y; y < axis_y; y++)
        grid_put(g, NULL, px - 1, y, theme_glyph(th, G_VLINE), ROLE_AXIS);
    grid_put(g, NULL, px - 1, axis_y, theme_glyph(th, G_BL), ROLE_AXIS);
    for (int x = px; x < px + pw; x++)
        grid_put(g, NULL, x, axis_y, theme_glyph(th, G_HLINE), ROLE_AXIS);
    grid_text_right(g, area.x, top_y, lw, top, ROLE_AXIS);
    grid_text_right(g, area.x, top_y + (ph - 1) / 2, lw, mid, ROLE_AXIS);
    grid_text_right(g, area.x, axis_y - 1, lw, bot, ROLE_AXIS);
    if (c->xlabel_lo != NULL)
        snprintf(xl, sizeof xl, "%s", c->xlabel_lo);
    else
        fmt_compact(x0, xl, sizeof xl);
    if (c->xlabel_hi != NULL)
        snprintf(xr, sizeof xr, "%s", c->xlabel_hi);
    else
        fmt_compact(x1, xr, sizeof xr);
    grid_text(g, px, axis_y + 1, pw, xl, ROLE_AXIS);
    grid_text_right(g, px, axis_y + 1, pw, xr, ROLE_AXIS);

    if (y0 < 0 && y1 > 0) {     /* the zero line */
        int zy = top_y + (int)lround((y1 - 0) / (y1 - y0) * (ph - 1));
        for (int x = px; x < px + pw; x++)
            grid_put(g, NULL, x, zy, theme_glyph(th, G_HLINE), ROLE_AXIS);
    }

    p.sx = theme_has_braille(th) ? 2 : 1;
    p.sy = theme_has_braille(th) ? 4 : 3;
    p.cw = pw;
    p.ch = ph;
    p.w = pw * p.sx;
    p.h = ph * p.sy;
    p.mask = xcalloc((size_t)(pw * ph), 1);
    p.role = xcalloc((size_t)(pw * ph), 1);
    for (size_t k = 0; k < c->nseries; k++) {
        const struct chart_series *s = &c->series[k];
        int have = 0, lx = 0, ly = 0;
        for (size_t i = 0; i < s->n; i++) {
            double x = xs(s, i), y = s->y[i];
            int dx, dy;
            if (!isfinite(x) || !isfinite(y)) {
                have = 0;
                continue;
            }
            dx = (int)lround((x - x0) / (x1 - x0) * (p.w - 1));
            dy = (int)lround((y1 - y) / (y1 - y0) * (p.h - 1));
            if (have)
                line(&p, lx, ly, dx, dy, s->role);
            else
                dot(&p, dx, dy, s->role);
            lx = dx;
            ly = dy;
            have = 1;
        }
    }
    for (int cy = 0; cy < ph; cy++) {
        for (int cx = 0; cx < pw; cx++) {
            unsigned m = p.mask[cy * pw + cx];
            if (m == 0)
                continue;
            grid_put(g, NULL, px + cx, top_y + cy, p.sx == 2 ? chart_braille(m) : ascii_mark(m),
                     p.role[cy * pw + cx]);
        }
    }
    if (c->has_cursor && c->cursor_x >= x0 && c->cursor_x <= x1) {
        int cx = (int)lround((c->cursor_x - x0) / (x1 - x0) * (p.w - 1)) / p.sx;
        for (int cy = 0; cy < ph; cy++) {
            if (p.mask[cy * pw + cx] == 0)
                grid_put(g, NULL, px + cx, top_y + cy, theme_glyph(th, G_VLINE), ROLE_CURSOR);
            else
                grid_paint(g, px + cx, top_y + cy, 1, ROLE_CURSOR, 0);
        }
    }
    free(p.mask);
    free(p.role);
}

void sparkline_render(struct grid *g, int x, int y, int w, const double *v, size_t n,
                      double lo, double hi, int role, const struct theme *th)
{
    size_t first, shown;
    double a = INFINITY, b = -INFINITY;
    if (w <= 0 || n == 0)
        return;
    shown = n < (size_t)w ? n : (size_t)w;
    first = n - shown;
    for (size_t i = first; i < n; i++) {
        if (isfinite(v[i])) {
            a = v[i] < a ? v[i] : a;
            b = v[i] > b ? v[i] : b;
        }
    }
    if (!isnan(lo))
        a = lo;
    if (!isnan(hi))
        b = hi;
    for (size_t i = 0; i < shown; i++) {
        double val = v[first + i];
        int level;
        if (!isfinite(val))
            continue;
        if (b > a) {
            double t = (val - a) / (b - a);
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            level = (int)lround(t * (SPARK_LEVELS - 1));
        } else {
            level = SPARK_LEVELS / 2 - 1;   /* a flat line sits in the middle */
        }
        grid_put(g, NULL, x + (int)i, y, theme_glyph(th, (enum glyph)(G_SPARK1 + level)), role);
    }
}
