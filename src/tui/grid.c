#include <config.h>
#include "tui/grid.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/xalloc.h"

#define CP_REPLACEMENT 0xFFFDu

void grid_resize(struct grid *g, int w, int h)
{
    if (w < 0)
        w = 0;
    if (h < 0)
        h = 0;
    if (w * h != g->w * g->h || g->c == NULL)
        g->c = xreallocarray(g->c, (size_t)(w * h > 0 ? w * h : 1), sizeof *g->c);
    g->w = w;
    g->h = h;
    grid_clear(g);
}

void grid_done(struct grid *g)
{
    free(g->c);
    g->c = NULL;
    g->w = g->h = 0;
}

void grid_clear(struct grid *g)
{
    for (int i = 0; i < g->w * g->h; i++) {
        g->c[i].ch = ' ';
        g->c[i].role = 0;
        g->c[i].flags = 0;
    }
}

struct cell *grid_at(struct grid *g, int x, int y)
{
    if (x < 0 || y < 0 || x >= g->w || y >= g->h)
        return NULL;
    return &g->c[y * g->w + x];
}

const struct cell *grid_cat(const struct grid *g, int x, int y)
{
    if (x < 0 || y < 0 || x >= g->w || y >= g->h)
        return NULL;
    return &g->c[y * g->w + x];
}

/* Blank the other half of a wide character that (x, y) is part of, so a
 * write never leaves half a glyph behind. */
static void unsplit(struct grid *g, int x, int y)
{
    struct cell *c = grid_at(g, x, y);
    if (c == NULL)
        return;
    if (c->flags & GA_CONT) {
        struct cell *l = grid_at(g, x - 1, y);
        if (l != NULL) {
            l->ch = ' ';
            l->flags &= (uint8_t)~GA_CONT;
        }
    } else if (cp_width(c->ch) == 2) {
        struct cell *r = grid_at(g, x + 1, y);
        if (r != NULL && (r->flags & GA_CONT)) {
            r->ch = ' ';
            r->flags &= (uint8_t)~GA_CONT;
        }
    }
}

static int in_clip(const struct rect *clip, int x, int y)
{
    return clip == NULL || (x >= clip->x && y >= clip->y && x < clip->x + clip->w &&
                            y < clip->y + clip->h);
}

int grid_put(struct grid *g, const struct rect *clip, int x, int y, uint32_t ch, int role)
{
    int w;
    struct cell *c;
    if (ch < ' ' || (ch >= 0x7f && ch < 0xa0))
        ch = '?';
    w = cp_width(ch);
    if (w == 0)
        return 0;
    if (!in_clip(clip, x, y) || !in_clip(clip, x + w - 1, y))
        return 0;
    c = grid_at(g, x, y);
    if (c == NULL || (w == 2 && grid_at(g, x + 1, y) == NULL))
        return 0;
    unsplit(g, x, y);
    if (w == 2)
        unsplit(g, x + 1, y);
    c->ch = ch;
    c->role = (uint8_t)role;
    c->flags = 0;
    if (w == 2) {
        struct cell *r = c + 1;
        r->ch = ' ';
        r->role = (uint8_t)role;
        r->flags = GA_CONT;
    }
    return w;
}

int grid_text(struct grid *g, int x, int y, int maxw, const char *s, int role)
{
    int used = 0;
    uint32_t cp;
    if (y < 0 || y >= g->h)
        return 0;
    while (used < maxw && (cp = utf8_next(&s)) != 0) {
        int w = cp_width(cp);
        if (w == 0)
            continue;
        if (used + w > maxw || x + used + w > g->w)
            break;
        if (x + used >= 0)
            grid_put(g, NULL, x + used, y, cp, role);
        used += w;
    }
    return used;
}

int grid_textf(struct grid *g, int x, int y, int maxw, int role, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return grid_text(g, x, y, maxw, buf, role);
}

int grid_text_right(struct grid *g, int x, int y, int w, const char *s, int role)
{
    int tw = text_width(s);
    if (tw >= w)
        return grid_text(g, x, y, w, s, role);
    return grid_text(g, x + w - tw, y, tw, s, role);
}

void grid_fill(struct grid *g, struct rect r, uint32_t ch, int role)
{
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            grid_put(g, NULL, x, y, ch, role);
}

void grid_paint(struct grid *g, int x, int y, int w, int role, int flags)
{
    for (int i = 0; i < w; i++) {
        struct cell *c = grid_at(g, x + i, y);
        if (c != NULL) {
            c->role = (uint8_t)role;
            c->flags = (uint8_t)((c->flags & GA_CONT) | flags);
        }
    }
}

void grid_row_text(const struct grid *g, int y, struct strbuf *out)
{
    size_t start = out->len;
    size_t keep = start;
    for (int x = 0; x < g->w; x++) {
        const struct cell *c = grid_cat(g, x, y);
        char b[8];
        int n;
        if (c->flags & GA_CONT)
            continue;
        n = utf8_put(c->ch, b);
        strbuf_append(out, b, (size_t)n);
        if (c->ch != ' ')
            keep = out->len;
    }
    if (out->s != NULL) {
        out->len = keep;
        out->s[keep] = '\0';
    }
}

int grid_dump(const struct grid *g, FILE *fp)
{
    struct strbuf b = { 0 };
    for (int y = 0; y < g->h; y++) {
        strbuf_reset(&b);
        grid_row_text(g, y, &b);
        fputs(strbuf_str(&b), fp);
        fputc('\n', fp);
    }
    strbuf_free(&b);
    return ferror(fp) ? -1 : 0;
}

uint32_t utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp;
    int n;
    if (p[0] == 0)
        return 0;
    if (p[0] < 0x80) {
        *s += 1;
        return p[0];
    }
    if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        cp = p[0] & 0x1f;
        n = 1;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        cp = p[0] & 0x0f;
        n = 2;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        cp = p[0] & 0x07;
        n = 3;
    } else {
        *s += 1;
        return CP_REPLACEMENT;
    }
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *s += 1;
            return CP_REPLACEMENT;
        }
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    /* overlong forms, surrogates and values past U+10FFFF */
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
        *s += 1;
        return CP_REPLACEMENT;
    }
    *s += n + 1;
    return cp;
}

int utf8_put(uint32_t cp, char *out)
{
    int n;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        out[0] = (char)(0xf0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    out[n] = '\0';
    return n;
}

struct cp_range {
    uint32_t lo, hi;
};

/* Used when the C library cannot tell (a locale that is not UTF-8):
 * the common combining blocks and the East Asian wide blocks. */
static const struct cp_range zero_width[] = {
    { 0x0300, 0x036f }, { 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f },
    { 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
};
static const struct cp_range wide[] = {
    { 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
    { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
    { 0xfe30, 0xfe4f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
    { 0x1f900, 0x1f9ff }, { 0x20000, 0x3fffd },
};

static int in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return 1;
    return 0;
}

int cp_width(uint32_t cp)
{
    int w;
    if (cp < 0x7f)
        return 1;
    /* the C library's answer matches what curses will draw */
    w = wcwidth((wchar_t)cp);
    if (w >= 0)
        return w > 2 ? 2 : w;
    if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
        return 0;
    if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

int text_width(const char *s)
{
    int w = 0;
    uint32_t cp;
    while ((cp = utf8_next(&s)) != 0)
        w += cp_width(cp);
    return w;
}

size_t text_fit(const char *s, int w)
{
    const char *p = s;
    int used = 0;
    for (;;) {
        const char *q = p;
        uint32_t cp = utf8_next(&q);
        int cw;
        if (cp == 0)
            break;
        cw = cp_width(cp);
        if (used + cw > w)
            break;
        used += cw;
        p = q;
    }
    return (size_t)(p - s);
}
