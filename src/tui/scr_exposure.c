/* scr_exposure.c: screen 2, Exposure: the frame (panes and their focus).
 * The greeks come from engine/portfolio/book.h and engine/pricing, which
 * this screen does not call yet; the batch `allot exposure` does. */
#include <config.h>

#include "tui/scr_pending.h"

static const struct pending_pane panes[] = {
    { "Greeks per underlying",
      "delta (units, USD), gamma (USD per 1 % move), vega (USD per vol point), "
      "theta (USD per day), rho, vanna, volga: one row per underlying",
      0, 0, 100, 70 },
    { "Book totals",
      "the same greeks summed over the book, and the funding carry of perpetuals",
      0, 70, 100, 30 },
};

static const struct pending_def def = {
    "Exposure: greeks per underlying. Not on this screen yet: :exposure prints them.",
    panes, (int)(sizeof panes / sizeof panes[0]),
};

static int init(struct screen *s)
{
    return pending_init(s, &def);
}

const struct screen_ops scr_exposure_ops = {
    .name = "Exposure",
    .ctx = KC_EXPOSURE,
    .init = init,
    .done = pending_done,
    .layout = pending_layout,
    .render = pending_render,
    .on_action = pending_action,
    .on_reload = pending_reload,
};
