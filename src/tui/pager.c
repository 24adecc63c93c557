#include <config.h>
#include "tui/pager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/panel.h"
#include "tui/screen.h"
#include "util/str.h"
#include "util/xalloc.h"

#define PAGER_TAB 8
#define PAGER_HSTEP 8       /* columns per sideways step */

void pager_done(struct pager *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->lines[i]);
    free(p->lines);
    p->lines = NULL;
    p->n = 0;
    p->top = 0;
    p->left = 0;
    p->sel = -1;
    p->title[0] = '\0';
}

int pager_open(const struct pager *p)
{
    return p->lines != NULL;
}

static void add_line(struct pager *p, const char *s, size_t len, size_t *cap)
{
    struct strbuf b = { 0 };
    int col = 0;
    if (p->n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        p->lines = xreallocarray(p->lines, *cap, sizeof *p->lines);
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\t') {
            do {
                strbuf_append(&b, " ", 1);
                col++;
            } while (col % PAGER_TAB != 0);
        } else if (s[i] != '\r') {
            strbuf_append(&b, s + i, 1);
            col++;
        }
    }
    p->lines[p->n++] = xstrdup(strbuf_str(&b));
    strbuf_free(&b);
}

void pager_set_text(struct pager *p, const char *title, const char *text)
{
    size_t cap = 0;
    const char *s = text;
    pager_done(p);
    str_copy(p->title, sizeof p->title, title);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        add_line(p, s, len, &cap);
        s += len + (nl ? 1 : 0);
    }
    if (p->n == 0)
        add_line(p, "(no output)", 11, &cap);
    p->sel = -1;
}

void pager_set_list(struct pager *p, const char *title, const char *const *items, size_t n,
                    size_t sel)
{
    size_t cap = 0;
    pager_done(p);
    str_copy(p->title, sizeof p->title, title);
    for (size_t i = 0; i < n; i++)
        add_line(p, items[i], strlen(items[i]), &cap);
    if (p->n == 0)
        add_line(p, "(empty)", 7, &cap);
    p->sel = n > 0 ? (long)(sel < n ? sel : 0) : -1;
}

static int widest(const struct pager *p)
{
    int w = 0;
    for (size_t i = 0; i < p->n; i++) {
        int k = text_width(p->lines[i]);
        w = k > w ? k : w;
    }
    return w;
}

static void clamp(struct pager *p)
{
    size_t page = p->page > 0 ? (size_t)p->page : 1;
    size_t max_top = p->n > page ? p->n - page : 0;
    if (p->sel >= 0) {
        if ((size_t)p->sel < p->top)
            p->top = (size_t)p->sel;
        if ((size_t)p->sel >= p->top + page)
            p->top = (size_t)p->sel - page + 1;
    }
    if (p->top > max_top)
        p->top = max_top;
}

static void move(struct pager *p, long delta)
{
    if (p->sel >= 0) {
        long s = p->sel + delta;
        if (s < 0)
            s = 0;
        if (s >= (long)p->n)
            s = (long)p->n - 1;
        p->sel = s;
    } else {
        long t = (long)p->top + delta;
        p->top = t < 0 ? 0 : (size_t)t;
    }
    clamp(p);
}

int pager_action(struct pager *p, int action, const struct tui_event *ev)
{
    long page = p->page > 1 ? p->page - 1 : 1;
    switch (action) {
    case A_DOWN:
        move(p, 1);
        break;
    case A_UP:
        move(p, -1);
        break;
    case A_PAGE_DOWN:
        move(p, page);
        break;
    case A_PAGE_UP:
        move(p, -page);
        break;
    case A_TOP:
        move(p, -(long)p->n);
        break;
    case A_BOTTOM:
        move(p, (long)p->n);
        break;
    case A_SCROLL_DOWN:
        p->top += 3;
        clamp(p);
        break;
    case A_SCROLL_UP:
        p->top = p->top > 3 ? p->top - 3 : 0;
        break;
    case A_LEFT:
        p->left = p->left > PAGER_HSTEP ? p->left - PAGER_HSTEP : 0;
        break;
    case A_RIGHT:
        if (p->left + PAGER_HSTEP < widest(p))
            p->left += PAGER_HSTEP;
        break;
    case A_CLICK: {
        long row = (long)ev->my - (p->area.y + 1) + (long)p->top;
        if (ev->mx < p->area.x || ev->mx >= p->area.x + p->area.w || ev->my < p->area.y ||
            ev->my >= p->area.y + p->area.h)
            return REACT_REDRAW | PAGER_CLOSE;
        if (p->sel >= 0 && row >= 0 && row < (long)p->n && ev->my > p->area.y) {
            p->sel = row;
            return REACT_REDRAW | PAGER_CHOSEN | PAGER_CLOSE;
        }
        break;
    }
    case A_SELECT:
        if (p->sel >= 0)
            return REACT_REDRAW | PAGER_CHOSEN | PAGER_CLOSE;
        return REACT_REDRAW | PAGER_CLOSE;
    case A_CLOSE:
    case A_CANCEL:
        return REACT_REDRAW | PAGER_CLOSE;
    default:
        return REACT_NONE;
    }
    return REACT_REDRAW;
}

void pager_render(struct pager *p, struct grid *g, struct rect area, const struct theme *th)
{
    struct rect in;
    char foot[64];
    p->area = area;
    in = panel_window(g, area, p->title, th);
    p->page = in.h;
    clamp(p);
    for (int i = 0; i < in.h && p->top + (size_t)i < p->n; i++) {
        size_t k = p->top + (size_t)i;
        int sel = p->sel >= 0 && (size_t)p->sel == k;
        if (sel)
            grid_fill(g, (struct rect){ in.x, in.y + i, in.w, 1 }, ' ', ROLE_SELECT);
        grid_text(g, in.x + 1, in.y + i, in.w - 2, p->lines[k] + text_fit(p->lines[k], p->left),
                  sel ? ROLE_SELECT : ROLE_NORMAL);
    }
    if (p->sel >= 0)
        snprintf(foot, sizeof foot, " Enter choose  Esc close ");
    else
        snprintf(foot, sizeof foot, " %s%zu-%zu of %zu  q close ",
                 widest(p) > in.w - 2 ? "h/l: wider  " : "", p->n ? p->top + 1 : 0,
                 p->top + (size_t)in.h < p->n ? p->top + (size_t)in.h : p->n, p->n);
    grid_text_right(g, area.x + 1, area.y + area.h - 1, area.w - 3, foot, ROLE_DIM);
}
