/* Tests for tui/heatmap.c: each cell's shade and colour role follow the
 * thresholds written here (|v| below 0.2, 0.5, 0.8 and above; sign by
 * role), the cursor moves and clamps, and the value under it is printed. */
#include <config.h>
#include "cmocka_wrap.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "tui/heatmap.h"
#include "tui/screen.h"

static const char *const labels[] = { "BTC", "ETH", "SOL" };
static const double v[9] = {
    1.0, 0.65, -0.3,
    0.65, 1.0, NAN,
    -0.3, NAN, -0.9,
};

static const char *row(const struct grid *g, int y)
{
    static struct strbuf b;
    strbuf_reset(&b);
    grid_row_text(g, y, &b);
    return strbuf_str(&b);
}

/* the expected glyph and role of a value, written out independently */
static void expect(double x, enum glyph *gl, int *role)
{
    double a = fabs(x);
    if (isnan(x)) {
        *gl = G_SHADE0;
        *role = ROLE_DIM;
        return;
    }
    *gl = a < 0.2 ? G_SHADE1 : a < 0.5 ? G_SHADE2 : a < 0.8 ? G_SHADE3 : G_SHADE4;
    if (a < 0.2)
        *role = ROLE_HEAT_ZERO;
    else if (x > 0)
        *role = a >= 0.8 ? ROLE_HEAT_POS3 : a >= 0.5 ? ROLE_HEAT_POS2 : ROLE_HEAT_POS1;
    else
        *role = a >= 0.8 ? ROLE_HEAT_NEG3 : a >= 0.5 ? ROLE_HEAT_NEG2 : ROLE_HEAT_NEG1;
}

static void test_cells(void **state)
{
    struct theme th;
    struct grid g = { 0 };
    struct heatmap h = { 3, 3, v, labels, labels, 0, 0 };
    (void)state;
    theme_init(&th, 1, 1);
    grid_resize(&g, 40, 6);
    heatmap_render(&h, &g, (struct rect){ 0, 0, 40, 6 }, &th);
    /* label column 3 wide + 1; cells 6 wide (5 glyphs + a gap) */
    assert_string_equal(row(&g, 0), "    BTC   ETH   SOL");
    for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
            enum glyph gl;
            int role;
            const struct cell *cell = grid_cat(&g, 4 + c * 6 + 1, 1 + r);
            expect(v[r * 3 + c], &gl, &role);
            if (r == 0 && c == 0)
                role = ROLE_CURSOR;
            if (isnan(v[r * 3 + c]))
                assert_int_equal(cell->ch, ' ');
            else
                assert_int_equal(cell->ch, theme_glyph(&th, gl));
            assert_int_equal(cell->role, role);
        }
    }
    assert_string_equal(row(&g, 5), "BTC / BTC  +1.00");
    /* a missing value shows '?' */
    assert_int_equal(grid_cat(&g, 4 + 2 * 6, 2)->ch, '?');
    grid_done(&g);
}

static void test_cursor(void **state)
{
    struct theme th;
    struct grid g = { 0 };
    struct heatmap h = { 3, 3, v, labels, labels, 0, 0 };
    (void)state;
    theme_init(&th, 0, 0);
    assert_int_equal(heatmap_action(&h, A_RIGHT), REACT_REDRAW);
    assert_int_equal(heatmap_action(&h, A_RIGHT), REACT_REDRAW);
    heatmap_action(&h, A_RIGHT);        /* clamps */
    heatmap_action(&h, A_DOWN);
    assert_int_equal(h.cr, 1);
    assert_int_equal(h.cc, 2);
    grid_resize(&g, 40, 6);
    heatmap_render(&h, &g, (struct rect){ 0, 0, 40, 6 }, &th);
    assert_string_equal(row(&g, 5), "ETH / SOL  n/a");
    heatmap_action(&h, A_BOTTOM);
    heatmap_action(&h, A_PAGE_UP);
    grid_clear(&g);
    heatmap_render(&h, &g, (struct rect){ 0, 0, 40, 6 }, &th);
    assert_string_equal(row(&g, 5), "SOL / BTC  -0.30");
    /* ASCII shades: -0.3 is the second step ':' */
    assert_int_equal(grid_cat(&g, 5, 3)->ch, ':');
    assert_int_equal(heatmap_action(&h, A_SORT), REACT_NONE);
    grid_done(&g);
}

static void test_scrolls_to_cursor(void **state)
{
    /* 12 x 12 identity in 20 columns: cells of 2, 8 shown; the cursor on
     * the last column scrolls the columns so its label shows */
    static double m[144];
    static const char *const names[12] = { "a0", "a1", "a2", "a3", "a4", "a5",
                                           "a6", "a7", "a8", "a9", "aA", "aB" };
    struct theme th;
    struct grid g = { 0 };
    struct heatmap h = { 12, 12, m, names, names, 0, 11 };
    (void)state;
    for (int i = 0; i < 12; i++)
        m[i * 12 + i] = 1;
    theme_init(&th, 0, 0);
    grid_resize(&g, 20, 8);
    heatmap_render(&h, &g, (struct rect){ 0, 0, 20, 8 }, &th);
    assert_non_null(strstr(row(&g, 0), "a"));
    assert_non_null(strstr(row(&g, 7), "a0 / aB  +0.00"));
    grid_done(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_cursor),
        cmocka_unit_test(test_scrolls_to_cursor),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
