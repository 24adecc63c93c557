/* theme.h: colour roles and the glyph table. A screen says what a cell
 * means (HEADER, LONG, LOSS, ...); the theme says how it looks, in colour
 * or monochrome (NO_COLOR, --no-color, `set color off`, a colourless
 * terminal), where signs, bold and reverse carry the meaning. Glyphs (box
 * lines, shades, braille, arrows) come in a UTF-8 and an ASCII column.
 * Knows no curses: term.c turns styles into curses attributes. */
#ifndef ALLOT_TUI_THEME_H
#define ALLOT_TUI_THEME_H

#include <stdint.h>

enum role {
    ROLE_NORMAL = 0,
    ROLE_DIM,              /* secondary text: units, hints, disabled fields */
    ROLE_TITLE,            /* panel and form titles */
    ROLE_HEADER,           /* table headers */
    ROLE_HEADER_SEL,       /* the header of the column under the column cursor */
    ROLE_TAB,              /* a screen tab */
    ROLE_TAB_ACTIVE,       /* the current screen's tab */
    ROLE_STATUS,           /* the status bar */
    ROLE_STATUS_KEY,       /* a label inside the status bar */
    ROLE_SELECT,           /* the selected row */
    ROLE_BORDER,
    ROLE_BORDER_FOCUS,     /* the border of the focused pane */
    ROLE_LONG,             /* a long quantity (> 0) */
    ROLE_SHORT,            /* a short quantity (< 0) */
    ROLE_GAIN,
    ROLE_LOSS,
    ROLE_STALE,            /* data older than it should be */
    ROLE_WARN,
    ROLE_ERROR,
    ROLE_OK,
    ROLE_INPUT,            /* an input field */
    ROLE_INPUT_FOCUS,      /* the focused input field */
    ROLE_HEAT_NEG3,        /* heatmap: strongly negative ... */
    ROLE_HEAT_NEG2,
    ROLE_HEAT_NEG1,
    ROLE_HEAT_ZERO,
    ROLE_HEAT_POS1,
    ROLE_HEAT_POS2,
    ROLE_HEAT_POS3,        /* ... strongly positive */
    ROLE_CURSOR,           /* the heatmap or chart cursor */
    ROLE_CHART1,           /* chart series 1..4 */
    ROLE_CHART2,
    ROLE_CHART3,
    ROLE_CHART4,
    ROLE_AXIS,
    ROLE_COUNT
};

/* Colours: the eight ANSI colours, or -1 for the terminal's default. */
enum { C_DEFAULT = -1, C_BLACK, C_RED, C_GREEN, C_YELLOW, C_BLUE, C_MAGENTA, C_CYAN, C_WHITE };

/* Attribute bits of a style (term.c maps them to curses). */
enum { TA_BOLD = 1, TA_REVERSE = 2, TA_UNDERLINE = 4, TA_DIM = 8 };

struct style {
    int fg, bg;
    unsigned attr;
};

enum glyph {
    G_HLINE, G_VLINE, G_TL, G_TR, G_BL, G_BR, G_TEE_DOWN, G_TEE_UP, G_TEE_RIGHT, G_TEE_LEFT,
    G_CROSS,
    G_SHADE0, G_SHADE1, G_SHADE2, G_SHADE3, G_SHADE4,     /* empty to full */
    G_SPARK1, G_SPARK2, G_SPARK3, G_SPARK4, G_SPARK5, G_SPARK6, G_SPARK7, G_SPARK8,
    G_ARROW_UP, G_ARROW_DOWN, G_ARROW_LEFT, G_ARROW_RIGHT,
    G_ELLIPSIS, G_SEP, G_BULLET, G_CURSOR_MARK,
    G_COUNT
};

struct theme {
    int color;          /* 1: colour styles; 0: monochrome */
    int utf8;           /* 1: UTF-8 glyphs (box lines, shades, braille); 0: ASCII */
};

/* Fill t. color and utf8 are the decisions already taken (see
 * theme_want_color and theme_locale_utf8). */
void theme_init(struct theme *t, int color, int utf8);

/* 0 when NO_COLOR is set to anything non-empty (no-color.org), else 1. */
int theme_env_allows_color(void);
/* 1 when the current locale's character set is UTF-8. */
int theme_locale_utf8(void);

/* The style of a role in this theme. */
struct style theme_style(const struct theme *t, int role);
/* The code point of a glyph in this theme. */
uint32_t theme_glyph(const struct theme *t, enum glyph g);
/* 1 when braille dots (U+2800..U+28FF) may be drawn (UTF-8 themes). */
int theme_has_braille(const struct theme *t);

/* The heatmap role of a value in [-1, 1] (NAN: ROLE_DIM), in 7 steps. */
int theme_heat_role(double v);
/* The role of a signed quantity: ROLE_LONG, ROLE_SHORT, or ROLE_NORMAL for 0. */
int theme_sign_role(double v);

#endif
