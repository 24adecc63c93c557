/* scr_exposure.c: screen 2, Exposure: the greeks of the valued book per
 * underlying and in total (a table), the positions of the selected
 * underlying below it, and the session's equity and net delta as
 * sparklines (the valuation samples them at each revaluation, live
 * quotes included). The numbers come from vm_exposure; nothing is
 * computed here. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/chart.h"
#include "tui/coltable.h"
#include "tui/fmt.h"
#include "tui/panel.h"
#include "tui/panes.h"
#include "tui/screen.h"
#include "tui/vm_exposure.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

enum { U_SYM, U_SPOT, U_DELTA, U_DELTA_USD, U_GAMMA, U_VEGA, U_THETA, U_RHO, U_VANNA, U_VOLGA,
       U_CARRY, U_PNL, U_NCOLS };

static const struct coltable_col ucols[U_NCOLS] = {
    [U_SYM] = { "underlying", CT_LEFT, 5, 10 },
    [U_SPOT] = { "spot USD", CT_RIGHT, 8, 14 },
    [U_DELTA] = { "delta units", CT_RIGHT, 8, 16 },
    [U_DELTA_USD] = { "delta USD", CT_RIGHT, 8, 14 },
    [U_GAMMA] = { "gamma USD/1%", CT_RIGHT, 8, 14 },
    [U_VEGA] = { "vega USD/volpt", CT_RIGHT, 8, 14 },
    [U_THETA] = { "theta USD/day", CT_RIGHT, 8, 14 },
    [U_RHO] = { "rho USD/1%", CT_RIGHT, 8, 14 },
    [U_VANNA] = { "vanna USD/volpt", CT_RIGHT, 8, 15 },
    [U_VOLGA] = { "volga USD/volpt", CT_RIGHT, 8, 15 },
    [U_CARRY] = { "carry USD/day", CT_RIGHT, 8, 14 },
    [U_PNL] = { "PnL USD", CT_RIGHT, 8, 14 },
};

enum { P_INST, P_QTY, P_VOL, P_VALUE, P_DELTA, P_DELTA_USD, P_GAMMA, P_VEGA, P_THETA, P_PNL,
       P_NCOLS };

static const struct coltable_col pcols[P_NCOLS] = {
    [P_INST] = { "instrument", CT_LEFT, 10, 22 },
    [P_QTY] = { "quantity", CT_RIGHT, 6, 14 },
    [P_VOL] = { "vol", CT_RIGHT, 4, 7 },
    [P_VALUE] = { "value USD", CT_RIGHT, 8, 14 },
    [P_DELTA] = { "delta units", CT_RIGHT, 8, 16 },
    [P_DELTA_USD] = { "delta USD", CT_RIGHT, 8, 14 },
    [P_GAMMA] = { "gamma USD/1%", CT_RIGHT, 8, 14 },
    [P_VEGA] = { "vega USD/volpt", CT_RIGHT, 8, 14 },
    [P_THETA] = { "theta USD/day", CT_RIGHT, 8, 14 },
    [P_PNL] = { "PnL USD", CT_RIGHT, 8, 14 },
};

enum { PANE_UNDER, PANE_POS, PANE_SESSION, NPANES };

#define DELTA_DECIMALS 4    /* as allot exposure shows units */
#define SHOW_DIGITS 10
#define POS_PANE_PCT 62     /* the positions pane's share of the width */
#define BOTTOM_MIN_H 7      /* the lower panes: border, header, 3 rows, footer, border */

struct expo_screen {
    struct vm_exposure vm;
    struct coltable under, pos;
    struct panes panes;
    char title[96];             /* "Positions on BTC" */
    char pos_of[INST_SYMBOL_MAX];   /* the underlying the positions table shows */
    unsigned long built;        /* the vm generation the tables show */
    int stale;                  /* spots shown dimmed: the feed is not live */
};

static struct expo_screen *P(struct screen *s)
{
    return s->priv;
}

static int init(struct screen *s)
{
    struct expo_screen *p = xcalloc(1, sizeof *p);
    vm_exposure_init(&p->vm);
    coltable_init(&p->under, ucols, U_NCOLS, 1);
    coltable_init(&p->pos, pcols, P_NCOLS, 1);
    p->under.empty_text = "no book to value";
    p->pos.empty_text = "no positions on this underlying";
    p->panes.n = NPANES;
    p->panes.p[PANE_UNDER].title = "Greeks per underlying";
    p->panes.p[PANE_POS].title = p->title;
    p->panes.p[PANE_SESSION].title = "Session";
    snprintf(p->title, sizeof p->title, "Positions");
    s->priv = p;
    return 0;
}

static void done(struct screen *s)
{
    struct expo_screen *p = P(s);
    vm_exposure_done(&p->vm);
    coltable_done(&p->under);
    coltable_done(&p->pos);
    free(p);
    s->priv = NULL;
}

static void layout(struct screen *s, struct rect body)
{
    (void)s;
    (void)body;
}

static void set_usd(struct coltable *t, size_t r, int col, double v, int role)
{
    char buf[64];
    coltable_set(t, r, col, fmt_grouped(v, buf, sizeof buf), v, role);
}

static void set_units(struct coltable *t, size_t r, int col, double v)
{
    char buf[64];
    if (isnan(v))
        return;
    coltable_set(t, r, col, fmt_grouped_dec(v, DELTA_DECIMALS, buf, sizeof buf), v,
                 theme_sign_role(v));
}

static void fill_under(struct expo_screen *p)
{
    char buf[64];
    coltable_clear(&p->under);
    for (size_t k = 0; p->vm.ok && k <= p->vm.n_under; k++) {
        const struct vm_expo_row *u = &p->vm.rows[k];
        size_t r = coltable_add_row(&p->under, (int64_t)k + 1);
        int total = k == p->vm.n_under;
        coltable_set(&p->under, r, U_SYM, u->symbol, NAN, total ? ROLE_TITLE : ROLE_NORMAL);
        if (!total)
            coltable_set(&p->under, r, U_SPOT, fmt_sig(u->spot_usd, SHOW_DIGITS, buf, sizeof buf),
                         u->spot_usd, p->stale ? ROLE_DIM : ROLE_NORMAL);
        set_units(&p->under, r, U_DELTA, total ? NAN : u->x.delta_units);
        set_usd(&p->under, r, U_DELTA_USD, u->x.delta_usd, theme_sign_role(u->x.delta_usd));
        set_usd(&p->under, r, U_GAMMA, u->x.gamma_usd_per_pct, ROLE_NORMAL);
        set_usd(&p->under, r, U_VEGA, u->x.vega_usd_per_volpt, ROLE_NORMAL);
        set_usd(&p->under, r, U_THETA, u->x.theta_usd_per_day, ROLE_NORMAL);
        set_usd(&p->under, r, U_RHO, u->x.rho_usd_per_pct, ROLE_NORMAL);
        set_usd(&p->under, r, U_VANNA, u->x.vanna_usd_per_volpt, ROLE_NORMAL);
        set_usd(&p->under, r, U_VOLGA, u->x.volga_usd_per_volpt, ROLE_NORMAL);
        set_usd(&p->under, r, U_CARRY, u->x.carry_usd_per_day, ROLE_NORMAL);
        set_usd(&p->under, r, U_PNL, u->x.pnl_usd, u->x.pnl_usd < 0 ? ROLE_LOSS : ROLE_GAIN);
    }
    coltable_commit(&p->under);
}

/* The positions of the selected underlying (all of them on the total row). */
static void fill_pos(struct expo_screen *p)
{
    int64_t sel = coltable_selected_id(&p->under);
    const char *sym = "";
    char buf[64];
    if (p->vm.ok && sel >= 1 && (size_t)sel <= p->vm.n_under)
        sym = p->vm.rows[sel - 1].symbol;
    str_copy(p->pos_of, sizeof p->pos_of, sym);
    if (sym[0])
        snprintf(p->title, sizeof p->title, "Positions on %s", sym);
    else
        snprintf(p->title, sizeof p->title, "Positions (all)");
    coltable_clear(&p->pos);
    for (size_t i = 0; i < p->vm.npos; i++) {
        const struct vm_expo_pos *q = &p->vm.pos[i];
        size_t r;
        if (sym[0] && strcmp(q->underlying, sym) != 0)
            continue;
        r = coltable_add_row(&p->pos, q->id);
        coltable_set(&p->pos, r, P_INST, q->instrument, NAN, ROLE_NORMAL);
        coltable_set(&p->pos, r, P_QTY, fmt_sig(q->quantity, SHOW_DIGITS, buf, sizeof buf),
                     q->quantity, theme_sign_role(q->quantity));
        if (!isnan(q->vol_ann))
            coltable_set(&p->pos, r, P_VOL, fmt_grouped_dec(q->vol_ann, 4, buf, sizeof buf),
                         q->vol_ann, ROLE_NORMAL);
        set_usd(&p->pos, r, P_VALUE, q->x.value_usd, ROLE_NORMAL);
        set_units(&p->pos, r, P_DELTA, q->x.delta_units);
        set_usd(&p->pos, r, P_DELTA_USD, q->x.delta_usd, theme_sign_role(q->x.delta_usd));
        set_usd(&p->pos, r, P_GAMMA, q->x.gamma_usd_per_pct, ROLE_NORMAL);
        set_usd(&p->pos, r, P_VEGA, q->x.vega_usd_per_volpt, ROLE_NORMAL);
        set_usd(&p->pos, r, P_THETA, q->x.theta_usd_per_day, ROLE_NORMAL);
        set_usd(&p->pos, r, P_PNL, q->x.pnl_usd, q->x.pnl_usd < 0 ? ROLE_LOSS : ROLE_GAIN);
    }
    coltable_commit(&p->pos);
}

/* Rebuild the tables when the valuation moved on (a reload or live quotes). */
static void sync(struct screen *s)
{
    struct expo_screen *p = P(s);
    if (vm_exposure_sync(&p->vm, &app_model(s->app)->val, 0) || p->built != p->vm.gen ||
        p->stale != app_feed_stale(s->app)) {
        p->stale = app_feed_stale(s->app);
        fill_under(p);
        fill_pos(p);
        p->built = p->vm.gen;
    }
}

static void on_reload(struct screen *s)
{
    (void)s;    /* the tables follow the valuation's generation at the next render */
}

static void session(struct expo_screen *p, struct grid *g, struct rect in,
                    const struct theme *th)
{
    const struct vm_expo_row *t = vm_exposure_total(&p->vm);
    char v[48];
    int y = in.y, w = in.w - 2;
    if (t == NULL || in.h < 2 || w < 4)
        return;
    grid_textf(g, in.x + 1, y++, w, ROLE_DIM, "equity USD");
    grid_text_right(g, in.x + 1, y - 1, w, fmt_grouped(t->x.value_usd, v, sizeof v), ROLE_NORMAL);
    if (y < in.y + in.h)
        sparkline_render(g, in.x + 1, y++, w, p->vm.hist_equity_usd, p->vm.nhist, NAN, NAN,
                         ROLE_CHART1, th);
    if (y < in.y + in.h) {
        grid_textf(g, in.x + 1, y, w, ROLE_DIM, "net delta USD");
        grid_text_right(g, in.x + 1, y++, w, fmt_grouped(t->x.delta_usd, v, sizeof v),
                        theme_sign_role(t->x.delta_usd));
    }
    if (y < in.y + in.h)
        sparkline_render(g, in.x + 1, y++, w, p->vm.hist_delta_usd, p->vm.nhist, NAN, NAN,
                         ROLE_CHART2, th);
    if (y < in.y + in.h)
        grid_textf(g, in.x + 1, y, w, ROLE_DIM, "%zu valuation%s this session", p->vm.nhist,
                   p->vm.nhist == 1 ? "" : "s");
}

static void render(struct screen *s, struct grid *g, struct rect body)
{
    struct expo_screen *p = P(s);
    const struct theme *th = app_theme(s->app);
    const struct portfolio_info *pi = model_portfolio(app_model(s->app));
    const struct vm_expo_row *t;
    struct rect area = { body.x, body.y + 1, body.w, body.h - 1 }, in[NPANES];
    char when[32], v1[48], v2[48], k_pane[16];
    int top_h, pos_w;

    sync(s);
    t = vm_exposure_total(&p->vm);
    app_key_for(s->app, KC_GLOBAL, A_NEXT_PANE, k_pane, sizeof k_pane);
    if (t == NULL) {
        grid_textf(g, body.x, body.y, body.w, ROLE_TITLE, "Exposure of %s",
                   pi ? pi->name : "(no portfolio)");
        panel_wrap(g, (struct rect){ area.x + 2, area.y + 2, area.w - 4, area.h - 2 },
                   p->vm.error[0] ? p->vm.error : "no positions: add some on screen 1",
                   p->vm.error[0] ? ROLE_WARN : ROLE_DIM, 0);
        return;
    }
    date_format_ts(p->vm.asof_ms, when);
    grid_textf(g, body.x, body.y, body.w, ROLE_TITLE, "Exposure of %s at %s  equity %s USD  "
               "PnL %s USD", pi ? pi->name : "?", when, fmt_grouped(t->x.value_usd, v1, sizeof v1),
               fmt_grouped(t->x.pnl_usd, v2, sizeof v2));
    /* the underlyings' table as tall as it needs, the rest below */
    top_h = (int)p->vm.n_under + 1 + 4;
    if (top_h > area.h - BOTTOM_MIN_H)
        top_h = area.h - BOTTOM_MIN_H;
    pos_w = area.w * POS_PANE_PCT / 100;
    p->panes.p[PANE_UNDER].r = (struct rect){ area.x, area.y, area.w, top_h };
    p->panes.p[PANE_POS].r = (struct rect){ area.x, area.y + top_h, pos_w, area.h - top_h };
    p->panes.p[PANE_SESSION].r = (struct rect){ area.x + pos_w, area.y + top_h, area.w - pos_w,
                                                area.h - top_h };
    panes_render(&p->panes, g, th, in);
    coltable_render(&p->under, g, in[PANE_UNDER], th);
    coltable_render(&p->pos, g, in[PANE_POS], th);
    session(p, g, in[PANE_SESSION], th);
    if (k_pane[0])
        grid_textf(g, in[PANE_UNDER].x + in[PANE_UNDER].w - 14, p->panes.p[PANE_UNDER].r.y,
                   14, ROLE_DIM, " %s next pane ", k_pane);
}

static int on_action(struct screen *s, int action, const struct tui_event *ev)
{
    struct expo_screen *p = P(s);
    int r;
    sync(s);
    if (action == A_NEXT_PANE) {
        p->panes.focus = p->panes.focus == PANE_UNDER ? PANE_POS : PANE_UNDER;
        return REACT_REDRAW;
    }
    if (action == A_CLICK && ev != NULL) {
        panes_action(&p->panes, action, ev);
        if (p->panes.focus == PANE_SESSION)
            p->panes.focus = PANE_UNDER;
    }
    if (p->panes.focus == PANE_POS) {
        r = coltable_action(&p->pos, action, ev);
        return r ? r : REACT_UNHANDLED;
    }
    r = coltable_action(&p->under, action, ev);
    if (r && strcmp(p->pos_of, "") != 0 && coltable_selected_id(&p->under) >= 1 &&
        (size_t)coltable_selected_id(&p->under) <= p->vm.n_under &&
        strcmp(p->vm.rows[coltable_selected_id(&p->under) - 1].symbol, p->pos_of) == 0)
        return r;
    if (r) {
        fill_pos(p);
        return r;
    }
    return REACT_UNHANDLED;
}

const struct screen_ops scr_exposure_ops = {
    .name = "Exposure",
    .ctx = KC_EXPOSURE,
    .init = init,
    .done = done,
    .layout = layout,
    .render = render,
    .on_action = on_action,
    .on_reload = on_reload,
};
