/* Tests for tui/coltable.c, the one table drawer: rendered into a grid
 * and read back as text. Sorting is checked against qsort of the same
 * numbers, filtering against a substring search done here, the layout
 * against widths counted by hand. */
#include <config.h>
#include "cmocka_wrap.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/coltable.h"
#include "tui/screen.h"

static const struct coltable_col cols[] = {
    { "id", CT_RIGHT, 2, 4 },
    { "name", CT_LEFT, 4, 12 },
    { "qty", CT_RIGHT, 3, 10 },
    { "note", CT_LEFT, 4, 30 },
};

static const struct {
    int64_t id;
    const char *name;
    double qty;
    const char *note;
} rows[] = {
    { 11, "BTC", 1.5, "core" }, { 12, "ETH-PERP", -5, "hedge" }, { 13, "SOL", 200, "" },
    { 14, "LINK", 12.25, "alt" }, { 15, "USDC", 20000, "cash" },
};
#define NROWS (sizeof rows / sizeof rows[0])

static void fill(struct coltable *t)
{
    char buf[32];
    coltable_clear(t);
    for (size_t i = 0; i < NROWS; i++) {
        size_t r = coltable_add_row(t, rows[i].id);
        snprintf(buf, sizeof buf, "%lld", (long long)rows[i].id);
        coltable_set(t, r, 0, buf, (double)rows[i].id, 0);
        coltable_set(t, r, 1, rows[i].name, NAN, 0);
        snprintf(buf, sizeof buf, "%g", rows[i].qty);
        coltable_set(t, r, 2, buf, rows[i].qty, rows[i].qty < 0 ? ROLE_SHORT : ROLE_LONG);
        coltable_set(t, r, 3, rows[i].note, NAN, 0);
    }
    coltable_commit(t);
}

static const char *row(const struct grid *g, int y)
{
    static struct strbuf b;
    strbuf_reset(&b);
    grid_row_text(g, y, &b);
    return strbuf_str(&b);
}

static struct theme th;

static void render(struct coltable *t, struct grid *g, int w, int h)
{
    grid_resize(g, w, h);
    coltable_render(t, g, (struct rect){ 0, 0, w, h }, &th);
}

static void test_layout(void **state)
{
    struct coltable t;
    struct grid g = { 0 };
    (void)state;
    coltable_init(&t, cols, 4, 1);
    fill(&t);
    render(&t, &g, 40, 8);
    /* widths: id 2, name 8 (ETH-PERP), qty 5 (20000), note 5 (hedge), one blank between */
    assert_string_equal(row(&g, 0), "id name       qty note");
    assert_string_equal(row(&g, 1), "11 BTC        1.5 core");
    assert_string_equal(row(&g, 2), "12 ETH-PERP    -5 hedge");
    assert_string_equal(row(&g, 5), "15 USDC     20000 cash");
    assert_string_equal(row(&g, 7), "1/5");
    /* roles: the quantity's sign, the header, the selected row */
    assert_int_equal(grid_cat(&g, 15, 2)->role, ROLE_SHORT);     /* the '-' of -5 */
    assert_int_equal(grid_cat(&g, 3, 0)->role, ROLE_HEADER);
    assert_int_equal(grid_cat(&g, 0, 0)->role, ROLE_HEADER_SEL);   /* the column cursor */
    assert_int_equal(grid_cat(&g, 30, 1)->role, ROLE_SELECT);      /* the whole row */
    assert_int_equal(grid_cat(&g, 30, 2)->role, ROLE_NORMAL);
    grid_done(&g);
    coltable_done(&t);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void test_sort(void **state)
{
    struct coltable t;
    double want[NROWS];
    (void)state;
    coltable_init(&t, cols, 4, 1);
    fill(&t);
    for (size_t i = 0; i < NROWS; i++)
        want[i] = rows[i].qty;
    qsort(want, NROWS, sizeof want[0], cmp_double);
    t.ccol = 2;
    assert_int_equal(coltable_action(&t, A_SORT, NULL), REACT_REDRAW);
    for (size_t i = 0; i < NROWS; i++)
        assert_close(strtod(coltable_text(&t, i, 2), NULL), want[i], 0, 0);
    coltable_action(&t, A_SORT, NULL);      /* again: descending */
    assert_int_equal(t.sort_desc, 1);
    for (size_t i = 0; i < NROWS; i++)
        assert_close(strtod(coltable_text(&t, i, 2), NULL), want[NROWS - 1 - i], 0, 0);
    /* text columns sort case-insensitively; an empty cell goes last both ways */
    coltable_sort(&t, 3, 0);
    assert_string_equal(coltable_text(&t, 0, 3), "alt");
    assert_string_equal(coltable_text(&t, 4, 3), "");
    coltable_sort(&t, 3, 1);
    assert_string_equal(coltable_text(&t, 0, 3), "hedge");
    assert_string_equal(coltable_text(&t, 4, 3), "");
    coltable_done(&t);
}

static void test_filter_and_selection(void **state)
{
    struct coltable t;
    struct grid g = { 0 };
    (void)state;
    coltable_init(&t, cols, 4, 1);
    fill(&t);
    coltable_action(&t, A_DOWN, NULL);
    coltable_action(&t, A_DOWN, NULL);
    assert_int_equal(coltable_selected_id(&t), 13);
    /* "s" is in SOL, USDC's "cash"... and not in others: count by hand */
    coltable_set_filter(&t, "S");
    {
        size_t want = 0;
        for (size_t i = 0; i < NROWS; i++)
            if (strcasestr(rows[i].name, "s") || strcasestr(rows[i].note, "s"))
                want++;
        assert_int_equal(t.nview, want);
    }
    assert_int_equal(coltable_selected_id(&t), 13);     /* SOL still selected */
    render(&t, &g, 40, 8);
    assert_non_null(strstr(row(&g, 7), "of 5"));
    assert_non_null(strstr(row(&g, 7), "filter \"S\""));
    coltable_set_filter(&t, "zzz");
    assert_int_equal(t.nview, 0);
    assert_int_equal(coltable_selected_id(&t), 0);
    render(&t, &g, 40, 8);
    assert_non_null(strstr(row(&g, 1), "no row matches"));
    coltable_set_filter(&t, "");
    /* a refill keeps the selection by id, wherever the row lands */
    coltable_select_id(&t, 14);
    fill(&t);
    assert_int_equal(coltable_selected_id(&t), 14);
    /* navigation clamps at both ends */
    coltable_action(&t, A_BOTTOM, NULL);
    coltable_action(&t, A_DOWN, NULL);
    assert_int_equal(coltable_selected_id(&t), 15);
    coltable_action(&t, A_TOP, NULL);
    coltable_action(&t, A_UP, NULL);
    assert_int_equal(coltable_selected_id(&t), 11);
    assert_int_equal(coltable_action(&t, A_HELP, NULL), REACT_NONE);
    grid_done(&g);
    coltable_done(&t);
}

static void test_scroll_and_click(void **state)
{
    struct coltable t;
    struct grid g = { 0 };
    struct tui_event ev;
    (void)state;
    coltable_init(&t, cols, 4, 1);
    fill(&t);
    /* 3 body rows: selecting the 5th scrolls so rows 3-5 show */
    render(&t, &g, 40, 5);
    coltable_action(&t, A_BOTTOM, NULL);
    render(&t, &g, 40, 5);
    assert_string_equal(row(&g, 1), "13 SOL        200");
    assert_string_equal(row(&g, 3), "15 USDC     20000 cash");
    /* 14 columns: id (2) and name (8) fit, then qty would need 5 more:
     * it is hidden, and the footer says how many columns are off screen */
    render(&t, &g, 14, 5);
    assert_string_equal(row(&g, 0), "id name");
    assert_string_equal(row(&g, 4), "5/5  2 columns");    /* cut at 14 columns */
    /* moving the column cursor right scrolls, the frozen id stays */
    t.ccol = 1;
    coltable_action(&t, A_RIGHT, NULL);
    coltable_action(&t, A_RIGHT, NULL);
    render(&t, &g, 14, 5);
    assert_string_equal(row(&g, 0), "id   qty note");     /* qty right-aligned in 5 */
    /* clicks: a body row selects it, the header sorts by that column */
    render(&t, &g, 40, 8);
    ev.key = TK_CLICK;
    ev.mx = 5;
    ev.my = 2;
    assert_int_equal(coltable_action(&t, A_CLICK, &ev), REACT_REDRAW);
    assert_int_equal(coltable_selected_id(&t), 12);
    ev.mx = 12;     /* inside the qty header */
    ev.my = 0;
    coltable_action(&t, A_CLICK, &ev);
    assert_int_equal(t.sort_col, 2);
    assert_string_equal(coltable_text(&t, 0, 1), "ETH-PERP");  /* -5 first */
    ev.mx = 60;     /* outside */
    assert_int_equal(coltable_action(&t, A_CLICK, &ev), REACT_NONE);
    grid_done(&g);
    coltable_done(&t);
}

static void test_cut_cells(void **state)
{
    static const struct coltable_col narrow[] = { { "name", CT_LEFT, 4, 6 } };
    struct coltable t;
    struct grid g = { 0 };
    size_t r;
    (void)state;
    coltable_init(&t, narrow, 1, 0);
    r = coltable_add_row(&t, 1);
    coltable_set(&t, r, 0, "BTC-27JUN25", NAN, 0);
    coltable_commit(&t);
    render(&t, &g, 20, 4);
    /* max width 6: five characters and an ellipsis (ASCII theme: ~) */
    assert_string_equal(row(&g, 1), "BTC-2~");
    grid_done(&g);
    coltable_done(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_filter_and_selection),
        cmocka_unit_test(test_scroll_and_click),
        cmocka_unit_test(test_cut_cells),
    };
    setlocale(LC_ALL, "C.UTF-8");
    theme_init(&th, 1, 0);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
