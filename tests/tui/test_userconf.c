/* Tests for tui/userconf.c: bindings and settings read from a config
 * file, each bad line reported as FILE:LINE with the rest still applied,
 * a missing file being no error, and the default path's variables. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "tui/userconf.h"
#include "writefile.h"

static void test_load(void **state)
{
    struct keymap km;
    struct userconf cfg;
    const char *path = write_file("config",
        "# my keys\n"
        "bind global x quit\n"
        "\n"
        "bind nowhere x quit\n"
        "bind positions <F9> add\n"
        "set color off\n"
        "bind global <Nope> quit\n"
        "set glyphs ascii\n"
        "unbind global q\n"
        "frobnicate\n"
        "bind global y\n"
        "set color maybe\n"
        "  bind   pager   <C-n>   down  \r\n", (size_t)-1);
    char want[600];
    (void)state;
    keymap_init(&km);
    assert_int_equal(userconf_load(path, &km, &cfg), 5);
    assert_int_equal(keymap_lookup1(&km, KC_GLOBAL, 'x'), A_QUIT);
    assert_int_equal(keymap_lookup1(&km, KC_POSITIONS, TK_F(9)), A_ADD);
    assert_int_equal(keymap_lookup1(&km, KC_GLOBAL, 'q'), A_NONE);
    assert_int_equal(keymap_lookup1(&km, KC_PAGER, TK_CTRL('n')), A_DOWN);
    assert_int_equal(cfg.color, 0);     /* "set color maybe" left the earlier off */
    assert_int_equal(cfg.glyphs, 0);
    snprintf(want, sizeof want, "%s:4: unknown context \"nowhere\"", path);
    assert_memory_equal(cfg.errors[0], want, strlen(want));
    snprintf(want, sizeof want, "%s:7: unknown key \"<Nope>\"", path);
    assert_memory_equal(cfg.errors[1], want, strlen(want));
    snprintf(want, sizeof want, "%s:10: unknown directive \"frobnicate\"", path);
    assert_memory_equal(cfg.errors[2], want, strlen(want));
    snprintf(want, sizeof want, "%s:11: expected: bind CONTEXT KEY ACTION", path);
    assert_string_equal(cfg.errors[3], want);
    snprintf(want, sizeof want, "%s:12: set color takes on or off", path);
    assert_memory_equal(cfg.errors[4], want, strlen(want));
    keymap_done(&km);
}

static void test_missing_and_long(void **state)
{
    struct keymap km;
    struct userconf cfg;
    char path[300], big[3000];
    (void)state;
    keymap_init(&km);
    assert_int_equal(userconf_load(tmpdir_file(path, sizeof path, "absent"), &km, &cfg), 0);
    assert_string_equal(cfg.path, "");
    memset(big, 'a', sizeof big - 2);
    big[sizeof big - 2] = '\n';
    big[sizeof big - 1] = '\0';
    {
        char text[3100];
        snprintf(text, sizeof text, "%sbind global z help\n", big);
        const char *p = write_file("long", text, (size_t)-1);
        assert_int_equal(userconf_load(p, &km, &cfg), 1);
        assert_non_null(strstr(cfg.errors[0], ":1: line longer than"));
        /* the line after it is still read */
        assert_int_equal(keymap_lookup1(&km, KC_GLOBAL, 'z'), A_HELP);
    }
    keymap_done(&km);
}

static void test_default_path(void **state)
{
    char out[512];
    (void)state;
    setenv("XDG_CONFIG_HOME", "/x", 1);
    setenv("HOME", "/h", 1);
    userconf_default_path(out, sizeof out);
    assert_string_equal(out, "/x/allot/config");
    setenv("XDG_CONFIG_HOME", "", 1);
    userconf_default_path(out, sizeof out);
    assert_string_equal(out, "/h/.config/allot/config");
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    userconf_default_path(out, sizeof out);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_missing_and_long),
        cmocka_unit_test(test_default_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
