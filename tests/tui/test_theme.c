/* Tests for tui/theme.c: NO_COLOR as no-color.org defines it (set and
 * not empty), the monochrome theme keeping meaning in attributes, the
 * ASCII glyph column being ASCII, and the heat and sign roles against
 * the thresholds written here. */
#include <config.h>
#include "cmocka_wrap.h"

#include <math.h>
#include <stdlib.h>

#include "tui/theme.h"

static void test_no_color(void **state)
{
    (void)state;
    unsetenv("NO_COLOR");
    assert_true(theme_env_allows_color());
    setenv("NO_COLOR", "", 1);      /* empty: ignored */
    assert_true(theme_env_allows_color());
    setenv("NO_COLOR", "1", 1);
    assert_false(theme_env_allows_color());
    unsetenv("NO_COLOR");
}

static void test_mono(void **state)
{
    /* roles whose meaning must survive without colour */
    static const int meaningful[] = {
        ROLE_HEADER, ROLE_HEADER_SEL, ROLE_TAB_ACTIVE, ROLE_STATUS, ROLE_SELECT, ROLE_LOSS,
        ROLE_WARN, ROLE_ERROR, ROLE_INPUT, ROLE_INPUT_FOCUS, ROLE_HEAT_NEG1, ROLE_HEAT_NEG2,
        ROLE_HEAT_NEG3, ROLE_HEAT_POS3, ROLE_CURSOR,
    };
    struct theme mono, color;
    (void)state;
    theme_init(&mono, 0, 1);
    theme_init(&color, 1, 1);
    for (int r = 0; r < ROLE_COUNT; r++) {
        struct style s = theme_style(&mono, r);
        assert_int_equal(s.fg, C_DEFAULT);
        assert_int_equal(s.bg, C_DEFAULT);
    }
    for (size_t i = 0; i < sizeof meaningful / sizeof meaningful[0]; i++)
        assert_true(theme_style(&mono, meaningful[i]).attr != 0);
    /* negative heat reads differently from positive heat without colour */
    assert_true(theme_style(&mono, ROLE_HEAT_NEG2).attr != theme_style(&mono, ROLE_HEAT_POS2).attr);
    /* in colour, long and short differ by colour */
    assert_true(theme_style(&color, ROLE_LONG).fg != theme_style(&color, ROLE_SHORT).fg);
    assert_int_equal(theme_style(&color, ROLE_COUNT + 5).fg, C_DEFAULT);
}

static void test_glyphs(void **state)
{
    struct theme a, u;
    (void)state;
    theme_init(&a, 1, 0);
    theme_init(&u, 1, 1);
    for (int g = 0; g < G_COUNT; g++) {
        assert_true(theme_glyph(&a, (enum glyph)g) >= ' ');
        assert_true(theme_glyph(&a, (enum glyph)g) < 0x7f);
        assert_true(theme_glyph(&u, (enum glyph)g) >= ' ');
    }
    assert_int_equal(theme_glyph(&u, G_TL), 0x250c);   /* BOX DRAWINGS LIGHT DOWN AND RIGHT */
    assert_int_equal(theme_glyph(&u, G_SHADE4), 0x2588);   /* FULL BLOCK */
    assert_int_equal(theme_glyph(&a, G_HLINE), '-');
    assert_true(theme_has_braille(&u));
    assert_false(theme_has_braille(&a));
    /* sparkline levels rise: U+2581..U+2588 in order */
    for (int i = 0; i < 8; i++)
        assert_int_equal(theme_glyph(&u, (enum glyph)(G_SPARK1 + i)), 0x2581 + i);
}

static void test_roles(void **state)
{
    (void)state;
    assert_int_equal(theme_heat_role(NAN), ROLE_DIM);
    assert_int_equal(theme_heat_role(0.19), ROLE_HEAT_ZERO);
    assert_int_equal(theme_heat_role(-0.19), ROLE_HEAT_ZERO);
    assert_int_equal(theme_heat_role(0.2), ROLE_HEAT_POS1);
    assert_int_equal(theme_heat_role(0.5), ROLE_HEAT_POS2);
    assert_int_equal(theme_heat_role(0.8), ROLE_HEAT_POS3);
    assert_int_equal(theme_heat_role(1), ROLE_HEAT_POS3);
    assert_int_equal(theme_heat_role(-0.2), ROLE_HEAT_NEG1);
    assert_int_equal(theme_heat_role(-0.79), ROLE_HEAT_NEG2);
    assert_int_equal(theme_heat_role(-1), ROLE_HEAT_NEG3);
    assert_int_equal(theme_sign_role(2), ROLE_LONG);
    assert_int_equal(theme_sign_role(-2), ROLE_SHORT);
    assert_int_equal(theme_sign_role(0), ROLE_NORMAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_color),
        cmocka_unit_test(test_mono),
        cmocka_unit_test(test_glyphs),
        cmocka_unit_test(test_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
