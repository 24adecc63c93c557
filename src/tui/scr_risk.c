/* scr_risk.c: screen 5, Risk: the frame (panes and their focus). The
 * figures come from engine/risk, which this screen does not call yet;
 * the batch `allot risk` and `allot stress` do. */
#include <config.h>

#include "tui/scr_pending.h"

static const struct pending_pane panes[] = {
    { "VaR and CVaR",
      "value at risk and expected shortfall of the book: historical, delta-normal, Monte-Carlo",
      0, 0, 45, 45 },
    { "Stress grid",
      "profit and loss of the book over spot moves (rows) and volatility changes (columns)",
      0, 45, 45, 55 },
    { "Payoff",
      "the book value against the spot of the selected underlying, now and at expiry, as a chart",
      45, 0, 55, 100 },
};

static const struct pending_def def = {
    "Risk: VaR, CVaR, stress grid, payoff. Not on this screen yet: :risk, :stress.",
    panes, (int)(sizeof panes / sizeof panes[0]),
};

static int init(struct screen *s)
{
    return pending_init(s, &def);
}

const struct screen_ops scr_risk_ops = {
    .name = "Risk",
    .ctx = KC_RISK,
    .init = init,
    .done = pending_done,
    .layout = pending_layout,
    .render = pending_render,
    .on_action = pending_action,
    .on_reload = pending_reload,
};
