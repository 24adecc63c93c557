/* scr_positions.c: screen 1, the book of the portfolio shown: a table of
 * every position (sortable, filterable), and the form that adds, edits
 * and deletes positions through the model (journaled, undoable). */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/coltable.h"
#include "tui/fmt.h"
#include "tui/panel.h"
#include "tui/posform.h"
#include "tui/screen.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

enum { C_ID, C_KIND, C_INST, C_UNDER, C_QTY, C_SPOT, C_VALUE, C_PNL, C_ENTRY, C_EXPIRY, C_STRIKE,
       C_TYPE, C_IV, C_DELTA_USD, C_GAMMA, C_VEGA, C_THETA, C_NOTE, NCOLS };

static const struct coltable_col cols[NCOLS] = {
    [C_ID] = { "id", CT_RIGHT, 2, 6 },
    [C_KIND] = { "kind", CT_LEFT, 4, 14 },
    [C_INST] = { "instrument", CT_LEFT, 10, 24 },
    [C_UNDER] = { "underlying", CT_LEFT, 5, 10 },
    [C_QTY] = { "quantity", CT_RIGHT, 8, 14 },
    [C_SPOT] = { "spot", CT_RIGHT, 4, 12 },
    [C_VALUE] = { "value USD", CT_RIGHT, 9, 14 },
    [C_PNL] = { "PnL USD", CT_RIGHT, 7, 14 },
    [C_ENTRY] = { "entry", CT_RIGHT, 5, 12 },
    [C_EXPIRY] = { "expiry", CT_LEFT, 6, 20 },
    [C_STRIKE] = { "strike", CT_RIGHT, 6, 10 },
    [C_TYPE] = { "type", CT_LEFT, 4, 4 },
    [C_IV] = { "iv", CT_RIGHT, 4, 6 },
    [C_DELTA_USD] = { "delta USD", CT_RIGHT, 9, 14 },
    [C_GAMMA] = { "gamma USD/1%", CT_RIGHT, 12, 14 },
    [C_VEGA] = { "vega USD/volpt", CT_RIGHT, 14, 14 },
    [C_THETA] = { "theta USD/day", CT_RIGHT, 13, 14 },
    [C_NOTE] = { "note", CT_LEFT, 4, 40 },
};

/* significant digits shown for quantities and prices */
#define SHOW_DIGITS 10

struct pos_screen {
    struct coltable t;
    struct posform pf;
    int form_open;
    int64_t pending_select;     /* select this id after the next reload */
    int64_t deleting;
    unsigned long val_gen;      /* the valuation the spot and value columns show */
    int stale;                  /* they are shown dimmed: the feed is not live */
};

static struct pos_screen *P(struct screen *s)
{
    return s->priv;
}

static int init(struct screen *s)
{
    struct pos_screen *p = xcalloc(1, sizeof *p);
    coltable_init(&p->t, cols, NCOLS, 1);
    p->t.empty_text = "no positions in this portfolio: a adds one, :import positions FILE "
                      "reads a file";
    s->priv = p;
    return 0;
}

static void done(struct screen *s)
{
    struct pos_screen *p = P(s);
    coltable_done(&p->t);
    free(p);
    s->priv = NULL;
}

static void layout(struct screen *s, struct rect body)
{
    (void)s;
    (void)body;
}

/* The valued line of position id (spot and value move with live
 * quotes), or NULL when the book is not valued. */
static const struct book_line *valued(const struct valuation *v, int64_t id)
{
    if (!v->ok)
        return NULL;
    for (size_t k = 0; k < v->lb.n; k++)
        if (v->lb.pos[k].id == id)
            return &v->lines[k];
    return NULL;
}

static void fill_row(struct coltable *t, const struct position *p, const struct book_line *bl,
                     int stale)
{
    char buf[64];
    size_t r = coltable_add_row(t, p->id);
    int opt = inst_is_option(p->kind);
    snprintf(buf, sizeof buf, "%lld", (long long)p->id);
    coltable_set(t, r, C_ID, buf, (double)p->id, ROLE_DIM);
    coltable_set(t, r, C_KIND, inst_kind_name(p->kind), NAN, ROLE_NORMAL);
    coltable_set(t, r, C_INST, p->instrument, NAN, ROLE_NORMAL);
    coltable_set(t, r, C_UNDER, p->underlying, NAN, ROLE_NORMAL);
    coltable_set(t, r, C_QTY, fmt_sig(p->quantity, SHOW_DIGITS, buf, sizeof buf), p->quantity,
                 theme_sign_role(p->quantity));
    if (bl != NULL) {
        coltable_set(t, r, C_SPOT, fmt_sig(bl->spot_usd, 7, buf, sizeof buf), bl->spot_usd,
                     stale ? ROLE_DIM : ROLE_NORMAL);
        coltable_set(t, r, C_VALUE, fmt_grouped(bl->x.value_usd, buf, sizeof buf),
                     bl->x.value_usd, stale ? ROLE_DIM : theme_sign_role(bl->x.value_usd));
        /* PnL since entry and the greeks, as `allot exposure` shows them */
        coltable_set(t, r, C_PNL, fmt_grouped(bl->x.pnl_usd, buf, sizeof buf), bl->x.pnl_usd,
                     stale ? ROLE_DIM : bl->x.pnl_usd < 0 ? ROLE_LOSS : ROLE_GAIN);
        coltable_set(t, r, C_DELTA_USD, fmt_grouped(bl->x.delta_usd, buf, sizeof buf),
                     bl->x.delta_usd, theme_sign_role(bl->x.delta_usd));
        coltable_set(t, r, C_GAMMA, fmt_grouped(bl->x.gamma_usd_per_pct, buf, sizeof buf),
                     bl->x.gamma_usd_per_pct, ROLE_NORMAL);
        coltable_set(t, r, C_VEGA, fmt_grouped(bl->x.vega_usd_per_volpt, buf, sizeof buf),
                     bl->x.vega_usd_per_volpt, ROLE_NORMAL);
        coltable_set(t, r, C_THETA, fmt_grouped(bl->x.theta_usd_per_day, buf, sizeof buf),
                     bl->x.theta_usd_per_day, ROLE_NORMAL);
    }
    coltable_set(t, r, C_ENTRY, fmt_sig(p->entry_price, SHOW_DIGITS, buf, sizeof buf),
                 p->entry_price, ROLE_NORMAL);
    if (p->expiry_ms != 0) {
        date_format_ts(p->expiry_ms, buf);
        if (strcmp(buf + 10, "T08:00:00Z") == 0)   /* the usual expiry hour */
            buf[10] = '\0';
        coltable_set(t, r, C_EXPIRY, buf, (double)p->expiry_ms, ROLE_NORMAL);
    }
    if (opt) {
        coltable_set(t, r, C_STRIKE, fmt_sig(p->strike, SHOW_DIGITS, buf, sizeof buf),
                     p->strike, ROLE_NORMAL);
        coltable_set(t, r, C_TYPE, p->is_call ? "call" : "put", NAN, ROLE_NORMAL);
        /* its own IV, else (dimmed) the market's it is valued at: a
         * chain's mark IV or a quoted one, live with a feed */
        if (!isnan(p->iv))
            coltable_set(t, r, C_IV, fmt_sig(p->iv, 4, buf, sizeof buf), p->iv, ROLE_NORMAL);
        else if (bl != NULL && isfinite(bl->vol_ann))
            coltable_set(t, r, C_IV, fmt_sig(bl->vol_ann, 4, buf, sizeof buf), bl->vol_ann,
                         ROLE_DIM);
    }
    coltable_set(t, r, C_NOTE, p->note, NAN, ROLE_DIM);
}

static void on_reload(struct screen *s)
{
    struct pos_screen *p = P(s);
    const struct model *m = app_model(s->app);
    coltable_clear(&p->t);
    p->stale = app_feed_stale(s->app);
    for (size_t i = 0; i < m->npos; i++)
        fill_row(&p->t, &m->pos[i], valued(&m->val, m->pos[i].id), p->stale);
    coltable_commit(&p->t);
    p->val_gen = m->val.generation;
    if (p->pending_select != 0) {
        coltable_select_id(&p->t, p->pending_select);
        p->pending_select = 0;
    }
}

static void render(struct screen *s, struct grid *g, struct rect body)
{
    struct pos_screen *p = P(s);
    const struct model *m = app_model(s->app);
    const struct portfolio_info *pi = model_portfolio(m);
    char k_add[16], k_edit[16], k_del[16], k_sort[16], k_find[16], k_pf[16], hint[160];
    struct rect tr = { body.x, body.y + 1, body.w, body.h - 1 };

    if (p->val_gen != m->val.generation || p->stale != app_feed_stale(s->app))
        on_reload(s);       /* live quotes moved the book, or stopped: refill, keeping the
                             * selection */

    int tw = grid_textf(g, body.x, body.y, body.w / 2, ROLE_TITLE, "Positions of %s",
                        pi ? pi->name : "(no portfolio)");
    app_key_for(s->app, KC_POSITIONS, A_ADD, k_add, sizeof k_add);
    app_key_for(s->app, KC_POSITIONS, A_EDIT, k_edit, sizeof k_edit);
    app_key_for(s->app, KC_POSITIONS, A_DELETE, k_del, sizeof k_del);
    app_key_for(s->app, KC_TABLE, A_SORT, k_sort, sizeof k_sort);
    app_key_for(s->app, KC_GLOBAL, A_SEARCH, k_find, sizeof k_find);
    app_key_for(s->app, KC_GLOBAL, A_PORTFOLIO, k_pf, sizeof k_pf);
    snprintf(hint, sizeof hint, "%s add  %s edit  %s delete  %s sort  %s filter  %s portfolio",
             k_add, k_edit, k_del, k_sort, k_find, k_pf);
    grid_text_right(g, body.x + tw + 2, body.y, body.w - tw - 2, hint, ROLE_DIM);
    if (p->form_open)   /* the form alone: the table behind it would only distract */
        form_render(&p->pf.form, g, tr, app_theme(s->app));
    else
        coltable_render(&p->t, g, tr, app_theme(s->app));
}

static int delete_yes(struct app *app, void *ctx)
{
    struct pos_screen *p = ctx;
    struct allot_err err;
    err_clear(&err);
    if (model_delete_position(app_model_rw(app), p->deleting, &err) != 0) {
        app_message(app, ROLE_ERROR, "delete: %s", err.msg);
        return REACT_REDRAW;
    }
    app_message(app, ROLE_OK, "deleted position %lld (u undoes)", (long long)p->deleting);
    return REACT_RELOAD;
}

static int save(struct screen *s)
{
    struct pos_screen *p = P(s);
    struct model *m = app_model_rw(s->app);
    struct position pos;
    struct allot_err err;
    int adding = p->pf.id == 0;

    if (posform_build(&p->pf, m->asof_ms, &pos) != 0) {
        app_message(s->app, ROLE_ERROR, "the form has errors: see the fields marked !");
        return REACT_REDRAW;
    }
    err_clear(&err);
    if (model_save_position(m, &pos, &err) != 0) {
        str_copy(p->pf.form.error, sizeof p->pf.form.error, err.msg);
        app_message(s->app, ROLE_ERROR, "not saved: %s", err.msg);
        return REACT_REDRAW;
    }
    p->form_open = 0;
    p->pending_select = pos.id;
    app_message(s->app, ROLE_OK, "%s position %lld: %s %s %s (u undoes)",
                adding ? "added" : "saved", (long long)pos.id, inst_kind_name(pos.kind),
                pos.instrument, fmt_num(pos.quantity, (char[40]){ 0 }, 40));
    return REACT_RELOAD;
}

static int on_form(struct screen *s, int action, const struct tui_event *ev)
{
    struct pos_screen *p = P(s);
    int r = posform_action(&p->pf, action, ev);
    if (r & FORM_CANCEL) {
        p->form_open = 0;
        app_message(s->app, ROLE_NORMAL, "form closed, nothing saved");
        return REACT_REDRAW;
    }
    if (r & FORM_SAVE)
        return save(s);
    return r & (REACT_REDRAW | REACT_RELOAD);
}

static int on_action(struct screen *s, int action, const struct tui_event *ev)
{
    struct pos_screen *p = P(s);
    const struct model *m = app_model(s->app);
    const struct position *sel;
    int r;

    if (p->form_open)
        return on_form(s, action, ev);
    switch (action) {
    case A_ADD:
        if (model_portfolio(m) == NULL) {
            app_message(s->app, ROLE_WARN, "no portfolio: :portfolio new NAME creates one");
            return REACT_REDRAW;
        }
        posform_open_new(&p->pf);
        p->form_open = 1;
        return REACT_REDRAW;
    case A_EDIT:
    case A_DELETE:
        sel = model_position(m, coltable_selected_id(&p->t));
        if (sel == NULL) {
            app_message(s->app, ROLE_WARN, "no position selected");
            return REACT_REDRAW;
        }
        if (action == A_EDIT) {
            posform_open_edit(&p->pf, sel);
            p->form_open = 1;
        } else {
            char q[160];
            p->deleting = sel->id;
            snprintf(q, sizeof q, "delete position %lld, %s %s? (y/n)", (long long)sel->id,
                     inst_kind_name(sel->kind), sel->instrument);
            app_confirm(s->app, q, delete_yes, p);
        }
        return REACT_REDRAW;
    case A_CANCEL:
        if (p->t.filter[0]) {
            coltable_set_filter(&p->t, "");
            return REACT_REDRAW;
        }
        return REACT_UNHANDLED;
    default:
        r = coltable_action(&p->t, action, ev);
        return r ? r : REACT_UNHANDLED;
    }
}

static enum keyctx context(struct screen *s)
{
    return P(s)->form_open ? KC_FORM : KC_POSITIONS;
}

static int unsaved(struct screen *s)
{
    return P(s)->form_open && P(s)->pf.form.dirty;
}

static int filter(struct screen *s, const char *text)
{
    coltable_set_filter(&P(s)->t, text);
    return REACT_REDRAW;
}

static const char *filter_text(struct screen *s)
{
    return P(s)->t.filter;
}

static int cursor(struct screen *s, int *x, int *y)
{
    struct pos_screen *p = P(s);
    if (!p->form_open || p->pf.form.cx < 0)
        return 0;
    *x = p->pf.form.cx;
    *y = p->pf.form.cy;
    return 1;
}

const struct screen_ops scr_positions_ops = {
    .name = "Positions",
    .ctx = KC_POSITIONS,
    .has_table = 1,
    .init = init,
    .done = done,
    .layout = layout,
    .render = render,
    .on_action = on_action,
    .on_reload = on_reload,
    .context = context,
    .unsaved = unsaved,
    .filter = filter,
    .filter_text = filter_text,
    .cursor = cursor,
};
