/* Tests for tui/keymap.c: key names read back as the same key, the
 * default table's rules (each F-key has a non-F twin, no key bound twice
 * in a context, help lines fit an 80-column screen), lookups along a
 * context chain, rebinding, and the generated help and roff. */
#include <config.h>
#include "cmocka_wrap.h"

#include <stdlib.h>
#include <string.h>

#include "tui/keymap.h"

static void test_names_roundtrip(void **state)
{
    char name[32];
    static const int keys[] = {
        'a', 'Z', '?', ':', '/', '1', TK_UP, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN,
        TK_HOME, TK_END, TK_INS, TK_DEL, TK_BS, TK_ENTER, TK_TAB, TK_BTAB, TK_ESC, ' ', '<',
        TK_RESIZE, TK_CLICK, TK_WHEEL_UP, TK_WHEEL_DOWN, 0xe9,
    };
    (void)state;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        keymap_key_name(keys[i], name, sizeof name);
        assert_int_equal(keymap_key_parse(name), keys[i]);
    }
    for (int f = 1; f <= 24; f++) {
        keymap_key_name(TK_F(f), name, sizeof name);
        assert_int_equal(keymap_key_parse(name), TK_F(f));
    }
    for (int c = 'a'; c <= 'z'; c++) {
        int k = keymap_key_parse((char[]){ '<', 'C', '-', (char)c, '>', 0 });
        if (c == 'i' || c == 'j' || c == 'm' || c == 'h')
            continue;   /* Tab, Enter, Enter, Backspace: their own codes */
        assert_int_equal(k, c - 'a' + 1);
        keymap_key_name(k, name, sizeof name);
        assert_int_equal(keymap_key_parse(name), k);
    }
    /* spellings: case-insensitive names, aliases of Ctrl keys */
    assert_int_equal(keymap_key_parse("<down>"), TK_DOWN);
    assert_int_equal(keymap_key_parse("<F10>"), TK_F(10));
    assert_int_equal(keymap_key_parse("<C-i>"), TK_TAB);
    assert_int_equal(keymap_key_parse("<C-m>"), TK_ENTER);
    assert_int_equal(keymap_key_parse("<"), '<');
    assert_int_equal(keymap_key_parse("\xc3\xa9"), 0xe9);
    /* refused */
    assert_int_equal(keymap_key_parse(""), -1);
    assert_int_equal(keymap_key_parse("ab"), -1);
    assert_int_equal(keymap_key_parse("<F25>"), -1);
    assert_int_equal(keymap_key_parse("<F0>"), -1);
    assert_int_equal(keymap_key_parse("<C-1>"), -1);
    assert_int_equal(keymap_key_parse("<Nope>"), -1);
    assert_int_equal(keymap_key_parse("\t"), -1);
}

static void test_action_table(void **state)
{
    (void)state;
    for (int a = 0; a < A_COUNT; a++) {
        const struct action_info *ai = keymap_action((enum action)a);
        assert_non_null(ai->name);
        assert_non_null(ai->help);
        assert_int_equal(keymap_action_by_name(ai->name), a);
        /* help lines: "  KEYS(20) NAME(14) HELP" in a 76-column pager */
        assert_in_range(strlen(ai->help), 1, 38);
        assert_in_range(strlen(ai->name), 1, 14);
    }
    for (int c = 0; c < KC_COUNT; c++)
        assert_int_equal(keymap_ctx_by_name(keymap_ctx_name((enum keyctx)c)), c);
    assert_int_equal(keymap_action_by_name("nope"), -1);
    assert_int_equal(keymap_ctx_by_name("nope"), -1);
}

static void test_default_rules(void **state)
{
    struct keymap km;
    (void)state;
    keymap_init(&km);
    for (size_t i = 0; i < km.n; i++) {
        const struct binding *b = &km.b[i];
        /* no (context, key) twice */
        for (size_t j = i + 1; j < km.n; j++)
            assert_false(km.b[j].ctx == b->ctx && km.b[j].key == b->key);
        /* every F-key has a twin that is not an F-key, in the same context */
        if (b->key > TK_F0 && b->key <= TK_LAST) {
            int twin = 0;
            for (size_t j = 0; j < km.n; j++)
                if (km.b[j].ctx == b->ctx && km.b[j].action == b->action &&
                    !(km.b[j].key > TK_F0 && km.b[j].key <= TK_LAST))
                    twin = 1;
            if (!twin)
                print_error("F-key %d in context %s has no twin\n", b->key - TK_F0,
                            keymap_ctx_name(b->ctx));
            assert_true(twin);
        }
        /* the help can always be reached */
    }
    assert_int_equal(keymap_lookup1(&km, KC_GLOBAL, '?'), A_HELP);
    assert_int_equal(keymap_lookup1(&km, KC_GLOBAL, 'q'), A_QUIT);
    assert_int_equal(keymap_lookup1(&km, KC_PAGER, TK_ESC), A_CLOSE);
    keymap_done(&km);
}

static void test_lookup_and_bind(void **state)
{
    struct keymap km;
    const enum keyctx chain[] = { KC_POSITIONS, KC_TABLE, KC_GLOBAL };
    (void)state;
    keymap_init(&km);
    /* j comes from global, s from table, a from positions */
    assert_int_equal(keymap_lookup(&km, chain, 3, 'j'), A_DOWN);
    assert_int_equal(keymap_lookup(&km, chain, 3, 's'), A_SORT);
    assert_int_equal(keymap_lookup(&km, chain, 3, 'a'), A_ADD);
    assert_int_equal(keymap_lookup(&km, chain, 3, 'Q'), A_NONE);
    /* a positions binding hides the global one */
    keymap_bind(&km, KC_POSITIONS, 'j', A_EDIT);
    assert_int_equal(keymap_lookup(&km, chain, 3, 'j'), A_EDIT);
    assert_int_equal(keymap_lookup1(&km, KC_GLOBAL, 'j'), A_DOWN);
    /* binding to none hides the key */
    keymap_bind(&km, KC_POSITIONS, 'k', A_NONE);
    assert_int_equal(keymap_lookup(&km, chain, 3, 'k'), A_NONE);
    /* rebinding replaces, unbinding removes */
    keymap_bind(&km, KC_POSITIONS, 'j', A_DELETE);
    assert_int_equal(keymap_lookup1(&km, KC_POSITIONS, 'j'), A_DELETE);
    assert_int_equal(keymap_unbind(&km, KC_POSITIONS, 'j'), 1);
    assert_int_equal(keymap_unbind(&km, KC_POSITIONS, 'j'), 0);
    assert_int_equal(keymap_lookup(&km, chain, 3, 'j'), A_DOWN);
    keymap_done(&km);
}

static void test_help_and_roff(void **state)
{
    struct keymap km;
    struct strbuf b = { 0 };
    char *roff = NULL;
    size_t len = 0, tp = 0, pairs = 0;
    FILE *fp;
    (void)state;
    keymap_init(&km);
    keymap_keys_of(&km, KC_GLOBAL, A_QUIT, &b);
    assert_string_equal(strbuf_str(&b), "q, <F10>");
    strbuf_reset(&b);
    keymap_help_text(&km, &b);
    assert_non_null(strstr(strbuf_str(&b), "  q <F10>"));
    assert_non_null(strstr(strbuf_str(&b), "Forms (position, optimizer parameters)  [form]"));
    /* the roff has one .TP per (context, action) pair of the table */
    for (size_t i = 0; i < km.n; i++) {
        size_t j;
        for (j = 0; j < i; j++)
            if (km.b[j].ctx == km.b[i].ctx && km.b[j].action == km.b[i].action)
                break;
        pairs += j == i;
    }
    fp = open_memstream(&roff, &len);
    keymap_roff(fp);
    fclose(fp);
    for (const char *p = roff; (p = strstr(p, ".TP\n")) != NULL; p++)
        tp++;
    assert_int_equal(tp, pairs);
    /* roff escapes: a minus is \- and no line starts with a quote or dot
     * that is not a request */
    assert_non_null(strstr(roff, "\\fB<S\\-Tab>\\fR"));
    assert_null(strstr(roff, "\n'"));
    free(roff);
    strbuf_free(&b);
    keymap_done(&km);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_roundtrip),
        cmocka_unit_test(test_action_table),
        cmocka_unit_test(test_default_rules),
        cmocka_unit_test(test_lookup_and_bind),
        cmocka_unit_test(test_help_and_roff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
