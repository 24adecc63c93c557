/* Tests for tui/cmdline.c: the line editor on multi-byte text, the
 * command history and completion, and the shell-like split, each against
 * the result written out by hand (as sh would split it). */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "tui/cmdline.h"

static void check_split(const char *line, int want_argc, const char *const *want)
{
    struct allot_err err;
    char **argv;
    int argc;
    assert_int_equal(cmdline_split(line, &argc, &argv, &err), 0);
    assert_int_equal(argc, want_argc);
    for (int i = 0; i < argc; i++)
        assert_string_equal(argv[i], want[i]);
    assert_null(argv[argc]);
    cmdline_argv_free(argc, argv);
}

static void test_split(void **state)
{
    struct allot_err err;
    char **argv;
    int argc;
    (void)state;
    check_split("positions", 1, (const char *[]){ "positions" });
    check_split("  import  prices  a.csv ", 3, (const char *[]){ "import", "prices", "a.csv" });
    check_split("import prices \"my file.csv\" --symbol 'A B'", 5,
                (const char *[]){ "import", "prices", "my file.csv", "--symbol", "A B" });
    /* sh: a\ b -> "a b"; "x\"y" -> x"y; 'x\y' -> x\y; ab'c d'e -> "abc de"; '' -> "" */
    check_split("a\\ b \"x\\\"y\" 'x\\y' ab'c d'e ''", 5,
                (const char *[]){ "a b", "x\"y", "x\\y", "abc de", "" });
    check_split("", 0, (const char *[]){ NULL });
    check_split("   ", 0, (const char *[]){ NULL });
    err_clear(&err);
    assert_int_equal(cmdline_split("import 'oops", &argc, &argv, &err), ALLOT_E_INPUT);
    assert_int_equal(err.col, 8);
    assert_non_null(strstr(err.msg, "single"));
    assert_int_equal(cmdline_split("a \"b", &argc, &argv, &err), ALLOT_E_INPUT);
    assert_int_equal(err.col, 3);
}

static void test_lineedit(void **state)
{
    struct lineedit le;
    struct grid g = { 0 };
    struct strbuf row = { 0 };
    int cx;
    (void)state;
    lineedit_set(&le, "ab");
    lineedit_insert(&le, 0xe9);         /* é: 2 bytes */
    lineedit_insert(&le, 'c');
    assert_string_equal(lineedit_text(&le), "ab\xc3\xa9" "c");
    lineedit_action(&le, A_CURSOR_LEFT);
    lineedit_action(&le, A_CURSOR_LEFT);   /* before é */
    assert_int_equal(le.cur, 2);
    lineedit_action(&le, A_DELETE_FORWARD);
    assert_string_equal(lineedit_text(&le), "abc");
    lineedit_action(&le, A_LINE_END);
    lineedit_insert(&le, 0x4e2d);
    lineedit_action(&le, A_DELETE_BACK);
    assert_string_equal(lineedit_text(&le), "abc");
    lineedit_action(&le, A_LINE_START);
    lineedit_action(&le, A_DELETE_BACK);   /* nothing before the start */
    assert_string_equal(lineedit_text(&le), "abc");
    lineedit_insert(&le, 'X');
    assert_string_equal(lineedit_text(&le), "Xabc");
    assert_int_equal(lineedit_action(&le, A_SAVE), 0);
    lineedit_action(&le, A_CLEAR_LINE);
    assert_string_equal(lineedit_text(&le), "");

    /* a long line scrolls so the cursor stays in the 5 columns shown */
    grid_resize(&g, 10, 1);
    lineedit_set(&le, "0123456789");
    lineedit_render(&le, &g, 0, 0, 5, 0, &cx);
    grid_row_text(&g, 0, &row);
    assert_int_equal(cx, 4);
    assert_string_equal(strbuf_str(&row), "6789");
    lineedit_action(&le, A_LINE_START);
    lineedit_render(&le, &g, 0, 0, 5, 0, &cx);
    strbuf_reset(&row);
    grid_row_text(&g, 0, &row);
    assert_int_equal(cx, 0);
    assert_string_equal(strbuf_str(&row), "01234");
    strbuf_free(&row);
    grid_done(&g);
}

static void test_history(void **state)
{
    struct cmdline c;
    char msg[128];
    (void)state;
    cmdline_init(&c, NULL, 0);
    cmdline_remember(&c, "one");
    cmdline_remember(&c, "two");
    cmdline_remember(&c, "two");        /* a repeat is kept once */
    cmdline_remember(&c, "");
    assert_int_equal(c.nhist, 2);
    cmdline_start(&c, "typing");
    cmdline_action(&c, A_HISTORY_PREV, msg, sizeof msg);
    assert_string_equal(lineedit_text(&c.le), "two");
    cmdline_action(&c, A_HISTORY_PREV, msg, sizeof msg);
    cmdline_action(&c, A_HISTORY_PREV, msg, sizeof msg);    /* stays at the oldest */
    assert_string_equal(lineedit_text(&c.le), "one");
    cmdline_action(&c, A_HISTORY_NEXT, msg, sizeof msg);
    cmdline_action(&c, A_HISTORY_NEXT, msg, sizeof msg);
    assert_string_equal(lineedit_text(&c.le), "typing");   /* back to the line typed */
    for (int i = 0; i < CMDLINE_HISTORY_MAX + 5; i++) {
        char line[16];
        snprintf(line, sizeof line, "cmd%d", i);
        cmdline_remember(&c, line);
    }
    assert_int_equal(c.nhist, CMDLINE_HISTORY_MAX);
    assert_string_equal(c.hist[0], "cmd5");
    cmdline_done(&c);
}

static void test_complete(void **state)
{
    static const char *const words[] = { "import", "init", "export", "positions", "position" };
    struct cmdline c;
    char msg[256];
    (void)state;
    cmdline_init(&c, words, 5);
    cmdline_start(&c, "ex");
    assert_int_equal(cmdline_complete(&c, msg, sizeof msg), 1);
    assert_string_equal(lineedit_text(&c.le), "export ");
    assert_string_equal(msg, "");
    cmdline_start(&c, "i");
    assert_int_equal(cmdline_complete(&c, msg, sizeof msg), 2);
    assert_string_equal(lineedit_text(&c.le), "i");     /* im / in: no common extension */
    assert_string_equal(msg, "import init");
    cmdline_start(&c, "pos");
    assert_int_equal(cmdline_complete(&c, msg, sizeof msg), 2);
    assert_string_equal(lineedit_text(&c.le), "position");
    cmdline_start(&c, "zz");
    assert_int_equal(cmdline_complete(&c, msg, sizeof msg), 0);
    assert_non_null(strstr(msg, "no command"));
    cmdline_start(&c, "import pr");     /* only the first word completes */
    assert_int_equal(cmdline_complete(&c, msg, sizeof msg), 0);
    assert_string_equal(lineedit_text(&c.le), "import pr");
    cmdline_done(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_lineedit),
        cmocka_unit_test(test_history),
        cmocka_unit_test(test_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
