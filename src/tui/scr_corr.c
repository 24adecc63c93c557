/* scr_corr.c: screen 3, Correlation: the heatmap of the correlation
 * matrix (the book's underlyings or every stored symbol) with the value
 * under the cursor, the rolling correlation of the pair under the cursor
 * as a chart, and the settings with the effective number of independent
 * bets, calm against stressed. Keys cycle the estimator, the window, the
 * days and the universe; R hands the crypto assets shown to the risk
 * parity form of the Optimize screen. The numbers come from vm_corr. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/chart.h"
#include "tui/fmt.h"
#include "tui/heatmap.h"
#include "tui/panel.h"
#include "tui/panes.h"
#include "tui/screen.h"
#include "tui/vm_corr.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

enum { PANE_HEAT, PANE_ROLL, PANE_SET, NPANES };

#define HEAT_PANE_PCT 55    /* the heatmap's share of the width */
#define ROLL_PANE_PCT 55    /* the chart's share of the right column's height */
#define OPTIMIZE_SCREEN 3   /* the Optimize screen's index */

struct corr_screen {
    struct vm_corr vm;
    struct heatmap hm;
    struct panes panes;
    char roll_title[64];
    unsigned long loaded;   /* the model generation the prices are of; 0: load */
    int error_store;        /* the last load failed on the store */
};

static struct corr_screen *P(struct screen *s)
{
    return s->priv;
}

static int init(struct screen *s)
{
    struct corr_screen *p = xcalloc(1, sizeof *p);
    vm_corr_init(&p->vm);
    p->panes.n = NPANES;
    p->panes.p[PANE_HEAT].title = "Correlation of returns";
    p->panes.p[PANE_ROLL].title = p->roll_title;
    p->panes.p[PANE_SET].title = "Settings and independent bets";
    snprintf(p->roll_title, sizeof p->roll_title, "Rolling correlation");
    s->priv = p;
    return 0;
}

static void done(struct screen *s)
{
    struct corr_screen *p = P(s);
    vm_corr_done(&p->vm);
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
    P(s)->loaded = 0;       /* reload the prices at the next render */
}

/* The heatmap over the matrix shown, its cursor kept inside. */
static void sync_heatmap(struct corr_screen *p)
{
    struct vm_corr *v = &p->vm;
    p->hm.rows = p->hm.cols = v->ok ? v->n : 0;
    p->hm.v = v->corr;
    p->hm.rlabels = v->labels;
    p->hm.clabels = v->labels;
    if (p->hm.rows == 0)
        return;
    if (p->hm.cr >= v->n)
        p->hm.cr = v->n - 1;
    if (p->hm.cc >= v->n)
        p->hm.cc = v->n - 1;
}

static void sync_pair(struct corr_screen *p)
{
    if (!p->vm.ok)
        return;
    vm_corr_pair(&p->vm, p->hm.cr, p->hm.cc);
    snprintf(p->roll_title, sizeof p->roll_title, "%s / %s, rolling %d days",
             p->vm.sym[p->hm.cr], p->vm.sym[p->hm.cc], VM_CORR_ROLLING);
}

static void load(struct screen *s)
{
    struct corr_screen *p = P(s);
    const struct model *m = app_model(s->app);
    const char **book = xcalloc(m->ncloses ? m->ncloses : 1, sizeof *book);
    struct allot_err err;
    int first = p->loaded == 0 && p->hm.rows == 0;
    for (size_t i = 0; i < m->ncloses; i++)
        book[i] = m->closes[i].symbol;
    err_clear(&err);
    p->error_store = vm_corr_load(&p->vm, model_store(m), book, m->ncloses, &err) != 0;
    if (p->error_store)
        app_message(s->app, ROLE_ERROR, "correlation: %s", err.msg);
    free(book);
    p->loaded = m->generation;
    sync_heatmap(p);
    if (first && p->vm.n > 1) {
        p->hm.cr = 1;       /* start off the diagonal: a pair to chart */
        p->hm.cc = 0;
    }
    sync_pair(p);
}

static void recompute(struct screen *s)
{
    struct corr_screen *p = P(s);
    struct allot_err err;
    err_clear(&err);
    if (vm_corr_compute(&p->vm, model_store(app_model(s->app)), &err) != 0)
        app_message(s->app, ROLE_ERROR, "correlation: %s", err.msg);
    sync_heatmap(p);
    sync_pair(p);
}

static void ensure(struct screen *s)
{
    if (P(s)->loaded != app_model(s->app)->generation)
        load(s);
}

static const char *method_text(enum cov_method m)
{
    switch (m) {
    case COVM_EWMA:
        return "EWMA (0.94)";
    case COVM_LW_IDENTITY:
        return "Ledoit-Wolf identity";
    case COVM_LW_CONSTCORR:
        return "Ledoit-Wolf const. corr.";
    default:
        return "sample";
    }
}

static void fmt_rank(double r, char *out, size_t n)
{
    if (isnan(r))
        snprintf(out, n, "n/a");
    else
        snprintf(out, n, "%.2f", r);
}

/* One "label  value  key" line of the settings pane. */
static void setting(struct screen *s, struct grid *g, struct rect in, int y, const char *label,
                    const char *value, enum action a)
{
    char key[16];
    app_key_for(s->app, KC_CORRELATION, a, key, sizeof key);
    grid_text(g, in.x + 1, y, 9, label, ROLE_DIM);
    grid_text(g, in.x + 11, y, in.w - 14, value, ROLE_NORMAL);
    grid_text_right(g, in.x + in.w - 3, y, 2, key, ROLE_DIM);
}

static void settings(struct screen *s, struct grid *g, struct rect in)
{
    struct corr_screen *p = P(s);
    struct vm_corr *v = &p->vm;
    char buf[96], a[16], b[16], c[16];
    int y = in.y;
    if (in.h < 1)
        return;
    if (v->regime == VMC_ALLDAYS) {
        if (!isnan(v->intensity))
            snprintf(buf, sizeof buf, "%s, shrink %.3f", method_text(v->method), v->intensity);
        else
            snprintf(buf, sizeof buf, "%s", method_text(v->method));
    } else {
        snprintf(buf, sizeof buf, "sample (split days)");
    }
    setting(s, g, in, y++, "estimator", buf, A_ESTIMATOR);
    if (vm_corr_windows[v->window] == 0)
        snprintf(buf, sizeof buf, "all returns (%zu)", v->t);
    else
        snprintf(buf, sizeof buf, "last %zu returns", vm_corr_windows[v->window]);
    if (y < in.y + in.h)
        setting(s, g, in, y++, "window", buf, A_WINDOW);
    if (v->regime == VMC_ALLDAYS || v->n_days == 0)
        snprintf(buf, sizeof buf, "%s", vm_corr_regime_name(v->regime));
    else
        snprintf(buf, sizeof buf, "%s, %zu of %zu", vm_corr_regime_name(v->regime),
                 v->n_stress, v->n_days);
    if (y < in.y + in.h)
        setting(s, g, in, y++, "days", buf, A_REGIME);
    snprintf(buf, sizeof buf, "%s (%zu)", v->universe == VMC_BOOK ? "the book's" : "all stored",
             v->ok ? v->n : (size_t)0);
    if (y < in.y + in.h)
        setting(s, g, in, y++, "assets", buf, A_UNIVERSE);
    if (y < in.y + in.h && v->ok) {
        fmt_rank(v->rank_calm, a, sizeof a);
        fmt_rank(v->rank_stress, b, sizeof b);
        fmt_rank(v->rank_shown, c, sizeof c);
        grid_text(g, in.x + 1, y, 9, "bets", ROLE_DIM);
        grid_textf(g, in.x + 11, y++, in.w - 12, ROLE_NORMAL, "calm %s", a);
    }
    if (y < in.y + in.h && v->ok)
        grid_textf(g, in.x + 11, y++, in.w - 12, ROLE_NORMAL, "stressed %s", b);
    if (y < in.y + in.h && v->ok)
        grid_textf(g, in.x + 11, y++, in.w - 12, ROLE_NORMAL, "shown %s of %zu", c, v->n);
    if (y < in.y + in.h && v->ok && v->rank_note[0])
        grid_text(g, in.x + 1, y++, in.w - 2, v->rank_note, ROLE_DIM);
}

static void rolling(struct corr_screen *p, struct grid *g, struct rect in,
                    const struct theme *th)
{
    struct vm_corr *v = &p->vm;
    struct chart_series sr;
    struct chart c;
    char lo[16], hi[16];
    if (!v->ok)
        return;
    if (v->nroll == 0) {
        panel_wrap(g, (struct rect){ in.x + 1, in.y, in.w - 2, in.h }, v->roll_error, ROLE_DIM,
                   1);
        return;
    }
    memset(&sr, 0, sizeof sr);
    sr.x = v->roll_x;
    sr.y = v->roll;
    sr.n = v->nroll;
    sr.role = ROLE_CHART1;
    memset(&c, 0, sizeof c);
    c.series = &sr;
    c.nseries = 1;
    c.xmin = c.xmax = NAN;
    c.ymin = -1;
    c.ymax = 1;
    date_format_day((int32_t)v->roll_x[0], lo);
    date_format_day((int32_t)v->roll_x[v->nroll - 1], hi);
    c.xlabel_lo = lo;
    c.xlabel_hi = hi;
    chart_render(&c, g, in, th);
}

static void render(struct screen *s, struct grid *g, struct rect body)
{
    struct corr_screen *p = P(s);
    const struct theme *th = app_theme(s->app);
    struct rect area = { body.x, body.y + 1, body.w, body.h - 1 }, in[NPANES];
    char d1[16], d2[16], hint[64], kr[16];
    int hw = area.w * HEAT_PANE_PCT / 100, rh = area.h * ROLL_PANE_PCT / 100;
    struct vm_corr *v = &p->vm;

    ensure(s);
    app_key_for(s->app, KC_CORRELATION, A_TO_RISK_PARITY, kr, sizeof kr);
    if (v->ok) {
        date_format_day(v->first_day, d1);
        date_format_day(v->last_day, d2);
        grid_textf(g, body.x, body.y, body.w, ROLE_TITLE, "%s correlation, %s, %zu daily "
                   "log returns %s to %s", v->regime == VMC_ALLDAYS ? statsdata_method_name(
                   v->method) : "sample", vm_corr_regime_name(v->regime), v->t, d1, d2);
    } else {
        grid_text(g, body.x, body.y, body.w, "Correlation", ROLE_TITLE);
    }
    snprintf(hint, sizeof hint, "%s risk parity", kr);
    p->panes.p[PANE_HEAT].r = (struct rect){ area.x, area.y, hw, area.h };
    p->panes.p[PANE_ROLL].r = (struct rect){ area.x + hw, area.y, area.w - hw, rh };
    p->panes.p[PANE_SET].r = (struct rect){ area.x + hw, area.y + rh, area.w - hw,
                                            area.h - rh };
    panes_render(&p->panes, g, th, in);
    if (v->ok) {
        heatmap_render(&p->hm, g, (struct rect){ in[PANE_HEAT].x + 1, in[PANE_HEAT].y,
                                                 in[PANE_HEAT].w - 1, in[PANE_HEAT].h }, th);
    } else {
        panel_wrap(g, (struct rect){ in[PANE_HEAT].x + 1, in[PANE_HEAT].y + 1,
                                     in[PANE_HEAT].w - 2, in[PANE_HEAT].h - 1 },
                   v->error[0] ? v->error : "no correlation", ROLE_WARN, 0);
    }
    rolling(p, g, in[PANE_ROLL], th);
    settings(s, g, in[PANE_SET]);
    grid_text_right(g, in[PANE_HEAT].x, in[PANE_HEAT].y + in[PANE_HEAT].h - 1,
                    in[PANE_HEAT].w - 1, hint, ROLE_DIM);
}

/* R: the risk parity form of the Optimize screen on the crypto assets shown. */
static int to_risk_parity(struct screen *s)
{
    struct corr_screen *p = P(s);
    struct vm_corr *v = &p->vm;
    char req[1024], win[32];
    size_t len, k = 0;
    if (!v->ok) {
        app_message(s->app, ROLE_WARN, "no correlation to build from");
        return REACT_REDRAW;
    }
    len = (size_t)snprintf(req, sizeof req, "riskparity symbols=");
    for (size_t i = 0; i < v->n && len < sizeof req - 40; i++) {
        if (!v->is_crypto[i])
            continue;
        len += (size_t)snprintf(req + len, sizeof req - len, "%s%s", k++ ? "," : "", v->sym[i]);
    }
    if (k < 2) {
        app_message(s->app, ROLE_WARN, "risk parity needs two crypto assets; %zu shown (a "
                    "shows every stored symbol)", k);
        return REACT_REDRAW;
    }
    if (vm_corr_windows[v->window] > 0)
        snprintf(win, sizeof win, "%zu", vm_corr_windows[v->window]);
    else
        win[0] = '\0';
    snprintf(req + len, sizeof req - len, " estimator=%s window=%s",
             statsdata_method_name(v->method), win);
    return app_goto(s->app, OPTIMIZE_SCREEN, req);
}

static int on_action(struct screen *s, int action, const struct tui_event *ev)
{
    struct corr_screen *p = P(s);
    struct vm_corr *v = &p->vm;
    int r;
    ensure(s);
    switch (action) {
    case A_ESTIMATOR:
        v->method = (enum cov_method)((v->method + 1) % COVM_COUNT);
        if (v->regime != VMC_ALLDAYS)
            app_message(s->app, ROLE_NORMAL, "the estimator applies on all days; stressed "
                        "and calm days use the sample correlation");
        break;
    case A_WINDOW:
        v->window = (v->window + 1) % VM_CORR_NWINDOWS;
        break;
    case A_REGIME:
        v->regime = (enum vm_corr_regime)((v->regime + 1) % VMC_NREGIME);
        break;
    case A_UNIVERSE:
        v->universe = (enum vm_corr_universe)((v->universe + 1) % VMC_NUNIVERSE);
        break;
    case A_TO_RISK_PARITY:
        return to_risk_parity(s);
    case A_NEXT_PANE:
        return REACT_REDRAW;    /* one pane takes keys here: the heatmap */
    default:
        r = heatmap_action(&p->hm, action);
        if (r) {
            sync_pair(p);
            return r;
        }
        return REACT_UNHANDLED;
    }
    (void)ev;
    recompute(s);
    return REACT_REDRAW;
}

const struct screen_ops scr_corr_ops = {
    .name = "Correlation",
    .ctx = KC_CORRELATION,
    .init = init,
    .done = done,
    .layout = layout,
    .render = render,
    .on_action = on_action,
    .on_reload = on_reload,
};
