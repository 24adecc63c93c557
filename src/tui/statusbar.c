#include <config.h>
#include "tui/statusbar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/fmt.h"

#define TAB_GAP 1

void statusbar_tabs(struct grid *g, int y, const char *const *names, size_t n, size_t cur,
                    const char *right_text, const struct theme *th)
{
    int x = 0;
    (void)th;
    grid_fill(g, (struct rect){ 0, y, g->w, 1 }, ' ', ROLE_TAB);
    for (size_t i = 0; i < n; i++) {
        char label[64];
        int role = i == cur ? ROLE_TAB_ACTIVE : ROLE_TAB;
        snprintf(label, sizeof label, " %zu %s ", i + 1, names[i]);
        x += grid_text(g, x, y, g->w - x, label, role) + TAB_GAP;
    }
    if (right_text != NULL)
        grid_text_right(g, x, y, g->w - x - 1, right_text, ROLE_DIM);
}

int statusbar_tab_at(const char *const *names, size_t n, int x)
{
    int at = 0;
    for (size_t i = 0; i < n; i++) {
        char label[64];
        int w = snprintf(label, sizeof label, " %zu %s ", i + 1, names[i]);
        if (x >= at && x < at + w)
            return (int)i;
        at += w + TAB_GAP;
    }
    return -1;
}

/* Append " | text" in role; returns the new x. */
static int field(struct grid *g, int x, int y, int maxx, const char *text, int role,
                 const struct theme *th, int sep)
{
    if (x >= maxx)
        return x;
    if (sep) {
        x += grid_put(g, NULL, x + 1, y, theme_glyph(th, G_SEP), ROLE_STATUS) + 2;
    }
    return x + grid_text(g, x, y, maxx - x, text, role);
}

void statusbar_render(struct grid *g, int y, const struct status_info *si,
                      const struct theme *th)
{
    char buf[128], clock[16];
    int x = 1, maxx;
    time_t t = (time_t)(si->clock_ms / 1000);
    struct tm tm;

    grid_fill(g, (struct rect){ 0, y, g->w, 1 }, ' ', ROLE_STATUS);
    if (localtime_r(&t, &tm) != NULL)
        strftime(clock, sizeof clock, "%H:%M", &tm);
    else
        snprintf(clock, sizeof clock, "--:--");
    maxx = g->w - (int)strlen(clock) - 2;
    grid_text(g, maxx + 1, y, (int)strlen(clock), clock, ROLE_STATUS);

    x = field(g, x, y, maxx, si->store, ROLE_STATUS_KEY, th, 0);
    if (si->portfolio != NULL)
        snprintf(buf, sizeof buf, "%s: %zu position%s", si->portfolio, si->npos,
                 si->npos == 1 ? "" : "s");
    else
        snprintf(buf, sizeof buf, "no portfolio");
    x = field(g, x, y, maxx, buf, ROLE_STATUS, th, 1);
    if (si->equity_state != 0) {
        char v[48];
        if (si->equity_state > 0)
            snprintf(buf, sizeof buf, "equity %s USD", fmt_grouped(si->equity_usd, v, sizeof v));
        else
            snprintf(buf, sizeof buf, "equity n/a (see 2)");
        x = field(g, x, y, maxx, buf, ROLE_STATUS, th, 1);
    }
    snprintf(buf, sizeof buf, "feed %s", si->feed);
    /* only a feed in trouble leaves the bar's colours */
    field(g, x, y, maxx, buf, si->feed_role == ROLE_STALE || si->feed_role == ROLE_ERROR ?
          si->feed_role : ROLE_STATUS, th, 1);
}
