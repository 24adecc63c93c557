/* scr_optimize.c: screen 4, Optimize: the frame (panes and their focus).
 * The proposals come from engine/optimize, which this screen does not
 * call yet; the batch `allot optimize` does. */
#include <config.h>

#include "tui/scr_pending.h"

static const struct pending_pane panes[] = {
    { "Method and parameters",
      "risk parity (budgets, groups, vol target), delta-neutral hedge, "
      "or tail hedge with protective puts",
      0, 0, 40, 100 },
    { "Proposed trades",
      "the trade list: instrument, side, quantity, price; apply (undoable) or discard",
      40, 0, 60, 55 },
    { "Before and after",
      "exposures, volatility and risk contributions before and after the trades",
      40, 55, 60, 45 },
};

static const struct pending_def def = {
    "Optimize: risk parity and hedges. Not on this screen yet: see :optimize --help.",
    panes, (int)(sizeof panes / sizeof panes[0]),
};

static int init(struct screen *s)
{
    return pending_init(s, &def);
}

const struct screen_ops scr_optimize_ops = {
    .name = "Optimize",
    .ctx = KC_OPTIMIZE,
    .init = init,
    .done = pending_done,
    .layout = pending_layout,
    .render = pending_render,
    .on_action = pending_action,
    .on_reload = pending_reload,
};
