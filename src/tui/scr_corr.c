/* scr_corr.c: screen 3, Correlation: the frame (panes and their focus).
 * The numbers come from engine/stats (corr.h, returns.h), which this
 * screen does not call yet; the heatmap and chart widgets await them. */
#include <config.h>

#include "tui/scr_pending.h"

static const struct pending_pane panes[] = {
    { "Correlation heatmap",
      "one cell per pair of assets, shaded by sign and size; the value under the cursor below it",
      0, 0, 60, 100 },
    { "Rolling correlation",
      "the correlation of the selected pair over a rolling window, as a chart",
      60, 0, 40, 60 },
    { "Estimator",
      "sample or EWMA, window length, calm/stress blend",
      60, 60, 40, 40 },
};

static const struct pending_def def = {
    "Correlation of returns: not on this screen yet. :corr --db prints the matrix.",
    panes, (int)(sizeof panes / sizeof panes[0]),
};

static int init(struct screen *s)
{
    return pending_init(s, &def);
}

const struct screen_ops scr_corr_ops = {
    .name = "Correlation",
    .ctx = KC_CORRELATION,
    .init = init,
    .done = pending_done,
    .layout = pending_layout,
    .render = pending_render,
    .on_action = pending_action,
    .on_reload = pending_reload,
};
