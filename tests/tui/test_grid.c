/* Tests for tui/grid.c: the cell buffer and its UTF-8 and width rules,
 * checked against byte sequences from the Unicode standard and hand
 * counts of columns. */
#include <config.h>
#include "cmocka_wrap.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tui/grid.h"

static char *row(const struct grid *g, int y)
{
    static struct strbuf b;
    strbuf_reset(&b);
    grid_row_text(g, y, &b);
    return (char *)strbuf_str(&b);
}

static void test_text_and_clip(void **state)
{
    struct grid g = { 0 };
    (void)state;
    grid_resize(&g, 10, 3);
    assert_int_equal(grid_text(&g, 0, 0, 10, "hello", 3), 5);
    assert_string_equal(row(&g, 0), "hello");
    assert_int_equal(grid_cat(&g, 4, 0)->role, 3);
    assert_int_equal(grid_cat(&g, 5, 0)->role, 0);
    /* maxw cuts, and so does the right edge */
    assert_int_equal(grid_text(&g, 0, 1, 3, "abcdef", 0), 3);
    assert_string_equal(row(&g, 1), "abc");
    assert_int_equal(grid_text(&g, 7, 2, 10, "abcdef", 0), 3);
    assert_string_equal(row(&g, 2), "       abc");
    /* rows outside are ignored */
    assert_int_equal(grid_text(&g, 0, 3, 10, "x", 0), 0);
    assert_int_equal(grid_text(&g, 0, -1, 10, "x", 0), 0);
    /* right alignment: "42" ends in column 4 of a 5-wide field at x=1 */
    grid_clear(&g);
    grid_text_right(&g, 1, 0, 5, "42", 0);
    assert_string_equal(row(&g, 0), "    42");
    /* control characters never reach the terminal */
    grid_clear(&g);
    grid_text(&g, 0, 0, 10, "a\tb\x1b", 0);
    assert_string_equal(row(&g, 0), "a?b?");
    grid_done(&g);
}

static void test_wide(void **state)
{
    struct grid g = { 0 };
    (void)state;
    grid_resize(&g, 6, 1);
    /* U+4E2D (CJK) is two columns wide: E4 B8 AD */
    assert_int_equal(grid_text(&g, 0, 0, 6, "\xe4\xb8\xad" "x", 0), 3);
    assert_int_equal(grid_cat(&g, 0, 0)->ch, 0x4e2d);
    assert_true(grid_cat(&g, 1, 0)->flags & GA_CONT);
    assert_int_equal(grid_cat(&g, 2, 0)->ch, 'x');
    assert_string_equal(row(&g, 0), "\xe4\xb8\xad" "x");
    /* writing over the right half blanks the left half */
    grid_put(&g, NULL, 1, 0, 'y', 0);
    assert_int_equal(grid_cat(&g, 0, 0)->ch, ' ');
    assert_string_equal(row(&g, 0), " yx");
    /* a wide character that does not fit in the last column is not drawn */
    grid_clear(&g);
    assert_int_equal(grid_put(&g, NULL, 5, 0, 0x4e2d, 0), 0);
    assert_int_equal(grid_text(&g, 4, 0, 2, "a\xe4\xb8\xad", 0), 1);
    assert_string_equal(row(&g, 0), "    a");
    grid_done(&g);
}

static void test_utf8(void **state)
{
    const char *s;
    char out[8];
    (void)state;
    /* encodings from the Unicode standard's table 3-6 examples */
    assert_int_equal(utf8_put(0x41, out), 1);
    assert_memory_equal(out, "A", 2);
    assert_int_equal(utf8_put(0xe9, out), 2);
    assert_memory_equal(out, "\xc3\xa9", 3);
    assert_int_equal(utf8_put(0x20ac, out), 3);
    assert_memory_equal(out, "\xe2\x82\xac", 4);
    assert_int_equal(utf8_put(0x1f600, out), 4);
    assert_memory_equal(out, "\xf0\x9f\x98\x80", 5);
    s = "\xe2\x82\xac" "A";
    assert_int_equal(utf8_next(&s), 0x20ac);
    assert_int_equal(utf8_next(&s), 'A');
    assert_int_equal(utf8_next(&s), 0);
    /* overlong '/' (C0 AF), a lone continuation byte, a surrogate (ED A0 80)
     * and a truncated sequence each give U+FFFD and advance one byte */
    s = "\xc0\xaf";
    assert_int_equal(utf8_next(&s), 0xfffd);
    s = "\x80x";
    assert_int_equal(utf8_next(&s), 0xfffd);
    assert_int_equal(utf8_next(&s), 'x');
    s = "\xed\xa0\x80";
    assert_int_equal(utf8_next(&s), 0xfffd);
    s = "\xe2\x82";
    assert_int_equal(utf8_next(&s), 0xfffd);
}

static void test_widths(void **state)
{
    (void)state;
    assert_int_equal(cp_width('a'), 1);
    assert_int_equal(cp_width(0x4e2d), 2);
    assert_int_equal(cp_width(0x0301), 0);     /* combining acute */
    assert_int_equal(cp_width(0x2500), 1);     /* box drawing */
    assert_int_equal(text_width("a\xe4\xb8\xad" "b"), 4);
    assert_int_equal(text_width("e\xcc\x81"), 1);  /* e + combining acute */
    /* "ab中" fits 3 columns as "ab" only: 2 bytes */
    assert_int_equal(text_fit("ab\xe4\xb8\xad", 3), 2);
    assert_int_equal(text_fit("ab\xe4\xb8\xad", 4), 5);
    assert_int_equal(text_fit("", 4), 0);
}

static void test_fill_paint_dump(void **state)
{
    struct grid g = { 0 };
    char *buf = NULL;
    size_t len = 0;
    FILE *fp;
    (void)state;
    grid_resize(&g, 4, 2);
    grid_fill(&g, (struct rect){ 1, 0, 2, 2 }, '#', 5);
    grid_paint(&g, 0, 1, 4, 7, GA_BOLD);
    assert_int_equal(grid_cat(&g, 0, 1)->role, 7);
    assert_int_equal(grid_cat(&g, 2, 1)->ch, '#');
    assert_true(grid_cat(&g, 3, 1)->flags & GA_BOLD);
    fp = open_memstream(&buf, &len);
    assert_int_equal(grid_dump(&g, fp), 0);
    fclose(fp);
    /* trailing blanks are trimmed, leading ones kept */
    assert_string_equal(buf, " ##\n ##\n");
    free(buf);
    /* resizing blanks */
    grid_resize(&g, 3, 1);
    assert_string_equal(row(&g, 0), "");
    grid_done(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_and_clip),
        cmocka_unit_test(test_wide),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_fill_paint_dump),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
