#include <config.h>
#include "tui/panes.h"

#include "tui/panel.h"
#include "tui/screen.h"

int panes_action(struct panes *ps, int action, const struct tui_event *ev)
{
    if (ps->n == 0)
        return REACT_NONE;
    switch (action) {
    case A_LEFT:
    case A_UP:
        ps->focus = (ps->focus + ps->n - 1) % ps->n;
        return REACT_REDRAW;
    case A_RIGHT:
    case A_DOWN:
        ps->focus = (ps->focus + 1) % ps->n;
        return REACT_REDRAW;
    case A_CLICK:
        for (int i = 0; ev != NULL && i < ps->n; i++) {
            struct rect r = ps->p[i].r;
            if (ev->mx >= r.x && ev->mx < r.x + r.w && ev->my >= r.y && ev->my < r.y + r.h) {
                ps->focus = i;
                return REACT_REDRAW;
            }
        }
        return REACT_NONE;
    default:
        return REACT_NONE;
    }
}

void panes_render(const struct panes *ps, struct grid *g, const struct theme *th,
                  struct rect *inside)
{
    for (int i = 0; i < ps->n; i++)
        inside[i] = panel_box(g, ps->p[i].r, ps->p[i].title, i == ps->focus, th);
}
