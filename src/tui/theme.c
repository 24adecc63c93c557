#include <config.h>
#include "tui/theme.h"

#include <langinfo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Colour theme: roles on the default background. */
static const struct style color_styles[ROLE_COUNT] = {
    [ROLE_NORMAL] = { C_DEFAULT, C_DEFAULT, 0 },
    [ROLE_DIM] = { C_DEFAULT, C_DEFAULT, TA_DIM },
    [ROLE_TITLE] = { C_CYAN, C_DEFAULT, TA_BOLD },
    [ROLE_HEADER] = { C_CYAN, C_DEFAULT, TA_BOLD },
    [ROLE_HEADER_SEL] = { C_CYAN, C_DEFAULT, TA_BOLD | TA_UNDERLINE | TA_REVERSE },
    [ROLE_TAB] = { C_DEFAULT, C_DEFAULT, 0 },
    [ROLE_TAB_ACTIVE] = { C_BLACK, C_CYAN, TA_BOLD },
    [ROLE_STATUS] = { C_BLACK, C_WHITE, 0 },
    [ROLE_STATUS_KEY] = { C_BLUE, C_WHITE, TA_BOLD },
    [ROLE_SELECT] = { C_BLACK, C_CYAN, 0 },
    [ROLE_BORDER] = { C_DEFAULT, C_DEFAULT, TA_DIM },
    [ROLE_BORDER_FOCUS] = { C_CYAN, C_DEFAULT, TA_BOLD },
    [ROLE_LONG] = { C_GREEN, C_DEFAULT, 0 },
    [ROLE_SHORT] = { C_RED, C_DEFAULT, 0 },
    [ROLE_GAIN] = { C_GREEN, C_DEFAULT, 0 },
    [ROLE_LOSS] = { C_RED, C_DEFAULT, TA_BOLD },
    [ROLE_STALE] = { C_YELLOW, C_DEFAULT, TA_DIM },
    [ROLE_WARN] = { C_YELLOW, C_DEFAULT, TA_BOLD },
    [ROLE_ERROR] = { C_RED, C_DEFAULT, TA_BOLD },
    [ROLE_OK] = { C_GREEN, C_DEFAULT, 0 },
    [ROLE_INPUT] = { C_DEFAULT, C_DEFAULT, TA_UNDERLINE },
    [ROLE_INPUT_FOCUS] = { C_BLACK, C_WHITE, 0 },
    [ROLE_HEAT_NEG3] = { C_WHITE, C_RED, TA_BOLD },
    [ROLE_HEAT_NEG2] = { C_RED, C_DEFAULT, TA_BOLD },
    [ROLE_HEAT_NEG1] = { C_RED, C_DEFAULT, 0 },
    [ROLE_HEAT_ZERO] = { C_DEFAULT, C_DEFAULT, TA_DIM },
    [ROLE_HEAT_POS1] = { C_BLUE, C_DEFAULT, 0 },
    [ROLE_HEAT_POS2] = { C_BLUE, C_DEFAULT, TA_BOLD },
    [ROLE_HEAT_POS3] = { C_WHITE, C_BLUE, TA_BOLD },
    [ROLE_CURSOR] = { C_BLACK, C_YELLOW, TA_BOLD },
    [ROLE_CHART1] = { C_CYAN, C_DEFAULT, 0 },
    [ROLE_CHART2] = { C_YELLOW, C_DEFAULT, 0 },
    [ROLE_CHART3] = { C_MAGENTA, C_DEFAULT, 0 },
    [ROLE_CHART4] = { C_GREEN, C_DEFAULT, 0 },
    [ROLE_AXIS] = { C_DEFAULT, C_DEFAULT, TA_DIM },
};

/* Monochrome: only attributes. Negative heat is underlined so that the
 * sign survives without colour; the value under the cursor is printed. */
static const struct style mono_styles[ROLE_COUNT] = {
    [ROLE_DIM] = { C_DEFAULT, C_DEFAULT, TA_DIM },
    [ROLE_TITLE] = { C_DEFAULT, C_DEFAULT, TA_BOLD },
    [ROLE_HEADER] = { C_DEFAULT, C_DEFAULT, TA_BOLD },
    [ROLE_HEADER_SEL] = { C_DEFAULT, C_DEFAULT, TA_BOLD | TA_REVERSE },
    [ROLE_TAB_ACTIVE] = { C_DEFAULT, C_DEFAULT, TA_REVERSE | TA_BOLD },
    [ROLE_STATUS] = { C_DEFAULT, C_DEFAULT, TA_REVERSE },
    [ROLE_STATUS_KEY] = { C_DEFAULT, C_DEFAULT, TA_REVERSE | TA_BOLD },
    [ROLE_SELECT] = { C_DEFAULT, C_DEFAULT, TA_REVERSE },
    [ROLE_BORDER_FOCUS] = { C_DEFAULT, C_DEFAULT, TA_BOLD },
    [ROLE_LOSS] = { C_DEFAULT, C_DEFAULT, TA_BOLD },
    [ROLE_STALE] = { C_DEFAULT, C_DEFAULT, TA_DIM },
    [ROLE_WARN] = { C_DEFAULT, C_DEFAULT, TA_BOLD },
    [ROLE_ERROR] = { C_DEFAULT, C_DEFAULT, TA_BOLD },
    [ROLE_INPUT] = { C_DEFAULT, C_DEFAULT, TA_UNDERLINE },
    [ROLE_INPUT_FOCUS] = { C_DEFAULT, C_DEFAULT, TA_REVERSE },
    [ROLE_HEAT_NEG3] = { C_DEFAULT, C_DEFAULT, TA_UNDERLINE | TA_BOLD },
    [ROLE_HEAT_NEG2] = { C_DEFAULT, C_DEFAULT, TA_UNDERLINE },
    [ROLE_HEAT_NEG1] = { C_DEFAULT, C_DEFAULT, TA_UNDERLINE },
    [ROLE_HEAT_ZERO] = { C_DEFAULT, C_DEFAULT, TA_DIM },
    [ROLE_HEAT_POS3] = { C_DEFAULT, C_DEFAULT, TA_BOLD },
    [ROLE_CURSOR] = { C_DEFAULT, C_DEFAULT, TA_REVERSE },
    [ROLE_AXIS] = { C_DEFAULT, C_DEFAULT, TA_DIM },
};

/* Code points: UTF-8 column, ASCII column. */
static const uint32_t glyphs[G_COUNT][2] = {
    [G_HLINE] = { 0x2500, '-' },
    [G_VLINE] = { 0x2502, '|' },
    [G_TL] = { 0x250c, '+' },
    [G_TR] = { 0x2510, '+' },
    [G_BL] = { 0x2514, '+' },
    [G_BR] = { 0x2518, '+' },
    [G_TEE_DOWN] = { 0x252c, '+' },
    [G_TEE_UP] = { 0x2534, '+' },
    [G_TEE_RIGHT] = { 0x251c, '+' },
    [G_TEE_LEFT] = { 0x2524, '+' },
    [G_CROSS] = { 0x253c, '+' },
    [G_SHADE0] = { ' ', ' ' },
    [G_SHADE1] = { 0x2591, '.' },
    [G_SHADE2] = { 0x2592, ':' },
    [G_SHADE3] = { 0x2593, '*' },
    [G_SHADE4] = { 0x2588, '#' },
    [G_SPARK1] = { 0x2581, '_' },
    [G_SPARK2] = { 0x2582, '_' },
    [G_SPARK3] = { 0x2583, '.' },
    [G_SPARK4] = { 0x2584, '-' },
    [G_SPARK5] = { 0x2585, '-' },
    [G_SPARK6] = { 0x2586, '=' },
    [G_SPARK7] = { 0x2587, '^' },
    [G_SPARK8] = { 0x2588, '#' },
    [G_ARROW_UP] = { 0x25b2, '^' },
    [G_ARROW_DOWN] = { 0x25bc, 'v' },
    [G_ARROW_LEFT] = { 0x25c0, '<' },
    [G_ARROW_RIGHT] = { 0x25b6, '>' },
    [G_ELLIPSIS] = { 0x2026, '~' },
    [G_SEP] = { 0x2502, '|' },
    [G_BULLET] = { 0x2022, '*' },
    [G_CURSOR_MARK] = { 0x25b8, '>' },
};

void theme_init(struct theme *t, int color, int utf8)
{
    t->color = color ? 1 : 0;
    t->utf8 = utf8 ? 1 : 0;
}

int theme_env_allows_color(void)
{
    const char *nc = getenv("NO_COLOR");
    return nc == NULL || nc[0] == '\0';
}

int theme_locale_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

struct style theme_style(const struct theme *t, int role)
{
    static const struct style plain = { C_DEFAULT, C_DEFAULT, 0 };
    struct style s;
    if (role < 0 || role >= ROLE_COUNT)
        return plain;
    s = t->color ? color_styles[role] : mono_styles[role];
    /* designated initialisers leave 0 (black) where -1 was meant */
    if (!t->color) {
        s.fg = C_DEFAULT;
        s.bg = C_DEFAULT;
    }
    return s;
}

uint32_t theme_glyph(const struct theme *t, enum glyph g)
{
    if ((int)g < 0 || g >= G_COUNT)
        return '?';
    return glyphs[g][t->utf8 ? 0 : 1];
}

int theme_has_braille(const struct theme *t)
{
    return t->utf8;
}

int theme_heat_role(double v)
{
    double a;
    if (isnan(v))
        return ROLE_DIM;
    a = fabs(v);
    /* steps at 0.2, 0.5 and 0.8 of |v| */
    if (a < 0.2)
        return ROLE_HEAT_ZERO;
    if (v < 0)
        return a >= 0.8 ? ROLE_HEAT_NEG3 : a >= 0.5 ? ROLE_HEAT_NEG2 : ROLE_HEAT_NEG1;
    return a >= 0.8 ? ROLE_HEAT_POS3 : a >= 0.5 ? ROLE_HEAT_POS2 : ROLE_HEAT_POS1;
}

int theme_sign_role(double v)
{
    return v > 0 ? ROLE_LONG : v < 0 ? ROLE_SHORT : ROLE_NORMAL;
}
