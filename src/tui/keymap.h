/* keymap.h: every key of the interactive screen, declared once. An
 * action table (id, name, help text) and a binding array (context, key,
 * action) that the user's config may extend; the `?` help, the man
 * page's KEYS section (allot --keys-roff) and the lookup all read it.
 * Keys are curses-free codes: a Unicode code point for a character, or
 * one of TK_* below. Every F-key has a letter twin (F-keys get lost over
 * some SSH links and terminal emulators). */
#ifndef ALLOT_TUI_KEYMAP_H
#define ALLOT_TUI_KEYMAP_H

#include <stddef.h>
#include <stdio.h>

#include "util/str.h"

/* Key codes. 1..26 are Ctrl-A..Ctrl-Z except Tab, Enter and Backspace,
 * which have their own codes; other values below TK_BASE are characters. */
enum {
    TK_NONE = 0,
    TK_BASE = 0x110000,
    TK_UP, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN, TK_HOME, TK_END,
    TK_INS, TK_DEL, TK_BS, TK_ENTER, TK_TAB, TK_BTAB, TK_ESC,
    TK_RESIZE,          /* the terminal changed size */
    TK_CLICK,           /* mouse button 1 at (mx, my) */
    TK_WHEEL_UP, TK_WHEEL_DOWN,
    TK_F0 = TK_BASE + 0x100,    /* TK_F0 + n is Fn, n in 1..24 */
    TK_LAST = TK_F0 + 24
};
#define TK_F(n) (TK_F0 + (n))
#define TK_CTRL(c) ((c) & 0x1f)

/* One input event: a key, with the cell of a mouse event. */
struct tui_event {
    int key;
    int mx, my;
};

/* Contexts: where a binding applies. The screen contexts fall back on
 * KC_TABLE (for screens with a table) and KC_GLOBAL; the overlays (form,
 * prompt, pager, confirm) are modal and use only their own. */
enum keyctx {
    KC_GLOBAL = 0,
    KC_TABLE,
    KC_POSITIONS,
    KC_EXPOSURE,
    KC_CORRELATION,
    KC_OPTIMIZE,
    KC_RISK,
    KC_FORM,
    KC_PROMPT,
    KC_PAGER,
    KC_CONFIRM,
    KC_COUNT
};

enum action {
    A_NONE = 0,
    A_QUIT, A_INTERRUPT, A_HELP, A_COMMAND, A_SEARCH, A_UNDO, A_RELOAD, A_REDRAW,
    A_PORTFOLIO,
    A_SCREEN1, A_SCREEN2, A_SCREEN3, A_SCREEN4, A_SCREEN5, A_NEXT_SCREEN, A_PREV_SCREEN,
    A_DOWN, A_UP, A_LEFT, A_RIGHT, A_PAGE_DOWN, A_PAGE_UP, A_TOP, A_BOTTOM,
    A_SCROLL_DOWN, A_SCROLL_UP, A_CLICK, A_CANCEL,
    A_SORT, A_ADD, A_EDIT, A_DELETE,
    A_NEXT_FIELD, A_PREV_FIELD, A_SAVE, A_CHOICE_NEXT, A_CHOICE_PREV,
    A_ACCEPT, A_HISTORY_PREV, A_HISTORY_NEXT, A_COMPLETE,
    A_CURSOR_LEFT, A_CURSOR_RIGHT, A_LINE_START, A_LINE_END, A_DELETE_BACK,
    A_DELETE_FORWARD, A_CLEAR_LINE,
    A_CLOSE, A_SELECT,
    A_YES, A_NO,
    A_NEXT_PANE,
    A_ESTIMATOR, A_WINDOW, A_REGIME, A_UNIVERSE, A_TO_RISK_PARITY,
    A_PARAMS, A_APPLY, A_DISCARD,
    A_NEXT_UNDERLYING, A_PREV_UNDERLYING, A_MONTE_CARLO, A_PAYOFF_LATER, A_PAYOFF_EARLIER,
    A_COUNT,
    /* not in the table: a printable key typed into a field */
    A_INSERT = 1000
};

struct action_info {
    const char *name;       /* config and help name: "page-down" */
    const char *help;       /* one line, lower case, no final period */
};

struct binding {
    enum keyctx ctx;
    int key;
    enum action action;
};

/* The user's keymap: the defaults, then the config's bind/unbind lines. */
struct keymap {
    struct binding *b;
    size_t n, cap;
};

/* The table of actions (indexed by enum action) and of context names
 * ("global", "table", "positions", ...) and titles. */
const struct action_info *keymap_action(enum action a);
const char *keymap_ctx_name(enum keyctx c);
const char *keymap_ctx_title(enum keyctx c);
/* Lookups by name; -1 when unknown. */
int keymap_action_by_name(const char *name);
int keymap_ctx_by_name(const char *name);

/* Fill km with the default bindings; keymap_done frees it. */
void keymap_init(struct keymap *km);
void keymap_done(struct keymap *km);
/* Bind key to action in ctx, replacing that key's binding in ctx. */
void keymap_bind(struct keymap *km, enum keyctx ctx, int key, enum action action);
/* Remove key's binding in ctx; returns 1 if there was one. */
int keymap_unbind(struct keymap *km, enum keyctx ctx, int key);
/* The action of key in ctx only, or A_NONE. */
enum action keymap_lookup1(const struct keymap *km, enum keyctx ctx, int key);
/* The action of key along chain (first context first), or A_NONE. */
enum action keymap_lookup(const struct keymap *km, const enum keyctx *chain, size_t n, int key);

/* Key names as in scripts and the config: a single character ("j",
 * "?"), or <Name>: <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End>
 * <Ins> <Del> <BS> <Enter> <Tab> <S-Tab> <Esc> <Space> <lt> <F1>..<F24>
 * <C-a>..<C-z> <Resize> <Click> <WheelUp> <WheelDown>. keymap_key_parse
 * returns the code, or -1. keymap_key_name writes the name into out
 * (at least 16 bytes). */
int keymap_key_parse(const char *s);
const char *keymap_key_name(int key, char *out, size_t n);
/* 1 if key is a printable character that a text field takes. */
int keymap_key_printable(int key);

/* The keys bound to action in ctx, in binding order, as "q, <F10>";
 * empty when none. */
void keymap_keys_of(const struct keymap *km, enum keyctx ctx, enum action a, struct strbuf *out);

/* The help text: for each context with bindings, a title line and one
 * line per action "  KEYS  help". */
void keymap_help_text(const struct keymap *km, struct strbuf *out);
/* The roff text of the man page's KEYS section from the defaults. */
void keymap_roff(FILE *out);

#endif
