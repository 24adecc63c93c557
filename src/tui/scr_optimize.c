/* scr_optimize.c: screen 4, Optimize: the methods in a list; Enter opens
 * the chosen method's parameters in a form (defaults for this book) and
 * runs it; the proposal is then reviewed, trades and before/after
 * figures side by side, and applied after a y/n question as one journal
 * entry (u undoes it) or discarded. Another screen may hand over a
 * request ("riskparity symbols=BTC,ETH estimator=ewma window=90") that
 * opens the form filled in. The numbers come from vm_optimize. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/coltable.h"
#include "tui/fmt.h"
#include "tui/form.h"
#include "tui/panel.h"
#include "tui/panes.h"
#include "tui/screen.h"
#include "tui/vm_optimize.h"
#include "util/str.h"
#include "util/xalloc.h"

enum { T_INST, T_SIDE, T_QTY, T_PRICE, T_FEE, T_NOTIONAL, T_NCOLS };

static const struct coltable_col tcols[T_NCOLS] = {
    [T_INST] = { "instrument", CT_LEFT, 10, 22 },
    [T_SIDE] = { "side", CT_LEFT, 4, 4 },
    [T_QTY] = { "quantity", CT_RIGHT, 8, 16 },
    [T_PRICE] = { "price", CT_RIGHT, 6, 16 },
    [T_FEE] = { "fee USD", CT_RIGHT, 7, 12 },
    [T_NOTIONAL] = { "notional USD", CT_RIGHT, 8, 14 },
};

enum { F_NAME, F_BEFORE, F_AFTER, F_UNIT, F_NCOLS };

static const struct coltable_col fcols[F_NCOLS] = {
    [F_NAME] = { "figure", CT_LEFT, 8, 22 },
    [F_BEFORE] = { "before", CT_RIGHT, 7, 14 },
    [F_AFTER] = { "after", CT_RIGHT, 7, 14 },
    [F_UNIT] = { "unit", CT_LEFT, 3, 10 },
};

enum { PANE_LIST, PANE_ABOUT, NCHOOSE };
enum { PANE_TRADES, PANE_FIGURES, NREVIEW };

#define LIST_W 26           /* the methods' pane */
#define TRADES_PCT 40       /* the trades' share of the width in review */
#define SHOW_DIGITS 10

struct opt_screen {
    struct vm_optimize vm;
    size_t sel;                     /* the method under the cursor */
    struct form form;
    int form_open;
    enum vm_opt_method form_method;
    const char *choices[VMO_MAX_FIELDS][8];
    struct coltable trades, figures;
    struct panes choose, review;
    char review_title[96];
    /* the values last run per method, offered again by the form */
    char last[VMO_NMETHODS][VMO_MAX_FIELDS][VMO_VALUE_MAX];
    int have_last[VMO_NMETHODS];
};

static struct opt_screen *P(struct screen *s)
{
    return s->priv;
}

static int init(struct screen *s)
{
    struct opt_screen *p = xcalloc(1, sizeof *p);
    vm_optimize_init(&p->vm);
    coltable_init(&p->trades, tcols, T_NCOLS, 1);
    coltable_init(&p->figures, fcols, F_NCOLS, 1);
    p->trades.empty_text = "no trade needed";
    p->choose.n = NCHOOSE;
    p->choose.p[PANE_LIST].title = "Methods";
    p->choose.p[PANE_ABOUT].title = "What it proposes";
    p->review.n = NREVIEW;
    p->review.p[PANE_TRADES].title = p->review_title;
    p->review.p[PANE_FIGURES].title = "Before and after";
    s->priv = p;
    return 0;
}

static void done(struct screen *s)
{
    struct opt_screen *p = P(s);
    vm_optimize_done(&p->vm);
    coltable_done(&p->trades);
    coltable_done(&p->figures);
    free(p);
    s->priv = NULL;
}

static void layout(struct screen *s, struct rect body)
{
    (void)s;
    (void)body;
}

static void fill_review(struct opt_screen *p)
{
    const struct tradelist *tl = p->vm.tl;
    char buf[64];
    coltable_clear(&p->trades);
    coltable_clear(&p->figures);
    for (size_t i = 0; tl != NULL && i < tl->n_trades; i++) {
        const struct tradelist_trade *t = &tl->trades[i];
        size_t r = coltable_add_row(&p->trades, (int64_t)i + 1);
        coltable_set(&p->trades, r, T_INST, t->inst.instrument, NAN, ROLE_NORMAL);
        coltable_set(&p->trades, r, T_SIDE, t->side == TRADE_BUY ? "buy" : "sell", NAN,
                     t->side == TRADE_BUY ? ROLE_LONG : ROLE_SHORT);
        coltable_set(&p->trades, r, T_QTY, fmt_sig(t->quantity, SHOW_DIGITS, buf, sizeof buf),
                     t->quantity, ROLE_NORMAL);
        coltable_set(&p->trades, r, T_PRICE, fmt_sig(t->price, SHOW_DIGITS, buf, sizeof buf),
                     t->price, ROLE_NORMAL);
        coltable_set(&p->trades, r, T_FEE, fmt_grouped_dec(t->fee_usd, 2, buf, sizeof buf),
                     t->fee_usd, ROLE_NORMAL);
        coltable_set(&p->trades, r, T_NOTIONAL, fmt_grouped(t->notional_usd, buf, sizeof buf),
                     t->notional_usd, ROLE_NORMAL);
    }
    for (size_t i = 0; tl != NULL && i < tl->n_figures; i++) {
        const struct tradelist_figure *f = &tl->figures[i];
        size_t r = coltable_add_row(&p->figures, (int64_t)i + 1);
        int role = f->after < f->before ? ROLE_GAIN : f->after > f->before ? ROLE_LOSS
                                                                           : ROLE_NORMAL;
        /* a figure that is a loss or a risk is better smaller; others just differ */
        if (strncmp(f->name, "loss", 4) != 0 && strstr(f->name, "VaR") == NULL &&
            strcmp(f->name, "premium") != 0 && strncmp(f->name, "variance", 8) != 0)
            role = ROLE_NORMAL;
        coltable_set(&p->figures, r, F_NAME, f->name, NAN, ROLE_NORMAL);
        coltable_set(&p->figures, r, F_BEFORE, fmt_grouped_dec(f->before, 2, buf, sizeof buf),
                     f->before, ROLE_NORMAL);
        coltable_set(&p->figures, r, F_AFTER, fmt_grouped_dec(f->after, 2, buf, sizeof buf),
                     f->after, role);
        coltable_set(&p->figures, r, F_UNIT, f->unit, NAN, ROLE_DIM);
    }
    coltable_commit(&p->trades);
    coltable_commit(&p->figures);
    if (tl != NULL)
        snprintf(p->review_title, sizeof p->review_title, "%s: %zu trade%s", tl->method,
                 tl->n_trades, tl->n_trades == 1 ? "" : "s");
}

/* Open the form of method m with values (nfields strings). */
static void open_form(struct opt_screen *p, enum vm_opt_method m,
                      char (*values)[VMO_VALUE_MAX])
{
    const struct vm_opt_method_def *d = vm_optimize_method(m);
    char title[96];
    snprintf(title, sizeof title, "%s: parameters", d->title);
    form_init(&p->form, title);
    p->form.footer = " Enter run  Esc cancel  Tab next field ";
    for (size_t i = 0; i < d->nfields; i++) {
        const struct vm_opt_field *fd = &d->fields[i];
        if (fd->choices != NULL) {
            size_t f = form_add_choice(&p->form, fd->label, fd->choices, fd->nchoices,
                                       fd->hint);
            for (size_t c = 0; c < fd->nchoices; c++)
                if (strcmp(fd->choices[c], values[i]) == 0)
                    form_set_choice(&p->form, f, c);
        } else {
            form_set_text(&p->form, form_add_text(&p->form, fd->label, fd->hint), values[i]);
        }
    }
    p->form_method = m;
    p->form_open = 1;
}

static void open_defaults(struct screen *s, enum vm_opt_method m)
{
    struct opt_screen *p = P(s);
    const struct model *md = app_model(s->app);
    char values[VMO_MAX_FIELDS][VMO_VALUE_MAX];
    if (p->have_last[m]) {
        open_form(p, m, p->last[m]);
        return;
    }
    vm_optimize_defaults(m, model_store(md), &md->val, values);
    open_form(p, m, values);
}

static int run(struct screen *s)
{
    struct opt_screen *p = P(s);
    const struct model *md = app_model(s->app);
    const struct vm_opt_method_def *d = vm_optimize_method(p->form_method);
    const char *values[VMO_MAX_FIELDS];
    struct allot_err err;
    int rc;

    for (size_t i = 0; i < d->nfields; i++) {
        values[i] = form_text(&p->form, i);
        str_copy(p->last[p->form_method][i], VMO_VALUE_MAX, values[i]);
    }
    p->have_last[p->form_method] = 1;
    form_clear_errors(&p->form);
    app_busy(s->app, "running %s ...", d->name);
    err_clear(&err);
    rc = vm_optimize_run(&p->vm, model_store(md), &md->val, p->form_method, values, &err);
    if (rc != 0) {
        int fields = 0;
        for (size_t i = 0; i < d->nfields; i++)
            if (p->vm.field_error[i][0]) {
                form_errorf(&p->form, i, "%s", p->vm.field_error[i]);
                fields = 1;
            }
        if (fields)
            form_focus_error(&p->form);
        else
            str_copy(p->form.error, sizeof p->form.error, err.msg);
        app_message(s->app, ROLE_ERROR, "%s: %s", d->name, err.msg);
        return REACT_REDRAW;
    }
    p->form_open = 0;
    fill_review(p);
    p->review.focus = PANE_TRADES;
    {
        char ka[16], kx[16];
        app_key_for(s->app, KC_OPTIMIZE, A_APPLY, ka, sizeof ka);
        app_key_for(s->app, KC_OPTIMIZE, A_DISCARD, kx, sizeof kx);
        app_message(s->app, ROLE_OK, "%s: %zu trade%s proposed; %s applies, %s discards",
                    d->name, p->vm.tl->n_trades, p->vm.tl->n_trades == 1 ? "" : "s", ka, kx);
    }
    return REACT_REDRAW;
}

static int apply_yes(struct app *app, void *ctx)
{
    struct opt_screen *p = ctx;
    const struct model *md = app_model(app);
    struct allot_err err;
    char buf[ALLOT_ERR_MSG_MAX + 64];
    err_clear(&err);
    if (vm_optimize_apply(&p->vm, model_store(md), &md->val, &err) != 0) {
        app_message(app, ROLE_ERROR, "apply: %s", err_format(&err, buf, sizeof buf));
        return REACT_REDRAW;
    }
    app_message(app, ROLE_OK, "applied %s: %ld added, %ld changed, %ld closed; journal entry "
                "%lld (u undoes)", p->vm.applied_name, p->vm.done.added, p->vm.done.changed,
                p->vm.done.closed, (long long)p->vm.done.jid);
    return REACT_RELOAD;
}

static int apply(struct screen *s)
{
    struct opt_screen *p = P(s);
    const struct model *md = app_model(s->app);
    char q[200];
    if (p->vm.tl == NULL) {
        app_message(s->app, ROLE_WARN, "no proposal: choose a method and run it first");
        return REACT_REDRAW;
    }
    if (p->vm.applied) {
        app_message(s->app, ROLE_WARN, "applied already as %s: u undoes it",
                    p->vm.applied_name);
        return REACT_REDRAW;
    }
    snprintf(q, sizeof q, "apply %s (%zu trade%s) to %s as one journal entry? (y/n)",
             p->vm.tl->method, p->vm.tl->n_trades, p->vm.tl->n_trades == 1 ? "" : "s",
             md->val.portfolio);
    app_confirm(s->app, q, apply_yes, p);
    return REACT_REDRAW;
}

static void on_reload(struct screen *s)
{
    struct opt_screen *p = P(s);
    vm_optimize_refresh(&p->vm, model_store(app_model(s->app)));
}

static void render_choose(struct screen *s, struct grid *g, struct rect area)
{
    struct opt_screen *p = P(s);
    const struct theme *th = app_theme(s->app);
    const struct vm_opt_method_def *d = vm_optimize_method((enum vm_opt_method)p->sel);
    struct rect in[NCHOOSE];
    char key[16], hint[96];
    int y;
    p->choose.p[PANE_LIST].r = (struct rect){ area.x, area.y, LIST_W, area.h };
    p->choose.p[PANE_ABOUT].r = (struct rect){ area.x + LIST_W, area.y, area.w - LIST_W,
                                               area.h };
    panes_render(&p->choose, g, th, in);
    for (int m = 0; m < VMO_NMETHODS && m < in[PANE_LIST].h; m++) {
        int role = (size_t)m == p->sel ? ROLE_SELECT : ROLE_NORMAL;
        grid_fill(g, (struct rect){ in[PANE_LIST].x, in[PANE_LIST].y + m, in[PANE_LIST].w, 1 },
                  ' ', role);
        grid_text(g, in[PANE_LIST].x + 1, in[PANE_LIST].y + m, in[PANE_LIST].w - 2,
                  vm_optimize_method((enum vm_opt_method)m)->title, role);
    }
    y = in[PANE_ABOUT].y;
    y += panel_wrap(g, (struct rect){ in[PANE_ABOUT].x + 1, y, in[PANE_ABOUT].w - 2,
                                      in[PANE_ABOUT].h }, d->summary, ROLE_NORMAL, 0) + 1;
    for (size_t i = 0; i < d->nfields && y < in[PANE_ABOUT].y + in[PANE_ABOUT].h; i++, y++) {
        grid_text(g, in[PANE_ABOUT].x + 1, y, 14, d->fields[i].label, ROLE_DIM);
        grid_text(g, in[PANE_ABOUT].x + 16, y, in[PANE_ABOUT].w - 17, d->fields[i].hint,
                  ROLE_DIM);
    }
    app_key_for(s->app, KC_OPTIMIZE, A_PARAMS, key, sizeof key);
    snprintf(hint, sizeof hint, "j/k choose  %s parameters and run", key);
    grid_text(g, in[PANE_ABOUT].x + 1, in[PANE_ABOUT].y + in[PANE_ABOUT].h - 1,
              in[PANE_ABOUT].w - 2, hint, ROLE_DIM);
}

static void render_review(struct screen *s, struct grid *g, struct rect area)
{
    struct opt_screen *p = P(s);
    const struct theme *th = app_theme(s->app);
    struct rect in[NREVIEW];
    int tw = area.w * TRADES_PCT / 100;
    p->review.p[PANE_TRADES].r = (struct rect){ area.x, area.y, tw, area.h };
    p->review.p[PANE_FIGURES].r = (struct rect){ area.x + tw, area.y, area.w - tw, area.h };
    panes_render(&p->review, g, th, in);
    coltable_render(&p->trades, g, in[PANE_TRADES], th);
    coltable_render(&p->figures, g, in[PANE_FIGURES], th);
}

static void render(struct screen *s, struct grid *g, struct rect body)
{
    struct opt_screen *p = P(s);
    struct rect area = { body.x, body.y + 1, body.w, body.h - 1 };
    const struct model *md = app_model(s->app);
    char ka[16], kx[16], kw[16], hint[128];
    int tw;

    if (p->vm.tl == NULL) {
        grid_textf(g, body.x, body.y, body.w, ROLE_TITLE, "Optimize %s: choose a method",
                   md->val.portfolio[0] ? md->val.portfolio : "(no book)");
        render_choose(s, g, area);
    } else {
        const struct tradelist *tl = p->vm.tl;
        if (p->vm.applied)
            tw = grid_textf(g, body.x, body.y, body.w, ROLE_OK, "applied as %s, journal entry "
                            "%lld: u undoes it", p->vm.applied_name,
                            (long long)p->vm.done.jid);
        else if (p->vm.applied_name[0])
            tw = grid_textf(g, body.x, body.y, body.w, ROLE_WARN, "%s was undone",
                            p->vm.applied_name);
        else
            tw = grid_textf(g, body.x, body.y, body.w, ROLE_TITLE, "%s proposal (%s)",
                            tl->method, tl->params);
        app_key_for(s->app, KC_OPTIMIZE, A_APPLY, ka, sizeof ka);
        app_key_for(s->app, KC_OPTIMIZE, A_DISCARD, kx, sizeof kx);
        app_key_for(s->app, KC_GLOBAL, A_NEXT_PANE, kw, sizeof kw);
        snprintf(hint, sizeof hint, p->vm.applied ? "%s close" : "%2$s apply  %1$s discard",
                 kx, ka);
        (void)kw;
        if (tw > body.w - (int)strlen(hint) - 2)
            tw = body.w - (int)strlen(hint) - 2;
        grid_fill(g, (struct rect){ body.x + tw, body.y, body.w - tw, 1 }, ' ', ROLE_NORMAL);
        grid_text_right(g, body.x + tw + 1, body.y, body.w - tw - 1, hint, ROLE_DIM);
        render_review(s, g, area);
    }
    if (p->form_open)
        form_render(&p->form, g, area, app_theme(s->app));
}

static int on_form(struct screen *s, int action, const struct tui_event *ev)
{
    struct opt_screen *p = P(s);
    int r = form_action(&p->form, action, ev);
    if (r & FORM_CANCEL) {
        p->form_open = 0;
        app_message(s->app, ROLE_NORMAL, "form closed, nothing run");
        return REACT_REDRAW;
    }
    if (r & FORM_SAVE)
        return run(s);
    return r & (REACT_REDRAW | REACT_RELOAD);
}

static int on_action(struct screen *s, int action, const struct tui_event *ev)
{
    struct opt_screen *p = P(s);
    int r;
    if (p->form_open)
        return on_form(s, action, ev);
    if (p->vm.tl == NULL) {
        switch (action) {
        case A_DOWN:
            p->sel = (p->sel + 1) % VMO_NMETHODS;
            return REACT_REDRAW;
        case A_UP:
            p->sel = (p->sel + VMO_NMETHODS - 1) % VMO_NMETHODS;
            return REACT_REDRAW;
        case A_TOP:
            p->sel = 0;
            return REACT_REDRAW;
        case A_BOTTOM:
            p->sel = VMO_NMETHODS - 1;
            return REACT_REDRAW;
        case A_PARAMS:
            open_defaults(s, (enum vm_opt_method)p->sel);
            return REACT_REDRAW;
        case A_APPLY:
            return apply(s);
        case A_NEXT_PANE:
            return REACT_REDRAW;
        default:
            return REACT_UNHANDLED;
        }
    }
    switch (action) {
    case A_APPLY:
        return apply(s);
    case A_DISCARD:
        app_message(s->app, ROLE_NORMAL, p->vm.applied ? "closed (the applied trades stay; u "
                    "undoes them)" : "proposal discarded, nothing written");
        vm_optimize_discard(&p->vm);
        return REACT_REDRAW;
    case A_PARAMS:
        open_defaults(s, p->vm.method);
        return REACT_REDRAW;
    case A_NEXT_PANE:
        p->review.focus = p->review.focus == PANE_TRADES ? PANE_FIGURES : PANE_TRADES;
        return REACT_REDRAW;
    default:
        break;
    }
    if (action == A_CLICK && ev != NULL)
        panes_action(&p->review, action, ev);
    r = coltable_action(p->review.focus == PANE_TRADES ? &p->trades : &p->figures, action, ev);
    return r ? r : REACT_UNHANDLED;
}

/* "riskparity symbols=A,B estimator=ewma window=90": the form, filled in. */
static int request(struct screen *s, const char *req)
{
    struct opt_screen *p = P(s);
    const struct model *md = app_model(s->app);
    char values[VMO_MAX_FIELDS][VMO_VALUE_MAX], *copy = xstrdup(req), *save = NULL, *w;
    enum vm_opt_method m = VMO_NMETHODS;
    const struct vm_opt_method_def *d;

    w = strtok_r(copy, " ", &save);
    for (int k = 0; w != NULL && k < VMO_NMETHODS; k++)
        if (strcmp(vm_optimize_method((enum vm_opt_method)k)->name, w) == 0)
            m = (enum vm_opt_method)k;
    if (m == VMO_NMETHODS) {
        free(copy);
        return REACT_NONE;
    }
    d = vm_optimize_method(m);
    vm_optimize_defaults(m, model_store(md), &md->val, values);
    while ((w = strtok_r(NULL, " ", &save)) != NULL) {
        char *eq = strchr(w, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        for (size_t i = 0; i < d->nfields; i++)
            if (strcmp(d->fields[i].label, w) == 0 ||
                (strcmp(w, "estimator") == 0 && strcmp(d->fields[i].option, "--method") == 0))
                str_copy(values[i], VMO_VALUE_MAX, eq + 1);
    }
    free(copy);
    if (p->vm.tl != NULL && !p->vm.applied)
        vm_optimize_discard(&p->vm);
    p->sel = (size_t)m;
    open_form(p, m, values);
    app_message(s->app, ROLE_NORMAL, "%s on the assets of the Correlation screen: Enter runs",
                d->name);
    return REACT_REDRAW;
}

static enum keyctx context(struct screen *s)
{
    return P(s)->form_open ? KC_FORM : KC_OPTIMIZE;
}

static int unsaved(struct screen *s)
{
    (void)s;
    return 0;   /* a parameter form loses nothing worth a question */
}

static int cursor(struct screen *s, int *x, int *y)
{
    struct opt_screen *p = P(s);
    if (!p->form_open || p->form.cx < 0)
        return 0;
    *x = p->form.cx;
    *y = p->form.cy;
    return 1;
}

const struct screen_ops scr_optimize_ops = {
    .name = "Optimize",
    .ctx = KC_OPTIMIZE,
    .init = init,
    .done = done,
    .layout = layout,
    .render = render,
    .on_action = on_action,
    .on_reload = on_reload,
    .context = context,
    .unsaved = unsaved,
    .cursor = cursor,
    .request = request,
};
