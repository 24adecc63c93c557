#include <config.h>
#include "tui/panel.h"

#include <stdio.h>
#include <string.h>

struct rect panel_box(struct grid *g, struct rect r, const char *title, int focused,
                      const struct theme *th)
{
    int role = focused ? ROLE_BORDER_FOCUS : ROLE_BORDER;
    struct rect in = { r.x + 1, r.y + 1, r.w - 2, r.h - 2 };
    if (r.w < 2 || r.h < 2)
        return (struct rect){ r.x, r.y, 0, 0 };
    for (int x = r.x + 1; x < r.x + r.w - 1; x++) {
        grid_put(g, NULL, x, r.y, theme_glyph(th, G_HLINE), role);
        grid_put(g, NULL, x, r.y + r.h - 1, theme_glyph(th, G_HLINE), role);
    }
    for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
        grid_put(g, NULL, r.x, y, theme_glyph(th, G_VLINE), role);
        grid_put(g, NULL, r.x + r.w - 1, y, theme_glyph(th, G_VLINE), role);
    }
    grid_put(g, NULL, r.x, r.y, theme_glyph(th, G_TL), role);
    grid_put(g, NULL, r.x + r.w - 1, r.y, theme_glyph(th, G_TR), role);
    grid_put(g, NULL, r.x, r.y + r.h - 1, theme_glyph(th, G_BL), role);
    grid_put(g, NULL, r.x + r.w - 1, r.y + r.h - 1, theme_glyph(th, G_BR), role);
    if (title != NULL && title[0] != '\0' && r.w > 6) {
        int used = grid_text(g, r.x + 2, r.y, r.w - 4, " ", role);
        used += grid_text(g, r.x + 2 + used, r.y, r.w - 4 - used, title,
                          focused ? ROLE_BORDER_FOCUS : ROLE_TITLE);
        grid_text(g, r.x + 2 + used, r.y, r.w - 4 - used, " ", role);
    }
    return in;
}

struct rect panel_window(struct grid *g, struct rect r, const char *title,
                         const struct theme *th)
{
    grid_fill(g, r, ' ', ROLE_NORMAL);
    return panel_box(g, r, title, 1, th);
}

/* The next line of at most w columns from *s: its bytes in *len; *s
 * advances past it and the break. */
static void next_line(const char **s, int w, size_t *len)
{
    const char *p = *s, *last_space = NULL;
    int used = 0;
    while (*p && *p != '\n') {
        const char *q = p;
        uint32_t cp = utf8_next(&q);
        int cw = cp_width(cp);
        if (used + cw > w) {
            if (last_space != NULL) {
                *len = (size_t)(last_space - *s);
                *s = last_space + 1;
                return;
            }
            break;
        }
        if (cp == ' ')
            last_space = p;
        used += cw;
        p = q;
    }
    *len = (size_t)(p - *s);
    if (*p == '\n')
        p++;
    else if (p == *s && *p) /* a character wider than w: skip it */
        utf8_next(&p);
    *s = p;
}

int panel_wrap(struct grid *g, struct rect r, const char *text, int role, int centred)
{
    char line[1024];
    const char *s = text;
    int rows = 0, y0 = r.y;
    if (r.w <= 0 || r.h <= 0)
        return 0;
    while (*s && rows < r.h) {
        size_t len;
        next_line(&s, r.w, &len);
        rows++;
    }
    if (centred && rows < r.h)
        y0 = r.y + (r.h - rows) / 2;
    s = text;
    for (int i = 0; i < rows; i++) {
        const char *start = s;
        size_t len;
        int x, w;
        next_line(&s, r.w, &len);
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, start, len);
        line[len] = '\0';
        w = text_width(line);
        x = centred && w < r.w ? r.x + (r.w - w) / 2 : r.x;
        grid_text(g, x, y0 + i, r.w, line, role);
    }
    return rows;
}

void panel_too_small(struct grid *g)
{
    char msg[96];
    grid_clear(g);
    snprintf(msg, sizeof msg, "terminal too small: need %dx%d, have %dx%d", TUI_MIN_W,
             TUI_MIN_H, g->w, g->h);
    grid_text(g, 0, 0, g->w, msg, ROLE_WARN);
}

struct rect rect_center(struct rect r, int w, int h)
{
    struct rect c;
    if (w > r.w)
        w = r.w;
    if (h > r.h)
        h = r.h;
    c.x = r.x + (r.w - w) / 2;
    c.y = r.y + (r.h - h) / 2;
    c.w = w;
    c.h = h;
    return c;
}
