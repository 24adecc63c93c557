#include <config.h>
#include "tui/scr_pending.h"

#include <stdlib.h>

#include "tui/app.h"
#include "tui/panel.h"
#include "util/xalloc.h"

#define PCT 100

struct pending {
    const struct pending_def *def;
    struct panes panes;
};

int pending_init(struct screen *s, const struct pending_def *def)
{
    struct pending *p = xcalloc(1, sizeof *p);
    p->def = def;
    p->panes.n = def->n < PANES_MAX ? def->n : PANES_MAX;
    for (int i = 0; i < p->panes.n; i++)
        p->panes.p[i].title = def->panes[i].title;
    s->priv = p;
    return 0;
}

void pending_done(struct screen *s)
{
    free(s->priv);
    s->priv = NULL;
}

void pending_layout(struct screen *s, struct rect body)
{
    struct pending *p = s->priv;
    struct rect area = { body.x, body.y + 1, body.w, body.h - 1 };
    for (int i = 0; i < p->panes.n; i++) {
        const struct pending_pane *d = &p->def->panes[i];
        /* edges from rounded fractions, so neighbours share them exactly */
        int x0 = area.x + area.w * d->x_pct / PCT;
        int x1 = area.x + area.w * (d->x_pct + d->w_pct) / PCT;
        int y0 = area.y + area.h * d->y_pct / PCT;
        int y1 = area.y + area.h * (d->y_pct + d->h_pct) / PCT;
        p->panes.p[i].r = (struct rect){ x0, y0, x1 - x0, y1 - y0 };
    }
}

void pending_render(struct screen *s, struct grid *g, struct rect body)
{
    struct pending *p = s->priv;
    struct rect in[PANES_MAX];
    grid_text(g, body.x, body.y, body.w, p->def->notice, ROLE_WARN);
    panes_render(&p->panes, g, app_theme(s->app), in);
    for (int i = 0; i < p->panes.n; i++)
        panel_wrap(g, (struct rect){ in[i].x + 1, in[i].y, in[i].w - 2, in[i].h },
                   p->def->panes[i].what, ROLE_DIM, 1);
}

int pending_action(struct screen *s, int action, const struct tui_event *ev)
{
    struct pending *p = s->priv;
    int r = panes_action(&p->panes, action, ev);
    return r ? r : REACT_UNHANDLED;
}

void pending_reload(struct screen *s)
{
    (void)s;
}
