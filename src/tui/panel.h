/* panel.h: drawing helpers shared by the screens and overlays: a box
 * with a title, a centred notice, the one-line "terminal too small"
 * screen. Draw into a grid with the theme's glyphs; no state. */
#ifndef ALLOT_TUI_PANEL_H
#define ALLOT_TUI_PANEL_H

#include "tui/grid.h"
#include "tui/theme.h"

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_W 80
#define TUI_MIN_H 24

/* Draw a box on the edge of r with title (may be NULL) on its top line;
 * focused boxes use ROLE_BORDER_FOCUS. Returns the inside rectangle. */
struct rect panel_box(struct grid *g, struct rect r, const char *title, int focused,
                      const struct theme *th);
/* Blank r and draw a box (an overlay window). */
struct rect panel_window(struct grid *g, struct rect r, const char *title,
                         const struct theme *th);
/* Word-wrap text (UTF-8, '\n' breaks lines) into r, from its top line
 * (centred = 1: each line centred, the block centred vertically).
 * Returns the rows used. */
int panel_wrap(struct grid *g, struct rect r, const char *text, int role, int centred);
/* The too-small screen: one line "terminal too small: need 80x24, have
 * WxH", on row 0, clipped to the width. */
void panel_too_small(struct grid *g);
/* A rectangle of size w x h centred in r (clipped to r). */
struct rect rect_center(struct rect r, int w, int h);

#endif
