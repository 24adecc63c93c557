/* Tests for tui/chart.c: braille dot bits against the Unicode braille
 * pattern block (dots 1-8 are bits 0-7 of U+2800 + n), a straight line
 * decoded back from the cells and compared with the line's equation,
 * the ASCII fallback's marks, interpolation, and sparkline levels. */
#include <config.h>
#include "cmocka_wrap.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/chart.h"

static const char *row(const struct grid *g, int y)
{
    static struct strbuf b;
    strbuf_reset(&b);
    grid_row_text(g, y, &b);
    return strbuf_str(&b);
}

static void test_braille_bits(void **state)
{
    /* Unicode: dot 1 (col 0, row 0) = 0x01, dot 2 = 0x02, dot 3 = 0x04,
     * dot 4 (col 1, row 0) = 0x08, dot 5 = 0x10, dot 6 = 0x20,
     * dot 7 (col 0, row 3) = 0x40, dot 8 (col 1, row 3) = 0x80 */
    static const int want[2][4] = { { 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 } };
    (void)state;
    for (int c = 0; c < 2; c++)
        for (int r = 0; r < 4; r++)
            assert_int_equal(chart_braille_bit(c, r), want[c][r]);
    assert_int_equal(chart_braille(0), 0x2800);
    assert_int_equal(chart_braille(0xff), 0x28ff);
}

/* Plot origin: y labels are as wide as the widest of fmt_compact(1),
 * (0.5) and (0) = "1", "0.5", "0": 3 columns, then the axis. */
#define PX 4

static void test_diagonal(void **state)
{
    double x[2] = { 0, 1 }, y[2] = { 0, 1 };
    struct chart_series s = { x, y, 2, 0, NULL };
    struct chart c = { &s, 1, NAN, NAN, NAN, NAN, 0, 0, NULL, NULL };
    struct theme th;
    struct grid g = { 0 };
    int pw = 20, ph = 5, W = pw * 2, H = ph * 4;
    (void)state;
    theme_init(&th, 1, 1);
    grid_resize(&g, PX + pw, ph + 2);
    chart_render(&c, &g, (struct rect){ 0, 0, PX + pw, ph + 2 }, &th);
    /* decode the dots back and check each column of dots against the line
     * from (0, H-1) to (W-1, 0): y = (H-1) (1 - x/(W-1)), within one dot */
    for (int dx = 0; dx < W; dx++) {
        int count = 0, found = -1;
        for (int dy = 0; dy < H; dy++) {
            const struct cell *cell = grid_cat(&g, PX + dx / 2, dy / 4);
            unsigned bits = cell->ch >= 0x2800 && cell->ch <= 0x28ff ? cell->ch - 0x2800 : 0;
            if (bits & chart_braille_bit(dx % 2, dy % 4)) {
                count++;
                found = dy;
            }
        }
        double want = (H - 1) * (1 - (double)dx / (W - 1));
        assert_true(count >= 1);
        /* Bresenham with |slope| < 1 sets one dot per column, at the
         * rounded line; 1 dot of tolerance for the rounding direction */
        assert_int_equal(count, 1);
        assert_close(found, want, 1.0, 0);
    }
    /* axes: labels right-aligned in 3 columns, corner under the axis */
    assert_int_equal(grid_cat(&g, 2, 0)->ch, '1');
    assert_int_equal(grid_cat(&g, 2, ph - 1)->ch, '0');
    assert_int_equal(grid_cat(&g, PX - 1, ph)->ch, theme_glyph(&th, G_BL));
    grid_done(&g);
}

static void test_ascii_and_gaps(void **state)
{
    double y[6] = { 0, 1, NAN, 1, 0, 0.5 };
    struct chart_series s = { NULL, y, 6, 0, "series" };
    struct chart c = { &s, 1, NAN, NAN, NAN, NAN, 0, 0, NULL, NULL };
    struct theme th;
    struct grid g = { 0 };
    (void)state;
    theme_init(&th, 0, 0);
    grid_resize(&g, 30, 9);
    chart_render(&c, &g, (struct rect){ 0, 0, 30, 9 }, &th);
    /* legend on top, then only ASCII marks in the plot */
    assert_non_null(strstr(row(&g, 0), "series"));
    for (int yy = 1; yy < 7; yy++)
        for (int xx = PX; xx < 30; xx++)
            assert_non_null(strchr(" '-.:|+", (int)grid_cat(&g, xx, yy)->ch));
    /* x labels: 0 and 5 (indices) */
    assert_int_equal(grid_cat(&g, PX, 8)->ch, '0');
    assert_int_equal(grid_cat(&g, 29, 8)->ch, '5');
    /* labels given by the caller (dates) replace the numbers */
    c.xlabel_lo = "2020-01-01";
    c.xlabel_hi = "2024-12-06";
    grid_clear(&g);
    chart_render(&c, &g, (struct rect){ 0, 0, 30, 9 }, &th);
    assert_non_null(strstr(row(&g, 8), "2020-01-01"));
    assert_non_null(strstr(row(&g, 8), "2024-12-06"));
    grid_done(&g);
}

static void test_no_data_and_flat(void **state)
{
    double y[3] = { NAN, NAN, NAN }, f[3] = { 2, 2, 2 };
    struct chart_series s = { NULL, y, 3, 0, NULL };
    struct chart c = { &s, 1, NAN, NAN, NAN, NAN, 0, 0, NULL, NULL };
    struct theme th;
    struct grid g = { 0 };
    (void)state;
    theme_init(&th, 0, 1);
    grid_resize(&g, 20, 6);
    chart_render(&c, &g, (struct rect){ 0, 0, 20, 6 }, &th);
    assert_string_equal(row(&g, 0), "no data");
    /* a flat series is widened by one unit each way: 1 to 3 (labels one
     * column wide, plot from column 2), drawn at dot row
     * round((3 - 2) / 2 * 15) = 8, that is cell row 2 */
    s.y = f;
    grid_clear(&g);
    chart_render(&c, &g, (struct rect){ 0, 0, 20, 6 }, &th);
    assert_int_equal(grid_cat(&g, 0, 0)->ch, '3');
    for (int xx = 2; xx < 20; xx++)
        assert_int_equal(grid_cat(&g, xx, 2)->ch,
                         chart_braille(chart_braille_bit(0, 0) | chart_braille_bit(1, 0)));
    grid_done(&g);
}

static void test_value_at(void **state)
{
    double x[3] = { 0, 10, 20 }, y[3] = { 0, 100, 50 };
    struct chart_series s = { x, y, 3, 0, NULL };
    (void)state;
    assert_close(chart_value_at(&s, 5), 50, 1e-12, 0);      /* midpoint of 0..100 */
    assert_close(chart_value_at(&s, 15), 75, 1e-12, 0);     /* midpoint of 100..50 */
    assert_close(chart_value_at(&s, 20), 50, 1e-12, 0);
    assert_true(isnan(chart_value_at(&s, 21)));
    assert_true(isnan(chart_value_at(&s, -1)));
}

static void test_sparkline(void **state)
{
    double v[10] = { 99, 99, 0, 1, 2, 3, 4, 5, 6, 7 };
    struct theme th;
    struct grid g = { 0 };
    (void)state;
    theme_init(&th, 0, 1);
    grid_resize(&g, 8, 1);
    /* the last 8 values, 0..7, scaled to the 8 levels in order */
    sparkline_render(&g, 0, 0, 8, v, 10, NAN, NAN, 0, &th);
    for (int i = 0; i < 8; i++)
        assert_int_equal(grid_cat(&g, i, 0)->ch, theme_glyph(&th, (enum glyph)(G_SPARK1 + i)));
    /* fixed bounds clamp; NAN is blank */
    grid_clear(&g);
    v[9] = NAN;
    sparkline_render(&g, 0, 0, 8, v, 10, 0, 3.5, 0, &th);
    assert_int_equal(grid_cat(&g, 0, 0)->ch, theme_glyph(&th, G_SPARK1));
    assert_int_equal(grid_cat(&g, 6, 0)->ch, theme_glyph(&th, G_SPARK8));
    assert_int_equal(grid_cat(&g, 7, 0)->ch, ' ');
    grid_done(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_braille_bits),
        cmocka_unit_test(test_diagonal),
        cmocka_unit_test(test_ascii_and_gaps),
        cmocka_unit_test(test_no_data_and_flat),
        cmocka_unit_test(test_value_at),
        cmocka_unit_test(test_sparkline),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
