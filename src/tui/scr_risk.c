/* scr_risk.c: screen 5, Risk: VaR and CVaR of the book by method (the
 * Monte-Carlo ones on request, with progress, cancelled by Esc), the
 * PnL over a grid of spot moves x vol moves as a table coloured by sign,
 * and the payoff of the book against one underlying (cycled with n/N)
 * now and at the first expiry, as a chart with a cursor (h/l when its
 * pane has the focus). The numbers come from vm_risk. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/risk/payoff.h"
#include "tui/app.h"
#include "tui/chart.h"
#include "tui/coltable.h"
#include "tui/fmt.h"
#include "tui/panel.h"
#include "tui/panes.h"
#include "tui/screen.h"
#include "engine/risk/payoff.h"
#include "tui/vm_risk.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

enum { PANE_VAR, PANE_GRID, PANE_PAYOFF, NPANES };

#define LEFT_PCT 58         /* the VaR and grid column's share of the width */
#define VAR_PANE_H 7        /* borders, a header, four methods */
#define PCT 100.0
#define GRID_MAX_COLS 16    /* the spot column and up to 15 vol moves */

struct risk_screen {
    struct vm_risk vm;
    struct coltable grid;
    struct coltable_col gcols[GRID_MAX_COLS];
    char gtitles[GRID_MAX_COLS][24];
    int ngcols;
    struct panes panes;
    char pay_title[64];
    size_t cursor;          /* payoff cursor, a point index */
    unsigned long built;    /* the vm generation the grid table shows */
};

static struct risk_screen *P(struct screen *s)
{
    return s->priv;
}

static int init(struct screen *s)
{
    struct risk_screen *p = xcalloc(1, sizeof *p);
    vm_risk_init(&p->vm);
    p->panes.n = NPANES;
    p->panes.p[PANE_VAR].title = "VaR and CVaR, 99 %, 1 day";
    p->panes.p[PANE_GRID].title = "Stress: PnL USD, all spots and vols moved";
    p->panes.p[PANE_PAYOFF].title = p->pay_title;
    p->panes.focus = PANE_GRID;
    snprintf(p->pay_title, sizeof p->pay_title, "Payoff");
    s->priv = p;
    return 0;
}

static void done(struct screen *s)
{
    struct risk_screen *p = P(s);
    vm_risk_done(&p->vm);
    if (p->ngcols > 0)
        coltable_done(&p->grid);
    free(p);
    s->priv = NULL;
}

static void layout(struct screen *s, struct rect body)
{
    (void)s;
    (void)body;
}

static void on_reload(struct screen *s)
{
    (void)s;    /* the figures follow the valuation's generation at the next render */
}

static void pct_label(double v, char *out, size_t n)
{
    snprintf(out, n, "%+.4g%%", PCT * v);
}

/* The grid as a table: one row per spot move, one column per vol move. */
static void fill_grid(struct risk_screen *p)
{
    const struct stress_grid *g = &p->vm.grid;
    int nc = (int)g->n_vol + 1;
    char buf[48];
    if (p->ngcols > 0)
        coltable_done(&p->grid);
    p->ngcols = 0;
    if (!p->vm.have_grid)
        return;
    if (nc > GRID_MAX_COLS)
        nc = GRID_MAX_COLS;
    p->gcols[0] = (struct coltable_col){ "spot", CT_RIGHT, 5, 6 };
    for (int j = 1; j < nc; j++) {
        char pl[16];
        pct_label(g->vol_move[j - 1], pl, sizeof pl);
        snprintf(p->gtitles[j], sizeof p->gtitles[j], "vol %s", pl);
        p->gcols[j] = (struct coltable_col){ p->gtitles[j], CT_RIGHT, 7, 12 };
    }
    coltable_init(&p->grid, p->gcols, nc, 1);
    p->ngcols = nc;
    for (size_t i = 0; i < g->n_spot; i++) {
        size_t r = coltable_add_row(&p->grid, (int64_t)i + 1);
        pct_label(g->spot_move[i], buf, sizeof buf);
        coltable_set(&p->grid, r, 0, buf, g->spot_move[i], ROLE_HEADER);
        for (int j = 1; j < nc; j++) {
            double v = stress_grid_at(g, 0, i, (size_t)j - 1);
            coltable_set(&p->grid, r, j, fmt_grouped(v, buf, sizeof buf), v,
                         v < 0 ? ROLE_LOSS : v > 0 ? ROLE_GAIN : ROLE_NORMAL);
        }
    }
    coltable_commit(&p->grid);
    /* the no-move row in view */
    for (size_t i = 0; i < g->n_spot; i++)
        if (g->spot_move[i] == 0)
            coltable_select_id(&p->grid, (int64_t)i + 1);
}

static void set_pay_title(struct risk_screen *p)
{
    if (p->vm.ok && p->vm.nassets > 0)
        snprintf(p->pay_title, sizeof p->pay_title, "Payoff against %s, PnL USD",
                 p->vm.assets[p->vm.pay_asset]);
    else
        snprintf(p->pay_title, sizeof p->pay_title, "Payoff");
}

static void center_cursor(struct risk_screen *p)
{
    /* the point nearest the spot now */
    size_t best = 0;
    for (size_t j = 0; p->vm.have_payoff && j < VM_RISK_PAYOFF_POINTS; j++)
        if (fabs(p->vm.pay_price[j] - p->vm.pay_spot_usd) <
            fabs(p->vm.pay_price[best] - p->vm.pay_spot_usd))
            best = j;
    p->cursor = best;
}

static void sync(struct screen *s)
{
    struct risk_screen *p = P(s);
    const struct model *m = app_model(s->app);
    struct allot_err err;
    int r;
    err_clear(&err);
    r = vm_risk_sync(&p->vm, model_store(m), &m->val, 0, &err);
    if (r < 0)
        app_message(s->app, ROLE_ERROR, "risk: %s", err.msg);
    if (r != 0 || p->built != p->vm.gen) {
        fill_grid(p);
        set_pay_title(p);
        center_cursor(p);
        p->built = p->vm.gen;
    }
}

static void var_pane(struct risk_screen *p, struct app *app, struct grid *g, struct rect in)
{
    char k_mc[16], a[48], b[48];
    int y = in.y;
    app_key_for(app, KC_RISK, A_MONTE_CARLO, k_mc, sizeof k_mc);
    if (in.h < 2)
        return;
    grid_text(g, in.x + 1, y, 12, "method", ROLE_HEADER);
    grid_text_right(g, in.x + 13, y, 10, "VaR USD", ROLE_HEADER);
    grid_text_right(g, in.x + 24, y, 10, "CVaR USD", ROLE_HEADER);
    y++;
    for (int m = 0; m < VMR_NMETHODS && y < in.y + in.h; m++, y++) {
        const struct vm_var_row *r = &p->vm.var[m];
        grid_text(g, in.x + 1, y, 12, vm_risk_method_name((enum vm_var_method)m), ROLE_NORMAL);
        switch (r->state) {
        case VMR_OK:
            grid_text_right(g, in.x + 13, y, 10, fmt_grouped(r->est.var, a, sizeof a),
                            ROLE_LOSS);
            grid_text_right(g, in.x + 24, y, 10, fmt_grouped(r->est.cvar, b, sizeof b),
                            ROLE_LOSS);
            if (r->est.n > 0)
                grid_textf(g, in.x + 36, y, in.w - 37, ROLE_DIM, "%zu %s", r->est.n,
                           m == VMR_HIST ? "days" : "paths");
            break;
        case VMR_NONE:
            grid_textf(g, in.x + 14, y, in.w - 15, ROLE_DIM, "%s runs it (%zu paths)", k_mc,
                       p->vm.bo.n_paths);
            break;
        case VMR_CANCELLED:
            grid_textf(g, in.x + 14, y, in.w - 15, ROLE_WARN, "cancelled; %s runs it again",
                       k_mc);
            break;
        default:
            grid_text(g, in.x + 14, y, in.w - 15, r->error, ROLE_ERROR);
        }
    }
}

static void payoff_pane(struct risk_screen *p, struct app *app, struct grid *g, struct rect in,
                        const struct theme *th)
{
    const struct vm_risk *v = &p->vm;
    struct chart_series sr[2];
    struct chart c;
    char lo[24], hi[24], exp_label[48], k_n[16], line[160], a[32], b[32], x[32];
    size_t ns = 1, j = p->cursor;
    if (!v->have_payoff) {
        panel_wrap(g, (struct rect){ in.x + 1, in.y, in.w - 2, in.h }, v->pay_error, ROLE_WARN,
                   0);
        return;
    }
    memset(sr, 0, sizeof sr);
    sr[0].x = v->pay_price;
    sr[0].y = v->pay_now;
    sr[0].n = VM_RISK_PAYOFF_POINTS;
    sr[0].role = ROLE_CHART1;
    sr[0].label = "now";
    if (v->pay_expiry != NULL) {
        char d[32];
        date_format_ts(v->pay_expiry_ms, d);
        d[10] = '\0';
        snprintf(exp_label, sizeof exp_label, "at %s", d);
        sr[1] = sr[0];
        sr[1].y = v->pay_expiry;
        sr[1].role = ROLE_CHART2;
        sr[1].label = exp_label;
        ns = 2;
    }
    memset(&c, 0, sizeof c);
    c.series = sr;
    c.nseries = ns;
    c.xmin = c.xmax = c.ymin = c.ymax = NAN;
    c.has_cursor = 1;
    c.cursor_x = v->pay_price[j];
    fmt_compact(v->pay_price[0], lo, sizeof lo);
    fmt_compact(v->pay_price[VM_RISK_PAYOFF_POINTS - 1], hi, sizeof hi);
    c.xlabel_lo = lo;
    c.xlabel_hi = hi;
    chart_render(&c, g, (struct rect){ in.x, in.y, in.w, in.h - 1 }, th);
    app_key_for(app, KC_RISK, A_NEXT_UNDERLYING, k_n, sizeof k_n);
    snprintf(line, sizeof line, "%s %s  now %s", v->assets[v->pay_asset],
             fmt_grouped(v->pay_price[j], x, sizeof x), fmt_grouped(v->pay_now[j], a, sizeof a));
    if (v->pay_expiry != NULL)
        snprintf(line + strlen(line), sizeof line - strlen(line), "  then %s",
                 fmt_grouped(v->pay_expiry[j], b, sizeof b));
    grid_text(g, in.x + 1, in.y + in.h - 1, in.w - 2, line, ROLE_NORMAL);
    (void)k_n;
}

static void render(struct screen *s, struct grid *g, struct rect body)
{
    struct risk_screen *p = P(s);
    const struct theme *th = app_theme(s->app);
    struct rect area = { body.x, body.y + 1, body.w, body.h - 1 }, in[NPANES];
    int lw = area.w * LEFT_PCT / 100;
    char d1[16], d2[16], kn[16], km[16], kw[16], ke[16], kl[16], hint[128];
    int tw;

    sync(s);
    if (!p->vm.ok) {
        grid_text(g, body.x, body.y, body.w, "Risk", ROLE_TITLE);
        panel_wrap(g, (struct rect){ area.x + 2, area.y + 2, area.w - 4, area.h - 2 },
                   p->vm.error[0] ? p->vm.error : "no positions: add some on screen 1",
                   p->vm.error[0] ? ROLE_WARN : ROLE_DIM, 0);
        return;
    }
    app_key_for(s->app, KC_RISK, A_NEXT_UNDERLYING, kn, sizeof kn);
    app_key_for(s->app, KC_RISK, A_MONTE_CARLO, km, sizeof km);
    app_key_for(s->app, KC_GLOBAL, A_NEXT_PANE, kw, sizeof kw);
    app_key_for(s->app, KC_RISK, A_PAYOFF_EARLIER, ke, sizeof ke);
    app_key_for(s->app, KC_RISK, A_PAYOFF_LATER, kl, sizeof kl);
    if (p->vm.t > 0) {
        date_format_day(p->vm.first_day, d1);
        date_format_day(p->vm.last_day, d2);
        tw = grid_textf(g, body.x, body.y, body.w, ROLE_TITLE, "Risk: %zu daily returns %s to "
                        "%s", p->vm.t, d1, d2);
    } else {
        tw = grid_text(g, body.x, body.y, body.w, "Risk", ROLE_TITLE);
    }
    snprintf(hint, sizeof hint, "%s Monte-Carlo  %s underlying  %s%s date  %s pane", km, kn, ke,
             kl, kw);
    grid_text_right(g, body.x + tw + 2, body.y, body.w - tw - 2, hint, ROLE_DIM);
    p->panes.p[PANE_VAR].r = (struct rect){ area.x, area.y, lw, VAR_PANE_H };
    p->panes.p[PANE_GRID].r = (struct rect){ area.x, area.y + VAR_PANE_H, lw,
                                             area.h - VAR_PANE_H };
    p->panes.p[PANE_PAYOFF].r = (struct rect){ area.x + lw, area.y, area.w - lw, area.h };
    panes_render(&p->panes, g, th, in);
    var_pane(p, s->app, g, in[PANE_VAR]);
    if (p->ngcols > 0)
        coltable_render(&p->grid, g, in[PANE_GRID], th);
    else
        panel_wrap(g, in[PANE_GRID], p->vm.grid_error, ROLE_WARN, 0);
    payoff_pane(p, s->app, g, in[PANE_PAYOFF], th);
}

struct mc_ctx {
    struct app *app;
    const char *what;
};

static int mc_progress(void *user, size_t done, size_t total)
{
    struct mc_ctx *c = user;
    return app_progress(c->app, c->what, done, total);
}

static int monte_carlo(struct screen *s)
{
    struct risk_screen *p = P(s);
    const struct model *m = app_model(s->app);
    struct mc_ctx c = { s->app, "Monte-Carlo VaR, normal shocks:" };
    vm_risk_mc(&p->vm, &m->val, VMR_MC_NORMAL, mc_progress, &c);
    if (p->vm.var[VMR_MC_NORMAL].state == VMR_OK) {
        c.what = "Monte-Carlo VaR, Student-t shocks:";
        vm_risk_mc(&p->vm, &m->val, VMR_MC_T, mc_progress, &c);
    }
    if (p->vm.var[VMR_MC_NORMAL].state == VMR_CANCELLED ||
        p->vm.var[VMR_MC_T].state == VMR_CANCELLED)
        app_message(s->app, ROLE_WARN, "Monte-Carlo VaR cancelled");
    else if (p->vm.var[VMR_MC_T].state == VMR_OK)
        app_message(s->app, ROLE_OK, "Monte-Carlo VaR on %zu paths, seed %lu",
                    p->vm.bo.n_paths, p->vm.bo.seed);
    else
        app_message(s->app, ROLE_ERROR, "Monte-Carlo VaR: %s", p->vm.var[VMR_MC_NORMAL].error);
    return REACT_REDRAW;
}

static int on_action(struct screen *s, int action, const struct tui_event *ev)
{
    struct risk_screen *p = P(s);
    const struct model *m = app_model(s->app);
    int r;
    sync(s);
    if (!p->vm.ok)
        return REACT_UNHANDLED;
    switch (action) {
    case A_MONTE_CARLO:
        return monte_carlo(s);
    case A_NEXT_UNDERLYING:
    case A_PREV_UNDERLYING:
        if (p->vm.nassets == 0)
            return REACT_NONE;
        vm_risk_payoff(&p->vm, &m->val, (p->vm.pay_asset + (action == A_NEXT_UNDERLYING ? 1
                                         : p->vm.nassets - 1)) % p->vm.nassets);
        set_pay_title(p);
        center_cursor(p);
        return REACT_REDRAW;
    case A_PAYOFF_LATER:
    case A_PAYOFF_EARLIER:
        if (p->vm.pay_expiry == NULL)
            return REACT_NONE;      /* no option: one curve, now */
        vm_risk_payoff_at(&p->vm, &m->val, p->vm.pay_expiry_years +
                          (action == A_PAYOFF_LATER ? 7.0 : -7.0) / PAYOFF_DAYS_PER_YEAR);
        return REACT_REDRAW;
    case A_NEXT_PANE:
        p->panes.focus = p->panes.focus == PANE_GRID ? PANE_PAYOFF : PANE_GRID;
        return REACT_REDRAW;
    default:
        break;
    }
    if (action == A_CLICK && ev != NULL)
        panes_action(&p->panes, action, ev);
    if (p->panes.focus == PANE_PAYOFF) {
        if (action == A_LEFT && p->cursor > 0) {
            p->cursor--;
            return REACT_REDRAW;
        }
        if (action == A_RIGHT && p->cursor + 1 < VM_RISK_PAYOFF_POINTS) {
            p->cursor++;
            return REACT_REDRAW;
        }
        return action == A_LEFT || action == A_RIGHT ? REACT_NONE : REACT_UNHANDLED;
    }
    r = p->ngcols > 0 ? coltable_action(&p->grid, action, ev) : 0;
    return r ? r : REACT_UNHANDLED;
}

const struct screen_ops scr_risk_ops = {
    .name = "Risk",
    .ctx = KC_RISK,
    .init = init,
    .done = done,
    .layout = layout,
    .render = render,
    .on_action = on_action,
    .on_reload = on_reload,
};
