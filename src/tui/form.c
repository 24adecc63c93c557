#include <config.h>
#include "tui/form.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui/panel.h"
#include "tui/screen.h"
#include "util/str.h"

#define FORM_W 78           /* window width at most */
#define LABEL_W 13
#define FIELD_W 24

void form_init(struct form *f, const char *title)
{
    memset(f, 0, sizeof *f);
    str_copy(f->title, sizeof f->title, title);
    f->cx = -1;
}

static size_t add(struct form *f, const char *label, int type, const char *hint)
{
    size_t i = f->n;
    if (i >= FORM_MAX_FIELDS)
        return FORM_MAX_FIELDS - 1;
    f->n++;
    memset(&f->f[i], 0, sizeof f->f[i]);
    f->f[i].label = label;
    f->f[i].type = type;
    f->f[i].hint = hint;
    f->f[i].enabled = 1;
    return i;
}

size_t form_add_text(struct form *f, const char *label, const char *hint)
{
    return add(f, label, FF_TEXT, hint);
}

size_t form_add_choice(struct form *f, const char *label, const char *const *choices, size_t n,
                       const char *hint)
{
    size_t i = add(f, label, FF_CHOICE, hint);
    f->f[i].choices = choices;
    f->f[i].nchoices = n;
    return i;
}

void form_set_text(struct form *f, size_t i, const char *text)
{
    if (i < f->n)
        lineedit_set(&f->f[i].le, text);
}

const char *form_text(const struct form *f, size_t i)
{
    if (i >= f->n)
        return "";
    if (f->f[i].type == FF_CHOICE)
        return f->f[i].nchoices ? f->f[i].choices[f->f[i].choice] : "";
    return lineedit_text(&f->f[i].le);
}

void form_set_choice(struct form *f, size_t i, size_t choice)
{
    if (i < f->n && choice < f->f[i].nchoices)
        f->f[i].choice = choice;
}

size_t form_choice(const struct form *f, size_t i)
{
    return i < f->n ? f->f[i].choice : 0;
}

static void move_focus(struct form *f, int dir)
{
    size_t i = f->focus;
    for (size_t k = 0; k < f->n; k++) {
        i = (i + f->n + (size_t)(dir > 0 ? 1 : -1)) % f->n;
        if (f->f[i].enabled) {
            f->focus = i;
            return;
        }
    }
}

void form_enable(struct form *f, size_t i, int on)
{
    if (i >= f->n)
        return;
    f->f[i].enabled = on;
    if (!on) {
        f->f[i].error[0] = '\0';
        if (f->focus == i)
            move_focus(f, 1);
    }
}

void form_errorf(struct form *f, size_t i, const char *fmt, ...)
{
    va_list ap;
    if (i >= f->n)
        return;
    va_start(ap, fmt);
    vsnprintf(f->f[i].error, sizeof f->f[i].error, fmt, ap);
    va_end(ap);
}

void form_clear_errors(struct form *f)
{
    for (size_t i = 0; i < f->n; i++)
        f->f[i].error[0] = '\0';
    f->error[0] = '\0';
}

int form_focus_error(struct form *f)
{
    for (size_t i = 0; i < f->n; i++) {
        if (f->f[i].enabled && f->f[i].error[0]) {
            f->focus = i;
            return 1;
        }
    }
    return 0;
}

static int cycle(struct form_field *fd, int dir)
{
    if (fd->nchoices == 0)
        return REACT_NONE;
    fd->choice = (fd->choice + fd->nchoices + (size_t)(dir > 0 ? 1 : -1)) % fd->nchoices;
    fd->error[0] = '\0';
    return REACT_REDRAW | FORM_CHANGED;
}

int form_action(struct form *f, int action, const struct tui_event *ev)
{
    struct form_field *fd = f->n ? &f->f[f->focus] : NULL;
    int r;
    if (fd == NULL)
        return action == A_CANCEL ? FORM_CANCEL | REACT_REDRAW : REACT_NONE;
    switch (action) {
    case A_NEXT_FIELD:
        move_focus(f, 1);
        return REACT_REDRAW;
    case A_PREV_FIELD:
        move_focus(f, -1);
        return REACT_REDRAW;
    case A_SAVE:
        return REACT_REDRAW | FORM_SAVE;
    case A_CANCEL:
        return REACT_REDRAW | FORM_CANCEL;
    case A_CHOICE_NEXT:
    case A_CHOICE_PREV:
        if (fd->type == FF_CHOICE) {
            r = cycle(fd, action == A_CHOICE_NEXT ? 1 : -1);
            f->dirty = 1;
            return r;
        }
        /* a space typed into a text field */
        if (ev != NULL && ev->key == ' ')
            return form_action(f, A_INSERT, ev);
        return REACT_NONE;
    case A_CURSOR_LEFT:
    case A_CURSOR_RIGHT:
        if (fd->type == FF_CHOICE) {
            f->dirty = 1;
            return cycle(fd, action == A_CURSOR_RIGHT ? 1 : -1);
        }
        lineedit_action(&fd->le, action);
        return REACT_REDRAW;
    case A_INSERT:
        if (fd->type == FF_CHOICE) {
            /* a letter picks the next choice starting with it */
            for (size_t k = 1; k <= fd->nchoices; k++) {
                size_t c = (fd->choice + k) % fd->nchoices;
                if (ev != NULL && fd->choices[c][0] == ev->key) {
                    fd->choice = c;
                    fd->error[0] = '\0';
                    f->dirty = 1;
                    return REACT_REDRAW | FORM_CHANGED;
                }
            }
            return REACT_NONE;
        }
        if (ev == NULL || lineedit_insert(&fd->le, (unsigned)ev->key) != 0)
            return REACT_NONE;
        fd->error[0] = '\0';
        f->dirty = 1;
        return REACT_REDRAW | FORM_CHANGED;
    default:
        if (fd->type == FF_TEXT && lineedit_action(&fd->le, action)) {
            if (action != A_LINE_START && action != A_LINE_END) {
                fd->error[0] = '\0';
                f->dirty = 1;
                return REACT_REDRAW | FORM_CHANGED;
            }
            return REACT_REDRAW;
        }
        return REACT_NONE;
    }
}

void form_render(struct form *f, struct grid *g, struct rect area, const struct theme *th)
{
    int w = area.w < FORM_W ? area.w : FORM_W;
    int h = (int)f->n + 5;
    struct rect win = rect_center(area, w, h), in;
    const struct form_field *fo = f->n ? &f->f[f->focus] : NULL;
    int ew;
    f->cx = -1;
    in = panel_window(g, win, f->title, th);
    for (size_t i = 0; i < f->n && (int)i < in.h; i++) {
        const struct form_field *fd = &f->f[i];
        int y = in.y + (int)i, x = in.x + 1;
        int focus = i == f->focus;
        int role = !fd->enabled ? ROLE_DIM : focus ? ROLE_INPUT_FOCUS : ROLE_INPUT;
        grid_text(g, x, y, LABEL_W, fd->label, fd->enabled ? ROLE_NORMAL : ROLE_DIM);
        x += LABEL_W + 1;
        if (fd->type == FF_CHOICE && fd->enabled) {
            char buf[64];
            uint32_t l = theme_glyph(th, G_ARROW_LEFT), r = theme_glyph(th, G_ARROW_RIGHT);
            grid_fill(g, (struct rect){ x, y, FIELD_W, 1 }, ' ', role);
            snprintf(buf, sizeof buf, "%s", form_text(f, i));
            grid_put(g, NULL, x, y, l, role);
            grid_text(g, x + 2, y, FIELD_W - 4, buf, role);
            grid_put(g, NULL, x + FIELD_W - 1, y, r, role);
        } else if (fd->enabled) {
            int cx;
            lineedit_render((struct lineedit *)&fd->le, g, x, y, FIELD_W, role, &cx);
            if (focus) {
                f->cx = cx;
                f->cy = y;
            }
        } else {
            grid_fill(g, (struct rect){ x, y, FIELD_W, 1 }, ' ', ROLE_DIM);
            grid_text(g, x, y, FIELD_W, "n/a for this kind", ROLE_DIM);
        }
        x += FIELD_W + 1;
        ew = in.x + in.w - 1 - (x + 2);     /* to the window's edge, less a margin */
        if (fd->error[0] && ew > 2) {
            grid_text(g, x, y, 2, "!", ROLE_ERROR);
            grid_text(g, x + 2, y, ew, fd->error, ROLE_ERROR);
        }
    }
    /* the focused field's error or hint in full, then the form's error */
    if (fo != NULL && in.h > (int)f->n + 1) {
        int y = in.y + (int)f->n + 1;
        if (f->error[0])    /* a long one takes the rows left below */
            panel_wrap(g, (struct rect){ in.x + 1, y, in.w - 2, in.y + in.h - y }, f->error,
                       ROLE_ERROR, 0);
        else if (fo->error[0])
            grid_textf(g, in.x + 1, y, in.w - 2, ROLE_ERROR, "%s: %s", fo->label, fo->error);
        else if (fo->hint != NULL)
            grid_text(g, in.x + 1, y, in.w - 2, fo->hint, ROLE_DIM);
    }
    grid_text_right(g, win.x + 1, win.y + win.h - 1, win.w - 3,
                    f->footer ? f->footer : " Enter save  Esc cancel  Tab next field ", ROLE_DIM);
}
